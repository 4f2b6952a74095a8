/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clp-archive.h"

G_BEGIN_DECLS

#define CLP_TYPE_EXPORT_DIALOG (clp_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ClpExportDialog, clp_export_dialog, CLP, EXPORT_DIALOG, AdwWindow)

ClpExportDialog *clp_export_dialog_new       (GtkWindow        *parent,
                                              ClpArchive       *archive,
                                              GArray           *ids,
                                              ClpSearchRequest *search,
                                              GHashTable       *thread);
void             clp_export_dialog_export_to (ClpExportDialog *self,
                                              GFile           *target);

G_END_DECLS
