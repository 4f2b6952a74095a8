/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libxml/HTMLtree.h>

G_BEGIN_DECLS

/* What the readers of saved web pages share: small questions about the
 * elements of a page libxml2's HTML parser has read (which lowercases
 * element and attribute names), walks without recursion, and the page's
 * text as a reader sees it. Nothing here follows a link or loads a thing. */

/* Whether to leave out an element, with all it holds, from text or markup. */
typedef gboolean (*ClpHtmlSkipFunc) (xmlNode  *element,
                                     gpointer  user_data);

gboolean  clp_html_is                (xmlNode         *node,
                                      const char      *name);
gboolean  clp_html_is_heading        (xmlNode         *node);
gboolean  clp_html_is_block          (xmlNode         *node);
gboolean  clp_html_is_unreadable     (xmlNode         *node);
gboolean  clp_html_is_hidden         (xmlNode         *node);
gboolean  clp_html_has_class         (xmlNode         *node,
                                      const char      *token);
gboolean  clp_html_class_contains    (xmlNode         *node,
                                      const char      *part);
char     *clp_html_dup_attribute     (xmlNode         *node,
                                      const char      *name);
gboolean  clp_html_attribute_is      (xmlNode         *node,
                                      const char      *name,
                                      const char      *value);
gboolean  clp_html_attribute_has_token (xmlNode       *node,
                                      const char      *name,
                                      const char      *token);
xmlNode  *clp_html_next              (xmlNode         *node,
                                      xmlNode         *top,
                                      gboolean         descend);
xmlNode  *clp_html_first_element     (xmlNode         *node);
xmlNode  *clp_html_next_element      (xmlNode         *node);
xmlNode  *clp_html_previous_element  (xmlNode         *node);
xmlNode  *clp_html_body              (htmlDocPtr       doc);
char     *clp_html_collapse_space    (const char      *text,
                                      gssize           length);
gboolean  clp_html_has_text          (xmlNode         *node);
char     *clp_html_dup_text          (xmlNode         *node,
                                      ClpHtmlSkipFunc  skip,
                                      gpointer         user_data);
void      clp_html_append_markup     (GString         *out,
                                      xmlNode         *node,
                                      ClpHtmlSkipFunc  skip,
                                      gpointer         user_data);

G_END_DECLS
