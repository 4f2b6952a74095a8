/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-import-sink"

#include "config.h"

#include "clp-import-sink.h"

G_DEFINE_INTERFACE (ClpImportSink, clp_import_sink, G_TYPE_OBJECT)

static void
clp_import_sink_default_init (ClpImportSinkInterface *iface)
{
}

gboolean
clp_import_sink_add_article (ClpImportSink *self,
                             ClpArticle    *article,
                             GError       **error)
{
  g_return_val_if_fail (CLP_IS_IMPORT_SINK (self), FALSE);
  g_return_val_if_fail (article != NULL && article->key != NULL, FALSE);

  return CLP_IMPORT_SINK_GET_IFACE (self)->add_article (self, article, error);
}

gboolean
clp_import_sink_add_comment (ClpImportSink *self,
                             ClpComment    *comment,
                             GError       **error)
{
  g_return_val_if_fail (CLP_IS_IMPORT_SINK (self), FALSE);
  g_return_val_if_fail (comment != NULL && comment->key != NULL, FALSE);

  return CLP_IMPORT_SINK_GET_IFACE (self)->add_comment (self, comment, error);
}

/* A warning is something the user should know about a file that still
 * imported: a comment without a time, a date that could not be read. */
void
clp_import_sink_warn (ClpImportSink *self,
                      const char    *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (CLP_IS_IMPORT_SINK (self));

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  CLP_IMPORT_SINK_GET_IFACE (self)->warn (self, message);
}

/* Something the file holds that is deliberately not imported, counted by
 * kind ("pingback") so the report can say so. */
void
clp_import_sink_skip (ClpImportSink *self,
                      const char    *what)
{
  g_return_if_fail (CLP_IS_IMPORT_SINK (self));

  CLP_IMPORT_SINK_GET_IFACE (self)->skip (self, what);
}
