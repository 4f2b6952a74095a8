/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     clp_pdf_printer_print_async  (const char           *html,
                                       GFile                *target,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean clp_pdf_printer_print_finish (GAsyncResult         *result,
                                       GError              **error);
int      clp_pdf_printer_run          (const char           *html_path,
                                       const char           *pdf_path);

G_END_DECLS
