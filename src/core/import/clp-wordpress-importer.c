/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-wordpress-importer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/tree.h>
#include <string.h>

#include "clp-date.h"
#include "clp-html-sanitizer.h"
#include "clp-text.h"
#include "clp-wordpress-importer.h"
#include "clp-xml-reader.h"

/* Reads a WordPress export (WXR 1.0 to 1.2, FORMATS.md §3): RSS 2.0 whose
 * <item> elements are posts with their <wp:comment> elements. WordPress
 * writes the wp namespace as http://wordpress.org/export/1.N/, WordPress.com
 * as https://…; both are read, see is_wp(). The reader
 * walks each item's children one by one and expands only one field or one
 * comment at a time, so a post with thousands of comments costs no more
 * memory than one comment.
 *
 * WordPress writes a post's own fields before its comments, so the post is
 * handed on at its first comment (or at its end, if it has none), and its
 * comments follow it straight into the archive.
 *
 * Decisions where WordPress leaves a choice:
 * - Times follow FORMATS.md "Times": wp:comment_date_gmt is the instant,
 *   shown in the reader's zone, and wp:comment_date the site's clock, kept
 *   as the site's offset from UTC; with no GMT time, wp:comment_date is a
 *   wall-clock time like a page dump's.
 * - Comments still awaiting moderation (approved 0) never appeared on the
 *   site: they are kept, hidden like deleted ones, and the report says how
 *   many. Spam stays spam; trash is deleted.
 * - Pingbacks and trackbacks are not reader comments: counted, not kept.
 * - Only posts and pages are articles. Other items (attachments, menu
 *   entries, contact-form feedback, block themes' navigation) are counted
 *   by type and left out, and so are comments on them, counted as
 *   "comment on <type>" and named in a warning: nothing is dropped without
 *   a word. Posts and pages that were never published are counted and left
 *   out too, unless readers commented on them. */

#define CONTENT_NAMESPACE "http://purl.org/rss/1.0/modules/content/"
#define NO_DATE           "0000-00-00"
#define NEWEST_VERSION    "1.2"
#define MAX_OFFSET        (18 * 3600)  /* the widest offset ISO 8601 writes */

struct _ClpWordpressImporter
{
  ClpImporter parent_instance;
};

G_DEFINE_FINAL_TYPE (ClpWordpressImporter, clp_wordpress_importer, CLP_TYPE_IMPORTER)

typedef struct
{
  ClpXmlReader  *reader;
  ClpImportSink *sink;
  char          *wxr_namespace; /* of the channel's wp:wxr_version */
  char          *site;          /* the channel's title: the publication */
  int            items;
  int            pending;       /* comments awaiting moderation */

  /* The item being read. */
  ClpArticle    *article;
  char          *pub_day;       /* from pubDate, if wp:post_date has none */
  char          *post_day;      /* from wp:post_date */
  char          *post_type;
  char          *status;
  gboolean       sent;          /* handed to the sink */
  gboolean       warned_late;
  int            comments;
  int            skipped_comments;
  int            line;
} Parser;

static void
parser_clear_item (Parser *parser)
{
  g_clear_pointer (&parser->article, clp_article_unref);
  g_clear_pointer (&parser->pub_day, g_free);
  g_clear_pointer (&parser->post_day, g_free);
  g_clear_pointer (&parser->post_type, g_free);
  g_clear_pointer (&parser->status, g_free);
  parser->sent = FALSE;
  parser->warned_late = FALSE;
  parser->comments = 0;
  parser->skipped_comments = 0;
  parser->line = 0;
}

/* "http://wordpress.org/export/1.2/", or https, of any 1.x: the
 * namespaces of WXR. The excerpt namespace, which starts the same
 * ("…/1.2/excerpt/"), is not one of them. */
static gboolean
is_wxr_namespace (const char *uri)
{
  const char *p = uri;

  if (g_str_has_prefix (p, "http://"))
    p += strlen ("http://");
  else if (g_str_has_prefix (p, "https://"))
    p += strlen ("https://");
  else
    return FALSE;
  if (!g_str_has_prefix (p, "wordpress.org/export/1."))
    return FALSE;
  p += strlen ("wordpress.org/export/1.");
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  return g_str_equal (p, "/") || *p == '\0';
}

