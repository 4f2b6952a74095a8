/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-importer.h"
#include "clp-test-util.h"
#include "clp-wordpress-importer.h"

#define FERRY_TITLE "Night ferry keeps its 12:15 sailing"
#define MARKET_TITLE "Fish market moves indoors"

static int
skipped (GHashTable *table,
         const char *kind)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (table, kind));
}

static void
test_read (void)
{
  g_autoptr(ClpTestSink) sink = clp_test_sink_import ("wordpress-1.2.xml");
  ClpArticle *ferry, *about;
  ClpComment *marit, *dev, *okafor, *owl;

  /* The post and the page. */
  g_assert_cmpuint (sink->articles->len, ==, 2);
  ferry = g_ptr_array_index (sink->articles, 0);
  about = g_ptr_array_index (sink->articles, 1);

  g_assert_cmpstr (ferry->title, ==, FERRY_TITLE);
  g_assert_cmpstr (ferry->url, ==, "https://gazette.example/2019/03/night-ferry/");
  g_assert_cmpstr (ferry->source, ==, "The Quay Street Gazette");
  /* The site's own day, not pubDate's day in GMT. */
  g_assert_cmpstr (ferry->published, ==, "2019-03-15");
  g_assert_cmpuint (ferry->body->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (ferry->body, 0), ==,
                   "The harbour board voted to keep the late boat.");
  g_assert_cmpstr (g_ptr_array_index (ferry->body, 1), ==,
                   "Commuters cheered at the pier.\nSome stayed for coffee.");
  g_assert_cmpstr (g_ptr_array_index (ferry->body, 2), ==,
                   "Read the decision or the minutes (https://harbour.example/minutes.pdf).");
  g_assert_cmpstr (ferry->body_html, ==,
                   "<p>The harbour board voted to keep the late boat.</p>"
                   "<p>Commuters <em>cheered</em> at the pier.<br/>Some stayed for coffee.</p>"
                   "<p>Read the decision or the minutes "
                   "(https://harbour.example/minutes.pdf).</p>");

  /* The first category is the section; tags are not. */
  g_assert_cmpstr (ferry->section, ==, "Harbour");
  g_assert_cmpstr (about->title, ==, "About the Gazette");
  g_assert_cmpstr (about->published, ==, "2019-01-06");
  g_assert_cmpstr (g_ptr_array_index (about->body, 0), ==, "We cover the waterfront.");

  g_assert_cmpuint (sink->comments->len, ==, 7);
  marit = clp_test_sink_find_comment (sink, "Marit", 0);
  g_assert_cmpstr (marit->article_key, ==, ferry->key);
  g_assert_null (marit->parent_key);
  /* The instant from the GMT time, kept in this machine's zone (the tests
   * run in UTC) rather than the site's, as the view shows it. */
  g_assert_cmpstr (marit->posted_at, ==, "2019-03-15T07:12:00");
  g_assert_true (marit->has_utc);
  g_assert_cmpint (marit->posted_utc, ==, 1552633920);
  g_assert_cmpstr (marit->text, ==, "Good news for the night shift.\n\nThank you, board.");
  g_assert_cmpstr (marit->html, ==,
                   "<p>Good news for the night shift.</p><p>Thank you, board.</p>");

  /* Okafor answers Dev, who comes later in the file. */
  dev = clp_test_sink_find_comment (sink, "Dev", 0);
  okafor = clp_test_sink_find_comment (sink, "J. Okafor", 0);
  g_assert_cmpstr (dev->parent_key, ==, marit->key);
  g_assert_cmpstr (okafor->parent_key, ==, dev->key);
  g_assert_cmpstr (okafor->html, ==, "<p><b>Agreed</b> &amp; I typed &lt;i&gt; myself.</p>");
  g_assert_cmpstr (okafor->text, ==, "Agreed & I typed <i> myself.");
  g_assert_cmpstr (dev->html, ==,
                   "<p>Did anyone read the minutes (https://harbour.example/minutes.pdf)?</p>");

  g_assert_cmpint (clp_test_sink_find_comment (sink, "Cheap Tickets", 0)->status, ==,
                   CLP_COMMENT_SPAM);
  g_assert_cmpint (clp_test_sink_find_comment (sink, "harbourwatch", 0)->status, ==,
                   CLP_COMMENT_DELETED);
  /* Never shown on the site: kept, hidden. */
  g_assert_cmpint (clp_test_sink_find_comment (sink, "Newcomer", 0)->status, ==,
                   CLP_COMMENT_DELETED);
  g_assert_true (clp_test_sink_has_warning (sink, "1 comment was still awaiting moderation"));
  g_assert_cmpuint (sink->warnings->len, ==, 2);

  /* Only a GMT time: it is the time shown, and the instant. */
  owl = clp_test_sink_find_comment (sink, "Night Owl", 0);
  g_assert_cmpstr (owl->posted_at, ==, "2019-03-15T23:45:10");
  g_assert_true (owl->has_utc);
  g_assert_cmpint (owl->posted_utc, ==, 1552693510);

  /* Pingbacks and trackbacks are not reader comments; menu entries,
   * attachments and drafts are not articles, and a comment on an
   * attachment is left out with it, counted and named. */
  g_assert_null (clp_test_sink_find_comment (sink, "Harbour Blog", 0));
  g_assert_null (clp_test_sink_find_comment (sink, "Ferry Fan Site", 0));
  g_assert_null (clp_test_sink_find_comment (sink, "Marit", 1));
  g_assert_cmpint (skipped (sink->skipped, "pingback"), ==, 1);
  g_assert_cmpint (skipped (sink->skipped, "trackback"), ==, 1);
  g_assert_cmpint (skipped (sink->skipped, "attachment"), ==, 2);
  g_assert_cmpint (skipped (sink->skipped, "nav_menu_item"), ==, 1);
  g_assert_cmpint (skipped (sink->skipped, "draft"), ==, 1);
  g_assert_cmpint (skipped (sink->skipped, "comment on attachment"), ==, 1);
  g_assert_cmpuint (g_hash_table_size (sink->skipped), ==, 6);
  g_assert_true (clp_test_sink_has_warning (sink, "line 204: “sunset-photo” is of the type "
                                                  "“attachment”, not a post or a page; it was "
                                                  "not imported, nor was the comment on it"));
}

