/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include "clp-store-compiler.h"

#include <string.h>

#include "clp-date.h"
#include "clp-reference.h"
#include "clp-store-planner.h"

/* The query compiler: a ClpQuery tree compiled, for comments or for
 * articles, into SQL conditions and the values they bind. The planner
 * (clp-store-planner.c) chooses how each full-text part is tested; the
 * search runner and the article lists put the conditions into whole
 * statements.
 *
 * User text reaches SQLite only as bound values: words and phrases as
 * double-quoted FTS5 strings (a '"' doubled), names, dates and numbers as
 * plain values. The SQL text is made of fixed pieces chosen by the shape of
 * the query. */

const ClpStoreTargetInfo clp_store_targets[] = {
  [CLP_STORE_TARGET_COMMENTS] = { "comments c", "comments_fts", "c.id", "c.author, c.text",
                                  "c.posted_at", "comments_posted" },
  [CLP_STORE_TARGET_ARTICLES] = { "articles a", "articles_fts", "a.id", "a.title, a.body",
                                  "a.published", "articles_published" },
};

/* Bound values */

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

void
clp_store_params_add_text (GPtrArray  *params,
                           const char *text)
{
  Param *param = g_new0 (Param, 1);

  param->kind = PARAM_TEXT;
  param->text = g_strdup (text);
  g_ptr_array_add (params, param);
}

void
clp_store_params_add_number (GPtrArray *params,
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

GPtrArray *
clp_store_params_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) param_free);
}

/* Appends copies of the values @from holds; @from may be %NULL. */
void
clp_store_params_extend (GPtrArray *params,
                         GPtrArray *from)
{
  for (guint i = 0; from != NULL && i < from->len; i++)
    g_ptr_array_add (params, param_copy (g_ptr_array_index (from, i)));
}

/* Compiled parts */

static void
part_init (ClpStorePart  *part,
           ClpStoreTruth  truth)
{
  part->truth = truth;
  part->fts = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_store_fts_unref);
  part->fts_not = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_store_fts_unref);
  part->sql = NULL;
  part->params = clp_store_params_new ();
}

void
clp_store_part_clear (ClpStorePart *part)
{
  if (part->sql != NULL)
    g_string_free (part->sql, TRUE);
  part->sql = NULL;
  g_clear_pointer (&part->fts, g_ptr_array_unref);
  g_clear_pointer (&part->fts_not, g_ptr_array_unref);
  g_clear_pointer (&part->params, g_ptr_array_unref);
}

static void
part_reset (ClpStorePart  *part,
            ClpStoreTruth  truth)
{
  clp_store_part_clear (part);
  part_init (part, truth);
}

static void
part_add_sql (ClpStorePart *part,
              const char   *sql)
{
  part->truth = CLP_STORE_TRUTH_SOME;
  if (part->sql == NULL)
    part->sql = g_string_new (sql);
  else
    g_string_append_printf (part->sql, " AND %s", sql);
}

static void
part_add_fts (ClpStorePart *part,
              ClpStoreFts  *fts)
{
  part->truth = CLP_STORE_TRUTH_SOME;
  g_ptr_array_add (part->fts, fts);
}

/* Joins the full-text conjuncts, and the NOTs if there is a positive one
 * to hang them on, into one FTS5 query. */
static void
part_fold (ClpStorePart *part)
{
  ClpStoreFts *fts;

  if (part->fts->len == 0 || (part->fts->len == 1 && part->fts_not->len == 0))
    return;
  fts = clp_store_fts_combine (part->fts, part->fts_not, FALSE);
  g_ptr_array_set_size (part->fts, 0);
  g_ptr_array_set_size (part->fts_not, 0);
  g_ptr_array_add (part->fts, fts);
}

gboolean
clp_store_part_is_fts (const ClpStorePart *part)
{
  return part->truth == CLP_STORE_TRUTH_SOME && part->fts->len == 1 && part->fts_not->len == 0 &&
         part->sql == NULL;
}

