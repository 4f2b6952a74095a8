/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-gui-test-util"

#include "config.h"

#include "clp-gui-test-util.h"

#include <gdk/x11/gdkx.h>
#include <signal.h>

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * clp_test_wait_until:
 *
 * Runs the main loop until @condition holds; aborts after @seconds.
 */
void
clp_test_wait_until (ClpTestCondition  condition,
                     gpointer          data,
                     double            seconds,
                     const char       *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  /* The loop sleeps until something happens; this wakes it to look at
   * the clock. */
  guint wake = g_timeout_add (20, wake_cb, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

void
clp_test_spin (double seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  clp_test_wait_until (time_passed, &until, seconds + 60, "time to pass");
}

/**
 * clp_test_find_widget_where:
 * @matches: says whether a widget is the one
 *
 * Returns: (transfer none) (nullable): the first widget under @root,
 *   breadth first, that @matches
 */
GtkWidget *
clp_test_find_widget_where (GtkWidget         *root,
                            ClpTestWidgetTest  matches,
                            gconstpointer      data)
{
  GQueue queue = G_QUEUE_INIT;
  GtkWidget *found = NULL;

  g_queue_push_tail (&queue, root);
  while (!g_queue_is_empty (&queue) && found == NULL)
    {
      GtkWidget *widget = g_queue_pop_head (&queue);

      if (matches (widget, data))
        found = widget;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_queue_push_tail (&queue, child);
    }
  g_queue_clear (&queue);
  return found;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

/* The first widget of @type under @root, breadth first. */
GtkWidget *
clp_test_find_widget (GtkWidget *root,
                      GType      type)
{
  return clp_test_find_widget_where (root, is_of_type, GSIZE_TO_POINTER (type));
}

/* The article list is done loading and has rows. */
gboolean
clp_test_list_ready (gpointer window)
{
  ClpArticleListModel *model = clp_window_get_model (CLP_WINDOW (window));

  return model != NULL && !clp_article_list_model_get_loading (model) &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

/* The article list is done loading, rows or not. */
gboolean
clp_test_list_idle (gpointer window)
{
  ClpArticleListModel *model = clp_window_get_model (CLP_WINDOW (window));

  return model != NULL && !clp_article_list_model_get_loading (model);
}

gboolean
clp_test_not_importing (gpointer window)
{
  return !clp_window_get_importing (CLP_WINDOW (window));
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 ClpTestLoadWait *wait)
{
  if (event == WEBKIT_LOAD_FINISHED)
    wait->finished = TRUE;
}

static gboolean
load_finished (gpointer data)
{
  return ((ClpTestLoadWait *) data)->finished;
}

void
clp_test_load_wait_begin (ClpTestLoadWait *wait,
                          WebKitWebView   *web_view)
{
  wait->web_view = web_view;
  wait->finished = FALSE;
  wait->handler = g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), wait);
}

void
clp_test_load_wait_end (ClpTestLoadWait *wait,
                        double           seconds,
                        const char      *what)
{
  clp_test_wait_until (load_finished, wait, seconds, what);
  g_signal_handler_disconnect (wait->web_view, wait->handler);
  wait->handler = 0;
}

/* Real input. xdotool sends the X server the events a mouse and a
 * keyboard send (through XTEST); GTK reads them as it reads a person's.
 * Tests that click where the user would click go through here. */

static void
xdotool (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                     &err, &status, &error))
    g_error ("xdotool could not run (%s); `make check` installs it", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("xdotool failed: %s: %s", error->message, err);
}

/* Lets the window take in what xdotool sent: a round trip to the X
 * server puts every event it made in the window's queue, then the loop
 * handles them all, and what they started gets a moment more. */
static void
settle (double seconds)
{
  gdk_display_sync (gdk_display_get_default ());
  while (g_main_context_iteration (NULL, FALSE))
    ;
  clp_test_spin (seconds);
}

/* The X window of @widget's surface, and where (@x, @y) of @widget is in
 * it. */
static gulong
window_point (GtkWidget *widget,
              double     x,
              double     y,
              int       *wx,
              int       *wy)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface;
  graphene_point_t point;
  double sx, sy;

  g_assert_nonnull (native);
  surface = gtk_native_get_surface (native);
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  if (!gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point))
    g_error ("The widget is not in a window");
  gtk_native_get_surface_transform (native, &sx, &sy);
  *wx = (int) (point.x + sx);
  *wy = (int) (point.y + sy);
  return gdk_x11_surface_get_xid (surface);
}

