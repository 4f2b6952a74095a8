/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-exporter.h"
#include "clp-importer.h"
#include "clp-json-importer.h"
#include "clp-test-util.h"

static void
test_read (void)
{
  g_autoptr(ClpTestSink) sink = clp_test_sink_import ("clippings.json");
  ClpArticle *tide, *letters;
  ClpComment *marit, *ben, *dev, *spam;

  g_assert_cmpuint (sink->articles->len, ==, 2);
  g_assert_cmpuint (sink->warnings->len, ==, 0);
  tide = g_ptr_array_index (sink->articles, 0);
  g_assert_cmpstr (tide->title, ==, "Tide gauge back online");
  g_assert_cmpstr (tide->url, ==, "https://ledger.example/2020/02/tide-gauge");
  g_assert_cmpstr (tide->source, ==, "The Coastal Ledger");
  g_assert_cmpstr (tide->section, ==, "Harbour");
  g_assert_cmpstr (tide->published, ==, "2020-02-03");
  g_assert_cmpstr (tide->print_date, ==, "2020-02-04");
  g_assert_cmpstr (tide->dateline, ==, "PORT ELLIS");
  g_assert_cmpstr (tide->caption, ==, "The gauge on the north pier. PHOTO: LEDGER STAFF");
  g_assert_cmpint (tide->declared_comment_count, ==, 4);
  g_assert_cmpuint (tide->body->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (tide->body, 1), ==,
                   "Readings every \"ten\" minutes \u2013 finally.");
  /* A JSON file can come from anywhere: its HTML is cleaned again. */
  g_assert_cmpstr (tide->body_html, ==,
                   "<p>The gauge reports <em>again</em>.</p>"
                   "<p>Readings every &quot;ten&quot; minutes \u2013 finally.</p>");

  letters = g_ptr_array_index (sink->articles, 1);
  g_assert_null (letters->url);
  g_assert_null (letters->published);
  g_assert_cmpint (letters->declared_comment_count, ==, -1);
  g_assert_cmpuint (letters->body->len, ==, 0);

  g_assert_cmpuint (sink->comments->len, ==, 5);
  marit = clp_test_sink_find_comment (sink, "Marit", 0);
  ben = clp_test_sink_find_comment (sink, "Ben", 0);
  dev = clp_test_sink_find_comment (sink, "Dev", 0);
  spam = clp_test_sink_find_comment (sink, "Cheap Tickets", 0);
  g_assert_cmpstr (marit->article_key, ==, tide->key);
  g_assert_cmpstr (marit->posted_at, ==, "2020-02-03T09:00:00");
  g_assert_true (marit->has_utc);
  g_assert_cmpint (marit->posted_utc, ==, 1580716800);
  g_assert_cmpstr (marit->html, ==, "<p>About <b>time</b>.</p>");
  /* Dev answers Ben, who comes after him in the file. */
  g_assert_cmpstr (dev->parent_key, ==, ben->key);
  g_assert_cmpstr (ben->parent_key, ==, marit->key);
  g_assert_cmpstr (dev->text, ==, "Replying to Ben: yes.\n\nSecond paragraph.");
  g_assert_false (dev->has_utc);
  g_assert_null (dev->html);
  g_assert_cmpint (ben->status, ==, CLP_COMMENT_DELETED);
  g_assert_cmpstr (ben->html, ==, "<p>Was it broken long?</p>");
  g_assert_cmpint (spam->status, ==, CLP_COMMENT_SPAM);
  g_assert_null (spam->posted_at);

  /* Ids are only unique within their article. */
  g_assert_cmpstr (clp_test_sink_find_comment (sink, "Ada", 0)->article_key, ==, letters->key);
  for (guint i = 0; i < sink->comments->len; i++)
    for (guint j = i + 1; j < sink->comments->len; j++)
      g_assert_cmpstr (((ClpComment *) g_ptr_array_index (sink->comments, i))->key, !=,
                       ((ClpComment *) g_ptr_array_index (sink->comments, j))->key);
}

