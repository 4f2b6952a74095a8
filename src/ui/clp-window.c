/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "clp-article-item.h"
#include "clp-date.h"
#include "clp-date-time-button.h"
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
  GtkToggleButton      *filter_button;
  GtkRevealer          *filter_revealer;
  ClpDateTimeButton    *from_button;
  ClpDateTimeButton    *to_button;
  GtkEntry             *author_entry;
  GtkCheckButton       *all_articles_check;
  GtkMenuButton        *list_filter_button;
  GtkRevealer          *search_revealer;
  GtkImage             *search_icon;
  GtkLabel             *search_label;
  GtkLabel             *search_help_label;
  GtkStack             *list_stack;

  /* Search and filters */
  ClpStore             *lookup;          /* counts and completions, apart from the list */
  GCancellable         *count_cancellable;
  GCancellable         *complete_cancellable;
  ClpArticleFilter      list_filter;
  ClpQuery             *view_query;      /* what the reading view shows; exports follow it */
  gboolean              searching;       /* the list shows a subset */
  gint64                n_matching_comments;  /* -1 while counting */
  guint                 search_frozen;   /* filters change together: search once, after */
  GtkPopover           *author_popover;
  GtkListBox           *author_list;
  guint                 complete_source;
  GtkDropDown          *source_dropdown;
  GtkDropDown          *section_dropdown;
  ClpDateTimeButton    *published_from_button;
  ClpDateTimeButton    *published_to_button;
  GtkCheckButton       *has_comments_check;

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

/* AdwToast titles are Pango markup in libadwaita 1.2, and what a toast says
 * may name a file: every toast of the window is made here, from plain text. */
static AdwToast *
toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

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

/* A cell's tooltip is asked for when the pointer rests on it: setting it
 * as each row is bound made GTK look for the pointer each time, a round
 * trip to the X server per cell, and scrolling the list stalled for 100 to
 * 200 ms a screen. */
static gboolean
query_tooltip_cb (GtkWidget   *label,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip,
                  GtkListItem *list_item)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "column"));
  ClpArticleItem *item = gtk_list_item_get_item (list_item);
  ClpArticle *article = item != NULL ? clp_article_item_get_article (item) : NULL;

  if (article == NULL)
    return FALSE;
  if (column == COLUMN_TITLE && article->title != NULL)
    {
      gtk_tooltip_set_text (tooltip, article->title);
      return TRUE;
    }
  if (column == COLUMN_COMMENTS && article->declared_comment_count > article->comment_count)
    {
      gtk_tooltip_set_text (tooltip, _("The page claimed more comments than it held"));
      return TRUE;
    }
  return FALSE;
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  if (column == COLUMN_TITLE || column == COLUMN_COMMENTS)
    {
      g_object_set_data (G_OBJECT (label), "column", GINT_TO_POINTER (column));
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect_object (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), list_item, 0);
    }

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
    gtk_widget_add_css_class (label, "incomplete");
  else
    gtk_widget_remove_css_class (label, "incomplete");
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

  if (binding != NULL)
    g_binding_unbind (binding);
  g_object_set_data (G_OBJECT (list_item), "binding", NULL);
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

static void update_search_status (ClpWindow *self);

