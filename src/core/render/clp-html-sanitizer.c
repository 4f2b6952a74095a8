/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-html-sanitizer"

#include "config.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>

#include "clp-html.h"
#include "clp-html-sanitizer.h"

/* The one place where HTML written by strangers (Disqus messages, WordPress
 * posts and comments, a JSON file from anywhere) becomes HTML Clippings
 * stores and shows. libxml2's HTML parser reads the tag soup into a tree,
 * never touching the network; the tree is then copied into a new one that
 * can only hold the allowed elements, without a single attribute, and that
 * new tree is written out by hand, every text through one escaping
 * function. Nothing of the input's markup is ever copied as text.
 *
 * The new tree has a fixed shape, so that cleaning clean HTML gives it back
 * unchanged: blocks (p, pre, blockquote, ul, ol) hold no text of their own
 * except p and pre; ul and ol hold only li; inline elements sit only in p,
 * pre and li, and never inside themselves. Elements that would be empty are
 * left out, and white space is collapsed as a browser would show it. */

/* Deeper quotes and lists than this are flattened, which keeps the walks
 * over the clean tree shallow whatever the input. */
#define MAX_BLOCK_DEPTH 16

typedef enum
{
  TAG_TRANSPARENT,  /* unknown: the element goes, its text stays */
  TAG_DROP,         /* goes with everything inside it */
  TAG_BREAK,        /* unknown block: goes, but ends the paragraph */
  TAG_P,
  TAG_BLOCKQUOTE,
  TAG_LIST,
  TAG_ITEM,
  TAG_PRE,
  TAG_BR,
  TAG_INLINE,
  TAG_LINK,
} TagKind;

typedef struct
{
  const char *name;
  TagKind     kind;
} Tag;

static const Tag tags[] = {
  { "p", TAG_P },
  { "br", TAG_BR },
  { "em", TAG_INLINE },
  { "strong", TAG_INLINE },
  { "b", TAG_INLINE },
  { "i", TAG_INLINE },
  { "code", TAG_INLINE },
  { "blockquote", TAG_BLOCKQUOTE },
  { "ul", TAG_LIST },
  { "ol", TAG_LIST },
  { "li", TAG_ITEM },
  { "pre", TAG_PRE },
  { "a", TAG_LINK },

  /* Active content, styling, embedded and remote things, form controls and
   * the document head: none of their text is text a reader wrote. */
  { "script", TAG_DROP },
  { "style", TAG_DROP },
  { "iframe", TAG_DROP },
  { "frame", TAG_DROP },
  { "frameset", TAG_DROP },
  { "object", TAG_DROP },
  { "embed", TAG_DROP },
  { "applet", TAG_DROP },
  { "param", TAG_DROP },
  { "noscript", TAG_DROP },
  { "noembed", TAG_DROP },
  { "noframes", TAG_DROP },
  { "template", TAG_DROP },
  { "svg", TAG_DROP },
  { "math", TAG_DROP },
  { "img", TAG_DROP },
  { "image", TAG_DROP },
  { "picture", TAG_DROP },
  { "source", TAG_DROP },
  { "track", TAG_DROP },
  { "audio", TAG_DROP },
  { "video", TAG_DROP },
  { "canvas", TAG_DROP },
  { "map", TAG_DROP },
  { "area", TAG_DROP },
  { "input", TAG_DROP },
  { "button", TAG_DROP },
  { "select", TAG_DROP },
  { "textarea", TAG_DROP },
  { "head", TAG_DROP },
  { "title", TAG_DROP },
  { "meta", TAG_DROP },
  { "link", TAG_DROP },
  { "base", TAG_DROP },

  /* Blocks whose text stays as paragraphs of its own. */
  { "div", TAG_BREAK },
  { "section", TAG_BREAK },
  { "article", TAG_BREAK },
  { "aside", TAG_BREAK },
  { "header", TAG_BREAK },
  { "footer", TAG_BREAK },
  { "nav", TAG_BREAK },
  { "main", TAG_BREAK },
  { "address", TAG_BREAK },
  { "center", TAG_BREAK },
  { "figure", TAG_BREAK },
  { "figcaption", TAG_BREAK },
  { "details", TAG_BREAK },
  { "summary", TAG_BREAK },
  { "dialog", TAG_BREAK },
  { "form", TAG_BREAK },
  { "fieldset", TAG_BREAK },
  { "legend", TAG_BREAK },
  { "h1", TAG_BREAK },
  { "h2", TAG_BREAK },
  { "h3", TAG_BREAK },
  { "h4", TAG_BREAK },
  { "h5", TAG_BREAK },
  { "h6", TAG_BREAK },
  { "hgroup", TAG_BREAK },
  { "hr", TAG_BREAK },
  { "dl", TAG_BREAK },
  { "dt", TAG_BREAK },
  { "dd", TAG_BREAK },
  { "dir", TAG_BREAK },
  { "menu", TAG_BREAK },
  { "table", TAG_BREAK },
  { "caption", TAG_BREAK },
  { "thead", TAG_BREAK },
  { "tbody", TAG_BREAK },
  { "tfoot", TAG_BREAK },
  { "tr", TAG_BREAK },
  { "td", TAG_BREAK },
  { "th", TAG_BREAK },
};