/**
 * clp_test_point:
 *
 * Moves the pointer to (@x, @y) of @widget, as a hand on the mouse does.
 */
void
clp_test_point (GtkWidget *widget,
                double     x,
                double     y)
{
  int wx, wy;
  g_autofree char *xid = g_strdup_printf ("%lu", window_point (widget, x, y, &wx, &wy));
  g_autofree char *sx = g_strdup_printf ("%d", wx);
  g_autofree char *sy = g_strdup_printf ("%d", wy);
  const char *args[] = { "mousemove", "--window", xid, sx, sy, NULL };

  xdotool (args);
  clp_test_spin (0.01);
}

/**
 * clp_test_click_at:
 * @button: 1 for the left button, 3 for the right
 * @modifier: (nullable): a key held while clicking, as xdotool names it:
 *   "ctrl", "shift"
 *
 * Clicks (@x, @y) of @widget with real input, then lets the window
 * take the events in.
 */
void
clp_test_click_at (GtkWidget  *widget,
                   double      x,
                   double      y,
                   guint       button,
                   const char *modifier)
{
  int wx, wy;
  g_autofree char *xid = g_strdup_printf ("%lu", window_point (widget, x, y, &wx, &wy));
  g_autofree char *sx = g_strdup_printf ("%d", wx);
  g_autofree char *sy = g_strdup_printf ("%d", wy);
  g_autofree char *sbutton = g_strdup_printf ("%u", button);
  const char *plain[] = { "mousemove", "--window", xid, sx, sy, "click", sbutton, NULL };
  const char *held[] = { "mousemove", "--window", xid, sx, sy,
                         "keydown", modifier, "click", sbutton, "keyup", modifier, NULL };

  xdotool (modifier != NULL ? held : plain);
  settle (0.2);
}

/* Turns the mouse wheel over (@x, @y) of @widget: @clicks down, or up
 * when negative. */
void
clp_test_wheel (GtkWidget *widget,
                double     x,
                double     y,
                int        clicks)
{
  int wx, wy;
  g_autofree char *xid = g_strdup_printf ("%lu", window_point (widget, x, y, &wx, &wy));
  g_autofree char *sx = g_strdup_printf ("%d", wx);
  g_autofree char *sy = g_strdup_printf ("%d", wy);
  g_autofree char *repeat = g_strdup_printf ("%d", ABS (clicks));
  const char *args[] = { "mousemove", "--window", xid, sx, sy,
                         "click", "--repeat", repeat, "--delay", "40", clicks > 0 ? "5" : "4", NULL };

  xdotool (args);
  clp_test_spin (0.4);
}

typedef struct
{
  GPid     pid;
  gboolean exited;
} Mover;

static void
mover_exited_cb (GPid     pid,
                 int      status,
                 gpointer data)
{
  Mover *mover = data;

  g_spawn_close_pid (pid);
  mover->exited = TRUE;
}

/**
 * clp_test_move_along:
 * @stop: (nullable): says when the pointer has found what it looked for
 *
 * Moves the pointer down @widget at @x, from @y_from to @y_to by @step
 * pixels, as a hand would, while the window goes on taking events; stops
 * early when @stop holds. One xdotool runs the whole way: each start of
 * xdotool costs a quarter of a second.
 *
 * Returns: whether @stop held
 */