static void
update_page (ClpWindow *self)
{
  guint n;

  if (self->model == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "archive");
      gtk_stack_set_visible_child_name (self->list_stack, "list");
    }
  else if (!clp_article_list_model_get_loading (self->model))
    {
      /* Nothing matching is not an empty archive. */
      if (self->searching)
        {
          gtk_stack_set_visible_child_name (self->stack, "archive");
          gtk_stack_set_visible_child_name (self->list_stack, "no-results");
        }
      else
        gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  update_search_status (self);
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
  /* A status page's description is markup; the message names the file. */
  g_autofree char *description = g_markup_escape_text (error->message, -1);

  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-filters", FALSE);
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
  if (render != NULL)
    self->lookup = clp_store_open (path, &error);
  if (self->lookup == NULL)
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
  toast = toast_new (title);
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

/* Searching and filtering
 *
 * The search entry and the filter bar make one query. The list shows the
 * articles that match it, or have a comment that does; comment filters
 * (times, author) narrow the list only with "Apply to all articles". The
 * reading view marks the matches of the article shown and, with filters,
 * shows only the comments passing them, with the comments they answer.
 * Parsing is cheap and stays here; lists and counts run in workers. */

static const char *search_help =
  N_("<b>Words</b> must all match:  <tt>night ferry</tt>\n"
     "<b>Phrases</b>:  <tt>\"night ferry\"</tt>      <b>Word starts</b>:  <tt>ferr*</tt>\n"
     "<b>Either</b>:  <tt>ferry OR bus</tt>      <b>Leave out</b>:  <tt>-timetable</tt>      "
     "<b>Group</b>:  <tt>(ferry OR bus) fares</tt>\n"
     "\n"
     "<b>Fields</b>:  <tt>author:\"J. Okafor\"</tt>  <tt>source:ledger</tt>  <tt>section:business</tt>  "
     "<tt>title:vote</tt>\n"
     "<b>Only comments</b> or <b>only articles</b>:  <tt>in:comments</tt>  <tt>in:articles</tt>\n"
     "\n"
     "<b>Times</b> (comments: posted; articles: published):\n"
     "  <tt>after:2019-03</tt>  <tt>before:2019-03-15</tt>  <tt>on:2019-03-14</tt>  "
     "<tt>after:2019-03-14T21:00</tt>\n"
     "  <tt>after:2019-03-14 before:2019-03-15</tt> is that one day\n"
     "\n"
     "<b>Threads</b>:  <tt>is:reply</tt>  <tt>is:top</tt>  <tt>has:replies</tt>  "
     "<tt>replies:&gt;5</tt>  <tt>depth:&gt;2</tt>");

static void
append_clause (GString    *query,
               const char *clause)
{
  if (query->len > 0)
    g_string_append_c (query, ' ');
  g_string_append (query, clause);
}

/* The comment filters as query text: from and to (both minutes
 * included), and the author. */
static char *
filter_clauses (ClpWindow *self)
{
  g_autoptr(GString) clauses = g_string_new (NULL);
  const char *from = clp_date_time_button_get_value (self->from_button);
  const char *to = clp_date_time_button_get_value (self->to_button);
  g_autofree char *author = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->author_entry))));

  if (from != NULL)
    {
      g_autofree char *clause = g_strdup_printf ("after:%s", from);

      append_clause (clauses, clause);
    }
  if (to != NULL)
    {
      /* before: stops before its minute; the To minute is included. */
      g_autofree char *seconds = g_strconcat (to, ":00", NULL);
      g_autofree char *next = clp_date_add_seconds (seconds, 60);
      g_autofree char *clause = g_strdup_printf ("before:%.16s", next);

      append_clause (clauses, clause);
    }
  if (*author != '\0')
    {
      gboolean prefix = g_str_has_suffix (author, "*");
      g_autofree char *name = prefix ? g_strndup (author, strlen (author) - 1) : g_strdup (author);
      g_autofree char *quoted = clp_query_quote (name);
      g_autofree char *clause = g_strdup_printf ("author:%s%s", quoted, prefix ? "*" : "");

      append_clause (clauses, clause);
    }
  return g_string_free (g_steal_pointer (&clauses), FALSE);
}

static void
show_search_error (ClpWindow    *self,
                   const GError *error)
{
  gtk_widget_add_css_class (GTK_WIDGET (gtk_widget_get_parent (GTK_WIDGET (self->search_label))),
                            "error");
  gtk_image_set_from_icon_name (self->search_icon, "dialog-error-symbolic");
  gtk_label_set_label (self->search_label, error->message);
  gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
  gtk_revealer_set_reveal_child (self->search_revealer, TRUE);
}

