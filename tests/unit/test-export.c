/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "clp-archive.h"
#include "clp-csv-exporter.h"
#include "clp-export.h"
#include "clp-export-job.h"
#include "clp-html.h"
#include "clp-import.h"
#include "clp-markdown-exporter.h"
#include "clp-reference.h"
#include "clp-test-util.h"

/* Each export format, as the program that reads it sees it. */

typedef struct
{
  char     *dir;
  ClpStore *store;
  GArray   *ids;
} Fixture;

static void
import_into (ClpStore   *store,
             const char *path,
             const char *name)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ClpImportReport) report = clp_import_file (store, file, name, NULL, NULL, NULL);

  g_assert_no_error (report->error);
  g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const names[] = { "ferry.txt", "threads.txt", "truncated.txt", NULL };
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = clp_test_make_dir ();
  path = g_build_filename (fixture->dir, "archive.db", NULL);
  fixture->store = clp_store_open (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *fixture_path = clp_test_data_path (names[i]);

      import_into (fixture->store, fixture_path, names[i]);
    }
  fixture->ids = clp_store_list_article_ids (fixture->store, CLP_ARTICLE_ORDER_IMPORTED, FALSE,
                                             NULL, &error);
  g_assert_cmpuint (fixture->ids->len, ==, 3);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_array_unref (fixture->ids);
  clp_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static char *
