/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clp-article-list-model.h"
#include "clp-reading-view.h"

G_BEGIN_DECLS

#define CLP_TYPE_WINDOW (clp_window_get_type ())

G_DECLARE_FINAL_TYPE (ClpWindow, clp_window, CLP, WINDOW, AdwApplicationWindow)

ClpWindow           *clp_window_new              (GtkApplication *application,
                                                  const char     *archive_path);
void                 clp_window_import           (ClpWindow      *self,
                                                  GFile         **files,
                                                  guint           n_files,
                                                  gboolean        reveal);
ClpArchive          *clp_window_get_archive      (ClpWindow      *self);
ClpArticleListModel *clp_window_get_model        (ClpWindow      *self);
GtkSelectionModel   *clp_window_get_selection    (ClpWindow      *self);
ClpReadingView      *clp_window_get_reading_view (ClpWindow      *self);
gboolean             clp_window_get_importing    (ClpWindow      *self);
const char          *clp_window_get_page_name    (ClpWindow      *self);

G_END_DECLS
