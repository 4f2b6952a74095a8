/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <malloc.h>
#include <string.h>
#include <time.h>

#include "clp-disqus-importer.h"
#include "clp-html-sanitizer.h"
#include "clp-json-importer.h"
#include "clp-test-util.h"
#include "clp-text-importer.h"
#include "clp-wordpress-importer.h"

/* Input size, not input shape, sets the cost: each shape of input that
 * could make the sanitizer or an importer slower than linear (a long
 * CDATA section full of markup, deep nesting, long runs of one character,
 * many captions, duplicate keys…) is given at one size and at ten times
 * that size, and the processor time must grow no more than about ten
 * times. The bound is 20×, far from the 100× of a quadratic path; the
 * inputs are large enough for the smaller to take milliseconds. */

#define GROWTH 10
#define BOUND  20.0

typedef enum
{
  TARGET_SANITIZER,
  TARGET_SANITIZER_LINE_BREAKS,
  TARGET_TEXT,
  TARGET_DISQUS,
  TARGET_WORDPRESS,
  TARGET_JSON,
} Target;

typedef struct
{
  const char *name;
  Target      target;
  const char *head;
  const char *unit;  /* repeated; "%u" in it is the unit's number */
  const char *tail;
  guint       n;     /* units at the smaller size */
} Shape;

#define WXR_HEAD \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"" \
  " xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel><title>Site</title>\n"
#define WXR_ITEM \
  "<item><title>Post</title><link>https://site.example/p</link>" \
  "<wp:post_date>2019-03-14 10:00:00</wp:post_date><wp:post_type>post</wp:post_type>\n"
#define WXR_GROUP \
  "<wp:comment>\n<wp:comment_id>%u</wp:comment_id>\n" \
  "<wp:comment_author>Somebody</wp:comment_author>\n" \
  "<wp:comment_date_gmt>2019-03-14 10:00:00</wp:comment_date_gmt>\n" \
  "<wp:comment_content>A comment on the <em>ferry</em> &amp; the pier.</wp:comment_content>\n" \
  "</wp:comment>\n"
#define DISQUS_HEAD \
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" \
  "<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">\n" \
  "<thread dsq:id=\"1\"><link>https://site.example/a</link><title>A</title>" \
  "<createdAt>2019-03-14T10:00:00Z</createdAt></thread>\n"
#define TEXT_HEAD \
  "Night ferry keeps its sailing\n\nPublished: March 14, 2019\n\nThe board voted.\n\n" \
  "Reader Comments (3)\n\n"
#define TEXT_COMMENT "  \u2022 Marit\n    Mar 13, 2019 - 9:12PM\n\n"
#define JSON_HEAD "{\"format\": \"clippings\", \"version\": 1, \"articles\": ["
#define JSON_ARTICLE "{\"title\": \"T\", \"comments\": ["

