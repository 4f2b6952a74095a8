/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-csv-exporter.h"
#include "clp-exporter.h"
#include "clp-html-exporter.h"
#include "clp-json-exporter.h"
#include "clp-markdown-exporter.h"
#include "clp-pdf-exporter.h"
#include "clp-text-exporter.h"

typedef struct
{
  ClpExportOptions options;
  char            *exported_at;  /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
  guint            n_articles;
} ClpExporterPrivate;

G_DEFINE_QUARK (clp-export-error-quark, clp_export_error)

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (ClpExporter, clp_exporter, G_TYPE_OBJECT)

static gboolean
clp_exporter_real_begin (ClpExporter   *self,
                         GOutputStream *out,
                         GCancellable  *cancellable,
                         GError       **error)
{
  return TRUE;
}

static gboolean
clp_exporter_real_end (ClpExporter   *self,
                       GOutputStream *out,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return TRUE;
}

static void
clp_exporter_finalize (GObject *object)
{
  ClpExporterPrivate *priv = clp_exporter_get_instance_private (CLP_EXPORTER (object));

  g_free (priv->exported_at);

  G_OBJECT_CLASS (clp_exporter_parent_class)->finalize (object);
}

static void
clp_exporter_class_init (ClpExporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clp_exporter_finalize;
  klass->begin = clp_exporter_real_begin;
  klass->end = clp_exporter_real_end;
}

static void
clp_exporter_init (ClpExporter *self)
{
}

typedef GType (*TypeGetter) (void);

/* In the order the dialog offers them. */
static const TypeGetter exporter_types[] = {
  clp_html_exporter_get_type,
  clp_pdf_exporter_get_type,
  clp_markdown_exporter_get_type,
  clp_json_exporter_get_type,
  clp_csv_exporter_get_type,
  clp_text_exporter_get_type,
};

/**
 * clp_exporter_get_n_formats:
 *
 * Returns: how many export formats there are
 */
guint
clp_exporter_get_n_formats (void)
{
  return G_N_ELEMENTS (exporter_types);
}

/**
 * clp_exporter_get_format:
 * @index: below clp_exporter_get_n_formats()
 *
 * Returns: (transfer none): the class of a format, with its name, label,
 *   extension and MIME type
 */
ClpExporterClass *
clp_exporter_get_format (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (exporter_types), NULL);

  /* Classes are never unloaded: keeping a reference is free. */
  return g_type_class_ref (exporter_types[index] ());
}

/**
 * clp_exporter_list_formats:
 *
 * Returns: the format names, comma-separated, as --format takes them
 */
const char *
clp_exporter_list_formats (void)
{
  static char *list;

  if (g_once_init_enter (&list))
    {
      GString *names = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (exporter_types); i++)
        g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "",
                                clp_exporter_get_format (i)->name);
      g_once_init_leave (&list, g_string_free (names, FALSE));
    }
  return list;
}

/**
 * clp_exporter_new_for_name:
 * @name: a format name as --format takes it
 *
 * Returns: (transfer full): the exporter, or %NULL with an error listing
 *   the formats there are
 */
ClpExporter *
clp_exporter_new_for_name (const char  *name,
                           GError     **error)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (exporter_types); i++)
    {
      ClpExporterClass *klass = clp_exporter_get_format (i);

      if (g_ascii_strcasecmp (klass->name, name) == 0 ||
          g_ascii_strcasecmp (klass->extension, name) == 0)
        return g_object_new (exporter_types[i] (), NULL);
    }

  g_set_error (error, CLP_EXPORT_ERROR, CLP_EXPORT_ERROR_UNKNOWN_FORMAT,
               _("Unknown export format “%s”; the formats are %s."), name,
               clp_exporter_list_formats ());
  return NULL;
}

const char *
clp_exporter_get_name (ClpExporter *self)
{
  g_return_val_if_fail (CLP_IS_EXPORTER (self), NULL);

  return CLP_EXPORTER_GET_CLASS (self)->name;
}

const char *
clp_exporter_get_extension (ClpExporter *self)
{
  g_return_val_if_fail (CLP_IS_EXPORTER (self), NULL);

  return CLP_EXPORTER_GET_CLASS (self)->extension;
}

/**
 * clp_exporter_prints:
 *
 * Returns: whether the exporter writes HTML that a #ClpPrinter turns into
 *   the file
 */
gboolean
clp_exporter_prints (ClpExporter *self)
{
  g_return_val_if_fail (CLP_IS_EXPORTER (self), FALSE);

  return CLP_EXPORTER_GET_CLASS (self)->prints;
}

