/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-fuzz-import.h"
#include "clp-html-sanitizer.h"
#include "clp-importer.h"
#include "clp-test-util.h"

/* What every importer's fuzz target checks. The input goes to the importer
 * the target is for, whatever detection would say, so that the fuzzer
 * need not keep an input recognisable to reach the parser; detection reads
 * it too. Whatever the input, an importer says yes or no, and what it
 * hands on is well-formed: keys set, times in the archive's format, text
 * valid UTF-8, HTML already clean. */

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

int
clp_fuzz_import (GType         importer_type,
                 const guint8 *data,
                 size_t        size)
{
  g_autoptr(ClpImporter) detected = NULL;
  g_autoptr(ClpImporter) importer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(ClpTestSink) sink = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) detect_error = NULL;
  gboolean ok;

  detected = clp_importer_new_for_content (data, size, "input", &detect_error);
  g_assert_true ((detected == NULL) == (detect_error != NULL));

  importer = g_object_new (importer_type, NULL);
  bytes = g_bytes_new (data, size);
  stream = g_memory_input_stream_new_from_bytes (bytes);
  sink = clp_test_sink_new ();
  ok = clp_importer_import (importer, stream, "input", CLP_IMPORT_SINK (sink), NULL, &error);
  g_assert_true (ok == (error == NULL));
  g_assert_true (error == NULL || error->domain == CLP_IMPORT_ERROR);
  g_assert_true (error == NULL || g_utf8_validate (error->message, -1, NULL));

  for (guint i = 0; i < sink->articles->len; i++)
    {
      ClpArticle *article = g_ptr_array_index (sink->articles, i);

      g_assert_nonnull (article->key);
      check_text (article->title);
      check_text (article->url);
      check_clean (article->body_html);
      for (guint k = 0; k < article->body->len; k++)
        check_text (g_ptr_array_index (article->body, k));
    }
  for (guint i = 0; i < sink->comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (sink->comments, i);

      g_assert_nonnull (comment->key);
      g_assert_nonnull (comment->article_key);
      g_assert_true (comment->posted_at == NULL || strlen (comment->posted_at) == 19);
      check_text (comment->author);
      check_text (comment->text);
      check_clean (comment->html);
    }
  return 0;
}
