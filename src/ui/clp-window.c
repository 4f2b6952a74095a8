/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "clp-article-item.h"
#include "clp-export-dialog.h"
#include "clp-import-job.h"
#include "clp-window.h"

/* The main window: the article list on the left, the reading view on the
 * right, imports in the background with a progress bar. The window holds
 * three connections to the archive: one for the main thread (rows by
 * primary key), one for the list's worker thread and one for the reading
 * view's renderer; each import opens its own. */

typedef enum
{
  COLUMN_TITLE,
  COLUMN_SOURCE,
  COLUMN_PUBLISHED,
  COLUMN_COMMENTS,
  N_COLUMNS
} Column;

static const struct
{
  const char      *setting;
  const char      *property;
  ClpArticleOrder  order;
} columns[N_COLUMNS] = {
  [COLUMN_TITLE] = { "title", "title", CLP_ARTICLE_ORDER_TITLE },
  [COLUMN_SOURCE] = { "source", "source", CLP_ARTICLE_ORDER_SOURCE },
  [COLUMN_PUBLISHED] = { "published", "published", CLP_ARTICLE_ORDER_PUBLISHED },
  [COLUMN_COMMENTS] = { "comments", "comments", CLP_ARTICLE_ORDER_COMMENTS },
};

struct _ClpWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkStack             *stack;
  GtkPaned             *paned;
  GtkColumnView        *column_view;
  GtkStack             *view_stack;
  ClpReadingView       *reading_view;
  AdwStatusPage        *error_page;

  GSettings            *settings;
  char                 *archive_path;
  ClpStore             *reader;
  ClpArticleListModel  *model;
  GtkMultiSelection    *selection;
  GtkBitset            *last_selection;
  guint                 shown_position;  /* G_MAXUINT: none */

  GtkColumnViewColumn  *columns[N_COLUMNS];
  ClpArticleItem       *probes[N_COLUMNS][2];
  Column                sort_column;
  gboolean              sorting;

  ClpImportJob         *import_job;
  GCancellable         *import_cancellable;
  GPtrArray            *queued_files;    /* GFile, waiting for the running import */
  gboolean              queued_reveal;
  gboolean              import_reveal;
  GPtrArray            *last_reports;    /* ClpImportReport */
};

G_DEFINE_FINAL_TYPE (ClpWindow, clp_window, ADW_TYPE_APPLICATION_WINDOW)

static void start_import (ClpWindow *self, GFile **files, guint n_files, gboolean reveal);

/* Columns and sorting */

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ClpArticle *x = clp_article_item_get_article ((ClpArticleItem *) a);
  ClpArticle *y = clp_article_item_get_article ((ClpArticleItem *) b);

  switch (GPOINTER_TO_INT (user_data))
    {
    case COLUMN_TITLE: return g_strcmp0 (x->title, y->title);
    case COLUMN_SOURCE: return g_strcmp0 (x->source, y->source);
    case COLUMN_PUBLISHED: return g_strcmp0 (x->published, y->published);
    case COLUMN_COMMENTS: return (x->comment_count > y->comment_count) - (x->comment_count < y->comment_count);
    default: g_assert_not_reached ();
    }
}

/* Two items that differ in one column only: comparing them with the
 * column view's sorter tells whether (and which way) it sorts by that
 * column. GTK 4.8 has no getter for the clicked column; the list is sorted
 * in SQL, and the sorters only report what the user asked for. */
static void
make_probes (ClpWindow *self)
{
  for (int c = 0; c < N_COLUMNS; c++)
    for (int k = 0; k < 2; k++)
      {
        g_autoptr(ClpArticle) article = clp_article_new ();

        article->title = g_strdup (c == COLUMN_TITLE && k == 1 ? "b" : "a");
        article->source = g_strdup (c == COLUMN_SOURCE && k == 1 ? "b" : "a");
        article->published = g_strdup (c == COLUMN_PUBLISHED && k == 1 ? "2001-01-01" : "2000-01-01");
        article->comment_count = c == COLUMN_COMMENTS && k == 1 ? 1 : 0;
        self->probes[c][k] = clp_article_item_new (article);
      }
}

