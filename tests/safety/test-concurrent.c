/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-concurrent"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
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

/* Two imports of the same folder at once: each file is recorded once. The
 * "imported before" check runs again inside the import's transaction. */
static void
test_same_folder (Fixture       *fixture,
                  gconstpointer  unused)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "f", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_folder (folder, "same", 12, 20, 80, 4);
  guint twice = 0;

  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(GSubprocess) first = NULL;
      g_autoptr(GSubprocess) second = NULL;
      g_autofree char *wal = g_strconcat (fixture->db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (fixture->db, "-shm", NULL);
      sqlite3 *db;

      g_remove (fixture->db);
      g_remove (wal);
      g_remove (shm);
      /* Created first, so that both race over the files, not the schema. */
      assert_succeeds (spawn_cli (fixture->db, "stats", NULL), "stats");
      first = spawn_cli (fixture->db, "import", folder, NULL);
      second = spawn_cli (fixture->db, "import", folder, NULL);
      assert_succeeds (first, "the first import");
      assert_succeeds (second, "the second import");
      clp_safety_assert_sound (fixture->db);
      g_assert_cmpuint (clp_safety_assert_whole (fixture->db, files), ==, files->len);
      db = clp_safety_open (fixture->db);
      twice += clp_safety_query_int (db, "SELECT count(*) FROM imports", NULL) - files->len;
      sqlite3_close (db);
    }
  g_assert_cmpuint (twice, ==, 0);
}

/* Four importers, two searches and the window on one new archive, all
 * started at once. */
static void
test_everyone (Fixture       *fixture,
               gconstpointer  unused)
{
  g_autofree char *a = g_build_filename (fixture->dir, "a", NULL);
  g_autofree char *b = g_build_filename (fixture->dir, "b", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_folder (a, "everyone-a", 10, 20, 80, 5);
  g_autoptr(GPtrArray) files_b = clp_safety_make_folder (b, "everyone-b", 10, 20, 80, 6);
  g_autoptr(GSubprocess) window = NULL;
  GSubprocess *processes[6];
  g_autoptr(GError) error = NULL;
  g_autofree char *window_err = NULL;
  gboolean with_window = clp_safety_gui () != NULL && g_getenv ("DISPLAY") != NULL;

  if (with_window)
    {
      window = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                 &error, clp_safety_gui (), "--db", fixture->db, NULL);
      g_assert_no_error (error);
    }
  else
    g_test_message ("no display: without the window");
  /* Each folder by two importers, in both orders. */
  processes[0] = spawn_cli (fixture->db, "import", a, b, NULL);
  processes[1] = spawn_cli (fixture->db, "import", b, a, NULL);
  processes[2] = spawn_cli (fixture->db, "import", a, NULL);
  processes[3] = spawn_cli (fixture->db, "import", b, NULL);
  processes[4] = spawn_cli (fixture->db, "search", "harbour", NULL);
  processes[5] = spawn_cli (fixture->db, "search", "author:reader1", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (processes); i++)
    {
      g_autofree char *what = g_strdup_printf ("program %u", i);

      assert_succeeds (processes[i], what);
      g_object_unref (processes[i]);
    }

  g_ptr_array_extend_and_steal (files, g_steal_pointer (&files_b));
  clp_safety_assert_sound (fixture->db);
  g_assert_cmpuint (clp_safety_assert_whole (fixture->db, files), ==, files->len);

  if (window != NULL)
    {
      g_autoptr(GInputStream) err = NULL;
      char buffer[4096];
      gssize n;

      /* The window saw it all happen and is still there. */
      g_usleep (G_USEC_PER_SEC);
      g_assert_nonnull (g_subprocess_get_identifier (window));
      g_subprocess_send_signal (window, SIGTERM);
      g_subprocess_wait (window, NULL, &error);
      g_assert_no_error (error);
      err = g_object_ref (g_subprocess_get_stderr_pipe (window));
      n = g_input_stream_read (err, buffer, sizeof buffer - 1, NULL, NULL);
      buffer[MAX (n, 0)] = '\0';
      g_assert_null (strstr (buffer, "CRITICAL"));
      g_test_message ("the window said: %s", buffer);
    }
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
  g_test_add ("/safety/concurrent/same-folder", Fixture, NULL, fixture_set_up, test_same_folder,
              fixture_tear_down);
  g_test_add ("/safety/concurrent/everyone", Fixture, NULL, fixture_set_up, test_everyone,
              fixture_tear_down);
  return g_test_run ();
}
