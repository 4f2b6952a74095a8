/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-importer.h"
#include "clp-test-util.h"

#define FERRY_TITLE "Harbour board delays vote on night ferry timetable"
#define BIKE_TITLE  "Council backs painted bike lanes on Quay Street"
#define NO_THREAD   "Comments without a thread"
#define SECRET      "XXE-SECRET-c4f2e9"

static ClpArticle *
article_with_key (ClpTestSink *sink,
                  const char  *key)
{
  for (guint i = 0; i < sink->articles->len; i++)
    {
      ClpArticle *article = g_ptr_array_index (sink->articles, i);

      if (g_strcmp0 (article->key, key) == 0)
        return article;
    }
  return NULL;
}

/* What the importer reads from an export, before the archive sees it. */
static void
test_read (void)
{
  g_autoptr(ClpTestSink) sink = clp_test_sink_import ("disqus-harbour.xml");
  ClpArticle *ferry, *bikes;
  ClpComment *marit, *okafor, *dev, *deleted, *spam, *lost, *nasir;

  g_assert_cmpuint (sink->articles->len, ==, 2);
  g_assert_cmpuint (sink->comments->len, ==, 7);
  g_assert_cmpuint (sink->warnings->len, ==, 0);

  ferry = g_ptr_array_index (sink->articles, 0);
  g_assert_cmpstr (ferry->title, ==, FERRY_TITLE);
  g_assert_cmpstr (ferry->url, ==, "https://ledger.example/2019/03/ferry-timetable");
  g_assert_cmpstr (ferry->published, ==, "2019-03-13");
  /* The forum is the source. */
  g_assert_cmpstr (ferry->source, ==, "coastal-ledger");
  bikes = g_ptr_array_index (sink->articles, 1);
  g_assert_cmpstr (bikes->title, ==, BIKE_TITLE);
  /* createdAt is UTC: one second before midnight is still that day. */
  g_assert_cmpstr (bikes->published, ==, "2019-04-01");

  marit = clp_test_sink_find_comment (sink, "Marit", 0);
  g_assert_cmpstr (marit->article_key, ==, ferry->key);
  g_assert_null (marit->parent_key);
  g_assert_cmpstr (marit->posted_at, ==, "2019-03-13T21:12:00");
  g_assert_true (marit->has_utc);
  g_assert_cmpint (marit->posted_utc, ==, 1552511520);
  /* CDATA holds the HTML; the safe part of it is kept. */
  g_assert_cmpstr (marit->html, ==,
                   "<p>Finally some <b>common</b> sense.</p>"
                   "<p>Second thought: keep the 12:15 boat.</p>");
  g_assert_cmpstr (marit->text, ==,
                   "Finally some common sense.\n\nSecond thought: keep the 12:15 boat.");
  g_assert_cmpint (marit->status, ==, CLP_COMMENT_VISIBLE);

  /* Okafor answers Dev, whose post comes later in the file. */
  okafor = clp_test_sink_find_comment (sink, "J. Okafor", 0);
  dev = clp_test_sink_find_comment (sink, "Dev", 0);
  g_assert_cmpstr (okafor->parent_key, ==, dev->key);
  g_assert_cmpstr (dev->parent_key, ==, marit->key);
  g_assert_cmpstr (okafor->text, ==, "Agreed & thanks for the link.");
  g_assert_cmpint (okafor->posted_utc, ==, 1552516305);

  /* Deleted and spam posts are kept, marked. */
  deleted = clp_test_sink_find_comment (sink, "harbourwatch", 0);
  spam = clp_test_sink_find_comment (sink, "Ticket Bargains", 0);
  g_assert_cmpint (deleted->status, ==, CLP_COMMENT_DELETED);
  g_assert_cmpint (spam->status, ==, CLP_COMMENT_SPAM);

  /* A post may name a thread that is not in the file, or that comes
   * after it. */
  lost = clp_test_sink_find_comment (sink, "Lost Reader", 0);
  g_assert_null (article_with_key (sink, lost->article_key));
  nasir = clp_test_sink_find_comment (sink, "\u0646\u0627\u0635\u0631", 0);
  g_assert_cmpstr (nasir->article_key, ==, bikes->key);

  /* A message escaped instead of in CDATA is the same HTML; what the
   * reader typed as markup stays text. */
  g_assert_cmpstr (nasir->text, ==, "Escaped markup: I typed <b> myself.");
  g_assert_cmpstr (nasir->html, ==, "<p>Escaped markup: I typed &lt;b&gt; myself.</p>");

  /* Keys are unique within the file. */
  for (guint i = 0; i < sink->comments->len; i++)
    for (guint j = i + 1; j < sink->comments->len; j++)
      g_assert_cmpstr (((ClpComment *) g_ptr_array_index (sink->comments, i))->key, !=,
                       ((ClpComment *) g_ptr_array_index (sink->comments, j))->key);
}