/* The compiler */

void
clp_store_compiler_init (ClpStoreCompiler *compiler,
                         ClpStore         *store,
                         ClpStoreTarget    target,
                         ClpStoreMode      mode,
                         GError          **error)
{
  static const char * const sql[] = {
    [CLP_STORE_TARGET_COMMENTS] = "SELECT max(id) FROM comments",
    [CLP_STORE_TARGET_ARTICLES] = "SELECT max(id) FROM articles",
  };
  g_auto(ClpStoreStatement) stmt = { 0 };

  memset (compiler, 0, sizeof *compiler);
  compiler->store = store;
  compiler->target = target;
  compiler->mode = mode;
  compiler->error = error;
  /* Only an estimate: without it, the queries that follow fail and say why. */
  if (clp_store_statement_init (&stmt, store, sql[target], "count", NULL))
    clp_store_statement_fetch_int64 (&stmt, &compiler->rows, NULL);
  compiler->rows = MAX (compiler->rows, 1);
}

void
clp_store_compiler_clear (ClpStoreCompiler *compiler)
{
  if (compiler->hoisted != NULL)
    g_string_free (compiler->hoisted, TRUE);
  compiler->hoisted = NULL;
  g_clear_pointer (&compiler->hoisted_params, g_ptr_array_unref);
  g_clear_pointer (&compiler->driver_author, g_free);
  g_clear_pointer (&compiler->driver_from, g_free);
  g_clear_pointer (&compiler->driver_to, g_free);
}

/* What a query of comments "c" joins so that its conditions can read
 * their article as "a". */
const char *
clp_store_compiler_article_join (const ClpStoreCompiler *compiler)
{
  return compiler->target == CLP_STORE_TARGET_COMMENTS && compiler->needs_article
         ? " CROSS JOIN articles a ON a.id = c.article_id" : "";
}

/* Conditions */

void
clp_store_conditions_init (ClpStoreConditions *conditions)
{
  for (guint i = 0; i < 2; i++)
    {
      conditions->sql[i] = g_string_new (NULL);
      conditions->params[i] = clp_store_params_new ();
    }
}

void
clp_store_conditions_clear (ClpStoreConditions *conditions)
{
  for (guint i = 0; i < 2; i++)
    {
      if (conditions->sql[i] != NULL)
        g_string_free (conditions->sql[i], TRUE);
      conditions->sql[i] = NULL;
      g_clear_pointer (&conditions->params[i], g_ptr_array_unref);
    }
}

/* Starts the next condition of @when; the caller writes it and its values
 * into the GString and array returned. */
GString *
clp_store_conditions_next (ClpStoreConditions *conditions,
                           int                 when,
                           GPtrArray         **params)
{
  if (conditions->sql[when]->len > 0)
    g_string_append (conditions->sql[when], " AND ");
  *params = conditions->params[when];
  return conditions->sql[when];
}

void
clp_store_conditions_add (ClpStoreConditions *conditions,
                          const char         *sql,
                          GPtrArray          *params)
{
  GPtrArray *into;

  g_string_append (clp_store_conditions_next (conditions, CLP_STORE_CONDITION_EARLY, &into), sql);
  clp_store_params_extend (into, params);
}

/* Writes the conditions, or "1" when there are none. */
void
clp_store_conditions_write (ClpStoreConditions *conditions,
                            GString            *sql,
                            GPtrArray          *params)
{
  GString *early = conditions->sql[CLP_STORE_CONDITION_EARLY];
  GString *late = conditions->sql[CLP_STORE_CONDITION_LATE];

  if (early->len == 0 && late->len == 0)
    g_string_append_c (sql, '1');
  g_string_append (sql, early->str);
  if (early->len > 0 && late->len > 0)
    g_string_append (sql, " AND ");
  g_string_append (sql, late->str);
  for (guint i = 0; i < 2; i++)
    clp_store_params_extend (params, conditions->params[i]);
}

