/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-archive"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clp-archive-private.h"

/* The one owner of an archive file in a process. It alone opens the file
 * and holds every connection to it:
 *
 * - the opener's connection, for lookups by key that a list model makes
 *   on the main thread, and for noticing changes (`PRAGMA data_version`
 *   changes when any other connection, in this process or another,
 *   commits);
 * - readers, a connection each, taken from a pool by whatever runs a
 *   read: two worker threads of its own for the _async calls, or the
 *   caller's thread for the blocking ones;
 * - one writer, opened on the first write, used by one import at a time
 *   on a worker thread of its own.
 *
 * Front ends ask it, never the store: it runs each request on the right
 * connection and thread, and tells, with ::changed, when the archive
 * changed, whoever changed it. */

#define N_READER_THREADS 2
#define N_IDLE_READERS   2
#define WATCH_INTERVAL_MS 500

struct _ClpArchive
{
  GObject              parent_instance;

  char                *path;
  ClpArchiveOpenFlags  flags;
  gboolean             read_only;
  char                *read_only_reason;
  char                *damage;       /* set once, by the writer's check */

  ClpStore            *main_store;   /* the opener's thread */
  gint64               data_version;
  GMainContext        *context;      /* where ::changed is emitted */
  GSource             *watch_source;

  GMutex               mutex;        /* guards the two below */
  GQueue               idle_readers; /* ClpStore */
  ClpStore            *writer;

  GThreadPool         *read_pool;
  GThreadPool         *write_pool;
};

enum { CHANGED, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ClpArchive, clp_archive, G_TYPE_OBJECT)

/* A request for a worker: the task and the function that answers it. */
typedef struct
{
  ClpArchive     *archive;
  GTask          *task;
  ClpArchiveWork  work;
} Work;

static void
clp_archive_dispose (GObject *object)
{
  ClpArchive *self = CLP_ARCHIVE (object);

  if (self->watch_source != NULL)
    {
      g_source_destroy (self->watch_source);
      g_clear_pointer (&self->watch_source, g_source_unref);
    }
  /* Every queued work holds a reference: the pools are idle by now. The
   * last reference may go on one of their threads, so do not wait. */
  if (self->read_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->read_pool), TRUE, FALSE);
  if (self->write_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->write_pool), TRUE, FALSE);

  G_OBJECT_CLASS (clp_archive_parent_class)->dispose (object);
}

static void
clp_archive_finalize (GObject *object)
{
  ClpArchive *self = CLP_ARCHIVE (object);

  g_queue_clear_full (&self->idle_readers, g_object_unref);
  g_clear_object (&self->writer);
  g_clear_object (&self->main_store);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->path);
  g_free (self->read_only_reason);
  g_free (self->damage);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (clp_archive_parent_class)->finalize (object);
}

static void
clp_archive_class_init (ClpArchiveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clp_archive_dispose;
  object_class->finalize = clp_archive_finalize;

  /**
   * ClpArchive::changed:
   *
   * The archive changed: an import in this process or another committed.
   * Emitted in the thread-default main context of the opener, within
   * about half a second (at once for imports of this archive object).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
clp_archive_init (ClpArchive *self)
{
  g_mutex_init (&self->mutex);
  g_queue_init (&self->idle_readers);
}

/**
 * clp_archive_default_path:
 *
 * Returns: the archive to use when none is named: $CLIPPINGS_DB, or
 *   clippings/archive.db in the user's data folder
 */
char *
clp_archive_default_path (void)
{
  return clp_store_default_path ();
}

/* Connections */

/**
 * clp_archive_take_reader:
 *
 * Returns: (transfer full): a connection for reading, for the calling
 *   thread alone until clp_archive_give_back_reader()
 */
ClpStore *
clp_archive_take_reader (ClpArchive  *self,
                         GError     **error)
{
  ClpStore *store;

  g_mutex_lock (&self->mutex);
  store = g_queue_pop_head (&self->idle_readers);
  g_mutex_unlock (&self->mutex);
  if (store != NULL)
    return store;
  /* Readers never write: the opener created and upgraded the archive. */
  return clp_store_open_full (self->path, CLP_STORE_OPEN_READ_ONLY, error);
}

void
clp_archive_give_back_reader (ClpArchive *self,
                              ClpStore   *store)
{
  g_mutex_lock (&self->mutex);
  if (g_queue_get_length (&self->idle_readers) < N_IDLE_READERS)
    g_queue_push_head (&self->idle_readers, g_steal_pointer (&store));
  g_mutex_unlock (&self->mutex);
  g_clear_object (&store);
}

/**
 * clp_archive_get_writer:
 *
 * The one connection that writes. Only work on the write pool calls this,
 * so one write runs at a time.
 *
 * Returns: (transfer none): the writer, or %NULL with @error set
 */
ClpStore *
clp_archive_get_writer (ClpArchive  *self,
                        GError     **error)
{
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(GError) damage = NULL;
  ClpStore *writer;

  if (self->read_only)
    {
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_READ_ONLY, "%s",
                   clp_archive_get_read_only_reason (self));
      return NULL;
    }
  g_mutex_lock (&self->mutex);
  writer = self->writer;
  g_mutex_unlock (&self->mutex);
  if (writer != NULL)
    return writer;

  /* Nothing is written into damaged pages: the first write of this
   * archive object waits for SQLite's check of every page. Only the
   * write pool's one thread comes here, so the check runs without the
   * mutex, and the readers go on meanwhile. */
  store = clp_store_open (self->path, error);
  if (store == NULL)
    return NULL;
  if (!clp_store_quick_check (store, &damage))
    {
      if (g_error_matches (damage, CLP_STORE_ERROR, CLP_STORE_ERROR_DAMAGED))
        {
          g_atomic_pointer_set (&self->damage, g_strdup (damage->message));
          self->read_only = TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&damage));
      return NULL;
    }
  g_mutex_lock (&self->mutex);
  self->writer = g_steal_pointer (&store);
  writer = self->writer;
  g_mutex_unlock (&self->mutex);
  return writer;
}

