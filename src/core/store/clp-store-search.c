/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include "clp-date.h"
#include "clp-reference.h"
#include "clp-store-compiler.h"
#include "clp-store-planner.h"

/* The search runner: a page of hits, the comments and articles that match
 * a query merged in one order, with their titles and snippets; counts of
 * every match; the matching comments of one article; and the SQL functions
 * the compiled queries call. Part of ClpStore. The query is compiled by
 * clp-store-compiler.c, and clp-store-planner.c chooses how each page is
 * found. */

/* @ranked as clp_store_planner_plan_page() takes it: by rank alone when
 * FTS5 hands over every match, since a second key would make SQLite fetch
 * and sort them all; equal ranks then come in FTS5's order, the same at
 * every call. */
static void
append_order (GString        *sql,
              ClpStoreTarget  target,
              ClpSearchOrder  order,
              gboolean        by_rank,
              gint64          ranked)
{
  const ClpStoreTargetInfo *info = &clp_store_targets[target];

  if (by_rank && ranked < 0)
    g_string_append (sql, " ORDER BY r.rank");
  else if (by_rank)
    g_string_append_printf (sql, " ORDER BY r.rank, %s", info->id);
  else if (order == CLP_SEARCH_ORDER_OLDEST)
    g_string_append_printf (sql, " ORDER BY %s, %s", info->time, info->id);
  else
    g_string_append_printf (sql, " ORDER BY %s DESC, %s DESC", info->time, info->id);
}

/* The first @want hits of @query in @target, in @order, into @hits, with
 * @ranked the number of FTS5's best matches to take them from in relevance
 * order. Their snippet holds the text to quote from until finish_hits().
 * *@more says whether a larger @ranked could find more. */
