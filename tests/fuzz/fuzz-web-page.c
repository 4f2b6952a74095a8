/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-html-importer.h"
#include "clp-html-sanitizer.h"
#include "clp-mhtml-importer.h"
#include "clp-test-util.h"

/* A libFuzzer target for saved web pages: every input goes to the HTML
 * importer and to the MHTML importer, whatever detection would say, so
 * that the page reader, the structured-data and comment readers and the
 * MHTML decoder all see it. With fuzz-driver.c it runs its corpus and
 * the fixtures as a test. Whatever the input, an importer says yes or no
 * with an import error, and what it hands on is well-formed: keys set,
 * times in the archive's format, text valid UTF-8, HTML already clean,
 * replies naming a comment that was handed on before them. */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_clean (const char *html)
{
  g_autofree char *again = NULL;

  if (html == NULL)
    return;
  again = clp_html_sanitizer_clean (html, CLP_HTML_SANITIZER_NONE, NULL);
  g_assert_cmpstr (again, ==, html);
}

static void
check_text (const char *text)
{
  g_assert_true (text == NULL || g_utf8_validate (text, -1, NULL));
}

static void
run (ClpImporter  *importer,
     const guint8 *data,
     size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = clp_importer_import (importer, stream, "input", CLP_IMPORT_SINK (sink), NULL, &error);
  g_assert_true (ok == (error == NULL));
  g_assert_true (error == NULL || error->domain == CLP_IMPORT_ERROR);
  g_assert_cmpuint (sink->articles->len, <=, 1);

  for (guint i = 0; i < sink->articles->len; i++)
    {
      ClpArticle *article = g_ptr_array_index (sink->articles, i);

      g_assert_nonnull (article->key);
      g_assert_nonnull (article->title);
      check_text (article->title);
      check_text (article->source);
      check_text (article->caption);
      g_assert_true (article->published == NULL || strlen (article->published) == 10);
      for (guint k = 0; k < article->body->len; k++)
        check_text (g_ptr_array_index (article->body, k));
      check_clean (article->body_html);
    }
  for (guint i = 0; i < sink->comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (sink->comments, i);

      g_assert_nonnull (comment->key);
      g_assert_nonnull (comment->article_key);
      g_assert_false (g_hash_table_contains (keys, comment->key));
      g_assert_true (comment->parent_key == NULL ||
                     g_hash_table_contains (keys, comment->parent_key));
      g_hash_table_add (keys, comment->key);
      g_assert_true (comment->posted_at == NULL || strlen (comment->posted_at) == 19);
      check_text (comment->author);
      check_text (comment->text);
      check_clean (comment->html);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(ClpImporter) html = clp_html_importer_new ();
  g_autoptr(ClpImporter) mhtml = clp_mhtml_importer_new ();

  run (html, data, size);
  run (mhtml, data, size);
  return 0;
}
