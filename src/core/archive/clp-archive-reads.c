/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-archive"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clp-archive-private.h"

/* What ClpArchive reads for the front ends: article ids and counts for a
 * search request, author completion, source and section names, a reading
 * view's page, search hits, an article, statistics, the check. Each on a
 * reader connection (clp-archive.c lends them). */

/* Each read below is one function on a reader connection; its blocking
 * form runs it in the calling thread, its _async form on the archive's
 * reader threads, with a copy of its arguments. */

typedef struct
{
  ClpSearchRequest *request;
  guint             offset;
  guint             limit;
  char             *text;
  ClpArchiveNames   names;
  ClpPageRequest    page;
  ClpReadingPage   *previous;
} ReadArgs;

typedef gpointer (*ReadFunc) (ClpStore      *store,
                              ReadArgs      *args,
                              GCancellable  *cancellable,
                              GError       **error);

typedef struct
{
  ReadFunc       read;
  GDestroyNotify free_result;
} Read;

static void
read_args_free (ReadArgs *args)
{
  g_clear_pointer (&args->request, clp_search_request_unref);
  g_clear_pointer (&args->page.search, clp_search_request_unref);
  g_free ((char *) args->page.base_uri);
  g_clear_pointer (&args->previous, clp_reading_page_unref);
  g_free (args->text);
  g_free (args);
}

static gpointer
run_read (ClpArchive    *self,
          ReadFunc       read,
          ReadArgs      *args,
          GCancellable  *cancellable,
          GError       **error)
{
  ClpStore *store = clp_archive_take_reader (self, error);
  gpointer result;

  if (store == NULL)
    return NULL;
  result = read (store, args, cancellable, error);
  clp_archive_give_back_reader (self, store);
  return result;
}

static void
read_work (GTask        *task,
           ClpArchive   *self,
           ClpStore     *store,
           gpointer      data,
           GCancellable *cancellable)
{
  const Read *read = g_object_get_data (G_OBJECT (task), "clp-read");
  GError *error = NULL;
  gpointer result = read->read (store, data, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, read->free_result);
}

/* Takes @args. */
static void
run_read_async (ClpArchive          *self,
                const Read          *read,
                ReadArgs            *args,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, args, (GDestroyNotify) read_args_free);
  g_object_set_data (G_OBJECT (task), "clp-read", (gpointer) read);
  clp_archive_run_read (self, task, read_work);
}

