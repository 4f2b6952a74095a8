/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "clp-window-private.h"

/* Imports: files and folders from the choosers, drops on the window, the
 * samples and the command line, one import at a time on the archive's
 * writer (files dropped meanwhile wait their turn), with a progress bar
 * and Cancel, a toast that sums it up and a report of every file. */

static void start_import (ClpWindow  *self,
                          GFile     **files,
                          guint       n_files,
                          gboolean    reveal);

static void
update_progress_cb (ClpWindow *self)
{
  g_autofree char *current = NULL;
  g_autofree char *text = NULL;

  if (self->import_job == NULL)
    return;
  current = clp_job_dup_current (CLP_JOB (self->import_job));
  /* Translators: %s is a file name */
  text = current != NULL ? g_strdup_printf (_("Importing %s…"), current) : g_strdup (_("Importing…"));
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, clp_job_get_fraction (CLP_JOB (self->import_job)));
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
  g_autofree char *escaped = NULL;
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
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "win.show-import-details");
  adw_toast_set_timeout (toast, failures ? 0 : 6);
  clp_window_add_toast (self, toast);

  clp_window_reload (self, self->import_reveal ? reveal_id : 0);
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
  if (n_files == 0)
    return;

  /* One import at a time; files dropped meanwhile, or named before the
   * archive is open, wait their turn. */
  if (self->import_job != NULL || self->archive == NULL)
    {
      if (self->queued_files == NULL)
        self->queued_files = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < n_files; i++)
        g_ptr_array_add (self->queued_files, g_object_ref (files[i]));
      self->queued_reveal = self->queued_reveal || reveal;
      return;
    }
  if (clp_archive_is_read_only (self->archive))
    {
      clp_window_toast (self, clp_archive_get_read_only_reason (self->archive));
      return;
    }

  self->import_reveal = reveal;
  self->import_job = clp_import_job_new (self->archive, files, n_files);
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
      gtk_file_filter_add_mime_type (pages, "text/html");
      gtk_file_filter_add_mime_type (pages, "application/x-mimearchive");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pages);
      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
    }
  /* The folder of the last import, or where browsers save pages: never
   * "Recent", where saved pages are not. */
  if (*folder == '\0' || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

      g_free (folder);
      folder = g_strdup (downloads != NULL && g_file_test (downloads, G_FILE_TEST_IS_DIR)
                         ? downloads : g_get_home_dir ());
    }
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

static GtkWidget *
text_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  return label;
}

static void
add_row (GtkListBox *list,
         GtkWidget  *child)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_set_margin_start (child, 12);
  gtk_widget_set_margin_end (child, 12);
  gtk_widget_set_margin_top (child, 8);
  gtk_widget_set_margin_bottom (child, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (list, row);
}

/* A file: its name, then a list of its outcome and each warning. */
static void
add_report (GtkBox          *box,
            ClpImportReport *report,
            GString         *text)
{
  g_autofree char *summary = clp_import_report_describe (report);
  GtkWidget *name = text_label (report->file_name);
  GtkWidget *outcome = text_label (summary);
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());

  gtk_widget_add_css_class (name, "heading");
  gtk_widget_set_margin_top (name, 12);
  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (list), "boxed-list");
  if (report->outcome == CLP_IMPORT_OUTCOME_FAILED)
    gtk_widget_add_css_class (outcome, "error");
  add_row (list, outcome);
  g_string_append_printf (text, "%s\n%s\n", report->file_name, summary);

  for (guint i = 0; i < report->warnings->len; i++)
    {
      const char *warning = g_ptr_array_index (report->warnings, i);
      GtkWidget *label = text_label (warning);

      gtk_widget_add_css_class (label, "dim-label");
      add_row (list, label);
      g_string_append_printf (text, "  %s\n", warning);
    }
  gtk_box_append (box, name);
  gtk_box_append (box, GTK_WIDGET (list));
  g_string_append_c (text, '\n');
}

static void
copy_details_cb (GtkButton *button)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)),
                          g_object_get_data (G_OBJECT (button), "text"));
  gtk_button_set_label (button, _("Copied"));
}

/* What each file of the last import came to, in a window of its own that
 * takes the size its reader gives it: a list per file, text to select,
 * and Copy for all of it, to paste into a note or a bug report. */
static void
show_import_details_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *summary = NULL;
  gboolean failures = FALSE;
  GtkWidget *window, *content, *header, *scroller, *clamp, *box, *copy, *heading;
  GtkEventController *keys;

  if (self->last_reports == NULL)
    return;

  summary = summarize (self->last_reports, &failures);
  g_string_append_printf (text, "%s\n\n", summary);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 24);
  heading = text_label (summary);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_box_append (GTK_BOX (box), heading);
  for (guint i = 0; i < self->last_reports->len; i++)
    add_report (GTK_BOX (box), g_ptr_array_index (self->last_reports, i), text);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);

  copy = gtk_button_new_with_mnemonic (_("_Copy"));
  gtk_widget_set_tooltip_text (copy, _("Copy every file's outcome and warnings"));
  g_object_set_data_full (G_OBJECT (copy), "text", g_string_free (g_steal_pointer (&text), FALSE),
                          g_free);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_details_cb), NULL);
  header = adw_header_bar_new ();
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), copy);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), scroller);

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Import Details"));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_resizable (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 520);
  adw_window_set_content (ADW_WINDOW (window), content);
  /* Escape closes it, as it closes a dialog. */
  keys = GTK_EVENT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, keys);
  gtk_window_present (GTK_WINDOW (window));
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
  if (list->len == 0 || self->archive == NULL)
    return FALSE;
  start_import (self, (GFile **) list->pdata, list->len, TRUE);
  return TRUE;
}

/**
 * clp_window_import_queued:
 *
 * Starts the files that waited for the archive to open; forgets them when
 * it could not be opened.
 */
void
clp_window_import_queued (ClpWindow *self)
{
  g_autoptr(GPtrArray) queued = g_steal_pointer (&self->queued_files);

  if (queued != NULL && self->archive != NULL)
    start_import (self, (GFile **) queued->pdata, queued->len, self->queued_reveal);
}

void
clp_window_import_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-samples", NULL, open_samples_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.show-import-details", NULL,
                                   show_import_details_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.import-folder", NULL);
}

void
clp_window_import_init (ClpWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

void
clp_window_import_dispose (ClpWindow *self)
{
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->import_job);
  g_clear_pointer (&self->queued_files, g_ptr_array_unref);
  g_clear_pointer (&self->last_reports, g_ptr_array_unref);
}
