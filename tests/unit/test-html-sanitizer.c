/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-html.h"
#include "clp-html-sanitizer.h"

typedef struct
{
  const char *input;
  const char *html;
  const char *text;
} Case;

static void
check_cases (const Case            *cases,
             guint                  n_cases,
             ClpHtmlSanitizerFlags  flags)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *html = clp_html_sanitizer_clean (cases[i].input, flags, &text);
      g_autofree char *again = clp_html_sanitizer_clean (html, CLP_HTML_SANITIZER_NONE, NULL);

      g_test_message ("input: %s", cases[i].input);
      g_assert_cmpstr (html, ==, cases[i].html);
      g_assert_cmpstr (text, ==, cases[i].text);
      /* What is stored reads back as itself. */
      g_assert_cmpstr (again, ==, html);
    }
}

/* Script, style and embedded content go with everything inside them; the
 * reader's words around them stay. */
static void
test_active_content (void)
{
  static const Case cases[] = {
    { "<p>Hello <script>alert('owned')</script>world</p><style>p { color: red }</style>",
      "<p>Hello world</p>", "Hello world" },
    { "Before<iframe src=\"https://evil.example/\">inside</iframe> after",
      "<p>Before after</p>", "Before after" },
    { "<object data=\"x.swf\"><embed src=\"x.swf\">fallback</object>kept",
      "<p>kept</p>", "kept" },
    { "<svg onload=\"alert(1)\"><script>alert(2)</script></svg><noscript>no</noscript>ok",
      "<p>ok</p>", "ok" },
    { "<SCRIPT>alert(1)</SCRIPT><ScRiPt>alert(2)</sCrIpT>", "", "" },
    { "<scr<script>x</script>ipt>alert(1)</script>",
      "<p>xipt&gt;alert(1)</p>", "xipt>alert(1)" },
  };

  check_cases (cases, G_N_ELEMENTS (cases), CLP_HTML_SANITIZER_NONE);
}

/* No attribute survives: no handlers, no style, no sources. */
static void
test_attributes (void)
{
  static const Case cases[] = {
    { "<p onclick=\"steal()\" style=\"position:fixed\" class=\"x\" id=\"y\">Click</p>",
      "<p>Click</p>", "Click" },
    { "<b onmouseover=alert(1)>bold</b> <em style=\"color:red\">em</em>",
      "<p><b>bold</b> <em>em</em></p>", "bold em" },
    { "<img src=\"https://tracker.example/pixel.gif\" onerror=\"alert(1)\" alt=\"pixel\">Text",
      "<p>Text</p>", "Text" },
    { "<p>A <img src=x>picture <picture><source srcset=\"a.png\"></picture>here</p>",
      "<p>A picture here</p>", "A picture here" },
  };

  check_cases (cases, G_N_ELEMENTS (cases), CLP_HTML_SANITIZER_NONE);
}

/* A link is its text followed by its address as text; addresses that are
 * not web or mail addresses are not shown at all. */
static void
test_links (void)
{
  static const Case cases[] = {
    { "See <a href=\"https://example.org/report?a=1&amp;b=2\" target=_blank>the report</a>.",
      "<p>See the report (https://example.org/report?a=1&amp;b=2).</p>",
      "See the report (https://example.org/report?a=1&b=2)." },
    { "<a href=\"javascript:alert(document.cookie)\">harmless</a>",
      "<p>harmless</p>", "harmless" },
    { "<a href=\"  JaVaScRiPt:alert(1)\">x</a> <a href=\"data:text/html,<script>\">y</a>",
      "<p>x y</p>", "x y" },
    { "<a href=\"mailto:editor@example.org\">write to us</a>",
      "<p>write to us (editor@example.org)</p>", "write to us (editor@example.org)" },
    { "<a href=\"https://example.org/\">https://example.org/</a> and "
      "<a href=\"https://example.org/x\">example.org/x</a>",
      "<p>https://example.org/ and example.org/x</p>", "https://example.org/ and example.org/x" },
    { "<a href=\"/relative/page\">relative</a>", "<p>relative</p>", "relative" },
    { "<a href='https://example.org/\"><script>alert(1)</script>'>quote</a>",
      "<p>quote (https://example.org/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;)</p>",
      "quote (https://example.org/\"><script>alert(1)</script>)" },
  };

  check_cases (cases, G_N_ELEMENTS (cases), CLP_HTML_SANITIZER_NONE);
}

/* The allowed elements stay, in a shape that reads back the same. */
static void
test_allowed (void)
{
  static const Case cases[] = {
    { "<p>One <em>two</em> <strong>three</strong> <b>four</b> <i>five</i> <code>six</code></p>",
      "<p>One <em>two</em> <strong>three</strong> <b>four</b> <i>five</i> <code>six</code></p>",
      "One two three four five six" },
    { "<p>line one<br>line two</p><p>second paragraph</p>",
      "<p>line one<br/>line two</p><p>second paragraph</p>",
      "line one\nline two\n\nsecond paragraph" },
    { "<blockquote>Quoted words<blockquote><p>deeper</p></blockquote></blockquote><p>reply</p>",
      "<blockquote><p>Quoted words</p><blockquote><p>deeper</p></blockquote></blockquote>"
      "<p>reply</p>",
      "> Quoted words\n\n> > deeper\n\nreply" },
    { "<ul><li>first</li><li>second<ul><li>nested</li></ul></li></ul><ol><li>a</li><li>b</li></ol>",
      "<ul><li>first</li><li>second<ul><li>nested</li></ul></li></ul><ol><li>a</li><li>b</li></ol>",
      "- first\n\n- second\n\n- nested\n\n1. a\n\n2. b" },
    { "<pre>\n  indented\n\n    code &lt;here&gt;\n</pre>",
      "<pre>  indented\n\n    code &lt;here&gt;</pre>", "  indented\n\n    code <here>" },
  };

  check_cases (cases, G_N_ELEMENTS (cases), CLP_HTML_SANITIZER_NONE);
}