static gboolean
search_target_once (ClpStore        *self,
                    ClpQuery        *query,
                    ClpStoreTarget   target,
                    ClpSearchOrder   order,
                    guint            want,
                    gint64           ranked,
                    GPtrArray       *hits,
                    gboolean        *more,
                    GError         **error)
{
  g_auto(ClpStoreCompiler) compiler = { 0 };
  g_auto(ClpStorePart) part = { 0 };
  g_auto(ClpStoreStatement) stmt = { 0 };
  g_autoptr(GPtrArray) params = clp_store_params_new ();
  g_autoptr(GString) sql = NULL;
  g_autofree char *fts_text = NULL;
  gboolean by_rank, row, ok;
  gint64 started = g_get_monotonic_time ();
  gint64 handed_over = -1;

  *more = FALSE;
  clp_store_compiler_init (&compiler, self, target, CLP_STORE_MODE_PAGE, error);
  if (!clp_store_compiler_compile (&compiler, query, &part))
    return FALSE;
  if (part.truth == CLP_STORE_TRUTH_FALSE)
    return TRUE;

  by_rank = order == CLP_SEARCH_ORDER_RELEVANCE && part.fts->len > 0;
  if (by_rank)
    fts_text = g_strdup (((ClpStoreFts *) g_ptr_array_index (part.fts, 0))->text);
  /* Conditions besides the words ("people author:x") may pass none of
   * FTS5's best few; asking it again ranks every match again. */
  if (by_rank && (!clp_store_part_is_fts (&part) || compiler.hoisted != NULL))
    ranked = -1;
  sql = g_string_new (target == CLP_STORE_TARGET_COMMENTS
                      ? "SELECT c.id, c.article_id, c.author, " CLP_STORE_SHOWN_TIME ", c.text, "
                      : "SELECT 0, a.id, NULL, a.published, NULL, ");
  g_string_append (sql, by_rank ? "r.rank" : "0");
  g_string_append (sql, by_rank && ranked >= 0 ? ", r.ranked" : ", 0");
  if (!clp_store_planner_plan_page (&compiler, &part, order, ranked, sql, params))
    return FALSE;
  append_order (sql, target, order, by_rank, ranked);
  g_string_append (sql, " LIMIT ?");
  clp_store_params_add_number (params, want);

  if (!clp_store_compiler_prepare (self, sql->str, params, &stmt, error))
    return FALSE;
  g_debug ("search: planned in %.1f ms", (g_get_monotonic_time () - started) / 1000.0);
  while ((ok = clp_store_statement_step (&stmt, &row, error)) && row)
    {
      ClpSearchHit *hit = clp_search_hit_new ();

      hit->comment_id = clp_store_statement_get_int64 (&stmt, 0);
      hit->article_id = clp_store_statement_get_int64 (&stmt, 1);
      hit->author = clp_store_statement_dup_text (&stmt, 2);
      hit->posted_at = clp_store_statement_dup_text (&stmt, 3);
      hit->snippet = clp_store_statement_dup_text (&stmt, 4);
      hit->rank = clp_store_statement_get_double (&stmt, 5);
      handed_over = clp_store_statement_get_int64 (&stmt, 6);
      g_ptr_array_add (hits, hit);
    }
  g_debug ("search: %u rows in %.1f ms", hits->len, (g_get_monotonic_time () - started) / 1000.0);
  clp_store_statement_clear (&stmt);
  if (!ok)
    return FALSE;
  /* Fewer than asked among FTS5's best: the others may be further down,
   * if there are others. FTS5 had no more when it handed over fewer than
   * asked: a page that came back short says so, in r.ranked. Only a page
   * with no hit at all has to ask FTS5 again, which for words together
   * costs as much as the search. */
  if (by_rank && hits->len < want && ranked >= 0 && handed_over >= 0)
    *more = handed_over >= ranked;
  else if (by_rank && hits->len < want && ranked >= 0)
    {
      g_autofree char *sql_count = g_strdup_printf ("SELECT count(*) FROM (SELECT 1 FROM %s"
                                                    " WHERE %s MATCH ? LIMIT ?)",
                                                    clp_store_targets[target].fts,
                                                    clp_store_targets[target].fts);
      gint64 count;

      if (!clp_store_statement_init (&stmt, self, sql_count, "search", error))
        return FALSE;
      clp_store_statement_bind_text (&stmt, 1, fts_text);
      clp_store_statement_bind_int64 (&stmt, 2, ranked);
      if (!clp_store_statement_fetch_int64 (&stmt, &count, error))
        return FALSE;
      *more = count >= ranked;
    }
  return TRUE;
}

/* In relevance order, a query of words alone has FTS5 rank only as many
 * as asked, a little more than a page, and the rest of the query filter
 * them; when hidden comments drop too many, or the query has other
 * conditions, FTS5 ranks every match and hands them over best first until
 * the page is full. Ranking costs the same either way, hundreds of
 * milliseconds for a word in a fifth of two million comments, so it is
 * done at most twice. */
static gboolean
search_target (ClpStore        *self,
               ClpQuery        *query,
               ClpStoreTarget   target,
               ClpSearchOrder   order,
               guint            want,
               GPtrArray       *hits,
               GError         **error)
{
  gint64 ranked = (gint64) want + want / 4 + 16;

  for (;;)
    {
      gboolean more;

      g_ptr_array_set_size (hits, 0);
      if (!search_target_once (self, query, target, order, want, ranked, hits, &more, error))
        return FALSE;
      if (!more)
        return TRUE;
      ranked = -1;
    }
}

/* Orders a comment hit @a against an article hit @b; on a tie the comment
 * comes first. A missing time sorts as the oldest, as SQLite sorts NULL. */
static int
compare_hits (ClpSearchHit   *a,
              ClpSearchHit   *b,
              ClpSearchOrder  order)
{
  if (order == CLP_SEARCH_ORDER_RELEVANCE)
    return a->rank <= b->rank ? -1 : 1;
  if (order == CLP_SEARCH_ORDER_NEWEST)
    return g_strcmp0 (b->posted_at, a->posted_at);
  return g_strcmp0 (a->posted_at, b->posted_at);
}

