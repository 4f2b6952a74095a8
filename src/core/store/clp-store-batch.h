/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-store.h"

G_BEGIN_DECLS

#define CLP_TYPE_STORE_BATCH (clp_store_batch_get_type ())

G_DECLARE_FINAL_TYPE (ClpStoreBatch, clp_store_batch, CLP, STORE_BATCH, GObject)

ClpStoreBatch *clp_store_batch_new          (ClpStore       *store);
ClpStore      *clp_store_batch_get_store    (ClpStoreBatch  *self);
gboolean       clp_store_batch_find_import  (ClpStoreBatch  *self,
                                             const char     *sha256,
                                             gint64         *import_id,
                                             char          **imported_at,
                                             GError        **error);
gboolean       clp_store_batch_is_due       (ClpStoreBatch  *self,
                                             goffset         next_size);
guint          clp_store_batch_get_n_files  (ClpStoreBatch  *self);
gboolean       clp_store_batch_commit       (ClpStoreBatch  *self,
                                             GError        **error);
void           clp_store_batch_rollback     (ClpStoreBatch  *self);

gboolean       clp_store_batch_defer_indexes   (ClpStoreBatch  *self,
                                                goffset         import_bytes,
                                                gboolean       *deferred,
                                                GError        **error);
gboolean       clp_store_batch_restore_indexes (ClpStoreBatch  *self,
                                                gboolean        all,
                                                GError        **error);

G_END_DECLS