export_to_string (ClpStore               *store,
                  const char             *format,
                  const gint64           *ids,
                  guint                   n_ids,
                  const ClpExportOptions *options)
{
  g_autoptr(ClpExporter) exporter = clp_exporter_new_for_name (format, NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (exporter);
  g_assert_true (clp_exporter_run (exporter, store, ids, n_ids, options, out, NULL, NULL, NULL,
                                   &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
write_export (Fixture                *fixture,
              const char             *format,
              const char             *name,
              const gint64           *ids,
              guint                   n_ids,
              const ClpExportOptions *options)
{
  g_autoptr(ClpExporter) exporter = clp_exporter_new_for_name (format, NULL);
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (clp_export_to_file (exporter, fixture->store, ids, n_ids, options, file, FALSE,
                                     NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
assert_same_article (ClpStore *a_store,
                     gint64    a_id,
                     ClpStore *b_store,
                     gint64    b_id)
{
  g_autoptr(ClpArticle) a = clp_store_load_article (a_store, a_id, NULL);
  g_autoptr(ClpArticle) b = clp_store_load_article (b_store, b_id, NULL);
  g_autoptr(GPtrArray) ac = clp_store_load_comments (a_store, a_id, NULL);
  g_autoptr(GPtrArray) bc = clp_store_load_comments (b_store, b_id, NULL);
  g_autoptr(GHashTable) a_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) b_index = g_hash_table_new (g_int64_hash, g_int64_equal);

  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->url, ==, b->url);
  g_assert_cmpstr (a->source, ==, b->source);
  g_assert_cmpstr (a->section, ==, b->section);
  g_assert_cmpstr (a->published, ==, b->published);
  g_assert_cmpstr (a->print_date, ==, b->print_date);
  g_assert_cmpstr (a->dateline, ==, b->dateline);
  g_assert_cmpstr (a->byline, ==, b->byline);
  g_assert_cmpstr (a->caption, ==, b->caption);
  g_assert_cmpint (a->declared_comment_count, ==, b->declared_comment_count);
  g_assert_cmpuint (a->body->len, ==, b->body->len);
  for (guint i = 0; i < a->body->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->body, i), ==, g_ptr_array_index (b->body, i));

  g_assert_cmpuint (ac->len, ==, bc->len);
  for (guint i = 0; i < ac->len; i++)
    {
      g_hash_table_insert (a_index, &((ClpComment *) g_ptr_array_index (ac, i))->id, GUINT_TO_POINTER (i + 1));
      g_hash_table_insert (b_index, &((ClpComment *) g_ptr_array_index (bc, i))->id, GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < ac->len; i++)
    {
      ClpComment *x = g_ptr_array_index (ac, i);
      ClpComment *y = g_ptr_array_index (bc, i);

      g_assert_cmpstr (x->author, ==, y->author);
      g_assert_cmpstr (x->posted_at, ==, y->posted_at);
      g_assert_cmpstr (x->text, ==, y->text);
      g_assert_cmpint (x->depth, ==, y->depth);
      /* The same reply structure: parents at the same page positions. */
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (a_index, &x->parent_id)), ==,
                        GPOINTER_TO_UINT (g_hash_table_lookup (b_index, &y->parent_id)));
    }
}

/* The text format comes back as the same article and comments. */
static void
test_text_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "fresh.db", NULL);
  g_autoptr(ClpStore) fresh = clp_store_open (db, NULL);

  for (guint i = 0; i < fixture->ids->len; i++)
    {
      gint64 id = g_array_index (fixture->ids, gint64, i);
      g_autofree char *name = g_strdup_printf ("article-%u.txt", i);
      g_autofree char *path = write_export (fixture, "txt", name, &id, 1, NULL);
      g_autoptr(GArray) ids = NULL;

      import_into (fresh, path, name);
      ids = clp_store_list_article_ids (fresh, CLP_ARTICLE_ORDER_IMPORTED, FALSE, NULL, NULL);
      assert_same_article (fixture->store, id, fresh, g_array_index (ids, gint64, i));
    }

  /* Several articles do not fit one text file: the message says what to do. */
  {
    g_autoptr(ClpExporter) exporter = clp_exporter_new_for_name ("txt", NULL);
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(GError) error = NULL;

    g_assert_false (clp_exporter_run (exporter, fixture->store, (gint64 *) fixture->ids->data,
                                      fixture->ids->len, NULL, out, NULL, NULL, NULL, &error));
    g_assert_error (error, CLP_EXPORT_ERROR, CLP_EXPORT_ERROR_ONE_ARTICLE);
  }
}

/* A page saved from a browser keeps its byline in a field of its own:
 * the reading view shows it under the title, JSON and Markdown hold it,
 * and a JSON export imports back with it. */
static void
test_byline (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *page = clp_test_data_path ("web/harbour-html-only.html");
  g_autofree char *db = g_build_filename (fixture->dir, "fresh.db", NULL);
  g_autoptr(ClpStore) fresh = clp_store_open (db, NULL);
  g_autoptr(ClpArticle) article = NULL;
  g_autoptr(GArray) all_ids = NULL;
  g_autoptr(GArray) fresh_ids = NULL;
  g_autofree char *json = NULL;
  g_autofree char *md = NULL;
  g_autofree char *html = NULL;
  g_autofree char *path = NULL;
  gint64 id;

  import_into (fixture->store, page, "harbour.html");
  all_ids = clp_store_list_article_ids (fixture->store, CLP_ARTICLE_ORDER_IMPORTED, FALSE, NULL,
                                        NULL);
  g_assert_cmpuint (all_ids->len, ==, fixture->ids->len + 1);
  id = g_array_index (all_ids, gint64, fixture->ids->len);
  article = clp_store_load_article (fixture->store, id, NULL);
  g_assert_cmpstr (article->byline, ==, "By Ana Ruiz");
  g_assert_cmpstr (g_ptr_array_index (article->body, 0), !=, "By Ana Ruiz");

  json = export_to_string (fixture->store, "json", &id, 1, NULL);
  g_assert_nonnull (strstr (json, "\"byline\" : \"By Ana Ruiz\""));
  md = export_to_string (fixture->store, "md", &id, 1, NULL);
  g_assert_nonnull (strstr (md, "\nbyline: \"By Ana Ruiz\"\n"));
  html = export_to_string (fixture->store, "html", &id, 1, NULL);
  g_assert_nonnull (strstr (html, "<p class=\"byline\" dir=\"auto\">By Ana Ruiz</p>"));
  /* Articles without one say nothing of it. */
  g_clear_pointer (&json, g_free);
  json = export_to_string (fixture->store, "json", (gint64 *) fixture->ids->data, 1, NULL);
  g_assert_null (strstr (json, "\"byline\""));

  path = write_export (fixture, "json", "harbour.json", &id, 1, NULL);
  import_into (fresh, path, "harbour.json");
  fresh_ids = clp_store_list_article_ids (fresh, CLP_ARTICLE_ORDER_IMPORTED, FALSE, NULL, NULL);
  assert_same_article (fixture->store, id, fresh, g_array_index (fresh_ids, gint64, 0));
}

/* What the text format could not say before comes back too: lines of
 * text that read as bullets, times or markers, leading white space and
 * backslashes, seconds, and deleted and spam comments. */
static void
test_text_round_trip_exact (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char json[] =
    "{\"format\": \"clippings\", \"version\": 1, \"articles\": [\n"
    " {\"id\": 1, \"title\": \"Tricky lines\", \"url\": null, \"source\": \"The Ledger\",\n"
    "  \"section\": \"Local\", \"published\": \"2020-05-01\", \"body\": [\"Body.\"],\n"
    "  \"declared_comment_count\": 4, \"comments\": [\n"
    "  {\"id\": 1, \"parent_id\": null, \"author\": \"Ada\", \"posted_at\": \"2020-05-01T13:00:07\",\n"
    "   \"text\": \"\\u2022 not a new comment\\n- nor this\\n* nor this\\n\\nMay 1, 2020 - 1:05PM\\n[deleted]\\n[c1-00000000-undated-00000000]\\n  indented\\n\\\\ a backslash\\n\\\\\\\\ two\"},\n"
    "  {\"id\": 2, \"parent_id\": 1, \"author\": \"Ben\", \"posted_at\": \"2020-05-01T13:05:59\",\n"
    "   \"text\": \"Removed.\", \"status\": \"deleted\"},\n"
    "  {\"id\": 3, \"parent_id\": 2, \"author\": \"Spammer\", \"posted_at\": null,\n"
    "   \"text\": \"May 2, 2020 - 1:00AM\\nBuy now\", \"status\": \"spam\"},\n"
    "  {\"id\": 4, \"parent_id\": null, \"author\": \"Chen\", \"posted_at\": null,\n"
    "   \"text\": \"[spam]\\n\\u2022 Chen\"}]}]}\n";
  g_autofree char *source = clp_test_write_file (fixture->dir, "tricky.json", json, -1);
  g_autofree char *db = g_build_filename (fixture->dir, "fresh.db", NULL);
  g_autoptr(ClpStore) fresh = clp_store_open (db, NULL);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) fresh_ids = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  import_into (fixture->store, source, "tricky.json");
  ids = clp_store_list_article_ids (fixture->store, CLP_ARTICLE_ORDER_IMPORTED, FALSE, NULL, NULL);
  id = g_array_index (ids, gint64, ids->len - 1);
  path = write_export (fixture, "txt", "tricky.txt", &id, 1, NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* Seconds and status are written; what would misread is escaped. */
  g_assert_nonnull (strstr (text, "May 1, 2020 - 1:00:07PM\n"));
  g_assert_nonnull (strstr (text, "\n        [deleted]\n"));
  g_assert_nonnull (strstr (text, "\n    \\\u2022 not a new comment\n"));

  import_into (fresh, path, "tricky.txt");
  fresh_ids = clp_store_list_article_ids (fresh, CLP_ARTICLE_ORDER_IMPORTED, FALSE, NULL, NULL);
  g_assert_cmpuint (fresh_ids->len, ==, 1);
  assert_same_article (fixture->store, id, fresh, g_array_index (fresh_ids, gint64, 0));
  {
    g_autoptr(GPtrArray) before = clp_store_load_comments (fixture->store, id, NULL);
    g_autoptr(GPtrArray) after = clp_store_load_comments (fresh, g_array_index (fresh_ids, gint64, 0),
                                                          NULL);

    for (guint i = 0; i < before->len; i++)
      g_assert_cmpint (((ClpComment *) g_ptr_array_index (before, i))->status, ==,
                       ((ClpComment *) g_ptr_array_index (after, i))->status);
  }
}

/* CSV read back by Python's csv module: one row per comment, commas,
 * quotes and line breaks intact, formulas neutralised. */
/* Every format writes the time a comment shows where the export is made:
 * a Disqus post's instant in that zone, a page's wall-clock time as
 * written. Clippings JSON adds the instant and the site's offset. */
static void
test_times (Fixture       *fixture,
            gconstpointer  data)
{
  static const char * const formats[] = { "csv", "json", "txt", "md", "html" };
  static const char * const shown[] = {
    "2019-03-13T17:12:00", "\"posted_at\" : \"2019-03-13T17:12:00\"", "Mar 13, 2019 - 5:12PM",
    "Mar 13, 2019, 5:12 PM", "Mar 13, 2019, 5:12 PM",
  };
  static const char * const wall[] = {
    "2019-03-13T21:12:00", "\"posted_at\" : \"2019-03-13T21:12:00\"", "Mar 13, 2019 - 9:12PM",
    "Mar 13, 2019, 9:12 PM", "Mar 13, 2019, 9:12 PM",
  };
  g_autofree char *disqus = clp_test_data_path ("disqus-harbour.xml");
  g_autofree char *wordpress = clp_test_data_path ("wordpress-com.xml");
  gint64 ids[3] = { 0 };

  /* Imported in Berlin, exported in New York. */
  clp_test_set_time_zone ("Europe/Berlin");
  import_into (fixture->store, disqus, "disqus-harbour.xml");
  import_into (fixture->store, wordpress, "wordpress-com.xml");
  clp_test_set_time_zone ("America/New_York");
  ids[0] = g_array_index (fixture->ids, gint64, 0);  /* ferry.txt: Marit at 21:12 */
  ids[1] = 4;                                         /* Disqus: Marit at 21:12 UTC */
  ids[2] = 7;                                         /* WordPress: Rosa */

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      /* A text file holds one article. */
      g_autofree char *one = export_to_string (fixture->store, formats[i], ids, 1, NULL);
      g_autofree char *other = export_to_string (fixture->store, formats[i], &ids[1], 1, NULL);
      g_autofree char *text = g_strconcat (one, other, NULL);

      g_test_message ("%s", formats[i]);
      g_assert_nonnull (strstr (text, shown[i]));
      g_assert_nonnull (strstr (text, wall[i]));
      /* Nothing of the Berlin clock the post was imported on. */
      g_assert_null (strstr (text, "22:12"));
      g_assert_null (strstr (text, "10:12 PM"));
      g_assert_null (strstr (text, "10:12PM"));
    }

  {
    g_autofree char *json = export_to_string (fixture->store, "json", &ids[1], 2, NULL);

    g_assert_nonnull (strstr (json, "\"posted_utc\" : \"2019-03-13T21:12:00Z\""));
    g_assert_nonnull (strstr (json, "\"title\" : \"Bus route 14 returns to Mill Street\""));
    g_assert_nonnull (strstr (json, "\"posted_at\" : \"2023-06-20T09:05:00\",\n"
                                    "          \"text\" : \"Finally."));
    g_assert_nonnull (strstr (json, "\"posted_utc\" : \"2023-06-20T13:05:00Z\",\n"
                                    "          \"utc_offset\" : \"-04:00\""));
  }
  clp_test_set_time_zone ("UTC");
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *hostile = clp_test_write_file (fixture->dir, "hostile.txt",
                                                  "Tricky, \"quoted\" title\n\nPublished: May 1, 2020\n\n"
                                                  "Body.\n\nReader Comments (3)\n\n"
                                                  "  \u2022 =cmd|' /C calc'!A0\n    May 1, 2020 - 1:00PM\n\n"
                                                  "    =HYPERLINK(\"http://x\",\"y\")\n\n"
                                                  "    second, \"quoted\" paragraph\n\n\n"
                                                  "  \u2022 @bob\n    May 1, 2020 - 1:05PM\n\n"
                                                  "    +1 and -1\n\n\n"
                                                  "  \u2022 Zoë\n    May 1, 2020 - 1:06PM\n\n"
                                                  "    -plain dash\n", -1);
  g_autoptr(GArray) ids = NULL;
  g_autofree char *path = NULL;
  g_autofree char *script = NULL;
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) rows = NULL;
  int status = 0;
  gint64 id;

  import_into (fixture->store, hostile, "hostile.txt");
  ids = clp_store_list_article_ids (fixture->store, CLP_ARTICLE_ORDER_IMPORTED, FALSE, NULL, NULL);
  id = g_array_index (ids, gint64, 3);
  path = write_export (fixture, "csv", "out.csv", &id, 1, NULL);

  script = g_build_filename (g_getenv ("CLIPPINGS_TEST_DATA"), "..", "unit", "check-csv.py", NULL);
  command = g_strdup_printf ("python3 '%s' '%s'", script, path);
  g_assert_true (g_spawn_command_line_sync (command, &out, &err, &status, NULL));
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  rows = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 4);
  g_assert_cmpstr (rows[0], ==, "[\"article_id\", \"article_title\", \"source\", \"published\", "
                                "\"comment_id\", \"parent_id\", \"depth\", \"author\", \"posted_at\", "
                                "\"text\", \"ref\", \"role\"]");
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *row;

    g_assert_true (json_parser_load_from_data (parser, rows[1], -1, NULL));
    row = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (row), ==, 12);
    g_assert_cmpstr (json_array_get_string_element (row, 1), ==, "Tricky, \"quoted\" title");
    g_assert_cmpstr (json_array_get_string_element (row, 5), ==, "");
    g_assert_cmpstr (json_array_get_string_element (row, 6), ==, "0");
    /* A formula is text with an apostrophe in front. */
    g_assert_cmpstr (json_array_get_string_element (row, 7), ==, "'=cmd|' /C calc'!A0");
    g_assert_cmpstr (json_array_get_string_element (row, 8), ==, "2020-05-01T13:00:00");
    g_assert_cmpstr (json_array_get_string_element (row, 9), ==,
                     "'=HYPERLINK(\"http://x\",\"y\")\n\nsecond, \"quoted\" paragraph");
  }
  g_assert_nonnull (strstr (rows[2], "\"'@bob\""));
  g_assert_nonnull (strstr (rows[2], "\"'+1 and -1\""));
  g_assert_nonnull (strstr (rows[3], "\"Zoë\""));
  g_assert_nonnull (strstr (rows[3], "\"'-plain dash\""));

  /* RFC 4180 line ends. */
  {
    g_autofree char *raw = NULL;

    g_assert_true (g_file_get_contents (path, &raw, NULL, NULL));
    g_assert_true (g_str_has_prefix (raw, "article_id,article_title,source,published,comment_id,"
                                          "parent_id,depth,author,posted_at,text,ref,role\r\n"));
  }
}

