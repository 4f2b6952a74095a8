/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libxml/HTMLtree.h>

#include "clp-comment.h"

G_BEGIN_DECLS

/* The reader comments one kind of markup on a page holds. Comments come
 * in page order, keyed within the page, replies naming their parent's
 * key; article_key is left for the importer to set. */
typedef struct
{
  const char *origin;         /* what they were read from, for messages */
  GPtrArray  *comments;       /* ClpComment */
  GPtrArray  *warnings;       /* char *, about single comments */
  GPtrArray  *skipped;        /* const char *: kinds left out, one per item */
  GHashTable *regions;        /* xmlNode *: elements that hold them, not article */
  GHashTable *by_key;         /* key -> ClpComment, borrowed from comments */
  int         declared_count; /* the count the page claims, or -1 */
} ClpCommentSet;

ClpCommentSet *clp_comment_set_new             (const char    *origin);
void           clp_comment_set_free            (ClpCommentSet *self);
void           clp_comment_set_warn            (ClpCommentSet *self,
                                                xmlNode       *node,
                                                gboolean       with_lines,
                                                const char    *format,
                                                ...) G_GNUC_PRINTF (4, 5);
ClpComment    *clp_comment_set_add             (ClpCommentSet *self,
                                                const char    *key,
                                                const char    *parent_key);
ClpComment    *clp_comment_set_find            (ClpCommentSet *self,
                                                const char    *key);

ClpCommentSet *clp_comment_extractor_read      (htmlDocPtr     doc,
                                                gboolean       with_lines);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpCommentSet, clp_comment_set_free)

G_END_DECLS