/* Script, style, iframes, event attributes, javascript: links and remote
 * images in a post are gone. */
static void
test_hostile_html (void)
{
  g_autoptr(ClpTestSink) sink = clp_test_sink_import ("wordpress-1.2.xml");
  ClpArticle *ferry = g_ptr_array_index (sink->articles, 0);
  g_autofree char *body = clp_article_dup_body_text (ferry);
  static const char * const forbidden[] = {
    "<script", "cookie", "evil.example", "onmouseover", "onclick", "style", "font-size", "href",
    "src", "javascript", "tracker.example", "ads.example", "<img", "<iframe", "<a",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_assert_null (strstr (ferry->body_html, forbidden[i]));
      g_assert_null (strstr (body, forbidden[i]));
      for (guint j = 0; j < sink->comments->len; j++)
        {
          ClpComment *comment = g_ptr_array_index (sink->comments, j);

          g_assert_null (strstr (comment->html, forbidden[i]));
          g_assert_null (strstr (comment->text, forbidden[i]));
        }
    }
}

/* WXR 1.0: escaped instead of CDATA content, a comment without a GMT
 * time, and a comment with nothing but its state. */
static void
test_version_1_0 (void)
{
  g_autoptr(ClpTestSink) sink = clp_test_sink_import ("wordpress-1.0.xml");
  ClpArticle *article;
  ClpComment *ada, *ben;
  static const char * const warnings[] = {
    "line 44: a comment has no comment_id",
    "line 44: a comment has no author",
    "line 44: a comment has no time",
    "line 44: a comment has no content",
  };

  g_assert_cmpuint (sink->articles->len, ==, 1);
  article = g_ptr_array_index (sink->articles, 0);
  g_assert_cmpstr (article->title, ==, "Lighthouse keeper retires");
  g_assert_cmpstr (article->source, ==, "Old Harbour Notes");
  g_assert_cmpstr (article->published, ==, "2009-08-29");

  g_assert_cmpuint (sink->comments->len, ==, 3);
  ada = clp_test_sink_find_comment (sink, "Ada", 0);
  ben = clp_test_sink_find_comment (sink, "Ben", 0);
  g_assert_cmpstr (ada->text, ==, "He waved at every boat.\n\nEvery one.");
  g_assert_cmpstr (ada->html, ==,
                   "<p>He waved at every boat.</p><p><strong>Every</strong> one.</p>");
  g_assert_cmpstr (ada->posted_at, ==, "2009-08-29T19:00:00");
  g_assert_false (ada->has_utc);
  g_assert_cmpstr (ben->parent_key, ==, ada->key);
  g_assert_true (ben->has_utc);

  for (guint i = 0; i < G_N_ELEMENTS (warnings); i++)
    if (!clp_test_sink_has_warning (sink, warnings[i]))
      g_error ("no warning “%s”", warnings[i]);
  g_assert_cmpuint (sink->warnings->len, ==, G_N_ELEMENTS (warnings));
}

