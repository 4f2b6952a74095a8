/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-importer.h"
#include "clp-test-util.h"

static ClpTestSink *
import_ok (const char *name)
{
  g_autoptr(GError) error = NULL;
  ClpTestSink *sink = clp_test_sink_new ();

  clp_test_import_data (name, sink, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sink->articles->len, ==, 1);
  return sink;
}

static ClpArticle *
article_of (ClpTestSink *sink)
{
  return g_ptr_array_index (sink->articles, 0);
}

/* The shared sample, field by field, as the "done when" reads. */
static void
check_ferry (ClpTestSink *sink)
{
  ClpArticle *article = article_of (sink);
  ClpComment *okafor, *reply, *dev, *urdu, *harbour;

  g_assert_cmpstr (article->title, ==, "Harbour board delays vote on night ferry timetable");
  g_assert_cmpstr (article->published, ==, "2019-03-14");
  g_assert_cmpstr (article->source, ==, "The Coastal Ledger");
  g_assert_cmpstr (article->print_date, ==, "2019-03-14");
  g_assert_cmpstr (article->section, ==, "Business");
  g_assert_cmpstr (article->dateline, ==, "PORT ELLIS");
  g_assert_cmpstr (article->caption, ==,
                   "Commuters wait at the north pier terminal on Tuesday evening. PHOTO: LEDGER STAFF");
  g_assert_cmpint (article->declared_comment_count, ==, 6);

  /* Four paragraphs; the dateline is not part of the first; the footer and
   * the widget line are not body text. */
  g_assert_cmpuint (article->body->len, ==, 4);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (article->body, 0),
                                   "The harbour board postponed"));
  g_assert_cmpstr (g_ptr_array_index (article->body, 3), ==, "The board will meet again on March 28.");
  for (guint i = 0; i < article->body->len; i++)
    {
      g_assert_null (strstr (g_ptr_array_index (article->body, i), "Facebook"));
      g_assert_null (strstr (g_ptr_array_index (article->body, i), "Published in"));
    }

  g_assert_cmpuint (sink->comments->len, ==, 6);
  g_assert_cmpstr (((ClpComment *) g_ptr_array_index (sink->comments, 0))->posted_at, ==,
                   "2019-03-13T21:12:00");

  okafor = clp_test_sink_find_comment (sink, "J. Okafor", 0);
  reply = clp_test_sink_find_comment (sink, "Marit", 1);
  g_assert_nonnull (okafor);
  g_assert_nonnull (reply);
  /* Two blank lines between time and text are not the end of it. */
  g_assert_cmpstr (okafor->text, ==,
                   "I work the late shift at the cannery. Without the 12:15 boat I sleep in my car."
                   "\n\nPlease count us too.");
  g_assert_cmpstr (okafor->posted_at, ==, "2019-03-13T22:05:00");
  g_assert_cmpstr (reply->parent_key, ==, okafor->key);
  g_assert_cmpstr (reply->posted_at, ==, "2019-03-13T22:31:00");

  /* Exactly one reply. */
  {
    guint replies = 0;

    for (guint i = 0; i < sink->comments->len; i++)
      if (((ClpComment *) g_ptr_array_index (sink->comments, i))->parent_key != NULL)
        replies++;
    g_assert_cmpuint (replies, ==, 1);
  }

  harbour = clp_test_sink_find_comment (sink, "harbourwatch", 0);
  g_assert_cmpstr (harbour->text, ==,
                   "Fuel savings\u2026 sure. Same story as the 2016 \u201creview\u201d.\n"
                   "Nothing changed then either.");
  g_assert_cmpstr (harbour->posted_at, ==, "2019-03-14T07:48:00");

  dev = clp_test_sink_find_comment (sink, "Dev", 0);
  g_assert_cmpstr (dev->text, ==, "<b>Bold</b> claims & no data. Publish the ridership figures!");
  g_assert_cmpstr (dev->posted_at, ==, "2019-03-14T12:00:00");

  urdu = clp_test_sink_find_comment (sink, "\u0646\u0627\u0635\u0631", 0);
  g_assert_nonnull (urdu);
  g_assert_cmpstr (urdu->text, ==, "\u0627\u0686\u06be\u06cc \u062e\u0628\u0631 \u06c1\u06d2");
  g_assert_cmpstr (urdu->posted_at, ==, "2019-03-15T01:17:00");
}

static void
test_sample (void)
{
  g_autoptr(ClpTestSink) sink = import_ok ("ferry.txt");

  check_ferry (sink);
  g_assert_cmpuint (sink->warnings->len, ==, 0);
}

/* A BOM and CRLF line ends change nothing. */
static void
test_crlf_bom (void)
{
  g_autoptr(ClpTestSink) sink = import_ok ("ferry-crlf-bom.txt");

  check_ferry (sink);
}

