/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clp-fuzz-import.h"
#include "clp-json-importer.h"

/* A libFuzzer target for the Clippings JSON importer; see
 * clp-fuzz-import.c for what it checks. With fuzz-driver.c it replays
 * corpus/json-importer/ as a test. */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  return clp_fuzz_import (CLP_TYPE_JSON_IMPORTER, data, size);
}