static void
update_search_status (ClpWindow *self)
{
  GtkWidget *strip = gtk_widget_get_parent (GTK_WIDGET (self->search_label));
  g_autofree char *text = NULL;
  guint n;

  if (self->model == NULL || gtk_widget_has_css_class (GTK_WIDGET (self->search_entry), "error"))
    return;
  gtk_widget_remove_css_class (strip, "error");
  gtk_image_set_from_icon_name (self->search_icon, "system-search-symbolic");
  gtk_revealer_set_reveal_child (self->search_revealer, self->searching);
  if (!self->searching)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (clp_article_list_model_get_loading (self->model))
    text = g_strdup (_("Searching…"));
  else if (self->n_matching_comments > 0)
    {
      g_autofree char *articles = g_strdup_printf (g_dngettext (NULL, "%u article", "%u articles",
                                                                n), n);
      g_autofree char *comments = g_strdup_printf (g_dngettext (NULL, "%lld matching comment",
                                                                "%lld matching comments",
                                                                self->n_matching_comments),
                                                   (long long) self->n_matching_comments);

      /* Translators: "12 articles, 57 matching comments" */
      text = g_strdup_printf (_("%s, %s"), articles, comments);
    }
  else
    text = g_strdup_printf (g_dngettext (NULL, "%u article", "%u articles", n), n);
  gtk_label_set_label (self->search_label, text);
}

typedef struct
{
  ClpStore *store;
  ClpQuery *query;
  gint64    n_comments;
} Count;

