/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "clp-test-util.h"

/* clippings-cli end to end: the built program, run as a user would. */

typedef struct
{
  char *dir;
  char *db;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = clp_test_make_dir ();
  fixture->db = g_build_filename (fixture->dir, "archive.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  clp_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
}

/* Runs clippings-cli with CLIPPINGS_DB pointing at the fixture's archive,
 * in the fixture's folder. */
static void
cli (Fixture    *fixture,
     Run        *run,
     const char *first,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("CLIPPINGS_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "CLIPPINGS_DB", fixture->db, TRUE);
  g_subprocess_launcher_set_cwd (launcher, fixture->dir);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static char *
data (const char *name)
{
  return clp_test_data_path (name);
}

static void
test_help (Fixture       *fixture,
           gconstpointer  unused)
{
  static const char * const commands[] = { "import", "list", "show", "search", "export", "stats",
                                           "check" };

  {
    g_auto(Run) run = { 0 };

    cli (fixture, &run, "--help", NULL);
    g_assert_cmpint (run.status, ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      g_assert_nonnull (strstr (run.out, commands[i]));
  }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = { 0 };

      cli (fixture, &run, commands[i], "--help", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "clippings-cli"));
      g_assert_nonnull (strstr (run.out, commands[i]));
      g_assert_nonnull (strstr (run.out, "--db"));
    }
}

static void
test_usage_errors (Fixture       *fixture,
                   gconstpointer  unused)
{
  struct { const char *args[6]; } cases[] = {
    { { NULL } },
    { { "frobnicate", NULL } },
    { { "list", "--no-such-option", NULL } },
    { { "show", NULL } },
    { { "show", "abc", NULL } },
    { { "import", NULL } },
    { { "export", NULL } },
    { { "export", "--format", "xls", NULL } },
    { { "export", "--format", "json", "--ids", "1,x", NULL } },
    { { "search", NULL } },
    { { "search", "--order", "best", "ferry", NULL } },
    { { "search", "--limit", "0", "ferry", NULL } },
    { { "search", "ferry OR", NULL } },
    { { "list", "--query", "(ferry", NULL } },
    { { "list", "--after", "2019-13", NULL } },
    { { "export", "--format", "json", "--before", "soon", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      cli (fixture, &run, cases[i].args[0], cases[i].args[1], cases[i].args[2], cases[i].args[3],
           cases[i].args[4], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.err, !=, "");
    }
  /* None of that made an archive. */
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
}

static void
test_import (Fixture       *fixture,
             gconstpointer  unused)
{
  g_autofree char *ferry = data ("ferry.txt");
  g_autofree char *resaved = data ("ferry-resaved.txt");
  g_auto(Run) first = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) newer = { 0 };

  cli (fixture, &first, "import", ferry, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_nonnull (strstr (first.out, "ferry.txt: 1 new article; 6 new comments, 0 duplicates"));

  cli (fixture, &again, "import", ferry, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "Already imported"));

  cli (fixture, &newer, "import", resaved, NULL);
  g_assert_cmpint (newer.status, ==, 0);
  g_assert_nonnull (strstr (newer.out, "1 merged; 1 new comment, 6 duplicates, 0 missing"));
}

/* A folder is read recursively; a bad file is reported and the rest still
 * import; the exit status says something failed. */
static void
test_import_folder (Fixture       *fixture,
                    gconstpointer  unused)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "saved", "deeper", NULL);
  g_autofree char *ferry = data ("ferry.txt");
  g_autofree char *threads = data ("threads.txt");
  g_autofree char *contents = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *good = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) list = { 0 };

  g_mkdir_with_parents (folder, 0700);
  g_assert_true (g_file_get_contents (ferry, &contents, NULL, NULL));
  good = clp_test_write_file (folder, "b-ferry.txt", contents, -1);
  g_free (contents);
  g_assert_true (g_file_get_contents (threads, &contents, NULL, NULL));
  g_free (good);
  good = clp_test_write_file (fixture->dir, "saved/c-threads.txt", contents, -1);
  bad = clp_test_write_file (fixture->dir, "saved/a-broken.txt", "\xff\xfe\x00\x01garbage", 12);

  cli (fixture, &run, "import", "saved", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "saved/a-broken.txt"));
  g_assert_nonnull (strstr (run.err, "1 file of 3 could not be imported"));
  g_assert_nonnull (strstr (run.out, "saved/c-threads.txt: 1 new article"));
  g_assert_nonnull (strstr (run.out, "saved/deeper/b-ferry.txt: 1 new article"));

  cli (fixture, &list, "list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "Harbour board delays vote"));
  g_assert_nonnull (strstr (list.out, "Council approves bike lanes"));
  /* The page claimed 9 comments and held 7. */
  g_assert_nonnull (strstr (list.out, "7 of 9"));
}