/* WordPress' own importer reads the elements of whatever namespace the
 * file binds to "wp". Exports in the wild use http and https, and even mix
 * them with the excerpt namespace, so an element is a wp: one when it is
 * in a WXR namespace, in the namespace of the file's wp:wxr_version, or
 * written with the wp prefix. */
static gboolean
is_wp (Parser     *parser,
       xmlNode    *node,
       const char *local_name)
{
  const char *uri;

  if (node->ns == NULL || !g_str_equal ((const char *) node->name, local_name))
    return FALSE;
  uri = node->ns->href != NULL ? (const char *) node->ns->href : "";
  return is_wxr_namespace (uri) || g_strcmp0 (uri, parser->wxr_namespace) == 0 ||
         g_strcmp0 ((const char *) node->ns->prefix, "wp") == 0;
}

static gboolean
is_plain (xmlNode    *node,
          const char *local_name)
{
  return node->ns == NULL && g_str_equal ((const char *) node->name, local_name);
}

/* "2019-03-14 09:00:00"; WordPress writes zeros for "none". */
static char *
parse_wp_time (const char *text)
{
  char *iso = NULL;

  if (text == NULL || g_str_has_prefix (text, NO_DATE) || !clp_date_parse_iso (text, &iso))
    return NULL;
  return iso;
}

/* pubDate, RFC 822: "Thu, 14 Mar 2019 09:00:00 +0000". The day as written. */
static char *
parse_pub_day (const char *text)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) day_text = g_string_new (NULL);
  const char *comma;
  char *day = NULL;

  if (text == NULL)
    return NULL;
  comma = strchr (text, ',');
  words = g_strsplit_set (comma != NULL ? comma + 1 : text, " \t", -1);
  for (guint i = 0, found = 0; words[i] != NULL && found < 3; i++)
    {
      if (*words[i] == '\0')
        continue;
      g_string_append_printf (day_text, "%s%s", found > 0 ? " " : "", words[i]);
      found++;
    }
  if (!clp_date_parse_day (day_text->str, &day))
    return NULL;
  return day;
}

/* The item's type when it is not a post or a page; an item that does not
 * say is a post, as WordPress takes it. */
static const char *
other_type (Parser *parser)
{
  if (parser->post_type != NULL && !g_str_equal (parser->post_type, "post") &&
      !g_str_equal (parser->post_type, "page"))
    return parser->post_type;
  return NULL;
}

static const char *
skip_reason (Parser *parser)
{
  static const char * const unpublished[] = {
    "draft", "pending", "private", "future", "trash", "auto-draft", "inherit",
  };

  if (other_type (parser) != NULL)
    return parser->post_type;
  for (guint i = 0; parser->status != NULL && i < G_N_ELEMENTS (unpublished); i++)
    if (g_str_equal (parser->status, unpublished[i]))
      return parser->status;
  return NULL;
}

static gboolean
send_article (Parser  *parser,
              GError **error)
{
  ClpArticle *article = parser->article;

  parser->sent = TRUE;
  article->published = g_strdup (parser->post_day != NULL ? parser->post_day : parser->pub_day);
  article->source = g_strdup (parser->site);
  return clp_import_sink_add_article (parser->sink, article, error);
}

static void
read_content (Parser  *parser,
              xmlNode *node)
{
  g_autofree char *content = clp_xml_reader_dup_text (parser->reader, node);
  g_autofree char *text = NULL;
  g_autofree char *html = clp_html_sanitizer_clean (content, CLP_HTML_SANITIZER_LINE_BREAKS,
                                                    &text);
  g_auto(GStrv) paragraphs = NULL;

  if (*html == '\0')
    return;
  g_free (parser->article->body_html);
  parser->article->body_html = g_steal_pointer (&html);
  g_ptr_array_set_size (parser->article->body, 0);
  paragraphs = clp_text_split_paragraphs (text);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    clp_article_add_paragraph (parser->article, paragraphs[i]);
}