/* The condition that a row matches @fts (or, @negated, does not), given
 * how many rows it matches, or -1 when that is not known yet: the row is
 * among the matches, collected once, or its text matches. */
gboolean
clp_store_compiler_add_fts_test (ClpStoreCompiler   *compiler,
                                 ClpStoreConditions *conditions,
                                 ClpStoreFts        *fts,
                                 gint64              matches,
                                 gboolean            negated)
{
  const ClpStoreTargetInfo *info = &clp_store_targets[compiler->target];
  gboolean by_text = compiler->mode == CLP_STORE_MODE_ARTICLE;
  GPtrArray *params;
  GString *sql;

  if (compiler->mode == CLP_STORE_MODE_PAGE &&
      !clp_store_planner_test_by_text (compiler, fts, matches, &by_text))
    return FALSE;

  sql = clp_store_conditions_next (conditions,
                                   by_text ? CLP_STORE_CONDITION_LATE : CLP_STORE_CONDITION_EARLY,
                                   &params);
  if (by_text)
    {
      g_string_append_printf (sql, "%sclp_match (?, %s)", negated ? "NOT " : "", info->columns);
      add_matcher (params, fts->matcher);
      return TRUE;
    }
  /* In a walk, "+" keeps SQLite from looking the set's rows up by id
   * instead of walking in order. */
  g_string_append_printf (sql, "%s%s %sIN (SELECT rowid FROM %s WHERE %s MATCH ?)",
                          compiler->mode == CLP_STORE_MODE_PAGE ? "+" : "", info->id,
                          negated ? "NOT " : "", info->fts, info->fts);
  clp_store_params_add_text (params, fts->text);
  return TRUE;
}

/* Adds the conditions of @part. */
gboolean
clp_store_compiler_add_part (ClpStoreCompiler   *compiler,
                             ClpStoreConditions *conditions,
                             ClpStorePart       *part)
{
  part_fold (part);
  g_assert (part->truth == CLP_STORE_TRUTH_SOME);
  for (guint i = 0; i < part->fts->len; i++)
    if (!clp_store_compiler_add_fts_test (compiler, conditions, g_ptr_array_index (part->fts, i),
                                          -1, FALSE))
      return FALSE;
  for (guint i = 0; i < part->fts_not->len; i++)
    if (!clp_store_compiler_add_fts_test (compiler, conditions,
                                          g_ptr_array_index (part->fts_not, i), -1, TRUE))
      return FALSE;
  if (part->sql != NULL)
    clp_store_conditions_add (conditions, part->sql->str, part->params);
  return TRUE;
}

/* Appends @part as one SQL condition, its values to @params. */
gboolean
clp_store_compiler_append_part (ClpStoreCompiler *compiler,
                                ClpStorePart     *part,
                                GString          *sql,
                                GPtrArray        *params)
{
  g_auto(ClpStoreConditions) conditions = { 0 };

  clp_store_conditions_init (&conditions);
  if (!clp_store_compiler_add_part (compiler, &conditions, part))
    return FALSE;
  g_string_append_c (sql, '(');
  clp_store_conditions_write (&conditions, sql, params);
  g_string_append_c (sql, ')');
  return TRUE;
}

/* Compiling */

static gboolean compile (ClpStoreCompiler   *compiler,
                         const ClpQueryNode *node,
                         gboolean            top,
                         ClpStorePart       *part);

