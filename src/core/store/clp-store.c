/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "clp-store-locks.h"
#include "clp-store-private.h"

/* The archive: one SQLite file. Every sqlite3_* call of Clippings lives in
 * this module. A ClpStore is one connection; calls on it may come from any
 * thread, one at a time. */

/* "CLPG": marks a database as a Clippings archive. */
#define CLP_APPLICATION_ID 0x434c5047
#define BUSY_TIMEOUT_MS 5000
/* The write-ahead log: see clp_store_open_full(). */
#define WAL_CHECKPOINT_PAGES 2048

struct _ClpStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;  /* SQL text -> sqlite3_stmt */
  GRecMutex   mutex;
  ClpStoreTokenizer *tokenizer;  /* the full-text tables' own, for search */
  gboolean    read_only;
  gboolean    tidy_on_close;  /* read-only in a folder it may write */
  char       *damage;         /* the quick check failed: opened read-only */
};

G_DEFINE_FINAL_TYPE (ClpStore, clp_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (clp-store-error-quark, clp_store_error)


static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
clp_store_finalize (GObject *object)
{
  ClpStore *self = CLP_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->tokenizer, clp_store_tokenizer_free);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  if (self->tidy_on_close)
    clp_store_locks_remove_unused_files (self->path);
  g_free (self->path);
  g_free (self->damage);
  g_rec_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (clp_store_parent_class)->finalize (object);
}

static void
clp_store_class_init (ClpStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clp_store_finalize;
}

static void
clp_store_init (ClpStore *self)
{
  g_rec_mutex_init (&self->mutex);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
}

void
clp_store_lock (ClpStore *self)
{
  g_rec_mutex_lock (&self->mutex);
}

void
clp_store_unlock (ClpStore *self)
{
  g_rec_mutex_unlock (&self->mutex);
}

sqlite3 *
clp_store_get_handle (ClpStore *self)
{
  return self->db;
}

ClpStoreTokenizer *
clp_store_get_tokenizer (ClpStore *self)
{
  return self->tokenizer;
}

static void
set_damaged (ClpStore  *self,
             GError   **error)
{
  g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_DAMAGED,
               _("The archive %s is damaged: some of its pages are not what SQLite wrote. "
                 "Nothing was written to it, and nothing will be; Clippings shows what it can "
                 "still read. Keep the file, and copy what can be read into a new archive with "
                 "\"clippings-cli recover\"."), self->path);
}

/* Turns the connection's last error into a GError a reader understands:
 * it names the archive and says what to do. @what (which step failed) and
 * SQLite's own words go to the debug log; SQL text never reaches a
 * message. */
gboolean
clp_store_set_error (ClpStore    *self,
                     GError     **error,
                     const char  *what)
{
  int code = sqlite3_extended_errcode (self->db);
  const char *message = sqlite3_errmsg (self->db);

  g_debug ("%s: %s: %s (%d)", self->path, what, message, code);
  switch (code & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      {
        g_autofree char *holders = clp_store_locks_describe_holders (self->path);

        if (holders != NULL)
          g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_LOCKED,
                       _("The archive %s is in use by another program: %s. Close it there, "
                         "or wait for it to finish, and try again."), self->path, holders);
        else
          g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_LOCKED,
                       _("The archive %s is in use by another program. Close it there and try "
                         "again."), self->path);
      }
      break;
    case SQLITE_READONLY:
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_READ_ONLY,
                   _("The archive %s cannot be written to. Check that the file and its "
                     "folder are writable."), self->path);
      break;
    case SQLITE_FULL:
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_FULL,
                   _("The disk that holds the archive %s is full. Make room and try again; "
                     "the archive was left as it was."), self->path);
      break;
    case SQLITE_CORRUPT:
      set_damaged (self, error);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_NOT_ARCHIVE,
                   _("%s is not a Clippings archive. Choose another file; this one was left "
                     "untouched."), self->path);
      break;
    case SQLITE_INTERRUPT:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_FAILED,
                   _("Could not read or write the archive %s (%s). Check the disk and try "
                     "again."), self->path, message);
      break;
    default:
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_FAILED,
                   _("The archive %s could not do what was asked (%s)."), self->path, message);
      break;
    }
  return FALSE;
}

/* A prepared statement, reset and ready to bind. Statements are kept for the
 * life of the connection, keyed by their text, which must never contain
 * user text: values are always bound. */
