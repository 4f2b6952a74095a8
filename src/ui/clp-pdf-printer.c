/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-pdf-printer"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <qpdf/qpdf-c.h>
#include <qpdf/qpdfjob-c.h>

#include "clp-pdf-printer.h"
#include "clp-reading-view.h"

/* PDF exports: an exported HTML page is loaded into an offscreen reading
 * view (the same scheme, Content-Security-Policy and policies as the
 * window, so it loads nothing), printed to a file by WebKit, then given
 * page numbers. WebKit prints no CSS page-margin boxes and its print
 * operation has no header or footer, so cairo draws the numbers on pages
 * of their own and qpdf lays them over WebKit's pages, which it leaves
 * untouched (re-drawing the pages would lose characters from the text a
 * reader copies). The file lands whole, under its name, only at the end. */

#define MARGIN_MM 16.0
#define FOOTER_MM 22.0

typedef struct
{
  GtkWidget            *window;
  ClpReadingView       *view;
  WebKitPrintOperation *operation;
  char                 *target;
  char                 *printed;   /* WebKit's output */
  char                 *numbered;  /* with page numbers */
  gulong                load_handler;
} Job;

static void
job_free (Job *job)
{
  if (job->printed != NULL)
    g_unlink (job->printed);
  if (job->numbered != NULL)
    g_unlink (job->numbered);
  g_clear_object (&job->operation);
  if (job->window != NULL)
    gtk_window_destroy (GTK_WINDOW (job->window));
  g_free (job->target);
  g_free (job->printed);
  g_free (job->numbered);
  g_free (job);
}

typedef struct
{
  double width;
  double height;
} PageSize;

/* The size of each page of a PDF, read with qpdf. */
static GArray *
read_page_sizes (const char  *path,
                 GError     **error)
{
  qpdf_data qpdf = qpdf_init ();
  GArray *sizes = NULL;

  qpdf_silence_errors (qpdf);
  if ((qpdf_read (qpdf, path, NULL) & QPDF_ERRORS) == 0)
    {
      int n_pages = qpdf_get_num_pages (qpdf);

      sizes = g_array_sized_new (FALSE, FALSE, sizeof (PageSize), MAX (n_pages, 0));
      for (int i = 0; i < n_pages; i++)
        {
          qpdf_oh page = qpdf_get_page_n (qpdf, i);
          qpdf_oh box = qpdf_oh_get_key (qpdf, page, "/MediaBox");
          PageSize size = { 595, 842 };

          if (qpdf_oh_is_array (qpdf, box) && qpdf_oh_get_array_n_items (qpdf, box) == 4)
            {
              size.width = qpdf_oh_get_numeric_value (qpdf, qpdf_oh_get_array_item (qpdf, box, 2)) -
                           qpdf_oh_get_numeric_value (qpdf, qpdf_oh_get_array_item (qpdf, box, 0));
              size.height = qpdf_oh_get_numeric_value (qpdf, qpdf_oh_get_array_item (qpdf, box, 3)) -
                            qpdf_oh_get_numeric_value (qpdf, qpdf_oh_get_array_item (qpdf, box, 1));
            }
          g_array_append_val (sizes, size);
        }
    }
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not read the printed PDF: %s"),
                 qpdf_has_error (qpdf) ? qpdf_get_error_full_text (qpdf, qpdf_get_error (qpdf)) : "?");
  qpdf_cleanup (&qpdf);
  return sizes;
}

