/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-application.h"
#include "clp-article-item.h"
#include "clp-export-dialog.h"
#include "clp-filter-bar.h"
#include "clp-gui-test-util.h"
#include "clp-import.h"
#include "clp-test-util.h"
#include "clp-window.h"

/* The window under real hands: every step here is a click or a key press
 * that xdotool sends the X server, as a person's mouse and keyboard
 * would, never a call of the model or an action the user would reach by
 * clicking. Run under xvfb-run, with xdotool installed (`make check`
 * installs it). */

static ClpApplication *application;

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
  clp_test_wait_until (clp_test_list_idle, fixture->window, 20, "the article list");
  clp_test_spin (0.3);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Dialogs the test left open go with the window. */
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (window != GTK_WINDOW (fixture->window) && gtk_window_get_transient_for (window) != NULL)
        gtk_window_destroy (window);
    }
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  clp_test_spin (0.2);
  clp_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
}

static const char *
title_at (ClpWindow *window,
          guint      position)
{
  g_autoptr(ClpArticleItem) item =
    g_list_model_get_item (G_LIST_MODEL (clp_window_get_model (window)), position);

  return clp_article_item_get_article (item)->title;
}

static gboolean
is_label_showing (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The title cell of the row at @position, to click. */
static GtkWidget *
row_label (ClpWindow *window,
           guint      position)
{
  GtkWidget *list = clp_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
  GtkWidget *label = clp_test_find_widget_where (list, is_label_showing, title_at (window, position));

  g_assert_nonnull (label);
  return label;
}

static gint64
shown_id (ClpWindow *window)
{
  return clp_reading_view_get_article_id (clp_window_get_reading_view (window));
}

static gboolean
is_selected (ClpWindow *window,
             guint      position)
{
  return gtk_selection_model_is_selected (clp_window_get_selection (window), position);
}

/* Ctrl+click adds a row to the selection and takes it out again;
 * Shift+click selects the rows between. */
static void
test_ctrl_and_shift_click (Fixture       *fixture,
                           gconstpointer  data)
{
  ClpWindow *window = fixture->window;

  clp_test_click (row_label (window, 0), 1, NULL);
  g_assert_true (is_selected (window, 0));
  clp_test_click (row_label (window, 2), 1, "ctrl");
  g_assert_true (is_selected (window, 0));
  g_assert_false (is_selected (window, 1));
  g_assert_true (is_selected (window, 2));
  /* The article just picked is the one shown. */
  g_assert_cmpint (shown_id (window), ==,
                   clp_article_list_model_get_id (clp_window_get_model (window), 2));

  clp_test_click (row_label (window, 0), 1, "ctrl");
  g_assert_false (is_selected (window, 0));
  g_assert_true (is_selected (window, 2));

  /* From the row clicked last to the one Shift+clicked, and no other. */
  clp_test_click (row_label (window, 1), 1, NULL);
  clp_test_click (row_label (window, 3), 1, "shift");
  g_assert_false (is_selected (window, 0));
  g_assert_true (is_selected (window, 1));
  g_assert_true (is_selected (window, 2));
  g_assert_true (is_selected (window, 3));
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
export_dialog_shown (gpointer data)
{
  return find_export_dialog () != NULL;
}

static gboolean
is_popover_showing (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_POPOVER (widget) && gtk_widget_get_visible (widget);
}

/* The row a widget is in: the list view's child above it. */
static GtkWidget *
row_of (GtkWidget *widget)
{
  while (widget != NULL && !GTK_IS_LIST_VIEW (gtk_widget_get_parent (widget)))
    widget = gtk_widget_get_parent (widget);
  return widget;
}

/* A right click picks the row under the pointer, and the menu's Export…
 * exports that article; once the menu has closed, only that row looks
 * picked: it has the selection and the focus. */
static void
test_right_click_export (Fixture       *fixture,
                         gconstpointer  data)
{
  ClpWindow *window = fixture->window;
  GtkWidget *list = clp_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
  GtkWidget *popover, *item, *focus;
  ClpExportDialog *dialog;

  clp_test_click (row_label (window, 0), 1, NULL);
  clp_test_click (row_label (window, 2), 3, NULL);
  g_assert_false (is_selected (window, 0));
  g_assert_true (is_selected (window, 2));
  popover = clp_test_find_widget_where (list, is_popover_showing, NULL);
  g_assert_nonnull (popover);

  item = clp_test_find_widget_where (popover, is_label_showing, "Export…");
  g_assert_nonnull (item);
  clp_test_click (item, 1, NULL);
  clp_test_wait_until (export_dialog_shown, NULL, 5, "the export dialog");
  dialog = find_export_dialog ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Export 1 Article");

  clp_test_keys (GTK_WIDGET (dialog), "Escape");
  g_assert_null (find_export_dialog ());
  g_assert_false (is_selected (window, 0));
  g_assert_true (is_selected (window, 2));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (row_of (focus) == row_of (row_label (window, 2)));

  /* From the keyboard: Shift+F10 opens the menu on the focused row. */
  g_assert_false (gtk_widget_get_visible (popover));
  clp_test_keys (GTK_WIDGET (window), "shift+F10");
  g_assert_nonnull (clp_test_find_widget_where (list, is_popover_showing, NULL));
  clp_test_keys (GTK_WIDGET (window), "Escape");

  /* A right click inside a selection of two keeps both. */
  clp_test_click (row_label (window, 1), 1, "ctrl");
  clp_test_click (row_label (window, 1), 3, NULL);
  g_assert_true (is_selected (window, 1));
  g_assert_true (is_selected (window, 2));
  clp_test_keys (GTK_WIDGET (window), "Escape");
}

static WebKitWebView *
web_view_of (ClpWindow *window)
{
  return clp_reading_view_get_web_view (clp_window_get_reading_view (window));
}

/* Clicks a row and waits for its article to be shown. */
static void
click_row_and_wait (ClpWindow *window,
                    guint      position)
{
  ClpTestLoadWait wait;

  clp_test_load_wait_begin (&wait, web_view_of (window));
  clp_test_click (row_label (window, position), 1, NULL);
  clp_test_load_wait_end (&wait, 20, "the article to load");
}

static guint
position_of (ClpWindow  *window,
             const char *title)
{
  GListModel *model = G_LIST_MODEL (clp_window_get_model (window));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_has_prefix (title_at (window, i), title))
      return i;
  g_error ("No article “%s…” in the list", title);
}

static gboolean
focus_in (ClpWindow *window,
          gpointer   widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

typedef struct
{
  ClpWindow *window;
  gint64     id;
} Shown;

static gboolean
shows (gpointer data)
{
  Shown *shown = data;

  return shown_id (shown->window) == shown->id;
}

static void
wait_shown (ClpWindow *window,
            guint      position)
{
  Shown shown = { window, clp_article_list_model_get_id (clp_window_get_model (window), position) };

  clp_test_wait_until (shows, &shown, 5, "the article to be shown");
}

static GtkRevealer *
filter_revealer (ClpWindow *window)
{
  GtkWidget *bar = clp_test_find_widget (GTK_WIDGET (window), CLP_TYPE_FILTER_BAR);

  return GTK_REVEALER (gtk_widget_get_parent (bar));
}

static gboolean
focus_in_bar (gpointer window)
{
  return focus_in (window, filter_revealer (window));
}

/* Alt+Up and Alt+Down step through the list from the reading view too;
 * F6 and Shift+F6 go round the list, the article and the search; Escape
 * closes the filter bar. */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  ClpWindow *window = fixture->window;
  GtkWidget *web_view = GTK_WIDGET (web_view_of (window));
  GtkWidget *list = clp_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
  GtkWidget *search = clp_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);

  click_row_and_wait (window, 1);
  /* The row clicked keeps the keyboard: Down goes on down the list. */
  g_assert_true (focus_in (window, list));
  clp_test_keys (GTK_WIDGET (window), "Down");
  wait_shown (window, 2);
  clp_test_keys (GTK_WIDGET (window), "Up");
  wait_shown (window, 1);
  /* Into the page, where the keys went to the web view alone. */
  clp_test_click_at (web_view, 40, 40, 1, NULL);
  g_assert_true (focus_in (window, web_view));
  clp_test_keys (GTK_WIDGET (window), "alt+Down");
  wait_shown (window, 2);
  g_assert_true (is_selected (window, 2));
  clp_test_keys (GTK_WIDGET (window), "alt+Up alt+Up");
  wait_shown (window, 0);
  g_assert_true (is_selected (window, 0));

  /* From the view, F6 goes to the search, then the list, then the view. */
  clp_test_click_at (web_view, 40, 40, 1, NULL);
  clp_test_keys (GTK_WIDGET (window), "F6");
  g_assert_true (focus_in (window, search));
  clp_test_keys (GTK_WIDGET (window), "F6");
  g_assert_true (focus_in (window, list));
  clp_test_keys (GTK_WIDGET (window), "F6");
  g_assert_true (focus_in (window, web_view));
  clp_test_keys (GTK_WIDGET (window), "shift+F6");
  g_assert_true (focus_in (window, list));

  /* The filter bar opens with its shortcut and closes with Escape; the
   * focus goes back to the list. */
  clp_test_keys (GTK_WIDGET (window), "ctrl+shift+f");
  g_assert_true (gtk_revealer_get_reveal_child (filter_revealer (window)));
  clp_test_wait_until (focus_in_bar, window, 5, "the filter bar to take the focus");
  clp_test_keys (GTK_WIDGET (window), "Escape");
  g_assert_false (gtk_revealer_get_reveal_child (filter_revealer (window)));
  g_assert_true (focus_in (window, list));
}