/* The kinds of node in the clean tree, kept in their _private field. Text
 * nodes have none. */
typedef enum
{
  OUT_TEXT = 0,
  OUT_ROOT,
  OUT_BLOCKQUOTE,
  OUT_LIST,
  OUT_ITEM,
  OUT_P,
  OUT_PRE,
  OUT_INLINE,
  OUT_BR,
} OutKind;

/* One element of the input being walked. */
typedef struct
{
  TagKind  kind;
  xmlNode *element;  /* what it made in the clean tree, or NULL */
  char    *address;  /* a link's address, to show after its text */
} Open;

typedef struct
{
  ClpHtmlSanitizerFlags  flags;
  xmlNode               *root;
  xmlNode               *cursor;  /* where content goes in the clean tree */
  GArray                *open;    /* Open, the input elements being walked */
  xmlNode               *text;    /* the text node being written, whose */
  GString               *text_buffer;  /* content is here until it is done */
} Builder;

static const Tag *
find_tag (const xmlChar *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    if (g_ascii_strcasecmp ((const char *) name, tags[i].name) == 0)
      return &tags[i];
  return NULL;
}

static OutKind
out_kind (xmlNode *node)
{
  return GPOINTER_TO_INT (node->_private);
}

static gboolean
is_html_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static gboolean
is_blank (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!is_html_space (text[i]))
      return FALSE;
  return TRUE;
}

/* Whether a paragraph shows anything but white space, U+00A0 included:
 * "<p>&nbsp;</p>" is how editors write an empty line. */
static gboolean
has_visible_text (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE)
        {
          for (const char *p = (const char *) child->content; *p != '\0'; p = g_utf8_next_char (p))
            if (!g_unichar_isspace (g_utf8_get_char (p)))
              return TRUE;
        }
      else if (has_visible_text (child))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_inline_context (xmlNode *node)
{
  OutKind kind = out_kind (node);

  return kind == OUT_P || kind == OUT_PRE || kind == OUT_INLINE;
}

static gboolean
in_pre (xmlNode *node)
{
  for (; node != NULL; node = node->parent)
    if (out_kind (node) == OUT_PRE)
      return TRUE;
  return FALSE;
}

static int
block_depth (xmlNode *node)
{
  int depth = 0;

  for (; node != NULL; node = node->parent)
    if (out_kind (node) == OUT_BLOCKQUOTE || out_kind (node) == OUT_LIST ||
        out_kind (node) == OUT_ITEM)
      depth++;
  return depth;
}

static gboolean
is_ancestor_or_self (xmlNode *ancestor,
                     xmlNode *node)
{
  for (; node != NULL; node = node->parent)
    if (node == ancestor)
      return TRUE;
  return FALSE;
}

static xmlNode *
new_element (const char *name,
             OutKind     kind)
{
  xmlNode *node = xmlNewNode (NULL, (const xmlChar *) name);

  g_assert (node != NULL);
  node->_private = GINT_TO_POINTER (kind);
  return node;
}

