/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-import-job"

#include "config.h"


#include "clp-archive-private.h"
#include "clp-import.h"
#include "clp-import-job.h"

/* Imports files and folders on the archive's writer, and tells the
 * caller's main context how far it is through GObject notifications
 * (properties "fraction" and "current") and, for each file, the signal
 * ::file-done with its report. Reading the archive meanwhile is never
 * blocked: the archive is in WAL mode.
 *
 * Files go into the archive in batches (ClpStoreBatch): each file whole or
 * not at all, in a savepoint, and a commit about every second. A file's
 * ::file-done comes when its batch has committed, so that a file reported
 * imported is in the archive; if the commit fails, every file of the
 * batch is reported failed, and none of it is in the archive. */

struct _ClpImportJob
{
  ClpJob      parent_instance;

  GPtrArray  *roots;        /* GFile */
  GFile      *names_from;   /* files are named relative to it, or by their base name */
};

enum { FILE_DONE, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ClpImportJob, clp_import_job, CLP_TYPE_JOB)

static void
clp_import_job_finalize (GObject *object)
{
  ClpImportJob *self = CLP_IMPORT_JOB (object);

  g_clear_object (&self->names_from);
  g_ptr_array_unref (self->roots);

  G_OBJECT_CLASS (clp_import_job_parent_class)->finalize (object);
}

