/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gprintf.h>
#include <stdio.h>
#include <string.h>

#include "clp-html-sanitizer.h"
#include "clp-importer.h"
#include "clp-test-util.h"

/* A libFuzzer target for every importer: the input goes to the importer
 * detection picks for it, as a file would; with fuzz-driver.c it runs the
 * fixtures as a test. Whatever the input, an importer says yes or no, and
 * what it hands on is well-formed: keys set, times in the archive's
 * format, text valid UTF-8, HTML already clean. */

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

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(ClpImporter) importer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(ClpTestSink) sink = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  importer = clp_importer_new_for_content (data, size, "input", &error);
  if (importer == NULL)
    return 0;

  bytes = g_bytes_new (data, size);
  stream = g_memory_input_stream_new_from_bytes (bytes);
  sink = clp_test_sink_new ();
  ok = clp_importer_import (importer, stream, "input", CLP_IMPORT_SINK (sink), NULL, &error);
  g_assert_true (ok == (error == NULL));
  g_assert_true (error == NULL || error->domain == CLP_IMPORT_ERROR);

  for (guint i = 0; i < sink->articles->len; i++)
    {
      ClpArticle *article = g_ptr_array_index (sink->articles, i);

      g_assert_nonnull (article->key);
      check_text (article->title);
      check_clean (article->body_html);
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
