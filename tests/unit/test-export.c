/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "clp-csv-exporter.h"
#include "clp-export.h"
#include "clp-import.h"
#include "clp-markdown-exporter.h"
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

/* CSV read back by Python's csv module: one row per comment, commas,
 * quotes and line breaks intact, formulas neutralised. */
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
                                "\"text\"]");
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *row;

    g_assert_true (json_parser_load_from_data (parser, rows[1], -1, NULL));
    row = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (row), ==, 10);
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
                                          "parent_id,depth,author,posted_at,text\r\n"));
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
  ADD ("csv", test_csv);
  ADD ("html", test_html);
  ADD ("markdown", test_markdown);
  ADD ("scoped", test_scoped);
  ADD ("safe-writing", test_safe_writing);
  ADD ("split", test_split);
#undef ADD
  g_test_add_func ("/core/export/file-names", test_file_names);

  return g_test_run ();
}
