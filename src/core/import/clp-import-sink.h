/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "clp-article.h"
#include "clp-comment.h"

G_BEGIN_DECLS

#define CLP_TYPE_IMPORT_SINK (clp_import_sink_get_type ())

G_DECLARE_INTERFACE (ClpImportSink, clp_import_sink, CLP, IMPORT_SINK, GObject)

/* Where an importer puts what it reads. The store implements it inside one
 * transaction; tests implement it to look at an importer's output alone.
 * Articles and comments may come in any order: a comment names its article
 * and its parent by key, and either may arrive later or never. */
struct _ClpImportSinkInterface
{
  GTypeInterface parent_iface;

  gboolean (*add_article) (ClpImportSink *self,
                           ClpArticle    *article,
                           GError       **error);
  gboolean (*add_comment) (ClpImportSink *self,
                           ClpComment    *comment,
                           GError       **error);
  void     (*warn)        (ClpImportSink *self,
                           const char    *message);
  void     (*skip)        (ClpImportSink *self,
                           const char    *what);
};

gboolean clp_import_sink_add_article (ClpImportSink *self,
                                      ClpArticle    *article,
                                      GError       **error);
gboolean clp_import_sink_add_comment (ClpImportSink *self,
                                      ClpComment    *comment,
                                      GError       **error);
void     clp_import_sink_warn        (ClpImportSink *self,
                                      const char    *format,
                                      ...) G_GNUC_PRINTF (2, 3);
void     clp_import_sink_skip        (ClpImportSink *self,
                                      const char    *what);

G_END_DECLS
