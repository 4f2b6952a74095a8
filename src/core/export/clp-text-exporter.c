/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-text-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "clp-text.h"
#include "clp-text-exporter.h"

/* The saved-article text format of FORMATS.md §1, which the text importer
 * reads back as the same article and comments: one article a file. What
 * the format cannot say is not written: seconds of a comment's time, and
 * whether a comment was deleted (hidden comments are left out unless
 * asked for). */

struct _ClpTextExporter
{
  ClpExporter parent_instance;
};

G_DEFINE_FINAL_TYPE (ClpTextExporter, clp_text_exporter, CLP_TYPE_EXPORTER)

static const char * const months[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};

static GDateTime *
parse_iso (const char *iso)
{
  int year, month, day, hour = 0, minute = 0, second = 0;

  if (iso == NULL || sscanf (iso, "%d-%d-%dT%d:%d:%d", &year, &month, &day, &hour, &minute,
                             &second) < 3)
    return NULL;
  return g_date_time_new_utc (year, month, day, hour, minute, second);
}

/* "March 14, 2019", or with the footer's ordinal, "March 14th, 2019". */
static char *
format_day (const char *iso,
            gboolean    ordinal)
{
  g_autoptr(GDateTime) dt = parse_iso (iso);
  int day;
  const char *suffix = "";

  if (dt == NULL)
    return NULL;
  day = g_date_time_get_day_of_month (dt);
  if (ordinal)
    suffix = (day % 10 == 1 && day != 11) ? "st" : (day % 10 == 2 && day != 12) ? "nd"
             : (day % 10 == 3 && day != 13) ? "rd" : "th";
  return g_strdup_printf ("%s %d%s, %d", months[g_date_time_get_month (dt) - 1], day, suffix,
                          g_date_time_get_year (dt));
}

/* "Mar 13, 2019 - 9:12PM", as comment sections print it. */
static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) dt = parse_iso (iso);
  int hour;

  if (dt == NULL)
    return NULL;
  hour = g_date_time_get_hour (dt);
  return g_strdup_printf ("%.3s %d, %d - %d:%02d%s", months[g_date_time_get_month (dt) - 1],
                          g_date_time_get_day_of_month (dt), g_date_time_get_year (dt),
                          hour % 12 == 0 ? 12 : hour % 12, g_date_time_get_minute (dt),
                          hour < 12 ? "AM" : "PM");
}

static void
append_lines (GString    *out,
              const char *text,
              const char *indent)
{
  g_auto(GStrv) paragraphs = clp_text_split_paragraphs (text);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_auto(GStrv) lines = g_strsplit (paragraphs[i], "\n", -1);

      if (i > 0)
        g_string_append_c (out, '\n');
      for (guint k = 0; lines[k] != NULL; k++)
        g_string_append_printf (out, "%s%s\n", indent, lines[k]);
    }
}

static gboolean
clp_text_exporter_begin (ClpExporter   *exporter,
                         GOutputStream *out,
                         GCancellable  *cancellable,
                         GError       **error)
{
  if (clp_exporter_get_n_articles (exporter) > 1)
    {
      g_set_error_literal (error, CLP_EXPORT_ERROR, CLP_EXPORT_ERROR_ONE_ARTICLE,
                           _("A saved-article text file holds one article. Export one file per "
                             "article instead (--split)."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
clp_text_exporter_write_article (ClpExporter   *exporter,
                                 GOutputStream *out,
                                 ClpArticle    *article,
                                 GPtrArray     *comments,
                                 GHashTable    *context,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) ordered = clp_comment_thread_order (comments);
  g_autoptr(GHashTable) depths = clp_comment_thread_depths (ordered);
  g_autofree char *published = format_day (article->published, FALSE);
  g_autofree char *printed = format_day (article->print_date != NULL ? article->print_date
                                                                     : article->published, TRUE);

  g_string_append_printf (text, "%s\n\n", article->title);
  if (published != NULL)
    g_string_append_printf (text, "Published: %s\n", published);
  if (article->caption != NULL)
    g_string_append_printf (text, "%s\n", article->caption);
  g_string_append_c (text, '\n');

  for (guint i = 0; i < article->body->len; i++)
    {
      g_autofree char *paragraph = NULL;

      if (i == 0 && article->dateline != NULL)
        paragraph = g_strdup_printf ("%s:\u00a0%s", article->dateline,
                                     (char *) g_ptr_array_index (article->body, i));
      else
        paragraph = g_strdup (g_ptr_array_index (article->body, i));
      append_lines (text, paragraph, "");
      g_string_append_c (text, '\n');
    }

  if (article->source != NULL)
    {
      if (printed != NULL)
        g_string_append_printf (text, "Published in %s, %s.\n\n", article->source, printed);
      else
        g_string_append_printf (text, "Published in %s.\n\n", article->source);
    }

  if (ordered->len > 0 || article->declared_comment_count >= 0 ||
      (published == NULL && article->source == NULL))
    {
      if (article->declared_comment_count >= 0)
        g_string_append_printf (text, "Reader Comments (%d)\n\n", article->declared_comment_count);
      else
        g_string_append (text, "Reader Comments\n\n");
    }

  /* A reply's bullet sits under its parent's text, as nested lists dump. */
  for (guint i = 0; i < ordered->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (ordered, i);
      int d = MIN (GPOINTER_TO_INT (g_hash_table_lookup (depths, &comment->id)),
                   CLP_EXPORT_MAX_DEPTH);
      g_autofree char *bullet = NULL;
      g_autofree char *indent = NULL;
      g_autofree char *when = format_time (comment->posted_at);

      bullet = g_strnfill (2 + d * 4, ' ');
      indent = g_strnfill (4 + d * 4, ' ');
      g_string_append_printf (text, "%s\u2022 %s\n", bullet, comment->author);
      if (when != NULL)
        g_string_append_printf (text, "%s%s\n", indent, when);
      g_string_append_c (text, '\n');
      append_lines (text, comment->text, indent);
      g_string_append (text, "\n\n");
    }

  if (article->section != NULL)
    g_string_append_printf (text, "More in %s\n", article->section);
  return clp_exporter_write_all (out, text->str, cancellable, error);
}

static void
clp_text_exporter_class_init (ClpTextExporterClass *klass)
{
  ClpExporterClass *exporter_class = CLP_EXPORTER_CLASS (klass);

  exporter_class->name = "txt";
  exporter_class->extension = "txt";
  exporter_class->begin = clp_text_exporter_begin;
  exporter_class->write_article = clp_text_exporter_write_article;
}

static void
clp_text_exporter_init (ClpTextExporter *self)
{
}
