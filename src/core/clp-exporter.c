/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-exporter.h"
#include "clp-json-exporter.h"

G_DEFINE_QUARK (clp-export-error-quark, clp_export_error)

G_DEFINE_ABSTRACT_TYPE (ClpExporter, clp_exporter, G_TYPE_OBJECT)

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
clp_exporter_class_init (ClpExporterClass *klass)
{
  klass->begin = clp_exporter_real_begin;
  klass->end = clp_exporter_real_end;
}

static void
clp_exporter_init (ClpExporter *self)
{
}

typedef GType (*TypeGetter) (void);

static const TypeGetter exporter_types[] = {
  clp_json_exporter_get_type,
};

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
  g_autoptr(GString) names = g_string_new (NULL);

  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (exporter_types); i++)
    {
      GType type = exporter_types[i] ();
      g_autoptr(GTypeClass) klass = g_type_class_ref (type);
      const char *type_name = CLP_EXPORTER_CLASS (klass)->name;

      if (g_ascii_strcasecmp (type_name, name) == 0)
        return g_object_new (type, NULL);
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", type_name);
    }

  g_set_error (error, CLP_EXPORT_ERROR, CLP_EXPORT_ERROR_UNKNOWN_FORMAT,
               _("Unknown export format “%s”; the formats are %s."), name, names->str);
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

gboolean
clp_exporter_write_all (GOutputStream *out,
                        const char    *text,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return g_output_stream_write_all (out, text, strlen (text), NULL, cancellable, error);
}

/**
 * clp_exporter_run:
 * @ids: the articles to export, in this order
 *
 * Loads each article with its comments and hands it to the format. Only
 * one article is in memory at a time.
 */
gboolean
clp_exporter_run (ClpExporter   *self,
                  ClpStore      *store,
                  const gint64  *ids,
                  guint          n_ids,
                  GOutputStream *out,
                  GCancellable  *cancellable,
                  GError       **error)
{
  ClpExporterClass *klass;

  g_return_val_if_fail (CLP_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (CLP_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  klass = CLP_EXPORTER_GET_CLASS (self);
  if (!klass->begin (self, out, cancellable, error))
    return FALSE;

  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(ClpArticle) article = NULL;
      g_autoptr(GPtrArray) comments = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      article = clp_store_load_article (store, ids[i], error);
      if (article == NULL)
        return FALSE;
      comments = clp_store_load_comments (store, ids[i], error);
      if (comments == NULL)
        return FALSE;
      if (!klass->write_article (self, out, article, comments, cancellable, error))
        return FALSE;
    }

  return klass->end (self, out, cancellable, error);
}
