/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "clp-date.h"
#include "clp-query-private.h"
#include "clp-store-private.h"

/* Searching the archive: a ClpQuery compiled to SQL over the tables and
 * their full-text indexes. Part of ClpStore, split out for its size.
 *
 * User text reaches SQLite only as bound values: words and phrases as
 * double-quoted FTS5 strings (a '"' doubled), names, dates and numbers as
 * plain values. The SQL text is made of fixed pieces chosen by the shape of
 * the query.
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

typedef enum
{
  TARGET_COMMENTS,
  TARGET_ARTICLES,
} Target;

typedef struct
{
  const char *table;       /* with its alias */
  const char *fts;         /* its full-text table */
  const char *id;          /* its row id, as the queries name it */
  const char *columns;     /* the full-text table's two columns, for clp_match() */
  const char *time;        /* what "newest" means */
  const char *time_index;
  double      row_factor;  /* 50 × cost of testing a row's text / of collecting a match */
  int         row_sample;  /* newest rows whose text tells how common a slow prefix is */
} TargetInfo;

static const TargetInfo targets[] = {
  [TARGET_COMMENTS] = { "comments c", "comments_fts", "c.id", "c.author, c.text", "c.posted_at",
                        "comments_posted", 600.0, 2000 },
  [TARGET_ARTICLES] = { "articles a", "articles_fts", "a.id", "a.title, a.body", "a.published",
                        "articles_published", 18000.0, 50 },
};

/* How the rows a full-text part matches are found. */
typedef enum
{
  MODE_PAGE,     /* a page in some order: choose by estimates */
  MODE_ALL,      /* every match, for counts and whole lists: collect the set */
  MODE_ARTICLE,  /* the comments of one article: test each row */
} Mode;

/* Full-text conditions */

/* A full-text condition in both its forms: an FTS5 query for the index,
 * and a matcher for one row's text. */
typedef struct
{
  int              ref_count;
  char            *text;
  ClpStoreMatcher *matcher;
  gboolean         slow;      /* has a prefix the prefix indexes cannot serve */
  gboolean         compound;  /* more than one word: FTS5 seeks between lists */
} Fts;

static Fts *
fts_new (char            *text,
         ClpStoreMatcher *matcher,
         gboolean         slow,
         gboolean         compound)
{
  Fts *fts = g_new0 (Fts, 1);

  fts->ref_count = 1;
  fts->text = text;
  fts->matcher = matcher;
  fts->slow = slow;
  fts->compound = compound;
  return fts;
}

static Fts *
fts_ref (Fts *fts)
{
  fts->ref_count++;
  return fts;
}

static void
fts_unref (Fts *fts)
{
  if (--fts->ref_count > 0)
    return;
  g_free (fts->text);
  clp_store_matcher_unref (fts->matcher);
  g_free (fts);
}

/* "a AND b NOT c" as one FTS5 query: FTS5's NOT needs something before it. */
static Fts *
fts_combine (GPtrArray *all,
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
      Fts *fts = g_ptr_array_index (all, i);

      g_string_append_printf (text, "%s(%s)", i == 0 ? "" : any ? " OR " : " AND ", fts->text);
      clp_store_matcher_add (matcher, fts->matcher);
      slow |= fts->slow;
      compound |= fts->compound;
    }
  for (guint i = 0; none != NULL && i < none->len; i++)
    {
      Fts *fts = g_ptr_array_index (none, i);
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
static char *
fts_query (const char         *column,
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

/* @column as fts_query() takes it; @columns says the same for the
 * matcher: bit 0 the first, bit 1 the second. */
static Fts *
fts_term (ClpStore           *store,
          const char         *column,
          guint               columns,
          const ClpQueryTerm *term)
{
  gboolean prefix = term->kind == CLP_QUERY_TERM_PREFIX;
  ClpStoreMatcher *matcher = clp_store_matcher_new_term (clp_store_get_tokenizer (store), columns,
                                                         term->text, prefix);

  return fts_new (fts_query (column, term), matcher, prefix && is_slow_prefix (term->text),
                  clp_store_matcher_count_tokens (matcher) > 1);
}

/* Parameters */

typedef enum
{
  PARAM_TEXT,
  PARAM_NUMBER,
  PARAM_MATCHER,
} ParamKind;

typedef struct
{
  ParamKind        kind;
  char            *text;
  gint64           number;
  ClpStoreMatcher *matcher;
} Param;

static void
param_free (Param *param)
{
  g_free (param->text);
  g_clear_pointer (&param->matcher, clp_store_matcher_unref);
  g_free (param);
}

static Param *
param_copy (const Param *param)
{
  Param *copy = g_memdup2 (param, sizeof *param);

  copy->text = g_strdup (param->text);
  if (copy->matcher != NULL)
    clp_store_matcher_ref (copy->matcher);
  return copy;
}

static void
add_text (GPtrArray  *params,
          const char *text)
{
  Param *param = g_new0 (Param, 1);

  param->kind = PARAM_TEXT;
  param->text = g_strdup (text);
  g_ptr_array_add (params, param);
}

static void
add_number (GPtrArray *params,
            gint64     number)
{
  Param *param = g_new0 (Param, 1);

  param->kind = PARAM_NUMBER;
  param->number = number;
  g_ptr_array_add (params, param);
}

static void
add_matcher (GPtrArray       *params,
             ClpStoreMatcher *matcher)
{
  Param *param = g_new0 (Param, 1);

  param->kind = PARAM_MATCHER;
  param->matcher = clp_store_matcher_ref (matcher);
  g_ptr_array_add (params, param);
}

static GPtrArray *
params_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) param_free);
}

/* Compiled parts */

typedef enum
{
  TRUTH_TRUE,
  TRUTH_FALSE,
  TRUTH_SOME,
} Truth;

/* A compiled part of a query: ALL fts AND NOT fts_not… AND sql. */
typedef struct
{
  Truth      truth;
  GPtrArray *fts;       /* (element-type Fts) */
  GPtrArray *fts_not;   /* (element-type Fts) */
  GString   *sql;       /* SQL conjuncts, or NULL */
  GPtrArray *params;    /* (element-type Param) the values of sql's '?', in order */
} Part;

static void
part_init (Part  *part,
           Truth  truth)
{
  part->truth = truth;
  part->fts = g_ptr_array_new_with_free_func ((GDestroyNotify) fts_unref);
  part->fts_not = g_ptr_array_new_with_free_func ((GDestroyNotify) fts_unref);
  part->sql = NULL;
  part->params = params_new ();
}

