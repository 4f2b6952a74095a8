/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text as the archive keeps it: paragraphs separated by a blank line, the
 * lines of a paragraph by a newline. */
GStrv clp_text_split_paragraphs (const char *text);

G_END_DECLS