static void
count_free (Count *count)
{
  g_clear_object (&count->store);
  g_clear_pointer (&count->query, clp_query_unref);
  g_free (count);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Count *count = task_data;
  g_autoptr(GError) error = NULL;

  if (!clp_store_count_matches (count->store, count->query, NULL, &count->n_comments, cancellable,
                                &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ClpWindow *self = CLP_WINDOW (object);
  Count *count = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the matches: %s", error->message);
      return;
    }
  self->n_matching_comments = count->n_comments;
  update_search_status (self);
}

static void
start_count (ClpWindow *self,
             ClpQuery  *query)
{
  g_autoptr(GTask) task = NULL;
  Count *count;

  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->n_matching_comments = -1;
  if (query == NULL || self->lookup == NULL)
    return;

  self->count_cancellable = g_cancellable_new ();
  count = g_new0 (Count, 1);
  count->store = g_object_ref (self->lookup);
  count->query = clp_query_ref (query);
  task = g_task_new (self, self->count_cancellable, count_done_cb, NULL);
  g_task_set_task_data (task, count, (GDestroyNotify) count_free);
  g_task_run_in_thread (task, count_thread);
}

static ClpQuery *
parse_or_null (const char *text)
{
  return *text != '\0' ? clp_query_parse (text, NULL) : NULL;
}

/* Runs the search and the filters: the list, the counts, the view. */
static void
update_search (ClpWindow *self)
{
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autofree char *filters = filter_clauses (self);
  g_autoptr(GString) list_text = g_string_new (NULL);
  g_autoptr(GString) view_text = g_string_new (NULL);
  g_autoptr(ClpQuery) list_query = NULL;
  g_autoptr(ClpQuery) view_query = NULL;
  gboolean all = gtk_check_button_get_active (self->all_articles_check);

  if (self->model == NULL || self->search_frozen > 0)
    return;

  /* The user's words first, alone, so that a mistake is reported in them. */
  if (*user != '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ClpQuery) alone = clp_query_parse (user, &error);

      if (alone == NULL)
        {
          show_search_error (self, error);
          return;
        }
      g_string_append_printf (list_text, "(%s)", user);
      g_string_append_printf (view_text, "(%s)", user);
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");

  if (*filters != '\0')
    {
      g_autofree char *comments_only = g_strdup_printf ("(in:comments %s)", filters);

      append_clause (view_text, filters);
      if (all)
        append_clause (list_text, comments_only);
    }

  list_query = parse_or_null (list_text->str);
  view_query = parse_or_null (view_text->str);
  self->searching = list_query != NULL || !clp_article_filter_is_empty (&self->list_filter);

  g_clear_pointer (&self->view_query, clp_query_unref);
  self->view_query = view_query != NULL ? clp_query_ref (view_query) : NULL;
  clp_article_list_model_set_search (self->model, list_query, &self->list_filter);
  clp_reading_view_set_search (self->reading_view, view_query, *filters != '\0');
  start_count (self, list_query);
  update_search_status (self);
}

static void
search_changed_cb (ClpWindow *self)
{
  update_search (self);
}

static void
stop_search_cb (ClpWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
toggle_filters_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  gboolean reveal = !gtk_revealer_get_reveal_child (self->filter_revealer);

  gtk_revealer_set_reveal_child (self->filter_revealer, reveal);
  gtk_toggle_button_set_active (self->filter_button, reveal);
  if (reveal)
    gtk_widget_grab_focus (GTK_WIDGET (self->from_button));
}

/* Both ends of the comment filter, then one search: an end set alone
 * searched with the other one stale, and an end that did not change
 * searched for nothing at all. */
static void
set_comment_period (ClpWindow  *self,
                    const char *from,
                    const char *to)
{
  self->search_frozen++;
  clp_date_time_button_set_value (self->from_button, from);
  clp_date_time_button_set_value (self->to_button, to);
  self->search_frozen--;
  update_search (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);

  self->search_frozen++;
  clp_date_time_button_set_value (self->from_button, NULL);
  clp_date_time_button_set_value (self->to_button, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->author_entry), "");
  gtk_check_button_set_active (self->all_articles_check, FALSE);
  clp_article_filter_clear (&self->list_filter);
  if (self->source_dropdown != NULL)
    {
      gtk_drop_down_set_selected (self->source_dropdown, 0);
      gtk_drop_down_set_selected (self->section_dropdown, 0);
      clp_date_time_button_set_value (self->published_from_button, NULL);
      clp_date_time_button_set_value (self->published_to_button, NULL);
      gtk_check_button_set_active (self->has_comments_check, FALSE);
    }
  self->search_frozen--;
  update_search (self);
}

/* Presets: time windows around the article shown. */
static void
filter_preset_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  const char *preset = g_variant_get_string (parameter, NULL);
  ClpArticle *article = clp_reading_view_get_article (self->reading_view);
  GPtrArray *comments = clp_reading_view_get_comments (self->reading_view);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (article == NULL || comments == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   toast_new (_("Open an article first: presets are times "
                                                "around it")));
      return;
    }
  /* By the times shown, which the filter compares. */
  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);
      g_autofree char *shown = NULL;

      if (comment->status != CLP_COMMENT_VISIBLE)
        continue;
      shown = clp_comment_dup_shown_time (comment);
      if (shown == NULL)
        continue;
      if (first == NULL || strcmp (shown, first) < 0)
        {
          g_free (first);
          first = g_strdup (shown);
        }
      if (last == NULL || strcmp (shown, last) > 0)
        {
          g_free (last);
          last = g_strdup (shown);
        }
    }

  if (g_str_equal (preset, "before") && article->published != NULL)
    to = clp_date_add_seconds (article->published, -60);
  else if (g_str_equal (preset, "publication-day") && article->published != NULL)
    {
      from = g_strconcat (article->published, "T00:00", NULL);
      to = g_strconcat (article->published, "T23:59", NULL);
    }
  else if (g_str_equal (preset, "first-day") && first != NULL)
    {
      from = g_strndup (first, 16);
      to = clp_date_add_seconds (first, 24 * 3600 - 60);
    }
  else if (g_str_equal (preset, "last-day") && last != NULL)
    {
      from = g_strdup_printf ("%.10sT00:00", last);
      to = g_strdup_printf ("%.10sT23:59", last);
    }
  else
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   toast_new (article->published == NULL
                                              ? _("This article has no publication date")
                                              : _("This article has no dated comments")));
      return;
    }

  if (to != NULL && strlen (to) > 16)
    to[16] = '\0';
  set_comment_period (self, from, to);
}

/* Author completion: names that start so, most prolific first, looked up
 * in a worker as the user types. */
typedef struct
{
  ClpStore  *store;
  char      *start;
  GPtrArray *names;
} Completion;

static void
completion_free (Completion *completion)
{
  g_clear_object (&completion->store);
  g_free (completion->start);
  g_clear_pointer (&completion->names, g_ptr_array_unref);
  g_free (completion);
}

