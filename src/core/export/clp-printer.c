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

static void
printed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* @object is whatever the printer made its task for. */
  if (!clp_printer_print_finish (g_task_get_source_object (task), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree char *html = NULL;
  GError *error = NULL;

  if (!g_file_load_contents_finish (G_FILE (object), result, &html, NULL, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  clp_printer_print_async (g_task_get_source_object (task), html, g_task_get_task_data (task),
                           g_task_get_cancellable (task), printed_cb, g_object_ref (task));
}

/**
 * clp_printer_print_file_async:
 * @html: a file with a whole page, as the HTML export writes it
 * @target: the PDF file to write; written whole or not at all
 *
 * Prints the page in @html to @target, so that an export never holds its
 * HTML in memory unless the printer needs it there.
 */
void
clp_printer_print_file_async (ClpPrinter          *self,
                              GFile               *html,
                              GFile               *target,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ClpPrinterInterface *iface;
  GTask *task;

  g_return_if_fail (CLP_IS_PRINTER (self));
  g_return_if_fail (G_IS_FILE (html));
  g_return_if_fail (G_IS_FILE (target));

  iface = CLP_PRINTER_GET_IFACE (self);
  if (iface->print_file_async != NULL)
    {
      iface->print_file_async (self, html, target, cancellable, callback, user_data);
      return;
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clp_printer_print_file_async);
  g_task_set_task_data (task, g_object_ref (target), g_object_unref);
  g_file_load_contents_async (html, cancellable, loaded_cb, task);
}

gboolean
clp_printer_print_file_finish (ClpPrinter    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (CLP_IS_PRINTER (self), FALSE);

  if (g_async_result_is_tagged (result, clp_printer_print_file_async))
    return g_task_propagate_boolean (G_TASK (result), error);
  return CLP_PRINTER_GET_IFACE (self)->print_file_finish (self, result, error);
}
