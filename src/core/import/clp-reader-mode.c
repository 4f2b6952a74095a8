/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-reader-mode"

#include "config.h"

#include <math.h>
#include <string.h>

#include "clp-html-dom.h"
#include "clp-page-time.h"
#include "clp-reader-mode.h"

/* Finds a page's article in its document the way reader modes do (Firefox
 * Reader View, which Epiphany's reader mode runs, after Arc90's
 * Readability):
 *
 * 1. Elements whose class or id says they are not the article ("comment",
 *    "sidebar", "share", …) are left out, unless that leaves less than
 *    CHAR_THRESHOLD characters; then the page is read again with them.
 *    Navigation, scripts, hidden elements and the comments Clippings
 *    reads apart are always left out.
 * 2. Every paragraph (p, pre, td, and a div without blocks in it) of 25
 *    characters or more scores 1, one more per comma and one per hundred
 *    characters up to three, for its parent, half that for its
 *    grandparent, and a third of that per level for three more.
 *    Ancestors start from what their tag and their class and id say.
 * 3. A candidate's score is scaled by the share of its text outside
 *    links; the best wins, or the ancestor it shares with most of the
 *    runners-up, or a parent that scores higher still.
 * 4. Siblings of the winner that score close to it, or read as
 *    paragraphs, join it.
 * 5. Within that, blocks that look like lists of links, forms, share
 *    widgets, bylines, the title and figures are left out.
 *
 * Each step is one pass over the page's nodes, or a bounded walk up from
 * one, so the cost grows with the page's size: counts are summed from the
 * leaves up in reverse document order, never by walking a subtree per
 * element. Every node's index into the table of counts is kept in its
 * _private field while the page is read, and cleared afterwards. */

#define CHAR_THRESHOLD   500
#define MIN_PARAGRAPH    25
#define N_TOP_CANDIDATES 5
#define MAX_BYLINE       100

typedef struct
{
  xmlNode  *node;
  guint     parent;           /* the parent's index + 1, 0 at the top */
  gboolean  hard;             /* never the article, itself or by an ancestor */
  gboolean  unlikely;         /* unlikely by class or id, itself or by an ancestor */
  gboolean  in_link;
  int       weight;           /* what class and id say */
  /* Counts of one attempt, summed up the tree. */
  gboolean  candidate;
  double    score;
  guint     text;
  guint     link_text;
  guint     commas;
  guint     paragraphs;
  guint     images;
  guint     items;
  guint     inputs;
  guint     embeds;
  gboolean  has_block;
} Info;

typedef struct
{
  guint    parent;            /* index + 1 of the element holding it */
  guint    chars;
  guint    commas;
} TextInfo;

typedef struct
{
  GHashTable *excluded;
  const char *title;
  xmlNode    *body;
  GArray     *infos;
  GArray     *texts;
  GRegex     *unlikely;
  GRegex     *maybe;
  GRegex     *positive;
  GRegex     *negative;
  GRegex     *byline;
  GRegex     *share;
  GRegex     *furniture;
  gboolean    strip_unlikely;
  xmlNode    *byline_node;
  xmlNode    *caption_node;
  xmlNode    *top;
} Reader;

static Info *
info_of (Reader  *reader,
         xmlNode *node)
{
  guint index = node != NULL && node->type == XML_ELEMENT_NODE
                ? GPOINTER_TO_UINT (node->_private) : 0;

  return index > 0 ? &g_array_index (reader->infos, Info, index - 1) : NULL;
}

static gboolean
is_excluded (Reader *reader,
             Info   *info)
{
  return info == NULL || info->hard || (reader->strip_unlikely && info->unlikely);
}

/* Characters of @text as shown: runs of white space count one. */
static guint
count_chars (const char *text,
             guint      *commas)
{
  guint chars = 0;
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
        {
          space = TRUE;
          continue;
        }
      if (space && chars > 0)
        chars++;
      space = FALSE;
      chars++;
      /* Latin, Arabic and ideographic commas. */
      if (c == ',' || c == 0x060C || c == 0x3001 || c == 0xFF0C)
        (*commas)++;
    }
  return chars;
}