/* xmllint's HTML parser knows HTML 4: it names each HTML5 element it
 * meets (with two lines of context). Anything else it says is a fault. */
static void
assert_html_clean (const char *messages)
{
  static const char * const html5[] = { "main", "header", "article", "section", "time",
                                        "details", "summary", "nav", "bdi" };
  g_auto(GStrv) lines = g_strsplit (messages, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean known = FALSE;

      if (*lines[i] == '\0')
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (html5); k++)
        {
          g_autofree char *expected = g_strdup_printf ("HTML parser error : Tag %s invalid", html5[k]);

          if (strstr (lines[i], expected) != NULL)
            known = TRUE;
        }
      if (!known)
        g_error ("xmllint: %s", lines[i]);
      i += 2;   /* the line it quotes and the caret */
      if (lines[i - 1] == NULL || lines[i] == NULL)
        break;
    }
}

/* The HTML export parses cleanly, holds no script, frame or outside
 * resource, shows hostile text as text, and says what it is. */
static void
test_html (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = write_export (fixture, "html", "out.html", (gint64 *) fixture->ids->data,
                                        fixture->ids->len, NULL);
  g_autofree char *html = NULL;
  g_autofree char *command = g_strdup_printf ("xmllint --html --noout '%s'", path);
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  g_assert_true (g_spawn_command_line_sync (command, NULL, &err, &status, NULL));
  assert_html_clean (err);
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<iframe"));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, "url("));
  g_assert_nonnull (strstr (html, "&lt;b&gt;Bold&lt;/b&gt;"));
  g_assert_nonnull (strstr (html, "Exported from Clippings: 3 articles"));
  g_assert_nonnull (strstr (html, "All comments, no filters"));
  g_assert_nonnull (strstr (html, "Council approves bike lanes on Quay Street"));
  g_assert_nonnull (strstr (html, "Fishing quota talks stall again"));
  g_assert_nonnull (strstr (html, "@media print"));
}

/* The HTML cmark makes of a document, after its front-matter block (which
 * is not CommonMark: site generators and Pandoc take it off first). */
static char *
render_commonmark (Fixture    *fixture,
                   const char *markdown,
                   int        *status)
{
  const char *body = markdown;
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;
  char *rendered = NULL;

  if (g_str_has_prefix (body, "---\n"))
    {
      body = strstr (body + 4, "\n---\n");
      g_assert_nonnull (body);
      body += 5;
    }
  path = clp_test_write_file (fixture->dir, "body.md", body, -1);
  command = g_strdup_printf ("cmark '%s'", path);
  if (!g_spawn_command_line_sync (command, &rendered, NULL, status, NULL) || *status != 0)
    {
      g_free (rendered);
      return NULL;
    }
  return rendered;
}

/* Markdown keeps what readers typed literal; cmark, the CommonMark
 * reference, renders no emphasis, heading or HTML from it. */
static void
test_markdown (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *hostile = clp_test_write_file (fixture->dir, "md.txt",
                                                  "*Stars* and _underscores_ <i>tag</i>\n\n"
                                                  "Published: May 1, 2020\n\n# not a heading\n\n"
                                                  "Reader Comments (1)\n\n"
                                                  "  \u2022 __bold__\n    May 1, 2020 - 1:00PM\n\n"
                                                  "    # hash\n    1. not a list\n    > not a quote\n"
                                                  "    [link](http://x) `code` & &amp; \\ back\n", -1);
  g_autoptr(GArray) ids = NULL;
  g_autofree char *path = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *rendered = NULL;
  gint64 id;
  int status = 0;

  import_into (fixture->store, hostile, "md.txt");
  ids = clp_store_list_article_ids (fixture->store, CLP_ARTICLE_ORDER_IMPORTED, FALSE, NULL, NULL);
  id = g_array_index (ids, gint64, 3);
  path = write_export (fixture, "md", "out.md", &id, 1, NULL);
  g_assert_true (g_file_get_contents (path, &markdown, NULL, NULL));

  /* One article: its metadata is the front matter, where < is YAML's
   * \x3c, so that a reader that shows front matter as text shows no tag. */
  g_assert_true (g_str_has_prefix (markdown, "---\ntitle: \"*Stars* and _underscores_ "
                                             "\\x3ci\\x3etag\\x3c/i\\x3e\"\n"));

  rendered = render_commonmark (fixture, markdown, &status);
  if (rendered == NULL)
    {
      g_test_skip ("cmark is not installed");
      return;
    }
  g_assert_null (strstr (rendered, "<em>"));
  g_assert_null (strstr (rendered, "<strong>Stars"));
  g_assert_null (strstr (rendered, "<i>"));
  g_assert_null (strstr (rendered, "<ol>"));
  g_assert_null (strstr (rendered, "<blockquote>"));
  g_assert_null (strstr (rendered, "<code>"));
  g_assert_null (strstr (rendered, "<a href"));
  g_assert_nonnull (strstr (rendered, "<h1>*Stars* and _underscores_ &lt;i&gt;tag&lt;/i&gt;</h1>"));
  g_assert_nonnull (strstr (rendered, "# not a heading"));
  g_assert_nonnull (strstr (rendered, "<strong>__bold__</strong>"));
  g_assert_nonnull (strstr (rendered, "# hash"));
  g_assert_nonnull (strstr (rendered, "1. not a list"));
  g_assert_nonnull (strstr (rendered, "&gt; not a quote"));
  g_assert_nonnull (strstr (rendered, "[link](http://x) `code` &amp; &amp;amp; \\ back"));
  /* A title or a name with a line break in it stays one line: the heading
   * or the list item, with nothing after the break read as a block. */
  {
    g_autoptr(GString) line = g_string_new ("# ");
    g_autofree char *one_line = NULL;

    clp_markdown_exporter_append_escaped (line, "Title\n- not an item\r\n===\n    not code");
    g_string_append_c (line, '\n');
    one_line = render_commonmark (fixture, line->str, &status);
    g_assert_cmpstr (one_line, ==, "<h1>Title - not an item ===     not code</h1>\n");
  }
  /* The reply structure survives as nested lists. */
  {
    gint64 threads_id = g_array_index (ids, gint64, 1);
    g_autofree char *threads_path = write_export (fixture, "md", "threads.md", &threads_id, 1, NULL);
    g_autofree char *threads_markdown = NULL;
    g_autofree char *threads = NULL;

    g_assert_true (g_file_get_contents (threads_path, &threads_markdown, NULL, NULL));
    threads = render_commonmark (fixture, threads_markdown, &status);
    g_assert_nonnull (threads);
    g_assert_nonnull (strstr (threads, "<li>\n<p><strong>Ada</strong>"));
    g_assert_nonnull (strstr (threads, "<ul>\n<li>\n<p><strong>Ben</strong>"));
  }
}

/* Front matter values are YAML double-quoted scalars in which DEL, the C1
 * controls and Unicode line breaks are escapes, never the characters. */
static void
test_markdown_front_matter_controls (Fixture       *fixture,
                                     gconstpointer  data)
{
  static const char json[] =
    "{\"format\": \"clippings\", \"version\": 1, \"articles\": [\n"
    " {\"id\": 1, \"title\": \"Bell\\u0007 del\\u007f csi\\u009b nel\\u0085 ls\\u2028 end\",\n"
    "  \"url\": null, \"source\": \"Ledger\\u0090\", \"published\": \"2020-05-01\", \"body\": [],\n"
    "  \"comments\": []}]}\n";
  g_autofree char *source = clp_test_write_file (fixture->dir, "controls.json", json, -1);
  g_autoptr(GArray) ids = NULL;
  g_autofree char *path = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *front = NULL;
  gint64 id;

  import_into (fixture->store, source, "controls.json");
  ids = clp_store_list_article_ids (fixture->store, CLP_ARTICLE_ORDER_IMPORTED, FALSE, NULL, NULL);
  id = g_array_index (ids, gint64, ids->len - 1);
  path = write_export (fixture, "md", "controls.md", &id, 1, NULL);
  g_assert_true (g_file_get_contents (path, &markdown, NULL, NULL));
  front = g_strndup (markdown, strstr (markdown + 4, "\n---\n") - markdown);
  g_assert_nonnull (strstr (front, "title: \"Bell\\x07 del\\x7f csi\\x9b nel\\x85 ls\\u2028 end\"\n"));
  g_assert_nonnull (strstr (front, "source: \"Ledger\\x90\"\n"));
  for (const char *p = front; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_false ((c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x2028);
    }
}

/* A filtered export holds exactly the comments passing the filters and
 * the comments they answer, marked as context. */
static void
test_scoped (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 id = g_array_index (fixture->ids, gint64, 1);   /* threads.txt */
  g_autoptr(GPtrArray) comments = clp_store_load_comments (fixture->store, id, NULL);
  g_autoptr(GHashTable) scope = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                       (GDestroyNotify) g_hash_table_unref);
  GHashTable *matching = g_hash_table_new (g_int64_hash, g_int64_equal);
  ClpExportOptions options = { .scope = scope, .filters = "after:2021-04-02T09:15" };
  ClpComment *second_ada = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *exported;
  g_auto(GStrv) lines = NULL;

  /* The second "Ada" answers Ben, who answers the first Ada. */
  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);

      if (g_str_equal (comment->author, "Ada") && comment->parent_id != 0)
        second_ada = comment;
    }
  g_assert_nonnull (second_ada);
  g_hash_table_add (matching, &second_ada->id);
  g_hash_table_insert (scope, &id, matching);

  json = export_to_string (fixture->store, "json", &id, 1, &options);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  exported = json_object_get_array_member (json_array_get_object_element (
                 json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                               "articles"), 0), "comments");
  g_assert_cmpuint (json_array_get_length (exported), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (exported, 0), "author"), ==, "Ada");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (exported, 1), "author"), ==, "Ben");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (exported, 2), "id"), ==,
                   second_ada->id);
  g_assert_nonnull (strstr (json, "\"filters\":\"after:2021-04-02T09:15\""));

  csv = export_to_string (fixture->store, "csv", &id, 1, &options);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);   /* header, three rows, end */

  {
    g_autofree char *html = export_to_string (fixture->store, "html", &id, 1, &options);

    g_assert_nonnull (strstr (html, "Filters: after:2021-04-02T09:15"));
    g_assert_nonnull (strstr (html, "class=\"comment context\""));
    g_assert_null (strstr (html, "Chen"));
  }
  {
    g_autofree char *markdown = export_to_string (fixture->store, "md", &id, 1, &options);

    g_assert_nonnull (strstr (markdown, "**Ben** · Apr 2, 2021, 9:01 AM · *context*"));
    g_assert_null (strstr (markdown, "Chen"));
  }
}

