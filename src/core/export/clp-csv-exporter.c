/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-csv-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "clp-csv-exporter.h"
#include "clp-json-exporter.h"

/* One row per comment, RFC 4180: comma-separated, CRLF line ends, fields
 * with a comma, quote or line break in double quotes, quotes doubled;
 * UTF-8. A field a spreadsheet would take for a formula (it starts with =,
 * +, -, @, a tab or a carriage return) gets a leading apostrophe, so that
 * a comment is never run as a formula. The last two columns are the
 * comment's reference and its role: "match", or "context" for a comment
 * there only because a match answers it.
 *
 * What does not fit rows (the export's search and filters, time and
 * program; each article's counts and provenance) goes to a sidecar,
 * NAME.meta.json beside NAME.csv, so that the CSV stays one table any
 * tool loads. */

#define COLUMNS "article_id", "article_title", "source", "published", "comment_id", "parent_id", \
                "depth", "author", "posted_at", "text", "ref", "role"

struct _ClpCsvExporter
{
  ClpExporter parent_instance;

  guint       written;   /* articles in the sidecar */
};

G_DEFINE_FINAL_TYPE (ClpCsvExporter, clp_csv_exporter, CLP_TYPE_EXPORTER)

/**
 * clp_csv_exporter_append_field:
 * @value: (nullable): the field; %NULL is empty
 *
 * Appends one field, neutralised and quoted as needed (no separator).
 */
void
clp_csv_exporter_append_field (GString    *out,
                               const char *value)
{
  gboolean formula;
  gboolean quote;

  if (value == NULL || *value == '\0')
    return;

  formula = strchr ("=+-@\t\r", value[0]) != NULL;
  quote = formula || strpbrk (value, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

static gboolean
clp_csv_exporter_begin (ClpExporter   *exporter,
                        GOutputStream *out,
                        GCancellable  *cancellable,
                        GError       **error)
{
  static const char * const columns[] = { COLUMNS };
  GOutputStream *sidecar = clp_exporter_get_sidecar_stream (exporter);
  g_autoptr(GString) header = g_string_new (NULL);

  CLP_CSV_EXPORTER (exporter)->written = 0;
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_string_append_printf (header, "%s%s", i > 0 ? "," : "", columns[i]);
  g_string_append (header, "\r\n");
  if (!clp_exporter_flush (out, header, 0, cancellable, error))
    return FALSE;
  if (sidecar == NULL)
    return TRUE;

  g_string_append (header, "{\n  \"format\": \"clippings-csv-meta\",\n  \"version\": 1,\n"
                           "  \"export\": ");
  clp_json_append_export (header, exporter);
  g_string_append (header, ",\n  \"columns\": [");
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_string_append_printf (header, "%s\"%s\"", i > 0 ? ", " : "", columns[i]);
  g_string_append (header, "],\n  \"articles\": [");
  return clp_exporter_flush (sidecar, header, 0, cancellable, error);
}

/* The article's line of the sidecar: its counts and provenance. */
static gboolean
write_meta (ClpCsvExporter    *self,
            GOutputStream     *sidecar,
            ClpExportArticle  *export_article,
            GCancellable      *cancellable,
            GError           **error)
{
  ClpArticle *article = clp_export_article_get_article (export_article);
  g_autoptr(GString) text = g_string_new (self->written++ > 0 ? ",\n    " : "\n    ");

  g_string_append_printf (text, "{\n      \"article_id\" : %" G_GINT64_FORMAT ",\n      \"title\" : ",
                          article->id);
  clp_json_append_string (text, article->title);
  g_string_append (text, ",\n      \"counts\" : ");
  clp_json_append_counts (text, clp_export_article_get_counts (export_article), 6);
  g_string_append (text, ",\n      \"provenance\" : ");
  clp_json_append_provenance (text, export_article, 6);
  g_string_append (text, "\n    }");
  return clp_exporter_flush (sidecar, text, 0, cancellable, error);
}

static gboolean
clp_csv_exporter_write_article (ClpExporter       *exporter,
                                GOutputStream     *out,
                                ClpExportArticle  *export_article,
                                GCancellable      *cancellable,
                                GError           **error)
{
  ClpArticle *article = clp_export_article_get_article (export_article);
  GOutputStream *sidecar = clp_exporter_get_sidecar_stream (exporter);
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(GString) article_fields = g_string_new (NULL);
  const ClpExportComment *held = NULL;

  if (sidecar != NULL &&
      !write_meta (CLP_CSV_EXPORTER (exporter), sidecar, export_article, cancellable, error))
    return FALSE;

  /* The same first four fields on every row of the article. */
  g_string_append_printf (article_fields, "%" G_GINT64_FORMAT ",", article->id);
  clp_csv_exporter_append_field (article_fields, article->title);
  g_string_append_c (article_fields, ',');
  clp_csv_exporter_append_field (article_fields, article->source);
  g_string_append_c (article_fields, ',');
  clp_csv_exporter_append_field (article_fields, article->published);

  for (;;)
    {
      g_autofree char *shown = NULL;
      ClpComment *comment;

      if (!clp_export_article_next (export_article, &held, error))
        return FALSE;
      if (held == NULL)
        break;
      comment = held->comment;
      shown = clp_comment_dup_shown_time (comment);
      g_string_append_len (rows, article_fields->str, article_fields->len);
      g_string_append_printf (rows, ",%" G_GINT64_FORMAT ",", comment->id);
      if (comment->parent_id != 0)
        g_string_append_printf (rows, "%" G_GINT64_FORMAT, comment->parent_id);
      g_string_append_printf (rows, ",%d,", comment->depth);
      clp_csv_exporter_append_field (rows, comment->author);
      g_string_append_c (rows, ',');
      clp_csv_exporter_append_field (rows, shown);
      g_string_append_c (rows, ',');
      clp_csv_exporter_append_field (rows, comment->text);
      g_string_append_c (rows, ',');
      clp_csv_exporter_append_field (rows, held->reference);
      g_string_append (rows, held->role == CLP_COMMENT_ROLE_CONTEXT ? ",context\r\n"
                                                                    : ",match\r\n");
      if (!clp_exporter_flush (out, rows, 64 * 1024, cancellable, error))
        return FALSE;
    }
  return clp_exporter_flush (out, rows, 0, cancellable, error);
}

static gboolean
clp_csv_exporter_end (ClpExporter   *exporter,
                      GOutputStream *out,
                      GCancellable  *cancellable,
                      GError       **error)
{
  GOutputStream *sidecar = clp_exporter_get_sidecar_stream (exporter);

  if (sidecar == NULL)
    return TRUE;
  return clp_exporter_write_all (sidecar, CLP_CSV_EXPORTER (exporter)->written > 0
                                          ? "\n  ]\n}\n" : "]\n}\n", cancellable, error);
}

static void
clp_csv_exporter_class_init (ClpCsvExporterClass *klass)
{
  ClpExporterClass *exporter_class = CLP_EXPORTER_CLASS (klass);

  exporter_class->name = "csv";
  exporter_class->label = N_("CSV spreadsheet");
  exporter_class->extension = "csv";
  exporter_class->mime_type = "text/csv";
  exporter_class->sidecar = "meta.json";
  exporter_class->begin = clp_csv_exporter_begin;
  exporter_class->write_article = clp_csv_exporter_write_article;
  exporter_class->end = clp_csv_exporter_end;
}

static void
clp_csv_exporter_init (ClpCsvExporter *self)
{
}
