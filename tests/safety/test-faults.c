/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-faults"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

#include "clp-archive.h"
#include "clp-import-job.h"
#include "clp-safety-util.h"
#include "clp-test-util.h"
#include "clp-test-vfs.h"

/* What goes wrong around an archive: each fault gets a message that names
 * the archive and says what to do, and leaves the archive as it was where
 * nothing could be written. The imports here run in this process, over a
 * test VFS (clp-test-vfs.c) that plays a disk that fills up. */

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

  fixture->dir = g_dir_make_tmp ("clippings-faults-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
  fixture->db = g_build_filename (fixture->dir, "archive.db", NULL);
  clp_test_vfs_set_free_space (G_MAXINT64);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  unused)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  clp_test_vfs_set_free_space (G_MAXINT64);
  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->dir);
  g_free (fixture->db);
}

static void
remove_files (const char *db)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db, suffixes[i], NULL);

      g_remove (path);
    }
}

/* Imports @folder in this process; returns the reports. */
static GPtrArray *
import_here (const char *db,
             const char *folder)
{
  ClpArchive *archive = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  ClpImportJob *job = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *reports;

  archive = clp_archive_open (db, CLP_ARCHIVE_OPEN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  job = clp_import_job_new (archive, &file, 1);
  reports = clp_import_job_run (job, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (job);
  /* Closed, as a program that ends closes it. */
  clp_test_close_archive (archive);
  return reports;
}

static guint
count_outcome (GPtrArray          *reports,
               ClpImportOutcome    outcome)
{
  guint n = 0;

  for (guint i = 0; i < reports->len; i++)
    n += ((ClpImportReport *) reports->pdata[i])->outcome == outcome;
  return n;
}

/* A disk that is full, then has a little room, then enough. */
static void
test_disk_full (Fixture       *fixture,
                gconstpointer  unused)
{
  g_autofree char *seed = g_build_filename (fixture->dir, "seed", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "new", NULL);
  g_autoptr(GPtrArray) seed_files = clp_safety_make_folder (seed, "seed", 4, 20, 40, 21);
  /* Some 2.5 MB: batches of a megabyte (clp-store-batch.c) make three. */
  g_autoptr(GPtrArray) files = clp_safety_make_folder (folder, "new", 12, 600, 1200, 22);
  g_autofree char *scratch = g_build_filename (fixture->dir, "scratch.db", NULL);
  g_autoptr(GPtrArray) reports = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 room;
  GStatBuf st;
  guint failed;

  g_ptr_array_unref (import_here (fixture->db, seed));
  clp_safety_checkpoint (fixture->db);
  before = clp_safety_file_sha256 (fixture->db);

  /* The room the whole folder takes, measured on a copy. */
  clp_safety_copy (fixture->db, scratch);
  g_assert_cmpint (g_stat (scratch, &st), ==, 0);
  room = -st.st_size;
  clp_test_vfs_reset_peaks ();
  g_ptr_array_unref (import_here (scratch, folder));
  g_assert_cmpint (g_stat (scratch, &st), ==, 0);
  room += st.st_size + clp_test_vfs_get_peak_size ("-wal");
  g_test_message ("the folder takes %" G_GINT64_FORMAT " bytes", room);

  /* No room at all: every file fails, named, and the archive is
   * unchanged to the byte. */
  clp_test_vfs_set_free_space (0);
  reports = import_here (fixture->db, folder);
  g_assert_cmpuint (count_outcome (reports, CLP_IMPORT_OUTCOME_FAILED), ==, files->len);
  for (guint i = 0; i < reports->len; i++)
    {
      ClpImportReport *report = reports->pdata[i];

      g_assert_error (report->error, CLP_STORE_ERROR, CLP_STORE_ERROR_FULL);
      g_assert_nonnull (strstr (report->error->message, report->file_name));
      g_assert_nonnull (strstr (report->error->message, fixture->db));
      g_assert_nonnull (strstr (report->error->message, "full"));
      if (i == 0)
        g_test_message ("%s", report->error->message);
    }
  g_clear_pointer (&reports, g_ptr_array_unref);
  clp_test_vfs_set_free_space (G_MAXINT64);
  clp_safety_checkpoint (fixture->db);
  after = clp_safety_file_sha256 (fixture->db);
  g_assert_cmpstr (before, ==, after);

  /* Room for half of it: the batches that fit land, whole, the files of
   * the others fail and leave nothing. */
  clp_test_vfs_set_free_space (room / 2);
  reports = import_here (fixture->db, folder);
  failed = count_outcome (reports, CLP_IMPORT_OUTCOME_FAILED);
  g_assert_cmpuint (failed, >, 0);
  g_assert_cmpuint (failed, <, files->len);
  g_assert_cmpuint (count_outcome (reports, CLP_IMPORT_OUTCOME_IMPORTED), ==,
                    files->len - failed);
  g_clear_pointer (&reports, g_ptr_array_unref);
  clp_test_vfs_set_free_space (G_MAXINT64);
  clp_safety_assert_sound (fixture->db);
  g_assert_cmpuint (clp_safety_assert_whole (fixture->db, files), ==, files->len - failed);
  g_assert_cmpuint (clp_safety_assert_whole (fixture->db, seed_files), ==, seed_files->len);

  /* Room again: the next import brings the rest. */
  reports = import_here (fixture->db, folder);
  g_assert_cmpuint (count_outcome (reports, CLP_IMPORT_OUTCOME_IMPORTED), ==, failed);
  g_assert_cmpuint (count_outcome (reports, CLP_IMPORT_OUTCOME_FAILED), ==, 0);
  clp_safety_assert_sound (fixture->db);
  g_assert_cmpuint (clp_safety_assert_whole (fixture->db, files), ==, files->len);
  clp_safety_assert_check (fixture->db);
}

/* The write-ahead log takes room beside the archive: a folder's import
 * keeps it near 8 MiB, and cuts it back there after a large file. */
static void
test_wal_bounded (Fixture       *fixture,
                  gconstpointer  unused)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "many", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_folder (folder, "many", 120, 100, 240, 23);
  g_autoptr(GPtrArray) reports = NULL;
  GStatBuf st;
  gint64 peak;

  clp_test_vfs_reset_peaks ();
  reports = import_here (fixture->db, folder);
  g_assert_cmpuint (count_outcome (reports, CLP_IMPORT_OUTCOME_IMPORTED), ==, files->len);
  g_assert_cmpint (g_stat (fixture->db, &st), ==, 0);
  peak = clp_test_vfs_get_peak_size ("-wal");
  g_test_message ("archive %" G_GINT64_FORMAT " bytes, the log at most %" G_GINT64_FORMAT,
                  (gint64) st.st_size, peak);
  /* The archive grew by more than twice the bound... */
  g_assert_cmpint (st.st_size, >, 16 * 1024 * 1024);
  /* ...the log by 8 MiB and one file's transaction at most. */
  g_assert_cmpint (peak, <, 12 * 1024 * 1024);
}

/* A program that is done closes the archive: the log is moved into it
 * and no -wal or -shm file stays behind. */
static void
test_closed_after_import (Fixture       *fixture,
                          gconstpointer  unused)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "files", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_folder (folder, "closed", 3, 5, 20, 24);
  g_autofree char *wal = g_strconcat (fixture->db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->db, "-shm", NULL);

  g_assert_cmpint (clp_safety_run (NULL, NULL, clp_safety_cli (), "--db", fixture->db, "import",
                                   folder, NULL), ==, 0);
  g_assert_false (clp_safety_exists (wal));
  g_assert_false (clp_safety_exists (shm));
  g_assert_cmpuint (clp_safety_assert_whole (fixture->db, files), ==, files->len);
}