static xmlNode *
add_element (Builder    *builder,
             const char *name,
             OutKind     kind)
{
  xmlNode *node = new_element (name, kind);

  xmlAddChild (builder->cursor, node);
  builder->cursor = node;
  return node;
}

/* Leaves the paragraph being written, if any: what comes next is a block. */
static void
close_paragraph (Builder *builder)
{
  while (is_inline_context (builder->cursor))
    builder->cursor = builder->cursor->parent;
}

/* Makes the cursor a place for a block: a list takes blocks only in items. */
static void
open_container (Builder *builder)
{
  close_paragraph (builder);
  if (out_kind (builder->cursor) == OUT_LIST)
    add_element (builder, "li", OUT_ITEM);
}

static void
open_paragraph (Builder *builder)
{
  if (is_inline_context (builder->cursor))
    return;
  open_container (builder);
  add_element (builder, "p", OUT_P);
}

/* Gives the text node being written its content. */
static void
flush_text (Builder *builder)
{
  if (builder->text == NULL)
    return;
  xmlNodeSetContentLen (builder->text, (const xmlChar *) builder->text_buffer->str,
                        builder->text_buffer->len);
  builder->text = NULL;
  g_string_truncate (builder->text_buffer, 0);
}

/* Text goes into the clean tree with line ends made "\n" and control
 * characters, which no reader typed and XML cannot hold, left out. */
static void
append_text (Builder    *builder,
             const char *text,
             gsize       length)
{
  g_autoptr(GString) clean = g_string_sized_new (length);
  xmlNode *node;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];
      gsize unwanted;

      if (c == '\r')
        {
          g_string_append_c (clean, '\n');
          if (i + 1 < length && text[i + 1] == '\n')
            i++;
        }
      else if ((unwanted = clp_html_unwanted_length (text + i)) > 0)
        i += unwanted - 1;
      else
        g_string_append_c (clean, c);
    }
  if (clean->len == 0)
    return;

  /* A paragraph's text comes in many pieces (each link adds its address,
   * each line its break); libxml2 would copy the whole text node to add
   * each of them, so it is kept here until it is done. */
  node = builder->cursor->last;
  if (node == NULL || node->type != XML_TEXT_NODE)
    {
      node = xmlNewText (NULL);
      g_assert (node != NULL);
      xmlAddChild (builder->cursor, node);
    }
  if (node != builder->text)
    {
      flush_text (builder);
      builder->text = node;
      if (node->content != NULL)
        g_string_append (builder->text_buffer, (const char *) node->content);
    }
  g_string_append_len (builder->text_buffer, clean->str, clean->len);
}

static void
add_flow_text (Builder    *builder,
               const char *text,
               gsize       length)
{
  if (is_blank (text, length))
    {
      /* Space between blocks is not a paragraph. */
      if (is_inline_context (builder->cursor) && length > 0)
        append_text (builder, " ", 1);
      return;
    }
  open_paragraph (builder);
  append_text (builder, text, length);
}

static void
add_line_break (Builder *builder)
{
  if (in_pre (builder->cursor))
    {
      append_text (builder, "\n", 1);
      return;
    }
  open_paragraph (builder);
  xmlAddChild (builder->cursor, new_element ("br", OUT_BR));
}

/* WordPress keeps paragraphs as blank lines and line breaks as newlines,
 * and adds the tags only when it shows a page. */
static void
add_text_with_line_breaks (Builder    *builder,
                           const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *newline = strchr (p, '\n');
      const char *end = newline != NULL ? newline : p + strlen (p);
      int newlines = 0;

      add_flow_text (builder, p, end - p);
      for (p = end; is_html_space (*p); p++)
        if (*p == '\n')
          newlines++;
      if (newlines >= 2)
        close_paragraph (builder);
      else if (newlines == 1 && is_inline_context (builder->cursor))
        add_line_break (builder);
    }
}

static void
add_text (Builder    *builder,
          const char *text)
{
  if (in_pre (builder->cursor))
    append_text (builder, text, strlen (text));
  else if (builder->flags & CLP_HTML_SANITIZER_LINE_BREAKS)
    add_text_with_line_breaks (builder, text);
  else
    add_flow_text (builder, text, strlen (text));
}

