/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-query"

#include "config.h"

#include <string.h>

#include "clp-query-private.h"

/* Where a query's terms are in a text, for highlighting and snippets,
 * compared as the full-text index compares words. */

typedef struct
{
  gsize  start;
  gsize  end;
  char  *folded;
} Word;

static void
word_clear (gpointer data)
{
  g_free (((Word *) data)->folded);
}

/* Folds a character as the full-text tokenizer does (unicode61 with
 * remove_diacritics 2): lower case, without its accents. */
static void
append_folded (GString  *out,
               gunichar  c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));

  for (gsize i = 0; i < n; i++)
    {
      if (g_unichar_ismark (decomposed[i]) && n > 1)
        continue;
      g_string_append_unichar (out, g_unichar_tolower (decomposed[i]));
    }
}

/* The words of @text as the index sees them, with where they stand. */
static GArray *
split_words (const char *text)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));
  const char *p = text;

  g_array_set_clear_func (words, word_clear);
  while (*p != '\0')
    {
      GString *folded;
      Word word;

      if (!clp_query_is_token_char (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      word.start = p - text;
      folded = g_string_new (NULL);
      while (*p != '\0' && clp_query_is_token_char (g_utf8_get_char (p)))
        {
          append_folded (folded, g_utf8_get_char (p));
          p = g_utf8_next_char (p);
        }
      word.end = p - text;
      word.folded = g_string_free (folded, FALSE);
      g_array_append_val (words, word);
    }
  return words;
}

static gboolean
term_applies (const ClpQueryNode *node,
              ClpQueryField       field)
{
  switch (field)
    {
    case CLP_QUERY_FIELD_TEXT:
      return node->kind == CLP_QUERY_NODE_TERM && node->term.field == CLP_QUERY_FIELD_TEXT;
    case CLP_QUERY_FIELD_TITLE:
      return node->kind == CLP_QUERY_NODE_TERM;
    case CLP_QUERY_FIELD_AUTHOR:
      return node->kind == CLP_QUERY_NODE_AUTHOR;
    default:
      return FALSE;
    }
}

static void
find_term (const ClpQueryTerm *term,
           GArray             *words,
           GArray             *matches)
{
  g_autoptr(GArray) needle = split_words (term->text);

  if (needle->len == 0)
    return;
  for (guint i = 0; i + needle->len <= words->len; i++)
    {
      gboolean same = TRUE;

      for (guint j = 0; same && j < needle->len; j++)
        {
          const char *have = g_array_index (words, Word, i + j).folded;
          const char *want = g_array_index (needle, Word, j).folded;

          if (term->kind == CLP_QUERY_TERM_PREFIX && j == needle->len - 1)
            same = g_str_has_prefix (have, want);
          else
            same = g_str_equal (have, want);
        }
      if (same)
        {
          ClpQueryMatch match = { g_array_index (words, Word, i).start,
                                  g_array_index (words, Word, i + needle->len - 1).end };

          g_array_append_val (matches, match);
        }
    }
}

static void
find_node (const ClpQueryNode *node,
           ClpQueryField       field,
           GArray             *words,
           GArray             *matches)
{
  if (node->kind == CLP_QUERY_NODE_NOT)
    return;
  if (node->kind == CLP_QUERY_NODE_AND || node->kind == CLP_QUERY_NODE_OR)
    {
      for (guint i = 0; i < node->children->len; i++)
        find_node (g_ptr_array_index (node->children, i), field, words, matches);
      return;
    }
  if (term_applies (node, field))
    find_term (&node->term, words, matches);
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const ClpQueryMatch *ma = a, *mb = b;

  if (ma->start != mb->start)
    return ma->start < mb->start ? -1 : 1;
  return ma->end < mb->end ? -1 : ma->end > mb->end ? 1 : 0;
}

/**
 * clp_query_find_matches:
 * @text: a comment's text, an article's body or title, or an author's name
 * @field: what @text is: %CLP_QUERY_FIELD_TEXT for comment text and article
 *   bodies, %CLP_QUERY_FIELD_TITLE for titles (plain words and title:
 *   terms), %CLP_QUERY_FIELD_AUTHOR for names (author: terms)
 *
 * Finds the query's terms in @text the way the full-text index compares
 * words: ignoring case and accents, prefixes at the start of a word.
 * Terms under a '-' are not looked for.
 *
 * Returns: (transfer full) (element-type ClpQueryMatch): byte ranges of
 *   @text, in order, not overlapping
 */
GArray *
clp_query_find_matches (ClpQuery      *self,
                        const char    *text,
                        ClpQueryField  field)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (ClpQueryMatch));
  g_autoptr(GArray) words = NULL;
  guint kept = 0;

  g_return_val_if_fail (self != NULL, matches);
  g_return_val_if_fail (text != NULL, matches);

  if (clp_query_get_root (self) == NULL)
    return matches;
  if (field == CLP_QUERY_FIELD_AUTHOR)
    {
      /* author: is the whole name, or its start. */
      g_autofree char *name = g_utf8_casefold (text, -1);
      g_autoptr(GPtrArray) terms = clp_query_get_terms (self);

      for (guint i = 0; i < terms->len; i++)
        {
          ClpQueryTerm *term = g_ptr_array_index (terms, i);
          g_autofree char *want = g_utf8_casefold (term->text, -1);

          if (term->field == CLP_QUERY_FIELD_AUTHOR &&
              (term->kind == CLP_QUERY_TERM_PREFIX ? g_str_has_prefix (name, want)
                                                   : g_str_equal (name, want)))
            {
              ClpQueryMatch match = { 0, strlen (text) };

              g_array_append_val (matches, match);
              break;
            }
        }
      return matches;
    }

  words = split_words (text);
  find_node (clp_query_get_root (self), field, words, matches);
  g_array_sort (matches, compare_matches);
  /* Overlapping matches ("ferry" and "ferr*") become one. */
  for (guint i = 0; i < matches->len; i++)
    {
      ClpQueryMatch *match = &g_array_index (matches, ClpQueryMatch, i);

      if (kept > 0 && match->start <= g_array_index (matches, ClpQueryMatch, kept - 1).end)
        {
          ClpQueryMatch *last = &g_array_index (matches, ClpQueryMatch, kept - 1);

          last->end = MAX (last->end, match->end);
          continue;
        }
      g_array_index (matches, ClpQueryMatch, kept++) = *match;
    }
  g_array_set_size (matches, kept);
  return matches;
}

