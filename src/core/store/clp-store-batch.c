/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store-batch"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "clp-store-batch.h"
#include "clp-store-private.h"

/* Many files' imports in one transaction, each file in a savepoint of its
 * own (ClpStoreSink): a file that fails is rolled back alone, and the
 * files before it stay in the batch. A commit per file cost most of a
 * folder's import: each wrote the pages it touched (some sixty, scattered
 * over the indexes) to the write-ahead log again, and a new full-text
 * segment, merged again later. A batch writes each page once.
 *
 * What a batch gives up: a crash loses the files of the open batch, all of
 * them whole. None of them is recorded as imported (the `imports` rows
 * are in the same transaction), so the next run imports them again. The
 * caller tells the user about a file only once its batch has committed,
 * and commits when clp_store_batch_is_due() says so: after about a second,
 * so that progress shows in other windows, or before a megabyte of files,
 * so that the write-ahead log stays small. A file that large on its own is
 * a batch of its own.
 *
 * A savepoint keeps a copy of each page the file changes that was there
 * before it began, to put it back if the file fails. SQLite writes those
 * copies to a temporary file past 64 KiB (most of a folder's import time
 * went into those writes), unless the connection keeps temporary data in
 * memory: the writer does, during a batch. A file's copies go when it
 * lands, and the first file of a batch needs no savepoint at all (the
 * transaction is its own), so a large file, alone in its batch, keeps no
 * copies.
 *
 * The articles and comments of a batch enter the full-text index together
 * at its commit, a statement each (see migrations 3 and 7 in clp-store.c
 * for why not one by one); until then they are in the tables and not
 * searchable, which nobody sees, since nobody else sees the batch before
 * it commits. */

/* A commit about every second... */
#define BATCH_USEC G_USEC_PER_SEC
/* ...or before the files in it reach a megabyte, whichever comes first.
 * The write-ahead log holds a batch's pages until the checkpoint after its
 * commit: the rows, and the full-text index's new segment with the merges
 * it sets off, some twelve times the text at 200,000 comments. */
#define BATCH_BYTES (1024 * 1024)
/* The writer's page cache during a batch, in KiB: the pages a batch
 * changes stay in memory until its commit writes them once. SQLite's
 * default, 2 MiB, wrote them to the log and read them back again and
 * again. Given back when the batch goes. */
#define BATCH_CACHE_KIB 65536

struct _ClpStoreBatch
{
  GObject   parent_instance;

  ClpStore *store;
  gboolean  open;          /* BEGIN ran; COMMIT or ROLLBACK not yet */
  gboolean  in_file;       /* a file began and has not landed nor been dropped */
  gboolean  savepoint;     /* and it has a savepoint: it is not the batch's first */
  gint64    began_at;      /* monotonic µs */
  gint64    last_comment;  /* the largest comment id before the batch */
  gint64    last_article;  /* and article id */
  guint     n_files;       /* files landed in the open batch */
  goffset   bytes;         /* and their size */
  GError   *lost;          /* the transaction ended under a file, taking the batch along */
};

G_DEFINE_FINAL_TYPE (ClpStoreBatch, clp_store_batch, G_TYPE_OBJECT)

static void
clp_store_batch_dispose (GObject *object)
{
  ClpStoreBatch *self = CLP_STORE_BATCH (object);

  /* Dropped without commit: none of its files lands. */
  if (self->store != NULL)
    {
      clp_store_batch_rollback (self);
      /* The memory a batch filled goes: the temporary tables of its files
       * with the setting, and the cache. */
      clp_store_lock (self->store);
      clp_store_exec (self->store, "PRAGMA temp_store = FILE", NULL);
      clp_store_exec (self->store, "PRAGMA cache_size = -2000", NULL);
      clp_store_exec (self->store,
                      "PRAGMA journal_size_limit = " G_STRINGIFY (CLP_STORE_WAL_SIZE_LIMIT), NULL);
      sqlite3_db_release_memory (clp_store_get_handle (self->store));
      clp_store_unlock (self->store);
    }

  G_OBJECT_CLASS (clp_store_batch_parent_class)->dispose (object);
}