static const Shape shapes[] = {
  /* The sanitizer, as Disqus (no flags) and WordPress (line breaks) use it. */
  { "wxr-groups", TARGET_SANITIZER_LINE_BREAKS, "", WXR_GROUP, "", 1000 },
  { "unclosed-inline", TARGET_SANITIZER, "", "<b>x <i>y ", "", 4000 },
  { "unclosed-div", TARGET_SANITIZER, "", "<div>x ", "", 8000 },
  { "unclosed-quote", TARGET_SANITIZER, "", "<blockquote>x ", "", 8000 },
  { "unclosed-items", TARGET_SANITIZER, "", "<ul><li>x ", "", 8000 },
  { "items", TARGET_SANITIZER, "<ol>", "<li>x ", "</ol>", 8000 },
  { "links", TARGET_SANITIZER, "", "<a href=\"https://site.example/%u\">link</a> ", "", 3000 },
  { "unclosed-links", TARGET_SANITIZER, "", "<a href=\"https://site.example/%u\">link ", "",
    3000 },
  { "paragraphs", TARGET_SANITIZER, "", "<p>words in a paragraph</p>", "", 4000 },
  { "line-breaks", TARGET_SANITIZER_LINE_BREAKS, "", "a line\n", "", 10000 },
  { "blank-lines", TARGET_SANITIZER_LINE_BREAKS, "", "a paragraph\n\n", "", 10000 },
  { "br", TARGET_SANITIZER, "x", "<br>", "y", 10000 },
  { "misnested", TARGET_SANITIZER, "", "<i>y<b>x</i> ", "", 4000 },
  { "entities", TARGET_SANITIZER, "", "&amp;&lt;&#233;&nbsp;", "", 8000 },
  { "space", TARGET_SANITIZER, "x", " \t\n ", "y", 30000 },
  { "pre", TARGET_SANITIZER, "<pre>", "a line\n", "</pre>", 10000 },
  { "word", TARGET_SANITIZER, "", "abcdefghij", "", 20000 },
  { "attribute", TARGET_SANITIZER, "<a href=\"https://site.example/", "abcdefghij",
    "\">x</a>", 20000 },
  { "comments", TARGET_SANITIZER, "", "<!-- x -->y ", "", 8000 },
  { "table", TARGET_SANITIZER, "<table>", "<tr><td>x<td>y", "</table>", 4000 },
  { "script", TARGET_SANITIZER, "<script>", "if (a < b) x(); ", "</script>", 8000 },

  /* Saved-article text. */
  { "comments", TARGET_TEXT, TEXT_HEAD, TEXT_COMMENT "    Some text.\n\n\n", "", 2000 },
  { "reply-sawtooth", TARGET_TEXT, TEXT_HEAD,
    TEXT_COMMENT "    A top comment.\n\n\n"
    "    \u2022 Dev\n      Mar 13, 2019 - 9:14PM\n\n      A reply.\n\n\n"
    "      \u2022 Ann\n        Mar 13, 2019 - 9:15PM\n\n        Deeper.\n\n\n"
    "        \u2022 Bo\n          Mar 13, 2019 - 9:16PM\n\n          Deeper still.\n\n\n",
    "", 500 },
  { "captions", TARGET_TEXT, "Title\n\nPublished: March 14, 2019\n",
    "Harbour at dawn %u PHOTO: Staff\n", "\nThe body.\n", 3000 },
  { "trailing-nbsp", TARGET_TEXT, TEXT_HEAD TEXT_COMMENT "    Text", "\u00a0", "\n", 20000 },
  { "leading-nbsp", TARGET_TEXT, TEXT_HEAD TEXT_COMMENT "    Text\n", "\u00a0", "x\n", 20000 },
  { "tabs", TARGET_TEXT, TEXT_HEAD TEXT_COMMENT "    Text\n", "\t", "x\n", 20000 },
  { "body-lines", TARGET_TEXT, "Title\n\nPublished: March 14, 2019\n\n", "a line of the body\n",
    "", 5000 },
  { "body-paragraphs", TARGET_TEXT, "Title\n\nPublished: March 14, 2019\n\n",
    "A paragraph.\n\n", "", 5000 },
  { "footer-commas", TARGET_TEXT, "Title\n\nBody.\n\nPublished in The Ledger", ", x", ".\n",
    10000 },
  { "comment-paragraphs", TARGET_TEXT, TEXT_HEAD TEXT_COMMENT, "    A paragraph.\n\n", "", 5000 },
  { "comment-list", TARGET_TEXT, TEXT_HEAD TEXT_COMMENT "    Text\n", "    - item\n", "", 5000 },

  /* Disqus. */
  { "posts", TARGET_DISQUS, DISQUS_HEAD,
    "<post dsq:id=\"p%u\"><message><![CDATA[<p>Hello <b>there</b></p>]]></message>"
    "<createdAt>2019-03-14T10:00:00Z</createdAt><author><name>A</name></author>"
    "<thread dsq:id=\"1\"/></post>\n", "</disqus>", 1000 },
  { "reply-chain", TARGET_DISQUS, DISQUS_HEAD,
    "<post dsq:id=\"p%u\"><message>Hi</message><thread dsq:id=\"1\"/>"
    "<parent dsq:id=\"p%u\"/></post>\n", "</disqus>", 1000 },
  { "cdata-markup", TARGET_DISQUS, DISQUS_HEAD "<post dsq:id=\"p\"><message><![CDATA[",
    "<p>A line with <a href=\"https://site.example/\">a link</a> in it.</p>\n",
    "]]></message><thread dsq:id=\"1\"/></post></disqus>", 2000 },
  { "threads", TARGET_DISQUS, DISQUS_HEAD,
    "<thread dsq:id=\"t%u\"><link>https://site.example/%u</link><title>T</title></thread>\n",
    "</disqus>", 1000 },
  { "categories", TARGET_DISQUS, DISQUS_HEAD,
    "<category dsq:id=\"c%u\"><forum>f</forum><title>General</title></category>\n",
    "</disqus>", 2000 },

  /* WordPress. */
  { "body-groups", TARGET_WORDPRESS, WXR_HEAD WXR_ITEM "<content:encoded><![CDATA[",
    WXR_GROUP, "]]></content:encoded></item></channel></rss>", 1000 },
  { "comments", TARGET_WORDPRESS, WXR_HEAD WXR_ITEM, WXR_GROUP, "</item></channel></rss>",
    1000 },
  { "items", TARGET_WORDPRESS, WXR_HEAD, WXR_ITEM "</item>\n", "</channel></rss>", 1000 },
  { "comment-cdata", TARGET_WORDPRESS,
    WXR_HEAD WXR_ITEM "<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content><![CDATA[",
    "a line with <b>markup</b> & more\n",
    "]]></wp:comment_content></wp:comment></item></channel></rss>", 3000 },
  { "categories", TARGET_WORDPRESS, WXR_HEAD WXR_ITEM,
    "<category domain=\"post_tag\" nicename=\"t%u\"><![CDATA[Tag]]></category>\n",
    "</item></channel></rss>", 3000 },

  /* Clippings JSON. */
  { "articles", TARGET_JSON, JSON_HEAD, "{\"title\": \"T%u\", \"body\": [\"P\"]},",
    "{}]}", 1000 },
  { "comments", TARGET_JSON, JSON_HEAD JSON_ARTICLE,
    "{\"id\": %u, \"parent_id\": null, \"author\": \"A\", \"text\": \"Hello\"},", "{}]}]}",
    2000 },
  { "reply-chain", TARGET_JSON, JSON_HEAD JSON_ARTICLE,
    "{\"id\": %u, \"parent_id\": %u, \"author\": \"A\", \"text\": \"Hello\"},", "{}]}]}",
    2000 },
  { "paragraphs", TARGET_JSON, JSON_HEAD "{\"title\": \"T\", \"body\": [", "\"A paragraph.\",",
    "\"End\"]}]}", 5000 },
  { "duplicate-keys", TARGET_JSON, JSON_HEAD "{\"title\": \"T\", ", "\"title\": \"T%u\", ",
    "\"url\": null}]}", 3000 },
  { "distinct-keys", TARGET_JSON, JSON_HEAD "{\"title\": \"T\", ", "\"key%u\": 1, ",
    "\"url\": null}]}", 3000 },
  { "escapes", TARGET_JSON, JSON_HEAD "{\"title\": \"", "\\u00e9\\n\\\"", "\"}]}", 10000 },
  { "members", TARGET_JSON, "{\"format\": \"clippings\", ", "\"x%u\": [1, {\"a\": \"b\"}], ",
    "\"articles\": [{}]}", 3000 },
};