gboolean
clp_test_move_along (GtkWidget        *widget,
                     double            x,
                     double            y_from,
                     double            y_to,
                     double            step,
                     ClpTestCondition  stop,
                     gpointer          data)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Mover mover = { 0 };
  gboolean stopped = FALSE;
  guint wake = g_timeout_add (20, wake_cb, NULL);

  g_ptr_array_add (argv, g_strdup ("xdotool"));
  for (double y = y_from; y <= y_to; y += step)
    {
      int wx, wy;
      gulong xid = window_point (widget, x, y, &wx, &wy);

      g_ptr_array_add (argv, g_strdup ("mousemove"));
      g_ptr_array_add (argv, g_strdup ("--window"));
      g_ptr_array_add (argv, g_strdup_printf ("%lu", xid));
      g_ptr_array_add (argv, g_strdup_printf ("%d", wx));
      g_ptr_array_add (argv, g_strdup_printf ("%d", wy));
      g_ptr_array_add (argv, g_strdup ("sleep"));
      g_ptr_array_add (argv, g_strdup ("0.06"));
    }
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_async (NULL, (char **) argv->pdata, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &mover.pid, &error))
    g_error ("xdotool could not run (%s); `make check` installs it", error->message);
  g_child_watch_add (mover.pid, mover_exited_cb, &mover);
  while (!mover.exited)
    {
      if (stop != NULL && stop (data))
        {
          stopped = TRUE;
          kill (mover.pid, SIGTERM);
          break;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  while (!mover.exited)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return stopped || (stop != NULL && stop (data));
}

/* Clicks the middle of @widget. */
void
clp_test_click (GtkWidget  *widget,
                guint       button,
                const char *modifier)
{
  g_assert_true (gtk_widget_get_mapped (widget));
  clp_test_click_at (widget, gtk_widget_get_width (widget) / 2.0,
                     gtk_widget_get_height (widget) / 2.0, button, modifier);
}

/* Gives @widget's window the keyboard, as a click on its title would. */
static char *
focus_window (GtkWidget *widget)
{
  int wx, wy;
  char *xid = g_strdup_printf ("%lu", window_point (widget, 0, 0, &wx, &wy));
  const char *args[] = { "windowfocus", "--sync", xid, NULL };

  xdotool (args);
  return xid;
}

/**
 * clp_test_keys:
 * @keys: what to press, in xdotool's words: "alt+Down", "F6", "Escape"
 *
 * Presses keys on the keyboard, into @widget's window.
 */
void
clp_test_keys (GtkWidget  *widget,
               const char *keys)
{
  g_autofree char *xid = focus_window (widget);
  g_auto(GStrv) each = g_strsplit (keys, " ", -1);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) "key");
  g_ptr_array_add (args, (char *) "--delay");
  g_ptr_array_add (args, (char *) "60");
  for (guint i = 0; each[i] != NULL; i++)
    g_ptr_array_add (args, each[i]);
  g_ptr_array_add (args, NULL);
  xdotool ((const char * const *) args->pdata);
  settle (0.2);
}

/* Types @text into the focused widget of @widget's window, a key at a time. */
void
clp_test_type (GtkWidget  *widget,
               const char *text)
{
  g_autofree char *xid = focus_window (widget);
  const char *args[] = { "type", "--delay", "80", text, NULL };

  xdotool (args);
  settle (0.1);
}

/* Resizes @window as a window manager would, and waits for it to take
 * the size. The X window has a few pixels of frame around the window's
 * own (client-side decorations with no compositor): the size asked for
 * is the window's, the frame comes on top. */
typedef struct
{
  GtkWidget *window;
  int        width;
  int        height;
} Size;

static gboolean
has_size (gpointer data)
{
  Size *size = data;

  return gtk_widget_get_width (size->window) == size->width &&
         gtk_widget_get_height (size->window) == size->height;
}

void
clp_test_resize (GtkWindow *window,
                 int        width,
                 int        height)
{
  int wx, wy;
  g_autofree char *xid = g_strdup_printf ("%lu", window_point (GTK_WIDGET (window), 0, 0, &wx, &wy));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  int frame_width = gdk_surface_get_width (surface) - gtk_widget_get_width (GTK_WIDGET (window));
  int frame_height = gdk_surface_get_height (surface) - gtk_widget_get_height (GTK_WIDGET (window));
  g_autofree char *sw = g_strdup_printf ("%d", width + frame_width);
  g_autofree char *sh = g_strdup_printf ("%d", height + frame_height);
  const char *args[] = { "windowsize", "--sync", xid, sw, sh, NULL };
  Size size = { GTK_WIDGET (window), width, height };

  xdotool (args);
  clp_test_wait_until (has_size, &size, 10, "the window to take its new size");
  clp_test_spin (0.3);
}
