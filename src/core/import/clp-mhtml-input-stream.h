/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CLP_TYPE_MHTML_INPUT_STREAM (clp_mhtml_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (ClpMhtmlInputStream, clp_mhtml_input_stream, CLP, MHTML_INPUT_STREAM,
                      GInputStream)

GInputStream *clp_mhtml_input_stream_new          (GInputStream         *base,
                                                   const char           *display_name);
gboolean      clp_mhtml_input_stream_open         (ClpMhtmlInputStream  *self,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
const char   *clp_mhtml_input_stream_get_charset  (ClpMhtmlInputStream  *self);
const char   *clp_mhtml_input_stream_get_location (ClpMhtmlInputStream  *self);
gboolean      clp_mhtml_input_stream_is_truncated (ClpMhtmlInputStream  *self);
int           clp_mhtml_sniff                     (const guint8         *head,
                                                   gsize                 length);

G_END_DECLS
