/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <string.h>

#include "clp-hostile-corpus.h"
#include "clp-html.h"
#include "clp-renderer.h"
#include "clp-test-util.h"

/* The hostile corpus (clp-hostile-corpus.c) imported with clippings-cli
 * and exported in every format: what comes out holds nothing that runs,
 * loads or links where it should not. The HTML export is also opened in a
 * web view in tests/gui/test-hostile-export.c, and the corpus shown in the
 * reading view in tests/gui/test-hostile-view.c. */

#define ORIGIN "http://127.0.0.1:9"

typedef struct
{
  char *dir;      /* the corpus */
  char *db;
  char *out;      /* exports */
} Fixture;

/* One archive for every test: importing the large files takes a while. */
static Fixture fixture;

static char *
run_cli (int        *status,
         char      **err,
         const char *first,
         ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("CLIPPINGS_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "CLIPPINGS_DB", fixture.db, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out, &err_bytes, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
  if (err != NULL)
    *err = g_strndup (g_bytes_get_size (err_bytes) > 0 ? g_bytes_get_data (err_bytes, NULL) : "",
                      g_bytes_get_size (err_bytes));
  return g_strndup (g_bytes_get_size (out) > 0 ? g_bytes_get_data (out, NULL) : "",
                    g_bytes_get_size (out));
}

static char *
export (const char *format)
{
  g_autofree char *name = g_strconcat ("hostile.", format, NULL);
  char *path = g_build_filename (fixture.out, name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  out = run_cli (&status, &err, "export", "--format", format, "--hidden", "-o", path, "--force",
                 NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  return path;
}

/* Every file imports, as a whole, and the archive is sound. */
static void
test_import (void)
{
  g_autofree char *deep = g_build_filename (fixture.dir, "deep-structure.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  out = run_cli (&status, &err, "stats", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Articles:  12\n"));
  g_free (out);
  out = run_cli (&status, NULL, "check", NULL);
  g_assert_cmpint (status, ==, 0);

  /* JSON nested 10,000 deep is refused with a reason, not followed. */
  g_free (out);
  g_free (err);
  out = run_cli (&status, &err, "import", deep, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "nests deeper"));
}

/* What the renderer writes, and nothing of the corpus's markup. */
static const char * const html_elements[] = {
  "html", "head", "meta", "title", "style", "body", "main", "article", "header", "footer",
  "section", "nav", "p", "h1", "h2", "h3", "time", "a", "span", "div", "ol", "ul", "li",
  "details", "summary", "figure", "figcaption", "em", "strong", "b", "i", "code", "pre",
  "blockquote", "br", "mark", "small", "abbr", "bdi",
  /* The timeline of comments. */
  "svg", "rect", NULL,
};
static const char * const html_attributes[] = {
  "class", "dir", "href", "id", "datetime", "title", "lang", "open", "charset", "name",
  "content", "style", "aria-label", "role", "viewbox", "preserveaspectratio", "x", "y", "width",
  "height", NULL,
};

static gboolean
in_list (const char * const *list,
         const char         *name)
{
  return g_strv_contains (list, name);
}

static void
check_html_node (xmlNode *node,
                 guint   *links)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (!in_list (html_elements, (const char *) child->name))
        g_error ("the HTML export holds a <%s> element", child->name);
      for (xmlAttr *attr = child->properties; attr != NULL; attr = attr->next)
        {
          g_autofree char *value = (char *) xmlNodeGetContent ((xmlNode *) attr);
          g_autofree char *lower = g_ascii_strdown (value != NULL ? value : "", -1);
          const char *name = (const char *) attr->name;

          if (!in_list (html_attributes, name))
            g_error ("the HTML export holds a %s attribute on <%s>", name, child->name);
          g_assert_null (strstr (lower, "javascript:"));
          g_assert_null (strstr (lower, "127.0.0.1") != NULL && !g_str_equal (name, "href")
                         ? lower : NULL);
          if (g_str_equal (name, "style"))
            g_assert_null (strstr (lower, "url("));
          if (g_str_equal (name, "meta"))
            g_assert_null (strstr (lower, "refresh"));
          if (g_str_equal (name, "href"))
            {
              if (value[0] != '#' && !clp_html_is_safe_link (value))
                g_error ("the HTML export links to “%s”", value);
              (*links)++;
            }
        }
      if (g_str_equal ((const char *) child->name, "style"))
        {
          g_autofree char *css = (char *) xmlNodeGetContent (child);

          g_assert_null (strstr (css, "@import"));
          g_assert_null (strstr (css, "127.0.0.1"));
        }
      check_html_node (child, links);
    }
}

/* Only the renderer's own elements and attributes, every link to a web or
 * mail address or within the page, no style that loads anything. */
