/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-power-cut"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

#include "clp-archive.h"
#include "clp-import-job.h"
#include "clp-safety-util.h"
#include "clp-store-private.h"
#include "clp-test-vfs.h"

/* Power cuts in the middle of the archive's commit paths: importing new
 * files, merging newer saves into archived articles, and upgrading an
 * archive's schema. A child process runs the product's code over a test
 * VFS (clp-test-vfs.c) that, at a chosen write or sync, loses the writes
 * not yet synced and ends the process. The archive must then open, pass
 * the integrity checks and hold whole files only; and the product must
 * finish the work when run again.
 *
 * CLIPPINGS_POWER_TRIALS sets the cuts per path (10 by default). */

#define NOT_CUT 3

/* The child: `test-power-cut --child import|open DB FOLDER EVENT SEED`. */
static int
child (char **argv)
{
  const char *what = argv[0];
  const char *db = argv[1];
  guint64 event = g_ascii_strtoull (argv[3], NULL, 10);
  guint32 seed = strtoul (argv[4], NULL, 10);
  g_autoptr(ClpArchive) archive = NULL;
  g_autoptr(GError) error = NULL;

  clp_test_vfs_register ();
  clp_test_vfs_cut_power_at (event, seed);
  archive = clp_archive_open (db, CLP_ARCHIVE_OPEN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  if (g_str_equal (what, "import"))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (argv[2]);
      g_autoptr(ClpImportJob) job = clp_import_job_new (archive, &folder, 1);
      g_autoptr(GPtrArray) reports = clp_import_job_run (job, NULL, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < reports->len; i++)
        g_assert_cmpint (((ClpImportReport *) reports->pdata[i])->outcome, ==,
                         CLP_IMPORT_OUTCOME_IMPORTED);
    }
  g_clear_object (&archive);
  printf ("%" G_GUINT64_FORMAT "\n", clp_test_vfs_get_events ());
  return NOT_CUT;
}

typedef struct
{
  char      *dir;
  char      *seed_db;
  GPtrArray *seed_files;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;

  fixture->dir = g_dir_make_tmp ("clippings-power-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_build_filename (fixture->dir, "seed", NULL);
  fixture->seed_db = g_build_filename (fixture->dir, "seed.db", NULL);
  fixture->seed_files = clp_safety_make_folder (folder, "seed", 12, 30, 120, 11);
  g_assert_cmpint (clp_safety_run (NULL, NULL, clp_safety_cli (), "--db", fixture->seed_db,
                                   "import", folder, NULL), ==, 0);
  clp_safety_checkpoint (fixture->seed_db);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  unused)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->dir);
  g_free (fixture->seed_db);
  g_ptr_array_unref (fixture->seed_files);
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

/* Runs the child; returns its events when it was not cut. */
static guint64
run_child (const char *what,
           const char *db,
           const char *folder,
           guint64     event,
           guint32     seed)
{
  g_autofree char *event_text = g_strdup_printf ("%" G_GUINT64_FORMAT, event);
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { NULL, "--child", what,
                         db, folder != NULL ? folder : "-", event_text, seed_text, NULL };
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  int status;

  argv[0] = self;
  status = clp_safety_runv (&out, &err, argv);
  if (status == 0)
    return 0;
  if (status != NOT_CUT)
    g_error ("the child (%s, event %s) failed with %d: %s", what, event_text, status, err);
  return g_ascii_strtoull (out, NULL, 10);
}

/* Cuts the power at random events of @what on copies of @base; after
 * each, the archive must be sound, whole, and complete once run again. */
static void
cut_trials (Fixture    *fixture,
            const char *what,
            const char *base,
            const char *folder,
            GPtrArray  *files,
            gboolean    merges,
            const char *schema)
{
  const char *trials_env = g_getenv ("CLIPPINGS_POWER_TRIALS");
  guint trials = trials_env != NULL ? atoi (trials_env) : 10;
  g_autofree char *db = g_build_filename (fixture->dir, "trial.db", NULL);
  g_autoptr(GRand) rand = g_rand_new ();
  guint64 events;
  guint landed = 0;
  guint versions[9] = { 0 };

  remove_archive (db);
  clp_safety_copy (base, db);
  events = run_child (what, db, folder, 0, 0);
  g_assert_cmpuint (events, >, 0);

  for (guint trial = 0; trial < trials; trial++)
    {
      guint64 event = g_rand_int_range (rand, 1, events + 1);
      guint32 seed = g_rand_int (rand);

      remove_archive (db);
      clp_safety_copy (base, db);
      run_child (what, db, folder, event, seed);

      clp_safety_assert_sound (db);
      /* Newer saves of them change the archived articles: they are checked
       * as the files that bring them. */
      if (!merges)
        g_assert_cmpuint (clp_safety_assert_whole (db, fixture->seed_files), ==,
                          fixture->seed_files->len);
      if (files != NULL)
        landed += clp_safety_assert_whole (db, files);
      if (schema != NULL)
        {
          /* Opening finishes the upgrade. */
          g_autofree char *now = NULL;
          gpointer handle = clp_safety_open (db);

          /* Each step is one transaction: the cut left it at one of them. */
          versions[MIN (clp_safety_query_int (handle, "PRAGMA user_version", NULL), 8)]++;
          sqlite3_close (handle);
          g_assert_cmpint (clp_safety_run (NULL, NULL, clp_safety_cli (), "--db", db, "stats",
                                           NULL), ==, 0);
          handle = clp_safety_open (db);
          now = clp_safety_query_text (handle, "SELECT sql FROM sqlite_master ORDER BY name");
          g_assert_cmpstr (now, ==, schema);
          g_assert_cmpint (clp_safety_query_int (handle, "PRAGMA user_version", NULL), ==,
                           CLP_STORE_SCHEMA_VERSION);
          sqlite3_close (handle);
        }
      clp_safety_assert_check (db);
      if (folder != NULL)
        {
          g_assert_cmpint (clp_safety_run (NULL, NULL, clp_safety_cli (), "--db", db, "import",
                                           folder, NULL), ==, 0);
          g_assert_cmpuint (clp_safety_assert_whole (db, files), ==, files->len);
          clp_safety_assert_sound (db);
        }
    }
  if (schema != NULL)
    g_print ("# %s: %u power cuts among %" G_GUINT64_FORMAT " writes and syncs; they left the "
             "schema at versions 1 to 8: %u, %u, %u, %u, %u, %u, %u, %u\n", g_test_get_path (), trials,
             events, versions[1], versions[2], versions[3], versions[4], versions[5], versions[6],
             versions[7], versions[8]);
  else
    g_print ("# %s: %u power cuts among %" G_GUINT64_FORMAT " writes and syncs; %u of %u files "
             "had landed\n", g_test_get_path (), trials, events, landed, files->len * trials);
}

