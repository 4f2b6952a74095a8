/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-html"

#include "config.h"

#include <string.h>

#include "clp-html.h"

/**
 * clp_html_unwanted_length:
 * @p: a place in UTF-8 text
 *
 * Characters no reader typed and HTML and XML cannot hold: C0 controls but
 * tab and newline, DEL, and the non-characters U+FFFE and U+FFFF.
 *
 * Returns: the length in bytes of such a character at @p, or 0
 */
gsize
clp_html_unwanted_length (const char *p)
{
  if (((guchar) p[0] < 0x20 && p[0] != '\n' && p[0] != '\t') || p[0] == 0x7f)
    return 1;
  if ((guchar) p[0] == 0xEF && (guchar) p[1] == 0xBF &&
      ((guchar) p[2] == 0xBE || (guchar) p[2] == 0xBF))
    return 3;
  return 0;
}

/**
 * clp_html_append_escaped:
 * @out: the page being written
 * @text: untrusted text; invalid UTF-8 is repaired
 * @length: bytes of @text, or -1 up to its end
 *
 * Appends @text with the five characters that mean something in HTML (in
 * text and in quoted attribute values) written as references, and the
 * characters of clp_html_unwanted_length() left out.
 */
void
clp_html_append_escaped (GString    *out,
                         const char *text,
                         gssize      length)
{
  g_autofree char *valid = NULL;
  const char *end;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;
  if (length < 0)
    length = strlen (text);
  if (!g_utf8_validate_len (text, length, NULL))
    {
      valid = g_utf8_make_valid (text, length);
      text = valid;
      length = strlen (valid);
    }
  end = text + length;

  for (const char *p = text; p < end; p++)
    {
      gsize unwanted = clp_html_unwanted_length (p);

      if (unwanted > 0)
        {
          p += unwanted - 1;
          continue;
        }
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&#39;"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

char *
clp_html_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  clp_html_append_escaped (out, text, -1);
  return g_string_free (out, FALSE);
}

/**
 * clp_html_is_safe_link:
 * @url: (nullable): an address from an archive, a file or a page
 *
 * Whether @url may be the target of a link Clippings writes: an absolute
 * http, https or mailto address, nothing else. A javascript: or data:
 * address from a Disqus or WordPress export, a vbscript:, file: or
 * relative one, is shown as text instead, whatever page or program reads
 * the HTML. White space and control characters, which browsers drop from
 * inside an address ("java\tscript:"), make any address unsafe.
 *
 * Returns: whether @url may be written as a link
 */
gboolean
clp_html_is_safe_link (const char *url)
{
  static const char * const schemes[] = { "http", "https", "mailto" };
  g_autofree char *scheme = NULL;

  if (url == NULL || !g_utf8_validate (url, -1, NULL))
    return FALSE;
  for (const char *p = url; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || *p == 0x7f)
      return FALSE;
  scheme = g_uri_parse_scheme (url);
  if (scheme == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strcasecmp (scheme, schemes[i]) == 0)
      return url[strlen (scheme) + 1] != '\0';
  return FALSE;
}
