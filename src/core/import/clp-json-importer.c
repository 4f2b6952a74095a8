/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-json-importer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "clp-date.h"
#include "clp-html-sanitizer.h"
#include "clp-json-exporter.h"
#include "clp-json-importer.h"

/* Reads Clippings JSON, the format clp-json-exporter.c writes, back into
 * the archive. json-glib reads a whole document into memory, so the file
 * is not given to it whole: a small scanner walks the outer object and
 * hands json-glib one member, or one element of "articles", at a time.
 * Memory stays at one article with its comments.
 *
 * The file may come from anywhere, so its HTML goes through the sanitizer
 * again; clean HTML comes out of it unchanged. Comment ids become keys
 * within their article, so replies find their parents. */

#define BUFFER_SIZE (64 * 1024)

/* An article nests three deep (comments, a comment, its members); json-glib
 * reads nesting by recursion without a limit of its own, so a file that
 * nests deeper than this is refused before json-glib sees it. */
#define MAX_DEPTH 32

struct _ClpJsonImporter
{
  ClpImporter parent_instance;
};

G_DEFINE_FINAL_TYPE (ClpJsonImporter, clp_json_importer, CLP_TYPE_IMPORTER)

typedef struct
{
  GInputStream  *stream;
  GCancellable  *cancellable;
  ClpImportSink *sink;
  const char    *file;
  guint8        *buffer;
  gsize          length;
  gsize          position;
  gboolean       eof;
  int            line;
  char          *format;      /* the "format" member, once read */
  int            articles;
} Scanner;

static gboolean
fill (Scanner  *scanner,
      GError  **error)
{
  gssize n;

  if (scanner->position < scanner->length || scanner->eof)
    return TRUE;
  n = g_input_stream_read (scanner->stream, scanner->buffer, BUFFER_SIZE, scanner->cancellable,
                           error);
  if (n < 0)
    return FALSE;
  scanner->length = n;
  scanner->position = 0;
  scanner->eof = n == 0;
  return TRUE;
}

/* The next byte, or -1 at the end of the file. */
static gboolean
peek (Scanner  *scanner,
      int      *c,
      GError  **error)
{
  if (!fill (scanner, error))
    return FALSE;
  *c = scanner->eof ? -1 : scanner->buffer[scanner->position];
  return TRUE;
}

static void
advance (Scanner *scanner,
         GString *into)
{
  guint8 c = scanner->buffer[scanner->position++];

  if (c == '\n')
    scanner->line++;
  if (into != NULL)
    g_string_append_c (into, c);
}

static gboolean
set_malformed (Scanner  *scanner,
               int       c,
               GError  **error)
{
  if (c < 0)
    g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_MALFORMED,
                 _("%s, line %d: the file ends in the middle of its JSON; it may have been "
                   "cut short. Export it again and import the new file."),
                 scanner->file, scanner->line);
  else
    g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_MALFORMED,
                 _("%s, line %d: the JSON is broken at “%c”."),
                 scanner->file, scanner->line, g_ascii_isprint (c) ? c : '?');
  return FALSE;
}

static gboolean
skip_space (Scanner  *scanner,
            int      *c,
            GError  **error)
{
  for (;;)
    {
      if (!peek (scanner, c, error))
        return FALSE;
      if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
        return TRUE;
      advance (scanner, NULL);
    }
}

static gboolean
expect (Scanner  *scanner,
        char      wanted,
        GError  **error)
{
  int c;

  if (!skip_space (scanner, &c, error))
    return FALSE;
  if (c != wanted)
    return set_malformed (scanner, c, error);
  advance (scanner, NULL);
  return TRUE;
}

/* Copies one JSON string, from its opening quote, into @into. */
static gboolean
scan_string (Scanner  *scanner,
             GString  *into,
             GError  **error)
{
  gboolean escaped = FALSE;
  int c;

  advance (scanner, into);
  for (;;)
    {
      if (!peek (scanner, &c, error))
        return FALSE;
      if (c < 0)
        return set_malformed (scanner, c, error);
      advance (scanner, into);
      if (escaped)
        escaped = FALSE;
      else if (c == '\\')
        escaped = TRUE;
      else if (c == '"')
        return TRUE;
    }
}

