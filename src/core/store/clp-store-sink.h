/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-import-report.h"
#include "clp-import-sink.h"
#include "clp-store.h"
#include "clp-store-batch.h"

G_BEGIN_DECLS

#define CLP_TYPE_STORE_SINK (clp_store_sink_get_type ())

G_DECLARE_FINAL_TYPE (ClpStoreSink, clp_store_sink, CLP, STORE_SINK, GObject)

ClpStoreSink *clp_store_begin_import    (ClpStore         *store,
                                         const char       *file_name,
                                         gint64            file_size,
                                         const char       *sha256,
                                         const char       *importer,
                                         ClpImportReport  *report,
                                         GError          **error);
ClpStoreSink *clp_store_begin_import_in_batch (ClpStoreBatch    *batch,
                                              const char       *file_name,
                                              gint64            file_size,
                                              const char       *sha256,
                                              const char       *importer,
                                              ClpImportReport  *report,
                                              GError          **error);
gboolean      clp_store_sink_commit     (ClpStoreSink     *self,
                                         GCancellable     *cancellable,
                                         GError          **error);
void          clp_store_sink_abort      (ClpStoreSink     *self);
void          clp_store_sink_fail_after (ClpStoreSink     *self,
                                         int               writes);

G_END_DECLS