static void
test_export_html (void)
{
  g_autofree char *path = export ("html");
  g_autofree char *html = NULL;
  htmlDocPtr doc;
  guint links = 0;

  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "href=\"javascript:"));
  g_assert_null (strstr (html, "href=\"data:"));
  g_assert_null (strstr (html, "href=\"vbscript:"));
  /* The unsafe addresses are there, as text. */
  g_assert_nonnull (strstr (html, "javascript:document.title=&#39;pwned&#39;;//wordpress"));
  g_assert_nonnull (strstr (html, "href=\"mailto:editor@example.org\""));
  /* A word of a megabyte is kept whole, not broken anywhere. */
  g_assert_nonnull (strstr (html, "<span class=\"long-word\">wwwwwwwwww"));

  doc = htmlReadMemory (html, strlen (html), NULL, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        XML_PARSE_HUGE);
  g_assert_nonnull (doc);
  check_html_node ((xmlNode *) doc, &links);
  g_assert_cmpuint (links, >, 0);
  xmlFreeDoc (doc);
}

/* Cells as a spreadsheet reads them: RFC 4180, quotes doubled. */
static GPtrArray *
parse_csv (const char *csv)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  const char *p = csv;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (cell, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (cell, *p);
            }
          g_assert_true (*p == '"');
          p++;
        }
      else
        while (*p != '\0' && *p != ',' && *p != '\r' && *p != '\n')
          g_string_append_c (cell, *p++);
      g_ptr_array_add (cells, g_strdup (cell->str));
      g_string_truncate (cell, 0);
      if (*p == ',')
        p++;
      else if (*p == '\r' && p[1] == '\n')
        p += 2;
      else
        g_assert_true (*p == '\0');
    }
  g_string_free (cell, TRUE);
  return cells;
}

/* No cell a spreadsheet would run: none starts with =, +, -, @, a tab or
 * a carriage return unless behind the leading quote. */
static void
test_export_csv (void)
{
  g_autofree char *path = export ("csv");
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  guint neutralised = 0;

  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  cells = parse_csv (csv);
  g_assert_cmpuint (cells->len, >, 1000);
  for (guint i = 0; i < cells->len; i++)
    {
      const char *cell = g_ptr_array_index (cells, i);

      if (strchr ("=+-@\t\r", cell[0]) != NULL && cell[0] != '\0')
        g_error ("a CSV cell a spreadsheet would run: “%.60s”", cell);
      if (cell[0] == '\'' && strchr ("=+-@\t\r", cell[1]) != NULL && cell[1] != '\0')
        neutralised++;
    }
  /* The corpus's formulas are there, behind the quote. */
  g_assert_cmpuint (neutralised, >=, 10);
}

/* The Markdown as a CommonMark renderer that passes raw HTML through
 * (cmark --unsafe) shows it: only the tags Markdown syntax makes, and no
 * link but to a web or mail address. */
