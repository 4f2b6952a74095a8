/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-query.h"
#include "clp-store-private.h"

G_BEGIN_DECLS

/* A full-text condition in both its forms: an FTS5 query for the index,
 * and a matcher for one row's text. Private to the store's search; the
 * planner chooses which form a query uses. */
typedef struct
{
  int              ref_count;
  char            *text;
  ClpStoreMatcher *matcher;
  gboolean         slow;      /* has a prefix the prefix indexes cannot serve */
  gboolean         compound;  /* more than one word: FTS5 seeks between lists */
} ClpStoreFts;

ClpStoreFts *clp_store_fts_new_term (ClpStore           *store,
                                     const char         *column,
                                     guint               columns,
                                     const ClpQueryTerm *term);
ClpStoreFts *clp_store_fts_combine  (GPtrArray          *all,
                                     GPtrArray          *none,
                                     gboolean            any);
ClpStoreFts *clp_store_fts_ref      (ClpStoreFts        *fts);
void         clp_store_fts_unref    (ClpStoreFts        *fts);
char        *clp_store_fts_query    (const char         *column,
                                     const ClpQueryTerm *term);

G_END_DECLS