static gboolean
child_revealed (gpointer revealer)
{
  return gtk_revealer_get_child_revealed (revealer);
}

static gboolean
completion_shows (gpointer data)
{
  GtkWidget *entry = data;
  GtkWidget *popover = clp_test_find_widget_where (entry, is_popover_showing, NULL);

  return popover != NULL && clp_test_find_widget_where (popover, is_label_showing, "Marit") != NULL;
}

static gboolean
two_comments_pass (gpointer data)
{
  return clp_reading_view_get_n_matches (clp_window_get_reading_view (data)) == 2;
}

/* The author entry completes names as they are typed and filters once
 * the typing stops, without Enter. */
static void
test_author_completion (Fixture       *fixture,
                        gconstpointer  data)
{
  ClpWindow *window = fixture->window;
  GtkWidget *entry;

  click_row_and_wait (window, position_of (window, "Harbour board"));
  clp_test_keys (GTK_WIDGET (window), "ctrl+shift+f");
  /* The bar slides in; a click waits for it to stand still. */
  clp_test_wait_until (child_revealed, filter_revealer (window), 5, "the filter bar");
  entry = GTK_WIDGET (clp_filter_bar_get_author_entry (CLP_FILTER_BAR (clp_test_find_widget (GTK_WIDGET (window),
                                                                                             CLP_TYPE_FILTER_BAR))));
  clp_test_click (entry, 1, NULL);
  clp_test_type (GTK_WIDGET (window), "mar");
  clp_test_wait_until (completion_shows, entry, 5, "Marit among the names");

  clp_test_type (GTK_WIDGET (window), "it");
  clp_test_wait_until (two_comments_pass, window, 5, "Marit's two comments to pass the filter");

  /* Escape puts the names away first, then closes the bar. */
  clp_test_keys (GTK_WIDGET (window), "Escape");
  g_assert_true (gtk_revealer_get_reveal_child (filter_revealer (window)));
  g_assert_null (clp_test_find_widget_where (entry, is_popover_showing, NULL));
  clp_test_keys (GTK_WIDGET (window), "Escape");
  g_assert_false (gtk_revealer_get_reveal_child (filter_revealer (window)));
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_menu_button_labelled (GtkWidget     *widget,
                         gconstpointer  label)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)), label) == 0;
}