/* "class id", as Readability matches them. */
static char *
class_and_id (xmlNode *node)
{
  g_autofree char *klass = clp_html_dup_attribute (node, "class");
  g_autofree char *id = clp_html_dup_attribute (node, "id");

  return g_strdup_printf ("%s %s", klass != NULL ? klass : "", id != NULL ? id : "");
}

static int
class_weight (Reader  *reader,
              xmlNode *node)
{
  static const char * const attributes[] = { "class", "id" };
  int weight = 0;

  for (guint i = 0; i < G_N_ELEMENTS (attributes); i++)
    {
      g_autofree char *value = clp_html_dup_attribute (node, attributes[i]);

      if (value == NULL || *value == '\0')
        continue;
      if (g_regex_match (reader->negative, value, 0, NULL))
        weight -= 25;
      if (g_regex_match (reader->positive, value, 0, NULL))
        weight += 25;
    }
  return weight;
}

static int
tag_score (xmlNode *node)
{
  static const struct { const char *name; int score; } scores[] = {
    { "div", 5 }, { "article", 5 }, { "pre", 3 }, { "td", 3 }, { "blockquote", 3 },
    { "address", -3 }, { "ol", -3 }, { "ul", -3 }, { "dl", -3 }, { "dd", -3 }, { "dt", -3 },
    { "li", -3 }, { "form", -3 }, { "h1", -5 }, { "h2", -5 }, { "h3", -5 }, { "h4", -5 },
    { "h5", -5 }, { "h6", -5 }, { "th", -5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    if (clp_html_is (node, scores[i].name))
      return scores[i].score;
  return 0;
}

/* Never the article: code, navigation, the margins, what the page hides,
 * and what the caller reads apart (the comments). */
static gboolean
is_hard_excluded (Reader  *reader,
                  xmlNode *node)
{
  static const char * const names[] = {
    "script", "style", "noscript", "template", "nav", "aside", "svg", "math", "button",
    "select", "textarea", "iframe", "frame", "frameset", "object", "embed", "dialog", "menu",
  };
  static const char * const roles[] = {
    "navigation", "menu", "menubar", "complementary", "dialog", "alertdialog", "alert",
    "banner", "contentinfo", "search",
  };
  g_autofree char *role = NULL;

  if (g_hash_table_contains (reader->excluded, node))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (clp_html_is (node, names[i]))
      return TRUE;
  role = clp_html_dup_attribute (node, "role");
  if (role != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
      if (g_ascii_strcasecmp (g_strstrip (role), roles[i]) == 0)
        return TRUE;
  return clp_html_is_hidden (node);
}

static gboolean
is_unlikely (Reader  *reader,
             xmlNode *node)
{
  static const char * const never[] = { "html", "body", "a", "article", "main" };
  g_autofree char *match = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (never); i++)
    if (clp_html_is (node, never[i]))
      return FALSE;
  match = class_and_id (node);
  return g_regex_match (reader->unlikely, match, 0, NULL) &&
         !g_regex_match (reader->maybe, match, 0, NULL);
}

/* The table of elements and texts, with what does not change between
 * attempts. */
static void
build (Reader *reader)
{
  xmlNode *top = reader->body;

  for (xmlNode *node = top; node != NULL; node = clp_html_next (node, top, TRUE))
    {
      if (node->type == XML_ELEMENT_NODE)
        {
          Info info = { 0 };
          Info *parent = node != top ? info_of (reader, node->parent) : NULL;

          info.node = node;
          info.parent = parent != NULL ? GPOINTER_TO_UINT (node->parent->_private) : 0;
          info.hard = (parent != NULL && parent->hard) || is_hard_excluded (reader, node);
          info.unlikely = (parent != NULL && parent->unlikely) || is_unlikely (reader, node);
          info.in_link = (parent != NULL && parent->in_link) || clp_html_is (node, "a");
          info.weight = class_weight (reader, node);
          g_array_append_val (reader->infos, info);
          node->_private = GUINT_TO_POINTER (reader->infos->len);
        }
      else if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
               node->content != NULL && node->parent != NULL)
        {
          TextInfo text = { 0 };

          text.parent = GPOINTER_TO_UINT (node->parent->_private);
          text.chars = count_chars ((const char *) node->content, &text.commas);
          if (text.parent > 0 && text.chars > 0)
            g_array_append_val (reader->texts, text);
        }
    }
}

static void
clear_private (Reader *reader)
{
  for (guint i = 0; i < reader->infos->len; i++)
    g_array_index (reader->infos, Info, i).node->_private = NULL;
}

static gboolean
is_block_for_paragraph (xmlNode *node)
{
  static const char * const names[] = {
    "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", "section", "article",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (clp_html_is (node, names[i]))
      return TRUE;
  return FALSE;
}

/* Sums texts and element counts up the tree for one attempt. */
static void
sum_counts (Reader *reader)
{
  for (guint i = 0; i < reader->infos->len; i++)
    {
      Info *info = &g_array_index (reader->infos, Info, i);

      info->candidate = FALSE;
      info->score = 0;
      info->text = info->link_text = info->commas = 0;
      info->paragraphs = info->images = info->items = info->inputs = info->embeds = 0;
      info->has_block = FALSE;
    }
  for (guint i = 0; i < reader->texts->len; i++)
    {
      TextInfo *text = &g_array_index (reader->texts, TextInfo, i);
      Info *parent = &g_array_index (reader->infos, Info, text->parent - 1);

      if (is_excluded (reader, parent))
        continue;
      parent->text += text->chars;
      parent->commas += text->commas;
      if (parent->in_link)
        parent->link_text += text->chars;
    }

  /* A parent comes before its children in document order. */
  for (guint i = reader->infos->len; i-- > 0;)
    {
      Info *info = &g_array_index (reader->infos, Info, i);
      xmlNode *node = info->node;
      Info *parent;

      if (info->parent == 0 || is_excluded (reader, info))
        continue;
      parent = &g_array_index (reader->infos, Info, info->parent - 1);
      parent->text += info->text;
      parent->link_text += info->link_text;
      parent->commas += info->commas;
      parent->paragraphs += info->paragraphs + clp_html_is (node, "p");
      parent->images += info->images + clp_html_is (node, "img");
      parent->items += info->items + clp_html_is (node, "li");
      parent->inputs += info->inputs + clp_html_is (node, "input");
      parent->embeds += info->embeds + (clp_html_is (node, "iframe") ||
                                        clp_html_is (node, "object") ||
                                        clp_html_is (node, "embed"));
      parent->has_block = parent->has_block || info->has_block || is_block_for_paragraph (node);
    }
}

static double
link_density (Info *info)
{
  return info->text > 0 ? (double) info->link_text / info->text : 0;
}

static gboolean
is_paragraph (Info *info)
{
  xmlNode *node = info->node;

  if (clp_html_is (node, "p") || clp_html_is (node, "pre") || clp_html_is (node, "td"))
    return TRUE;
  return (clp_html_is (node, "div") || clp_html_is (node, "section")) && !info->has_block;
}

static void
start_candidate (Reader *reader,
                 Info   *info)
{
  if (info->candidate)
    return;
  info->candidate = TRUE;
  info->score = tag_score (info->node) + info->weight;
}

/* Step 2: paragraphs score for their ancestors. */
static void
score_paragraphs (Reader *reader)
{
  for (guint i = 0; i < reader->infos->len; i++)
    {
      Info *info = &g_array_index (reader->infos, Info, i);
      double score;
      guint ancestor = info->parent;

      if (is_excluded (reader, info) || !is_paragraph (info) || info->text < MIN_PARAGRAPH)
        continue;
      score = 1 + info->commas + MIN (info->text / 100, 3);
      for (int level = 0; level < 5 && ancestor > 0; level++)
        {
          Info *up = &g_array_index (reader->infos, Info, ancestor - 1);

          start_candidate (reader, up);
          up->score += level == 0 ? score : level == 1 ? score / 2 : score / (level * 3);
          ancestor = up->parent;
        }
    }
}

static gboolean
is_ancestor (Info   *ancestor,
             Info   *info,
             Reader *reader)
{
  for (guint up = info->parent; up > 0; up = g_array_index (reader->infos, Info, up - 1).parent)
    if (&g_array_index (reader->infos, Info, up - 1) == ancestor)
      return TRUE;
  return FALSE;
}

/* Step 3: the best candidate, or what it shares with its runners-up. */
static Info *
choose_top (Reader *reader)
{
  Info *top[N_TOP_CANDIDATES] = { NULL };
  Info *best;
  Info *parent;
  double last_score, threshold;

  for (guint i = 0; i < reader->infos->len; i++)
    {
      Info *info = &g_array_index (reader->infos, Info, i);

      if (!info->candidate || is_excluded (reader, info))
        continue;
      info->score *= 1 - link_density (info);
      for (int k = 0; k < N_TOP_CANDIDATES; k++)
        if (top[k] == NULL || info->score > top[k]->score)
          {
            memmove (top + k + 1, top + k, (N_TOP_CANDIDATES - k - 1) * sizeof *top);
            top[k] = info;
            break;
          }
    }
  best = top[0];
  if (best == NULL || best->node == reader->body)
    return &g_array_index (reader->infos, Info, 0);

  /* When three runners-up close to it share an ancestor with it, that
   * ancestor holds the article, split in parts. */
  {
    int close = 0;

    for (int k = 1; k < N_TOP_CANDIDATES && top[k] != NULL; k++)
      if (top[k]->score / best->score >= 0.75)
        close++;
    if (close >= 3)
      for (guint up = best->parent; up > 0;)
        {
          Info *ancestor = &g_array_index (reader->infos, Info, up - 1);
          int sharing = 0;

          if (ancestor->node == reader->body)
            break;
          for (int k = 1; k < N_TOP_CANDIDATES && top[k] != NULL; k++)
            if (top[k]->score / best->score >= 0.75 && is_ancestor (ancestor, top[k], reader))
              sharing++;
          if (sharing >= 3)
            {
              best = ancestor;
              start_candidate (reader, best);
              break;
            }
          up = ancestor->parent;
        }
  }

  /* A parent that scores higher than the way up to it holds more of the
   * article. */
  last_score = best->score;
  threshold = last_score / 3;
  for (guint up = best->parent; up > 0;)
    {
      parent = &g_array_index (reader->infos, Info, up - 1);
      if (parent->node == reader->body)
        break;
      up = parent->parent;
      if (!parent->candidate)
        continue;
      if (parent->score < threshold)
        break;
      if (parent->score > last_score)
        {
          best = parent;
          break;
        }
      last_score = parent->score;
    }

  /* An only child is its parent's whole content. */
  while (best->parent > 0)
    {
      parent = &g_array_index (reader->infos, Info, best->parent - 1);
      if (parent->node == reader->body || clp_html_first_element (parent->node) != best->node ||
          clp_html_next_element (best->node) != NULL)
        break;
      best = parent;
    }
  return best;
}

static gboolean
ends_sentence (xmlNode *node)
{
  g_autofree char *text = clp_html_dup_text (node, NULL, NULL);
  gsize length = strlen (text);

  return length > 0 && (text[length - 1] == '.' || strstr (text, ". ") != NULL);
}

/* Step 4: the winner and the siblings that read as part of it. */
static GPtrArray *
join_siblings (Reader *reader,
               Info   *best)
{
  GPtrArray *roots = g_ptr_array_new ();
  double threshold = MAX (10, best->score * 0.2);
  g_autofree char *best_class = clp_html_dup_attribute (best->node, "class");
  xmlNode *parent = best->node->parent;

  if (best->node == reader->body || parent == NULL)
    {
      g_ptr_array_add (roots, best->node);
      return roots;
    }
  for (xmlNode *sibling = clp_html_first_element (parent); sibling != NULL;
       sibling = clp_html_next_element (sibling))
    {
      Info *info = info_of (reader, sibling);
      gboolean append = sibling == best->node;

      if (!append && info != NULL && !is_excluded (reader, info))
        {
          g_autofree char *klass = clp_html_dup_attribute (sibling, "class");
          double bonus = best_class != NULL && *best_class != '\0' &&
                         g_strcmp0 (klass, best_class) == 0 ? best->score * 0.2 : 0;

          if (info->candidate && info->score + bonus >= threshold)
            append = TRUE;
          else if (clp_html_is (sibling, "p") || is_paragraph (info))
            {
              double density = link_density (info);

              if (info->text > 80 && density < 0.25)
                append = TRUE;
              else if (info->text > 0 && info->text < 80 && density == 0 && ends_sentence (sibling))
                append = TRUE;
            }
        }
      if (append)
        g_ptr_array_add (roots, sibling);
    }
  return roots;
}

/* Step 5: what Readability's conditional cleaning takes out of the
 * article: blocks that hold more links, pictures, list items or fields
 * than text. */
static gboolean
is_clutter (Reader *reader,
            Info   *info)
{
  static const char * const names[] = { "div", "section", "ul", "ol", "table", "form", "dl" };
  xmlNode *node = info->node;
  gboolean list = clp_html_is (node, "ul") || clp_html_is (node, "ol");
  gboolean cleaned = FALSE;
  double density;
  int items;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    cleaned = cleaned || clp_html_is (node, names[i]);
  if (!cleaned || node == reader->top)
    return FALSE;
  if (info->weight < 0)
    return TRUE;
  if (info->commas >= 10)
    return FALSE;

  density = link_density (info);
  items = (int) info->items - 100;
  return (info->images > 1 && (double) info->paragraphs / info->images < 0.5) ||
         (!list && items > (int) info->paragraphs) ||
         (info->inputs > info->paragraphs / 3) ||
         (!list && info->text < MIN_PARAGRAPH && (info->images == 0 || info->images > 2)) ||
         (!list && info->weight < 25 && density > 0.2) ||
         (info->weight >= 25 && density > 0.5) ||
         (info->embeds == 1 && info->text < 75) || info->embeds > 1;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *folded_a = NULL;
  g_autofree char *folded_b = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  folded_a = g_utf8_casefold (a, -1);
  folded_b = g_utf8_casefold (b, -1);
  return g_str_equal (folded_a, folded_b);
}

static gboolean
is_caption (xmlNode *node)
{
  return clp_html_is (node, "figcaption") || clp_html_has_class (node, "wp-caption-text") ||
         clp_html_has_class (node, "caption");
}

/* A paragraph that is only a date: "<p><time>Thursday, March 14,
 * 2019</time></p>". */
static gboolean
is_date_line (xmlNode *node,
              Info    *info)
{
  xmlNode *child = clp_html_first_element (node);
  g_autofree char *text = NULL;
  g_autofree char *time = NULL;

  if (info->text >= MAX_BYLINE || !clp_html_is (child, "time") ||
      clp_html_next_element (child) != NULL)
    return FALSE;
  text = clp_html_dup_text (node, NULL, NULL);
  time = clp_html_dup_text (child, NULL, NULL);
  return g_str_equal (text, time);
}

/* What of the chosen blocks the body leaves out. */
static gboolean
skip_cb (xmlNode  *node,
         gpointer  user_data)
{
  Reader *reader = user_data;
  Info *info = info_of (reader, node);
  static const char * const names[] = {
    "header", "footer", "form", "figure", "figcaption", "h1", "address",
  };

  if (info == NULL || is_excluded (reader, info) || node == reader->byline_node ||
      is_caption (node))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (clp_html_is (node, names[i]))
      return TRUE;
  if (is_clutter (reader, info) || is_date_line (node, info))
    return TRUE;
  if (info->text < 500 || clp_html_is_heading (node))
    {
      g_autofree char *match = class_and_id (node);

      if ((info->text < 500 && g_regex_match (reader->share, match, 0, NULL)) ||
          (info->text < MAX_BYLINE && g_regex_match (reader->furniture, match, 0, NULL)))
        return TRUE;
      if (clp_html_is_heading (node))
        {
          g_autofree char *text = clp_html_dup_text (node, NULL, NULL);

          return same_text (text, reader->title);
        }
    }
  return FALSE;
}

/* How surely an element says it is the article's byline: 2 when it
 * says so outright (rel=author, itemprop=author, a class "byline" or
 * "author"), 1 when its class or id only has such a word in it
 * ("meta-prep-author" holds the "Posted by" in front of one). */
static int
byline_strength (Reader  *reader,
                 xmlNode *node)
{
  static const char * const tokens[] = {
    "byline", "author", "p-author", "vcard", "article-author", "post-author", "writtenby",
    "submitted",
  };
  g_autofree char *match = NULL;

  if (clp_html_attribute_has_token (node, "rel", "author") ||
      clp_html_attribute_has_token (node, "itemprop", "author") ||
      clp_html_attribute_has_token (node, "property", "schema:author") ||
      clp_html_attribute_has_token (node, "property", "dc:creator"))
    return 2;
  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    if (clp_html_has_class (node, tokens[i]))
      return 2;
  match = class_and_id (node);
  return g_regex_match (reader->byline, match, 0, NULL) ? 1 : 0;
}

/* The first element, in document order, that says most surely it is the
 * article's byline and is short enough to be one, outside what is not
 * the article (comment authors are in the comments left out). */
static void
find_byline (Reader           *reader,
             ClpReaderArticle *article)
{
  xmlNode *top = reader->body;
  xmlNode *found = NULL;
  int found_strength = 0;
  g_autofree char *text = NULL;
  glong length;

  for (xmlNode *node = top; node != NULL && found_strength < 2;)
    {
      Info *info = info_of (reader, node);
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE)
        {
          int strength;

          if (info == NULL || info->hard)
            descend = FALSE;
          else if ((strength = byline_strength (reader, node)) > found_strength)
            {
              g_autofree char *candidate = clp_html_dup_text (node, NULL, NULL);
              glong candidate_length = g_utf8_strlen (candidate, -1);

              if (candidate_length > 0 && candidate_length < MAX_BYLINE)
                {
                  found = node;
                  found_strength = strength;
                  g_free (text);
                  text = g_steal_pointer (&candidate);
                }
            }
        }
      node = clp_html_next (node, top, descend);
    }
  if (found == NULL)
    return;

  /* The name in "By <a>Jane Doe</a>" is not the whole byline: what holds
   * it and little more is. */
  length = g_utf8_strlen (text, -1);
  while (found->parent != NULL && found->parent != top)
    {
      g_autofree char *whole = clp_html_dup_text (found->parent, NULL, NULL);
      glong whole_length = g_utf8_strlen (whole, -1);

      if (whole_length > length + 10 || whole_length >= MAX_BYLINE)
        break;
      found = found->parent;
      length = whole_length;
      g_free (text);
      text = g_steal_pointer (&whole);
    }
  reader->byline_node = found;
  article->byline = g_steal_pointer (&text);
}

/* Where the article's own heading, picture and date are: the article or
 * main element around the winner, else its parent. */
static xmlNode *
article_scope (Reader *reader)
{
  for (xmlNode *up = reader->top; up != NULL && up != reader->body; up = up->parent)
    if (clp_html_is (up, "article") || clp_html_is (up, "main") ||
        clp_html_attribute_is (up, "role", "main"))
      return up;
  return reader->top != reader->body && reader->top->parent != NULL
         ? reader->top->parent : reader->body;
}

/* The first element of @scope, not left out, that @match takes. */
static xmlNode *
find_in_scope (Reader   *reader,
               xmlNode  *scope,
               gboolean (*match) (xmlNode *node))
{
  xmlNode *node = scope;

  while (node != NULL)
    {
      Info *info = info_of (reader, node);
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE)
        {
          if (info == NULL || info->hard)
            descend = FALSE;
          else if (match (node))
            return node;
        }
      node = clp_html_next (node, scope, descend);
    }
  return NULL;
}