static GtkOrdering
probe (ClpWindow *self,
       Column     column)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  return gtk_sorter_compare (sorter, self->probes[column][0], self->probes[column][1]);
}

static void
apply_sort (ClpWindow *self,
            Column     column,
            gboolean   descending)
{
  self->sort_column = column;
  g_settings_set_string (self->settings, "sort-column", columns[column].setting);
  g_settings_set_boolean (self->settings, "sort-descending", descending);
  if (self->model != NULL)
    clp_article_list_model_set_order (self->model, columns[column].order, descending);
}

static void
sorter_changed_cb (ClpWindow *self)
{
  Column column = self->sort_column;
  GtkOrdering ordering = GTK_ORDERING_EQUAL;

  if (self->sorting || self->column_view == NULL || self->model == NULL)
    return;

  /* A newly clicked column is the one that sorts and is not the current. */
  for (int c = 0; c < N_COLUMNS; c++)
    if ((Column) c != self->sort_column && (ordering = probe (self, c)) != GTK_ORDERING_EQUAL)
      {
        column = c;
        break;
      }
  if (ordering == GTK_ORDERING_EQUAL)
    ordering = probe (self, column);
  if (ordering == GTK_ORDERING_EQUAL)
    ordering = GTK_ORDERING_SMALLER;

  /* Keep the sorter to that one column, so the next click is told apart. */
  self->sorting = TRUE;
  gtk_column_view_sort_by_column (self->column_view, self->columns[column],
                                  ordering == GTK_ORDERING_LARGER ? GTK_SORT_DESCENDING
                                                                  : GTK_SORT_ASCENDING);
  self->sorting = FALSE;
  apply_sort (self, column, ordering == GTK_ORDERING_LARGER);
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (column == COLUMN_COMMENTS)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "count");
    }
  else
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (column != COLUMN_TITLE)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
}

static void
update_incomplete (ClpArticleItem *item,
                   GParamSpec     *pspec,
                   GtkWidget      *label)
{
  gboolean incomplete;

  g_object_get (item, "incomplete", &incomplete, NULL);
  if (incomplete)
    {
      gtk_widget_add_css_class (label, "incomplete");
      gtk_widget_set_tooltip_text (label, _("The page claimed more comments than it held"));
    }
  else
    {
      gtk_widget_remove_css_class (label, "incomplete");
      gtk_widget_set_tooltip_text (label, NULL);
    }
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  ClpArticleItem *item = gtk_list_item_get_item (list_item);
  GBinding *binding;

  binding = g_object_bind_property (item, columns[column].property, label, "label",
                                    G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (list_item), "binding", binding);
  if (column == COLUMN_TITLE)
    g_object_set_data (G_OBJECT (list_item), "tooltip-binding",
                       g_object_bind_property (item, "title", label, "tooltip-text",
                                               G_BINDING_SYNC_CREATE));
  if (column == COLUMN_COMMENTS)
    {
      update_incomplete (item, NULL, label);
      g_signal_connect_object (item, "notify::incomplete", G_CALLBACK (update_incomplete), label, 0);
    }
}

static void
unbind_label_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  ClpArticleItem *item = gtk_list_item_get_item (list_item);
  GBinding *binding = g_object_get_data (G_OBJECT (list_item), "binding");
  GBinding *tooltip = g_object_get_data (G_OBJECT (list_item), "tooltip-binding");

  if (binding != NULL)
    g_binding_unbind (binding);
  if (tooltip != NULL)
    g_binding_unbind (tooltip);
  g_object_set_data (G_OBJECT (list_item), "binding", NULL);
  g_object_set_data (G_OBJECT (list_item), "tooltip-binding", NULL);
  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, update_incomplete, label);
}