/* The list is a table: every title starts under TITLE, whether the source
 * is missing (a dash) or not. */
static void
test_list_columns (Fixture       *fixture,
                   gconstpointer  data_)
{
  g_autofree char *ferry = data ("ferry.txt");
  g_autofree char *disqus = data ("disqus-harbour.xml");
  g_auto(Run) run = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(GStrv) lines = NULL;
  const char *header;
  glong title_column;

  cli (fixture, &run, "import", ferry, disqus, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (fixture, &list, "list", NULL);
  g_assert_cmpint (list.status, ==, 0);

  lines = g_strsplit (list.out, "\n", -1);
  header = lines[0];
  g_assert_nonnull (strstr (header, "TITLE"));
  title_column = g_utf8_pointer_to_offset (header, strstr (header, "TITLE"));
  g_assert_nonnull (strstr (list.out, "—"));
  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      const char *title = g_utf8_offset_to_pointer (lines[i], title_column);

      g_assert_true (title[0] != ' ' && title[-1] == ' ');
    }
}

/* Archived text can hold control characters; printed as they are, a
 * terminal would obey them (set its title, recolour, move the cursor). */
static void
test_control_characters (Fixture       *fixture,
                         gconstpointer  unused)
{
  g_autofree char *path = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) show = { 0 };
  g_auto(Run) search = { 0 };

  path = clp_test_write_file (fixture->dir, "hostile.json",
                              "{\"format\": \"clippings\", \"version\": 1, \"articles\": [{"
                              "\"title\": \"\\u001b]0;pwned\\u0007\\u001b[31mTide gauge\", "
                              "\"body\": [\"Gauge \\u009b2J text\"], \"comments\": [{"
                              "\"author\": \"Ann\\u001b[8m\", \"posted_at\": \"2020-02-03T10:00\", "
                              "\"text\": \"Gauge works\\u001b[2K\"}]}]}", -1);
  cli (fixture, &run, "import", path, NULL);
  g_assert_cmpint (run.status, ==, 0);

  cli (fixture, &list, "list", NULL);
  cli (fixture, &show, "show", "1", NULL);
  cli (fixture, &search, "search", "gauge", NULL);
  g_assert_nonnull (strstr (list.out, "\xef\xbf\xbd]0;pwned\xef\xbf\xbd\xef\xbf\xbd[31mTide gauge"));
  g_assert_nonnull (strstr (show.out, "Ann\xef\xbf\xbd[8m"));
  g_assert_nonnull (strstr (show.out, "Gauge works\xef\xbf\xbd[2K"));
  g_assert_nonnull (strstr (search.out, "Tide gauge"));
  {
    const char *outs[] = { list.out, show.out, search.out };

    for (guint i = 0; i < G_N_ELEMENTS (outs); i++)
      {
        g_assert_null (strchr (outs[i], '\033'));
        g_assert_null (strchr (outs[i], '\007'));
        g_assert_null (strstr (outs[i], "\xc2\x9b"));
      }
  }
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
test_import_json (Fixture       *fixture,
                  gconstpointer  unused)
{
  g_autofree char *threads = data ("threads.txt");
  g_autofree char *binary = data ("binary.bin");
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;

  cli (fixture, &run, "import", "--json", threads, binary, NULL);
  g_assert_cmpint (run.status, ==, 1);
  lines = g_strsplit (g_strstrip (run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  {
    g_autoptr(JsonNode) node = parse_json (lines[0]);
    JsonObject *object = json_node_get_object (node);

    g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "imported");
    g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "text");
    g_assert_cmpint (json_object_get_int_member (object, "comments_new"), ==, 7);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "warnings")),
                      ==, 1);
  }
  {
    g_autoptr(JsonNode) node = parse_json (lines[1]);
    JsonObject *object = json_node_get_object (node);

    g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "failed");
    g_assert_nonnull (strstr (json_object_get_string_member (object, "error"), "binary.bin"));
  }
}

