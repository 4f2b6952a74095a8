/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-importer.h"

G_BEGIN_DECLS

#define CLP_TYPE_HTML_IMPORTER (clp_html_importer_get_type ())

G_DECLARE_FINAL_TYPE (ClpHtmlImporter, clp_html_importer, CLP, HTML_IMPORTER, ClpImporter)

ClpImporter *clp_html_importer_new         (void);
gboolean     clp_html_importer_import_page (GInputStream   *stream,
                                            const char     *charset,
                                            const char     *saved_from,
                                            gboolean        with_lines,
                                            const char     *display_name,
                                            ClpImportSink  *sink,
                                            GCancellable   *cancellable,
                                            GError        **error);
gboolean     clp_html_importer_is_resource_folder (GFile        *file);

G_END_DECLS