/* Copies one JSON value into @into (when not %NULL) without reading it:
 * strings and nesting are followed only to find where the value ends;
 * json-glib reads it. */
static gboolean
scan_value (Scanner  *scanner,
            GString  *into,
            GError  **error)
{
  int depth = 0;
  gsize scalar = 0;
  int c;

  if (!skip_space (scanner, &c, error))
    return FALSE;
  if (c == '"')
    return scan_string (scanner, into, error);

  if (c == '{' || c == '[')
    {
      for (;;)
        {
          if (!peek (scanner, &c, error))
            return FALSE;
          if (c < 0)
            return set_malformed (scanner, c, error);
          if (c == '"')
            {
              if (!scan_string (scanner, into, error))
                return FALSE;
              continue;
            }
          advance (scanner, into);
          if ((c == '}' || c == ']') && --depth == 0)
            return TRUE;
          if ((c == '{' || c == '[') && ++depth > MAX_DEPTH)
            {
              g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_MALFORMED,
                           _("%s, line %d: the JSON nests deeper than a Clippings export "
                             "does; this is not one."),
                           scanner->file, scanner->line);
              return FALSE;
            }
        }
    }

  /* A number, true, false or null. */
  for (;; scalar++)
    {
      if (!peek (scanner, &c, error))
        return FALSE;
      if (c < 0 || c == ',' || c == '}' || c == ']' || c == ':' || c == ' ' || c == '\t' ||
          c == '\n' || c == '\r')
        break;
      advance (scanner, into);
    }
  return scalar > 0 ? TRUE : set_malformed (scanner, c, error);
}

static JsonNode *
parse_value (Scanner     *scanner,
             const char  *text,
             int          line,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = json_from_string (text, &local_error);

  if (node == NULL)
    {
      /* json-glib quotes the text it could not read, which may stop in
       * the middle of a character; the message is shown as UTF-8. */
      g_autofree char *reason = g_utf8_make_valid (local_error != NULL ? local_error->message
                                                                       : _("there is no value"),
                                                   -1);

      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_MALFORMED,
                   _("%s, line %d: the JSON is broken: %s"), scanner->file, line, reason);
    }
  return node;
}

/* json-glib writes an escaped lone surrogate ("\udc81") into its string
 * as it is, which is not UTF-8; the archive holds UTF-8 only. */
static char *
dup_valid (const char *text)
{
  if (g_utf8_validate (text, -1, NULL))
    return g_strdup (text);
  return g_utf8_make_valid (text, -1);
}

/* A member that should be text: its text, or NULL (and a warning when it
 * is something else). */
static char *
dup_text (Scanner    *scanner,
          JsonObject *object,
          const char *name,
          int         line)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return dup_valid (json_node_get_string (node));
  clp_import_sink_warn (scanner->sink, _("line %d: “%s” is not text; it was left out"), line,
                        name);
  return NULL;
}

/* An id: a number or a string, as text; NULL when there is none. */
static char *
dup_id (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return NULL;
}

static char *
dup_date (Scanner    *scanner,
          JsonObject *object,
          const char *name,
          gsize       length,
          int         line)
{
  g_autofree char *text = dup_text (scanner, object, name, line);

  if (text == NULL)
    return NULL;
  if (strlen (text) != length || !clp_date_is_valid_iso (text))
    {
      clp_import_sink_warn (scanner->sink,
                            _("line %d: “%s” is not a date Clippings can read; it was left out"),
                            line, text);
      return NULL;
    }
  return g_steal_pointer (&text);
}

static char *
clean_html (Scanner    *scanner,
            JsonObject *object,
            const char *name,
            int         line,
            char      **text)
{
  g_autofree char *html = dup_text (scanner, object, name, line);
  g_autofree char *clean = NULL;

  if (html == NULL)
    return NULL;
  clean = clp_html_sanitizer_clean (html, CLP_HTML_SANITIZER_NONE, text);
  return *clean != '\0' ? g_steal_pointer (&clean) : NULL;
}