/* Script, style, iframes, event attributes, javascript: links and remote
 * images in a post are gone; the reader's words and a real link stay. */
static void
test_hostile_html (void)
{
  g_autoptr(ClpTestSink) sink = clp_test_sink_import ("disqus-harbour.xml");
  ClpComment *dev = clp_test_sink_find_comment (sink, "Dev", 0);
  static const char * const forbidden[] = {
    "<script", "alert", "onclick", "onerror", "style", "href", "src", "javascript", "iframe",
    "tracker.example", "evil.example", "<img", "<a",
  };

  g_assert_cmpstr (dev->html, ==,
                   "<p>Look here and at the minutes (https://harbour.example/minutes).</p>");
  g_assert_cmpstr (dev->text, ==,
                   "Look here and at the minutes (https://harbour.example/minutes).");
  for (guint i = 0; i < sink->comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (sink->comments, i);

      for (guint j = 0; j < G_N_ELEMENTS (forbidden); j++)
        {
          g_assert_null (strstr (comment->html, forbidden[j]));
          g_assert_null (strstr (comment->text, forbidden[j]));
        }
    }
}

/* In the archive: threads with their replies, orphans under one article
 * of their own, hidden comments counted apart. */
static void
test_archive (ClpTestArchive *archive,
              gconstpointer   data)
{
  g_autoptr(ClpImportReport) report = clp_test_archive_import (archive, "disqus-harbour.xml");
  g_autoptr(ClpArticle) ferry = NULL;
  g_autoptr(ClpArticle) orphans = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GPtrArray) orphan_comments = NULL;
  ClpComment *marit, *dev, *okafor;

  g_assert_no_error (report->error);
  g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpstr (report->importer, ==, "disqus");
  g_assert_cmpint (report->articles_new, ==, 3);
  g_assert_cmpint (report->comments_new, ==, 7);
  g_assert_cmpint (report->orphans, ==, 1);
  g_assert_cmpint (report->unresolved_parents, ==, 0);

  ferry = clp_test_archive_find_article (archive, FERRY_TITLE);
  g_assert_cmpstr (ferry->source, ==, "coastal-ledger");
  g_assert_cmpint (ferry->comment_count, ==, 3);
  g_assert_cmpint (ferry->hidden_comment_count, ==, 2);
  comments = clp_test_archive_comments (archive, ferry->id);
  g_assert_cmpuint (comments->len, ==, 5);
  marit = clp_test_find_comment (comments, "Marit", 0);
  dev = clp_test_find_comment (comments, "Dev", 0);
  okafor = clp_test_find_comment (comments, "J. Okafor", 0);
  g_assert_cmpint (marit->parent_id, ==, 0);
  g_assert_cmpint (dev->parent_id, ==, marit->id);
  g_assert_cmpint (okafor->parent_id, ==, dev->id);
  g_assert_cmpint (okafor->depth, ==, 2);
  g_assert_cmpint (marit->reply_count, ==, 1);
  g_assert_true (okafor->has_utc);
  g_assert_cmpint (okafor->posted_utc, ==, 1552516305);
  g_assert_cmpstr (okafor->posted_at, ==, "2019-03-13T22:31:45");
  g_assert_cmpint (clp_test_find_comment (comments, "Ticket Bargains", 0)->status, ==,
                   CLP_COMMENT_SPAM);

  orphans = clp_test_archive_find_article (archive, NO_THREAD);
  g_assert_cmpstr (orphans->source, ==, "coastal-ledger");
  orphan_comments = clp_test_archive_comments (archive, orphans->id);
  g_assert_cmpuint (orphan_comments->len, ==, 1);
  g_assert_cmpstr (((ClpComment *) g_ptr_array_index (orphan_comments, 0))->author, ==,
                   "Lost Reader");
}