/* Titles and snippets for the hits of one page: an article's body is
 * read only when the article itself is a hit. */
static gboolean
finish_hits (ClpStore   *self,
             ClpQuery   *query,
             GPtrArray  *hits,
             GError    **error)
{
  g_autoptr(ClpQuery) everything = NULL;

  if (query == NULL)
    query = everything = clp_query_parse ("", NULL);
  for (guint i = 0; i < hits->len; i++)
    {
      ClpSearchHit *hit = g_ptr_array_index (hits, i);
      g_auto(ClpStoreStatement) stmt = { 0 };
      g_autofree char *text = g_steal_pointer (&hit->snippet);
      gboolean article = hit->comment_id == 0;
      const char *body;
      gboolean row;

      if (!clp_store_statement_init (&stmt, self,
                                     article ? "SELECT title, body FROM articles WHERE id = ?"
                                             : "SELECT title FROM articles WHERE id = ?",
                                     "search", error))
        return FALSE;
      clp_store_statement_bind_int64 (&stmt, 1, hit->article_id);
      if (!clp_store_statement_step (&stmt, &row, error))
        return FALSE;
      /* A hit's article is there, unless the archive is damaged. */
      if (!row)
        return clp_store_set_error (self, error, "search");
      hit->title = clp_store_statement_dup_text (&stmt, 0);
      if (!article)
        hit->snippet = clp_query_make_snippet (query, text != NULL ? text : "",
                                               CLP_QUERY_FIELD_TEXT, 200);
      else
        {
          g_autoptr(GArray) in_title = clp_query_find_matches (query, hit->title,
                                                               CLP_QUERY_FIELD_TITLE);
          g_autoptr(GArray) in_body = NULL;

          body = clp_store_statement_get_text (&stmt, 1);
          in_body = clp_query_find_matches (query, body != NULL ? body : "",
                                            CLP_QUERY_FIELD_TEXT);
          /* Quote the body where it matches, else the title if it does. */
          if (in_body->len == 0 && in_title->len > 0)
            hit->snippet = clp_query_make_snippet (query, hit->title, CLP_QUERY_FIELD_TITLE, 200);
          else
            hit->snippet = clp_query_make_snippet (query, body != NULL ? body : "",
                                                   CLP_QUERY_FIELD_TEXT, 200);
        }
    }
  return TRUE;
}

static GPtrArray *
hits_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) clp_search_hit_unref);
}

/**
 * clp_store_search:
 * @query: (nullable): what to find; %NULL or an empty query finds everything
 * @order: newest or oldest first by the comment's time and the article's
 *   publication day, or by relevance (FTS5's bm25; without words to rank by,
 *   newest first)
 * @offset: how many hits to skip, for later pages
 * @limit: how many hits at most
 *
 * Finds the articles that match by themselves and the visible comments
 * that match (deleted and spam comments are left out), in one list; an
 * article sorts as the start of its publication day, a comment without a
 * time as the oldest.
 *
 * Returns: (transfer full) (element-type ClpSearchHit): the hits, or %NULL
 *   with an error; %G_IO_ERROR_CANCELLED when @cancellable fired
 */
