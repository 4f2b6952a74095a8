/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include <string.h>

#include "clp-store-compiler.h"
#include "clp-store-planner.h"

/* The article list: article ids in the order the list shows, all of them
 * or those that a query and the list's filters let through, a page at a
 * time. Part of ClpStore; the query is compiled by clp-store-compiler.c and
 * the planner chooses between walking the articles in order and
 * collecting those that match. */

/**
 * clp_store_list_article_ids:
 *
 * Returns: (transfer full) (element-type gint64): the ids of every article,
 *   in the order asked for
 */
GArray *
clp_store_list_article_ids (ClpStore         *self,
                            ClpArticleOrder   order,
                            gboolean          descending,
                            GCancellable     *cancellable,
                            GError          **error)
{
  return clp_store_list_matching_article_ids (self, NULL, order, descending, 0, G_MAXUINT,
                                              cancellable, error);
}

static const struct
{
  const char *join;      /* what the order needs besides the article */
  const char *index;     /* an index in this order, or NULL for the row id */
  const char *order[2];  /* ascending, descending */
} article_orders[] = {
  [CLP_ARTICLE_ORDER_PUBLISHED] = { "", "articles_published",
                                    { "a.published, a.id", "a.published DESC, a.id DESC" } },
  [CLP_ARTICLE_ORDER_TITLE] = { "", "articles_title",
                                { "a.title COLLATE NOCASE, a.id",
                                  "a.title COLLATE NOCASE DESC, a.id DESC" } },
  [CLP_ARTICLE_ORDER_SOURCE] = { " LEFT JOIN sources s ON s.id = a.source_id", NULL,
                                 { "s.name COLLATE NOCASE, a.published DESC, a.id",
                                   "s.name COLLATE NOCASE DESC, a.published DESC, a.id DESC" } },
  [CLP_ARTICLE_ORDER_COMMENTS] = { "", "articles_comment_count",
                                   { "a.comment_count, a.id", "a.comment_count DESC, a.id DESC" } },
  [CLP_ARTICLE_ORDER_IMPORTED] = { "", NULL, { "a.id", "a.id DESC" } },
};

/* "articles that match themselves OR have a matching comment", as SQL.
 * @walk: per article, in the order of the list (EXISTS); else collected
 * once (IN). */
static gboolean
append_article_filter (ClpStoreCompiler *articles,
                       ClpStorePart     *article_part,
                       ClpStoreCompiler *comments,
                       ClpStorePart     *comment_part,
                       gboolean          walk,
                       GString          *sql,
                       GPtrArray        *params)
{
  if (article_part->truth == CLP_STORE_TRUTH_TRUE)
    return TRUE;
  if (comment_part->truth == CLP_STORE_TRUTH_FALSE)
    {
      if (article_part->truth == CLP_STORE_TRUTH_FALSE)
        {
          g_string_append (sql, " WHERE 0");
          return TRUE;
        }
      g_string_append (sql, " WHERE ");
      return clp_store_compiler_append_part (articles, article_part, sql, params);
    }
  g_string_append (sql, " WHERE ");
  if (article_part->truth == CLP_STORE_TRUTH_SOME)
    {
      if (!clp_store_compiler_append_part (articles, article_part, sql, params))
        return FALSE;
      g_string_append (sql, " OR ");
    }
  {
    g_auto(ClpStoreConditions) conditions = { 0 };

    clp_store_conditions_init (&conditions);
    if (comment_part->truth == CLP_STORE_TRUTH_SOME &&
        !clp_store_compiler_add_part (comments, &conditions, comment_part))
      return FALSE;
    if (walk)
      {
        /* The article's own conditions, once, before its comments. */
        if (comments->hoisted != NULL)
          {
            g_string_append_printf (sql, "(%s AND ", comments->hoisted->str);
            clp_store_params_extend (params, comments->hoisted_params);
          }
        g_string_append (sql, "EXISTS (SELECT 1 FROM comments c WHERE c.article_id = a.id"
                              " AND c.status = 0 AND ");
        clp_store_conditions_write (&conditions, sql, params);
        g_string_append (sql, comments->hoisted != NULL ? "))" : ")");
        return TRUE;
      }
    clp_store_compiler_add_hoisted (comments, &conditions);
    g_string_append_printf (sql, "a.id IN (SELECT c.article_id FROM comments c%s"
                                 " WHERE c.status = 0 AND ",
                            clp_store_compiler_article_join (comments));
    clp_store_conditions_write (&conditions, sql, params);
    g_string_append_c (sql, ')');
  }
  return TRUE;
}