static void
add_columns (ClpWindow *self)
{
  static const char * const titles[N_COLUMNS] = {
    [COLUMN_TITLE] = N_("Title"),
    [COLUMN_SOURCE] = N_("Source"),
    [COLUMN_PUBLISHED] = N_("Published"),
    [COLUMN_COMMENTS] = N_("Comments"),
  };
  static const int widths[N_COLUMNS] = { -1, 116, 100, 84 };

  for (int c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      g_autoptr(GtkSorter) sorter = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_label_cb), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(titles[c]), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_items, GINT_TO_POINTER (c), NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (widths[c] > 0)
        gtk_column_view_column_set_fixed_width (column, widths[c]);
      else
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      self->columns[c] = column;
      g_object_unref (column);
    }
}

/* Selection and the reading view */

static void
show_position (ClpWindow *self,
               guint      position)
{
  gint64 id = clp_article_list_model_get_id (self->model, position);

  if (id == 0)
    return;
  self->shown_position = position;
  gtk_stack_set_visible_child_name (self->view_stack, "article");
  clp_reading_view_show_article (self->reading_view, id);
}

/* The reading view shows the article the reader just picked: the one
 * newly selected by a click, or the only selected one. Selecting a range or
 * all keeps what is shown. */
static void
selection_changed_cb (ClpWindow *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GtkBitset) added = gtk_bitset_copy (selected);
  guint64 n_selected = gtk_bitset_get_size (selected);

  gtk_bitset_subtract (added, self->last_selection);
  g_clear_pointer (&self->last_selection, gtk_bitset_unref);
  self->last_selection = gtk_bitset_ref (selected);

  if (n_selected == 1)
    show_position (self, gtk_bitset_get_minimum (selected));
  else if (gtk_bitset_get_size (added) == 1)
    show_position (self, gtk_bitset_get_minimum (added));
  else if (n_selected > 0 && (self->shown_position == G_MAXUINT ||
                              !gtk_bitset_contains (selected, self->shown_position)))
    show_position (self, gtk_bitset_get_minimum (selected));
}

/* Keeps the shown row's position right as rows come and go. */
static void
items_changed_cb (ClpWindow *self,
                  guint      position,
                  guint      removed,
                  guint      added)
{
  if (self->shown_position != G_MAXUINT && position <= self->shown_position)
    {
      if (self->shown_position < position + removed)
        self->shown_position = G_MAXUINT;
      else
        self->shown_position = self->shown_position - removed + added;
    }
  g_clear_pointer (&self->last_selection, gtk_bitset_unref);
  self->last_selection = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
}

static GtkWidget *
list_view_of (GtkColumnView *column_view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

static void
select_and_show (ClpWindow *self,
                 guint      position)
{
  GtkWidget *list_view = list_view_of (self->column_view);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  show_position (self, position);
  /* GTK 4.8 has no scroll_to(); the list view's own action does it. */
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

static void
step_article (ClpWindow *self,
              int        step)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint position;

  if (n == 0)
    return;
  if (self->shown_position == G_MAXUINT)
    position = 0;
  else if (step < 0)
    position = self->shown_position > 0 ? self->shown_position - 1 : 0;
  else
    position = MIN (self->shown_position + 1, n - 1);
  select_and_show (self, position);
}

static void
previous_article_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  step_article (CLP_WINDOW (widget), -1);
}

static void
next_article_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  step_article (CLP_WINDOW (widget), 1);
}

static void
update_page (ClpWindow *self)
{
  if (self->model == NULL)
    return;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    gtk_stack_set_visible_child_name (self->stack, "archive");
  else if (!clp_article_list_model_get_loading (self->model))
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
reloaded_cb (ClpWindow *self,
             guint      reveal_position)
{
  update_page (self);
  if (reveal_position != G_MAXUINT)
    select_and_show (self, reveal_position);
}

/* Opening the archive */

static void
show_archive_error (ClpWindow *self,
                    GError    *error)
{
  AdwMessageDialog *dialog;

  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-folder", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-samples", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("The Archive Cannot Be Opened"),
                                                       error->message));
  adw_message_dialog_add_responses (dialog, "close", _("_Close"), NULL);
  adw_message_dialog_set_default_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