static gboolean
compile_and (ClpStoreCompiler   *compiler,
             const ClpQueryNode *node,
             gboolean            top,
             ClpStorePart       *part)
{
  part_init (part, CLP_STORE_TRUTH_TRUE);
  for (guint i = 0; i < node->children->len; i++)
    {
      g_auto(ClpStorePart) child = { 0 };

      if (!compile (compiler, g_ptr_array_index (node->children, i), top, &child))
        return FALSE;
      if (child.truth == CLP_STORE_TRUTH_TRUE)
        continue;
      if (child.truth == CLP_STORE_TRUTH_FALSE)
        {
          part_reset (part, CLP_STORE_TRUTH_FALSE);
          return TRUE;
        }
      part->truth = CLP_STORE_TRUTH_SOME;
      for (guint j = 0; j < child.fts->len; j++)
        g_ptr_array_add (part->fts, clp_store_fts_ref (g_ptr_array_index (child.fts, j)));
      for (guint j = 0; j < child.fts_not->len; j++)
        g_ptr_array_add (part->fts_not, clp_store_fts_ref (g_ptr_array_index (child.fts_not, j)));
      if (child.sql != NULL)
        part_add_sql (part, child.sql->str);
      clp_store_params_extend (part->params, child.params);
    }
  return TRUE;
}

static gboolean
compile_or (ClpStoreCompiler   *compiler,
            const ClpQueryNode *node,
            ClpStorePart       *part)
{
  g_autoptr(GArray) children = g_array_new (FALSE, TRUE, sizeof (ClpStorePart));
  gboolean all_fts = TRUE;

  g_array_set_clear_func (children, (GDestroyNotify) clp_store_part_clear);
  part_init (part, CLP_STORE_TRUTH_FALSE);
  for (guint i = 0; i < node->children->len; i++)
    {
      ClpStorePart child = { 0 };

      if (!compile (compiler, g_ptr_array_index (node->children, i), FALSE, &child))
        return FALSE;
      if (child.truth != CLP_STORE_TRUTH_SOME)
        {
          ClpStoreTruth truth = child.truth;

          clp_store_part_clear (&child);
          if (truth == CLP_STORE_TRUTH_FALSE)
            continue;
          part_reset (part, CLP_STORE_TRUTH_TRUE);
          return TRUE;
        }
      part_fold (&child);
      all_fts &= clp_store_part_is_fts (&child);
      g_array_append_val (children, child);
    }
  if (children->len == 0)
    return TRUE;

  /* "ferry OR boat" is one FTS5 query; with a field in it, SQL. */
  if (all_fts)
    {
      g_autoptr(GPtrArray) any = g_ptr_array_new ();

      for (guint i = 0; i < children->len; i++)
        g_ptr_array_add (any, g_ptr_array_index (g_array_index (children, ClpStorePart, i).fts, 0));
      part_add_fts (part, clp_store_fts_combine (any, NULL, TRUE));
      return TRUE;
    }
  {
    g_autoptr(GString) sql = g_string_new ("(");

    for (guint i = 0; i < children->len; i++)
      {
        if (i > 0)
          g_string_append (sql, " OR ");
        if (!clp_store_compiler_append_part (compiler, &g_array_index (children, ClpStorePart, i),
                                             sql, part->params))
          return FALSE;
      }
    g_string_append_c (sql, ')');
    part_add_sql (part, sql->str);
  }
  return TRUE;
}

static gboolean
compile_not (ClpStoreCompiler   *compiler,
             const ClpQueryNode *node,
             ClpStorePart       *part)
{
  g_auto(ClpStorePart) child = { 0 };

  if (!compile (compiler, g_ptr_array_index (node->children, 0), FALSE, &child))
    return FALSE;
  if (child.truth != CLP_STORE_TRUTH_SOME)
    {
      part_init (part, child.truth == CLP_STORE_TRUTH_TRUE ? CLP_STORE_TRUTH_FALSE
                                                           : CLP_STORE_TRUTH_TRUE);
      return TRUE;
    }
  part_init (part, CLP_STORE_TRUTH_SOME);
  part_fold (&child);
  if (clp_store_part_is_fts (&child))
    {
      g_ptr_array_add (part->fts_not, clp_store_fts_ref (g_ptr_array_index (child.fts, 0)));
      return TRUE;
    }
  {
    g_autoptr(GString) sql = g_string_new ("NOT ");

    if (!clp_store_compiler_append_part (compiler, &child, sql, part->params))
      return FALSE;
    part_add_sql (part, sql->str);
  }
  return TRUE;
}

