/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-importer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <libxml/parser.h>

#include "clp-disqus-importer.h"
#include "clp-html-importer.h"
#include "clp-importer.h"
#include "clp-json-importer.h"
#include "clp-mhtml-importer.h"
#include "clp-text-importer.h"
#include "clp-wordpress-importer.h"

G_DEFINE_QUARK (clp-import-error-quark, clp_import_error)

G_DEFINE_ABSTRACT_TYPE (ClpImporter, clp_importer, G_TYPE_OBJECT)

static void
clp_importer_class_init (ClpImporterClass *klass)
{
  /* libxml2 sets itself up on first use, which is not safe when the first
   * use is in two threads at once; class initialisation runs once, under
   * GType's lock, before any importer exists. */
  xmlInitParser ();
}

static void
clp_importer_init (ClpImporter *self)
{
}

const char *
clp_importer_get_name (ClpImporter *self)
{
  g_return_val_if_fail (CLP_IS_IMPORTER (self), NULL);

  return CLP_IMPORTER_GET_CLASS (self)->name;
}

gboolean
clp_importer_import (ClpImporter   *self,
                     GInputStream  *stream,
                     const char    *display_name,
                     ClpImportSink *sink,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (CLP_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);
  g_return_val_if_fail (CLP_IS_IMPORT_SINK (sink), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return CLP_IMPORTER_GET_CLASS (self)->import (self, stream, display_name, sink,
                                                cancellable, error);
}

typedef GType (*TypeGetter) (void);

/* Every format Clippings reads. Detection asks each which looks likeliest,
 * so the GUI and the CLI agree on what a file is. The structured formats
 * are sure of themselves (90); a saved web page is sure with a doctype or
 * <html> (90) and less so when it starts with its head or body (60); any
 * text could be a page dump (10), so that is the last resort. */
static const TypeGetter importer_types[] = {
  clp_disqus_importer_get_type,
  clp_wordpress_importer_get_type,
  clp_json_importer_get_type,
  clp_mhtml_importer_get_type,
  clp_html_importer_get_type,
  clp_text_importer_get_type,
};

const char *
clp_importer_describe_formats (void)
{
  return _("Disqus comment exports (XML), WordPress exports (WXR), Clippings JSON exports, "
           "web pages saved from a browser (HTML, SingleFile, MHTML) and saved-article text "
           "pages");
}

static gboolean
looks_binary (const guint8 *head,
              gsize         length)
{
  gsize controls = 0;

  if (memchr (head, '\0', length) != NULL)
    return TRUE;
  for (gsize i = 0; i < length; i++)
    if (head[i] < 0x20 && head[i] != '\n' && head[i] != '\r' && head[i] != '\t' &&
        head[i] != '\f')
      controls++;
  return controls > length / 100 + 1;
}

static gboolean
is_blank (const guint8 *head,
          gsize         length)
{
  gsize i = 0;

  /* A byte-order mark alone is still an empty file. */
  if (length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
    i = 3;
  for (; i < length; i++)
    if (!g_ascii_isspace (head[i]))
      return FALSE;
  return TRUE;
}

/**
 * clp_importer_new_for_content:
 * @head: the first bytes of the file (a few KiB are enough)
 * @length: how many; a length shorter than asked means the whole file
 * @display_name: the file's name for messages
 *
 * Returns: (transfer full): the importer for the format @head is in, or
 *   %NULL with an error that says what the file is instead
 */
ClpImporter *
clp_importer_new_for_content (const guint8 *head,
                              gsize         length,
                              const char   *display_name,
                              GError      **error)
{
  GType best = G_TYPE_INVALID;
  int best_score = 0;

  g_return_val_if_fail (head != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (length == 0 || is_blank (head, length))
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_EMPTY,
                   _("%s is empty: there is nothing to import."), display_name);
      return NULL;
    }
  if (looks_binary (head, length))
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_BINARY,
                   _("%s is not a text file. Clippings imports %s."),
                   display_name, clp_importer_describe_formats ());
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (importer_types); i++)
    {
      GType type = importer_types[i] ();
      g_autoptr(GTypeClass) klass = g_type_class_ref (type);
      int score = CLP_IMPORTER_CLASS (klass)->sniff (head, length);

      if (score > best_score)
        {
          best = type;
          best_score = score;
        }
    }

  if (best == G_TYPE_INVALID)
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_UNKNOWN_FORMAT,
                   _("%s is in a format Clippings does not read. Clippings imports %s."),
                   display_name, clp_importer_describe_formats ());
      return NULL;
    }
  return g_object_new (best, NULL);
}
