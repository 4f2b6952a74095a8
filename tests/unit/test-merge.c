/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "clp-import.h"
#include "clp-importer.h"
#include "clp-store-sink.h"
#include "clp-test-util.h"

typedef struct
{
  char     *dir;
  ClpStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = clp_test_make_dir ();
  path = g_build_filename (fixture->dir, "archive.db", NULL);
  fixture->store = clp_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  clp_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static ClpImportReport *
import_path (ClpStore   *store,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_path_get_basename (path);
  ClpImportReport *report = clp_import_file (store, file, name, NULL, NULL, NULL);

  g_assert_no_error (report->error);
  return report;
}

static ClpImportReport *
import (ClpStore   *store,
        const char *name)
{
  g_autofree char *path = clp_test_data_path (name);

  return import_path (store, path);
}

/* Writes a variant of a fixture with @from replaced by @to. */
static char *
variant (Fixture    *fixture,
         const char *name,
         const char *new_name,
         const char *from,
         const char *to)
{
  g_autofree char *path = clp_test_data_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GString) changed = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  changed = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (changed, from, to, 1), ==, 1);
  return clp_test_write_file (fixture->dir, new_name, changed->str, changed->len);
}

static GPtrArray *
comments_of (ClpStore *store,
             gint64    article_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *comments = clp_store_load_comments (store, article_id, &error);

  g_assert_no_error (error);
  return comments;
}

static gint64
only_article (ClpStore *store)
{
  g_autoptr(GArray) ids = clp_store_list_article_ids (store, CLP_ARTICLE_ORDER_IMPORTED, FALSE,
                                                      NULL, NULL);

  g_assert_cmpuint (ids->len, ==, 1);
  return g_array_index (ids, gint64, 0);
}

/* The same file twice: the second time changes nothing at all. */
static void
test_same_file (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "ferry.txt");
  g_autoptr(ClpImportReport) second = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "archive.db", NULL);

  before = clp_test_dump_archive (path);
  second = import (fixture->store, "ferry.txt");
  after = clp_test_dump_archive (path);

  g_assert_cmpint (second->outcome, ==, CLP_IMPORT_OUTCOME_UNCHANGED);
  g_assert_cmpint (second->import_id, ==, first->import_id);
  /* It names the article it brought the first time, to show it again. */
  g_assert_cmpuint (second->article_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (second->article_ids, gint64, 0), ==,
                   g_array_index (first->article_ids, gint64, 0));
  g_assert_nonnull (second->previous_import_at);
  g_assert_cmpstr (before, ==, after);
}

/* The same page saved as CRLF with a BOM is different bytes, same article:
 * it merges with nothing new. */
static void
test_same_content (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "ferry.txt");
  g_autoptr(ClpImportReport) second = import (fixture->store, "ferry-crlf-bom.txt");
  g_autoptr(GPtrArray) comments = NULL;

  g_assert_cmpint (second->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (second->articles_new, ==, 0);
  g_assert_cmpint (second->articles_merged, ==, 1);
  g_assert_cmpint (second->comments_new, ==, 0);
  g_assert_cmpint (second->comments_duplicate, ==, 6);
  g_assert_cmpint (second->comments_missing, ==, 0);
  comments = comments_of (fixture->store, only_article (fixture->store));
  g_assert_cmpuint (comments->len, ==, 6);
}

/* A re-save with one more comment adds exactly that comment, as a reply
 * under the archived comment it answers. */