sqlite3_stmt *
clp_store_statement (ClpStore    *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      clp_store_set_error (self, error, "prepare");
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
clp_store_exec (ClpStore    *self,
                const char  *sql,
                GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return clp_store_set_error (self, error, sql);
  return TRUE;
}

char *
clp_store_column_dup (sqlite3_stmt *stmt,
                      int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static gboolean
query_int (ClpStore    *self,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  sqlite3_stmt *stmt = clp_store_statement (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return clp_store_set_error (self, error, sql);
  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Reads what kind of file this is before anything writes to it: opening
 * someone else's database must leave it exactly as it was. */
static gboolean
check_identity (ClpStore  *self,
                gint64    *version,
                GError   **error)
{
  gint64 application_id = 0;
  gint64 objects = 0;
  gboolean ok;

  /* In one read transaction: another program may be creating the archive
   * meanwhile, and its tables must not be seen without its mark. */
  if (!clp_store_exec (self, "BEGIN", error))
    return FALSE;
  ok = query_int (self, "PRAGMA application_id", &application_id, error) &&
       query_int (self, "PRAGMA user_version", version, error) &&
       query_int (self, "SELECT count(*) FROM sqlite_master", &objects, error);
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (!ok)
    return FALSE;

  if (objects > 0 && application_id != CLP_APPLICATION_ID)
    {
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_NOT_ARCHIVE,
                   _("%s is a database, but not a Clippings archive. Choose another file; "
                     "this one was left untouched."), self->path);
      return FALSE;
    }
  if (*version > CLP_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_NEWER_SCHEMA,
                   _("The archive %s was made by a newer version of Clippings (archive "
                     "version %lld, this program knows up to %d). Update "
                     "Clippings to open it; the file was left untouched. To go on with this "
                     "version, copy what it holds into a new archive with \"clippings-cli "
                     "recover\" (Recover in the window)."),
                   self->path, (long long) *version, CLP_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

/* Brings the archive to this program's schema. Each step runs inside a
 * write transaction that reads the version again once it holds the write
 * lock: two programs opening a new archive at once would otherwise both
 * run the first migration, and one would fail. */
static gboolean
migrate (ClpStore  *self,
         GError   **error)
{
  for (;;)
    {
      g_autofree char *set_version = NULL;
      g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d",
                                                 CLP_APPLICATION_ID);
      gint64 version = 0;
      gint64 objects = 0;

      if (!clp_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!query_int (self, "PRAGMA user_version", &version, error))
        goto failed;
      if (version >= CLP_STORE_SCHEMA_VERSION)
        return clp_store_exec (self, "COMMIT", error);
      if (version == 0 &&
          (!query_int (self, "SELECT count(*) FROM sqlite_master", &objects, error) ||
           objects > 0))
        {
          /* Its version was set back by hand, or never written: the first
           * migration would fail on every table it holds. */
          if (objects > 0)
            g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_DAMAGED,
                         _("The archive %s is damaged: it holds tables but has no version "
                           "number, so Clippings cannot tell how to read it. Nothing was "
                           "changed; copy what can be read into a new archive with "
                           "\"clippings-cli recover\"."), self->path);
          goto failed;
        }

      set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);
      if (!clp_store_exec (self, clp_store_migrations[version], error) ||
          !clp_store_exec (self, set_id, error) ||
          !clp_store_exec (self, set_version, error) ||
          !clp_store_exec (self, "COMMIT", error))
        goto failed;
      continue;

    failed:
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
}

/**
 * clp_store_default_path:
 *
 * Returns: the archive to use when none is named: $CLIPPINGS_DB, or
 *   clippings/archive.db in the user's data folder
 */
char *
clp_store_default_path (void)
{
  const char *env = g_getenv ("CLIPPINGS_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "clippings", "archive.db", NULL);
}

/* Whether this process may write the archive: the file, and the folder
 * for its -wal and -shm files. Root may always. */
static gboolean
can_write (const char *path,
           const char *folder)
{
  return g_access (folder, W_OK) == 0 &&
         (g_access (path, W_OK) == 0 || !g_file_test (path, G_FILE_TEST_EXISTS));
}

static gboolean
open_connection (ClpStore  *self,
                 gboolean   read_only,
                 gboolean   immutable,
                 GError   **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *escaped = NULL;
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  int rc;

  if (self->db != NULL)
    {
      /* The statements prepared on the connection go with it: the next
       * one would otherwise step them on the closed one. */
      g_hash_table_remove_all (self->statements);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  /* A URI, so that a read-only archive can say so: "mode=ro" opens it
   * without ever writing, "immutable=1" reads a snapshot on read-only
   * media, where not even the -shm file can be made. */
  escaped = g_uri_escape_string (self->path, "/", FALSE);
  uri = g_strdup_printf ("file:%s%s", escaped,
                         immutable ? "?immutable=1" : read_only ? "?mode=ro" : "");
  flags |= read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

  rc = sqlite3_open_v2 (uri, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      if (self->db == NULL)
        {
          g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_FAILED,
                       _("Could not open the archive %s: out of memory"), self->path);
          return FALSE;
        }
      if ((rc & 0xff) == SQLITE_CANTOPEN)
        {
          g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_READ_ONLY,
                       _("Could not open the archive %s (%s). Check that the file exists and "
                         "that you may read it."), self->path, sqlite3_errmsg (self->db));
          return FALSE;
        }
      return clp_store_set_error (self, error, "open");
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  return TRUE;
}

/* Puts the archive in WAL mode. Turning a new file to WAL needs every
 * other connection out of it for a moment, and SQLite answers "busy" at
 * once rather than calling the busy handler: two programs creating the
 * archive together would see it "in use". So wait here, as the busy
 * timeout would. */
static gboolean
set_wal_mode (ClpStore  *self,
              GError   **error)
{
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * (G_USEC_PER_SEC / 1000);

  while (sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
    {
      if ((sqlite3_errcode (self->db) & 0xff) != SQLITE_BUSY ||
          g_get_monotonic_time () > deadline)
        return clp_store_set_error (self, error, "PRAGMA journal_mode = WAL");
      g_usleep (g_random_int_range (5, 25) * 1000);
    }
  return TRUE;
}

static gboolean
in_wal_mode (ClpStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);
  return wal;
}

/**
 * clp_store_quick_check:
 *
 * Reads every page of the archive as SQLite's `PRAGMA quick_check` does
 * (the structure of each page and b-tree, not the indexes against their
 * tables), which costs about 4 ms a megabyte.
 *
 * Returns: %FALSE with %CLP_STORE_ERROR_DAMAGED when a page is damaged
 */
gboolean
clp_store_quick_check (ClpStore  *self,
                       GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (CLP_IS_STORE (self), FALSE);

  clp_store_lock (self);
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
      if (!ok)
        {
          g_debug ("%s: quick_check: %s", self->path, sqlite3_column_text (stmt, 0));
          set_damaged (self, error);
        }
    }
  else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    set_damaged (self, error);
  else
    clp_store_set_error (self, error, "quick check");
  sqlite3_finalize (stmt);
  clp_store_unlock (self);
  return ok;
}

/**
 * clp_store_get_damage:
 *
 * Returns: (nullable): when opening found damaged pages, and so opened
 *   read-only, what to tell the user
 */
const char *
clp_store_get_damage (ClpStore *self)
{
  g_return_val_if_fail (CLP_IS_STORE (self), NULL);

  return self->damage;
}

/**
 * clp_store_open_full:
 * @path: the archive file; created, with its folder, when it does not
 *   exist and may be written
 * @flags: %CLP_STORE_OPEN_READ_ONLY to never write
 *
 * Opens an archive, or creates one. A file that is not a Clippings archive,
 * or that a newer Clippings wrote, is refused without a byte of it changed.
 * An archive this process may not write (the file, or its folder) opens
 * read-only, as if asked: clp_store_is_read_only() tells.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
ClpStore *
clp_store_open_full (const char         *path,
                     ClpStoreOpenFlags   flags,
                     GError            **error)
{
  g_autoptr(ClpStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder = NULL;
  gint64 version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  clp_store_locks_install ();

  self = g_object_new (CLP_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->read_only = (flags & CLP_STORE_OPEN_READ_ONLY) != 0;

  folder = g_path_get_dirname (path);
  if (!self->read_only && !g_file_test (path, G_FILE_TEST_EXISTS) &&
      g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder %s for the archive: %s. Choose another "
                     "place for it."), folder, g_strerror (saved_errno));
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS) && (self->read_only || g_access (folder, W_OK) != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   self->read_only
                   ? _("There is no archive %s.")
                   : _("Cannot make the archive %s: its folder may not be written to. Choose "
                       "another place for it."), path);
      return NULL;
    }
  if (!can_write (path, folder))
    self->read_only = TRUE;
  /* A read-only connection makes the -wal and -shm files in a folder it
   * may write, and leaves them; they go when the last connection
   * anywhere closes, whichever it is. */
  self->tidy_on_close = self->read_only && g_access (folder, W_OK) == 0;

  if (!open_connection (self, self->read_only, FALSE, error))
    return NULL;
  if (!check_identity (self, &version, &local_error))
    {
      /* A read-only folder without the archive's -shm file: only a
       * snapshot that nothing writes can be read there. SQLite says so
       * as an I/O failure, or (a WAL archive) as a read-only directory. */
      if (!self->read_only ||
          !(g_error_matches (local_error, CLP_STORE_ERROR, CLP_STORE_ERROR_FAILED) ||
            g_error_matches (local_error, CLP_STORE_ERROR, CLP_STORE_ERROR_READ_ONLY)))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&local_error);
      if (!open_connection (self, TRUE, TRUE, error) ||
          !check_identity (self, &version, error))
        return NULL;
    }

  /* Nothing is written to an archive whose pages are damaged: before an
   * open's own writes (turning the file to WAL, upgrading it), SQLite's
   * quick check reads every page. A damaged archive opens read-only. The
   * archive's writer checks too, before its first write. */
  if (!self->read_only && version > 0 &&
      (version < CLP_STORE_SCHEMA_VERSION || !in_wal_mode (self)) &&
      !clp_store_quick_check (self, &local_error))
    {
      if (!g_error_matches (local_error, CLP_STORE_ERROR, CLP_STORE_ERROR_DAMAGED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      self->damage = g_strdup (local_error->message);
      g_clear_error (&local_error);
      self->read_only = TRUE;
      self->tidy_on_close = g_access (folder, W_OK) == 0;
      if (!open_connection (self, TRUE, FALSE, error))
        return NULL;
    }

  if (self->read_only)
    {
      if (version == 0)
        {
          g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_READ_ONLY,
                       _("The archive %s is empty and cannot be written to, so there is "
                         "nothing to show."), path);
          return NULL;
        }
      if (!clp_store_exec (self, "PRAGMA query_only = ON", error))
        return NULL;
    }
  else if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_READ_ONLY,
                   _("The archive %s cannot be written to. Check that the file and its "
                     "folder are writable."), path);
      return NULL;
    }

  if (!clp_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !clp_store_exec (self, "PRAGMA temp_store = FILE", error) ||
      !clp_store_add_search_functions (self, error))
    return NULL;
  if (!self->read_only &&
      (!set_wal_mode (self, error) ||
       !clp_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
       /* The write-ahead log is bounded, since it takes room on the disk
        * beside the archive: a checkpoint after the commit that takes it
        * past WAL_CHECKPOINT_PAGES, that is between files (or batches of
        * them: it runs after any commit), and the file cut back to
        * CLP_STORE_WAL_SIZE_LIMIT once a checkpoint let it start over, which a
        * large import's one transaction would otherwise leave behind.
        * Each imported file is a commit of some 60 scattered pages; moving
        * them into the database every 1,000 pages (the default) spent a
        * quarter of a folder import in checkpoints and their fsyncs, and
        * at 8,192 pages the log reached 34 MB while the archive grew by
        * 6. At 2,048 pages a checkpoint still writes each page once for
        * many files (3% more CPU than 8,192). A crash still loses nothing
        * committed; a power cut may undo the commits since the last
        * checkpoint, as with the default. */
       !clp_store_exec (self, "PRAGMA wal_autocheckpoint = " G_STRINGIFY (WAL_CHECKPOINT_PAGES),
                        error) ||
       !clp_store_exec (self, "PRAGMA journal_size_limit = " G_STRINGIFY (CLP_STORE_WAL_SIZE_LIMIT),
                        error) ||
       (version < CLP_STORE_SCHEMA_VERSION && !migrate (self, error))))
    return NULL;

  self->tokenizer = clp_store_tokenizer_new (self->db);
  if (self->tokenizer == NULL)
    {
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_FAILED,
                   "The full-text tokenizer of SQLite is missing.");
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * clp_store_open:
 *
 * clp_store_open_full() with no flags.
 */
ClpStore *
clp_store_open (const char  *path,
                GError     **error)
{
  return clp_store_open_full (path, CLP_STORE_OPEN_DEFAULT, error);
}

gboolean
clp_store_is_read_only (ClpStore *self)
{
  g_return_val_if_fail (CLP_IS_STORE (self), TRUE);

  return self->read_only;
}

/**
 * clp_store_get_data_version:
 *
 * Returns: a number that changes when another connection, in this process
 *   or another, commits a change to the archive (`PRAGMA data_version`)
 */
gint64
clp_store_get_data_version (ClpStore *self)
{
  gint64 version = 0;

  g_return_val_if_fail (CLP_IS_STORE (self), 0);

  clp_store_lock (self);
  if (!query_int (self, "PRAGMA data_version", &version, NULL))
    version = -1;
  clp_store_unlock (self);
  return version;
}

const char *
clp_store_get_path (ClpStore *self)
{
  g_return_val_if_fail (CLP_IS_STORE (self), NULL);

  return self->path;
}

/* SQLite calls this during long statements; a cancelled view stops its
 * query here instead of waiting for it. */
static int
progress_cb (void *data)
{
  return g_cancellable_is_cancelled (G_CANCELLABLE (data)) ? 1 : 0;
}

void
clp_store_watch_cancellable (ClpStore     *self,
                             GCancellable *cancellable)
{
  if (cancellable != NULL)
    sqlite3_progress_handler (self->db, 1000, progress_cb, cancellable);
  else
    sqlite3_progress_handler (self->db, 0, NULL, NULL);
}

static gboolean
query_text (ClpStore    *self,
            const char  *sql,
            char       **value,
            GError     **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  return clp_store_statement_init (&stmt, self, sql, sql, error) &&
         clp_store_statement_fetch_text (&stmt, value, error);
}

static gint64
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (gint64) buf.st_size : 0;
}

