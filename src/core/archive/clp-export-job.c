/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-export-job"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "clp-archive-private.h"
#include "clp-export.h"
#include "clp-export-job.h"

/* One export, the same for the window and the command line: which
 * articles (those named, or those the request lists), which of their
 * comments (all, those passing the request with the comments they answer,
 * or a scope given), in which format, to a file, a folder of one file per
 * article, or a stream. It reads on a reader of the archive; files are
 * written beside their target and renamed into place, so a failure
 * leaves nothing half-written. PDF is the HTML export printed by the
 * #ClpPrinter the caller hands in, one file after another, in the
 * caller's main context. */

struct _ClpExportJob
{
  ClpJob            parent_instance;

  ClpExporter      *exporter;
  GArray           *ids;          /* named articles, or NULL for the request's list */
  ClpSearchRequest *request;      /* nullable */
  gboolean          scoped;       /* only the comments passing the request */
  GHashTable       *scope;        /* given: article id -> set of comment ids */
  char             *scope_description;
  gboolean          show_hidden;
  ClpPrinter       *printer;
  GFile            *target;
  gboolean          split;
  gboolean          replace;
  GOutputStream    *stream;

  /* While it runs. */
  GPtrArray        *written;      /* paths */
  GPtrArray        *pdf_pages;    /* temporary HTML files to print, removed when done */
  GPtrArray        *pdf_targets;  /* GFile, one per page */
  guint             pdf_done;
};

G_DEFINE_FINAL_TYPE (ClpExportJob, clp_export_job, CLP_TYPE_JOB)

static void
clp_export_job_finalize (GObject *object)
{
  ClpExportJob *self = CLP_EXPORT_JOB (object);

  g_clear_object (&self->exporter);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->request, clp_search_request_unref);
  g_clear_pointer (&self->scope, g_hash_table_unref);
  g_free (self->scope_description);
  g_clear_object (&self->printer);
  g_clear_object (&self->target);
  g_clear_object (&self->stream);
  g_clear_pointer (&self->written, g_ptr_array_unref);
  g_clear_pointer (&self->pdf_pages, g_ptr_array_unref);
  g_clear_pointer (&self->pdf_targets, g_ptr_array_unref);

  G_OBJECT_CLASS (clp_export_job_parent_class)->finalize (object);
}

static void
clp_export_job_class_init (ClpExportJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clp_export_job_finalize;
}

static void
clp_export_job_init (ClpExportJob *self)
{
}

/**
 * clp_export_job_new:
 * @format: a format's name or extension, as clp_exporter_new_for_name()
 *   takes it
 *
 * Returns: (transfer full): the job, exporting every article with every
 *   shown comment until told otherwise; %NULL with an error listing the
 *   formats when @format is none of them
 */
