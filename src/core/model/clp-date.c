/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-date"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "clp-date.h"

static const char * const month_names[] = {
  "january", "february", "march", "april", "may", "june", "july",
  "august", "september", "october", "november", "december",
};

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  /* U+00A0 often stands where a page had &nbsp;. */
  while ((guchar) p[0] == 0xC2 && (guchar) p[1] == 0xA0)
    {
      p += 2;
      while (*p == ' ' || *p == '\t')
        p++;
    }
  return p;
}

static gboolean
read_number (const char **p,
             int          max_digits,
             int         *out)
{
  int value = 0;
  int digits = 0;

  while (g_ascii_isdigit (**p) && digits < max_digits)
    {
      value = value * 10 + (**p - '0');
      (*p)++;
      digits++;
    }
  if (digits == 0 || g_ascii_isdigit (**p))
    return FALSE;
  *out = value;
  return TRUE;
}

/* A full or three-letter English month name ("March", "Mar", "Sept."). */
static gboolean
read_month (const char **p,
            int         *month)
{
  const char *start = *p;
  gsize len = 0;

  while (g_ascii_isalpha (start[len]))
    len++;
  if (len < 3)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (month_names); i++)
    {
      gsize name_len = strlen (month_names[i]);

      if (len > name_len)
        continue;
      if (g_ascii_strncasecmp (start, month_names[i], len) != 0)
        continue;
      /* Abbreviations are three letters, or "Sept". */
      if (len != name_len && len != 3 && !(i == 8 && len == 4))
        continue;
      *month = i + 1;
      *p = start + len;
      if (**p == '.')
        (*p)++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
valid_day (int year,
           int month,
           int day)
{
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 &&
         day >= 1 && day <= g_date_get_days_in_month (month, year);
}

/* "14th", "1st": the ordinal suffix printed in some footers. */
static void
skip_ordinal (const char **p)
{
  if (g_ascii_strncasecmp (*p, "st", 2) == 0 || g_ascii_strncasecmp (*p, "nd", 2) == 0 ||
      g_ascii_strncasecmp (*p, "rd", 2) == 0 || g_ascii_strncasecmp (*p, "th", 2) == 0)
    {
      if (!g_ascii_isalpha ((*p)[2]))
        *p += 2;
    }
}

/* Reads the day part of a date in any of the forms pages print, leaving *p
 * after it: "March 14, 2019", "Mar 14th, 2019", "14 March 2019",
 * "2019-03-14". */
static gboolean
read_day (const char **p,
          int         *year,
          int         *month,
          int         *day)
{
  const char *s = skip_space (*p);

  if (g_ascii_isdigit (s[0]) && g_ascii_isdigit (s[1]) && g_ascii_isdigit (s[2]) &&
      g_ascii_isdigit (s[3]) && s[4] == '-')
    {
      if (!read_number (&s, 4, year) || *s++ != '-' || !read_number (&s, 2, month) ||
          *s++ != '-' || !read_number (&s, 2, day))
        return FALSE;
    }
  else if (g_ascii_isdigit (s[0]))
    {
      if (!read_number (&s, 2, day))
        return FALSE;
      skip_ordinal (&s);
      s = skip_space (s);
      if (!read_month (&s, month))
        return FALSE;
      s = skip_space (s);
      if (*s == ',')
        s = skip_space (s + 1);
      if (!read_number (&s, 4, year))
        return FALSE;
    }
  else
    {
      if (!read_month (&s, month))
        return FALSE;
      s = skip_space (s);
      if (!read_number (&s, 2, day))
        return FALSE;
      skip_ordinal (&s);
      if (*s == ',')
        s++;
      s = skip_space (s);
      if (!read_number (&s, 4, year))
        return FALSE;
    }

  if (!valid_day (*year, *month, *day))
    return FALSE;
  *p = s;
  return TRUE;
}

static gboolean
at_end (const char *p)
{
  p = skip_space (p);
  if (*p == '.')
    p = skip_space (p + 1);
  return *p == '\0';
}

/**
 * clp_date_parse_day:
 * @text: a date as a page prints it
 * @iso_day: (out): "YYYY-MM-DD"
 *
 * Returns: whether @text was one whole date.
 */
gboolean
clp_date_parse_day (const char  *text,
                    char       **iso_day)
{
  int year, month, day;
  const char *p = text;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (iso_day != NULL, FALSE);

  if (!read_day (&p, &year, &month, &day) || !at_end (p))
    return FALSE;
  *iso_day = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  return TRUE;
}

/* "9:12PM", "9:12 pm", "21:12", "21:12:05". */
static gboolean
read_clock (const char **p,
            int         *hour,
            int         *minute,
            int         *second)
{
  const char *s = skip_space (*p);

  *second = 0;
  if (!read_number (&s, 2, hour) || *s++ != ':' || !read_number (&s, 2, minute))
    return FALSE;
  if (*s == ':')
    {
      s++;
      if (!read_number (&s, 2, second))
        return FALSE;
    }
  s = skip_space (s);
  if ((s[0] == 'a' || s[0] == 'A' || s[0] == 'p' || s[0] == 'P') &&
      (s[1] == 'm' || s[1] == 'M') && !g_ascii_isalpha (s[2]))
    {
      gboolean pm = s[0] == 'p' || s[0] == 'P';

      if (*hour < 1 || *hour > 12)
        return FALSE;
      /* 12:15AM is a quarter past midnight, 12:00PM is noon. */
      *hour = (*hour % 12) + (pm ? 12 : 0);
      s += 2;
    }
  if (*hour > 23 || *minute > 59 || *second > 59)
    return FALSE;
  *p = s;
  return TRUE;
}

/**
 * clp_date_parse_time:
 * @text: a comment time as a page prints it, "Mar 13, 2019 - 9:12PM"
 * @iso_time: (out): "YYYY-MM-DDTHH:MM:SS", wall-clock
 *
 * Returns: whether @text was one whole date and time.
 */
gboolean
clp_date_parse_time (const char  *text,
                     char       **iso_time)
{
  int year, month, day, hour, minute, second;
  const char *p = text;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (iso_time != NULL, FALSE);

  if (!read_day (&p, &year, &month, &day))
    return FALSE;
  p = skip_space (p);
  if (*p == '-' || *p == ',' || *p == '@')
    p++;
  else if (g_ascii_strncasecmp (p, "at ", 3) == 0)
    p += 3;
  if (!read_clock (&p, &hour, &minute, &second) || !at_end (p))
    return FALSE;

  *iso_time = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d",
                               year, month, day, hour, minute, second);
  return TRUE;
}

