/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-json-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <json-glib/json-glib.h>
#include <string.h>

#include "clp-date.h"
#include "clp-json-exporter.h"

/* Clippings JSON, the format other tools read and Clippings imports back:
 *
 *   {"format": "clippings", "version": 1, "articles": [ARTICLE, ...]}
 *
 * ARTICLE: id, title, url, source, section, published (YYYY-MM-DD or null),
 * dateline, caption, body (paragraphs), declared_comment_count (or null),
 * comments (page order); also print_date, and body_html (the sanitized
 * HTML) when the source had HTML. COMMENT: id, parent_id (null at the top),
 * author, posted_at (YYYY-MM-DDTHH:MM:SS, the time shown: see FORMATS.md
 * "Times"; or null), text (paragraphs joined by one blank line); also
 * posted_utc (the instant, "YYYY-MM-DDTHH:MM:SSZ") when the source gave
 * one, utc_offset (the site's offset from UTC, "+HH:MM") when it gave the
 * site's clock too, status ("deleted" or "spam") when the comment is not
 * shown, and html (sanitized) when the source had HTML. The optional keys
 * are left out rather than null, so
 * exports of page dumps read as they always did. The top level also has
 * "export": exported_at, program, filters (in words, or null) and scoped
 * (whether only comments passing filters, with their context, are in).
 * Keys may be added, never changed. Articles are written one at a time, so exports of any size
 * stream. */

struct _ClpJsonExporter
{
  ClpExporter parent_instance;

  guint       written;
};

G_DEFINE_FINAL_TYPE (ClpJsonExporter, clp_json_exporter, CLP_TYPE_EXPORTER)

/**
 * clp_json_add_string:
 *
 * Adds the member @name: @value, or null when it is missing.
 */
void
clp_json_add_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * clp_json_add_int:
 *
 * Adds the member @name: @value, or null when it is not @known.
 */
void
clp_json_add_int (JsonBuilder *builder,
                  const char  *name,
                  gint64       value,
                  gboolean     known)
{
  json_builder_set_member_name (builder, name);
  if (known)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Keys added after the first version are only written when they have a
 * value. */
static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value != NULL)
    clp_json_add_string (builder, name, value);
}

static void
add_id (JsonBuilder *builder,
        const char  *name,
        gint64       value)
{
  clp_json_add_int (builder, name, value, value != 0);
}

/**
 * clp_json_exporter_build_article:
 *
 * Returns: (transfer full): one article object of the format
 */
