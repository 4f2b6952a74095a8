/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-hostile-corpus.h"
#include "clp-test-util.h"

/* Articles and comments written to attack whoever shows or exports them,
 * in every format Clippings imports. tests/data/hostile/ holds the small
 * ones: script, frames, objects, SVG with onload, CSS url() and @import,
 * meta refresh, link prefetch and preload, srcset, form actions,
 * javascript:, data: and vbscript: addresses, <base href>, bidirectional
 * and zero-width characters, spreadsheet formulas and Markdown syntax;
 * every address in them points at @ORIGIN@, which a test replaces with a
 * loopback server that counts what reaches it. The large ones, a word of
 * a megabyte and nesting 10,000 deep in each format, are made here rather
 * than kept in the tree. */

#define WORD_LENGTH (1000 * 1000)
#define DEPTH       10000

static char *
repeat (const char *unit,
        guint       n)
{
  GString *out = g_string_sized_new (strlen (unit) * n);

  for (guint i = 0; i < n; i++)
    g_string_append (out, unit);
  return g_string_free (out, FALSE);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = clp_test_write_file (dir, name, contents, -1);
}

static void
write_page (const char *dir)
{
  g_autofree char *word = g_strnfill (WORD_LENGTH, 'w');
  g_autofree char *divs = repeat ("<div>", DEPTH);
  g_autoptr(GString) page = g_string_new (NULL);

  g_string_append_printf (page, "A word of a megabyte\n\nPublished: March 20, 2019\n\n%s\n\n"
                          "Reader Comments (3)\n\n", word);
  g_string_append_printf (page, "  \u2022 Long\n    Mar 20, 2019 - 9:00PM\n\n    %s\n\n\n", word);
  g_string_append_printf (page, "  \u2022 Deep\n    Mar 20, 2019 - 9:01PM\n\n    %s\n\n\n", divs);
  /* Replies as deep as the line length allows. */
  for (guint depth = 0; depth < 200; depth++)
    {
      g_autofree char *indent = g_strnfill (2 + depth, ' ');

      g_string_append_printf (page, "%s\u2022 Reply %u\n%s  Mar 20, 2019 - 9:02PM\n\n"
                              "%s  Deeper.\n\n\n", indent, depth, indent, indent);
    }
  write_file (dir, "large-page.txt", page->str);
}

static void
write_disqus (const char *dir)
{
  g_autofree char *word = g_strnfill (WORD_LENGTH, 'w');
  g_autofree char *open = repeat ("<div><blockquote><b>", DEPTH);
  g_autoptr(GString) xml = g_string_new (NULL);

  g_string_append (xml, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                   "<disqus xmlns=\"http://disqus.com\" "
                   "xmlns:dsq=\"http://disqus.com/disqus-internals\">\n"
                   "<thread dsq:id=\"big\"><link>https://big.example/</link>"
                   "<title>Disqus, large</title>"
                   "<createdAt>2019-03-20T00:00:00Z</createdAt></thread>\n");
  g_string_append_printf (xml, "<post dsq:id=\"word\"><message><![CDATA[<p>%s</p>]]></message>"
                          "<author><name>Long</name></author><thread dsq:id=\"big\"/></post>\n",
                          word);
  g_string_append_printf (xml, "<post dsq:id=\"nest\"><message><![CDATA[%sdeep]]></message>"
                          "<author><name>Deep</name></author><thread dsq:id=\"big\"/></post>\n",
                          open);
  /* A thread of replies 10,000 deep. */
  for (guint i = 0; i < DEPTH; i++)
    {
      g_string_append_printf (xml, "<post dsq:id=\"r%u\"><message>Reply %u</message>"
                              "<createdAt>2019-03-20T01:00:00Z</createdAt>"
                              "<author><name>R</name></author><thread dsq:id=\"big\"/>", i, i);
      if (i > 0)
        g_string_append_printf (xml, "<parent dsq:id=\"r%u\"/>", i - 1);
      g_string_append (xml, "</post>\n");
    }
  g_string_append (xml, "</disqus>\n");
  write_file (dir, "large-disqus.xml", xml->str);
}

