/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "clp-application.h"
#include "clp-export-dialog.h"
#include "clp-article-item.h"
#include "clp-date-time-button.h"
#include "clp-gui-test-util.h"
#include "clp-import.h"
#include "clp-reference.h"
#include "clp-test-util.h"
#include "clp-filter-bar.h"
#include "clp-window.h"

/* The main window in a real display (run under xvfb-run): the list, the
 * reading view, imports, and the wall between archived text and the
 * network. */

static ClpApplication *application;

typedef struct
{
  GBytes *bytes;
  gboolean done;
} Resource;

static void
resource_data_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Resource *resource = user_data;
  gsize length = 0;
  guchar *data = webkit_web_resource_get_data_finish (WEBKIT_WEB_RESOURCE (object), result,
                                                      &length, NULL);

  resource->bytes = data != NULL ? g_bytes_new_take (data, length) : NULL;
  resource->done = TRUE;
}

static gboolean
resource_done (gpointer data)
{
  return ((Resource *) data)->done;
}

/* The document the view shows, as served. */
static char *
served_document (WebKitWebView *web_view)
{
  WebKitWebResource *main_resource = webkit_web_view_get_main_resource (web_view);
  Resource resource = { 0 };

  g_assert_nonnull (main_resource);
  webkit_web_resource_get_data (main_resource, NULL, resource_data_cb, &resource);
  clp_test_wait_until (resource_done, &resource, 10, "the served document");
  g_assert_nonnull (resource.bytes);
  {
    gsize length;
    const char *data = g_bytes_get_data (resource.bytes, &length);
    char *text = g_strndup (data, length);

    g_bytes_unref (resource.bytes);
    return text;
  }
}

/* Saves what the window shows, to look at after the test. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("CLIPPINGS_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL)
    return;
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
  g_test_message ("screenshot: %s", path);
}

typedef struct
{
  char      *dir;
  char      *db;
  ClpWindow *window;
} Fixture;

static void
import_fixture (const char *db,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpStore) store = clp_store_open (db, &error);
  g_autofree char *path = clp_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ClpImportReport) report = NULL;

  g_assert_no_error (error);
  report = clp_import_file (store, file, name, NULL, NULL, NULL);
  g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
}

/* Every test starts from the defaults, whatever the one before chose. */
static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const *names = data;

  reset_settings ();
  fixture->dir = clp_test_make_dir ();
  fixture->db = g_build_filename (fixture->dir, "archive.db", NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    import_fixture (fixture->db, names[i]);
  fixture->window = clp_window_new (GTK_APPLICATION (application), fixture->db);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  clp_test_spin (0.2);
  clp_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
}

/* Where the article whose title starts with @title is in the list. */
static guint
position_of (ClpWindow  *window,
             const char *title)
{
  GListModel *model = G_LIST_MODEL (clp_window_get_model (window));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ClpArticleItem) item = g_list_model_get_item (model, i);

      if (g_str_has_prefix (clp_article_item_get_article (item)->title, title))
        return i;
    }
  g_error ("No article “%s…” in the list", title);
}

/* The view's page is written and WebKit has loaded it. */
static gboolean
page_shown (gpointer data)
{
  ClpReadingView *view = data;

  return clp_reading_view_get_article (view) != NULL &&
         !webkit_web_view_is_loading (clp_reading_view_get_web_view (view));
}

static void
show_and_wait (ClpWindow *window,
               guint      position)
{
  ClpReadingView *view = clp_window_get_reading_view (window);
  WebKitWebView *web_view = clp_reading_view_get_web_view (view);
  ClpTestLoadWait wait;

  /* Shown already: selecting it loads nothing. Its page may still be on
   * its way from the archive, before WebKit starts loading it. */
  if (clp_reading_view_get_article_id (view) ==
      clp_article_list_model_get_id (clp_window_get_model (window), position) &&
      !webkit_web_view_is_loading (web_view))
    {
      gtk_selection_model_select_item (clp_window_get_selection (window), position, TRUE);
      clp_test_wait_until (page_shown, view, 20, "the article's page");
      return;
    }
  clp_test_load_wait_begin (&wait, web_view);
  gtk_selection_model_select_item (clp_window_get_selection (window), position, TRUE);
  clp_test_load_wait_end (&wait, 20, "the article to load");
  /* The load that ended may have been the article shown before. */
  clp_test_wait_until (page_shown, view, 20, "the article's page");
}

/* The archive with the shared sample: the list shows it, the reading view
 * shows it with escaped text and its reply nested. */
static void
test_read_article (Fixture       *fixture,
                   gconstpointer  data)
{
  ClpReadingView *view = clp_window_get_reading_view (fixture->window);
  WebKitWebView *web_view = clp_reading_view_get_web_view (view);
  WebKitSettings *settings = webkit_web_view_get_settings (web_view);
  g_autoptr(ClpArticleItem) item = NULL;
  g_autofree char *html = NULL;
  const char *reply, *parent;

  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  g_assert_cmpstr (clp_window_get_page_name (fixture->window), ==, "archive");
  item = g_list_model_get_item (G_LIST_MODEL (clp_window_get_model (fixture->window)), 0);
  g_assert_cmpstr (clp_article_item_get_article (item)->title, ==,
                   "Harbour board delays vote on night ferry timetable");

  show_and_wait (fixture->window, 0);
  g_assert_true (g_str_has_prefix (webkit_web_view_get_uri (web_view), "clippings://article/"));
  html = served_document (web_view);
  g_assert_nonnull (strstr (html, "<h1 dir=\"auto\">Harbour board delays vote on night ferry timetable</h1>"));
  g_assert_nonnull (strstr (html, "&lt;b&gt;Bold&lt;/b&gt; claims &amp; no data."));
  g_assert_null (strstr (html, "<b>Bold</b>"));
  g_assert_nonnull (strstr (html, "Reader comments (6)"));
  parent = strstr (html, "J. Okafor</span>");
  reply = strstr (html, "<ol class=\"replies\">");
  g_assert_nonnull (parent);
  g_assert_nonnull (reply);
  g_assert_true (parent < reply);
  g_assert_nonnull (strstr (html, "ناصر"));

  /* The settings that keep the page inert. */
  g_assert_false (webkit_settings_get_enable_javascript (settings));
  g_assert_false (webkit_settings_get_enable_javascript_markup (settings));
  g_assert_true (webkit_network_session_is_ephemeral (webkit_web_view_get_network_session (web_view)));

  clp_test_spin (0.5);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-window.png");
}

