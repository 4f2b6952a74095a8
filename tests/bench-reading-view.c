/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "clp-reading-view.h"
#include "clp-renderer.h"
#include "clp-store-import.h"

/* How fast a big thread shows: for threads of 20 to 50,000 comments, the
 * renderer's time for the whole thread and for its first page, and the
 * time from asking the reading view for the article to WebKit's
 * load-finished, against a bare WebKitWebView loading the whole thread as
 * one static page (the baseline). Prints a table; needs a display
 * (xvfb-run). */

static const char * const words[] = {
  "ferry", "council", "harbour", "vote", "timetable", "shift", "petition", "board", "fuel",
  "night", "workers", "cannery", "pier", "budget", "report", "numbers", "residents", "plan",
};

static char *
sentence (GRand *rand)
{
  GString *text = g_string_new (NULL);
  int n = g_rand_int_range (rand, 8, 40);

  for (int i = 0; i < n; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                            words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
  g_string_append (text, ".");
  return g_string_free (text, FALSE);
}

/* One article with @n comments, a third of them replies. */
static gint64
make_thread (ClpStore *store,
             int       n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (n);
  g_autoptr(ClpImportReport) report = clp_import_report_new ("bench");
  g_autofree char *sha = g_strdup_printf ("bench-%d", n);
  g_autoptr(ClpStoreImport) transaction = clp_store_begin_import (store, "bench", 0, sha, "bench",
                                                                  report, NULL);
  g_autoptr(ClpArticle) article = clp_article_new ();

  article->key = g_strdup ("a");
  article->title = g_strdup_printf ("A thread of %d comments", n);
  article->source = g_strdup ("Bench Gazette");
  article->published = g_strdup ("2020-01-01");
  for (int p = 0; p < 5; p++)
    {
      g_autofree char *paragraph = sentence (rand);

      clp_article_add_paragraph (article, paragraph);
    }
  g_assert (clp_import_sink_add_article (CLP_IMPORT_SINK (transaction), article, NULL));
  for (int i = 0; i < n; i++)
    {
      g_autoptr(ClpComment) comment = clp_comment_new ();
      g_autofree char *a = sentence (rand);
      g_autofree char *b = sentence (rand);

      comment->key = g_strdup_printf ("c%d", i);
      comment->article_key = g_strdup ("a");
      if (i > 0 && g_rand_int_range (rand, 0, 3) == 0)
        comment->parent_key = g_strdup_printf ("c%d", g_rand_int_range (rand, MAX (0, i - 20), i));
      comment->author = g_strdup_printf ("reader%d", g_rand_int_range (rand, 0, 500));
      comment->posted_at = g_strdup_printf ("2020-01-%02dT%02d:%02d:00", 1 + i / 2000 % 28,
                                            i / 60 % 24, i % 60);
      comment->text = g_strdup_printf ("%s\n\n%s", a, b);
      g_assert (clp_import_sink_add_comment (CLP_IMPORT_SINK (transaction), comment, NULL));
    }
  g_assert (clp_store_import_commit (transaction, NULL, NULL));
  return g_array_index (report->article_ids, gint64, 0);
}

static gboolean finished;

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 gpointer         user_data)
{
  if (event == WEBKIT_LOAD_FINISHED)
    finished = TRUE;
}

static double
wait_loaded (gint64 start)
{
  while (!finished)
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
median (double *values,
        int     n)
{
  for (int i = 0; i < n; i++)
    for (int k = i + 1; k < n; k++)
      if (values[k] < values[i])
        {
          double t = values[i];

          values[i] = values[k];
          values[k] = t;
        }
  return values[n / 2];
}

int
main (int    argc,
      char **argv)
{
  static const int sizes[] = { 20, 1000, 10000, 50000 };
  g_autofree char *dir = g_dir_make_tmp ("clippings-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(ClpStore) store = clp_store_open (path, NULL);
  GtkWidget *window, *bare_window;
  ClpReadingView *view;
  WebKitWebView *bare;
  const int runs = 3;

  gtk_init ();
  adw_init ();
  g_assert (store != NULL);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  view = g_object_new (CLP_TYPE_READING_VIEW, NULL);
  clp_reading_view_set_store (view, store);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (clp_reading_view_get_web_view (view), "load-changed", G_CALLBACK (load_changed_cb), NULL);

  bare_window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (bare_window), 900, 800);
  bare = WEBKIT_WEB_VIEW (webkit_web_view_new ());
  gtk_window_set_child (GTK_WINDOW (bare_window), GTK_WIDGET (bare));
  gtk_window_present (GTK_WINDOW (bare_window));
  g_signal_connect (bare, "load-changed", G_CALLBACK (load_changed_cb), NULL);

  g_print ("Reading view, %d runs each (median, ms)\n", runs);
  g_print ("%9s  %12s  %12s  %14s  %14s  %7s\n", "comments", "html whole", "html page 1",
           "view page 1", "bare whole", "ratio");

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gint64 id = make_thread (store, sizes[s]);
      g_autoptr(ClpArticle) article = clp_store_load_article (store, id, NULL);
      g_autoptr(GPtrArray) comments = clp_store_load_comments (store, id, NULL);
      ClpRenderOptions whole = { .page_size = G_MAXUINT };
      ClpRenderOptions first = { .page = 1, .base_uri = "clippings://article/1" };
      double t_whole[3], t_page[3], t_view[3], t_bare[3];
      g_autofree char *html = NULL;

      for (int r = 0; r < runs; r++)
        {
          gint64 start = g_get_monotonic_time ();
          g_autofree char *a = clp_renderer_render (article, comments, &whole, NULL);

          t_whole[r] = (g_get_monotonic_time () - start) / 1000.0;
          start = g_get_monotonic_time ();
          {
            g_autofree char *b = clp_renderer_render (article, comments, &first, NULL);
          }
          t_page[r] = (g_get_monotonic_time () - start) / 1000.0;
          if (r == 0)
            html = g_steal_pointer (&a);
        }

      for (int r = 0; r < runs; r++)
        {
          gint64 start;

          /* The view from asking to load-finished, comments loaded from
           * the archive as a user's click would. */
          clp_reading_view_show_article (view, 0);
          clp_reading_view_set_store (view, store);
          finished = FALSE;
          start = g_get_monotonic_time ();
          clp_reading_view_show_article (view, id);
          t_view[r] = wait_loaded (start);

          finished = FALSE;
          start = g_get_monotonic_time ();
          webkit_web_view_load_html (bare, html, "about:blank");
          t_bare[r] = wait_loaded (start);
        }

      {
        double view_ms = median (t_view, runs), bare_ms = median (t_bare, runs);

        g_print ("%9d  %12.1f  %12.1f  %14.1f  %14.1f  %6.2fx\n", sizes[s], median (t_whole, runs),
                 median (t_page, runs), view_ms, bare_ms, view_ms / bare_ms);
      }
    }
  g_print ("view page 1: the reading view's first page (%d comments a page) from the archive, to "
           "load-finished; bare whole: the same thread as one static page in a bare "
           "WebKitWebView; ratio = view / bare.\n", CLP_RENDER_PAGE_SIZE);
  return 0;
}