static gboolean
is_h1 (xmlNode *node)
{
  return clp_html_is (node, "h1");
}

/* RDFa's creation date, as Drupal writes it: <span property="dc:date
 * dc:created" content="2019-03-14T07:45:00+01:00">. */
static gboolean
is_rdfa_date (xmlNode *node)
{
  return xmlHasProp (node, (const xmlChar *) "content") != NULL &&
         (clp_html_attribute_has_token (node, "property", "dc:created") ||
          clp_html_attribute_has_token (node, "property", "dc:date") ||
          clp_html_attribute_has_token (node, "property", "dcterms:created") ||
          clp_html_attribute_has_token (node, "property", "schema:dateCreated") ||
          clp_html_attribute_has_token (node, "property", "schema:datePublished"));
}

static gboolean
is_published_time (xmlNode *node)
{
  return (clp_html_is (node, "time") && xmlHasProp (node, (const xmlChar *) "datetime") != NULL &&
          (xmlHasProp (node, (const xmlChar *) "pubdate") != NULL ||
           clp_html_attribute_has_token (node, "itemprop", "datePublished") ||
           clp_html_class_contains (node, "publish"))) ||
         is_rdfa_date (node);
}

static gboolean
is_dated_time (xmlNode *node)
{
  return clp_html_is (node, "time") && xmlHasProp (node, (const xmlChar *) "datetime") != NULL;
}

