/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store-recover"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "clp-store-private.h"

/* Copying what can be read of a damaged archive, or of one a newer
 * Clippings wrote, into a new archive. The damaged file is only read, and
 * never repaired in place.
 *
 * SQLite's own recovery (the shell's `.recover`, the recovery extension)
 * reads raw pages through the sqlite_dbpage table, which Debian 12's
 * library is built without: its shell's `.recover` stops with "SQL logic
 * error". So rows are read here through SQLite's b-trees, table by table
 * in rowid order, never through an index; where a page cannot be read,
 * the walk looks for the next rowid it can read and goes on from there. */

#define ROWID_CEILING (G_GINT64_CONSTANT (1) << 62)

typedef struct
{
  const char *table;
  const char *columns;  /* copied by name, when the damaged archive has them */
} Table;

/* In an order that inserts what a row refers to before the row. */
static const Table tables[] = {
  { "sources", "id, name" },
  { "imports", "id, file_name, file_size, sha256, importer, imported_at, outcome, "
               "articles_new, articles_merged, comments_new, comments_duplicate, "
               "comments_missing, warnings" },
  { "articles", "id, import_id, source_id, title, url, section, published, print_date, "
                "dateline, caption, body, body_html, declared_comment_count, holds_orphans, "
                "byline" },
  { "comments", "id, article_id, parent_id, import_id, position, depth, author, posted_at, "
                "posted_utc, posted_offset, text, html, status, fingerprint" },
};

