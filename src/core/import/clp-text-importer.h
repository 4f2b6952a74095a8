/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-importer.h"

G_BEGIN_DECLS

#define CLP_TYPE_TEXT_IMPORTER (clp_text_importer_get_type ())

G_DECLARE_FINAL_TYPE (ClpTextImporter, clp_text_importer, CLP, TEXT_IMPORTER, ClpImporter)

/* The line that starts what a Clippings export says about itself at the
 * end of a saved-article text file; the import passes over it and all
 * that follows. */
#define CLP_TEXT_EXPORT_MARK "-- Clippings export --"

ClpImporter *clp_text_importer_new         (void);
gboolean     clp_text_importer_needs_escape (const char *line);

G_END_DECLS
