/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-search-request"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clp-date.h"
#include "clp-search-request.h"

struct _ClpSearchRequest
{
  int               ref_count;

  char             *text;           /* as the user typed it */
  ClpQuery         *words;          /* parsed from text, or NULL */
  ClpQuery         *after;          /* --after, or NULL */
  ClpQuery         *before;         /* --before, or NULL */
  ClpQuery         *period;         /* the comment filters' period, or NULL */
  ClpQuery         *author;         /* the comment filters' author, or NULL */
  gboolean          narrows_list;
  ClpArticleFilter  article_filter;
  ClpArticleOrder   order;
  gboolean          descending;
  ClpSearchOrder    search_order;

  /* Made from the parts above after each change. */
  ClpQuery         *list_query;
  ClpQuery         *comment_query;
};

G_DEFINE_BOXED_TYPE (ClpSearchRequest, clp_search_request,
                     clp_search_request_ref, clp_search_request_unref)

/**
 * clp_search_request_new:
 *
 * Returns: (transfer full): a request for every article, newest first
 */
ClpSearchRequest *
clp_search_request_new (void)
{
  ClpSearchRequest *self = g_new0 (ClpSearchRequest, 1);

  self->ref_count = 1;
  self->order = CLP_ARTICLE_ORDER_PUBLISHED;
  self->descending = TRUE;
  self->search_order = CLP_SEARCH_ORDER_NEWEST;
  return self;
}

ClpSearchRequest *
clp_search_request_ref (ClpSearchRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
clp_search_request_unref (ClpSearchRequest *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_free (self->text);
  g_clear_pointer (&self->words, clp_query_unref);
  g_clear_pointer (&self->after, clp_query_unref);
  g_clear_pointer (&self->before, clp_query_unref);
  g_clear_pointer (&self->period, clp_query_unref);
  g_clear_pointer (&self->author, clp_query_unref);
  g_clear_pointer (&self->list_query, clp_query_unref);
  g_clear_pointer (&self->comment_query, clp_query_unref);
  clp_article_filter_clear (&self->article_filter);
  g_free (self);
}

/* The list shows the articles that match the words (or have a comment
 * that does); the comment filters narrow it only when asked, and then as
 * "has a comment that passes them". In an article, the comments that pass
 * are those matching the words and the filters together. */
static void
rebuild (ClpSearchRequest *self)
{
  ClpQuery *base_parts[] = { self->words, self->after, self->before };
  ClpQuery *filter_parts[] = { self->period, self->author };
  g_autoptr(ClpQuery) base = clp_query_new_all (base_parts, G_N_ELEMENTS (base_parts));
  g_autoptr(ClpQuery) filters = clp_query_new_all (filter_parts, G_N_ELEMENTS (filter_parts));
  g_autoptr(ClpQuery) comments_only = NULL;

  g_clear_pointer (&self->list_query, clp_query_unref);
  g_clear_pointer (&self->comment_query, clp_query_unref);

  {
    ClpQuery *both[] = { base, filters };

    self->comment_query = clp_query_new_all (both, G_N_ELEMENTS (both));
  }
  if (filters != NULL && self->narrows_list)
    {
      comments_only = clp_query_new_in_comments (filters);
      {
        ClpQuery *both[] = { base, comments_only };

        self->list_query = clp_query_new_all (both, G_N_ELEMENTS (both));
      }
    }
  else if (base != NULL)
    self->list_query = clp_query_ref (base);
}

/**
 * clp_search_request_set_text:
 * @text: (nullable): what the user typed in the query language
 *
 * Returns: %FALSE with @error set, its span (clp_query_error_get_span())
 *   in @text, when @text is not a query; the request is then unchanged
 */
gboolean
clp_search_request_set_text (ClpSearchRequest  *self,
                             const char        *text,
                             GError           **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(ClpQuery) words = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (*stripped != '\0')
    {
      words = clp_query_parse (text, error);
      if (words == NULL)
        return FALSE;
      if (clp_query_is_empty (words))
        g_clear_pointer (&words, clp_query_unref);
    }
  g_free (self->text);
  self->text = g_steal_pointer (&stripped);
  g_clear_pointer (&self->words, clp_query_unref);
  self->words = g_steal_pointer (&words);
  rebuild (self);
  return TRUE;
}

static gboolean
set_bound (ClpSearchRequest  *self,
           ClpQuery         **bound,
           const char        *when,
           gboolean           after,
           GError           **error)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  if (when != NULL && !clp_date_parse_period (when, &start, &end))
    {
      g_set_error (error, CLP_QUERY_ERROR, CLP_QUERY_ERROR_BAD_DATE,
                   _("'%s' is not a date; write YYYY, YYYY-MM, YYYY-MM-DD or "
                     "YYYY-MM-DDTHH:MM"), when);
      return FALSE;
    }
  g_clear_pointer (bound, clp_query_unref);
  /* As after: and before: in the language: from the start of the period
   * named, and up to just before its start. */
  if (when != NULL)
    *bound = after ? clp_query_new_period (start, NULL) : clp_query_new_period (NULL, start);
  rebuild (self);
  return TRUE;
}