/* Values of the wrong kind are left out, and the report says which. */
static void
test_odd_values (void)
{
  g_autoptr(ClpTestSink) sink = clp_test_sink_import ("clippings-odd.json");
  ClpArticle *article;
  ClpComment *quinn, *rae;
  static const char * const warnings[] = {
    "newer Clippings (format version 7)",
    "line 2: “title” is not text; it was left out",
    "line 2: “March 3rd” is not a date Clippings can read",
    "line 2: a paragraph of the body is not text",
    "line 2: “declared_comment_count” is not a count",
    "line 2: “2020-02-30T10:00:00” is not a date Clippings can read",
    "line 2: “yesterday” is not a time Clippings can read",
    "line 2: “hidden” is not a comment status Clippings knows",
    "line 2: a comment is not a JSON object",
  };

  g_assert_cmpuint (sink->articles->len, ==, 1);
  article = g_ptr_array_index (sink->articles, 0);
  g_assert_null (article->title);
  g_assert_null (article->published);
  g_assert_cmpuint (article->body->len, ==, 1);
  g_assert_cmpint (article->declared_comment_count, ==, -1);

  g_assert_cmpuint (sink->comments->len, ==, 2);
  quinn = clp_test_sink_find_comment (sink, "Quinn", 0);
  g_assert_null (quinn->posted_at);
  g_assert_false (quinn->has_utc);
  g_assert_cmpint (quinn->status, ==, CLP_COMMENT_VISIBLE);
  /* Only HTML: the text is read from it. */
  rae = clp_test_sink_find_comment (sink, "Rae", 0);
  g_assert_cmpstr (rae->text, ==, "Only HTML here.");
  g_assert_cmpstr (rae->html, ==, "<p>Only <em>HTML</em> here.</p>");

  for (guint i = 0; i < G_N_ELEMENTS (warnings); i++)
    if (!clp_test_sink_has_warning (sink, warnings[i]))
      g_error ("no warning “%s”", warnings[i]);
  /* Two paragraphs are not text. */
  g_assert_cmpuint (sink->warnings->len, ==, G_N_ELEMENTS (warnings) + 1);
}

static void
export_all (ClpTestArchive *archive,
            const char     *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                                     &error);
  g_autoptr(ClpExporter) exporter = clp_exporter_new_for_name ("json", &error);
  g_autoptr(GArray) ids = clp_test_archive_article_ids (archive);

  g_assert_no_error (error);
  clp_exporter_run (exporter, archive->store, (const gint64 *) ids->data, ids->len, NULL,
                    G_OUTPUT_STREAM (out), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);
}

static void
import_all (ClpTestArchive     *archive,
            const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(ClpImportReport) report = clp_test_archive_import (archive, names[i]);

      g_assert_no_error (report->error);
    }
}

static guint
index_of (GPtrArray *comments,
          gint64     id)
{
  for (guint i = 0; i < comments->len; i++)
    if (((ClpComment *) g_ptr_array_index (comments, i))->id == id)
      return i + 1;
  return 0;
}

/* Every field the archive keeps, the same in both; comments by position,
 * parents by the position of the parent. */