static void
test_threads (void)
{
  g_autoptr(ClpTestSink) sink = import_ok ("threads.txt");
  ClpArticle *article = article_of (sink);
  ClpComment *ada = clp_test_sink_find_comment (sink, "Ada", 0);
  ClpComment *ben = clp_test_sink_find_comment (sink, "Ben", 0);
  ClpComment *ada2 = clp_test_sink_find_comment (sink, "Ada", 1);
  ClpComment *chen = clp_test_sink_find_comment (sink, "Chen", 0);
  ClpComment *nobody = clp_test_sink_find_comment (sink, "nobody-in-particular", 0);
  ClpComment *upper = clp_test_sink_find_comment (sink, "ANTANU", 0);
  ClpComment *lower = clp_test_sink_find_comment (sink, "antanu", 0);

  /* Header parts in another order and spelling. */
  g_assert_cmpstr (article->published, ==, "2021-04-02");
  g_assert_cmpstr (article->source, ==, "Harbour Times");
  g_assert_cmpstr (article->section, ==, "Local News");
  g_assert_cmpstr (article->dateline, ==, "NORTH WHARF");
  g_assert_cmpint (article->declared_comment_count, ==, 9);
  /* Two different captions are both kept, once each. */
  g_assert_cmpstr (article->caption, ==,
                   "Cyclists on Quay Street. PHOTO: HARBOUR TIMES\n"
                   "Cyclists on Quay Street at dusk. PHOTO: HARBOUR TIMES");
  /* A wrapped paragraph keeps its line break; "Share this article" is not
   * body text. */
  g_assert_cmpuint (article->body->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (article->body, 0), ==,
                   "The council voted 7 to 2 on Thursday to paint protected bike lanes\n"
                   "along the length of Quay Street by the end of summer.");

  g_assert_cmpuint (sink->comments->len, ==, 7);

  /* "*" and "-" bullets; a list inside a comment's text stays text. */
  g_assert_nonnull (ada);
  g_assert_null (ada->parent_key);
  g_assert_cmpstr (ada->text, ==,
                   "Three things I want to see:\n- loading bays kept\n- a 30 km/h limit\n\n"
                   "And the crossing at the ferry fixed.");

  /* Nesting by indentation: Ben answers Ada, Ada answers Ben, Chen (indented
   * like Ben) answers the first Ada. */
  g_assert_cmpstr (ben->parent_key, ==, ada->key);
  g_assert_cmpstr (ada2->parent_key, ==, ben->key);
  g_assert_nonnull (chen);
  g_assert_cmpstr (chen->parent_key, ==, ada->key);
  g_assert_cmpstr (chen->posted_at, ==, "2021-04-02T10:00:00");

  /* A comment without a time is imported, and the report says so. */
  g_assert_nonnull (nobody);
  g_assert_null (nobody->posted_at);
  g_assert_cmpstr (nobody->text, ==, "I only came for the photo.");
  g_assert_true (clp_test_sink_has_warning (sink, "the comment by nobody-in-particular has no time"));

  /* Names that differ by case are kept as written. */
  g_assert_nonnull (upper);
  g_assert_nonnull (lower);
  g_assert_cmpstr (upper->posted_at, ==, "2021-04-03T00:15:00");
  g_assert_null (upper->parent_key);
  g_assert_null (lower->parent_key);

  /* Page order. */
  for (guint i = 0; i < sink->comments->len; i++)
    g_assert_cmpint (((ClpComment *) g_ptr_array_index (sink->comments, i))->position, ==, i);
}

static void
test_missing_parts (void)
{
  g_autoptr(ClpTestSink) sink = import_ok ("no-comments.txt");
  ClpArticle *article = article_of (sink);

  g_assert_cmpstr (article->title, ==, "Tide tables for the spring season");
  /* Without a Published line the footer's date stands in, and says so. */
  g_assert_cmpstr (article->published, ==, "2020-03-02");
  g_assert_cmpstr (article->source, ==, "The Coastal Ledger");
  g_assert_cmpstr (article->section, ==, "Community");
  g_assert_null (article->dateline);
  g_assert_null (article->caption);
  g_assert_cmpint (article->declared_comment_count, ==, -1);
  g_assert_cmpuint (article->body->len, ==, 2);
  g_assert_cmpuint (sink->comments->len, ==, 0);
  g_assert_true (clp_test_sink_has_warning (sink, "no “Published:” line"));
  g_assert_true (clp_test_sink_has_warning (sink, "no “Reader Comments” section"));
}

/* Declared and present counts are both kept; a reader who posted the same
 * words twice has two comments. */
static void
test_truncated (void)
{
  g_autoptr(ClpTestSink) sink = import_ok ("truncated.txt");

  g_assert_cmpint (article_of (sink)->declared_comment_count, ==, 23);
  g_assert_cmpuint (sink->comments->len, ==, 2);
  g_assert_cmpstr (article_of (sink)->published, ==, "2018-01-09");
}

