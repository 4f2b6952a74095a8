/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times as web pages write them, in <time datetime>, schema.org data or
 * the text of a comment's heading, read into the archive's forms. */

gboolean  clp_page_time_parse     (const char  *text,
                                   char       **posted_at,
                                   gint64      *posted_utc,
                                   gboolean    *has_utc);
char     *clp_page_time_parse_day (const char  *text);

G_END_DECLS