open_archive (ClpWindow  *self,
              const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpStore) worker = NULL;
  g_autoptr(ClpStore) render = NULL;
  g_autofree char *order_name = NULL;
  Column column = COLUMN_PUBLISHED;
  gboolean descending;

  g_free (self->archive_path);
  self->archive_path = g_strdup (path);

  /* The first opening creates or migrates the file; the other connections
   * find it ready. */
  self->reader = clp_store_open (path, &error);
  if (self->reader != NULL)
    worker = clp_store_open (path, &error);
  if (worker != NULL)
    render = clp_store_open (path, &error);
  if (render == NULL)
    {
      g_clear_object (&self->reader);
      show_archive_error (self, error);
      return FALSE;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-folder", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-samples", TRUE);

  self->model = clp_article_list_model_new (self->reader, worker);
  order_name = g_settings_get_string (self->settings, "sort-column");
  for (int c = 0; c < N_COLUMNS; c++)
    if (g_str_equal (order_name, columns[c].setting))
      column = c;
  descending = g_settings_get_boolean (self->settings, "sort-descending");
  self->sort_column = column;
  clp_article_list_model_set_order (self->model, columns[column].order, descending);

  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  self->last_selection = gtk_bitset_new_empty ();
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "reloaded", G_CALLBACK (reloaded_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  self->sorting = TRUE;
  gtk_column_view_sort_by_column (self->column_view, self->columns[column],
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  self->sorting = FALSE;
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);

  clp_reading_view_set_store (self->reading_view, render);
  clp_article_list_model_reload (self->model, 0);
  return TRUE;
}

/* Importing */

static void
update_progress_cb (ClpWindow *self)
{
  g_autofree char *current = NULL;
  g_autofree char *text = NULL;

  if (self->import_job == NULL)
    return;
  current = clp_import_job_dup_current (self->import_job);
  /* Translators: %s is a file name */
  text = current != NULL ? g_strdup_printf (_("Importing %s…"), current) : g_strdup (_("Importing…"));
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, clp_import_job_get_fraction (self->import_job));
}

