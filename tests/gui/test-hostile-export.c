/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <webkit/webkit.h>

#include "clp-gui-test-util.h"
#include "clp-hostile-corpus.h"
#include "clp-loopback-server.h"
#include "clp-test-util.h"

/* The hostile corpus exported as HTML and PDF, with every address in it
 * pointing at a loopback server that counts connections. The HTML is
 * opened as a reader would open the file: in a browser's web view, with
 * JavaScript on. It must load nothing and run nothing: the corpus's
 * scripts would set the page's title to "pwned". */

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
run_cli (const char *db,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("CLIPPINGS_CLI"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  /* Waited for in the main loop: the loopback server answers meanwhile. */
  g_subprocess_wait_async (process, NULL, wait_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static gboolean
title_is_control (gpointer web_view)
{
  return g_strcmp0 (webkit_web_view_get_title (web_view), "control") == 0;
}

static void
test_export (void)
{
  ClpLoopbackServer server = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *out = clp_test_make_dir ();
  g_autofree char *db = g_build_filename (out, "archive.db", NULL);
  g_autofree char *html = g_build_filename (out, "hostile.html", NULL);
  g_autofree char *pdf = g_build_filename (out, "hostile.pdf", NULL);
  g_autofree char *uri = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(WebKitNetworkSession) session = webkit_network_session_new_ephemeral ();
  GtkWidget *window = gtk_window_new ();
  WebKitWebView *web_view;
  ClpTestLoadWait wait;

  clp_loopback_server_start (&server);
  dir = clp_hostile_corpus_prepare (server.origin);
  files = clp_hostile_corpus_files (dir);
  /* The files that reach for the network; the large ones, which only
   * cost time here, are shown in the reading view by test-hostile-view. */
  for (guint i = 0; files[i] != NULL; i++)
    if (strstr (files[i], "/hostile") != NULL)
      run_cli (db, "import", files[i], NULL);
  run_cli (db, "export", "--format", "html", "--hidden", "-o", html, NULL);
  g_test_message ("exported");

  web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "network-session", session, NULL);
  g_assert_true (webkit_settings_get_enable_javascript (webkit_web_view_get_settings (web_view)));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (web_view));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));

  /* A control: in this view, a script does change the title. */
  clp_test_load_wait_begin (&wait, web_view);
  webkit_web_view_load_html (web_view, "<title>before</title>"
                             "<script>document.title = 'control'</script>", NULL);
  clp_test_load_wait_end (&wait, 20, "the control page to load");
  clp_test_wait_until (title_is_control, web_view, 20, "the control script to run");

  uri = g_filename_to_uri (html, NULL, NULL);
  g_test_message ("loading %s", uri);
  clp_test_load_wait_begin (&wait, web_view);
  webkit_web_view_load_uri (web_view, uri);
  clp_test_load_wait_end (&wait, 120, "the HTML export to load");
  /* Time for whatever a page would do once loaded: a refresh, a lazy
   * image, a prefetch. */
  clp_test_spin (3.0);
  g_assert_cmpstr (webkit_web_view_get_title (web_view), !=, "pwned");
  g_assert_null (strstr (webkit_web_view_get_title (web_view), "pwned"));
  g_assert_cmpint (server.connections, ==, 0);

  g_test_message ("printing the PDF");
  /* The PDF is the same HTML, printed by WebKit. */
  run_cli (db, "export", "--format", "pdf", "--hidden", "-o", pdf, NULL);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  clp_test_spin (1.0);
  g_assert_cmpint (server.connections, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  clp_loopback_server_stop (&server);
  clp_test_remove_dir (dir);
  clp_test_remove_dir (out);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gui/hostile/export", test_export);
  return g_test_run ();
}