static gpointer
read_finish (ClpArchive    *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * clp_archive_list_ids_on:
 *
 * clp_archive_list_article_ids() on a connection the caller holds.
 */
GArray *
clp_archive_list_ids_on (ClpStore          *store,
                         ClpSearchRequest  *request,
                         guint              offset,
                         guint              limit,
                         GCancellable      *cancellable,
                         GError           **error)
{
  ClpArticleOrder order;
  gboolean descending;

  order = clp_search_request_get_order (request, &descending);
  return clp_store_list_filtered_article_ids (store, clp_search_request_get_list_query (request),
                                              clp_search_request_get_article_filter (request),
                                              order, descending, offset, limit, cancellable,
                                              error);
}

static gpointer
list_ids (ClpStore      *store,
          ReadArgs      *args,
          GCancellable  *cancellable,
          GError       **error)
{
  return clp_archive_list_ids_on (store, args->request, args->offset, args->limit, cancellable,
                                  error);
}

static const Read list_ids_read = { list_ids, (GDestroyNotify) g_array_unref };

/**
 * clp_archive_list_article_ids:
 * @request: what to list, in which order
 * @limit: at most this many; G_MAXUINT for all
 *
 * Returns: (transfer full) (element-type gint64): the ids of the articles
 *   the request picks, or %NULL with @error set
 */
GArray *
clp_archive_list_article_ids (ClpArchive        *self,
                              ClpSearchRequest  *request,
                              guint              offset,
                              guint              limit,
                              GCancellable      *cancellable,
                              GError           **error)
{
  ReadArgs args = { .request = request, .offset = offset, .limit = limit };

  g_return_val_if_fail (CLP_IS_ARCHIVE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  return run_read (self, list_ids, &args, cancellable, error);
}

void
clp_archive_list_article_ids_async (ClpArchive          *self,
                                    ClpSearchRequest    *request,
                                    guint                offset,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ReadArgs *args = g_new0 (ReadArgs, 1);

  g_return_if_fail (CLP_IS_ARCHIVE (self));
  g_return_if_fail (request != NULL);

  args->request = clp_search_request_ref (request);
  args->offset = offset;
  args->limit = limit;
  run_read_async (self, &list_ids_read, args, clp_archive_list_article_ids_async, cancellable,
                  callback, user_data);
}

GArray *
clp_archive_list_article_ids_finish (ClpArchive    *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return read_finish (self, result, clp_archive_list_article_ids_async, error);
}

static gpointer
count (ClpStore      *store,
       ReadArgs      *args,
       GCancellable  *cancellable,
       GError       **error)
{
  ClpQuery *query = clp_search_request_get_list_query (args->request);
  g_autofree ClpMatchCount *found = g_new0 (ClpMatchCount, 1);

  if (query != NULL &&
      !clp_store_count_matches (store, query, &found->n_articles, &found->n_comments,
                                cancellable, error))
    return NULL;
  return g_steal_pointer (&found);
}

static const Read count_read = { count, g_free };

/**
 * clp_archive_count_matches:
 * @count: (out): how many articles and comments match the request's
 *   list query; zeros when it has none
 */
gboolean
clp_archive_count_matches (ClpArchive        *self,
                           ClpSearchRequest  *request,
                           ClpMatchCount     *result,
                           GCancellable      *cancellable,
                           GError           **error)
{
  ReadArgs args = { .request = request };
  g_autofree ClpMatchCount *found = NULL;

  g_return_val_if_fail (CLP_IS_ARCHIVE (self), FALSE);
  g_return_val_if_fail (request != NULL && result != NULL, FALSE);

  found = run_read (self, count, &args, cancellable, error);
  if (found == NULL)
    return FALSE;
  *result = *found;
  return TRUE;
}

void
clp_archive_count_matches_async (ClpArchive          *self,
                                 ClpSearchRequest    *request,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ReadArgs *args = g_new0 (ReadArgs, 1);

  g_return_if_fail (CLP_IS_ARCHIVE (self));
  g_return_if_fail (request != NULL);

  args->request = clp_search_request_ref (request);
  run_read_async (self, &count_read, args, clp_archive_count_matches_async, cancellable, callback,
                  user_data);
}

gboolean
clp_archive_count_matches_finish (ClpArchive     *self,
                                  GAsyncResult   *result,
                                  ClpMatchCount  *count_out,
                                  GError        **error)
{
  g_autofree ClpMatchCount *found = read_finish (self, result, clp_archive_count_matches_async,
                                                 error);

  if (found == NULL)
    return FALSE;
  if (count_out != NULL)
    *count_out = *found;
  return TRUE;
}

static gpointer
complete_author (ClpStore      *store,
                 ReadArgs      *args,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return clp_store_complete_author (store, args->text, args->limit, cancellable, error);
}

static const Read complete_read = { complete_author, (GDestroyNotify) g_ptr_array_unref };

/**
 * clp_archive_complete_author:
 * @start: what the user typed so far
 *
 * Returns: (transfer full) (element-type utf8): author names that start
 *   so, any case, the most frequent first
 */
GPtrArray *
clp_archive_complete_author (ClpArchive    *self,
                             const char    *start,
                             guint          limit,
                             GCancellable  *cancellable,
                             GError       **error)
{
  ReadArgs args = { .text = (char *) start, .limit = limit };

  g_return_val_if_fail (CLP_IS_ARCHIVE (self), NULL);
  g_return_val_if_fail (start != NULL, NULL);

  return run_read (self, complete_author, &args, cancellable, error);
}

void
clp_archive_complete_author_async (ClpArchive          *self,
                                   const char          *start,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ReadArgs *args = g_new0 (ReadArgs, 1);

  g_return_if_fail (CLP_IS_ARCHIVE (self));
  g_return_if_fail (start != NULL);

  args->text = g_strdup (start);
  args->limit = limit;
  run_read_async (self, &complete_read, args, clp_archive_complete_author_async, cancellable,
                  callback, user_data);
}

GPtrArray *
clp_archive_complete_author_finish (ClpArchive    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return read_finish (self, result, clp_archive_complete_author_async, error);
}

static gpointer
list_names (ClpStore      *store,
            ReadArgs      *args,
            GCancellable  *cancellable,
            GError       **error)
{
  return clp_store_list_names (store,
                               args->names == CLP_ARCHIVE_NAMES_SOURCES ? "sources" : "sections",
                               cancellable, error);
}

static const Read names_read = { list_names, (GDestroyNotify) g_ptr_array_unref };

/**
 * clp_archive_list_names:
 *
 * Returns: (transfer full) (element-type utf8): the sources or the
 *   sections of the archive's articles, sorted
 */
GPtrArray *
clp_archive_list_names (ClpArchive       *self,
                        ClpArchiveNames   names,
                        GCancellable     *cancellable,
                        GError          **error)
{
  ReadArgs args = { .names = names };

  g_return_val_if_fail (CLP_IS_ARCHIVE (self), NULL);

  return run_read (self, list_names, &args, cancellable, error);
}

void
clp_archive_list_names_async (ClpArchive          *self,
                              ClpArchiveNames      names,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ReadArgs *args = g_new0 (ReadArgs, 1);

  g_return_if_fail (CLP_IS_ARCHIVE (self));

  args->names = names;
  run_read_async (self, &names_read, args, clp_archive_list_names_async, cancellable, callback,
                  user_data);
}

GPtrArray *
clp_archive_list_names_finish (ClpArchive    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return read_finish (self, result, clp_archive_list_names_async, error);
}

static gpointer
render_page (ClpStore      *store,
             ReadArgs      *args,
             GCancellable  *cancellable,
             GError       **error)
{
  return clp_reading_page_build (store, &args->page, args->previous, cancellable, error);
}

static const Read render_read = { render_page, (GDestroyNotify) clp_reading_page_unref };

/**
 * clp_archive_render_page:
 * @previous: (nullable): the page shown before, whose article and
 *   thread are used again when it is the same article
 *
 * Returns: (transfer full): one page of the reading view
 */
ClpReadingPage *
clp_archive_render_page (ClpArchive            *self,
                         const ClpPageRequest  *request,
                         ClpReadingPage        *previous,
                         GCancellable          *cancellable,
                         GError               **error)
{
  ReadArgs args = { .page = *request, .previous = previous };

  g_return_val_if_fail (CLP_IS_ARCHIVE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  return run_read (self, render_page, &args, cancellable, error);
}

void
clp_archive_render_page_async (ClpArchive           *self,
                               const ClpPageRequest *request,
                               ClpReadingPage       *previous,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  ReadArgs *args = g_new0 (ReadArgs, 1);

  g_return_if_fail (CLP_IS_ARCHIVE (self));
  g_return_if_fail (request != NULL);

  args->page = *request;
  args->page.search = request->search != NULL ? clp_search_request_ref (request->search) : NULL;
  args->page.base_uri = g_strdup (request->base_uri);
  args->previous = previous != NULL ? clp_reading_page_ref (previous) : NULL;
  run_read_async (self, &render_read, args, clp_archive_render_page_async, cancellable, callback,
                  user_data);
}

ClpReadingPage *
clp_archive_render_page_finish (ClpArchive    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return read_finish (self, result, clp_archive_render_page_async, error);
}

/**
 * clp_archive_search:
 *
 * Returns: (transfer full) (element-type ClpSearchHit): a page of hits
 *   for the request's comment query, in its search order
 */
GPtrArray *
clp_archive_search (ClpArchive        *self,
                    ClpSearchRequest  *request,
                    guint              offset,
                    guint              limit,
                    GCancellable      *cancellable,
                    GError           **error)
{
  GPtrArray *hits;
  ClpStore *store;
  ClpQuery *query;

  g_return_val_if_fail (CLP_IS_ARCHIVE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  query = clp_search_request_get_comment_query (request);
  if (query == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) clp_search_hit_unref);
  store = clp_archive_take_reader (self, error);
  if (store == NULL)
    return NULL;
  hits = clp_store_search (store, query, clp_search_request_get_search_order (request), offset,
                           limit, cancellable, error);
  clp_archive_give_back_reader (self, store);
  return hits;
}

ClpArticle *
clp_archive_load_article (ClpArchive  *self,
                          gint64       id,
                          GError     **error)
{
  ClpArticle *article;
  ClpStore *store;

  g_return_val_if_fail (CLP_IS_ARCHIVE (self), NULL);

  store = clp_archive_take_reader (self, error);
  if (store == NULL)
    return NULL;
  article = clp_store_load_article (store, id, error);
  clp_archive_give_back_reader (self, store);
  return article;
}

/**
 * clp_archive_load_comments:
 *
 * Returns: (transfer full) (element-type ClpComment): the comments of one
 *   article in page order, with their text
 */
GPtrArray *
clp_archive_load_comments (ClpArchive  *self,
                           gint64       article_id,
                           GError     **error)
{
  GPtrArray *comments;
  ClpStore *store;

  g_return_val_if_fail (CLP_IS_ARCHIVE (self), NULL);

  store = clp_archive_take_reader (self, error);
  if (store == NULL)
    return NULL;
  comments = clp_store_load_comments (store, article_id, error);
  clp_archive_give_back_reader (self, store);
  return comments;
}

gboolean
clp_archive_get_stats (ClpArchive     *self,
                       ClpStoreStats  *stats,
                       GError        **error)
{
  ClpStore *store;
  gboolean ok;

  g_return_val_if_fail (CLP_IS_ARCHIVE (self), FALSE);

  store = clp_archive_take_reader (self, error);
  if (store == NULL)
    return FALSE;
  ok = clp_store_get_stats (store, stats, error);
  clp_archive_give_back_reader (self, store);
  return ok;
}

/**
 * clp_archive_check:
 * @problems: (element-type utf8): receives what is wrong, in words
 * @index_checked: (out) (optional): whether the full-text index was
 *   checked too
 *
 * Checks the database and its full-text index, reading only.
 */
gboolean
clp_archive_check (ClpArchive  *self,
                   GPtrArray   *problems,
                   gboolean    *index_checked,
                   GError     **error)
{
  ClpStore *store;
  gboolean ok;

  g_return_val_if_fail (CLP_IS_ARCHIVE (self), FALSE);

  store = clp_archive_take_reader (self, error);
  if (store == NULL)
    return FALSE;
  ok = clp_store_check (store, problems, index_checked, error);
  clp_archive_give_back_reader (self, store);
  return ok;
}

