/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "clp-archive.h"

G_BEGIN_DECLS

#define CLP_TYPE_FILTER_BAR (clp_filter_bar_get_type ())

G_DECLARE_FINAL_TYPE (ClpFilterBar, clp_filter_bar, CLP, FILTER_BAR, GtkWidget)

void      clp_filter_bar_set_archive      (ClpFilterBar     *self,
                                           ClpArchive       *archive);
void      clp_filter_bar_apply            (ClpFilterBar     *self,
                                           ClpSearchRequest *request);
void      clp_filter_bar_set_period       (ClpFilterBar     *self,
                                           const char       *from,
                                           const char       *to);
void      clp_filter_bar_clear            (ClpFilterBar     *self);
void      clp_filter_bar_focus_first      (ClpFilterBar     *self);
GtkEntry *clp_filter_bar_get_author_entry (ClpFilterBar     *self);

G_END_DECLS
