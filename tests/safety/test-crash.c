/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-crash"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sqlite3.h>

#include "clp-safety-util.h"

/* Imports killed with SIGKILL at random moments, `clippings-cli import` of
 * a folder and the window importing the files named on its command line,
 * on a copy of an archive that already holds data. After each kill the
 * archive must be sound, every file in it whole or not at all, and an
 * import of the folder again must complete it.
 *
 * CLIPPINGS_CRASH_TRIALS sets the number of trials (30 by default; `make
 * torture` runs 500), CLIPPINGS_CRASH_SEED the seed. One trial in five is
 * the window's, when there is a display. */

/* When the first of the folder's files lands and when the last does,
 * from the start of the process. */
typedef struct
{
  double first;
  double last;
} Timing;

typedef struct
{
  char      *dir;
  char      *seed_db;
  char      *folder;
  GPtrArray *seed_files;
  GPtrArray *untouched;   /* of those, the ones the folder has no newer save of */
  GPtrArray *files;       /* the folder's: new articles and newer saves */
  Timing     cli;
  Timing     gui;
} Harness;

static void
harness_clear (Harness *harness)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", harness->dir);

  if (g_getenv ("CLIPPINGS_KEEP") == NULL)
    g_assert_cmpint (system (command), ==, 0);
  g_free (harness->dir);
  g_free (harness->seed_db);
  g_free (harness->folder);
  g_ptr_array_unref (harness->untouched);
  g_ptr_array_unref (harness->seed_files);
  g_ptr_array_unref (harness->files);
}

static void
remove_archive (const char *db)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db, suffixes[i], NULL);

      g_remove (path);
    }
}

static int
import_cli (const char *db,
            const char *folder)
{
  g_autofree char *err = NULL;
  int status = clp_safety_run (NULL, &err, clp_safety_cli (), "--db", db, "import", folder, NULL);

  if (status != 0)
    g_printerr ("%s", err);
  return status;
}

static GSubprocess *
start (const char *db,
       const char *folder,
       gboolean    window)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  if (window)
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                &error, clp_safety_gui (), "--db", db, folder, NULL);
  else
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                &error, clp_safety_cli (), "--db", db, "import", folder, NULL);
  g_assert_no_error (error);
  return process;
}

/* The window stays open after its import: it is done when every file
 * is recorded. */
static Timing
time_import (Harness    *harness,
             const char *db,
             gboolean    window)
{
  g_autoptr(GSubprocess) process = start (db, harness->folder, window);
  gint64 begin = g_get_monotonic_time ();
  gint64 before = harness->seed_files->len;
  gint64 all = before + harness->files->len;
  Timing timing = { -1, -1 };

  while (g_get_monotonic_time () - begin < 120 * G_USEC_PER_SEC)
    {
      sqlite3 *handle = clp_safety_open (db);
      double now = (g_get_monotonic_time () - begin) / (double) G_USEC_PER_SEC;
      gint64 n = clp_safety_query_int (handle, "SELECT count(*) FROM imports", NULL);

      sqlite3_close (handle);
      if (n > before && timing.first < 0)
        timing.first = now;
      if (n >= all)
        {
          timing.last = now;
          break;
        }
      g_usleep (5000);
    }
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_cmpfloat (timing.last, >, 0);
  return timing;
}