/* Workers */

static void
work_free (Work *work)
{
  g_object_unref (work->task);
  g_object_unref (work->archive);
  g_free (work);
}

static void
read_thread (gpointer data,
             gpointer user_data)
{
  Work *work = data;
  ClpArchive *self = work->archive;
  GCancellable *cancellable = g_task_get_cancellable (work->task);
  g_autoptr(GError) error = NULL;
  ClpStore *store;

  if (g_task_return_error_if_cancelled (work->task))
    {
      work_free (work);
      return;
    }
  store = clp_archive_take_reader (self, &error);
  if (store == NULL)
    g_task_return_error (work->task, g_steal_pointer (&error));
  else
    {
      work->work (work->task, self, store, g_task_get_task_data (work->task), cancellable);
      clp_archive_give_back_reader (self, store);
    }
  /* Last: this may drop the last reference to the archive. */
  work_free (work);
}

static void
write_thread (gpointer data,
              gpointer user_data)
{
  Work *work = data;
  ClpArchive *self = work->archive;
  g_autoptr(GError) error = NULL;
  ClpStore *writer = clp_archive_get_writer (self, &error);

  if (writer == NULL)
    g_task_return_error (work->task, g_steal_pointer (&error));
  else
    work->work (work->task, self, writer, g_task_get_task_data (work->task),
                g_task_get_cancellable (work->task));
  work_free (work);
}

/**
 * clp_archive_run_read:
 * @task: its task data goes to @work
 *
 * Runs @work on a reader thread with a reader connection; @work returns
 * through @task.
 */
void
clp_archive_run_read (ClpArchive     *self,
                      GTask          *task,
                      ClpArchiveWork  work)
{
  Work *item = g_new0 (Work, 1);

  item->archive = g_object_ref (self);
  item->task = g_object_ref (task);
  item->work = work;
  g_thread_pool_push (self->read_pool, item, NULL);
}

static gpointer
long_read_thread (gpointer data)
{
  read_thread (data, NULL);
  return NULL;
}

/**
 * clp_archive_run_long_read:
 *
 * Runs @work on a thread of its own with a reader connection, for long
 * reads (exports) that should not hold up the window's.
 */
void
clp_archive_run_long_read (ClpArchive     *self,
                           GTask          *task,
                           ClpArchiveWork  work)
{
  Work *item = g_new0 (Work, 1);

  item->archive = g_object_ref (self);
  item->task = g_object_ref (task);
  item->work = work;
  g_thread_unref (g_thread_new ("clp-long-read", long_read_thread, item));
}

/**
 * clp_archive_run_write:
 *
 * Runs @work on the writer's thread, after the writes queued before it,
 * with the writer connection.
 */
