/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-disqus-importer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/tree.h>
#include <string.h>

#include "clp-date.h"
#include "clp-disqus-importer.h"
#include "clp-html-sanitizer.h"
#include "clp-xml-reader.h"

/* Reads a Disqus comments export (FORMATS.md §2): under the root <disqus>,
 * <thread dsq:id> elements are articles and <post dsq:id> elements are
 * comments that name their thread and their parent post by id. A thread's
 * source is its <forum>, the site's short name at Disqus. Threads and
 * posts come in any order; the sink puts them together, and posts whose
 * thread is not in the file end up under one article of their own. Each
 * thread or post is expanded on its own, so memory stays flat. */

#define DISQUS_NAMESPACE   "http://disqus.com"
#define DISQUS_INTERNALS   "http://disqus.com/disqus-internals"
#define NO_THREAD_KEY      "disqus-thread-none"

struct _ClpDisqusImporter
{
  ClpImporter parent_instance;
};

G_DEFINE_FINAL_TYPE (ClpDisqusImporter, clp_disqus_importer, CLP_TYPE_IMPORTER)

typedef struct
{
  ClpXmlReader  *reader;
  ClpImportSink *sink;
  int            threads;
  int            posts;
} Parser;

/* The dsq:id attribute, also when the export forgot to declare the dsq
 * prefix and libxml2 kept the attribute without its namespace. */
static char *
dup_dsq_id (xmlNode *node)
{
  g_autofree char *id = (char *) xmlGetNsProp (node, (const xmlChar *) "id",
                                               (const xmlChar *) DISQUS_INTERNALS);

  for (xmlAttr *attr = node->properties; id == NULL && attr != NULL; attr = attr->next)
    if (g_str_equal ((const char *) attr->name, "id") ||
        g_str_equal ((const char *) attr->name, "dsq:id"))
      id = (char *) xmlNodeGetContent ((xmlNode *) attr);

  if (id == NULL || *g_strstrip (id) == '\0')
    return NULL;
  return g_steal_pointer (&id);
}

/* createdAt, an instant in UTC: "2019-03-13T21:12:00Z". */
static gboolean
parse_instant (const char *text,
               gint64     *unix_time)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) instant = NULL;

  if (text == NULL)
    return FALSE;
  instant = g_date_time_new_from_iso8601 (text, utc);
  if (instant == NULL)
    return FALSE;
  *unix_time = g_date_time_to_unix (instant);
  return TRUE;
}

/* The publication: the Disqus forum the thread belongs to, or else the
 * host of its page. */
