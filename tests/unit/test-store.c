/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "clp-archive.h"
#include "clp-import.h"
#include "clp-import-job.h"
#include "clp-importer.h"
#include "clp-store-sink.h"
#include "clp-test-util.h"

typedef struct
{
  char     *dir;
  char     *path;
  ClpStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = clp_test_make_dir ();
  fixture->path = g_build_filename (fixture->dir, "sub", "folder", "archive.db", NULL);
  fixture->store = clp_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  clp_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static ClpImportReport *
import (ClpStore   *store,
        const char *name)
{
  g_autofree char *path = clp_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return clp_import_file (store, file, name, NULL, NULL, NULL);
}

static gint64
count (const char *path,
       const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* A new archive: folders made, schema at the current version, WAL, marked
 * as a Clippings archive. */
static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *mode = query_text (fixture->path, "PRAGMA journal_mode");

  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (count (fixture->path, "PRAGMA user_version"), ==, CLP_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count (fixture->path, "PRAGMA application_id"), ==, 0x434c5047);
  g_assert_cmpstr (mode, ==, "wal");
}

/* The section choices of the article list come from an index, not from
 * reading every article with its body; the SQL is that of
 * clp_store_list_names(). */
static void
test_section_index (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "EXPLAIN QUERY PLAN SELECT DISTINCT section FROM articles"
                                           " WHERE section IS NOT NULL"
                                           " ORDER BY section COLLATE NOCASE", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_nonnull (strstr (plan->str, "COVERING INDEX articles_section"));
}

/* Opening it again migrates nothing and keeps everything. */
static void
test_reopen (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(ClpImportReport) report = import (fixture->store, "ferry.txt");
  g_autoptr(ClpStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_clear_object (&fixture->store);
  before = clp_test_dump_archive (fixture->path);
  again = clp_store_open (fixture->path, &error);
  g_assert_no_error (error);
  after = clp_test_dump_archive (fixture->path);
  g_assert_cmpstr (before, ==, after);
}

/* The sample lands with every field where it belongs. */
static void
test_import_sample (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(ClpImportReport) report = import (fixture->store, "ferry.txt");
  g_autoptr(ClpArticle) article = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *importer = NULL;
  ClpComment *reply = NULL;

  g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpstr (report->importer, ==, "text");
  g_assert_cmpint (report->articles_new, ==, 1);
  g_assert_cmpint (report->comments_new, ==, 6);
  g_assert_cmpuint (report->article_ids->len, ==, 1);

  article = clp_store_load_article (fixture->store, g_array_index (report->article_ids, gint64, 0),
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpstr (article->title, ==, "Harbour board delays vote on night ferry timetable");
  g_assert_cmpstr (article->source, ==, "The Coastal Ledger");
  g_assert_cmpstr (article->section, ==, "Business");
  g_assert_cmpstr (article->published, ==, "2019-03-14");
  g_assert_cmpstr (article->dateline, ==, "PORT ELLIS");
  g_assert_cmpuint (article->body->len, ==, 4);
  g_assert_cmpint (article->declared_comment_count, ==, 6);
  g_assert_cmpint (article->comment_count, ==, 6);

  comments = clp_store_load_comments (fixture->store, article->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 6);
  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);

      if (comment->parent_id != 0)
        {
          g_assert_null (reply);
          reply = comment;
        }
    }
  g_assert_nonnull (reply);
  g_assert_cmpstr (reply->author, ==, "Marit");
  g_assert_cmpint (reply->depth, ==, 1);
  g_assert_cmpstr (((ClpComment *) g_ptr_array_index (comments, 1))->author, ==, "J. Okafor");
  g_assert_cmpint (reply->parent_id, ==, ((ClpComment *) g_ptr_array_index (comments, 1))->id);
  g_assert_cmpint (((ClpComment *) g_ptr_array_index (comments, 1))->reply_count, ==, 1);

  /* Where it came from. */
  importer = query_text (fixture->path, "SELECT importer || ' ' || file_size || ' ' || length(sha256)"
                                        " || ' ' || outcome FROM imports");
  g_assert_cmpstr (importer, ==, "text 1543 64 imported");
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM comments WHERE import_id IS NULL"),
                   ==, 0);
}

/* The full-text index follows the tables: words of titles, bodies, authors
 * and comments are found, accents folded. */