/* Each run of white space as one space; none at the start when the text
 * follows a space or starts a line. */
static char *
collapse_runs (const char *text,
               gboolean    space_before)
{
  GString *out = g_string_new (NULL);
  gboolean space = space_before;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!is_html_space (*p))
        {
          g_string_append_c (out, *p);
          space = FALSE;
        }
      else if (!space)
        {
          g_string_append_c (out, ' ');
          space = TRUE;
        }
    }
  return g_string_free (out, FALSE);
}

/* Runs of white space as one space, none at either end. */
static char *
collapse_space (const char *text)
{
  char *out = collapse_runs (text, TRUE);
  gsize length = strlen (out);

  if (length > 0 && out[length - 1] == ' ')
    out[length - 1] = '\0';
  return out;
}

/* A link's address, when it is one a reader could follow: web and mail
 * addresses only, and not when the link text already says it. */
static char *
link_address (xmlNode *node)
{
  g_autofree xmlChar *href = xmlGetProp (node, (const xmlChar *) "href");
  g_autofree char *address = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *content = NULL;
  g_autofree char *shown = NULL;
  const char *bare;

  if (href == NULL)
    return NULL;
  address = collapse_space ((const char *) href);
  scheme = g_uri_parse_scheme (address);
  if (scheme == NULL)
    return NULL;
  if (g_ascii_strcasecmp (scheme, "mailto") == 0)
    bare = address + strlen ("mailto:");
  else if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0 ||
           g_ascii_strcasecmp (scheme, "ftp") == 0)
    bare = address;
  else
    return NULL;
  if (*bare == '\0')
    return NULL;

  content = (char *) xmlNodeGetContent (node);
  shown = collapse_space (content != NULL ? content : "");
  if (g_str_equal (shown, bare) || g_str_equal (shown, address) ||
      (strstr (bare, "://") != NULL && g_str_equal (shown, strstr (bare, "://") + 3)))
    return NULL;
  return g_strdup (bare);
}

static gboolean
has_inline_ancestor (xmlNode    *node,
                     const char *name)
{
  for (; node != NULL && out_kind (node) == OUT_INLINE; node = node->parent)
    if (g_str_equal ((const char *) node->name, name))
      return TRUE;
  return FALSE;
}

/* Returns whether to walk into the element. */
static gboolean
enter_element (Builder *builder,
               xmlNode *node)
{
  const Tag *tag = find_tag (node->name);
  Open open = { tag != NULL ? tag->kind : TAG_TRANSPARENT, NULL, NULL };
  gboolean descend = TRUE;

  /* Preformatted text keeps its words and breaks, not its blocks. */
  if (in_pre (builder->cursor) && open.kind != TAG_DROP && open.kind != TAG_BR &&
      open.kind != TAG_INLINE && open.kind != TAG_LINK)
    open.kind = TAG_TRANSPARENT;

  /* Measured where the element would go, as it is when the clean HTML is
   * read again. */
  if (open.kind == TAG_BLOCKQUOTE || open.kind == TAG_LIST)
    {
      open_container (builder);
      if (block_depth (builder->cursor) >= MAX_BLOCK_DEPTH)
        open.kind = TAG_BREAK;
    }

  switch (open.kind)
    {
    case TAG_DROP:
      descend = FALSE;
      break;
    case TAG_BR:
      add_line_break (builder);
      descend = FALSE;
      break;
    case TAG_P:
      open_container (builder);
      open.element = add_element (builder, "p", OUT_P);
      break;
    case TAG_BLOCKQUOTE:
      open_container (builder);
      open.element = add_element (builder, "blockquote", OUT_BLOCKQUOTE);
      break;
    case TAG_LIST:
      open_container (builder);
      open.element = add_element (builder, tag->name, OUT_LIST);
      break;
    case TAG_ITEM:
      close_paragraph (builder);
      if (out_kind (builder->cursor) == OUT_LIST)
        open.element = add_element (builder, "li", OUT_ITEM);
      else
        open.kind = TAG_BREAK;
      break;
    case TAG_PRE:
      open_container (builder);
      open.element = add_element (builder, "pre", OUT_PRE);
      break;
    case TAG_BREAK:
      close_paragraph (builder);
      break;
    case TAG_INLINE:
      open_paragraph (builder);
      if (!has_inline_ancestor (builder->cursor, tag->name))
        open.element = add_element (builder, tag->name, OUT_INLINE);
      break;
    case TAG_LINK:
      open.address = link_address (node);
      break;
    case TAG_TRANSPARENT:
    default:
      break;
    }

  g_array_append_val (builder->open, open);
  return descend;
}

