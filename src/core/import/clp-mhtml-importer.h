/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-importer.h"

G_BEGIN_DECLS

#define CLP_TYPE_MHTML_IMPORTER (clp_mhtml_importer_get_type ())

G_DECLARE_FINAL_TYPE (ClpMhtmlImporter, clp_mhtml_importer, CLP, MHTML_IMPORTER, ClpImporter)

ClpImporter *clp_mhtml_importer_new (void);

G_END_DECLS