static void
clp_store_batch_finalize (GObject *object)
{
  ClpStoreBatch *self = CLP_STORE_BATCH (object);

  g_clear_object (&self->store);
  g_clear_error (&self->lost);

  G_OBJECT_CLASS (clp_store_batch_parent_class)->finalize (object);
}

static void
clp_store_batch_class_init (ClpStoreBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clp_store_batch_dispose;
  object_class->finalize = clp_store_batch_finalize;
}

static void
clp_store_batch_init (ClpStoreBatch *self)
{
}

/**
 * clp_store_batch_new:
 *
 * A batch of imports on @store, which must be a connection that writes.
 * Its transaction begins with the first file, or with
 * clp_store_batch_find_import().
 *
 * Returns: (transfer full): the batch
 */
ClpStoreBatch *
clp_store_batch_new (ClpStore *store)
{
  ClpStoreBatch *self;

  g_return_val_if_fail (CLP_IS_STORE (store), NULL);

  self = g_object_new (CLP_TYPE_STORE_BATCH, NULL);
  self->store = g_object_ref (store);
  return self;
}

/* Settings of the writer for batches, made outside a transaction (SQLite
 * refuses to change where temporary data goes inside one); the batch puts
 * back the connection's own (clp-store.c) when it goes. Changing it drops
 * the temporary tables, which each file makes again. */
/* Statements that run for each file, from the store's cache rather than
 * parsed each time. */
static gboolean
run (ClpStoreBatch  *self,
     const char     *sql,
     GError        **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  return clp_store_statement_init (&stmt, self->store, sql, sql, error) &&
         clp_store_statement_step (&stmt, NULL, error);
}

static gboolean
set_up_connection (ClpStoreBatch  *self,
                   GError        **error)
{
  g_autofree char *cache = g_strdup_printf ("PRAGMA cache_size = -%d", BATCH_CACHE_KIB);

  /* A file larger than a batch, or the indexes a large import makes
   * again, need a log as large as they are; after them the log goes back
   * to this size at its next start, and gives the disk back. */
  return clp_store_exec (self->store, "PRAGMA temp_store = MEMORY", error) &&
         clp_store_exec (self->store, cache, error) &&
         clp_store_exec (self->store, "PRAGMA journal_size_limit = 33554432", error);
}

ClpStore *
clp_store_batch_get_store (ClpStoreBatch *self)
{
  g_return_val_if_fail (CLP_IS_STORE_BATCH (self), NULL);

  return self->store;
}

/* Begins the batch's transaction if it is not running. BEGIN IMMEDIATE
 * takes the write lock at once: what the batch reads from here on (files
 * imported before, the largest ids) no other writer can change until it
 * commits. */
static gboolean
open_batch (ClpStoreBatch  *self,
            GError        **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  g_auto(ClpStoreStatement) articles = { 0 };
  gint64 last_comment = 0, last_article = 0;

  if (self->lost != NULL)
    {
      g_propagate_error (error, g_error_copy (self->lost));
      return FALSE;
    }
  if (self->open)
    return TRUE;

  clp_store_lock (self->store);
  if (!set_up_connection (self, error) || !clp_store_exec (self->store, "BEGIN IMMEDIATE", error))
    {
      clp_store_unlock (self->store);
      return FALSE;
    }
  /* Row ids grow past the largest one, and the transaction keeps other
   * writers out: the comments this batch adds lie above it. */
  if (!clp_store_statement_init (&stmt, self->store, "SELECT coalesce(max(id), 0) FROM comments",
                                 "read comments", error) ||
      !clp_store_statement_fetch_int64 (&stmt, &last_comment, error) ||
      !clp_store_statement_init (&articles, self->store,
                                 "SELECT coalesce(max(id), 0) FROM articles", "read articles",
                                 error) ||
      !clp_store_statement_fetch_int64 (&articles, &last_article, error))
    {
      clp_store_statement_clear (&stmt);
      clp_store_statement_clear (&articles);
      clp_store_exec (self->store, "ROLLBACK", NULL);
      clp_store_unlock (self->store);
      return FALSE;
    }
  self->open = TRUE;
  self->began_at = g_get_monotonic_time ();
  self->last_comment = last_comment;
  self->last_article = last_article;
  self->n_files = 0;
  self->bytes = 0;
  return TRUE;
}

