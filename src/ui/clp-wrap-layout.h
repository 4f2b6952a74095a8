/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLP_TYPE_WRAP_LAYOUT (clp_wrap_layout_get_type ())

G_DECLARE_FINAL_TYPE (ClpWrapLayout, clp_wrap_layout, CLP, WRAP_LAYOUT, GtkLayoutManager)

G_END_DECLS
