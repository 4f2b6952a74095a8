/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-date.h"

/* A libFuzzer target for the date parser: every way Clippings reads a date
 * or a time (pages, WordPress, the query language, the time filter) gets
 * the input, and whatever one of them accepts must be a real day or time
 * in the archive's format, which the formatting and arithmetic then take
 * without complaint. With fuzz-driver.c it replays corpus/date/ as a
 * test. */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_iso (const char *iso,
           gsize       length)
{
  g_autofree char *shown = NULL;
  g_autofree char *later = NULL;
  g_autofree char *back = NULL;
  gint64 unix_time;

  g_assert_nonnull (iso);
  g_assert_cmpuint (strlen (iso), ==, length);
  g_assert_true (clp_date_is_valid_iso (iso));

  shown = length == 10 ? clp_date_format_day (iso) : clp_date_format_time (iso);
  g_assert_true (shown != NULL && g_utf8_validate (shown, -1, NULL));

  g_assert_true (clp_date_to_unix (iso, FALSE, &unix_time));
  back = clp_date_from_unix (unix_time, FALSE);
  g_assert_nonnull (back);
  g_assert_true (strncmp (back, iso, length) == 0);

  later = clp_date_add_seconds (iso, 3600);
  g_assert_true (later == NULL || (clp_date_is_valid_iso (later) && strcmp (later, iso) > 0));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  int hour, minute;

  if (clp_date_parse_day (text, &day))
    check_iso (day, strlen ("YYYY-MM-DD"));
  if (clp_date_parse_time (text, &time))
    check_iso (time, strlen ("YYYY-MM-DDTHH:MM:SS"));
  if (clp_date_parse_iso (text, &iso))
    {
      g_autofree char *again = NULL;

      check_iso (iso, strlen ("YYYY-MM-DDTHH:MM:SS"));
      g_assert_true (clp_date_parse_iso (iso, &again));
      g_assert_cmpstr (again, ==, iso);
    }
  if (clp_date_parse_clock (text, &hour, &minute))
    {
      g_assert_cmpint (hour, >=, 0);
      g_assert_cmpint (hour, <=, 23);
      g_assert_cmpint (minute, >=, 0);
      g_assert_cmpint (minute, <=, 59);
    }
  if (clp_date_parse_period (text, &start, &end))
    {
      check_iso (start, strlen ("YYYY-MM-DDTHH:MM:SS"));
      check_iso (end, strlen ("YYYY-MM-DDTHH:MM:SS"));
      g_assert_cmpstr (start, <, end);
    }

  /* Text from an archive or a JSON file is taken as the archive's format
   * only when it is exactly that. */
  if (clp_date_is_valid_iso (text))
    check_iso (text, strlen (text));
  else
    {
      g_autofree char *shown = clp_date_format_time (text);
      g_autofree char *later = clp_date_add_seconds (text, 60);

      g_assert_cmpstr (shown, ==, text);
      g_assert_null (later);
    }
  return 0;
}
