/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include "clp-store-planner.h"

#include <math.h>

/* The search planner: how a page of hits, or of the article list, is
 * found, from estimates of how many rows each condition matches.
 *
 * Speed. The first page must come back in a few milliseconds however many
 * rows match; ranking or sorting every match of a common word costs
 * hundreds of milliseconds on millions of comments. So a page in time
 * order is found in one of three ways, chosen by how many rows the
 * full-text part matches, which its newest SAMPLE_ROWS matches tell (row
 * ids are handed out in order, so their density stands for the whole):
 *
 * - fewer than SAMPLE_ROWS: the sample is all of them; look them up by id
 *   and sort them by time;
 * - more: walk the time index newest first, and test each row against the
 *   set of matching ids, which SQLite collects once (about 0.1 µs a match
 *   of one word, 0.15 µs a row walked); or, when the matches are so many
 *   that collecting them costs more than testing the rows a page needs
 *   (50 × rows / matches of them), test each row's own text with the
 *   index's tokenizer (clp_match(), about 1.3 µs a row; see
 *   clp-store-matcher.c). That is above sqrt (row_factor × rows) matches:
 *   34,000 of 2,000,000 comments. An article's body is some thirty times
 *   longer than a comment, and so is testing it. A phrase, or words
 *   together, cost FTS5 far more than their matches to collect (it seeks
 *   every row of the rarer word in the lists of the others), so for those
 *   the text wins as soon as the matches are more than the sample, and
 *   the newest rows' text is tested first to see whether they are.
 *
 * A named author, a reply count or a depth that few comments have can
 * drive the page the same way as a rare word. Relevance order is FTS5's own
 * ORDER BY rank. The figures were measured on a synthetic archive of
 * 100,000 articles and 2,000,000 comments. */

#define SAMPLE_ROWS 4000

/* Tests run every query each way on fixtures too small to choose them. */
static ClpStorePlan forced_plan = CLP_STORE_PLAN_AUTO;

void
clp_store_force_plan (ClpStorePlan plan)
{
  forced_plan = plan;
}

/* What testing a row's text costs, next to collecting a match. */
typedef struct
{
  double row_factor;  /* 50 × cost of testing a row's text / of collecting a match */
  int    row_sample;  /* newest rows whose text tells how common a slow prefix is */
} TargetCost;

static const TargetCost costs[] = {
  [CLP_STORE_TARGET_COMMENTS] = { 600.0, 2000 },
  [CLP_STORE_TARGET_ARTICLES] = { 18000.0, 50 },
};

/* Estimates */

/* Whether testing the text of the rows a page walks costs less than
 * collecting the @matches of @fts once. */
static gboolean
prefer_text (ClpStoreCompiler *compiler,
             ClpStoreFts      *fts,
             gint64            matches)
{
  const TargetCost *cost = &costs[compiler->target];

  /* For words together FTS5 pays for every row of the rarer word, which
   * the sample cannot see: past the sample, the text is cheaper. */
  if (fts->compound)
    return matches >= SAMPLE_ROWS;
  return matches > sqrt (cost->row_factor * compiler->rows);
}

/* How many rows @fts matches: -1 on error. Below SAMPLE_ROWS the count is
 * exact and *ids (when asked for) receives them all. */
static gint64
estimate (ClpStoreCompiler *compiler,
          ClpStoreFts      *fts,
          GArray          **ids)
{
  const ClpStoreTargetInfo *info = &clp_store_targets[compiler->target];
  const TargetCost *cost = &costs[compiler->target];
  g_auto(ClpStoreStatement) stmt = { 0 };
  g_autoptr(GArray) found = NULL;
  g_autofree char *sql = NULL;
  gint64 oldest;

  /* A prefix without a prefix index costs as much to sample as to
   * collect, and words together cost FTS5 a seek for every row of the
   * rarer one. Test the newest rows' text first: if the matches are many,
   * that is all there is to know. */
  if (fts->slow || fts->compound)
    {
      g_autofree char *indexed_by = clp_store_indexed_by (compiler->store, info->time_index);
      gint64 hits = 0, guess;

      sql = g_strdup_printf ("SELECT count(*) FROM (SELECT %s FROM %s%s"
                             " ORDER BY %s DESC LIMIT ?) WHERE clp_match (?, %s)",
                             info->columns, info->table, indexed_by, info->time,
                             compiler->target == CLP_STORE_TARGET_COMMENTS ? "author, text"
                                                                           : "title, body");
      if (!clp_store_statement_init (&stmt, compiler->store, sql, "estimate", compiler->error))
        return -1;
      clp_store_statement_bind_int64 (&stmt, 1, cost->row_sample);
      clp_store_statement_bind_matcher (&stmt, 2, fts->matcher);
      if (!clp_store_statement_fetch_int64 (&stmt, &hits, compiler->error))
        return -1;
      clp_store_statement_clear (&stmt);
      guess = hits * compiler->rows / cost->row_sample;
      if (hits >= 3 && prefer_text (compiler, fts, guess))
        return guess;
      g_clear_pointer (&sql, g_free);
    }

  sql = g_strdup_printf ("SELECT rowid FROM %s WHERE %s MATCH ? ORDER BY rowid DESC LIMIT ?",
                         info->fts, info->fts);
  if (!clp_store_statement_init (&stmt, compiler->store, sql, "estimate", compiler->error))
    return -1;
  clp_store_statement_bind_text (&stmt, 1, fts->text);
  clp_store_statement_bind_int64 (&stmt, 2, SAMPLE_ROWS);
  found = clp_store_statement_collect_int64 (&stmt, compiler->error);
  if (found == NULL)
    return -1;
  if (found->len < SAMPLE_ROWS)
    {
      gint64 count = found->len;

      if (ids != NULL)
        *ids = g_steal_pointer (&found);
      return count;
    }
  /* Newest first: the last is the oldest. */
  oldest = g_array_index (found, gint64, found->len - 1);
  return (gint64) found->len * compiler->rows / MAX (compiler->rows - oldest + 1, 1);
}