static ClpCommentStatus
read_status (Scanner    *scanner,
             JsonObject *object,
             int         line)
{
  g_autofree char *status = dup_text (scanner, object, "status", line);

  if (status == NULL || g_str_equal (status, "visible"))
    return CLP_COMMENT_VISIBLE;
  if (g_str_equal (status, "deleted"))
    return CLP_COMMENT_DELETED;
  if (g_str_equal (status, "spam"))
    return CLP_COMMENT_SPAM;
  clp_import_sink_warn (scanner->sink,
                        _("line %d: “%s” is not a comment status Clippings knows; the comment "
                          "is shown"),
                        line, status);
  return CLP_COMMENT_VISIBLE;
}

static gboolean
read_comment (Scanner     *scanner,
              ClpArticle  *article,
              JsonObject  *object,
              guint        index,
              int          line,
              GError     **error)
{
  g_autoptr(ClpComment) comment = clp_comment_new ();
  g_autofree char *id = dup_id (object, "id");
  g_autofree char *parent = dup_id (object, "parent_id");
  g_autofree char *utc = dup_text (scanner, object, "posted_utc", line);
  g_autofree char *offset = dup_text (scanner, object, "utc_offset", line);
  g_autofree char *html_text = NULL;

  comment->article_key = g_strdup (article->key);
  comment->key = id != NULL ? g_strdup_printf ("%s-comment-%s", article->key, id)
                            : g_strdup_printf ("%s-comment-at-%u", article->key, index);
  if (parent != NULL)
    comment->parent_key = g_strdup_printf ("%s-comment-%s", article->key, parent);
  comment->author = dup_text (scanner, object, "author", line);
  comment->posted_at = dup_date (scanner, object, "posted_at", strlen ("YYYY-MM-DDTHH:MM:SS"),
                                 line);
  if (utc != NULL)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
      g_autoptr(GDateTime) instant = g_date_time_new_from_iso8601 (utc, zone);

      if (instant != NULL)
        {
          comment->posted_utc = g_date_time_to_unix (instant);
          comment->has_utc = TRUE;
        }
      else
        clp_import_sink_warn (scanner->sink,
                              _("line %d: “%s” is not a time Clippings can read; it was left "
                                "out"),
                              line, utc);
    }
  /* The site's offset means something only with the instant it is from. */
  if (offset != NULL && comment->has_utc)
    {
      if (clp_date_parse_offset (offset, &comment->posted_offset))
        comment->has_offset = TRUE;
      else
        clp_import_sink_warn (scanner->sink,
                              _("line %d: “%s” is not an offset from UTC Clippings can read; it "
                                "was left out"),
                              line, offset);
    }
  comment->html = clean_html (scanner, object, "html", line, &html_text);
  comment->text = dup_text (scanner, object, "text", line);
  if (comment->text == NULL)
    comment->text = g_steal_pointer (&html_text);
  comment->status = read_status (scanner, object, line);

  return clp_import_sink_add_comment (scanner->sink, comment, error);
}

