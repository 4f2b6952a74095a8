/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "clp-store.h"
#include "clp-store-batch.h"
#include "clp-store-matcher.h"
#include "clp-store-statement.h"

/* The size the write-ahead log is cut back to after a checkpoint let it
 * start over: see clp_store_open_full(). A batch lets it stay larger
 * while it runs (clp-store-batch.c). */
#define CLP_STORE_WAL_SIZE_LIMIT 8388608

G_BEGIN_DECLS

/* clp-store-migrations.c: CLP_STORE_SCHEMA_VERSION steps; the i-th takes
 * an archive from version i to i + 1. */
extern const char * const clp_store_migrations[];

/* clp-store-identity.c */
gint64   clp_store_comment_fingerprint    (const char         *author,
                                           const char         *posted_at,
                                           const char         *text);
gboolean clp_store_find_duplicate_comment (ClpStore           *store,
                                           gint64              article_id,
                                           gint64              import_id,
                                           GHashTable         *consumed,
                                           const ClpComment   *comment,
                                           const char         *author,
                                           const char         *posted_at,
                                           const char         *text,
                                           gint64              print,
                                           gint64             *duplicate,
                                           int                *depth,
                                           GError            **error);

/* clp-store-thread.c */
typedef gboolean (*ClpStoreWriteCheck) (gpointer   data,
                                        GError   **error);

gboolean clp_store_restructure_thread (ClpStore            *store,
                                       gint64               article_id,
                                       ClpStoreWriteCheck   before_write,
                                       gpointer             data,
                                       gboolean            *looped,
                                       GError             **error);

/* Shared by the files of the store module, and nothing else: they are the
 * only ones that speak SQL. */

sqlite3      *clp_store_get_handle     (ClpStore    *self);
ClpStoreTokenizer *clp_store_get_tokenizer (ClpStore *self);
/* The cached statement itself; most code runs it as a ClpStoreStatement
 * (clp-store-statement.h), which folds the binds, steps and errors. */
sqlite3_stmt *clp_store_statement      (ClpStore    *self,
                                        const char  *sql,
                                        GError     **error);
gboolean      clp_store_exec           (ClpStore    *self,
                                        const char  *sql,
                                        GError     **error);
gboolean      clp_store_set_error      (ClpStore    *self,
                                        GError     **error,
                                        const char  *what);
void          clp_store_lock           (ClpStore    *self);
void          clp_store_unlock         (ClpStore    *self);
char         *clp_store_column_dup     (sqlite3_stmt *stmt,
                                        int           column);
void          clp_store_watch_cancellable (ClpStore     *self,
                                           GCancellable *cancellable);
gboolean      clp_store_add_search_functions (ClpStore  *self,
                                              GError   **error);
char         *clp_store_like_pattern   (const char  *text,
                                        gboolean     anywhere);
gboolean      clp_store_has_index      (ClpStore    *self,
                                        const char  *name);
char         *clp_store_indexed_by     (ClpStore    *self,
                                        const char  *name);

/* A file's savepoint in a batch, for the sink (clp-store-batch.c). */
gboolean      clp_store_batch_begin_file (ClpStoreBatch  *self,
                                          GError        **error);
gboolean      clp_store_batch_land_file  (ClpStoreBatch  *self,
                                          goffset         size,
                                          GError        **error);
void          clp_store_batch_drop_file  (ClpStoreBatch  *self);

/* How a page of search results is found; tests force each in turn. */
typedef enum
{
  CLP_STORE_PLAN_AUTO,
  CLP_STORE_PLAN_SET,   /* walk in order, test rows against the set of matches */
  CLP_STORE_PLAN_ROWS,  /* walk in order, test each row's text */
} ClpStorePlan;

void          clp_store_force_plan     (ClpStorePlan plan);

G_END_DECLS