static void
harness_init (Harness *harness,
              gboolean window)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seed_folder = NULL;
  g_autofree char *calibration = NULL;
  g_autoptr(GPtrArray) originals = NULL;
  g_autoptr(GPtrArray) resaves = NULL;

  harness->dir = g_dir_make_tmp ("clippings-crash-XXXXXX", &error);
  g_assert_no_error (error);
  seed_folder = g_build_filename (harness->dir, "seed", NULL);
  harness->folder = g_build_filename (harness->dir, "folder", NULL);
  harness->seed_db = g_build_filename (harness->dir, "seed.db", NULL);

  /* The archive that already holds data: articles the folder adds to
   * (merges) and others it leaves alone. */
  harness->seed_files = clp_safety_make_folder (seed_folder, "seed", 8, 20, 60, 1);
  g_assert_cmpint (import_cli (harness->seed_db, seed_folder), ==, 0);
  /* One file to copy, without a write-ahead log beside it. */
  clp_safety_checkpoint (harness->seed_db);
  clp_safety_assert_sound (harness->seed_db);

  harness->files = clp_safety_make_folder (harness->folder, "new", 50, 40, 160, 2);
  /* Newer saves of half the articles there. */
  originals = g_ptr_array_new ();
  harness->untouched = g_ptr_array_new ();
  for (guint i = 0; i < harness->seed_files->len; i++)
    g_ptr_array_add (i < harness->seed_files->len / 2 ? originals : harness->untouched,
                     g_ptr_array_index (harness->seed_files, i));
  resaves = clp_safety_make_resaves (harness->folder, originals, 30, 3);
  g_ptr_array_extend_and_steal (harness->files, g_steal_pointer (&resaves));

  calibration = g_build_filename (harness->dir, "calibration.db", NULL);
  clp_safety_copy (harness->seed_db, calibration);
  harness->cli = time_import (harness, calibration, FALSE);
  g_assert_cmpuint (clp_safety_assert_whole (calibration, harness->files), ==,
                    harness->files->len);

  if (window)
    {
      remove_archive (calibration);
      clp_safety_copy (harness->seed_db, calibration);
      harness->gui = time_import (harness, calibration, TRUE);
    }
  g_test_message ("the files land from %.2f to %.2f s after the start of clippings-cli "
                  "import, from %.2f to %.2f s in the window", harness->cli.first,
                  harness->cli.last, harness->gui.first, harness->gui.last);
}

static void
test_kill (void)
{
  const char *trials_env = g_getenv ("CLIPPINGS_CRASH_TRIALS");
  const char *seed_env = g_getenv ("CLIPPINGS_CRASH_SEED");
  guint trials = trials_env != NULL ? atoi (trials_env) : 30;
  guint32 seed = seed_env != NULL ? strtoul (seed_env, NULL, 10) : (guint32) g_get_real_time ();
  gboolean window = clp_safety_gui () != NULL && g_getenv ("DISPLAY") != NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *db = NULL;
  Harness harness = { 0 };
  guint none = 0, some = 0, all = 0, window_trials = 0;
  gint64 begin = g_get_monotonic_time ();

  if (!window)
    g_test_message ("no display or no CLIPPINGS_GUI: the command line's imports only");
  harness_init (&harness, window);
  db = g_build_filename (harness.dir, "trial.db", NULL);

  for (guint trial = 0; trial < trials; trial++)
    {
      gboolean in_window = window && trial % 5 == 4;
      Timing *timing = in_window ? &harness.gui : &harness.cli;
      g_autoptr(GSubprocess) process = NULL;
      /* Any moment from a little before the first file lands to a little
       * after the last: starting up is not what is tested. */
      gulong delay = (gulong) (g_rand_double_range (rand, timing->first * 0.8,
                                                    timing->last * 1.1) * G_USEC_PER_SEC);
      guint in;

      remove_archive (db);
      clp_safety_copy (harness.seed_db, db);
      process = start (db, harness.folder, in_window);
      g_usleep (delay);
      g_subprocess_send_signal (process, SIGKILL);
      g_subprocess_wait (process, NULL, NULL);

      clp_safety_assert_sound (db);
      in = clp_safety_assert_whole (db, harness.files);
      /* What was there before and has no newer save in the folder is
       * untouched; the others are checked as the newer saves' files. */
      g_assert_cmpuint (clp_safety_assert_whole (db, harness.untouched), ==,
                        harness.untouched->len);
      clp_safety_assert_check (db);
      if (in == 0)
        none++;
      else if (in < harness.files->len)
        some++;
      else
        all++;
      window_trials += in_window;

      g_assert_cmpint (import_cli (db, harness.folder), ==, 0);
      clp_safety_assert_sound (db);
      g_assert_cmpuint (clp_safety_assert_whole (db, harness.files), ==, harness.files->len);
    }

  g_print ("# %u kill trials (%u of the window, %u of clippings-cli import), seed %u: "
           "killed before any file landed %u, part-way %u, after all %u; all sound and whole "
           "(%.0f s)\n", trials, window_trials, trials - window_trials, seed, none, some, all,
           (g_get_monotonic_time () - begin) / (double) G_USEC_PER_SEC);
  harness_clear (&harness);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/safety/crash/kill", test_kill);
  return g_test_run ();
}