static void
test_fulltext (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(ClpImportReport) report = import (fixture->store, "ferry.txt");

  g_assert_cmpint (count (fixture->path,
                          "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'cannery'"),
                   ==, 1);
  g_assert_cmpint (count (fixture->path,
                          "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'author:marit'"),
                   ==, 2);
  g_assert_cmpint (count (fixture->path,
                          "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'petition'"),
                   ==, 1);
  g_assert_cmpint (count (fixture->path,
                          "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'ferry'"),
                   ==, 1);
  /* "ridership" typed with an accent still matches. */
  g_assert_cmpint (count (fixture->path,
                          "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'rídership'"),
                   ==, 1);
  /* The Urdu comment is indexed. */
  g_assert_cmpint (count (fixture->path,
                          "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH '\"خبر\"'"),
                   ==, 1);
}

/* A failure half-way through an import leaves the archive exactly as it
 * was, whichever write fails. */
static void
test_injected_failure (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "threads.txt");
  g_autofree char *before = NULL;

  g_assert_cmpint (first->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  before = clp_test_dump_archive (fixture->path);

  for (int fail_at = 0; fail_at < 10; fail_at++)
    {
      g_autoptr(ClpImportReport) report = clp_import_report_new ("ferry-resaved.txt");
      g_autoptr(ClpStoreSink) transaction = NULL;
      g_autoptr(ClpImporter) importer = NULL;
      g_autofree char *path = clp_test_data_path ("ferry-resaved.txt");
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      gboolean ok;

      importer = clp_importer_new_for_content ((const guint8 *) "Title\n", 6, "x", &error);
      transaction = clp_store_begin_import (fixture->store, path, 1, "0123", "text", report,
                                            &error);
      g_assert_no_error (error);
      clp_store_sink_fail_after (transaction, fail_at);
      ok = clp_importer_import (importer, G_INPUT_STREAM (stream), "ferry-resaved.txt",
                                CLP_IMPORT_SINK (transaction), NULL, &error) &&
           clp_store_sink_commit (transaction, NULL, &error);
      g_assert_false (ok);
      g_assert_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_INJECTED);
      clp_store_sink_abort (transaction);
      g_clear_object (&transaction);

      after = clp_test_dump_archive (fixture->path);
      g_assert_cmpstr (before, ==, after);
    }

  /* And the store still works afterwards. */
  {
    g_autoptr(ClpImportReport) report = import (fixture->store, "ferry.txt");

    g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
    g_assert_cmpint (report->comments_new, ==, 6);
  }
}

/* A file Clippings cannot read writes nothing, not even an import record. */
static void
test_bad_file (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const bad[] = { "binary.bin", "empty.txt", "not-article.txt", "latin1.txt" };
  g_autofree char *before = NULL;

  g_clear_pointer (&before, g_free);
  {
    g_autoptr(ClpImportReport) first = import (fixture->store, "ferry.txt");
  }
  before = clp_test_dump_archive (fixture->path);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(ClpImportReport) report = import (fixture->store, bad[i]);
      g_autofree char *after = clp_test_dump_archive (fixture->path);

      g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_FAILED);
      g_assert_nonnull (report->error);
      g_assert_nonnull (strstr (report->error->message, bad[i]));
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = clp_test_data_path ("ferry.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(ClpImportReport) report = NULL;

  g_cancellable_cancel (cancellable);
  report = clp_import_file (fixture->store, file, "ferry.txt", NULL, NULL, cancellable);
  g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_CANCELLED);
  g_assert_null (report->error);
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM articles"), ==, 0);
}

/* A database that is not an archive, a newer archive and a file that is
 * not a database are refused, byte for byte untouched. */
static void
check_refused (const char *path,
               int         code)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length, after_length;
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  g_assert_true (g_file_get_contents (path, &before, &before_length, NULL));
  store = clp_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CLP_STORE_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "untouched"));
  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuse (void)
{
  g_autofree char *dir = clp_test_make_dir ();
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.db", NULL);
  g_autofree char *text = clp_test_write_file (dir, "notes.db",
                                               "These are my notes, not a database at all. "
                                               "Padding so SQLite reads a full header............"
                                               "...........................................",
                                               -1);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE recipes (name TEXT); "
                                     "INSERT INTO recipes VALUES ('bread')", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 1129074759; PRAGMA user_version = 99;"
                                     "CREATE TABLE future (x)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  check_refused (other, CLP_STORE_ERROR_NOT_ARCHIVE);
  check_refused (newer, CLP_STORE_ERROR_NEWER_SCHEMA);
  check_refused (text, CLP_STORE_ERROR_NOT_ARCHIVE);
  clp_test_remove_dir (dir);
}