static gboolean
has_tooltip (GtkWidget     *widget,
             gconstpointer  text)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0;
}

/* The whole of @widget is on screen, inside the window. */
static void
assert_inside (ClpWindow *window,
               GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpfloat (bounds.size.width, >, 0);
}

static void
check_narrow (ClpWindow *window,
              int        width,
              guint      row)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (clp_test_find_widget (GTK_WIDGET (window), ADW_TYPE_LEAFLET));
  GtkWidget *bar = clp_test_find_widget (GTK_WIDGET (window), CLP_TYPE_FILTER_BAR);
  GtkWidget *back;
  graphene_rect_t title;

  clp_test_resize (GTK_WINDOW (window), width, 700);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, width);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
  /* The title takes what the other columns leave. */
  g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_parent (row_label (window, 0)), GTK_WIDGET (window),
                                            &title));
  g_assert_cmpfloat (title.size.width, >=, width / 2.0);
  assert_inside (window, clp_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY));

  /* A row brings its article forward; the back button goes back. */
  click_row_and_wait (window, row);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "view");
  clp_test_spin (0.5);
  back = clp_test_find_widget_where (GTK_WIDGET (window), has_tooltip, "Back to the List (Alt+Left)");
  g_assert_nonnull (back);
  assert_inside (window, back);

  /* The filter bar wraps: its last controls stay in the window. */
  clp_test_click (clp_test_find_widget_where (GTK_WIDGET (window), has_tooltip,
                                              "Filter Comments (Ctrl+Shift+F)"), 1, NULL);
  clp_test_wait_until (child_revealed, filter_revealer (window), 5, "the filter bar");
  assert_inside (window, clp_test_find_widget_where (bar, is_button_labelled, "_Clear"));
  assert_inside (window, clp_test_find_widget_where (bar, is_menu_button_labelled, "_Articles…"));
  clp_test_keys (GTK_WIDGET (window), "Escape");

  clp_test_click (back, 1, NULL);
  clp_test_spin (0.5);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
}