/**
 * clp_store_batch_find_import:
 * @sha256: a file's SHA-256, hex
 * @import_id: (out): the earlier import of the same bytes
 * @imported_at: (out) (optional): when, UTC ISO time
 *
 * Whether the same bytes were imported before, as seen inside the batch's
 * write transaction (begun here if need be): by another program that
 * committed before it, or by a file earlier in this batch. Two imports of
 * one file, even in two programs at once, never both record it.
 *
 * Returns: %TRUE when found; %FALSE when not, or with @error set
 */
gboolean
clp_store_batch_find_import (ClpStoreBatch  *self,
                             const char     *sha256,
                             gint64         *import_id,
                             char          **imported_at,
                             GError        **error)
{
  g_return_val_if_fail (CLP_IS_STORE_BATCH (self), FALSE);
  g_return_val_if_fail (sha256 != NULL && import_id != NULL, FALSE);

  return open_batch (self, error) &&
         clp_store_find_import (self->store, sha256, import_id, imported_at, error);
}

/* For the sink: a file begins in the batch's transaction, in a savepoint
 * unless it is the first. */
gboolean
clp_store_batch_begin_file (ClpStoreBatch  *self,
                            GError        **error)
{
  g_assert (!self->in_file);

  if (!open_batch (self, error))
    return FALSE;
  self->savepoint = self->n_files > 0;
  if (self->savepoint && !run (self, "SAVEPOINT import_file", error))
    return FALSE;
  self->in_file = TRUE;
  return TRUE;
}

/* The transaction ended by itself: SQLite rolls a whole transaction back
 * after some errors (a full disk, an I/O error), and the batch's earlier
 * files, if any, went with it. */
static gboolean
check_lost (ClpStoreBatch *self)
{
  if (sqlite3_get_autocommit (clp_store_get_handle (self->store)) == 0)
    return FALSE;

  g_clear_error (&self->lost);
  if (self->n_files > 0)
    clp_store_set_error (self->store, &self->lost, "batch rolled back");
  self->open = FALSE;
  self->in_file = FALSE;
  clp_store_unlock (self->store);
  return TRUE;
}

/* For the sink: the file is whole in the batch. */
gboolean
clp_store_batch_land_file (ClpStoreBatch  *self,
                           goffset         size,
                           GError        **error)
{
  g_assert (self->in_file);

  if (self->savepoint && !run (self, "RELEASE import_file", error))
    return FALSE;
  self->in_file = FALSE;
  self->n_files++;
  self->bytes += MAX (size, 0);
  return TRUE;
}

/* For the sink: nothing of the file stays; the batch's other files do. */
void
clp_store_batch_drop_file (ClpStoreBatch *self)
{
  sqlite3 *db = clp_store_get_handle (self->store);

  if (!self->in_file || check_lost (self))
    return;
  self->in_file = FALSE;
  /* The batch's first file: the transaction holds nothing else. */
  if (!self->savepoint)
    {
      clp_store_batch_rollback (self);
      return;
    }
  if (sqlite3_exec (db, "ROLLBACK TO import_file", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "RELEASE import_file", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_autoptr(GError) error = NULL;

      /* A savepoint that cannot be rolled back leaves the batch in
       * doubt: none of it may land. */
      clp_store_set_error (self->store, &error, "roll back file");
      if (!check_lost (self))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          self->open = FALSE;
          clp_store_unlock (self->store);
          g_clear_error (&self->lost);
          self->lost = g_steal_pointer (&error);
        }
    }
}

/**
 * clp_store_batch_is_due:
 * @next_size: the size of the file that would come next, or 0
 *
 * Returns: whether the open batch should commit before that file: it has
 *   run for about a second, would hold more than a few megabytes of files
 *   with it, or was lost
 */