static ClpCommentStatus
read_approval (Parser     *parser,
               const char *approved,
               int         line)
{
  if (approved == NULL || g_str_equal (approved, "1"))
    return CLP_COMMENT_VISIBLE;
  if (g_str_equal (approved, "0"))
    {
      parser->pending++;
      return CLP_COMMENT_DELETED;
    }
  if (g_str_equal (approved, "spam"))
    return CLP_COMMENT_SPAM;
  if (g_str_equal (approved, "trash") || g_str_equal (approved, "post-trashed"))
    return CLP_COMMENT_DELETED;
  clp_import_sink_warn (parser->sink,
                        _("line %d: “%s” is not a comment state Clippings knows; the comment "
                          "is shown"),
                        line, approved);
  return CLP_COMMENT_VISIBLE;
}

static gboolean
read_comment (Parser   *parser,
              xmlNode  *node,
              GError  **error)
{
  ClpXmlReader *reader = parser->reader;
  g_autoptr(ClpComment) comment = NULL;
  g_autofree char *type = clp_xml_reader_dup_child_text (reader, node, "comment_type");
  g_autofree char *id = clp_xml_reader_dup_child_text (reader, node, "comment_id");
  g_autofree char *parent = clp_xml_reader_dup_child_text (reader, node, "comment_parent");
  g_autofree char *date = clp_xml_reader_dup_child_text (reader, node, "comment_date");
  g_autofree char *date_gmt = clp_xml_reader_dup_child_text (reader, node, "comment_date_gmt");
  g_autofree char *approved = clp_xml_reader_dup_child_text (reader, node, "comment_approved");
  g_autofree char *local = parse_wp_time (date);
  g_autofree char *gmt = parse_wp_time (date_gmt);
  g_autofree char *content = NULL;
  xmlNode *content_node = clp_xml_node_get_child (node, "comment_content");
  int line = clp_xml_reader_get_line (reader, node);

  if (type != NULL && (g_str_equal (type, "pingback") || g_str_equal (type, "trackback")))
    {
      clp_import_sink_skip (parser->sink, type);
      return TRUE;
    }
  if (!parser->sent && other_type (parser) != NULL)
    {
      g_autofree char *kind = g_strdup_printf ("comment on %s", parser->post_type);

      /* end_item() names the item in a warning. */
      clp_import_sink_skip (parser->sink, kind);
      parser->skipped_comments++;
      return TRUE;
    }

  if (!parser->sent && !send_article (parser, error))
    return FALSE;
  parser->comments++;

  comment = clp_comment_new ();
  comment->article_key = g_strdup (parser->article->key);
  if (id != NULL)
    comment->key = g_strdup_printf ("%s-comment-%s", parser->article->key, id);
  else
    {
      comment->key = g_strdup_printf ("%s-comment-at-line-%d", parser->article->key, line);
      clp_import_sink_warn (parser->sink, _("line %d: a comment has no comment_id"), line);
    }
  if (parent != NULL && !g_str_equal (parent, "0"))
    comment->parent_key = g_strdup_printf ("%s-comment-%s", parser->article->key, parent);

  comment->author = clp_xml_reader_dup_child_text (reader, node, "comment_author");
  if (comment->author == NULL)
    clp_import_sink_warn (parser->sink, _("line %d: a comment has no author"), line);

  /* With the instant known, it is the time shown, in the reader's zone,
   * and the site's clock is kept as its offset; without it, the site's
   * clock is all there is. */
  if (gmt != NULL && clp_date_to_unix (gmt, FALSE, &comment->posted_utc))
    {
      gint64 wall;

      comment->has_utc = TRUE;
      comment->posted_at = clp_date_from_unix (comment->posted_utc, TRUE);
      if (local != NULL && clp_date_to_unix (local, FALSE, &wall))
        {
          if (ABS (wall - comment->posted_utc) <= MAX_OFFSET)
            {
              comment->posted_offset = (int) (wall - comment->posted_utc);
              comment->has_offset = TRUE;
            }
          else
            clp_import_sink_warn (parser->sink,
                                  _("line %d: the comment’s local time (%s) is more than 18 "
                                    "hours from its GMT time (%s); the GMT time is kept"),
                                  line, date, date_gmt);
        }
    }
  else
    comment->posted_at = g_strdup (local);
  if (comment->posted_at == NULL)
    clp_import_sink_warn (parser->sink, _("line %d: a comment has no time"), line);

  content = clp_xml_reader_dup_text (reader, content_node);
  if (content != NULL)
    {
      g_autofree char *html = clp_html_sanitizer_clean (content, CLP_HTML_SANITIZER_LINE_BREAKS,
                                                        &comment->text);

      if (*html != '\0')
        comment->html = g_steal_pointer (&html);
    }
  else
    clp_import_sink_warn (parser->sink, _("line %d: a comment has no content"), line);

  comment->status = read_approval (parser, approved, line);
  return clp_import_sink_add_comment (parser->sink, comment, error);
}