/* Runs clippings-cli as a user who may read the archive but not write
 * it: as root, whom access() lets write anything, as "nobody". */
static int
run_as_reader (char       **out,
               char       **err,
               const char  *db,
               const char  *command,
               const char  *arg)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  if (getuid () == 0)
    {
      g_ptr_array_add (argv, "setpriv");
      g_ptr_array_add (argv, "--reuid=65534");
      g_ptr_array_add (argv, "--regid=65534");
      g_ptr_array_add (argv, "--clear-groups");
    }
  g_ptr_array_add (argv, (char *) clp_safety_cli ());
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  g_ptr_array_add (argv, (char *) command);
  if (arg != NULL)
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);
  return clp_safety_runv (out, err, (const char * const *) argv->pdata);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static char *
list_folder (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Reading works on an archive one may not write, and leaves no file
 * behind; importing says why it cannot. */
static void
check_reading_only (const char *dir,
                    const char *db,
                    const char *title)
{
  static const struct { const char *command; const char *arg; const char *expect; } reads[] = {
    { "list", NULL, NULL },
    { "search", "harbour", NULL },
    { "show", "1", NULL },
    { "export", "--format=json", "\"clippings\"" },
    { "stats", NULL, "Articles:" },
    { "check", NULL, "sound" },
  };
  g_autofree char *before = clp_safety_file_sha256 (db);
  g_autofree char *files_before = list_folder (dir);
  g_autofree char *after = NULL;
  g_autofree char *files_after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      g_autofree char *read_out = NULL;
      g_autofree char *read_err = NULL;
      int status = run_as_reader (&read_out, &read_err, db, reads[i].command, reads[i].arg);

      if (status != 0)
        g_error ("%s as a reader: %d: %s", reads[i].command, status, read_err);
      g_assert_nonnull (strstr (read_out, reads[i].expect != NULL ? reads[i].expect : title));
    }

  g_assert_cmpint (run_as_reader (&out, &err, db, "import", db), ==, 1);
  g_assert_nonnull (strstr (err, db));
  g_assert_nonnull (strstr (err, "read-only"));
  g_test_message ("%s", err);

  after = clp_safety_file_sha256 (db);
  files_after = list_folder (dir);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (files_before, ==, files_after);
}

