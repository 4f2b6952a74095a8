/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-concurrent"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sqlite3.h>

#include "clp-safety-util.h"

/* Programs started together on one archive: each must do its work, and
 * each file must be in the archive once, recorded once. */

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  unused)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("clippings-concurrent-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "archive.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  unused)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->dir);
  g_free (fixture->db);
}

typedef struct
{
  GSubprocess *process;
  char        *out;
  char        *err;
} Run;

static GSubprocess *
spawn_cli (const char *db,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  va_list args;

  g_ptr_array_add (argv, (char *) clp_safety_cli ());
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, db);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  return process;
}

/* Waits for the process; it must have succeeded and said nothing wrong. */
static void
assert_succeeds (GSubprocess *process,
                 const char  *what)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0 ||
      *err != '\0')
    g_error ("%s failed: %s%s", what, out, err);
}

/* Two imports started together on a new archive: both create it, only one
 * may run the migrations, and neither fails. */
static void
test_new_archive (Fixture       *fixture,
                  gconstpointer  unused)
{
  g_autofree char *a = g_build_filename (fixture->dir, "a", NULL);
  g_autofree char *b = g_build_filename (fixture->dir, "b", NULL);
  g_autoptr(GPtrArray) files_a = clp_safety_make_folder (a, "a", 3, 5, 20, 1);
  g_autoptr(GPtrArray) files_b = clp_safety_make_folder (b, "b", 3, 5, 20, 2);

  for (guint round = 0; round < 25; round++)
    {
      g_autoptr(GSubprocess) first = NULL;
      g_autoptr(GSubprocess) second = NULL;
      g_autofree char *wal = g_strconcat (fixture->db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (fixture->db, "-shm", NULL);

      g_remove (fixture->db);
      g_remove (wal);
      g_remove (shm);
      first = spawn_cli (fixture->db, "import", a, NULL);
      second = spawn_cli (fixture->db, "import", b, NULL);
      assert_succeeds (first, "the first import");
      assert_succeeds (second, "the second import");
      clp_safety_assert_sound (fixture->db);
      g_assert_cmpuint (clp_safety_assert_whole (fixture->db, files_a), ==, files_a->len);
      g_assert_cmpuint (clp_safety_assert_whole (fixture->db, files_b), ==, files_b->len);
    }
}

/* Migrations take the write lock first and read the version again under
 * it: an archive whose version says 0 while it holds tables is refused in
 * words, with no SQL in them, and left as it was. */
static void
test_version_zero (Fixture       *fixture,
                   gconstpointer  unused)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "f", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_folder (folder, "f", 2, 5, 10, 3);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  static const char * const commands[] = { "import", "list", "search" };
  sqlite3 *db = NULL;

  assert_succeeds (spawn_cli (fixture->db, "import", folder, NULL), "the import");
  clp_safety_checkpoint (fixture->db);
  g_assert_cmpint (sqlite3_open (fixture->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 0", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  before = clp_safety_file_sha256 (fixture->db);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char *arg = i == 0 ? folder : i == 2 ? "ferry" : NULL;
      int status = clp_safety_run (&out, &err, clp_safety_cli (), "--db", fixture->db,
                                   commands[i], arg, NULL);

      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (err, fixture->db));
      g_assert_nonnull (strstr (err, "damaged"));
      g_assert_null (strstr (err, "CREATE"));
      g_assert_null (strstr (err, "already exists"));
      g_test_message ("%s", err);
    }
  after = clp_safety_file_sha256 (fixture->db);
  g_assert_cmpstr (before, ==, after);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/safety/concurrent/new-archive", Fixture, NULL, fixture_set_up, test_new_archive,
              fixture_tear_down);
  g_test_add ("/safety/concurrent/version-zero", Fixture, NULL, fixture_set_up,
              test_version_zero, fixture_tear_down);
  return g_test_run ();
}
