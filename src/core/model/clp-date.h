/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates as the archive keeps them: wall-clock text that sorts as it reads,
 * "YYYY-MM-DD" for days and "YYYY-MM-DDTHH:MM:SS" for times. Sources without
 * a time zone (page dumps) stay wall-clock; sources with instants (Disqus,
 * WordPress GMT) also keep the Unix time. */

gboolean  clp_date_parse_day          (const char  *text,
                                       char       **iso_day);
gboolean  clp_date_parse_time         (const char  *text,
                                       char       **iso_time);
gboolean  clp_date_parse_clock        (const char  *text,
                                       int         *hour,
                                       int         *minute);
gboolean  clp_date_parse_iso          (const char  *text,
                                       char       **iso_time);
gboolean  clp_date_parse_period       (const char  *text,
                                       char       **start,
                                       char       **end);
gboolean  clp_date_is_valid_iso       (const char  *iso);
char     *clp_date_from_unix          (gint64       unix_time,
                                       gboolean     local);
gboolean  clp_date_to_unix            (const char  *iso,
                                       gboolean     local,
                                       gint64      *unix_time);
gboolean  clp_date_local_seconds      (gint64       unix_time,
                                       gint64      *wall);
char     *clp_date_format_time        (const char  *iso_time);
char     *clp_date_format_day         (const char  *iso_day);
char     *clp_date_format_day_short   (const char  *iso_day);
char     *clp_date_add_seconds        (const char  *iso,
                                       gint64       seconds);
gboolean  clp_date_parse_offset       (const char  *text,
                                       int         *seconds);
char     *clp_date_format_offset      (int          seconds);

G_END_DECLS
