/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-page-time"

#include "config.h"

#include <string.h>

#include "clp-date.h"
#include "clp-page-time.h"

static const char * const weekdays[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

/* "Wed, " or "Wednesday, " before a date: the weekday adds nothing. In
 * other languages ("Mié, ", "Do., ") it is the word before a comma when
 * numbers follow. */
static const char *
skip_weekday (const char *text)
{
  const char *p = text;
  gsize length = 0;

  while (g_ascii_isalpha (p[length]))
    length++;
  for (guint i = 0; length >= 3 && i < G_N_ELEMENTS (weekdays); i++)
    if ((length == 3 || length == strlen (weekdays[i])) &&
        g_ascii_strncasecmp (p, weekdays[i], length) == 0)
      {
        p += length;
        if (*p == '.')
          p++;
        if (*p == ',')
          p++;
        while (*p == ' ')
          p++;
        return p;
      }

  p = text;
  while (*p != '\0' && g_unichar_isalpha (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  if (p == text || p - text > 20)
    return text;
  if (*p == '.')
    p++;
  if (*p != ',')
    return text;
  p++;
  while (*p == ' ')
    p++;
  return g_ascii_isdigit (*p) ? p : text;
}

static gboolean
read_number (const char **p,
             int          max_digits,
             int         *value)
{
  int digits = 0;

  *value = 0;
  while (g_ascii_isdigit (**p) && digits < max_digits)
    {
      *value = *value * 10 + (**p - '0');
      (*p)++;
      digits++;
    }
  return digits > 0 && !g_ascii_isdigit (**p);
}

/* "03/13/2019 - 21:12", Drupal's default: month first, unless the first
 * number cannot be a month. */
static gboolean
parse_slashed (const char  *text,
               char       **iso)
{
  const char *p = text;
  int first, second, year, hour = 0, minute = 0, month, day;
  g_autofree char *clock = NULL;

  if (!read_number (&p, 2, &first) || *p++ != '/' || !read_number (&p, 2, &second) ||
      *p++ != '/' || !read_number (&p, 4, &year) || year < 1000)
    return FALSE;
  month = first <= 12 ? first : second;
  day = first <= 12 ? second : first;
  while (*p == ' ' || *p == '-' || *p == ',')
    p++;
  if (*p != '\0' && !clp_date_parse_clock (p, &hour, &minute))
    return FALSE;
  if (month < 1 || month > 12 || day < 1 || day > g_date_get_days_in_month (month, year))
    return FALSE;
  *iso = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:00", year, month, day, hour, minute);
  return TRUE;
}

/* "2019-03-13T21:12:00.250" without a zone: the wall clock, to the second. */
static gboolean
parse_iso_wall_clock (const char  *text,
                      char       **iso)
{
  g_autofree char *copy = g_strdup (text);
  char *fraction = strchr (copy, '.');

  if (fraction != NULL)
    *fraction = '\0';
  return clp_date_parse_iso (copy, iso);
}

/**
 * clp_page_time_parse:
 * @text: a datetime attribute, a schema.org date, or a time as a page
 *   prints it ("March 13, 2019 at 9:12 pm", "Wed, 03/13/2019 - 21:12")
 * @posted_at: (out): the time as the archive keeps it
 * @posted_utc: (out): the instant, when @text gave its zone
 * @has_utc: (out): whether it did
 *
 * With the instant known, the time kept is the instant in this machine's
 * zone, as the WordPress and Disqus importers keep it; without one, the
 * wall-clock time the page printed.
 *
 * Returns: whether @text was a time
 */
gboolean
clp_page_time_parse (const char  *text,
                     char       **posted_at,
                     gint64      *posted_utc,
                     gboolean    *has_utc)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GDateTime) instant = NULL;
  const char *rest;

  g_return_val_if_fail (posted_at != NULL, FALSE);
  g_return_val_if_fail (posted_utc != NULL, FALSE);
  g_return_val_if_fail (has_utc != NULL, FALSE);

  *posted_at = NULL;
  *has_utc = FALSE;
  *posted_utc = 0;
  if (text == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    return FALSE;

  if (strlen (trimmed) > 10 && g_ascii_isdigit (trimmed[0]) && trimmed[4] == '-')
    {
      instant = g_date_time_new_from_iso8601 (trimmed, NULL);
      if (instant != NULL)
        {
          *posted_utc = g_date_time_to_unix (instant);
          *posted_at = clp_date_from_unix (*posted_utc, TRUE);
          *has_utc = *posted_at != NULL;
          return *posted_at != NULL;
        }
      return parse_iso_wall_clock (trimmed, posted_at);
    }

  rest = skip_weekday (trimmed);
  if (parse_slashed (rest, posted_at))
    return TRUE;
  return clp_date_parse_time (rest, posted_at);
}

/**
 * clp_page_time_parse_day:
 * @text: a publication date or time as a page writes it
 *
 * The day as the page wrote it, in the site's own zone: 2019-03-14 for
 * "2019-03-14T23:30:00-05:00", though it was already the 15th in UTC.
 *
 * Returns: (transfer full) (nullable): "YYYY-MM-DD"
 */
char *
clp_page_time_parse_day (const char *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *time = NULL;
  char *day = NULL;
  const char *rest;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  if (strlen (trimmed) >= 10 && g_ascii_isdigit (trimmed[0]) && trimmed[4] == '-')
    {
      day = g_strndup (trimmed, 10);
      if (clp_date_is_valid_iso (day))
        return day;
      g_free (day);
      return NULL;
    }

  rest = skip_weekday (trimmed);
  if (clp_date_parse_day (rest, &day))
    return day;
  if (parse_slashed (rest, &time) || clp_date_parse_time (rest, &time))
    return g_strndup (time, 10);
  return NULL;
}