/* A loopback HTTP server that counts every connection it gets. */
typedef struct
{
  GSocketService *service;
  guint16         port;
  int             connections;
} Server;

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             Server            *server)
{
  server->connections++;
  return FALSE;
}

static void
server_start (Server *server)
{
  g_autoptr(GError) error = NULL;

  server->service = g_socket_service_new ();
  server->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (server->service), NULL,
                                                      &error);
  g_assert_no_error (error);
  g_signal_connect (server->service, "incoming", G_CALLBACK (incoming_cb), server);
  g_socket_service_start (server->service);
}

static void
server_stop (Server *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_clear_object (&server->service);
}

/* Whatever a page holds, nothing leaves the view: the loopback server
 * sees no request for images, stylesheets, frames, backgrounds, scripts,
 * media, or a navigation to it. */
static void
test_no_network (Fixture       *fixture,
                 gconstpointer  data)
{
  ClpReadingView *view = clp_window_get_reading_view (fixture->window);
  WebKitWebView *web_view = clp_reading_view_get_web_view (view);
  Server server = { 0 };
  g_autofree char *page = NULL;
  g_autofree char *base = NULL;
  ClpTestLoadWait wait;

  server_start (&server);
  base = g_strdup_printf ("http://127.0.0.1:%u", server.port);

  /* A control: the server does count a real connection. */
  {
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) connection =
      g_socket_client_connect_to_host (client, "127.0.0.1", server.port, NULL, NULL);

    g_assert_nonnull (connection);
    clp_test_spin (0.3);
    g_assert_cmpint (server.connections, ==, 1);
    server.connections = 0;
  }

  page = g_strdup_printf ("<!DOCTYPE html><html><head>"
                          "<link rel=\"stylesheet\" href=\"%1$s/style.css\">"
                          "<style>@import url(%1$s/import.css); "
                          "body { background: url(%1$s/background.png) }</style>"
                          "<script src=\"%1$s/script.js\"></script>"
                          "<link rel=\"prefetch\" href=\"%1$s/prefetch\">"
                          "<link rel=\"dns-prefetch\" href=\"%1$s\">"
                          "<meta http-equiv=\"refresh\" content=\"0; url=%1$s/refresh\">"
                          "</head><body>"
                          "<img src=\"%1$s/image.png\">"
                          "<iframe src=\"%1$s/frame.html\"></iframe>"
                          "<video src=\"%1$s/video.webm\" autoplay></video>"
                          "<object data=\"%1$s/object\"></object>"
                          "<div style=\"background-image: url(%1$s/div.png)\">x</div>"
                          "<form action=\"%1$s/form\"><input type=\"image\" src=\"%1$s/input.png\"></form>"
                          "<a href=\"%1$s/link\">a link</a>"
                          "</body></html>", base);

  clp_test_load_wait_begin (&wait, web_view);
  clp_reading_view_serve_html (view, page);
  clp_test_load_wait_end (&wait, 20, "the hostile page to load");
  clp_test_spin (2.0);
  g_assert_cmpint (server.connections, ==, 0);

  /* A navigation to the web is never made by the view itself. */
  webkit_web_view_load_uri (web_view, base);
  clp_test_spin (2.0);
  g_assert_cmpint (server.connections, ==, 0);

  server_stop (&server);
}

/* An archived comment with a link to the server and an article shown with
 * it: no request either. */
static void
test_no_network_from_article (Fixture       *fixture,
                              gconstpointer  data)
{
  Server server = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *html = NULL;
  ClpReadingView *view = clp_window_get_reading_view (fixture->window);

  server_start (&server);
  text = g_strdup_printf ("Linked page\n\nPublished: May 1, 2020\n\nSee http://127.0.0.1:%u/article "
                          "<img src=\"http://127.0.0.1:%u/x.png\">\n\nReader Comments (1)\n\n"
                          "  \u2022 Ann\n    May 1, 2020 - 1:00PM\n\n"
                          "    <img src=http://127.0.0.1:%u/y.png> and http://127.0.0.1:%u/z\n",
                          server.port, server.port, server.port, server.port);
  path = clp_test_write_file (fixture->dir, "linked.txt", text, -1);
  file = g_file_new_for_path (path);

  clp_window_import (fixture->window, &file, 1, TRUE);
  clp_test_wait_until (clp_test_not_importing, fixture->window, 20, "the import");
  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  show_and_wait (fixture->window, 0);
  html = served_document (clp_reading_view_get_web_view (view));
  /* The markup a reader typed is text; the address is a link the view
   * never follows itself. */
  g_assert_nonnull (strstr (html, "&lt;img src=<a href=\"http://127.0.0.1:"));
  g_assert_null (strstr (html, "<img"));
  clp_test_spin (2.0);
  g_assert_cmpint (server.connections, ==, 0);
  server_stop (&server);
}

static gboolean
page_is_empty (gpointer data)
{
  return g_strcmp0 (clp_window_get_page_name (CLP_WINDOW (data)), "empty") == 0;
}

/* An empty archive says what Clippings does and offers the samples; an
 * import keeps the selection in place and reveals what came in. */