/* Whether a page tests @fts on each row's text rather than against the
 * set of its matches, given how many rows it matches, or -1 when that is
 * not known yet. */
gboolean
clp_store_planner_test_by_text (ClpStoreCompiler *compiler,
                                ClpStoreFts      *fts,
                                gint64            matches,
                                gboolean         *by_text)
{
  if (forced_plan != CLP_STORE_PLAN_AUTO)
    {
      *by_text = forced_plan == CLP_STORE_PLAN_ROWS;
      return TRUE;
    }
  if (matches < 0)
    matches = estimate (compiler, fts, NULL);
  if (matches < 0)
    return FALSE;
  *by_text = prefer_text (compiler, fts, matches);
  return TRUE;
}

typedef enum
{
  DRIVER_WALK,     /* the time index, in order */
  DRIVER_IDS,      /* the few full-text matches, looked up and sorted */
  DRIVER_AUTHOR,   /* every comment of one author, sorted */
  DRIVER_REPLIES,  /* every comment with that many replies, sorted */
  DRIVER_DEPTH,    /* every reply that deep, sorted */
  DRIVER_RANK,     /* FTS5's rank */
} Driver;

/* How many rows a driver's index lists, counting no further than
 * SAMPLE_ROWS: reading the index costs that much at most. */
static gint64
count_driver (ClpStoreCompiler *compiler,
              Driver            driver)
{
  const ClpQueryNode *node = driver == DRIVER_REPLIES ? compiler->driver_replies
                             : compiler->driver_depth;
  g_auto(ClpStoreStatement) stmt = { 0 };
  g_autofree char *sql = NULL;
  gint64 count;

  if (driver == DRIVER_AUTHOR)
    sql = g_strdup ("SELECT count(*) FROM (SELECT 1 FROM comments"
                    " WHERE author = ? COLLATE NOCASE LIMIT ?)");
  else
    sql = g_strdup_printf ("SELECT count(*) FROM (SELECT 1 FROM comments INDEXED BY %s"
                           " WHERE %s %s ? AND %s >= %d LIMIT ?)",
                           driver == DRIVER_REPLIES ? "comments_replies" : "comments_depth",
                           driver == DRIVER_REPLIES ? "reply_count" : "depth",
                           clp_store_compiler_compare_sql (node->compare),
                           driver == DRIVER_REPLIES ? "reply_count" : "depth",
                           CLP_STORE_STRUCTURE_INDEX_FLOOR);
  if (!clp_store_statement_init (&stmt, compiler->store, sql, "count", compiler->error))
    return -1;
  if (driver == DRIVER_AUTHOR)
    clp_store_statement_bind_text (&stmt, 1, compiler->driver_author);
  else
    clp_store_statement_bind_int64 (&stmt, 1, node->number);
  clp_store_statement_bind_int64 (&stmt, 2, SAMPLE_ROWS);
  if (!clp_store_statement_fetch_int64 (&stmt, &count, compiler->error))
    return -1;
  return count;
}

/* The index driver that lists fewest rows, if any lists fewer than
 * SAMPLE_ROWS. */
