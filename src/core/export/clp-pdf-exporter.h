/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-html-exporter.h"

G_BEGIN_DECLS

#define CLP_TYPE_PDF_EXPORTER (clp_pdf_exporter_get_type ())

G_DECLARE_FINAL_TYPE (ClpPdfExporter, clp_pdf_exporter, CLP, PDF_EXPORTER, ClpHtmlExporter)

G_END_DECLS
