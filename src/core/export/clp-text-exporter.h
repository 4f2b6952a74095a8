/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-exporter.h"

G_BEGIN_DECLS

#define CLP_TYPE_TEXT_EXPORTER (clp_text_exporter_get_type ())

G_DECLARE_FINAL_TYPE (ClpTextExporter, clp_text_exporter, CLP, TEXT_EXPORTER, ClpExporter)

G_END_DECLS
