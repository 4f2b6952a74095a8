/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-pdf-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clp-pdf-exporter.h"

/* PDF: the HTML export, printed. It writes the HTML page; the export job
 * hands it to the #ClpPrinter it was given, which writes the PDF. */

struct _ClpPdfExporter
{
  ClpHtmlExporter parent_instance;
};

G_DEFINE_FINAL_TYPE (ClpPdfExporter, clp_pdf_exporter, CLP_TYPE_HTML_EXPORTER)

static void
clp_pdf_exporter_class_init (ClpPdfExporterClass *klass)
{
  ClpExporterClass *exporter_class = CLP_EXPORTER_CLASS (klass);

  exporter_class->name = "pdf";
  exporter_class->label = N_("PDF document");
  exporter_class->extension = "pdf";
  exporter_class->mime_type = "application/pdf";
  exporter_class->prints = TRUE;
}

static void
clp_pdf_exporter_init (ClpPdfExporter *self)
{
}
