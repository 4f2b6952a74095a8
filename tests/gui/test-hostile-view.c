/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-application.h"
#include "clp-article-item.h"
#include "clp-gui-test-util.h"
#include "clp-hostile-corpus.h"
#include "clp-import.h"
#include "clp-loopback-server.h"
#include "clp-test-util.h"
#include "clp-window.h"

/* The hostile corpus in the real reading view (run under xvfb-run), every
 * address in it pointing at a loopback server that counts connections:
 * each article shown makes no request, runs no script (the corpus's
 * scripts would set the page's title to "pwned"; it stays the article's),
 * and nothing crashes.
 * The window is driven only by what a reader does: it is opened on an
 * archive, and each article is selected in turn. */

static ClpApplication *application;

static void
import_corpus (const char *db,
               const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpStore) store = clp_store_open (db, &error);
  g_auto(GStrv) files = clp_hostile_corpus_files (dir);

  g_assert_no_error (error);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (files[i]);
      g_autofree char *name = g_path_get_basename (files[i]);
      g_autoptr(ClpImportReport) report = clp_import_file (store, file, name, NULL, NULL, NULL);

      g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
    }
}

typedef struct
{
  WebKitWebView *web_view;
  const char    *title;
} Expected;

/* The title comes with the page, a moment after it has loaded. */
static gboolean
shows_title (gpointer data)
{
  Expected *expected = data;

  return g_strcmp0 (webkit_web_view_get_title (expected->web_view), expected->title) == 0;
}

static void
test_reading_view (void)
{
  ClpLoopbackServer server = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *out = clp_test_make_dir ();
  g_autofree char *db = g_build_filename (out, "archive.db", NULL);
  ClpWindow *window;
  GtkSelectionModel *selection;
  WebKitWebView *web_view;
  guint n_articles;

  clp_loopback_server_start (&server);
  dir = clp_hostile_corpus_prepare (server.origin);
  import_corpus (db, dir);

  window = clp_window_new (GTK_APPLICATION (application), db);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));
  clp_test_wait_until (clp_test_list_ready, window, 30, "the article list");

  selection = clp_window_get_selection (window);
  web_view = clp_reading_view_get_web_view (clp_window_get_reading_view (window));
  n_articles = g_list_model_get_n_items (G_LIST_MODEL (selection));
  g_assert_cmpuint (n_articles, ==, 12);

  for (guint i = 0; i < n_articles; i++)
    {
      g_autoptr(ClpArticleItem) item = g_list_model_get_item (G_LIST_MODEL (selection), i);
      const char *title;
      ClpTestLoadWait wait;
      Expected expected;

      g_test_message ("showing “%s”", clp_article_item_get_article (item)->title);
      clp_test_load_wait_begin (&wait, web_view);
      gtk_selection_model_select_item (selection, i, TRUE);
      clp_test_load_wait_end (&wait, 60, "the article to load");
      expected.web_view = web_view;
      expected.title = clp_article_item_get_article (item)->title;
      clp_test_wait_until (shows_title, &expected, 30, "the article's title");
      clp_test_spin (1.0);

      /* The page's title is the article's, which for some holds the very
       * script that would change it. */
      title = webkit_web_view_get_title (web_view);
      g_assert_cmpstr (title, ==, clp_article_item_get_article (item)->title);
      g_assert_cmpint (server.connections, ==, 0);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  clp_test_spin (0.2);
  clp_loopback_server_stop (&server);
  clp_test_remove_dir (dir);
  clp_test_remove_dir (out);
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

  g_test_add_func ("/gui/hostile/reading-view", test_reading_view);
  return g_test_run ();
}