/* One child of an <item>. */
static gboolean
read_item_part (Parser   *parser,
                xmlNode  *node,
                GError  **error)
{
  ClpArticle *article = parser->article;
  ClpXmlReader *reader = parser->reader;
  const char *late = NULL;

  /* Where the item begins, for messages about it as a whole. */
  if (parser->line == 0)
    parser->line = clp_xml_reader_get_line (reader, node);
  if (is_wp (parser, node, "comment"))
    return read_comment (parser, node, error);

  if (is_plain (node, "title"))
    {
      late = "title";
      g_free (article->title);
      article->title = clp_xml_reader_dup_value (reader, node);
    }
  else if (is_plain (node, "link"))
    {
      late = "link";
      g_free (article->url);
      article->url = clp_xml_reader_dup_value (reader, node);
    }
  else if (is_plain (node, "pubDate"))
    {
      g_autofree char *text = clp_xml_reader_dup_value (reader, node);

      late = "pubDate";
      g_free (parser->pub_day);
      parser->pub_day = parse_pub_day (text);
    }
  else if (clp_xml_node_has_namespace (node, CONTENT_NAMESPACE) &&
           g_str_equal ((const char *) node->name, "encoded"))
    {
      late = "content:encoded";
      read_content (parser, node);
    }
  else if (is_wp (parser, node, "post_date"))
    {
      g_autofree char *text = clp_xml_reader_dup_value (reader, node);
      g_autofree char *time = parse_wp_time (text);

      late = "wp:post_date";
      g_free (parser->post_day);
      parser->post_day = time != NULL ? g_strndup (time, strlen ("YYYY-MM-DD")) : NULL;
    }
  else if (is_plain (node, "category") && article->section == NULL)
    {
      xmlChar *domain = xmlGetProp (node, (const xmlChar *) "domain");
      gboolean category = domain != NULL && xmlStrEqual (domain, (const xmlChar *) "category");

      xmlFree (domain);
      /* A post's first category is the section it ran in; tags are not. */
      if (category)
        {
          late = "category";
          article->section = clp_xml_reader_dup_value (reader, node);
        }
    }
  else if (is_wp (parser, node, "post_type"))
    {
      g_free (parser->post_type);
      parser->post_type = clp_xml_reader_dup_value (reader, node);
      if (other_type (parser) != NULL)
        late = "wp:post_type";
    }
  else if (is_wp (parser, node, "status"))
    {
      g_free (parser->status);
      parser->status = clp_xml_reader_dup_value (reader, node);
    }

  if (late != NULL && parser->sent && !parser->warned_late)
    {
      parser->warned_late = TRUE;
      clp_import_sink_warn (parser->sink,
                            _("line %d: the post’s %s comes after its comments, where Clippings "
                              "does not look for it; it was not imported"),
                            clp_xml_reader_get_line (reader, node), late);
    }
  return TRUE;
}

static void
begin_item (Parser *parser)
{
  parser_clear_item (parser);
  parser->items++;
  parser->article = clp_article_new ();
  parser->article->key = g_strdup_printf ("wordpress-item-%d", parser->items);
}