static char *
summarize (GPtrArray *reports,
           gboolean  *failures)
{
  int articles = 0, comments = 0, failed = 0, unchanged = 0, cancelled = 0;

  for (guint i = 0; i < reports->len; i++)
    {
      ClpImportReport *report = g_ptr_array_index (reports, i);

      switch (report->outcome)
        {
        case CLP_IMPORT_OUTCOME_IMPORTED:
          articles += report->articles_new + report->articles_merged;
          comments += report->comments_new;
          break;
        case CLP_IMPORT_OUTCOME_UNCHANGED: unchanged++; break;
        case CLP_IMPORT_OUTCOME_FAILED: failed++; break;
        case CLP_IMPORT_OUTCOME_CANCELLED: cancelled++; break;
        default: break;
        }
    }
  *failures = failed > 0;

  if (cancelled > 0)
    return g_strdup (_("Import cancelled"));
  if (reports->len == 0)
    return g_strdup (_("No files to import"));
  if (failed == (int) reports->len)
    return g_strdup_printf (g_dngettext (NULL, "The file could not be imported",
                                         "%d files could not be imported", failed), failed);
  if (articles == 0 && failed == 0)
    return g_strdup (unchanged > 0 ? _("Already in the archive; nothing new")
                                   : _("Nothing new was imported"));
  {
    /* Translators: the two parts of "Imported 3 articles, 57 new comments" */
    g_autofree char *a = g_strdup_printf (g_dngettext (NULL, "Imported %d article",
                                                       "Imported %d articles", articles), articles);
    g_autofree char *c = g_strdup_printf (g_dngettext (NULL, "%d new comment", "%d new comments",
                                                       comments), comments);

    if (failed > 0)
      {
        g_autofree char *f = g_strdup_printf (g_dngettext (NULL, "%d file failed",
                                                           "%d files failed", failed), failed);

        return g_strdup_printf ("%s, %s; %s", a, c, f);
      }
    return g_strdup_printf ("%s, %s", a, c);
  }
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ClpImportJob *job = CLP_IMPORT_JOB (object);
  g_autoptr(ClpWindow) self = user_data;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;
  gint64 reveal_id = 0;
  gboolean failures = FALSE;
  gboolean touches_shown = FALSE;

  reports = clp_import_job_run_finish (job, result, &error);
  if (self->import_job != job)
    return;
  g_clear_object (&self->import_job);
  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", FALSE);

  if (reports == NULL)
    {
      ClpImportReport *report = clp_import_report_new (_("Import"));

      report->outcome = CLP_IMPORT_OUTCOME_FAILED;
      report->error = g_steal_pointer (&error);
      reports = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_import_report_unref);
      g_ptr_array_add (reports, report);
    }

  for (guint i = 0; i < reports->len; i++)
    {
      ClpImportReport *report = g_ptr_array_index (reports, i);

      if (reveal_id == 0 && report->article_ids->len > 0)
        reveal_id = g_array_index (report->article_ids, gint64, 0);
      for (guint k = 0; k < report->article_ids->len; k++)
        if (g_array_index (report->article_ids, gint64, k) ==
            clp_reading_view_get_article_id (self->reading_view))
          touches_shown = TRUE;
    }

  g_clear_pointer (&self->last_reports, g_ptr_array_unref);
  self->last_reports = g_ptr_array_ref (reports);

  title = summarize (reports, &failures);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "win.show-import-details");
  adw_toast_set_timeout (toast, failures ? 0 : 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  clp_article_list_model_reload (self->model, self->import_reveal ? reveal_id : 0);
  if (touches_shown)
    clp_reading_view_refresh (self->reading_view);

  if (self->queued_files != NULL)
    {
      g_autoptr(GPtrArray) queued = g_steal_pointer (&self->queued_files);

      start_import (self, (GFile **) queued->pdata, queued->len, self->queued_reveal);
    }
}

