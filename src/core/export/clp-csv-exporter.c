/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-csv-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "clp-csv-exporter.h"

/* One row per comment, RFC 4180: comma-separated, CRLF line ends, fields
 * with a comma, quote or line break in double quotes, quotes doubled;
 * UTF-8. A field a spreadsheet would take for a formula (it starts with =,
 * +, -, @, a tab or a carriage return) gets a leading apostrophe, so that
 * a comment is never run as a formula. */

#define HEADER "article_id,article_title,source,published,comment_id,parent_id,depth,author," \
               "posted_at,text\r\n"

struct _ClpCsvExporter
{
  ClpExporter parent_instance;
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
  return clp_exporter_write_all (out, HEADER, cancellable, error);
}

static gboolean
clp_csv_exporter_write_article (ClpExporter   *exporter,
                                GOutputStream *out,
                                ClpArticle    *article,
                                GPtrArray     *comments,
                                GHashTable    *context,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(GString) article_fields = g_string_new (NULL);

  /* The same first four fields on every row of the article. */
  g_string_append_printf (article_fields, "%" G_GINT64_FORMAT ",", article->id);
  clp_csv_exporter_append_field (article_fields, article->title);
  g_string_append_c (article_fields, ',');
  clp_csv_exporter_append_field (article_fields, article->source);
  g_string_append_c (article_fields, ',');
  clp_csv_exporter_append_field (article_fields, article->published);

  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);
      g_autofree char *shown = clp_comment_dup_shown_time (comment);

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
      g_string_append (rows, "\r\n");
    }
  return clp_exporter_write_all (out, rows->str, cancellable, error);
}

static void
clp_csv_exporter_class_init (ClpCsvExporterClass *klass)
{
  ClpExporterClass *exporter_class = CLP_EXPORTER_CLASS (klass);

  exporter_class->name = "csv";
  exporter_class->label = N_("CSV spreadsheet");
  exporter_class->extension = "csv";
  exporter_class->mime_type = "text/csv";
  exporter_class->begin = clp_csv_exporter_begin;
  exporter_class->write_article = clp_csv_exporter_write_article;
}

static void
clp_csv_exporter_init (ClpCsvExporter *self)
{
}
