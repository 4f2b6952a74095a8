/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libxml/parser.h>
#include <glib/gprintf.h>
#include <stdio.h>
#include <string.h>

#include "clp-html.h"
#include "clp-html-sanitizer.h"

/* A libFuzzer target for the HTML sanitizer; with fuzz-driver.c it runs
 * its corpus as a test. The first byte picks the flags; the rest is the
 * HTML. */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static const char * const allowed_tags[] = {
  "<p>", "</p>", "<br/>", "<em>", "</em>", "<strong>", "</strong>", "<b>", "</b>",
  "<i>", "</i>", "<code>", "</code>", "<blockquote>", "</blockquote>", "<ul>", "</ul>",
  "<ol>", "</ol>", "<li>", "</li>", "<pre>", "</pre>",
};

static const char * const allowed_entities[] = {
  "&amp;", "&lt;", "&gt;", "&quot;", "&#39;",
};

/* Aborts, which libFuzzer catches and saves the input of; g_error() traps. */
static void G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN
fail (const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_vfprintf (stderr, format, args);
  va_end (args);
  g_printerr ("\n");
  g_abort ();
}

static gboolean
starts_with_one_of (const char         *p,
                    const char * const *list,
                    guint               n,
                    gsize              *length)
{
  for (guint i = 0; i < n; i++)
    if (g_str_has_prefix (p, list[i]))
      {
        *length = strlen (list[i]);
        return TRUE;
      }
  return FALSE;
}

/* The markup is nothing but allowed tags without attributes and the five
 * entities: so no <script, no on…=, href, src or style can be markup. */
static void
check_markup (const char *html)
{
  g_autofree char *lower = g_ascii_strdown (html, -1);

  g_assert_true (g_utf8_validate (html, -1, NULL));
  g_assert_null (strstr (lower, "<script"));
  for (const char *p = html; *p != '\0';)
    {
      gsize length = 1;

      if (*p == '<')
        {
          if (!starts_with_one_of (p, allowed_tags, G_N_ELEMENTS (allowed_tags), &length))
            fail ("a tag that is not allowed at “%.40s”", p);
        }
      else if (*p == '&')
        {
          if (!starts_with_one_of (p, allowed_entities, G_N_ELEMENTS (allowed_entities),
                                   &length))
            fail ("an entity that is not allowed at “%.40s”", p);
        }
      else if (*p == '>')
        fail ("a bare “>” at “%.40s”", p);
      else if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
        fail ("a control character in the clean HTML");
      p += length;
    }
}

static void
check_well_formed (const char *html)
{
  g_autofree char *wrapped = g_strconcat ("<div>", html, "</div>", NULL);
  xmlDocPtr doc = xmlReadMemory (wrapped, strlen (wrapped), NULL, "UTF-8",
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

  if (doc == NULL)
    fail ("the clean HTML is not well-formed: %s", html);
  xmlFreeDoc (doc);
}

static void
check_text (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '\r'));
  for (const char *p = text; *p != '\0'; p++)
    g_assert_true ((guchar) *p >= 0x20 || *p == '\n' || *p == '\t');
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  ClpHtmlSanitizerFlags flags;
  g_autofree char *input = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autofree char *again_text = NULL;
  g_autofree char *escaped = NULL;

  if (size == 0)
    return 0;
  flags = (data[0] & 1) ? CLP_HTML_SANITIZER_LINE_BREAKS : CLP_HTML_SANITIZER_NONE;
  /* The sanitizer takes C strings: the input ends at a NUL. */
  input = g_strndup ((const char *) data + 1, size - 1);

  clean = clp_html_sanitizer_clean (input, flags, &text);
  check_markup (clean);
  check_well_formed (clean);
  check_text (text);

  /* Clean HTML is a fixed point, whichever way it was first read. */
  again = clp_html_sanitizer_clean (clean, CLP_HTML_SANITIZER_NONE, &again_text);
  if (!g_str_equal (again, clean))
    fail ("cleaning again changed\n%s\ninto\n%s", clean, again);
  g_assert_cmpstr (again_text, ==, text);

  escaped = clp_html_escape (input);
  check_markup (escaped);
  return 0;
}
