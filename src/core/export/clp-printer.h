/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CLP_TYPE_PRINTER (clp_printer_get_type ())

G_DECLARE_INTERFACE (ClpPrinter, clp_printer, CLP, PRINTER, GObject)

/* Turns an export's HTML into a PDF file. Printing needs WebKit and a
 * display, which the core does without: the window hands in a printer
 * that prints itself, the command line one that asks the window's
 * program to. */
struct _ClpPrinterInterface
{
  GTypeInterface parent_iface;

  void     (*print_async)  (ClpPrinter          *self,
                            const char          *html,
                            GFile               *target,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
  gboolean (*print_finish) (ClpPrinter          *self,
                            GAsyncResult        *result,
                            GError             **error);
  /* Optional: prints the page in the file @html, for printers that read
   * it from there anyway; without them the file is read into memory for
   * print_async(). */
  void     (*print_file_async)  (ClpPrinter          *self,
                                 GFile               *html,
                                 GFile               *target,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
  gboolean (*print_file_finish) (ClpPrinter          *self,
                                 GAsyncResult        *result,
                                 GError             **error);
};

void     clp_printer_print_async  (ClpPrinter          *self,
                                   const char          *html,
                                   GFile               *target,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean clp_printer_print_finish (ClpPrinter          *self,
                                   GAsyncResult        *result,
                                   GError             **error);
void     clp_printer_print_file_async  (ClpPrinter          *self,
                                        GFile               *html,
                                        GFile               *target,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean clp_printer_print_file_finish (ClpPrinter          *self,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
