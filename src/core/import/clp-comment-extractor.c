/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-comment-extractor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "clp-comment-extractor.h"
#include "clp-html-dom.h"
#include "clp-html-sanitizer.h"
#include "clp-import-sink.h"
#include "clp-page-time.h"
#include "clp-text-importer.h"

/* The reader comments of a saved page, read from the markup the site's
 * comment system writes. Tried in this order, the first that finds any
 * comment wins:
 *
 * - WordPress: ol.commentlist or ol.comment-list of li.comment, each with
 *   .comment-author .fn, .comment-metadata time[datetime] (or the link in
 *   .commentmetadata of older themes) and .comment-content (or the
 *   paragraphs of the comment's body); replies in ul.children inside it.
 *   Pingbacks and trackbacks are counted, not kept.
 * - Drupal: div.comment (article.comment from Drupal 8) after an
 *   <a id="comment-N">, the author in .username and the time in the RDFa
 *   dc:date, a <time>, or "Submitted by … on …"; the text in the
 *   comment-body field; replies in the div.indented after their parent.
 * - Plain blocks: the part of the page after a "Comments (27)" heading,
 *   written out as text the way a text browser dumps it (list items as
 *   bullets, nested lists and quotes indented, <pre> as it is), and read
 *   by the text importer with the rules of FORMATS.md §1.
 *
 * A heading such as "Reader Comments (27)" or "27 thoughts on “…”" gives
 * the count the page claims. */

#define MAX_HEADING_CHARS 200

/* Words a comment section's heading holds, casefolded, in the languages
 * Clippings' users save pages in. */
static const char * const heading_words[] = {
  "comments", "comment", "responses", "response", "thoughts", "thought", "replies",
  "reactions", "kommentare", "kommentar", "gedanken", "antworten", "commentaires",
  "commentaire", "réactions", "réflexions", "réflexion", "comentarios", "comentários",
  "comentario", "comentário", "respuestas", "commenti", "pensieri", "risposte", "reacties",
  "kommentarer", "komentarze", "комментарии", "комментариев", "تعليقات", "التعليقات", "تعليق",
  "التعليق", "תגובות", "תגובה", "评论", "コメント",
};

/* Elements whose text no comment heading or comment is in: navigation,
 * widgets in the margins, and the page's controls. */
static gboolean
is_aside (xmlNode *node)
{
  static const char * const names[] = { "nav", "aside", "a", "button", "label", "form", "select" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (clp_html_is (node, names[i]))
      return TRUE;
  return clp_html_class_contains (node, "widget") || clp_html_class_contains (node, "sidebar");
}

ClpCommentSet *
clp_comment_set_new (const char *origin)
{
  ClpCommentSet *self = g_new0 (ClpCommentSet, 1);

  self->origin = origin;
  self->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->skipped = g_ptr_array_new ();
  self->regions = g_hash_table_new (NULL, NULL);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->declared_count = -1;
  return self;
}

void
clp_comment_set_free (ClpCommentSet *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->comments);
  g_ptr_array_unref (self->warnings);
  g_ptr_array_unref (self->skipped);
  g_hash_table_unref (self->regions);
  g_hash_table_unref (self->by_key);
  g_free (self);
}