ClpExportJob *
clp_export_job_new (ClpArchive  *archive,
                    const char  *format,
                    GError     **error)
{
  g_autoptr(ClpExporter) exporter = NULL;
  ClpExportJob *self;

  g_return_val_if_fail (CLP_IS_ARCHIVE (archive), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  exporter = clp_exporter_new_for_name (format, error);
  if (exporter == NULL)
    return NULL;
  self = g_object_new (CLP_TYPE_EXPORT_JOB, "archive", archive, NULL);
  self->exporter = g_steal_pointer (&exporter);
  return self;
}

const char *
clp_export_job_get_format (ClpExportJob *self)
{
  g_return_val_if_fail (CLP_IS_EXPORT_JOB (self), NULL);

  return clp_exporter_get_name (self->exporter);
}

/**
 * clp_export_job_set_articles:
 * @ids: (array length=n_ids): the articles, in this order; with a
 *   request, those it does not list are left out
 */
void
clp_export_job_set_articles (ClpExportJob *self,
                             const gint64 *ids,
                             guint         n_ids)
{
  g_return_if_fail (CLP_IS_EXPORT_JOB (self));

  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (self->ids, ids, n_ids);
}

/**
 * clp_export_job_set_request:
 * @request: (nullable): what the user searched for and filtered by
 * @scoped: hold only the comments passing @request, with the comments
 *   they answer as context; otherwise every comment of the articles
 */
void
clp_export_job_set_request (ClpExportJob     *self,
                            ClpSearchRequest *request,
                            gboolean          scoped)
{
  g_return_if_fail (CLP_IS_EXPORT_JOB (self));

  g_clear_pointer (&self->request, clp_search_request_unref);
  self->request = request != NULL ? clp_search_request_ref (request) : NULL;
  self->scoped = scoped;
}

/**
 * clp_export_job_set_scope:
 * @scope: article id (gint64 *) -> set of comment ids (gint64 *): the
 *   comments to hold, with those they answer as context
 * @description: the scope in words, for the export's header ("one thread")
 */
void
clp_export_job_set_scope (ClpExportJob *self,
                          GHashTable   *scope,
                          const char   *description)
{
  g_return_if_fail (CLP_IS_EXPORT_JOB (self));

  g_clear_pointer (&self->scope, g_hash_table_unref);
  self->scope = scope != NULL ? g_hash_table_ref (scope) : NULL;
  g_free (self->scope_description);
  self->scope_description = g_strdup (description);
}

void
clp_export_job_set_show_hidden (ClpExportJob *self,
                                gboolean      show_hidden)
{
  g_return_if_fail (CLP_IS_EXPORT_JOB (self));

  self->show_hidden = show_hidden;
}

/**
 * clp_export_job_set_printer:
 *
 * What prints formats that print (PDF); without one, they fail.
 */
void
clp_export_job_set_printer (ClpExportJob *self,
                            ClpPrinter   *printer)
{
  g_return_if_fail (CLP_IS_EXPORT_JOB (self));

  g_set_object (&self->printer, printer);
}

/**
 * clp_export_job_set_target:
 * @target: the file; with @split, the folder
 * @split: one file per article, named after its title
 * @replace: replace files that exist
 */
void
clp_export_job_set_target (ClpExportJob *self,
                           GFile        *target,
                           gboolean      split,
                           gboolean      replace)
{
  g_return_if_fail (CLP_IS_EXPORT_JOB (self));
  g_return_if_fail (G_IS_FILE (target));

  g_set_object (&self->target, target);
  self->split = split;
  self->replace = replace;
}

/**
 * clp_export_job_set_stream:
 *
 * Writes the export to @out (standard output) instead of a file.
 */
void
clp_export_job_set_stream (ClpExportJob  *self,
                           GOutputStream *out)
{
  g_return_if_fail (CLP_IS_EXPORT_JOB (self));

  g_set_object (&self->stream, out);
}

/* The worker's part */

/* Keeps the ids that @request lists, in their order. */
static gboolean
keep_listed (ClpStore          *store,
             ClpSearchRequest  *request,
             GArray            *ids,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autoptr(GArray) listed = clp_archive_list_ids_on (store, request, 0, G_MAXUINT, cancellable,
                                                      error);
  g_autoptr(GHashTable) set = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint kept = 0;

  if (listed == NULL)
    return FALSE;
  for (guint i = 0; i < listed->len; i++)
    g_hash_table_add (set, &g_array_index (listed, gint64, i));
  for (guint i = 0; i < ids->len; i++)
    if (g_hash_table_contains (set, &g_array_index (ids, gint64, i)))
      g_array_index (ids, gint64, kept++) = g_array_index (ids, gint64, i);
  g_array_set_size (ids, kept);
  return TRUE;
}

/* The articles to export, or %NULL with an error that says why none. */
static GArray *
resolve_articles (ClpExportJob  *self,
                  ClpStore      *store,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  gboolean searching = self->request != NULL && !clp_search_request_lists_everything (self->request);

  if (self->ids == NULL)
    {
      g_autoptr(ClpSearchRequest) all = clp_search_request_new ();

      clp_search_request_set_order (all, CLP_ARTICLE_ORDER_IMPORTED, FALSE);
      ids = clp_archive_list_ids_on (store, searching ? self->request : all, 0, G_MAXUINT,
                                     cancellable, error);
      if (ids == NULL)
        return NULL;
      if (ids->len == 0)
        {
          g_set_error_literal (error, CLP_EXPORT_ERROR, CLP_EXPORT_ERROR_NO_ARTICLES,
                               searching ? _("No article matches; nothing was exported.")
                                         : _("The archive has no articles to export."));
          return NULL;
        }
      return g_steal_pointer (&ids);
    }

  ids = g_array_copy (self->ids);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GPtrArray) found = clp_store_load_articles (store, &id, 1, FALSE, error);

      if (found == NULL)
        return NULL;
      if (found->len == 0)
        {
          g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_NOT_FOUND,
                       _("There is no article %lld in the archive."), (long long) id);
          return NULL;
        }
    }
  if (searching && !keep_listed (store, self->request, ids, cancellable, error))
    return NULL;
  if (ids->len == 0)
    {
      g_set_error_literal (error, CLP_EXPORT_ERROR, CLP_EXPORT_ERROR_NO_ARTICLES,
                           searching ? _("None of these articles matches; nothing was exported.")
                                     : _("There are no articles to export."));
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  clp_job_update (CLP_JOB (user_data), total > 0 ? (double) done / total : 1.0, NULL);
}