/* Scoped exports, each format against the archive */

/* A printer that "prints" the page as it is: the PDF export's HTML, to
 * read back what the PDF says. */
#define CLP_TYPE_TEST_PRINTER (clp_test_printer_get_type ())
G_DECLARE_FINAL_TYPE (ClpTestPrinter, clp_test_printer, CLP, TEST_PRINTER, GObject)

struct _ClpTestPrinter
{
  GObject parent_instance;
};

static void clp_test_printer_iface_init (ClpPrinterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ClpTestPrinter, clp_test_printer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLP_TYPE_PRINTER, clp_test_printer_iface_init))

static void
clp_test_printer_class_init (ClpTestPrinterClass *klass)
{
}

static void
clp_test_printer_init (ClpTestPrinter *self)
{
}

static void
test_print_async (ClpPrinter          *printer,
                  const char          *html,
                  GFile               *target,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (printer, cancellable, callback, user_data);
  g_autofree char *path = g_file_get_path (target);
  GError *error = NULL;

  if (!g_file_set_contents (path, html, -1, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
test_print_finish (ClpPrinter    *printer,
                   GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clp_test_printer_iface_init (ClpPrinterInterface *iface)
{
  iface->print_async = test_print_async;
  iface->print_finish = test_print_finish;
}

typedef struct
{
  const char *name;
  const char *text;     /* the search, as typed */
  const char *from;     /* the comment filter's time window */
  const char *to;
  const char *author;   /* the comment filter's author */
} Scenario;

/* What the archive holds of one article and what a scoped export of it
 * must say, found with SQL and with the search, not with the export's
 * own code. */
typedef struct
{
  gint64      id;
  guint       archived;
  guint       hidden;
  int         declared;
  GHashTable *matches;   /* (gint64 *) the search's hits among its comments */
  GHashTable *context;   /* (gint64 *) the comments they answer, by SQL */
  GHashTable *references; /* (gint64 *) id -> reference */
  char       *url;
  char       *file_name;
  char       *sha256;
  char       *imported_at;
} Truth;

static void
truth_free (Truth *truth)
{
  g_hash_table_unref (truth->matches);
  g_hash_table_unref (truth->context);
  g_hash_table_unref (truth->references);
  g_free (truth->url);
  g_free (truth->file_name);
  g_free (truth->sha256);
  g_free (truth->imported_at);
  g_free (truth);
}

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static void
sql_step (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  g_assert_true (rc == SQLITE_ROW || rc == SQLITE_DONE);
}

/* The truth of each article the request lists, by article id. */
static GHashTable *
find_truth (const char       *db_path,
            ClpStore         *store,
            ClpSearchRequest *request)
{
  GHashTable *truths = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                              (GDestroyNotify) truth_free);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  GHashTableIter iter;
  gpointer key, value;

  hits = clp_store_search (store, clp_search_request_get_comment_query (request),
                           CLP_SEARCH_ORDER_NEWEST, 0, 10000, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    {
      ClpSearchHit *hit = g_ptr_array_index (hits, i);
      Truth *truth;

      if (hit->comment_id == 0)
        continue;
      truth = g_hash_table_lookup (truths, &hit->article_id);
      if (truth == NULL)
        {
          truth = g_new0 (Truth, 1);
          truth->id = hit->article_id;
          truth->matches = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          truth->context = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          truth->references = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
          g_hash_table_insert (truths, id_key (truth->id), truth);
        }
      g_hash_table_add (truth->matches, id_key (hit->comment_id));
    }

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_hash_table_iter_init (&iter, truths);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Truth *truth = value;
      g_autoptr(GString) ids = g_string_new ("[");
      g_autoptr(ClpArticle) article = clp_store_load_article (store, truth->id, NULL);
      g_autoptr(GPtrArray) comments = clp_store_load_comments (store, truth->id, NULL);
      g_autofree char *article_key = clp_reference_for_article (article);
      g_autofree char *contents = NULL;
      g_autofree char *path = NULL;
      sqlite3_stmt *stmt = NULL;
      GHashTableIter matches;
      gpointer match;
      gsize length;

      g_hash_table_iter_init (&matches, truth->matches);
      while (g_hash_table_iter_next (&matches, &match, NULL))
        g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 1 ? "," : "",
                                *(gint64 *) match);
      g_string_append_c (ids, ']');

      sqlite3_prepare_v2 (db, "SELECT count(*), count(*) FILTER (WHERE status != 0),"
                              " (SELECT declared_comment_count FROM articles WHERE id = ?1)"
                              " FROM comments WHERE article_id = ?1", -1, &stmt, NULL);
      sqlite3_bind_int64 (stmt, 1, truth->id);
      sql_step (stmt);
      truth->archived = sqlite3_column_int (stmt, 0);
      truth->hidden = sqlite3_column_int (stmt, 1);
      truth->declared = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? -1
                        : sqlite3_column_int (stmt, 2);
      sqlite3_finalize (stmt);

      /* The chain of comments each match answers. */
      sqlite3_prepare_v2 (db, "WITH RECURSIVE up (id) AS ("
                              "  SELECT parent_id FROM comments"
                              "   WHERE id IN (SELECT value FROM json_each (?1)) AND parent_id IS NOT NULL"
                              "  UNION"
                              "  SELECT c.parent_id FROM comments c JOIN up ON c.id = up.id"
                              "   WHERE c.parent_id IS NOT NULL)"
                              " SELECT up.id FROM up JOIN comments c ON c.id = up.id"
                              "  WHERE c.status = 0 AND up.id NOT IN (SELECT value FROM json_each (?1))",
                              -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, ids->str, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_add (truth->context, id_key (sqlite3_column_int64 (stmt, 0)));
      sqlite3_finalize (stmt);

      sqlite3_prepare_v2 (db, "SELECT i.file_name, i.sha256, i.imported_at, a.url FROM articles a"
                              " JOIN imports i ON i.id = a.import_id WHERE a.id = ?", -1, &stmt,
                          NULL);
      sqlite3_bind_int64 (stmt, 1, truth->id);
      sql_step (stmt);
      truth->file_name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      truth->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      truth->imported_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      truth->url = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);

      /* The file's own sum, as the imports table should say. */
      path = g_path_is_absolute (truth->file_name) ? g_strdup (truth->file_name)
                                                   : clp_test_data_path (truth->file_name);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      {
        g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                            (const guchar *) contents, length);

        g_assert_cmpstr (sum, ==, truth->sha256);
      }

      for (guint i = 0; i < comments->len; i++)
        {
          ClpComment *comment = g_ptr_array_index (comments, i);

          g_hash_table_insert (truth->references, id_key (comment->id),
                               clp_reference_for_comment (article_key, comment));
        }
    }
  sqlite3_close (db);
  return truths;
}

static char *
expected_heading (Truth *truth)
{
  return g_strdup_printf ("Reader comments (%u of %u)", g_hash_table_size (truth->matches),
                          truth->archived - truth->hidden);
}

static guint
count_of (const char *text,
          const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Every comment held, by its reference, and nothing else. */
static void
assert_references (const char *text,
                   Truth      *truth)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, truth->references);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean held = g_hash_table_contains (truth->matches, key) ||
                      g_hash_table_contains (truth->context, key);

      g_assert_cmpint (strstr (text, value) != NULL, ==, held);
    }
}

