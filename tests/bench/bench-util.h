/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the benchmark programs share. */

GArray *bench_parse_ids   (const char *text);
double  bench_percentile  (double     *values,
                           guint       n,
                           double      p);

G_END_DECLS