/**
 * clp_search_request_set_after:
 * @when: (nullable): a time as the query language writes it ("2019-03")
 *
 * Only what was posted or published from the start of @when on, for the
 * list and the comments alike, as `after:` in the text.
 */
gboolean
clp_search_request_set_after (ClpSearchRequest  *self,
                              const char        *when,
                              GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return set_bound (self, &self->after, when, TRUE, error);
}

/**
 * clp_search_request_set_before:
 * @when: (nullable): a time as the query language writes it
 *
 * Only what was posted or published before the start of @when.
 */
gboolean
clp_search_request_set_before (ClpSearchRequest  *self,
                               const char        *when,
                               GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return set_bound (self, &self->before, when, FALSE, error);
}

/**
 * clp_search_request_set_comment_period:
 * @from: (nullable): the first instant, "YYYY-MM-DDTHH:MM:SS"
 * @to: (nullable): the first instant after the period
 *
 * A comment filter: only the comments posted in [@from, @to) pass.
 */
void
clp_search_request_set_comment_period (ClpSearchRequest *self,
                                       const char       *from,
                                       const char       *to)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->period, clp_query_unref);
  if (from != NULL || to != NULL)
    self->period = clp_query_new_period (from, to);
  rebuild (self);
}

/**
 * clp_search_request_set_author:
 * @author: (nullable): a name, any case; with a final `*`, names that
 *   start so; %NULL or blank for any author
 *
 * A comment filter: only this author's comments pass.
 */
void
clp_search_request_set_author (ClpSearchRequest *self,
                               const char       *author)
{
  g_autofree char *name = g_strstrip (g_strdup (author != NULL ? author : ""));

  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->author, clp_query_unref);
  if (*name != '\0' && !g_str_equal (name, "*"))
    self->author = clp_query_new_author (name);
  rebuild (self);
}

/**
 * clp_search_request_set_narrows_list:
 * @narrows: whether the comment filters narrow the list too, to the
 *   articles with a comment that passes them
 */
void
clp_search_request_set_narrows_list (ClpSearchRequest *self,
                                     gboolean          narrows)
{
  g_return_if_fail (self != NULL);

  self->narrows_list = narrows;
  rebuild (self);
}

void
clp_search_request_set_article_filter (ClpSearchRequest       *self,
                                       const ClpArticleFilter *filter)
{
  g_return_if_fail (self != NULL);

  clp_article_filter_clear (&self->article_filter);
  if (filter == NULL)
    return;
  self->article_filter.source = g_strdup (filter->source);
  self->article_filter.section = g_strdup (filter->section);
  self->article_filter.published_from = g_strdup (filter->published_from);
  self->article_filter.published_to = g_strdup (filter->published_to);
  self->article_filter.has_comments = filter->has_comments;
}

void
clp_search_request_set_order (ClpSearchRequest *self,
                              ClpArticleOrder   order,
                              gboolean          descending)
{
  g_return_if_fail (self != NULL);

  self->order = order;
  self->descending = descending;
}

void
clp_search_request_set_search_order (ClpSearchRequest *self,
                                     ClpSearchOrder    order)
{
  g_return_if_fail (self != NULL);

  self->search_order = order;
}

/**
 * clp_search_request_get_text:
 *
 * Returns: what the user typed, stripped; "" when nothing
 */
const char *
clp_search_request_get_text (ClpSearchRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text != NULL ? self->text : "";
}

/**
 * clp_search_request_get_list_query:
 *
 * Returns: (transfer none) (nullable): what picks the articles of the
 *   list, with clp_search_request_get_article_filter(); %NULL for all
 */