static void
start_import (ClpWindow  *self,
              GFile     **files,
              guint       n_files,
              gboolean    reveal)
{
  if (self->reader == NULL || n_files == 0)
    return;

  /* One import at a time; files dropped meanwhile wait their turn. */
  if (self->import_job != NULL)
    {
      if (self->queued_files == NULL)
        self->queued_files = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < n_files; i++)
        g_ptr_array_add (self->queued_files, g_object_ref (files[i]));
      self->queued_reveal = self->queued_reveal || reveal;
      return;
    }

  self->import_reveal = reveal;
  self->import_job = clp_import_job_new (self->archive_path, files, n_files);
  self->import_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->import_job, "notify::fraction", G_CALLBACK (update_progress_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_label (self->progress_label, _("Importing…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", TRUE);
  clp_import_job_run_async (self->import_job, self->import_cancellable, import_done_cb,
                            g_object_ref (self));
}

/**
 * clp_window_import:
 * @reveal: select and show the first article imported
 *
 * Imports files and folders in the background.
 */
void
clp_window_import (ClpWindow  *self,
                   GFile     **files,
                   guint       n_files,
                   gboolean    reveal)
{
  g_return_if_fail (CLP_IS_WINDOW (self));

  start_import (self, files, n_files, reveal);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);

  g_clear_pointer (&self->queued_files, g_ptr_array_unref);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     ClpWindow       *self)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (list, g_list_model_get_item (files, i));
      if (list->len > 0)
        {
          g_autoptr(GFile) parent = g_file_get_parent (g_ptr_array_index (list, 0));
          g_autofree char *folder = parent != NULL ? g_file_get_path (parent) : NULL;

          if (folder != NULL)
            g_settings_set_string (self->settings, "last-folder", folder);
        }
      start_import (self, (GFile **) list->pdata, list->len, TRUE);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_files (ClpWindow            *self,
              GtkFileChooserAction  action)
{
  GtkFileChooserNative *chooser;
  g_autofree char *folder = g_settings_get_string (self->settings, "last-folder");
  g_autoptr(GtkFileFilter) pages = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (action == GTK_FILE_CHOOSER_ACTION_OPEN
                                         ? _("Import Saved Pages") : _("Import Folders"),
                                         GTK_WINDOW (self), action, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      gtk_file_filter_set_name (pages, _("Saved pages and exports"));
      gtk_file_filter_add_mime_type (pages, "text/plain");
      gtk_file_filter_add_mime_type (pages, "application/json");
      gtk_file_filter_add_mime_type (pages, "application/xml");
      gtk_file_filter_add_mime_type (pages, "text/xml");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pages);
      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
    }
  if (*folder != '\0')
    {
      g_autoptr(GFile) start = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), start, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose_files (CLP_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
import_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  choose_files (CLP_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static char *
samples_folder (void)
{
  const char *env = g_getenv ("CLIPPINGS_SAMPLES_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (PKGDATADIR, "samples", NULL);
}

static void
open_samples_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  g_autofree char *folder = samples_folder ();
  g_autoptr(GFile) file = g_file_new_for_path (folder);

  start_import (self, &file, 1, TRUE);
}

static void
add_report_row (GtkBox          *box,
                ClpImportReport *report)
{
  g_autofree char *summary = clp_import_report_describe (report);
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", report->file_name);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *outcome = gtk_label_new (summary);

  gtk_label_set_markup (GTK_LABEL (name), markup);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (outcome), 0);
  gtk_label_set_wrap (GTK_LABEL (outcome), TRUE);
  gtk_label_set_selectable (GTK_LABEL (outcome), TRUE);
  if (report->outcome == CLP_IMPORT_OUTCOME_FAILED)
    gtk_widget_add_css_class (outcome, "error");
  gtk_box_append (box, name);
  gtk_box_append (box, outcome);

  for (guint i = 0; i < report->warnings->len; i++)
    {
      g_autofree char *text = g_strdup_printf ("• %s", (char *) g_ptr_array_index (report->warnings, i));
      GtkWidget *warning = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (warning), 0);
      gtk_label_set_wrap (GTK_LABEL (warning), TRUE);
      gtk_label_set_selectable (GTK_LABEL (warning), TRUE);
      gtk_widget_add_css_class (warning, "dim-label");
      gtk_widget_set_margin_start (warning, 12);
      gtk_box_append (box, warning);
    }
}

static void
show_import_details_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  AdwMessageDialog *dialog;
  GtkWidget *scroller;
  GtkWidget *box;
  gboolean failures = FALSE;
  g_autofree char *summary = NULL;

  if (self->last_reports == NULL)
    return;

  summary = summarize (self->last_reports, &failures);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Import Details"),
                                                       summary));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  for (guint i = 0; i < self->last_reports->len; i++)
    add_report_row (GTK_BOX (box), g_ptr_array_index (self->last_reports, i));
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  adw_message_dialog_set_extra_child (dialog, scroller);
  adw_message_dialog_add_responses (dialog, "close", _("_Close"), NULL);
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         ClpWindow     *self)
{
  GSList *files = g_value_get_boxed (value);
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (list, l->data);
  if (list->len == 0 || self->reader == NULL)
    return FALSE;
  start_import (self, (GFile **) list->pdata, list->len, TRUE);
  return TRUE;
}