/**
 * clp_query_make_snippet:
 * @text: what to quote from
 * @field: as for clp_query_find_matches()
 * @max_chars: about how long the snippet may be
 *
 * Returns: one line of plain text around the first match, with each match
 *   between %CLP_QUERY_MARK_START and %CLP_QUERY_MARK_END ("\x02" and
 *   "\x03") and "…" where text was cut; the start of @text when nothing
 *   matches
 */
char *
clp_query_make_snippet (ClpQuery      *self,
                        const char    *text,
                        ClpQueryField  field,
                        guint          max_chars)
{
  g_autoptr(GArray) matches = NULL;
  GString *out = g_string_new (NULL);
  const char *start = text;
  const char *p;
  guint next = 0;
  guint chars = 0;
  gsize word_end = 0;
  gsize mark_end = 0;
  gboolean in_match = FALSE;
  gboolean space = FALSE;

  g_return_val_if_fail (self != NULL, g_string_free (out, FALSE));
  g_return_val_if_fail (text != NULL, g_string_free (out, FALSE));

  matches = clp_query_find_matches (self, text, field);
  if (matches->len > 0)
    {
      /* Start a third of the way back from the first match, at a word. */
      const char *first = text + g_array_index (matches, ClpQueryMatch, 0).start;
      guint back = 0;

      start = first;
      while (start > text && back < max_chars / 3)
        {
          start = g_utf8_prev_char (start);
          back++;
        }
      while (start > text && start < first && !g_unichar_isspace (g_utf8_get_char (start)))
        start = g_utf8_next_char (start);
      while (start < first && g_unichar_isspace (g_utf8_get_char (start)))
        start = g_utf8_next_char (start);
    }
  while (g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  if (start > text)
    g_string_append (out, "…");

  for (p = start; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize at = p - text;
      gunichar c = g_utf8_get_char (p);

      while (next < matches->len && g_array_index (matches, ClpQueryMatch, next).end <= at &&
             !in_match)
        next++;
      if (in_match && g_array_index (matches, ClpQueryMatch, next).end == at)
        {
          g_string_append (out, CLP_QUERY_MARK_END);
          mark_end = out->len;
          in_match = FALSE;
          next++;
        }
      if (chars >= max_chars && !in_match)
        {
          /* End at a word when there is one to end at. */
          if (word_end > mark_end)
            g_string_truncate (out, word_end);
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_isspace (c) || c < 0x20 || c == 0x7f)
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        {
          if (!in_match)
            word_end = out->len;
          g_string_append_c (out, ' ');
          chars++;
        }
      space = FALSE;
      if (!in_match && next < matches->len &&
          g_array_index (matches, ClpQueryMatch, next).start == at)
        {
          g_string_append (out, CLP_QUERY_MARK_START);
          in_match = TRUE;
        }
      g_string_append_unichar (out, c);
      chars++;
    }
  if (in_match)
    g_string_append (out, CLP_QUERY_MARK_END);
  return g_string_free (out, FALSE);
}
