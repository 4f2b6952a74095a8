/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <string.h>

#include "clp-renderer.h"
#include "clp-test-util.h"

/* The page as a browser would read it, to count what it shows. */
typedef struct
{
  htmlDocPtr         doc;
  xmlXPathContextPtr xpath;
} Page;

static void
page_clear (Page *page)
{
  if (page->xpath != NULL)
    xmlXPathFreeContext (page->xpath);
  if (page->doc != NULL)
    xmlFreeDoc (page->doc);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

static void
page_parse (Page       *page,
            const char *html)
{
  page->doc = htmlReadMemory (html, strlen (html), "page.html", "UTF-8",
                              HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  g_assert_nonnull (page->doc);
  page->xpath = xmlXPathNewContext (page->doc);
}

static int
page_count (Page       *page,
            const char *expression)
{
  xmlXPathObjectPtr result = xmlXPathEvalExpression ((const xmlChar *) expression, page->xpath);
  int n;

  g_assert_nonnull (result);
  n = result->nodesetval != NULL ? result->nodesetval->nodeNr : 0;
  xmlXPathFreeObject (result);
  return n;
}

static char *
page_text (Page       *page,
           const char *expression)
{
  g_autofree char *wrapped = g_strdup_printf ("string(%s)", expression);
  xmlXPathObjectPtr result = xmlXPathEvalExpression ((const xmlChar *) wrapped, page->xpath);
  char *text = g_strdup ((const char *) result->stringval);

  xmlXPathFreeObject (result);
  return text;
}

static ClpComment *
comment (gint64      id,
         gint64      parent,
         const char *author,
         const char *posted_at,
         const char *text)
{
  ClpComment *c = clp_comment_new ();

  c->id = id;
  c->parent_id = parent;
  c->author = g_strdup (author);
  c->posted_at = g_strdup (posted_at);
  c->text = g_strdup (text);
  c->position = id;
  return c;
}

static ClpArticle *
ferry_article (void)
{
  ClpArticle *article = clp_article_new ();

  article->id = 1;
  article->title = g_strdup ("Harbour board delays vote on night ferry timetable");
  article->source = g_strdup ("The Coastal Ledger");
  article->section = g_strdup ("Business");
  article->published = g_strdup ("2019-03-14");
  article->dateline = g_strdup ("PORT ELLIS");
  article->byline = g_strdup ("By Ana <Ruiz>");
  article->caption = g_strdup ("Commuters wait. PHOTO: LEDGER STAFF");
  clp_article_add_paragraph (article, "The harbour board postponed its vote.");
  clp_article_add_paragraph (article, "The board will meet again on March 28.");
  article->declared_comment_count = 6;
  return article;
}

static GPtrArray *
ferry_comments (void)
{
  GPtrArray *comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);

  g_ptr_array_add (comments, comment (11, 0, "Marit", "2019-03-13T21:12:00", "Finally some common sense."));
  g_ptr_array_add (comments, comment (12, 0, "J. Okafor", "2019-03-13T22:05:00",
                                      "I work the late shift.\n\nPlease count us too."));
  g_ptr_array_add (comments, comment (13, 12, "Marit", "2019-03-13T22:31:00", "Fair point."));
  g_ptr_array_add (comments, comment (14, 0, "harbourwatch", "2019-03-14T07:48:00",
                                      "Fuel savings… sure.\nNothing changed then either."));
  g_ptr_array_add (comments, comment (15, 0, "Dev", "2019-03-14T12:00:00",
                                      "<b>Bold</b> claims & no data."));
  g_ptr_array_add (comments, comment (16, 0, "ناصر", "2019-03-15T01:17:00", "اچھی خبر ہے"));
  return comments;
}

static void
test_article (void)
{
  g_autoptr(ClpArticle) article = ferry_article ();
  g_autoptr(GPtrArray) comments = ferry_comments ();
  g_autofree char *html = clp_renderer_render (article, comments, NULL, NULL);
  g_autofree char *title = NULL;
  g_autofree char *first = NULL;
  g_auto(Page) page = { 0 };

  page_parse (&page, html);
  title = page_text (&page, "//h1");
  g_assert_cmpstr (title, ==, "Harbour board delays vote on night ferry timetable");
  g_assert_cmpint (page_count (&page, "//p[@class='kicker']"), ==, 1);
  first = page_text (&page, "//h1/following-sibling::p[1][@class='byline']");
  g_assert_cmpstr (first, ==, "By Ana <Ruiz>");
  g_clear_pointer (&first, g_free);
  g_assert_cmpint (page_count (&page, "//div[@class='body']/p"), ==, 2);
  first = page_text (&page, "//div[@class='body']/p[1]");
  g_assert_cmpstr (first, ==, "PORT ELLIS — The harbour board postponed its vote.");
  g_assert_nonnull (strstr (html, "March 14, 2019"));
  /* Everything it needs is inline: no script, no outside resource. */
  g_assert_cmpint (page_count (&page, "//script | //link | //img | //iframe"), ==, 0);
  g_assert_nonnull (strstr (html, "<style>"));
}

static void
test_escaping (void)
{
  g_autoptr(ClpArticle) article = ferry_article ();
  g_autoptr(GPtrArray) comments = ferry_comments ();
  g_autofree char *html = NULL;
  g_autofree char *text = NULL;
  g_auto(Page) page = { 0 };

  g_free (article->title);
  article->title = g_strdup ("<script>alert(1)</script> & \"quotes\"");
  /* An archive is a file anyone can hand over: even its dates are text. */
  g_free (article->published);
  article->published = g_strdup ("2019\"><img src=x onerror=alert(2)>");
  g_ptr_array_add (comments, comment (17, 0, "\"><img src=x onerror=alert(1)>", NULL,
                                      "</li></ol><script>x()</script>"));
  html = clp_renderer_render (article, comments, NULL, NULL);

  g_assert_nonnull (strstr (html, "&lt;b&gt;Bold&lt;/b&gt; claims &amp; no data."));
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
  page_parse (&page, html);
  g_assert_cmpint (page_count (&page, "//script | //img"), ==, 0);
  /* The hostile comment did not break out of its list item. */
  g_assert_cmpint (page_count (&page, "//li[@class='comment']"), ==, 7);
  text = page_text (&page, "//li[@id='c17']/div[@class='comment-text']");
  g_assert_nonnull (strstr (text, "</li></ol><script>x()</script>"));
  g_free (text);
  text = page_text (&page, "//p[@class='meta']/time/@datetime");
  g_assert_cmpstr (text, ==, "2019\"><img src=x onerror=alert(2)>");
}

/* Replies sit inside their parent, under a fold; every comment has its
 * anchor; text runs in its own direction. */
static void
test_threads (void)
{
  g_autoptr(ClpArticle) article = ferry_article ();
  g_autoptr(GPtrArray) comments = ferry_comments ();
  g_autofree char *html = clp_renderer_render (article, comments, NULL, NULL);
  g_autofree char *heading = NULL;
  g_autofree char *summary = NULL;
  g_auto(Page) page = { 0 };

  page_parse (&page, html);
  heading = page_text (&page, "//section[@class='comments']/h2");
  g_assert_cmpstr (heading, ==, "Reader comments (6)");
  g_assert_cmpint (page_count (&page, "//ol[@class='thread']/li[@class='comment']"), ==, 5);
  g_assert_cmpint (page_count (&page, "//li[@id='c12']/details/ol[@class='replies']/li[@id='c13']"),
                   ==, 1);
  summary = page_text (&page, "//li[@id='c12']/details/summary");
  g_assert_cmpstr (summary, ==, "1 reply");
  for (int id = 11; id <= 16; id++)
    {
      g_autofree char *xpath = g_strdup_printf ("//li[@id='c%d']", id);

      g_assert_cmpint (page_count (&page, xpath), ==, 1);
    }
  g_assert_cmpint (page_count (&page, "//div[@class='comment-text' and @dir='auto']"), ==, 6);
  g_assert_cmpint (page_count (&page, "//li[@id='c16']//span[@class='author' and @dir='auto']"), ==, 1);
  /* A reader's line break is kept; paragraphs are paragraphs. */
  g_assert_nonnull (strstr (html, "Fuel savings… sure.<br>Nothing changed then either."));
  g_assert_cmpint (page_count (&page, "//li[@id='c12']/div[@class='comment-text']/p"), ==, 2);
  g_assert_nonnull (strstr (html, "Mar 13, 2019, 9:12 PM"));
}

static void
test_counts (void)
{
  g_autoptr(ClpArticle) article = ferry_article ();
  g_autoptr(GPtrArray) comments = ferry_comments ();
  g_autofree char *html = NULL;
  g_autofree char *heading = NULL;
  g_auto(Page) page = { 0 };
  ClpRenderSummary summary;

  article->declared_comment_count = 23;
  ((ClpComment *) g_ptr_array_index (comments, 5))->status = CLP_COMMENT_SPAM;
  html = clp_renderer_render (article, comments, NULL, &summary);
  page_parse (&page, html);
  heading = page_text (&page, "//section[@class='comments']/h2");
  g_assert_cmpstr (heading, ==, "Reader comments (5 of 23)");
  /* The spam comment is in the archive, hidden: of the 23, 17 are missing. */
  g_assert_nonnull (strstr (html, "The page claimed 23 comments; 17 are not in the archive."));
  g_assert_nonnull (strstr (html, "1 deleted or spam comment is hidden."));
  g_assert_cmpint (page_count (&page, "//li[@id='c16']"), ==, 0);
  g_assert_cmpuint (summary.n_hidden, ==, 1);
  g_clear_pointer (&html, g_free);
  page_clear (&page);

  /* Asked for, hidden comments show, marked. */
  {
    ClpRenderOptions options = { .show_hidden = TRUE };

    html = clp_renderer_render (article, comments, &options, NULL);
    page_parse (&page, html);
    g_assert_cmpint (page_count (&page, "//li[@id='c16' and contains(@class, 'hidden-comment')]"),
                     ==, 1);
    g_assert_nonnull (strstr (html, ">Spam</span>"));
    g_assert_nonnull (strstr (html, "1 deleted or spam comment is shown, marked."));
  }
}

/* A chain deeper than a page can indent goes on flat and says whom each
 * reply answers. */
static void
test_deep_chain (void)
{
  g_autoptr(ClpArticle) article = ferry_article ();
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
  g_autofree char *html = NULL;
  g_auto(Page) page = { 0 };

  for (int i = 1; i <= 40; i++)
    {
      g_autofree char *author = g_strdup_printf ("person%d", i);

      g_ptr_array_add (comments, comment (i, i - 1, author, NULL, "and another thing"));
    }
  html = clp_renderer_render (article, comments, NULL, NULL);
  page_parse (&page, html);
  g_assert_cmpint (page_count (&page, "//li[@class='comment']"), ==, 40);
  g_assert_cmpint (page_count (&page, "//ol[@class='replies']"), <=, 8);
  g_assert_cmpint (page_count (&page, "//li[@id='c40']//a[@class='reply-to' and @href='#c39']"), ==, 1);
}

/* 1,000 comments: pages of at most a page's size, threads kept whole where
 * they fit, links between pages. */
static void
test_pages (void)
{
  g_autoptr(ClpArticle) article = ferry_article ();
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
  ClpRenderOptions options = { .page_size = 100, .base_uri = "clippings://article/1" };
  ClpRenderSummary summary;
  gint64 id = 1;

  /* 200 threads of five: a top comment and four replies. */
  for (int t = 0; t < 200; t++)
    {
      gint64 top = id;

      g_ptr_array_add (comments, comment (id++, 0, "top", NULL, "top"));
      for (int r = 0; r < 4; r++)
        g_ptr_array_add (comments, comment (id++, top, "reply", NULL, "reply"));
    }

  for (guint p = 1; p <= 10; p++)
    {
      g_autofree char *html = NULL;
      g_auto(Page) page = { 0 };

      options.page = p;
      html = clp_renderer_render (article, comments, &options, &summary);
      page_parse (&page, html);
      g_assert_cmpuint (summary.n_pages, ==, 10);
      g_assert_cmpint (page_count (&page, "//li[@class='comment']"), ==, 100);
      /* Each page starts with a whole thread. */
      g_assert_cmpint (page_count (&page, "//ol[@class='thread']/li"), ==, 20);
      g_assert_cmpint (page_count (&page, "//nav[@class='pages']//a[contains(@href, 'page=')]"),
                       ==, p == 1 || p == 10 ? 2 : 4);
    }
  g_assert_cmpuint (clp_renderer_page_of (comments, &options, 1), ==, 1);
  g_assert_cmpuint (clp_renderer_page_of (comments, &options, 501), ==, 6);
  g_assert_cmpuint (clp_renderer_page_of (comments, &options, 1000), ==, 10);

  /* A thread longer than a page is cut, and the next page says whom its
   * first comment answers. */
  {
    g_autoptr(GPtrArray) long_thread = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
    g_autofree char *html = NULL;
    g_auto(Page) page = { 0 };

    g_ptr_array_add (long_thread, comment (1, 0, "top", NULL, "top"));
    for (int r = 2; r <= 250; r++)
      g_ptr_array_add (long_thread, comment (r, 1, "reply", NULL, "reply"));
    options.page = 2;
    html = clp_renderer_render (article, long_thread, &options, &summary);
    page_parse (&page, html);
    g_assert_cmpuint (summary.n_pages, ==, 3);
    g_assert_cmpint (page_count (&page, "//li[@class='comment']"), ==, 100);
    g_assert_cmpint (page_count (&page, "//li[@id='c101']//a[@class='reply-to' and @href='#c1']"),
                     ==, 1);
  }

  /* An export writes one page with no links. */
  {
    ClpRenderOptions all = { .page_size = G_MAXUINT };
    g_autofree char *html = clp_renderer_render (article, comments, &all, &summary);

    g_assert_cmpuint (summary.n_pages, ==, 1);
    g_assert_null (strstr (html, "page="));
  }
}

/* Filters keep what answers a match, dimmed. */
static void
test_filter_context (void)
{
  g_autoptr(ClpArticle) article = ferry_article ();
  g_autoptr(GPtrArray) comments = ferry_comments ();
  g_autoptr(GHashTable) matching = g_hash_table_new (g_int64_hash, g_int64_equal);
  static gint64 reply = 13, dev = 15;
  ClpRenderOptions options = { .matching = matching, .only_matching = TRUE };
  ClpRenderSummary summary;
  g_autofree char *html = NULL;
  g_autofree char *heading = NULL;
  g_auto(Page) page = { 0 };

  g_hash_table_add (matching, &reply);
  g_hash_table_add (matching, &dev);
  html = clp_renderer_render (article, comments, &options, &summary);
  page_parse (&page, html);
  heading = page_text (&page, "//section[@class='comments']/h2");
  g_assert_cmpstr (heading, ==, "Reader comments (2 of 6)");
  g_assert_cmpint (page_count (&page, "//li[@class='comment']"), ==, 2);
  g_assert_cmpint (page_count (&page, "//li[@class='comment context' and @id='c12']"), ==, 1);
  g_assert_cmpint (page_count (&page, "//li[@id='c12']/details/ol/li[@id='c13']"), ==, 1);
  g_assert_cmpint (page_count (&page, "//li[@id='c11'] | //li[@id='c14'] | //li[@id='c16']"), ==, 0);
  g_assert_cmpuint (summary.n_matching, ==, 2);
  g_assert_cmpuint (summary.n_shown, ==, 3);
}

/* Marks go around whole words, ignoring case and accents; escaping comes
 * first, so a term never matches inside markup. */
static void
test_marks (void)
{
  g_autoptr(ClpQuery) query = clp_query_parse ("RIDERSHIP lt commu* \"no data\" -excluded", NULL);
  g_autoptr(ClpQuery) authors = clp_query_parse ("author:marit", NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  clp_renderer_append_marked (out, "<lt> Rídership commuters & community; no  data, no data; "
                              "excluded.", query, CLP_QUERY_FIELD_TEXT);
  g_assert_cmpstr (out->str, ==,
                   "&lt;<mark>lt</mark>&gt; <mark>Rídership</mark> <mark>commuters</mark> &amp; "
                   "<mark>community</mark>; <mark>no  data</mark>, <mark>no data</mark>; excluded.");
  g_string_truncate (out, 0);
  clp_renderer_append_marked (out, "ridershipping", query, CLP_QUERY_FIELD_TEXT);
  g_assert_cmpstr (out->str, ==, "ridershipping");

  /* author: marks names, not text. */
  g_string_truncate (out, 0);
  clp_renderer_append_marked (out, "Marit", authors, CLP_QUERY_FIELD_AUTHOR);
  g_assert_cmpstr (out->str, ==, "<mark>Marit</mark>");
  g_string_truncate (out, 0);
  clp_renderer_append_marked (out, "Marit said", authors, CLP_QUERY_FIELD_TEXT);
  g_assert_cmpstr (out->str, ==, "Marit said");
}

/* HTML from Disqus and WordPress, as the sanitizer stored it, is marked
 * too: between its tags, never inside a tag or a reference. */
static void
test_marks_in_stored_html (void)
{
  g_autoptr(ClpArticle) article = ferry_article ();
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
  g_autoptr(ClpQuery) query = clp_query_parse ("ferry OR bus OR amp OR em OR lt", NULL);
  g_autofree char *html = NULL;
  ClpComment *c = comment (1, 0, "a", NULL, "The night ferry & bus <em>");
  ClpRenderOptions options = { 0 };
  g_auto(Page) page = { 0 };

  c->html = g_strdup ("<p>The night <em>ferry</em> &amp; bus &lt;em&gt;</p>");
  g_ptr_array_add (comments, c);
  article->body_html = g_strdup ("<p>A <strong>ferry</strong> at <a href=\"https://bus.example/\">"
                                 "the bus stop</a></p>");
  options.query = query;
  html = clp_renderer_render (article, comments, &options, NULL);

  g_assert_nonnull (strstr (html, "<p>The night <em><mark>ferry</mark></em> &amp; <mark>bus</mark> "
                                  "&lt;<mark>em</mark>&gt;</p>"));
  g_assert_nonnull (strstr (html, "<p>A <strong><mark>ferry</mark></strong> at "
                                  "<a href=\"https://bus.example/\">the <mark>bus</mark> stop</a></p>"));
  g_assert_null (strstr (html, "&<mark>amp"));
  g_assert_null (strstr (html, "<<mark>em"));
  page_parse (&page, html);
  g_assert_cmpint (page_count (&page, "//li[@id='c1']//mark"), ==, 3);

  /* Without a query the stored HTML is written as it is. */
  g_clear_pointer (&html, g_free);
  html = clp_renderer_render (article, comments, NULL, NULL);
  g_assert_nonnull (strstr (html, "<p>The night <em>ferry</em> &amp; bus &lt;em&gt;</p>"));
}

static void
test_links (void)
{
  g_autoptr(ClpArticle) article = ferry_article ();
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
  g_autofree char *html = NULL;
  g_auto(Page) page = { 0 };

  g_ptr_array_add (comments, comment (1, 0, "a", NULL,
                                      "See https://example.org/a?b=1&c=\"2\". And javascript:alert(1) "
                                      "or http:// alone."));
  html = clp_renderer_render (article, comments, NULL, NULL);
  page_parse (&page, html);
  g_assert_cmpint (page_count (&page, "//li[@id='c1']//a[@href='https://example.org/a?b=1&c=']"), ==, 1);
  g_assert_cmpint (page_count (&page, "//a[starts-with(@href, 'javascript')]"), ==, 0);
}

/* A fold says how many comments it hides: the whole sub-thread under a
 * comment, not only its direct replies. */
static void
test_fold_counts (void)
{
  g_autoptr(ClpArticle) article = ferry_article ();
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
  g_autofree char *html = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_auto(Page) page = { 0 };

  g_ptr_array_add (comments, comment (1, 0, "a", NULL, "top"));
  g_ptr_array_add (comments, comment (2, 1, "b", NULL, "reply"));
  g_ptr_array_add (comments, comment (3, 2, "c", NULL, "reply to the reply"));
  g_ptr_array_add (comments, comment (4, 3, "d", NULL, "and deeper"));
  g_ptr_array_add (comments, comment (5, 1, "e", NULL, "another reply"));
  g_ptr_array_add (comments, comment (6, 0, "f", NULL, "next thread"));
  html = clp_renderer_render (article, comments, NULL, NULL);
  page_parse (&page, html);
  first = page_text (&page, "//li[@id='c1']/details/summary");
  second = page_text (&page, "//li[@id='c2']/details/summary");
  third = page_text (&page, "//li[@id='c3']/details/summary");
  g_assert_cmpstr (first, ==, "4 replies");
  g_assert_cmpstr (second, ==, "2 replies");
  g_assert_cmpstr (third, ==, "1 reply");
  g_assert_cmpint (page_count (&page, "//li[@id='c6']/details"), ==, 0);
}

/* Addresses in HTML from Disqus and WordPress are links, as in plain
 * comments: the sanitizer keeps a link's address as text after it. A
 * link already there is not linked again. */
static void
test_links_in_stored_html (void)
{
  g_autoptr(ClpArticle) article = ferry_article ();
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
  g_autoptr(ClpQuery) query = clp_query_parse ("timetable", NULL);
  g_autofree char *html = NULL;
  ClpComment *c = comment (1, 0, "a", NULL, "The timetable (https://ledger.example/t?a=1&b=2)");
  ClpRenderOptions options = { 0 };
  g_auto(Page) page = { 0 };

  c->html = g_strdup ("<p>The <em>timetable</em> (https://ledger.example/t?a=1&amp;b=2)</p>");
  g_ptr_array_add (comments, c);
  article->body_html = g_strdup ("<p>See <a href=\"https://bus.example/\">https://bus.example/</a></p>");
  html = clp_renderer_render (article, comments, NULL, NULL);
  page_parse (&page, html);
  g_assert_cmpint (page_count (&page, "//li[@id='c1']//a[@href='https://ledger.example/t?a=1&b=2']"), ==, 1);
  g_assert_cmpint (page_count (&page, "//a[@href='https://bus.example/']"), ==, 1);
  g_assert_cmpint (page_count (&page, "//a//a"), ==, 0);

  /* With a search, marked and linked both. */
  g_clear_pointer (&html, g_free);
  options.query = query;
  html = clp_renderer_render (article, comments, &options, NULL);
  g_assert_nonnull (strstr (html, "<em><mark>timetable</mark></em> (<a href=\"https://ledger.example/t?a=1&amp;b=2\">"));
}

/* The timeline: a bar for each hour with comments, linked to a filter for
 * that hour; times it cannot read are left out rather than drawn wrong. */
static void
test_timeline (void)
{
  g_autoptr(ClpArticle) article = ferry_article ();
  g_autoptr(GPtrArray) comments = ferry_comments ();
  g_autoptr(GPtrArray) odd = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
  ClpRenderOptions options = { .base_uri = "clippings://article/1" };
  g_autofree char *html = NULL;
  g_autofree char *odd_html = NULL;
  g_autofree char *caption = NULL;
  ClpComment *far;
  g_auto(Page) page = { 0 };
  g_auto(Page) odd_page = { 0 };

  html = clp_renderer_render (article, comments, &options, NULL);
  page_parse (&page, html);
  /* 9 PM and 10 PM on the 13th, 7 AM and noon on the 14th, 1 AM on the 15th. */
  g_assert_cmpint (page_count (&page, "//figure[@class='timeline']//*[@class='bar']"), ==, 5);
  g_assert_nonnull (strstr (html, "clippings://action/filter?from=2019-03-13T22:00&amp;"
                                  "to=2019-03-13T22:59"));
  caption = page_text (&page, "//figure[@class='timeline']/figcaption/span[1]");
  g_assert_cmpstr (caption, ==, "Mar 13, 2019, 9:12 PM");

  /* Before 1970 an hour still starts on the hour. An instant with no
   * local time shows the time as saved; a time that is no time is left
   * out. */
  g_ptr_array_add (odd, comment (1, 0, "a", "1969-12-31T23:30:00", "Late."));
  g_ptr_array_add (odd, comment (2, 0, "b", "1970-01-01T00:10:00", "Early."));
  far = comment (3, 0, "c", "1970-01-01T00:20:00", "Far.");
  far->has_utc = TRUE;
  far->posted_utc = G_GINT64_CONSTANT (400000000000);
  g_ptr_array_add (odd, far);
  g_ptr_array_add (odd, comment (4, 0, "d", "not a time", "Odd."));
  odd_html = clp_renderer_render (article, odd, &options, NULL);
  page_parse (&odd_page, odd_html);
  g_assert_cmpint (page_count (&odd_page, "//figure[@class='timeline']//*[@class='bar']"), ==, 2);
  g_assert_nonnull (strstr (odd_html, "filter?from=1969-12-31T23:00&amp;to=1969-12-31T23:59"));
  g_assert_nonnull (strstr (odd_html, "<title>Jan 1, 12 AM: 2 comments</title>"));
  g_assert_cmpint (page_count (&odd_page, "//li[@id='c3']//time[@datetime='1970-01-01T00:20:00']"),
                   ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/renderer/article", test_article);
  g_test_add_func ("/core/renderer/escaping", test_escaping);
  g_test_add_func ("/core/renderer/threads", test_threads);
  g_test_add_func ("/core/renderer/counts", test_counts);
  g_test_add_func ("/core/renderer/deep-chain", test_deep_chain);
  g_test_add_func ("/core/renderer/pages", test_pages);
  g_test_add_func ("/core/renderer/filter-context", test_filter_context);
  g_test_add_func ("/core/renderer/marks", test_marks);
  g_test_add_func ("/core/renderer/marks-in-stored-html", test_marks_in_stored_html);
  g_test_add_func ("/core/renderer/links", test_links);
  g_test_add_func ("/core/renderer/fold-counts", test_fold_counts);
  g_test_add_func ("/core/renderer/links-in-stored-html", test_links_in_stored_html);
  g_test_add_func ("/core/renderer/timeline", test_timeline);

  return g_test_run ();
}