static char *
run_job (ClpArchive       *archive,
         ClpSearchRequest *request,
         const char       *format,
         const char       *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpExportJob) job = clp_export_job_new (archive, format, &error);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(ClpPrinter) printer = g_object_new (CLP_TYPE_TEST_PRINTER, NULL);
  g_autoptr(GPtrArray) written = NULL;
  char *contents = NULL;

  g_assert_no_error (error);
  clp_export_job_set_request (job, request, TRUE);
  clp_export_job_set_target (job, target, FALSE, TRUE);
  clp_export_job_set_printer (job, printer);
  written = clp_export_job_run (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_json_counts (JsonObject *counts,
                    Truth      *truth)
{
  g_autofree char *heading = expected_heading (truth);

  g_assert_cmpint (json_object_get_int_member (counts, "archived"), ==, truth->archived);
  g_assert_cmpint (json_object_get_int_member (counts, "hidden"), ==, truth->hidden);
  if (truth->declared >= 0)
    g_assert_cmpint (json_object_get_int_member (counts, "declared"), ==, truth->declared);
  else
    g_assert_true (json_object_get_null_member (counts, "declared"));
  g_assert_cmpint (json_object_get_int_member (counts, "matching"), ==,
                   g_hash_table_size (truth->matches));
  g_assert_cmpint (json_object_get_int_member (counts, "context"), ==,
                   g_hash_table_size (truth->context));
  g_assert_cmpint (json_object_get_int_member (counts, "exported"), ==,
                   g_hash_table_size (truth->matches) + g_hash_table_size (truth->context));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (counts, "text"), heading));
}