/* Other elements go and leave their text; blocks among them still part
 * paragraphs. */
static void
test_unknown (void)
{
  static const Case cases[] = {
    { "<div>first<div>second</div></div><span>third</span> <font color=red>fourth</font>",
      "<p>first</p><p>second</p><p>third fourth</p>", "first\n\nsecond\n\nthird fourth" },
    { "<h2>Heading</h2><table><tr><td>cell one</td><td>cell two</td></tr></table>",
      "<p>Heading</p><p>cell one</p><p>cell two</p>", "Heading\n\ncell one\n\ncell two" },
    { "<form><input value=secret><textarea>typed</textarea><button>Go</button></form>after",
      "<p>after</p>", "after" },
    { "<html><head><title>Page title</title><meta charset=latin1></head><body>Body</body></html>",
      "<p>Body</p>", "Body" },
  };

  check_cases (cases, G_N_ELEMENTS (cases), CLP_HTML_SANITIZER_NONE);
}

/* What a reader typed shows as typed: markup in text stays text. */
static void
test_text (void)
{
  static const Case cases[] = {
    { "5 &lt; 6 &amp;&amp; &lt;b&gt;not bold&lt;/b&gt; &quot;q&quot; &#39;s&#39;",
      "<p>5 &lt; 6 &amp;&amp; &lt;b&gt;not bold&lt;/b&gt; &quot;q&quot; &#39;s&#39;</p>",
      "5 < 6 && <b>not bold</b> \"q\" 's'" },
    { "  lots   of\n\tspace  <b> here </b> ", "<p>lots of space <b>here</b></p>",
      "lots of space here" },
    { "<p>&nbsp;</p><p> </p><p><br></p><em></em>", "", "" },
    { "\u201ccurly\u201d \u0627\u0686\u06be\u06cc &hearts;",
      "<p>\u201ccurly\u201d \u0627\u0686\u06be\u06cc \u2665</p>",
      "\u201ccurly\u201d \u0627\u0686\u06be\u06cc \u2665" },
    { "bad \xff\xfe bytes and \x01" "control\x02", "<p>bad \ufffd\ufffd bytes and control</p>",
      "bad \ufffd\ufffd bytes and control" },
    { "", "", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases), CLP_HTML_SANITIZER_NONE);
}

/* WordPress stores blank lines for paragraphs and newlines for breaks. */
static void
test_line_breaks (void)
{
  static const Case cases[] = {
    { "First paragraph.\n\nSecond, with a\nbreak.\r\n\r\nThird <em>one</em>.",
      "<p>First paragraph.</p><p>Second, with a<br/>break.</p><p>Third <em>one</em>.</p>",
      "First paragraph.\n\nSecond, with a\nbreak.\n\nThird one." },
    { "<!-- wp:paragraph -->\n<p>Block one</p>\n<!-- /wp:paragraph -->\n\n"
      "<!-- wp:list -->\n<ul>\n<li>item</li>\n</ul>\n<!-- /wp:list -->",
      "<p>Block one</p><ul><li>item</li></ul>", "Block one\n\n- item" },
    { "<pre>keep\n\nthis</pre>\n\nafter", "<pre>keep\n\nthis</pre><p>after</p>",
      "keep\n\nthis\n\nafter" },
  };

  check_cases (cases, G_N_ELEMENTS (cases), CLP_HTML_SANITIZER_LINE_BREAKS);
}

/* Tag soup gets a tree; without the flag a newline is just space. */
static void
test_soup (void)
{
  static const Case cases[] = {
    { "<p>unclosed <b>bold <i>both</p>after", "<p>unclosed <b>bold <i>both</i></b></p><p>after</p>",
      "unclosed bold both\n\nafter" },
    { "<li>an item without a list</li>", "<p>an item without a list</p>",
      "an item without a list" },
    { "one\n\ntwo", "<p>one two</p>", "one two" },
    { "<b><b><b>nested</b></b></b>", "<p><b>nested</b></p>", "nested" },
  };

  check_cases (cases, G_N_ELEMENTS (cases), CLP_HTML_SANITIZER_NONE);
}

static void
test_escape (void)
{
  g_autofree char *escaped = clp_html_escape ("<a href=\"x\" title='y'>&amp;\x01</a>");

  g_assert_cmpstr (escaped, ==,
                   "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/html-sanitizer/active-content", test_active_content);
  g_test_add_func ("/core/html-sanitizer/attributes", test_attributes);
  g_test_add_func ("/core/html-sanitizer/links", test_links);
  g_test_add_func ("/core/html-sanitizer/allowed", test_allowed);
  g_test_add_func ("/core/html-sanitizer/unknown", test_unknown);
  g_test_add_func ("/core/html-sanitizer/text", test_text);
  g_test_add_func ("/core/html-sanitizer/line-breaks", test_line_breaks);
  g_test_add_func ("/core/html-sanitizer/soup", test_soup);
  g_test_add_func ("/core/html-sanitizer/escape", test_escape);

  return g_test_run ();
}