static void
test_show (Fixture       *fixture,
           gconstpointer  unused)
{
  g_autofree char *ferry = data ("ferry.txt");
  g_auto(Run) import = { 0 };
  g_auto(Run) show = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) missing = { 0 };
  const char *okafor, *reply;

  cli (fixture, &import, "import", ferry, NULL);
  cli (fixture, &show, "show", "1", NULL);
  g_assert_cmpint (show.status, ==, 0);
  g_assert_true (g_str_has_prefix (show.out, "Harbour board delays vote on night ferry timetable\n"
                                             "The Coastal Ledger · Business · March 14, 2019\n"));
  g_assert_nonnull (strstr (show.out, "PORT ELLIS: The harbour board postponed"));
  g_assert_nonnull (strstr (show.out, "Reader comments (6)"));
  /* The reply sits under its parent, indented deeper. */
  okafor = strstr (show.out, "\n  • J. Okafor — Mar 13, 2019, 10:05 PM\n");
  reply = strstr (show.out, "\n      • Marit — Mar 13, 2019, 10:31 PM\n");
  g_assert_nonnull (okafor);
  g_assert_nonnull (reply);
  g_assert_true (okafor < reply);
  g_assert_nonnull (strstr (show.out, "<b>Bold</b> claims & no data."));

  cli (fixture, &json, "show", "--json", "1", NULL);
  g_assert_cmpint (json.status, ==, 0);
  {
    g_autoptr(JsonNode) node = parse_json (json.out);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "title"), ==,
                     "Harbour board delays vote on night ferry timetable");
  }

  cli (fixture, &missing, "show", "42", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "no article 42"));
}

/* The "done when", through the CLI and the JSON keys other tools
 * will rely on. */
