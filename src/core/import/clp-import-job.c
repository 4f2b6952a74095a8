/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-import-job"

#include "config.h"


#include "clp-import.h"
#include "clp-import-job.h"
#include "clp-store.h"

/* Imports files and folders in a worker thread on a connection of its own,
 * one transaction per file, and tells the main context how far it is
 * through GObject notifications (properties "fraction" and "current").
 * Reading the archive meanwhile is never blocked: the archive is in WAL
 * mode. */

struct _ClpImportJob
{
  GObject      parent_instance;

  char        *archive_path;
  GPtrArray   *roots;        /* GFile */
  GMainContext *context;     /* where notifications go */

  GMutex       mutex;        /* guards the fields below */
  double       fraction;
  char        *current;
  guint        notify_source;
};

enum { PROP_0, PROP_FRACTION, PROP_CURRENT, N_PROPS };

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ClpImportJob, clp_import_job, G_TYPE_OBJECT)

static void
clp_import_job_finalize (GObject *object)
{
  ClpImportJob *self = CLP_IMPORT_JOB (object);

  g_free (self->archive_path);
  g_ptr_array_unref (self->roots);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->current);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (clp_import_job_parent_class)->finalize (object);
}

static void
clp_import_job_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ClpImportJob *self = CLP_IMPORT_JOB (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, clp_import_job_get_fraction (self));
      break;
    case PROP_CURRENT:
      g_value_take_string (value, clp_import_job_dup_current (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clp_import_job_class_init (ClpImportJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clp_import_job_finalize;
  object_class->get_property = clp_import_job_get_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_string ("current", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clp_import_job_init (ClpImportJob *self)
{
  g_mutex_init (&self->mutex);
  self->roots = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * clp_import_job_new:
 * @archive_path: the archive to import into
 * @files: files and folders; folders are read recursively
 */
ClpImportJob *
clp_import_job_new (const char  *archive_path,
                    GFile      **files,
                    guint        n_files)
{
  ClpImportJob *self;

  g_return_val_if_fail (archive_path != NULL, NULL);
  g_return_val_if_fail (files != NULL || n_files == 0, NULL);

  self = g_object_new (CLP_TYPE_IMPORT_JOB, NULL);
  self->archive_path = g_strdup (archive_path);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (self->roots, g_object_ref (files[i]));
  return self;
}

double
clp_import_job_get_fraction (ClpImportJob *self)
{
  double fraction;

  g_return_val_if_fail (CLP_IS_IMPORT_JOB (self), 0.0);

  g_mutex_lock (&self->mutex);
  fraction = self->fraction;
  g_mutex_unlock (&self->mutex);
  return fraction;
}

/**
 * clp_import_job_dup_current:
 *
 * Returns: (transfer full) (nullable): the name of the file being imported
 */
char *
clp_import_job_dup_current (ClpImportJob *self)
{
  char *current;

  g_return_val_if_fail (CLP_IS_IMPORT_JOB (self), NULL);

  g_mutex_lock (&self->mutex);
  current = g_strdup (self->current);
  g_mutex_unlock (&self->mutex);
  return current;
}

static gboolean
notify_cb (gpointer data)
{
  ClpImportJob *self = data;

  g_mutex_lock (&self->mutex);
  self->notify_source = 0;
  g_mutex_unlock (&self->mutex);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
  return G_SOURCE_REMOVE;
}

/* Called from the worker; at most one notification is pending at a time,
 * so a fast import does not flood the main loop. */
static void
update (ClpImportJob *self,
        double        fraction,
        const char   *current)
{
  g_mutex_lock (&self->mutex);
  self->fraction = CLAMP (fraction, 0.0, 1.0);
  if (current != NULL && g_strcmp0 (current, self->current) != 0)
    {
      g_free (self->current);
      self->current = g_strdup (current);
    }
  if (self->notify_source == 0 && self->context != NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, notify_cb, g_object_ref (self), g_object_unref);
      self->notify_source = g_source_attach (source, self->context);
      g_source_unref (source);
    }
  g_mutex_unlock (&self->mutex);
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
    update (progress->job, (double) (progress->before + done) / progress->total, NULL);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  ClpImportJob *self = source_object;
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_import_report_unref);
  g_autoptr(GArray) sizes = g_array_new (FALSE, TRUE, sizeof (goffset));
  g_autoptr(GError) error = NULL;
  Progress progress = { self, 0, 0 };

  store = clp_store_open (self->archive_path, &error);
  if (store == NULL ||
      !clp_import_collect_files ((GFile **) self->roots->pdata, self->roots->len, files,
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

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *name = g_file_get_basename (file);
      ClpImportReport *report;

      update (self, progress.total > 0 ? (double) progress.before / progress.total : 0.0, name);
      report = clp_import_file (store, file, name, progress_cb, &progress, cancellable);
      g_ptr_array_add (reports, report);
      progress.before += g_array_index (sizes, goffset, i);
      if (report->outcome == CLP_IMPORT_OUTCOME_CANCELLED)
        break;
    }
  update (self, 1.0, NULL);
  g_task_return_pointer (task, g_steal_pointer (&reports), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * clp_import_job_run_async:
 *
 * Runs the import in a worker thread. Progress notifications and @callback
 * come in the thread-default main context of the caller.
 */
void
clp_import_job_run_async (ClpImportJob        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CLP_IS_IMPORT_JOB (self));

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clp_import_job_run_async);
  g_task_run_in_thread (task, run_thread);
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
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