static void
assert_same_archive (ClpTestArchive *a,
                     ClpTestArchive *b)
{
  g_autoptr(GArray) ids_a = clp_test_archive_article_ids (a);
  g_autoptr(GArray) ids_b = clp_test_archive_article_ids (b);

  g_assert_cmpuint (ids_a->len, ==, ids_b->len);
  for (guint i = 0; i < ids_a->len; i++)
    {
      g_autoptr(ClpArticle) x = clp_store_load_article (a->store, g_array_index (ids_a, gint64, i),
                                                        NULL);
      g_autoptr(ClpArticle) y = clp_store_load_article (b->store, g_array_index (ids_b, gint64, i),
                                                        NULL);
      g_autofree char *body_x = clp_article_dup_body_text (x);
      g_autofree char *body_y = clp_article_dup_body_text (y);
      g_autoptr(GPtrArray) cx = clp_test_archive_comments (a, x->id);
      g_autoptr(GPtrArray) cy = clp_test_archive_comments (b, y->id);

      g_test_message ("article %s", x->title);
      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_cmpstr (x->url, ==, y->url);
      g_assert_cmpstr (x->source, ==, y->source);
      g_assert_cmpstr (x->section, ==, y->section);
      g_assert_cmpstr (x->published, ==, y->published);
      g_assert_cmpstr (x->print_date, ==, y->print_date);
      g_assert_cmpstr (x->dateline, ==, y->dateline);
      g_assert_cmpstr (x->caption, ==, y->caption);
      g_assert_cmpstr (body_x, ==, body_y);
      g_assert_cmpstr (x->body_html, ==, y->body_html);
      g_assert_cmpint (x->declared_comment_count, ==, y->declared_comment_count);
      g_assert_cmpint (x->comment_count, ==, y->comment_count);
      g_assert_cmpint (x->hidden_comment_count, ==, y->hidden_comment_count);

      g_assert_cmpuint (cx->len, ==, cy->len);
      for (guint j = 0; j < cx->len; j++)
        {
          ClpComment *p = g_ptr_array_index (cx, j);
          ClpComment *q = g_ptr_array_index (cy, j);

          g_assert_cmpstr (p->author, ==, q->author);
          g_assert_cmpstr (p->posted_at, ==, q->posted_at);
          g_assert_cmpint (p->has_utc, ==, q->has_utc);
          g_assert_cmpint (p->posted_utc, ==, q->posted_utc);
          g_assert_cmpstr (p->text, ==, q->text);
          g_assert_cmpstr (p->html, ==, q->html);
          g_assert_cmpint (p->status, ==, q->status);
          g_assert_cmpint (p->position, ==, q->position);
          g_assert_cmpint (p->depth, ==, q->depth);
          g_assert_cmpint (p->reply_count, ==, q->reply_count);
          g_assert_cmpuint (index_of (cx, p->parent_id), ==, index_of (cy, q->parent_id));
        }
    }
}

static char *
without_ids (const char *json)
{
  g_autoptr(GRegex) ids = g_regex_new ("\"(id|parent_id)\" : [0-9]+", 0, 0, NULL);
  /* Two exports a second apart differ in when they were made. */
  g_autoptr(GRegex) when = g_regex_new ("\"exported_at\":\"[^\"]*\"", 0, 0, NULL);
  g_autofree char *timeless = g_regex_replace (when, json, -1, 0, "\"exported_at\":WHEN", 0,
                                               NULL);

  return g_regex_replace (ids, timeless, -1, 0, "\"\\1\" : ID", 0, NULL);
}

/* Disqus, WordPress and page dumps, exported and imported into an empty
 * archive: the same articles, comments, threads, times and states. */
