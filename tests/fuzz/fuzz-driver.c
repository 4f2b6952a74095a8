/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

/* The standalone driver of the fuzz targets: it runs every file it is
 * given, and every file in the folders it is given, through the target's
 * LLVMFuzzerTestOneInput(), so that a corpus runs as a test. Fuzzing
 * builds link libFuzzer's main() instead of this file:
 *
 *   clang -fsanitize=fuzzer,address,undefined fuzz-TARGET.c … (without this file)
 *
 * which is what `meson setup -Dfuzzing=true` does (see `make fuzz`). A
 * crash names its input with CLIPPINGS_FUZZ_VERBOSE set. */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static gboolean
run_file (const char  *path,
          int         *runs,
          GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  /* Said first, so that a crash names its input. */
  if (g_getenv ("CLIPPINGS_FUZZ_VERBOSE") != NULL)
    g_printerr ("%s\n", path);
  LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
  (*runs)++;
  return TRUE;
}

static gboolean
run_path (const char  *path,
          int         *runs,
          GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return run_file (path, runs, error);

  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!run_file (child, runs, error))
        return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  int runs = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s FILE|FOLDER…\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!run_path (argv[i], &runs, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  g_print ("%d inputs, all invariants held\n", runs);
  return runs > 0 ? 0 : 1;
}