/**
 * clp_date_parse_clock:
 * @text: a time of day as people write it: "21:30", "9:30pm", "9:30 PM"
 *
 * Returns: whether @text was one whole time of day
 */
gboolean
clp_date_parse_clock (const char *text,
                      int        *hour,
                      int        *minute)
{
  const char *p = text;
  int second;

  g_return_val_if_fail (text != NULL, FALSE);

  return read_clock (&p, hour, minute, &second) && at_end (p);
}

/**
 * clp_date_parse_iso:
 * @text: "YYYY-MM-DDTHH:MM[:SS]" or "YYYY-MM-DD HH:MM[:SS]"
 * @iso_time: (out): normalized "YYYY-MM-DDTHH:MM:SS"
 */
gboolean
clp_date_parse_iso (const char  *text,
                    char       **iso_time)
{
  int year, month, day, hour, minute, second = 0;
  const char *p = text;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (iso_time != NULL, FALSE);

  if (!read_number (&p, 4, &year) || *p++ != '-' || !read_number (&p, 2, &month) ||
      *p++ != '-' || !read_number (&p, 2, &day) || !valid_day (year, month, day))
    return FALSE;
  if (*p != 'T' && *p != ' ')
    return FALSE;
  p++;
  if (!read_number (&p, 2, &hour) || *p++ != ':' || !read_number (&p, 2, &minute))
    return FALSE;
  if (*p == ':')
    {
      p++;
      if (!read_number (&p, 2, &second))
        return FALSE;
    }
  if (*p != '\0' || hour > 23 || minute > 59 || second > 59)
    return FALSE;

  *iso_time = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d",
                               year, month, day, hour, minute, second);
  return TRUE;
}

/**
 * clp_date_is_valid_iso:
 * @iso: a string from the archive or an import
 *
 * Returns: whether @iso is "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" exactly.
 */
gboolean
clp_date_is_valid_iso (const char *iso)
{
  g_autofree char *normal = NULL;
  int year, month, day;
  const char *p = iso;

  if (iso == NULL)
    return FALSE;
  if (strlen (iso) == 10)
    return read_number (&p, 4, &year) && *p++ == '-' && read_number (&p, 2, &month) &&
           *p++ == '-' && read_number (&p, 2, &day) && *p == '\0' &&
           valid_day (year, month, day);
  return strlen (iso) == 19 && clp_date_parse_iso (iso, &normal) && g_str_equal (normal, iso);
}

/* "YYYY-MM-DDTHH:MM:SS" with four digits for every year: "%Y" writes the
 * year 505 as "505", which no longer sorts or reads as the archive's
 * format. */
static char *
format_iso (GDateTime *dt)
{
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d", g_date_time_get_year (dt),
                          g_date_time_get_month (dt), g_date_time_get_day_of_month (dt),
                          g_date_time_get_hour (dt), g_date_time_get_minute (dt),
                          g_date_time_get_second (dt));
}

