/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "clp-exporter.h"

G_BEGIN_DECLS

/* The version of the Clippings JSON format written and read. */
#define CLP_JSON_FORMAT_VERSION 1

#define CLP_TYPE_JSON_EXPORTER (clp_json_exporter_get_type ())

G_DECLARE_FINAL_TYPE (ClpJsonExporter, clp_json_exporter, CLP, JSON_EXPORTER, ClpExporter)

ClpExporter *clp_json_exporter_new          (void);
JsonNode    *clp_json_exporter_build_article (ClpArticle *article,
                                              GPtrArray  *comments);
void         clp_json_add_string            (JsonBuilder *builder,
                                             const char  *name,
                                             const char  *value);
void         clp_json_add_int               (JsonBuilder *builder,
                                             const char  *name,
                                             gint64       value,
                                             gboolean     known);
void         clp_json_append_string         (GString     *out,
                                             const char  *value);
void         clp_json_append_export         (GString     *out,
                                             ClpExporter *exporter);
void         clp_json_append_counts         (GString                *out,
                                             const ClpCommentCounts *counts,
                                             int                     indent);
void         clp_json_append_provenance     (GString          *out,
                                             ClpExportArticle *article,
                                             int               indent);

G_END_DECLS