static void
assert_json_provenance (JsonObject *provenance,
                        Truth      *truth)
{
  JsonObject *first = json_array_get_object_element (json_object_get_array_member (provenance,
                                                                                  "imports"), 0);

  g_assert_cmpstr (json_object_get_string_member (provenance, "url"), ==, truth->url);
  g_assert_cmpstr (json_object_get_string_member (first, "file_name"), ==, truth->file_name);
  g_assert_cmpstr (json_object_get_string_member (first, "sha256"), ==, truth->sha256);
  g_assert_cmpstr (json_object_get_string_member (first, "imported_at"), ==, truth->imported_at);
}

static void
assert_json_export (JsonObject       *export,
                    ClpSearchRequest *request)
{
  g_autofree char *filters = clp_search_request_describe (request);
  const char *text = clp_search_request_get_text (request);
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (json_object_get_string_member (export,
                                                                                          "exported_at"),
                                                            NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (text != NULL && *text != '\0')
    g_assert_cmpstr (json_object_get_string_member (export, "query"), ==, text);
  else
    g_assert_true (json_object_get_null_member (export, "query"));
  g_assert_cmpstr (json_object_get_string_member (export, "filters"), ==, filters);
  g_assert_cmpstr (json_object_get_string_member (export, "clippings_version"), ==, PACKAGE_VERSION);
  g_assert_true (json_object_get_boolean_member (export, "scoped"));
  g_assert_nonnull (when);
  g_assert_cmpint (g_date_time_difference (now, when), <, 600 * G_TIME_SPAN_SECOND);
}

/* Clippings JSON: counts, roles, references, provenance. */
static void
check_json (const char       *text,
            GHashTable       *truths,
            ClpSearchRequest *request)
{
  g_autoptr(JsonNode) root = parse_json (text);
  JsonObject *document = json_node_get_object (root);
  JsonArray *articles = json_object_get_array_member (document, "articles");

  assert_json_export (json_object_get_object_member (document, "export"), request);
  g_assert_cmpuint (json_array_get_length (articles), ==, g_hash_table_size (truths));
  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      JsonObject *article = json_array_get_object_element (articles, i);
      gint64 id = json_object_get_int_member (article, "id");
      Truth *truth = g_hash_table_lookup (truths, &id);
      JsonArray *comments = json_object_get_array_member (article, "comments");
      g_autoptr(GHashTable) matches = g_hash_table_new (g_int64_hash, g_int64_equal);

      g_assert_nonnull (truth);
      assert_json_counts (json_object_get_object_member (article, "counts"), truth);
      assert_json_provenance (json_object_get_object_member (article, "provenance"), truth);
      for (guint k = 0; k < json_array_get_length (comments); k++)
        {
          JsonObject *comment = json_array_get_object_element (comments, k);
          gint64 comment_id = json_object_get_int_member (comment, "id");
          const char *role = json_object_get_string_member (comment, "role");

          g_assert_cmpstr (json_object_get_string_member (comment, "ref"), ==,
                           g_hash_table_lookup (truth->references, &comment_id));
          if (g_str_equal (role, "match"))
            g_assert_true (g_hash_table_contains (truth->matches, &comment_id));
          else
            {
              g_assert_cmpstr (role, ==, "context");
              g_assert_true (g_hash_table_contains (truth->context, &comment_id));
            }
        }
      g_assert_cmpuint (json_array_get_length (comments), ==,
                        g_hash_table_size (truth->matches) + g_hash_table_size (truth->context));
      assert_references (text, truth);
    }
}

/* CSV: each row's role; counts and provenance in the sidecar. */
static void
check_csv (const char       *path,
           GHashTable       *truths,
           ClpSearchRequest *request)
{
  g_autofree char *script = g_build_filename (g_getenv ("CLIPPINGS_TEST_DATA"), "..", "unit",
                                              "check-csv.py", NULL);
  g_autofree char *command = g_strdup_printf ("python3 '%s' '%s'", script, path);
  g_autofree char *out = NULL;
  g_autofree char *meta_text = NULL;
  g_autofree char *meta_path = NULL;
  g_auto(GStrv) rows = NULL;
  g_autoptr(JsonNode) meta = NULL;
  JsonArray *articles;
  guint n_rows = 0;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  rows = g_strsplit (g_strstrip (out), "\n", -1);
  for (guint i = 1; rows[i] != NULL; i++)
    {
      g_autoptr(JsonNode) row = parse_json (rows[i]);
      JsonArray *fields = json_node_get_array (row);
      gint64 article_id = g_ascii_strtoll (json_array_get_string_element (fields, 0), NULL, 10);
      gint64 comment_id = g_ascii_strtoll (json_array_get_string_element (fields, 4), NULL, 10);
      Truth *truth = g_hash_table_lookup (truths, &article_id);
      const char *role = json_array_get_string_element (fields, 11);

      g_assert_nonnull (truth);
      g_assert_cmpuint (json_array_get_length (fields), ==, 12);
      g_assert_cmpstr (json_array_get_string_element (fields, 10), ==,
                       g_hash_table_lookup (truth->references, &comment_id));
      g_assert_true (g_hash_table_contains (g_str_equal (role, "match") ? truth->matches
                                                                        : truth->context,
                                            &comment_id));
      g_assert_true (g_str_equal (role, "match") || g_str_equal (role, "context"));
      n_rows++;
    }
  {
    GHashTableIter iter;
    gpointer value;
    guint expected = 0;

    g_hash_table_iter_init (&iter, truths);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      expected += g_hash_table_size (((Truth *) value)->matches) +
                  g_hash_table_size (((Truth *) value)->context);
    g_assert_cmpuint (n_rows, ==, expected);
  }

  g_assert_true (g_str_has_suffix (path, ".csv"));
  meta_path = g_strdup_printf ("%.*s.meta.json", (int) strlen (path) - 4, path);
  g_assert_true (g_file_get_contents (meta_path, &meta_text, NULL, NULL));
  meta = parse_json (meta_text);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (meta), "format"), ==,
                   "clippings-csv-meta");
  assert_json_export (json_object_get_object_member (json_node_get_object (meta), "export"),
                      request);
  articles = json_object_get_array_member (json_node_get_object (meta), "articles");
  g_assert_cmpuint (json_array_get_length (articles), ==, g_hash_table_size (truths));
  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      JsonObject *article = json_array_get_object_element (articles, i);
      gint64 id = json_object_get_int_member (article, "article_id");
      Truth *truth = g_hash_table_lookup (truths, &id);

      g_assert_nonnull (truth);
      assert_json_counts (json_object_get_object_member (article, "counts"), truth);
      assert_json_provenance (json_object_get_object_member (article, "provenance"), truth);
    }
}