const char *
clp_store_compiler_compare_sql (ClpQueryCompare compare)
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
compile_author (ClpStoreCompiler   *compiler,
                const ClpQueryNode *node,
                gboolean            top,
                ClpStorePart       *part)
{
  const ClpQueryTerm *term = &node->term;
  gboolean prefix = term->kind == CLP_QUERY_TERM_PREFIX;
  g_autofree char *folded = NULL;

  part_init (part, compiler->target == CLP_STORE_TARGET_COMMENTS ? CLP_STORE_TRUTH_SOME
                                                                 : CLP_STORE_TRUTH_FALSE);
  if (compiler->target != CLP_STORE_TARGET_COMMENTS)
    return;

  if (is_ascii (term->text) || !has_letters (term->text))
    {
      if (prefix)
        {
          g_autofree char *pattern = clp_store_like_pattern (term->text, FALSE);

          part_add_sql (part, "c.author LIKE ? ESCAPE '\\'");
          clp_store_params_add_text (part->params, pattern);
          return;
        }
      part_add_sql (part, "c.author = ? COLLATE NOCASE");
      clp_store_params_add_text (part->params, term->text);
      if (top && compiler->driver_author == NULL)
        compiler->driver_author = g_strdup (term->text);
      return;
    }

  folded = g_utf8_casefold (term->text, -1);
  part_add_fts (part, clp_store_fts_new_term (compiler->store, "author", 1 << 0, term));
  part_add_sql (part, prefix ? "instr (clp_casefold (c.author), ?) = 1"
                             : "clp_casefold (c.author) = ?");
  clp_store_params_add_text (part->params, folded);
}

/* An article's publication is a day, which counts as its first instant:
 * "after:2019-03-14T12:00" starts with the articles of the 15th. */
static char *
first_day_from (const char *instant)
{
  g_autofree char *later = clp_date_add_seconds (instant, 86400 - 1);

  return g_strndup (later != NULL ? later : instant, 10);
}

#define SHOWN_AFTER "(c.posted_at >= ? AND" \
                    " coalesce (clp_local_seconds (c.posted_utc) >= ?, c.posted_at >= ?))"
#define SHOWN_BEFORE "(c.posted_at < ? AND" \
                     " coalesce (clp_local_seconds (c.posted_utc) < ?, c.posted_at < ?))"
#define ZONES_APART (2 * 86400)

/* The parameters of SHOWN_AFTER or SHOWN_BEFORE for @time. A comment's
 * time as filters read it is the time it shows (clp_comment_dup_shown_time(),
 * FORMATS.md "Times"): with an instant, the instant in this computer's
 * zone. posted_at holds that instant in the zone of the computer that
 * imported it, never more than two days off, so the index on it narrows
 * the rows down before the time shown decides; that compares seconds, not
 * text, for speed. */
static void
add_shown_time (GPtrArray  *params,
                const char *time,
                gint64      slack)
{
  g_autofree char *wide = clp_date_add_seconds (time, slack);
  gint64 seconds = 0;

  clp_store_params_add_text (params, wide != NULL ? wide : time);
  if (!clp_date_to_unix (time, FALSE, &seconds))
    seconds = slack < 0 ? G_MININT64 : G_MAXINT64;
  clp_store_params_add_number (params, seconds);
  clp_store_params_add_text (params, time);
}