/* At 600 and at 360 pixels the window shows one pane at a time, every
 * control fits, and the list's title has the room; wide again, the list
 * and the article sit side by side. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (clp_test_find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_LEAFLET));

  check_narrow (fixture->window, 600, 1);
  check_narrow (fixture->window, 360, 2);
  clp_test_resize (GTK_WINDOW (fixture->window), 1200, 700);
  g_assert_false (adw_leaflet_get_folded (leaflet));
}

typedef struct
{
  ClpWindow  *window;
  const char *title;
} Listed;

/* The list is done with the search and shows only the article titled so. */
static gboolean
lists_only (gpointer data)
{
  Listed *listed = data;
  GListModel *model = G_LIST_MODEL (clp_window_get_model (listed->window));

  return clp_test_list_idle (listed->window) && g_list_model_get_n_items (model) == 1 &&
         g_str_has_prefix (title_at (listed->window, 0), listed->title);
}

static gboolean
lists_nothing (gpointer window)
{
  return clp_test_list_idle (window) &&
         g_list_model_get_n_items (G_LIST_MODEL (clp_window_get_model (window))) == 0;
}

/* A search that leaves the article shown out of the list shows the first
 * article it lists, and nothing when it lists none. */
static void
test_view_follows_search (Fixture       *fixture,
                          gconstpointer  data)
{
  ClpWindow *window = fixture->window;
  Listed bikes = { window, "Council approves bike lanes" };

  click_row_and_wait (window, position_of (window, "Harbour board"));
  clp_test_keys (GTK_WIDGET (window), "ctrl+f");
  clp_test_type (GTK_WIDGET (window), "bike");
  clp_test_wait_until (lists_only, &bikes, 10, "the search to list the bike lanes");
  wait_shown (window, 0);
  g_assert_true (is_selected (window, 0));

  clp_test_keys (GTK_WIDGET (window), "ctrl+a");
  clp_test_type (GTK_WIDGET (window), "zeppelin");
  clp_test_wait_until (lists_nothing, window, 10, "the search to list nothing");
  clp_test_spin (0.3);
  g_assert_nonnull (clp_test_find_widget_where (GTK_WIDGET (window), is_label_showing,
                                                "No Article Selected"));
}

typedef struct
{
  const char *prefix;
  double      pointer_y;  /* where the pointer is over the web view */
  double      found_y;    /* where it was when it came on the link */
  gboolean    found;
} Target;

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           Target                   *target)
{
  target->pointer_y = y;
}