static void
test_round_trip (ClpTestArchive *archive,
                 gconstpointer   data)
{
  static const char * const sources[] = {
    "disqus-harbour.xml", "wordpress-1.2.xml", "wordpress-1.0.xml", "ferry.txt", "threads.txt",
    NULL,
  };
  ClpTestArchive fresh = { 0 };
  g_autofree char *export = g_build_filename (archive->dir, "export.json", NULL);
  g_autofree char *again = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autofree char *first_bare = NULL;
  g_autofree char *second_bare = NULL;
  g_autoptr(ClpImportReport) report = NULL;
  g_autoptr(ClpArticle) lanes = NULL;
  g_autoptr(GPtrArray) comments = NULL;

  import_all (archive, sources);
  export_all (archive, export);

  clp_test_archive_set_up (&fresh, NULL);
  report = clp_test_archive_import (&fresh, export);
  g_assert_no_error (report->error);
  g_assert_cmpstr (report->importer, ==, "json");
  g_assert_cmpuint (report->warnings->len, ==, 0);
  g_assert_cmpint (report->orphans, ==, 0);
  g_assert_cmpint (report->unresolved_parents, ==, 0);
  assert_same_archive (archive, &fresh);

  /* The new keys are in the file, so a reader of it has them too. */
  g_assert_true (g_file_get_contents (export, &first_text, NULL, NULL));
  g_assert_nonnull (strstr (first_text, "\"posted_utc\" : \"2019-03-13T21:12:00Z\""));
  g_assert_nonnull (strstr (first_text, "\"status\" : \"spam\""));
  g_assert_nonnull (strstr (first_text, "\"status\" : \"deleted\""));
  g_assert_nonnull (strstr (first_text, "\"body_html\" : \"<p>The harbour board voted"));
  g_assert_nonnull (strstr (first_text, "\"html\" : \"<p>Finally some <b>common</b> sense."));

  /* The page dump's comments have no instant and no HTML, and say
   * nothing about them. */
  lanes = clp_test_archive_find_article (&fresh, "Council approves bike lanes on Quay Street");
  comments = clp_test_archive_comments (&fresh, lanes->id);
  g_assert_null (lanes->body_html);
  g_assert_null (((ClpComment *) g_ptr_array_index (comments, 0))->html);
  g_assert_false (((ClpComment *) g_ptr_array_index (comments, 0))->has_utc);

  /* And its export is the export, but for the archive's own ids. */
  again = g_build_filename (fresh.dir, "again.json", NULL);
  export_all (&fresh, again);
  g_assert_true (g_file_get_contents (again, &second_text, NULL, NULL));
  first_bare = without_ids (first_text);
  second_bare = without_ids (second_text);
  g_assert_cmpstr (first_bare, ==, second_bare);

  clp_test_archive_tear_down (&fresh, NULL);
}

/* Importing an export into the archive it came from changes nothing:
 * every article merges, every comment is a duplicate. */
static void
test_reimport (ClpTestArchive *archive,
               gconstpointer   data)
{
  static const char * const sources[] = { "disqus-harbour.xml", "wordpress-1.1.xml", NULL };
  g_autofree char *export = g_build_filename (archive->dir, "export.json", NULL);
  g_autoptr(ClpImportReport) report = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;

  import_all (archive, sources);
  before = clp_test_archive_article_ids (archive);
  export_all (archive, export);
  report = clp_test_archive_import (archive, export);
  after = clp_test_archive_article_ids (archive);

  g_assert_no_error (report->error);
  g_assert_cmpint (report->articles_new, ==, 0);
  g_assert_cmpint (report->articles_merged, ==, before->len);
  g_assert_cmpint (report->comments_new, ==, 0);
  g_assert_cmpint (report->comments_duplicate, ==, 10);
  g_assert_cmpint (report->comments_missing, ==, 0);
  g_assert_cmpuint (after->len, ==, before->len);
}

/* A file cut short is refused with its name and line, and nothing of it
 * is written, although its first article was complete. */
static void
test_truncated (ClpTestArchive *archive,
                gconstpointer   data)
{
  g_autofree char *path = clp_test_data_path ("clippings.json");
  g_autofree char *contents = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *before = clp_test_dump_archive (archive->path);
  g_autofree char *after = NULL;
  g_autoptr(ClpImportReport) report = NULL;
  const char *end;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  end = strstr (contents, "\"Untimed letters\"");
  g_assert_nonnull (end);
  cut = clp_test_write_file (archive->dir, "cut.json", contents, end - contents);
  report = clp_test_archive_import (archive, cut);
  after = clp_test_dump_archive (archive->path);

  clp_test_archive_assert_refused (archive, report, CLP_IMPORT_ERROR_MALFORMED,
                                   "cut.json, line 34: the file ends in the middle of its JSON; "
                                   "it may have been cut short. Export it again and import the "
                                   "new file.");
  g_assert_cmpstr (before, ==, after);
}

static void
test_broken (ClpTestArchive *archive,
             gconstpointer   data)
{
  g_autofree char *path = clp_test_write_file (archive->dir, "broken.json",
                                               "{\"format\": \"clippings\", \"version\": 1,\n"
                                               " \"articles\": [\n"
                                               "  {\"title\": \"One\", \"comments\": []},\n"
                                               "  {\"title\": \"Two\" \"comments\": []}\n"
                                               "]}\n", -1);
  g_autoptr(ClpImportReport) report = clp_test_archive_import (archive, path);

  clp_test_archive_assert_refused (archive, report, CLP_IMPORT_ERROR_MALFORMED,
                                   "broken.json, line 4: the JSON is broken: ");
}

