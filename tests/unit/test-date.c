/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clp-date.h"
#include "clp-test-util.h"

/* @parse reads @text as @expected, or refuses it when @expected is NULL. */
static void
check_parse (gboolean  (*parse) (const char *, char **),
             const char *text,
             const char *expected)
{
  g_autofree char *iso = NULL;
  gboolean ok = parse (text, &iso);

  if (expected == NULL)
    {
      g_assert_false (ok);
      return;
    }
  g_assert_true (ok);
  g_assert_cmpstr (iso, ==, expected);
}

#define check_day(text, expected) check_parse (clp_date_parse_day, text, expected)
#define check_time(text, expected) check_parse (clp_date_parse_time, text, expected)

static void
test_days (void)
{
  check_day ("March 14, 2019", "2019-03-14");
  check_day ("March 14th, 2019.", "2019-03-14");
  check_day ("Mar 1st, 2019", "2019-03-01");
  check_day ("Sept. 2, 2020", "2020-09-02");
  check_day ("2 April 2021", "2021-04-02");
  check_day ("2019-03-14", "2019-03-14");
  check_day ("february 29, 2020", "2020-02-29");
  check_day ("February 29, 2019", NULL);
  check_day ("Smarch 14, 2019", NULL);
  check_day ("March 14", NULL);
  check_day ("March 14, 2019 and more", NULL);
  check_day ("", NULL);
}

static void
test_times (void)
{
  check_time ("Mar 13, 2019 - 9:12PM", "2019-03-13T21:12:00");
  check_time ("Mar 14, 2019 - 12:00PM", "2019-03-14T12:00:00");
  check_time ("Mar 14, 2019 - 12:15AM", "2019-03-14T00:15:00");
  check_time ("Mar 15, 2019 - 1:17 am", "2019-03-15T01:17:00");
  check_time ("March 15, 2019, 21:05", "2019-03-15T21:05:00");
  check_time ("2019-03-15 - 21:05:09", "2019-03-15T21:05:09");
  check_time ("Mar 13, 2019 - 13:12PM", NULL);
  check_time ("Mar 13, 2019 - 9:75PM", NULL);
  check_time ("Mar 13, 2019", NULL);
  check_time ("Finally some common sense.", NULL);
}

static void
test_clock (void)
{
  int hour = -1, minute = -1;

  g_assert_true (clp_date_parse_clock ("21:30", &hour, &minute));
  g_assert_cmpint (hour, ==, 21);
  g_assert_cmpint (minute, ==, 30);
  g_assert_true (clp_date_parse_clock ("9:05pm", &hour, &minute));
  g_assert_cmpint (hour, ==, 21);
  g_assert_cmpint (minute, ==, 5);
  g_assert_true (clp_date_parse_clock ("12:15 AM", &hour, &minute));
  g_assert_cmpint (hour, ==, 0);
  g_assert_false (clp_date_parse_clock ("25:00", &hour, &minute));
  g_assert_false (clp_date_parse_clock ("noon", &hour, &minute));
  g_assert_false (clp_date_parse_clock ("9:30 tomorrow", &hour, &minute));
}

static void
test_iso (void)
{
  g_autofree char *a = NULL;

  g_assert_true (clp_date_parse_iso ("2019-03-13T21:12", &a));
  g_assert_cmpstr (a, ==, "2019-03-13T21:12:00");
  g_assert_true (clp_date_is_valid_iso ("2019-03-13T21:12:00"));
  g_assert_true (clp_date_is_valid_iso ("2019-03-13"));
  g_assert_false (clp_date_is_valid_iso ("2019-02-30"));
  g_assert_false (clp_date_is_valid_iso ("2019-03-13T25:12:00"));
  g_assert_false (clp_date_is_valid_iso ("13/03/2019"));
}

static void
check_period (const char *text,
              const char *start,
              const char *end)
{
  g_autofree char *s = NULL;
  g_autofree char *e = NULL;

  if (start == NULL)
    {
      g_assert_false (clp_date_parse_period (text, &s, &e));
      return;
    }
  g_assert_true (clp_date_parse_period (text, &s, &e));
  g_assert_cmpstr (s, ==, start);
  g_assert_cmpstr (e, ==, end);
}

/* after:P counts from the start of P, before:P stops before its start. */
static void
test_periods (void)
{
  check_period ("2019", "2019-01-01T00:00:00", "2020-01-01T00:00:00");
  check_period ("2019-12", "2019-12-01T00:00:00", "2020-01-01T00:00:00");
  check_period ("2019-02-28", "2019-02-28T00:00:00", "2019-03-01T00:00:00");
  check_period ("2020-02-28", "2020-02-28T00:00:00", "2020-02-29T00:00:00");
  check_period ("2019-03-14T23:59", "2019-03-14T23:59:00", "2019-03-15T00:00:00");
  check_period ("2019-13", NULL, NULL);
  check_period ("19-03", NULL, NULL);
  check_period ("2019-03-14T24:00", NULL, NULL);
  check_period ("yesterday", NULL, NULL);
}