static void
test_import (Fixture       *fixture,
             gconstpointer  unused)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "new", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_folder (folder, "new", 6, 40, 200, 12);

  cut_trials (fixture, "import", fixture->seed_db, folder, files, FALSE, NULL);
}

static void
test_merge (Fixture       *fixture,
            gconstpointer  unused)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "resaved", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_resaves (folder, fixture->seed_files, 40, 13);

  cut_trials (fixture, "import", fixture->seed_db, folder, files, TRUE, NULL);
}

/* The archive as the first version of Clippings' schema left it: each
 * migration undone, the last first; then the triggers of the first
 * version, as clp-store-migrations.c has them. */
static const char downgrade[] =
  "ALTER TABLE articles DROP COLUMN byline;"
  "DROP TABLE deferred_indexes;"
  "DROP TRIGGER articles_fts_delete;"
  "DROP TRIGGER articles_fts_update;"
  "DROP TRIGGER comments_fts_delete;"
  "DROP TRIGGER comments_fts_update;"
  "DROP INDEX comments_instant;"
  "DROP INDEX articles_orphans;"
  "ALTER TABLE comments DROP COLUMN posted_offset;"
  "ALTER TABLE articles DROP COLUMN holds_orphans;"
  "DROP INDEX articles_section;"
  "DROP INDEX articles_import;"
  "DROP TABLE comments_fts;"
  "CREATE VIRTUAL TABLE comments_fts USING fts5 ("
  "  author, text, content='comments', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2');"
  "INSERT INTO comments_fts (comments_fts) VALUES ('rebuild');"
  "DROP TABLE articles_fts;"
  "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
  "  title, body, content='articles', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2');"
  "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');"
  "DROP INDEX comments_replies;"
  "DROP INDEX comments_depth;"
  "PRAGMA user_version = 1;";

/* The CREATE TRIGGER statements of the first migration. */
static char *
first_triggers (void)
{
  GString *triggers = g_string_new (NULL);
  const char *end = clp_store_migrations[0];

  for (const char *p = strstr (end, "CREATE TRIGGER"); p != NULL; p = strstr (end, "CREATE TRIGGER"))
    {
      end = strstr (p, "END;");
      g_assert_nonnull (end);
      end += strlen ("END;");
      g_string_append_len (triggers, p, end - p);
    }
  g_assert_cmpuint (triggers->len, >, 0);
  return g_string_free (triggers, FALSE);
}

static void
test_migrations (Fixture       *fixture,
                 gconstpointer  unused)
{
  g_autofree char *old = g_build_filename (fixture->dir, "old.db", NULL);
  g_autofree char *triggers = first_triggers ();
  g_autofree char *schema = NULL;
  gpointer handle;
  sqlite3 *db = NULL;

  handle = clp_safety_open (fixture->seed_db);
  schema = clp_safety_query_text (handle, "SELECT sql FROM sqlite_master ORDER BY name");
  sqlite3_close (handle);

  clp_safety_copy (fixture->seed_db, old);
  g_assert_cmpint (sqlite3_open (old, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, downgrade, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, triggers, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  clp_safety_checkpoint (old);

  cut_trials (fixture, "open", old, NULL, NULL, FALSE, schema);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 7 && g_str_equal (argv[1], "--child"))
    return child (argv + 2);

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/safety/power-cut/import", Fixture, NULL, fixture_set_up, test_import,
              fixture_tear_down);
  g_test_add ("/safety/power-cut/merge", Fixture, NULL, fixture_set_up, test_merge,
              fixture_tear_down);
  g_test_add ("/safety/power-cut/migrations", Fixture, NULL, fixture_set_up, test_migrations,
              fixture_tear_down);
  return g_test_run ();
}
