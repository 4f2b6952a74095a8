/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-html-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clp-date.h"
#include "clp-html.h"
#include "clp-html-exporter.h"
#include "clp-renderer.h"

/* One self-contained HTML file that looks like the reading view: styles
 * inline, no script, nothing loaded from anywhere. A header says what the
 * export is (program, time, search and filters); each article says where
 * it came from and starts a new printed page, and its comments are
 * written as they are loaded, a few hundred at a time. Comments that are
 * there only as context are dimmed. */

typedef struct
{
  GString *page;   /* one article at a time */
} ClpHtmlExporterPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (ClpHtmlExporter, clp_html_exporter, CLP_TYPE_EXPORTER)

/* Writes what the page holds so far: whole elements, so that no word
 * spans two flushes, with long words marked as the reading view marks
 * them. */
static gboolean
flush (ClpHtmlExporterPrivate  *priv,
       GOutputStream           *out,
       GCancellable            *cancellable,
       GError                 **error)
{
  g_autoptr(GString) marked = g_string_sized_new (priv->page->len + 64);
  gboolean ok;

  clp_renderer_append_marking_long_words (marked, priv->page->str, priv->page->len);
  ok = clp_exporter_write_all (out, marked->str, cancellable, error);
  g_string_truncate (priv->page, 0);
  return ok;
}

static void
append_line (GString    *out,
             const char *label,
             const char *value)
{
  g_string_append (out, "<p>");
  clp_html_append_escaped (out, label, -1);
  clp_html_append_escaped (out, value, -1);
  g_string_append (out, "</p>\n");
}

static gboolean
clp_html_exporter_begin (ClpExporter   *exporter,
                         GOutputStream *out,
                         GCancellable  *cancellable,
                         GError       **error)
{
  ClpHtmlExporterPrivate *priv =
    clp_html_exporter_get_instance_private (CLP_HTML_EXPORTER (exporter));
  const ClpExportOptions *options = clp_exporter_get_options (exporter);
  g_autofree char *when = NULL;
  g_autofree char *program = NULL;

  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (clp_exporter_get_exported_at (exporter), NULL);
    g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
    g_autofree char *iso = local != NULL ? g_date_time_format (local, "%Y-%m-%dT%H:%M:%S") : NULL;

    when = clp_date_format_time (iso);
  }

  g_string_truncate (priv->page, 0);
  clp_renderer_begin_document (priv->page, _("Clippings export"), FALSE);
  g_string_append (priv->page, "<header class=\"export-header\">\n<p>");
  g_string_append_printf (priv->page,
                          g_dngettext (GETTEXT_PACKAGE, "Exported from Clippings: %u article",
                                       "Exported from Clippings: %u articles",
                                       clp_exporter_get_n_articles (exporter)),
                          clp_exporter_get_n_articles (exporter));
  g_string_append (priv->page, ", ");
  clp_html_append_escaped (priv->page, when, -1);
  g_string_append (priv->page, "</p>\n");
  /* Translators: the program and the time of an export, "Clippings 0.1.0, 2024-05-01T09:30:00Z (UTC)" */
  program = g_strdup_printf (_("%s %s, %s (UTC)"), PACKAGE_NAME, PACKAGE_VERSION,
                             clp_exporter_get_exported_at (exporter));
  append_line (priv->page, _("Written by "), program);
  if (options->query_text != NULL)
    append_line (priv->page, _("Search: "), options->query_text);
  g_string_append (priv->page, "<p>");
  if (options->filters != NULL)
    {
      clp_html_append_escaped (priv->page, _("Filters: "), -1);
      clp_html_append_escaped (priv->page, options->filters, -1);
      if (clp_exporter_is_scoped (exporter))
        clp_html_append_escaped (priv->page, _(" — only comments passing them, with the comments "
                                               "they answer dimmed"), -1);
    }
  else
    clp_html_append_escaped (priv->page, _("All comments, no filters"), -1);
  g_string_append (priv->page, "</p>\n</header>\n");
  return flush (priv, out, cancellable, error);
}

