/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-exporter.h"

G_BEGIN_DECLS

#define CLP_TYPE_HTML_EXPORTER (clp_html_exporter_get_type ())

G_DECLARE_DERIVABLE_TYPE (ClpHtmlExporter, clp_html_exporter, CLP, HTML_EXPORTER, ClpExporter)

struct _ClpHtmlExporterClass
{
  ClpExporterClass parent_class;
};

G_END_DECLS
