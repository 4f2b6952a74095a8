/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-import-report.h"
#include "clp-progress-stream.h"
#include "clp-store.h"
#include "clp-store-batch.h"

G_BEGIN_DECLS

ClpImportReport *clp_import_file          (ClpStore         *store,
                                           GFile            *file,
                                           const char       *display_name,
                                           ClpProgressFunc   progress,
                                           gpointer          user_data,
                                           GCancellable     *cancellable);
ClpImportReport *clp_import_file_in_batch (ClpStoreBatch    *batch,
                                           GFile            *file,
                                           const char       *display_name,
                                           ClpProgressFunc   progress,
                                           gpointer          user_data,
                                           GCancellable     *cancellable);
gboolean         clp_import_collect_files (GFile           **roots,
                                           guint             n_roots,
                                           GPtrArray        *files,
                                           GCancellable     *cancellable,
                                           GError          **error);

G_END_DECLS
