/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CLP_TYPE_ARTICLE (clp_article_get_type ())

/* An article as it is read from a file or loaded from the archive. A plain
 * reference-counted record: importers fill it, the store saves and loads it,
 * renderers and exporters read it. Strings are UTF-8 and may be NULL where
 * the source did not have the part. */
typedef struct _ClpArticle ClpArticle;

struct _ClpArticle
{
  /*< private >*/
  int        ref_count;

  /*< public >*/
  gint64     id;                      /* archive row id, 0 before it is stored */
  char      *key;                     /* importer's id for the article within one file */
  char      *title;
  char      *byline;                  /* who wrote it, as the page prints it */
  char      *url;
  char      *source;                  /* publication name */
  char      *section;
  char      *published;               /* YYYY-MM-DD, or NULL */
  char      *print_date;              /* YYYY-MM-DD from the "Published in" footer */
  char      *dateline;
  char      *caption;
  GPtrArray *body;                    /* (element-type utf8) paragraphs */
  char      *body_html;               /* sanitized HTML when the source had HTML */
  int        declared_comment_count;  /* what the page claimed, -1 if unknown */
  int        comment_count;           /* comments in the archive */
  int        hidden_comment_count;    /* deleted or spam comments among them */
};

GType       clp_article_get_type          (void) G_GNUC_CONST;
ClpArticle *clp_article_new               (void);
ClpArticle *clp_article_ref               (ClpArticle *self);
void        clp_article_unref             (ClpArticle *self);
void        clp_article_add_paragraph     (ClpArticle *self,
                                           const char *paragraph);
char       *clp_article_dup_body_text     (const ClpArticle *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpArticle, clp_article_unref)

G_END_DECLS