gboolean
clp_store_batch_is_due (ClpStoreBatch *self,
                        goffset        next_size)
{
  g_return_val_if_fail (CLP_IS_STORE_BATCH (self), FALSE);

  if (self->lost != NULL)
    return TRUE;
  if (!self->open || self->in_file)
    return FALSE;
  return g_get_monotonic_time () - self->began_at >= BATCH_USEC ||
         (self->n_files > 0 && self->bytes + MAX (next_size, 0) > BATCH_BYTES);
}

/**
 * clp_store_batch_get_n_files:
 *
 * Returns: how many files landed in the open batch
 */
guint
clp_store_batch_get_n_files (ClpStoreBatch *self)
{
  g_return_val_if_fail (CLP_IS_STORE_BATCH (self), 0);

  return self->open ? self->n_files : 0;
}

/* Moves the write-ahead log's pages into the archive, so that the next
 * batch writes the log from its start instead of making it longer: the
 * log stays about one batch long. PASSIVE never waits for readers; pages
 * a reader still needs are copied after the next batch. */
static void
checkpoint (ClpStoreBatch *self)
{
  int log = 0, copied = 0;

  if (sqlite3_wal_checkpoint_v2 (clp_store_get_handle (self->store), NULL,
                                 SQLITE_CHECKPOINT_PASSIVE, &log, &copied) != SQLITE_OK)
    g_debug ("checkpoint: %s", sqlite3_errmsg (clp_store_get_handle (self->store)));
  else
    g_debug ("checkpoint: %d of %d pages", copied, log);
}

/* The rows the batch added to a table enter its full-text index. */
static gboolean
index_new_rows (ClpStoreBatch  *self,
                const char     *sql,
                gint64          last_before,
                const char     *what,
                GError        **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  if (!clp_store_statement_init (&stmt, self->store, sql, what, error))
    return FALSE;
  clp_store_statement_bind_int64 (&stmt, 1, last_before);
  return clp_store_statement_step (&stmt, NULL, error);
}

/**
 * clp_store_batch_commit:
 *
 * Indexes the batch's new articles and comments for search and commits:
 * every file landed in the batch is in the archive. On failure none of
 * them is, and @error says why. A batch with nothing open commits at once.
 */
gboolean
clp_store_batch_commit (ClpStoreBatch  *self,
                        GError        **error)
{
  gint64 started;
  gboolean ok;

  g_return_val_if_fail (CLP_IS_STORE_BATCH (self), FALSE);
  g_return_val_if_fail (!self->in_file, FALSE);

  if (self->lost != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->lost));
      return FALSE;
    }
  if (!self->open)
    return TRUE;

  started = g_get_monotonic_time ();
  ok = index_new_rows (self, "INSERT INTO articles_fts (rowid, title, body)"
                             " SELECT id, title, body FROM articles WHERE id > ?",
                       self->last_article, "index articles", error) &&
       index_new_rows (self, "INSERT INTO comments_fts (rowid, author, text)"
                             " SELECT id, author, text FROM comments WHERE id > ?",
                       self->last_comment, "index comments", error) &&
       clp_store_exec (self->store, "COMMIT", error);
  if (!ok)
    sqlite3_exec (clp_store_get_handle (self->store), "ROLLBACK", NULL, NULL, NULL);
  g_debug ("%s %u files, %" G_GINT64_FORMAT " bytes, after %" G_GINT64_FORMAT " ms; commit %"
           G_GINT64_FORMAT " ms", ok ? "committed" : "lost", self->n_files, (gint64) self->bytes,
           (started - self->began_at) / 1000, (g_get_monotonic_time () - started) / 1000);
  self->open = FALSE;
  clp_store_unlock (self->store);
  if (ok)
    checkpoint (self);
  return ok;
}

/**
 * clp_store_batch_rollback:
 *
 * Drops the open batch: none of its files lands.
 */
void
clp_store_batch_rollback (ClpStoreBatch *self)
{
  g_return_if_fail (CLP_IS_STORE_BATCH (self));

  g_clear_error (&self->lost);
  if (!self->open)
    return;
  sqlite3_exec (clp_store_get_handle (self->store), "ROLLBACK", NULL, NULL, NULL);
  self->open = FALSE;
  self->in_file = FALSE;
  clp_store_unlock (self->store);
}