/* Where the article came from: the files that brought it, and its page. */
static void
append_provenance (GString          *out,
                   ClpExportArticle *export_article)
{
  ClpArticle *article = clp_export_article_get_article (export_article);
  GPtrArray *imports = clp_export_article_get_imports (export_article);

  g_string_append (out, "<div class=\"provenance\">\n");
  for (guint i = 0; i < imports->len; i++)
    {
      ClpImportRecord *record = g_ptr_array_index (imports, i);
      g_autofree char *line = g_strdup_printf (_("Imported from %s (SHA-256 %s) on %s"),
                                               record->file_name, record->sha256,
                                               record->imported_at);

      append_line (out, "", line);
    }
  if (article->url != NULL)
    append_line (out, _("Source: "), article->url);
  g_string_append (out, "</div>\n");
}

static gboolean
clp_html_exporter_write_article (ClpExporter       *exporter,
                                 GOutputStream     *out,
                                 ClpExportArticle  *export_article,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  ClpHtmlExporterPrivate *priv =
    clp_html_exporter_get_instance_private (CLP_HTML_EXPORTER (exporter));
  const ClpExportOptions *export_options = clp_exporter_get_options (exporter);
  ClpArticle *article = clp_export_article_get_article (export_article);
  ClpRendererThread *thread = NULL;
  const ClpExportComment *held = NULL;
  g_autoptr(GError) local_error = NULL;
  ClpRenderOptions options = { 0 };
  gboolean written;

  options.page_size = G_MAXUINT;
  options.show_hidden = export_options->show_hidden;
  options.for_export = TRUE;

  clp_renderer_begin_article (priv->page, article, &options);
  append_provenance (priv->page, export_article);
  written = clp_renderer_begin_comments (priv->page, clp_export_article_get_counts (export_article),
                                         &options);
  if (written)
    {
      thread = clp_renderer_thread_new (article, &options);
      for (;;)
        {
          if (!clp_export_article_next (export_article, &held, &local_error))
            break;
          if (held == NULL)
            break;
          clp_renderer_thread_append (thread, priv->page, held->comment, held->depth,
                                      held->role == CLP_COMMENT_ROLE_CONTEXT, held->n_replies,
                                      NULL);
          if (priv->page->len >= 64 * 1024 && !flush (priv, out, cancellable, &local_error))
            break;
        }
      clp_renderer_thread_finish (thread, priv->page);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  clp_renderer_end_comments (priv->page, written);
  return flush (priv, out, cancellable, error);
}

static gboolean
clp_html_exporter_end (ClpExporter   *exporter,
                       GOutputStream *out,
                       GCancellable  *cancellable,
                       GError       **error)
{
  ClpHtmlExporterPrivate *priv =
    clp_html_exporter_get_instance_private (CLP_HTML_EXPORTER (exporter));

  clp_renderer_end_document (priv->page);
  return flush (priv, out, cancellable, error);
}

static void
clp_html_exporter_finalize (GObject *object)
{
  ClpHtmlExporterPrivate *priv =
    clp_html_exporter_get_instance_private (CLP_HTML_EXPORTER (object));

  g_string_free (priv->page, TRUE);

  G_OBJECT_CLASS (clp_html_exporter_parent_class)->finalize (object);
}

static void
clp_html_exporter_class_init (ClpHtmlExporterClass *klass)
{
  ClpExporterClass *exporter_class = CLP_EXPORTER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = clp_html_exporter_finalize;
  exporter_class->name = "html";
  exporter_class->label = N_("HTML page");
  exporter_class->extension = "html";
  exporter_class->mime_type = "text/html";
  exporter_class->thread_order = TRUE;
  exporter_class->begin = clp_html_exporter_begin;
  exporter_class->write_article = clp_html_exporter_write_article;
  exporter_class->end = clp_html_exporter_end;
}

static void
clp_html_exporter_init (ClpHtmlExporter *self)
{
  ClpHtmlExporterPrivate *priv = clp_html_exporter_get_instance_private (self);

  priv->page = g_string_new (NULL);
}
