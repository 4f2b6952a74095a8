/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clippings-cli"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "clp-cli.h"
#include "clp-export-job.h"
#include "clp-exporter.h"

/* clippings-cli export, and the printer it hands the export for PDF. */

static char *opt_format;
static char *opt_output;
static char *opt_ids;
static gboolean opt_force;
static gboolean opt_split;
static gboolean opt_hidden;

const GOptionEntry clp_cli_export_entries[] = {
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format,
    N_("The format (see the list below)"), N_("FORMAT") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("Write to this file (with --split: into this folder); - or none for standard output"),
    N_("PATH") },
  { "ids", 0, 0, G_OPTION_ARG_STRING, &opt_ids,
    N_("Export these articles only (comma-separated ids)"), N_("ID,…") },
  { "split", 0, 0, G_OPTION_ARG_NONE, &opt_split,
    N_("One file per article, named after its title, in the folder given with -o"), NULL },
  { "hidden", 0, 0, G_OPTION_ARG_NONE, &opt_hidden,
    N_("Include deleted and spam comments, marked"), NULL },
  { "force", 0, 0, G_OPTION_ARG_NONE, &opt_force, N_("Replace files that exist"), NULL },
  { NULL }
};

/**
 * clp_cli_describe_formats:
 *
 * Returns: the formats, one a line, for export's --help
 */
char *
clp_cli_describe_formats (void)
{
  g_autoptr(GString) text = g_string_new (_("Formats:\n"));

  for (guint i = 0; i < clp_exporter_get_n_formats (); i++)
    {
      ClpExporterClass *format = clp_exporter_get_format (i);

      g_string_append_printf (text, "  %-6s %s (.%s)\n", format->name, _(format->label),
                              format->extension);
    }
  g_string_append (text, _("With a query, only the comments it picks go, with the comments they "
                           "answer as context."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The printer: the window's program turns the HTML into PDF, since
 * printing needs WebKit and a display, which this command does without. */

#define CLP_TYPE_CLI_PRINTER (clp_cli_printer_get_type ())

G_DECLARE_FINAL_TYPE (ClpCliPrinter, clp_cli_printer, CLP, CLI_PRINTER, GObject)

struct _ClpCliPrinter
{
  GObject  parent_instance;
  char    *program;
};

static void clp_cli_printer_iface_init (ClpPrinterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ClpCliPrinter, clp_cli_printer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLP_TYPE_PRINTER,
                                                      clp_cli_printer_iface_init))

static void
clp_cli_printer_finalize (GObject *object)
{
  g_free (CLP_CLI_PRINTER (object)->program);

  G_OBJECT_CLASS (clp_cli_printer_parent_class)->finalize (object);
}

static void
clp_cli_printer_class_init (ClpCliPrinterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clp_cli_printer_finalize;
}

static void
clp_cli_printer_init (ClpCliPrinter *self)
{
}

typedef struct
{
  char *temp;
  char *target;
} Printing;

static void
printing_free (Printing *printing)
{
  if (printing->temp != NULL)
    g_unlink (printing->temp);
  g_free (printing->temp);
  g_free (printing->target);
  g_free (printing);
}

static void
printed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Printing *printing = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("The PDF could not be written to %s."), printing->target);
        }
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
clp_cli_printer_print_async (ClpPrinter          *printer,
                             const char          *html,
                             GFile               *target,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  ClpCliPrinter *self = CLP_CLI_PRINTER (printer);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GSubprocess) process = NULL;
  Printing *printing = g_new0 (Printing, 1);
  GError *error = NULL;
  int fd;

  g_task_set_task_data (task, printing, (GDestroyNotify) printing_free);
  printing->target = g_file_get_path (target);
  fd = g_file_open_tmp ("clippings-export-XXXXXX.html", &printing->temp, &error);
  if (fd < 0 || !g_file_set_contents (printing->temp, html, -1, &error))
    {
      if (fd >= 0)
        close (fd);
      g_task_return_error (task, error);
      return;
    }
  close (fd);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self->program, "--html-to-pdf",
                              printing->temp, printing->target, NULL);
  if (process == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_subprocess_wait_check_async (process, cancellable, printed_cb, g_steal_pointer (&task));
}

/* The export's HTML is in a file already: the window's program reads it
 * from there, and this process never holds the page. */
static void
clp_cli_printer_print_file_async (ClpPrinter          *printer,
                                  GFile               *html,
                                  GFile               *target,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ClpCliPrinter *self = CLP_CLI_PRINTER (printer);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *page = g_file_get_path (html);
  Printing *printing = g_new0 (Printing, 1);
  GError *error = NULL;

  g_task_set_task_data (task, printing, (GDestroyNotify) printing_free);
  printing->target = g_file_get_path (target);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self->program, "--html-to-pdf",
                              page, printing->target, NULL);
  if (process == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_subprocess_wait_check_async (process, cancellable, printed_cb, g_steal_pointer (&task));
}

