/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include "clp-store-fts.h"

#include <string.h>

/* Full-text conditions: a term of the query, or several joined, as an FTS5
 * query string and as a ClpStoreMatcher that gives the same answer for one
 * row's text (clp-store-matcher.c), with what the planner needs to know of
 * their cost. */

static ClpStoreFts *
fts_new (char            *text,
         ClpStoreMatcher *matcher,
         gboolean         slow,
         gboolean         compound)
{
  ClpStoreFts *fts = g_new0 (ClpStoreFts, 1);

  fts->ref_count = 1;
  fts->text = text;
  fts->matcher = matcher;
  fts->slow = slow;
  fts->compound = compound;
  return fts;
}

ClpStoreFts *
clp_store_fts_ref (ClpStoreFts *fts)
{
  fts->ref_count++;
  return fts;
}

void
clp_store_fts_unref (ClpStoreFts *fts)
{
  if (--fts->ref_count > 0)
    return;
  g_free (fts->text);
  clp_store_matcher_unref (fts->matcher);
  g_free (fts);
}

/* "a AND b NOT c" as one FTS5 query: FTS5's NOT needs something before it. */
ClpStoreFts *
clp_store_fts_combine (GPtrArray *all,
                       GPtrArray *none,
                       gboolean   any)
{
  GString *text = g_string_new (NULL);
  ClpStoreMatcher *matcher = clp_store_matcher_new (any ? CLP_STORE_MATCHER_OR
                                                        : CLP_STORE_MATCHER_AND);
  gboolean slow = FALSE;
  /* OR merges lists, at the cost of their matches; AND and NOT seek. */
  gboolean compound = !any && all->len + (none != NULL ? none->len : 0) > 1;

  g_assert (all->len > 0);
  for (guint i = 0; i < all->len; i++)
    {
      ClpStoreFts *fts = g_ptr_array_index (all, i);

      g_string_append_printf (text, "%s(%s)", i == 0 ? "" : any ? " OR " : " AND ", fts->text);
      clp_store_matcher_add (matcher, fts->matcher);
      slow |= fts->slow;
      compound |= fts->compound;
    }
  for (guint i = 0; none != NULL && i < none->len; i++)
    {
      ClpStoreFts *fts = g_ptr_array_index (none, i);
      g_autoptr(ClpStoreMatcher) not = clp_store_matcher_new (CLP_STORE_MATCHER_NOT);

      g_string_prepend_c (text, '(');
      g_string_append_printf (text, ") NOT (%s)", fts->text);
      clp_store_matcher_add (not, fts->matcher);
      clp_store_matcher_add (matcher, not);
      slow |= fts->slow;
    }
  return fts_new (g_string_free (text, FALSE), matcher, slow, compound);
}

/* The prefix indexes hold the first 2 and 3 characters of each word
 * (migration 2); any other prefix makes FTS5 merge the lists of every word
 * it starts. */
static gboolean
is_slow_prefix (const char *text)
{
  const char *end = text + strlen (text);
  const char *start;
  glong length;

  while (end > text && !g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (end))))
    end = g_utf8_prev_char (end);
  start = end;
  while (start > text && g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (start))))
    start = g_utf8_prev_char (start);
  length = g_utf8_strlen (start, end - start);
  return length != 2 && length != 3;
}

/* A term as an FTS5 query, in @column of the full-text table or in both
 * (NULL): the word or phrase in double quotes, a quote doubled, which is
 * how the query language quotes too; a prefix with its star after them. */
char *
clp_store_fts_query (const char         *column,
                     const ClpQueryTerm *term)
{
  GString *text = g_string_new (NULL);
  g_autofree char *quoted = clp_query_quote (term->text);

  if (column != NULL)
    g_string_append_printf (text, "{%s} : ", column);
  g_string_append (text, quoted);
  if (term->kind == CLP_QUERY_TERM_PREFIX)
    g_string_append_c (text, '*');
  return g_string_free (text, FALSE);
}

/* @column as clp_store_fts_query() takes it; @columns says the same for the
 * matcher: bit 0 the first, bit 1 the second. */
ClpStoreFts *
clp_store_fts_new_term (ClpStore           *store,
                        const char         *column,
                        guint               columns,
                        const ClpQueryTerm *term)
{
  gboolean prefix = term->kind == CLP_QUERY_TERM_PREFIX;
  ClpStoreMatcher *matcher = clp_store_matcher_new_term (clp_store_get_tokenizer (store), columns,
                                                         term->text, prefix);

  return fts_new (clp_store_fts_query (column, term), matcher,
                  prefix && is_slow_prefix (term->text),
                  clp_store_matcher_count_tokens (matcher) > 1);
}