/* WXR 1.1: a reply before its parent. */
static void
test_version_1_1 (void)
{
  g_autoptr(ClpTestSink) sink = clp_test_sink_import ("wordpress-1.1.xml");
  ClpComment *ada = clp_test_sink_find_comment (sink, "Ada", 0);
  ClpComment *chen = clp_test_sink_find_comment (sink, "Chen", 0);
  ClpComment *thanks = clp_test_sink_find_comment (sink, "Ada", 1);

  g_assert_cmpuint (sink->articles->len, ==, 1);
  g_assert_cmpstr (((ClpArticle *) g_ptr_array_index (sink->articles, 0))->title, ==,
                   MARKET_TITLE);
  g_assert_cmpuint (sink->comments->len, ==, 3);
  g_assert_cmpstr (chen->parent_key, ==, ada->key);
  g_assert_cmpstr (thanks->parent_key, ==, chen->key);
  g_assert_cmpuint (sink->warnings->len, ==, 0);
}

/* Blank fields are missing ones: a blank site title names no source, a
 * blank author is no author, a blank post type or status skips nothing;
 * blank lines in the body make no paragraphs. */
static void
test_blank_fields (void)
{
  static const char xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
    "     xmlns:wp=\"http://wordpress.org/export/1.2/\">\n"
    "<channel>\n<title>  </title>\n"
    "<item>\n<title>Blank parts</title>\n"
    "<content:encoded><![CDATA[<pre>one\n\n\ntwo</pre>]]></content:encoded>\n"
    "<wp:comment>\n<wp:comment_id>1</wp:comment_id>\n"
    "<wp:comment_author> </wp:comment_author>\n"
    "<wp:comment_date>2019-03-14 09:00:00</wp:comment_date>\n"
    "<wp:comment_content>Hi</wp:comment_content>\n</wp:comment>\n</item>\n"
    "<item>\n<title>No comments</title>\n<wp:post_type> </wp:post_type>\n"
    "<wp:status>\n</wp:status>\n</item>\n"
    "</channel>\n</rss>\n";
  g_autoptr(ClpImporter) importer = clp_wordpress_importer_new ();
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (xml, -1, NULL);
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(GError) error = NULL;
  ClpArticle *article;
  ClpComment *comment;

  g_assert_true (clp_importer_import (importer, stream, "blank.xml", CLP_IMPORT_SINK (sink), NULL,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sink->articles->len, ==, 2);
  g_assert_cmpuint (g_hash_table_size (sink->skipped), ==, 0);

  article = g_ptr_array_index (sink->articles, 0);
  g_assert_null (article->source);
  g_assert_cmpuint (article->body->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (article->body, 0), ==, "one");
  g_assert_cmpstr (g_ptr_array_index (article->body, 1), ==, "two");

  g_assert_cmpuint (sink->comments->len, ==, 1);
  comment = g_ptr_array_index (sink->comments, 0);
  g_assert_null (comment->author);
  g_assert_true (clp_test_sink_has_warning (sink, "a comment has no author"));
  g_assert_cmpstr (((ClpArticle *) g_ptr_array_index (sink->articles, 1))->title, ==,
                   "No comments");
}

static void
test_archive (ClpTestArchive *archive,
              gconstpointer   data)
{
  g_autoptr(ClpImportReport) report = clp_test_archive_import (archive, "wordpress-1.2.xml");
  g_autoptr(ClpArticle) ferry = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *summary = NULL;
  ClpComment *marit, *dev, *okafor;

  g_assert_no_error (report->error);
  g_assert_cmpstr (report->importer, ==, "wordpress");
  g_assert_cmpint (report->articles_new, ==, 2);
  g_assert_cmpint (report->comments_new, ==, 7);
  g_assert_cmpint (report->orphans, ==, 0);
  g_assert_cmpint (clp_import_report_count_skipped (report), ==, 7);
  summary = clp_import_report_describe (report);
  g_assert_nonnull (strstr (summary, "1 pingback not imported"));
  g_assert_nonnull (strstr (summary, "1 trackback not imported"));
  g_assert_nonnull (strstr (summary, "1 comment on attachment not imported"));

  ferry = clp_test_archive_find_article (archive, FERRY_TITLE);
  g_assert_cmpint (ferry->comment_count, ==, 4);
  g_assert_cmpint (ferry->hidden_comment_count, ==, 3);
  g_assert_nonnull (ferry->body_html);
  comments = clp_test_archive_comments (archive, ferry->id);
  marit = clp_test_find_comment (comments, "Marit", 0);
  dev = clp_test_find_comment (comments, "Dev", 0);
  okafor = clp_test_find_comment (comments, "J. Okafor", 0);
  g_assert_cmpint (dev->parent_id, ==, marit->id);
  g_assert_cmpint (okafor->parent_id, ==, dev->id);
  g_assert_cmpint (okafor->depth, ==, 2);
  g_assert_cmpint (okafor->posted_utc, ==, 1552639200);
  g_assert_cmpstr (okafor->posted_at, ==, "2019-03-15T08:40:00");
}

static char *
newer_market_export (ClpTestArchive *archive)
{
  g_autofree char *path = clp_test_data_path ("wordpress-1.1.xml");
  g_autofree char *contents = NULL;
  g_autoptr(GString) changed = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  changed = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (changed, "</item>",
                                      "<wp:comment>\n"
                                      "  <wp:comment_id>504</wp:comment_id>\n"
                                      "  <wp:comment_author>Ben</wp:comment_author>\n"
                                      "  <wp:comment_date>2012-06-13 10:00:00</wp:comment_date>\n"
                                      "  <wp:comment_content>Went on Friday.</wp:comment_content>\n"
                                      "  <wp:comment_approved>1</wp:comment_approved>\n"
                                      "  <wp:comment_parent>501</wp:comment_parent>\n"
                                      "</wp:comment>\n"
                                      "</item>", 1), ==, 1);
  return clp_test_write_file (archive->dir, "wordpress-newer.xml", changed->str, changed->len);
}