/* Pages with nothing but "page / pages" at the foot. */
static gboolean
draw_numbers (GArray      *sizes,
              const char  *path,
              GError     **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  for (guint i = 0; i < sizes->len; i++)
    {
      PageSize *size = &g_array_index (sizes, PageSize, i);
      g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
      g_autofree char *number = g_strdup_printf (_("%u / %u"), i + 1, sizes->len);
      PangoFontDescription *font = pango_font_description_from_string ("Sans 8.5");
      int text_width, text_height;

      cairo_pdf_surface_set_size (surface, size->width, size->height);
      pango_layout_set_font_description (layout, font);
      pango_font_description_free (font);
      pango_layout_set_text (layout, number, -1);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      cairo_set_source_rgb (cr, 0.37, 0.36, 0.39);
      cairo_move_to (cr, (size->width - text_width) / 2.0,
                     size->height - FOOTER_MM / 25.4 * 72.0 / 2.0 - text_height / 2.0);
      pango_cairo_show_layout (cr, layout);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the PDF: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* Writes @input to @output with "page / pages" at the foot of each page,
 * the pages themselves unchanged. */
static gboolean
number_pages (const char  *input,
              const char  *output,
              GError     **error)
{
  g_autoptr(GArray) sizes = read_page_sizes (input, error);
  g_autofree char *numbers = NULL;
  gboolean ok;
  int fd;

  if (sizes == NULL)
    return FALSE;
  fd = g_file_open_tmp ("clippings-numbers-XXXXXX.pdf", &numbers, error);
  if (fd < 0)
    return FALSE;
  close (fd);

  ok = draw_numbers (sizes, numbers, error);
  if (ok)
    {
      const char *argv[] = { "qpdf", "--no-warn", input, "--overlay", numbers, "--", output, NULL };
      int status = qpdfjob_run_from_argv (argv);

      /* 0 is success, 3 success with warnings. */
      if (status != 0 && status != 3)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Could not number the pages of the PDF (qpdf status %d)."), status);
          ok = FALSE;
        }
    }
  g_unlink (numbers);
  return ok;
}

/* The job holds its task while WebKit works, and lets go here, once. */
static void
complete (GTask  *task,
          GError *error)
{
  Job *job = g_task_get_task_data (task);

  if (job->operation == NULL && error == NULL)
    return;
  if (job->load_handler != 0)
    {
      g_signal_handler_disconnect (clp_reading_view_get_web_view (job->view), job->load_handler);
      job->load_handler = 0;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Numbering reads and writes the whole PDF, thousands of pages for a long
 * thread: a worker does it, then lands the file. A cancelled export
 * leaves no file. */
static void
land_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !number_pages (job->printed, job->numbered, &error) ||
      g_cancellable_set_error_if_cancelled (cancellable, &error))
    g_task_return_error (task, error);
  else if (g_rename (job->numbered, job->target) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not save %s: %s"), job->target, g_strerror (saved_errno));
    }
  else
    g_task_return_boolean (task, TRUE);
}

static void
landed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;

  /* Renamed into place: nothing left to remove. */
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_clear_pointer (&job->numbered, g_free);
  complete (task, error);
}

static void
print_finished_cb (WebKitPrintOperation *operation,
                   GTask                *task)
{
  g_autoptr(GTask) land = NULL;

  if (g_task_get_completed (task))
    return;
  /* The job stays with @task, which is held until complete(). */
  land = g_task_new (NULL, g_task_get_cancellable (task), landed_cb, task);
  g_task_set_source_tag (land, print_finished_cb);
  /* The worker checks the cancellable itself: a file it landed is told as landed. */
  g_task_set_check_cancellable (land, FALSE);
  g_task_set_task_data (land, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (land, land_thread);
}

static void
print_failed_cb (WebKitPrintOperation *operation,
                 GError               *error,
                 GTask                *task)
{
  if (!g_task_get_completed (task))
    complete (task, g_error_copy (error));
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 GTask           *task)
{
  Job *job = g_task_get_task_data (task);
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autofree char *uri = NULL;

  if (event != WEBKIT_LOAD_FINISHED || job->operation != NULL)
    return;

  uri = g_filename_to_uri (job->printed, NULL, NULL);
  settings = gtk_print_settings_new ();
  gtk_print_settings_set_printer (settings, "Print to File");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);

  setup = gtk_page_setup_new ();
  {
    g_autoptr(GtkPaperSize) paper = gtk_paper_size_new (gtk_paper_size_get_default ());

    gtk_page_setup_set_paper_size (setup, paper);
  }
  gtk_page_setup_set_top_margin (setup, MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, MARGIN_MM, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, FOOTER_MM, GTK_UNIT_MM);

  job->operation = webkit_print_operation_new (web_view);
  webkit_print_operation_set_print_settings (job->operation, settings);
  webkit_print_operation_set_page_setup (job->operation, setup);
  g_signal_connect_object (job->operation, "finished", G_CALLBACK (print_finished_cb), task, 0);
  g_signal_connect_object (job->operation, "failed", G_CALLBACK (print_failed_cb), task, 0);
  webkit_print_operation_print (job->operation);
}