static void
compile_date (ClpStoreCompiler   *compiler,
              const ClpQueryNode *node,
              gboolean            top,
              ClpStorePart       *part)
{
  gboolean comments = compiler->target == CLP_STORE_TARGET_COMMENTS;

  part_init (part, CLP_STORE_TRUTH_SOME);
  if (node->from != NULL)
    {
      g_autofree char *day = comments ? NULL : first_day_from (node->from);

      part_add_sql (part, comments ? SHOWN_AFTER : "a.published >= ?");
      if (comments)
        add_shown_time (part->params, node->from, -ZONES_APART);
      else
        clp_store_params_add_text (part->params, day);
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
        clp_store_params_add_text (part->params, day);
      if (top && comments &&
          (compiler->driver_to == NULL || strcmp (node->to, compiler->driver_to) < 0))
        {
          g_free (compiler->driver_to);
          compiler->driver_to = g_strdup (node->to);
        }
    }
}

/* Whether every comment that passes @node is in the index on its column,
 * which lists those at or above CLP_STORE_STRUCTURE_INDEX_FLOOR. */
static gboolean
implies_index_floor (const ClpQueryNode *node)
{
  switch (node->compare)
    {
    case CLP_QUERY_GREATER:
      return node->number >= CLP_STORE_STRUCTURE_INDEX_FLOOR - 1;
    case CLP_QUERY_GREATER_EQUAL:
    case CLP_QUERY_EQUAL:
      return node->number >= CLP_STORE_STRUCTURE_INDEX_FLOOR;
    default:
      return FALSE;
    }
}

static void
compile_structure (ClpStoreCompiler   *compiler,
                   const ClpQueryNode *node,
                   gboolean            top,
                   ClpStorePart       *part)
{
  gboolean replies = node->kind == CLP_QUERY_NODE_REPLIES;
  g_autofree char *sql = NULL;

  part_init (part, compiler->target == CLP_STORE_TARGET_COMMENTS ? CLP_STORE_TRUTH_SOME
                                                                 : CLP_STORE_TRUTH_FALSE);
  if (compiler->target != CLP_STORE_TARGET_COMMENTS)
    return;
  sql = g_strdup_printf ("c.%s %s ?", replies ? "reply_count" : "depth",
                         clp_store_compiler_compare_sql (node->compare));
  part_add_sql (part, sql);
  clp_store_params_add_number (part->params, node->number);
  if (top && implies_index_floor (node))
    {
      if (replies && compiler->driver_replies == NULL)
        compiler->driver_replies = node;
      if (!replies && compiler->driver_depth == NULL)
        compiler->driver_depth = node;
    }
}

/* Narrows the time a page may start from: the latest start and the
 * earliest end of the conditions every hit meets. */
static void
drive_time (ClpStoreCompiler *compiler,
            const char       *from,
            const char       *to)
{
  if (g_strcmp0 (from, compiler->driver_from) > 0)
    {
      g_free (compiler->driver_from);
      compiler->driver_from = g_strdup (from);
    }
  if (compiler->driver_to == NULL || strcmp (to, compiler->driver_to) < 0)
    {
      g_free (compiler->driver_to);
      compiler->driver_to = g_strdup (to);
    }
}

/* ref: is the comment whose reference it is (clp-reference.c). The
 * reference names its time, so the time index finds the few comments of
 * that second, and clp_reference() makes theirs to compare. A comment
 * with an instant was given a wall-clock time in the zone of the
 * computer that imported it, which is less than a day away. */
