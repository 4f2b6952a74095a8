/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-article.h"
#include "clp-comment.h"
#include "clp-store.h"

G_BEGIN_DECLS

#define CLP_EXPORT_ERROR (clp_export_error_quark ())

typedef enum
{
  CLP_EXPORT_ERROR_UNKNOWN_FORMAT,
  CLP_EXPORT_ERROR_NO_ARTICLES,
} ClpExportError;

#define CLP_TYPE_EXPORTER (clp_exporter_get_type ())

G_DECLARE_DERIVABLE_TYPE (ClpExporter, clp_exporter, CLP, EXPORTER, GObject)

/* A writer for one export format. It is handed articles one at a time with
 * their comments in page order, and writes to a stream. */
struct _ClpExporterClass
{
  GObjectClass parent_class;

  const char *name;       /* as --format takes it: "json" */
  const char *extension;  /* without the dot */

  gboolean (*begin)         (ClpExporter   *self,
                             GOutputStream *out,
                             GCancellable  *cancellable,
                             GError       **error);
  gboolean (*write_article) (ClpExporter   *self,
                             GOutputStream *out,
                             ClpArticle    *article,
                             GPtrArray     *comments,
                             GCancellable  *cancellable,
                             GError       **error);
  gboolean (*end)           (ClpExporter   *self,
                             GOutputStream *out,
                             GCancellable  *cancellable,
                             GError       **error);
};

GQuark       clp_export_error_quark     (void);
ClpExporter *clp_exporter_new_for_name  (const char    *name,
                                         GError       **error);
const char  *clp_exporter_get_name      (ClpExporter   *self);
const char  *clp_exporter_get_extension (ClpExporter   *self);
gboolean     clp_exporter_run           (ClpExporter   *self,
                                         ClpStore      *store,
                                         const gint64  *ids,
                                         guint          n_ids,
                                         GOutputStream *out,
                                         GCancellable  *cancellable,
                                         GError       **error);
gboolean     clp_exporter_write_all     (GOutputStream *out,
                                         const char    *text,
                                         GCancellable  *cancellable,
                                         GError       **error);

G_END_DECLS
