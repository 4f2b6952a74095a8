/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CLP_TYPE_SEARCH_HIT (clp_search_hit_get_type ())

/* One result of a search: an article that matches itself, or a comment. */
typedef struct _ClpSearchHit ClpSearchHit;

struct _ClpSearchHit
{
  /*< private >*/
  int     ref_count;

  /*< public >*/
  gint64  article_id;
  gint64  comment_id;     /* 0 when the hit is the article itself */
  char   *author;         /* the comment's author; NULL for an article */
  char   *posted_at;      /* the comment's time, or the article's publication day; may be NULL */
  char   *title;          /* the article's title */
  char   *snippet;        /* plain text around the first match, matches between
                           * CLP_QUERY_MARK_START and CLP_QUERY_MARK_END */
  double  rank;           /* for relevance order: lower is better */
};

GType         clp_search_hit_get_type (void) G_GNUC_CONST;
ClpSearchHit *clp_search_hit_new      (void);
ClpSearchHit *clp_search_hit_ref      (ClpSearchHit *self);
void          clp_search_hit_unref    (ClpSearchHit *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpSearchHit, clp_search_hit_unref)

G_END_DECLS