static char *
make_input (const Shape *shape,
            guint        n,
            gsize       *length)
{
  GString *input = g_string_new (shape->head);

  for (guint i = 0; i < n; i++)
    {
      const char *unit = shape->unit;
      const char *mark;

      /* Each "%u" is the unit's number, and the one before it after the
       * first, so that a chain of replies names its parent. */
      for (guint k = 0; (mark = strstr (unit, "%u")) != NULL; k++)
        {
          g_string_append_len (input, unit, mark - unit);
          g_string_append_printf (input, "%u", k == 0 ? i + 1 : i);
          unit = mark + 2;
        }
      g_string_append (input, unit);
    }
  g_string_append (input, shape->tail);
  *length = input->len;
  return g_string_free (input, FALSE);
}

static double
cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

static GType
importer_type (Target target)
{
  switch (target)
    {
    case TARGET_TEXT: return CLP_TYPE_TEXT_IMPORTER;
    case TARGET_DISQUS: return CLP_TYPE_DISQUS_IMPORTER;
    case TARGET_WORDPRESS: return CLP_TYPE_WORDPRESS_IMPORTER;
    case TARGET_JSON: return CLP_TYPE_JSON_IMPORTER;
    case TARGET_SANITIZER:
    case TARGET_SANITIZER_LINE_BREAKS:
    default: g_assert_not_reached ();
    }
}

