/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A SQLite VFS shim for tests only (the idea of test_vfs.c, test6.c and
 * test_devsym.c in SQLite's own test suite): it passes every call to the
 * "unix" VFS and can play a machine that loses its power, or a disk that
 * fills up. A test program registers it; the product never does. */

void     clp_test_vfs_register        (void);

/* Power cut: at the @event-th write, truncate or sync (counting from 1),
 * that event does not happen and the writes not yet synced are lost, each
 * one whole, torn after a multiple of 512 bytes, or kept, chosen by @seed
 * (which also chooses how many are lost); then the process ends
 * at once with status 0, as a machine without power does. 0 counts the
 * events and never cuts. */
void     clp_test_vfs_cut_power_at    (guint64 event,
                                       guint32 seed);
guint64  clp_test_vfs_get_events      (void);

/* Disk full: the files may grow by @bytes in all, then writes past their
 * end fail with SQLITE_FULL; shrinking a file gives room back.
 * G_MAXINT64 is a disk with room. */
void     clp_test_vfs_set_free_space  (gint64  bytes);

/* The largest size a file whose name ends with @suffix reached. */
gint64   clp_test_vfs_get_peak_size   (const char *suffix);
void     clp_test_vfs_reset_peaks     (void);

G_END_DECLS