static void
compile_ref (ClpStoreCompiler   *compiler,
             const ClpQueryNode *node,
             gboolean            top,
             ClpStorePart       *part)
{
  g_auto(ClpReferenceParts) parts = { 0 };

  part_init (part, compiler->target == CLP_STORE_TARGET_COMMENTS ? CLP_STORE_TRUTH_SOME
                                                                 : CLP_STORE_TRUTH_FALSE);
  if (compiler->target != CLP_STORE_TARGET_COMMENTS)
    return;
  if (!clp_reference_parse (node->term.text, &parts))
    {
      part_reset (part, CLP_STORE_TRUTH_FALSE);
      return;
    }
  compiler->needs_article = TRUE;
  switch (parts.time)
    {
    case CLP_REFERENCE_TIME_WALL_CLOCK:
      {
        g_autofree char *next = clp_date_add_seconds (parts.time_text, 1);

        part_add_sql (part, "c.posted_at = ? AND c.posted_utc IS NULL");
        clp_store_params_add_text (part->params, parts.time_text);
        if (top && next != NULL)
          drive_time (compiler, parts.time_text, next);
      }
      break;
    case CLP_REFERENCE_TIME_INSTANT:
      {
        g_autofree char *from = clp_date_from_unix (parts.instant - 86400, FALSE);
        g_autofree char *to = clp_date_from_unix (parts.instant + 86400 + 1, FALSE);

        part_add_sql (part, "c.posted_utc = ?");
        clp_store_params_add_number (part->params, parts.instant);
        if (from != NULL && to != NULL)
          {
            part_add_sql (part, "c.posted_at >= ? AND c.posted_at < ?");
            clp_store_params_add_text (part->params, from);
            clp_store_params_add_text (part->params, to);
            if (top)
              drive_time (compiler, from, to);
          }
      }
      break;
    case CLP_REFERENCE_TIME_NONE:
    default:
      part_add_sql (part, "c.posted_at IS NULL AND c.posted_utc IS NULL");
      break;
    }
  part_add_sql (part, "clp_reference (a.url, a.title, (SELECT name FROM sources"
                      " WHERE id = a.source_id), a.published, c.author, c.posted_at,"
                      " c.posted_utc, c.text) = ?");
  clp_store_params_add_text (part->params, parts.normalized);
}

/* A condition of a comment's article, at the top of the query, moves from
 * @part to the compiler's hoisted conditions. */
static void
hoist (ClpStoreCompiler *compiler,
       gboolean          top,
       ClpStorePart     *part)
{
  compiler->needs_article = TRUE;
  if (!top)
    return;
  if (compiler->hoisted == NULL)
    {
      compiler->hoisted = g_string_new (part->sql->str);
      compiler->hoisted_params = clp_store_params_new ();
    }
  else
    g_string_append_printf (compiler->hoisted, " AND %s", part->sql->str);
  clp_store_params_extend (compiler->hoisted_params, part->params);
  part_reset (part, CLP_STORE_TRUTH_TRUE);
}

void
clp_store_compiler_add_hoisted (ClpStoreCompiler   *compiler,
                                ClpStoreConditions *conditions)
{
  if (compiler->hoisted != NULL)
    clp_store_conditions_add (conditions, compiler->hoisted->str, compiler->hoisted_params);
}

/* Appends all that @part and the hoisted conditions ask, as one
 * condition: "1" for everything, "0" for nothing. */
gboolean
clp_store_compiler_append_all (ClpStoreCompiler *compiler,
                               ClpStorePart     *part,
                               GString          *sql,
                               GPtrArray        *params)
{
  g_auto(ClpStoreConditions) conditions = { 0 };

  if (part->truth == CLP_STORE_TRUTH_FALSE)
    {
      g_string_append_c (sql, '0');
      return TRUE;
    }
  clp_store_conditions_init (&conditions);
  if (part->truth == CLP_STORE_TRUTH_SOME &&
      !clp_store_compiler_add_part (compiler, &conditions, part))
    return FALSE;
  clp_store_compiler_add_hoisted (compiler, &conditions);
  g_string_append_c (sql, '(');
  clp_store_conditions_write (&conditions, sql, params);
  g_string_append_c (sql, ')');
  return TRUE;
}