gboolean
clp_store_get_stats (ClpStore       *self,
                     ClpStoreStats  *stats,
                     GError        **error)
{
  g_autofree char *wal = NULL;
  g_autofree char *first_comment = NULL;
  g_autofree char *last_comment = NULL;
  gboolean ok;

  g_return_val_if_fail (CLP_IS_STORE (self), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  clp_store_lock (self);
  ok = query_int (self, "SELECT count(*) FROM articles", &stats->articles, error) &&
       query_int (self, "SELECT count(*) FROM comments", &stats->comments, error) &&
       query_int (self, "SELECT count(*) FROM sources", &stats->sources, error) &&
       query_int (self, "SELECT count(*) FROM imports", &stats->imports, error) &&
       query_text (self, "SELECT min(published) FROM articles", &stats->first_day, error) &&
       query_text (self, "SELECT max(published) FROM articles", &stats->last_day, error) &&
       query_text (self, "SELECT substr(min(posted_at), 1, 10) FROM comments",
                   &first_comment, error) &&
       query_text (self, "SELECT substr(max(posted_at), 1, 10) FROM comments",
                   &last_comment, error);
  clp_store_unlock (self);
  if (!ok)
    {
      clp_store_stats_clear (stats);
      return FALSE;
    }

  if (first_comment != NULL && (stats->first_day == NULL || strcmp (first_comment, stats->first_day) < 0))
    {
      g_free (stats->first_day);
      stats->first_day = g_steal_pointer (&first_comment);
    }
  if (last_comment != NULL && (stats->last_day == NULL || strcmp (last_comment, stats->last_day) > 0))
    {
      g_free (stats->last_day);
      stats->last_day = g_steal_pointer (&last_comment);
    }

  wal = g_strconcat (self->path, "-wal", NULL);
  stats->file_size = file_size (self->path) + file_size (wal);
  return TRUE;
}

void
clp_store_stats_clear (ClpStoreStats *stats)
{
  g_clear_pointer (&stats->first_day, g_free);
  g_clear_pointer (&stats->last_day, g_free);
}

static gboolean
collect_rows (ClpStore    *self,
              const char  *sql,
              const char  *ok_value,
              GPtrArray   *problems,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return clp_store_set_error (self, error, sql);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);
      int n = sqlite3_column_count (stmt);

      if (ok_value != NULL && g_strcmp0 (text, ok_value) == 0)
        continue;
      if (n > 1)
        g_ptr_array_add (problems,
                         g_strdup_printf ("table %s, row %s refers to a missing %s row",
                                          text, sqlite3_column_text (stmt, 1),
                                          sqlite3_column_text (stmt, 2)));
      else
        g_ptr_array_add (problems, g_strdup (text != NULL ? text : "?"));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      /* FTS5 reports a damaged index as an error of the statement. */
      if ((sqlite3_errcode (self->db) & 0xff) == SQLITE_CORRUPT)
        {
          g_ptr_array_add (problems, g_strdup_printf ("%s: %s", sql, sqlite3_errmsg (self->db)));
          return TRUE;
        }
      return clp_store_set_error (self, error, sql);
    }
  return TRUE;
}