GPtrArray *
clp_store_search (ClpStore        *self,
                  ClpQuery        *query,
                  ClpSearchOrder   order,
                  guint            offset,
                  guint            limit,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autoptr(GPtrArray) comment_hits = hits_new ();
  g_autoptr(GPtrArray) article_hits = hits_new ();
  g_autoptr(GPtrArray) hits = hits_new ();
  guint want, i = 0, j = 0;
  gboolean ok;

  g_return_val_if_fail (CLP_IS_STORE (self), NULL);
  g_return_val_if_fail (order <= CLP_SEARCH_ORDER_RELEVANCE, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (limit == 0)
    return g_steal_pointer (&hits);
  want = offset > G_MAXUINT - limit ? G_MAXUINT : offset + limit;

  clp_store_lock (self);
  clp_store_watch_cancellable (self, cancellable);
  ok = search_target (self, query, CLP_STORE_TARGET_COMMENTS, order, want, comment_hits, error) &&
       search_target (self, query, CLP_STORE_TARGET_ARTICLES, order, want, article_hits, error);
  if (ok)
    {
      /* Both lists are in order: merge them, skip @offset, keep @limit. */
      while (hits->len < limit && (i < comment_hits->len || j < article_hits->len))
        {
          ClpSearchHit *next;

          if (j >= article_hits->len ||
              (i < comment_hits->len && compare_hits (g_ptr_array_index (comment_hits, i),
                                                      g_ptr_array_index (article_hits, j),
                                                      order) <= 0))
            next = g_ptr_array_index (comment_hits, i++);
          else
            next = g_ptr_array_index (article_hits, j++);
          if (offset > 0)
            offset--;
          else
            g_ptr_array_add (hits, clp_search_hit_ref (next));
        }
      ok = finish_hits (self, query, hits, error);
    }
  clp_store_watch_cancellable (self, NULL);
  clp_store_unlock (self);

  return ok ? g_steal_pointer (&hits) : NULL;
}

/**
 * clp_store_count_matches:
 * @query: (nullable): what to count
 * @n_articles: (out) (optional): articles that match or have a matching
 *   comment, as clp_store_list_matching_article_ids() lists them
 * @n_comments: (out) (optional): visible comments that match
 *
 * Counts every match, so it takes as long as the matches are many:
 * hundreds of milliseconds for a common word on millions of comments. Run
 * it apart from the first page, with its own cancellable.
 */
gboolean
clp_store_count_matches (ClpStore      *self,
                         ClpQuery      *query,
                         gint64        *n_articles,
                         gint64        *n_comments,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GHashTable) articles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          NULL);
  gint64 comments = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (CLP_IS_STORE (self), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  clp_store_lock (self);
  clp_store_watch_cancellable (self, cancellable);
  for (ClpStoreTarget target = CLP_STORE_TARGET_COMMENTS;
       ok && target <= CLP_STORE_TARGET_ARTICLES;
       target++)
    {
      g_auto(ClpStoreCompiler) compiler = { 0 };
      g_auto(ClpStorePart) part = { 0 };
      g_auto(ClpStoreStatement) stmt = { 0 };
      g_autoptr(GPtrArray) params = clp_store_params_new ();
      g_autoptr(GString) sql = NULL;
      gboolean row;

      clp_store_compiler_init (&compiler, self, target, CLP_STORE_MODE_ALL, error);
      if (!clp_store_compiler_compile (&compiler, query, &part))
        {
          ok = FALSE;
          break;
        }
      if (part.truth == CLP_STORE_TRUTH_FALSE)
        continue;
      sql = g_string_new (NULL);
      if (target == CLP_STORE_TARGET_COMMENTS)
        g_string_append_printf (sql, "SELECT c.article_id FROM comments c%s WHERE c.status = 0",
                                clp_store_compiler_article_join (&compiler));
      else
        g_string_append (sql, "SELECT a.id FROM articles a WHERE 1");
      g_string_append (sql, " AND ");
      if (!clp_store_compiler_append_all (&compiler, &part, sql, params))
        {
          ok = FALSE;
          break;
        }
      if (!clp_store_compiler_prepare (self, sql->str, params, &stmt, error))
        {
          ok = FALSE;
          break;
        }
      while ((ok = clp_store_statement_step (&stmt, &row, error)) && row)
        {
          gint64 id = clp_store_statement_get_int64 (&stmt, 0);

          if (target == CLP_STORE_TARGET_COMMENTS)
            comments++;
          if (!g_hash_table_contains (articles, &id))
            g_hash_table_add (articles, g_memdup2 (&id, sizeof id));
        }
    }
  clp_store_watch_cancellable (self, NULL);
  clp_store_unlock (self);

  if (!ok)
    return FALSE;
  if (n_articles != NULL)
    *n_articles = g_hash_table_size (articles);
  if (n_comments != NULL)
    *n_comments = comments;
  return TRUE;
}