JsonNode *
clp_json_exporter_build_article (ClpArticle *article,
                                 GPtrArray  *comments)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_id (builder, "id", article->id);
  clp_json_add_string (builder, "title", article->title);
  clp_json_add_string (builder, "url", article->url);
  clp_json_add_string (builder, "source", article->source);
  clp_json_add_string (builder, "section", article->section);
  clp_json_add_string (builder, "published", article->published);
  clp_json_add_string (builder, "print_date", article->print_date);
  clp_json_add_string (builder, "dateline", article->dateline);
  clp_json_add_string (builder, "caption", article->caption);

  json_builder_set_member_name (builder, "body");
  json_builder_begin_array (builder);
  for (guint i = 0; i < article->body->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (article->body, i));
  json_builder_end_array (builder);
  add_optional_string (builder, "body_html", article->body_html);

  clp_json_add_int (builder, "declared_comment_count", article->declared_comment_count,
                    article->declared_comment_count >= 0);

  json_builder_set_member_name (builder, "comments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);
      g_autofree char *shown = clp_comment_dup_shown_time (comment);

      json_builder_begin_object (builder);
      add_id (builder, "id", comment->id);
      add_id (builder, "parent_id", comment->parent_id);
      clp_json_add_string (builder, "author", comment->author);
      clp_json_add_string (builder, "posted_at", shown);
      clp_json_add_string (builder, "text", comment->text);
      if (comment->has_utc)
        {
          g_autofree char *wall = clp_date_from_unix (comment->posted_utc, FALSE);
          g_autofree char *utc = wall != NULL ? g_strconcat (wall, "Z", NULL) : NULL;
          g_autofree char *offset = comment->has_offset
                                    ? clp_date_format_offset (comment->posted_offset) : NULL;

          add_optional_string (builder, "posted_utc", utc);
          if (utc != NULL)
            add_optional_string (builder, "utc_offset", offset);
        }
      if (comment->status != CLP_COMMENT_VISIBLE)
        clp_json_add_string (builder, "status", comment->status == CLP_COMMENT_SPAM ? "spam" : "deleted");
      add_optional_string (builder, "html", comment->html);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* What the export is: when, by which program, with which filters. */
static char *
export_object (ClpExporter *exporter)
{
  const ClpExportOptions *options = clp_exporter_get_options (exporter);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  clp_json_add_string (builder, "exported_at", clp_exporter_get_exported_at (exporter));
  clp_json_add_string (builder, "program", PACKAGE_NAME " " PACKAGE_VERSION);
  clp_json_add_string (builder, "filters", options->filters);
  json_builder_set_member_name (builder, "scoped");
  json_builder_add_boolean_value (builder, options->scope != NULL);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static gboolean
clp_json_exporter_begin (ClpExporter   *exporter,
                         GOutputStream *out,
                         GCancellable  *cancellable,
                         GError       **error)
{
  ClpJsonExporter *self = CLP_JSON_EXPORTER (exporter);
  g_autofree char *export = export_object (exporter);
  g_autofree char *head = g_strdup_printf ("{\n  \"format\": \"clippings\",\n"
                                           "  \"version\": %d,\n  \"export\": %s,\n"
                                           "  \"articles\": [",
                                           CLP_JSON_FORMAT_VERSION, export);

  self->written = 0;
  return clp_exporter_write_all (out, head, cancellable, error);
}

/* The generator's pretty output, moved in to sit inside "articles". */
static char *
indent (const char *text,
        const char *prefix)
{
  g_autoptr(GString) out = g_string_new (prefix);

  for (const char *p = text; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if (*p == '\n')
        g_string_append (out, prefix);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
clp_json_exporter_write_article (ClpExporter   *exporter,
                                 GOutputStream *out,
                                 ClpArticle    *article,
                                 GPtrArray     *comments,
                                 GHashTable    *context,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  ClpJsonExporter *self = CLP_JSON_EXPORTER (exporter);
  g_autoptr(JsonNode) node = clp_json_exporter_build_article (article, comments);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;
  g_autofree char *indented = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json = json_generator_to_data (generator, NULL);
  indented = indent (json, "    ");

  if (!clp_exporter_write_all (out, self->written > 0 ? ",\n" : "\n", cancellable, error) ||
      !clp_exporter_write_all (out, indented, cancellable, error))
    return FALSE;
  self->written++;
  return TRUE;
}

static gboolean
clp_json_exporter_end (ClpExporter   *exporter,
                       GOutputStream *out,
                       GCancellable  *cancellable,
                       GError       **error)
{
  ClpJsonExporter *self = CLP_JSON_EXPORTER (exporter);

  return clp_exporter_write_all (out, self->written > 0 ? "\n  ]\n}\n" : "]\n}\n",
                                 cancellable, error);
}

static void
clp_json_exporter_class_init (ClpJsonExporterClass *klass)
{
  ClpExporterClass *exporter_class = CLP_EXPORTER_CLASS (klass);

  exporter_class->name = "json";
  exporter_class->label = N_("Clippings JSON");
  exporter_class->extension = "json";
  exporter_class->mime_type = "application/json";
  /* The archive's own format loses nothing: hidden comments go, marked. */
  exporter_class->keeps_hidden = TRUE;
  exporter_class->begin = clp_json_exporter_begin;
  exporter_class->write_article = clp_json_exporter_write_article;
  exporter_class->end = clp_json_exporter_end;
}

static void
clp_json_exporter_init (ClpJsonExporter *self)
{
}

ClpExporter *
clp_json_exporter_new (void)
{
  return g_object_new (CLP_TYPE_JSON_EXPORTER, NULL);
}
