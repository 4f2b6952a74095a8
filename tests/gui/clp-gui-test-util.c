/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-gui-test-util"

#include "config.h"

#include "clp-gui-test-util.h"

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
