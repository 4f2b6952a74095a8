/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-html-importer.h"
#include "clp-import.h"
#include "clp-importer.h"
#include "clp-store-sink.h"

/* Importing one file, the same way for the CLI and the GUI: recognise the
 * format from the content, skip bytes imported before, and run the importer
 * into the archive, whole or not at all: in a savepoint of a batch of
 * files (clp-store-batch.c), or in a transaction of its own. */

#define HEAD_SIZE (64 * 1024)

typedef struct
{
  char   *sha256;
  gint64  size;
  guint8 *head;
  gsize   head_length;
} FileFacts;

static void
file_facts_clear (FileFacts *facts)
{
  g_free (facts->sha256);
  g_free (facts->head);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FileFacts, file_facts_clear)

/* One pass over the file for its checksum and its first bytes. */
static gboolean
read_facts (GFile         *file,
            FileFacts     *facts,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (HEAD_SIZE);

  if (stream == NULL)
    return FALSE;

  facts->head = g_malloc (HEAD_SIZE);
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, HEAD_SIZE,
                                      cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      if (facts->head_length < HEAD_SIZE)
        {
          gsize take = MIN ((gsize) n, HEAD_SIZE - facts->head_length);

          memcpy (facts->head + facts->head_length, buffer, take);
          facts->head_length += take;
        }
      g_checksum_update (checksum, buffer, n);
      facts->size += n;
    }
  facts->sha256 = g_strdup (g_checksum_get_string (checksum));
  return TRUE;
}

static ClpImportReport *
fail (ClpImportReport *report,
      GError          *error)
{
  clp_import_report_fail (report, error);
  return report;
}

/**
 * clp_import_file_in_batch:
 * @display_name: how messages name the file
 * @progress: (nullable): told of the bytes read, from the importing thread
 *
 * Imports one file into @batch, whole or not at all. Whether the same
 * bytes were imported before is asked inside the batch's transaction, so
 * that no other import can record them meanwhile. Never fails outright:
 * the report says what happened, and holds the error when nothing was
 * imported. A file reported imported is in the archive once the batch
 * commits (clp_store_batch_commit()), and not before.
 *
 * Returns: (transfer full): the report
 */
ClpImportReport *
clp_import_file_in_batch (ClpStoreBatch   *batch,
                          GFile           *file,
                          const char      *display_name,
                          ClpProgressFunc  progress,
                          gpointer         user_data,
                          GCancellable    *cancellable)
{
  g_autoptr(ClpImportReport) report = NULL;
  g_autoptr(ClpImporter) importer = NULL;
  g_autoptr(ClpStoreSink) sink = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GInputStream) counted = NULL;
  g_autofree char *path = NULL;
  g_auto(FileFacts) facts = { 0 };
  ClpStore *store;
  GError *error = NULL;
  gint64 previous = 0;

  g_return_val_if_fail (CLP_IS_STORE_BATCH (batch), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  report = clp_import_report_new (display_name);
  store = clp_store_batch_get_store (batch);
  path = g_file_get_path (file);

  if (!read_facts (file, &facts, cancellable, &error))
    return fail (g_steal_pointer (&report), error);

  if (clp_store_batch_find_import (batch, facts.sha256, &previous, &report->previous_import_at,
                                   &error))
    {
      g_autoptr(GArray) articles = clp_store_list_import_articles (store, previous, NULL);

      report->outcome = CLP_IMPORT_OUTCOME_UNCHANGED;
      report->import_id = previous;
      /* What it brought then, so that "clippings FILE" can show it again. */
      if (articles != NULL)
        g_array_append_vals (report->article_ids, articles->data, articles->len);
      return g_steal_pointer (&report);
    }
  if (error != NULL)
    return fail (g_steal_pointer (&report), error);

  importer = clp_importer_new_for_content (facts.head, facts.head_length, display_name, &error);
  if (importer == NULL)
    return fail (g_steal_pointer (&report), error);
  report->importer = g_strdup (clp_importer_get_name (importer));

  stream = g_file_read (file, cancellable, &error);
  if (stream == NULL)
    return fail (g_steal_pointer (&report), error);
  counted = clp_progress_stream_new (G_INPUT_STREAM (stream), facts.size, progress, user_data);

  sink = clp_store_begin_import_in_batch (batch, path != NULL ? path : display_name, facts.size,
                                          facts.sha256, report->importer, report, &error);
  if (sink == NULL)
    return fail (g_steal_pointer (&report), error);

  if (!clp_importer_import (importer, counted, display_name, CLP_IMPORT_SINK (sink),
                            cancellable, &error) ||
      !clp_store_sink_commit (sink, cancellable, &error))
    {
      clp_store_sink_abort (sink);
      return fail (g_steal_pointer (&report), error);
    }

  if (progress != NULL)
    progress (facts.size, facts.size, user_data);
  report->outcome = CLP_IMPORT_OUTCOME_IMPORTED;
  return g_steal_pointer (&report);
}

