/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-importer.h"

G_BEGIN_DECLS

#define CLP_TYPE_WORDPRESS_IMPORTER (clp_wordpress_importer_get_type ())

G_DECLARE_FINAL_TYPE (ClpWordpressImporter, clp_wordpress_importer, CLP, WORDPRESS_IMPORTER,
                      ClpImporter)

ClpImporter *clp_wordpress_importer_new (void);

G_END_DECLS
