/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clp-export-dialog.h"
#include "clp-export-job.h"
#include "clp-exporter.h"
#include "clp-pdf-printer.h"

/* Export… : the format, whether only the comments passing the filters go
 * (with the comments they answer as context), one file or one per
 * article, then where. A #ClpExportJob does the export on the archive's
 * readers, with progress and Cancel; PDF is printed by this process's
 * #ClpPdfPrinter. The formats come from the core's table; the last
 * choices are remembered. When done, ::exported tells the window what to
 * say. */

struct _ClpExportDialog
{
  AdwWindow         parent_instance;

  AdwComboRow      *format_row;
  AdwActionRow     *filtered_row;
  GtkSwitch        *filtered_switch;
  AdwActionRow     *split_row;
  GtkSwitch        *split_switch;
  GtkProgressBar   *progress_bar;
  GtkWidget        *export_button;

  GSettings        *settings;
  ClpArchive       *archive;
  GArray           *ids;
  ClpSearchRequest *search;       /* the search and filters shown, or NULL */
  GHashTable       *thread;       /* scope of one comment's thread, or NULL */
  GCancellable     *cancellable;
  GFile            *target;
  gboolean          replace;
  ClpExportJob     *job;
};

enum { EXPORTED, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ClpExportDialog, clp_export_dialog, ADW_TYPE_WINDOW)

static ClpExporterClass *
current_format (ClpExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->format_row);

  return clp_exporter_get_format (MIN (selected, clp_exporter_get_n_formats () - 1));
}

static gboolean
one_article_a_file (ClpExporterClass *format)
{
  return g_str_equal (format->name, "txt");
}

static gboolean
wants_split (ClpExportDialog *self)
{
  /* A text file holds one article: several always go one per file. */
  return gtk_switch_get_active (self->split_switch) ||
         (one_article_a_file (current_format (self)) && self->ids->len > 1);
}

static void
update_rows (ClpExportDialog *self)
{
  gboolean one_a_file = one_article_a_file (current_format (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->split_row), self->ids->len > 1 && !one_a_file);
  if (one_a_file && self->ids->len > 1)
    adw_action_row_set_subtitle (self->split_row, _("A text file holds one article"));
  else
    adw_action_row_set_subtitle (self->split_row, _("Named after the titles, in a folder you choose"));
}

static void
progress_cb (ClpExportDialog *self)
{
  if (self->job != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   clp_job_get_fraction (CLP_JOB (self->job)));
}

static void
set_busy (ClpExportDialog *self,
          gboolean         busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  gtk_widget_set_sensitive (self->export_button, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->filtered_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->split_row), !busy);
  if (!busy)
    update_rows (self);
}

static void
finish (ClpExportDialog *self,
        guint            n_files,
        GFile           *shown)
{
  g_autofree char *message = NULL;
  g_autofree char *uri = shown != NULL ? g_file_get_uri (shown) : NULL;

  if (n_files == 1)
    {
      g_autofree char *name = shown != NULL ? g_file_get_basename (shown) : NULL;

      /* Translators: %s is a file name */
      message = g_strdup_printf (_("Exported to %s"), name != NULL ? name : "?");
    }
  else
    message = g_strdup_printf (g_dngettext (NULL, "Exported %u file", "Exported %u files", n_files),
                               n_files);
  g_signal_emit (self, signals[EXPORTED], 0, message, uri);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void start_export (ClpExportDialog *self);

static void
replace_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ClpExportDialog  *self)
{
  if (g_str_equal (response, "replace"))
    {
      self->replace = TRUE;
      start_export (self);
    }
}

