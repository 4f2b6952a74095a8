/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-reading-view"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "bench-util.h"
#include "clp-reading-view.h"
#include "clp-renderer.h"
#include "clp-store-sink.h"

/* How fast a big thread shows: for threads of 20 to 50,000 comments, the
 * renderer's time for the whole thread and for its first page, and the
 * time from asking the reading view for the article to WebKit's
 * load-finished of its first page, against a bare WebKitWebView loading
 * the whole thread as one static page (the baseline). Needs a display
 * (xvfb-run).
 *
 *   bench-reading-view                          threads of its own, in a
 *                                               temporary archive
 *   bench-reading-view --db A.db --articles 201,401,…
 *                                               those articles of an archive
 *
 * Prints one line a thread, key=value, medians in milliseconds:
 *   thread=50000 article=… html_whole_ms=… html_page_ms=… view_ms=… bare_ms=… */

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
  g_autoptr(ClpStoreSink) transaction = clp_store_begin_import (store, "bench", 0, sha, "bench",
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
  g_assert (clp_store_sink_commit (transaction, NULL, NULL));
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

static GtkWidget *
present_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

#define MAX_RUNS 16

/* Measures one article of @store and prints its line. */
static void
measure_thread (ClpStore       *store,
                ClpArchive     *archive,
                gint64          id,
                ClpReadingView *view,
                WebKitWebView  *bare,
                int             runs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpArticle) article = clp_store_load_article (store, id, &error);
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *base = g_strdup_printf ("clippings://article/%" G_GINT64_FORMAT, id);
  ClpRenderOptions whole = { .page_size = G_MAXUINT };
  ClpRenderOptions first = { .page = 1, .base_uri = base };
  double t_whole[MAX_RUNS], t_page[MAX_RUNS], t_view[MAX_RUNS], t_bare[MAX_RUNS];
  g_autofree char *html = NULL;

  if (article == NULL)
    g_error ("Article %" G_GINT64_FORMAT ": %s", id, error->message);
  comments = clp_store_load_comments (store, id, &error);
  if (comments == NULL)
    g_error ("Comments of article %" G_GINT64_FORMAT ": %s", id, error->message);

  for (int r = 0; r < runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autofree char *a = clp_renderer_render (article, comments, &whole, NULL);
      g_autofree char *b = NULL;

      t_whole[r] = (g_get_monotonic_time () - start) / 1000.0;
      start = g_get_monotonic_time ();
      b = clp_renderer_render (article, comments, &first, NULL);
      t_page[r] = (g_get_monotonic_time () - start) / 1000.0;
      if (r == 0)
        html = g_steal_pointer (&a);
    }

  for (int r = 0; r < runs; r++)
    {
      gint64 start;

      /* Away to another article and back, so that the view loads the
       * article from the archive as a user's click would; the page away is
       * let finish first, so that its end is not taken for the article's.
       * (Article 0 would do, but WebKit answers its failure with an error
       * page, whose load ends late.) */
      finished = FALSE;
      clp_reading_view_show_article (view, id == 1 ? 2 : 1);
      wait_loaded (g_get_monotonic_time ());
      /* Forgets the thread it keeps for the next page. */
      clp_reading_view_set_archive (view, archive);
      finished = FALSE;
      start = g_get_monotonic_time ();
      clp_reading_view_show_article (view, id);
      t_view[r] = wait_loaded (start);

      finished = FALSE;
      start = g_get_monotonic_time ();
      webkit_web_view_load_html (bare, html, "about:blank");
      t_bare[r] = wait_loaded (start);
    }

  g_print ("thread=%u article=%" G_GINT64_FORMAT " html_whole_ms=%.1f html_page_ms=%.1f "
           "view_ms=%.1f bare_ms=%.1f\n", comments->len, id, bench_percentile (t_whole, runs, 0.5),
           bench_percentile (t_page, runs, 0.5), bench_percentile (t_view, runs, 0.5), bench_percentile (t_bare, runs, 0.5));
}

int
main (int    argc,
      char **argv)
{
  static const int sizes[] = { 20, 1000, 10000, 50000 };
  g_autofree char *db = NULL;
  g_autofree char *articles = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(ClpArchive) archive = NULL;
  g_autoptr(GArray) ids = NULL;
  int runs = 3;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "An archive (default: a temporary one)", "PATH" },
    { "articles", 0, 0, G_OPTION_ARG_STRING, &articles, "Its articles to show", "ID,ID,…" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each measure; the median counts (3)", "N" },
    { NULL }
  };
  ClpReadingView *view;
  WebKitWebView *bare;

  context = g_option_context_new ("— how fast the reading view shows big threads");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-reading-view: %s\n", error->message);
      return 2;
    }
  if ((db == NULL) != (articles == NULL) || runs < 1 || runs > MAX_RUNS)
    {
      g_printerr ("bench-reading-view: --db and --articles go together; --runs is 1 to %d\n",
                  MAX_RUNS);
      return 2;
    }

  /* As the GUI tests run: no accessibility bus under xvfb-run. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_init ();
  adw_init ();

  if (db == NULL)
    {
      dir = g_dir_make_tmp ("clippings-bench-XXXXXX", &error);
      if (dir != NULL)
        db = g_build_filename (dir, "bench.db", NULL);
    }
  if (db != NULL)
    store = clp_store_open (db, &error);
  if (store == NULL)
    {
      g_printerr ("bench-reading-view: %s\n", error->message);
      return 1;
    }
  if (articles != NULL)
    ids = bench_parse_ids (articles);
  else
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          gint64 id = make_thread (store, sizes[s]);

          g_array_append_val (ids, id);
        }
    }

  archive = clp_archive_open (db, CLP_ARCHIVE_OPEN_DEFAULT, NULL, &error);
  if (archive == NULL)
    {
      g_printerr ("bench-reading-view: %s\n", error->message);
      return 1;
    }
  view = g_object_new (CLP_TYPE_READING_VIEW, NULL);
  clp_reading_view_set_archive (view, archive);
  present_window (GTK_WIDGET (view));
  g_signal_connect (clp_reading_view_get_web_view (view), "load-changed",
                    G_CALLBACK (load_changed_cb), NULL);
  bare = WEBKIT_WEB_VIEW (webkit_web_view_new ());
  present_window (GTK_WIDGET (bare));
  g_signal_connect (bare, "load-changed", G_CALLBACK (load_changed_cb), NULL);
  /* Its web process starts with a first page, as the view's does. */
  finished = FALSE;
  webkit_web_view_load_html (bare, "<p>Ready.</p>", "about:blank");
  wait_loaded (g_get_monotonic_time ());

  g_printerr ("html_whole: the renderer, whole thread; html_page: its first page (%d comments); "
              "view: the reading view from asking for the article to load-finished of its "
              "first page, comments loaded from the archive; bare: the whole thread as one "
              "static page in a bare WebKitWebView. Medians of %d runs, ms.\n",
              CLP_RENDER_PAGE_SIZE, runs);
  for (guint i = 0; i < ids->len; i++)
    measure_thread (store, archive, g_array_index (ids, gint64, i), view, bare, runs);

  if (dir != NULL)
    {
      const char * const suffixes[] = { "", "-wal", "-shm" };

      g_clear_object (&store);
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (db, suffixes[i], NULL);

          g_unlink (file);
        }
      g_rmdir (dir);
    }
  return 0;
}