/**
 * clp_store_list_matching_article_ids:
 * @query: (nullable): which articles; %NULL or an empty query lists all
 * @offset: how many to skip
 * @limit: how many at most; %G_MAXUINT for all
 *
 * The article list filtered by a search: the articles that match by
 * themselves or have at least one visible comment that matches. A first
 * page comes back quickly whatever the query; all of them, in a few
 * hundred milliseconds for a common word on millions of comments.
 *
 * Returns: (transfer full) (element-type gint64): article ids in @order
 */
GArray *
clp_store_list_matching_article_ids (ClpStore         *self,
                                     ClpQuery         *query,
                                     ClpArticleOrder   order,
                                     gboolean          descending,
                                     guint             offset,
                                     guint             limit,
                                     GCancellable     *cancellable,
                                     GError          **error)
{
  return clp_store_list_filtered_article_ids (self, query, NULL, order, descending, offset, limit,
                                              cancellable, error);
}

gboolean
clp_article_filter_is_empty (const ClpArticleFilter *filter)
{
  return filter == NULL ||
         (filter->source == NULL && filter->section == NULL && filter->published_from == NULL &&
          filter->published_to == NULL && !filter->has_comments);
}

void
clp_article_filter_clear (ClpArticleFilter *filter)
{
  g_clear_pointer (&filter->source, g_free);
  g_clear_pointer (&filter->section, g_free);
  g_clear_pointer (&filter->published_from, g_free);
  g_clear_pointer (&filter->published_to, g_free);
  filter->has_comments = FALSE;
}

/* The list filters, as conditions on the article row "a", ANDed with what
 * the query asks. Values are bound. */
static void
append_list_filter (const ClpArticleFilter *filter,
                    GString                *sql,
                    gsize                   where_at,
                    GPtrArray              *params)
{
  g_autoptr(GString) conditions = g_string_new (NULL);

  if (clp_article_filter_is_empty (filter))
    return;
  if (filter->source != NULL)
    {
      g_string_append (conditions, " AND a.source_id = (SELECT id FROM sources WHERE name = ?)");
      clp_store_params_add_text (params, filter->source);
    }
  if (filter->section != NULL)
    {
      g_string_append (conditions, " AND a.section = ?");
      clp_store_params_add_text (params, filter->section);
    }
  if (filter->published_from != NULL)
    {
      g_string_append (conditions, " AND a.published >= ?");
      clp_store_params_add_text (params, filter->published_from);
    }
  if (filter->published_to != NULL)
    {
      g_string_append (conditions, " AND a.published <= ?");
      clp_store_params_add_text (params, filter->published_to);
    }
  if (filter->has_comments)
    g_string_append (conditions, " AND a.comment_count > 0");

  if (sql->len > where_at)
    {
      /* The query's own WHERE clause, in parentheses, then ours. */
      g_assert (g_str_has_prefix (sql->str + where_at, " WHERE "));
      g_string_insert (sql, where_at + strlen (" WHERE "), "(");
      g_string_append_c (sql, ')');
      g_string_append (sql, conditions->str);
    }
  else
    {
      g_string_append (sql, " WHERE 1");
      g_string_append (sql, conditions->str);
    }
}

/**
 * clp_store_list_filtered_article_ids:
 * @query: (nullable): what the articles or their comments must match
 * @filter: (nullable): conditions on the articles themselves
 *
 * As clp_store_list_matching_article_ids(), with the article list's
 * filters on top.
 */
