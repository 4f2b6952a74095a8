/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-printer"

#include "config.h"

#include "clp-printer.h"

G_DEFINE_INTERFACE (ClpPrinter, clp_printer, G_TYPE_OBJECT)

static void
clp_printer_default_init (ClpPrinterInterface *iface)
{
}

/**
 * clp_printer_print_async:
 * @html: a whole page, as the HTML export writes it
 * @target: the PDF file to write; written whole or not at all
 *
 * Prints @html to @target. Call it in a thread with a main loop.
 */
void
clp_printer_print_async (ClpPrinter          *self,
                         const char          *html,
                         GFile               *target,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (CLP_IS_PRINTER (self));
  g_return_if_fail (html != NULL);
  g_return_if_fail (G_IS_FILE (target));

  CLP_PRINTER_GET_IFACE (self)->print_async (self, html, target, cancellable, callback,
                                              user_data);
}

gboolean
clp_printer_print_finish (ClpPrinter    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (CLP_IS_PRINTER (self), FALSE);

  return CLP_PRINTER_GET_IFACE (self)->print_finish (self, result, error);
}
