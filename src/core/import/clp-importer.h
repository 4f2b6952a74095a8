/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-import-sink.h"

G_BEGIN_DECLS

#define CLP_IMPORT_ERROR (clp_import_error_quark ())

typedef enum
{
  CLP_IMPORT_ERROR_EMPTY,          /* nothing but white space */
  CLP_IMPORT_ERROR_BINARY,         /* not text at all */
  CLP_IMPORT_ERROR_ENCODING,       /* text, but not UTF-8 */
  CLP_IMPORT_ERROR_NOT_ARTICLE,    /* text, but not a saved article */
  CLP_IMPORT_ERROR_UNKNOWN_FORMAT, /* none of the formats Clippings reads */
  CLP_IMPORT_ERROR_MALFORMED,      /* the right format, broken */
  CLP_IMPORT_ERROR_UNSAFE,         /* entity expansion, external entities */
} ClpImportError;

#define CLP_TYPE_IMPORTER (clp_importer_get_type ())

G_DECLARE_DERIVABLE_TYPE (ClpImporter, clp_importer, CLP, IMPORTER, GObject)

/* A reader for one file format. It reads a stream front to back, hands what
 * it reads to a sink and never touches the archive itself. */
struct _ClpImporterClass
{
  GObjectClass parent_class;

  const char *name;   /* short and stable: "text", "disqus", ... */

  /* How likely @head (the first bytes of a file) is this format: 0 no,
   * 100 certain. */
  int      (*sniff)   (const guint8 *head,
                       gsize         length);
  gboolean (*import)  (ClpImporter   *self,
                       GInputStream  *stream,
                       const char    *display_name,
                       ClpImportSink *sink,
                       GCancellable  *cancellable,
                       GError       **error);
};

GQuark       clp_import_error_quark      (void);
const char  *clp_importer_get_name       (ClpImporter   *self);
gboolean     clp_importer_import         (ClpImporter   *self,
                                          GInputStream  *stream,
                                          const char    *display_name,
                                          ClpImportSink *sink,
                                          GCancellable  *cancellable,
                                          GError       **error);
ClpImporter *clp_importer_new_for_content (const guint8 *head,
                                          gsize         length,
                                          const char   *display_name,
                                          GError      **error);
const char  *clp_importer_describe_formats (void);

G_END_DECLS
