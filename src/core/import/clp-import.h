/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-import-report.h"
#include "clp-progress-stream.h"
#include "clp-store.h"

G_BEGIN_DECLS

ClpImportReport *clp_import_file          (ClpStore         *store,
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