/**
 * clp_store_match_comments:
 * @article_id: the article whose comments to look at
 * @query: (nullable): what to find; %NULL or empty matches every comment
 * @matches: (out) (element-type gint64): the visible comments that match,
 *   in page order
 * @context: (out) (optional) (element-type gint64): the comments those
 *   reply to, up to the top of each thread, that do not match themselves,
 *   in page order: to be shown dimmed, so a reply keeps what it answered
 *
 * For "7 matching comments" and "Only matching comments" in the reading
 * view, and for the comment filters of one article.
 */
gboolean
clp_store_match_comments (ClpStore      *self,
                          gint64         article_id,
                          ClpQuery      *query,
                          GArray       **matches,
                          GArray       **context,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) parent_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) matching = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GArray) shown = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) above = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) params = clp_store_params_new ();
  g_autoptr(GString) sql = NULL;
  g_auto(ClpStoreCompiler) compiler = { 0 };
  g_auto(ClpStorePart) part = { 0 };
  g_auto(ClpStoreStatement) stmt = { 0 };
  gboolean row, ok;

  g_return_val_if_fail (CLP_IS_STORE (self), FALSE);
  g_return_val_if_fail (matches != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  clp_store_lock (self);
  clp_store_watch_cancellable (self, cancellable);
  clp_store_compiler_init (&compiler, self, CLP_STORE_TARGET_COMMENTS, CLP_STORE_MODE_ARTICLE,
                           error);
  ok = clp_store_compiler_compile (&compiler, query, &part);
  if (ok)
    {
      sql = g_string_new ("SELECT c.id, coalesce (c.parent_id, 0), c.status = 0 AND ");
      ok = clp_store_compiler_append_all (&compiler, &part, sql, params);
      g_string_append_printf (sql, " FROM comments c%s WHERE c.article_id = ?"
                                   " ORDER BY c.position, c.id",
                              clp_store_compiler_article_join (&compiler));
      clp_store_params_add_number (params, article_id);
    }
  if (ok)
    ok = clp_store_compiler_prepare (self, sql->str, params, &stmt, error);
  if (ok)
    {
      /* Every comment of the article in page order, and whether it
       * matches: the chains above the matches come from the same rows. */
      while ((ok = clp_store_statement_step (&stmt, &row, error)) && row)
        {
          gint64 id = clp_store_statement_get_int64 (&stmt, 0);
          gint64 parent_id = clp_store_statement_get_int64 (&stmt, 1);
          gboolean match = clp_store_statement_get_int (&stmt, 2) != 0;

          /* Without the chains, only the matches are kept: an export of a
           * huge thread asks for them alone. */
          if (context == NULL)
            {
              if (match)
                g_array_append_val (found, id);
              continue;
            }
          g_array_append_val (ids, id);
          g_array_append_val (parent_ids, parent_id);
          g_array_append_val (matching, match);
        }
    }
  clp_store_statement_clear (&stmt);
  clp_store_watch_cancellable (self, NULL);
  clp_store_unlock (self);
  if (!ok)
    return FALSE;
  if (context == NULL)
    {
      *matches = g_steal_pointer (&found);
      return TRUE;
    }

  for (guint i = 0; i < ids->len; i++)
    g_hash_table_insert (index, &g_array_index (ids, gint64, i), GUINT_TO_POINTER (i + 1));
  shown = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), ids->len);
  g_array_set_size (shown, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      guint at = i;

      if (!g_array_index (matching, gboolean, i))
        continue;
      /* Up the chain until the top, or a comment already shown; the step
       * count stops a loop in damaged data. */
      for (guint steps = 0; steps < ids->len; steps++)
        {
          gint64 parent_id = g_array_index (parent_ids, gint64, at);
          guint parent = GPOINTER_TO_UINT (g_hash_table_lookup (index, &parent_id));

          if (parent == 0 || g_array_index (matching, gboolean, parent - 1) ||
              g_array_index (shown, gboolean, parent - 1))
            break;
          at = parent - 1;
          g_array_index (shown, gboolean, at) = TRUE;
        }
    }
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (matching, gboolean, i))
        g_array_append_val (found, g_array_index (ids, gint64, i));
      else if (g_array_index (shown, gboolean, i))
        g_array_append_val (above, g_array_index (ids, gint64, i));
    }

  *matches = g_steal_pointer (&found);
  if (context != NULL)
    *context = g_steal_pointer (&above);
  return TRUE;
}

