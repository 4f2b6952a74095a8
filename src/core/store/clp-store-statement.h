/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "clp-store.h"
#include "clp-store-matcher.h"

G_BEGIN_DECLS

/* One run of a prepared statement: typed binds, steps whose failures are
 * GErrors with SQLite's message, typed columns. Private to the store
 * module, and kept on the stack:
 *
 *   g_auto(ClpStoreStatement) stmt = { 0 };
 *
 *   if (!clp_store_statement_init (&stmt, store, "SELECT … WHERE id = ?", "load", error))
 *     return FALSE;
 *   clp_store_statement_bind_int64 (&stmt, 1, id);
 *   while ((ok = clp_store_statement_step (&stmt, &row, error)) && row)
 *     … clp_store_statement_get_int64 (&stmt, 0) …
 *
 * Parameters are numbered from 1 and columns from 0, as SQLite numbers
 * them. A run holds the store's lock from init to clear: the cleanup of
 * g_auto() runs after the function's own clp_store_unlock(), and must still
 * reset the statement before another thread takes it. */
typedef struct
{
  ClpStore     *store;
  sqlite3_stmt *stmt;
  const char   *what;        /* what the store was doing, for the error */
  gboolean      uncached;    /* prepared for this run alone, finalized by clear */
  GError       *bind_error;  /* the first bind that failed, for the next step */
} ClpStoreStatement;

gboolean     clp_store_statement_init          (ClpStoreStatement  *self,
                                                ClpStore           *store,
                                                const char         *sql,
                                                const char         *what,
                                                GError            **error);
gboolean     clp_store_statement_init_uncached (ClpStoreStatement  *self,
                                                ClpStore           *store,
                                                const char         *sql,
                                                const char         *what,
                                                GError            **error);
void         clp_store_statement_clear         (ClpStoreStatement  *self);
void         clp_store_statement_reset         (ClpStoreStatement  *self);

void         clp_store_statement_bind_int64    (ClpStoreStatement  *self,
                                                int                 index,
                                                gint64              value);
void         clp_store_statement_bind_double   (ClpStoreStatement  *self,
                                                int                 index,
                                                double              value);
void         clp_store_statement_bind_null     (ClpStoreStatement  *self,
                                                int                 index);
void         clp_store_statement_bind_text     (ClpStoreStatement  *self,
                                                int                 index,
                                                const char         *text);
void         clp_store_statement_bind_text_or_null (ClpStoreStatement *self,
                                                    int                index,
                                                    const char        *text);
void         clp_store_statement_bind_matcher  (ClpStoreStatement  *self,
                                                int                 index,
                                                ClpStoreMatcher    *matcher);

gboolean     clp_store_statement_step          (ClpStoreStatement  *self,
                                                gboolean           *row,
                                                GError            **error);
gboolean     clp_store_statement_fetch_int64   (ClpStoreStatement  *self,
                                                gint64             *value,
                                                GError            **error);
gboolean     clp_store_statement_fetch_text    (ClpStoreStatement  *self,
                                                char              **text,
                                                GError            **error);
GArray      *clp_store_statement_collect_int64 (ClpStoreStatement  *self,
                                                GError            **error);
GPtrArray   *clp_store_statement_collect_text  (ClpStoreStatement  *self,
                                                GError            **error);

gint64       clp_store_statement_get_int64     (ClpStoreStatement  *self,
                                                int                 column);
int          clp_store_statement_get_int       (ClpStoreStatement  *self,
                                                int                 column);
double       clp_store_statement_get_double    (ClpStoreStatement  *self,
                                                int                 column);
gboolean     clp_store_statement_get_null      (ClpStoreStatement  *self,
                                                int                 column);
const char  *clp_store_statement_get_text      (ClpStoreStatement  *self,
                                                int                 column);
char        *clp_store_statement_dup_text      (ClpStoreStatement  *self,
                                                int                 column);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ClpStoreStatement, clp_store_statement_clear)

G_END_DECLS