/* The full-text index's own check is an INSERT (it changes nothing), so
 * a read-only connection cannot run it. A connection that may write runs
 * it inside a transaction it rolls back; it is opened only after SQLite's
 * own check found the file sound, so a damaged file is never written. */
static gboolean
check_full_text (ClpStore   *self,
                 GPtrArray  *problems,
                 gboolean   *checked,
                 GError    **error)
{
  static const char * const checks[] = {
    "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)",
    "INSERT INTO comments_fts (comments_fts, rank) VALUES ('integrity-check', 1)",
  };
  g_autoptr(ClpStore) writer = NULL;
  ClpStore *store = self;
  gboolean ok = TRUE;

  *checked = FALSE;
  if (self->read_only)
    {
      if (g_access (self->path, W_OK) != 0)
        return TRUE;
      writer = g_object_new (CLP_TYPE_STORE, NULL);
      writer->path = g_strdup (self->path);
      if (sqlite3_open_v2 (self->path, &writer->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                           NULL) != SQLITE_OK)
        return TRUE;
      sqlite3_busy_timeout (writer->db, BUSY_TIMEOUT_MS);
      store = writer;
    }
  if (!clp_store_exec (store, "BEGIN", error))
    return FALSE;
  for (guint i = 0; ok && i < G_N_ELEMENTS (checks); i++)
    ok = collect_rows (store, checks[i], NULL, problems, error);
  sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
  *checked = ok;
  return ok;
}