static gboolean
choose_index_driver (ClpStoreCompiler *compiler,
                     Driver           *driver,
                     gint64           *fewest)
{
  *driver = DRIVER_WALK;
  *fewest = SAMPLE_ROWS;
  for (Driver d = DRIVER_AUTHOR; d <= DRIVER_DEPTH; d++)
    {
      gint64 count;

      if ((d == DRIVER_AUTHOR && compiler->driver_author == NULL) ||
          (d == DRIVER_REPLIES && compiler->driver_replies == NULL) ||
          (d == DRIVER_DEPTH && compiler->driver_depth == NULL))
        continue;
      /* An index a large import dropped for its duration drives nothing. */
      if (!clp_store_has_index (compiler->store, d == DRIVER_AUTHOR ? "comments_author"
                                                 : d == DRIVER_REPLIES ? "comments_replies"
                                                 : "comments_depth"))
        continue;
      count = count_driver (compiler, d);
      if (count < 0)
        return FALSE;
      if (count < *fewest)
        {
          *driver = d;
          *fewest = count;
        }
    }
  return TRUE;
}

static char *
ids_to_json (GArray *ids)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (ids, gint64, i));
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/* Writes the FROM and WHERE of a page of @part, choosing where to start:
 * the few full-text matches, the few rows an index lists, or a walk down
 * the time index. */
gboolean
clp_store_planner_plan_page (ClpStoreCompiler *compiler,
                             ClpStorePart     *part,
                             ClpSearchOrder    order,
                             gint64            ranked,
                             GString          *sql,
                             GPtrArray        *params)
{
  const ClpStoreTargetInfo *info = &clp_store_targets[compiler->target];
  gboolean comments = compiler->target == CLP_STORE_TARGET_COMMENTS;
  Driver driver = DRIVER_WALK;
  g_autoptr(GArray) ids = NULL;
  g_auto(ClpStoreConditions) conditions = { 0 };
  GPtrArray *into;
  ClpStoreFts *fts = NULL;
  gint64 matches = -1, fewest;

  clp_store_conditions_init (&conditions);
  /* The full-text conjunct drives or filters; the rest is SQL. */
  if (part->truth == CLP_STORE_TRUTH_SOME && part->fts->len > 0)
    {
      g_assert (part->fts->len == 1);
      fts = g_ptr_array_steal_index (part->fts, 0);
      if (part->sql == NULL && part->fts_not->len == 0)
        part->truth = CLP_STORE_TRUTH_TRUE;
    }

  if (fts != NULL && order == CLP_SEARCH_ORDER_RELEVANCE)
    driver = DRIVER_RANK;
  else if (forced_plan != CLP_STORE_PLAN_AUTO)
    ;
  else if (fts != NULL)
    {
      matches = estimate (compiler, fts, &ids);
      if (matches < 0)
        goto failed;
      if (ids != NULL)
        driver = DRIVER_IDS;
    }
  if (driver == DRIVER_WALK && forced_plan == CLP_STORE_PLAN_AUTO &&
      !choose_index_driver (compiler, &driver, &fewest))
    goto failed;

  switch (driver)
    {
    case DRIVER_RANK:
      /* FTS5's own best @ranked, on the index alone, as bare FTS5 finds
       * them; the rest of the query filters those. Or, with @ranked < 0,
       * every match best first, straight from FTS5 into the rest of the
       * query, which stops when the page is full. */
      if (ranked >= 0)
        {
          /* r.ranked: how many FTS5 handed over, to tell whether it had
           * more (see clp-store-search.c). */
          g_string_append_printf (sql, " FROM (SELECT rowid, rank, count(*) OVER () AS ranked"
                                       " FROM (SELECT rowid, rank FROM %s WHERE %s MATCH ?"
                                       " ORDER BY rank LIMIT ?)) r CROSS JOIN %s ON %s = r.rowid",
                                  info->fts, info->fts, info->table, info->id);
          clp_store_params_add_text (params, fts->text);
          clp_store_params_add_number (params, ranked);
        }
      else
        g_string_append_printf (sql, " FROM %s AS r CROSS JOIN %s ON %s = r.rowid", info->fts,
                                info->table, info->id);
      break;
    case DRIVER_IDS:
      g_string_append_printf (sql, " FROM %s", info->table);
      break;
    case DRIVER_AUTHOR:
      g_string_append (sql, " FROM comments c INDEXED BY comments_author");
      break;
    case DRIVER_REPLIES:
      g_string_append (sql, " FROM comments c INDEXED BY comments_replies");
      break;
    case DRIVER_DEPTH:
      g_string_append (sql, " FROM comments c INDEXED BY comments_depth");
      break;
    case DRIVER_WALK:
    default:
      {
        g_autofree char *indexed_by = clp_store_indexed_by (compiler->store, info->time_index);

        g_string_append_printf (sql, " FROM %s%s", info->table, indexed_by);
      }
      break;
    }
  g_string_append (sql, clp_store_compiler_article_join (compiler));
  g_string_append (sql, " WHERE ");
  if (fts != NULL)
    {
      if (driver == DRIVER_RANK)
        {
          if (ranked < 0)
            {
              GString *condition = clp_store_conditions_next (&conditions,
                                                              CLP_STORE_CONDITION_EARLY, &into);

              g_string_append_printf (condition, "r.%s MATCH ?", info->fts);
              clp_store_params_add_text (into, fts->text);
            }
        }
      else if (driver == DRIVER_IDS)
        {
          g_autofree char *json = ids_to_json (ids);
          GString *condition = clp_store_conditions_next (&conditions, CLP_STORE_CONDITION_EARLY,
                                                          &into);

          g_string_append_printf (condition, "%s IN (SELECT value FROM json_each (?))", info->id);
          clp_store_params_add_text (into, json);
        }
      else if (!clp_store_compiler_add_fts_test (compiler, &conditions, fts, matches, FALSE))
        goto failed;
    }
  /* Deleted and spam comments are not found. */
  if (comments)
    clp_store_conditions_add (&conditions, "c.status = 0", NULL);
  /* The index's own condition, which the driver's implies. */
  if (driver == DRIVER_REPLIES || driver == DRIVER_DEPTH)
    {
      g_autofree char *floor = g_strdup_printf ("c.%s >= %d",
                                                driver == DRIVER_REPLIES ? "reply_count" : "depth",
                                                CLP_STORE_STRUCTURE_INDEX_FLOOR);

      clp_store_conditions_add (&conditions, floor, NULL);
    }
  if (part->truth == CLP_STORE_TRUTH_SOME &&
      !clp_store_compiler_add_part (compiler, &conditions, part))
    goto failed;
  clp_store_compiler_add_hoisted (compiler, &conditions);
  clp_store_conditions_write (&conditions, sql, params);
  g_clear_pointer (&fts, clp_store_fts_unref);
  return TRUE;

failed:
  g_clear_pointer (&fts, clp_store_fts_unref);
  return FALSE;
}

