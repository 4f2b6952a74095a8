/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-exporter.h"

G_BEGIN_DECLS

#define CLP_TYPE_CSV_EXPORTER (clp_csv_exporter_get_type ())

G_DECLARE_FINAL_TYPE (ClpCsvExporter, clp_csv_exporter, CLP, CSV_EXPORTER, ClpExporter)

void clp_csv_exporter_append_field (GString    *out,
                                    const char *value);

G_END_DECLS