static void
leave_element (Builder *builder)
{
  Open *open;

  g_assert (builder->open->len > 0);
  open = &g_array_index (builder->open, Open, builder->open->len - 1);

  /* A block inside an inline element may have taken the cursor out of it
   * already. */
  if (open->element != NULL && is_ancestor_or_self (open->element, builder->cursor))
    builder->cursor = open->element->parent;

  switch (open->kind)
    {
    case TAG_P:
    case TAG_BLOCKQUOTE:
    case TAG_LIST:
    case TAG_ITEM:
    case TAG_PRE:
    case TAG_BREAK:
      if (!in_pre (builder->cursor))
        close_paragraph (builder);
      break;
    case TAG_LINK:
      if (open->address != NULL)
        {
          g_autofree char *shown = g_strdup_printf (" (%s)", open->address);

          add_flow_text (builder, shown, strlen (shown));
        }
      break;
    default:
      break;
    }

  g_free (open->address);
  g_array_set_size (builder->open, builder->open->len - 1);
}

/* Depth first over the parsed document without recursion: tag soup can
 * nest as deep as it likes. */
static void
walk (Builder *builder,
      xmlNode *top)
{
  xmlNode *node = top->children;

  while (node != NULL)
    {
      gboolean descend = FALSE;

      if (node->type == XML_ELEMENT_NODE)
        descend = enter_element (builder, node);
      else if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
               node->content != NULL)
        add_text (builder, (const char *) node->content);

      if (descend && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      if (node->type == XML_ELEMENT_NODE)
        leave_element (builder);
      while (node->next == NULL)
        {
          node = node->parent;
          if (node == NULL || node == top)
            return;
          leave_element (builder);
        }
      node = node->next;
    }
}

static void
remove_node (xmlNode *node)
{
  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

/* The text nodes and line breaks of a paragraph, in reading order. */
static void
collect_leaves (xmlNode   *node,
                GPtrArray *leaves)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE || out_kind (child) == OUT_BR)
        g_ptr_array_add (leaves, child);
      else
        collect_leaves (child, leaves);
    }
}

static void
set_text (xmlNode    *node,
          const char *text)
{
  g_autofree char *copy = g_strdup (text);

  xmlNodeSetContent (node, (const xmlChar *) copy);
}

static gboolean
ends_with_space (xmlNode *text)
{
  const char *content = (const char *) text->content;
  gsize length = strlen (content);

  return length > 0 && content[length - 1] == ' ';
}

static void
strip_trailing_space (xmlNode *text)
{
  g_autofree char *content = g_strdup ((const char *) text->content);
  gsize length = strlen (content);

  if (length > 0 && content[length - 1] == ' ')
    {
      content[length - 1] = '\0';
      set_text (text, content);
    }
}

static void
prune_empty_inline (xmlNode *node)
{
  xmlNode *child = node->children;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (child->type == XML_TEXT_NODE && (child->content == NULL || *child->content == '\0'))
        remove_node (child);
      else if (out_kind (child) == OUT_INLINE)
        {
          prune_empty_inline (child);
          if (child->children == NULL)
            remove_node (child);
        }
      child = next;
    }
}

/* White space as a browser shows it: runs are one space, and there is
 * none at the start and end of the paragraph or around a line break. Line
 * breaks at the start and end show nothing either. */