static void
complete_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Completion *completion = task_data;
  g_autoptr(GError) error = NULL;

  completion->names = clp_store_complete_author (completion->store, completion->start, 8,
                                                 cancellable, &error);
  if (completion->names == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
complete_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ClpWindow *self = CLP_WINDOW (object);
  Completion *completion = g_task_get_task_data (G_TASK (result));
  GtkWidget *row;

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->author_list))) != NULL)
    gtk_list_box_remove (self->author_list, row);
  for (guint i = 0; i < completion->names->len; i++)
    {
      GtkWidget *label = gtk_label_new (g_ptr_array_index (completion->names, i));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_list_box_append (self->author_list, label);
    }
  if (completion->names->len > 0 && gtk_widget_has_focus (GTK_WIDGET (self->author_entry)))
    gtk_popover_popup (self->author_popover);
  else
    gtk_popover_popdown (self->author_popover);
}

static gboolean
complete_author_cb (gpointer data)
{
  ClpWindow *self = data;
  g_autoptr(GTask) task = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->author_entry));
  Completion *completion;

  self->complete_source = 0;
  if (self->complete_cancellable != NULL)
    g_cancellable_cancel (self->complete_cancellable);
  g_clear_object (&self->complete_cancellable);
  if (*text == '\0' || self->lookup == NULL)
    {
      gtk_popover_popdown (self->author_popover);
      return G_SOURCE_REMOVE;
    }
  self->complete_cancellable = g_cancellable_new ();
  completion = g_new0 (Completion, 1);
  completion->store = g_object_ref (self->lookup);
  completion->start = g_strdup (text);
  task = g_task_new (self, self->complete_cancellable, complete_done_cb, NULL);
  g_task_set_task_data (task, completion, (GDestroyNotify) completion_free);
  g_task_run_in_thread (task, complete_thread);
  return G_SOURCE_REMOVE;
}

static void
author_changed_cb (ClpWindow *self)
{
  g_clear_handle_id (&self->complete_source, g_source_remove);
  self->complete_source = g_timeout_add (200, complete_author_cb, self);
}

static void
author_picked_cb (ClpWindow     *self,
                  GtkListBoxRow *row)
{
  GtkWidget *label = gtk_list_box_row_get_child (row);

  g_signal_handlers_block_by_func (self->author_entry, author_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->author_entry), gtk_label_get_label (GTK_LABEL (label)));
  g_signal_handlers_unblock_by_func (self->author_entry, author_changed_cb, self);
  gtk_popover_popdown (self->author_popover);
  update_search (self);
}

static void
author_icon_cb (ClpWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->author_entry), "");
  update_search (self);
}

static void
build_author_completion (ClpWindow *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->author_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_activate_on_single_click (self->author_list, TRUE);
  g_signal_connect_swapped (self->author_list, "row-activated", G_CALLBACK (author_picked_cb), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->author_list));

  self->author_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_autohide (self->author_popover, FALSE);
  gtk_popover_set_has_arrow (self->author_popover, FALSE);
  gtk_popover_set_position (self->author_popover, GTK_POS_BOTTOM);
  gtk_popover_set_child (self->author_popover, scroller);
  gtk_widget_set_parent (GTK_WIDGET (self->author_popover), GTK_WIDGET (self->author_entry));

  g_signal_connect_swapped (self->author_entry, "changed", G_CALLBACK (author_changed_cb), self);
  g_signal_connect_swapped (self->author_entry, "activate", G_CALLBACK (update_search), self);
  g_signal_connect_swapped (self->author_entry, "icon-release", G_CALLBACK (author_icon_cb), self);
}