/* A warning about one comment; with lines, it names the page's line. */
void
clp_comment_set_warn (ClpCommentSet *self,
                      xmlNode       *node,
                      gboolean       with_lines,
                      const char    *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (self != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (with_lines && node != NULL && xmlGetLineNo (node) > 0)
    g_ptr_array_add (self->warnings, g_strdup_printf (_("line %ld: %s"), xmlGetLineNo (node),
                                                      message));
  else
    g_ptr_array_add (self->warnings, g_steal_pointer (&message));
}

/* A new comment at the end of the set, in page order. Its key is @key,
 * or @key with a number after it when a page gives two comments one id. */
ClpComment *
clp_comment_set_add (ClpCommentSet *self,
                     const char    *key,
                     const char    *parent_key)
{
  ClpComment *comment;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  comment = clp_comment_new ();
  comment->key = g_strdup (key);
  for (int n = 2; g_hash_table_contains (self->by_key, comment->key); n++)
    {
      g_free (comment->key);
      comment->key = g_strdup_printf ("%s~%d", key, n);
    }
  comment->parent_key = g_strdup (parent_key);
  comment->position = self->comments->len;
  g_ptr_array_add (self->comments, comment);
  g_hash_table_insert (self->by_key, comment->key, comment);
  return comment;
}

ClpComment *
clp_comment_set_find (ClpCommentSet *self,
                      const char    *key)
{
  g_return_val_if_fail (self != NULL, NULL);

  return key != NULL ? g_hash_table_lookup (self->by_key, key) : NULL;
}

static void
warn_missing (ClpCommentSet *set,
              ClpComment    *comment,
              xmlNode       *node,
              gboolean       with_lines)
{
  const char *who = comment->author != NULL ? comment->author : _("someone");

  if (comment->author == NULL)
    clp_comment_set_warn (set, node, with_lines, _("a comment has no author"));
  if (comment->posted_at == NULL)
    clp_comment_set_warn (set, node, with_lines,
                          _("the comment by %s has no time Clippings can read"), who);
  if (comment->text == NULL || *comment->text == '\0')
    clp_comment_set_warn (set, node, with_lines, _("the comment by %s has no text"), who);
}

/* The first number in parentheses, else a number the text starts or ends
 * with, in any script's digits: "Comments (27)", "27 Comments",
 * "Kommentare: 27", "التعليقات (٢٧)". */
static int
heading_count (const char *text)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) in_parentheses = g_array_new (FALSE, FALSE, sizeof (gboolean));
  gint64 value = -1;
  gboolean leading = TRUE, first_is_leading = FALSE, last_is_trailing = FALSE;
  gunichar before = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int digit = g_unichar_digit_value (c);

      if (digit >= 0)
        {
          if (value < 0)
            {
              value = 0;
              if (numbers->len == 0)
                first_is_leading = leading;
            }
          value = MIN (value * 10 + digit, (gint64) G_MAXINT);
          last_is_trailing = TRUE;
          continue;
        }
      if (value >= 0)
        {
          gboolean parenthesized = before == '(' && c == ')';

          g_array_append_val (numbers, value);
          g_array_append_val (in_parentheses, parenthesized);
          value = -1;
        }
      if (!g_unichar_isspace (c) && c != 0xA0)
        {
          before = c;
          leading = FALSE;
          last_is_trailing = FALSE;
        }
    }
  if (value >= 0)
    {
      gboolean parenthesized = FALSE;

      g_array_append_val (numbers, value);
      g_array_append_val (in_parentheses, parenthesized);
    }

  for (guint i = 0; i < numbers->len; i++)
    if (g_array_index (in_parentheses, gboolean, i))
      return (int) g_array_index (numbers, gint64, i);
  if (numbers->len > 0 && first_is_leading)
    return (int) g_array_index (numbers, gint64, 0);
  if (numbers->len > 0 && last_is_trailing)
    return (int) g_array_index (numbers, gint64, numbers->len - 1);
  return -1;
}

/* Whether @text heads a comment section; *count is what it claims, or -1. */
static gboolean
match_heading (const char *text,
               int        *count)
{
  g_autofree char *folded = NULL;
  glong length = g_utf8_strlen (text, -1);

  if (length == 0 || length > MAX_HEADING_CHARS)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  for (guint i = 0; i < G_N_ELEMENTS (heading_words); i++)
    {
      const char *found = strstr (folded, heading_words[i]);
      const char *after;
      gboolean starts_number;

      if (found == NULL)
        continue;
      after = found + strlen (heading_words[i]);
      if ((found > folded && g_unichar_isalpha (g_utf8_get_char (g_utf8_prev_char (found)))) ||
          g_unichar_isalpha (g_utf8_get_char (after)))
        continue;

      /* "27 thoughts on “Long title”" runs long; other headings do not:
       * "Comments are closed" is not one, nor a paragraph about them. */
      *count = heading_count (text);
      starts_number = g_unichar_isdigit (g_utf8_get_char (text)) ||
                      g_str_has_prefix (folded, "one ");
      if (g_str_has_prefix (folded, "one ") && *count < 0)
        *count = 1;
      if (!starts_number && length > 40)
        return FALSE;
      if (strstr (folded, "closed") != NULL || strstr (folded, "recent") != NULL ||
          strstr (folded, "latest") != NULL || strstr (folded, "leave") != NULL ||
          strstr (folded, "post a") != NULL || strstr (folded, "add a") != NULL ||
          strstr (folded, "no comments") != NULL)
        return FALSE;
      return TRUE;
    }
  return FALSE;
}

static gboolean
is_heading_candidate (xmlNode *node)
{
  static const char * const names[] = {
    "p", "div", "span", "strong", "b", "dt", "legend", "caption", "header",
  };

  if (clp_html_is_heading (node))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (clp_html_is (node, names[i]))
      return clp_html_first_element (node) == NULL || clp_html_class_contains (node, "title") ||
             clp_html_class_contains (node, "count");
  return FALSE;
}