/* A newer export of the same threads merges: nothing twice, new replies
 * under the comments they answer. */
static void
test_reimport (ClpTestArchive *archive,
               gconstpointer   data)
{
  g_autoptr(ClpImportReport) first = clp_test_archive_import (archive, "disqus-harbour.xml");
  g_autoptr(ClpImportReport) second = clp_test_archive_import (archive,
                                                               "disqus-harbour-newer.xml");
  g_autoptr(ClpArticle) ferry = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GArray) ids = NULL;
  ClpComment *okafor, *late;

  g_assert_no_error (first->error);
  g_assert_no_error (second->error);
  g_assert_cmpint (second->articles_new, ==, 0);
  g_assert_cmpint (second->articles_merged, ==, 2);
  g_assert_cmpint (second->comments_new, ==, 2);
  g_assert_cmpint (second->comments_duplicate, ==, 6);
  g_assert_cmpint (second->comments_missing, ==, 0);

  ids = clp_test_archive_article_ids (archive);
  g_assert_cmpuint (ids->len, ==, 3);
  ferry = clp_test_archive_find_article (archive, FERRY_TITLE);
  comments = clp_test_archive_comments (archive, ferry->id);
  g_assert_cmpuint (comments->len, ==, 6);
  g_assert_nonnull (clp_test_find_comment (comments, "Marit", 0));
  okafor = clp_test_find_comment (comments, "J. Okafor", 0);
  late = clp_test_find_comment (comments, "Marit", 1);
  g_assert_null (clp_test_find_comment (comments, "J. Okafor", 1));
  g_assert_cmpstr (late->text, ==, "Replying late: the vote is on the 28th.");
  g_assert_cmpint (late->parent_id, ==, okafor->id);
  g_assert_cmpint (late->depth, ==, 3);
}

/* The newer export imported on a computer in another zone merges as it
 * does in the same zone: a post is the same post by its instant. */
static void
test_reimport_elsewhere (ClpTestArchive *archive,
                         gconstpointer   data)
{
  g_autoptr(ClpImportReport) first = NULL;
  g_autoptr(ClpImportReport) second = NULL;
  g_autoptr(ClpArticle) ferry = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *shown = NULL;
  ClpComment *marit;

  clp_test_set_time_zone ("Europe/Berlin");
  first = clp_test_archive_import (archive, "disqus-harbour.xml");
  clp_test_set_time_zone ("America/New_York");
  second = clp_test_archive_import (archive, "disqus-harbour-newer.xml");

  g_assert_no_error (first->error);
  g_assert_no_error (second->error);
  g_assert_cmpint (second->articles_merged, ==, 2);
  g_assert_cmpint (second->comments_new, ==, 2);
  g_assert_cmpint (second->comments_duplicate, ==, 6);
  g_assert_cmpint (second->comments_missing, ==, 0);

  ferry = clp_test_archive_find_article (archive, FERRY_TITLE);
  comments = clp_test_archive_comments (archive, ferry->id);
  g_assert_cmpuint (comments->len, ==, 6);
  /* Shown where it is read: 21:12 UTC is 17:12 in New York. */
  marit = clp_test_find_comment (comments, "Marit", 0);
  shown = clp_comment_dup_shown_time (marit);
  g_assert_cmpstr (shown, ==, "2019-03-13T17:12:00");
  clp_test_set_time_zone ("UTC");
}

/* The orphan articles of the archive, by title. */
static GPtrArray *
orphan_articles (ClpTestArchive *archive)
{
  g_autoptr(GArray) ids = clp_test_archive_article_ids (archive);
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_article_unref);

  articles = clp_store_load_articles (archive->store, (const gint64 *) ids->data, ids->len, FALSE,
                                      &error);
  g_assert_no_error (error);
  for (guint i = 0; i < articles->len; i++)
    {
      ClpArticle *article = g_ptr_array_index (articles, i);

      if (g_strcmp0 (article->title, NO_THREAD) == 0)
        g_ptr_array_add (orphans, clp_article_ref (article));
    }
  return orphans;
}

/* A newer export that still holds the posts whose thread is gone, and
 * more of them: they merge into the one orphan article of the forum,
 * those already there counted as duplicates; importing yet another copy
 * adds nothing. */