/* Prints @html (a page from the HTML exporter) to @target, a local file. */
static void
print_html_async (const char          *html,
                  GFile               *target,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  Job *job = g_new0 (Job, 1);
  int fd;

  g_task_set_source_tag (task, print_html_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  job->target = g_file_get_path (target);
  if (job->target == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Exports are written to local folders only."));
      return;
    }
  folder = g_path_get_dirname (job->target);
  name = g_path_get_basename (job->target);

  /* Both temporary files beside the target, so the last step is a rename. */
  job->printed = g_strdup_printf ("%s/.%s.XXXXXX", folder, name);
  fd = g_mkstemp_full (job->printed, O_RDWR, 0666);
  if (fd >= 0)
    close (fd);
  job->numbered = g_strdup_printf ("%s/.%s.XXXXXX", folder, name);
  if (fd >= 0)
    fd = g_mkstemp_full (job->numbered, O_RDWR, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not write in %s: %s"), folder, g_strerror (saved_errno));
      return;
    }
  close (fd);

  g_object_ref (task);  /* released by complete() */
  job->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (job->window), 800, 1000);
  job->view = g_object_new (CLP_TYPE_READING_VIEW, NULL);
  gtk_window_set_child (GTK_WINDOW (job->window), GTK_WIDGET (job->view));
  job->load_handler = g_signal_connect (clp_reading_view_get_web_view (job->view), "load-changed",
                                        G_CALLBACK (load_changed_cb), task);
  clp_reading_view_serve_html (job->view, html);
}

static gboolean
print_html_finish (GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} RunState;

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunState *state = user_data;

  print_html_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

/**
 * clp_pdf_printer_run:
 *
 * `clippings --html-to-pdf HTML PDF`, for clippings-cli: prints and
 * returns the exit status.
 */
int
clp_pdf_printer_run (const char *html_path,
                     const char *pdf_path)
{
  g_autofree char *html = NULL;
  g_autoptr(GFile) target = g_file_new_for_commandline_arg (pdf_path);
  g_autoptr(GError) error = NULL;
  RunState state = { 0 };

  if (!g_file_get_contents (html_path, &html, NULL, &error))
    {
      g_printerr ("clippings: %s\n", error->message);
      return 1;
    }
  if (!gtk_init_check ())
    {
      g_printerr (_("clippings: PDF export needs a graphical session.\n"));
      return 1;
    }
  state.loop = g_main_loop_new (NULL, FALSE);
  print_html_async (html, target, NULL, run_done_cb, &state);
  g_main_loop_run (state.loop);
  g_main_loop_unref (state.loop);
  if (state.error != NULL)
    {
      g_printerr ("clippings: %s\n", state.error->message);
      g_error_free (state.error);
      return 1;
    }
  return 0;
}

/* The printer the export job is handed, for PDF. */

struct _ClpPdfPrinter
{
  GObject parent_instance;
};

static void clp_pdf_printer_iface_init (ClpPrinterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ClpPdfPrinter, clp_pdf_printer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLP_TYPE_PRINTER, clp_pdf_printer_iface_init))

static void
clp_pdf_printer_class_init (ClpPdfPrinterClass *klass)
{
}

static void
clp_pdf_printer_init (ClpPdfPrinter *self)
{
}

static void
clp_pdf_printer_print_async (ClpPrinter          *printer,
                             const char          *html,
                             GFile               *target,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  print_html_async (html, target, cancellable, callback, user_data);
}

static gboolean
clp_pdf_printer_print_finish (ClpPrinter    *printer,
                              GAsyncResult  *result,
                              GError       **error)
{
  return print_html_finish (result, error);
}

static void
clp_pdf_printer_iface_init (ClpPrinterInterface *iface)
{
  iface->print_async = clp_pdf_printer_print_async;
  iface->print_finish = clp_pdf_printer_print_finish;
}

/**
 * clp_pdf_printer_new:
 *
 * Returns: (transfer full): a printer that prints in this process, with
 *   WebKit
 */
ClpPrinter *
clp_pdf_printer_new (void)
{
  return g_object_new (CLP_TYPE_PDF_PRINTER, NULL);
}