GArray *
clp_store_list_filtered_article_ids (ClpStore               *self,
                                     ClpQuery               *query,
                                     const ClpArticleFilter *filter,
                                     ClpArticleOrder         order,
                                     gboolean                descending,
                                     guint                   offset,
                                     guint                   limit,
                                     GCancellable           *cancellable,
                                     GError                **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) params = clp_store_params_new ();
  g_autoptr(GString) sql = g_string_new ("SELECT a.id FROM articles a");
  g_auto(ClpStoreCompiler) articles = { 0 };
  g_auto(ClpStoreCompiler) comments = { 0 };
  g_auto(ClpStorePart) article_part = { 0 };
  g_auto(ClpStorePart) comment_part = { 0 };
  g_auto(ClpStoreStatement) stmt = { 0 };
  gboolean walk = FALSE;
  gboolean ok;

  g_return_val_if_fail (CLP_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) order < G_N_ELEMENTS (article_orders), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  clp_store_lock (self);
  clp_store_watch_cancellable (self, cancellable);

  /* Compiled for a whole list first; for a page of many matches, again
   * for a walk. */
  clp_store_compiler_init (&articles, self, CLP_STORE_TARGET_ARTICLES, CLP_STORE_MODE_ALL, error);
  clp_store_compiler_init (&comments, self, CLP_STORE_TARGET_COMMENTS, CLP_STORE_MODE_ALL, error);
  ok = clp_store_compiler_compile (&articles, query, &article_part) &&
       clp_store_compiler_compile (&comments, query, &comment_part);
  if (ok && limit != G_MAXUINT && article_part.truth != CLP_STORE_TRUTH_TRUE &&
      (comment_part.truth != CLP_STORE_TRUTH_FALSE || article_part.truth == CLP_STORE_TRUTH_SOME) &&
      order != CLP_ARTICLE_ORDER_SOURCE)
    {
      ok = clp_store_planner_walk_articles (&articles, &article_part, &comments, &comment_part,
                                            &walk);
      if (ok && walk)
        {
          clp_store_part_clear (&article_part);
          clp_store_part_clear (&comment_part);
          clp_store_compiler_clear (&articles);
          clp_store_compiler_clear (&comments);
          clp_store_compiler_init (&articles, self, CLP_STORE_TARGET_ARTICLES, CLP_STORE_MODE_PAGE,
                                   error);
          clp_store_compiler_init (&comments, self, CLP_STORE_TARGET_COMMENTS, CLP_STORE_MODE_PAGE,
                                   error);
          ok = clp_store_compiler_compile (&articles, query, &article_part) &&
               clp_store_compiler_compile (&comments, query, &comment_part);
        }
    }
  if (ok)
    {
      gsize where_at;

      if (walk && article_orders[order].index != NULL)
        {
          g_autofree char *indexed_by = clp_store_indexed_by (self, article_orders[order].index);

          g_string_append (sql, indexed_by);
        }
      g_string_append (sql, article_orders[order].join);
      where_at = sql->len;
      ok = append_article_filter (&articles, &article_part, &comments, &comment_part, walk, sql,
                                  params);
      if (ok)
        append_list_filter (filter, sql, where_at, params);
    }
  if (ok)
    {
      g_string_append_printf (sql, " ORDER BY %s LIMIT ? OFFSET ?",
                              article_orders[order].order[descending ? 1 : 0]);
      clp_store_params_add_number (params, limit == G_MAXUINT ? -1 : (gint64) limit);
      clp_store_params_add_number (params, offset);
      ok = clp_store_compiler_prepare (self, sql->str, params, &stmt, error);
    }
  if (ok)
    ids = clp_store_statement_collect_int64 (&stmt, error);
  clp_store_statement_clear (&stmt);
  clp_store_watch_cancellable (self, NULL);
  clp_store_unlock (self);

  return g_steal_pointer (&ids);
}