static void
test_empty_and_import (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkSelectionModel *selection;
  g_autofree char *ferry = clp_test_data_path ("ferry.txt");
  g_autofree char *threads = clp_test_data_path ("threads.txt");
  g_autoptr(GFile) ferry_file = g_file_new_for_path (ferry);
  g_autoptr(GFile) threads_file = g_file_new_for_path (threads);
  g_autoptr(ClpArticleItem) first = NULL;
  g_autoptr(ClpArticleItem) selected = NULL;

  clp_test_wait_until (page_is_empty, fixture->window, 20, "the empty page");
  clp_test_spin (0.5);
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-empty.png");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-samples", NULL);
  clp_test_wait_until (clp_test_not_importing, fixture->window, 20, "the samples import");
  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the samples in the list");
  g_assert_cmpstr (clp_window_get_page_name (fixture->window), ==, "archive");

  /* Three samples, newest first: Marsh Lane (2021-09), North Pier
   * (2020-06), the Ledger (2019-03). Select North Pier, then import an
   * article that sorts above it. */
  selection = clp_window_get_selection (fixture->window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 3);
  gtk_selection_model_select_item (selection, 1, TRUE);
  first = g_list_model_get_item (G_LIST_MODEL (selection), 1);

  clp_window_import (fixture->window, &threads_file, 1, FALSE);
  clp_test_wait_until (clp_test_not_importing, fixture->window, 20, "the import");
  clp_test_wait_until (clp_test_list_idle, fixture->window, 20, "the reload");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 4);
  /* threads.txt (2021-04) sorts above North Pier, which moved down a row
   * and is still the one selected. */
  g_assert_false (gtk_selection_model_is_selected (selection, 1));
  g_assert_true (gtk_selection_model_is_selected (selection, 2));
  selected = g_list_model_get_item (G_LIST_MODEL (selection), 2);
  g_assert_true (selected == first);

  /* The same page as a sample again: nothing new, nothing moves. */
  clp_window_import (fixture->window, &ferry_file, 1, FALSE);
  clp_test_wait_until (clp_test_not_importing, fixture->window, 20, "the second import");
  clp_test_wait_until (clp_test_list_idle, fixture->window, 20, "the reload");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 4);
  g_assert_true (gtk_selection_model_is_selected (selection, 2));
}

static gint64
shown_id (ClpWindow *window)
{
  return clp_reading_view_get_article_id (clp_window_get_reading_view (window));
}

static const char *
title_at (ClpWindow *window,
          guint      position)
{
  g_autoptr(ClpArticleItem) item = g_list_model_get_item (G_LIST_MODEL (clp_window_get_model (window)),
                                                          position);

  return clp_article_item_get_article (item)->title;
}

/* Articles that land in several places of the list at once: each takes
 * its place, and the selected row stays selected. */
static void
test_import_scattered (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkSelectionModel *selection;
  g_autofree char *folder = g_build_filename (fixture->dir, "new", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(ClpArticleItem) ferry = NULL;
  g_autoptr(ClpArticleItem) selected = NULL;
  ClpArticleListModel *model;

  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  model = clp_window_get_model (fixture->window);
  selection = clp_window_get_selection (fixture->window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  /* Newest first: threads (2021), no-comments (2020), ferry (2019),
   * truncated (2018). */
  gtk_selection_model_select_item (selection, 2, TRUE);
  ferry = g_list_model_get_item (G_LIST_MODEL (model), 2);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_free (clp_test_write_file (folder, "summer.txt",
                               "Pier lights stay on all summer\n\nThe pier lights stay on.\n\n"
                               "Published in The Coastal Ledger, June 1st, 2020.\n", -1));
  g_free (clp_test_write_file (folder, "quota.txt",
                               "Quota talks open in June\n\nThe talks open on Monday.\n\n"
                               "Published in The Coastal Ledger, June 1st, 2018.\n", -1));
  clp_window_import (fixture->window, &file, 1, FALSE);
  clp_test_wait_until (clp_test_not_importing, fixture->window, 20, "the import");
  clp_test_wait_until (clp_test_list_idle, fixture->window, 20, "the reload");
  clp_test_spin (0.3);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 6);
  g_assert_cmpstr (title_at (fixture->window, 1), ==, "Pier lights stay on all summer");
  g_assert_cmpstr (title_at (fixture->window, 4), ==, "Quota talks open in June");
  g_assert_true (gtk_selection_model_is_selected (selection, 3));
  selected = g_list_model_get_item (G_LIST_MODEL (model), 3);
  g_assert_true (selected == ferry);
}

static gboolean
has_six_rows (gpointer window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (clp_window_get_model (window))) == 6;
}

/* Another program imports into the archive the window has open: the new
 * articles show within a second or so, in their places, and the selected
 * row stays selected. */
