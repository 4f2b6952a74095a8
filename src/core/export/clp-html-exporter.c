/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-html-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clp-date.h"
#include "clp-html.h"
#include "clp-html-exporter.h"
#include "clp-renderer.h"

/* One self-contained HTML file that looks like the reading view: styles
 * inline, no script, nothing loaded from anywhere. A header says where it
 * came from, the filters and when; each article starts a new printed
 * page. Comments that are there only as context are dimmed. */

typedef struct
{
  GString *page;   /* one article at a time */
} ClpHtmlExporterPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (ClpHtmlExporter, clp_html_exporter, CLP_TYPE_EXPORTER)

static gboolean
flush (ClpHtmlExporterPrivate  *priv,
       GOutputStream           *out,
       GCancellable            *cancellable,
       GError                 **error)
{
  gboolean ok = clp_exporter_write_all (out, priv->page->str, cancellable, error);

  g_string_truncate (priv->page, 0);
  return ok;
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
  g_string_append (priv->page, "</p>\n<p>");
  if (options->filters != NULL)
    {
      clp_html_append_escaped (priv->page, _("Filters: "), -1);
      clp_html_append_escaped (priv->page, options->filters, -1);
      if (options->scope != NULL)
        clp_html_append_escaped (priv->page, _(" — only comments passing them, with the comments "
                                               "they answer dimmed"), -1);
    }
  else
    clp_html_append_escaped (priv->page, _("All comments, no filters"), -1);
  g_string_append (priv->page, "</p>\n</header>\n");
  return flush (priv, out, cancellable, error);
}

static gboolean
clp_html_exporter_write_article (ClpExporter   *exporter,
                                 GOutputStream *out,
                                 ClpArticle    *article,
                                 GPtrArray     *comments,
                                 GHashTable    *context,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  ClpHtmlExporterPrivate *priv =
    clp_html_exporter_get_instance_private (CLP_HTML_EXPORTER (exporter));
  const ClpExportOptions *export_options = clp_exporter_get_options (exporter);
  g_autoptr(GHashTable) matching = NULL;
  ClpRenderOptions options = { 0 };

  options.page_size = G_MAXUINT;
  options.show_hidden = export_options->show_hidden;
  if (context != NULL)
    {
      matching = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < comments->len; i++)
        {
          ClpComment *comment = g_ptr_array_index (comments, i);

          if (!g_hash_table_contains (context, &comment->id))
            g_hash_table_add (matching, &comment->id);
        }
      options.matching = matching;
      options.only_matching = TRUE;
    }

  clp_renderer_append_article (priv->page, article, comments, &options, NULL);
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
