/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clp-article.h"
#include "clp-comment.h"
#include "clp-comment-counts.h"
#include "clp-query.h"

G_BEGIN_DECLS

/* How many comments one page of the reading view holds. A thread of 50,000
 * comments is served a page at a time so that its first screen shows at
 * once; see the Performance section of the README. */
#define CLP_RENDER_PAGE_SIZE 250

typedef struct
{
  gboolean            dark;
  guint               page;          /* 1-based; 0 is the first */
  guint               page_size;     /* 0 for CLP_RENDER_PAGE_SIZE, G_MAXUINT for one page */
  ClpQuery           *query;         /* its words are marked, or NULL */
  GHashTable         *matching;      /* (gint64 *) ids passing the filters, NULL: no filter */
  gboolean            only_matching; /* leave out comments that are neither a match nor
                                        the ancestor of one (those are shown dimmed) */
  gboolean            show_hidden;   /* show deleted and spam comments, marked */
  const char         *base_uri;      /* "clippings://article/12" for links between pages and
                                        actions; NULL writes a page without them */
  gboolean            for_export;    /* say what an export holds, show each comment's
                                        reference */
} ClpRenderOptions;

typedef struct
{
  guint n_pages;
  guint n_shown;        /* comments written on all pages, matches and context */
  guint n_matching;     /* comments passing the filters (all when no filter) */
  guint n_hidden;       /* deleted or spam comments left out */
  ClpCommentCounts counts;  /* as the page states them */
} ClpRenderSummary;

/* Writes a thread's comments one at a time, for an export that loads them
 * a few at a time (clp_renderer_begin_comments()). */
typedef struct _ClpRendererThread ClpRendererThread;

void   clp_renderer_begin_document (GString                *out,
                                    const char             *title,
                                    gboolean                dark);
void   clp_renderer_append_article (GString                *out,
                                    ClpArticle             *article,
                                    GPtrArray              *comments,
                                    const ClpRenderOptions *options,
                                    ClpRenderSummary       *summary);
void   clp_renderer_end_document   (GString                *out);
void   clp_renderer_begin_article  (GString                *out,
                                    ClpArticle             *article,
                                    const ClpRenderOptions *options);
gboolean clp_renderer_begin_comments (GString              *out,
                                      const ClpCommentCounts *counts,
                                      const ClpRenderOptions *options);
void   clp_renderer_end_comments   (GString                *out,
                                    gboolean                written);
ClpRendererThread *clp_renderer_thread_new    (ClpArticle             *article,
                                               const ClpRenderOptions *options);
void               clp_renderer_thread_append (ClpRendererThread      *self,
                                               GString                *out,
                                               ClpComment             *comment,
                                               int                     depth,
                                               gboolean                context,
                                               guint                   n_replies,
                                               ClpComment             *parent);
void               clp_renderer_thread_finish (ClpRendererThread      *self,
                                               GString                *out);
char  *clp_renderer_render         (ClpArticle             *article,
                                    GPtrArray              *comments,
                                    const ClpRenderOptions *options,
                                    ClpRenderSummary       *summary);
GPtrArray *clp_renderer_page_comments (GPtrArray            *comments,
                                      const ClpRenderOptions *options);
void   clp_renderer_locate         (GPtrArray              *comments,
                                    const ClpRenderOptions *options,
                                    GHashTable             *wanted,
                                    GArray                **ids,
                                    GArray                **pages);
guint  clp_renderer_page_of        (GPtrArray              *comments,
                                    const ClpRenderOptions *options,
                                    gint64                  comment_id);
const char *clp_renderer_get_css   (void);
void   clp_renderer_append_marking_long_words (GString    *out,
                                               const char *html,
                                               gsize       length);
void   clp_renderer_append_marked  (GString                *out,
                                    const char             *text,
                                    ClpQuery               *query,
                                    ClpQueryField           field);

G_END_DECLS