static void
test_import_by_another_program (Fixture       *fixture,
                                gconstpointer  data)
{
  GtkSelectionModel *selection;
  g_autofree char *folder = g_build_filename (fixture->dir, "new", NULL);
  g_autoptr(ClpArticleItem) ferry = NULL;
  g_autoptr(ClpArticleItem) selected = NULL;
  g_autoptr(GError) error = NULL;
  ClpArticleListModel *model;
  gint64 start;
  int status;

  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  model = clp_window_get_model (fixture->window);
  selection = clp_window_get_selection (fixture->window);
  gtk_selection_model_select_item (selection, 2, TRUE);
  ferry = g_list_model_get_item (G_LIST_MODEL (model), 2);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_free (clp_test_write_file (folder, "summer.txt",
                               "Pier lights stay on all summer\n\nThe pier lights stay on.\n\n"
                               "Published in The Coastal Ledger, June 1st, 2020.\n", -1));
  g_free (clp_test_write_file (folder, "quota.txt",
                               "Quota talks open in June\n\nThe talks open on Monday.\n\n"
                               "Published in The Coastal Ledger, June 1st, 2018.\n", -1));
  {
    const char *argv[] = { g_getenv ("CLIPPINGS_CLI"), "--db", fixture->db, "import", folder,
                            NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                 NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  start = g_get_monotonic_time ();
  clp_test_wait_until (has_six_rows, fixture->window, 5, "the articles imported elsewhere");
  g_test_message ("imported elsewhere, listed after %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1500 * 1000);
  clp_test_wait_until (clp_test_list_idle, fixture->window, 20, "the reload");

  g_assert_cmpstr (title_at (fixture->window, 1), ==, "Pier lights stay on all summer");
  g_assert_cmpstr (title_at (fixture->window, 4), ==, "Quota talks open in June");
  g_assert_true (gtk_selection_model_is_selected (selection, 3));
  selected = g_list_model_get_item (G_LIST_MODEL (model), 3);
  g_assert_true (selected == ferry);
}

/* Alt+Down and Alt+Up move through the list; a header click sorts in
 * SQL. */
static void
test_navigate_and_sort (Fixture       *fixture,
                        gconstpointer  data)
{
  ClpArticleListModel *model;
  GtkColumnView *column_view = NULL;
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) title_column = NULL;
  gint64 first, second;

  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  model = clp_window_get_model (fixture->window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.next-article", NULL);
  first = shown_id (fixture->window);
  g_assert_cmpint (first, ==, clp_article_list_model_get_id (model, 0));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.next-article", NULL);
  second = shown_id (fixture->window);
  g_assert_cmpint (second, ==, clp_article_list_model_get_id (model, 1));
  g_assert_true (gtk_selection_model_is_selected (clp_window_get_selection (fixture->window), 1));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.previous-article", NULL);
  g_assert_cmpint (shown_id (fixture->window), ==, first);

  /* Default order: newest first. */
  g_assert_cmpstr (title_at (fixture->window, 0), ==, "Council approves bike lanes on Quay Street");

  /* Find the column view and click "Title" the way a header click does. */
  column_view = GTK_COLUMN_VIEW (clp_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_COLUMN_VIEW));
  g_assert_nonnull (column_view);
  columns = gtk_column_view_get_columns (column_view);
  title_column = g_list_model_get_item (columns, 0);
  gtk_column_view_sort_by_column (column_view, title_column, GTK_SORT_ASCENDING);
  clp_test_wait_until (clp_test_list_idle, fixture->window, 20, "the sorted list");
  clp_test_spin (0.2);
  clp_test_wait_until (clp_test_list_idle, fixture->window, 20, "the sorted list");
  g_assert_cmpstr (title_at (fixture->window, 0), ==, "Council approves bike lanes on Quay Street");
  g_assert_cmpstr (title_at (fixture->window, 1), ==, "Fishing quota talks stall again");
  g_assert_cmpstr (title_at (fixture->window, 3), ==, "Tide tables for the spring season");

  gtk_column_view_sort_by_column (column_view, title_column, GTK_SORT_DESCENDING);
  clp_test_spin (0.2);
  clp_test_wait_until (clp_test_list_idle, fixture->window, 20, "the sorted list");
  g_assert_cmpstr (title_at (fixture->window, 0), ==, "Tide tables for the spring season");
}

static ClpExportDialog *
find_export_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CLP_IS_EXPORT_DIALOG (window))
        return CLP_EXPORT_DIALOG (window);
    }
  return NULL;
}

static gboolean
no_export_dialog (gpointer data)
{
  return find_export_dialog () == NULL;
}

static void
exported_cb (ClpExportDialog *dialog,
             const char      *message,
             const char      *uri,
             char           **said)
{
  *said = g_strdup (message);
}

/* Exports as a user makes them: pick a format in the dialog, let it write,
 * get told where. */
