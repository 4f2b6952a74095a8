/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-import-report.h"
#include "clp-import-sink.h"
#include "clp-store.h"

G_BEGIN_DECLS

#define CLP_TYPE_STORE_IMPORT (clp_store_import_get_type ())

G_DECLARE_FINAL_TYPE (ClpStoreImport, clp_store_import, CLP, STORE_IMPORT, GObject)

ClpStoreImport *clp_store_begin_import      (ClpStore        *store,
                                             const char      *file_name,
                                             gint64           file_size,
                                             const char      *sha256,
                                             const char      *importer,
                                             ClpImportReport *report,
                                             GError         **error);
gboolean        clp_store_import_commit     (ClpStoreImport  *self,
                                             GCancellable    *cancellable,
                                             GError         **error);
void            clp_store_import_abort      (ClpStoreImport  *self);
void            clp_store_import_fail_after (ClpStoreImport  *self,
                                             int              writes);

G_END_DECLS
