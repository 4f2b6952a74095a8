/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-query-private.h"
#include "clp-store-fts.h"
#include "clp-store-private.h"

G_BEGIN_DECLS

/* A comment's time as it is shown (FORMATS.md "Times"), in SQL. */
#define CLP_STORE_SHOWN_TIME "coalesce (clp_local_time (c.posted_utc), c.posted_at)"

/* The query compiler and what it compiles to, shared by the files of the
 * store's search (compiler, planner, search runner, article lists) and
 * nothing else. */

typedef enum
{
  CLP_STORE_TARGET_COMMENTS,
  CLP_STORE_TARGET_ARTICLES,
} ClpStoreTarget;

/* What the SQL about a target names. */
typedef struct
{
  const char *table;       /* with its alias */
  const char *fts;         /* its full-text table */
  const char *id;          /* its row id, as the queries name it */
  const char *columns;     /* the full-text table's two columns, for clp_match() */
  const char *time;        /* what "newest" means */
  const char *time_index;
} ClpStoreTargetInfo;

extern const ClpStoreTargetInfo clp_store_targets[];

/* How the rows a full-text part matches are found. */
typedef enum
{
  CLP_STORE_MODE_PAGE,     /* a page in some order: choose by estimates */
  CLP_STORE_MODE_ALL,      /* every match, for counts and whole lists: collect the set */
  CLP_STORE_MODE_ARTICLE,  /* the comments of one article: test each row */
} ClpStoreMode;

/* Bound values: the values of the '?' of compiled SQL, in order, in a
 * GPtrArray of clp_store_params_new(). */
GPtrArray   *clp_store_params_new        (void);
void         clp_store_params_add_text   (GPtrArray  *params,
                                          const char *text);
void         clp_store_params_add_number (GPtrArray  *params,
                                          gint64      number);
void         clp_store_params_extend     (GPtrArray  *params,
                                          GPtrArray  *from);

typedef enum
{
  CLP_STORE_TRUTH_TRUE,
  CLP_STORE_TRUTH_FALSE,
  CLP_STORE_TRUTH_SOME,
} ClpStoreTruth;

/* A compiled part of a query: ALL fts AND NOT fts_not… AND sql. */
typedef struct
{
  ClpStoreTruth  truth;
  GPtrArray     *fts;       /* (element-type ClpStoreFts) */
  GPtrArray     *fts_not;   /* (element-type ClpStoreFts) */
  GString       *sql;       /* SQL conjuncts, or NULL */
  GPtrArray     *params;    /* the values of sql's '?', in order */
} ClpStorePart;

void         clp_store_part_clear        (ClpStorePart       *part);
gboolean     clp_store_part_is_fts       (const ClpStorePart *part);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ClpStorePart, clp_store_part_clear)

/* Conditions joined by AND: first those a walk answers from the index or
 * cheaply, last the tests of a row's text, which run only for the rows the
 * others let through. */
typedef struct
{
  GString   *sql[2];
  GPtrArray *params[2];
} ClpStoreConditions;

enum
{
  CLP_STORE_CONDITION_EARLY,
  CLP_STORE_CONDITION_LATE,
};

void         clp_store_conditions_init   (ClpStoreConditions  *conditions);
void         clp_store_conditions_clear  (ClpStoreConditions  *conditions);
GString     *clp_store_conditions_next   (ClpStoreConditions  *conditions,
                                          int                  when,
                                          GPtrArray          **params);
void         clp_store_conditions_add    (ClpStoreConditions  *conditions,
                                          const char          *sql,
                                          GPtrArray           *params);
void         clp_store_conditions_write  (ClpStoreConditions  *conditions,
                                          GString             *sql,
                                          GPtrArray           *params);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ClpStoreConditions, clp_store_conditions_clear)

/* The indexes on reply counts and depths (comments_replies,
 * comments_depth; migration 7 in clp-store.c) list only the comments with
 * at least this many replies, or this deep: a structure condition drives
 * a page from them when it implies as much, and the SQL then says so in a
 * term SQLite can prove. The migration's number must stay this one. */
#define CLP_STORE_STRUCTURE_INDEX_FLOOR 2

typedef struct
{
  ClpStore           *store;
  ClpStoreTarget      target;
  ClpStoreMode        mode;
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
  const ClpQueryNode *driver_replies; /* replies:>N, N >= 1 */
  const ClpQueryNode *driver_depth;   /* depth:>N, N >= 1 */
  char               *driver_from;    /* after: */
  char               *driver_to;      /* before: */
  GError            **error;
} ClpStoreCompiler;

void         clp_store_compiler_init         (ClpStoreCompiler    *compiler,
                                              ClpStore            *store,
                                              ClpStoreTarget       target,
                                              ClpStoreMode         mode,
                                              GError             **error);
void         clp_store_compiler_clear        (ClpStoreCompiler    *compiler);
gboolean     clp_store_compiler_compile      (ClpStoreCompiler    *compiler,
                                              ClpQuery            *query,
                                              ClpStorePart        *part);
const char  *clp_store_compiler_article_join (const ClpStoreCompiler *compiler);
gboolean     clp_store_compiler_add_fts_test (ClpStoreCompiler    *compiler,
                                              ClpStoreConditions  *conditions,
                                              ClpStoreFts         *fts,
                                              gint64               matches,
                                              gboolean             negated);
gboolean     clp_store_compiler_add_part     (ClpStoreCompiler    *compiler,
                                              ClpStoreConditions  *conditions,
                                              ClpStorePart        *part);
void         clp_store_compiler_add_hoisted  (ClpStoreCompiler    *compiler,
                                              ClpStoreConditions  *conditions);
gboolean     clp_store_compiler_append_part  (ClpStoreCompiler    *compiler,
                                              ClpStorePart        *part,
                                              GString             *sql,
                                              GPtrArray           *params);
gboolean     clp_store_compiler_append_all   (ClpStoreCompiler    *compiler,
                                              ClpStorePart        *part,
                                              GString             *sql,
                                              GPtrArray           *params);
const char  *clp_store_compiler_compare_sql  (ClpQueryCompare      compare);
gboolean     clp_store_compiler_prepare      (ClpStore            *self,
                                              const char          *sql,
                                              GPtrArray           *params,
                                              ClpStoreStatement   *stmt,
                                              GError             **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ClpStoreCompiler, clp_store_compiler_clear)

G_END_DECLS