/**
 * clp_date_parse_period:
 * @text: "YYYY", "YYYY-MM", "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
 * @start: (out): first instant of the period, "YYYY-MM-DDTHH:MM:SS"
 * @end: (out): first instant after the period
 *
 * The periods of the query language: "after:2019-03" counts from the start
 * of March, "before:2019-03" stops just before it.
 */
gboolean
clp_date_parse_period (const char  *text,
                       char       **start,
                       char       **end)
{
  int year = 0, month = 1, day = 1, hour = 0, minute = 0;
  const char *p = text;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  enum { YEAR, MONTH, DAY, MINUTE } unit = YEAR;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!read_number (&p, 4, &year) || p - text != 4)
    return FALSE;
  if (*p == '-')
    {
      p++;
      if (!read_number (&p, 2, &month))
        return FALSE;
      unit = MONTH;
      if (*p == '-')
        {
          p++;
          if (!read_number (&p, 2, &day))
            return FALSE;
          unit = DAY;
          if (*p == 'T')
            {
              p++;
              if (!read_number (&p, 2, &hour) || *p++ != ':' || !read_number (&p, 2, &minute))
                return FALSE;
              unit = MINUTE;
            }
        }
    }
  if (*p != '\0' || !valid_day (year, month, day) || hour > 23 || minute > 59)
    return FALSE;

  from = g_date_time_new_utc (year, month, day, hour, minute, 0);
  switch (unit)
    {
    case YEAR: to = g_date_time_add_years (from, 1); break;
    case MONTH: to = g_date_time_add_months (from, 1); break;
    case DAY: to = g_date_time_add_days (from, 1); break;
    case MINUTE: to = g_date_time_add_minutes (from, 1); break;
    default: g_assert_not_reached ();
    }
  if (from == NULL || to == NULL)
    return FALSE;

  if (start != NULL)
    *start = format_iso (from);
  if (end != NULL)
    *end = format_iso (to);
  return TRUE;
}

/* Wall-clock text is handled as if it were UTC, so that arithmetic on it
 * never meets a daylight-saving gap. */
static GDateTime *
date_time_from_iso (const char *iso)
{
  int year, month, day, hour = 0, minute = 0, second = 0;

  if (!clp_date_is_valid_iso (iso))
    return NULL;
  if (sscanf (iso, "%d-%d-%dT%d:%d:%d", &year, &month, &day, &hour, &minute, &second) < 3)
    return NULL;
  return g_date_time_new_utc (year, month, day, hour, minute, second);
}

/* This computer's zone. GLib 2.74 reads the zone file again at each
 * g_time_zone_new_local() when TZ is not set (as on most desktops), which
 * made showing or filtering thousands of times cost a file read each; it
 * is read again here only when TZ changes. */
static GTimeZone *
local_zone (void)
{
  static GMutex lock;
  static GTimeZone *zone;
  static char *zone_tz;
  const char *tz = g_getenv ("TZ");
  GTimeZone *local;

  g_mutex_lock (&lock);
  if (zone == NULL || g_strcmp0 (tz, zone_tz) != 0)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      g_free (zone_tz);
      zone = g_time_zone_new_local ();
      zone_tz = g_strdup (tz);
    }
  local = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);
  return local;
}

/**
 * clp_date_from_unix:
 * @unix_time: an instant
 * @local: the wall-clock time of this machine's zone, or UTC
 *
 * Returns: "YYYY-MM-DDTHH:MM:SS"
 */
char *
clp_date_from_unix (gint64   unix_time,
                    gboolean local)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (utc == NULL || !local)
    return utc != NULL ? format_iso (utc) : NULL;
  zone = local_zone ();
  dt = g_date_time_to_timezone (utc, zone);
  if (dt == NULL)
    return NULL;
  return format_iso (dt);
}

/* What GDateTime can hold: the years 1 to 9999. */
#define FIRST_SECOND G_GINT64_CONSTANT (-62135596800)
#define LAST_SECOND  G_GINT64_CONSTANT (253402300799)

/**
 * clp_date_local_seconds:
 * @unix_time: an instant
 * @wall: (out): its wall-clock time in this machine's zone, counted in
 *   seconds as if that clock were UTC
 *
 * The number that clp_date_from_unix (@unix_time, TRUE) writes out, for
 * comparing many instants with one wall-clock time without writing each
 * out: clp_date_to_unix (text, FALSE) reads that time the same way.
 *
 * Returns: %FALSE where clp_date_from_unix() returns %NULL
 */
gboolean
clp_date_local_seconds (gint64  unix_time,
                        gint64 *wall)
{
  g_autoptr(GTimeZone) zone = NULL;
  int interval;

  if (unix_time < FIRST_SECOND - 86400 || unix_time > LAST_SECOND + 86400)
    return FALSE;
  zone = local_zone ();
  interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, unix_time);
  *wall = unix_time + (interval >= 0 ? g_time_zone_get_offset (zone, interval) : 0);
  return *wall >= FIRST_SECOND && *wall <= LAST_SECOND;
}