static void
test_reimport_orphans (ClpTestArchive *archive,
                       gconstpointer   data)
{
  g_autoptr(ClpImportReport) first = clp_test_archive_import (archive, "disqus-harbour.xml");
  g_autoptr(ClpImportReport) second = clp_test_archive_import (archive,
                                                               "disqus-harbour-orphans.xml");
  g_autoptr(ClpImportReport) third = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *path = clp_test_data_path ("disqus-harbour-orphans.xml");
  g_autofree char *contents = NULL;
  g_autofree char *again = NULL;
  g_autofree char *copy = NULL;
  ClpArticle *article;
  ClpComment *lost, *reply, *stray;

  g_assert_no_error (first->error);
  g_assert_no_error (second->error);
  g_assert_cmpint (second->articles_new, ==, 0);
  g_assert_cmpint (second->articles_merged, ==, 3);
  g_assert_cmpint (second->orphans, ==, 3);
  g_assert_cmpint (second->comments_new, ==, 4);
  g_assert_cmpint (second->comments_duplicate, ==, 7);
  g_assert_cmpint (second->comments_missing, ==, 0);

  orphans = orphan_articles (archive);
  g_assert_cmpuint (orphans->len, ==, 1);
  article = g_ptr_array_index (orphans, 0);
  g_assert_cmpstr (article->source, ==, "coastal-ledger");
  g_assert_cmpint (article->comment_count, ==, 3);
  comments = clp_test_archive_comments (archive, article->id);
  g_assert_cmpuint (comments->len, ==, 3);
  lost = clp_test_find_comment (comments, "Lost Reader", 0);
  reply = clp_test_find_comment (comments, "lost reader", 0);
  stray = clp_test_find_comment (comments, "Second Stray", 0);
  g_assert_cmpint (reply->parent_id, ==, lost->id);
  g_assert_cmpint (reply->depth, ==, 1);
  g_assert_cmpint (lost->reply_count, ==, 1);
  g_assert_cmpint (stray->parent_id, ==, 0);

  /* The same export saved again (other bytes, same posts). */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  again = g_strconcat (contents, "\n", NULL);
  copy = clp_test_write_file (archive->dir, "disqus-again.xml", again, -1);
  third = clp_test_archive_import (archive, copy);
  g_assert_no_error (third->error);
  g_assert_cmpint (third->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (third->comments_new, ==, 0);
  g_assert_cmpint (third->comments_duplicate, ==, 11);
  g_clear_pointer (&orphans, g_ptr_array_unref);
  orphans = orphan_articles (archive);
  g_assert_cmpuint (orphans->len, ==, 1);
  g_assert_cmpint (((ClpArticle *) g_ptr_array_index (orphans, 0))->comment_count, ==, 3);
}

/* Orphans of another forum go under an article of their own. */
static void
test_orphans_per_source (ClpTestArchive *archive,
                         gconstpointer   data)
{
  g_autofree char *path = clp_test_data_path ("disqus-harbour.xml");
  g_autofree char *contents = NULL;
  g_autoptr(GString) other = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(ClpImportReport) first = clp_test_archive_import (archive, "disqus-harbour.xml");
  g_autoptr(ClpImportReport) second = NULL;
  g_autoptr(GPtrArray) orphans = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  other = g_string_new (contents);
  g_string_replace (other, "coastal-ledger", "quay-gazette", 0);
  g_string_replace (other, "ledger.example", "gazette.example", 0);
  copy = clp_test_write_file (archive->dir, "other-forum.xml", other->str, other->len);
  second = clp_test_archive_import (archive, copy);
  g_assert_no_error (first->error);
  g_assert_no_error (second->error);
  g_assert_cmpint (second->articles_new, ==, 3);

  orphans = orphan_articles (archive);
  g_assert_cmpuint (orphans->len, ==, 2);
  g_assert_cmpstr (((ClpArticle *) g_ptr_array_index (orphans, 0))->source, ==,
                   "coastal-ledger");
  g_assert_cmpstr (((ClpArticle *) g_ptr_array_index (orphans, 1))->source, ==, "quay-gazette");
}

static void
test_missing_fields (void)
{
  g_autoptr(ClpTestSink) sink = clp_test_sink_import ("disqus-missing.xml");
  ClpComment *quiet, *idless;
  static const char * const warnings[] = {
    "line 3: a thread has no title",
    "line 3: a thread has no link",
    "line 3: a thread has no creation time",
    "line 6: a post has no author",
    "line 6: a post has no time",
    "line 10: a post has no message",
    "line 10: “yesterday at noon” is not a time Clippings can read",
    "line 15: a post has no dsq:id",
    "line 15: a post does not say which thread it is in",
  };

  /* What is there is imported. */
  g_assert_cmpuint (sink->articles->len, ==, 1);
  g_assert_null (((ClpArticle *) g_ptr_array_index (sink->articles, 0))->title);
  g_assert_cmpuint (sink->comments->len, ==, 3);
  g_assert_cmpstr (((ClpComment *) g_ptr_array_index (sink->comments, 0))->text, ==,
                   "No time and no author on this one.");
  quiet = clp_test_sink_find_comment (sink, "Quiet Reader", 0);
  g_assert_null (quiet->posted_at);
  g_assert_false (quiet->has_utc);
  g_assert_null (quiet->text);
  idless = clp_test_sink_find_comment (sink, "idless", 0);
  g_assert_cmpstr (idless->posted_at, ==, "2020-01-01T00:00:00");

  /* And the report says what was not, with the line. */
  for (guint i = 0; i < G_N_ELEMENTS (warnings); i++)
    if (!clp_test_sink_has_warning (sink, warnings[i]))
      g_error ("no warning “%s”", warnings[i]);
  g_assert_cmpuint (sink->warnings->len, ==, G_N_ELEMENTS (warnings));
}

/* A billion laughs stops at once, with a message that says why; nothing
 * lands in the archive. */
static void
test_entity_bomb (ClpTestArchive *archive,
                  gconstpointer   data)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(ClpImportReport) report = clp_test_archive_import (archive, "disqus-bomb.xml");

  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 10);
  clp_test_archive_assert_refused (archive, report, CLP_IMPORT_ERROR_UNSAFE,
                                   "disqus-bomb.xml, line 21: the file declares entities that "
                                   "expand without end (an “entity bomb”).");
}