/* A newer export of the same site merges: nothing twice, the new reply
 * under the comment it answers. */
static void
test_reimport (ClpTestArchive *archive,
               gconstpointer   data)
{
  g_autoptr(ClpImportReport) first = clp_test_archive_import (archive, "wordpress-1.1.xml");
  g_autofree char *newer = newer_market_export (archive);
  g_autoptr(ClpImportReport) second = clp_test_archive_import (archive, newer);
  g_autoptr(ClpArticle) market = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GArray) ids = NULL;

  g_assert_no_error (first->error);
  g_assert_no_error (second->error);
  g_assert_cmpint (second->articles_new, ==, 0);
  g_assert_cmpint (second->articles_merged, ==, 1);
  g_assert_cmpint (second->comments_new, ==, 1);
  g_assert_cmpint (second->comments_duplicate, ==, 3);
  g_assert_cmpint (second->comments_missing, ==, 0);

  ids = clp_test_archive_article_ids (archive);
  g_assert_cmpuint (ids->len, ==, 1);
  market = clp_test_archive_find_article (archive, MARKET_TITLE);
  comments = clp_test_archive_comments (archive, market->id);
  g_assert_cmpuint (comments->len, ==, 4);
  g_assert_cmpint (clp_test_find_comment (comments, "Ben", 0)->parent_id, ==,
                   clp_test_find_comment (comments, "Ada", 0)->id);
}