static char *
export_with_dialog (const char *format_label,
                    GFile      *target)
{
  ClpExportDialog *dialog = find_export_dialog ();
  AdwComboRow *row;
  GListModel *formats;
  char *said = NULL;

  g_assert_nonnull (dialog);
  row = ADW_COMBO_ROW (clp_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW));
  formats = adw_combo_row_get_model (row);
  for (guint i = 0; i < g_list_model_get_n_items (formats); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (formats), i), format_label))
      adw_combo_row_set_selected (row, i);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &said);
  clp_export_dialog_export_to (dialog, target);
  clp_test_wait_until (no_export_dialog, NULL, 60, "the export");
  return said;
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  GtkSelectionModel *selection;
  g_autofree char *csv_path = g_build_filename (fixture->dir, "picked.csv", NULL);
  g_autofree char *json_path = g_build_filename (fixture->dir, "thread.json", NULL);
  g_autofree char *pdf_path = g_build_filename (fixture->dir, "picked.pdf", NULL);
  g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
  g_autoptr(GFile) json = g_file_new_for_path (json_path);
  g_autoptr(GFile) pdf = g_file_new_for_path (pdf_path);
  g_autofree char *said = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) rows = NULL;

  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  selection = clp_window_get_selection (fixture->window);

  /* Two of the four articles, by Ctrl-click: threads.txt (7) and ferry (6). */
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL);
  g_assert_nonnull (find_export_dialog ());
  clp_test_spin (0.5);
  save_screenshot (GTK_WIDGET (find_export_dialog ()), "screenshot-export.png");
  said = export_with_dialog ("CSV spreadsheet", csv);
  g_assert_cmpstr (said, ==, "Exported to picked.csv");
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  rows = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 1 + 7 + 6 + 1);

  /* One comment's thread from the reading view: Ada, Ben's reply, Ada's
   * answer and Chen. */
  show_and_wait (fixture->window, 0);
  {
    ClpReadingView *view = clp_window_get_reading_view (fixture->window);
    g_autofree char *html = served_document (clp_reading_view_get_web_view (view));
    const char *link = strstr (html, "clippings://action/export-thread?comment=");
    g_autofree char *uri = NULL;
    g_autofree char *exported = NULL;

    g_assert_nonnull (link);
    uri = g_strndup (link, strchr (link, '"') - link);
    g_signal_emit_by_name (view, "action", uri);
    g_assert_nonnull (find_export_dialog ());
    g_clear_pointer (&said, g_free);
    said = export_with_dialog ("Clippings JSON", json);
    g_assert_true (g_file_get_contents (json_path, &exported, NULL, NULL));
    g_assert_nonnull (strstr (exported, "\"author\" : \"Ada\""));
    g_assert_nonnull (strstr (exported, "\"author\" : \"Ben\""));
    g_assert_nonnull (strstr (exported, "\"author\" : \"Chen\""));
    g_assert_null (strstr (exported, "nobody-in-particular"));
    g_assert_null (strstr (exported, "ANTANU"));
  }

  /* The same selection as a PDF. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL);
  g_clear_pointer (&said, g_free);
  said = export_with_dialog ("PDF document", pdf);
  g_assert_cmpstr (said, ==, "Exported to picked.pdf");
  {
    g_autofree char *command = g_strdup_printf ("pdfinfo '%s'", pdf_path);
    g_autofree char *info = NULL;
    int status = 0;

    if (g_spawn_command_line_sync (command, &info, NULL, &status, NULL) && status == 0)
      g_assert_nonnull (strstr (info, "Pages:"));
  }
}

static gboolean
is_check_button_labelled (GtkWidget     *widget,
                          gconstpointer  label)
{
  return GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

static gboolean
is_label_saying (GtkWidget     *widget,
                 gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static void
set_search (ClpWindow  *window,
            const char *text)
{
  GtkEditable *entry = GTK_EDITABLE (clp_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY));

  gtk_editable_set_text (entry, text);
  /* The entry waits a moment for more typing. */
  clp_test_spin (0.5);
  clp_test_wait_until (clp_test_list_idle, window, 20, "the search");
}

static gboolean
load_finished (gpointer data)
{
  return ((ClpTestLoadWait *) data)->finished;
}

/* Does what @search or @action say (a search, or a link in the view) and
 * returns the page the view shows once it holds @expected. The view loads
 * in the background, maybe more than once; a page without @expected after
 * every load within the time allowed fails the test. */
static char *
change_and_read (ClpWindow  *window,
                 const char *search,
                 const char *action,
                 const char *expected)
{
  ClpReadingView *view = clp_window_get_reading_view (window);
  WebKitWebView *web_view = clp_reading_view_get_web_view (view);
  ClpTestLoadWait wait;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  char *html = NULL;

  clp_test_load_wait_begin (&wait, web_view);
  if (search != NULL)
    set_search (window, search);
  if (action != NULL)
    g_signal_emit_by_name (view, "action", action);
  for (;;)
    {
      clp_test_wait_until (load_finished, &wait, 20, "the view to show the search");
      wait.finished = FALSE;
      g_free (html);
      html = served_document (web_view);
      if (strstr (html, expected) != NULL || g_get_monotonic_time () > deadline)
        break;
    }
  g_signal_handler_disconnect (web_view, wait.handler);
  return html;
}

/* Find every comment by one author; a mistake explains itself; a time
 * window keeps the comments a reply answers, dimmed. */
static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  ClpArticleListModel *model;
  ClpReadingView *view = clp_window_get_reading_view (fixture->window);
  GtkWidget *entry;
  g_autoptr(ClpArticleItem) item = NULL;
  g_autofree char *html = NULL;

  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  model = clp_window_get_model (fixture->window);
  entry = clp_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY);

  /* Every comment by Marit, whatever the case she signed with. */
  set_search (fixture->window, "author:MARIT");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (clp_article_item_get_article (item)->title, ==,
                   "Harbour board delays vote on night ferry timetable");
  show_and_wait (fixture->window, 0);
  html = served_document (clp_reading_view_get_web_view (view));
  g_assert_nonnull (strstr (html, "<span class=\"author\" dir=\"auto\"><mark>Marit</mark></span>"));
  g_assert_cmpuint (clp_reading_view_get_n_matches (view), ==, 2);
  g_clear_pointer (&html, g_free);

  /* Words are marked in text, escaped first. */
  html = change_and_read (fixture->window, "cannery", NULL, "<mark>cannery</mark>");
  g_assert_nonnull (strstr (html, "the <mark>cannery</mark>."));
  g_assert_cmpuint (clp_reading_view_get_n_matches (view), ==, 1);
  g_clear_pointer (&html, g_free);

  /* A mistake typed after the words: a message in plain words, and the
   * list stays as it was. */
  {
    int end = -1;

    gtk_editable_insert_text (GTK_EDITABLE (entry), " autor:marit", -1, &end);
    clp_test_spin (0.5);
    clp_test_wait_until (clp_test_list_idle, fixture->window, 20, "the search");
  }
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  /* The message is one of the window's labels. */
  g_assert_nonnull (clp_test_find_widget_where (GTK_WIDGET (fixture->window), is_label_saying,
                                                "Unknown field 'autor:' — did you mean author:?"));
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-search-error.png");

  /* Nothing matches: said in the list, not the empty-archive page. */
  set_search (fixture->window, "zeppelin");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpstr (clp_window_get_page_name (fixture->window), ==, "archive");

  set_search (fixture->window, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
}

