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
#include "clp-reference.h"
#include "clp-text-exporter.h"

/* How many comments an export loads at a time: their text is all of an
 * export's memory that grows with a thread, beside its shape. */
#define CHUNK_SIZE 256

typedef struct
{
  ClpExportOptions options;
  char            *exported_at;  /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
  guint            n_articles;
  GOutputStream   *sidecar;
} ClpExporterPrivate;

struct _ClpExportArticle
{
  ClpStore         *store;
  GCancellable     *cancellable;
  ClpArticle       *article;
  char             *key;        /* the article part of its comments' references */
  GPtrArray        *imports;    /* ClpImportRecord */
  ClpCommentCounts  counts;
  GArray           *held;       /* ClpHeldComment, in the format's order */
  GPtrArray        *chunk;      /* the comments loaded, in that order */
  guint             chunk_next; /* in chunk */
  guint             held_next;  /* in held: the next to look for in chunk */
  guint             loaded;     /* in held: where the next chunk starts */
  ClpExportComment  current;
  char             *reference;
};

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
  g_clear_object (&priv->sidecar);

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

/**
 * clp_exporter_flush:
 * @text: what was written since the last flush
 * @above: write only when @text holds this many bytes; 0 always
 *
 * Writes @text to @out and empties it, so that an export holds a few
 * comments' worth of its output at a time.
 */
gboolean
clp_exporter_flush (GOutputStream  *out,
                    GString        *text,
                    gsize           above,
                    GCancellable   *cancellable,
                    GError        **error)
{
  gboolean ok;

  if (text->len == 0 || text->len < above)
    return TRUE;
  ok = g_output_stream_write_all (out, text->str, text->len, NULL, cancellable, error);
  g_string_truncate (text, 0);
  return ok;
}

/**
 * clp_exporter_get_sidecar:
 *
 * Returns: (nullable): the extension of the file the format writes beside
 *   the export ("meta.json"), without the dot
 */
const char *
clp_exporter_get_sidecar (ClpExporter *self)
{
  g_return_val_if_fail (CLP_IS_EXPORTER (self), NULL);

  return CLP_EXPORTER_GET_CLASS (self)->sidecar;
}

/**
 * clp_exporter_set_sidecar_stream:
 * @sidecar: (nullable): where the next run writes the sidecar file
 */
void
clp_exporter_set_sidecar_stream (ClpExporter   *self,
                                 GOutputStream *sidecar)
{
  ClpExporterPrivate *priv = clp_exporter_get_instance_private (self);

  g_return_if_fail (CLP_IS_EXPORTER (self));

  g_set_object (&priv->sidecar, sidecar);
}

/**
 * clp_exporter_get_sidecar_stream:
 *
 * Returns: (transfer none) (nullable): where the sidecar file goes; %NULL
 *   when the export goes to a stream, which has no side
 */
GOutputStream *
clp_exporter_get_sidecar_stream (ClpExporter *self)
{
  ClpExporterPrivate *priv = clp_exporter_get_instance_private (self);

  g_return_val_if_fail (CLP_IS_EXPORTER (self), NULL);

  return priv->sidecar;
}

/**
 * clp_exporter_is_scoped:
 *
 * Returns: whether the export holds only the comments passing filters,
 *   with the comments they answer
 */
gboolean
clp_exporter_is_scoped (ClpExporter *self)
{
  ClpExporterPrivate *priv = clp_exporter_get_instance_private (self);

  g_return_val_if_fail (CLP_IS_EXPORTER (self), FALSE);

  return priv->options.scope != NULL || priv->options.query != NULL;
}

/* One article as an export holds it */

static void
export_article_free (ClpExportArticle *self)
{
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->article, clp_article_unref);
  g_free (self->key);
  g_clear_pointer (&self->imports, g_ptr_array_unref);
  g_clear_pointer (&self->held, g_array_unref);
  g_clear_pointer (&self->chunk, g_ptr_array_unref);
  g_free (self->reference);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpExportArticle, export_article_free)

/* Loads an article, the shape of its thread and its provenance, and
 * chooses the comments the export holds: those the scope or the query
 * picks (all without either), and the comments they answer. */