/* The first comment section heading in @top, not in the margins or a link. */
static xmlNode *
find_heading (xmlNode *top,
              int     *count)
{
  xmlNode *node = top;

  *count = -1;
  while (node != NULL)
    {
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE)
        {
          if (is_aside (node) || clp_html_is_unreadable (node) || clp_html_is_hidden (node))
            descend = FALSE;
          else if (is_heading_candidate (node))
            {
              g_autofree char *text = clp_html_dup_text (node, NULL, NULL);

              if (match_heading (text, count))
                return node;
              descend = !clp_html_is_heading (node);
            }
        }
      node = clp_html_next (node, top, descend);
    }
  return NULL;
}

/* Finds the first element of @top's subtree (not @top) that @match takes,
 * without going into elements @skip takes. */
typedef gboolean (*MatchFunc) (xmlNode    *node,
                               const char *data);

static xmlNode *
find_in (xmlNode         *top,
         MatchFunc        match,
         const char      *data,
         ClpHtmlSkipFunc  skip)
{
  xmlNode *node = clp_html_next (top, top, TRUE);

  while (node != NULL)
    {
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE)
        {
          if (skip != NULL && skip (node, NULL))
            descend = FALSE;
          else if (match (node, data))
            return node;
        }
      node = clp_html_next (node, top, descend);
    }
  return NULL;
}

static gboolean
match_class (xmlNode    *node,
             const char *token)
{
  return clp_html_has_class (node, token);
}

static gboolean
match_name (xmlNode    *node,
            const char *name)
{
  return clp_html_is (node, name);
}

static gboolean
match_comment_body (xmlNode    *node,
                    const char *data)
{
  return clp_html_class_contains (node, "comment-body") ||
         clp_html_class_contains (node, "comment_body");
}

