/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The hostile corpus (tests/data/hostile/ and the large files made from
 * it), ready to import: see clp-hostile-corpus.c. */
char  *clp_hostile_corpus_prepare (const char *origin);
GStrv  clp_hostile_corpus_files   (const char *dir);

G_END_DECLS
