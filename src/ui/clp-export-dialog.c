/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clp-export.h"
#include "clp-export-dialog.h"
#include "clp-pdf-printer.h"

/* Export… : the format, whether only the comments passing the filters go
 * (with the comments they answer as context), one file or one per
 * article, then where. The export runs in a worker thread on its own
 * connection to the archive, with progress and Cancel; PDF is printed by
 * WebKit in the main thread from the HTML export. The last choices are
 * remembered. When done, ::exported tells the window what to say. */

static const char * const formats[] = { "html", "pdf", "md", "json", "csv", "txt" };

struct _ClpExportDialog
{
  AdwWindow       parent_instance;

  AdwComboRow    *format_row;
  AdwActionRow   *filtered_row;
  GtkSwitch      *filtered_switch;
  AdwActionRow   *split_row;
  GtkSwitch      *split_switch;
  GtkProgressBar *progress_bar;
  GtkWidget      *export_button;

  GSettings      *settings;
  char           *archive_path;
  GArray         *ids;
  ClpQuery       *filters;       /* the search and filters shown, or NULL */
  GHashTable     *thread;        /* scope of one comment's thread, or NULL */
  GCancellable   *cancellable;
  GFile          *target;
  gboolean        replace;

  /* PDF: pages still to print, then where they go. */
  GPtrArray      *pdf_pages;     /* char * html */
  GPtrArray      *pdf_targets;   /* GFile */
  guint           pdf_done;
};

enum { EXPORTED, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ClpExportDialog, clp_export_dialog, ADW_TYPE_WINDOW)

static const char *
current_format (ClpExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->format_row);

  return formats[MIN (selected, G_N_ELEMENTS (formats) - 1)];
}

static gboolean
wants_split (ClpExportDialog *self)
{
  /* A text file holds one article: several always go one per file. */
  return gtk_switch_get_active (self->split_switch) ||
         (g_str_equal (current_format (self), "txt") && self->ids->len > 1);
}

static void
update_rows (ClpExportDialog *self)
{
  gboolean txt = g_str_equal (current_format (self), "txt");

  gtk_widget_set_sensitive (GTK_WIDGET (self->split_row), self->ids->len > 1 && !txt);
  if (txt && self->ids->len > 1)
    adw_action_row_set_subtitle (self->split_row, _("A text file holds one article"));
  else
    adw_action_row_set_subtitle (self->split_row, _("Named after the titles, in a folder you choose"));
}

typedef struct
{
  ClpExportDialog *self;
  guint            done;
  guint            total;
} Progress;

static gboolean
show_progress_cb (gpointer data)
{
  Progress *progress = data;

  if (!g_cancellable_is_cancelled (progress->self->cancellable))
    gtk_progress_bar_set_fraction (progress->self->progress_bar,
                                   progress->total > 0 ? (double) progress->done / progress->total : 0);
  g_object_unref (progress->self);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

/* From the worker thread. */
static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (user_data);
  progress->done = done;
  progress->total = total;
  g_idle_add (show_progress_cb, progress);
}

typedef struct
{
  char             *archive_path;
  char             *format;
  GArray           *ids;
  GHashTable       *scope;     /* a thread's, or made from the query */
  ClpQuery         *query;
  char             *filters;
  GFile            *target;
  gboolean          split;
  gboolean          replace;
  gpointer          dialog;    /* for progress only */

  GPtrArray        *written;   /* paths */
  GPtrArray        *pdf_pages; /* html, for PDF */
  GPtrArray        *pdf_targets;
} Job;

static void
job_free (Job *job)
{
  g_free (job->archive_path);
  g_free (job->format);
  g_array_unref (job->ids);
  g_clear_pointer (&job->scope, g_hash_table_unref);
  g_clear_pointer (&job->query, clp_query_unref);
  g_free (job->filters);
  g_clear_object (&job->target);
  g_clear_pointer (&job->written, g_ptr_array_unref);
  g_clear_pointer (&job->pdf_pages, g_ptr_array_unref);
  g_clear_pointer (&job->pdf_targets, g_ptr_array_unref);
  g_free (job);
}

