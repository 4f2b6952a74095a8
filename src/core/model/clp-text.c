/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-text"

#include "config.h"

#include "clp-text.h"

/**
 * clp_text_split_paragraphs:
 * @text: (nullable): an article paragraph or a comment's text
 *
 * Returns: (transfer full): the paragraphs of @text, trimmed, empty ones
 *   left out; each may hold newlines between its lines
 */
GStrv
clp_text_split_paragraphs (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", "\n\n", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}
