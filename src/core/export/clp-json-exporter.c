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
 *   {"format": "clippings", "version": 1, "export": EXPORT, "articles": [ARTICLE, ...]}
 *
 * ARTICLE: id, title, url, source, section, published (YYYY-MM-DD or null),
 * dateline, caption, body (paragraphs), declared_comment_count (or null),
 * counts, provenance, comments (page order); also print_date, byline
 * when the page had one, and body_html (the sanitized HTML) when the
 * source had HTML. COMMENT: id,
 * parent_id (null at the top), author, posted_at (YYYY-MM-DDTHH:MM:SS,
 * the time shown: see FORMATS.md "Times"; or null), text (paragraphs
 * joined by one blank line), ref (its reference), role ("match", or
 * "context" for a comment there only because a match answers it); also
 * posted_utc (the instant, "YYYY-MM-DDTHH:MM:SSZ") when the source gave
 * one, utc_offset (the site's offset from UTC, "+HH:MM") when it gave the
 * site's clock too, status ("deleted" or "spam") when the comment is not
 * shown, and html (sanitized) when the
 * source had HTML. The optional keys are left out rather than null, so
 * exports of page dumps read as they always did. EXPORT: exported_at,
 * program, clippings_version, query (as typed), filters (in words),
 * scoped, hidden. counts: archived, hidden, declared, exported, matching,
 * context and text (the sentence the reading view says). provenance:
 * url, reference_key, imports (file_name, sha256, imported_at, format,
 * size). Keys may be added, never changed; the import reads what it
 * needs and passes over the rest (role, ref, counts, provenance).
 *
 * Comments are written as they are loaded, a few hundred at a time: an
 * export streams however many comments an article has. */

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
  add_optional_string (builder, "byline", article->byline);
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

/**
 * clp_json_append_string:
 * @value: (nullable): UTF-8 text; %NULL writes null
 *
 * Appends @value as a JSON string: quotes, backslashes and control
 * characters escaped, the rest as it is.
 */
void
clp_json_append_string (GString    *out,
                        const char *value)
{
  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

/* The layout json-glib's pretty generator writes, which readers of
 * earlier exports know: two spaces a level, "name" : value. A member
 * starts its line; @first says whether it opens its object. */
static void
open_member (GString    *out,
             int         indent,
             gboolean   *first,
             const char *name)
{
  g_string_append (out, *first ? "\n" : ",\n");
  *first = FALSE;
  for (int i = 0; i < indent; i++)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "\"%s\" : ", name);
}

static void
add_string (GString    *out,
            int         indent,
            gboolean   *first,
            const char *name,
            const char *value)
{
  open_member (out, indent, first, name);
  clp_json_append_string (out, value);
}

static void
add_number (GString    *out,
            int         indent,
            gboolean   *first,
            const char *name,
            gint64      value,
            gboolean    known)
{
  open_member (out, indent, first, name);
  if (known)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
  else
    g_string_append (out, "null");
}

static void
close_object (GString *out,
              int      indent)
{
  g_string_append_c (out, '\n');
  for (int i = 0; i < indent; i++)
    g_string_append_c (out, ' ');
  g_string_append_c (out, '}');
}

/* "name":value, the compact layout of the "export" line. */
static void
add_compact (GString    *out,
             const char *separator,
             const char *name,
             const char *value)
{
  g_string_append_printf (out, "%s\"%s\":", separator, name);
  clp_json_append_string (out, value);
}

/**
 * clp_json_append_export:
 *
 * Appends the object that says what an export is, on one line: when, by
 * which Clippings, with which search (as typed) and filters (in words).
 */
void
clp_json_append_export (GString     *out,
                        ClpExporter *exporter)
{
  const ClpExportOptions *options = clp_exporter_get_options (exporter);

  add_compact (out, "{", "exported_at", clp_exporter_get_exported_at (exporter));
  add_compact (out, ",", "program", PACKAGE_NAME " " PACKAGE_VERSION);
  add_compact (out, ",", "clippings_version", PACKAGE_VERSION);
  add_compact (out, ",", "query", options->query_text);
  add_compact (out, ",", "filters", options->filters);
  g_string_append_printf (out, ",\"scoped\":%s,\"hidden\":%s}",
                          clp_exporter_is_scoped (exporter) ? "true" : "false",
                          options->show_hidden || CLP_EXPORTER_GET_CLASS (exporter)->keeps_hidden
                          ? "true" : "false");
}

/**
 * clp_json_append_counts:
 * @indent: the object's own indentation
 *
 * Appends an article's counts: in the archive, hidden, claimed by the
 * page, in the export, passing the filters, context, and the sentence
 * that says them.
 */
void
clp_json_append_counts (GString                *out,
                        const ClpCommentCounts *counts,
                        int                     indent)
{
  g_autofree char *text = clp_comment_counts_describe (counts);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  add_number (out, indent + 2, &first, "archived", counts->archived, TRUE);
  add_number (out, indent + 2, &first, "hidden", counts->hidden, TRUE);
  add_number (out, indent + 2, &first, "declared", counts->declared, counts->declared >= 0);
  add_number (out, indent + 2, &first, "exported", counts->held, TRUE);
  add_number (out, indent + 2, &first, "matching", counts->matching, TRUE);
  add_number (out, indent + 2, &first, "context", counts->context, TRUE);
  add_string (out, indent + 2, &first, "text", text);
  close_object (out, indent);
}

/**
 * clp_json_append_provenance:
 * @indent: the object's own indentation
 *
 * Appends where an article came from: its address, the key of its
 * comments' references, and the files that brought it, as the `imports`
 * table has them.
 */
void
clp_json_append_provenance (GString          *out,
                            ClpExportArticle *article,
                            int               indent)
{
  GPtrArray *imports = clp_export_article_get_imports (article);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  add_string (out, indent + 2, &first, "url", clp_export_article_get_article (article)->url);
  add_string (out, indent + 2, &first, "reference_key", clp_export_article_get_key (article));
  open_member (out, indent + 2, &first, "imports");
  g_string_append_c (out, '[');
  for (guint i = 0; i < imports->len; i++)
    {
      ClpImportRecord *record = g_ptr_array_index (imports, i);
      gboolean record_first = TRUE;

      g_string_append_printf (out, "%s\n%*s{", i > 0 ? "," : "", indent + 4, "");
      add_string (out, indent + 6, &record_first, "file_name", record->file_name);
      add_string (out, indent + 6, &record_first, "sha256", record->sha256);
      add_string (out, indent + 6, &record_first, "imported_at", record->imported_at);
      add_string (out, indent + 6, &record_first, "format", record->importer);
      add_number (out, indent + 6, &record_first, "size", record->file_size, TRUE);
      close_object (out, indent + 4);
    }
  if (imports->len > 0)
    g_string_append_printf (out, "\n%*s", indent + 2, "");
  g_string_append_c (out, ']');
  close_object (out, indent);
}

static gboolean
clp_json_exporter_begin (ClpExporter   *exporter,
                         GOutputStream *out,
                         GCancellable  *cancellable,
                         GError       **error)
{
  ClpJsonExporter *self = CLP_JSON_EXPORTER (exporter);
  g_autoptr(GString) head = g_string_new (NULL);

  g_string_append_printf (head, "{\n  \"format\": \"clippings\",\n  \"version\": %d,\n"
                          "  \"export\": ", CLP_JSON_FORMAT_VERSION);
  clp_json_append_export (head, exporter);
  g_string_append (head, ",\n  \"articles\": [");
  self->written = 0;
  return clp_exporter_flush (out, head, 0, cancellable, error);
}

static void
append_comment (GString                *out,
                const ClpExportComment *held)
{
  ClpComment *comment = held->comment;
  g_autofree char *shown = clp_comment_dup_shown_time (comment);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  add_number (out, 10, &first, "id", comment->id, comment->id != 0);
  add_number (out, 10, &first, "parent_id", comment->parent_id, comment->parent_id != 0);
  add_string (out, 10, &first, "author", comment->author);
  add_string (out, 10, &first, "posted_at", shown);
  add_string (out, 10, &first, "text", comment->text);
  if (comment->has_utc)
    {
      g_autofree char *wall = clp_date_from_unix (comment->posted_utc, FALSE);
      g_autofree char *utc = wall != NULL ? g_strconcat (wall, "Z", NULL) : NULL;
      g_autofree char *offset = comment->has_offset
                                ? clp_date_format_offset (comment->posted_offset) : NULL;

      if (utc != NULL)
        add_string (out, 10, &first, "posted_utc", utc);
      if (utc != NULL && offset != NULL)
        add_string (out, 10, &first, "utc_offset", offset);
    }
  if (comment->status != CLP_COMMENT_VISIBLE)
    add_string (out, 10, &first, "status", comment->status == CLP_COMMENT_SPAM ? "spam" : "deleted");
  if (comment->html != NULL)
    add_string (out, 10, &first, "html", comment->html);
  add_string (out, 10, &first, "ref", held->reference);
  add_string (out, 10, &first, "role", held->role == CLP_COMMENT_ROLE_CONTEXT ? "context" : "match");
  close_object (out, 8);
}

static gboolean
clp_json_exporter_write_article (ClpExporter       *exporter,
                                 GOutputStream     *out,
                                 ClpExportArticle  *export_article,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  ClpJsonExporter *self = CLP_JSON_EXPORTER (exporter);
  ClpArticle *article = clp_export_article_get_article (export_article);
  g_autoptr(GString) text = g_string_new (self->written > 0 ? ",\n    {" : "\n    {");
  const ClpExportComment *comment = NULL;
  gboolean first = TRUE;
  guint n = 0;

  add_number (text, 6, &first, "id", article->id, article->id != 0);
  add_string (text, 6, &first, "title", article->title);
  if (article->byline != NULL)
    add_string (text, 6, &first, "byline", article->byline);
  add_string (text, 6, &first, "url", article->url);
  add_string (text, 6, &first, "source", article->source);
  add_string (text, 6, &first, "section", article->section);
  add_string (text, 6, &first, "published", article->published);
  add_string (text, 6, &first, "print_date", article->print_date);
  add_string (text, 6, &first, "dateline", article->dateline);
  add_string (text, 6, &first, "caption", article->caption);
  open_member (text, 6, &first, "body");
  g_string_append_c (text, '[');
  for (guint i = 0; i < article->body->len; i++)
    {
      g_string_append (text, i > 0 ? ",\n        " : "\n        ");
      clp_json_append_string (text, g_ptr_array_index (article->body, i));
    }
  g_string_append (text, article->body->len > 0 ? "\n      ]" : "]");
  if (article->body_html != NULL)
    add_string (text, 6, &first, "body_html", article->body_html);
  add_number (text, 6, &first, "declared_comment_count", article->declared_comment_count,
              article->declared_comment_count >= 0);
  open_member (text, 6, &first, "counts");
  clp_json_append_counts (text, clp_export_article_get_counts (export_article), 6);
  open_member (text, 6, &first, "provenance");
  clp_json_append_provenance (text, export_article, 6);
  open_member (text, 6, &first, "comments");
  g_string_append_c (text, '[');

  for (;;)
    {
      if (!clp_export_article_next (export_article, &comment, error))
        return FALSE;
      if (comment == NULL)
        break;
      g_string_append (text, n++ > 0 ? ",\n        " : "\n        ");
      append_comment (text, comment);
      if (!clp_exporter_flush (out, text, 64 * 1024, cancellable, error))
        return FALSE;
    }
  g_string_append (text, n > 0 ? "\n      ]\n    }" : "]\n    }");
  self->written++;
  return clp_exporter_flush (out, text, 0, cancellable, error);
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