static char *
export_html (ClpStore                *store,
             const gint64            *ids,
             guint                    n_ids,
             const ClpExportOptions  *options,
             GCancellable            *cancellable,
             GError                 **error)
{
  g_autoptr(ClpExporter) exporter = clp_exporter_new_for_name ("html", NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (!clp_exporter_run (exporter, store, ids, n_ids, options, out, NULL, NULL, cancellable, error) ||
      !g_output_stream_write_all (out, "", 1, NULL, cancellable, error) ||
      !g_output_stream_close (out, cancellable, error))
    return NULL;
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* PDF: the worker writes the HTML of each file; the main thread prints. */
static gboolean
prepare_pdf (Job                    *job,
             ClpStore               *store,
             const ClpExportOptions *options,
             GCancellable           *cancellable,
             GError                **error)
{
  g_autoptr(GPtrArray) paths = NULL;

  job->pdf_pages = g_ptr_array_new_with_free_func (g_free);
  job->pdf_targets = g_ptr_array_new_with_free_func (g_object_unref);

  if (!job->split)
    {
      char *html = export_html (store, (gint64 *) job->ids->data, job->ids->len, options,
                                cancellable, error);

      if (html == NULL)
        return FALSE;
      g_ptr_array_add (job->pdf_pages, html);
      g_ptr_array_add (job->pdf_targets, g_object_ref (job->target));
      return TRUE;
    }

  /* Named as the other formats name their files, "Title (2).pdf" too. */
  paths = clp_export_folder_paths (store, (gint64 *) job->ids->data, job->ids->len, job->target,
                                   "pdf", job->replace, error);
  if (paths == NULL)
    return FALSE;
  for (guint i = 0; i < job->ids->len; i++)
    {
      gint64 id = g_array_index (job->ids, gint64, i);
      char *html = export_html (store, &id, 1, options, cancellable, error);

      if (html == NULL)
        return FALSE;
      g_ptr_array_add (job->pdf_pages, html);
      g_ptr_array_add (job->pdf_targets, g_file_new_for_path (g_ptr_array_index (paths, i)));
      progress_cb (i + 1, job->ids->len, job->dialog);
    }
  return TRUE;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(ClpExporter) exporter = NULL;
  g_autoptr(GError) error = NULL;
  ClpExportOptions options = { .scope = job->scope, .filters = job->filters };
  gboolean ok;

  store = clp_store_open (job->archive_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (job->query != NULL)
    {
      job->scope = clp_export_scope_for_query (store, job->query, (gint64 *) job->ids->data,
                                               job->ids->len, cancellable, &error);
      if (job->scope == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      options.scope = job->scope;
    }

  if (g_str_equal (job->format, "pdf"))
    ok = prepare_pdf (job, store, &options, cancellable, &error);
  else
    {
      exporter = clp_exporter_new_for_name (job->format, &error);
      ok = exporter != NULL;
      if (ok && job->split)
        {
          job->written = clp_export_to_folder (exporter, store, (gint64 *) job->ids->data,
                                               job->ids->len, &options, job->target, job->replace,
                                               progress_cb, job->dialog, cancellable, &error);
          ok = job->written != NULL;
        }
      else if (ok)
        {
          ok = clp_export_to_file (exporter, store, (gint64 *) job->ids->data, job->ids->len,
                                   &options, job->target, job->replace, progress_cb, job->dialog,
                                   cancellable, &error);
          job->written = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (job->written, g_file_get_path (job->target));
        }
    }

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
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

static void print_next_pdf (ClpExportDialog *self);

static void
pdf_printed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ClpExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean printed = clp_pdf_printer_print_finish (result, &error);

  /* Cancelled is not failed: the dialog has closed, and says nothing. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (!printed)
    {
      set_busy (self, FALSE);
      show_error (self, error);
      return;
    }
  self->pdf_done++;
  gtk_progress_bar_set_fraction (self->progress_bar, (double) self->pdf_done / self->pdf_pages->len);
  print_next_pdf (self);
}

static void
print_next_pdf (ClpExportDialog *self)
{
  if (self->pdf_done >= self->pdf_pages->len)
    {
      guint n = self->pdf_pages->len;

      finish (self, n, n == 1 ? g_ptr_array_index (self->pdf_targets, 0) : self->target);
      return;
    }
  gtk_progress_bar_set_text (self->progress_bar, _("Printing…"));
  clp_pdf_printer_print_async (g_ptr_array_index (self->pdf_pages, self->pdf_done),
                               g_ptr_array_index (self->pdf_targets, self->pdf_done),
                               self->cancellable, pdf_printed_cb, g_object_ref (self));
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ClpExportDialog *self = CLP_EXPORT_DIALOG (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) && !self->replace)
        ask_replace (self, error->message);
      else
        show_error (self, error);
      return;
    }

  if (job->pdf_pages != NULL)
    {
      g_clear_pointer (&self->pdf_pages, g_ptr_array_unref);
      g_clear_pointer (&self->pdf_targets, g_ptr_array_unref);
      self->pdf_pages = g_ptr_array_ref (job->pdf_pages);
      self->pdf_targets = g_ptr_array_ref (job->pdf_targets);
      self->pdf_done = 0;
      print_next_pdf (self);
      return;
    }

  if (job->written->len == 1)
    {
      g_autoptr(GFile) file = g_file_new_for_path (g_ptr_array_index (job->written, 0));

      finish (self, 1, file);
    }
  else
    finish (self, job->written->len, self->target);
}

static void
start_export (ClpExportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  job->archive_path = g_strdup (self->archive_path);
  job->format = g_strdup (current_format (self));
  job->ids = g_array_ref (self->ids);
  if (self->thread != NULL)
    {
      job->scope = g_hash_table_ref (self->thread);
      job->filters = g_strdup (_("one thread"));
    }
  else if (self->filters != NULL && gtk_switch_get_active (self->filtered_switch))
    {
      job->query = clp_query_ref (self->filters);
      job->filters = g_strdup (clp_query_get_text (self->filters));
    }
  job->target = g_object_ref (self->target);
  job->split = wants_split (self);
  job->replace = self->replace;
  job->dialog = self;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Exporting…"));

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, start_export);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
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

  g_settings_set_string (self->settings, "export-format", current_format (self));
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
  const char *format = current_format (self);

  if (self->ids->len == 1 && self->thread != NULL)
    return g_strdup_printf ("%s.%s", _("Thread"), format);
  return g_strdup_printf ("%s.%s", _("Clippings export"), format);
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
  g_free (self->archive_path);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->filters, clp_query_unref);
  g_clear_pointer (&self->thread, g_hash_table_unref);
  g_clear_object (&self->target);
  g_clear_pointer (&self->pdf_pages, g_ptr_array_unref);
  g_clear_pointer (&self->pdf_targets, g_ptr_array_unref);

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

/**
 * clp_export_dialog_new:
 * @ids: (element-type gint64): the articles
 * @filters: (nullable): the search and filters the window shows; the
 *   export follows them unless the user says otherwise
 * @thread: (nullable): article id -> the comment ids of one thread, to
 *   export that thread alone
 */
ClpExportDialog *
clp_export_dialog_new (GtkWindow  *parent,
                       const char *archive_path,
                       GArray     *ids,
                       ClpQuery   *filters,
                       GHashTable *thread)
{
  ClpExportDialog *self;
  g_autofree char *format = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (archive_path != NULL && ids != NULL, NULL);

  self = g_object_new (CLP_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->archive_path = g_strdup (archive_path);
  self->ids = g_array_ref (ids);
  self->filters = filters != NULL ? clp_query_ref (filters) : NULL;
  self->thread = thread != NULL ? g_hash_table_ref (thread) : NULL;

  if (thread != NULL)
    title = g_strdup (_("Export Thread"));
  else
    title = g_strdup_printf (g_dngettext (NULL, "Export %u Article", "Export %u Articles", ids->len),
                             ids->len);
  gtk_window_set_title (GTK_WINDOW (self), title);

  format = g_settings_get_string (self->settings, "export-format");
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (format, formats[i]))
      adw_combo_row_set_selected (self->format_row, i);
  gtk_switch_set_active (self->split_switch, g_settings_get_boolean (self->settings, "export-split"));

  /* Filters apply when there are some; a thread is its own scope. */
  gtk_widget_set_visible (GTK_WIDGET (self->filtered_row), filters != NULL && thread == NULL);
  gtk_switch_set_active (self->filtered_switch,
                         filters != NULL && g_settings_get_boolean (self->settings, "export-filtered"));
  /* The search and filters in the query language, as the user wrote them. */
  if (filters != NULL)
    adw_action_row_set_subtitle (self->filtered_row, clp_query_get_text (filters));
  gtk_widget_set_visible (GTK_WIDGET (self->split_row), thread == NULL);

  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (update_rows), self,
                           G_CONNECT_SWAPPED);
  update_rows (self);
  return self;
}
