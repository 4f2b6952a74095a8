/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-disqus-importer.h"
#include "clp-test-util.h"

/* The XML reader hands libxml2 each CDATA section as escaped text (see
 * clp-xml-reader.c). What an importer reads must be what the file says,
 * wherever CDATA markers stand: in sections, next to them, in comments and
 * processing instructions, after a > or ]]> in an attribute value, in any
 * encoding. */

#define HEAD \
  "<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">" \
  "<thread dsq:id=\"t\"><link>https://site.example/</link><title>T</title></thread>"

static ClpTestSink *
import (const char *xml,
        gssize      length)
{
  g_autoptr(ClpImporter) importer = clp_disqus_importer_new ();
  g_autoptr(GInputStream) stream = NULL;
  ClpTestSink *sink = clp_test_sink_new ();
  g_autoptr(GError) error = NULL;

  if (length < 0)
    length = strlen (xml);
  stream = g_memory_input_stream_new_from_data (xml, length, NULL);
  clp_importer_import (importer, stream, "test.xml", CLP_IMPORT_SINK (sink), NULL, &error);
  g_assert_no_error (error);
  return sink;
}

static const char *
text_of (ClpTestSink *sink,
         const char  *author)
{
  ClpComment *comment = clp_test_sink_find_comment (sink, author, 0);

  g_assert_nonnull (comment);
  return comment->text;
}

static void
test_cdata (void)
{
  g_autoptr(ClpTestSink) sink = import (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- a comment with <![CDATA[ in it, and ]]> too -->\n"
    HEAD
    "<?note <![CDATA[ in a processing instruction, and a ' ?>"
    "<post dsq:id=\"a\"><author><name>split</name></author><thread dsq:id=\"t\"/>"
    "<message><![CDATA[one ]]]]><![CDATA[> two]]></message></post>"
    "<post dsq:id=\"b\"><author><name>brackets</name></author><thread dsq:id=\"t\"/>"
    "<message><![CDATA[x]]]]]></message></post>"
    "<post dsq:id=\"c>d\" note=\"]]>\"><author><name>quoted</name></author>"
    "<thread dsq:id=\"t\"/><message>a &lt;b&gt; <![CDATA[<i>c</i> & d]]> e</message></post>"
    "<post dsq:id=\"e\"><author><name>markup</name></author><thread dsq:id=\"t\"/>"
    "<message><![CDATA[<p>P &amp; <b>B</b></p>]]></message></post>"
    "<post dsq:id=\"f\"><author><name>empty</name></author><thread dsq:id=\"t\"/>"
    "<message><![CDATA[]]>text</message></post>"
    "<post dsq:id=\"g\"><author><name>marker</name></author><thread dsq:id=\"t\"/>"
    "<message><![CDATA[it's> <![CDATA[ & <i>x</i>]]></message></post>"
    "</disqus>", -1);

  g_assert_cmpuint (sink->comments->len, ==, 6);
  /* The message is HTML: what the section holds is read as HTML. */
  g_assert_cmpstr (text_of (sink, "split"), ==, "one ]]> two");
  g_assert_cmpstr (text_of (sink, "brackets"), ==, "x]]]");
  g_assert_cmpstr (text_of (sink, "quoted"), ==, "a c & d e");
  g_assert_cmpstr (clp_test_sink_find_comment (sink, "quoted", 0)->key, ==, "disqus-post-c>d");
  g_assert_cmpstr (text_of (sink, "markup"), ==, "P & B");
  g_assert_cmpstr (text_of (sink, "empty"), ==, "text");
  g_assert_cmpstr (text_of (sink, "marker"), ==, "it's> <![CDATA[ & x");
}

/* UTF-16 is passed to libxml2 as it is, and read as well. */
static void
test_utf16 (void)
{
  const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" HEAD
                    "<post dsq:id=\"a\"><author><name>u</name></author><thread dsq:id=\"t\"/>"
                    "<message><![CDATA[<b>caf\u00e9</b>]]></message></post></disqus>";
  gsize length;
  g_autofree char *utf16 = g_convert (xml, -1, "UTF-16", "UTF-8", NULL, &length, NULL);
  g_autoptr(ClpTestSink) sink = import (utf16, length);

  g_assert_cmpstr (text_of (sink, "u"), ==, "caf\u00e9");
}

/* A file cut short inside a section is refused, as without the filter. */
static void
test_cut_short (void)
{
  const char *xml = HEAD "<post dsq:id=\"a\"><message><![CDATA[<p>never ends";
  g_autoptr(ClpImporter) importer = clp_disqus_importer_new ();
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (xml, -1, NULL);
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (clp_importer_import (importer, stream, "cut.xml", CLP_IMPORT_SINK (sink), NULL,
                                       &error));
  g_assert_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_MALFORMED);
  g_assert_cmpuint (sink->comments->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xml-reader/cdata", test_cdata);
  g_test_add_func ("/xml-reader/utf16", test_utf16);
  g_test_add_func ("/xml-reader/cut-short", test_cut_short);
  return g_test_run ();
}
