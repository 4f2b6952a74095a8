/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-store-compiler.h"

G_BEGIN_DECLS

/* The search planner: how a page of hits, or of the article list, is
 * found. Shared by the files of the store's search and nothing else. */

gboolean clp_store_planner_test_by_text  (ClpStoreCompiler *compiler,
                                          ClpStoreFts      *fts,
                                          gint64            matches,
                                          gboolean         *by_text);
gboolean clp_store_planner_plan_page     (ClpStoreCompiler *compiler,
                                          ClpStorePart     *part,
                                          ClpSearchOrder    order,
                                          gint64            ranked,
                                          GString          *sql,
                                          GPtrArray        *params);
gboolean clp_store_planner_walk_articles (ClpStoreCompiler *articles,
                                          ClpStorePart     *article_part,
                                          ClpStoreCompiler *comments,
                                          ClpStorePart     *comment_part,
                                          gboolean         *walk);

G_END_DECLS
