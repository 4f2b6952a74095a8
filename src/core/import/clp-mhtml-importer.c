/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-mhtml-importer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clp-html-importer.h"
#include "clp-mhtml-importer.h"
#include "clp-mhtml-input-stream.h"

/* Reads a page saved as one MHTML file (.mht, .mhtml) by a Chromium-based
 * browser: the page part is found and decoded by ClpMhtmlInputStream and
 * read as the HTML importer reads a page. Lines are not named in
 * messages: they would be lines of the decoded page, not of the file. */

struct _ClpMhtmlImporter
{
  ClpImporter parent_instance;
};

G_DEFINE_FINAL_TYPE (ClpMhtmlImporter, clp_mhtml_importer, CLP_TYPE_IMPORTER)

static gboolean
clp_mhtml_importer_import (ClpImporter    *importer,
                           GInputStream   *stream,
                           const char     *display_name,
                           ClpImportSink  *sink,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(GInputStream) page = clp_mhtml_input_stream_new (stream, display_name);
  ClpMhtmlInputStream *mhtml = CLP_MHTML_INPUT_STREAM (page);

  if (!clp_mhtml_input_stream_open (mhtml, cancellable, error))
    return FALSE;
  if (!clp_html_importer_import_page (page, clp_mhtml_input_stream_get_charset (mhtml),
                                      clp_mhtml_input_stream_get_location (mhtml), FALSE,
                                      display_name, sink, cancellable, error))
    return FALSE;
  if (clp_mhtml_input_stream_is_truncated (mhtml))
    clp_import_sink_warn (sink, _("the file ends inside its page: the end of the page is "
                                  "missing"));
  return TRUE;
}

static void
clp_mhtml_importer_class_init (ClpMhtmlImporterClass *klass)
{
  ClpImporterClass *importer_class = CLP_IMPORTER_CLASS (klass);

  importer_class->name = "mhtml";
  importer_class->sniff = clp_mhtml_sniff;
  importer_class->import = clp_mhtml_importer_import;
}

static void
clp_mhtml_importer_init (ClpMhtmlImporter *self)
{
}

ClpImporter *
clp_mhtml_importer_new (void)
{
  return g_object_new (CLP_TYPE_MHTML_IMPORTER, NULL);
}