/* The digits of "comment-12", "li-comment-12", "div-comment-12". */
static char *
comment_number (xmlNode *node)
{
  g_autofree char *id = clp_html_dup_attribute (node, "id");
  const char *found;

  if (id == NULL || (found = strstr (id, "comment-")) == NULL)
    return NULL;
  found += strlen ("comment-");
  if (*found == '\0')
    return NULL;
  for (const char *p = found; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return NULL;
  return g_strdup (found);
}

static void
set_text_from_markup (ClpComment *comment,
                      GString    *markup)
{
  g_autofree char *html = clp_html_sanitizer_clean (markup->str, CLP_HTML_SANITIZER_NONE,
                                                    &comment->text);

  if (*html != '\0')
    comment->html = g_steal_pointer (&html);
}

static void
set_time (ClpComment *comment,
          const char *text)
{
  if (text != NULL && comment->posted_at == NULL)
    clp_page_time_parse (text, &comment->posted_at, &comment->posted_utc, &comment->has_utc);
}

/* The time of the first <time> in @top, from datetime or its text. */
static void
set_time_element (ClpComment *comment,
                  xmlNode    *top)
{
  xmlNode *time = top != NULL ? find_in (top, match_name, "time", NULL) : NULL;
  g_autofree char *datetime = clp_html_dup_attribute (time, "datetime");
  g_autofree char *text = NULL;

  if (time == NULL)
    return;
  set_time (comment, datetime);
  if (comment->posted_at == NULL)
    {
      text = clp_html_dup_text (time, NULL, NULL);
      set_time (comment, text);
    }
}

static char *
text_or_null (xmlNode *node)
{
  char *text;

  if (node == NULL)
    return NULL;
  text = clp_html_dup_text (node, NULL, NULL);
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* WordPress */

static gboolean
is_children_list (xmlNode  *node,
                  gpointer  user_data)
{
  return (clp_html_is (node, "ul") || clp_html_is (node, "ol")) &&
         clp_html_has_class (node, "children");
}

/* What of a comment's body is not its text: who, when, the reply link. */
static gboolean
is_wordpress_furniture (xmlNode  *node,
                        gpointer  user_data)
{
  static const char * const classes[] = {
    "comment-author", "comment-meta", "commentmetadata", "comment-metadata", "reply",
    "children", "comment-awaiting-moderation", "says", "comment-edit-link", "vcard",
  };

  if (clp_html_is (node, "footer") || clp_html_is_heading (node))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (clp_html_has_class (node, classes[i]))
      return TRUE;
  return FALSE;
}

static gboolean
match_wordpress_meta (xmlNode    *node,
                      const char *data)
{
  return clp_html_has_class (node, "comment-metadata") ||
         clp_html_has_class (node, "commentmetadata") ||
         clp_html_has_class (node, "comment-meta");
}

static char *
wordpress_author (xmlNode *item)
{
  xmlNode *fn = find_in (item, match_class, "fn", is_children_list);
  xmlNode *author;
  char *text;

  if (fn != NULL)
    return text_or_null (fn);
  author = find_in (item, match_class, "comment-author", is_children_list);
  text = text_or_null (author);
  if (text != NULL && g_str_has_suffix (text, " says:"))
    text[strlen (text) - strlen (" says:")] = '\0';
  return text;
}

static void
read_wordpress_comment (ClpCommentSet *set,
                        xmlNode       *item,
                        const char    *parent_key,
                        gboolean       with_lines)
{
  g_autofree char *number = comment_number (item);
  g_autofree char *key = NULL;
  g_autoptr(GString) markup = g_string_new (NULL);
  xmlNode *meta = find_in (item, match_wordpress_meta, NULL, is_children_list);
  xmlNode *content = find_in (item, match_class, "comment-content", is_children_list);
  ClpComment *comment;

  if (number == NULL)
    {
      xmlNode *body = find_in (item, match_class, "comment-body", is_children_list);

      number = comment_number (body);
    }
  key = number != NULL ? g_strdup_printf ("wp-%s", number)
                       : g_strdup_printf ("wp-at-%u", set->comments->len + 1);
  comment = clp_comment_set_add (set, key, parent_key);
  comment->author = wordpress_author (item);

  set_time_element (comment, meta);
  if (comment->posted_at == NULL && meta != NULL)
    {
      /* Older themes: "March 13, 2019 at 9:12 pm" as the link's text. */
      xmlNode *link = find_in (meta, match_name, "a", NULL);
      g_autofree char *text = text_or_null (link != NULL ? link : meta);

      set_time (comment, text);
    }

  if (content != NULL)
    clp_html_append_markup (markup, content, is_wordpress_furniture, NULL);
  else
    {
      xmlNode *body = find_in (item, match_class, "comment-body", is_children_list);

      clp_html_append_markup (markup, body != NULL ? body : item, is_wordpress_furniture, NULL);
    }
  set_text_from_markup (comment, markup);
  warn_missing (set, comment, item, with_lines);
}

static gboolean
match_wordpress_list (xmlNode    *node,
                      const char *data)
{
  return (clp_html_is (node, "ol") || clp_html_is (node, "ul")) &&
         (clp_html_has_class (node, "commentlist") || clp_html_has_class (node, "comment-list"));
}

/* The li elements of a list, last first, for a stack. */
static void
push_items (GPtrArray  *items,
            GPtrArray  *parents,
            xmlNode    *list,
            const char *parent_key)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  for (xmlNode *child = clp_html_first_element (list); child != NULL;
       child = clp_html_next_element (child))
    if (clp_html_is (child, "li"))
      g_ptr_array_add (found, child);
  for (guint i = found->len; i-- > 0;)
    {
      g_ptr_array_add (items, g_ptr_array_index (found, i));
      g_ptr_array_add (parents, g_strdup (parent_key));
    }
}

static xmlNode *
comments_area (xmlNode *node)
{
  for (xmlNode *up = node; up != NULL && up->type == XML_ELEMENT_NODE; up = up->parent)
    {
      g_autofree char *id = clp_html_dup_attribute (up, "id");

      if (g_strcmp0 (id, "comments") == 0 || clp_html_has_class (up, "comments-area") ||
          clp_html_has_class (up, "comment-wrapper") || clp_html_has_class (up, "comments"))
        return up;
      if (clp_html_is (up, "body"))
        break;
    }
  return NULL;
}

static ClpCommentSet *
read_wordpress (xmlNode  *body,
                gboolean  with_lines)
{
  ClpCommentSet *set = clp_comment_set_new ("WordPress");
  xmlNode *list = find_in (body, match_wordpress_list, NULL, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GPtrArray) parents = g_ptr_array_new_with_free_func (g_free);
  xmlNode *area;

  if (list == NULL)
    return set;
  area = comments_area (list);
  g_hash_table_add (set->regions, area != NULL ? area : list);
  if (find_heading (area != NULL ? area : list->parent, &set->declared_count) == NULL)
    set->declared_count = -1;

  push_items (items, parents, list, NULL);
  while (items->len > 0)
    {
      xmlNode *item = g_ptr_array_steal_index (items, items->len - 1);
      g_autofree char *parent = g_ptr_array_steal_index (parents, parents->len - 1);
      ClpComment *comment;
      xmlNode *children;

      if (clp_html_has_class (item, "pingback") || clp_html_has_class (item, "trackback"))
        {
          g_ptr_array_add (set->skipped,
                           clp_html_has_class (item, "pingback") ? "pingback" : "trackback");
          continue;
        }
      if (!clp_html_has_class (item, "comment") &&
          find_in (item, match_class, "comment-author", is_children_list) == NULL)
        continue;

      read_wordpress_comment (set, item, parent, with_lines);
      comment = g_ptr_array_index (set->comments, set->comments->len - 1);
      children = NULL;
      for (xmlNode *child = clp_html_first_element (item); child != NULL && children == NULL;
           child = clp_html_next_element (child))
        if (is_children_list (child, NULL))
          children = child;
      if (children != NULL)
        push_items (items, parents, children, comment->key);
    }
  return set;
}

/* Drupal */

static char *
drupal_number (xmlNode *node)
{
  char *number = comment_number (node);
  xmlNode *previous = clp_html_previous_element (node);

  if (number == NULL && clp_html_is (previous, "a"))
    number = comment_number (previous);
  return number;
}

static gboolean
is_drupal_comment (xmlNode *node)
{
  g_autofree char *number = NULL;

  if (!(clp_html_is (node, "div") || clp_html_is (node, "article")) ||
      !clp_html_has_class (node, "comment"))
    return FALSE;
  number = drupal_number (node);
  if (number == NULL)
    return FALSE;
  return find_in (node, match_comment_body, NULL, NULL) != NULL ||
         find_in (node, match_class, "submitted", NULL) != NULL;
}

static gboolean
match_rdfa_date (xmlNode    *node,
                 const char *data)
{
  return xmlHasProp (node, (const xmlChar *) "content") != NULL &&
         (clp_html_attribute_has_token (node, "property", "dc:date") ||
          clp_html_attribute_has_token (node, "property", "dc:created"));
}

static gboolean
match_drupal_time (xmlNode    *node,
                   const char *data)
{
  return clp_html_has_class (node, "comment__time") || clp_html_has_class (node, "comment-time") ||
         clp_html_has_class (node, "date-time") || clp_html_has_class (node, "comment-date");
}

static gboolean
is_drupal_furniture (xmlNode  *node,
                     gpointer  user_data)
{
  return clp_html_is_heading (node) || clp_html_has_class (node, "links") ||
         clp_html_has_class (node, "submitted") || clp_html_has_class (node, "comment__meta");
}

/* "Submitted by Marit on Wed, 03/13/2019 - 21:12" */
static void
read_submitted (ClpComment *comment,
                xmlNode    *submitted)
{
  g_autofree char *text = text_or_null (submitted);
  const char *on;

  if (text == NULL)
    return;
  on = strstr (text, " on ");
  if (on != NULL)
    set_time (comment, on + strlen (" on "));
  if (comment->author == NULL && g_ascii_strncasecmp (text, "Submitted by ", 13) == 0)
    comment->author = on != NULL ? g_strndup (text + 13, on - text - 13)
                                 : g_strdup (text + 13);
}

static void
read_drupal_comment (ClpCommentSet *set,
                     xmlNode       *node,
                     const char    *parent_key,
                     gboolean       with_lines)
{
  g_autofree char *number = drupal_number (node);
  g_autofree char *key = number != NULL ? g_strdup_printf ("drupal-%s", number)
                                        : g_strdup_printf ("drupal-at-%u",
                                                           set->comments->len + 1);
  g_autoptr(GString) markup = g_string_new (NULL);
  xmlNode *username = find_in (node, match_class, "username", NULL);
  xmlNode *author = find_in (node, match_class, "comment__author", NULL);
  xmlNode *date = find_in (node, match_rdfa_date, NULL, NULL);
  xmlNode *submitted = find_in (node, match_class, "submitted", NULL);
  xmlNode *body = find_in (node, match_comment_body, NULL, NULL);
  ClpComment *comment = clp_comment_set_add (set, key, parent_key);

  comment->author = text_or_null (username != NULL ? username : author);
  if (date != NULL)
    {
      g_autofree char *content = clp_html_dup_attribute (date, "content");

      set_time (comment, content);
    }
  set_time_element (comment, node);
  if (comment->posted_at == NULL)
    {
      g_autofree char *text = text_or_null (find_in (node, match_drupal_time, NULL, NULL));

      set_time (comment, text);
    }
  if (submitted != NULL)
    read_submitted (comment, submitted);

  if (body == NULL)
    body = find_in (node, match_class, "content", NULL);
  clp_html_append_markup (markup, body != NULL ? body : node, is_drupal_furniture, NULL);
  set_text_from_markup (comment, markup);
  warn_missing (set, comment, node, with_lines);
}

static ClpCommentSet *
read_drupal (xmlNode  *body,
             gboolean  with_lines)
{
  ClpCommentSet *set = clp_comment_set_new ("Drupal");
  g_autoptr(GHashTable) keys = g_hash_table_new (NULL, NULL);   /* xmlNode -> key */
  xmlNode *node = body;

  while (node != NULL)
    {
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE && is_drupal_comment (node))
        {
          const char *parent_key = NULL;
          xmlNode *area = comments_area (node);
          ClpComment *comment;

          /* A reply sits in the div.indented that follows its parent. */
          if (clp_html_has_class (node->parent, "indented"))
            for (xmlNode *before = clp_html_previous_element (node->parent);
                 before != NULL && parent_key == NULL; before = clp_html_previous_element (before))
              parent_key = g_hash_table_lookup (keys, before);

          read_drupal_comment (set, node, parent_key, with_lines);
          comment = g_ptr_array_index (set->comments, set->comments->len - 1);
          g_hash_table_insert (keys, node, comment->key);
          g_hash_table_add (set->regions, area != NULL ? area : node);
          if (area != NULL && set->comments->len == 1 &&
              find_heading (area, &set->declared_count) == NULL)
            set->declared_count = -1;
          descend = FALSE;
        }
      node = clp_html_next (node, body, descend);
    }
  return set;
}