void
clp_archive_run_write (ClpArchive     *self,
                       GTask          *task,
                       ClpArchiveWork  work)
{
  Work *item = g_new0 (Work, 1);

  item->archive = g_object_ref (self);
  item->task = g_object_ref (task);
  item->work = work;
  g_thread_pool_push (self->write_pool, item, NULL);
}

/* Blocking calls */

void
clp_sync_call_begin (ClpSyncCall *call)
{
  call->context = g_main_context_new ();
  call->result = NULL;
  g_main_context_push_thread_default (call->context);
}

void
clp_sync_call_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ClpSyncCall *call = user_data;

  call->result = g_object_ref (result);
}

/* Returns: (transfer full): the result clp_sync_call_done() was given */
GAsyncResult *
clp_sync_call_wait (ClpSyncCall *call)
{
  while (call->result == NULL)
    g_main_context_iteration (call->context, TRUE);
  /* What the work queued for this context before its result (a job's last
   * notification) is delivered too. Left pending, it would hold the job,
   * which holds the context: neither would go, nor the archive, whose
   * connections would then never close. */
  while (g_main_context_iteration (call->context, FALSE))
    ;
  g_main_context_pop_thread_default (call->context);
  g_clear_pointer (&call->context, g_main_context_unref);
  return g_steal_pointer (&call->result);
}

/* Changes */

/**
 * clp_archive_check_changed:
 *
 * Emits ::changed now if the archive changed since the last look. The
 * archive looks by itself every half second when opened to watch; an
 * import of this archive object looks when it commits.
 */
void
clp_archive_check_changed (ClpArchive *self)
{
  gint64 version;

  g_return_if_fail (CLP_IS_ARCHIVE (self));

  version = clp_store_get_data_version (self->main_store);
  if (version == self->data_version || version < 0)
    return;
  self->data_version = version;
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
watch_cb (gpointer data)
{
  clp_archive_check_changed (CLP_ARCHIVE (data));
  return G_SOURCE_CONTINUE;
}

/* Opening */

static ClpArchive *
archive_new (const char           *path,
             ClpArchiveOpenFlags   flags,
             GError              **error)
{
  g_autoptr(ClpArchive) self = g_object_new (CLP_TYPE_ARCHIVE, NULL);
  ClpStoreOpenFlags store_flags = (flags & CLP_ARCHIVE_OPEN_READ_ONLY) != 0
                                  ? CLP_STORE_OPEN_READ_ONLY : CLP_STORE_OPEN_DEFAULT;

  self->path = g_strdup (path);
  self->flags = flags;
  self->main_store = clp_store_open_full (path, store_flags, error);
  if (self->main_store == NULL)
    return NULL;
  self->read_only = clp_store_is_read_only (self->main_store);
  if ((flags & CLP_ARCHIVE_OPEN_READ_ONLY) != 0)
    self->read_only_reason = g_strdup_printf (_("The archive %s was opened read-only."), path);
  else if (clp_store_get_damage (self->main_store) != NULL)
    self->read_only_reason = g_strdup (clp_store_get_damage (self->main_store));
  else if (self->read_only)
    self->read_only_reason = g_strdup_printf (_("The archive %s is read-only: you may not "
                                                "write to the file or its folder. You can "
                                                "browse, search and export; to import, copy it "
                                                "somewhere you can write."), path);
  self->data_version = clp_store_get_data_version (self->main_store);
  self->read_pool = g_thread_pool_new (read_thread, NULL, N_READER_THREADS, FALSE, NULL);
  self->write_pool = g_thread_pool_new (write_thread, NULL, 1, FALSE, NULL);
  return g_steal_pointer (&self);
}

/* The parts of opening that belong to the opener's thread. */
static void
attach (ClpArchive *self)
{
  self->context = g_main_context_ref_thread_default ();
  if ((self->flags & CLP_ARCHIVE_OPEN_WATCH) != 0)
    {
      self->watch_source = g_timeout_source_new (WATCH_INTERVAL_MS);
      g_source_set_callback (self->watch_source, watch_cb, self, NULL);
      g_source_set_static_name (self->watch_source, "[clippings] archive watch");
      g_source_attach (self->watch_source, self->context);
    }
}

/**
 * clp_archive_open:
 * @path: the archive file; created when it does not exist and may be
 *   written
 *
 * Opens an archive, upgrading it to this program's schema. An archive
 * this process may not write opens read-only: browsing, searching and
 * exporting work, imports fail with clp_archive_get_read_only_reason().
 *
 * Returns: (transfer full): the archive, or %NULL with @error set
 */
ClpArchive *
clp_archive_open (const char           *path,
                  ClpArchiveOpenFlags   flags,
                  GCancellable         *cancellable,
                  GError              **error)
{
  ClpArchive *self;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  self = archive_new (path, flags, error);
  if (self != NULL)
    attach (self);
  return self;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  ClpArchive *self = archive_new (task_data, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task),
                                                                                  "flags")),
                                  &error);

  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

