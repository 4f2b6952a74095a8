/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-renderer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clp-date.h"
#include "clp-html.h"
#include "clp-renderer-timeline.h"

/* The reading view's timeline of a thread's comments, for the renderer
 * (clp-renderer.c). */

#define TIMELINE_HEIGHT 56
#define TIMELINE_MAX_HOURS 72

/* When a comment was posted as the timeline counts it: its display time
 * read as seconds, with wall-clock text taken as UTC (as
 * date_time_from_iso() does); FALSE for a hidden comment, or one without
 * a time that reads as one. */
static gboolean
timeline_time (ClpComment *comment,
               gint64     *seconds)
{
  g_autofree char *when = NULL;

  if (comment->status != CLP_COMMENT_VISIBLE)
    return FALSE;
  when = clp_comment_dup_shown_time (comment);
  return when != NULL && clp_date_to_unix (when, FALSE, seconds);
}

/* @t rounded down to a multiple of @step, before 1970 too. */
static gint64
round_down (gint64 t,
            gint64 step)
{
  gint64 rest = t % step;

  return rest < 0 ? t - rest - step : t - rest;
}

/* Comment activity as a histogram, per hour for threads of up to three
 * days, per day beyond. Each bar links to a filter for its time; the
 * comments passing the filters are drawn in the accent colour. Inline SVG:
 * nothing to load, no script. */
void
clp_renderer_append_timeline (GString                *out,
                              GPtrArray              *comments,
                              const ClpRenderOptions *options)
{
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;
  g_autoptr(GArray) totals = NULL;
  g_autoptr(GArray) matching = NULL;
  g_autoptr(GDateTime) start = NULL;
  gint64 first = G_MAXINT64, last = G_MININT64;
  gint64 step, n_buckets, dated = 0;
  int highest = 1;
  gboolean hours;

  for (guint i = 0; i < comments->len; i++)
    {
      gint64 t;

      if (!timeline_time (g_ptr_array_index (comments, i), &t))
        continue;
      dated++;
      first = MIN (first, t);
      last = MAX (last, t);
    }
  if (dated < 2 || options->base_uri == NULL)
    return;

  hours = last - first <= TIMELINE_MAX_HOURS * 3600;
  step = hours ? 3600 : 86400;
  start = g_date_time_new_from_unix_utc (round_down (first, step));
  n_buckets = (last - g_date_time_to_unix (start)) / step + 1;
  totals = g_array_new (FALSE, TRUE, sizeof (int));
  matching = g_array_new (FALSE, TRUE, sizeof (int));
  g_array_set_size (totals, n_buckets);
  g_array_set_size (matching, n_buckets);

  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);
      gint64 t, bucket;

      if (!timeline_time (comment, &t))
        continue;
      bucket = CLAMP ((t - g_date_time_to_unix (start)) / step, 0, n_buckets - 1);
      g_array_index (totals, int, bucket)++;
      if (options->matching != NULL && g_hash_table_contains (options->matching, &comment->id))
        g_array_index (matching, int, bucket)++;
      highest = MAX (highest, g_array_index (totals, int, bucket));
    }

  /* A group, not an image: a screen reader reaches each bar's link and
   * reads its title ("Mar 13, 10 PM: 2 comments"). */
  g_string_append_printf (out, "<figure class=\"timeline\">\n<svg viewBox=\"0 0 %" G_GINT64_FORMAT
                          " %d\" preserveAspectRatio=\"none\" role=\"group\" aria-label=\"",
                          n_buckets * 10, TIMELINE_HEIGHT);
  clp_html_append_escaped (out, hours ? _("Comments per hour") : _("Comments per day"), -1);
  g_string_append (out, "\">\n");
  for (gint64 b = 0; b < n_buckets; b++)
    {
      g_autoptr(GDateTime) from = NULL;
      g_autoptr(GDateTime) until = NULL;
      g_autofree char *from_text = NULL;
      g_autofree char *until_text = NULL;
      g_autofree char *label = NULL;
      g_autofree char *title = NULL;
      int total = g_array_index (totals, int, b);
      int matched = g_array_index (matching, int, b);
      int height = MAX (2, total * (TIMELINE_HEIGHT - 2) / highest);
      int matched_height = matched > 0 ? MAX (2, matched * (TIMELINE_HEIGHT - 2) / highest) : 0;

      /* Years between two comments are many empty days: nothing to write. */
      if (total == 0)
        continue;
      from = g_date_time_add_seconds (start, b * step);
      until = g_date_time_add_seconds (start, (b + 1) * step - 60);
      from_text = g_date_time_format (from, "%Y-%m-%dT%H:%M");
      until_text = g_date_time_format (until, "%Y-%m-%dT%H:%M");
      label = g_date_time_format (from, hours ? _("%b %-d, %-l %p") : _("%b %-d, %Y"));
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %d comment", "%s: %d comments",
                                            total), label, total);
      g_string_append_printf (out, "<a href=\"clippings://action/filter?from=%s&amp;to=%s\">"
                              "<rect class=\"bar\" x=\"%" G_GINT64_FORMAT "\" y=\"%d\" width=\"8\""
                              " height=\"%d\"/>", from_text, until_text, b * 10,
                              TIMELINE_HEIGHT - height, height);
      if (matched_height > 0)
        g_string_append_printf (out, "<rect class=\"bar matching\" x=\"%" G_GINT64_FORMAT "\""
                                " y=\"%d\" width=\"8\" height=\"%d\"/>", b * 10,
                                TIMELINE_HEIGHT - matched_height, matched_height);
      g_string_append (out, "<title>");
      clp_html_append_escaped (out, title, -1);
      g_string_append (out, "</title></a>\n");
    }
  g_string_append (out, "</svg>\n<figcaption>");
  first_text = clp_date_from_unix (first, FALSE);
  last_text = clp_date_from_unix (last, FALSE);
  {
    g_autofree char *first_label = clp_date_format_time (first_text);
    g_autofree char *last_label = clp_date_format_time (last_text);

    g_string_append (out, "<span>");
    clp_html_append_escaped (out, first_label, -1);
    g_string_append (out, "</span><span>");
    clp_html_append_escaped (out, hours ? _("per hour — click a bar to see its comments")
                                        : _("per day — click a bar to see its comments"), -1);
    g_string_append (out, "</span><span>");
    clp_html_append_escaped (out, last_label, -1);
    g_string_append (out, "</span>");
  }
  g_string_append (out, "</figcaption>\n</figure>\n");
}