static void
test_truncated (ClpTestArchive *archive,
                gconstpointer   data)
{
  g_autofree char *path = clp_test_data_path ("wordpress-1.2.xml");
  g_autofree char *contents = NULL;
  g_autofree char *cut = NULL;
  g_autoptr(ClpImportReport) report = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  cut = clp_test_write_file (archive->dir, "cut.xml", contents, length * 2 / 3);
  report = clp_test_archive_import (archive, cut);

  clp_test_archive_assert_refused (archive, report, CLP_IMPORT_ERROR_MALFORMED,
                                   "cut.xml, line 139: the file ends before its XML does; it "
                                   "may have been cut short.");
}

static char *
detect_file (const char *name)
{
  g_autofree char *path = clp_test_data_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *format;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  format = clp_test_detect (contents, &error);
  g_assert_no_error (error);
  return format;
}

/* Every WXR version is recognised; an ordinary RSS feed is not one. */
static void
test_detect (void)
{
  static const char * const versions[] = {
    "wordpress-1.0.xml", "wordpress-1.1.xml", "wordpress-1.2.xml",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *feed = clp_test_detect ("<?xml version=\"1.0\"?>\n<rss version=\"2.0\" "
                                           "xmlns:content=\"http://purl.org/rss/1.0/modules/"
                                           "content/\">\n<channel>", &error);

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autofree char *format = detect_file (versions[i]);

      g_assert_cmpstr (format, ==, "wordpress");
    }

  g_assert_null (feed);
  g_assert_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (error->message, "WordPress exports (WXR)"));
}

#define BUS_TITLE "Bus route 14 returns to Mill Street"

/* wordpress-com.xml with its wp and excerpt namespaces bound to @wp and
 * @excerpt, as a sink reads it after detection. */
static ClpTestSink *
import_variant (const char  *wp,
                const char  *excerpt,
                char       **format)
{
  g_autofree char *path = clp_test_data_path ("wordpress-com.xml");
  g_autofree char *contents = NULL;
  g_autoptr(GString) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(ClpImporter) importer = NULL;
  ClpTestSink *sink = clp_test_sink_new ();

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  changed = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (changed, "xmlns:wp=\"https://wordpress.org/export/1.2/\"",
                                      wp, 1), ==, 1);
  g_assert_cmpuint (g_string_replace (changed,
                                      "xmlns:excerpt=\"https://wordpress.org/export/1.2/excerpt/\"",
                                      excerpt, 1), ==, 1);
  importer = clp_importer_new_for_content ((const guint8 *) changed->str, changed->len,
                                           "variant.xml", &error);
  g_assert_no_error (error);
  *format = g_strdup (clp_importer_get_name (importer));
  stream = g_memory_input_stream_new_from_data (changed->str, changed->len, NULL);
  g_assert_true (clp_importer_import (importer, stream, "variant.xml", CLP_IMPORT_SINK (sink),
                                      NULL, &error));
  g_assert_no_error (error);
  return sink;
}

/* What every variant of the WordPress.com export must give: the wp:
 * elements read, comments and all. */
