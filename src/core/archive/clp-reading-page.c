/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-reading-page"

#include "config.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "clp-reading-page.h"

/* A thread this large leaves memory behind when its page goes. */
#define LARGE_THREAD 10000

/* From the archive to one page of the reading view: the article, the
 * shape of its thread, the comments that pass the request, and the page
 * written by the renderer. A thread of 50,000 comments loads its shape
 * only; the texts come for the comments the page shows. */

struct _ClpReadingPage
{
  int               ref_count;
  ClpArticle       *article;
  GPtrArray        *comments;      /* the whole thread, texts only where shown */
  guint             page;
  char             *html;
  GArray           *matches;       /* comment ids passing the request, reading order */
  GArray           *match_pages;   /* the page each is on */
  ClpRenderSummary  summary;
};

G_DEFINE_BOXED_TYPE (ClpReadingPage, clp_reading_page, clp_reading_page_ref,
                     clp_reading_page_unref)

ClpReadingPage *
clp_reading_page_ref (ClpReadingPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
clp_reading_page_unref (ClpReadingPage *self)
{
  gboolean large;

  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  large = self->comments != NULL && self->comments->len >= LARGE_THREAD;
  g_clear_pointer (&self->article, clp_article_unref);
  g_clear_pointer (&self->comments, g_ptr_array_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->match_pages, g_array_unref);
  g_free (self->html);
  g_free (self);
#ifdef __GLIBC__
  /* Tens of thousands of small blocks, freed here, were allocated on the
   * archive's reading thread: glibc keeps that thread's heap, and without
   * this it stayed 20 MB larger after the window went back from a
   * 50,000-comment thread. A few milliseconds, for such threads only. */
  if (large)
    malloc_trim (0);
#endif
}

/**
 * clp_reading_page_build:
 * @previous: (nullable): a page built before; when it shows the same
 *   article, its article and thread are used again
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
ClpReadingPage *
clp_reading_page_build (ClpStore             *store,
                        const ClpPageRequest *request,
                        ClpReadingPage       *previous,
                        GCancellable         *cancellable,
                        GError              **error)
{
  g_autoptr(ClpReadingPage) self = g_new0 (ClpReadingPage, 1);
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GHashTable) matching = NULL;
  g_autoptr(GArray) matches = NULL;   /* the keys of matching point into it */
  ClpQuery *query = request->search != NULL
                    ? clp_search_request_get_comment_query (request->search) : NULL;
  ClpRenderOptions options = { 0 };

  g_return_val_if_fail (CLP_IS_STORE (store), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  self->ref_count = 1;
  if (previous != NULL && previous->article->id == request->article_id)
    {
      self->article = clp_article_ref (previous->article);
      self->comments = g_ptr_array_ref (previous->comments);
    }
  else
    {
      self->article = clp_store_load_article (store, request->article_id, error);
      if (self->article == NULL)
        return NULL;
      self->comments = clp_store_load_thread (store, request->article_id, FALSE, error);
      if (self->comments == NULL)
        return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  options.dark = request->dark;
  options.page = request->page;
  options.base_uri = request->base_uri;
  options.show_hidden = request->show_hidden;
  if (query != NULL)
    {
      if (!clp_store_match_comments (store, request->article_id, query, &matches, NULL,
                                     cancellable, error))
        return NULL;
      matching = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < matches->len; i++)
        g_hash_table_add (matching, &g_array_index (matches, gint64, i));
      options.matching = matching;
      options.only_matching = request->only_matching ||
                              clp_search_request_has_comment_filters (request->search);
      options.query = query;
      /* In reading order, with their pages, so that stepping through
       * them needs no work on the main thread. */
      clp_renderer_locate (self->comments, &options, matching, &self->matches,
                           &self->match_pages);
    }
  shown = clp_renderer_page_comments (self->comments, &options);
  if (!clp_store_fill_comment_text (store, shown, error))
    return NULL;
  self->html = clp_renderer_render (self->article, self->comments, &options, &self->summary);
  self->page = MAX (request->page, 1);
  return g_steal_pointer (&self);
}

const char *
clp_reading_page_get_html (ClpReadingPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->html;
}

ClpArticle *
clp_reading_page_get_article (ClpReadingPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->article;
}

/**
 * clp_reading_page_get_comments:
 *
 * Returns: (transfer none) (element-type ClpComment): the article's
 *   thread, page order; texts only of the comments a page showed
 */
GPtrArray *
clp_reading_page_get_comments (ClpReadingPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->comments;
}

guint
clp_reading_page_get_page (ClpReadingPage *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->page;
}

/**
 * clp_reading_page_get_matches:
 *
 * Returns: (transfer none) (nullable) (element-type gint64): the ids of
 *   the comments passing the request, in reading order; %NULL without one
 */
GArray *
clp_reading_page_get_matches (ClpReadingPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->matches;
}

/**
 * clp_reading_page_get_match_pages:
 *
 * Returns: (transfer none) (nullable) (element-type guint): the page of
 *   each match
 */
GArray *
clp_reading_page_get_match_pages (ClpReadingPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->match_pages;
}

const ClpRenderSummary *
clp_reading_page_get_summary (ClpReadingPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->summary;
}
