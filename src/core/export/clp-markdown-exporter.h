/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-exporter.h"

G_BEGIN_DECLS

#define CLP_TYPE_MARKDOWN_EXPORTER (clp_markdown_exporter_get_type ())

G_DECLARE_FINAL_TYPE (ClpMarkdownExporter, clp_markdown_exporter, CLP, MARKDOWN_EXPORTER, ClpExporter)

void clp_markdown_exporter_append_escaped (GString    *out,
                                           const char *text);

G_END_DECLS