static gboolean
read_article (Scanner     *scanner,
              JsonNode    *node,
              int          line,
              GError     **error)
{
  g_autoptr(ClpArticle) article = clp_article_new ();
  JsonObject *object;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_MALFORMED,
                   _("%s, line %d: an article is not a JSON object."), scanner->file, line);
      return FALSE;
    }
  object = json_node_get_object (node);

  scanner->articles++;
  article->key = g_strdup_printf ("json-article-%d", scanner->articles);
  article->title = dup_text (scanner, object, "title", line);
  article->byline = dup_text (scanner, object, "byline", line);
  article->url = dup_text (scanner, object, "url", line);
  article->source = dup_text (scanner, object, "source", line);
  article->section = dup_text (scanner, object, "section", line);
  article->published = dup_date (scanner, object, "published", strlen ("YYYY-MM-DD"), line);
  article->print_date = dup_date (scanner, object, "print_date", strlen ("YYYY-MM-DD"), line);
  article->dateline = dup_text (scanner, object, "dateline", line);
  article->caption = dup_text (scanner, object, "caption", line);
  article->body_html = clean_html (scanner, object, "body_html", line, NULL);

  member = json_object_get_member (object, "body");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *body = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (body); i++)
        {
          JsonNode *paragraph = json_array_get_element (body, i);

          if (JSON_NODE_HOLDS_VALUE (paragraph) &&
              json_node_get_value_type (paragraph) == G_TYPE_STRING)
            {
              g_autofree char *text = dup_valid (json_node_get_string (paragraph));

              clp_article_add_paragraph (article, text);
            }
          else
            clp_import_sink_warn (scanner->sink,
                                  _("line %d: a paragraph of the body is not text; it was left "
                                    "out"),
                                  line);
        }
    }

  member = json_object_get_member (object, "declared_comment_count");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_INT64 && json_node_get_int (member) >= 0 &&
      json_node_get_int (member) <= G_MAXINT)
    article->declared_comment_count = json_node_get_int (member);
  else if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    clp_import_sink_warn (scanner->sink,
                          _("line %d: “declared_comment_count” is not a count; it was left out"),
                          line);

  if (!clp_import_sink_add_article (scanner->sink, article, error))
    return FALSE;

  member = json_object_get_member (object, "comments");
  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (member))
    {
      clp_import_sink_warn (scanner->sink, _("line %d: “comments” is not a list; they were left "
                                             "out"), line);
      return TRUE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (member)); i++)
    {
      JsonNode *comment = json_array_get_element (json_node_get_array (member), i);

      if (!JSON_NODE_HOLDS_OBJECT (comment))
        {
          clp_import_sink_warn (scanner->sink, _("line %d: a comment is not a JSON object; it "
                                                 "was left out"), line);
          continue;
        }
      if (!read_comment (scanner, article, json_node_get_object (comment), i, line, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_format (Scanner  *scanner,
              GError  **error)
{
  if (scanner->format != NULL && g_str_equal (scanner->format, "clippings"))
    return TRUE;
  g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_UNKNOWN_FORMAT,
               _("%s is JSON, but not a Clippings export: it has no \"format\": \"clippings\"."),
               scanner->file);
  return FALSE;
}

static gboolean
read_articles (Scanner  *scanner,
               GError  **error)
{
  int c;

  if (!expect (scanner, '[', error) || !skip_space (scanner, &c, error))
    return FALSE;
  if (c == ']')
    {
      advance (scanner, NULL);
      return TRUE;
    }
  for (;;)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(JsonNode) node = NULL;
      int line;

      if (!skip_space (scanner, &c, error))
        return FALSE;
      line = scanner->line;
      if (!scan_value (scanner, text, error))
        return FALSE;
      node = parse_value (scanner, text->str, line, error);
      if (node == NULL)
        return FALSE;
      /* The format comes first in every export; an article before it is
       * not read into the archive. */
      if (!check_format (scanner, error) || !read_article (scanner, node, line, error))
        return FALSE;

      if (!skip_space (scanner, &c, error))
        return FALSE;
      if (c != ',' && c != ']')
        return set_malformed (scanner, c, error);
      advance (scanner, NULL);
      if (c == ']')
        return TRUE;
    }
}

static gboolean
read_member (Scanner  *scanner,
             GError  **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonNode) key = NULL;
  g_autoptr(JsonNode) value = NULL;
  const char *name;
  int line = scanner->line;

  if (!scan_value (scanner, text, error))
    return FALSE;
  key = parse_value (scanner, text->str, line, error);
  if (key == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (key) || json_node_get_value_type (key) != G_TYPE_STRING)
    return set_malformed (scanner, text->str[0], error);
  name = json_node_get_string (key);
  if (!expect (scanner, ':', error))
    return FALSE;

  if (g_str_equal (name, "articles"))
    return read_articles (scanner, error);

  /* Only two of the other members matter; the rest are passed over
   * unread, whatever their size. */
  g_string_truncate (text, 0);
  line = scanner->line;
  if (!scan_value (scanner,
                   g_str_equal (name, "format") || g_str_equal (name, "version") ? text : NULL,
                   error))
    return FALSE;
  if (text->len == 0)
    return TRUE;
  value = parse_value (scanner, text->str, line, error);
  if (value == NULL)
    return FALSE;

  if (g_str_equal (name, "format") && JSON_NODE_HOLDS_VALUE (value) &&
      json_node_get_value_type (value) == G_TYPE_STRING)
    {
      g_free (scanner->format);
      scanner->format = g_strdup (json_node_get_string (value));
    }
  else if (g_str_equal (name, "version") && JSON_NODE_HOLDS_VALUE (value) &&
           json_node_get_value_type (value) == G_TYPE_INT64 &&
           json_node_get_int (value) > CLP_JSON_FORMAT_VERSION)
    clp_import_sink_warn (scanner->sink,
                          _("the file was written by a newer Clippings (format version %d); "
                            "what that version added is not read"),
                          (int) json_node_get_int (value));
  return TRUE;
}