static void
test_resave_adds (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "ferry.txt");
  g_autoptr(ClpImportReport) second = import (fixture->store, "ferry-resaved.txt");
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ClpArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  ClpComment *added = NULL, *parent = NULL;

  g_assert_cmpint (second->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (second->articles_new, ==, 0);
  g_assert_cmpint (second->articles_merged, ==, 1);
  g_assert_cmpint (second->comments_new, ==, 1);
  g_assert_cmpint (second->comments_duplicate, ==, 6);
  g_assert_cmpint (second->comments_missing, ==, 0);

  article = clp_store_load_article (fixture->store, only_article (fixture->store), NULL);
  /* The newer save's count is the page's newer claim. */
  g_assert_cmpint (article->declared_comment_count, ==, 7);
  g_assert_cmpint (article->comment_count, ==, 7);

  comments = comments_of (fixture->store, article->id);
  g_assert_cmpuint (comments->len, ==, 7);
  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);

      if (g_strcmp0 (comment->posted_at, "2019-03-14T06:02:00") == 0)
        added = comment;
      if (g_strcmp0 (comment->posted_at, "2019-03-13T22:31:00") == 0)
        parent = comment;
    }
  g_assert_nonnull (added);
  g_assert_nonnull (parent);
  g_assert_cmpstr (added->author, ==, "J. Okafor");
  g_assert_cmpint (added->parent_id, ==, parent->id);
  g_assert_cmpint (added->depth, ==, 2);
  g_assert_cmpint (parent->reply_count, ==, 1);

  /* The full-text index holds the added comment once and the duplicates
   * not twice: its check against the comments table finds no difference. */
  g_assert_true (clp_store_check (fixture->store, problems, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* A re-save that lost a comment keeps the archived one and says so. */
static void
test_resave_missing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "ferry.txt");
  g_autoptr(ClpImportReport) second = import (fixture->store, "ferry-lost-comment.txt");
  g_autoptr(GPtrArray) comments = NULL;
  gboolean dev_kept = FALSE;

  g_assert_cmpint (second->comments_new, ==, 0);
  g_assert_cmpint (second->comments_duplicate, ==, 5);
  g_assert_cmpint (second->comments_missing, ==, 1);

  comments = comments_of (fixture->store, only_article (fixture->store));
  g_assert_cmpuint (comments->len, ==, 6);
  for (guint i = 0; i < comments->len; i++)
    if (g_str_equal (((ClpComment *) g_ptr_array_index (comments, i))->author, "Dev"))
      dev_kept = TRUE;
  g_assert_true (dev_kept);
}

/* Merging in the other order: the newer save first, then the older. */
static void
test_older_after_newer (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "ferry-resaved.txt");
  g_autoptr(ClpImportReport) second = import (fixture->store, "ferry.txt");

  g_assert_cmpint (second->comments_new, ==, 0);
  g_assert_cmpint (second->comments_duplicate, ==, 6);
  g_assert_cmpint (second->comments_missing, ==, 1);
}

/* The author's case does not make a comment new; a reader who posted the
 * same words twice keeps both posts, in the first import and in merges. */
static void
test_comment_identity (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "truncated.txt");
  g_autofree char *recased = variant (fixture, "truncated.txt", "recased.txt",
                                      "Reader Comments (23)\n\n  \u2022 Ines",
                                      "Reader Comments (23)\n\n  \u2022 INES");
  g_autoptr(ClpImportReport) second = import_path (fixture->store, recased);
  g_autofree char *extra = variant (fixture, "truncated.txt", "third-post.txt",
                                    "Reader Comments (23)\n",
                                    "Reader Comments (23)\n\n  \u2022 Ines\n"
                                    "    Jan 9, 2018 - 11:59PM\n\n    Again?\n\n");
  g_autoptr(ClpImportReport) third = import_path (fixture->store, extra);
  g_autoptr(GPtrArray) comments = NULL;

  g_assert_cmpint (first->comments_new, ==, 2);
  g_assert_cmpint (second->comments_new, ==, 0);
  g_assert_cmpint (second->comments_duplicate, ==, 2);
  /* Three identical posts now: two match the archive, one is new. */
  g_assert_cmpint (third->comments_new, ==, 1);
  g_assert_cmpint (third->comments_duplicate, ==, 2);

  comments = comments_of (fixture->store, only_article (fixture->store));
  g_assert_cmpuint (comments->len, ==, 3);
  /* The name stays as first written. */
  g_assert_cmpstr (((ClpComment *) g_ptr_array_index (comments, 0))->author, ==, "Ines");
}

/* Without a URL, an article is the same when source, title and publication
 * day are; another day is another article. */
static void
test_article_identity (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "ferry.txt");
  g_autofree char *other_day = variant (fixture, "ferry.txt", "other-day.txt",
                                        "Published: March 14, 2019", "Published: March 21, 2019");
  g_autofree char *other_source = variant (fixture, "ferry.txt", "other-source.txt",
                                           "Published in The Coastal Ledger",
                                           "Published in The Inland Ledger");
  g_autoptr(ClpImportReport) second = import_path (fixture->store, other_day);
  g_autoptr(ClpImportReport) third = import_path (fixture->store, other_source);

  g_assert_cmpint (second->articles_new, ==, 1);
  g_assert_cmpint (second->comments_new, ==, 6);
  g_assert_cmpint (third->articles_new, ==, 1);
}