/* A thread and a post that use an entity declared by the prolog. */
#define XXE_BODY \
    "<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">\n" \
    "  <thread dsq:id=\"1\"><link>https://ledger.example/%s</link>" \
    "<title>%s &stolen;</title><createdAt>2019-03-13T20:02:11Z</createdAt></thread>\n" \
    "  <post dsq:id=\"2\"><message>Before &stolen; after</message>" \
    "<createdAt>2019-03-13T21:12:00Z</createdAt><author><name>&stolen;</name></author>" \
    "<thread dsq:id=\"1\" /></post>\n" \
    "</disqus>\n"

static void
assert_secret_not_read (ClpTestArchive  *archive,
                        ClpImportReport *report)
{
  g_autofree char *dump = clp_test_dump_archive (archive->path);

  g_assert_null (strstr (dump, SECRET));
  if (report->error != NULL)
    g_assert_null (strstr (report->error->message, SECRET));
  for (guint i = 0; i < report->warnings->len; i++)
    g_assert_null (strstr (g_ptr_array_index (report->warnings, i), SECRET));
}

/* Entities that point at local files are never opened: not from the
 * document's own DTD, nor as an external DTD, nor through a parameter
 * entity. */
static void
test_external_entities (ClpTestArchive *archive,
                        gconstpointer   data)
{
  g_autofree char *secret = clp_test_write_file (archive->dir, "secret.txt", SECRET "\n", -1);
  g_autofree char *dtd = clp_test_write_file (archive->dir, "evil.dtd",
                                              "<!ENTITY stolen \"" SECRET "\">\n", -1);
  g_autofree char *secret_uri = g_filename_to_uri (secret, NULL, NULL);
  g_autofree char *dtd_uri = g_filename_to_uri (dtd, NULL, NULL);
  g_autofree char *general = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                                              "<!DOCTYPE disqus [\n"
                                              "  <!ENTITY stolen SYSTEM \"%s\">\n"
                                              "]>\n", secret_uri);
  g_autofree char *external = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                                               "<!DOCTYPE disqus SYSTEM \"%s\">\n", dtd_uri);
  g_autofree char *parameter = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                                                "<!DOCTYPE disqus [\n"
                                                "  <!ENTITY %% evil SYSTEM \"%s\">\n"
                                                "  %%evil;\n"
                                                "]>\n", dtd_uri);
  const char *prologs[] = { general, external, parameter };

  for (guint i = 0; i < G_N_ELEMENTS (prologs); i++)
    {
      g_autofree char *name = g_strdup_printf ("xxe-%u.xml", i);
      g_autofree char *page = g_strdup_printf ("page-%u", i);
      g_autofree char *title = g_strdup_printf ("Title %u", i);
      g_autofree char *rest = g_strdup_printf (XXE_BODY, page, title);
      g_autofree char *contents = g_strconcat (prologs[i], rest, NULL);
      g_autofree char *path = clp_test_write_file (archive->dir, name, contents, -1);
      g_autoptr(ClpImportReport) report = clp_test_archive_import (archive, path);

      g_test_message ("%s: %s", name, report->error != NULL ? report->error->message : "imported");
      assert_secret_not_read (archive, report);
      if (report->outcome == CLP_IMPORT_OUTCOME_IMPORTED)
        {
          g_autoptr(ClpArticle) article = clp_test_archive_find_article (archive, title);
          g_autoptr(GPtrArray) comments = clp_test_archive_comments (archive, article->id);

          /* The rest of the text is imported, and the report says what
           * was left out. */
          g_assert_cmpstr (((ClpComment *) g_ptr_array_index (comments, 0))->text, ==,
                           "Before after");
          g_assert_cmpuint (report->warnings->len, >, 0);
          g_assert_nonnull (strstr (g_ptr_array_index (report->warnings, 0), "&stolen;"));
        }
    }
}