static gboolean
read_document (Scanner  *scanner,
               GError  **error)
{
  int c;

  /* A byte-order mark is not JSON, but editors write one. */
  if (!peek (scanner, &c, error))
    return FALSE;
  if (scanner->length - scanner->position >= 3 &&
      memcmp (scanner->buffer + scanner->position, "\xef\xbb\xbf", 3) == 0)
    scanner->position += 3;

  if (!expect (scanner, '{', error) || !skip_space (scanner, &c, error))
    return FALSE;
  if (c == '}')
    advance (scanner, NULL);
  else
    for (;;)
      {
        if (!read_member (scanner, error) || !skip_space (scanner, &c, error))
          return FALSE;
        if (c != ',' && c != '}')
          return set_malformed (scanner, c, error);
        advance (scanner, NULL);
        if (c == '}')
          break;
      }

  if (!skip_space (scanner, &c, error))
    return FALSE;
  if (c >= 0)
    return set_malformed (scanner, c, error);
  return check_format (scanner, error);
}

static gboolean
clp_json_importer_import (ClpImporter   *importer,
                          GInputStream  *stream,
                          const char    *display_name,
                          ClpImportSink *sink,
                          GCancellable  *cancellable,
                          GError       **error)
{
  Scanner scanner = { 0 };
  gboolean ok;

  scanner.stream = stream;
  scanner.cancellable = cancellable;
  scanner.sink = sink;
  scanner.file = display_name;
  scanner.buffer = g_malloc (BUFFER_SIZE);
  scanner.line = 1;

  ok = read_document (&scanner, error);
  if (ok && scanner.articles == 0)
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_EMPTY,
                   _("%s holds no articles: there is nothing to import."), display_name);
      ok = FALSE;
    }

  g_free (scanner.buffer);
  g_free (scanner.format);
  return ok;
}

/* A JSON object that says it is Clippings JSON near its start. */
static int
clp_json_importer_sniff (const guint8 *head,
                         gsize         length)
{
  g_autoptr(GRegex) format = NULL;
  g_autofree char *text = NULL;
  gsize i = 0;

  if (length >= 3 && memcmp (head, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (head[i]))
    i++;
  if (i >= length || head[i] != '{')
    return 0;

  text = g_strndup ((const char *) head + i, length - i);
  format = g_regex_new ("\"format\"\\s*:\\s*\"clippings\"", G_REGEX_RAW, 0, NULL);
  return g_regex_match (format, text, 0, NULL) ? 90 : 0;
}

static void
clp_json_importer_class_init (ClpJsonImporterClass *klass)
{
  ClpImporterClass *importer_class = CLP_IMPORTER_CLASS (klass);

  importer_class->name = "json";
  importer_class->sniff = clp_json_importer_sniff;
  importer_class->import = clp_json_importer_import;
}

static void
clp_json_importer_init (ClpJsonImporter *self)
{
}

ClpImporter *
clp_json_importer_new (void)
{
  return g_object_new (CLP_TYPE_JSON_IMPORTER, NULL);
}