static void
test_export_json (Fixture       *fixture,
                  gconstpointer  unused)
{
  g_autofree char *ferry = data ("ferry.txt");
  g_auto(Run) import = { 0 };
  g_auto(Run) export = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *top, *article, *first;
  JsonArray *articles, *body, *comments;
  const char *okafor_id_author = NULL;
  gint64 okafor_id = 0;
  guint replies = 0;
  gboolean bold = FALSE, urdu = FALSE;

  cli (fixture, &import, "import", ferry, NULL);
  cli (fixture, &export, "export", "--format", "json", NULL);
  g_assert_cmpint (export.status, ==, 0);
  root = parse_json (export.out);
  top = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (top, "format"), ==, "clippings");
  g_assert_cmpint (json_object_get_int_member (top, "version"), ==, 1);
  articles = json_object_get_array_member (top, "articles");
  g_assert_cmpuint (json_array_get_length (articles), ==, 1);
  article = json_array_get_object_element (articles, 0);

  g_assert_cmpint (json_object_get_int_member (article, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (article, "title"), ==,
                   "Harbour board delays vote on night ferry timetable");
  g_assert_true (json_object_get_null_member (article, "url"));
  g_assert_cmpstr (json_object_get_string_member (article, "published"), ==, "2019-03-14");
  g_assert_cmpstr (json_object_get_string_member (article, "source"), ==, "The Coastal Ledger");
  g_assert_cmpstr (json_object_get_string_member (article, "section"), ==, "Business");
  g_assert_cmpstr (json_object_get_string_member (article, "dateline"), ==, "PORT ELLIS");
  g_assert_cmpstr (json_object_get_string_member (article, "caption"), ==,
                   "Commuters wait at the north pier terminal on Tuesday evening. PHOTO: LEDGER STAFF");
  body = json_object_get_array_member (article, "body");
  g_assert_cmpuint (json_array_get_length (body), ==, 4);
  g_assert_false (g_str_has_prefix (json_array_get_string_element (body, 0), "PORT ELLIS"));
  g_assert_cmpint (json_object_get_int_member (article, "declared_comment_count"), ==, 6);

  comments = json_object_get_array_member (article, "comments");
  g_assert_cmpuint (json_array_get_length (comments), ==, 6);
  first = json_array_get_object_element (comments, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "posted_at"), ==, "2019-03-13T21:12:00");
  g_assert_true (json_object_get_null_member (first, "parent_id"));

  for (guint i = 0; i < json_array_get_length (comments); i++)
    {
      JsonObject *comment = json_array_get_object_element (comments, i);
      const char *author = json_object_get_string_member (comment, "author");
      const char *text = json_object_get_string_member (comment, "text");

      if (g_str_equal (author, "J. Okafor"))
        {
          okafor_id = json_object_get_int_member (comment, "id");
          okafor_id_author = author;
        }
      if (!json_object_get_null_member (comment, "parent_id"))
        {
          replies++;
          g_assert_cmpint (json_object_get_int_member (comment, "parent_id"), ==, okafor_id);
        }
      if (g_str_equal (text, "<b>Bold</b> claims & no data. Publish the ridership figures!"))
        bold = TRUE;
      if (g_str_equal (author, "ناصر") && g_str_equal (text, "اچھی خبر ہے"))
        urdu = TRUE;
    }
  g_assert_nonnull (okafor_id_author);
  g_assert_cmpuint (replies, ==, 1);
  g_assert_true (bold);
  g_assert_true (urdu);
}

/* -o writes a file; an existing one is replaced only with --force. */
static void
test_export_file (Fixture       *fixture,
                  gconstpointer  unused)
{
  g_autofree char *ferry = data ("ferry.txt");
  g_autofree char *threads = data ("threads.txt");
  g_autofree char *target = g_build_filename (fixture->dir, "out.json", NULL);
  g_autofree char *contents = NULL;
  g_auto(Run) import = { 0 };
  g_auto(Run) first = { 0 };
  g_auto(Run) refused = { 0 };
  g_auto(Run) forced = { 0 };
  g_auto(Run) missing = { 0 };

  cli (fixture, &import, "import", ferry, threads, NULL);
  cli (fixture, &first, "export", "--format", "json", "--ids", "2", "-o", "out.json", NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpstr (first.out, ==, "");
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Council approves"));
  g_assert_null (strstr (contents, "Harbour board"));
  g_clear_pointer (&contents, g_free);

  cli (fixture, &refused, "export", "--format", "json", "-o", "out.json", NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "--force"));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "Harbour board"));
  g_clear_pointer (&contents, g_free);

  cli (fixture, &forced, "export", "--format", "json", "-o", "out.json", "--force", NULL);
  g_assert_cmpint (forced.status, ==, 0);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Harbour board"));

  cli (fixture, &missing, "export", "--format", "json", "--ids", "7", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "no article 7"));

  /* "-o -" is standard output, as for every Unix tool: no file "-". */
  {
    g_autofree char *dash = g_build_filename (fixture->dir, "-", NULL);
    g_auto(Run) to_stdout = { 0 };
    g_auto(Run) csv = { 0 };

    cli (fixture, &to_stdout, "export", "--format", "md", "--ids", "2", "-o", "-", NULL);
    g_assert_cmpint (to_stdout.status, ==, 0);
    g_assert_true (g_str_has_prefix (to_stdout.out, "---\ntitle: \"Council approves"));
    g_assert_false (g_file_test (dash, G_FILE_TEST_EXISTS));
    cli (fixture, &csv, "export", "--format", "csv", "--query", "author:ada", "-o", "-", NULL);
    g_assert_cmpint (csv.status, ==, 0);
    g_assert_true (g_str_has_prefix (csv.out, "article_id,"));
    g_assert_nonnull (strstr (csv.out, ",context\r\n"));
    g_assert_false (g_file_test (dash, G_FILE_TEST_EXISTS));
  }

  /* The first scoped exports counted the comments they held against the
   * page's claim: "(2 of 2) — The page claimed 6 comments; 4 are not in
   * the archive", of a page whose 6 comments are all archived. */
  {
    g_auto(Run) html = { 0 };

    cli (fixture, &html, "export", "--format", "html", "--query", "author:marit", "-o", "-", NULL);
    g_assert_cmpint (html.status, ==, 0);
    g_assert_nonnull (strstr (html.out, "<h2>Reader comments (2 of 6)</h2>"));
    g_assert_null (strstr (html.out, "not in the archive"));
  }

  /* A CSV file comes with its provenance beside it, NAME.meta.json. */
  {
    g_autofree char *meta = g_build_filename (fixture->dir, "scoped.meta.json", NULL);
    g_autofree char *meta_text = NULL;
    g_auto(Run) csv = { 0 };

    cli (fixture, &csv, "export", "--format", "csv", "--query", "author:ada", "-o", "scoped.csv",
         NULL);
    g_assert_cmpint (csv.status, ==, 0);
    g_assert_true (g_file_get_contents (meta, &meta_text, NULL, NULL));
    g_assert_nonnull (strstr (meta_text, "\"query\":\"author:ada\""));
    g_assert_nonnull (strstr (meta_text, "\"sha256\" : \""));
  }
}