static gboolean
clp_cli_printer_print_finish (ClpPrinter    *printer,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clp_cli_printer_iface_init (ClpPrinterInterface *iface)
{
  iface->print_async = clp_cli_printer_print_async;
  iface->print_finish = clp_cli_printer_print_finish;
  iface->print_file_async = clp_cli_printer_print_file_async;
  iface->print_file_finish = clp_cli_printer_print_finish;
}

/* The window's program beside this one (or the one in the build tree). */
static char *
find_gui_program (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;
  const char *env = g_getenv ("CLIPPINGS_GUI");
  const char * const candidates[] = { "clippings", "../ui/clippings" };

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  for (guint i = 0; dir != NULL && i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&path);
    }
  return g_find_program_in_path ("clippings");
}

/* A printer, or NULL when none can print here (said on stderr). */
static ClpPrinter *
make_printer (void)
{
  ClpCliPrinter *printer;
  g_autofree char *program = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      clp_cli_fail (_("PDF export prints through WebKit and needs a graphical session "
                      "(DISPLAY or WAYLAND_DISPLAY); run it on the desktop, or under xvfb-run."));
      return NULL;
    }
  program = find_gui_program ();
  if (program == NULL)
    {
      clp_cli_fail (_("PDF export needs the Clippings application (“clippings”), which is not "
                      "installed."));
      return NULL;
    }
  printer = g_object_new (CLP_TYPE_CLI_PRINTER, NULL);
  printer->program = g_steal_pointer (&program);
  return CLP_PRINTER (printer);
}

static GArray *
parse_ids (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 id;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      if (!clp_cli_parse_id (parts[i], &id))
        return NULL;
      g_array_append_val (ids, id);
    }
  return ids->len > 0 ? g_steal_pointer (&ids) : NULL;
}

int
clp_cli_run_export (int    argc,
                    char **argv)
{
  g_autoptr(ClpArchive) archive = NULL;
  g_autoptr(ClpExportJob) job = NULL;
  g_autoptr(ClpSearchRequest) request = NULL;
  g_autoptr(ClpPrinter) printer = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) written = NULL;
  gboolean to_stdout = opt_output == NULL || g_str_equal (opt_output, "-");
  gboolean prints;
  int status;

  if (argc > 1)
    {
      g_printerr (_("clippings-cli: export takes no arguments; choose articles with --ids\n"));
      return EXIT_USAGE;
    }
  if (opt_format == NULL)
    {
      g_printerr (_("clippings-cli: say which format with --format (%s)\n"),
                  clp_exporter_list_formats ());
      return EXIT_USAGE;
    }
  {
    g_autoptr(ClpExporter) exporter = clp_exporter_new_for_name (opt_format, &error);

    if (exporter == NULL)
      {
        g_printerr ("clippings-cli: %s\n", error->message);
        return EXIT_USAGE;
      }
    prints = clp_exporter_prints (exporter);
  }
  if (opt_ids != NULL)
    {
      ids = parse_ids (opt_ids);
      if (ids == NULL)
        {
          g_printerr (_("clippings-cli: --ids takes article ids separated by commas, like "
                        "--ids 1,2,5\n"));
          return EXIT_USAGE;
        }
    }
  if ((opt_split || prints) && to_stdout)
    {
      g_printerr (opt_split ? _("clippings-cli: --split writes files into a folder; name it with -o\n")
                            : _("clippings-cli: a PDF is written to a file; name it with -o\n"));
      return EXIT_USAGE;
    }

  status = clp_cli_request_from_options (&request);
  if (status >= 0)
    return status;

  if (prints)
    {
      printer = make_printer ();
      if (printer == NULL)
        return EXIT_FAILED;
    }

  archive = clp_cli_open_archive (CLP_ARCHIVE_OPEN_DEFAULT);
  if (archive == NULL)
    return EXIT_FAILED;
  job = clp_export_job_new (archive, opt_format, &error);
  g_assert_no_error (error);
  if (ids != NULL)
    clp_export_job_set_articles (job, (gint64 *) ids->data, ids->len);
  clp_export_job_set_request (job, request, TRUE);
  clp_export_job_set_show_hidden (job, opt_hidden);
  clp_export_job_set_printer (job, printer);
  if (to_stdout)
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      clp_export_job_set_stream (job, out);
    }
  else
    {
      g_autoptr(GFile) target = g_file_new_for_commandline_arg (opt_output);

      clp_export_job_set_target (job, target, opt_split, opt_force);
    }

  written = clp_export_job_run (job, NULL, &error);
  if (written == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) && !opt_split)
        return clp_cli_fail (_("%s exists; use --force to replace it"), opt_output);
      return clp_cli_fail ("%s", error->message);
    }
  if (opt_split)
    for (guint i = 0; i < written->len; i++)
      g_print ("%s\n", (const char *) g_ptr_array_index (written, i));
  return EXIT_OK;
}