static void
ask_replace (ClpExportDialog *self,
             const char      *message)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Replace Existing Files?"),
                                                       message));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_error (ClpExportDialog *self,
            const GError    *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("The Export Failed"),
                                                       error->message));
  adw_message_dialog_add_responses (dialog, "close", _("_Close"), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ClpExportJob *job = CLP_EXPORT_JOB (object);
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GError) error = NULL;
  ClpExportDialog *self;

  written = clp_export_job_run_finish (job, result, &error);
  /* Cancelled is not failed: the dialog has closed, and says nothing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CLP_EXPORT_DIALOG (user_data);
  g_clear_object (&self->job);
  if (written == NULL)
    {
      set_busy (self, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) && !self->replace)
        ask_replace (self, error->message);
      else
        show_error (self, error);
      return;
    }
  if (written->len == 1)
    {
      g_autoptr(GFile) file = g_file_new_for_path (g_ptr_array_index (written, 0));

      finish (self, 1, file);
    }
  else
    finish (self, written->len, self->target);
}

static void
start_export (ClpExportDialog *self)
{
  g_autoptr(ClpPrinter) printer = clp_pdf_printer_new ();
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->job);
  self->job = clp_export_job_new (self->archive, current_format (self)->name, &error);
  g_assert_no_error (error);
  clp_export_job_set_articles (self->job, (gint64 *) self->ids->data, self->ids->len);
  if (self->thread != NULL)
    clp_export_job_set_scope (self->job, self->thread, _("one thread"));
  else if (self->search != NULL)
    clp_export_job_set_request (self->job, self->search,
                                gtk_switch_get_active (self->filtered_switch));
  clp_export_job_set_printer (self->job, printer);
  clp_export_job_set_target (self->job, self->target, wants_split (self), self->replace);
  g_signal_connect_object (self->job, "notify::fraction", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Exporting…"));
  /* The callback checks for cancellation before it touches the dialog,
   * and dispose cancels. */
  clp_export_job_run_async (self->job, self->cancellable, export_done_cb, self);
}

/**
 * clp_export_dialog_export_to:
 * @target: the file, or the folder when one file per article
 *
 * Exports with the dialog's choices, as the Export… button does after the
 * file chooser; the tests call it directly.
 */
void
clp_export_dialog_export_to (ClpExportDialog *self,
                             GFile           *target)
{
  g_return_if_fail (CLP_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (target));

  g_settings_set_string (self->settings, "export-format", current_format (self)->name);
  g_settings_set_boolean (self->settings, "export-filtered", gtk_switch_get_active (self->filtered_switch));
  g_settings_set_boolean (self->settings, "export-split", gtk_switch_get_active (self->split_switch));

  g_set_object (&self->target, target);
  /* A file chooser in save mode has asked about replacing already. */
  self->replace = !wants_split (self) && g_file_query_exists (target, NULL);
  start_export (self);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     ClpExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) target = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GFile) folder = wants_split (self) ? g_object_ref (target) : g_file_get_parent (target);
      g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "export-folder", path);
      clp_export_dialog_export_to (self, target);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static char *
suggested_name (ClpExportDialog *self)
{
  const char *extension = current_format (self)->extension;

  if (self->ids->len == 1 && self->thread != NULL)
    return g_strdup_printf ("%s.%s", _("Thread"), extension);
  return g_strdup_printf ("%s.%s", _("Clippings export"), extension);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ClpExportDialog *self = CLP_EXPORT_DIALOG (widget);
  gboolean split = wants_split (self);
  g_autofree char *folder = g_settings_get_string (self->settings, "export-folder");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (split ? _("Choose a Folder for the Files") : _("Export To"),
                                         GTK_WINDOW (self),
                                         split ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                               : GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (*folder != '\0')
    {
      g_autoptr(GFile) start = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), start, NULL);
    }
  if (!split)
    {
      g_autofree char *name = suggested_name (self);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ClpExportDialog *self = CLP_EXPORT_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
clp_export_dialog_dispose (GObject *object)
{
  ClpExportDialog *self = CLP_EXPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLP_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (clp_export_dialog_parent_class)->dispose (object);
}

static void
clp_export_dialog_finalize (GObject *object)
{
  ClpExportDialog *self = CLP_EXPORT_DIALOG (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->archive);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->search, clp_search_request_unref);
  g_clear_pointer (&self->thread, g_hash_table_unref);
  g_clear_object (&self->target);
  g_clear_object (&self->job);

  G_OBJECT_CLASS (clp_export_dialog_parent_class)->finalize (object);
}