static gboolean
compile (ClpStoreCompiler   *compiler,
         const ClpQueryNode *node,
         gboolean            top,
         ClpStorePart       *part)
{
  gboolean comments = compiler->target == CLP_STORE_TARGET_COMMENTS;

  switch (node->kind)
    {
    case CLP_QUERY_NODE_AND:
      return compile_and (compiler, node, top, part);

    case CLP_QUERY_NODE_OR:
      return compile_or (compiler, node, part);

    case CLP_QUERY_NODE_NOT:
      return compile_not (compiler, node, part);

    case CLP_QUERY_NODE_TERM:
      part_init (part, CLP_STORE_TRUTH_SOME);
      if (node->term.field == CLP_QUERY_FIELD_TEXT)
        {
          /* Plain words look in comment text, not author names; in
           * articles, in the title and the body. */
          part_add_fts (part,
                        comments
                        ? clp_store_fts_new_term (compiler->store, "text", 1 << 1, &node->term)
                        : clp_store_fts_new_term (compiler->store, NULL, 3, &node->term));
        }
      else if (!comments)
        part_add_fts (part, clp_store_fts_new_term (compiler->store, "title", 1 << 0, &node->term));
      else
        {
          /* A comment matches title: when its article does. */
          g_autofree char *fts = clp_store_fts_query ("title", &node->term);

          part_add_sql (part, "+a.id IN (SELECT rowid FROM articles_fts"
                              " WHERE articles_fts MATCH ?)");
          clp_store_params_add_text (part->params, fts);
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

        part_init (part, CLP_STORE_TRUTH_SOME);
        part_add_sql (part, node->kind == CLP_QUERY_NODE_SOURCE
                            ? "a.source_id IN (SELECT id FROM sources"
                              " WHERE name LIKE ? ESCAPE '\\')"
                            : "a.section LIKE ? ESCAPE '\\'");
        clp_store_params_add_text (part->params, pattern);
        if (comments)
          hoist (compiler, top, part);
        return TRUE;
      }

    case CLP_QUERY_NODE_SCOPE:
      part_init (part, (node->scope == CLP_QUERY_SCOPE_COMMENTS) == comments
                       ? CLP_STORE_TRUTH_TRUE : CLP_STORE_TRUTH_FALSE);
      return TRUE;

    case CLP_QUERY_NODE_DATE:
      compile_date (compiler, node, top, part);
      return TRUE;

    case CLP_QUERY_NODE_REPLIES:
    case CLP_QUERY_NODE_DEPTH:
      compile_structure (compiler, node, top, part);
      return TRUE;

    case CLP_QUERY_NODE_REF:
      compile_ref (compiler, node, top, part);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* Compiles @query for the compiler's target into @part: true for an empty
 * query, and its full-text conjuncts folded into one. */
gboolean
clp_store_compiler_compile (ClpStoreCompiler *compiler,
                            ClpQuery         *query,
                            ClpStorePart     *part)
{
  ClpQueryNode *root = query != NULL ? clp_query_get_root (query) : NULL;

  if (root == NULL)
    {
      part_init (part, CLP_STORE_TRUTH_TRUE);
      return TRUE;
    }
  if (!compile (compiler, root, TRUE, part))
    return FALSE;
  part_fold (part);
  return TRUE;
}

/* Prepares compiled SQL into @stmt, for this run alone, and binds its
 * values. */
gboolean
clp_store_compiler_prepare (ClpStore          *self,
                            const char        *sql,
                            GPtrArray         *params,
                            ClpStoreStatement *stmt,
                            GError           **error)
{
  g_debug ("search: %s", sql);
  /* Not in the statement cache: each shape of query has its own text, and
   * a session of typing makes many. */
  if (!clp_store_statement_init_uncached (stmt, self, sql, "search", error))
    return FALSE;
  for (guint i = 0; i < params->len; i++)
    {
      Param *param = g_ptr_array_index (params, i);

      switch (param->kind)
        {
        case PARAM_TEXT:
          clp_store_statement_bind_text (stmt, i + 1, param->text);
          break;
        case PARAM_NUMBER:
          clp_store_statement_bind_int64 (stmt, i + 1, param->number);
          break;
        case PARAM_MATCHER:
          /* The statement lives shorter than @params, which holds it. */
          clp_store_statement_bind_matcher (stmt, i + 1, param->matcher);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}