static char *
make_archive (Fixture *fixture)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "files", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_folder (folder, "reader", 2, 5, 20, 25);
  g_autofree char *command = g_strdup_printf ("chmod -R a+rX '%s'", fixture->dir);

  g_assert_cmpint (clp_safety_run (NULL, NULL, clp_safety_cli (), "--db", fixture->db, "import",
                                   folder, NULL), ==, 0);
  g_assert_cmpint (system (command), ==, 0);
  return g_strdup ("Safety reader ");
}

static void
test_read_only_folder (Fixture       *fixture,
                       gconstpointer  unused)
{
  g_autofree char *archive_dir = g_build_filename (fixture->dir, "archive", NULL);
  g_autofree char *db = g_build_filename (archive_dir, "archive.db", NULL);
  g_autofree char *title = make_archive (fixture);

  g_assert_cmpint (g_mkdir (archive_dir, 0755), ==, 0);
  g_assert_cmpint (g_rename (fixture->db, db), ==, 0);
  g_assert_cmpint (g_chmod (db, 0444), ==, 0);
  g_assert_cmpint (g_chmod (archive_dir, 0555), ==, 0);
  check_reading_only (archive_dir, db, title);
  g_assert_cmpint (g_chmod (archive_dir, 0755), ==, 0);
}

/* The folder may be written, the file not: SQLite makes the -wal and
 * -shm files there for reading, and they must go again. */
static void
test_read_only_file (Fixture       *fixture,
                     gconstpointer  unused)
{
  g_autofree char *archive_dir = g_build_filename (fixture->dir, "archive", NULL);
  g_autofree char *db = g_build_filename (archive_dir, "archive.db", NULL);
  g_autofree char *title = make_archive (fixture);

  g_assert_cmpint (g_mkdir (archive_dir, 0777), ==, 0);
  g_assert_cmpint (g_chmod (archive_dir, 0777), ==, 0);
  g_assert_cmpint (g_rename (fixture->db, db), ==, 0);
  g_assert_cmpint (g_chmod (db, 0444), ==, 0);
  check_reading_only (archive_dir, db, title);
}

/* Another program holds the archive for longer than the busy timeout:
 * the message names it, and nothing is written. */
