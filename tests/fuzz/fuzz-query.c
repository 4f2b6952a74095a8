/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "clp-import.h"
#include "clp-query.h"
#include "clp-store.h"

/* Fuzz target for the query language: any bytes are parsed, and what
 * parses is run against an archive, so that neither the parser nor the SQL
 * and FTS5 text the store makes of a query can be made to fail. With
 * fuzz-driver.c it replays corpus/query/ as a test. */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static ClpStore *store;

/* The archive lives in a folder of its own for the whole run, and goes
 * with it. */
static void
remove_store (void)
{
  g_autofree char *path = g_strdup (clp_store_get_path (store));
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

static ClpStore *
get_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (store != NULL)
    return store;
  dir = g_dir_make_tmp ("clippings-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "archive.db", NULL);
  store = clp_store_open (path, &error);
  g_assert_no_error (error);
  atexit (remove_store);
  /* Under meson the fixtures give the queries something to find. */
  if (g_getenv ("CLIPPINGS_TEST_DATA") != NULL)
    for (guint i = 0; i < 2; i++)
      {
        const char *names[] = { "ferry.txt", "threads.txt" };
        g_autofree char *fixture = g_build_filename (g_getenv ("CLIPPINGS_TEST_DATA"), names[i],
                                                     NULL);
        g_autoptr(GFile) file = g_file_new_for_path (fixture);
        g_autoptr(ClpImportReport) report = clp_import_file (store, file, names[i], NULL, NULL,
                                                             NULL);

        g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
      }
  return store;
}

static void
run_query (ClpQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GArray) context = NULL;
  gint64 articles = 0, comments = 0;

  for (ClpSearchOrder order = CLP_SEARCH_ORDER_NEWEST; order <= CLP_SEARCH_ORDER_RELEVANCE; order++)
    {
      hits = clp_store_search (get_store (), query, order, 0, 5, NULL, &error);
      g_assert_no_error (error);
      g_clear_pointer (&hits, g_ptr_array_unref);
    }
  ids = clp_store_list_matching_article_ids (get_store (), query, CLP_ARTICLE_ORDER_PUBLISHED,
                                             TRUE, 0, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (clp_store_count_matches (get_store (), query, &articles, &comments, NULL,
                                          &error));
  g_assert_no_error (error);
  g_assert_true (clp_store_match_comments (get_store (), 1, query, &matches, &context, NULL,
                                           &error));
  g_assert_no_error (error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpQuery) query = clp_query_parse (text, &error);

  if (query == NULL)
    {
      int offset = -1, length = -1;

      /* Every failure is a query error with a message and a place in the
       * text. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == CLP_QUERY_ERROR);
      g_assert_true (*error->message != '\0');
      g_assert_true (clp_query_error_get_span (error, &offset, &length));
      g_assert_cmpint (offset, >=, 0);
      g_assert_cmpint (length, >=, 1);
      if (g_utf8_validate (text, -1, NULL))
        g_assert_cmpint (offset, <=, g_utf8_strlen (text, -1));
      return 0;
    }

  {
    g_autofree char *tree = clp_query_to_string (query);
    g_autoptr(GPtrArray) terms = clp_query_get_terms (query);
    g_autofree char *snippet = clp_query_make_snippet (query, text, CLP_QUERY_FIELD_TEXT, 40);
    g_autofree char *title = clp_query_make_snippet (query, text, CLP_QUERY_FIELD_TITLE, 40);
    g_autoptr(GArray) names = clp_query_find_matches (query, text, CLP_QUERY_FIELD_AUTHOR);

    g_assert_nonnull (tree);
    g_assert_nonnull (terms);
    g_assert_nonnull (names);
    g_assert_true (g_utf8_validate (snippet, -1, NULL));
    g_assert_true (g_utf8_validate (title, -1, NULL));
  }
  run_query (query);
  return 0;
}
