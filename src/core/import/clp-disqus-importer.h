/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-importer.h"

G_BEGIN_DECLS

#define CLP_TYPE_DISQUS_IMPORTER (clp_disqus_importer_get_type ())

G_DECLARE_FINAL_TYPE (ClpDisqusImporter, clp_disqus_importer, CLP, DISQUS_IMPORTER, ClpImporter)

ClpImporter *clp_disqus_importer_new (void);

G_END_DECLS
