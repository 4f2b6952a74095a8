/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-importer.h"

G_BEGIN_DECLS

#define CLP_TYPE_TEXT_IMPORTER (clp_text_importer_get_type ())

G_DECLARE_FINAL_TYPE (ClpTextImporter, clp_text_importer, CLP, TEXT_IMPORTER, ClpImporter)

ClpImporter *clp_text_importer_new (void);

G_END_DECLS