static void
check_markdown (const char *path)
{
  static const char * const tags[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "code", "pre",
    "blockquote", "hr", "br", NULL,
  };
  g_autofree char *command = g_strdup_printf ("cmark --unsafe '%s'", path);
  g_autofree char *html = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_command_line_sync (command, &html, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  for (const char *p = strchr (html, '<'); p != NULL; p = strchr (p + 1, '<'))
    {
      const char *name = p[1] == '/' ? p + 2 : p + 1;
      gsize length = strspn (name, "abcdefghijklmnopqrstuvwxyz0123456789");
      g_autofree char *tag = g_strndup (name, length);

      if (g_str_equal (tag, "a") && p[1] != '/')
        {
          g_autofree char *href = NULL;
          const char *start = strstr (p, "href=\"");
          const char *end = start != NULL ? strchr (start + 6, '"') : NULL;

          g_assert_nonnull (end);
          href = g_strndup (start + 6, end - start - 6);
          if (!clp_html_is_safe_link (href))
            g_error ("the Markdown export renders a link to “%s”", href);
          continue;
        }
      if (g_str_equal (tag, "a"))
        continue;
      if (!in_list (tags, tag))
        g_error ("the Markdown export renders raw HTML: “%.60s”", p);
      /* cmark's own attributes: a list's start, a fence's language. */
      if (name[length] != '>' && !g_str_has_prefix (name + length, " />") &&
          !(g_str_equal (tag, "ol") && g_str_has_prefix (name + length, " start=\"")) &&
          !(g_str_equal (tag, "code") && g_str_has_prefix (name + length, " class=\"language-")))
        g_error ("the Markdown export renders a tag with attributes: “%.60s”", p);
    }
}

static void
test_export_markdown (void)
{
  g_autofree char *path = export ("md");
  g_autofree char *json = export ("json");
  g_autoptr(GFile) md_file = g_file_new_for_path (path);
  g_autoptr(GFile) json_file = g_file_new_for_path (json);
  g_autoptr(GFileInfo) md_info = g_file_query_info (md_file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0,
                                                    NULL, NULL);
  g_autoptr(GFileInfo) json_info = g_file_query_info (json_file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                      0, NULL, NULL);

  check_markdown (path);
  /* A thread 10,000 replies deep is not written as 10,000 levels of
   * indentation. */
  g_assert_cmpint (g_file_info_get_size (md_info), <, 2 * g_file_info_get_size (json_info));

  /* An export of one article has it in its front matter. */
  for (int id = 1; id <= 8; id++)
    {
      g_autofree char *ids = g_strdup_printf ("%d", id);
      g_autofree char *one = g_strdup_printf ("%s/one-%d.md", fixture.out, id);
      g_autofree char *out = NULL;
      int status;

      out = run_cli (&status, NULL, "export", "--format", "md", "--ids", ids, "-o", one, NULL);
      g_assert_cmpint (status, ==, 0);
      check_markdown (one);
    }
}

/* JSON is data: it reads back, and imports again into a new archive. */
static void
test_export_json (void)
{
  g_autofree char *path = export ("json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (fixture.out, "again.db", NULL);
  g_autofree char *command = g_strdup_printf ("'%s' --db '%s' import '%s'",
                                              g_getenv ("CLIPPINGS_CLI"), db, path);
  g_autofree char *report = NULL;
  int status;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_spawn_command_line_sync (command, &report, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The text export, one file an article, reads back as articles. */
static void
test_export_text (void)
{
  g_autofree char *folder = g_build_filename (fixture.out, "text", NULL);
  g_autofree char *db = g_build_filename (fixture.out, "text.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *command = NULL;
  g_autofree char *report = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  out = run_cli (&status, &err, "export", "--format", "txt", "--split", "-o", folder, NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  command = g_strdup_printf ("'%s' --db '%s' import '%s'", g_getenv ("CLIPPINGS_CLI"), db, folder);
  g_spawn_command_line_sync (command, &report, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The renderer, for the reading view and the HTML export: an article's
 * address and an address in a comment are links only when web or mail
 * addresses. */
static void
test_render_links (void)
{
  static const struct { const char *url; gboolean link; } cases[] = {
    { "https://site.example/a", TRUE },
    { "HTTP://site.example/a", TRUE },
    { "mailto:editor@example.org", TRUE },
    { "javascript:alert(1)", FALSE },
    { "JavaScript:alert(1)", FALSE },
    { " javascript:alert(1)", FALSE },
    { "java\tscript:alert(1)", FALSE },
    { "data:text/html,<script>alert(1)</script>", FALSE },
    { "vbscript:msgbox(1)", FALSE },
    { "file:///etc/passwd", FALSE },
    { "//site.example/a", FALSE },
    { "relative/page", FALSE },
    { "https:", FALSE },
    { "clippings://action/export-thread", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ClpArticle) article = clp_article_new ();
      g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
      g_autoptr(ClpComment) comment = clp_comment_new ();
      ClpRenderOptions options = { 0 };
      g_autofree char *html = NULL;
      g_autofree char *escaped = clp_html_escape (cases[i].url);
      g_autofree char *link = g_strdup_printf ("href=\"%s\"", escaped);

      g_assert_cmpint (clp_html_is_safe_link (cases[i].url), ==, cases[i].link);

      article->title = g_strdup ("Links");
      article->url = g_strdup (cases[i].url);
      comment->id = 1;
      comment->author = g_strdup ("A");
      comment->text = g_strdup_printf ("see javascript:alert(1)//http://x.example/%u", i);
      g_ptr_array_add (comments, g_steal_pointer (&comment));
      html = clp_renderer_render (article, comments, &options, NULL);
      g_assert_true ((strstr (html, link) != NULL) == cases[i].link);
      /* Shown in words either way. */
      g_assert_nonnull (strstr (html, escaped));
      g_assert_null (strstr (html, "href=\"javascript:"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *import = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GPtrArray) argv_import = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  int result;

  g_test_init (&argc, &argv, NULL);

  fixture.dir = clp_hostile_corpus_prepare (ORIGIN);
  fixture.out = clp_test_make_dir ();
  fixture.db = g_build_filename (fixture.out, "archive.db", NULL);
  files = clp_hostile_corpus_files (fixture.dir);
  g_ptr_array_add (argv_import, (char *) g_getenv ("CLIPPINGS_CLI"));
  g_ptr_array_add (argv_import, "--db");
  g_ptr_array_add (argv_import, fixture.db);
  g_ptr_array_add (argv_import, "import");
  for (guint i = 0; files[i] != NULL; i++)
    g_ptr_array_add (argv_import, files[i]);
  g_ptr_array_add (argv_import, NULL);
  process = g_subprocess_newv ((const char * const *) argv_import->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/hostile/import", test_import);
  g_test_add_func ("/hostile/export/html", test_export_html);
  g_test_add_func ("/hostile/export/csv", test_export_csv);
  g_test_add_func ("/hostile/export/markdown", test_export_markdown);
  g_test_add_func ("/hostile/export/json", test_export_json);
  g_test_add_func ("/hostile/export/text", test_export_text);
  g_test_add_func ("/hostile/render/links", test_render_links);
  result = g_test_run ();

  clp_test_remove_dir (fixture.dir);
  clp_test_remove_dir (fixture.out);
  g_free (fixture.dir);
  g_free (fixture.out);
  g_free (fixture.db);
  return result;
}
