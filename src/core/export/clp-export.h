/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-exporter.h"
#include "clp-query.h"

G_BEGIN_DECLS

char     *clp_export_file_name  (const char             *title,
                                 const char             *extension);
char     *clp_export_sidecar_path (ClpExporter          *exporter,
                                   const char           *path);
GPtrArray *clp_export_folder_paths (ClpStore           *store,
                                    const gint64       *ids,
                                    guint               n_ids,
                                    GFile              *folder,
                                    const char         *extension,
                                    gboolean            replace,
                                    GError            **error);
gboolean  clp_export_to_file    (ClpExporter            *exporter,
                                 ClpStore               *store,
                                 const gint64           *ids,
                                 guint                   n_ids,
                                 const ClpExportOptions *options,
                                 GFile                  *target,
                                 gboolean                replace,
                                 ClpExportProgressFunc   progress,
                                 gpointer                user_data,
                                 GCancellable           *cancellable,
                                 GError                **error);
GPtrArray *clp_export_to_folder (ClpExporter            *exporter,
                                 ClpStore               *store,
                                 const gint64           *ids,
                                 guint                   n_ids,
                                 const ClpExportOptions *options,
                                 GFile                  *folder,
                                 gboolean                replace,
                                 ClpExportProgressFunc   progress,
                                 gpointer                user_data,
                                 GCancellable           *cancellable,
                                 GError                **error);

G_END_DECLS