static void
test_locked (Fixture       *fixture,
             gconstpointer  unused)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "files", NULL);
  g_autofree char *later = g_build_filename (fixture->dir, "later", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_folder (folder, "held", 2, 5, 20, 26);
  g_autoptr(GPtrArray) later_files = clp_safety_make_folder (later, "later", 2, 5, 20, 27);
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GDataInputStream) holder_out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *named = NULL;
  const char *lock = "BEGIN EXCLUSIVE;\nSELECT 'held';\n";

  g_assert_cmpint (clp_safety_run (NULL, NULL, clp_safety_cli (), "--db", fixture->db, "import",
                                   folder, NULL), ==, 0);
  before = clp_safety_file_sha256 (fixture->db);

  holder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                             &error, "sqlite3", fixture->db, NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (holder), lock, strlen (lock), NULL,
                             NULL, &error);
  g_assert_no_error (error);
  holder_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder));
  line = g_data_input_stream_read_line (holder_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "held");

  g_assert_cmpint (clp_safety_run (&out, &err, clp_safety_cli (), "--db", fixture->db, "import",
                                   later, NULL), ==, 1);
  named = g_strdup_printf ("sqlite3 (process %s)", g_subprocess_get_identifier (holder));
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, fixture->db));
  g_assert_nonnull (strstr (err, named));
  g_assert_nonnull (strstr (err, "try again"));

  g_output_stream_close (g_subprocess_get_stdin_pipe (holder), NULL, NULL);
  g_subprocess_wait (holder, NULL, NULL);
  after = clp_safety_file_sha256 (fixture->db);
  g_assert_cmpstr (before, ==, after);

  /* Once it lets go, the import goes through. */
  g_assert_cmpint (clp_safety_run (NULL, NULL, clp_safety_cli (), "--db", fixture->db, "import",
                                   later, NULL), ==, 0);
  g_assert_cmpuint (clp_safety_assert_whole (fixture->db, later_files), ==, later_files->len);
}

/* Runs clippings-cli on @db; returns its status. */
static int
cli (char       **err,
     const char  *db,
     const char  *command,
     const char  *arg,
     const char  *arg2)
{
  return clp_safety_run (NULL, err, clp_safety_cli (), "--db", db, command, arg, arg2, NULL);
}

static gboolean
quick_check_passes (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  g_autofree char *uri = g_strdup_printf ("file:%s?immutable=1", path);

  /* Immutable: a read-only connection would leave -wal and -shm files. */
  sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  ok = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_ROW &&
       g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

/* 4 KB of random bytes at random places: nothing is written to the
 * archive any more, check says it is damaged, reading goes on where it
 * can, and recover copies what can be read into a new archive. The
 * archive is byte for byte what it was, in WAL mode or not. */
static void
test_damaged (Fixture       *fixture,
              gconstpointer  unused)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "files", NULL);
  g_autofree char *more = g_build_filename (fixture->dir, "more", NULL);
  g_autofree char *built = g_build_filename (fixture->dir, "built.db", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_folder (folder, "damaged", 40, 20, 120, 28);
  g_autoptr(GPtrArray) more_files = clp_safety_make_folder (more, "more", 2, 5, 20, 29);
  guint damaged = 0;

  g_assert_cmpint (cli (NULL, built, "import", folder, NULL), ==, 0);
  for (guint32 seed = 1; seed <= 6; seed++)
    {
      g_autofree char *recovered = g_strdup_printf ("%s/recovered-%u.db", fixture->dir, seed);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *listing = NULL;
      g_autofree char *listing_after = NULL;
      g_autofree char *err = NULL;
      g_autofree char *list_err = NULL;
      int status;

      remove_files (fixture->db);
      clp_safety_copy (built, fixture->db);
      if (seed % 2 == 0)
        {
          /* Not in WAL mode: an open that turned it to WAL wrote to it. */
          sqlite3 *db = NULL;

          g_assert_cmpint (sqlite3_open (fixture->db, &db), ==, SQLITE_OK);
          g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==,
                           SQLITE_OK);
          sqlite3_close (db);
        }
      clp_safety_damage (fixture->db, seed);
      if (quick_check_passes (fixture->db))
        continue;   /* the bytes fell where nothing was kept */
      damaged++;
      before = clp_safety_file_sha256 (fixture->db);
      listing = list_folder (fixture->dir);

      g_assert_cmpint (cli (&err, fixture->db, "import", more, NULL), ==, 1);
      g_assert_nonnull (strstr (err, fixture->db));
      g_assert_nonnull (strstr (err, "damaged"));
      g_assert_nonnull (strstr (err, "clippings-cli recover"));
      if (seed == 1)
        g_test_message ("%s", err);
      g_clear_pointer (&err, g_free);

      g_assert_cmpint (cli (&err, fixture->db, "check", NULL, NULL), ==, 1);
      g_assert_nonnull (strstr (err, "damaged"));
      status = cli (&list_err, fixture->db, "list", NULL, NULL);
      g_assert_true (status == 0 || strstr (list_err, "damaged") != NULL);
      status = cli (&list_err, fixture->db, "search", "harbour", NULL);
      g_assert_true (status == 0 || strstr (list_err, "damaged") != NULL);

      after = clp_safety_file_sha256 (fixture->db);
      listing_after = list_folder (fixture->dir);
      g_assert_cmpstr (before, ==, after);
      g_assert_cmpstr (listing, ==, listing_after);

      status = cli (&err, fixture->db, "recover", "-o", recovered);
      if (status != 0)
        g_test_message ("recover: %s", err);
      g_assert_cmpint (status, ==, 0);
      g_clear_pointer (&err, g_free);
      clp_safety_assert_check (recovered);
      clp_safety_assert_sound (recovered);
      after = (g_free (after), clp_safety_file_sha256 (fixture->db));
      g_assert_cmpstr (before, ==, after);
      /* The copy takes imports again. */
      g_assert_cmpint (cli (NULL, recovered, "import", more, NULL), ==, 0);
      g_assert_cmpuint (clp_safety_assert_whole (recovered, more_files), ==, more_files->len);
    }
  g_test_message ("%u of 6 damaged copies had damaged pages", damaged);
  g_assert_cmpuint (damaged, >=, 3);
}