/* Plain blocks, through the text importer */

/* Takes what the text importer reads, and keeps the comments. */
#define CLP_TYPE_COMMENT_EXTRACTOR_SINK (clp_comment_extractor_sink_get_type ())
G_DECLARE_FINAL_TYPE (ClpCommentExtractorSink, clp_comment_extractor_sink, CLP,
                      COMMENT_EXTRACTOR_SINK, GObject)

struct _ClpCommentExtractorSink
{
  GObject    parent_instance;

  GPtrArray *comments;
};

static void clp_comment_extractor_sink_iface_init (ClpImportSinkInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ClpCommentExtractorSink, clp_comment_extractor_sink,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLP_TYPE_IMPORT_SINK,
                                                      clp_comment_extractor_sink_iface_init))

static void
clp_comment_extractor_sink_finalize (GObject *object)
{
  ClpCommentExtractorSink *self = CLP_COMMENT_EXTRACTOR_SINK (object);

  g_ptr_array_unref (self->comments);
  G_OBJECT_CLASS (clp_comment_extractor_sink_parent_class)->finalize (object);
}

static void
clp_comment_extractor_sink_class_init (ClpCommentExtractorSinkClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clp_comment_extractor_sink_finalize;
}

static void
clp_comment_extractor_sink_init (ClpCommentExtractorSink *self)
{
  self->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
}