static void
clp_export_dialog_class_init (ClpExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clp_export_dialog_dispose;
  object_class->finalize = clp_export_dialog_finalize;

  /**
   * ClpExportDialog::exported:
   * @message: what was exported, for a toast
   * @uri: (nullable): the file or folder, to open
   */
  signals[EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clippings/Clippings/ui/clp-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ClpExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, ClpExportDialog, filtered_row);
  gtk_widget_class_bind_template_child (widget_class, ClpExportDialog, filtered_switch);
  gtk_widget_class_bind_template_child (widget_class, ClpExportDialog, split_row);
  gtk_widget_class_bind_template_child (widget_class, ClpExportDialog, split_switch);
  gtk_widget_class_bind_template_child (widget_class, ClpExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ClpExportDialog, export_button);

  gtk_widget_class_install_action (widget_class, "export.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
clp_export_dialog_init (ClpExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
}

static void
fill_formats (ClpExportDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *chosen = g_settings_get_string (self->settings, "export-format");
  guint selected = 0;

  for (guint i = 0; i < clp_exporter_get_n_formats (); i++)
    {
      ClpExporterClass *format = clp_exporter_get_format (i);

      gtk_string_list_append (labels, _(format->label));
      if (g_str_equal (format->name, chosen))
        selected = i;
    }
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->format_row, selected);
}

/**
 * clp_export_dialog_new:
 * @ids: (element-type gint64): the articles
 * @search: (nullable): the search and filters the window shows; the
 *   export follows them unless the user says otherwise
 * @thread: (nullable): article id -> the comment ids of one thread, to
 *   export that thread alone
 */
ClpExportDialog *
clp_export_dialog_new (GtkWindow        *parent,
                       ClpArchive       *archive,
                       GArray           *ids,
                       ClpSearchRequest *search,
                       GHashTable       *thread)
{
  ClpExportDialog *self;
  g_autofree char *title = NULL;
  g_autofree char *described = NULL;

  g_return_val_if_fail (CLP_IS_ARCHIVE (archive) && ids != NULL, NULL);

  self = g_object_new (CLP_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->archive = g_object_ref (archive);
  self->ids = g_array_ref (ids);
  described = search != NULL ? clp_search_request_describe (search) : NULL;
  self->search = described != NULL ? clp_search_request_ref (search) : NULL;
  self->thread = thread != NULL ? g_hash_table_ref (thread) : NULL;

  if (thread != NULL)
    title = g_strdup (_("Export Thread"));
  else
    title = g_strdup_printf (g_dngettext (NULL, "Export %u Article", "Export %u Articles", ids->len),
                             ids->len);
  gtk_window_set_title (GTK_WINDOW (self), title);

  fill_formats (self);
  gtk_switch_set_active (self->split_switch, g_settings_get_boolean (self->settings, "export-split"));

  /* Filters apply when there are some; a thread is its own scope. */
  gtk_widget_set_visible (GTK_WIDGET (self->filtered_row), self->search != NULL && thread == NULL);
  gtk_switch_set_active (self->filtered_switch,
                         self->search != NULL &&
                         g_settings_get_boolean (self->settings, "export-filtered"));
  /* The search and filters as the user gave them. */
  if (described != NULL)
    adw_action_row_set_subtitle (self->filtered_row, described);
  gtk_widget_set_visible (GTK_WIDGET (self->split_row), thread == NULL);

  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (update_rows), self,
                           G_CONNECT_SWAPPED);
  update_rows (self);
  return self;
}
