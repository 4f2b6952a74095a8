/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean clp_store_locks_install (void);

void     clp_store_locks_remove_unused_files (const char *path);
char    *clp_store_locks_describe_holders    (const char *path);

G_END_DECLS
