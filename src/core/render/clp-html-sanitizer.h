/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CLP_HTML_SANITIZER_NONE        = 0,
  /* Newlines in text are line breaks and blank lines end paragraphs, as
   * WordPress stores posts and comments. */
  CLP_HTML_SANITIZER_LINE_BREAKS = 1 << 0,
} ClpHtmlSanitizerFlags;

char *clp_html_sanitizer_clean  (const char             *html,
                                 ClpHtmlSanitizerFlags   flags,
                                 char                  **text);

G_END_DECLS