const ClpExportOptions *
clp_exporter_get_options (ClpExporter *self)
{
  ClpExporterPrivate *priv = clp_exporter_get_instance_private (self);

  g_return_val_if_fail (CLP_IS_EXPORTER (self), NULL);

  return &priv->options;
}

const char *
clp_exporter_get_exported_at (ClpExporter *self)
{
  ClpExporterPrivate *priv = clp_exporter_get_instance_private (self);

  g_return_val_if_fail (CLP_IS_EXPORTER (self), NULL);

  return priv->exported_at;
}

guint
clp_exporter_get_n_articles (ClpExporter *self)
{
  ClpExporterPrivate *priv = clp_exporter_get_instance_private (self);

  g_return_val_if_fail (CLP_IS_EXPORTER (self), 0);

  return priv->n_articles;
}

gboolean
clp_exporter_write_all (GOutputStream *out,
                        const char    *text,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return g_output_stream_write_all (out, text, strlen (text), NULL, cancellable, error);
}

/* The comments an article's export holds: those passing the filters, and
 * the comments they answer as context. Hidden ones only when asked. */
static GPtrArray *
scope_comments (GPtrArray              *comments,
                const ClpExportOptions *options,
                gboolean                keep_hidden,
                GHashTable             *matching,
                GHashTable             *context)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) keep = g_hash_table_new (g_int64_hash, g_int64_equal);
  GPtrArray *kept = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);

  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);

      g_hash_table_insert (by_id, &comment->id, comment);
    }

  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);

      if (comment->status != CLP_COMMENT_VISIBLE && !options->show_hidden && !keep_hidden)
        continue;
      if (options->scope == NULL)
        {
          g_hash_table_add (keep, &comment->id);
          continue;
        }
      if (matching == NULL || !g_hash_table_contains (matching, &comment->id))
        continue;
      g_hash_table_add (keep, &comment->id);
      for (ClpComment *up = g_hash_table_lookup (by_id, &comment->parent_id);
           up != NULL && !g_hash_table_contains (keep, &up->id);
           up = g_hash_table_lookup (by_id, &up->parent_id))
        {
          g_hash_table_add (keep, &up->id);
          g_hash_table_add (context, &up->id);
        }
    }

  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);

      if (g_hash_table_contains (keep, &comment->id))
        g_ptr_array_add (kept, clp_comment_ref (comment));
    }
  return kept;
}

/**
 * clp_exporter_run:
 * @ids: the articles to export, in this order
 * @options: (nullable): what to hold; %NULL for every visible comment
 * @progress: (nullable): told after each article
 *
 * Loads each article with its comments and hands it to the format. Only
 * one article is in memory at a time.
 */
gboolean
clp_exporter_run (ClpExporter            *self,
                  ClpStore               *store,
                  const gint64           *ids,
                  guint                   n_ids,
                  const ClpExportOptions *options,
                  GOutputStream          *out,
                  ClpExportProgressFunc   progress,
                  gpointer                user_data,
                  GCancellable           *cancellable,
                  GError                **error)
{
  ClpExporterPrivate *priv = clp_exporter_get_instance_private (self);
  static const ClpExportOptions defaults = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  ClpExporterClass *klass;

  g_return_val_if_fail (CLP_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (CLP_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  priv->options = options != NULL ? *options : defaults;
  g_free (priv->exported_at);
  priv->exported_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  priv->n_articles = n_ids;

  klass = CLP_EXPORTER_GET_CLASS (self);
  if (!klass->begin (self, out, cancellable, error))
    return FALSE;

  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(ClpArticle) article = NULL;
      g_autoptr(GPtrArray) comments = NULL;
      g_autoptr(GPtrArray) kept = NULL;
      g_autoptr(GHashTable) context = g_hash_table_new (g_int64_hash, g_int64_equal);
      GHashTable *matching = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      article = clp_store_load_article (store, ids[i], error);
      if (article == NULL)
        return FALSE;
      comments = clp_store_load_comments (store, ids[i], error);
      if (comments == NULL)
        return FALSE;
      if (priv->options.scope != NULL)
        matching = g_hash_table_lookup (priv->options.scope, &ids[i]);
      kept = scope_comments (comments, &priv->options, klass->keeps_hidden, matching, context);
      if (!klass->write_article (self, out, article, kept,
                                 priv->options.scope != NULL ? context : NULL, cancellable, error))
        return FALSE;
      if (progress != NULL)
        progress (i + 1, n_ids, user_data);
    }

  return klass->end (self, out, cancellable, error);
}