static void
test_stats_check (Fixture       *fixture,
                  gconstpointer  unused)
{
  g_autofree char *ferry = data ("ferry.txt");
  g_auto(Run) import = { 0 };
  g_auto(Run) stats = { 0 };
  g_auto(Run) check = { 0 };

  cli (fixture, &import, "import", ferry, NULL);
  cli (fixture, &stats, "stats", NULL);
  g_assert_cmpint (stats.status, ==, 0);
  g_assert_nonnull (strstr (stats.out, "Articles:  1\n"));
  g_assert_nonnull (strstr (stats.out, "Comments:  6\n"));
  g_assert_nonnull (strstr (stats.out, "Dates:     2019-03-13 to 2019-03-15\n"));

  cli (fixture, &check, "check", NULL);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_nonnull (strstr (check.out, "sound"));
}

/* --db wins over CLIPPINGS_DB; a newer archive is refused with exit 1. */
static void
test_db_option (Fixture       *fixture,
                gconstpointer  unused)
{
  g_autofree char *ferry = data ("ferry.txt");
  g_autofree char *other = g_build_filename (fixture->dir, "other.db", NULL);
  g_auto(Run) import = { 0 };
  g_auto(Run) list_env = { 0 };
  g_auto(Run) list_other = { 0 };
  g_auto(Run) after = { 0 };

  cli (fixture, &import, "--db", other, "import", ferry, NULL);
  g_assert_cmpint (import.status, ==, 0);
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));

  cli (fixture, &list_env, "list", NULL);
  g_assert_null (strstr (list_env.out, "Harbour"));
  cli (fixture, &list_other, "list", "--db", other, NULL);
  g_assert_nonnull (strstr (list_other.out, "Harbour"));

  /* The same archive, its version raised as a newer Clippings would. */
  {
    g_autofree char *sql = g_strdup_printf ("sqlite3 '%s' 'PRAGMA user_version = 999'", other);
    int status = 0;

    g_assert_true (g_spawn_command_line_sync (sql, NULL, NULL, &status, NULL));
    if (status != 0)
      {
        g_test_skip ("the sqlite3 program is not installed");
        return;
      }
  }
  cli (fixture, &after, "--db", other, "list", NULL);
  g_assert_cmpint (after.status, ==, 1);
  g_assert_nonnull (strstr (after.err, "newer version of Clippings"));
}