/* List filters: source, section, publication days, has comments. */
static char *
dropdown_choice (GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  /* The first item is "Any …". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || model == NULL)
    return NULL;
  return g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (model), selected));
}

static void
list_filter_changed_cb (ClpWindow *self)
{
  const char *from = clp_date_time_button_get_value (self->published_from_button);
  const char *to = clp_date_time_button_get_value (self->published_to_button);

  clp_article_filter_clear (&self->list_filter);
  self->list_filter.source = dropdown_choice (self->source_dropdown);
  self->list_filter.section = dropdown_choice (self->section_dropdown);
  self->list_filter.published_from = from != NULL ? g_strndup (from, 10) : NULL;
  self->list_filter.published_to = to != NULL ? g_strndup (to, 10) : NULL;
  self->list_filter.has_comments = gtk_check_button_get_active (self->has_comments_check);
  update_search (self);
}

typedef struct
{
  ClpStore  *store;
  GPtrArray *sources;
  GPtrArray *sections;
} Names;

static void
names_free (Names *names)
{
  g_clear_object (&names->store);
  g_clear_pointer (&names->sources, g_ptr_array_unref);
  g_clear_pointer (&names->sections, g_ptr_array_unref);
  g_free (names);
}

static void
names_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Names *names = task_data;
  g_autoptr(GError) error = NULL;

  names->sources = clp_store_list_names (names->store, "sources", cancellable, &error);
  if (names->sources != NULL)
    names->sections = clp_store_list_names (names->store, "sections", cancellable, &error);
  if (names->sections == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
fill_dropdown (GtkDropDown *dropdown,
               const char  *any,
               GPtrArray   *names)
{
  g_autofree char *current = dropdown_choice (dropdown);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (list, any);
  for (guint i = 0; i < names->len; i++)
    {
      gtk_string_list_append (list, g_ptr_array_index (names, i));
      if (g_strcmp0 (current, g_ptr_array_index (names, i)) == 0)
        selected = i + 1;
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, selected);
}

static void
names_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ClpWindow *self = CLP_WINDOW (object);
  Names *names = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL) || self->source_dropdown == NULL)
    return;
  g_signal_handlers_block_by_func (self->source_dropdown, list_filter_changed_cb, self);
  g_signal_handlers_block_by_func (self->section_dropdown, list_filter_changed_cb, self);
  fill_dropdown (self->source_dropdown, _("Any source"), names->sources);
  fill_dropdown (self->section_dropdown, _("Any section"), names->sections);
  g_signal_handlers_unblock_by_func (self->source_dropdown, list_filter_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->section_dropdown, list_filter_changed_cb, self);
}

/* The choices come from the archive each time the popover opens. */
static void
list_filter_shown_cb (ClpWindow *self)
{
  g_autoptr(GTask) task = NULL;
  Names *names;

  if (self->lookup == NULL)
    return;
  names = g_new0 (Names, 1);
  names->store = g_object_ref (self->lookup);
  task = g_task_new (self, NULL, names_done_cb, NULL);
  g_task_set_task_data (task, names, (GDestroyNotify) names_free);
  g_task_run_in_thread (task, names_thread);
}

static GtkWidget *
labelled (const char *mnemonic,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

static void
build_list_filters (ClpWindow *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *days = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->source_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char *[]) { _("Any source"), NULL }));
  self->section_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char *[]) { _("Any section"), NULL }));
  self->published_from_button = g_object_new (CLP_TYPE_DATE_TIME_BUTTON, "empty-label", _("Any day"), NULL);
  self->published_to_button = g_object_new (CLP_TYPE_DATE_TIME_BUTTON, "empty-label", _("Any day"), NULL);
  self->has_comments_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Only Articles With _Comments")));

  gtk_box_append (GTK_BOX (days), GTK_WIDGET (self->published_from_button));
  gtk_box_append (GTK_BOX (days), gtk_label_new ("–"));
  gtk_box_append (GTK_BOX (days), GTK_WIDGET (self->published_to_button));
  gtk_box_append (GTK_BOX (box), labelled (_("_Source"), GTK_WIDGET (self->source_dropdown)));
  gtk_box_append (GTK_BOX (box), labelled (_("S_ection"), GTK_WIDGET (self->section_dropdown)));
  gtk_box_append (GTK_BOX (box), labelled (_("_Published"), days));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->has_comments_check));
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (self->list_filter_button, popover);

  g_signal_connect_swapped (popover, "show", G_CALLBACK (list_filter_shown_cb), self);
  g_signal_connect_swapped (self->source_dropdown, "notify::selected", G_CALLBACK (list_filter_changed_cb), self);
  g_signal_connect_swapped (self->section_dropdown, "notify::selected", G_CALLBACK (list_filter_changed_cb), self);
  g_signal_connect_swapped (self->published_from_button, "notify::value", G_CALLBACK (list_filter_changed_cb), self);
  g_signal_connect_swapped (self->published_to_button, "notify::value", G_CALLBACK (list_filter_changed_cb), self);
  g_signal_connect_swapped (self->has_comments_check, "toggled", G_CALLBACK (list_filter_changed_cb), self);
}