/* clp_casefold (text): the text folded as g_utf8_casefold() folds it, for
 * comparing author names as merging compares them. */
static void
casefold_cb (sqlite3_context  *context,
             int               argc,
             sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      sqlite3_result_value (context, argv[0]);
      return;
    }
  sqlite3_result_text (context, g_utf8_casefold (text, -1), -1, g_free);
}

/* clp_local_time (posted_utc): the instant in this computer's zone,
 * "YYYY-MM-DDTHH:MM:SS", as clp_comment_dup_shown_time() shows it; NULL
 * for NULL. Not deterministic: the zone may differ from one process to
 * the next. */
static void
local_time_cb (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  char *local;

  if (sqlite3_value_type (argv[0]) != SQLITE_INTEGER)
    {
      sqlite3_result_null (context);
      return;
    }
  local = clp_date_from_unix (sqlite3_value_int64 (argv[0]), TRUE);
  if (local != NULL)
    sqlite3_result_text (context, local, -1, g_free);
  else
    sqlite3_result_null (context);
}

/* clp_local_seconds (posted_utc): clp_date_local_seconds() of it, the
 * number clp_local_time() writes out; NULL for NULL, or an instant it
 * cannot write. */
static void
local_seconds_cb (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  gint64 wall;

  if (sqlite3_value_type (argv[0]) != SQLITE_INTEGER ||
      !clp_date_local_seconds (sqlite3_value_int64 (argv[0]), &wall))
    sqlite3_result_null (context);
  else
    sqlite3_result_int64 (context, wall);
}

/* clp_reference (url, title, source, published, author, posted_at,
 * posted_utc, text): a comment's reference, as clp_reference_make()
 * makes it, for ref: to compare with. ref: asks for it only for the few
 * comments of the reference's time. */
static void
reference_cb (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  const char *text[8] = { NULL };
  g_autofree char *key = NULL;

  for (int i = 0; i < 8; i++)
    if (i != 6)
      {
        text[i] = (const char *) sqlite3_value_text (argv[i]);
        if (text[i] != NULL && !g_utf8_validate (text[i], -1, NULL))
          {
            sqlite3_result_null (context);
            return;
          }
      }
  key = clp_reference_article_key (text[0], text[1], text[2], text[3]);
  sqlite3_result_text (context,
                       clp_reference_make (key, text[4], text[5],
                                           sqlite3_value_type (argv[6]) != SQLITE_NULL,
                                           sqlite3_value_int64 (argv[6]), text[7]),
                       -1, g_free);
}

gboolean
clp_store_add_search_functions (ClpStore  *self,
                                GError   **error)
{
  sqlite3 *db = clp_store_get_handle (self);

  if (sqlite3_create_function_v2 (db, "clp_casefold", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                  casefold_cb, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function_v2 (db, "clp_local_time", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                                  local_time_cb, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function_v2 (db, "clp_local_seconds", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                  NULL, local_seconds_cb, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function_v2 (db, "clp_reference", 8,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                  reference_cb, NULL, NULL, NULL) != SQLITE_OK ||
      !clp_store_matcher_register (db))
    return clp_store_set_error (self, error, "search functions");
  return TRUE;
}