static void
part_clear (Part *part)
{
  if (part->sql != NULL)
    g_string_free (part->sql, TRUE);
  part->sql = NULL;
  g_clear_pointer (&part->fts, g_ptr_array_unref);
  g_clear_pointer (&part->fts_not, g_ptr_array_unref);
  g_clear_pointer (&part->params, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Part, part_clear)

static void
part_reset (Part  *part,
            Truth  truth)
{
  part_clear (part);
  part_init (part, truth);
}

static void
part_add_sql (Part       *part,
              const char *sql)
{
  part->truth = TRUTH_SOME;
  if (part->sql == NULL)
    part->sql = g_string_new (sql);
  else
    g_string_append_printf (part->sql, " AND %s", sql);
}

static void
part_add_fts (Part *part,
              Fts  *fts)
{
  part->truth = TRUTH_SOME;
  g_ptr_array_add (part->fts, fts);
}

/* Joins the full-text conjuncts, and the NOTs if there is a positive one
 * to hang them on, into one FTS5 query. */
static void
part_fold (Part *part)
{
  Fts *fts;

  if (part->fts->len == 0 || (part->fts->len == 1 && part->fts_not->len == 0))
    return;
  fts = fts_combine (part->fts, part->fts_not, FALSE);
  g_ptr_array_set_size (part->fts, 0);
  g_ptr_array_set_size (part->fts_not, 0);
  g_ptr_array_add (part->fts, fts);
}

static gboolean
part_is_fts (const Part *part)
{
  return part->truth == TRUTH_SOME && part->fts->len == 1 && part->fts_not->len == 0 &&
         part->sql == NULL;
}

/* Compiler */

typedef struct
{
  ClpStore           *store;
  Target              target;
  Mode                mode;
  gint64              rows;           /* the target's largest row id */
  gboolean            needs_article;  /* comment SQL reads the article as a */
  /* Conditions on a comment's article that every hit meets ("title:ferry"
   * at the top of the query): kept apart, so that an article list tests
   * them once for each article rather than for each of its comments. */
  GString            *hoisted;
  GPtrArray          *hoisted_params;
  /* Conditions every hit meets that an index can list: a page may start
   * from the one with fewest rows. */
  char               *driver_author;  /* an exact name, ASCII */
  const ClpQueryNode *driver_replies; /* replies:>N */
  const ClpQueryNode *driver_depth;   /* depth:>N */
  char               *driver_from;    /* after: */
  char               *driver_to;      /* before: */
  GError            **error;
} Compiler;

static void
compiler_init (Compiler  *compiler,
               ClpStore  *store,
               Target     target,
               Mode       mode,
               GError   **error)
{
  static const char * const sql[] = {
    [TARGET_COMMENTS] = "SELECT max(id) FROM comments",
    [TARGET_ARTICLES] = "SELECT max(id) FROM articles",
  };
  sqlite3_stmt *stmt = clp_store_statement (store, sql[target], NULL);

  memset (compiler, 0, sizeof *compiler);
  compiler->store = store;
  compiler->target = target;
  compiler->mode = mode;
  compiler->error = error;
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    compiler->rows = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  compiler->rows = MAX (compiler->rows, 1);
}

static void
compiler_clear (Compiler *compiler)
{
  if (compiler->hoisted != NULL)
    g_string_free (compiler->hoisted, TRUE);
  compiler->hoisted = NULL;
  g_clear_pointer (&compiler->hoisted_params, g_ptr_array_unref);
  g_clear_pointer (&compiler->driver_author, g_free);
  g_clear_pointer (&compiler->driver_from, g_free);
  g_clear_pointer (&compiler->driver_to, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Compiler, compiler_clear)

/* What a query of comments "c" joins so that its conditions can read
 * their article as "a". */
static const char *
article_join (const Compiler *compiler)
{
  return compiler->target == TARGET_COMMENTS && compiler->needs_article
         ? " CROSS JOIN articles a ON a.id = c.article_id" : "";
}

/* Estimates */

/* Whether testing the text of the rows a page walks costs less than
 * collecting the @matches of @fts once. */
static gboolean
prefer_text (Compiler *compiler,
             Fts      *fts,
             gint64    matches)
{
  const TargetInfo *info = &targets[compiler->target];

  /* For words together FTS5 pays for every row of the rarer word, which
   * the sample cannot see: past the sample, the text is cheaper. */
  if (fts->compound)
    return matches >= SAMPLE_ROWS;
  return matches > sqrt (info->row_factor * compiler->rows);
}

/* How many rows @fts matches: -1 on error. Below SAMPLE_ROWS the count is
 * exact and *ids (when asked for) receives them all. */
static gint64
estimate (Compiler  *compiler,
          Fts       *fts,
          GArray   **ids)
{
  const TargetInfo *info = &targets[compiler->target];
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 oldest = 0;
  int rc;

  /* A prefix without a prefix index costs as much to sample as to
   * collect, and words together cost FTS5 a seek for every row of the
   * rarer one. Test the newest rows' text first: if the matches are many,
   * that is all there is to know. */
  if (fts->slow || fts->compound)
    {
      gint64 hits = 0, guess;

      sql = g_strdup_printf ("SELECT count(*) FROM (SELECT %s FROM %s INDEXED BY %s"
                             " ORDER BY %s DESC LIMIT ?) WHERE clp_match (?, %s)",
                             info->columns, info->table, info->time_index, info->time,
                             compiler->target == TARGET_COMMENTS ? "author, text" : "title, body");
      stmt = clp_store_statement (compiler->store, sql, compiler->error);
      if (stmt == NULL)
        return -1;
      sqlite3_bind_int (stmt, 1, info->row_sample);
      sqlite3_bind_pointer (stmt, 2, fts->matcher, CLP_STORE_MATCHER_POINTER, NULL);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        hits = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        return clp_store_set_error (compiler->store, compiler->error, "estimate"), -1;
      guess = hits * compiler->rows / info->row_sample;
      if (hits >= 3 && prefer_text (compiler, fts, guess))
        return guess;
      g_clear_pointer (&sql, g_free);
    }

  sql = g_strdup_printf ("SELECT rowid FROM %s WHERE %s MATCH ? ORDER BY rowid DESC LIMIT ?",
                         info->fts, info->fts);
  stmt = clp_store_statement (compiler->store, sql, compiler->error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, fts->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, SAMPLE_ROWS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      oldest = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (found, oldest);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return clp_store_set_error (compiler->store, compiler->error, "estimate"), -1;
  if (found->len < SAMPLE_ROWS)
    {
      gint64 count = found->len;

      if (ids != NULL)
        *ids = g_steal_pointer (&found);
      return count;
    }
  return (gint64) found->len * compiler->rows / MAX (compiler->rows - oldest + 1, 1);
}

/* Conditions joined by AND: first those a walk answers from the index or
 * cheaply, last the tests of a row's text, which run only for the rows the
 * others let through. */
typedef struct
{
  GString   *sql[2];
  GPtrArray *params[2];
} Conditions;

enum { EARLY, LATE };

static void
conditions_init (Conditions *conditions)
{
  for (guint i = 0; i < 2; i++)
    {
      conditions->sql[i] = g_string_new (NULL);
      conditions->params[i] = params_new ();
    }
}

static void
conditions_clear (Conditions *conditions)
{
  for (guint i = 0; i < 2; i++)
    {
      if (conditions->sql[i] != NULL)
        g_string_free (conditions->sql[i], TRUE);
      conditions->sql[i] = NULL;
      g_clear_pointer (&conditions->params[i], g_ptr_array_unref);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Conditions, conditions_clear)

/* Starts the next condition of @when; the caller writes it and its values
 * into the GString and array returned. */
static GString *
conditions_next (Conditions  *conditions,
                 int          when,
                 GPtrArray  **params)
{
  if (conditions->sql[when]->len > 0)
    g_string_append (conditions->sql[when], " AND ");
  *params = conditions->params[when];
  return conditions->sql[when];
}

static void
conditions_add (Conditions *conditions,
                const char *sql,
                GPtrArray  *params)
{
  GPtrArray *into;

  g_string_append (conditions_next (conditions, EARLY, &into), sql);
  for (guint i = 0; params != NULL && i < params->len; i++)
    g_ptr_array_add (into, param_copy (g_ptr_array_index (params, i)));
}

/* Writes the conditions, or "1" when there are none. */
static void
conditions_write (Conditions *conditions,
                  GString    *sql,
                  GPtrArray  *params)
{
  if (conditions->sql[EARLY]->len == 0 && conditions->sql[LATE]->len == 0)
    g_string_append_c (sql, '1');
  g_string_append (sql, conditions->sql[EARLY]->str);
  if (conditions->sql[EARLY]->len > 0 && conditions->sql[LATE]->len > 0)
    g_string_append (sql, " AND ");
  g_string_append (sql, conditions->sql[LATE]->str);
  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < conditions->params[i]->len; j++)
      g_ptr_array_add (params, param_copy (g_ptr_array_index (conditions->params[i], j)));
}

/* The condition that a row matches @fts (or, @negated, does not), given
 * how many rows it matches, or -1 when that is not known yet: the row is
 * among the matches, collected once, or its text matches. */
static gboolean
add_fts_test (Compiler   *compiler,
              Conditions *conditions,
              Fts        *fts,
              gint64      matches,
              gboolean    negated)
{
  const TargetInfo *info = &targets[compiler->target];
  gboolean by_text = compiler->mode == MODE_ARTICLE;
  GPtrArray *params;
  GString *sql;

  if (compiler->mode == MODE_PAGE && forced_plan != CLP_STORE_PLAN_AUTO)
    by_text = forced_plan == CLP_STORE_PLAN_ROWS;
  else if (compiler->mode == MODE_PAGE)
    {
      if (matches < 0)
        matches = estimate (compiler, fts, NULL);
      if (matches < 0)
        return FALSE;
      by_text = prefer_text (compiler, fts, matches);
    }

  sql = conditions_next (conditions, by_text ? LATE : EARLY, &params);
  if (by_text)
    {
      g_string_append_printf (sql, "%sclp_match (?, %s)", negated ? "NOT " : "", info->columns);
      add_matcher (params, fts->matcher);
      return TRUE;
    }
  /* In a walk, "+" keeps SQLite from looking the set's rows up by id
   * instead of walking in order. */
  g_string_append_printf (sql, "%s%s %sIN (SELECT rowid FROM %s WHERE %s MATCH ?)",
                          compiler->mode == MODE_PAGE ? "+" : "", info->id,
                          negated ? "NOT " : "", info->fts, info->fts);
  add_text (params, fts->text);
  return TRUE;
}

/* Adds the conditions of @part. */
static gboolean
add_part (Compiler   *compiler,
          Conditions *conditions,
          Part       *part)
{
  part_fold (part);
  g_assert (part->truth == TRUTH_SOME);
  for (guint i = 0; i < part->fts->len; i++)
    if (!add_fts_test (compiler, conditions, g_ptr_array_index (part->fts, i), -1, FALSE))
      return FALSE;
  for (guint i = 0; i < part->fts_not->len; i++)
    if (!add_fts_test (compiler, conditions, g_ptr_array_index (part->fts_not, i), -1, TRUE))
      return FALSE;
  if (part->sql != NULL)
    conditions_add (conditions, part->sql->str, part->params);
  return TRUE;
}

/* Appends @part as one SQL condition, its values to @params. */
static gboolean
append_part (Compiler  *compiler,
             Part      *part,
             GString   *sql,
             GPtrArray *params)
{
  g_auto(Conditions) conditions = { 0 };

  conditions_init (&conditions);
  if (!add_part (compiler, &conditions, part))
    return FALSE;
  g_string_append_c (sql, '(');
  conditions_write (&conditions, sql, params);
  g_string_append_c (sql, ')');
  return TRUE;
}

/* Compiling */

static gboolean compile (Compiler           *compiler,
                         const ClpQueryNode *node,
                         gboolean            top,
                         Part               *part);

static gboolean
compile_and (Compiler           *compiler,
             const ClpQueryNode *node,
             gboolean            top,
             Part               *part)
{
  part_init (part, TRUTH_TRUE);
  for (guint i = 0; i < node->children->len; i++)
    {
      g_auto(Part) child = { 0 };

      if (!compile (compiler, g_ptr_array_index (node->children, i), top, &child))
        return FALSE;
      if (child.truth == TRUTH_TRUE)
        continue;
      if (child.truth == TRUTH_FALSE)
        {
          part_reset (part, TRUTH_FALSE);
          return TRUE;
        }
      part->truth = TRUTH_SOME;
      for (guint j = 0; j < child.fts->len; j++)
        g_ptr_array_add (part->fts, fts_ref (g_ptr_array_index (child.fts, j)));
      for (guint j = 0; j < child.fts_not->len; j++)
        g_ptr_array_add (part->fts_not, fts_ref (g_ptr_array_index (child.fts_not, j)));
      if (child.sql != NULL)
        part_add_sql (part, child.sql->str);
      for (guint j = 0; j < child.params->len; j++)
        g_ptr_array_add (part->params, param_copy (g_ptr_array_index (child.params, j)));
    }
  return TRUE;
}

static gboolean
compile_or (Compiler           *compiler,
            const ClpQueryNode *node,
            Part               *part)
{
  g_autoptr(GArray) children = g_array_new (FALSE, TRUE, sizeof (Part));
  gboolean all_fts = TRUE;

  g_array_set_clear_func (children, (GDestroyNotify) part_clear);
  part_init (part, TRUTH_FALSE);
  for (guint i = 0; i < node->children->len; i++)
    {
      Part child = { 0 };

      if (!compile (compiler, g_ptr_array_index (node->children, i), FALSE, &child))
        return FALSE;
      if (child.truth != TRUTH_SOME)
        {
          Truth truth = child.truth;

          part_clear (&child);
          if (truth == TRUTH_FALSE)
            continue;
          part_reset (part, TRUTH_TRUE);
          return TRUE;
        }
      part_fold (&child);
      all_fts &= part_is_fts (&child);
      g_array_append_val (children, child);
    }
  if (children->len == 0)
    return TRUE;

  /* "ferry OR boat" is one FTS5 query; with a field in it, SQL. */
  if (all_fts)
    {
      g_autoptr(GPtrArray) any = g_ptr_array_new ();

      for (guint i = 0; i < children->len; i++)
        g_ptr_array_add (any, g_ptr_array_index (g_array_index (children, Part, i).fts, 0));
      part_add_fts (part, fts_combine (any, NULL, TRUE));
      return TRUE;
    }
  {
    g_autoptr(GString) sql = g_string_new ("(");

    for (guint i = 0; i < children->len; i++)
      {
        if (i > 0)
          g_string_append (sql, " OR ");
        if (!append_part (compiler, &g_array_index (children, Part, i), sql, part->params))
          return FALSE;
      }
    g_string_append_c (sql, ')');
    part_add_sql (part, sql->str);
  }
  return TRUE;
}

static gboolean
compile_not (Compiler           *compiler,
             const ClpQueryNode *node,
             Part               *part)
{
  g_auto(Part) child = { 0 };

  if (!compile (compiler, g_ptr_array_index (node->children, 0), FALSE, &child))
    return FALSE;
  if (child.truth != TRUTH_SOME)
    {
      part_init (part, child.truth == TRUTH_TRUE ? TRUTH_FALSE : TRUTH_TRUE);
      return TRUE;
    }
  part_init (part, TRUTH_SOME);
  part_fold (&child);
  if (part_is_fts (&child))
    {
      g_ptr_array_add (part->fts_not, fts_ref (g_ptr_array_index (child.fts, 0)));
      return TRUE;
    }
  {
    g_autoptr(GString) sql = g_string_new ("NOT ");

    if (!append_part (compiler, &child, sql, part->params))
      return FALSE;
    part_add_sql (part, sql->str);
  }
  return TRUE;
}

static const char *
compare_sql (ClpQueryCompare compare)
{
  static const char * const ops[] = {
    [CLP_QUERY_LESS] = "<", [CLP_QUERY_LESS_EQUAL] = "<=", [CLP_QUERY_EQUAL] = "=",
    [CLP_QUERY_GREATER_EQUAL] = ">=", [CLP_QUERY_GREATER] = ">",
  };

  return ops[compare];
}

/* A pattern for LIKE with '\' as its escape that matches @text literally at
 * the start of the value, or @anywhere in it. */
char *
clp_store_like_pattern (const char *text,
                        gboolean    anywhere)
{
  GString *out = g_string_new (anywhere ? "%" : "");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

static gboolean
has_letters (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* author: is a comment author's whole name, or with a '*' its start,
 * ignoring case. SQLite's NOCASE folds ASCII letters only, so its index
 * serves ASCII names; other names are found through the author column of
 * the full-text index (which folds all letters and accents) and then
 * compared folded, as merging compares authors. */
static void
compile_author (Compiler           *compiler,
                const ClpQueryNode *node,
                gboolean            top,
                Part               *part)
{
  const ClpQueryTerm *term = &node->term;
  gboolean prefix = term->kind == CLP_QUERY_TERM_PREFIX;
  g_autofree char *folded = NULL;

  part_init (part, compiler->target == TARGET_COMMENTS ? TRUTH_SOME : TRUTH_FALSE);
  if (compiler->target != TARGET_COMMENTS)
    return;

  if (is_ascii (term->text) || !has_letters (term->text))
    {
      if (prefix)
        {
          g_autofree char *pattern = clp_store_like_pattern (term->text, FALSE);

          part_add_sql (part, "c.author LIKE ? ESCAPE '\\'");
          add_text (part->params, pattern);
          return;
        }
      part_add_sql (part, "c.author = ? COLLATE NOCASE");
      add_text (part->params, term->text);
      if (top && compiler->driver_author == NULL)
        compiler->driver_author = g_strdup (term->text);
      return;
    }

  folded = g_utf8_casefold (term->text, -1);
  part_add_fts (part, fts_term (compiler->store, "author", 1 << 0, term));
  part_add_sql (part, prefix ? "instr (clp_casefold (c.author), ?) = 1"
                             : "clp_casefold (c.author) = ?");
  add_text (part->params, folded);
}

/* An article's publication is a day, which counts as its first instant:
 * "after:2019-03-14T12:00" starts with the articles of the 15th. */
static char *
first_day_from (const char *instant)
{
  g_autofree char *later = clp_date_add_seconds (instant, 86400 - 1);

  return g_strndup (later != NULL ? later : instant, 10);
}

/* A comment's time as filters read it is the time it shows
 * (clp_comment_dup_shown_time(), FORMATS.md "Times"): with an instant,
 * the instant in this computer's zone. posted_at holds that instant in the
 * zone of the computer that imported it, never more than two days off, so
 * the index on it narrows the rows down before the time shown decides;
 * that compares seconds, not text, for speed. */
#define SHOWN_TIME "coalesce (clp_local_time (c.posted_utc), c.posted_at)"
#define SHOWN_AFTER "(c.posted_at >= ? AND" \
                    " coalesce (clp_local_seconds (c.posted_utc) >= ?, c.posted_at >= ?))"
#define SHOWN_BEFORE "(c.posted_at < ? AND" \
                     " coalesce (clp_local_seconds (c.posted_utc) < ?, c.posted_at < ?))"
#define ZONES_APART (2 * 86400)

/* The parameters of SHOWN_AFTER or SHOWN_BEFORE for @time. */
static void
add_shown_time (GPtrArray  *params,
                const char *time,
                gint64      slack)
{
  g_autofree char *wide = clp_date_add_seconds (time, slack);
  gint64 seconds = 0;

  add_text (params, wide != NULL ? wide : time);
  if (!clp_date_to_unix (time, FALSE, &seconds))
    seconds = slack < 0 ? G_MININT64 : G_MAXINT64;
  add_number (params, seconds);
  add_text (params, time);
}

static void
compile_date (Compiler           *compiler,
              const ClpQueryNode *node,
              gboolean            top,
              Part               *part)
{
  gboolean comments = compiler->target == TARGET_COMMENTS;

  part_init (part, TRUTH_SOME);
  if (node->from != NULL)
    {
      g_autofree char *day = comments ? NULL : first_day_from (node->from);

      part_add_sql (part, comments ? SHOWN_AFTER : "a.published >= ?");
      if (comments)
        add_shown_time (part->params, node->from, -ZONES_APART);
      else
        add_text (part->params, day);
      if (top && comments && g_strcmp0 (node->from, compiler->driver_from) > 0)
        {
          g_free (compiler->driver_from);
          compiler->driver_from = g_strdup (node->from);
        }
    }
  if (node->to != NULL)
    {
      g_autofree char *day = comments ? NULL : first_day_from (node->to);

      part_add_sql (part, comments ? SHOWN_BEFORE : "a.published < ?");
      if (comments)
        add_shown_time (part->params, node->to, ZONES_APART);
      else
        add_text (part->params, day);
      if (top && comments &&
          (compiler->driver_to == NULL || strcmp (node->to, compiler->driver_to) < 0))
        {
          g_free (compiler->driver_to);
          compiler->driver_to = g_strdup (node->to);
        }
    }
}

static void
compile_structure (Compiler           *compiler,
                   const ClpQueryNode *node,
                   gboolean            top,
                   Part               *part)
{
  gboolean replies = node->kind == CLP_QUERY_NODE_REPLIES;
  g_autofree char *sql = NULL;

  part_init (part, compiler->target == TARGET_COMMENTS ? TRUTH_SOME : TRUTH_FALSE);
  if (compiler->target != TARGET_COMMENTS)
    return;
  sql = g_strdup_printf ("c.%s %s ?", replies ? "reply_count" : "depth",
                         compare_sql (node->compare));
  part_add_sql (part, sql);
  add_number (part->params, node->number);
  if (top && (node->compare == CLP_QUERY_GREATER || node->compare == CLP_QUERY_GREATER_EQUAL ||
              node->compare == CLP_QUERY_EQUAL))
    {
      if (replies && compiler->driver_replies == NULL)
        compiler->driver_replies = node;
      if (!replies && compiler->driver_depth == NULL)
        compiler->driver_depth = node;
    }
}

/* A condition of a comment's article, at the top of the query, moves from
 * @part to the compiler's hoisted conditions. */
static void
hoist (Compiler *compiler,
       gboolean  top,
       Part     *part)
{
  compiler->needs_article = TRUE;
  if (!top)
    return;
  if (compiler->hoisted == NULL)
    {
      compiler->hoisted = g_string_new (part->sql->str);
      compiler->hoisted_params = params_new ();
    }
  else
    g_string_append_printf (compiler->hoisted, " AND %s", part->sql->str);
  for (guint i = 0; i < part->params->len; i++)
    g_ptr_array_add (compiler->hoisted_params, param_copy (g_ptr_array_index (part->params, i)));
  part_reset (part, TRUTH_TRUE);
}

static void
add_hoisted (Compiler   *compiler,
             Conditions *conditions)
{
  if (compiler->hoisted != NULL)
    conditions_add (conditions, compiler->hoisted->str, compiler->hoisted_params);
}

/* Appends all that @part and the hoisted conditions ask, as one
 * condition: "1" for everything, "0" for nothing. */
static gboolean
append_all (Compiler  *compiler,
            Part      *part,
            GString   *sql,
            GPtrArray *params)
{
  g_auto(Conditions) conditions = { 0 };

  if (part->truth == TRUTH_FALSE)
    {
      g_string_append_c (sql, '0');
      return TRUE;
    }
  conditions_init (&conditions);
  if (part->truth == TRUTH_SOME && !add_part (compiler, &conditions, part))
    return FALSE;
  add_hoisted (compiler, &conditions);
  g_string_append_c (sql, '(');
  conditions_write (&conditions, sql, params);
  g_string_append_c (sql, ')');
  return TRUE;
}

static gboolean
compile (Compiler           *compiler,
         const ClpQueryNode *node,
         gboolean            top,
         Part               *part)
{
  gboolean comments = compiler->target == TARGET_COMMENTS;

  switch (node->kind)
    {
    case CLP_QUERY_NODE_AND:
      return compile_and (compiler, node, top, part);

    case CLP_QUERY_NODE_OR:
      return compile_or (compiler, node, part);

    case CLP_QUERY_NODE_NOT:
      return compile_not (compiler, node, part);

    case CLP_QUERY_NODE_TERM:
      part_init (part, TRUTH_SOME);
      if (node->term.field == CLP_QUERY_FIELD_TEXT)
        {
          /* Plain words look in comment text, not author names; in
           * articles, in the title and the body. */
          part_add_fts (part, comments ? fts_term (compiler->store, "text", 1 << 1, &node->term)
                                       : fts_term (compiler->store, NULL, 3, &node->term));
        }
      else if (!comments)
        part_add_fts (part, fts_term (compiler->store, "title", 1 << 0, &node->term));
      else
        {
          /* A comment matches title: when its article does. */
          g_autofree char *fts = fts_query ("title", &node->term);

          part_add_sql (part, "+a.id IN (SELECT rowid FROM articles_fts"
                              " WHERE articles_fts MATCH ?)");
          add_text (part->params, fts);
          hoist (compiler, top, part);
        }
      return TRUE;

    case CLP_QUERY_NODE_AUTHOR:
      compile_author (compiler, node, top, part);
      return TRUE;

    case CLP_QUERY_NODE_SOURCE:
    case CLP_QUERY_NODE_SECTION:
      {
        g_autofree char *pattern = clp_store_like_pattern (node->term.text, TRUE);

        part_init (part, TRUTH_SOME);
        part_add_sql (part, node->kind == CLP_QUERY_NODE_SOURCE
                            ? "a.source_id IN (SELECT id FROM sources"
                              " WHERE name LIKE ? ESCAPE '\\')"
                            : "a.section LIKE ? ESCAPE '\\'");
        add_text (part->params, pattern);
        if (comments)
          hoist (compiler, top, part);
        return TRUE;
      }

    case CLP_QUERY_NODE_SCOPE:
      part_init (part, (node->scope == CLP_QUERY_SCOPE_COMMENTS) == comments ? TRUTH_TRUE
                                                                            : TRUTH_FALSE);
      return TRUE;

    case CLP_QUERY_NODE_DATE:
      compile_date (compiler, node, top, part);
      return TRUE;

    case CLP_QUERY_NODE_REPLIES:
    case CLP_QUERY_NODE_DEPTH:
      compile_structure (compiler, node, top, part);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* Compiles @query for the compiler's target into @part: TRUTH_TRUE for an
 * empty query, and its full-text conjuncts folded into one. */
static gboolean
compile_query (Compiler *compiler,
               ClpQuery *query,
               Part     *part)
{
  ClpQueryNode *root = query != NULL ? clp_query_get_root (query) : NULL;

  if (root == NULL)
    {
      part_init (part, TRUTH_TRUE);
      return TRUE;
    }
  if (!compile (compiler, root, TRUE, part))
    return FALSE;
  part_fold (part);
  return TRUE;
}

/* Running */

static sqlite3_stmt *
prepare (ClpStore   *self,
         const char *sql,
         GPtrArray  *params,
         GError    **error)
{
  sqlite3_stmt *stmt = NULL;

  g_debug ("search: %s", sql);
  /* Not in the statement cache: each shape of query has its own text, and
   * a session of typing makes many. */
  if (sqlite3_prepare_v3 (clp_store_get_handle (self), sql, -1, 0, &stmt, NULL) != SQLITE_OK)
    {
      clp_store_set_error (self, error, "search");
      return NULL;
    }
  for (guint i = 0; i < params->len; i++)
    {
      Param *param = g_ptr_array_index (params, i);

      switch (param->kind)
        {
        case PARAM_TEXT:
          sqlite3_bind_text (stmt, i + 1, param->text, -1, SQLITE_TRANSIENT);
          break;
        case PARAM_NUMBER:
          sqlite3_bind_int64 (stmt, i + 1, param->number);
          break;
        case PARAM_MATCHER:
          /* The statement lives shorter than @params, which holds it. */
          sqlite3_bind_pointer (stmt, i + 1, param->matcher, CLP_STORE_MATCHER_POINTER, NULL);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return stmt;
}

static gboolean
finish (ClpStore      *self,
        sqlite3_stmt  *stmt,
        int            rc,
        GError       **error)
{
  gboolean ok = rc == SQLITE_DONE;

  if (!ok)
    clp_store_set_error (self, error, "search");
  sqlite3_finalize (stmt);
  return ok;
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
count_driver (Compiler *compiler,
              Driver    driver)
{
  const ClpQueryNode *node = driver == DRIVER_REPLIES ? compiler->driver_replies
                             : compiler->driver_depth;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 count = -1;

  if (driver == DRIVER_AUTHOR)
    sql = g_strdup ("SELECT count(*) FROM (SELECT 1 FROM comments"
                    " WHERE author = ? COLLATE NOCASE LIMIT ?)");
  else
    sql = g_strdup_printf ("SELECT count(*) FROM (SELECT 1 FROM comments INDEXED BY %s"
                           " WHERE %s %s ? LIMIT ?)",
                           driver == DRIVER_REPLIES ? "comments_replies" : "comments_depth",
                           driver == DRIVER_REPLIES ? "reply_count" : "depth",
                           compare_sql (node->compare));
  stmt = clp_store_statement (compiler->store, sql, compiler->error);
  if (stmt == NULL)
    return -1;
  if (driver == DRIVER_AUTHOR)
    sqlite3_bind_text (stmt, 1, compiler->driver_author, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, node->number);
  sqlite3_bind_int (stmt, 2, SAMPLE_ROWS);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    clp_store_set_error (compiler->store, compiler->error, "count");
  sqlite3_reset (stmt);
  return count;
}

/* The index driver that lists fewest rows, if any lists fewer than
 * SAMPLE_ROWS. */
static gboolean
choose_index_driver (Compiler *compiler,
                     Driver   *driver,
                     gint64   *fewest)
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
static gboolean
plan_page (Compiler       *compiler,
           Part           *part,
           ClpSearchOrder  order,
           gint64          ranked,
           GString        *sql,
           GPtrArray      *params)
{
  const TargetInfo *info = &targets[compiler->target];
  gboolean comments = compiler->target == TARGET_COMMENTS;
  Driver driver = DRIVER_WALK;
  g_autoptr(GArray) ids = NULL;
  g_auto(Conditions) conditions = { 0 };
  GPtrArray *into;
  Fts *fts = NULL;
  gint64 matches = -1, fewest;

  conditions_init (&conditions);
  /* The full-text conjunct drives or filters; the rest is SQL. */
  if (part->truth == TRUTH_SOME && part->fts->len > 0)
    {
      g_assert (part->fts->len == 1);
      fts = g_ptr_array_steal_index (part->fts, 0);
      if (part->sql == NULL && part->fts_not->len == 0)
        part->truth = TRUTH_TRUE;
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
          g_string_append_printf (sql, " FROM (SELECT rowid, rank FROM %s WHERE %s MATCH ?"
                                       " ORDER BY rank LIMIT ?) r CROSS JOIN %s ON %s = r.rowid",
                                  info->fts, info->fts, info->table, info->id);
          add_text (params, fts->text);
          add_number (params, ranked);
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
      g_string_append_printf (sql, " FROM %s INDEXED BY %s", info->table, info->time_index);
      break;
    }
  g_string_append (sql, article_join (compiler));
  g_string_append (sql, " WHERE ");
  if (fts != NULL)
    {
      if (driver == DRIVER_RANK)
        {
          if (ranked < 0)
            {
              conditions_next (&conditions, EARLY, &into);
              g_string_append_printf (conditions.sql[EARLY], "r.%s MATCH ?", info->fts);
              add_text (into, fts->text);
            }
        }
      else if (driver == DRIVER_IDS)
        {
          g_autofree char *json = ids_to_json (ids);

          conditions_next (&conditions, EARLY, &into);
          g_string_append_printf (conditions.sql[EARLY],
                                  "%s IN (SELECT value FROM json_each (?))", info->id);
          add_text (into, json);
        }
      else if (!add_fts_test (compiler, &conditions, fts, matches, FALSE))
        goto failed;
    }
  /* Deleted and spam comments are not found. */
  if (comments)
    conditions_add (&conditions, "c.status = 0", NULL);
  if (part->truth == TRUTH_SOME && !add_part (compiler, &conditions, part))
    goto failed;
  add_hoisted (compiler, &conditions);
  conditions_write (&conditions, sql, params);
  g_clear_pointer (&fts, fts_unref);
  return TRUE;

failed:
  g_clear_pointer (&fts, fts_unref);
  return FALSE;
}

/* @ranked as plan_page() takes it: by rank alone when FTS5 hands over
 * every match, since a second key would make SQLite fetch and sort them
 * all; equal ranks then come in FTS5's order, the same at every call. */
static void
append_order (GString        *sql,
              Target          target,
              ClpSearchOrder  order,
              gboolean        by_rank,
              gint64          ranked)
{
  const TargetInfo *info = &targets[target];

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
                    Target           target,
                    ClpSearchOrder   order,
                    guint            want,
                    gint64           ranked,
                    GPtrArray       *hits,
                    gboolean        *more,
                    GError         **error)
{
  g_auto(Compiler) compiler = { 0 };
  g_auto(Part) part = { 0 };
  g_autoptr(GPtrArray) params = params_new ();
  g_autoptr(GString) sql = NULL;
  g_autofree char *fts_text = NULL;
  gboolean by_rank;
  sqlite3_stmt *stmt;
  gint64 started = g_get_monotonic_time ();
  int rc;

  *more = FALSE;
  compiler_init (&compiler, self, target, MODE_PAGE, error);
  if (!compile_query (&compiler, query, &part))
    return FALSE;
  if (part.truth == TRUTH_FALSE)
    return TRUE;

  by_rank = order == CLP_SEARCH_ORDER_RELEVANCE && part.fts->len > 0;
  if (by_rank)
    fts_text = g_strdup (((Fts *) g_ptr_array_index (part.fts, 0))->text);
  /* Conditions besides the words ("people author:x") may pass none of
   * FTS5's best few; asking it again ranks every match again. */
  if (by_rank && (!part_is_fts (&part) || compiler.hoisted != NULL))
    ranked = -1;
  sql = g_string_new (target == TARGET_COMMENTS
                      ? "SELECT c.id, c.article_id, c.author, " SHOWN_TIME ", c.text, "
                      : "SELECT 0, a.id, NULL, a.published, NULL, ");
  g_string_append (sql, by_rank ? "r.rank" : "0");
  if (!plan_page (&compiler, &part, order, ranked, sql, params))
    return FALSE;
  append_order (sql, target, order, by_rank, ranked);
  g_string_append (sql, " LIMIT ?");
  add_number (params, want);

  stmt = prepare (self, sql->str, params, error);
  if (stmt == NULL)
    return FALSE;
  g_debug ("search: planned in %.1f ms", (g_get_monotonic_time () - started) / 1000.0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ClpSearchHit *hit = clp_search_hit_new ();

      hit->comment_id = sqlite3_column_int64 (stmt, 0);
      hit->article_id = sqlite3_column_int64 (stmt, 1);
      hit->author = clp_store_column_dup (stmt, 2);
      hit->posted_at = clp_store_column_dup (stmt, 3);
      hit->snippet = clp_store_column_dup (stmt, 4);
      hit->rank = sqlite3_column_double (stmt, 5);
      g_ptr_array_add (hits, hit);
    }
  g_debug ("search: %u rows in %.1f ms", hits->len, (g_get_monotonic_time () - started) / 1000.0);
  if (!finish (self, stmt, rc, error))
    return FALSE;
  /* Fewer than asked among FTS5's best: the others may be further down,
   * if there are others. */
  if (by_rank && hits->len < want && ranked >= 0)
    {
      g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM (SELECT 1 FROM %s"
                                                " WHERE %s MATCH ? LIMIT ?)",
                                                targets[target].fts, targets[target].fts);

      stmt = clp_store_statement (self, count, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, fts_text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, ranked);
      rc = sqlite3_step (stmt);
      *more = rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) >= ranked;
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        return clp_store_set_error (self, error, "search");
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
               Target           target,
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
  sqlite3_stmt *stmt;

  if (query == NULL)
    query = everything = clp_query_parse ("", NULL);
  for (guint i = 0; i < hits->len; i++)
    {
      ClpSearchHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *text = g_steal_pointer (&hit->snippet);
      gboolean article = hit->comment_id == 0;
      const char *body;

      stmt = clp_store_statement (self, article ? "SELECT title, body FROM articles WHERE id = ?"
                                                : "SELECT title FROM articles WHERE id = ?",
                                  error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, hit->article_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          return clp_store_set_error (self, error, "search");
        }
      hit->title = clp_store_column_dup (stmt, 0);
      if (!article)
        hit->snippet = clp_query_make_snippet (query, text != NULL ? text : "",
                                               CLP_QUERY_FIELD_TEXT, 200);
      else
        {
          g_autoptr(GArray) in_title = clp_query_find_matches (query, hit->title,
                                                               CLP_QUERY_FIELD_TITLE);
          g_autoptr(GArray) in_body = NULL;

          body = (const char *) sqlite3_column_text (stmt, 1);
          in_body = clp_query_find_matches (query, body != NULL ? body : "",
                                            CLP_QUERY_FIELD_TEXT);
          /* Quote the body where it matches, else the title if it does. */
          if (in_body->len == 0 && in_title->len > 0)
            hit->snippet = clp_query_make_snippet (query, hit->title, CLP_QUERY_FIELD_TITLE, 200);
          else
            hit->snippet = clp_query_make_snippet (query, body != NULL ? body : "",
                                                   CLP_QUERY_FIELD_TEXT, 200);
        }
      sqlite3_reset (stmt);
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
  ok = search_target (self, query, TARGET_COMMENTS, order, want, comment_hits, error) &&
       search_target (self, query, TARGET_ARTICLES, order, want, article_hits, error);
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

/* Article lists */

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

/* Whether the comments that match @part are few enough to collect all
 * their articles at once, rather than walk the articles in order and look
 * for a matching comment in each. */
static gboolean
few_comments (Compiler *compiler,
              Part     *part,
              gboolean *few)
{
  Driver driver;
  gint64 fewest;

  *few = part->truth == TRUTH_FALSE;
  if (part->truth != TRUTH_SOME || forced_plan != CLP_STORE_PLAN_AUTO)
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
      sqlite3_stmt *stmt = clp_store_statement (compiler->store,
                                                "SELECT count(*) FROM (SELECT 1 FROM comments"
                                                " WHERE posted_at >= ? AND posted_at < ? LIMIT ?)",
                                                compiler->error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, compiler->driver_from, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, compiler->driver_to, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 3, SAMPLE_ROWS);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          return clp_store_set_error (compiler->store, compiler->error, "count");
        }
      fewest = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  *few = fewest < SAMPLE_ROWS;
  return TRUE;
}

/* "articles that match themselves OR have a matching comment", as SQL.
 * @walk: per article, in the order of the list (EXISTS); else collected
 * once (IN). */
static gboolean
append_article_filter (Compiler  *articles,
                       Part      *article_part,
                       Compiler  *comments,
                       Part      *comment_part,
                       gboolean   walk,
                       GString   *sql,
                       GPtrArray *params)
{
  if (article_part->truth == TRUTH_TRUE)
    return TRUE;
  if (comment_part->truth == TRUTH_FALSE)
    {
      if (article_part->truth == TRUTH_FALSE)
        {
          g_string_append (sql, " WHERE 0");
          return TRUE;
        }
      g_string_append (sql, " WHERE ");
      return append_part (articles, article_part, sql, params);
    }
  g_string_append (sql, " WHERE ");
  if (article_part->truth == TRUTH_SOME)
    {
      if (!append_part (articles, article_part, sql, params))
        return FALSE;
      g_string_append (sql, " OR ");
    }
  {
    g_auto(Conditions) conditions = { 0 };

    conditions_init (&conditions);
    if (comment_part->truth == TRUTH_SOME && !add_part (comments, &conditions, comment_part))
      return FALSE;
    if (walk)
      {
        /* The article's own conditions, once, before its comments. */
        if (comments->hoisted != NULL)
          {
            g_string_append_printf (sql, "(%s AND ", comments->hoisted->str);
            for (guint i = 0; i < comments->hoisted_params->len; i++)
              g_ptr_array_add (params, param_copy (g_ptr_array_index (comments->hoisted_params,
                                                                      i)));
          }
        g_string_append (sql, "EXISTS (SELECT 1 FROM comments c WHERE c.article_id = a.id"
                              " AND c.status = 0 AND ");
        conditions_write (&conditions, sql, params);
        g_string_append (sql, comments->hoisted != NULL ? "))" : ")");
        return TRUE;
      }
    add_hoisted (comments, &conditions);
    g_string_append_printf (sql, "a.id IN (SELECT c.article_id FROM comments c%s"
                                 " WHERE c.status = 0 AND ", article_join (comments));
    conditions_write (&conditions, sql, params);
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
      add_text (params, filter->source);
    }
  if (filter->section != NULL)
    {
      g_string_append (conditions, " AND a.section = ?");
      add_text (params, filter->section);
    }
  if (filter->published_from != NULL)
    {
      g_string_append (conditions, " AND a.published >= ?");
      add_text (params, filter->published_from);
    }
  if (filter->published_to != NULL)
    {
      g_string_append (conditions, " AND a.published <= ?");
      add_text (params, filter->published_to);
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
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) params = params_new ();
  g_autoptr(GString) sql = g_string_new ("SELECT a.id FROM articles a");
  g_auto(Compiler) articles = { 0 };
  g_auto(Compiler) comments = { 0 };
  g_auto(Part) article_part = { 0 };
  g_auto(Part) comment_part = { 0 };
  sqlite3_stmt *stmt = NULL;
  gboolean walk = FALSE;
  gboolean ok;
  int rc;

  g_return_val_if_fail (CLP_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) order < G_N_ELEMENTS (article_orders), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  clp_store_lock (self);
  clp_store_watch_cancellable (self, cancellable);

  /* Compiled for a whole list first; for a page of many matches, again
   * for a walk. */
  compiler_init (&articles, self, TARGET_ARTICLES, MODE_ALL, error);
  compiler_init (&comments, self, TARGET_COMMENTS, MODE_ALL, error);
  ok = compile_query (&articles, query, &article_part) &&
       compile_query (&comments, query, &comment_part);
  if (ok && limit != G_MAXUINT && article_part.truth != TRUTH_TRUE &&
      (comment_part.truth != TRUTH_FALSE || article_part.truth == TRUTH_SOME) &&
      order != CLP_ARTICLE_ORDER_SOURCE)
    {
      gboolean few, few_articles = TRUE;

      ok = few_comments (&comments, &comment_part, &few);
      /* Words in many articles are walked too; other conditions on
       * articles are cheap next to the comments'. */
      if (ok && few && article_part.truth == TRUTH_SOME && article_part.fts->len > 0 &&
          forced_plan == CLP_STORE_PLAN_AUTO)
        {
          gint64 matches = estimate (&articles, g_ptr_array_index (article_part.fts, 0), NULL);

          ok = matches >= 0;
          few_articles = matches < SAMPLE_ROWS;
        }
      walk = ok && !(few && few_articles);
      if (walk)
        {
          part_clear (&article_part);
          part_clear (&comment_part);
          compiler_clear (&articles);
          compiler_clear (&comments);
          compiler_init (&articles, self, TARGET_ARTICLES, MODE_PAGE, error);
          compiler_init (&comments, self, TARGET_COMMENTS, MODE_PAGE, error);
          ok = compile_query (&articles, query, &article_part) &&
               compile_query (&comments, query, &comment_part);
        }
    }
  if (ok)
    {
      gsize where_at;

      if (walk && article_orders[order].index != NULL)
        g_string_append_printf (sql, " INDEXED BY %s", article_orders[order].index);
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
      add_number (params, limit == G_MAXUINT ? -1 : (gint64) limit);
      add_number (params, offset);
      stmt = prepare (self, sql->str, params, error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      ok = finish (self, stmt, rc, error);
    }
  clp_store_watch_cancellable (self, NULL);
  clp_store_unlock (self);

  return ok ? g_steal_pointer (&ids) : NULL;
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
  for (Target target = TARGET_COMMENTS; ok && target <= TARGET_ARTICLES; target++)
    {
      g_auto(Compiler) compiler = { 0 };
      g_auto(Part) part = { 0 };
      g_autoptr(GPtrArray) params = params_new ();
      g_autoptr(GString) sql = NULL;
      sqlite3_stmt *stmt;
      int rc;

      compiler_init (&compiler, self, target, MODE_ALL, error);
      if (!compile_query (&compiler, query, &part))
        {
          ok = FALSE;
          break;
        }
      if (part.truth == TRUTH_FALSE)
        continue;
      sql = g_string_new (NULL);
      if (target == TARGET_COMMENTS)
        g_string_append_printf (sql, "SELECT c.article_id FROM comments c%s WHERE c.status = 0",
                                article_join (&compiler));
      else
        g_string_append (sql, "SELECT a.id FROM articles a WHERE 1");
      g_string_append (sql, " AND ");
      if (!append_all (&compiler, &part, sql, params))
        {
          ok = FALSE;
          break;
        }
      stmt = prepare (self, sql->str, params, error);
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          if (target == TARGET_COMMENTS)
            comments++;
          if (!g_hash_table_contains (articles, &id))
            g_hash_table_add (articles, g_memdup2 (&id, sizeof id));
        }
      ok = finish (self, stmt, rc, error);
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
  g_autoptr(GPtrArray) params = params_new ();
  g_autoptr(GString) sql = NULL;
  g_auto(Compiler) compiler = { 0 };
  g_auto(Part) part = { 0 };
  sqlite3_stmt *stmt = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (CLP_IS_STORE (self), FALSE);
  g_return_val_if_fail (matches != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  clp_store_lock (self);
  clp_store_watch_cancellable (self, cancellable);
  compiler_init (&compiler, self, TARGET_COMMENTS, MODE_ARTICLE, error);
  ok = compile_query (&compiler, query, &part);
  if (ok)
    {
      sql = g_string_new ("SELECT c.id, coalesce (c.parent_id, 0), c.status = 0 AND ");
      ok = append_all (&compiler, &part, sql, params);
      g_string_append_printf (sql, " FROM comments c%s WHERE c.article_id = ?"
                                   " ORDER BY c.position, c.id", article_join (&compiler));
      add_number (params, article_id);
    }
  if (ok)
    {
      stmt = prepare (self, sql->str, params, error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      /* Every comment of the article in page order, and whether it
       * matches: the chains above the matches come from the same rows. */
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          gint64 parent_id = sqlite3_column_int64 (stmt, 1);
          gboolean match = sqlite3_column_int (stmt, 2) != 0;

          g_array_append_val (ids, id);
          g_array_append_val (parent_ids, parent_id);
          g_array_append_val (matching, match);
        }
      ok = finish (self, stmt, rc, error);
    }
  clp_store_watch_cancellable (self, NULL);
  clp_store_unlock (self);
  if (!ok)
    return FALSE;

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
      !clp_store_matcher_register (db))
    return clp_store_set_error (self, error, "search functions");
  return TRUE;
}
