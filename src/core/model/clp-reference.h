/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clp-article.h"
#include "clp-comment.h"

G_BEGIN_DECLS

/* A comment's reference: the same in every archive that holds the
 * comment, whatever else it holds and in whatever order it imported it,
 * so that a paper can cite it and a reader find it again (the query
 * `ref:`). FORMATS.md "Comment references" is the specification:
 *
 *   c1-ARTICLE-TIME-TEXT     c1-3f9a2c71-20190313T211200-8b1e04c2
 *
 * ARTICLE and TEXT are the first 8 hex digits of SHA-256 sums of the
 * article's identity and of the author's folded name with the text; TIME
 * is the wall-clock time as saved, or the instant in UTC with a Z, or
 * "undated". */

typedef enum
{
  CLP_REFERENCE_TIME_WALL_CLOCK,  /* time_text is YYYY-MM-DDTHH:MM:SS as saved */
  CLP_REFERENCE_TIME_INSTANT,     /* instant is the Unix time */
  CLP_REFERENCE_TIME_NONE,
} ClpReferenceTime;

typedef struct
{
  ClpReferenceTime  time;
  char             *time_text;   /* wall clock, "YYYY-MM-DDTHH:MM:SS" */
  gint64            instant;
  char             *normalized;  /* the reference as Clippings writes it */
} ClpReferenceParts;

char     *clp_reference_article_key   (const char            *url,
                                       const char            *title,
                                       const char            *source,
                                       const char            *published);
char     *clp_reference_for_article   (const ClpArticle      *article);
char     *clp_reference_make          (const char            *article_key,
                                       const char            *author,
                                       const char            *posted_at,
                                       gboolean               has_utc,
                                       gint64                 posted_utc,
                                       const char            *text);
char     *clp_reference_for_comment   (const char            *article_key,
                                       const ClpComment      *comment);
gboolean  clp_reference_parse         (const char            *text,
                                       ClpReferenceParts     *parts);
void      clp_reference_parts_clear   (ClpReferenceParts     *parts);
char     *clp_reference_quotation     (const ClpArticle      *article,
                                       const ClpComment      *comment,
                                       const char            *reference);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ClpReferenceParts, clp_reference_parts_clear)

G_END_DECLS