/* Exporting */

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static void
exported_cb (ClpExportDialog *dialog,
             const char      *message,
             const char      *uri,
             ClpWindow       *self)
{
  AdwToast *toast = adw_toast_new (message);

  if (uri != NULL)
    {
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_detailed_action_name (toast, "win.open-uri");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_export_dialog (ClpWindow  *self,
                    GArray     *ids,
                    GHashTable *scope,
                    const char *filters,
                    gboolean    thread)
{
  ClpExportDialog *dialog;

  if (self->reader == NULL || ids->len == 0)
    return;
  dialog = clp_export_dialog_new (GTK_WINDOW (self), self->archive_path, ids, scope, filters, thread);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The selected articles, or the one shown when none is. */
static GArray *
selected_ids (ClpWindow *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      gint64 id = clp_article_list_model_get_id (self->model, position);

      if (id != 0)
        g_array_append_val (ids, id);
    }
  if (ids->len == 0 && clp_reading_view_get_article_id (self->reading_view) != 0)
    {
      gint64 id = clp_reading_view_get_article_id (self->reading_view);

      g_array_append_val (ids, id);
    }
  return ids;
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  g_autoptr(GArray) ids = NULL;

  if (self->model == NULL)
    return;
  ids = selected_ids (self);
  if (ids->len == 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Select the articles to export first")));
      return;
    }
  show_export_dialog (self, ids, NULL, NULL, FALSE);
}

/* clippings://action/… links of the reading view. */
static void
reading_action_cb (ClpWindow  *self,
                   const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GHashTable) params = NULL;
  const char *path = parsed != NULL ? g_uri_get_path (parsed) : NULL;
  const char *query = parsed != NULL ? g_uri_get_query (parsed) : NULL;

  if (query != NULL)
    params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);

  if (g_strcmp0 (path, "/export-thread") == 0 && params != NULL)
    {
      guint64 comment = 0;
      gint64 article = clp_reading_view_get_article_id (self->reading_view);
      g_autoptr(GHashTable) thread = NULL;
      g_autoptr(GHashTable) scope = NULL;
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 *key;

      if (!g_ascii_string_to_unsigned (g_hash_table_lookup (params, "comment"), 10, 1, G_MAXINT64,
                                       &comment, NULL))
        return;
      thread = clp_reading_view_dup_thread (self->reading_view, (gint64) comment);
      if (thread == NULL)
        return;
      key = g_memdup2 (&article, sizeof article);
      scope = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                     (GDestroyNotify) g_hash_table_unref);
      g_hash_table_insert (scope, key, g_steal_pointer (&thread));
      g_array_append_val (ids, article);
      show_export_dialog (self, ids, scope, _("one thread"), TRUE);
    }
  else
    g_debug ("Unknown reading view action %s", uri);
}

static void
list_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 ClpWindow       *self)
{
  static GMenuModel *menu;
  GtkWidget *popover;

  if (menu == NULL)
    {
      GMenu *items = g_menu_new ();

      g_menu_append (items, _("_Export…"), "win.export");
      menu = G_MENU_MODEL (items);
    }
  popover = gtk_popover_menu_new_from_model (menu);
  gtk_widget_set_parent (popover, GTK_WIDGET (self->column_view));
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { x, y, 1, 1 });
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

/* Other actions */

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  int steps = 0;

  if (g_str_equal (action_name, "win.zoom-in"))
    steps = 1;
  else if (g_str_equal (action_name, "win.zoom-out"))
    steps = -1;
  clp_reading_view_zoom (self->reading_view, steps);
}

