/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libxml/HTMLtree.h>

G_BEGIN_DECLS

/* The article of a page as a reader mode finds it in the document itself.
 * Strings are NULL where the document has no such part. */
typedef struct
{
  char     *heading;           /* the article's h1 */
  char     *page_title;        /* <title> */
  char     *byline;            /* the byline's text as the page prints it */
  char     *caption;           /* the lead picture's caption */
  char     *published;         /* the article's <time datetime> */
  GString  *markup;            /* the body, for the sanitizer */
  gsize     text_length;       /* characters of text in the body */
  gsize     page_text_length;  /* characters of text in the whole page */
  double    page_link_density; /* the share of the page's text in links */
  gboolean  has_password;      /* the page asks for a password */
} ClpReaderArticle;

ClpReaderArticle *clp_reader_mode_read         (htmlDocPtr        doc,
                                                GHashTable       *excluded,
                                                const char       *title);
void              clp_reader_article_free      (ClpReaderArticle *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpReaderArticle, clp_reader_article_free)

G_END_DECLS