/* Large imports: the indexes only searches and lists read */

/* Indexes that an import never reads and that a new row lands at a random
 * place of (an author, a time, a title): kept up row by row, each commit
 * of a large import wrote thousands of their scattered pages again, and
 * the write-ahead log with them. An import of at least DEFER_MIN_BYTES,
 * and at least a quarter of what the archive holds, drops them, and makes
 * them again at its end from the sorted rows, writing each page once.
 * Meanwhile searches and lists go without them (see
 * clp_store_indexed_by()): slower, never wrong. The indexes an import
 * reads (files imported before, articles by URL and by title, comments of
 * an article) stay. */
static const char * const deferrable_indexes[] = {
  "comments_author", "comments_posted", "articles_published", "articles_title",
  "articles_comment_count", "articles_section",
};

#define DEFER_MIN_BYTES (16 * 1024 * 1024)

/* This process, as deferred_indexes records who dropped an index: the
 * boot, the process id and when it started, so that a process id used
 * again is not taken for the import that died. */
static char *
process_token (const char *pid)
{
  g_autofree char *boot = NULL;
  g_autofree char *stat_path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot, NULL, NULL) ||
      !g_file_get_contents (stat_path, &stat, NULL, NULL) ||
      (after = strrchr (stat, ')')) == NULL)
    return NULL;
  /* After "pid (comm)": state is field 3, the start time field 22. */
  fields = g_strsplit (after + 2, " ", 21);
  if (g_strv_length (fields) < 20)
    return NULL;
  return g_strdup_printf ("%s/%s/%s", g_strstrip (boot), pid, fields[19]);
}

static char *
own_token (void)
{
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  char *token = process_token (pid);

  return token != NULL ? token : g_strdup_printf ("?/%s/?", pid);
}

/* Whether the process that wrote @token still runs. */
static gboolean
token_alive (const char *token)
{
  g_auto(GStrv) parts = g_strsplit (token, "/", 3);
  g_autofree char *now = NULL;

  if (g_strv_length (parts) != 3)
    return FALSE;
  now = process_token (parts[1]);
  return now != NULL && g_str_equal (now, token);
}

/* A statement of fixed text with up to two text values. */
static gboolean
run_bound (ClpStoreBatch  *self,
           const char     *sql,
           const char     *first,
           const char     *second,
           GError        **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  if (!clp_store_statement_init (&stmt, self->store, sql, "defer indexes", error))
    return FALSE;
  if (first != NULL)
    clp_store_statement_bind_text (&stmt, 1, first);
  if (second != NULL)
    clp_store_statement_bind_text (&stmt, 2, second);
  return clp_store_statement_step (&stmt, NULL, error);
}

static gboolean
begin_own (ClpStoreBatch  *self,
           GError        **error)
{
  g_assert (!self->open);
  clp_store_lock (self->store);
  if (clp_store_exec (self->store, "BEGIN IMMEDIATE", error))
    return TRUE;
  clp_store_unlock (self->store);
  return FALSE;
}

static gboolean
end_own (ClpStoreBatch  *self,
         gboolean        ok,
         GError        **error)
{
  ok = ok && clp_store_exec (self->store, "COMMIT", error);
  if (!ok)
    sqlite3_exec (clp_store_get_handle (self->store), "ROLLBACK", NULL, NULL, NULL);
  clp_store_unlock (self->store);
  return ok;
}

/* The deferred indexes, as name, SQL and owner, each row three strings. */
static GPtrArray *
list_deferred (ClpStoreBatch  *self,
               GError        **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  gboolean row, ok;

  if (!clp_store_statement_init (&stmt, self->store,
                                 "SELECT name, sql, owner FROM deferred_indexes ORDER BY name",
                                 "read deferred indexes", error))
    return NULL;
  while ((ok = clp_store_statement_step (&stmt, &row, error)) && row)
    for (int i = 0; i < 3; i++)
      g_ptr_array_add (rows, clp_store_statement_dup_text (&stmt, i));
  return ok ? g_steal_pointer (&rows) : NULL;
}