static void
assert_wordpress_com (ClpTestSink *sink)
{
  ClpArticle *bus = g_ptr_array_index (sink->articles, 0);
  ClpComment *rosa = clp_test_sink_find_comment (sink, "Rosa Lindqvist", 0);
  ClpComment *tom = clp_test_sink_find_comment (sink, "Tom", 0);
  ClpComment *desk = clp_test_sink_find_comment (sink, "News Desk", 0);

  g_assert_cmpstr (bus->title, ==, BUS_TITLE);
  g_assert_cmpstr (bus->source, ==, "Riverside Dispatch");
  g_assert_cmpstr (bus->section, ==, "Transport");
  g_assert_cmpstr (bus->published, ==, "2023-06-20");
  g_assert_nonnull (rosa);
  g_assert_cmpstr (rosa->article_key, ==, bus->key);
  g_assert_cmpint (rosa->posted_utc, ==, 1687266300);
  /* 09:05 on the site's clock: New York in summer. */
  g_assert_true (rosa->has_offset);
  g_assert_cmpint (rosa->posted_offset, ==, -4 * 3600);
  g_assert_cmpstr (tom->parent_key, ==, rosa->key);
  g_assert_cmpstr (desk->parent_key, ==, tom->key);
  g_assert_cmpint (clp_test_sink_find_comment (sink, "Best Bus Deals", 0)->status, ==,
                   CLP_COMMENT_SPAM);
  g_assert_null (clp_test_sink_find_comment (sink, "Eastbank Cycling", 0));
  g_assert_cmpint (skipped (sink->skipped, "pingback"), ==, 1);
  g_assert_cmpint (skipped (sink->skipped, "trackback"), ==, 1);
  g_assert_cmpint (skipped (sink->skipped, "nav_menu_item"), ==, 2);
  g_assert_cmpint (skipped (sink->skipped, "feedback"), ==, 1);
  g_assert_cmpint (skipped (sink->skipped, "wp_navigation"), ==, 1);
  g_assert_cmpint (skipped (sink->skipped, "draft"), ==, 1);
  g_assert_cmpint (skipped (sink->skipped, "attachment"), ==, 2);
  g_assert_cmpint (skipped (sink->skipped, "comment on attachment"), ==, 2);
  g_assert_cmpuint (g_hash_table_size (sink->skipped), ==, 8);

  /* The two posts and the page are the articles; the comments on the
   * attachment are not among their comments. */
  g_assert_cmpuint (sink->articles->len, ==, 3);
  g_assert_cmpstr (((ClpArticle *) g_ptr_array_index (sink->articles, 1))->title, ==,
                   "Letters: the east bank deserves a bridge");
  g_assert_cmpstr (((ClpArticle *) g_ptr_array_index (sink->articles, 2))->title, ==,
                   "Night market opens on the quay");
  g_assert_cmpuint (sink->comments->len, ==, 7);
  g_assert_null (clp_test_sink_find_comment (sink, "Tom", 1));
  g_assert_true (clp_test_sink_has_warning (sink, "line 205: “route-14-map” is of the type "
                                                  "“attachment”, not a post or a page; it was "
                                                  "not imported, nor were the 2 comments on it"));
  g_assert_cmpuint (sink->warnings->len, ==, 1);
}

/* WXR 1.0, 1.1 and 1.2 over http and https, as WordPress.com writes it:
 * all are recognised and read alike. */
static void
test_namespaces (void)
{
  static const char * const versions[] = { "1.0", "1.1", "1.2" };
  static const char * const schemes[] = { "http", "https" };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    for (guint j = 0; j < G_N_ELEMENTS (schemes); j++)
      {
        g_autofree char *wp = g_strdup_printf ("xmlns:wp=\"%s://wordpress.org/export/%s/\"",
                                               schemes[j], versions[i]);
        g_autofree char *excerpt =
          g_strdup_printf ("xmlns:excerpt=\"%s://wordpress.org/export/%s/excerpt/\"",
                           schemes[j], versions[i]);
        g_autofree char *format = NULL;
        g_autoptr(ClpTestSink) sink = import_variant (wp, excerpt, &format);

        g_test_message ("%s", wp);
        g_assert_cmpstr (format, ==, "wordpress");
        assert_wordpress_com (sink);
      }
}