static void
write_wordpress (const char *dir)
{
  g_autofree char *word = g_strnfill (WORD_LENGTH, 'w');
  g_autofree char *open = repeat ("<ul><li><i>", DEPTH);
  g_autoptr(GString) xml = g_string_new (NULL);

  g_string_append_printf (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<rss version=\"2.0\" "
                          "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
                          "xmlns:wp=\"http://wordpress.org/export/1.2/\">\n"
                          "<channel><title>Large</title>\n<item><title>WordPress, large</title>"
                          "<link>https://big.example/wp</link>"
                          "<content:encoded><![CDATA[%s\n\n%sdeep]]></content:encoded>"
                          "<wp:post_date>2019-03-20 10:00:00</wp:post_date>"
                          "<wp:post_type>post</wp:post_type>\n", word, open);
  g_string_append_printf (xml, "<wp:comment><wp:comment_id>1</wp:comment_id>"
                          "<wp:comment_author>Long</wp:comment_author>"
                          "<wp:comment_content><![CDATA[%s]]></wp:comment_content>"
                          "</wp:comment>\n", word);
  g_string_append_printf (xml, "<wp:comment><wp:comment_id>2</wp:comment_id>"
                          "<wp:comment_author>Deep</wp:comment_author>"
                          "<wp:comment_content><![CDATA[%sdeep]]></wp:comment_content>"
                          "</wp:comment>\n", open);
  g_string_append (xml, "</item></channel></rss>\n");
  write_file (dir, "large-wordpress.xml", xml->str);
}

static void
write_json (const char *dir)
{
  g_autofree char *word = g_strnfill (WORD_LENGTH, 'w');
  g_autofree char *open = repeat ("<ol><li><em>", DEPTH);
  g_autofree char *brackets = repeat ("[", DEPTH);
  g_autoptr(GString) json = g_string_new (NULL);

  g_string_append_printf (json, "{\"format\": \"clippings\", \"version\": 1, \"articles\": [\n"
                          "{\"title\": \"JSON, large\", \"url\": \"https://big.example/json\","
                          " \"published\": \"2019-03-20\", \"body\": [\"%s\"],"
                          " \"body_html\": \"%sdeep\", \"comments\": [\n", word, open);
  g_string_append_printf (json, "{\"id\": \"word\", \"author\": \"Long\", \"text\": \"%s\"},\n",
                          word);
  for (guint i = 0; i < DEPTH; i++)
    {
      g_string_append_printf (json, "{\"id\": %u, \"author\": \"R\", \"text\": \"Reply %u\"", i,
                              i);
      if (i > 0)
        g_string_append_printf (json, ", \"parent_id\": %u", i - 1);
      g_string_append (json, "},\n");
    }
  g_string_append_printf (json, "{\"id\": \"deep\", \"author\": \"Deep\", \"text\": \"deep\","
                          " \"html\": \"%sdeep\"}]}]}\n", open);
  write_file (dir, "large.json", json->str);

  /* JSON itself nested 10,000 deep: refused, not followed. */
  g_string_printf (json, "{\"format\": \"clippings\", \"articles\": [%s", brackets);
  write_file (dir, "deep-structure.json", json->str);
}

/**
 * clp_hostile_corpus_prepare:
 * @origin: what stands for @ORIGIN@ in the files, "http://127.0.0.1:PORT"
 *
 * Returns: (transfer full): a new folder with the corpus in it; remove it
 *   with clp_test_remove_dir()
 */
char *
clp_hostile_corpus_prepare (const char *origin)
{
  g_autofree char *source = clp_test_data_path ("hostile");
  g_autoptr(GDir) listing = g_dir_open (source, 0, NULL);
  char *dir = clp_test_make_dir ();
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (source, name, NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) parts = NULL;
      g_autofree char *joined = NULL;

      if (!g_str_has_prefix (name, "hostile"))
        continue;
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      parts = g_strsplit (contents, "@ORIGIN@", -1);
      joined = g_strjoinv (origin, parts);
      write_file (dir, name, joined);
    }
  write_page (dir);
  write_disqus (dir);
  write_wordpress (dir);
  write_json (dir);
  return dir;
}

/* The files to import, sorted; deep-structure.json is not among them. */
GStrv
clp_hostile_corpus_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "hostile") || g_str_has_prefix (name, "large"))
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}
