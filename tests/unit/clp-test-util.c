/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <time.h>

#include "clp-import.h"
#include "clp-importer.h"
#include "clp-test-util.h"

static void clp_test_sink_iface_init (ClpImportSinkInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ClpTestSink, clp_test_sink, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLP_TYPE_IMPORT_SINK,
                                                      clp_test_sink_iface_init))

static void
clp_test_sink_finalize (GObject *object)
{
  ClpTestSink *self = CLP_TEST_SINK (object);

  g_ptr_array_unref (self->articles);
  g_ptr_array_unref (self->comments);
  g_ptr_array_unref (self->warnings);
  g_hash_table_unref (self->skipped);
  G_OBJECT_CLASS (clp_test_sink_parent_class)->finalize (object);
}

static void
clp_test_sink_class_init (ClpTestSinkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clp_test_sink_finalize;
}

static void
clp_test_sink_init (ClpTestSink *self)
{
  self->articles = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_article_unref);
  self->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static gboolean
sink_add_article (ClpImportSink *sink, ClpArticle *article, GError **error)
{
  ClpTestSink *self = CLP_TEST_SINK (sink);

  self->n_articles++;
  if (!self->counting)
    g_ptr_array_add (self->articles, clp_article_ref (article));
  return TRUE;
}

static gboolean
sink_add_comment (ClpImportSink *sink, ClpComment *comment, GError **error)
{
  ClpTestSink *self = CLP_TEST_SINK (sink);

  self->n_comments++;
  if (!self->counting)
    g_ptr_array_add (self->comments, clp_comment_ref (comment));
  return TRUE;
}

static void
sink_warn (ClpImportSink *sink, const char *message)
{
  g_ptr_array_add (CLP_TEST_SINK (sink)->warnings, g_strdup (message));
}

static void
sink_skip (ClpImportSink *sink, const char *what)
{
  GHashTable *skipped = CLP_TEST_SINK (sink)->skipped;
  int n = GPOINTER_TO_INT (g_hash_table_lookup (skipped, what));

  g_hash_table_replace (skipped, g_strdup (what), GINT_TO_POINTER (n + 1));
}

static void
clp_test_sink_iface_init (ClpImportSinkInterface *iface)
{
  iface->add_article = sink_add_article;
  iface->add_comment = sink_add_comment;
  iface->warn = sink_warn;
  iface->skip = sink_skip;
}

ClpTestSink *
clp_test_sink_new (void)
{
  return g_object_new (CLP_TYPE_TEST_SINK, NULL);
}

/* A sink that counts articles and comments and keeps none of them: an
 * importer alone, at any size, for the benchmarks. */
ClpTestSink *
clp_test_sink_new_counting (void)
{
  ClpTestSink *self = clp_test_sink_new ();

  self->counting = TRUE;
  return self;
}

/* The nth (from 0) comment by @author, in the order the importer gave. */
ClpComment *
clp_test_sink_find_comment (ClpTestSink *self,
                            const char  *author,
                            guint        nth)
{
  return clp_test_find_comment (self->comments, author, nth);
}

gboolean
clp_test_sink_has_warning (ClpTestSink *self,
                           const char  *needle)
{
  for (guint i = 0; i < self->warnings->len; i++)
    if (strstr (g_ptr_array_index (self->warnings, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

char *
clp_test_data_path (const char *name)
{
  const char *dir = g_getenv ("CLIPPINGS_TEST_DATA");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

char *
clp_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("clippings-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);

  if (children != NULL)
    {
      GFile *child;

      while (g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) && child != NULL)
        remove_tree (child);
    }
  g_file_delete (file, NULL, NULL);
}

static void
set_closed (gpointer data)
{
  g_atomic_int_set ((int *) data, 1);
}

void
clp_test_close_archive (gpointer archive)
{
  int closed = 0;

  /* The connections close in the archive's finalize, before GObject's
   * own frees the data set on it (a weak pointer is cleared sooner, at
   * dispose). */
  g_object_set_data_full (G_OBJECT (archive), "clp-test-closed", &closed, set_closed);
  g_object_unref (archive);
  while (!g_atomic_int_get (&closed))
    g_usleep (1000);
}

void
clp_test_remove_dir (const char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);

  remove_tree (file);
}

/* Runs the importer the file's first bytes call for, as an import picks
 * it, on the file at @path, into @sink. */
gboolean
clp_test_import_path (const char   *path,
                      const char   *display_name,
                      ClpImportSink *sink,
                      GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(ClpImporter) importer = NULL;
  const guint8 *head;
  gsize length = 0;

  if (stream == NULL)
    return FALSE;
  buffered = g_buffered_input_stream_new_sized (G_INPUT_STREAM (stream), 65536);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), 65536, NULL, error) < 0)
    return FALSE;
  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &length);
  importer = clp_importer_new_for_content (head, length, display_name, error);
  return importer != NULL &&
         clp_importer_import (importer, buffered, display_name, sink, NULL, error);
}

/* Runs the importer the content calls for on a fixture, into @sink. */
gboolean
clp_test_import_data (const char   *name,
                      ClpTestSink  *sink,
                      GError      **error)
{
  g_autofree char *path = clp_test_data_path (name);

  return clp_test_import_path (path, name, CLP_IMPORT_SINK (sink), error);
}

/* A fixture's importer output, which must import without an error. */
ClpTestSink *
clp_test_sink_import (const char *name)
{
  g_autoptr(GError) error = NULL;
  ClpTestSink *sink = clp_test_sink_new ();

  clp_test_import_data (name, sink, &error);
  g_assert_no_error (error);
  return sink;
}

/* The format detection finds for a file that starts with @contents: its
 * name, or NULL with the error a user would see. */