static char *
dup_source (Parser     *parser,
            xmlNode    *node,
            const char *link)
{
  char *forum = clp_xml_reader_dup_child_text (parser->reader, node, "forum");
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (forum != NULL || link == NULL)
    return forum;
  uri = g_uri_parse (link, G_URI_FLAGS_NONE, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  /* Host names are not case-sensitive: one source, however written. */
  return host != NULL && *host != '\0' ? g_utf8_strdown (host, -1) : NULL;
}

static gboolean
read_thread (Parser   *parser,
             xmlNode  *node,
             GError  **error)
{
  g_autoptr(ClpArticle) article = clp_article_new ();
  g_autofree char *id = dup_dsq_id (node);
  g_autofree char *created = clp_xml_reader_dup_child_text (parser->reader, node, "createdAt");
  int line = clp_xml_reader_get_line (parser->reader, node);
  gint64 unix_time;

  parser->threads++;
  if (id != NULL)
    article->key = g_strconcat ("disqus-thread-", id, NULL);
  else
    {
      /* Still an article; no post can name it. */
      article->key = g_strdup_printf ("disqus-thread-at-line-%d", line);
      clp_import_sink_warn (parser->sink, _("line %d: a thread has no dsq:id"), line);
    }

  article->title = clp_xml_reader_dup_child_text (parser->reader, node, "title");
  article->url = clp_xml_reader_dup_child_text (parser->reader, node, "link");
  if (article->title == NULL)
    clp_import_sink_warn (parser->sink, _("line %d: a thread has no title"), line);
  if (article->url == NULL)
    clp_import_sink_warn (parser->sink, _("line %d: a thread has no link"), line);
  article->source = dup_source (parser, node, article->url);

  if (parse_instant (created, &unix_time))
    {
      /* The day it appeared here, as the reader sees its comments' times. */
      g_autofree char *time = clp_date_from_unix (unix_time, TRUE);

      article->published = g_strndup (time, strlen ("YYYY-MM-DD"));
    }
  else if (created != NULL)
    clp_import_sink_warn (parser->sink, _("line %d: “%s” is not a time Clippings can read"),
                          line, created);
  else
    clp_import_sink_warn (parser->sink, _("line %d: a thread has no creation time"), line);

  return clp_import_sink_add_article (parser->sink, article, error);
}

static gboolean
is_true (const char *text)
{
  return text != NULL && g_ascii_strcasecmp (text, "true") == 0;
}

static gboolean
read_post (Parser   *parser,
           xmlNode  *node,
           GError  **error)
{
  g_autoptr(ClpComment) comment = clp_comment_new ();
  g_autofree char *id = dup_dsq_id (node);
  g_autofree char *created = clp_xml_reader_dup_child_text (parser->reader, node, "createdAt");
  g_autofree char *message = NULL;
  g_autofree char *deleted = clp_xml_reader_dup_child_text (parser->reader, node, "isDeleted");
  g_autofree char *spam = clp_xml_reader_dup_child_text (parser->reader, node, "isSpam");
  xmlNode *author = clp_xml_node_get_child (node, "author");
  xmlNode *thread = clp_xml_node_get_child (node, "thread");
  xmlNode *parent = clp_xml_node_get_child (node, "parent");
  xmlNode *message_node = clp_xml_node_get_child (node, "message");
  int line = clp_xml_reader_get_line (parser->reader, node);

  parser->posts++;
  if (id != NULL)
    comment->key = g_strconcat ("disqus-post-", id, NULL);
  else
    {
      comment->key = g_strdup_printf ("disqus-post-at-line-%d", line);
      clp_import_sink_warn (parser->sink, _("line %d: a post has no dsq:id"), line);
    }

  if (thread != NULL)
    {
      g_autofree char *thread_id = dup_dsq_id (thread);

      if (thread_id != NULL)
        comment->article_key = g_strconcat ("disqus-thread-", thread_id, NULL);
    }
  if (comment->article_key == NULL)
    {
      /* The sink files it with the other posts that have no thread. */
      comment->article_key = g_strdup (NO_THREAD_KEY);
      clp_import_sink_warn (parser->sink, _("line %d: a post does not say which thread it is in"),
                            line);
    }

  if (parent != NULL)
    {
      g_autofree char *parent_id = dup_dsq_id (parent);

      if (parent_id != NULL)
        comment->parent_key = g_strconcat ("disqus-post-", parent_id, NULL);
    }

  if (author != NULL)
    {
      comment->author = clp_xml_reader_dup_child_text (parser->reader, author, "name");
      if (comment->author == NULL)
        comment->author = clp_xml_reader_dup_child_text (parser->reader, author, "username");
    }
  if (comment->author == NULL)
    clp_import_sink_warn (parser->sink, _("line %d: a post has no author"), line);

  message = clp_xml_reader_dup_text (parser->reader, message_node);
  if (message_node == NULL)
    clp_import_sink_warn (parser->sink, _("line %d: a post has no message"), line);
  if (message != NULL)
    {
      g_autofree char *html = clp_html_sanitizer_clean (message, CLP_HTML_SANITIZER_NONE,
                                                        &comment->text);

      if (*html != '\0')
        comment->html = g_steal_pointer (&html);
    }

  if (parse_instant (created, &comment->posted_utc))
    {
      comment->has_utc = TRUE;
      /* Kept in this machine's zone, as shown and as date filters read
       * it; the instant stays in posted_utc. */
      comment->posted_at = clp_date_from_unix (comment->posted_utc, TRUE);
    }
  else if (created != NULL)
    clp_import_sink_warn (parser->sink, _("line %d: “%s” is not a time Clippings can read"),
                          line, created);
  else
    clp_import_sink_warn (parser->sink, _("line %d: a post has no time"), line);

  if (is_true (spam))
    comment->status = CLP_COMMENT_SPAM;
  else if (is_true (deleted))
    comment->status = CLP_COMMENT_DELETED;

  return clp_import_sink_add_comment (parser->sink, comment, error);
}

static gboolean
clp_disqus_importer_import (ClpImporter   *importer,
                            GInputStream  *stream,
                            const char    *display_name,
                            ClpImportSink *sink,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(ClpXmlReader) reader = clp_xml_reader_new (stream, display_name, sink, cancellable);
  Parser parser = { reader, sink, 0, 0 };
  gboolean more = TRUE;

  if (!clp_xml_reader_read (reader, &more, error))
    return FALSE;
  while (more)
    {
      xmlNode *node;
      gboolean ok;

      if (clp_xml_reader_is_start (reader, 0, NULL) &&
          !g_str_equal (clp_xml_reader_get_local_name (reader), "disqus"))
        {
          clp_xml_reader_set_error (reader, error, CLP_IMPORT_ERROR_NOT_ARTICLE,
                                    _("this is not a Disqus comments export: its root element "
                                      "is <%s>, not <disqus>"),
                                    clp_xml_reader_get_local_name (reader));
          return FALSE;
        }
      if (!clp_xml_reader_is_start (reader, 1, "thread") &&
          !clp_xml_reader_is_start (reader, 1, "post"))
        {
          /* Categories, and whatever a later Disqus adds. */
          if (!(clp_xml_reader_is_start (reader, 1, NULL) ?
                clp_xml_reader_skip (reader, &more, error) :
                clp_xml_reader_read (reader, &more, error)))
            return FALSE;
          continue;
        }

      node = clp_xml_reader_expand (reader, error);
      if (node == NULL)
        return FALSE;
      if (g_str_equal ((const char *) node->name, "thread"))
        ok = read_thread (&parser, node, error);
      else
        ok = read_post (&parser, node, error);
      if (!ok || !clp_xml_reader_skip (reader, &more, error))
        return FALSE;
    }

  if (parser.threads == 0 && parser.posts == 0)
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_EMPTY,
                   _("%s holds no threads and no posts: there is nothing to import."),
                   display_name);
      return FALSE;
    }
  return TRUE;
}

/* The root element is <disqus>, normally in the Disqus namespace. */
static int
clp_disqus_importer_sniff (const guint8 *head,
                           gsize         length)
{
  gboolean has_namespace;

  if (!clp_xml_sniff_root (head, length, "disqus", DISQUS_NAMESPACE, &has_namespace))
    return 0;
  return has_namespace ? 90 : 60;
}

static void
clp_disqus_importer_class_init (ClpDisqusImporterClass *klass)
{
  ClpImporterClass *importer_class = CLP_IMPORTER_CLASS (klass);

  importer_class->name = "disqus";
  importer_class->sniff = clp_disqus_importer_sniff;
  importer_class->import = clp_disqus_importer_import;
}

static void
clp_disqus_importer_init (ClpDisqusImporter *self)
{
}

ClpImporter *
clp_disqus_importer_new (void)
{
  return g_object_new (CLP_TYPE_DISQUS_IMPORTER, NULL);
}
