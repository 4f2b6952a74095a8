/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef void (*ClpProgressFunc) (goffset  done,
                                 goffset  total,
                                 gpointer user_data);

#define CLP_TYPE_PROGRESS_STREAM (clp_progress_stream_get_type ())

G_DECLARE_FINAL_TYPE (ClpProgressStream, clp_progress_stream, CLP, PROGRESS_STREAM,
                      GFilterInputStream)

GInputStream *clp_progress_stream_new (GInputStream    *base,
                                       goffset          total,
                                       ClpProgressFunc  func,
                                       gpointer         user_data);

G_END_DECLS