static gboolean
end_item (Parser  *parser,
          GError **error)
{
  const char *reason;

  if (parser->sent)
    return TRUE;
  reason = skip_reason (parser);
  if (reason != NULL)
    {
      clp_import_sink_skip (parser->sink, reason);
      if (parser->skipped_comments > 0)
        clp_import_sink_warn (parser->sink,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "line %d: “%s” is of the type “%s”, not a post or a "
                                           "page; it was not imported, nor was the comment on it",
                                           "line %d: “%s” is of the type “%s”, not a post or a "
                                           "page; it was not imported, nor were the %d comments "
                                           "on it",
                                           parser->skipped_comments),
                              parser->line,
                              parser->article->title != NULL ? parser->article->title : "",
                              reason, parser->skipped_comments);
      return TRUE;
    }
  return send_article (parser, error);
}

/* The version element names the export's namespace, whatever its
 * scheme; a version newer than Clippings knows is read as the newest, as
 * WordPress adds to WXR without changing what is there. */
static void
read_wxr_version (Parser  *parser,
                  xmlNode *node)
{
  g_autofree char *version = clp_xml_reader_dup_value (parser->reader, node);
  g_auto(GStrv) parts = NULL;

  if (node->ns != NULL && node->ns->href != NULL && parser->wxr_namespace == NULL)
    parser->wxr_namespace = g_strdup ((const char *) node->ns->href);
  if (version == NULL)
    return;
  parts = g_strsplit (version, ".", 3);
  if (g_strv_length (parts) == 2 && g_str_equal (parts[0], "1") &&
      strspn (parts[1], "0123456789") == strlen (parts[1]) && strlen (parts[1]) > 0 &&
      g_ascii_strtoull (parts[1], NULL, 10) <= 2)
    return;
  clp_import_sink_warn (parser->sink,
                        _("line %d: the export is WXR version %s, which Clippings does not know; "
                          "it was read as version %s"),
                        clp_xml_reader_get_line (parser->reader, node), version, NEWEST_VERSION);
}