/* The date in Drupal's "Submitted by Ruth Abbot on Tue, 10/01/2013 -
 * 16:05"; other texts whole. */
static const char *
date_part (const char *text)
{
  const char *on = g_strrstr (text, " on ");

  return g_str_has_prefix (text, "Submitted by ") && on != NULL ? on + strlen (" on ") : text;
}

/* Themes that print the date without a <time>: "Posted on <span
 * class="entry-date">March 14, 2019</span>". */
static gboolean
is_date_text (xmlNode *node)
{
  static const char * const classes[] = {
    "entry-date", "published", "post-date", "date", "pubdate", "article-date", "dateline-date",
  };
  g_autofree char *text = NULL;
  g_autofree char *day = NULL;
  gboolean dated = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (classes) && !dated; i++)
    dated = clp_html_has_class (node, classes[i]);
  if (!dated && !clp_html_has_class (node, "submitted"))
    return FALSE;
  text = clp_html_dup_text (node, NULL, NULL);
  day = clp_page_time_parse_day (date_part (text));
  return day != NULL;
}

static void
find_parts (Reader           *reader,
            ClpReaderArticle *article)
{
  xmlNode *scope = article_scope (reader);
  xmlNode *heading = find_in_scope (reader, scope, is_h1);
  xmlNode *caption = find_in_scope (reader, scope, is_caption);
  xmlNode *time = find_in_scope (reader, scope, is_published_time);

  if (heading == NULL)
    heading = find_in_scope (reader, reader->body, is_h1);
  if (heading != NULL)
    {
      article->heading = clp_html_dup_text (heading, NULL, NULL);
      if (*article->heading == '\0')
        g_clear_pointer (&article->heading, g_free);
    }
  if (caption != NULL)
    {
      article->caption = clp_html_dup_text (caption, NULL, NULL);
      if (*article->caption == '\0')
        g_clear_pointer (&article->caption, g_free);
    }
  if (time == NULL)
    time = find_in_scope (reader, scope, is_dated_time);
  if (time != NULL && is_rdfa_date (time))
    article->published = clp_html_dup_attribute (time, "content");
  else if (time != NULL)
    article->published = clp_html_dup_attribute (time, "datetime");
  else if ((time = find_in_scope (reader, scope, is_date_text)) != NULL)
    {
      g_autofree char *text = clp_html_dup_text (time, NULL, NULL);

      article->published = g_strdup (date_part (text));
    }
}