/* Whether the comments that match @part are few enough to collect all
 * their articles at once, rather than walk the articles in order and look
 * for a matching comment in each. */
static gboolean
few_comments (ClpStoreCompiler *compiler,
              ClpStorePart     *part,
              gboolean         *few)
{
  Driver driver;
  gint64 fewest;

  *few = part->truth == CLP_STORE_TRUTH_FALSE;
  if (part->truth != CLP_STORE_TRUTH_SOME || forced_plan != CLP_STORE_PLAN_AUTO)
    return TRUE;
  if (part->fts->len > 0)
    {
      gint64 matches = estimate (compiler, g_ptr_array_index (part->fts, 0), NULL);

      if (matches < 0)
        return FALSE;
      if (matches < SAMPLE_ROWS)
        {
          *few = TRUE;
          return TRUE;
        }
    }
  if (!choose_index_driver (compiler, &driver, &fewest))
    return FALSE;
  if (driver == DRIVER_WALK && compiler->driver_from != NULL && compiler->driver_to != NULL)
    {
      g_auto(ClpStoreStatement) stmt = { 0 };

      if (!clp_store_statement_init (&stmt, compiler->store,
                                     "SELECT count(*) FROM (SELECT 1 FROM comments"
                                     " WHERE posted_at >= ? AND posted_at < ? LIMIT ?)",
                                     "count", compiler->error))
        return FALSE;
      clp_store_statement_bind_text (&stmt, 1, compiler->driver_from);
      clp_store_statement_bind_text (&stmt, 2, compiler->driver_to);
      clp_store_statement_bind_int64 (&stmt, 3, SAMPLE_ROWS);
      if (!clp_store_statement_fetch_int64 (&stmt, &fewest, compiler->error))
        return FALSE;
    }
  *few = fewest < SAMPLE_ROWS;
  return TRUE;
}

/* Whether a page of the article list walks the articles in its order and
 * looks for a match in each, rather than collect the articles that match
 * and sort them: when the comments that match are many, or the articles. */
gboolean
clp_store_planner_walk_articles (ClpStoreCompiler *articles,
                                 ClpStorePart     *article_part,
                                 ClpStoreCompiler *comments,
                                 ClpStorePart     *comment_part,
                                 gboolean         *walk)
{
  gboolean few, few_articles = TRUE;

  if (!few_comments (comments, comment_part, &few))
    return FALSE;
  /* Words in many articles are walked too; other conditions on articles
   * are cheap next to the comments'. */
  if (few && article_part->truth == CLP_STORE_TRUTH_SOME && article_part->fts->len > 0 &&
      forced_plan == CLP_STORE_PLAN_AUTO)
    {
      gint64 matches = estimate (articles, g_ptr_array_index (article_part->fts, 0), NULL);

      if (matches < 0)
        return FALSE;
      few_articles = matches < SAMPLE_ROWS;
    }
  *walk = !(few && few_articles);
  return TRUE;
}