/**
 * clp_import_file:
 * @display_name: how messages name the file
 * @progress: (nullable): told of the bytes read, from the importing thread
 *
 * Imports one file as one transaction: clp_import_file_in_batch() in a
 * batch of its own, committed.
 *
 * Returns: (transfer full): the report
 */
ClpImportReport *
clp_import_file (ClpStore        *store,
                 GFile           *file,
                 const char      *display_name,
                 ClpProgressFunc  progress,
                 gpointer         user_data,
                 GCancellable    *cancellable)
{
  g_autoptr(ClpStoreBatch) batch = NULL;
  ClpImportReport *report;
  GError *error = NULL;

  g_return_val_if_fail (CLP_IS_STORE (store), NULL);

  batch = clp_store_batch_new (store);
  report = clp_import_file_in_batch (batch, file, display_name, progress, user_data,
                                     cancellable);
  if (report->outcome == CLP_IMPORT_OUTCOME_IMPORTED && !clp_store_batch_commit (batch, &error))
    clp_import_report_fail (report, error);
  return report;
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *pa = g_file_get_path (*(GFile **) a);
  g_autofree char *pb = g_file_get_path (*(GFile **) b);

  return g_strcmp0 (pa, pb);
}

static gboolean
collect (GFile         *file,
         GPtrArray     *files,
         gboolean       named,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GFileType type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable);

  if (type != G_FILE_TYPE_DIRECTORY)
    {
      /* A named file is imported, whatever it is, so that its problem is
       * reported; inside folders only regular files are. */
      if (named || type == G_FILE_TYPE_REGULAR)
        g_ptr_array_add (files, g_object_ref (file));
      return TRUE;
    }

  children = g_file_enumerate_children (file,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, error);
  if (children == NULL)
    return FALSE;

  found = g_ptr_array_new_with_free_func (g_object_unref);
  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, cancellable, error))
        return FALSE;
      if (info == NULL)
        break;
      if (g_file_info_get_is_hidden (info) || clp_html_importer_is_resource_folder (child))
        continue;
      g_ptr_array_add (found, g_object_ref (child));
    }
  g_ptr_array_sort (found, compare_files);
  for (guint i = 0; i < found->len; i++)
    if (!collect (g_ptr_array_index (found, i), files, FALSE, cancellable, error))
      return FALSE;
  return TRUE;
}

/**
 * clp_import_collect_files:
 * @files: (element-type GFile): receives the files to import, folders
 *   expanded recursively in name order, hidden files left out
 */
gboolean
clp_import_collect_files (GFile        **roots,
                          guint          n_roots,
                          GPtrArray     *files,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_return_val_if_fail (roots != NULL || n_roots == 0, FALSE);
  g_return_val_if_fail (files != NULL, FALSE);

  for (guint i = 0; i < n_roots; i++)
    if (!collect (roots[i], files, TRUE, cancellable, error))
      return FALSE;
  return TRUE;
}