/* The columns of @table both archives have, in the target's order. */
static char *
shared_columns (sqlite3    *source,
                const Table *table)
{
  g_auto(GStrv) wanted = g_strsplit (table->columns, ", ", -1);
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM pragma_table_info('%s') WHERE name = ?",
                                          table->table);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (source, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  for (guint i = 0; wanted[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, wanted[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (columns, "%s%s", columns->len > 0 ? ", " : "", wanted[i]);
    }
  sqlite3_finalize (stmt);
  if (columns->len == 0 || !g_str_has_prefix (columns->str, "id"))
    return NULL;
  return g_string_free (g_steal_pointer (&columns), FALSE);
}

/* Whether rows after @rowid can be read: the walk from there reaches a
 * readable leaf. */
static gboolean
readable_after (sqlite3_stmt *probe,
                gint64        rowid)
{
  int rc;

  sqlite3_reset (probe);
  sqlite3_bind_int64 (probe, 1, rowid);
  rc = sqlite3_step (probe);
  sqlite3_reset (probe);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* After a failure past @after: the smallest rowid from which the walk can
 * go on, found by doubling the jump, then halving back; or -1. */
static gint64
next_readable (sqlite3_stmt *probe,
               gint64        after)
{
  gint64 lo = after, hi = -1, step = 1;

  while (lo + step < ROWID_CEILING)
    {
      if (readable_after (probe, lo + step))
        {
          hi = lo + step;
          break;
        }
      lo += step;
      step *= 2;
    }
  if (hi < 0)
    return -1;
  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (readable_after (probe, mid))
        hi = mid;
      else
        lo = mid;
    }
  return hi;
}

static gboolean
copy_table (sqlite3            *source,
            ClpStore           *target,
            const Table        *table,
            ClpRecoverCounts   *counts,
            GError            **error)
{
  g_autofree char *columns = shared_columns (source, table);
  g_autofree char *select = NULL;
  g_autofree char *probe_sql = NULL;
  g_autofree char *insert = NULL;
  g_autoptr(GString) marks = g_string_new ("?");
  gboolean comments = g_str_equal (table->table, "comments");
  sqlite3_stmt *read = NULL;
  sqlite3_stmt *probe = NULL;
  sqlite3_stmt *write = NULL;
  sqlite3_stmt *parent = NULL;
  sqlite3 *db = clp_store_get_handle (target);
  gint64 after = 0;
  int n;

  if (columns == NULL)
    {
      counts->tables_lost++;
      return TRUE;
    }
  select = g_strdup_printf ("SELECT %s FROM %s WHERE rowid > ? ORDER BY rowid", columns,
                            table->table);
  probe_sql = g_strdup_printf ("SELECT rowid FROM %s WHERE rowid > ? ORDER BY rowid LIMIT 1",
                               table->table);
  if (sqlite3_prepare_v2 (source, select, -1, &read, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (source, probe_sql, -1, &probe, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (read);
      counts->tables_lost++;
      return TRUE;
    }
  n = sqlite3_column_count (read);
  for (int i = 1; i < n; i++)
    g_string_append (marks, ", ?");
  /* A reply may come before the comment it answers: parents are linked
   * once every comment is in. */
  insert = g_strdup_printf ("INSERT OR IGNORE INTO %s (%s) VALUES (%s)", table->table, columns,
                            marks->str);
  write = clp_store_statement (target, insert, error);
  if (write == NULL ||
      (comments && (parent = clp_store_statement (target, "INSERT INTO temp.recover_parents"
                                                  " VALUES (?, ?)", error)) == NULL))
    goto failed;

  for (;;)
    {
      int rc;

      sqlite3_reset (read);
      sqlite3_bind_int64 (read, 1, after);
      while ((rc = sqlite3_step (read)) == SQLITE_ROW)
        {
          after = sqlite3_column_int64 (read, 0);
          sqlite3_reset (write);
          for (int i = 0; i < n; i++)
            {
              const char *name = sqlite3_column_name (read, i);

              if (comments && g_str_equal (name, "parent_id"))
                {
                  if (sqlite3_column_type (read, i) != SQLITE_NULL)
                    {
                      sqlite3_reset (parent);
                      sqlite3_bind_int64 (parent, 1, after);
                      sqlite3_bind_int64 (parent, 2, sqlite3_column_int64 (read, i));
                      if (sqlite3_step (parent) != SQLITE_DONE)
                        goto write_failed;
                    }
                  sqlite3_bind_null (write, i + 1);
                }
              else
                sqlite3_bind_value (write, i + 1, sqlite3_column_value (read, i));
            }
          rc = sqlite3_step (write);
          if (rc == SQLITE_DONE && sqlite3_changes (db) == 1)
            counts->rows++;
          else if (rc == SQLITE_DONE || (rc & 0xff) == SQLITE_CONSTRAINT)
            counts->rows_dropped++;   /* it refers to a row that was lost */
          else
            goto write_failed;
        }
      if (rc == SQLITE_DONE)
        break;
      /* A page that cannot be read: go on after it. */
      counts->damaged_places++;
      after = next_readable (probe, after);
      if (after < 0)
        break;
    }
  sqlite3_finalize (read);
  sqlite3_finalize (probe);
  sqlite3_reset (write);
  return TRUE;

write_failed:
  clp_store_set_error (target, error, "recover");
failed:
  sqlite3_finalize (read);
  sqlite3_finalize (probe);
  return FALSE;
}

/* What the copy cannot take over as it was: threads whose rows were
 * lost, the counts, and the full-text index, which is made anew. */
static const char finish[] =
  "UPDATE comments SET parent_id = (SELECT r.parent FROM temp.recover_parents r"
  "  WHERE r.id = comments.id AND r.parent != comments.id"
  "  AND EXISTS (SELECT 1 FROM comments p WHERE p.id = r.parent));"
  /* comments has no index on parent_id: the walks go through these. */
  "CREATE TEMP TABLE recover_links (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL);"
  "INSERT INTO temp.recover_links SELECT id, parent_id FROM comments WHERE parent_id IS NOT NULL;"
  "CREATE INDEX temp.recover_links_parent ON recover_links (parent);"
  "CREATE TEMP TABLE recover_depths (id INTEGER PRIMARY KEY, depth INTEGER, replies INTEGER);"
  "WITH RECURSIVE levels (id, depth) AS ("
  "  SELECT id, 0 FROM comments WHERE parent_id IS NULL"
  "  UNION ALL SELECT l.id, levels.depth + 1 FROM temp.recover_links l"
  "    JOIN levels ON l.parent = levels.id)"
  "INSERT INTO temp.recover_depths SELECT id, depth,"
  "  (SELECT count(*) FROM temp.recover_links l WHERE l.parent = levels.id) FROM levels;"
  "UPDATE comments SET"
  "  depth = coalesce((SELECT depth FROM temp.recover_depths d WHERE d.id = comments.id), 0),"
  "  reply_count = coalesce((SELECT replies FROM temp.recover_depths d"
  "    WHERE d.id = comments.id), 0);"
  "UPDATE articles SET"
  "  comment_count = (SELECT count(*) FROM comments c WHERE c.article_id = articles.id"
  "    AND c.status = 0),"
  "  hidden_comment_count = (SELECT count(*) FROM comments c WHERE c.article_id = articles.id"
  "    AND c.status != 0);"
  "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');"
  "INSERT INTO comments_fts (comments_fts) VALUES ('rebuild');"
  "DROP TABLE temp.recover_parents;"
  "DROP TABLE temp.recover_links;"
  "DROP TABLE temp.recover_depths;";

/**
 * clp_store_recover:
 * @source: the damaged archive, only read
 * @target: the new archive; must not exist
 * @counts: (out): what was copied
 *
 * Copies every row that can still be read from @source into a new
 * archive at @target, in one transaction: @target is made whole or not
 * at all. Rows that refer to a lost row (a comment whose article was
 * lost) are left out; replies whose parent was lost go to the top.
 */
gboolean
clp_store_recover (const char        *source,
                   const char        *target,
                   ClpRecoverCounts  *counts,
                   GError           **error)
{
  g_autoptr(ClpStore) store = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *escaped = NULL;
  sqlite3 *db = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (source != NULL && target != NULL && counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s exists already. Name a new file for the recovered archive."), target);
      return FALSE;
    }
  /* Read-only, and without the -wal file's changes if it cannot have its
   * -shm: nothing is written beside the damaged file. */
  escaped = g_uri_escape_string (source, "/", FALSE);
  uri = g_strdup_printf ("file:%s?mode=ro", escaped);
  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      g_free (uri);
      uri = g_strdup_printf ("file:%s?immutable=1", escaped);
      if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK ||
          sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK)
        {
          g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_NOT_ARCHIVE,
                       _("Nothing can be read from %s: it is not a database, or its first "
                         "page is damaged (%s)."), source, sqlite3_errmsg (db));
          sqlite3_close (db);
          return FALSE;
        }
    }

  store = clp_store_open (target, error);
  if (store == NULL)
    {
      sqlite3_close (db);
      return FALSE;
    }
  clp_store_lock (store);
  ok = clp_store_exec (store, "BEGIN IMMEDIATE", error) &&
       clp_store_exec (store, "CREATE TEMP TABLE recover_parents (id INTEGER PRIMARY KEY,"
                       " parent INTEGER)", error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (tables); i++)
    ok = copy_table (db, store, &tables[i], counts, error);
  ok = ok && clp_store_exec (store, finish, error) && clp_store_exec (store, "COMMIT", error);
  if (!ok)
    sqlite3_exec (clp_store_get_handle (store), "ROLLBACK", NULL, NULL, NULL);
  clp_store_unlock (store);
  sqlite3_close (db);
  if (!ok)
    {
      g_clear_object (&store);
      g_remove (target);
      return FALSE;
    }
  return TRUE;
}