static void
mouse_target_cb (WebKitWebView       *web_view,
                 WebKitHitTestResult *hit,
                 guint                modifiers,
                 Target              *target)
{
  if (!target->found && webkit_hit_test_result_context_is_link (hit) &&
      g_str_has_prefix (webkit_hit_test_result_get_link_uri (hit), target->prefix))
    {
      target->found = TRUE;
      target->found_y = target->pointer_y;
    }
}

static gboolean
target_found (gpointer data)
{
  return ((Target *) data)->found;
}

/* Moves the pointer down the page at @x, as a reader's hand would, until
 * WebKit says it is on a link that starts with @prefix; the wheel scrolls
 * the page on when this screen has none. Returns where. */
static gboolean
find_link (WebKitWebView *web_view,
           double         x,
           const char    *prefix,
           double        *y_found)
{
  Target target = { prefix, 0, 0, FALSE };
  GtkEventController *motion = gtk_event_controller_motion_new ();
  gulong handler = g_signal_connect (web_view, "mouse-target-changed", G_CALLBACK (mouse_target_cb),
                                     &target);
  int height = gtk_widget_get_height (GTK_WIDGET (web_view));

  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), &target);
  gtk_widget_add_controller (GTK_WIDGET (web_view), motion);
  for (int screen = 0; screen < 6 && !target.found; screen++)
    {
      if (screen > 0)
        clp_test_wheel (GTK_WIDGET (web_view), x, height / 2.0, 4);
      /* Bars are 28 pixels tall at least (half the tallest). */
      clp_test_move_along (GTK_WIDGET (web_view), x, 8, height - 8, 8, target_found, &target);
    }
  g_signal_handler_disconnect (web_view, handler);
  gtk_widget_remove_controller (GTK_WIDGET (web_view), motion);
  *y_found = target.found_y;
  g_test_message ("link found: %d at %g", target.found, target.found_y);
  return target.found;
}

static gboolean
fragment_set (gpointer data)
{
  const char *uri = webkit_web_view_get_uri (data);

  return uri != NULL && strstr (uri, "#c") != NULL;
}

/* A click on a bar of the timeline filters the comments to its hour, and
 * the view goes to the first comment that passes, not back to the top of
 * the article above them. Clear leaves the reader at that comment. */
static void
test_timeline_click (Fixture       *fixture,
                     gconstpointer  data)
{
  ClpWindow *window = fixture->window;
  WebKitWebView *web_view = web_view_of (window);
  GtkWidget *bar = clp_test_find_widget (GTK_WIDGET (window), CLP_TYPE_FILTER_BAR);
  ClpTestLoadWait wait;
  double y = 0;
  const char *uri;
  g_autofree char *comment = NULL;

  click_row_and_wait (window, position_of (window, "Harbour board"));
  /* The first bar is at the left end of the timeline, under the text's
   * left edge (28 pixels of margin). */
  g_assert_true (find_link (web_view, 31, "clippings://action/filter?", &y));
  clp_test_load_wait_begin (&wait, web_view);
  clp_test_click_at (GTK_WIDGET (web_view), 31, y, 1, NULL);
  clp_test_load_wait_end (&wait, 20, "the filtered page");
  g_assert_true (gtk_revealer_get_reveal_child (filter_revealer (window)));
  clp_test_wait_until (fragment_set, web_view, 5, "the view to go to the first comment that passes");
  uri = webkit_web_view_get_uri (web_view);
  comment = g_strdup (strstr (uri, "#c"));
  g_assert_cmpuint (clp_reading_view_get_n_matches (clp_window_get_reading_view (window)), >, 0);

  /* Clear: every comment again, and the view at the same comment. */
  clp_test_wait_until (child_revealed, filter_revealer (window), 5, "the filter bar");
  clp_test_load_wait_begin (&wait, web_view);
  clp_test_click (clp_test_find_widget_where (bar, is_button_labelled, "_Clear"), 1, NULL);
  clp_test_load_wait_end (&wait, 20, "the page without filters");
  g_assert_true (g_str_has_suffix (webkit_web_view_get_uri (web_view), comment));
}

