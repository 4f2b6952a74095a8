/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "clp-store.h"

G_BEGIN_DECLS

/* Shared by the files of the store module, and nothing else: they are the
 * only ones that speak SQL. */

sqlite3      *clp_store_get_handle     (ClpStore    *self);
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

G_END_DECLS