static void
test_search (Fixture       *fixture,
             gconstpointer  unused)
{
  g_autofree char *ferry = data ("ferry.txt");
  g_autofree char *threads = data ("threads.txt");
  g_auto(Run) import = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) excluded = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) limited = { 0 };
  g_auto(Run) nothing = { 0 };
  g_auto(GStrv) lines = NULL;

  cli (fixture, &import, "import", ferry, threads, NULL);
  g_assert_cmpint (import.status, ==, 0);

  cli (fixture, &text, "search", "cannery OR crossing", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_str_has_prefix (text.out, "2#8        2021-04-02 09:01  Ben — Council approves"));
  g_assert_nonnull (strstr (text.out, "\n1#2        2019-03-13 22:05  J. Okafor — Harbour board "
                                     "delays vote on night ferry timetable\n"
                                     "    I work the late shift at the [cannery]. Without"));
  g_assert_nonnull (strstr (text.out, "\n1          2019-03-14        (article) — Harbour board"));

  /* Words the query leaves out may stand as arguments of their own. */
  cli (fixture, &excluded, "search", "crossing", "-agreed", "-author:ada", NULL);
  g_assert_cmpint (excluded.status, ==, 0);
  g_assert_true (g_str_has_prefix (excluded.out, "1          2019-03-14        (article)"));
  g_assert_null (strstr (excluded.out, "Ben"));

  cli (fixture, &json, "search", "--json", "--order", "oldest", "cannery OR crossing", NULL);
  g_assert_cmpint (json.status, ==, 0);
  lines = g_strsplit (g_strstrip (json.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  {
    g_autoptr(JsonNode) node = parse_json (lines[0]);
    JsonObject *hit = json_node_get_object (node);

    g_assert_cmpuint (json_object_get_size (hit), ==, 5);
    g_assert_cmpint (json_object_get_int_member (hit, "article_id"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (hit, "comment_id"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (hit, "author"), ==, "J. Okafor");
    g_assert_cmpstr (json_object_get_string_member (hit, "posted_at"), ==, "2019-03-13T22:05:00");
    g_assert_nonnull (strstr (json_object_get_string_member (hit, "snippet"),
                              "at the \x02" "cannery\x03. Without"));
  }
  {
    g_autoptr(JsonNode) node = parse_json (lines[1]);
    JsonObject *hit = json_node_get_object (node);

    g_assert_cmpint (json_object_get_int_member (hit, "article_id"), ==, 1);
    g_assert_true (json_object_get_null_member (hit, "comment_id"));
    g_assert_true (json_object_get_null_member (hit, "author"));
    g_assert_cmpstr (json_object_get_string_member (hit, "posted_at"), ==, "2019-03-14");
  }

  cli (fixture, &limited, "search", "--json", "--limit", "1", "--order", "relevance", "paint",
       NULL);
  g_assert_cmpint (limited.status, ==, 0);
  g_assert_cmpuint (strlen (limited.out), >, 0);
  g_assert_null (strchr (g_strstrip (limited.out), '\n'));

  cli (fixture, &nothing, "search", "zeppelin", NULL);
  g_assert_cmpint (nothing.status, ==, 0);
  g_assert_cmpstr (nothing.out, ==, "Nothing matches.\n");
}

/* A query the parser cannot read says why and where, and exits 2. */
static void
test_search_error (Fixture       *fixture,
                   gconstpointer  unused)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) option = { 0 };

  cli (fixture, &run, "search", "ferry autor:marit", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "clippings-cli: Unknown field 'autor:' — did you mean author:?\n"
                                "  ferry autor:marit\n"
                                "        ^^^^^^\n");

  cli (fixture, &option, "list", "--query", "ferry \"night", NULL);
  g_assert_cmpint (option.status, ==, 2);
  g_assert_cmpstr (option.err, ==, "clippings-cli: --query: This quote is never closed; add a \" "
                                   "where the phrase ends.\n"
                                   "  ferry \"night\n"
                                   "        ^^^^^^\n");
  /* None of that made an archive. */
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
}

/* list and export pick articles with --query, --after and --before: those
 * that match, or have a comment that matches. */
static void
test_filters (Fixture       *fixture,
              gconstpointer  unused)
{
  g_autofree char *ferry = data ("ferry.txt");
  g_autofree char *threads = data ("threads.txt");
  g_auto(Run) import = { 0 };
  g_auto(Run) by_author = { 0 };
  g_auto(Run) by_time = { 0 };
  g_auto(Run) by_both = { 0 };
  g_auto(Run) none = { 0 };
  g_auto(Run) export = { 0 };
  g_auto(Run) export_ids = { 0 };
  g_auto(Run) export_none = { 0 };

  cli (fixture, &import, "import", ferry, threads, NULL);

  cli (fixture, &by_author, "list", "--query", "author:ANTANU", NULL);
  g_assert_cmpint (by_author.status, ==, 0);
  g_assert_nonnull (strstr (by_author.out, "Council approves"));
  g_assert_null (strstr (by_author.out, "Harbour board"));

  /* A comment of the 14th picks article 1; none of article 2 is that old. */
  cli (fixture, &by_time, "list", "--after", "2019-03-14", "--before", "2019-03-15", NULL);
  g_assert_cmpint (by_time.status, ==, 0);
  g_assert_nonnull (strstr (by_time.out, "Harbour board"));
  g_assert_null (strstr (by_time.out, "Council approves"));

  /* The query's OR stays inside it. */
  cli (fixture, &by_both, "list", "--json", "--query", "cannery OR crossing", "--after", "2021",
       NULL);
  g_assert_cmpint (by_both.status, ==, 0);
  g_assert_null (strstr (by_both.out, "Harbour board"));
  g_assert_nonnull (strstr (by_both.out, "Council approves"));

  cli (fixture, &none, "list", "--query", "zeppelin", NULL);
  g_assert_cmpint (none.status, ==, 0);
  g_assert_cmpstr (none.out, ==, "No article matches.\n");

  cli (fixture, &export, "export", "--format", "json", "--query", "cannery", NULL);
  g_assert_cmpint (export.status, ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (export.out);
    JsonArray *articles = json_object_get_array_member (json_node_get_object (root), "articles");
    JsonObject *article = json_array_get_object_element (articles, 0);

    g_assert_cmpuint (json_array_get_length (articles), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (article, "title"), ==,
                     "Harbour board delays vote on night ferry timetable");
    /* Only the comment the query picks goes, and the export says why. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (article, "comments")),
                      ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (article, "comments"), 0), "author"), ==,
                     "J. Okafor");
    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (
                     json_node_get_object (root), "export"), "scoped"));
  }

  cli (fixture, &export_ids, "export", "--format", "json", "--ids", "1,2", "--query",
       "author:antanu", NULL);
  g_assert_cmpint (export_ids.status, ==, 0);
  g_assert_nonnull (strstr (export_ids.out, "Council approves"));
  g_assert_null (strstr (export_ids.out, "Harbour board"));

  cli (fixture, &export_none, "export", "--format", "json", "--query", "zeppelin", NULL);
  g_assert_cmpint (export_none.status, ==, 1);
  g_assert_nonnull (strstr (export_none.err, "No article matches"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/cli/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("help", test_help);
  ADD ("usage-errors", test_usage_errors);
  ADD ("import", test_import);
  ADD ("import-folder", test_import_folder);
  ADD ("import-json", test_import_json);
  ADD ("list-columns", test_list_columns);
  ADD ("control-characters", test_control_characters);
  ADD ("show", test_show);
  ADD ("export-json", test_export_json);
  ADD ("export-file", test_export_file);
  ADD ("stats-check", test_stats_check);
  ADD ("db-option", test_db_option);
  ADD ("search", test_search);
  ADD ("search-error", test_search_error);
  ADD ("filters", test_filters);
#undef ADD

  return g_test_run ();
}