/* What one article of a page or a document says, in words shared by the
 * formats that print them: the heading, what the export holds, where it
 * came from, and each comment's reference. */
static void
check_words (const char       *text,
             Truth            *truth,
             ClpSearchRequest *request)
{
  g_autofree char *heading = expected_heading (truth);
  guint held = g_hash_table_size (truth->matches) + g_hash_table_size (truth->context);
  g_autofree char *holds = g_strdup_printf ("This export holds %u comment", held);
  const char *query = clp_search_request_get_text (request);

  g_assert_nonnull (strstr (text, heading));
  g_assert_nonnull (strstr (text, holds));
  g_assert_nonnull (strstr (text, truth->sha256));
  g_assert_nonnull (strstr (text, truth->imported_at));
  if (query != NULL && *query != '\0')
    g_assert_nonnull (strstr (text, query));
  /* What the page claimed against the archive, not against the export. */
  if (truth->declared > (int) truth->archived)
    {
      g_autofree char *missing = g_strdup_printf ("The page claimed %d comments; %d are not in "
                                                  "the archive.", truth->declared,
                                                  truth->declared - (int) truth->archived);

      g_assert_nonnull (strstr (text, missing));
      g_assert_cmpuint (count_of (text, "are not in the archive"), ==, count_of (text, missing));
    }
  else
    g_assert_null (strstr (text, "are not in the archive"));
}

static Truth *
only_truth (GHashTable *truths)
{
  GHashTableIter iter;
  gpointer value = NULL;

  g_assert_cmpuint (g_hash_table_size (truths), ==, 1);
  g_hash_table_iter_init (&iter, truths);
  g_hash_table_iter_next (&iter, NULL, &value);
  return value;
}

static void
check_html (const char       *html,
            GHashTable       *truths,
            ClpSearchRequest *request)
{
  Truth *truth = only_truth (truths);
  g_autofree char *described = clp_search_request_describe (request);
  g_autoptr(GString) filters = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;

  clp_html_append_escaped (filters, described, -1);
  check_words (html, truth, request);
  assert_references (html, truth);
  g_assert_nonnull (strstr (html, PACKAGE_NAME " " PACKAGE_VERSION));
  g_assert_nonnull (strstr (html, filters->str));
  g_assert_cmpuint (count_of (html, "<li class=\"comment"), ==,
                    g_hash_table_size (truth->matches) + g_hash_table_size (truth->context));
  g_assert_cmpuint (count_of (html, "<li class=\"comment context"), ==,
                    g_hash_table_size (truth->context));
  g_hash_table_iter_init (&iter, truth->context);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *item = g_strdup_printf ("<li class=\"comment context\" id=\"c%" G_GINT64_FORMAT "\"",
                                               *(gint64 *) key);

      g_assert_nonnull (strstr (html, item));
    }
}

static void
check_markdown (const char       *markdown,
                GHashTable       *truths,
                ClpSearchRequest *request)
{
  Truth *truth = only_truth (truths);
  g_autofree char *heading = expected_heading (truth);
  g_autofree char *markdown_heading = g_strdup_printf ("\n## %s\n", heading);
  g_autofree char *archived = g_strdup_printf ("\n  archived: %u\n", truth->archived);
  g_autofree char *matching = g_strdup_printf ("\n  matching: %u\n",
                                               g_hash_table_size (truth->matches));
  g_autofree char *context = g_strdup_printf ("\n  context: %u\n",
                                              g_hash_table_size (truth->context));
  g_autofree char *sha = g_strdup_printf ("sha256: \"%s\"", truth->sha256);
  g_autofree char *front = g_strndup (markdown, strstr (markdown + 4, "\n---\n") - markdown);

  check_words (markdown, truth, request);
  assert_references (markdown, truth);
  g_assert_nonnull (strstr (markdown, markdown_heading));
  /* In the front matter, as data. */
  g_assert_nonnull (strstr (front, archived));
  g_assert_nonnull (strstr (front, matching));
  g_assert_nonnull (strstr (front, context));
  g_assert_nonnull (strstr (front, sha));
  g_assert_nonnull (strstr (front, "clippings_version: \"" PACKAGE_VERSION "\""));
  g_assert_cmpuint (count_of (markdown, " · *context*"), ==, g_hash_table_size (truth->context));
}

static void
check_text (const char       *text,
            GHashTable       *truths,
            ClpSearchRequest *request)
{
  Truth *truth = only_truth (truths);
  const char *trailer = strstr (text, "\n-- Clippings export --\n");

  g_assert_nonnull (trailer);
  check_words (trailer, truth, request);
  /* The comments are before it, with their references, marked. */
  g_assert_cmpuint (count_of (text, "\u2022 "), ==,
                    g_hash_table_size (truth->matches) + g_hash_table_size (truth->context));
  g_assert_cmpuint (count_of (text, "[context]\n"), ==, g_hash_table_size (truth->context));
  assert_references (text, truth);
}

/* Each format, on threads with replies, under three requests: a query
 * for replies whose parents do not pass it, within a time window; an
 * author filter; and all three together. Every number an export states
 * is the archive's, counted with SQL here; every comment's role agrees
 * with the search's own hits; provenance and references are there. */
