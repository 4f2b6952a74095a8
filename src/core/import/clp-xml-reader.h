/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>

#include "clp-import-sink.h"

G_BEGIN_DECLS

/* What the XML importers share: libxml2's streaming reader over a
 * GInputStream with the safe options, its errors as import errors with
 * the file's name and line, and small helpers on the pieces it expands. */
typedef struct _ClpXmlReader ClpXmlReader;

ClpXmlReader *clp_xml_reader_new             (GInputStream  *stream,
                                              const char    *display_name,
                                              ClpImportSink *sink,
                                              GCancellable  *cancellable);
void          clp_xml_reader_free            (ClpXmlReader  *self);
gboolean      clp_xml_reader_read            (ClpXmlReader  *self,
                                              gboolean      *more,
                                              GError       **error);
gboolean      clp_xml_reader_skip            (ClpXmlReader  *self,
                                              gboolean      *more,
                                              GError       **error);
xmlNode      *clp_xml_reader_expand          (ClpXmlReader  *self,
                                              GError       **error);
gboolean      clp_xml_reader_is_start        (ClpXmlReader  *self,
                                              int            depth,
                                              const char    *local_name);
gboolean      clp_xml_reader_is_end          (ClpXmlReader  *self,
                                              int            depth,
                                              const char    *local_name);
gboolean      clp_xml_reader_is_empty        (ClpXmlReader  *self);
const char   *clp_xml_reader_get_local_name  (ClpXmlReader  *self);
int           clp_xml_reader_get_line        (ClpXmlReader  *self,
                                              xmlNode       *node);
char         *clp_xml_reader_dup_text        (ClpXmlReader  *self,
                                              xmlNode       *node);
char         *clp_xml_reader_dup_value       (ClpXmlReader  *self,
                                              xmlNode       *node);
char         *clp_xml_reader_dup_child_text  (ClpXmlReader  *self,
                                              xmlNode       *node,
                                              const char    *local_name);
void          clp_xml_reader_set_error       (ClpXmlReader  *self,
                                              GError       **error,
                                              int            code,
                                              const char    *format,
                                              ...) G_GNUC_PRINTF (4, 5);

xmlNode      *clp_xml_node_get_child         (xmlNode       *node,
                                              const char    *local_name);
gboolean      clp_xml_node_has_namespace     (xmlNode       *node,
                                              const char    *prefix);
gboolean      clp_xml_sniff_root             (const guint8  *head,
                                              gsize          length,
                                              const char    *local_name,
                                              const char    *namespace_prefix,
                                              gboolean      *has_namespace);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpXmlReader, clp_xml_reader_free)

G_END_DECLS