static void
check_rejected (const char *name,
                int         code,
                const char *needle)
{
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (clp_test_import_data (name, sink, &error));
  g_assert_error (error, CLP_IMPORT_ERROR, code);
  /* The message names the file, and the line where there is one. */
  g_assert_nonnull (strstr (error->message, name));
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_cmpuint (sink->articles->len, ==, 0);
  g_assert_cmpuint (sink->comments->len, ==, 0);
}

static void
test_bad_input (void)
{
  check_rejected ("empty.txt", CLP_IMPORT_ERROR_EMPTY, "empty");
  check_rejected ("blank.txt", CLP_IMPORT_ERROR_EMPTY, "empty");
  check_rejected ("binary.bin", CLP_IMPORT_ERROR_BINARY, "not a text file");
  check_rejected ("latin1.txt", CLP_IMPORT_ERROR_ENCODING, "line 1");
  check_rejected ("not-article.txt", CLP_IMPORT_ERROR_NOT_ARTICLE, "line 1");
}

/* Binary data after a text start is caught at its line. */
static void
test_binary_later (void)
{
  g_autofree char *dir = clp_test_make_dir ();
  static const char contents[] = "Title\n\nPublished: March 1, 2020\n\nBody\n\x00\x01\x02\n";
  g_autofree char *path = clp_test_write_file (dir, "late.txt", contents, sizeof contents - 1);
  g_autoptr(ClpImporter) importer = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(GError) error = NULL;

  /* Detection sees only the start, as for a big file. */
  importer = clp_importer_new_for_content ((const guint8 *) contents, 20, "late.txt", &error);
  g_assert_no_error (error);
  g_assert_false (clp_importer_import (importer, G_INPUT_STREAM (stream), "late.txt",
                                       CLP_IMPORT_SINK (sink), NULL, &error));
  g_assert_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_BINARY);
  g_assert_nonnull (strstr (error->message, "late.txt, line 6"));
  g_assert_cmpuint (sink->articles->len, ==, 0);
  clp_test_remove_dir (dir);
}

/* A file that is one endless line is refused after its first megabyte or
 * so, not read into memory whole. */
static void
test_long_line (void)
{
  gsize size = 16 * 1024 * 1024;
  char *contents = g_malloc (size);
  g_autoptr(ClpImporter) importer = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(GError) error = NULL;

  memset (contents, 'a', size);
  stream = g_memory_input_stream_new_from_data (contents, size, g_free);
  importer = clp_importer_new_for_content ((const guint8 *) contents, 65536, "long.txt", &error);
  g_assert_no_error (error);
  g_assert_false (clp_importer_import (importer, stream, "long.txt", CLP_IMPORT_SINK (sink), NULL,
                                       &error));
  g_assert_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_NOT_ARTICLE);
  g_assert_cmpstr (error->message, ==, "long.txt, line 1: the line is too long for a saved article.");
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (stream)), <, 2 * 1024 * 1024);
  g_assert_cmpuint (sink->articles->len, ==, 0);
}

/* A date the parser cannot read is a warning, not a failure. */
static void
test_bad_date (void)
{
  g_autofree char *dir = clp_test_make_dir ();
  g_autofree char *path = clp_test_write_file (dir, "odd-date.txt",
                                               "Odd date\n\nPublished: the other day\n\nBody.\n\n"
                                               "Reader Comments (1)\n\n  \u2022 X\n"
                                               "    Yesterday at noon\n\n    Hi.\n", -1);
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(ClpImporter) importer = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(GError) error = NULL;
  ClpComment *comment;

  importer = clp_importer_new_for_content ((const guint8 *) "Odd date\n", 9, "odd-date.txt", &error);
  g_assert_true (clp_importer_import (importer, G_INPUT_STREAM (stream), "odd-date.txt",
                                      CLP_IMPORT_SINK (sink), NULL, &error));
  g_assert_no_error (error);
  g_assert_null (article_of (sink)->published);
  g_assert_true (clp_test_sink_has_warning (sink, "line 3: “the other day” is not a date"));
  /* The line that is not a time is the comment's text. */
  comment = g_ptr_array_index (sink->comments, 0);
  g_assert_null (comment->posted_at);
  g_assert_cmpstr (comment->text, ==, "Yesterday at noon\n\nHi.");
  clp_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/text-importer/sample", test_sample);
  g_test_add_func ("/core/text-importer/crlf-bom", test_crlf_bom);
  g_test_add_func ("/core/text-importer/threads", test_threads);
  g_test_add_func ("/core/text-importer/missing-parts", test_missing_parts);
  g_test_add_func ("/core/text-importer/truncated", test_truncated);
  g_test_add_func ("/core/text-importer/bad-input", test_bad_input);
  g_test_add_func ("/core/text-importer/binary-later", test_binary_later);
  g_test_add_func ("/core/text-importer/bad-date", test_bad_date);
  g_test_add_func ("/core/text-importer/long-line", test_long_line);

  return g_test_run ();
}