static void
test_comment_filters (Fixture       *fixture,
                      gconstpointer  data)
{
  ClpArticleListModel *model;
  ClpReadingView *view = clp_window_get_reading_view (fixture->window);
  g_autofree char *html = NULL;
  GtkWidget *all;

  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  model = clp_window_get_model (fixture->window);
  show_and_wait (fixture->window, position_of (fixture->window, "Harbour board"));
  html = served_document (clp_reading_view_get_web_view (view));
  /* The timeline's bars link to their hours. */
  g_assert_nonnull (strstr (html, "clippings://action/filter?from=2019-03-13T22:00&amp;to=2019-03-13T22:59"));
  g_clear_pointer (&html, g_free);

  /* A click on the 22:00 bar: Marit's 22:31 reply passes; J. Okafor's
   * 22:05 comment it answers is before the window and stays, dimmed. */
  html = change_and_read (fixture->window, NULL,
                          "clippings://action/filter?from=2019-03-13T22:30&to=2019-03-13T22:59",
                          "Reader comments (1 of 6)");
  g_assert_nonnull (strstr (html, "Reader comments (1 of 6)"));
  g_assert_nonnull (strstr (html, "<li class=\"comment context\""));
  g_assert_nonnull (strstr (html, "J. Okafor</span>"));
  g_assert_nonnull (strstr (html, "Fair point"));
  g_assert_null (strstr (html, "Finally some common sense."));
  save_screenshot (GTK_WIDGET (fixture->window), "screenshot-filters.png");

  /* Applied to all articles, the list keeps those with a comment in the
   * window. */
  all = clp_test_find_widget_where (GTK_WIDGET (fixture->window), is_check_button_labelled,
                                    "Apply to _All Articles");
  g_assert_nonnull (all);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (all), TRUE);
  clp_test_spin (0.2);
  clp_test_wait_until (clp_test_list_idle, fixture->window, 20, "the filtered list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  gtk_widget_activate_action (clp_test_find_widget (GTK_WIDGET (fixture->window),
                                                    CLP_TYPE_FILTER_BAR),
                              "filter-bar.clear", NULL);
  clp_test_spin (0.2);
  clp_test_wait_until (clp_test_list_idle, fixture->window, 20, "the list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
}

/* A timeline bar that starts elsewhere but ends where the filter ends
 * moves the filter: one end changing is enough. */
static void
test_comment_period_one_end (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *html = NULL;

  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  show_and_wait (fixture->window, position_of (fixture->window, "Harbour board"));
  html = change_and_read (fixture->window, NULL,
                          "clippings://action/filter?from=2019-03-13T22:30&to=2019-03-13T22:59",
                          "Reader comments (1 of 6)");
  g_assert_nonnull (strstr (html, "Reader comments (1 of 6)"));
  g_clear_pointer (&html, g_free);

  /* J. Okafor's 22:05 comment comes in with Marit's reply. */
  html = change_and_read (fixture->window, NULL,
                          "clippings://action/filter?from=2019-03-13T22:00&to=2019-03-13T22:59",
                          "Reader comments (2 of 6)");
  g_assert_nonnull (strstr (html, "Reader comments (2 of 6)"));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GString    *said)
{
  g_string_append_printf (said, "%s;", pspec->name);
}

/* A reload refreshes every row it holds: a cell is told only of what
 * changed, so unchanged rows are not laid out again. */
static void
test_item_update (void)
{
  g_autoptr(ClpArticle) article = clp_article_new ();
  g_autoptr(ClpArticle) same = clp_article_new ();
  g_autoptr(ClpArticle) more = clp_article_new ();
  g_autoptr(ClpArticleItem) item = NULL;
  g_autoptr(GString) said = g_string_new (NULL);

  article->id = same->id = more->id = 7;
  article->title = g_strdup ("Ferry fares rise");
  same->title = g_strdup ("Ferry fares rise");
  more->title = g_strdup ("Ferry fares rise");
  article->published = g_strdup ("2019-03-14");
  same->published = g_strdup ("2019-03-14");
  more->published = g_strdup ("2019-03-14");
  article->comment_count = same->comment_count = 3;
  more->comment_count = 2;
  more->declared_comment_count = 4;
  item = clp_article_item_new (article);
  g_signal_connect (item, "notify", G_CALLBACK (count_notify_cb), said);

  clp_article_item_update (item, same);
  g_assert_cmpstr (said->str, ==, "");
  clp_article_item_update (item, more);
  g_assert_cmpstr (said->str, ==, "comments;incomplete;");
}

/* A day picked with no time, or only spaces typed in the time field,
 * starts at midnight; as the end of a period it runs to the day's end. */
static void
test_date_time_button_no_time (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  ClpDateTimeButton *from = g_object_new (CLP_TYPE_DATE_TIME_BUTTON, NULL);
  ClpDateTimeButton *to = g_object_new (CLP_TYPE_DATE_TIME_BUTTON, "end-of-period", TRUE, NULL);
  GtkWidget *from_entry, *to_entry;

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (from));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (to));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  clp_date_time_button_set_value (from, "2019-03-14T09:30");
  clp_date_time_button_set_value (to, "2019-03-14T09:30");
  /* The popovers are made when they first open; they show the value set
   * before. */
  g_assert_null (clp_test_find_widget (GTK_WIDGET (from), GTK_TYPE_ENTRY));
  gtk_menu_button_popup (GTK_MENU_BUTTON (clp_test_find_widget (GTK_WIDGET (from),
                                                                GTK_TYPE_MENU_BUTTON)));
  gtk_menu_button_popup (GTK_MENU_BUTTON (clp_test_find_widget (GTK_WIDGET (to),
                                                                GTK_TYPE_MENU_BUTTON)));
  from_entry = clp_test_find_widget (GTK_WIDGET (from), GTK_TYPE_ENTRY);
  to_entry = clp_test_find_widget (GTK_WIDGET (to), GTK_TYPE_ENTRY);
  g_assert_nonnull (from_entry);
  g_assert_nonnull (to_entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (from_entry)), ==, "09:30");

  gtk_editable_set_text (GTK_EDITABLE (from_entry), "  ");
  g_signal_emit_by_name (from_entry, "activate");
  g_assert_cmpstr (clp_date_time_button_get_value (from), ==, "2019-03-14T00:00");
  gtk_editable_set_text (GTK_EDITABLE (to_entry), "  ");
  g_signal_emit_by_name (to_entry, "activate");
  g_assert_cmpstr (clp_date_time_button_get_value (to), ==, "2019-03-14T23:59");
  gtk_editable_set_text (GTK_EDITABLE (to_entry), " 9:05pm ");
  g_signal_emit_by_name (to_entry, "activate");
  g_assert_cmpstr (clp_date_time_button_get_value (to), ==, "2019-03-14T21:05");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A file that is not an archive is shown as an error and left as it was. */
