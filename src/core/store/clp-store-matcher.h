/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>
#include <glib.h>

G_BEGIN_DECLS

/* A full-text expression tested on one row's text, in C, with the
 * full-text index's own tokenizer: the same answer as FTS5's MATCH, for a
 * row already at hand, without asking the index. Private to the store
 * module; see clp-store-planner.c for when it is used. */

typedef struct _ClpStoreMatcher ClpStoreMatcher;
typedef struct _ClpStoreTokenizer ClpStoreTokenizer;

typedef enum
{
  CLP_STORE_MATCHER_AND,
  CLP_STORE_MATCHER_OR,
  CLP_STORE_MATCHER_NOT,
  CLP_STORE_MATCHER_TERM,
} ClpStoreMatcherKind;

/* The pointer type of clp_match()'s first argument (sqlite3_bind_pointer). */
#define CLP_STORE_MATCHER_POINTER "clp-store-matcher"

ClpStoreTokenizer *clp_store_tokenizer_new     (sqlite3            *db);
void               clp_store_tokenizer_free    (ClpStoreTokenizer  *self);

ClpStoreMatcher *clp_store_matcher_new_term  (ClpStoreTokenizer   *tokenizer,
                                              guint                columns,
                                              const char          *text,
                                              gboolean             prefix);
ClpStoreMatcher *clp_store_matcher_new       (ClpStoreMatcherKind  kind);
void             clp_store_matcher_add       (ClpStoreMatcher     *self,
                                              ClpStoreMatcher     *child);
guint            clp_store_matcher_count_tokens (ClpStoreMatcher  *self);
ClpStoreMatcher *clp_store_matcher_ref       (ClpStoreMatcher     *self);
void             clp_store_matcher_unref     (ClpStoreMatcher     *self);
gboolean         clp_store_matcher_register  (sqlite3             *db);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpStoreMatcher, clp_store_matcher_unref)

G_END_DECLS
