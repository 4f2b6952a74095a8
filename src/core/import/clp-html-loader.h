/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libxml/HTMLparser.h>

#include "clp-import-sink.h"

G_BEGIN_DECLS

htmlDocPtr clp_html_loader_read (GInputStream   *stream,
                                 const char     *charset,
                                 const char     *display_name,
                                 ClpImportSink  *sink,
                                 GCancellable   *cancellable,
                                 GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

G_END_DECLS