static GtkWindow *
find_window_titled (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (window), title) == 0 && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
details_shown (gpointer data)
{
  return find_window_titled ("Import Details") != NULL;
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

typedef struct
{
  char    *text;
  gboolean done;
} Pasted;

static void
read_text_cb (GObject      *clipboard,
              GAsyncResult *result,
              gpointer      data)
{
  Pasted *pasted = data;

  pasted->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, NULL);
  pasted->done = TRUE;
}

static gboolean
pasted_done (gpointer data)
{
  return ((Pasted *) data)->done;
}

/* Details, from the import's notification, open a window of their own:
 * it can be resized, its text selected, and Copy puts it all on the
 * clipboard; Escape closes it. */
static void
test_import_details (Fixture       *fixture,
                     gconstpointer  data)
{
  ClpWindow *window = fixture->window;
  g_autofree char *good = clp_test_data_path ("threads.txt");
  g_autofree char *bad = clp_test_data_path ("binary.bin");
  GFile *files[2] = { g_file_new_for_path (good), g_file_new_for_path (bad) };
  GtkWidget *details_button, *outcome, *copy;
  GtkWindow *details;
  Pasted pasted = { 0 };

  clp_window_import (window, files, 2, FALSE);
  clp_test_wait_until (clp_test_not_importing, window, 20, "the import");
  clp_test_spin (0.5);
  details_button = clp_test_find_widget_where (GTK_WIDGET (window), is_button_labelled, "_Details");
  g_assert_nonnull (details_button);
  clp_test_click (details_button, 1, NULL);
  clp_test_wait_until (details_shown, NULL, 5, "the import details");
  details = find_window_titled ("Import Details");
  clp_test_spin (0.5);
  g_assert_true (gtk_window_get_resizable (details));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (details)), >=, 500);
  g_assert_nonnull (clp_test_find_widget_where (GTK_WIDGET (details), is_label_showing, "binary.bin"));
  outcome = clp_test_find_widget_where (GTK_WIDGET (details), is_label_containing, "threads.txt");
  g_assert_nonnull (outcome);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (outcome)));

  copy = clp_test_find_widget_where (GTK_WIDGET (details), is_button_labelled, "_Copy");
  g_assert_nonnull (copy);
  clp_test_click (copy, 1, NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (details)), NULL, read_text_cb,
                                 &pasted);
  clp_test_wait_until (pasted_done, &pasted, 5, "the copied text");
  g_assert_nonnull (pasted.text);
  g_assert_nonnull (strstr (pasted.text, "binary.bin"));
  g_assert_nonnull (strstr (pasted.text, "threads.txt"));
  g_free (pasted.text);

  clp_test_keys (GTK_WIDGET (details), "Escape");
  g_assert_null (find_window_titled ("Import Details"));
  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

static GtkFileChooser *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_FILE_CHOOSER (window);
    }
  return NULL;
}

static gboolean
chooser_shown (gpointer data)
{
  return find_chooser () != NULL;
}

static gboolean
chooser_gone (gpointer data)
{
  return find_chooser () == NULL;
}

static void
assert_chooser_in (const char *folder)
{
  g_autoptr(GFile) current = NULL;
  g_autofree char *path = NULL;

  clp_test_wait_until (chooser_shown, NULL, 10, "the file chooser");
  clp_test_spin (0.5);
  current = gtk_file_chooser_get_current_folder (find_chooser ());
  g_assert_nonnull (current);
  path = g_file_get_path (current);
  {
    g_autofree char *expected = g_canonicalize_filename (folder, NULL);

    g_assert_cmpstr (path, ==, expected);
  }
  clp_test_keys (GTK_WIDGET (find_chooser ()), "Escape");
  clp_test_wait_until (chooser_gone, NULL, 10, "the file chooser to close");
}

static gboolean
is_page_error (gpointer window)
{
  return g_strcmp0 (clp_window_get_page_name (window), "error") == 0;
}

/* Import opens where the last import was made; a file that is not an
 * archive is said once, on the window's page, whose button opens a
 * chooser where the file was. */