/**
 * clp_store_check:
 * @problems: (element-type utf8): receives one line per problem found
 * @index_checked: (out) (optional): whether the full-text index was
 *   checked too; it cannot be on an archive this process may not write
 *
 * Runs SQLite's integrity check, the foreign-key check and the full-text
 * index's own check against the tables it indexes.
 *
 * Returns: %FALSE if the checks could not run; an empty @problems means the
 *   archive is sound
 */
gboolean
clp_store_check (ClpStore   *self,
                 GPtrArray  *problems,
                 gboolean   *index_checked,
                 GError    **error)
{
  gboolean checked = FALSE;
  gboolean ok;

  g_return_val_if_fail (CLP_IS_STORE (self), FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  clp_store_lock (self);
  ok = collect_rows (self, "PRAGMA integrity_check", "ok", problems, error) &&
       collect_rows (self, "PRAGMA foreign_key_check", NULL, problems, error) &&
       (problems->len > 0 || check_full_text (self, problems, &checked, error));
  clp_store_unlock (self);
  if (index_checked != NULL)
    *index_checked = checked;
  return ok;
}

/* Whether the archive has this index now: a large import drops some for
 * its duration (deferred_indexes, migration 7), and a query that names
 * one then goes without. */
gboolean
clp_store_has_index (ClpStore    *self,
                     const char  *name)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  gint64 found = 0;

  if (!clp_store_statement_init (&stmt, self,
                                 "SELECT count(*) FROM sqlite_master"
                                 " WHERE type = 'index' AND name = ?", "read schema", NULL))
    return TRUE;
  clp_store_statement_bind_text (&stmt, 1, name);
  return !clp_store_statement_fetch_int64 (&stmt, &found, NULL) || found > 0;
}