/* Processor time of one run over @input; the importers must accept it. */
static double
measure (const Shape *shape,
         const char  *input,
         gsize        length)
{
  double start = cpu_seconds ();

  if (shape->target == TARGET_SANITIZER || shape->target == TARGET_SANITIZER_LINE_BREAKS)
    {
      g_autofree char *text = NULL;
      g_autofree char *clean = clp_html_sanitizer_clean (input,
                                                         shape->target == TARGET_SANITIZER
                                                         ? CLP_HTML_SANITIZER_NONE
                                                         : CLP_HTML_SANITIZER_LINE_BREAKS,
                                                         &text);

      g_assert_nonnull (clean);
    }
  else
    {
      g_autoptr(ClpImporter) importer = g_object_new (importer_type (shape->target), NULL);
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (input, length, NULL);
      g_autoptr(ClpTestSink) sink = clp_test_sink_new_counting ();
      g_autoptr(GError) error = NULL;

      clp_importer_import (importer, stream, "input", CLP_IMPORT_SINK (sink), NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sink->n_articles, >, 0);
    }
  return cpu_seconds () - start;
}

static void
test_growth (gconstpointer data)
{
  const Shape *shape = data;
  gsize small_length, large_length;
  g_autofree char *small = make_input (shape, shape->n, &small_length);
  g_autofree char *large = make_input (shape, shape->n * GROWTH, &large_length);
  double small_time = G_MAXDOUBLE, large_time = G_MAXDOUBLE;

  /* The least of a few runs, the two sizes taken in turn: what the work
   * costs, without what else the machine was doing. A first run of the
   * larger input makes the heap as large as the runs need, so that the
   * kernel's work of finding pages for it does not count as the
   * parser's. Processor time still grows when another program shares the
   * core, so a ratio over the bound is measured again, up to three times:
   * a quadratic path is over it every time. */
  measure (shape, large, large_length);
  for (int attempt = 0; attempt < 3; attempt++)
    {
      small_time = large_time = G_MAXDOUBLE;
      for (int i = 0; i < 3; i++)
        {
          small_time = MIN (small_time, measure (shape, small, small_length));
          large_time = MIN (large_time, measure (shape, large, large_length));
        }
      g_test_message ("%s: %" G_GSIZE_FORMAT " bytes in %.4f s, %" G_GSIZE_FORMAT
                      " bytes in %.4f s: %.1f times",
                      shape->name, small_length, small_time, large_length, large_time,
                      large_time / MAX (small_time, 1e-6));
      /* A millisecond is the floor, so that timer noise on a tiny time is
       * no failure. */
      if (large_time < BOUND * MAX (small_time, 0.001))
        break;
    }
  g_assert_cmpfloat (large_time, <, BOUND * MAX (small_time, 0.001));
}

int
main (int    argc,
      char **argv)
{
  static const char * const target_names[] = {
    "sanitizer", "sanitizer-line-breaks", "text", "disqus", "wordpress", "json",
  };

  g_test_init (&argc, &argv, NULL);
  /* Memory freed stays with the process, for the next run. */
  mallopt (M_TRIM_THRESHOLD, 1 << 30);
  mallopt (M_MMAP_THRESHOLD, 1 << 30);

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/input-cost/%s/%s",
                                               target_names[shapes[i].target], shapes[i].name);

      g_test_add_data_func (path, &shapes[i], test_growth);
    }
  return g_test_run ();
}