/**
 * clp_archive_open_async:
 *
 * Opens the archive on a worker thread: a large archive's upgrade does
 * not hold up the caller.
 */
void
clp_archive_open_async (const char           *path,
                        ClpArchiveOpenFlags   flags,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, clp_archive_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_object_set_data (G_OBJECT (task), "flags", GUINT_TO_POINTER (flags));
  g_task_run_in_thread (task, open_thread);
}

ClpArchive *
clp_archive_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  ClpArchive *self;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  self = g_task_propagate_pointer (G_TASK (result), error);
  if (self != NULL)
    attach (self);
  return self;
}

const char *
clp_archive_get_path (ClpArchive *self)
{
  g_return_val_if_fail (CLP_IS_ARCHIVE (self), NULL);

  return self->path;
}

gboolean
clp_archive_is_read_only (ClpArchive *self)
{
  g_return_val_if_fail (CLP_IS_ARCHIVE (self), TRUE);

  return self->read_only;
}

/**
 * clp_archive_get_read_only_reason:
 *
 * Returns: (nullable): why the archive may not be written, in words for
 *   the user; %NULL when it may
 */
const char *
clp_archive_get_read_only_reason (ClpArchive *self)
{
  g_return_val_if_fail (CLP_IS_ARCHIVE (self), NULL);

  if (g_atomic_pointer_get (&self->damage) != NULL)
    return g_atomic_pointer_get (&self->damage);
  return self->read_only_reason;
}

/* Reading */

/**
 * clp_archive_load_articles:
 * @ids: article ids
 * @with_body: with the body paragraphs (lists do not need them)
 *
 * Looks articles up by id on the opener's connection. Call it from the
 * thread that opened the archive.
 *
 * Returns: (transfer full) (element-type ClpArticle): the articles in the
 *   order of @ids; ids not in the archive are left out
 */
GPtrArray *
clp_archive_load_articles (ClpArchive    *self,
                           const gint64  *ids,
                           guint          n_ids,
                           gboolean       with_body,
                           GError       **error)
{
  g_return_val_if_fail (CLP_IS_ARCHIVE (self), NULL);

  return clp_store_load_articles (self->main_store, ids, n_ids, with_body, error);
}

/**
 * clp_archive_recover:
 * @path: an archive that cannot be used: damaged, or made by a newer
 *   Clippings; only read
 * @target: a new archive; must not exist
 * @counts: (out): what was copied
 *
 * Copies every row that can still be read into a new archive, never
 * repairing @path in place (see clp-store-recover.c).
 */
gboolean
clp_archive_recover (const char        *path,
                     const char        *target,
                     ClpRecoverCounts  *counts,
                     GError           **error)
{
  g_return_val_if_fail (path != NULL && target != NULL, FALSE);

  return clp_store_recover (path, target, counts, error);
}

typedef struct
{
  char             *path;
  char             *target;
  ClpRecoverCounts  counts;
} RecoverArgs;

static void
recover_args_free (RecoverArgs *args)
{
  g_free (args->path);
  g_free (args->target);
  g_free (args);
}

static void
recover_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RecoverArgs *args = task_data;
  GError *error = NULL;

  if (clp_store_recover (args->path, args->target, &args->counts, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * clp_archive_recover_async:
 *
 * clp_archive_recover() on a worker thread.
 */
void
clp_archive_recover_async (const char          *path,
                           const char          *target,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RecoverArgs *args = g_new0 (RecoverArgs, 1);

  g_return_if_fail (path != NULL && target != NULL);

  args->path = g_strdup (path);
  args->target = g_strdup (target);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, clp_archive_recover_async);
  g_task_set_task_data (task, args, (GDestroyNotify) recover_args_free);
  g_task_run_in_thread (task, recover_thread);
}

gboolean
clp_archive_recover_finish (GAsyncResult      *result,
                            ClpRecoverCounts  *counts,
                            GError           **error)
{
  RecoverArgs *args;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  args = g_task_get_task_data (G_TASK (result));
  if (counts != NULL)
    *counts = args->counts;
  return TRUE;
}
