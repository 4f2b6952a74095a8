/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CLP_TYPE_COMMENT (clp_comment_get_type ())

typedef enum
{
  CLP_COMMENT_VISIBLE = 0,
  CLP_COMMENT_DELETED = 1,
  CLP_COMMENT_SPAM    = 2,
} ClpCommentStatus;

/* One reader comment. Importers identify comments and their parents with
 * keys that are unique within one file; the store turns them into row ids. */
typedef struct _ClpComment ClpComment;

struct _ClpComment
{
  /*< private >*/
  int               ref_count;

  /*< public >*/
  gint64            id;           /* archive row id, 0 before it is stored */
  gint64            parent_id;    /* 0 at top level */
  gint64            article_id;
  char             *key;          /* importer's id within one file */
  char             *parent_key;   /* NULL at top level */
  char             *article_key;  /* the importer's key of its article */
  int               position;     /* page order within the article */
  int               depth;        /* 0 at top level */
  int               reply_count;  /* direct replies */
  char             *author;
  /* Times, as FORMATS.md "Times" has them; clp_comment_dup_shown_time()
   * is the time to show, filter by and export. */
  char             *posted_at;    /* wall-clock YYYY-MM-DDTHH:MM:SS, or NULL: the
                                   * site's clock, or with an instant, that instant
                                   * in the zone of whoever wrote it down */
  gint64            posted_utc;   /* Unix time when the source gave an instant */
  gboolean          has_utc;
  int               posted_offset; /* seconds east of UTC of the site's clock, */
  gboolean          has_offset;    /* when the source gave it with the instant */
  char             *text;         /* plain text, paragraphs separated by a blank line */
  char             *html;         /* sanitized HTML when the source had HTML */
  ClpCommentStatus  status;
};

GType       clp_comment_get_type (void) G_GNUC_CONST;
ClpComment *clp_comment_new      (void);
ClpComment *clp_comment_ref      (ClpComment *self);
void        clp_comment_unref    (ClpComment *self);
char       *clp_comment_dup_shown_time (const ClpComment *self);
GPtrArray  *clp_comment_thread_order (GPtrArray *comments);
GHashTable *clp_comment_thread_depths (GPtrArray *ordered);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpComment, clp_comment_unref)

G_END_DECLS