static void
test_choosers (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *samples = clp_test_data_path ("ferry.txt");
  g_autofree char *samples_dir = g_path_get_dirname (samples);
  g_autofree char *notes = clp_test_write_file (fixture->dir, "notes.db",
                                                "Not a database, but my notes. Padding padding "
                                                "padding padding padding padding padding.", -1);
  GListModel *toplevels = gtk_window_get_toplevels ();
  ClpWindow *broken;

  g_settings_set_string (settings, "last-folder", samples_dir);
  clp_test_keys (GTK_WIDGET (fixture->window), "ctrl+o");
  assert_chooser_in (samples_dir);

  broken = clp_window_new (GTK_APPLICATION (application), notes);
  gtk_window_present (GTK_WINDOW (broken));
  clp_test_wait_until (is_page_error, broken, 10, "the error page");
  clp_test_spin (0.5);
  /* Said once: no dialog besides the page. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      g_assert_false (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)));
    }
  clp_test_click (clp_test_find_widget_where (GTK_WIDGET (broken), is_button_labelled,
                                              "_Choose Another Archive…"), 1, NULL);
  assert_chooser_in (fixture->dir);
  gtk_window_destroy (GTK_WINDOW (broken));
}

static gboolean
is_button_showing (GtkWidget     *widget,
                   gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
zoomed_in (gpointer web_view)
{
  return G_APPROX_VALUE (webkit_web_view_get_zoom_level (web_view), 1.2, 0.001);
}

/* Ctrl++ makes the text larger and says how large, over the page; a
 * click on that puts it back to 100%. */
static void
test_zoom (Fixture       *fixture,
           gconstpointer  data)
{
  ClpWindow *window = fixture->window;
  WebKitWebView *web_view = web_view_of (window);
  GtkWidget *level;

  click_row_and_wait (window, 0);
  clp_test_click_at (GTK_WIDGET (web_view), 40, 40, 1, NULL);
  clp_test_keys (GTK_WIDGET (window), "ctrl+plus ctrl+plus");
  /* The web view has the keys first, and hands back those it does not
   * use: they reach the window a moment later. */
  clp_test_wait_until (zoomed_in, web_view, 5, "the text to be 120%");
  level = clp_test_find_widget_where (GTK_WIDGET (window), is_button_showing, "120%");
  g_assert_nonnull (level);
  clp_test_click (level, 1, NULL);
  g_assert_cmpfloat_with_epsilon (webkit_web_view_get_zoom_level (web_view), 1.0, 0.001);
  g_assert_false (gtk_widget_get_visible (level));
}

/* A button that shows only an icon: its label is empty, or it has none. */
static gboolean
is_icon_only (GtkWidget *widget)
{
  GtkWidget *child;

  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL &&
           (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == NULL ||
            *gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == '\0');
  if (!GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget))
    return FALSE;
  child = gtk_button_get_child (GTK_BUTTON (widget));
  if (ADW_IS_BUTTON_CONTENT (child))
    return *adw_button_content_get_label (ADW_BUTTON_CONTENT (child)) == '\0';
  return gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL;
}

/* Every icon-only button in @root that is shown has a name for screen
 * readers and a tooltip for the eye; window controls are GTK's. */
static void
check_names (GtkWidget *root,
             GString   *nameless)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_WINDOW_CONTROLS (child) || !gtk_widget_get_visible (child))
        continue;
      if (is_icon_only (child) &&
          (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
           gtk_widget_get_tooltip_text (child) == NULL))
        g_string_append_printf (nameless, "%s (tooltip %s); ", G_OBJECT_TYPE_NAME (child),
                                gtk_widget_get_tooltip_text (child));
      check_names (child, nameless);
    }
}

/* Wide and narrow, with the filter bar and a search's match bar shown,
 * no icon-only button is nameless. */
static void
test_accessible_names (Fixture       *fixture,
                       gconstpointer  data)
{
  ClpWindow *window = fixture->window;
  g_autoptr(GString) nameless = g_string_new (NULL);

  click_row_and_wait (window, position_of (window, "Harbour board"));
  clp_test_keys (GTK_WIDGET (window), "ctrl+f");
  clp_test_type (GTK_WIDGET (window), "ferry");
  clp_test_keys (GTK_WIDGET (window), "ctrl+shift+f");
  clp_test_wait_until (child_revealed, filter_revealer (window), 5, "the filter bar");
  clp_test_keys (GTK_WIDGET (window), "ctrl+plus");
  check_names (GTK_WIDGET (window), nameless);
  clp_test_resize (GTK_WINDOW (window), 360, 700);
  check_names (GTK_WIDGET (window), nameless);
  /* The list, with its own header. */
  clp_test_keys (GTK_WIDGET (window), "alt+Left");
  check_names (GTK_WIDGET (window), nameless);
  g_assert_cmpstr (nameless->str, ==, "");
}