char *
clp_test_detect (const char  *contents,
                 GError     **error)
{
  g_autoptr(ClpImporter) importer = clp_importer_new_for_content ((const guint8 *) contents,
                                                                  strlen (contents), "file",
                                                                  error);

  return importer != NULL ? g_strdup (clp_importer_get_name (importer)) : NULL;
}

/* Detection takes a file that starts with @contents for the format
 * @expected or, when that is NULL, refuses it as an unknown format with a
 * message that lists the formats, @mentioned among them. */
void
clp_test_assert_detected (const char *contents,
                          const char *expected,
                          const char *mentioned)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = clp_test_detect (contents, &error);

  g_assert_cmpstr (name, ==, expected);
  if (expected == NULL)
    {
      g_assert_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_UNKNOWN_FORMAT);
      g_assert_nonnull (strstr (error->message, mentioned));
    }
}

/* Every row of every table, as text: two dumps are equal when the archive
 * holds exactly the same. */
char *
clp_test_dump_archive (const char *path)
{
  g_autoptr(GString) dump = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT name, sql FROM sqlite_master WHERE type IN"
                                       " ('table', 'index', 'trigger') ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      const char *sql = (const char *) sqlite3_column_text (tables, 1);
      g_autofree char *select = NULL;
      sqlite3_stmt *rows = NULL;

      g_string_append_printf (dump, "## %s: %s\n", name, sql != NULL ? sql : "");
      if (sql == NULL || !g_str_has_prefix (sql, "CREATE TABLE"))
        continue;
      select = g_strdup_printf ("SELECT * FROM \"%s\"", name);
      g_assert_cmpint (sqlite3_prepare_v2 (db, select, -1, &rows, NULL), ==, SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int i = 0; i < sqlite3_column_count (rows); i++)
            {
              const char *value = (const char *) sqlite3_column_text (rows, i);

              g_string_append_printf (dump, "%s|", value != NULL ? value : "NULL");
            }
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  {
    sqlite3_stmt *pragma = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &pragma, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (pragma), ==, SQLITE_ROW);
    g_string_append_printf (dump, "user_version %d\n", sqlite3_column_int (pragma, 0));
    sqlite3_finalize (pragma);
  }
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

char *
clp_test_write_file (const char *dir,
                     const char *name,
                     const char *contents,
                     gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

/* Runs what follows as on a computer in @zone ("Europe/Berlin"); the
 * tests run in "UTC", and a test that changes it sets it back. GLib reads
 * TZ again on its own, the C library (SQLite's 'localtime') on tzset(). */
void
clp_test_set_time_zone (const char *zone)
{
  g_setenv ("TZ", zone, TRUE);
  tzset ();
}

void
clp_test_archive_set_up (ClpTestArchive *archive,
                         gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  archive->dir = clp_test_make_dir ();
  archive->path = g_build_filename (archive->dir, "archive.db", NULL);
  archive->store = clp_store_open (archive->path, &error);
  g_assert_no_error (error);
}

void
clp_test_archive_tear_down (ClpTestArchive *archive,
                            gconstpointer   data)
{
  g_clear_object (&archive->store);
  clp_test_remove_dir (archive->dir);
  g_free (archive->dir);
  g_free (archive->path);
}

/* Imports a fixture (a bare name) or any file (a path) the way the CLI and
 * the GUI do; the report says how it went. */
ClpImportReport *
clp_test_archive_import (ClpTestArchive *archive,
                         const char     *name)
{
  g_autofree char *path = g_path_is_absolute (name) ? g_strdup (name) : clp_test_data_path (name);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return clp_import_file (archive->store, file, base, NULL, NULL, NULL);
}

/* Every article, in the order they were added. */
GArray *
clp_test_archive_article_ids (ClpTestArchive *archive)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = clp_store_list_article_ids (archive->store, CLP_ARTICLE_ORDER_IMPORTED, FALSE,
                                            NULL, &error);

  g_assert_no_error (error);
  return ids;
}

/* The one article with @title, with its body; fails the test if there is
 * not exactly one. */
ClpArticle *
clp_test_archive_find_article (ClpTestArchive *archive,
                               const char     *title)
{
  g_autoptr(GArray) ids = clp_test_archive_article_ids (archive);
  ClpArticle *found = NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ClpArticle) article = clp_store_load_article (archive->store,
                                                              g_array_index (ids, gint64, i),
                                                              &error);

      g_assert_no_error (error);
      if (g_strcmp0 (article->title, title) != 0)
        continue;
      g_assert_null (found);
      found = clp_article_ref (article);
    }
  g_assert_nonnull (found);
  return found;
}

GPtrArray *
clp_test_archive_comments (ClpTestArchive *archive,
                           gint64          article_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *comments = clp_store_load_comments (archive->store, article_id, &error);

  g_assert_no_error (error);
  return comments;
}

/* The import failed with @code and a message that starts with the file's
 * name and line, and the archive holds no article. */
void
clp_test_archive_assert_refused (ClpTestArchive  *archive,
                                 ClpImportReport *report,
                                 int              code,
                                 const char      *message_start)
{
  g_autoptr(GArray) ids = clp_test_archive_article_ids (archive);

  g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_FAILED);
  g_assert_error (report->error, CLP_IMPORT_ERROR, code);
  if (!g_str_has_prefix (report->error->message, message_start))
    g_error ("“%s” does not start with “%s”", report->error->message, message_start);
  g_assert_cmpuint (ids->len, ==, 0);
}

/* The nth (from 0) comment by @author in @comments, or NULL. */
ClpComment *
clp_test_find_comment (GPtrArray  *comments,
                       const char *author,
                       guint       nth)
{
  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);

      if (g_strcmp0 (comment->author, author) == 0 && nth-- == 0)
        return comment;
    }
  return NULL;
}