static ClpExportArticle *
export_article_load (ClpExporter   *exporter,
                     ClpStore      *store,
                     gint64         id,
                     GCancellable  *cancellable,
                     GError       **error)
{
  ClpExporterPrivate *priv = clp_exporter_get_instance_private (exporter);
  ClpExporterClass *klass = CLP_EXPORTER_GET_CLASS (exporter);
  const ClpExportOptions *options = &priv->options;
  g_autoptr(ClpExportArticle) self = g_new0 (ClpExportArticle, 1);
  g_autoptr(GArray) links = NULL;
  g_autoptr(ClpThreadShape) shape = NULL;
  g_autoptr(GArray) matches = NULL;
  GHashTable *matching = NULL;
  gboolean keep_hidden = options->show_hidden || klass->keeps_hidden;

  self->store = g_object_ref (store);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->article = clp_store_load_article (store, id, error);
  if (self->article == NULL)
    return NULL;
  links = clp_store_load_comment_links (store, id, error);
  if (links == NULL)
    return NULL;
  shape = clp_thread_shape_new (links);
  g_clear_pointer (&links, g_array_unref);

  /* The matches as a list where they are found, 8 bytes each. */
  if (options->scope != NULL && (matching = g_hash_table_lookup (options->scope, &id)) != NULL)
    clp_thread_shape_select (shape, matching, keep_hidden, self->article->declared_comment_count,
                             &self->counts);
  else if (options->scope != NULL || options->query != NULL)
    {
      if (options->scope == NULL &&
          !clp_store_match_comments (store, id, options->query, &matches, NULL, cancellable,
                                     error))
        return NULL;
      clp_thread_shape_select_ids (shape, matches != NULL ? (gint64 *) matches->data : NULL,
                                   matches != NULL ? matches->len : 0, keep_hidden,
                                   self->article->declared_comment_count, &self->counts);
      g_clear_pointer (&matches, g_array_unref);
    }
  else
    clp_thread_shape_select (shape, NULL, keep_hidden, self->article->declared_comment_count,
                             &self->counts);
  self->held = clp_thread_shape_list_held (shape, klass->thread_order);

  self->imports = clp_store_list_article_imports (store, id, error);
  if (self->imports == NULL)
    return NULL;
  self->key = clp_reference_for_article (self->article);
  return g_steal_pointer (&self);
}

ClpArticle *
clp_export_article_get_article (ClpExportArticle *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->article;
}

/**
 * clp_export_article_get_key:
 *
 * Returns: the article part of its comments' references
 *   (clp_reference_for_article())
 */
const char *
clp_export_article_get_key (ClpExportArticle *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->key;
}

/**
 * clp_export_article_get_counts:
 *
 * Returns: the article's counts: in the archive, claimed by the page, in
 *   the export, passing the filters
 */
const ClpCommentCounts *
clp_export_article_get_counts (ClpExportArticle *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->counts;
}

/**
 * clp_export_article_get_imports:
 *
 * Returns: (transfer none) (element-type ClpImportRecord): the imports it
 *   came from, oldest first
 */
GPtrArray *
clp_export_article_get_imports (ClpExportArticle *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->imports;
}

/**
 * clp_export_article_next:
 * @comment: (out) (transfer none): the next comment the export holds, in
 *   the format's order, valid until the next call; %NULL after the last
 *
 * Returns: %FALSE when the archive could not be read, or the export was
 *   cancelled
 */
gboolean
clp_export_article_next (ClpExportArticle        *self,
                         const ClpExportComment **comment,
                         GError                 **error)
{
  g_return_val_if_fail (self != NULL && comment != NULL, FALSE);

  *comment = NULL;
  for (;;)
    {
      if (self->chunk != NULL && self->chunk_next < self->chunk->len)
        {
          ClpComment *loaded = g_ptr_array_index (self->chunk, self->chunk_next++);
          const ClpHeldComment *held;

          /* A comment gone from the archive since the shape was read is
           * passed over. */
          while (g_array_index (self->held, ClpHeldComment, self->held_next).id != loaded->id)
            self->held_next++;
          held = &g_array_index (self->held, ClpHeldComment, self->held_next++);
          g_free (self->reference);
          self->reference = clp_reference_for_comment (self->key, loaded);
          self->current.comment = loaded;
          self->current.role = held->role;
          self->current.depth = held->depth;
          self->current.n_replies = held->n_replies;
          self->current.reference = self->reference;
          *comment = &self->current;
          return TRUE;
        }
      if (self->loaded >= self->held->len)
        return TRUE;
      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        return FALSE;

      {
        guint n = MIN (CHUNK_SIZE, self->held->len - self->loaded);
        g_autofree gint64 *ids = g_new (gint64, n);

        for (guint i = 0; i < n; i++)
          ids[i] = g_array_index (self->held, ClpHeldComment, self->loaded + i).id;
        g_clear_pointer (&self->chunk, g_ptr_array_unref);
        self->chunk = clp_store_load_comments_by_id (self->store, ids, n, error);
        if (self->chunk == NULL)
          return FALSE;
        self->chunk_next = 0;
        self->held_next = self->loaded;
        self->loaded += n;
      }
    }
}

/**
 * clp_exporter_run:
 * @ids: the articles to export, in this order
 * @options: (nullable): what to hold; %NULL for every visible comment
 * @progress: (nullable): told after each article
 *
 * Loads each article and hands it to the format, which reads its comments
 * a few hundred at a time: an export holds one article, the shape of its
 * thread and a few hundred comments in memory, whatever their number.
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
      g_autoptr(ClpExportArticle) article = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      article = export_article_load (self, store, ids[i], cancellable, error);
      if (article == NULL ||
          !klass->write_article (self, out, article, cancellable, error))
        return FALSE;
      if (progress != NULL)
        progress (i + 1, n_ids, user_data);
    }

  return klass->end (self, out, cancellable, error);
}