static void
normalize_paragraph (xmlNode *paragraph)
{
  g_autoptr(GPtrArray) leaves = g_ptr_array_new ();
  xmlNode *last_text = NULL;
  gboolean space_before = TRUE;
  guint first = 0, last;

  collect_leaves (paragraph, leaves);

  for (guint i = 0; i < leaves->len; i++)
    {
      xmlNode *leaf = g_ptr_array_index (leaves, i);
      g_autofree char *collapsed = NULL;
      const char *content;

      if (out_kind (leaf) == OUT_BR)
        {
          if (last_text != NULL)
            strip_trailing_space (last_text);
          last_text = NULL;
          space_before = TRUE;
          continue;
        }

      content = (const char *) leaf->content;
      collapsed = collapse_runs (content, space_before);
      set_text (leaf, collapsed);
      if (collapsed[0] != '\0')
        {
          space_before = ends_with_space (leaf);
          last_text = leaf;
        }
    }
  if (last_text != NULL)
    strip_trailing_space (last_text);

  /* Line breaks with nothing before or after them in the paragraph. */
  while (first < leaves->len)
    {
      xmlNode *leaf = g_ptr_array_index (leaves, first);

      if (leaf->type == XML_TEXT_NODE && leaf->content[0] != '\0')
        break;
      first++;
    }
  last = leaves->len;
  while (last > first)
    {
      xmlNode *leaf = g_ptr_array_index (leaves, last - 1);

      if (leaf->type == XML_TEXT_NODE && leaf->content[0] != '\0')
        break;
      last--;
    }
  for (guint i = 0; i < leaves->len; i++)
    {
      xmlNode *leaf = g_ptr_array_index (leaves, i);

      if ((i < first || i >= last) && out_kind (leaf) == OUT_BR)
        remove_node (leaf);
    }

  prune_empty_inline (paragraph);
}

/* Browsers skip a newline right after <pre>; so does the clean tree, and
 * white space at its end shows nothing. */
static void
normalize_pre (xmlNode *pre)
{
  g_autoptr(GPtrArray) leaves = g_ptr_array_new ();

  collect_leaves (pre, leaves);
  for (guint i = 0; i < leaves->len; i++)
    {
      xmlNode *leaf = g_ptr_array_index (leaves, i);
      const char *content = (const char *) leaf->content;
      const char *p = content;

      while (*p == '\n')
        p++;
      if (p != content)
        set_text (leaf, p);
      if (leaf->content[0] != '\0')
        break;
    }
  for (guint i = leaves->len; i-- > 0;)
    {
      xmlNode *leaf = g_ptr_array_index (leaves, i);
      g_autofree char *content = g_strdup ((const char *) leaf->content);

      g_strchomp (content);
      set_text (leaf, content);
      if (content[0] != '\0')
        break;
    }
  prune_empty_inline (pre);
}

static void
normalize_container (xmlNode *container)
{
  xmlNode *child = container->children;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      switch (out_kind (child))
        {
        case OUT_P:
          normalize_paragraph (child);
          if (!has_visible_text (child))
            remove_node (child);
          break;
        case OUT_PRE:
          normalize_pre (child);
          if (!has_visible_text (child))
            remove_node (child);
          break;
        case OUT_BLOCKQUOTE:
        case OUT_LIST:
        case OUT_ITEM:
          normalize_container (child);
          if (child->children == NULL)
            remove_node (child);
          break;
        default:
          g_assert_not_reached ();
        }
      child = next;
    }
}

static void
serialize (xmlNode *node,
           GString *out)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE)
        clp_html_append_escaped (out, (const char *) child->content, -1);
      else if (out_kind (child) == OUT_BR)
        g_string_append (out, "<br/>");
      else if (out_kind (node) == OUT_ITEM && child == node->children && out_kind (child) == OUT_P)
        {
          /* "<li>text</li>" reads back as the same paragraph in an item. */
          serialize (child, out);
        }
      else
        {
          g_string_append_printf (out, "<%s>", (const char *) child->name);
          serialize (child, out);
          g_string_append_printf (out, "</%s>", (const char *) child->name);
        }
    }
}

static void
inline_text (xmlNode *node,
             GString *out)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE)
        g_string_append (out, (const char *) child->content);
      else if (out_kind (child) == OUT_BR)
        g_string_append_c (out, '\n');
      else
        inline_text (child, out);
    }
}

static char *
prefix_lines (const char *prefix,
              const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    g_string_append_printf (out, "%s%s%s", i > 0 ? "\n" : "", prefix, lines[i]);
  return g_string_free (out, FALSE);
}

