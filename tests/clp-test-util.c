/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

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
  for (guint i = 0; i < self->comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (self->comments, i);

      if (g_strcmp0 (comment->author, author) == 0 && nth-- == 0)
        return comment;
    }
  return NULL;
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

void
clp_test_remove_dir (const char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);

  remove_tree (file);
}

/* Runs the importer the content calls for on a fixture, into @sink. */
gboolean
clp_test_import_data (const char   *name,
                      ClpTestSink  *sink,
                      GError      **error)
{
  g_autofree char *path = clp_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(ClpImporter) importer = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  importer = clp_importer_new_for_content ((const guint8 *) contents, MIN (length, 65536), name,
                                           error);
  if (importer == NULL)
    return FALSE;
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return FALSE;
  return clp_importer_import (importer, G_INPUT_STREAM (stream), name, CLP_IMPORT_SINK (sink),
                              NULL, error);
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