static gboolean
has_tooltip_of (GtkWidget     *widget,
                gconstpointer  text)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0;
}

/* The search help opens with nothing selected, and the tooltip of the
 * button that opened it does not cover it. */
static void
test_help_popover (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *button = clp_test_find_widget_where (GTK_WIDGET (fixture->window), has_tooltip_of,
                                                  "How to Search");
  GtkWidget *popover, *label;
  int start = 0, end = 0;

  g_assert_nonnull (button);
  /* The pointer rests on the button long enough for its tooltip. */
  clp_test_point (button, 10, 10);
  clp_test_spin (1.0);
  clp_test_click (button, 1, NULL);
  clp_test_spin (0.5);
  popover = clp_test_find_widget_where (button, is_popover_showing, NULL);
  g_assert_nonnull (popover);
  label = clp_test_find_widget (popover, GTK_TYPE_LABEL);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (label)));
  g_assert_false (gtk_label_get_selection_bounds (GTK_LABEL (label), &start, &end) && start != end);
  g_assert_false (gtk_widget_get_has_tooltip (button));
  clp_test_keys (GTK_WIDGET (fixture->window), "Escape");
  clp_test_spin (0.3);
  g_assert_true (gtk_widget_get_has_tooltip (button));
}

static gboolean
page_is_empty (gpointer window)
{
  return g_strcmp0 (clp_window_get_page_name (window), "empty") == 0;
}

/* An empty archive at 360 pixels: the page fits, and its button brings
 * the samples in, listed one pane at a time. */
static void
test_narrow_empty (Fixture       *fixture,
                   gconstpointer  data)
{
  ClpWindow *window = fixture->window;
  GtkWidget *samples;

  clp_test_wait_until (page_is_empty, window, 20, "the empty page");
  clp_test_resize (GTK_WINDOW (window), 360, 700);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 360);
  samples = clp_test_find_widget_where (GTK_WIDGET (window), is_button_labelled, "Open _Sample Articles");
  g_assert_nonnull (samples);
  assert_inside (window, samples);
  clp_test_click (samples, 1, NULL);
  clp_test_wait_until (clp_test_not_importing, window, 20, "the samples to come in");
  clp_test_wait_until (clp_test_list_ready, window, 20, "the samples in the list");
  clp_test_spin (0.5);
  g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (clp_test_find_widget (GTK_WIDGET (window),
                                                                            ADW_TYPE_LEAFLET))));
  assert_inside (window, clp_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY));
}

int
main (int    argc,
      char **argv)
{
  static const char * const four[] = { "ferry.txt", "threads.txt", "no-comments.txt",
                                       "truncated.txt", NULL };
  static const char * const none[] = { NULL };
  g_autoptr(GError) error = NULL;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* GTK's test accessibility keeps what each widget tells screen readers,
   * for test_accessible_names() to read. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  application = clp_application_new (G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, data, func) \
  g_test_add ("/gui/input/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("ctrl-and-shift-click", four, test_ctrl_and_shift_click);
  ADD ("right-click-export", four, test_right_click_export);
  ADD ("keyboard", four, test_keyboard);
  ADD ("author-completion", four, test_author_completion);
  ADD ("narrow", four, test_narrow);
  ADD ("view-follows-search", four, test_view_follows_search);
  ADD ("timeline-click", four, test_timeline_click);
  ADD ("import-details", four, test_import_details);
  ADD ("choosers", four, test_choosers);
  ADD ("zoom", four, test_zoom);
  ADD ("accessible-names", four, test_accessible_names);
  ADD ("help-popover", four, test_help_popover);
  ADD ("narrow-empty", none, test_narrow_empty);
#undef ADD

  return g_test_run ();
}
