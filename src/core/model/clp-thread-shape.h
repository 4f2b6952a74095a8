/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clp-comment.h"
#include "clp-comment-counts.h"

G_BEGIN_DECLS

/* What a comment is to a view or an export that follows filters. */
typedef enum
{
  CLP_COMMENT_ROLE_NONE,     /* left out */
  CLP_COMMENT_ROLE_MATCH,    /* passes the filters; without filters, every comment held */
  CLP_COMMENT_ROLE_CONTEXT,  /* held only because a match answers it */
} ClpCommentRole;

/* One comment of a thread, without its text: what the store lists so that
 * a thread of any size can be ordered and counted in little memory. */
typedef struct
{
  gint64 id;
  gint64 parent_id;   /* 0 at the top */
  int    position;    /* page order */
  int    status;      /* ClpCommentStatus */
} ClpCommentLink;

/* A comment held, in the order asked for. */
typedef struct
{
  gint64         id;
  ClpCommentRole role;
  int            depth;      /* among the comments held, as they nest */
  guint          n_replies;  /* replies held under it, replies to replies too: what its
                                fold hides */
} ClpHeldComment;

/* The shape of one article's thread, some 50 bytes a comment: which
 * comments a view or an export holds, in page or thread order, and the
 * counts it states. */
typedef struct _ClpThreadShape ClpThreadShape;

ClpThreadShape *clp_thread_shape_new              (GArray                 *links);
ClpThreadShape *clp_thread_shape_new_for_comments (GPtrArray              *comments);
void            clp_thread_shape_free             (ClpThreadShape         *self);
void            clp_thread_shape_select           (ClpThreadShape         *self,
                                                   GHashTable             *matching,
                                                   gboolean                keep_hidden,
                                                   int                     declared,
                                                   ClpCommentCounts       *counts);
void            clp_thread_shape_select_ids       (ClpThreadShape         *self,
                                                   const gint64           *ids,
                                                   guint                   n_ids,
                                                   gboolean                keep_hidden,
                                                   int                     declared,
                                                   ClpCommentCounts       *counts);
ClpCommentRole  clp_thread_shape_get_role         (ClpThreadShape         *self,
                                                   gint64                  id);
GArray         *clp_thread_shape_list_held        (ClpThreadShape         *self,
                                                   gboolean                thread_order);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpThreadShape, clp_thread_shape_free)

G_END_DECLS