/* A merge fills what the archived copy lacked, and changes nothing else. */
static void
test_fill_missing_fields (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *bare = variant (fixture, "ferry.txt", "bare.txt", "More in Business\n", "");
  g_autoptr(ClpImportReport) first = import_path (fixture->store, bare);
  g_autoptr(ClpImportReport) second = import (fixture->store, "ferry.txt");
  g_autoptr(ClpArticle) article = clp_store_load_article (fixture->store,
                                                          only_article (fixture->store), NULL);

  g_assert_cmpint (second->articles_merged, ==, 1);
  g_assert_cmpstr (article->section, ==, "Business");
  g_assert_cmpuint (article->body->len, ==, 4);
}


/* Batches: many files in one transaction, each in a savepoint. */

static ClpImportReport *
import_in_batch (ClpStoreBatch *batch,
                 const char    *name)
{
  g_autofree char *path = clp_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return clp_import_file_in_batch (batch, file, name, NULL, NULL, NULL);
}

/* What a reader sees of an archive, row by row, the full-text index's own
 * tables left out (their segments depend on when the index wrote them;
 * clp_store_check() compares the index with the rows). */
static char *
dump_rows (Fixture *fixture)
{
  static const char * const queries[] = {
    "SELECT id, file_name, importer, outcome, articles_new, articles_merged, comments_new,"
    " comments_duplicate, comments_missing, warnings FROM imports ORDER BY id",
    "SELECT id, import_id, source_id, title, url, published, body, declared_comment_count,"
    " comment_count, hidden_comment_count FROM articles ORDER BY id",
    "SELECT id, article_id, parent_id, import_id, position, depth, reply_count, author,"
    " posted_at, text, status FROM comments ORDER BY id",
    "SELECT id, name FROM sources ORDER BY id",
  };
  g_autofree char *path = g_build_filename (fixture->dir, "archive.db", NULL);
  g_autoptr(GString) dump = g_string_new (NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_true (clp_store_check (fixture->store, problems, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int i = 0; i < sqlite3_column_count (stmt); i++)
            {
              const char *value = (const char *) sqlite3_column_text (stmt, i);

              /* Files are named by path, in a folder each fixture makes. */
              if (value != NULL && g_str_has_prefix (value, "/"))
                value = strrchr (value, '/');
              g_string_append_printf (dump, "%s|", value != NULL ? value : "NULL");
            }
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

/* A file that fails half-way (the XML is cut short after some of its
 * posts) is rolled back alone: the batch's files before and after it land,
 * exactly as they would without it; so does a failing first file, which
 * has no savepoint of its own. */
static void
test_batch_failing_file (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ClpStoreBatch) batch = clp_store_batch_new (fixture->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *with_failure = NULL;
  g_autofree char *without = NULL;
  const char *files[] = { "disqus-truncated.xml", "ferry.txt", "disqus-truncated.xml",
                          "threads.txt" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(ClpImportReport) report = import_in_batch (batch, files[i]);

      if (i % 2 == 0)
        {
          g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_FAILED);
          g_assert_nonnull (report->error);
        }
      else
        g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
    }
  g_assert_cmpuint (clp_store_batch_get_n_files (batch), ==, 2);
  g_assert_true (clp_store_batch_commit (batch, &error));
  g_assert_no_error (error);
  with_failure = dump_rows (fixture);

  /* The same two files in a new archive, without the failing one. */
  g_clear_object (&batch);
  fixture_tear_down (fixture, data);
  fixture_set_up (fixture, data);
  batch = clp_store_batch_new (fixture->store);
  for (guint i = 1; i < G_N_ELEMENTS (files); i += 2)
    {
      g_autoptr(ClpImportReport) report = import_in_batch (batch, files[i]);

      g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
    }
  g_assert_true (clp_store_batch_commit (batch, &error));
  without = dump_rows (fixture);

  g_assert_cmpstr (with_failure, ==, without);
  g_assert_nonnull (strstr (without, "Council approves bike lanes"));
  g_assert_null (strstr (without, "disqus-truncated.xml"));
}

/* Whichever write of a file in the middle of a batch fails, the batch
 * lands as if that file had never been in it. */
static void
test_batch_injected_failure (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *reference = NULL;
  int fail_at;

  {
    g_autoptr(ClpStoreBatch) batch = clp_store_batch_new (fixture->store);
    g_autoptr(ClpImportReport) first = import_in_batch (batch, "threads.txt");
    g_autoptr(ClpImportReport) last = import_in_batch (batch, "fares.txt");

    g_assert_true (clp_store_batch_commit (batch, NULL));
    reference = dump_rows (fixture);
  }

  for (fail_at = 0;; fail_at++)
    {
      g_autoptr(ClpStoreBatch) batch = NULL;
      g_autoptr(ClpImportReport) first = NULL;
      g_autoptr(ClpImportReport) last = NULL;
      g_autoptr(ClpImportReport) report = clp_import_report_new ("ferry-resaved.txt");
      g_autoptr(ClpStoreSink) sink = NULL;
      g_autoptr(ClpImporter) importer = NULL;
      g_autofree char *path = clp_test_data_path ("ferry-resaved.txt");
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      gboolean ok;

      fixture_tear_down (fixture, data);
      fixture_set_up (fixture, data);
      batch = clp_store_batch_new (fixture->store);
      first = import_in_batch (batch, "threads.txt");
      g_assert_cmpint (first->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);

      importer = clp_importer_new_for_content ((const guint8 *) "Title\n", 6, "x", &error);
      sink = clp_store_begin_import_in_batch (batch, path, 1, "0123", "text", report, &error);
      g_assert_no_error (error);
      clp_store_sink_fail_after (sink, fail_at);
      ok = clp_importer_import (importer, G_INPUT_STREAM (stream), "ferry-resaved.txt",
                                CLP_IMPORT_SINK (sink), NULL, &error) &&
           clp_store_sink_commit (sink, NULL, &error);
      if (ok)
        {
          /* Past the file's last write: it landed, and the loop is done. */
          g_assert_cmpint (fail_at, >, 5);
          break;
        }
      g_assert_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_INJECTED);
      clp_store_sink_abort (sink);

      last = import_in_batch (batch, "fares.txt");
      g_assert_cmpint (last->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
      g_assert_true (clp_store_batch_commit (batch, NULL));
      after = dump_rows (fixture);
      g_assert_cmpstr (after, ==, reference);
    }
}

/* A file merges with an earlier file of its own batch as with one
 * committed before it; the same bytes twice in one batch land once. */
static void
test_batch_merge_within (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ClpStoreBatch) batch = clp_store_batch_new (fixture->store);
  g_autoptr(ClpImportReport) first = import_in_batch (batch, "ferry.txt");
  g_autoptr(ClpImportReport) second = import_in_batch (batch, "ferry-resaved.txt");
  g_autoptr(ClpImportReport) again = import_in_batch (batch, "ferry.txt");
  g_autofree char *batched = NULL;
  g_autofree char *sequential = NULL;

  g_assert_cmpint (second->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (second->articles_merged, ==, 1);
  g_assert_cmpint (second->comments_new, ==, 1);
  g_assert_cmpint (second->comments_duplicate, ==, 6);
  g_assert_cmpint (again->outcome, ==, CLP_IMPORT_OUTCOME_UNCHANGED);
  g_assert_cmpint (again->import_id, ==, first->import_id);
  g_assert_true (clp_store_batch_commit (batch, NULL));
  batched = dump_rows (fixture);

  g_clear_object (&batch);
  fixture_tear_down (fixture, data);
  fixture_set_up (fixture, data);
  g_clear_pointer (&first, clp_import_report_unref);
  g_clear_pointer (&second, clp_import_report_unref);
  first = import (fixture->store, "ferry.txt");
  second = import (fixture->store, "ferry-resaved.txt");
  sequential = dump_rows (fixture);
  g_assert_cmpstr (batched, ==, sequential);
}


/* An article a batch added, and filled by a later file of the same batch,
 * is found by the words the later file brought: the batch indexes what
 * its rows hold at its commit. */
static void
test_batch_fill_within (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char bare[] =
    "{\"format\": \"clippings\", \"version\": 1, \"articles\": [{\"id\": 1,"
    " \"title\": \"Airships return\", \"url\": \"https://example.org/airships\","
    " \"body\": [], \"comments\": []}]}";
  static const char full[] =
    "{\"format\": \"clippings\", \"version\": 1, \"articles\": [{\"id\": 1,"
    " \"title\": \"Airships return\", \"url\": \"https://example.org/airships\","
    " \"body\": [\"Zeppelins over the harbour again.\"], \"comments\": []}]}";
  g_autofree char *bare_path = clp_test_write_file (fixture->dir, "bare.json", bare, -1);
  g_autofree char *full_path = clp_test_write_file (fixture->dir, "full.json", full, -1);
  g_autoptr(GFile) bare_file = g_file_new_for_path (bare_path);
  g_autoptr(GFile) full_file = g_file_new_for_path (full_path);
  g_autoptr(ClpStoreBatch) batch = clp_store_batch_new (fixture->store);
  g_autoptr(ClpImportReport) first = clp_import_file_in_batch (batch, bare_file, "bare.json",
                                                               NULL, NULL, NULL);
  g_autoptr(ClpImportReport) second = clp_import_file_in_batch (batch, full_file, "full.json",
                                                                NULL, NULL, NULL);
  g_autoptr(ClpQuery) query = clp_query_parse ("zeppelins", NULL);
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *rows = NULL;

  g_assert_cmpint (first->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (second->articles_merged, ==, 1);
  g_assert_true (clp_store_batch_commit (batch, NULL));
  /* The full-text index agrees with the rows. */
  rows = dump_rows (fixture);
  hits = clp_store_search (fixture->store, query, CLP_SEARCH_ORDER_NEWEST, 0, 10, NULL, NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((ClpSearchHit *) g_ptr_array_index (hits, 0))->article_id, ==,
                   g_array_index (first->article_ids, gint64, 0));
}

/* Nothing of a batch is in the archive before its commit, and nothing
 * after a rollback. */
static void
test_batch_rollback (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "archive.db", NULL);
  g_autoptr(ClpImportReport) kept = import (fixture->store, "fares.txt");
  g_autoptr(ClpStoreBatch) batch = clp_store_batch_new (fixture->store);
  g_autoptr(ClpImportReport) first = import_in_batch (batch, "ferry.txt");
  g_autoptr(ClpImportReport) second = import_in_batch (batch, "threads.txt");
  g_autoptr(ClpStore) other = clp_store_open_full (path, CLP_STORE_OPEN_READ_ONLY, NULL);
  ClpStoreStats stats;

  g_assert_cmpint (second->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  /* Another connection sees the archive as it was. */
  g_assert_true (clp_store_get_stats (other, &stats, NULL));
  g_assert_cmpint (stats.articles, ==, 1);
  g_assert_cmpint (stats.imports, ==, 1);
  clp_store_stats_clear (&stats);

  clp_store_batch_rollback (batch);
  g_assert_cmpuint (clp_store_batch_get_n_files (batch), ==, 0);
  g_assert_true (clp_store_get_stats (fixture->store, &stats, NULL));
  g_assert_cmpint (stats.articles, ==, 1);
  g_assert_cmpint (stats.comments, ==, 4);
  g_assert_cmpint (stats.imports, ==, 1);
  clp_store_stats_clear (&stats);

  /* And the files import again, as new. */
  g_clear_pointer (&first, clp_import_report_unref);
  first = import (fixture->store, "ferry.txt");
  g_assert_cmpint (first->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (first->comments_new, ==, 6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/merge/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("same-file", test_same_file);
  ADD ("same-content", test_same_content);
  ADD ("resave-adds", test_resave_adds);
  ADD ("resave-missing", test_resave_missing);
  ADD ("older-after-newer", test_older_after_newer);
  ADD ("comment-identity", test_comment_identity);
  ADD ("article-identity", test_article_identity);
  ADD ("fill-missing-fields", test_fill_missing_fields);
  ADD ("batch/failing-file", test_batch_failing_file);
  ADD ("batch/injected-failure", test_batch_injected_failure);
  ADD ("batch/merge-within", test_batch_merge_within);
  ADD ("batch/rollback", test_batch_rollback);
  ADD ("batch/fill-within", test_batch_fill_within);
#undef ADD

  return g_test_run ();
}
