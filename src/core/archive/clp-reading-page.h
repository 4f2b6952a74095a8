/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-article.h"
#include "clp-renderer.h"
#include "clp-search-request.h"
#include "clp-store.h"

G_BEGIN_DECLS

/* One page of the reading view: what to show. */
typedef struct
{
  gint64            article_id;
  guint             page;           /* 1-based; 0 is the first */
  gboolean          dark;
  gboolean          only_matching;  /* leave out comments that neither pass nor lead to one */
  gboolean          show_hidden;    /* deleted and spam comments too, marked */
  ClpSearchRequest *search;         /* marks its words and applies its filters; nullable */
  const char       *base_uri;       /* links between pages and to actions; nullable */
} ClpPageRequest;

#define CLP_TYPE_READING_PAGE (clp_reading_page_get_type ())

/* A page as written, with what the view needs to step through the
 * comments that pass: their ids in reading order and the page each is on.
 * It keeps the article and the shape of its thread, so that the next
 * page of the same article does not load them again. */
typedef struct _ClpReadingPage ClpReadingPage;

GType           clp_reading_page_get_type     (void) G_GNUC_CONST;
ClpReadingPage *clp_reading_page_build        (ClpStore             *store,
                                               const ClpPageRequest *request,
                                               ClpReadingPage       *previous,
                                               GCancellable         *cancellable,
                                               GError              **error);
ClpReadingPage *clp_reading_page_ref          (ClpReadingPage       *self);
void            clp_reading_page_unref        (ClpReadingPage       *self);
const char     *clp_reading_page_get_html     (ClpReadingPage       *self);
ClpArticle     *clp_reading_page_get_article  (ClpReadingPage       *self);
GPtrArray      *clp_reading_page_get_comments (ClpReadingPage       *self);
guint           clp_reading_page_get_page     (ClpReadingPage       *self);
GArray         *clp_reading_page_get_matches  (ClpReadingPage       *self);
GArray         *clp_reading_page_get_match_pages (ClpReadingPage    *self);
const ClpRenderSummary *clp_reading_page_get_summary (ClpReadingPage *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpReadingPage, clp_reading_page_unref)

G_END_DECLS