static void
step_match_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);

  clp_reading_view_step_match (self->reading_view,
                               g_str_equal (action_name, "win.next-match") ? 1 : -1);
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
  AdwToast *toast = toast_new (message);

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
                    GHashTable *thread)
{
  ClpExportDialog *dialog;

  if (self->reader == NULL || ids->len == 0)
    return;
  dialog = clp_export_dialog_new (GTK_WINDOW (self), self->archive_path, ids,
                                  self->view_query, thread);
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
                                   toast_new (_("Select the articles to export first")));
      return;
    }
  show_export_dialog (self, ids, NULL);
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
      show_export_dialog (self, ids, scope);
    }
  else if (g_strcmp0 (path, "/filter") == 0 && params != NULL)
    {
      /* A timeline bar: its time becomes the comment filter. */
      const char *from = g_hash_table_lookup (params, "from");
      const char *to = g_hash_table_lookup (params, "to");
      g_autofree char *from_check = NULL;
      g_autofree char *to_check = NULL;

      if (from == NULL || to == NULL || strlen (from) != 16 || strlen (to) != 16 ||
          !clp_date_parse_iso (from, &from_check) || !clp_date_parse_iso (to, &to_check))
        return;
      gtk_revealer_set_reveal_child (self->filter_revealer, TRUE);
      gtk_toggle_button_set_active (self->filter_button, TRUE);
      set_comment_period (self, from, to);
    }
  else if (g_strcmp0 (path, "/show-hidden") == 0)
    clp_reading_view_set_show_hidden (self->reading_view, TRUE);
  else if (g_strcmp0 (path, "/hide-hidden") == 0)
    clp_reading_view_set_show_hidden (self->reading_view, FALSE);
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
  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  if (self->complete_cancellable != NULL)
    g_cancellable_cancel (self->complete_cancellable);
  g_clear_object (&self->complete_cancellable);
  g_clear_handle_id (&self->complete_source, g_source_remove);
  if (self->author_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->author_popover));
      self->author_popover = NULL;
    }
  g_clear_object (&self->lookup);
  clp_article_filter_clear (&self->list_filter);
  g_clear_pointer (&self->view_query, clp_query_unref);
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
  g_type_ensure (CLP_TYPE_DATE_TIME_BUTTON);
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
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, from_button);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, to_button);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, author_entry);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, all_articles_check);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, list_filter_button);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, search_revealer);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, search_icon);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, search_label);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, search_help_label);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, list_stack);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-samples", NULL, open_samples_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.show-import-details", NULL,
                                   show_import_details_action);
  gtk_widget_class_install_action (widget_class, "win.choose-archive", NULL, choose_archive_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-filters", NULL, toggle_filters_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.filter-preset", "s", filter_preset_action);
  gtk_widget_class_install_action (widget_class, "win.next-match", NULL, step_match_action);
  gtk_widget_class_install_action (widget_class, "win.previous-match", NULL, step_match_action);
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
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.toggle-filters", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "win.next-match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.next-match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, GDK_SHIFT_MASK, "win.previous-match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.previous-match", NULL);
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

  gtk_label_set_markup (self->search_help_label, _(search_help));
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb), self);
  g_signal_connect_swapped (self->from_button, "notify::value", G_CALLBACK (update_search), self);
  g_signal_connect_swapped (self->to_button, "notify::value", G_CALLBACK (update_search), self);
  g_signal_connect_swapped (self->all_articles_check, "toggled", G_CALLBACK (update_search), self);
  build_author_completion (self);
  build_list_filters (self);

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