static void
test_scoped_truth (Fixture       *fixture,
                   gconstpointer  data)
{
  static const Scenario scenarios[] = {
    { "replies-in-window", "is:reply", "2021-04-02T09:00:00", "2021-04-02T11:00:00", NULL },
    { "author", NULL, NULL, NULL, "ADA" },
    { "all-three", "is:reply", "2021-04-02T09:15:00", "2021-04-02T11:00:00", "ada" },
  };
  g_autofree char *db = g_build_filename (fixture->dir, "archive.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpArchive) archive = clp_archive_open (db, CLP_ARCHIVE_OPEN_DEFAULT, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      const Scenario *scenario = &scenarios[i];
      g_autoptr(ClpSearchRequest) request = clp_search_request_new ();
      g_autoptr(GHashTable) truths = NULL;
      g_autofree char *base = g_build_filename (fixture->dir, scenario->name, NULL);
      g_autofree char *json_path = g_strconcat (base, ".json", NULL);
      g_autofree char *csv_path = g_strconcat (base, ".csv", NULL);
      g_autofree char *html_path = g_strconcat (base, ".html", NULL);
      g_autofree char *pdf_path = g_strconcat (base, ".pdf", NULL);
      g_autofree char *md_path = g_strconcat (base, ".md", NULL);
      g_autofree char *txt_path = g_strconcat (base, ".txt", NULL);
      g_autofree char *json = NULL;
      g_autofree char *csv = NULL;
      g_autofree char *html = NULL;
      g_autofree char *pdf = NULL;
      g_autofree char *md = NULL;
      g_autofree char *txt = NULL;
      Truth *truth;

      g_test_message ("scenario %s", scenario->name);
      if (scenario->text != NULL)
        g_assert_true (clp_search_request_set_text (request, scenario->text, NULL));
      if (scenario->from != NULL)
        clp_search_request_set_comment_period (request, scenario->from, scenario->to);
      if (scenario->author != NULL)
        clp_search_request_set_author (request, scenario->author);
      /* The list holds the articles with a comment that passes ("Apply
       * to All Articles"): one here, as a text file holds one. */
      clp_search_request_set_narrows_list (request, TRUE);
      truths = find_truth (db, fixture->store, request);
      truth = only_truth (truths);
      /* The fixture does what the test is for: a match whose parent does
       * not match, so that the export holds context. */
      g_assert_cmpuint (g_hash_table_size (truth->context), >, 0);
      g_assert_cmpuint (g_hash_table_size (truth->matches), <, truth->archived);

      json = run_job (archive, request, "json", json_path);
      check_json (json, truths, request);
      csv = run_job (archive, request, "csv", csv_path);
      check_csv (csv_path, truths, request);
      html = run_job (archive, request, "html", html_path);
      check_html (html, truths, request);
      pdf = run_job (archive, request, "pdf", pdf_path);
      check_html (pdf, truths, request);
      md = run_job (archive, request, "md", md_path);
      check_markdown (md, truths, request);
      txt = run_job (archive, request, "txt", txt_path);
      check_text (txt, truths, request);
    }
}

static void
test_file_names (void)
{
  static const struct { const char *title; const char *name; } cases[] = {
    { "Harbour board delays vote", "Harbour board delays vote.txt" },
    { "../../etc/passwd", "etc passwd.txt" },
    { ".hidden", "hidden.txt" },
    { "   ", "article.txt" },
    { NULL, "article.txt" },
    { "a/b\\c:d*e?f\"g<h>i|j", "a b c d e f g h i j.txt" },
    { "line\nbreak\ttab", "line break tab.txt" },
    { "Ends with dots...", "Ends with dots.txt" },
    { "اچھی خبر ہے", "اچھی خبر ہے.txt" },
    { "Invoice \u202Egpj.exe", "Invoice gpj.exe.txt" },
    { "\u2067اچھی\u2069 \u200Fnews\u200E", "اچھی news.txt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = clp_export_file_name (cases[i].title, "txt");

      g_assert_cmpstr (name, ==, cases[i].name);
    }

  /* Long titles are cut on a character boundary. */
  {
    g_autoptr(GString) long_title = g_string_new (NULL);
    g_autofree char *name = NULL;

    for (int i = 0; i < 60; i++)
      g_string_append (long_title, "é");
    name = clp_export_file_name (long_title->str, "md");
    g_assert_true (g_utf8_validate (name, -1, NULL));
    g_assert_cmpuint (strlen (name), <=, 80 + 3);
    g_assert_true (g_str_has_suffix (name, "é.md"));
  }
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* An existing file is replaced only when asked; a cancelled export leaves
 * nothing behind and the old file intact. */
static void
test_safe_writing (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "out", NULL);
  g_autofree char *target_path = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(ClpExporter) exporter = clp_exporter_new_for_name ("json", NULL);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_mkdir (out, 0700);
  target_path = clp_test_write_file (out, "export.json", "old", -1);
  target = g_file_new_for_path (target_path);

  g_assert_false (clp_export_to_file (exporter, fixture->store, (gint64 *) fixture->ids->data,
                                      fixture->ids->len, NULL, target, FALSE, NULL, NULL, NULL,
                                      &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  g_cancellable_cancel (cancelled);
  g_assert_false (clp_export_to_file (exporter, fixture->store, (gint64 *) fixture->ids->data,
                                      fixture->ids->len, NULL, target, TRUE, NULL, NULL, cancelled,
                                      &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (target_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (count_entries (out), ==, 1);

  g_assert_true (clp_export_to_file (exporter, fixture->store, (gint64 *) fixture->ids->data,
                                     fixture->ids->len, NULL, target, TRUE, NULL, NULL, NULL,
                                     &error));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (target_path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "{\n  \"format\": \"clippings\""));
  g_assert_cmpuint (count_entries (out), ==, 1);
}

/* One file per article, named after titles, all or nothing. */
static void
test_split (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "split", NULL);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(ClpExporter) exporter = clp_exporter_new_for_name ("md", NULL);
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GError) error = NULL;
  gint64 twice[] = { g_array_index (fixture->ids, gint64, 0), g_array_index (fixture->ids, gint64, 0) };
  g_autofree char *taken = NULL;

  g_mkdir (out, 0700);
  folder = g_file_new_for_path (out);
  written = clp_export_to_folder (exporter, fixture->store, twice, 2, NULL, folder, FALSE, NULL, NULL,
                                  NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, 2);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (written, 0),
                                   "/Harbour board delays vote on night ferry timetable.md"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (written, 1),
                                   "/Harbour board delays vote on night ferry timetable (2).md"));
  g_clear_pointer (&written, g_ptr_array_unref);

  /* An article that is not in the archive: nothing written at all. */
  {
    gint64 gone[] = { g_array_index (fixture->ids, gint64, 1), 999999 };

    written = clp_export_to_folder (exporter, fixture->store, gone, 2, NULL, folder, FALSE, NULL,
                                    NULL, NULL, &error);
    g_assert_null (written);
    g_assert_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpuint (count_entries (out), ==, 2);
  }

  /* One name taken: nothing written at all. */
  taken = clp_test_write_file (out, "Fishing quota talks stall again.md", "mine", -1);
  written = clp_export_to_folder (exporter, fixture->store, (gint64 *) fixture->ids->data,
                                  fixture->ids->len, NULL, folder, FALSE, NULL, NULL, NULL, &error);
  g_assert_null (written);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpuint (count_entries (out), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/export/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("text-round-trip", test_text_round_trip);
  ADD ("byline", test_byline);
  ADD ("text-round-trip-exact", test_text_round_trip_exact);
  ADD ("csv", test_csv);
  ADD ("times", test_times);
  ADD ("html", test_html);
  ADD ("markdown", test_markdown);
  ADD ("markdown-front-matter-controls", test_markdown_front_matter_controls);
  ADD ("scoped", test_scoped);
  ADD ("safe-writing", test_safe_writing);
  ADD ("split", test_split);
  ADD ("scoped-truth", test_scoped_truth);
#undef ADD
  g_test_add_func ("/core/export/file-names", test_file_names);

  return g_test_run ();
}
