/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many comments an article has, in the archive and in what is shown
 * of it: the numbers the reading view and every export state, and the
 * sentences that state them. clp_thread_shape_select() counts them. */
typedef struct
{
  int      declared;      /* what the page claimed, -1 when it did not say */
  guint    archived;      /* comments the archive holds, deleted and spam ones too */
  guint    hidden;        /* of those, deleted or spam */
  gboolean shows_hidden;  /* deleted and spam comments are held, marked */
  gboolean filtered;      /* a search or filters picked the matches */
  guint    held;          /* comments shown, or in the export: matches and context */
  guint    matching;      /* of those, the ones passing the filters (all, without filters) */
  guint    context;       /* of those, the ones there only because a match answers them */
} ClpCommentCounts;

guint  clp_comment_counts_get_present (const ClpCommentCounts *self);
char  *clp_comment_counts_heading     (const ClpCommentCounts *self);
char  *clp_comment_counts_missing     (const ClpCommentCounts *self);
char  *clp_comment_counts_hidden      (const ClpCommentCounts *self);
char  *clp_comment_counts_held        (const ClpCommentCounts *self);
char  *clp_comment_counts_describe    (const ClpCommentCounts *self);

G_END_DECLS
