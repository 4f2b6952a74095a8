/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clippings-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "clp-cli.h"
#include "clp-import-job.h"
#include "clp-json-exporter.h"

/* clippings-cli import: one report per file as it is done. */

const GOptionEntry clp_cli_import_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print one JSON object per file"), NULL },
  { NULL }
};

typedef struct
{
  gboolean tty;
  gboolean shown;    /* a progress line is on the terminal */
  int      failed;
  guint    files;
} ImportState;

/* "name:  45%" on a terminal, on one line that the report replaces. */
static void
progress_cb (ClpJob      *job,
             GParamSpec  *pspec,
             ImportState *state)
{
  g_autofree char *current = clp_job_dup_current (job);

  if (!state->tty || current == NULL)
    return;
  g_printerr ("\r%s: %3d%%", current, (int) (clp_job_get_fraction (job) * 100));
  state->shown = TRUE;
}

static void
print_report_json (ClpImportReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  static const char * const outcomes[] = { "imported", "unchanged", "failed", "cancelled" };
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, report->file_name);
  clp_json_add_string (builder, "format", report->importer);
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, outcomes[report->outcome]);
  clp_json_add_string (builder, "error", report->error != NULL ? report->error->message : NULL);

#define COUNT(field) \
  json_builder_set_member_name (builder, #field); \
  json_builder_add_int_value (builder, report->field);
  COUNT (articles_new);
  COUNT (articles_merged);
  COUNT (comments_new);
  COUNT (comments_duplicate);
  COUNT (comments_missing);
  COUNT (orphans);
  COUNT (unresolved_parents);
#undef COUNT

  json_builder_set_member_name (builder, "skipped");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, report->skipped);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_int_value (builder, GPOINTER_TO_INT (value));
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (report->warnings, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "article_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->article_ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (report->article_ids, gint64, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  clp_cli_print_json_node (root);
}

static void
print_report (ClpImportReport *report)
{
  g_autofree char *summary = clp_import_report_describe (report);

  if (report->outcome == CLP_IMPORT_OUTCOME_FAILED)
    {
      g_printerr ("clippings-cli: %s\n", summary);
      return;
    }
  g_print ("%s: %s\n", report->file_name, summary);
  for (guint i = 0; i < report->warnings->len; i++)
    g_print (_("  warning: %s\n"), (const char *) g_ptr_array_index (report->warnings, i));
}

static void
file_done_cb (ClpImportJob    *job,
              ClpImportReport *report,
              ImportState     *state)
{
  if (state->shown)
    g_printerr ("\r\033[K");
  state->shown = FALSE;
  if (opt_json)
    print_report_json (report);
  else
    print_report (report);
  state->files++;
  if (report->outcome == CLP_IMPORT_OUTCOME_FAILED)
    state->failed++;
}

int
clp_cli_run_import (int    argc,
                    char **argv)
{
  g_autoptr(ClpArchive) archive = NULL;
  g_autoptr(ClpImportJob) job = NULL;
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GFile) here = g_file_new_for_path (".");
  g_autoptr(GError) error = NULL;
  ImportState state = { 0 };

  if (argc < 2)
    {
      g_printerr (_("clippings-cli: name at least one file or folder to import\n"));
      return EXIT_USAGE;
    }

  archive = clp_cli_open_archive (CLP_ARCHIVE_OPEN_DEFAULT);
  if (archive == NULL)
    return EXIT_FAILED;
  if (clp_archive_is_read_only (archive))
    return clp_cli_fail ("%s", clp_archive_get_read_only_reason (archive));

  for (int i = 1; i < argc; i++)
    g_ptr_array_add (roots, g_file_new_for_commandline_arg (argv[i]));
  job = clp_import_job_new (archive, (GFile **) roots->pdata, roots->len);
  /* Name files as the user would: relative to where they stand. */
  clp_import_job_set_names_from (job, here);
  state.tty = isatty (STDERR_FILENO);
  g_signal_connect (job, "notify::fraction", G_CALLBACK (progress_cb), &state);
  g_signal_connect (job, "file-done", G_CALLBACK (file_done_cb), &state);
  reports = clp_import_job_run (job, NULL, &error);
  if (reports == NULL)
    return clp_cli_fail ("%s", error->message);

  if (state.failed > 0)
    {
      g_printerr (g_dngettext (NULL, "clippings-cli: %d file of %u could not be imported\n",
                               "clippings-cli: %d files of %u could not be imported\n",
                               state.failed),
                  state.failed, state.files);
      return EXIT_FAILED;
    }
  return EXIT_OK;
}
