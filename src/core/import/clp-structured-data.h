/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libxml/HTMLtree.h>

#include "clp-comment-extractor.h"

G_BEGIN_DECLS

/* What a page says about itself for machines: JSON-LD, Open Graph and
 * article:* meta, the canonical link, schema.org microdata, and the
 * comment a browser or SingleFile leaves with the address it saved the
 * page from. Strings are NULL where the page did not say. */
typedef struct
{
  gboolean       is_article;    /* declares an article type */
  gboolean       is_listing;    /* declares a front page or a list of articles */
  char          *title;
  char          *byline;
  char          *site_name;
  char          *section;
  char          *published;     /* as written, mostly ISO 8601 */
  char          *url;           /* absolute http(s), without a fragment */
  char          *saved_from;    /* the same, from the saver's comment */
  char          *caption;
  int            comment_count; /* declared, or -1 */
  ClpCommentSet *comments;      /* schema.org Comment items */
} ClpStructuredData;

ClpStructuredData *clp_structured_data_read (htmlDocPtr         doc,
                                             gboolean           with_lines);
void               clp_structured_data_free (ClpStructuredData *self);
char              *clp_structured_data_normalize_url (const char *url,
                                                      const char *base);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpStructuredData, clp_structured_data_free)

G_END_DECLS