static void
read_page_facts (Reader           *reader,
                 htmlDocPtr        doc,
                 ClpReaderArticle *article)
{
  xmlNode *top = (xmlNode *) doc;
  guint text = 0, link_text = 0;

  for (xmlNode *node = top->children; node != NULL; node = clp_html_next (node, top, TRUE))
    {
      if (clp_html_is (node, "input") && clp_html_attribute_is (node, "type", "password"))
        article->has_password = TRUE;
      else if (clp_html_is (node, "title") && article->page_title == NULL)
        {
          article->page_title = clp_html_dup_text (node, NULL, NULL);
          if (article->page_title == NULL || *article->page_title == '\0')
            {
              xmlChar *content = xmlNodeGetContent (node);

              g_free (article->page_title);
              article->page_title = clp_html_collapse_space (content != NULL
                                                             ? (const char *) content : "", -1);
              xmlFree (content);
            }
        }
    }
  for (guint i = 0; i < reader->texts->len; i++)
    {
      TextInfo *info = &g_array_index (reader->texts, TextInfo, i);
      Info *parent = &g_array_index (reader->infos, Info, info->parent - 1);

      if (parent->hard)
        continue;
      text += info->chars;
      if (parent->in_link)
        link_text += info->chars;
    }
  article->page_text_length = text;
  article->page_link_density = text > 0 ? (double) link_text / text : 0;
  if (article->page_title != NULL && *article->page_title == '\0')
    g_clear_pointer (&article->page_title, g_free);
}

