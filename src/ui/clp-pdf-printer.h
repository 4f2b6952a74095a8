/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-printer.h"

G_BEGIN_DECLS

#define CLP_TYPE_PDF_PRINTER (clp_pdf_printer_get_type ())

G_DECLARE_FINAL_TYPE (ClpPdfPrinter, clp_pdf_printer, CLP, PDF_PRINTER, GObject)

ClpPrinter *clp_pdf_printer_new (void);
int         clp_pdf_printer_run (const char *html_path,
                                 const char *pdf_path);

G_END_DECLS
