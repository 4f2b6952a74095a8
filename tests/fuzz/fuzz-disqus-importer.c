/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clp-fuzz-import.h"
#include "clp-disqus-importer.h"

/* A libFuzzer target for the Disqus importer; see clp-fuzz-import.c for
 * what it checks. With fuzz-driver.c it replays corpus/disqus-importer/ as
 * a test. */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  return clp_fuzz_import (CLP_TYPE_DISQUS_IMPORTER, data, size);
}