static gboolean
sink_add_article (ClpImportSink  *sink,
                  ClpArticle     *article,
                  GError        **error)
{
  return TRUE;
}

static gboolean
sink_add_comment (ClpImportSink  *sink,
                  ClpComment     *comment,
                  GError        **error)
{
  g_ptr_array_add (CLP_COMMENT_EXTRACTOR_SINK (sink)->comments, clp_comment_ref (comment));
  return TRUE;
}

/* Its warnings count the lines of the text written here, not the page's:
 * the comments are checked again below. */
static void
sink_warn (ClpImportSink *sink,
           const char    *message)
{
}

static void
sink_skip (ClpImportSink *sink,
           const char    *what)
{
}

static void
clp_comment_extractor_sink_iface_init (ClpImportSinkInterface *iface)
{
  iface->add_article = sink_add_article;
  iface->add_comment = sink_add_comment;
  iface->warn = sink_warn;
  iface->skip = sink_skip;
}

/* The text of part of a page as a text browser writes it. */
typedef struct
{
  GString  *out;
  GString  *line;
  int       line_indent;
  gboolean  space;          /* white space is due before the next character */
  int       blanks;         /* blank lines written since the last text */
  GArray   *indents;        /* int: where the text of each open item or quote goes */
  int       lists;
  gboolean  bullet;         /* the next text opens an item's bullet line */
  int       bullet_indent;
  int       pre;
} Dump;

