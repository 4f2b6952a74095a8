/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-safety"

#include "config.h"

#include "clp-safety-util.h"

#include <string.h>
#include <sqlite3.h>

static const char * const words[] = {
  "harbour", "ferry", "council", "vote", "night", "pier", "fuel", "budget", "cannery", "shift",
  "petition", "timetable", "review", "board", "crossing", "residents", "figures", "operator",
  "winter", "bridge", "school", "market", "library", "tram", "storm", "wages", "rent", "port",
};

void
clp_safety_file_free (ClpSafetyFile *file)
{
  g_free (file->path);
  g_free (file->url);
  g_free (file->sha256);
  g_free (file);
}

static void
append_words (GString *text,
              GRand   *rand,
              int      n)
{
  for (int i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
}

/* Comment @k of article @index of @tag: the same every time, so that a
 * newer save can hold it again and be merged. */
static void
append_comment (GString    *json,
                const char *tag,
                guint       index,
                int         k)
{
  g_autofree char *key = g_strdup_printf ("%s/%u/%d", tag, index, k);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_str_hash (key));
  int parent = k > 0 && g_rand_int_range (rand, 0, 3) == 0 ? g_rand_int_range (rand, 0, k) : -1;

  g_string_append_printf (json, "%s\n    {\"id\": %d, \"parent_id\": ", k > 0 ? "," : "", k + 1);
  if (parent >= 0)
    g_string_append_printf (json, "%d", parent + 1);
  else
    g_string_append (json, "null");
  g_string_append_printf (json, ", \"author\": \"reader%d\", \"posted_at\": "
                          "\"2020-%02u-%02dT%02d:%02d:00\", \"text\": \"Comment %s: ",
                          g_rand_int_range (rand, 0, 40), 1 + index % 12, 1 + k / 1440 % 28,
                          k / 60 % 24, k % 60, key);
  append_words (json, rand, g_rand_int_range (rand, 10, 60));
  g_string_append (json, ".\"}");
}

static ClpSafetyFile *
write_article (const char *dir,
               const char *name,
               const char *tag,
               guint       index,
               int         comments,
               int         before)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (index);
  g_autoptr(GError) error = NULL;
  ClpSafetyFile *file = g_new0 (ClpSafetyFile, 1);

  file->path = g_build_filename (dir, name, NULL);
  file->url = g_strdup_printf ("https://news.example/%s/%u", tag, index);
  file->comments = comments;
  file->before = before;

  g_string_append_printf (json, "{\"format\": \"clippings\", \"version\": 1, \"articles\": [\n"
                          "  {\"title\": \"Safety %s %u\", \"url\": \"%s\","
                          " \"source\": \"The Test Gazette\", \"section\": \"Local\","
                          " \"published\": \"2020-%02u-01\", \"body\": [",
                          tag, index, file->url, 1 + index % 12);
  for (int p = 0; p < 4; p++)
    {
      g_string_append (json, p > 0 ? ", \"" : "\"");
      append_words (json, rand, 40);
      g_string_append (json, ".\"");
    }
  g_string_append (json, "],\n   \"comments\": [");
  for (int k = 0; k < comments; k++)
    append_comment (json, tag, index, k);
  g_string_append (json, "]}]}\n");

  g_file_set_contents (file->path, json->str, json->len, &error);
  g_assert_no_error (error);
  file->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json->str, json->len);
  return file;
}

GPtrArray *
clp_safety_make_folder (const char *dir,
                        const char *tag,
                        guint       n,
                        int         min,
                        int         max,
                        guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_safety_file_free);

  g_mkdir_with_parents (dir, 0755);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%03u.json", tag, i);

      g_ptr_array_add (files, write_article (dir, name, tag, i,
                                             g_rand_int_range (rand, min, max + 1), 0));
    }
  return files;
}

GPtrArray *
clp_safety_make_resaves (const char *dir,
                         GPtrArray  *originals,
                         int         more,
                         guint32     seed)
{
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_safety_file_free);

  g_mkdir_with_parents (dir, 0755);
  for (guint i = 0; i < originals->len; i++)
    {
      ClpSafetyFile *original = g_ptr_array_index (originals, i);
      g_autofree char *base = g_path_get_basename (original->path);
      g_autofree char *name = g_strdup_printf ("resaved-%s", base);
      g_autofree char *tag = NULL;
      guint index;
      char *slash;

      /* The tag and the index are in the original's address. */
      tag = g_strdup (original->url + strlen ("https://news.example/"));
      slash = strrchr (tag, '/');
      index = atoi (slash + 1);
      *slash = '\0';
      g_ptr_array_add (files, write_article (dir, name, tag, index, original->comments + more,
                                             original->comments));
    }
  return files;
}

const char *
clp_safety_cli (void)
{
  const char *cli = g_getenv ("CLIPPINGS_CLI");

  g_assert_nonnull (cli);
  return cli;
}

const char *
clp_safety_gui (void)
{
  return g_getenv ("CLIPPINGS_GUI");
}