static gboolean
read_document (Parser  *parser,
               GError **error)
{
  ClpXmlReader *reader = parser->reader;
  gboolean more = TRUE;

  if (!clp_xml_reader_read (reader, &more, error))
    return FALSE;
  while (more)
    {
      if (clp_xml_reader_is_start (reader, 0, NULL) &&
          !g_str_equal (clp_xml_reader_get_local_name (reader), "rss"))
        {
          clp_xml_reader_set_error (reader, error, CLP_IMPORT_ERROR_NOT_ARTICLE,
                                    _("this is not a WordPress export: its root element is "
                                      "<%s>, not <rss>"),
                                    clp_xml_reader_get_local_name (reader));
          return FALSE;
        }

      if (clp_xml_reader_is_start (reader, 2, "item"))
        {
          begin_item (parser);
          if (clp_xml_reader_is_empty (reader) && !end_item (parser, error))
            return FALSE;
        }
      else if (clp_xml_reader_is_end (reader, 2, "item"))
        {
          if (!end_item (parser, error))
            return FALSE;
        }
      else if (clp_xml_reader_is_start (reader, 2, "title") ||
               (clp_xml_reader_is_start (reader, 3, NULL) && parser->article != NULL))
        {
          /* The channel's title, or one part of the item. */
          xmlNode *node = clp_xml_reader_expand (reader, error);

          if (node == NULL)
            return FALSE;
          if (parser->article != NULL && node->parent != NULL &&
              g_str_equal ((const char *) node->parent->name, "item"))
            {
              if (!read_item_part (parser, node, error))
                return FALSE;
            }
          else if (is_plain (node, "title") && parser->site == NULL)
            parser->site = clp_xml_reader_dup_value (reader, node);
          if (!clp_xml_reader_skip (reader, &more, error))
            return FALSE;
          continue;
        }
      else if (clp_xml_reader_is_start (reader, 2, "wxr_version"))
        {
          xmlNode *node = clp_xml_reader_expand (reader, error);

          if (node == NULL)
            return FALSE;
          read_wxr_version (parser, node);
          if (!clp_xml_reader_skip (reader, &more, error))
            return FALSE;
          continue;
        }
      else if (clp_xml_reader_is_start (reader, 2, NULL) ||
               clp_xml_reader_is_start (reader, 3, NULL))
        {
          /* The channel's authors, categories and terms; parts of no item. */
          if (!clp_xml_reader_skip (reader, &more, error))
            return FALSE;
          continue;
        }

      if (!clp_xml_reader_read (reader, &more, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
clp_wordpress_importer_import (ClpImporter   *importer,
                               GInputStream  *stream,
                               const char    *display_name,
                               ClpImportSink *sink,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(ClpXmlReader) reader = clp_xml_reader_new (stream, display_name, sink, cancellable);
  Parser parser = { 0 };
  gboolean ok;

  parser.reader = reader;
  parser.sink = sink;
  ok = read_document (&parser, error);
  parser_clear_item (&parser);
  g_free (parser.site);
  g_free (parser.wxr_namespace);
  if (!ok)
    return FALSE;

  if (parser.items == 0)
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_EMPTY,
                   _("%s holds no posts: there is nothing to import."), display_name);
      return FALSE;
    }
  if (parser.pending > 0)
    clp_import_sink_warn (sink,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%d comment was still awaiting moderation; it is kept "
                                       "hidden, like deleted comments",
                                       "%d comments were still awaiting moderation; they are "
                                       "kept hidden, like deleted comments",
                                       parser.pending),
                          parser.pending);
  return TRUE;
}

/* Whether @p starts "<wxr_version" or "<prefix:wxr_version" as a tag. */
static gboolean
is_version_tag (const char *p,
                const char *end)
{
  static const char name[] = "wxr_version";
  const char *q = p + 1;

  if (*p != '<')
    return FALSE;
  while (q < end && (g_ascii_isalnum (*q) || *q == '_' || *q == '-' || *q == '.'))
    q++;
  if (q < end && *q == ':')
    q++;
  else
    q = p + 1;
  if ((gsize) (end - q) < sizeof name || memcmp (q, name, sizeof name - 1) != 0)
    return FALSE;
  q += sizeof name - 1;
  return *q == '>' || g_ascii_isspace (*q);
}

/* Whether @p starts a quoted WXR namespace: "http://wordpress.org/export/1.2/". */
static gboolean
is_namespace_value (const char *p,
                    const char *end)
{
  const char quote = *p;
  const char *close;
  g_autofree char *uri = NULL;

  if (quote != '"' && quote != '\'')
    return FALSE;
  close = memchr (p + 1, quote, MIN (end - p - 1, 64));
  if (close == NULL)
    return FALSE;
  uri = g_strndup (p + 1, close - p - 1);
  return is_wxr_namespace (uri);
}

/* RSS with a wp:wxr_version element, whatever namespace its prefix is
 * bound to, or that declares a WXR namespace (over http or https, of any
 * version); any other RSS is a feed. The version comes early in the
 * channel, well within the head. */
static int
clp_wordpress_importer_sniff (const guint8 *head,
                              gsize         length)
{
  const char *p = (const char *) head;
  const char *end = p + length;
  gboolean unused;

  if (!clp_xml_sniff_root (head, length, "rss", NULL, &unused))
    return 0;
  for (; p < end; p++)
    if (is_version_tag (p, end) || is_namespace_value (p, end))
      return 90;
  return 0;
}

static void
clp_wordpress_importer_class_init (ClpWordpressImporterClass *klass)
{
  ClpImporterClass *importer_class = CLP_IMPORTER_CLASS (klass);

  importer_class->name = "wordpress";
  importer_class->sniff = clp_wordpress_importer_sniff;
  importer_class->import = clp_wordpress_importer_import;
}

static void
clp_wordpress_importer_init (ClpWordpressImporter *self)
{
}

ClpImporter *
clp_wordpress_importer_new (void)
{
  return g_object_new (CLP_TYPE_WORDPRESS_IMPORTER, NULL);
}