static int
dump_indent (Dump *dump)
{
  return dump->indents->len > 0 ? g_array_index (dump->indents, int, dump->indents->len - 1) : 0;
}

static void
dump_end_line (Dump *dump)
{
  if (dump->line->len > 0)
    {
      for (int i = 0; i < dump->line_indent; i++)
        g_string_append_c (dump->out, ' ');
      g_string_append_len (dump->out, dump->line->str, dump->line->len);
      g_string_append_c (dump->out, '\n');
      g_string_truncate (dump->line, 0);
      dump->blanks = 0;
    }
  dump->space = FALSE;
}

static void
dump_blank (Dump *dump,
            int   n)
{
  dump_end_line (dump);
  while (dump->out->len > 0 && dump->blanks < n)
    {
      g_string_append_c (dump->out, '\n');
      dump->blanks++;
    }
}

static void
dump_start_line (Dump *dump)
{
  if (dump->line->len > 0)
    return;
  if (dump->bullet)
    {
      dump->line_indent = dump->bullet_indent;
      g_string_append (dump->line, "\u2022 ");
      dump->bullet = FALSE;
    }
  else
    dump->line_indent = dump_indent (dump);
}

static void
dump_text (Dump       *dump,
           const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p != '\0'; p++)
    {
      if (dump->pre > 0)
        {
          if (*p == '\n')
            {
              if (dump->line->len == 0)
                g_string_append_c (dump->out, '\n');
              dump_end_line (dump);
              continue;
            }
          if (*p == '\r')
            continue;
          if (dump->line->len == 0)
            dump->line_indent = dump_indent (dump);
          g_string_append_c (dump->line, *p);
          continue;
        }
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
        {
          dump->space = TRUE;
          continue;
        }
      if ((guchar) *p < 0x20)
        continue;
      if (dump->line->len == 0 || dump->bullet)
        {
          dump->space = FALSE;
          dump_start_line (dump);
        }
      else if (dump->space)
        g_string_append_c (dump->line, ' ');
      dump->space = FALSE;
      g_string_append_c (dump->line, *p);
    }
}

static void
dump_enter (Dump    *dump,
            xmlNode *node)
{
  if (clp_html_is (node, "li") || clp_html_is (node, "dd") || clp_html_is (node, "blockquote"))
    {
      int indent = dump_indent (dump);

      dump_end_line (dump);
      if (clp_html_is (node, "li"))
        {
          dump->bullet = TRUE;
          dump->bullet_indent = MAX (2 * dump->lists, indent);
          indent = dump->bullet_indent + 2;
        }
      else
        {
          dump_blank (dump, 1);
          indent += 2;
        }
      g_array_append_val (dump->indents, indent);
    }
  else if (clp_html_is (node, "ul") || clp_html_is (node, "ol"))
    {
      dump_end_line (dump);
      dump->lists++;
    }
  else if (clp_html_is (node, "br"))
    dump_end_line (dump);
  else if (clp_html_is (node, "pre"))
    {
      dump_blank (dump, 1);
      dump->pre++;
    }
  else if (clp_html_is_block (node))
    {
      if (dump->bullet)
        dump_end_line (dump);
      else
        dump_blank (dump, 1);
    }
}

static void
dump_leave (Dump    *dump,
            xmlNode *node)
{
  if (clp_html_is (node, "li") || clp_html_is (node, "dd") || clp_html_is (node, "blockquote"))
    {
      dump->bullet = FALSE;
      dump_blank (dump, clp_html_is (node, "li") ? 2 : 1);
      g_array_set_size (dump->indents, dump->indents->len - 1);
    }
  else if (clp_html_is (node, "ul") || clp_html_is (node, "ol"))
    {
      dump_end_line (dump);
      dump->lists--;
    }
  else if (clp_html_is (node, "pre"))
    {
      dump->pre--;
      dump_blank (dump, 1);
    }
  else if (clp_html_is_block (node) && !clp_html_is (node, "br"))
    {
      if (dump->bullet)
        dump_end_line (dump);
      else
        dump_blank (dump, 1);
    }
}

static gboolean
dump_enters (xmlNode *node)
{
  return !clp_html_is_unreadable (node) && !clp_html_is_hidden (node) &&
         !clp_html_is (node, "form") && !clp_html_is (node, "nav");
}

