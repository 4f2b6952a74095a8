/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window-faults"

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <sqlite3.h>

#include "clp-application.h"
#include "clp-gui-test-util.h"
#include "clp-safety-util.h"
#include "clp-window.h"

/* What the window offers when it cannot open an archive: Try Again when
 * another program holds it, Recover for one a newer Clippings made. */

static ClpApplication *application;

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

static gboolean
left_loading (gpointer window)
{
  return g_strcmp0 (clp_window_get_page_name (window), "loading") != 0;
}

static char *
make_archive (const char *dir)
{
  g_autofree char *folder = g_build_filename (dir, "files", NULL);
  g_autoptr(GPtrArray) files = clp_safety_make_folder (folder, "window", 2, 5, 20, 41);
  char *db = g_build_filename (dir, "archive.db", NULL);

  g_assert_cmpint (clp_safety_run (NULL, NULL, clp_safety_cli (), "--db", db, "import", folder,
                                   NULL), ==, 0);
  return db;
}

/* Held by the sqlite3 shell, in rollback mode, where a lock keeps readers
 * out too: the window says who holds it and offers to try again, which
 * works once the shell lets go. */
static void
test_locked (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clippings-window-XXXXXX", &error);
  g_autofree char *db = make_archive (dir);
  g_autofree char *line = NULL;
  g_autofree char *named = NULL;
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GDataInputStream) holder_out = NULL;
  const char *lock = "PRAGMA journal_mode = DELETE;\nBEGIN EXCLUSIVE;\nSELECT 'held';\n";
  GtkWidget *retry;
  ClpWindow *window;

  holder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                             &error, "sqlite3", db, NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (holder), lock, strlen (lock), NULL,
                             NULL, &error);
  holder_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder));
  do
    {
      g_free (line);
      line = g_data_input_stream_read_line (holder_out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
    }
  while (!g_str_equal (line, "held"));

  window = clp_window_new (GTK_APPLICATION (application), db);
  gtk_window_present (GTK_WINDOW (window));
  clp_test_wait_until (left_loading, window, 30, "the archive to fail to open");
  g_assert_cmpstr (clp_window_get_page_name (window), ==, "error");
  named = g_strdup_printf ("sqlite3 (process %s)", g_subprocess_get_identifier (holder));
  g_assert_nonnull (clp_test_find_widget_where (GTK_WIDGET (window), is_label_containing, named));
  retry = clp_test_find_widget_where (GTK_WIDGET (window), is_button_labelled, "_Try Again");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_has_focus (retry));
  g_assert_null (clp_test_find_widget_where (GTK_WIDGET (window), is_button_labelled,
                                             "_Recover Into a New Archive…"));

  g_output_stream_close (g_subprocess_get_stdin_pipe (holder), NULL, NULL);
  g_subprocess_wait (holder, NULL, NULL);
  g_assert_true (gtk_widget_is_sensitive (retry));
  /* A button shows itself pressed for a moment before it acts. */
  g_assert_true (gtk_widget_activate (retry));
  clp_test_spin (0.5);
  clp_test_wait_until (left_loading, window, 30, "the archive to open");
  if (g_str_equal (clp_window_get_page_name (window), "error"))
    g_error ("still cannot open: %s",
             adw_status_page_get_description (ADW_STATUS_PAGE (clp_test_find_widget (
               GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE))));
  clp_test_wait_until (clp_test_list_ready, window, 30, "the list");

  gtk_window_destroy (GTK_WINDOW (window));
  clp_test_spin (0.2);
  clp_safety_assert_sound (db);
}

/* Made by a newer Clippings: refused, with Recover offered. */
static void
test_newer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clippings-window-XXXXXX", &error);
  g_autofree char *db = make_archive (dir);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *recover;
  ClpWindow *window;
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA user_version = 99", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (handle);
  before = clp_safety_file_sha256 (db);

  window = clp_window_new (GTK_APPLICATION (application), db);
  gtk_window_present (GTK_WINDOW (window));
  clp_test_wait_until (left_loading, window, 30, "the archive to fail to open");
  g_assert_cmpstr (clp_window_get_page_name (window), ==, "error");
  g_assert_nonnull (clp_test_find_widget_where (GTK_WIDGET (window), is_label_containing,
                                                "newer version"));
  recover = clp_test_find_widget_where (GTK_WIDGET (window), is_button_labelled,
                                        "_Recover Into a New Archive…");
  g_assert_nonnull (recover);
  g_assert_true (gtk_widget_has_focus (recover));
  g_assert_null (clp_test_find_widget_where (GTK_WIDGET (window), is_button_labelled,
                                             "_Try Again"));
  gtk_window_destroy (GTK_WINDOW (window));
  clp_test_spin (0.2);
  after = clp_safety_file_sha256 (db);
  g_assert_cmpstr (before, ==, after);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  application = clp_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/safety/window/locked", test_locked);
  g_test_add_func ("/safety/window/newer", test_newer);
  return g_test_run ();
}