/**
 * clp_date_to_unix:
 * @iso: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS"
 * @local: read @iso in this machine's zone, or as UTC
 * @unix_time: (out)
 */
gboolean
clp_date_to_unix (const char *iso,
                  gboolean    local,
                  gint64     *unix_time)
{
  g_autoptr(GDateTime) utc = date_time_from_iso (iso);
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  if (utc == NULL)
    return FALSE;
  if (!local)
    {
      *unix_time = g_date_time_to_unix (utc);
      return TRUE;
    }
  zone = local_zone ();
  dt = g_date_time_new (zone, g_date_time_get_year (utc), g_date_time_get_month (utc),
                        g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                        g_date_time_get_minute (utc), g_date_time_get_second (utc));
  if (dt == NULL)
    return FALSE;
  *unix_time = g_date_time_to_unix (dt);
  return TRUE;
}

/**
 * clp_date_add_seconds:
 * @iso: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS"
 *
 * Returns: the wall-clock time @seconds later, "YYYY-MM-DDTHH:MM:SS"
 */
char *
clp_date_add_seconds (const char *iso,
                      gint64      seconds)
{
  g_autoptr(GDateTime) dt = date_time_from_iso (iso);
  g_autoptr(GDateTime) later = NULL;

  if (dt == NULL)
    return NULL;
  later = g_date_time_add_seconds (dt, seconds);
  return later != NULL ? format_iso (later) : NULL;
}

/**
 * clp_date_parse_offset:
 * @text: an offset from UTC as ISO 8601 writes it: "+01:00", "-04:00", "Z"
 * @seconds: (out): east of UTC
 *
 * Returns: whether @text was one offset of at most 18 hours
 */
gboolean
clp_date_parse_offset (const char *text,
                       int        *seconds)
{
  const char *p = text;
  int sign, hours, minutes;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (seconds != NULL, FALSE);

  if (g_str_equal (text, "Z"))
    {
      *seconds = 0;
      return TRUE;
    }
  if (*p != '+' && *p != '-')
    return FALSE;
  sign = *p++ == '-' ? -1 : 1;
  if (!read_number (&p, 2, &hours) || p - text != 3 || *p++ != ':' ||
      !read_number (&p, 2, &minutes) || *p != '\0' || p - text != 6 || minutes > 59 ||
      hours * 60 + minutes > 18 * 60)
    return FALSE;
  *seconds = sign * (hours * 3600 + minutes * 60);
  return TRUE;
}

/**
 * clp_date_format_offset:
 * @seconds: east of UTC
 *
 * Returns: "+HH:MM" or "-HH:MM", seconds left out
 */
char *
clp_date_format_offset (int seconds)
{
  int minutes = ABS (seconds) / 60;

  return g_strdup_printf ("%c%02d:%02d", seconds < 0 ? '-' : '+', minutes / 60, minutes % 60);
}

/**
 * clp_date_format_time:
 * @iso_time: "YYYY-MM-DDTHH:MM:SS"
 *
 * Returns: the time in the user's language, for display
 */
char *
clp_date_format_time (const char *iso_time)
{
  g_autoptr(GDateTime) dt = date_time_from_iso (iso_time);

  if (dt == NULL)
    return g_strdup (iso_time != NULL ? iso_time : "");
  /* Translators: a comment's time, see the strftime manual; "Mar 13, 2019, 9:12 PM" */
  return g_date_time_format (dt, _("%b %-d, %Y, %-l:%M %p"));
}

/**
 * clp_date_format_day:
 * @iso_day: "YYYY-MM-DD"
 *
 * Returns: the day in the user's language, for display
 */
char *
clp_date_format_day (const char *iso_day)
{
  g_autoptr(GDateTime) dt = date_time_from_iso (iso_day);

  if (dt == NULL)
    return g_strdup (iso_day != NULL ? iso_day : "");
  /* Translators: an article's publication day; "March 14, 2019" */
  return g_date_time_format (dt, _("%B %-d, %Y"));
}

/**
 * clp_date_format_day_short:
 * @iso_day: "YYYY-MM-DD"
 *
 * Returns: the day in the user's language, short, for lists
 */
char *
clp_date_format_day_short (const char *iso_day)
{
  g_autoptr(GDateTime) dt = date_time_from_iso (iso_day);

  if (dt == NULL)
    return g_strdup (iso_day != NULL ? iso_day : "");
  /* Translators: a publication day in the article list; "Mar 14, 2019" */
  return g_date_time_format (dt, _("%b %-d, %Y"));
}