int
clp_safety_runv (char              **out,
                 char              **err,
                 const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocessFlags flags = (out != NULL ? G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        : G_SUBPROCESS_FLAGS_STDOUT_SILENCE) |
                           (err != NULL ? G_SUBPROCESS_FLAGS_STDERR_PIPE
                                        : G_SUBPROCESS_FLAGS_STDERR_SILENCE);

  process = g_subprocess_newv (argv, flags, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    return 128 + g_subprocess_get_term_sig (process);
  return g_subprocess_get_exit_status (process);
}

int
clp_safety_run (char       **out,
                char       **err,
                const char  *first,
                ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return clp_safety_runv (out, err, (const char * const *) argv->pdata);
}

void
clp_safety_copy (const char *from,
                 const char *to)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, length, &error);
  g_assert_no_error (error);
}

char *
clp_safety_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, length);
}

gboolean
clp_safety_exists (const char *path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

void
clp_safety_damage (const char *path,
                   guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GHashTable) schema = g_hash_table_new (NULL, NULL);
  g_autofree char *uri = g_strdup_printf ("file:%s?immutable=1", path);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  /* The schema's pages (page 1 and those its table grew into): without
   * them SQLite reads nothing at all, and recover can only say so.
   * Read as immutable: nothing is made beside the archive. */
  g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (schema, GINT_TO_POINTER (sqlite3_column_int (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_true (g_hash_table_contains (schema, GINT_TO_POINTER (1)));

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 8 * 4096);
  for (guint piece = 0; piece < 8; piece++)
    {
      gsize at = g_rand_int_range (rand, 4096, length - 512);

      if (g_hash_table_contains (schema, GINT_TO_POINTER (at / 4096 + 1)) ||
          g_hash_table_contains (schema, GINT_TO_POINTER ((at + 511) / 4096 + 1)))
        {
          piece--;
          continue;
        }

      for (guint i = 0; i < 512; i++)
        contents[at + i] = g_rand_int_range (rand, 0, 256);
    }
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

void
clp_safety_checkpoint (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  /* The last connection to close removes the log. */
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

gpointer
clp_safety_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

gint64
clp_safety_query_int (gpointer    db,
                      const char *sql,
                      const char *text)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return value;
}

char *
clp_safety_query_text (gpointer    db,
                       const char *sql)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (rows->len > 0)
        g_string_append_c (rows, '\n');
      g_string_append (rows, text != NULL ? text : "NULL");
    }
  if (rc != SQLITE_DONE)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&rows), FALSE);
}

void
clp_safety_assert_sound (const char *path)
{
  sqlite3 *db = clp_safety_open (path);
  g_autofree char *integrity = clp_safety_query_text (db, "PRAGMA integrity_check");
  g_autofree char *foreign = clp_safety_query_text (db, "PRAGMA foreign_key_check");

  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpstr (foreign, ==, "");
  g_assert_cmpint (clp_safety_query_int (db, "SELECT count(*) FROM imports"
                                         " WHERE outcome NOT LIKE 'imported%'", NULL), ==, 0);
  g_assert_cmpint (clp_safety_query_int (db, "SELECT count(*) FROM (SELECT sha256 FROM imports"
                                         " GROUP BY sha256 HAVING count(*) > 1)", NULL), ==, 0);
  /* Each article's count is its comments. */
  g_assert_cmpint (clp_safety_query_int (db, "SELECT count(*) FROM articles a WHERE"
                                         " comment_count + hidden_comment_count !="
                                         " (SELECT count(*) FROM comments WHERE article_id = a.id)",
                                         NULL), ==, 0);
  sqlite3_close (db);
}

guint
clp_safety_assert_whole (const char *path,
                         GPtrArray  *files)
{
  sqlite3 *db = clp_safety_open (path);
  guint in = 0;

  for (guint i = 0; i < files->len; i++)
    {
      ClpSafetyFile *file = g_ptr_array_index (files, i);
      gint64 recorded = clp_safety_query_int (db, "SELECT count(*) FROM imports WHERE sha256 = ?",
                                              file->sha256);
      gint64 articles = clp_safety_query_int (db, "SELECT count(*) FROM articles WHERE url = ?",
                                              file->url);
      gint64 comments = clp_safety_query_int (db, "SELECT count(*) FROM comments WHERE"
                                              " article_id = (SELECT id FROM articles WHERE"
                                              " url = ?)", file->url);
      int expected = recorded > 0 ? file->comments : file->before;

      if (recorded > 1 || articles != (expected > 0 || recorded > 0 ? 1 : 0) ||
          comments != expected)
        g_error ("%s: recorded %" G_GINT64_FORMAT " times, %" G_GINT64_FORMAT " articles with "
                 "%" G_GINT64_FORMAT " comments; expected %d comments", file->path, recorded,
                 articles, comments, expected);
      if (recorded > 0)
        in++;
    }
  sqlite3_close (db);
  return in;
}

void
clp_safety_assert_check (const char *db)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = clp_safety_run (&out, &err, clp_safety_cli (), "--db", db, "check", NULL);

  if (status != 0 || strstr (out, "sound") == NULL)
    g_error ("clippings-cli check on %s: status %d: %s%s", db, status, out, err);
}