/* An archive from a newer Clippings, and a file that is no archive: each
 * refused in words and left as it was; recover copies what the newer one
 * holds. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  unused)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "files", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autofree char *recovered = g_build_filename (fixture->dir, "recovered.db", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_folder (folder, "newer", 3, 5, 20, 30);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (cli (NULL, fixture->db, "import", folder, NULL), ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = clp_safety_file_sha256 (fixture->db);
  g_assert_cmpint (cli (&err, fixture->db, "list", NULL, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "newer version"));
  g_assert_nonnull (strstr (err, "clippings-cli recover"));
  g_test_message ("%s", err);
  g_assert_cmpint (cli (NULL, fixture->db, "recover", "-o", recovered), ==, 0);
  after = clp_safety_file_sha256 (fixture->db);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (clp_safety_assert_whole (recovered, files), ==, files->len);
  clp_safety_assert_check (recovered);

  g_file_set_contents (other, "Shopping: bread, milk.\n", -1, NULL);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  g_clear_pointer (&err, g_free);
  before = clp_safety_file_sha256 (other);
  g_assert_cmpint (cli (&err, other, "list", NULL, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not a Clippings archive"));
  g_test_message ("%s", err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (&err, other, "recover", "-o", recovered), ==, 1);
  g_assert_nonnull (strstr (err, "exists already"));
  g_clear_pointer (&err, g_free);
  g_remove (recovered);
  g_assert_cmpint (cli (&err, other, "recover", "-o", recovered), ==, 1);
  g_assert_nonnull (strstr (err, "Nothing can be read"));
  g_assert_false (clp_safety_exists (recovered));
  after = clp_safety_file_sha256 (other);
  g_assert_cmpstr (before, ==, after);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  clp_test_vfs_register ();

  g_test_add ("/safety/faults/closed-after-import", Fixture, NULL, fixture_set_up,
              test_closed_after_import, fixture_tear_down);
  g_test_add ("/safety/faults/read-only-folder", Fixture, NULL, fixture_set_up,
              test_read_only_folder, fixture_tear_down);
  g_test_add ("/safety/faults/read-only-file", Fixture, NULL, fixture_set_up,
              test_read_only_file, fixture_tear_down);
  g_test_add ("/safety/faults/locked", Fixture, NULL, fixture_set_up, test_locked,
              fixture_tear_down);
  g_test_add ("/safety/faults/damaged", Fixture, NULL, fixture_set_up, test_damaged,
              fixture_tear_down);
  g_test_add ("/safety/faults/refused", Fixture, NULL, fixture_set_up, test_refused,
              fixture_tear_down);
  g_test_add ("/safety/faults/disk-full", Fixture, NULL, fixture_set_up, test_disk_full,
              fixture_tear_down);
  g_test_add ("/safety/faults/wal-bounded", Fixture, NULL, fixture_set_up, test_wal_bounded,
              fixture_tear_down);
  return g_test_run ();
}
