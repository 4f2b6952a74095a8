/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-html-dom"

#include "config.h"

#include <string.h>

#include "clp-html.h"
#include "clp-html-dom.h"

/* Every walk here is a loop over parent, child and sibling pointers, never
 * a recursion: a page may nest as deep as libxml2 lets it. */

static const char * const block_names[] = {
  "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
  "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
  "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main",
  "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
  "thead", "tr", "ul",
};

/* Elements whose content is no text a reader sees on the page: code,
 * styling, embedded and remote things, form controls, the document head. */
static const char * const unreadable_names[] = {
  "applet", "area", "audio", "base", "button", "canvas", "datalist", "embed", "frame",
  "frameset", "head", "iframe", "img", "input", "link", "map", "math", "meta", "meter",
  "noembed", "noframes", "noscript", "object", "option", "param", "picture", "progress",
  "script", "select", "source", "style", "svg", "template", "textarea", "title", "track",
  "video",
};

static gboolean
name_in (xmlNode            *node,
         const char * const *names,
         gsize               n_names)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE || node->name == NULL)
    return FALSE;
  for (gsize i = 0; i < n_names; i++)
    if (strcmp ((const char *) node->name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
clp_html_is (xmlNode    *node,
             const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->name != NULL &&
         strcmp ((const char *) node->name, name) == 0;
}

gboolean
clp_html_is_heading (xmlNode *node)
{
  static const char * const headings[] = { "h1", "h2", "h3", "h4", "h5", "h6" };

  return name_in (node, headings, G_N_ELEMENTS (headings));
}

gboolean
clp_html_is_block (xmlNode *node)
{
  return name_in (node, block_names, G_N_ELEMENTS (block_names));
}

gboolean
clp_html_is_unreadable (xmlNode *node)
{
  return name_in (node, unreadable_names, G_N_ELEMENTS (unreadable_names));
}

/* Whether the page hides the element from its readers: a page saved with
 * SingleFile keeps hidden elements, and dialogs and menus wait in them. */
gboolean
clp_html_is_hidden (xmlNode *node)
{
  g_autofree char *style = NULL;
  GString *compact;
  gboolean hidden;

  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return FALSE;
  if (xmlHasProp (node, (const xmlChar *) "hidden") != NULL ||
      clp_html_attribute_is (node, "aria-hidden", "true"))
    return TRUE;

  style = clp_html_dup_attribute (node, "style");
  if (style == NULL)
    return FALSE;
  compact = g_string_new (NULL);
  for (const char *p = style; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (compact, g_ascii_tolower (*p));
  hidden = strstr (compact->str, "display:none") != NULL ||
           strstr (compact->str, "visibility:hidden") != NULL;
  g_string_free (compact, TRUE);
  return hidden;
}

char *
clp_html_dup_attribute (xmlNode    *node,
                        const char *name)
{
  xmlChar *value;
  char *copy;

  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return NULL;
  value = xmlGetNoNsProp (node, (const xmlChar *) name);
  if (value == NULL)
    return NULL;
  copy = g_utf8_make_valid ((const char *) value, -1);
  xmlFree (value);
  return copy;
}

/* Whether attribute @name is @value, ignoring case and surrounding space. */
gboolean
clp_html_attribute_is (xmlNode    *node,
                       const char *name,
                       const char *value)
{
  g_autofree char *actual = clp_html_dup_attribute (node, name);

  return actual != NULL && g_ascii_strcasecmp (g_strstrip (actual), value) == 0;
}

/* Whether the space-separated list in attribute @name (class, rel,
 * itemprop, property) holds @token, ignoring case. */
gboolean
clp_html_attribute_has_token (xmlNode    *node,
                              const char *name,
                              const char *token)
{
  g_autofree char *value = clp_html_dup_attribute (node, name);
  gsize token_length = strlen (token);
  const char *p;

  if (value == NULL)
    return FALSE;
  p = value;
  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && g_ascii_isspace (*p))
        p++;
      start = p;
      while (*p != '\0' && !g_ascii_isspace (*p))
        p++;
      if ((gsize) (p - start) == token_length && g_ascii_strncasecmp (start, token, token_length) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
clp_html_has_class (xmlNode    *node,
                    const char *token)
{
  return clp_html_attribute_has_token (node, "class", token);
}

/* Whether the class attribute holds @part anywhere, ignoring case:
 * "comment" is in "comment-list" and "commentlist". */
gboolean
clp_html_class_contains (xmlNode    *node,
                         const char *part)
{
  g_autofree char *value = clp_html_dup_attribute (node, "class");
  g_autofree char *lower = NULL;

  if (value == NULL)
    return FALSE;
  lower = g_ascii_strdown (value, -1);
  return strstr (lower, part) != NULL;
}

/**
 * clp_html_next:
 * @node: where the walk is, inside @top or @top itself
 * @top: the element the walk stays in
 * @descend: whether to go into @node's children
 *
 * Returns: (nullable): the next node of @top's subtree in document order
 */
xmlNode *
clp_html_next (xmlNode  *node,
               xmlNode  *top,
               gboolean  descend)
{
  if (descend && node->children != NULL &&
      (node->type == XML_ELEMENT_NODE || node->type == XML_DOCUMENT_NODE ||
       node->type == XML_HTML_DOCUMENT_NODE))
    return node->children;
  while (node != top && node->next == NULL)
    node = node->parent;
  if (node == top || node == NULL)
    return NULL;
  return node->next;
}

xmlNode *
clp_html_first_element (xmlNode *node)
{
  xmlNode *child = node != NULL ? node->children : NULL;

  while (child != NULL && child->type != XML_ELEMENT_NODE)
    child = child->next;
  return child;
}

xmlNode *
clp_html_next_element (xmlNode *node)
{
  xmlNode *next = node != NULL ? node->next : NULL;

  while (next != NULL && next->type != XML_ELEMENT_NODE)
    next = next->next;
  return next;
}

xmlNode *
clp_html_previous_element (xmlNode *node)
{
  xmlNode *previous = node != NULL ? node->prev : NULL;

  while (previous != NULL && previous->type != XML_ELEMENT_NODE)
    previous = previous->prev;
  return previous;
}

xmlNode *
clp_html_body (htmlDocPtr doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  for (xmlNode *child = clp_html_first_element (root); child != NULL;
       child = clp_html_next_element (child))
    if (clp_html_is (child, "body"))
      return child;
  return root;
}

static gboolean
is_html_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/**
 * clp_html_collapse_space:
 * @text: text from a page, maybe invalid UTF-8
 * @length: its length, or -1
 *
 * Returns: (transfer full): @text as a browser shows it outside pre:
 *   runs of white space as one space, none at either end, and the
 *   characters no reader typed left out
 */
char *
clp_html_collapse_space (const char *text,
                         gssize      length)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean space = FALSE;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  valid = g_utf8_make_valid (text != NULL ? text : "", length);
  out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p++)
    {
      gsize unwanted;

      if (is_html_space (*p))
        {
          space = TRUE;
          continue;
        }
      unwanted = clp_html_unwanted_length (p);
      if (unwanted > 0)
        {
          p += unwanted - 1;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_text (xmlNode *node)
{
  return (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
         node->content != NULL;
}

/* Whether a walk over what a reader sees goes into @node. */
static gboolean
enters (xmlNode         *node,
        ClpHtmlSkipFunc  skip,
        gpointer         user_data)
{
  return node->type == XML_ELEMENT_NODE && !clp_html_is_unreadable (node) &&
         !clp_html_is_hidden (node) && (skip == NULL || !skip (node, user_data));
}

/* Whether @node holds a character a reader sees, looking no further than
 * the first. */
gboolean
clp_html_has_text (xmlNode *node)
{
  xmlNode *top = node;

  while (node != NULL)
    {
      gboolean descend = FALSE;

      if (is_text (node))
        {
          for (const char *p = (const char *) node->content; *p != '\0'; p++)
            if (!is_html_space (*p))
              return TRUE;
        }
      else if (enters (node, NULL, NULL))
        descend = TRUE;
      node = clp_html_next (node, top, descend);
    }
  return FALSE;
}

/**
 * clp_html_dup_text:
 * @node: an element or a text node
 * @skip: (nullable): elements to leave out besides those no reader sees
 *
 * Returns: (transfer full): the text of @node as one line: blocks and line
 *   breaks apart by a space, white space collapsed
 */
char *
clp_html_dup_text (xmlNode         *node,
                   ClpHtmlSkipFunc  skip,
                   gpointer         user_data)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  xmlNode *top = node;

  if (node == NULL)
    return g_strdup ("");
  if (is_text (node))
    return clp_html_collapse_space ((const char *) node->content, -1);
  if (!enters (node, skip, user_data))
    return g_strdup ("");

  node = node->children;
  while (node != NULL)
    {
      gboolean descend = FALSE;

      if (is_text (node))
        g_string_append (raw, (const char *) node->content);
      else if (clp_html_is (node, "br"))
        g_string_append_c (raw, ' ');
      else if (enters (node, skip, user_data))
        {
          descend = TRUE;
          if (clp_html_is_block (node))
            g_string_append_c (raw, ' ');
        }

      if (descend && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      while (node != top && node->next == NULL)
        {
          node = node->parent;
          if (node != top && clp_html_is_block (node))
            g_string_append_c (raw, ' ');
        }
      if (node == top)
        break;
      if (clp_html_is_block (node))
        g_string_append_c (raw, ' ');
      node = node->next;
    }
  return clp_html_collapse_space (raw->str, raw->len);
}

/* How an element of a page is written for the sanitizer. */
typedef enum
{
  MARKUP_TRANSPARENT,  /* its content, without it */
  MARKUP_KEEP,         /* itself: the sanitizer keeps it */
  MARKUP_BLOCK,        /* a div: the sanitizer ends a paragraph there */
} MarkupKind;

static MarkupKind
markup_kind (xmlNode *node)
{
  static const char * const kept[] = {
    "p", "br", "em", "strong", "b", "i", "code", "blockquote", "ul", "ol", "li", "pre", "a",
  };

  if (name_in (node, kept, G_N_ELEMENTS (kept)))
    return MARKUP_KEEP;
  if (clp_html_is_block (node))
    return MARKUP_BLOCK;
  return MARKUP_TRANSPARENT;
}

static void
open_markup (GString *out,
             xmlNode *node)
{
  switch (markup_kind (node))
    {
    case MARKUP_KEEP:
      g_string_append_printf (out, "<%s", (const char *) node->name);
      if (clp_html_is (node, "a"))
        {
          g_autofree char *href = clp_html_dup_attribute (node, "href");

          if (href != NULL)
            {
              g_string_append (out, " href=\"");
              clp_html_append_escaped (out, href, -1);
              g_string_append_c (out, '"');
            }
        }
      g_string_append_c (out, '>');
      break;
    case MARKUP_BLOCK:
      g_string_append (out, "<div>");
      break;
    case MARKUP_TRANSPARENT:
    default:
      break;
    }
}

static void
close_markup (GString *out,
              xmlNode *node)
{
  switch (markup_kind (node))
    {
    case MARKUP_KEEP:
      if (!clp_html_is (node, "br"))
        g_string_append_printf (out, "</%s>", (const char *) node->name);
      break;
    case MARKUP_BLOCK:
      g_string_append (out, "</div>");
      break;
    case MARKUP_TRANSPARENT:
    default:
      break;
    }
}

/**
 * clp_html_append_markup:
 * @out: where the markup goes
 * @node: an element of a page, written with what it holds
 * @skip: (nullable): elements to leave out besides those no reader sees
 *
 * Writes what the sanitizer will keep of @node, and nothing else: the
 * elements it keeps, a div for every other block, the text escaped, no
 * attribute but a link's address. The sanitizer still cleans the result:
 * this only spares it the page's scripts, styles, forms, widgets and
 * inlined images, which can be most of a saved page.
 */
void
clp_html_append_markup (GString         *out,
                        xmlNode         *node,
                        ClpHtmlSkipFunc  skip,
                        gpointer         user_data)
{
  xmlNode *top = node;

  if (node == NULL)
    return;
  if (is_text (node))
    {
      clp_html_append_escaped (out, (const char *) node->content, -1);
      return;
    }
  if (!enters (node, skip, user_data))
    return;

  open_markup (out, top);
  node = node->children;
  while (node != NULL)
    {
      gboolean descend = FALSE;

      if (is_text (node))
        clp_html_append_escaped (out, (const char *) node->content, -1);
      else if (enters (node, skip, user_data))
        {
          open_markup (out, node);
          descend = TRUE;
        }

      if (descend && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      if (descend)
        close_markup (out, node);
      while (node != top && node->next == NULL)
        {
          node = node->parent;
          if (node != top)
            close_markup (out, node);
        }
      if (node == top)
        break;
      node = node->next;
    }
  close_markup (out, top);
}