/* " INDEXED BY @name", or nothing while the index is away. */
char *
clp_store_indexed_by (ClpStore    *self,
                      const char  *name)
{
  return clp_store_has_index (self, name) ? g_strdup_printf (" INDEXED BY %s", name)
                                          : g_strdup ("");
}

/**
 * clp_store_find_import:
 * @sha256: the file's SHA-256, hex
 * @import_id: (out): the earlier import of the same bytes
 * @imported_at: (out) (optional): when, UTC ISO time
 *
 * Returns: %TRUE when the same file was imported before
 */
gboolean
clp_store_find_import (ClpStore    *self,
                       const char  *sha256,
                       gint64      *import_id,
                       char       **imported_at,
                       GError     **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  gboolean found = FALSE;

  g_return_val_if_fail (CLP_IS_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  if (!clp_store_statement_init (&stmt, self,
                                 "SELECT id, imported_at FROM imports WHERE sha256 = ?"
                                 " ORDER BY id LIMIT 1", "find import", error))
    return FALSE;
  clp_store_statement_bind_text (&stmt, 1, sha256);
  if (!clp_store_statement_step (&stmt, &found, error) || !found)
    return FALSE;
  *import_id = clp_store_statement_get_int64 (&stmt, 0);
  if (imported_at != NULL)
    *imported_at = clp_store_statement_dup_text (&stmt, 1);
  return TRUE;
}

/**
 * clp_store_list_names:
 * @what: "sources" or "sections"
 *
 * Returns: (transfer full) (element-type utf8): the distinct names, sorted
 */
GPtrArray *
clp_store_list_names (ClpStore      *self,
                      const char    *what,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  GPtrArray *names = NULL;
  const char *sql;

  g_return_val_if_fail (CLP_IS_STORE (self), NULL);

  if (g_str_equal (what, "sources"))
    sql = "SELECT name FROM sources ORDER BY name COLLATE NOCASE";
  else if (g_str_equal (what, "sections"))
    sql = "SELECT DISTINCT section FROM articles WHERE section IS NOT NULL"
          " ORDER BY section COLLATE NOCASE";
  else
    g_return_val_if_reached (NULL);

  clp_store_lock (self);
  clp_store_watch_cancellable (self, cancellable);
  if (clp_store_statement_init (&stmt, self, sql, "list names", error))
    names = clp_store_statement_collect_text (&stmt, error);
  clp_store_watch_cancellable (self, NULL);
  clp_store_unlock (self);
  return names;
}

/**
 * clp_store_complete_author:
 * @start: what the user typed
 *
 * Returns: (transfer full) (element-type utf8): authors whose name starts
 *   with @start, ignoring case, the most prolific first
 */
GPtrArray *
clp_store_complete_author (ClpStore      *self,
                           const char    *start,
                           guint          limit,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  g_autofree char *pattern = NULL;
  GPtrArray *names = NULL;

  g_return_val_if_fail (CLP_IS_STORE (self), NULL);
  g_return_val_if_fail (start != NULL, NULL);

  /* The user's text literally, at the start, so that the comments_author
   * index (NOCASE) serves it. */
  pattern = clp_store_like_pattern (start, FALSE);

  clp_store_lock (self);
  clp_store_watch_cancellable (self, cancellable);
  if (clp_store_statement_init (&stmt, self,
                                "SELECT author FROM comments"
                                " WHERE author LIKE ? ESCAPE '\\' AND status = 0"
                                " GROUP BY author COLLATE NOCASE ORDER BY count(*) DESC, author"
                                " LIMIT ?", "complete author", error))
    {
      clp_store_statement_bind_text (&stmt, 1, pattern);
      /* Through an int, as ever: G_MAXUINT binds as -1, SQLite's "no limit". */
      clp_store_statement_bind_int64 (&stmt, 2, (int) limit);
      names = clp_store_statement_collect_text (&stmt, error);
    }
  clp_store_watch_cancellable (self, NULL);
  clp_store_unlock (self);
  return names;
}

/**
 * clp_store_list_import_articles:
 *
 * Returns: (transfer full) (element-type gint64): the articles an import
 *   added to the archive, in the order it added them
 */
GArray *
clp_store_list_import_articles (ClpStore  *self,
                                gint64     import_id,
                                GError   **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  g_return_val_if_fail (CLP_IS_STORE (self), NULL);

  if (!clp_store_statement_init (&stmt, self,
                                 "SELECT id FROM articles WHERE import_id = ? ORDER BY id",
                                 "list import articles", error))
    return NULL;
  clp_store_statement_bind_int64 (&stmt, 1, import_id);
  return clp_store_statement_collect_int64 (&stmt, error);
}