static void
dump_node (Dump    *dump,
           xmlNode *top)
{
  xmlNode *node = top;

  while (node != NULL)
    {
      gboolean descend = FALSE;

      if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
          node->content != NULL)
        dump_text (dump, (const char *) node->content);
      else if (node->type == XML_ELEMENT_NODE && dump_enters (node))
        {
          dump_enter (dump, node);
          descend = TRUE;
        }

      if (descend && node->children != NULL)
        {
          node = node->children;
          continue;
        }
      if (descend)
        dump_leave (dump, node);
      while (node != top && node->next == NULL)
        {
          node = node->parent;
          dump_leave (dump, node);
        }
      if (node == top)
        break;
      node = node->next;
    }
}

/* The element whose following siblings hold the comments: the heading,
 * or the block around it when it stands alone there. */
static xmlNode *
section_start (xmlNode *heading,
               xmlNode *body)
{
  xmlNode *start = heading;

  while (start->parent != NULL && start->parent != body)
    {
      for (xmlNode *next = clp_html_next_element (start); next != NULL;
           next = clp_html_next_element (next))
        if (clp_html_has_text (next))
          return start;
      start = start->parent;
    }
  return start;
}

static ClpCommentSet *
read_plain (xmlNode  *body,
            gboolean  with_lines)
{
  ClpCommentSet *set = clp_comment_set_new ("text");
  g_autoptr(ClpCommentExtractorSink) sink = g_object_new (CLP_TYPE_COMMENT_EXTRACTOR_SINK, NULL);
  g_autoptr(ClpImporter) importer = NULL;
  g_autoptr(GInputStream) stream = NULL;
  Dump dump = { 0 };
  xmlNode *heading = find_heading (body, &set->declared_count);
  xmlNode *start;
  gsize length;

  if (heading == NULL)
    return set;
  start = section_start (heading, body);
  g_hash_table_add (set->regions, heading);

  dump.out = g_string_new ("Comments\n\nReader Comments\n");
  dump.line = g_string_new (NULL);
  dump.indents = g_array_new (FALSE, FALSE, sizeof (int));
  for (xmlNode *next = start->next; next != NULL; next = next->next)
    {
      if (next->type == XML_ELEMENT_NODE)
        g_hash_table_add (set->regions, next);
      dump_node (&dump, next);
    }
  dump_end_line (&dump);
  g_string_free (dump.line, TRUE);
  g_array_unref (dump.indents);

  length = dump.out->len;
  stream = g_memory_input_stream_new_from_data (g_string_free (dump.out, FALSE), length, g_free);
  importer = clp_text_importer_new ();
  if (!clp_importer_import (importer, stream, "page", CLP_IMPORT_SINK (sink), NULL, NULL))
    return set;

  for (guint i = 0; i < sink->comments->len; i++)
    {
      ClpComment *read = g_ptr_array_index (sink->comments, i);
      g_autofree char *key = g_strdup_printf ("text-%s", read->key);
      g_autofree char *parent = read->parent_key != NULL
                                ? g_strdup_printf ("text-%s", read->parent_key) : NULL;
      ClpComment *comment = clp_comment_set_add (set, key, parent);

      comment->author = g_strdup (read->author);
      comment->posted_at = g_strdup (read->posted_at);
      comment->text = g_strdup (read->text);
      warn_missing (set, comment, heading, FALSE);
    }
  return set;
}

/**
 * clp_comment_extractor_read:
 * @doc: a page
 * @with_lines: whether warnings name the line of the page
 *
 * Returns: (transfer full): the comments of the first kind of markup that
 *   has any; an empty set if none has, with the count a heading claims
 */
ClpCommentSet *
clp_comment_extractor_read (htmlDocPtr doc,
                            gboolean   with_lines)
{
  xmlNode *body = clp_html_body (doc);
  ClpCommentSet *(*readers[]) (xmlNode *, gboolean) = { read_wordpress, read_drupal, read_plain };
  ClpCommentSet *set = NULL;

  g_return_val_if_fail (doc != NULL, NULL);

  if (body == NULL)
    return clp_comment_set_new ("text");
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      ClpCommentSet *found = readers[i] (body, with_lines);

      if (found->comments->len > 0 || found->skipped->len > 0)
        {
          clp_comment_set_free (set);
          return found;
        }
      /* Keep what the first that saw a comment section made of it. */
      if (set == NULL && (found->declared_count >= 0 || g_hash_table_size (found->regions) > 0))
        set = found;
      else
        clp_comment_set_free (found);
    }
  return set != NULL ? set : clp_comment_set_new ("text");
}