static void
test_not_an_archive (void)
{
  g_autofree char *dir = clp_test_make_dir ();
  g_autofree char *path = clp_test_write_file (dir, "notes.db",
                                               "Not a database, but my notes. Padding padding "
                                               "padding padding padding padding padding padding.",
                                               -1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  ClpWindow *window;

  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  window = clp_window_new (GTK_APPLICATION (application), path);
  gtk_window_present (GTK_WINDOW (window));
  clp_test_spin (0.5);
  g_assert_cmpstr (clp_window_get_page_name (window), ==, "error");
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  save_screenshot (GTK_WIDGET (window), "screenshot-error.png");
  gtk_window_destroy (GTK_WINDOW (window));
  clp_test_remove_dir (dir);
}

static guint
count_files (const char *dir,
             gboolean    hidden)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if ((name[0] == '.') == hidden)
      n++;
  return n;
}

static gboolean
first_pdf_landed (gpointer dir)
{
  return count_files (dir, FALSE) > 0;
}

/* Cancel while the PDFs of one file per article print: the one printing
 * stops, the others never start, no temporary file is left, and nothing
 * says the export failed. */
static void
test_export_cancel_pdf (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *out = g_build_filename (fixture->dir, "pdfs", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (out);
  ClpExportDialog *dialog;
  guint landed;

  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  g_settings_set_string (settings, "export-format", "pdf");
  g_settings_set_boolean (settings, "export-split", TRUE);
  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  gtk_selection_model_select_all (clp_window_get_selection (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL);
  dialog = find_export_dialog ();
  g_assert_nonnull (dialog);
  clp_export_dialog_export_to (dialog, folder);
  clp_test_wait_until (first_pdf_landed, out, 60, "the first PDF");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.cancel", NULL);
  g_assert_null (find_export_dialog ());
  landed = count_files (out, FALSE);
  g_assert_cmpuint (landed, <, 4);
  /* Long enough for the others to print, were they printed. */
  clp_test_spin (6);
  g_assert_cmpuint (count_files (out, FALSE), ==, landed);
  g_assert_cmpuint (count_files (out, TRUE), ==, 0);
  /* Cancelling is not failing: no message about it. */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

        g_assert_false (ADW_IS_MESSAGE_DIALOG (window));
      }
  }
}

/* One PDF per article names its files as the other formats do: two of
 * one title are "Title.pdf" and "Title (2).pdf", not one file twice. */
static void
test_export_pdf_names (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *out = g_build_filename (fixture->dir, "pdfs", NULL);
  g_autofree char *first = g_build_filename (out, "Harbour board delays vote on night ferry timetable.pdf", NULL);
  g_autofree char *second = g_build_filename (out, "Harbour board delays vote on night ferry timetable (2).pdf", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (out);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  ClpExportDialog *dialog;
  char *said = NULL;
  gint64 id;

  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  g_settings_set_string (settings, "export-format", "pdf");
  g_settings_set_boolean (settings, "export-split", TRUE);
  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  id = clp_article_list_model_get_id (clp_window_get_model (fixture->window), 0);
  g_array_append_val (ids, id);
  g_array_append_val (ids, id);
  dialog = clp_export_dialog_new (GTK_WINDOW (fixture->window),
                                  clp_window_get_archive (fixture->window), ids, NULL, NULL);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &said);
  gtk_window_present (GTK_WINDOW (dialog));
  clp_export_dialog_export_to (dialog, folder);
  clp_test_wait_until (no_export_dialog, NULL, 60, "the export");
  g_assert_cmpstr (said, ==, "Exported 2 files");
  g_free (said);
  g_assert_true (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (second, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (out, FALSE), ==, 2);
}

static gboolean
is_label_showing (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* Names from a search, a file or an archive's path are shown as written
 * where libadwaita reads markup: a toast, a row's subtitle, a status page. */
static void
test_markup_in_names (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *target_path = g_build_filename (fixture->dir, "Tom & Jerry <1>.csv", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (target_path);
  g_autofree char *said = NULL;
  g_autofree char *notes = NULL;
  ClpWindow *broken;

  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  set_search (fixture->window, "ferry OR \"R&D <lab>\"");
  gtk_selection_model_select_item (clp_window_get_selection (fixture->window), 0, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL);
  g_assert_nonnull (find_export_dialog ());
  /* The filters row names the search. */
  g_assert_nonnull (clp_test_find_widget_where (GTK_WIDGET (find_export_dialog ()),
                                                is_label_containing, "\"R&D <lab>\""));
  said = export_with_dialog ("CSV spreadsheet", target);
  g_assert_cmpstr (said, ==, "Exported to Tom & Jerry <1>.csv");
  g_assert_true (g_file_test (target_path, G_FILE_TEST_EXISTS));
  clp_test_spin (0.2);
  g_assert_nonnull (clp_test_find_widget_where (GTK_WIDGET (fixture->window), is_label_showing,
                                                said));

  notes = clp_test_write_file (fixture->dir, "R&D <notes>.db",
                               "Not a database, but my notes. Padding padding padding padding "
                               "padding padding padding padding.", -1);
  broken = clp_window_new (GTK_APPLICATION (application), notes);
  gtk_window_present (GTK_WINDOW (broken));
  clp_test_spin (0.5);
  g_assert_cmpstr (clp_window_get_page_name (broken), ==, "error");
  g_assert_nonnull (clp_test_find_widget_where (GTK_WIDGET (broken), is_label_containing,
                                                "R&D <notes>.db"));
  gtk_window_destroy (GTK_WINDOW (broken));
}

/* The window comes back at the size it was closed at. */
static void
test_window_state (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  ClpWindow *again;
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 600);
  clp_test_spin (0.3);
  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);

  again = clp_window_new (GTK_APPLICATION (application), fixture->db);
  gtk_window_get_default_size (GTK_WINDOW (again), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 600);
  fixture->window = again;
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

/* What a comment's link in the reading view puts on the clipboard. */
static char *
copy_with_link (ClpWindow  *window,
                const char *html,
                const char *action,
                gint64      comment_id)
{
  ClpReadingView *view = clp_window_get_reading_view (window);
  g_autofree char *uri = g_strdup_printf ("clippings://action/%s?comment=%" G_GINT64_FORMAT,
                                          action, comment_id);
  ClipboardRead read = { 0 };

  /* The link is on the page, as the reader would click it. */
  g_assert_nonnull (strstr (html, uri));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "");
  g_signal_emit_by_name (view, "action", uri);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 clipboard_read_cb, &read);
  clp_test_wait_until (clipboard_read_done, &read, 5, "the clipboard");
  return read.text;
}