ClpQuery *
clp_search_request_get_list_query (ClpSearchRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->list_query;
}

/**
 * clp_search_request_get_comment_query:
 *
 * Returns: (transfer none) (nullable): what picks the comments of an
 *   article: the words, the time bounds and the comment filters; %NULL
 *   when every comment passes
 */
ClpQuery *
clp_search_request_get_comment_query (ClpSearchRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->comment_query;
}

/**
 * clp_search_request_has_comment_filters:
 *
 * Returns: whether a comment period or author is set: an article then
 *   shows only the comments passing them, with those they answer
 */
gboolean
clp_search_request_has_comment_filters (ClpSearchRequest *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->period != NULL || self->author != NULL;
}

const ClpArticleFilter *
clp_search_request_get_article_filter (ClpSearchRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->article_filter;
}

/**
 * clp_search_request_lists_everything:
 *
 * Returns: whether the list holds every article of the archive
 */
gboolean
clp_search_request_lists_everything (ClpSearchRequest *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->list_query == NULL && clp_article_filter_is_empty (&self->article_filter);
}

ClpArticleOrder
clp_search_request_get_order (ClpSearchRequest *self,
                              gboolean         *descending)
{
  g_return_val_if_fail (self != NULL, CLP_ARTICLE_ORDER_PUBLISHED);

  if (descending != NULL)
    *descending = self->descending;
  return self->order;
}

ClpSearchOrder
clp_search_request_get_search_order (ClpSearchRequest *self)
{
  g_return_val_if_fail (self != NULL, CLP_SEARCH_ORDER_NEWEST);

  return self->search_order;
}

static gboolean
same_query (ClpQuery *a,
            ClpQuery *b)
{
  g_autofree char *a_text = NULL;
  g_autofree char *b_text = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  a_text = clp_query_to_string (a);
  b_text = clp_query_to_string (b);
  return g_str_equal (a_text, b_text);
}

/**
 * clp_search_request_lists_same:
 * @a: (nullable): a request
 * @b: (nullable): another
 *
 * Returns: whether the two list the same articles in the same order
 */
gboolean
clp_search_request_lists_same (ClpSearchRequest *a,
                               ClpSearchRequest *b)
{
  const ClpArticleFilter *x, *y;

  if (a == NULL || b == NULL)
    return a == b;
  x = &a->article_filter;
  y = &b->article_filter;
  return a->order == b->order && a->descending == b->descending &&
         same_query (a->list_query, b->list_query) &&
         g_strcmp0 (x->source, y->source) == 0 &&
         g_strcmp0 (x->section, y->section) == 0 &&
         g_strcmp0 (x->published_from, y->published_from) == 0 &&
         g_strcmp0 (x->published_to, y->published_to) == 0 &&
         x->has_comments == y->has_comments;
}

/**
 * clp_search_request_describe:
 *
 * Returns: (transfer full) (nullable): the search and filters in words,
 *   as the user gave them, for the header of an export; %NULL when the
 *   request holds neither
 */
char *
clp_search_request_describe (ClpSearchRequest *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const ClpArticleFilter *filter;

  g_return_val_if_fail (self != NULL, NULL);

  filter = &self->article_filter;
  if (self->words != NULL)
    g_ptr_array_add (parts, g_strdup (self->text));
  if (self->after != NULL)
    g_ptr_array_add (parts, g_strdup (clp_query_get_text (self->after)));
  if (self->before != NULL)
    g_ptr_array_add (parts, g_strdup (clp_query_get_text (self->before)));
  if (self->period != NULL)
    /* Translators: %s is like "after:2019-03-14T12:00 before:2019-03-15T00:00" */
    g_ptr_array_add (parts, g_strdup_printf (_("comments %s"), clp_query_get_text (self->period)));
  if (self->author != NULL)
    g_ptr_array_add (parts, g_strdup (clp_query_get_text (self->author)));
  if (filter->source != NULL)
    /* Translators: an article filter, %s is a source's name */
    g_ptr_array_add (parts, g_strdup_printf (_("source %s"), filter->source));
  if (filter->section != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("section %s"), filter->section));
  if (filter->published_from != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("published from %s"), filter->published_from));
  if (filter->published_to != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("published to %s"), filter->published_to));
  if (filter->has_comments)
    g_ptr_array_add (parts, g_strdup (_("with comments")));
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("; ", (char **) parts->pdata);
}
