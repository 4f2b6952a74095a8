/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-text-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "clp-comment-counts.h"
#include "clp-text.h"
#include "clp-text-exporter.h"
#include "clp-text-importer.h"

/* The saved-article text format of FORMATS.md §1, which the text importer
 * reads back as the same article and comments: one article a file. Under
 * a comment's time (with its seconds when they are not :00) come the
 * lines Clippings adds to the format: "[deleted]" or "[spam]" for a
 * hidden comment, "[context]" for one there only because a match answers
 * it, and its reference in brackets. A line of text that would read as
 * something else gets a backslash in front (clp_text_importer_needs_escape()).
 * After the article, from the line CLP_TEXT_EXPORT_MARK on, the export
 * says what it is: its search and filters, time and program, the
 * article's counts and where it came from; the import passes over it. */

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

/* "Mar 13, 2019 - 9:12PM", as comment sections print it; with the
 * seconds when they are not :00, "Mar 13, 2019 - 9:12:30PM", which the
 * import reads too. */
static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) dt = parse_iso (iso);
  g_autofree char *seconds = NULL;
  int hour;

  if (dt == NULL)
    return NULL;
  hour = g_date_time_get_hour (dt);
  if (g_date_time_get_second (dt) != 0)
    seconds = g_strdup_printf (":%02d", g_date_time_get_second (dt));
  return g_strdup_printf ("%.3s %d, %d - %d:%02d%s%s", months[g_date_time_get_month (dt) - 1],
                          g_date_time_get_day_of_month (dt), g_date_time_get_year (dt),
                          hour % 12 == 0 ? 12 : hour % 12, g_date_time_get_minute (dt),
                          seconds != NULL ? seconds : "", hour < 12 ? "AM" : "PM");
}

static void
append_lines (GString    *out,
              const char *text,
              const char *indent,
              gboolean    escape)
{
  g_auto(GStrv) paragraphs = clp_text_split_paragraphs (text);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_auto(GStrv) lines = g_strsplit (paragraphs[i], "\n", -1);

      if (i > 0)
        g_string_append_c (out, '\n');
      for (guint k = 0; lines[k] != NULL; k++)
        g_string_append_printf (out, "%s%s%s\n", indent,
                                escape && clp_text_importer_needs_escape (lines[k]) ? "\\" : "",
                                lines[k]);
    }
}

/* What the export is and where the article came from, after the mark the
 * import stops at. */
static void
append_trailer (GString          *out,
                ClpExporter      *exporter,
                ClpExportArticle *export_article)
{
  const ClpExportOptions *options = clp_exporter_get_options (exporter);
  ClpArticle *article = clp_export_article_get_article (export_article);
  GPtrArray *imports = clp_export_article_get_imports (export_article);
  g_autofree char *counts = clp_comment_counts_describe (clp_export_article_get_counts (export_article));

  g_string_append (out, "\n" CLP_TEXT_EXPORT_MARK "\n");
  g_string_append_printf (out, _("Exported %s by %s %s"), clp_exporter_get_exported_at (exporter),
                          PACKAGE_NAME, PACKAGE_VERSION);
  g_string_append_c (out, '\n');
  if (options->query_text != NULL)
    g_string_append_printf (out, "%s%s\n", _("Search: "), options->query_text);
  g_string_append_printf (out, "%s%s\n", _("Filters: "),
                          options->filters != NULL ? options->filters : _("none, all comments"));
  g_string_append_printf (out, "%s\n", counts);
  for (guint i = 0; i < imports->len; i++)
    {
      ClpImportRecord *record = g_ptr_array_index (imports, i);

      g_string_append_printf (out, _("Imported from %s (SHA-256 %s) on %s"), record->file_name,
                              record->sha256, record->imported_at);
      g_string_append_c (out, '\n');
    }
  if (article->url != NULL)
    g_string_append_printf (out, "%s%s\n", _("Source: "), article->url);
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
clp_text_exporter_write_article (ClpExporter       *exporter,
                                 GOutputStream     *out,
                                 ClpExportArticle  *export_article,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  ClpArticle *article = clp_export_article_get_article (export_article);
  const ClpCommentCounts *counts = clp_export_article_get_counts (export_article);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *published = format_day (article->published, FALSE);
  g_autofree char *printed = format_day (article->print_date, TRUE);
  const ClpExportComment *held = NULL;

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
      append_lines (text, paragraph, "", FALSE);
      g_string_append_c (text, '\n');
    }

  if (article->source != NULL)
    {
      if (printed != NULL)
        g_string_append_printf (text, "Published in %s, %s.\n\n", article->source, printed);
      else
        g_string_append_printf (text, "Published in %s.\n\n", article->source);
    }

  if (counts->held > 0 || article->declared_comment_count >= 0 ||
      (published == NULL && article->source == NULL))
    {
      if (article->declared_comment_count >= 0)
        g_string_append_printf (text, "Reader Comments (%d)\n\n", article->declared_comment_count);
      else
        g_string_append (text, "Reader Comments\n\n");
    }

  /* A reply's bullet sits under its parent's text, as nested lists dump. */
  for (;;)
    {
      ClpComment *comment;
      int depth;
      g_autofree char *bullet = NULL;
      g_autofree char *indent = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *when = NULL;

      if (!clp_export_article_next (export_article, &held, error))
        return FALSE;
      if (held == NULL)
        break;
      comment = held->comment;
      shown = clp_comment_dup_shown_time (comment);
      when = format_time (shown);
      /* A thread 10,000 replies deep would be megabytes of indentation;
       * deeper replies come back at this depth. */
      depth = MIN (held->depth, CLP_EXPORT_MAX_DEPTH);
      bullet = g_strnfill (2 + depth * 4, ' ');
      indent = g_strnfill (4 + depth * 4, ' ');
      g_string_append_printf (text, "%s\u2022 %s\n", bullet, comment->author);
      if (when != NULL)
        g_string_append_printf (text, "%s%s\n", indent, when);
      if (comment->status != CLP_COMMENT_VISIBLE)
        g_string_append_printf (text, "%s[%s]\n", indent,
                                comment->status == CLP_COMMENT_SPAM ? "spam" : "deleted");
      if (held->role == CLP_COMMENT_ROLE_CONTEXT)
        g_string_append_printf (text, "%s[context]\n", indent);
      g_string_append_printf (text, "%s[%s]\n", indent, held->reference);
      g_string_append_c (text, '\n');
      append_lines (text, comment->text, indent, TRUE);
      g_string_append (text, "\n\n");
      if (!clp_exporter_flush (out, text, 64 * 1024, cancellable, error))
        return FALSE;
    }

  if (article->section != NULL)
    g_string_append_printf (text, "More in %s\n", article->section);
  append_trailer (text, exporter, export_article);
  return clp_exporter_flush (out, text, 0, cancellable, error);
}

static void
clp_text_exporter_class_init (ClpTextExporterClass *klass)
{
  ClpExporterClass *exporter_class = CLP_EXPORTER_CLASS (klass);

  exporter_class->name = "txt";
  exporter_class->label = N_("Saved-article text");
  exporter_class->extension = "txt";
  exporter_class->mime_type = "text/plain";
  exporter_class->thread_order = TRUE;
  /* The format is the archive's too: what it holds comes back, hidden
   * comments marked. */
  exporter_class->keeps_hidden = TRUE;
  exporter_class->begin = clp_text_exporter_begin;
  exporter_class->write_article = clp_text_exporter_write_article;
}

static void
clp_text_exporter_init (ClpTextExporter *self)
{
}