static void
remove_page (char *path)
{
  g_unlink (path);
  g_free (path);
}

/* The HTML of each file a printing format makes, written to temporary
 * files as the HTML export streams it, and where each PDF goes. */
static gboolean
prepare_prints (ClpExportJob            *self,
                ClpStore                *store,
                GArray                  *ids,
                const ClpExportOptions  *options,
                GCancellable            *cancellable,
                GError                 **error)
{
  g_autoptr(GPtrArray) paths = NULL;
  guint n_files = self->split ? ids->len : 1;

  self->pdf_pages = g_ptr_array_new_with_free_func ((GDestroyNotify) remove_page);
  self->pdf_targets = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->split)
    {
      /* Named as the other formats name their files, "Title (2).pdf" too. */
      paths = clp_export_folder_paths (store, (gint64 *) ids->data, ids->len, self->target,
                                       clp_exporter_get_extension (self->exporter), self->replace,
                                       error);
      if (paths == NULL)
        return FALSE;
    }
  else if (!self->replace && g_file_query_exists (self->target, cancellable))
    {
      g_autofree char *path = g_file_get_parse_name (self->target);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s exists already; choose another name, or allow replacing it."), path);
      return FALSE;
    }

  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GOutputStream) out = NULL;
      const gint64 *first = self->split ? &g_array_index (ids, gint64, i) : (gint64 *) ids->data;
      char *page = NULL;
      int fd;

      fd = g_file_open_tmp ("clippings-print-XXXXXX.html", &page, error);
      if (fd < 0)
        return FALSE;
      g_ptr_array_add (self->pdf_pages, page);
      out = g_unix_output_stream_new (fd, TRUE);
      if (!clp_exporter_run (self->exporter, store, first, self->split ? 1 : ids->len, options,
                             out, NULL, NULL, cancellable, error) ||
          !g_output_stream_close (out, cancellable, error))
        return FALSE;
      g_ptr_array_add (self->pdf_targets,
                       self->split ? g_file_new_for_path (g_ptr_array_index (paths, i))
                                   : g_object_ref (self->target));
      /* Writing the pages is half the work, printing them the other. */
      clp_job_update (CLP_JOB (self), 0.5 * (i + 1) / n_files, NULL);
    }
  return TRUE;
}

static gboolean
write_files (ClpExportJob            *self,
             ClpStore                *store,
             GArray                  *ids,
             const ClpExportOptions  *options,
             GCancellable            *cancellable,
             GError                 **error)
{
  if (self->stream != NULL)
    return clp_exporter_run (self->exporter, store, (gint64 *) ids->data, ids->len, options,
                             self->stream, progress_cb, self, cancellable, error) &&
           g_output_stream_flush (self->stream, cancellable, error);
  if (self->split)
    {
      g_autoptr(GPtrArray) written = clp_export_to_folder (self->exporter, store,
                                                           (gint64 *) ids->data, ids->len, options,
                                                           self->target, self->replace,
                                                           progress_cb, self, cancellable, error);

      if (written == NULL)
        return FALSE;
      g_ptr_array_extend_and_steal (self->written, g_steal_pointer (&written));
      return TRUE;
    }
  if (!clp_export_to_file (self->exporter, store, (gint64 *) ids->data, ids->len, options,
                           self->target, self->replace, progress_cb, self, cancellable, error))
    return FALSE;
  g_ptr_array_add (self->written, g_file_get_path (self->target));
  return TRUE;
}