/* Makes one deferred index again, in a transaction of its own, so that
 * the write lock is given up between them. @sql is what the schema held
 * for it when it was dropped. */
static gboolean
restore_index (ClpStoreBatch  *self,
               const char     *name,
               const char     *sql,
               GError        **error)
{
  gint64 started = g_get_monotonic_time ();
  gboolean ok;

  if (!begin_own (self, error))
    return FALSE;
  ok = (clp_store_has_index (self->store, name) || clp_store_exec (self->store, sql, error)) &&
       run_bound (self, "DELETE FROM deferred_indexes WHERE name = ?", name, NULL, error);
  if (!end_own (self, ok, error))
    return FALSE;
  g_debug ("made index %s again in %" G_GINT64_FORMAT " ms", name,
           (g_get_monotonic_time () - started) / 1000);
  return TRUE;
}

/**
 * clp_store_batch_restore_indexes:
 * @all: also those of an import in another process that still runs
 *
 * Makes again the indexes a large import dropped (see
 * clp_store_batch_defer_indexes()): this process's, and those of imports
 * whose process is gone (they died before they could). Outside a batch.
 */
gboolean
clp_store_batch_restore_indexes (ClpStoreBatch  *self,
                                 gboolean        all,
                                 GError        **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *own = own_token ();

  g_return_val_if_fail (CLP_IS_STORE_BATCH (self), FALSE);
  g_return_val_if_fail (!self->open, FALSE);

  rows = list_deferred (self, error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i += 3)
    {
      const char *name = g_ptr_array_index (rows, i);
      const char *sql = g_ptr_array_index (rows, i + 1);
      const char *owner = g_ptr_array_index (rows, i + 2);

      if (!all && !g_str_equal (owner, own) && token_alive (owner))
        continue;
      if (!restore_index (self, name, sql, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * clp_store_batch_defer_indexes:
 * @import_bytes: the size of the files the import will read
 * @deferred: (out): whether it dropped them
 *
 * Before a large import, outside a batch: drops the indexes only searches
 * and lists read, recording them in deferred_indexes, for
 * clp_store_batch_restore_indexes() to make again at its end. An import
 * too small to gain from it (under 16 MiB, or under a quarter of the
 * archive) leaves them. Indexes left by an import that died are taken
 * over.
 */
gboolean
clp_store_batch_defer_indexes (ClpStoreBatch  *self,
                               goffset         import_bytes,
                               gboolean       *deferred,
                               GError        **error)
{
  g_autofree char *own = own_token ();
  GStatBuf archive;
  goffset archive_bytes = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (CLP_IS_STORE_BATCH (self), FALSE);
  g_return_val_if_fail (!self->open, FALSE);

  *deferred = FALSE;
  if (g_stat (clp_store_get_path (self->store), &archive) == 0)
    archive_bytes = archive.st_size;
  /* An archive grows by about three times the text it takes in. */
  if (import_bytes < DEFER_MIN_BYTES || import_bytes * 3 < archive_bytes / 4)
    return TRUE;

  if (!begin_own (self, error))
    return FALSE;
  for (guint i = 0; ok && i < G_N_ELEMENTS (deferrable_indexes); i++)
    {
      /* The names are this file's own, never user text. */
      g_autofree char *drop = g_strdup_printf ("DROP INDEX IF EXISTS %s", deferrable_indexes[i]);

      /* The index's own SQL, from the schema, goes with its name: what
       * comes back is what went, whatever migration made it. */
      ok = run_bound (self,
                      "INSERT OR IGNORE INTO deferred_indexes (name, sql, owner)"
                      " SELECT name, sql, ?1 FROM sqlite_master WHERE type = 'index' AND name = ?2",
                      own, deferrable_indexes[i], error) &&
           clp_store_exec (self->store, drop, error);
    }
  /* An import that died left its indexes: this one makes them at its end. */
  ok = ok && run_bound (self, "UPDATE deferred_indexes SET owner = ?", own, NULL, error);
  if (!end_own (self, ok, error))
    return FALSE;
  *deferred = TRUE;
  return TRUE;
}