static void
test_arithmetic (void)
{
  g_autofree char *later = clp_date_add_seconds ("2019-03-14T23:30:00", 3600);
  g_autofree char *day = clp_date_add_seconds ("2019-03-14", 86400);
  g_autofree char *utc = clp_date_from_unix (1552597920, FALSE);
  g_autofree char *early = NULL;
  g_autofree char *early_later = NULL;
  gint64 t = 0;

  g_assert_cmpstr (later, ==, "2019-03-15T00:30:00");
  g_assert_cmpstr (day, ==, "2019-03-15T00:00:00");
  g_assert_cmpstr (utc, ==, "2019-03-14T21:12:00");
  g_assert_true (clp_date_to_unix ("2019-03-14T21:12:00", FALSE, &t));
  g_assert_cmpint (t, ==, 1552597920);

  /* Early years keep four digits, as everywhere in the archive. */
  g_assert_true (clp_date_to_unix ("0505-01-01T00:00:00", FALSE, &t));
  early = clp_date_from_unix (t, FALSE);
  g_assert_cmpstr (early, ==, "0505-01-01T00:00:00");
  early_later = clp_date_add_seconds ("0505-01-01", 60);
  g_assert_cmpstr (early_later, ==, "0505-01-01T00:01:00");
}

static void
test_format (void)
{
  g_autofree char *time = clp_date_format_time ("2019-03-13T21:12:00");
  g_autofree char *day = clp_date_format_day ("2019-03-14");

  g_assert_cmpstr (time, ==, "Mar 13, 2019, 9:12 PM");
  g_assert_cmpstr (day, ==, "March 14, 2019");
}

/* An instant in this computer's zone, as text and as the seconds date
 * filters compare, agree around both daylight-saving changes; a change of
 * TZ is seen at once. */
static void
test_local (void)
{
  static const struct { gint64 instant; const char *berlin; } cases[] = {
    { 1553993999, "2019-03-31T01:59:59" },  /* the last second of winter time */
    { 1553994000, "2019-03-31T03:00:00" },
    { 1572137999, "2019-10-27T02:59:59" },  /* summer time's last second */
    { 1572138000, "2019-10-27T02:00:00" },  /* the same hour again */
    { 1552511520, "2019-03-13T22:12:00" },
  };

  clp_test_set_time_zone ("Europe/Berlin");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = clp_date_from_unix (cases[i].instant, TRUE);
      gint64 wall = 0, read = 0;

      g_assert_cmpstr (text, ==, cases[i].berlin);
      g_assert_true (clp_date_local_seconds (cases[i].instant, &wall));
      g_assert_true (clp_date_to_unix (text, FALSE, &read));
      g_assert_cmpint (wall, ==, read);
    }
  clp_test_set_time_zone ("America/New_York");
  {
    g_autofree char *text = clp_date_from_unix (1552511520, TRUE);

    g_assert_cmpstr (text, ==, "2019-03-13T17:12:00");
  }
  clp_test_set_time_zone ("UTC");
  {
    g_autofree char *text = clp_date_from_unix (1552511520, TRUE);
    gint64 wall = 0;

    g_assert_cmpstr (text, ==, "2019-03-13T21:12:00");
    /* Beyond the years GLib can write, there is no local time. */
    g_assert_false (clp_date_local_seconds (G_GINT64_CONSTANT (300000000000), &wall));
  }
}

/* Offsets from UTC as ISO 8601 writes them. */
static void
test_offsets (void)
{
  static const char * const bad[] = { "", "+1:00", "+01", "+0100", "01:00", "+19:00", "+01:60",
                                      "-01:00x", "z" };
  int seconds = 1;
  g_autofree char *minus = clp_date_format_offset (-4 * 3600 - 30 * 60);
  g_autofree char *plus = clp_date_format_offset (3600);

  g_assert_true (clp_date_parse_offset ("Z", &seconds));
  g_assert_cmpint (seconds, ==, 0);
  g_assert_true (clp_date_parse_offset ("-04:30", &seconds));
  g_assert_cmpint (seconds, ==, -4 * 3600 - 30 * 60);
  g_assert_true (clp_date_parse_offset ("+14:00", &seconds));
  g_assert_cmpint (seconds, ==, 14 * 3600);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (clp_date_parse_offset (bad[i], &seconds));
  g_assert_cmpstr (minus, ==, "-04:30");
  g_assert_cmpstr (plus, ==, "+01:00");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/date/days", test_days);
  g_test_add_func ("/core/date/times", test_times);
  g_test_add_func ("/core/date/clock", test_clock);
  g_test_add_func ("/core/date/iso", test_iso);
  g_test_add_func ("/core/date/periods", test_periods);
  g_test_add_func ("/core/date/arithmetic", test_arithmetic);
  g_test_add_func ("/core/date/format", test_format);
  g_test_add_func ("/core/date/local", test_local);
  g_test_add_func ("/core/date/offsets", test_offsets);

  return g_test_run ();
}