/* A file with the same fault in every post imports with the first
 * thousand warnings and a count of the rest, not a list as long as the
 * file. */
static void
test_many_warnings (ClpTestArchive *archive,
                    gconstpointer   data)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?>\n"
                                         "<disqus xmlns=\"http://disqus.com\" "
                                         "xmlns:dsq=\"http://disqus.com/disqus-internals\">\n"
                                         "<thread dsq:id=\"1\"><link>https://x.example/a</link>"
                                         "<title>Many</title>"
                                         "<createdAt>2019-03-13T21:00:00Z</createdAt></thread>\n");
  g_autofree char *path = NULL;
  g_autoptr(ClpImportReport) report = NULL;

  for (int i = 0; i < 1500; i++)
    g_string_append_printf (xml, "<post dsq:id=\"%d\"><message>Hi %d</message>"
                                 "<createdAt>2019-03-13T21:12:00Z</createdAt>"
                                 "<thread dsq:id=\"1\"/></post>\n", 100 + i, i);
  g_string_append (xml, "</disqus>\n");
  path = clp_test_write_file (archive->dir, "many.xml", xml->str, xml->len);
  report = clp_test_archive_import (archive, path);

  g_assert_no_error (report->error);
  g_assert_cmpint (report->comments_new, ==, 1500);
  g_assert_cmpuint (report->warnings->len, ==, 1001);
  g_assert_nonnull (strstr (g_ptr_array_index (report->warnings, 999), "a post has no author"));
  g_assert_cmpstr (g_ptr_array_index (report->warnings, 1000), ==,
                   "500 more warnings are not listed");
}

/* A file cut short is refused with its name and line; the posts read
 * before the cut are not written. */
static void
test_truncated (ClpTestArchive *archive,
                gconstpointer   data)
{
  g_autofree char *before = clp_test_dump_archive (archive->path);
  g_autoptr(ClpImportReport) report = clp_test_archive_import (archive, "disqus-truncated.xml");
  g_autofree char *after = clp_test_dump_archive (archive->path);

  clp_test_archive_assert_refused (archive, report, CLP_IMPORT_ERROR_MALFORMED,
                                   "disqus-truncated.xml, line 52: the file ends before its XML "
                                   "does");
  g_assert_cmpstr (before, ==, after);
}