/* The excerpt namespace over http, the wp one over https: once taken for
 * WXR by the excerpt's namespace, then read without a single wp: element,
 * every item an article and every comment lost. */
static void
test_mixed_namespaces (void)
{
  g_autofree char *format = NULL;
  g_autoptr(ClpTestSink) sink =
    import_variant ("xmlns:wp=\"https://wordpress.org/export/1.2/\"",
                    "xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"", &format);

  g_assert_cmpstr (format, ==, "wordpress");
  assert_wordpress_com (sink);
}

/* Detection goes by the wxr_version element, in whatever namespace, or by
 * a WXR namespace; not by the excerpt namespace alone. */
static void
test_detect_version (void)
{
  clp_test_assert_detected ("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel>\n"
                            "<title>T</title>\n<export:wxr_version>1.2</export:wxr_version>",
                            "wordpress", NULL);
  clp_test_assert_detected ("<rss version=\"2.0\" xmlns:x=\"https://wordpress.org/export/1.1/\">",
                            "wordpress", NULL);
  clp_test_assert_detected ("<rss version=\"2.0\"><channel><wxr_version>1.0</wxr_version>",
                            "wordpress", NULL);
  clp_test_assert_detected ("<?xml version=\"1.0\"?>\n<rss version=\"2.0\" "
                            "xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\">"
                            "<channel><title>A feed</title><wxr_versions/>",
                            NULL, "WordPress exports (WXR)");
}

/* Elements in a WXR namespace under another prefix are read; a version
 * Clippings does not know is read as the newest, with a warning. */
static void
test_other_prefix (void)
{
  static const char xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<rss version=\"2.0\" xmlns:w=\"https://wordpress.org/export/1.3/\">\n"
    "<channel>\n<title>Prefixed</title>\n<w:wxr_version>1.3</w:wxr_version>\n"
    "<item>\n<title>One</title>\n<w:post_type>post</w:post_type>\n"
    "<w:comment>\n<w:comment_id>1</w:comment_id>\n"
    "<w:comment_author>Ana</w:comment_author>\n"
    "<w:comment_date_gmt>2019-03-14 09:00:00</w:comment_date_gmt>\n"
    "<w:comment_content>Hi</w:comment_content>\n</w:comment>\n</item>\n"
    "<item>\n<title>Menu</title>\n<w:post_type>nav_menu_item</w:post_type>\n</item>\n"
    "</channel>\n</rss>\n";
  g_autoptr(ClpImporter) importer = clp_wordpress_importer_new ();
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (xml, -1, NULL);
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (clp_importer_import (importer, stream, "prefix.xml", CLP_IMPORT_SINK (sink),
                                      NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sink->articles->len, ==, 1);
  g_assert_cmpuint (sink->comments->len, ==, 1);
  g_assert_cmpint (skipped (sink->skipped, "nav_menu_item"), ==, 1);
  g_assert_true (clp_test_sink_has_warning (sink, "line 5: the export is WXR version 1.3, which "
                                                  "Clippings does not know; it was read as "
                                                  "version 1.2"));
  g_assert_cmpuint (sink->warnings->len, ==, 1);
}

/* The GMT time is the instant, shown in the reader's zone; the local one
 * is the site's clock, kept as its offset. Without a GMT time there is no
 * instant, and the local time is shown as written. */
static void
test_times (void)
{
  g_autoptr(ClpTestSink) sink = clp_test_sink_import ("wordpress-com.xml");
  g_autoptr(ClpTestSink) old = clp_test_sink_import ("wordpress-1.0.xml");
  ClpComment *ama = clp_test_sink_find_comment (sink, "Ama Mensah", 1);
  ClpComment *migrated = clp_test_sink_find_comment (sink, "Migrated Reader", 0);
  ClpComment *ada = clp_test_sink_find_comment (old, "Ada", 0);
  g_autofree char *shown = NULL;

  /* 21:10 on Saturday in New York is 01:10 on Sunday in UTC. */
  g_assert_true (ama->has_utc);
  g_assert_cmpint (ama->posted_utc, ==, 1688260200);
  g_assert_true (ama->has_offset);
  g_assert_cmpint (ama->posted_offset, ==, -4 * 3600);
  shown = clp_comment_dup_shown_time (ama);
  g_assert_cmpstr (shown, ==, "2023-07-02T01:10:00");
  g_clear_pointer (&shown, g_free);
  clp_test_set_time_zone ("Europe/Berlin");
  shown = clp_comment_dup_shown_time (ama);
  clp_test_set_time_zone ("UTC");
  g_assert_cmpstr (shown, ==, "2023-07-02T03:10:00");

  g_assert_true (migrated->has_utc);
  g_assert_false (migrated->has_offset);

  g_assert_false (ada->has_utc);
  g_assert_false (ada->has_offset);
  g_clear_pointer (&shown, g_free);
  clp_test_set_time_zone ("Europe/Berlin");
  shown = clp_comment_dup_shown_time (ada);
  clp_test_set_time_zone ("UTC");
  g_assert_cmpstr (shown, ==, "2009-08-29T19:00:00");
}

/* A local time too far from the GMT one for any zone is not an offset. */
static void
test_far_offset (void)
{
  static const char xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n"
    "<channel>\n<title>Far</title>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
    "<item>\n<title>One</title>\n"
    "<wp:comment>\n<wp:comment_id>1</wp:comment_id>\n"
    "<wp:comment_author>Ana</wp:comment_author>\n"
    "<wp:comment_date>2019-03-16 09:00:00</wp:comment_date>\n"
    "<wp:comment_date_gmt>2019-03-14 09:00:00</wp:comment_date_gmt>\n"
    "<wp:comment_content>Hi</wp:comment_content>\n</wp:comment>\n</item>\n"
    "</channel>\n</rss>\n";
  g_autoptr(ClpImporter) importer = clp_wordpress_importer_new ();
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (xml, -1, NULL);
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(GError) error = NULL;
  ClpComment *ana;

  g_assert_true (clp_importer_import (importer, stream, "far.xml", CLP_IMPORT_SINK (sink),
                                      NULL, &error));
  g_assert_no_error (error);
  ana = clp_test_sink_find_comment (sink, "Ana", 0);
  g_assert_true (ana->has_utc);
  g_assert_cmpint (ana->posted_utc, ==, 1552554000);
  g_assert_false (ana->has_offset);
  g_assert_true (clp_test_sink_has_warning (sink, "line 8: the comment’s local time "
                                                  "(2019-03-16 09:00:00) is more than 18 hours "
                                                  "from its GMT time (2019-03-14 09:00:00); the "
                                                  "GMT time is kept"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/wordpress/read", test_read);
  g_test_add_func ("/core/wordpress/hostile-html", test_hostile_html);
  g_test_add_func ("/core/wordpress/version-1.0", test_version_1_0);
  g_test_add_func ("/core/wordpress/version-1.1", test_version_1_1);
  g_test_add_func ("/core/wordpress/detect", test_detect);
  g_test_add_func ("/core/wordpress/blank-fields", test_blank_fields);
  g_test_add_func ("/core/wordpress/namespaces", test_namespaces);
  g_test_add_func ("/core/wordpress/mixed-namespaces", test_mixed_namespaces);
  g_test_add_func ("/core/wordpress/detect-version", test_detect_version);
  g_test_add_func ("/core/wordpress/other-prefix", test_other_prefix);
  g_test_add_func ("/core/wordpress/times", test_times);
  g_test_add_func ("/core/wordpress/far-offset", test_far_offset);
  g_test_add ("/core/wordpress/archive", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_archive, clp_test_archive_tear_down);
  g_test_add ("/core/wordpress/reimport", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_reimport, clp_test_archive_tear_down);
  g_test_add ("/core/wordpress/truncated", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_truncated, clp_test_archive_tear_down);

  return g_test_run ();
}
