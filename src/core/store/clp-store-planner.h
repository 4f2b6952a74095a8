/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-store-compiler.h"

G_BEGIN_DECLS

/* The search planner: how a page of hits is found. */

gboolean clp_store_planner_test_by_text (ClpStoreCompiler *compiler,
                                         ClpStoreFts      *fts,
                                         gint64            matches,
                                         gboolean         *by_text);

G_END_DECLS