/* Copy Reference and Copy as Quotation: the reference is the one exports
 * write and ref: finds; the quotation names author, time, article,
 * source, and holds the text and the reference. */
static void
test_copy_comment (Fixture       *fixture,
                   gconstpointer  data)
{
  ClpReadingView *view = clp_window_get_reading_view (fixture->window);
  g_autoptr(ClpStore) store = clp_store_open (fixture->db, NULL);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(ClpArticle) article = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(ClpQuery) query = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *html = NULL;
  g_autofree char *key = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *quotation = NULL;
  g_autofree char *search = NULL;
  ClpComment *okafor;

  clp_test_wait_until (clp_test_list_ready, fixture->window, 20, "the article list");
  show_and_wait (fixture->window, 0);
  html = served_document (clp_reading_view_get_web_view (view));

  ids = clp_store_list_article_ids (store, CLP_ARTICLE_ORDER_IMPORTED, FALSE, NULL, NULL);
  article = clp_store_load_article (store, g_array_index (ids, gint64, 0), NULL);
  comments = clp_store_load_comments (store, article->id, NULL);
  okafor = clp_test_find_comment (comments, "J. Okafor", 0);
  key = clp_reference_for_article (article);
  expected = clp_reference_for_comment (key, okafor);
  /* Shown beside the links, on hover. */
  g_assert_nonnull (strstr (html, expected));

  reference = copy_with_link (fixture->window, html, "copy-reference", okafor->id);
  g_assert_cmpstr (reference, ==, expected);
  search = g_strdup_printf ("ref:%s", reference);
  query = clp_query_parse (search, NULL);
  hits = clp_store_search (store, query, CLP_SEARCH_ORDER_NEWEST, 0, 10, NULL, NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((ClpSearchHit *) g_ptr_array_index (hits, 0))->comment_id, ==, okafor->id);

  quotation = copy_with_link (fixture->window, html, "copy-quotation", okafor->id);
  g_assert_true (g_str_has_prefix (quotation, "“I work the late shift at the cannery."));
  g_assert_nonnull (strstr (quotation, "Please count us too.”\n— J. Okafor, Mar 13, 2019, 10:05 PM"));
  g_assert_nonnull (strstr (quotation, "“Harbour board delays vote on night ferry timetable”"));
  g_assert_nonnull (strstr (quotation, "The Coastal Ledger"));
  g_assert_true (g_str_has_suffix (quotation, reference) ||
                 g_str_has_suffix (g_strchomp (quotation), reference));
}

int
main (int    argc,
      char **argv)
{
  static const char * const sample[] = { "ferry.txt", NULL };
  static const char * const four[] = { "ferry.txt", "threads.txt", "no-comments.txt",
                                       "truncated.txt", NULL };
  static const char * const none[] = { NULL };
  g_autoptr(GError) error = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  application = clp_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, data, func) \
  g_test_add ("/gui/window/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("read-article", sample, test_read_article);
  ADD ("no-network", sample, test_no_network);
  ADD ("no-network-from-article", none, test_no_network_from_article);
  ADD ("empty-and-import", none, test_empty_and_import);
  ADD ("navigate-and-sort", four, test_navigate_and_sort);
  ADD ("import-scattered", four, test_import_scattered);
  ADD ("import-by-another-program", four, test_import_by_another_program);
  ADD ("window-state", sample, test_window_state);
  ADD ("export", four, test_export);
  ADD ("search", four, test_search);
  ADD ("comment-filters", four, test_comment_filters);
  ADD ("comment-period-one-end", four, test_comment_period_one_end);
  ADD ("markup-in-names", sample, test_markup_in_names);
  ADD ("export-cancel-pdf", four, test_export_cancel_pdf);
  ADD ("export-pdf-names", sample, test_export_pdf_names);
  ADD ("copy-comment", sample, test_copy_comment);
#undef ADD
  g_test_add_func ("/gui/window/not-an-archive", test_not_an_archive);
  g_test_add_func ("/gui/article-item/update", test_item_update);
  g_test_add_func ("/gui/date-time-button/no-time", test_date_time_button_no_time);

  return g_test_run ();
}
