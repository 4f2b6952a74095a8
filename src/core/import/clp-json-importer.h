/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-importer.h"

G_BEGIN_DECLS

#define CLP_TYPE_JSON_IMPORTER (clp_json_importer_get_type ())

G_DECLARE_FINAL_TYPE (ClpJsonImporter, clp_json_importer, CLP, JSON_IMPORTER, ClpImporter)

ClpImporter *clp_json_importer_new (void);

G_END_DECLS