/* json-glib reads nesting by recursion: a file that nests without end is
 * refused with its line, not a crash. */
static void
test_deep (ClpTestArchive *archive,
           gconstpointer   data)
{
  g_autoptr(GString) contents = g_string_new ("{\"format\": \"clippings\", \"version\": 1,\n"
                                              " \"articles\": [\n  {\"title\": \"One\"},\n  ");
  g_autofree char *path = NULL;
  g_autoptr(ClpImportReport) report = NULL;

  for (int i = 0; i < 1000000; i++)
    g_string_append_c (contents, '[');
  for (int i = 0; i < 1000000; i++)
    g_string_append_c (contents, ']');
  g_string_append (contents, "\n]}\n");
  path = clp_test_write_file (archive->dir, "deep.json", contents->str, contents->len);
  report = clp_test_archive_import (archive, path);

  clp_test_archive_assert_refused (archive, report, CLP_IMPORT_ERROR_MALFORMED,
                                   "deep.json, line 4: the JSON nests deeper than a Clippings "
                                   "export does");
}

static void
check_detected (const char *contents,
                const char *expected)
{
  clp_test_assert_detected (contents, expected, "Clippings JSON exports");
}

/* Clippings JSON says so at its start; other JSON is not taken for it,
 * nor for a page dump. */
static void
test_detect (void)
{
  check_detected ("{\n  \"format\": \"clippings\",\n  \"version\": 1,\n  \"articles\": [", "json");
  check_detected ("\xef\xbb\xbf {\"format\":\"clippings\"}", "json");
  check_detected ("{\"format\": \"geojson\", \"features\": []}", NULL);
  check_detected ("{\n  \"name\": \"clippings\"\n}", NULL);
}

/* json-glib takes "\351" for an octal escape and writes the byte as it
 * is, which is not UTF-8: the text is repaired, never handed on broken.
 * Found by fuzz-json-importer. */
static void
test_octal_escape (void)
{
  static const char json[] = "{\"format\": \"clippings\", \"articles\": [{\"title\": "
                             "\"caf\\351\", \"body\": [\"\\201\"], \"comments\": [{\"id\": 1,"
                             " \"author\": \"\\377\", \"text\": \"t\\200\"}]}]}";
  g_autoptr(ClpImporter) importer = clp_json_importer_new ();
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (json, -1, NULL);
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(GError) error = NULL;
  ClpArticle *article;
  ClpComment *comment;

  g_assert_true (clp_importer_import (importer, stream, "octal.json", CLP_IMPORT_SINK (sink),
                                      NULL, &error));
  g_assert_no_error (error);
  article = g_ptr_array_index (sink->articles, 0);
  comment = g_ptr_array_index (sink->comments, 0);
  g_assert_cmpstr (article->title, ==, "caf\uFFFD");
  g_assert_cmpstr (g_ptr_array_index (article->body, 0), ==, "\uFFFD");
  g_assert_cmpstr (comment->author, ==, "\uFFFD");
  g_assert_cmpstr (comment->text, ==, "t\uFFFD");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json/read", test_read);
  g_test_add_func ("/core/json/odd-values", test_odd_values);
  g_test_add_func ("/core/json/detect", test_detect);
  g_test_add_func ("/core/json/octal-escape", test_octal_escape);
  g_test_add ("/core/json/round-trip", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_round_trip, clp_test_archive_tear_down);
  g_test_add ("/core/json/reimport", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_reimport, clp_test_archive_tear_down);
  g_test_add ("/core/json/truncated", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_truncated, clp_test_archive_tear_down);
  g_test_add ("/core/json/broken", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_broken, clp_test_archive_tear_down);
  g_test_add ("/core/json/deep", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_deep, clp_test_archive_tear_down);

  return g_test_run ();
}