/* The plain text: one paragraph per p or pre, list items marked "- " or
 * "1. ", quotes marked "> ". */
static void
collect_text (xmlNode   *container,
              GPtrArray *paragraphs)
{
  int number = 0;

  for (xmlNode *child = container->children; child != NULL; child = child->next)
    {
      guint start = paragraphs->len;

      switch (out_kind (child))
        {
        case OUT_P:
        case OUT_PRE:
          {
            GString *text = g_string_new (NULL);

            inline_text (child, text);
            g_ptr_array_add (paragraphs, g_string_free (text, FALSE));
          }
          break;
        case OUT_BLOCKQUOTE:
          collect_text (child, paragraphs);
          for (guint i = start; i < paragraphs->len; i++)
            {
              char *quoted = prefix_lines ("> ", g_ptr_array_index (paragraphs, i));

              g_free (g_ptr_array_index (paragraphs, i));
              g_ptr_array_index (paragraphs, i) = quoted;
            }
          break;
        case OUT_LIST:
          collect_text (child, paragraphs);
          break;
        case OUT_ITEM:
          collect_text (child, paragraphs);
          number++;
          if (start < paragraphs->len)
            {
              g_autofree char *marker = g_str_equal ((const char *) container->name, "ol")
                                        ? g_strdup_printf ("%d. ", number) : g_strdup ("- ");
              char *marked = g_strconcat (marker, g_ptr_array_index (paragraphs, start), NULL);

              g_free (g_ptr_array_index (paragraphs, start));
              g_ptr_array_index (paragraphs, start) = marked;
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * clp_html_sanitizer_clean:
 * @html: HTML from an untrusted source; invalid UTF-8 is replaced
 * @flags: how to read its text
 * @text: (out) (optional): the plain text, paragraphs separated by one
 *   blank line, for the full-text index and plain-text readers
 *
 * Keeps p, br, em, strong, b, i, blockquote, ul, ol, li, code and pre,
 * without attributes; links become their text followed by their web or
 * mail address in parentheses. Script, style, embedded content, images and
 * form controls go with their content; any other element goes and leaves
 * its text. Cleaning the result again gives the result.
 *
 * Returns: (transfer full): the clean HTML, well-formed as XML too; empty
 *   when nothing readable was left
 */
char *
clp_html_sanitizer_clean (const char             *html,
                          ClpHtmlSanitizerFlags   flags,
                          char                  **text)
{
  g_autofree char *valid = NULL;
  Builder builder = { 0 };
  GString *out;
  gsize length;

  g_return_val_if_fail (html != NULL, NULL);

  valid = g_utf8_make_valid (html, -1);
  length = strlen (valid);

  builder.flags = flags;
  builder.root = new_element ("root", OUT_ROOT);
  builder.cursor = builder.root;
  builder.open = g_array_new (FALSE, FALSE, sizeof (Open));
  builder.text_buffer = g_string_new (NULL);

  /* Not HTML_PARSE_NOIMPLIED: in libxml2 2.9 it nests each element in the
   * one before. */
  if (length > 0 && length <= G_MAXINT)
    {
      htmlDocPtr doc = htmlReadMemory (valid, (int) length, NULL, "UTF-8",
                                       HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                       HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);

      if (doc != NULL)
        {
          walk (&builder, (xmlNode *) doc);
          xmlFreeDoc (doc);
        }
    }
  g_assert (builder.open->len == 0);
  g_array_unref (builder.open);
  flush_text (&builder);
  g_string_free (builder.text_buffer, TRUE);

  normalize_container (builder.root);

  out = g_string_sized_new (length);
  serialize (builder.root, out);

  if (text != NULL)
    {
      g_autoptr(GPtrArray) paragraphs = g_ptr_array_new_with_free_func (g_free);

      collect_text (builder.root, paragraphs);
      g_ptr_array_add (paragraphs, NULL);
      *text = g_strjoinv ("\n\n", (char **) paragraphs->pdata);
    }

  xmlFreeNode (builder.root);
  return g_string_free (out, FALSE);
}