static void
export_work (GTask        *task,
             ClpArchive   *archive,
             ClpStore     *store,
             gpointer      data,
             GCancellable *cancellable)
{
  ClpExportJob *self = CLP_EXPORT_JOB (data);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) scope = NULL;
  g_autofree char *filters = NULL;
  GError *error = NULL;
  ClpExportOptions options = { 0 };
  gboolean ok;

  ids = resolve_articles (self, store, cancellable, &error);
  if (ids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->scope != NULL)
    {
      scope = g_hash_table_ref (self->scope);
      filters = g_strdup (self->scope_description);
    }
  else if (self->request != NULL && self->scoped)
    /* Only the comments the request picks go, with those they answer;
     * each article's are found as it is written. */
    options.query = clp_search_request_get_comment_query (self->request);
  if (filters == NULL && self->request != NULL)
    filters = clp_search_request_describe (self->request);
  options.scope = scope;
  if (self->request != NULL && clp_search_request_get_text (self->request) != NULL &&
      *clp_search_request_get_text (self->request) != '\0')
    options.query_text = clp_search_request_get_text (self->request);
  options.filters = filters;
  options.show_hidden = self->show_hidden;

  if (clp_exporter_prints (self->exporter))
    ok = prepare_prints (self, store, ids, &options, cancellable, &error);
  else
    ok = write_files (self, store, ids, &options, cancellable, &error);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The caller's part */

static void print_next (GTask *task);

static void
printed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ClpExportJob *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!clp_printer_print_file_finish (self->printer, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_ptr_array_add (self->written,
                   g_file_get_path (g_ptr_array_index (self->pdf_targets, self->pdf_done)));
  self->pdf_done++;
  clp_job_update (CLP_JOB (self), 0.5 + 0.5 * self->pdf_done / self->pdf_pages->len, NULL);
  print_next (g_steal_pointer (&task));
}

/* Takes @task. */
static void
print_next (GTask *task)
{
  ClpExportJob *self = g_task_get_source_object (task);

  if (self->pdf_done >= self->pdf_pages->len)
    {
      g_task_return_pointer (task, g_ptr_array_ref (self->written),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  {
    g_autoptr(GFile) page = g_file_new_for_path (g_ptr_array_index (self->pdf_pages,
                                                                     self->pdf_done));

    clp_printer_print_file_async (self->printer, page,
                                  g_ptr_array_index (self->pdf_targets, self->pdf_done),
                                  g_task_get_cancellable (task), printed_cb, task);
  }
}

static void
worked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ClpExportJob *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->pdf_pages != NULL)
    {
      print_next (g_steal_pointer (&task));
      return;
    }
  g_task_return_pointer (task, g_ptr_array_ref (self->written), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * clp_export_job_run_async:
 *
 * Runs the export: reading and writing on a worker, printing in the
 * caller's main context.
 */
void
clp_export_job_run_async (ClpExportJob        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) work = NULL;
  ClpArchive *archive;

  g_return_if_fail (CLP_IS_EXPORT_JOB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clp_export_job_run_async);
  if (self->target == NULL && self->stream == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The export has nowhere to go");
      return;
    }
  if (clp_exporter_prints (self->exporter) && (self->printer == NULL || self->target == NULL))
    {
      g_task_return_new_error (task, CLP_EXPORT_ERROR, CLP_EXPORT_ERROR_NEEDS_DISPLAY,
                               _("%s is printed by the Clippings window and is written to a "
                                 "file; name the file, and run it on the desktop."),
                               _(CLP_EXPORTER_GET_CLASS (self->exporter)->label));
      return;
    }

  clp_job_start (CLP_JOB (self));
  g_clear_pointer (&self->written, g_ptr_array_unref);
  g_clear_pointer (&self->pdf_pages, g_ptr_array_unref);
  g_clear_pointer (&self->pdf_targets, g_ptr_array_unref);
  self->written = g_ptr_array_new_with_free_func (g_free);
  self->pdf_done = 0;

  /* A long export runs on a reader of its own, beside the window's. */
  archive = clp_job_get_archive (CLP_JOB (self));
  work = g_task_new (archive, cancellable, worked_cb, g_steal_pointer (&task));
  g_task_set_task_data (work, g_object_ref (self), g_object_unref);
  clp_archive_run_long_read (archive, work, export_work);
}

/**
 * clp_export_job_run_finish:
 *
 * Returns: (transfer full) (element-type filename): the files written;
 *   none for a stream
 */
GPtrArray *
clp_export_job_run_finish (ClpExportJob  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * clp_export_job_run:
 *
 * Runs the export and waits for it, printing in a main context of its own.
 *
 * Returns: (transfer full) (element-type filename): the files written
 */
GPtrArray *
clp_export_job_run (ClpExportJob  *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  ClpSyncCall call;
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (CLP_IS_EXPORT_JOB (self), NULL);

  clp_sync_call_begin (&call);
  clp_export_job_run_async (self, cancellable, clp_sync_call_done, &call);
  result = clp_sync_call_wait (&call);
  return clp_export_job_run_finish (self, result, error);
}
