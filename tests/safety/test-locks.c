/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-locks"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>

#include "clp-archive.h"
#include "clp-import-job.h"
#include "clp-safety-util.h"
#include "clp-search-request.h"
#include "clp-store-locks.h"

/* An open archive keeps its locks whatever other code in the process
 * does with the archive's files (clp-store-locks.c). GTK's file chooser
 * reads the first bytes of each file it lists to guess its type, and
 * closing those descriptors dropped the process's POSIX locks: a
 * `clippings-cli list` then took itself for the only user and deleted the
 * -wal and -shm files under the open archive. */

static char *
title_of (ClpSafetyFile *file)
{
  const char *tail = file->url + strlen ("https://news.example/");
  g_autofree char *tag = g_strdup (tail);
  char *slash = strrchr (tag, '/');

  *slash = '\0';
  return g_strdup_printf ("Safety %s %s", tag, slash + 1);
}

/* What the file chooser does to each file it lists. */
static void
look_at_like_a_file_chooser (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
}

/* Files of the archive this process holds open but that are gone. */
static guint
count_deleted (const char *db)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint deleted = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_has_prefix (target, db) && strstr (target, "(deleted)") != NULL)
        {
          g_test_message ("deleted under the open archive: %s", target);
          deleted++;
        }
    }
  return deleted;
}

static guint
count_articles (ClpArchive *archive)
{
  g_autoptr(ClpSearchRequest) request = clp_search_request_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = clp_archive_list_article_ids (archive, request, 0, G_MAXUINT, NULL,
                                                        &error);

  g_assert_no_error (error);
  return ids->len;
}

static void
import_here (ClpArchive    *archive,
             ClpSafetyFile *file)
{
  g_autoptr(GFile) gfile = g_file_new_for_path (file->path);
  g_autoptr(ClpImportJob) job = clp_import_job_new (archive, &gfile, 1);
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;

  reports = clp_import_job_run (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_cmpint (((ClpImportReport *) reports->pdata[0])->outcome, ==,
                   CLP_IMPORT_OUTCOME_IMPORTED);
}

static char *
cli_list (const char *db)
{
  char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (clp_safety_run (&out, &err, clp_safety_cli (), "--db", db, "list", NULL), ==,
                   0);
  return out;
}

/* The scenario; returns how many files were deleted under the archive
 * and whether each side saw the other's import. */
static void
run_scenario (gboolean with_fix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clippings-locks-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "archive.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *folder = g_build_filename (dir, "files", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_folder (folder, "locks", 3, 5, 20, 7);
  g_autoptr(ClpArchive) archive = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *title_cli = title_of (files->pdata[1]);
  g_autofree char *title_here = title_of (files->pdata[2]);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_no_error (error);
  if (!with_fix)
    {
      sqlite3_vfs *unix_vfs = sqlite3_vfs_find ("unix");

      /* Installed once per process; a NULL puts SQLite's own calls back. */
      g_assert_true (clp_store_locks_install ());
      g_assert_cmpint (unix_vfs->xSetSystemCall (unix_vfs, "fcntl", NULL), ==, SQLITE_OK);
      g_assert_cmpint (unix_vfs->xSetSystemCall (unix_vfs, "close", NULL), ==, SQLITE_OK);
    }

  archive = clp_archive_open (db, CLP_ARCHIVE_OPEN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  import_here (archive, files->pdata[0]);
  g_assert_cmpuint (count_articles (archive), ==, 1);
  g_assert_true (clp_safety_exists (wal) && clp_safety_exists (shm));

  look_at_like_a_file_chooser (db);
  look_at_like_a_file_chooser (wal);
  look_at_like_a_file_chooser (shm);

  g_free (cli_list (db));
  g_assert_cmpint (clp_safety_run (NULL, NULL, clp_safety_cli (), "--db", db, "import",
                                   ((ClpSafetyFile *) files->pdata[1])->path, NULL), ==, 0);

  g_assert_cmpuint (count_deleted (db), ==, 0);
  g_assert_true (clp_safety_exists (wal) && clp_safety_exists (shm));
  /* The other program's import is seen here... */
  g_assert_cmpuint (count_articles (archive), ==, 2);
  /* ...and this one's there. */
  import_here (archive, files->pdata[2]);
  listed = cli_list (db);
  g_assert_nonnull (strstr (listed, title_cli));
  g_assert_nonnull (strstr (listed, title_here));
  g_assert_cmpuint (count_articles (archive), ==, 3);

  g_clear_object (&archive);
  clp_safety_assert_sound (db);
  g_assert_cmpuint (clp_safety_assert_whole (db, files), ==, 3);
  g_assert_cmpint (system (command), ==, 0);
}

static void
test_file_chooser (void)
{
  run_scenario (TRUE);
}

/* The same with SQLite's own POSIX locks: it fails, which shows that the
 * test above tests the fix. */
static void
test_without_fix (void)
{
  if (g_test_subprocess ())
    {
      run_scenario (FALSE);
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*ERROR*");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/safety/locks/file-chooser", test_file_chooser);
  g_test_add_func ("/safety/locks/without-fix", test_without_fix);
  return g_test_run ();
}