static GRegex *
regex (const char *pattern)
{
  return g_regex_new (pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
}

/* One attempt: the blocks that hold the article, and their text. */
static GPtrArray *
attempt (Reader *reader,
         gsize  *length)
{
  GPtrArray *roots;
  Info *best;

  sum_counts (reader);
  score_paragraphs (reader);
  best = choose_top (reader);
  reader->top = best->node;
  roots = join_siblings (reader, best);
  *length = 0;
  for (guint i = 0; i < roots->len; i++)
    {
      Info *info = info_of (reader, g_ptr_array_index (roots, i));

      if (info != NULL)
        *length += info->text;
    }
  return roots;
}

/**
 * clp_reader_mode_read:
 * @doc: a page
 * @excluded: (element-type xmlNode): elements that are not the article,
 *   whatever they look like, with all they hold
 * @title: (nullable): the title the page declares, whose heading is
 *   left out of the body
 *
 * Returns: (transfer full): the article as the document shows it
 */
ClpReaderArticle *
clp_reader_mode_read (htmlDocPtr  doc,
                      GHashTable *excluded,
                      const char *title)
{
  ClpReaderArticle *article = g_new0 (ClpReaderArticle, 1);
  g_autoptr(GPtrArray) roots = NULL;
  Reader reader = { 0 };
  gsize length = 0;

  g_return_val_if_fail (doc != NULL, article);
  g_return_val_if_fail (excluded != NULL, article);

  article->markup = g_string_new (NULL);
  reader.body = clp_html_body (doc);
  if (reader.body == NULL)
    return article;

  reader.excluded = excluded;
  reader.infos = g_array_new (FALSE, FALSE, sizeof (Info));
  reader.texts = g_array_new (FALSE, FALSE, sizeof (TextInfo));
  reader.unlikely = regex ("-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|"
                           "disqus|extra|footer|gdpr|header|legends|menu|related|remark|"
                           "replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|"
                           "supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|"
                           "newsletter|subscribe|cookie|consent|paywall|login|signin");
  reader.maybe = regex ("and|article|body|column|content|main|shadow");
  reader.positive = regex ("article|body|content|entry|hentry|h-entry|main|page|pagination|"
                           "post|text|blog|story");
  reader.negative = regex ("-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|"
                           "contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|"
                           "promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|"
                           "shopping|tags|tool|widget");
  reader.byline = regex ("byline|author|writtenby|p-author");
  reader.share = regex ("(\\b|_)(share|sharedaddy|social|follow-us)(\\b|_)");
  reader.furniture = regex ("(\\b|_|-)(date|dateline-date|timestamp|published|posted-on|"
                            "entry-meta|article-meta|post-meta|postmetadata|updated|"
                            "entry-utility|entry-footer|cat-links|tags-links)(\\b|_|-)");
  reader.title = title;

  build (&reader);
  read_page_facts (&reader, doc, article);
  find_byline (&reader, article);

  reader.strip_unlikely = TRUE;
  roots = attempt (&reader, &length);
  if (length < CHAR_THRESHOLD)
    {
      gsize again_length = 0;
      g_autoptr(GPtrArray) again = NULL;
      xmlNode *first_top = reader.top;

      reader.strip_unlikely = FALSE;
      again = attempt (&reader, &again_length);
      if (again_length > length)
        {
          g_ptr_array_unref (roots);
          roots = g_steal_pointer (&again);
          length = again_length;
        }
      else
        {
          reader.strip_unlikely = TRUE;
          g_ptr_array_unref (attempt (&reader, &length));
          g_assert (reader.top == first_top);
        }
    }

  find_parts (&reader, article);
  if (reader.title == NULL)
    reader.title = article->heading;
  for (guint i = 0; i < roots->len; i++)
    clp_html_append_markup (article->markup, g_ptr_array_index (roots, i), skip_cb, &reader);
  article->text_length = length;

  clear_private (&reader);
  g_array_unref (reader.infos);
  g_array_unref (reader.texts);
  g_regex_unref (reader.unlikely);
  g_regex_unref (reader.maybe);
  g_regex_unref (reader.positive);
  g_regex_unref (reader.negative);
  g_regex_unref (reader.byline);
  g_regex_unref (reader.share);
  g_regex_unref (reader.furniture);
  return article;
}

void
clp_reader_article_free (ClpReaderArticle *self)
{
  if (self == NULL)
    return;

  g_free (self->heading);
  g_free (self->page_title);
  g_free (self->byline);
  g_free (self->caption);
  g_free (self->published);
  g_string_free (self->markup, TRUE);
  g_free (self);
}