static void
choose_archive_response_cb (GtkNativeDialog *dialog,
                            int              response,
                            ClpWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

      if (path != NULL)
        {
          ClpWindow *window = clp_window_new (application, path);

          gtk_window_present (GTK_WINDOW (window));
          gtk_window_destroy (GTK_WINDOW (self));
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_archive_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  GtkFileChooserNative *chooser;

  /* Saving lets the reader pick an existing archive or name a new one. */
  chooser = gtk_file_chooser_native_new (_("Choose an Archive"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "archive.db");
  g_signal_connect (chooser, "response", G_CALLBACK (choose_archive_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Window state */

static gboolean
clp_window_close_request (GtkWindow *window)
{
  ClpWindow *self = CLP_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);

  return GTK_WINDOW_CLASS (clp_window_parent_class)->close_request (window);
}

static void
clp_window_dispose (GObject *object)
{
  ClpWindow *self = CLP_WINDOW (object);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->import_job);
  if (self->column_view != NULL)
    {
      g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view),
                                            sorter_changed_cb, self);
      gtk_column_view_set_model (self->column_view, NULL);
    }
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->reader);
  g_clear_pointer (&self->last_selection, gtk_bitset_unref);
  g_clear_pointer (&self->queued_files, g_ptr_array_unref);
  g_clear_pointer (&self->last_reports, g_ptr_array_unref);
  for (int c = 0; c < N_COLUMNS; c++)
    for (int k = 0; k < 2; k++)
      g_clear_object (&self->probes[c][k]);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLP_TYPE_WINDOW);

  G_OBJECT_CLASS (clp_window_parent_class)->dispose (object);
}

static void
clp_window_finalize (GObject *object)
{
  ClpWindow *self = CLP_WINDOW (object);

  g_clear_object (&self->settings);
  g_free (self->archive_path);

  G_OBJECT_CLASS (clp_window_parent_class)->finalize (object);
}

static void
clp_window_class_init (ClpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = clp_window_dispose;
  object_class->finalize = clp_window_finalize;
  window_class->close_request = clp_window_close_request;

  g_type_ensure (CLP_TYPE_READING_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/clippings/Clippings/ui/clp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, reading_view);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, error_page);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-samples", NULL, open_samples_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.show-import-details", NULL,
                                   show_import_details_action);
  gtk_widget_class_install_action (widget_class, "win.choose-archive", NULL, choose_archive_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", open_uri_action);
  gtk_widget_class_install_action (widget_class, "win.previous-article", NULL, previous_article_action);
  gtk_widget_class_install_action (widget_class, "win.next-article", NULL, next_article_action);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.import-folder", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "win.previous-article", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "win.next-article", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
clp_window_init (ClpWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->shown_position = G_MAXUINT;
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_settings_bind (self->settings, "pane-position", self->paned, "position", G_SETTINGS_BIND_DEFAULT);

  make_probes (self);
  add_columns (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", FALSE);

  {
    GtkGesture *press = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (press), GDK_BUTTON_SECONDARY);
    g_signal_connect (press, "pressed", G_CALLBACK (list_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (press));
  }
  g_signal_connect_object (self->reading_view, "action", G_CALLBACK (reading_action_cb), self,
                           G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/**
 * clp_window_new:
 * @archive_path: the archive to open; a failure to open it is shown in
 *   the window, and the file is left untouched
 */
ClpWindow *
clp_window_new (GtkApplication *application,
                const char     *archive_path)
{
  ClpWindow *self;

  g_return_val_if_fail (archive_path != NULL, NULL);

  self = g_object_new (CLP_TYPE_WINDOW, "application", application, NULL);
  open_archive (self, archive_path);
  return self;
}

ClpArticleListModel *
clp_window_get_model (ClpWindow *self)
{
  g_return_val_if_fail (CLP_IS_WINDOW (self), NULL);

  return self->model;
}

GtkSelectionModel *
clp_window_get_selection (ClpWindow *self)
{
  g_return_val_if_fail (CLP_IS_WINDOW (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

ClpReadingView *
clp_window_get_reading_view (ClpWindow *self)
{
  g_return_val_if_fail (CLP_IS_WINDOW (self), NULL);

  return self->reading_view;
}

gboolean
clp_window_get_importing (ClpWindow *self)
{
  g_return_val_if_fail (CLP_IS_WINDOW (self), FALSE);

  return self->import_job != NULL;
}

const char *
clp_window_get_page_name (ClpWindow *self)
{
  g_return_val_if_fail (CLP_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