/* Broken XML that is not cut short says so, with the line. */
static void
test_broken (ClpTestArchive *archive,
             gconstpointer   data)
{
  g_autofree char *path = clp_test_write_file (archive->dir, "broken.xml",
                                               "<disqus xmlns=\"http://disqus.com\">\n"
                                               "  <thread><title>One</title></thread>\n"
                                               "  <post><message>unclosed</post>\n"
                                               "  <post><message>more</message></post>\n"
                                               "</disqus>\n", -1);
  g_autoptr(ClpImportReport) report = clp_test_archive_import (archive, path);

  clp_test_archive_assert_refused (archive, report, CLP_IMPORT_ERROR_MALFORMED,
                                   "broken.xml, line 3: the XML is broken: ");
}

/* A thread without a forum takes the host of its link as its source; one
 * with neither has none. */
static void
test_source (void)
{
  static const char xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">\n"
    "<thread dsq:id=\"1\"><link>https://News.Example:8080/a?x=1</link><title>A</title>"
    "<createdAt>2019-03-13T20:02:11Z</createdAt></thread>\n"
    "<thread dsq:id=\"2\"><forum> </forum><link>not a link</link><title>B</title>"
    "<createdAt>2019-03-13T20:02:11Z</createdAt></thread>\n"
    "<thread dsq:id=\"3\"><forum>harbour-news</forum><link>https://x.example/c</link>"
    "<title>C</title><createdAt>2019-03-13T20:02:11Z</createdAt></thread>\n"
    "</disqus>\n";
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpImporter) importer = clp_importer_new_for_content ((const guint8 *) xml,
                                                                  strlen (xml), "source.xml",
                                                                  &error);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (xml, -1, NULL);

  g_assert_no_error (error);
  g_assert_true (clp_importer_import (importer, stream, "source.xml", CLP_IMPORT_SINK (sink),
                                      NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sink->articles->len, ==, 3);
  g_assert_cmpstr (((ClpArticle *) g_ptr_array_index (sink->articles, 0))->source, ==,
                   "news.example");
  g_assert_null (((ClpArticle *) g_ptr_array_index (sink->articles, 1))->source);
  g_assert_cmpstr (((ClpArticle *) g_ptr_array_index (sink->articles, 2))->source, ==,
                   "harbour-news");
}

static void
check_detected (const char *contents,
                const char *expected)
{
  clp_test_assert_detected (contents, expected, "Disqus comment exports");
}

/* The format is told from the content, whatever the file is called. */
static void
test_detect (void)
{
  check_detected ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                  "<disqus xmlns=\"http://disqus.com\">", "disqus");
  check_detected ("\xef\xbb\xbf<!-- exported -->\n<disqus><thread/></disqus>", "disqus");
  check_detected ("<?xml version=\"1.0\"?>\n<!DOCTYPE disqus [ <!ENTITY a \"b\"> ]>\n"
                  "<dsq:disqus xmlns:dsq=\"http://disqus.com\">", "disqus");
  /* XML Clippings does not read is not taken for a page dump. */
  check_detected ("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", NULL);
  check_detected ("<?xml version=\"1.0\"?>\n<disqusion>", NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/disqus/read", test_read);
  g_test_add_func ("/core/disqus/hostile-html", test_hostile_html);
  g_test_add_func ("/core/disqus/missing-fields", test_missing_fields);
  g_test_add_func ("/core/disqus/detect", test_detect);
  g_test_add_func ("/core/disqus/source", test_source);
  g_test_add ("/core/disqus/archive", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_archive, clp_test_archive_tear_down);
  g_test_add ("/core/disqus/reimport", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_reimport, clp_test_archive_tear_down);
  g_test_add ("/core/disqus/reimport-elsewhere", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_reimport_elsewhere, clp_test_archive_tear_down);
  g_test_add ("/core/disqus/reimport-orphans", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_reimport_orphans, clp_test_archive_tear_down);
  g_test_add ("/core/disqus/orphans-per-source", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_orphans_per_source, clp_test_archive_tear_down);
  g_test_add ("/core/disqus/entity-bomb", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_entity_bomb, clp_test_archive_tear_down);
  g_test_add ("/core/disqus/external-entities", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_external_entities, clp_test_archive_tear_down);
  g_test_add ("/core/disqus/truncated", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_truncated, clp_test_archive_tear_down);
  g_test_add ("/core/disqus/many-warnings", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_many_warnings, clp_test_archive_tear_down);
  g_test_add ("/core/disqus/broken", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_broken, clp_test_archive_tear_down);

  return g_test_run ();
}
