/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-exporter.h"
#include "clp-query.h"
#include "clp-test-util.h"

/* Each vocabulary lives in one table in the core; what people read
 * elsewhere (the settings' choices, the command line's help, the README)
 * must say the same. */

static char *
read_source (const char *relative)
{
  g_autofree char *path = g_build_filename (g_getenv ("CLIPPINGS_SOURCE_ROOT"), relative, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
run_cli (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_ptr_array_add (argv, (char *) g_getenv ("CLIPPINGS_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  return out;
}

/* The export-format setting takes exactly the formats there are. */
static void
test_formats_in_settings (void)
{
  g_autofree char *schema = read_source ("data/io.github.clippings.Clippings.gschema.xml");
  const char *key = strstr (schema, "<key name=\"export-format\"");
  g_autofree char *choices = NULL;
  guint n_choices = 0;

  g_assert_nonnull (key);
  choices = g_strndup (key, strstr (key, "</key>") - key);
  for (const char *p = strstr (choices, "<choice value=\""); p != NULL;
       p = strstr (p + 1, "<choice value=\""))
    n_choices++;
  g_assert_cmpuint (n_choices, ==, clp_exporter_get_n_formats ());
  for (guint i = 0; i < clp_exporter_get_n_formats (); i++)
    {
      g_autofree char *choice = g_strdup_printf ("<choice value=\"%s\"/>",
                                                 clp_exporter_get_format (i)->name);

      g_assert_nonnull (strstr (choices, choice));
    }
}

/* The README's table of formats has a row for each, and no other. */
static void
test_formats_in_readme (void)
{
  g_autofree char *readme = read_source ("README.md");
  g_auto(GStrv) lines = g_strsplit (readme, "\n", -1);
  guint rows = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean known = FALSE;

      if (!g_str_has_prefix (lines[i], "| `"))
        continue;
      for (guint k = 0; k < clp_exporter_get_n_formats (); k++)
        {
          g_autofree char *cell = g_strdup_printf ("| `%s` ", clp_exporter_get_format (k)->name);

          known = known || g_str_has_prefix (lines[i], cell);
        }
      /* Other tables start their rows with code too; the format table
       * is the one whose rows name formats. */
      if (known)
        rows++;
    }
  g_assert_cmpuint (rows, ==, clp_exporter_get_n_formats ());
}

/* `export --help` lists every format with its label. */
static void
test_formats_in_cli_help (void)
{
  const char * const args[] = { "export", "--help", NULL };
  g_autofree char *help = run_cli (args);

  for (guint i = 0; i < clp_exporter_get_n_formats (); i++)
    {
      ClpExporterClass *format = clp_exporter_get_format (i);

      g_assert_nonnull (strstr (help, format->name));
      g_assert_nonnull (strstr (help, format->label));
    }
}

/* `search --help` and the README show every form of the language. */
static void
test_query_syntax_described (void)
{
  const char * const args[] = { "search", "--help", NULL };
  g_autofree char *help = run_cli (args);
  g_autofree char *readme = read_source ("README.md");
  const ClpQuerySyntax *syntax;
  guint n_rows;

  syntax = clp_query_get_syntax (&n_rows);
  g_assert_cmpuint (n_rows, >, 10);
  for (guint i = 0; i < n_rows; i++)
    {
      g_assert_nonnull (strstr (help, syntax[i].example));
      if (syntax[i].field != NULL)
        {
          g_autofree char *field = g_strdup_printf ("`%s:", syntax[i].field);

          if (strstr (readme, field) == NULL)
            g_error ("The README's Searching section does not show %s:", syntax[i].field);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vocabulary/formats/settings", test_formats_in_settings);
  g_test_add_func ("/vocabulary/formats/readme", test_formats_in_readme);
  g_test_add_func ("/vocabulary/formats/cli-help", test_formats_in_cli_help);
  g_test_add_func ("/vocabulary/query/described", test_query_syntax_described);

  return g_test_run ();
}
