/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "clp-import.h"
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
#undef ADD
  g_test_add_func ("/core/store/refuse", test_refuse);
  g_test_add_func ("/core/store/default-path", test_default_path);

  return g_test_run ();
}