static void
clp_import_job_class_init (ClpImportJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clp_import_job_finalize;

  /**
   * ClpImportJob::file-done:
   * @report: what the file's import did
   *
   * A file is done: imported, found unchanged, failed or cancelled.
   */
  signals[FILE_DONE] =
    g_signal_new ("file-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CLP_TYPE_IMPORT_REPORT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
clp_import_job_init (ClpImportJob *self)
{
  self->roots = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * clp_import_job_new:
 * @files: files and folders; folders are read recursively
 */
ClpImportJob *
clp_import_job_new (ClpArchive  *archive,
                    GFile      **files,
                    guint        n_files)
{
  ClpImportJob *self;

  g_return_val_if_fail (CLP_IS_ARCHIVE (archive), NULL);
  g_return_val_if_fail (files != NULL || n_files == 0, NULL);

  self = g_object_new (CLP_TYPE_IMPORT_JOB, "archive", archive, NULL);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (self->roots, g_object_ref (files[i]));
  return self;
}

/**
 * clp_import_job_set_names_from:
 * @folder: (nullable): reports name files relative to this folder when
 *   they are inside it (the command line passes the working folder);
 *   %NULL, the default, names them by their base name
 */
void
clp_import_job_set_names_from (ClpImportJob *self,
                               GFile        *folder)
{
  g_return_if_fail (CLP_IS_IMPORT_JOB (self));

  g_set_object (&self->names_from, folder);
}

typedef struct
{
  ClpImportJob *job;
  goffset       before;  /* bytes of the files already imported */
  goffset       total;
} Progress;

static void
progress_cb (goffset  done,
             goffset  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  if (progress->total > 0)
    clp_job_update (CLP_JOB (progress->job),
                    (double) (progress->before + done) / progress->total, NULL);
}

static char *
display_name (ClpImportJob *self,
              GFile        *file)
{
  char *relative = self->names_from != NULL ? g_file_get_relative_path (self->names_from, file)
                                            : NULL;

  if (relative != NULL)
    return relative;
  return self->names_from != NULL ? g_file_get_parse_name (file) : g_file_get_basename (file);
}

typedef struct
{
  ClpImportJob *job;
  GPtrArray    *reports;   /* ClpImportReport */
} BatchDone;

static gboolean
batch_done_cb (gpointer data)
{
  BatchDone *done = data;

  /* Each commit is a change readers may want to see now. */
  clp_archive_check_changed (clp_job_get_archive (CLP_JOB (done->job)));
  for (guint i = 0; i < done->reports->len; i++)
    g_signal_emit (done->job, signals[FILE_DONE], 0, g_ptr_array_index (done->reports, i));
  return G_SOURCE_REMOVE;
}

static void
batch_done_free (gpointer data)
{
  BatchDone *done = data;

  g_object_unref (done->job);
  g_ptr_array_unref (done->reports);
  g_free (done);
}

/* Commits the batch and tells of its files. A failed commit lost them
 * all: the reports say so, with why. */
static void
land_batch (ClpImportJob  *self,
            ClpStoreBatch *batch,
            GPtrArray     *pending)
{
  g_autoptr(GError) error = NULL;
  BatchDone *done;

  if (pending->len == 0)
    return;
  if (!clp_store_batch_commit (batch, &error))
    for (guint i = 0; i < pending->len; i++)
      {
        ClpImportReport *report = g_ptr_array_index (pending, i);

        if (report->outcome == CLP_IMPORT_OUTCOME_IMPORTED)
          clp_import_report_fail (report, g_error_copy (error));
      }

  done = g_new0 (BatchDone, 1);
  done->job = g_object_ref (self);
  done->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_import_report_unref);
  for (guint i = 0; i < pending->len; i++)
    g_ptr_array_add (done->reports, clp_import_report_ref (g_ptr_array_index (pending, i)));
  clp_job_invoke (CLP_JOB (self), batch_done_cb, done, batch_done_free);
  g_ptr_array_set_size (pending, 0);
}

static void
import_work (GTask        *task,
             ClpArchive   *archive,
             ClpStore     *store,
             gpointer      data,
             GCancellable *cancellable)
{
  ClpImportJob *self = CLP_IMPORT_JOB (data);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_import_report_unref);
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();
  g_autoptr(GArray) sizes = g_array_new (FALSE, TRUE, sizeof (goffset));
  g_autoptr(ClpStoreBatch) batch = clp_store_batch_new (store);
  g_autoptr(GError) error = NULL;
  Progress progress = { self, 0, 0 };
  gboolean deferred = FALSE;

  if (!clp_import_collect_files ((GFile **) self->roots->pdata, self->roots->len, files,
                                 cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GFileInfo) info = g_file_query_info (g_ptr_array_index (files, i),
                                                     G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, cancellable, NULL);
      goffset size = info != NULL ? g_file_info_get_size (info) : 0;

      g_array_append_val (sizes, size);
      progress.total += size;
    }

  /* A large import goes without the indexes only searches and lists
   * read, and makes them again at its end; indexes an import that died
   * left away are made again first, or taken over. */
  if (!clp_store_batch_defer_indexes (batch, progress.total, &deferred, &error) ||
      (!deferred && !clp_store_batch_restore_indexes (batch, FALSE, &error)))
    {
      g_warning ("%s", error->message);
      g_clear_error (&error);
    }

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *name = display_name (self, file);
      ClpImportReport *report;

      if (clp_store_batch_is_due (batch, g_array_index (sizes, goffset, i)))
        land_batch (self, batch, pending);
      clp_job_update (CLP_JOB (self),
                      progress.total > 0 ? (double) progress.before / progress.total : 0.0, name);
      report = clp_import_file_in_batch (batch, file, name, progress_cb, &progress, cancellable);
      g_ptr_array_add (reports, report);
      g_ptr_array_add (pending, report);
      progress.before += g_array_index (sizes, goffset, i);
      /* The files before a cancel are whole: they land. */
      if (report->outcome == CLP_IMPORT_OUTCOME_CANCELLED)
        break;
    }
  land_batch (self, batch, pending);
  /* Every file is told of; the indexes come back before the job ends, so
   * that a search after it finds them. Should that fail, the next import
   * makes them. */
  if (deferred && !clp_store_batch_restore_indexes (batch, FALSE, &error))
    {
      g_warning ("%s", error->message);
      g_clear_error (&error);
    }

  clp_job_update (CLP_JOB (self), 1.0, NULL);
  g_task_return_pointer (task, g_steal_pointer (&reports), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * clp_import_job_run_async:
 *
 * Runs the import on the archive's writer, after the imports started
 * before it. Notifications, ::file-done and @callback come in the
 * thread-default main context of the caller.
 */
void
clp_import_job_run_async (ClpImportJob        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CLP_IS_IMPORT_JOB (self));

  clp_job_start (CLP_JOB (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clp_import_job_run_async);
  g_task_set_task_data (task, g_object_ref (self), g_object_unref);
  clp_archive_run_write (clp_job_get_archive (CLP_JOB (self)), task, import_work);
}

/**
 * clp_import_job_run_finish:
 *
 * Returns: (transfer full) (element-type ClpImportReport): one report per
 *   file, in the order they were imported; after a cancel, the files not
 *   reached have none
 */
GPtrArray *
clp_import_job_run_finish (ClpImportJob  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (CLP_IS_IMPORT_JOB (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * clp_import_job_run:
 *
 * Runs the import and waits for it; notifications and ::file-done come
 * while it waits, in this thread.
 *
 * Returns: (transfer full) (element-type ClpImportReport): as
 *   clp_import_job_run_finish()
 */
GPtrArray *
clp_import_job_run (ClpImportJob  *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  ClpSyncCall call;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (CLP_IS_IMPORT_JOB (self), NULL);

  clp_sync_call_begin (&call);
  clp_import_job_run_async (self, cancellable, clp_sync_call_done, &call);
  result = clp_sync_call_wait (&call);
  return clp_import_job_run_finish (self, result, error);
}
