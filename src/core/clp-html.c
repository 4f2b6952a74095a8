/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-html"

#include "config.h"

#include <string.h>

#include "clp-html.h"

/**
 * clp_html_append_escaped:
 * @out: the page being written
 * @text: untrusted UTF-8
 * @length: bytes of @text, or -1 up to its end
 *
 * Appends @text with the five characters that mean something in HTML (in
 * text and in quoted attribute values) written as references. NUL and other
 * C0 controls that HTML forbids are dropped.
 */
void
clp_html_append_escaped (GString    *out,
                         const char *text,
                         gssize      length)
{
  const char *end;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;
  end = text + (length < 0 ? (gssize) strlen (text) : length);

  for (const char *p = text; p < end; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&#39;"); break;
        case '\n': case '\t': case '\r':
          g_string_append_c (out, *p);
          break;
        default:
          if ((guchar) *p >= 0x20 && *p != 0x7f)
            g_string_append_c (out, *p);
          break;
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