/* Another program holding the write lock is reported as such, and the
 * archive is untouched. */
static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(ClpImportReport) report = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  report = import (fixture->store, "ferry.txt");
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);

  g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_FAILED);
  g_assert_error (report->error, CLP_STORE_ERROR, CLP_STORE_ERROR_LOCKED);
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM articles"), ==, 0);
}

static void
test_default_path (void)
{
  g_autofree char *path = NULL;

  g_setenv ("CLIPPINGS_DB", "/tmp/elsewhere.db", TRUE);
  path = clp_store_default_path ();
  g_assert_cmpstr (path, ==, "/tmp/elsewhere.db");
  g_free (path);
  g_unsetenv ("CLIPPINGS_DB");
  path = clp_store_default_path ();
  g_assert_true (g_str_has_suffix (path, "/clippings/archive.db"));
  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
}

/* The checks find nothing in a sound archive and find a damaged index. */
static void
test_check (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(ClpImportReport) report = import (fixture->store, "ferry.txt");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_true (clp_store_check (fixture->store, problems, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Remove one comment's words from the index behind the store's back. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO comments_fts (comments_fts, rowid, author, text)"
                                 " SELECT 'delete', id, author, text FROM comments LIMIT 1",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_true (clp_store_check (fixture->store, problems, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, >, 0);
}

static void
test_list_orders (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const files[] = { "ferry.txt", "threads.txt", "no-comments.txt",
                                        "truncated.txt" };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(ClpImportReport) report = import (fixture->store, files[i]);

      g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
    }

  ids = clp_store_list_article_ids (fixture->store, CLP_ARTICLE_ORDER_PUBLISHED, TRUE, NULL, &error);
  g_assert_no_error (error);
  articles = clp_store_load_articles (fixture->store, (gint64 *) ids->data, ids->len, FALSE, &error);
  g_assert_cmpuint (articles->len, ==, 4);
  g_assert_cmpstr (((ClpArticle *) g_ptr_array_index (articles, 0))->published, ==, "2021-04-02");
  g_assert_cmpstr (((ClpArticle *) g_ptr_array_index (articles, 3))->published, ==, "2018-01-09");
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&articles, g_ptr_array_unref);

  ids = clp_store_list_article_ids (fixture->store, CLP_ARTICLE_ORDER_COMMENTS, TRUE, NULL, &error);
  articles = clp_store_load_articles (fixture->store, (gint64 *) ids->data, ids->len, FALSE, &error);
  g_assert_cmpint (((ClpArticle *) g_ptr_array_index (articles, 0))->comment_count, ==, 7);
  g_assert_cmpint (((ClpArticle *) g_ptr_array_index (articles, 3))->comment_count, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&articles, g_ptr_array_unref);

  ids = clp_store_list_article_ids (fixture->store, CLP_ARTICLE_ORDER_TITLE, FALSE, NULL, &error);
  articles = clp_store_load_articles (fixture->store, (gint64 *) ids->data, ids->len, FALSE, &error);
  g_assert_cmpstr (((ClpArticle *) g_ptr_array_index (articles, 0))->title, ==,
                   "Council approves bike lanes on Quay Street");
  g_assert_cmpstr (((ClpArticle *) g_ptr_array_index (articles, 3))->title, ==,
                   "Tide tables for the spring season");
}

static void
test_stats (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(ClpImportReport) a = import (fixture->store, "ferry.txt");
  g_autoptr(ClpImportReport) b = import (fixture->store, "threads.txt");
  g_autoptr(GError) error = NULL;
  ClpStoreStats stats;

  g_assert_true (clp_store_get_stats (fixture->store, &stats, &error));
  g_assert_cmpint (stats.articles, ==, 2);
  g_assert_cmpint (stats.comments, ==, 13);
  g_assert_cmpint (stats.sources, ==, 2);
  g_assert_cmpint (stats.imports, ==, 2);
  g_assert_cmpstr (stats.first_day, ==, "2019-03-13");
  g_assert_cmpstr (stats.last_day, ==, "2021-04-03");
  g_assert_cmpint (stats.file_size, >, 0);
  clp_store_stats_clear (&stats);
}

/* Recover copies every column a healthy archive holds: the site's
 * offsets (WordPress) and the article of comments without a thread
 * (Disqus) come over as they were. */
static void
test_recover_columns (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(ClpImportReport) a = import (fixture->store, "wordpress-1.2.xml");
  g_autoptr(ClpImportReport) b = import (fixture->store, "disqus-harbour-orphans.xml");
  g_autofree char *copy = g_build_filename (fixture->dir, "recovered.db", NULL);
  static const char * const checks[] = {
    "SELECT count(*) FROM comments WHERE posted_offset IS NOT NULL",
    "SELECT count(*) FROM articles WHERE holds_orphans",
    "SELECT count(*) FROM comments",
    "SELECT total(posted_offset) FROM comments",
  };
  g_autoptr(GError) error = NULL;
  ClpRecoverCounts counts;

  g_assert_no_error (a->error);
  g_assert_no_error (b->error);
  g_assert_cmpint (count (fixture->path, checks[0]), >, 0);
  g_assert_cmpint (count (fixture->path, checks[1]), ==, 1);
  g_assert_true (clp_store_recover (fixture->path, copy, &counts, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    g_assert_cmpint (count (copy, checks[i]), ==, count (fixture->path, checks[i]));
}

/* An archive as Clippings wrote it at schema version 5
 * (tests/data/archive-v5.sql says what it holds), opened by this one. */
static ClpStore *
open_v5_archive (Fixture     *fixture,
                 const char  *name,
                 char       **path)
{
  g_autofree char *sql_path = clp_test_data_path ("archive-v5.sql");
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  ClpStore *store;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, NULL));
  *path = g_build_filename (fixture->dir, name, NULL);
  g_assert_cmpint (sqlite3_open (*path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (count (*path, "PRAGMA user_version"), ==, 5);

  store = clp_store_open (*path, &error);
  g_assert_no_error (error);
  return store;
}

/* The Disqus imports of a version 5 archive each left an article of
 * comments without a thread; the migration merges them into the first,
 * each comment once, replies under what they answer. */
static void
test_migrate_orphans (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(ClpStore) store = open_v5_archive (fixture, "v5.db", &path);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(ClpArticle) orphans = NULL;
  g_autoptr(GError) error = NULL;
  ClpComment *lost, *reply, *stray;

  g_assert_cmpint (count (path, "PRAGMA user_version"), ==, CLP_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count (path, "SELECT count(*) FROM articles"
                                " WHERE title = 'Comments without a thread'"), ==, 1);
  g_assert_cmpint (count (path, "SELECT count(*) FROM articles WHERE holds_orphans"), ==, 1);
  g_assert_cmpint (count (path, "SELECT count(*) FROM articles"), ==, 7);
  g_assert_cmpint (count (path, "SELECT count(*) FROM comments"), ==, 25);

  orphans = clp_store_load_article (store, count (path, "SELECT id FROM articles"
                                                        " WHERE holds_orphans"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (orphans->comment_count, ==, 3);
  comments = clp_store_load_comments (store, orphans->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 3);
  lost = clp_test_find_comment (comments, "Lost Reader", 0);
  reply = clp_test_find_comment (comments, "lost reader", 0);
  stray = clp_test_find_comment (comments, "Second Stray", 0);
  g_assert_cmpint (reply->parent_id, ==, lost->id);
  g_assert_cmpint (reply->depth, ==, 1);
  g_assert_cmpint (lost->reply_count, ==, 1);
  g_assert_cmpint (stray->depth, ==, 0);
  /* Page order: the first save's comment, then what the second added. */
  g_assert_true (g_ptr_array_index (comments, 0) == lost);
  g_assert_true (g_ptr_array_index (comments, 1) == stray);

  /* The rest is as it was, and the full-text index agrees. */
  g_assert_cmpint (count (path, "SELECT comment_count FROM articles WHERE id = 1"), ==, 4);
  g_assert_true (clp_store_check (store, problems, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Times in a version 5 archive: instants kept, and the Berlin clock the
 * comments were imported on no longer what they are compared by. A newer
 * export imported here, in UTC, finds every post again, and its orphans
 * join the merged orphan article, which takes the forum as its source. */
static void
test_migrate_times (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(ClpStore) store = open_v5_archive (fixture, "v5.db", &path);
  g_autofree char *source = clp_test_data_path ("disqus-harbour-orphans.xml");
  g_autofree char *contents = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(ClpImportReport) report = NULL;
  g_autoptr(ClpArticle) orphans = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing knew the site's offset before. */
  g_assert_cmpint (count (path, "SELECT count(*) FROM comments WHERE posted_offset IS NOT NULL"),
                   ==, 0);
  g_assert_cmpint (count (path, "SELECT count(*) FROM comments WHERE posted_utc IS NOT NULL"), ==,
                   19);

  /* Shown in the zone of the computer reading it (the tests' UTC). */
  comments = clp_store_load_comments (store, 1, &error);
  g_assert_no_error (error);
  shown = clp_comment_dup_shown_time (clp_test_find_comment (comments, "Marit", 0));
  g_assert_cmpstr (shown, ==, "2019-03-13T21:12:00");
  g_clear_pointer (&comments, g_ptr_array_unref);

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  copy = clp_test_write_file (fixture->dir, "orphans-again.xml", contents, strlen (contents) - 1);
  file = g_file_new_for_path (copy);
  report = clp_import_file (store, file, "orphans-again.xml", NULL, NULL, NULL);
  g_assert_no_error (report->error);
  g_assert_cmpint (report->articles_new, ==, 0);
  g_assert_cmpint (report->comments_new, ==, 0);
  g_assert_cmpint (report->comments_duplicate, ==, 11);
  g_assert_cmpint (report->orphans, ==, 3);

  g_assert_cmpint (count (path, "SELECT count(*) FROM articles WHERE holds_orphans"), ==, 1);
  orphans = clp_store_load_article (store, count (path, "SELECT id FROM articles"
                                                        " WHERE holds_orphans"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (orphans->source, ==, "coastal-ledger");
  g_assert_cmpint (orphans->comment_count, ==, 3);
}

/* Batches of files (clp-store-batch.c): what a crash, a second program
 * and a failed commit leave. */

static ClpImportReport *
import_in_batch (ClpStoreBatch *batch,
                 const char    *name)
{
  g_autofree char *path = clp_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return clp_import_file_in_batch (batch, file, name, NULL, NULL, NULL);
}

/* The folder a subprocess test shares with its parent, named after the
 * parent's process. */
static char *
subprocess_dir (void)
{
  g_autofree char *name = g_strdup_printf ("clippings-test-batch-%d",
                                           (int) (g_test_subprocess () ? getppid () : getpid ()));
  char *dir = g_build_filename (g_get_tmp_dir (), name, NULL);

  if (!g_test_subprocess ())
    g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  return dir;
}

/* A process that dies with a batch open (the files landed in it, not
 * committed) leaves the archive as its last commit left it: the batch's
 * files are not recorded as imported, and the next run imports them. */
static void
test_batch_crash (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  ClpStoreStats stats;

  if (g_test_subprocess ())
    {
      g_autoptr(ClpStoreBatch) batch = NULL;
      g_autoptr(ClpImportReport) committed = NULL;
      g_autoptr(ClpImportReport) first = NULL;
      g_autoptr(ClpImportReport) second = NULL;

      dir = subprocess_dir ();
      path = g_build_filename (dir, "archive.db", NULL);
      store = clp_store_open (path, &error);
      g_assert_no_error (error);
      committed = import (store, "fares.txt");
      g_assert_cmpint (committed->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);

      batch = clp_store_batch_new (store);
      first = import_in_batch (batch, "ferry.txt");
      second = import_in_batch (batch, "threads.txt");
      g_assert_cmpint (second->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
      g_assert_cmpuint (clp_store_batch_get_n_files (batch), ==, 2);
      /* Dies here: no commit, no rollback, no close. */
      _exit (0);
    }

  dir = subprocess_dir ();
  path = g_build_filename (dir, "archive.db", NULL);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  store = clp_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (clp_store_get_stats (store, &stats, &error));
  g_assert_cmpint (stats.imports, ==, 1);
  g_assert_cmpint (stats.articles, ==, 1);
  g_assert_cmpint (stats.comments, ==, 4);
  clp_store_stats_clear (&stats);
  {
    g_autoptr(ClpImportReport) again = import (store, "ferry.txt");
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

    g_assert_cmpint (again->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
    g_assert_cmpint (again->articles_new, ==, 1);
    g_assert_cmpint (again->comments_new, ==, 6);
    g_assert_true (clp_store_check (store, problems, NULL, &error));
    g_assert_cmpuint (problems->len, ==, 0);
  }
  g_clear_object (&store);
  clp_test_remove_dir (dir);
}

typedef struct
{
  char            *path;
  ClpImportReport *report;
} SecondProgram;

static gpointer
second_program_thread (gpointer data)
{
  SecondProgram *second = data;
  g_autoptr(ClpStore) store = clp_store_open (second->path, NULL);

  g_assert_nonnull (store);
  second->report = import (store, "ferry.txt");
  return NULL;
}

/* Two imports of one file at once, on two connections as two programs
 * would: the second waits for the first's batch, then finds the file
 * imported; the archive records it once. */
static void
test_batch_concurrent (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ClpStoreBatch) batch = clp_store_batch_new (fixture->store);
  g_autoptr(ClpImportReport) first = import_in_batch (batch, "ferry.txt");
  SecondProgram second = { fixture->path, NULL };
  GThread *thread;

  g_assert_cmpint (first->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  thread = g_thread_new ("second-program", second_program_thread, &second);
  /* Long enough for the second to be waiting for the write lock. */
  g_usleep (300 * 1000);
  g_assert_true (clp_store_batch_commit (batch, NULL));
  g_thread_join (thread);

  g_assert_cmpint (second.report->outcome, ==, CLP_IMPORT_OUTCOME_UNCHANGED);
  g_assert_cmpint (second.report->import_id, ==, first->import_id);
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM imports"), ==, 1);
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM articles"), ==, 1);
  clp_import_report_unref (second.report);
}

static char *
make_folder (const char         *dir,
             const char * const *names,
             guint               n_names)
{
  char *folder = g_build_filename (dir, "folder", NULL);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint i = 0; i < n_names; i++)
    {
      g_autofree char *from = clp_test_data_path (names[i]);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_free (clp_test_write_file (folder, names[i], contents, length));
    }
  return folder;
}

static GPtrArray *
run_import_job (ClpArchive *archive,
                const char *folder,
                GCallback   file_done,
                gpointer    user_data)
{
  g_autoptr(GFile) root = g_file_new_for_path (folder);
  g_autoptr(ClpImportJob) job = clp_import_job_new (archive, &root, 1);
  g_autoptr(GError) error = NULL;
  GPtrArray *reports;

  if (file_done != NULL)
    g_signal_connect (job, "file-done", file_done, user_data);
  reports = clp_import_job_run (job, NULL, &error);
  g_assert_no_error (error);
  return reports;
}

typedef struct
{
  const char *path;
  guint       told;
} Told;

static void
told_cb (ClpImportJob    *job,
         ClpImportReport *report,
         Told            *told)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM imports WHERE file_name LIKE '%%/%s'",
                                          report->file_name);

  /* Told of a file imported: another program sees it in the archive. */
  g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (count (told->path, sql), ==, 1);
  told->told++;
}

/* A folder's import tells of each file once its batch has committed. */
static void
test_batch_told_after_commit (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char * const names[] = { "ferry.txt", "threads.txt", "fares.txt",
                                        "no-comments.txt" };
  g_autofree char *folder = make_folder (fixture->dir, names, G_N_ELEMENTS (names));
  g_autoptr(ClpArchive) archive = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;
  Told told = { fixture->path, 0 };

  g_clear_object (&fixture->store);
  archive = clp_archive_open (fixture->path, CLP_ARCHIVE_OPEN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  reports = run_import_job (archive, folder, G_CALLBACK (told_cb), &told);
  g_assert_cmpuint (reports->len, ==, G_N_ELEMENTS (names));
  g_assert_cmpuint (told.told, ==, G_N_ELEMENTS (names));
  clp_test_close_archive (g_steal_pointer (&archive));
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM articles"), ==, 4);
}

/* A batch whose commit fails (here the archive may not grow: the
 * process's file size limit, as a full disk would) reports every file of
 * it failed, with why, and leaves the archive as its last commit did. */
static void
test_batch_commit_fails (void)
{
  static const char * const names[] = { "ferry.txt", "threads.txt", "truncated.txt" };
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(ClpArchive) archive = NULL;
      g_autoptr(GPtrArray) first = NULL;
      g_autoptr(GPtrArray) reports = NULL;
      g_autofree char *folder = NULL;
      g_autofree char *start = NULL;
      struct rlimit limit = { 0 };
      static const char * const fares[] = { "fares.txt" };

      dir = subprocess_dir ();
      path = g_build_filename (dir, "archive.db", NULL);
      archive = clp_archive_open (path, CLP_ARCHIVE_OPEN_DEFAULT, NULL, &error);
      g_assert_no_error (error);
      start = g_build_filename (dir, "start", NULL);
      g_assert_cmpint (g_mkdir (start, 0700), ==, 0);
      folder = make_folder (start, fares, 1);
      first = run_import_job (archive, folder, NULL, NULL);
      g_assert_cmpint (((ClpImportReport *) g_ptr_array_index (first, 0))->outcome, ==,
                       CLP_IMPORT_OUTCOME_IMPORTED);

      /* From here on nothing may be written past the first 32 KiB of a
       * file: the log's first few pages. */
      g_free (folder);
      folder = make_folder (dir, names, G_N_ELEMENTS (names));
      signal (SIGXFSZ, SIG_IGN);
      limit.rlim_cur = limit.rlim_max = 32 * 1024;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      reports = run_import_job (archive, folder, NULL, NULL);
      g_assert_cmpuint (reports->len, ==, G_N_ELEMENTS (names));
      for (guint i = 0; i < reports->len; i++)
        {
          ClpImportReport *report = g_ptr_array_index (reports, i);

          g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_FAILED);
          g_assert_error (report->error, CLP_STORE_ERROR, CLP_STORE_ERROR_FAILED);
          g_assert_cmpint (report->comments_new, ==, 0);
        }
      return;
    }

  dir = subprocess_dir ();
  path = g_build_filename (dir, "archive.db", NULL);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  g_assert_cmpint (count (path, "SELECT count(*) FROM imports"), ==, 1);
  g_assert_cmpint (count (path, "SELECT count(*) FROM articles"), ==, 1);
  g_assert_cmpint (count (path, "SELECT count(*) FROM comments"), ==, 4);
  clp_test_remove_dir (dir);
}


/* Large imports: the indexes only searches and lists read go for the
 * import's duration, and searches and lists meanwhile give the same. */

static gint64
count_deferrable (const char *path)
{
  return count (path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN"
                      " ('comments_author', 'comments_posted', 'articles_published',"
                      " 'articles_title', 'articles_comment_count', 'articles_section')");
}

/* What searches and lists answer, in one string. */
static char *
answers (ClpStore *store)
{
  static const char * const queries[] = { "author:marit", "night", "after:2019-03-14", "ferry" };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(ClpQuery) query = clp_query_parse (queries[i], &error);
      g_autoptr(GPtrArray) hits = clp_store_search (store, query, CLP_SEARCH_ORDER_NEWEST, 0, 50,
                                                    NULL, &error);

      g_assert_no_error (error);
      g_string_append_printf (out, "%s:", queries[i]);
      for (guint h = 0; h < hits->len; h++)
        g_string_append_printf (out, " %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                ((ClpSearchHit *) g_ptr_array_index (hits, h))->article_id,
                                ((ClpSearchHit *) g_ptr_array_index (hits, h))->comment_id);
      g_string_append_c (out, '\n');
    }
  for (ClpArticleOrder order = CLP_ARTICLE_ORDER_PUBLISHED; order <= CLP_ARTICLE_ORDER_COMMENTS;
       order++)
    {
      g_autoptr(GArray) ids = clp_store_list_article_ids (store, order, TRUE, NULL, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < ids->len; i++)
        g_string_append_printf (out, " %" G_GINT64_FORMAT, g_array_index (ids, gint64, i));
      g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_batch_deferred_indexes (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char * const names[] = { "ferry.txt", "threads.txt", "fares.txt" };
  g_autoptr(ClpStoreBatch) batch = clp_store_batch_new (fixture->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *without = NULL;
  g_autofree char *after = NULL;
  gboolean deferred = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(ClpImportReport) report = import (fixture->store, names[i]);

      g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
    }
  before = answers (fixture->store);

  /* A small import keeps them. */
  g_assert_true (clp_store_batch_defer_indexes (batch, 1024 * 1024, &deferred, &error));
  g_assert_false (deferred);
  g_assert_cmpint (count_deferrable (fixture->path), ==, 6);

  g_assert_true (clp_store_batch_defer_indexes (batch, G_GINT64_CONSTANT (1) << 30, &deferred,
                                                &error));
  g_assert_no_error (error);
  g_assert_true (deferred);
  g_assert_cmpint (count_deferrable (fixture->path), ==, 0);
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM deferred_indexes"), ==, 6);
  without = answers (fixture->store);
  g_assert_cmpstr (without, ==, before);

  g_assert_true (clp_store_batch_restore_indexes (batch, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_deferrable (fixture->path), ==, 6);
  g_assert_cmpint (count (fixture->path, "SELECT count(*) FROM deferred_indexes"), ==, 0);
  after = answers (fixture->store);
  g_assert_cmpstr (after, ==, before);
}

/* An import that dies with the indexes away leaves them away; the next
 * import, however small, makes them again. */
static void
test_batch_deferred_crash (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(ClpStore) store = NULL;
      g_autoptr(ClpStoreBatch) batch = NULL;
      g_autoptr(ClpImportReport) report = NULL;
      g_autoptr(GError) error = NULL;
      gboolean deferred = FALSE;

      dir = subprocess_dir ();
      path = g_build_filename (dir, "archive.db", NULL);
      store = clp_store_open (path, &error);
      batch = clp_store_batch_new (store);
      g_assert_true (clp_store_batch_defer_indexes (batch, G_GINT64_CONSTANT (1) << 30,
                                                    &deferred, &error));
      g_assert_true (deferred);
      report = import_in_batch (batch, "ferry.txt");
      g_assert_true (clp_store_batch_commit (batch, &error));
      _exit (0);
    }

  dir = subprocess_dir ();
  path = g_build_filename (dir, "archive.db", NULL);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_assert_cmpint (count_deferrable (path), ==, 0);
  g_assert_cmpint (count (path, "SELECT count(*) FROM articles"), ==, 1);

  {
    static const char * const names[] = { "threads.txt" };
    g_autofree char *folder = make_folder (dir, names, 1);
    ClpArchive *archive = clp_archive_open (path, CLP_ARCHIVE_OPEN_DEFAULT, NULL, NULL);
    g_autoptr(GPtrArray) reports = run_import_job (archive, folder, NULL, NULL);

    clp_test_close_archive (archive);
  }
  g_assert_cmpint (count_deferrable (path), ==, 6);
  g_assert_cmpint (count (path, "SELECT count(*) FROM deferred_indexes"), ==, 0);
  g_assert_cmpint (count (path, "SELECT count(*) FROM articles"), ==, 2);
  clp_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("create", test_create);
  ADD ("section-index", test_section_index);
  ADD ("reopen", test_reopen);
  ADD ("import-sample", test_import_sample);
  ADD ("fulltext", test_fulltext);
  ADD ("injected-failure", test_injected_failure);
  ADD ("bad-file", test_bad_file);
  ADD ("cancel", test_cancel);
  ADD ("locked", test_locked);
  ADD ("check", test_check);
  ADD ("list-orders", test_list_orders);
  ADD ("stats", test_stats);
  ADD ("migrate-orphans", test_migrate_orphans);
  ADD ("migrate-times", test_migrate_times);
  ADD ("recover-columns", test_recover_columns);
  ADD ("batch/concurrent", test_batch_concurrent);
  ADD ("batch/told-after-commit", test_batch_told_after_commit);
  ADD ("batch/deferred-indexes", test_batch_deferred_indexes);
#undef ADD
  g_test_add_func ("/core/store/batch/crash", test_batch_crash);
  g_test_add_func ("/core/store/batch/commit-fails", test_batch_commit_fails);
  g_test_add_func ("/core/store/batch/deferred-crash", test_batch_deferred_crash);
  g_test_add_func ("/core/store/refuse", test_refuse);
  g_test_add_func ("/core/store/default-path", test_default_path);

  return g_test_run ();
}
