/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one place where text becomes HTML. Everything that comes from an
 * archive, a file or a user goes through it before it is written into a
 * page; nothing else writes text into HTML. */
void clp_html_append_escaped (GString    *out,
                              const char *text,
                              gssize      length);
char *clp_html_escape        (const char *text);
gsize clp_html_unwanted_length (const char *p);

/* The one place that says which addresses may be written as links, in
 * the reading view and in every export; any other is shown as text. */
gboolean clp_html_is_safe_link   (const char *url);

G_END_DECLS
