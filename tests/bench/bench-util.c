/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-util"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "bench-util.h"

/**
 * bench_parse_ids:
 * @text: ids as the command line gives them, "201,401,…"
 *
 * Returns: (element-type gint64): the ids
 */
GArray *
bench_parse_ids (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 id = g_ascii_strtoll (parts[i], NULL, 10);

      g_array_append_val (ids, id);
    }
  return ids;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/**
 * bench_percentile:
 * @p: 0 to 1; 0.5 for the median
 *
 * The nearest-rank percentile of @values, which it sorts; NAN for none.
 */
double
bench_percentile (double *values,
                  guint   n,
                  double  p)
{
  guint rank;

  if (n == 0)
    return NAN;
  qsort (values, n, sizeof (double), compare_doubles);
  rank = (guint) ceil (p * n);
  return values[MAX (rank, 1) - 1];
}
