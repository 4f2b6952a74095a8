/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-gui"

#include "config.h"

#include <malloc.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "bench-util.h"
#include "clp-application.h"
#include "clp-export-dialog.h"
#include "clp-filter-bar.h"
#include "clp-gui-test-util.h"

/* The window on a big archive, driven as a user would (run under
 * xvfb-run, as `make bench` does):
 *
 * - the time from the top of main() to the window's first painted frame,
 *   and to a populated list (the model done loading, with rows);
 * - the process's resident memory then and at the end, and the web
 *   process's;
 * - the longest main-loop stall, from a 10 ms timer that records how late
 *   it fires, while the list scrolls top to bottom and back, a search is
 *   typed one character at a time, articles are shown (the huge threads
 *   among them), the comment filters narrow the list (a day, then an
 *   author typed a character at a time), articles are exported, and files
 *   are imported;
 * - the memory after the last thread shown (the largest) and going back
 *   to a small article.
 *
 *   bench-gui --db ARCHIVE.db [--type TEXT] [--threads ID,…] [--import PATH]…
 *             [--filter-day YYYY-MM-DD] [--filter-author NAME] [--export-to PATH]
 *             [--report-stalls MS]
 *   bench-gui --bare          the baseline: a bare window with a web view
 *
 * Prints key=value lines: "start first_frame_ms=… list_ms=…", one
 * "phase=NAME stall_ms=…" a phase, and "memory=WHEN ui_rss_mb=…" at the
 * start, with the list, back from the last thread and at the end. */

#define TICK_MS 10
#define WAIT_SECONDS 120

static gint64 main_started;
static gint64 spawned;      /* when the parent started the process, or 0 */

/* The stall timer. */
typedef struct
{
  const char *phase;
  gint64      last;       /* when it last fired */
  gint64      longest;    /* µs late, in this phase */
  guint       ticks;
} Ticker;

static Ticker ticker;
static int report_ms;

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - ticker.last - TICK_MS * 1000;

  if (ticker.last != 0)
    ticker.longest = MAX (ticker.longest, late);
  /* With the monotonic times, `perf record -k CLOCK_MONOTONIC` and
   * `perf script --time` show what the main thread did meanwhile. */
  if (report_ms > 0 && ticker.last != 0 && late >= report_ms * 1000)
    g_printerr ("stall phase=%s ms=%.1f from=%.6f to=%.6f\n", ticker.phase, late / 1000.0,
                ticker.last / 1e6, now / 1e6);
  ticker.last = now;
  ticker.ticks++;
  return G_SOURCE_CONTINUE;
}

static void
phase_begin (const char *name)
{
  ticker.phase = name;
  ticker.longest = 0;
  ticker.ticks = 0;
  ticker.last = g_get_monotonic_time ();
}

static void
phase_end (const char *details)
{
  /* A stall still going on counts too. */
  ticker.longest = MAX (ticker.longest, g_get_monotonic_time () - ticker.last - TICK_MS * 1000);
  g_print ("phase=%s stall_ms=%.1f ticks=%u%s%s\n", ticker.phase, ticker.longest / 1000.0,
           ticker.ticks, details != NULL ? " " : "", details != NULL ? details : "");
}

/* Frames */

static guint frames;
static gint64 first_frame;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  if (frames++ == 0)
    first_frame = g_get_monotonic_time ();
}

static void
realize_cb (GtkWidget *widget,
            gpointer   data)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Lets the window paint @n frames, or gives up after a second when
 * nothing needs painting. */
static void
let_paint (guint n)
{
  guint target = frames + n;
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  guint wake = g_timeout_add (TICK_MS, wake_cb, NULL);

  while (frames < target && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

static gboolean
first_frame_painted (gpointer data)
{
  return frames > 0;
}

/* Memory */

/* A line of /proc/PID/status in MB ("VmRSS:", "RssAnon:", …); 0 when the
 * process is gone. */
static double
status_mb (const char *pid,
           const char *key)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL) || (line = strstr (status, key)) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (key), NULL, 10) / 1024.0;
}

static double
rss_mb (const char *pid)
{
  return status_mb (pid, "VmRSS:");
}

/* The proportional set size: shared pages divided among the processes
 * that map them, as the web process maps WebKit's libraries too. */
static double
pss_mb (void)
{
  g_autofree char *rollup = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/smaps_rollup", &rollup, NULL, NULL) ||
      (line = strstr (rollup, "\nPss:")) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen ("\nPss:"), NULL, 10) / 1024.0;
}

/* The resident memory of this process's descendants whose name starts
 * with @name (WebKit starts its helpers through bwrap, so they are not
 * children but grandchildren). */
static double
descendants_rss_mb (const char *name,
                    guint      *n_found)
{
  g_autoptr(GHashTable) parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autofree char *self = g_strdup_printf ("%d", (int) getpid ());
  GHashTableIter iter;
  gpointer pid, comm;
  const char *entry;
  double total = 0;

  *n_found = 0;
  while (proc != NULL && (entry = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", entry, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *open, *close;

      /* pid (comm) state ppid …; comm may hold spaces and parentheses. */
      if (!g_ascii_isdigit (entry[0]) || !g_file_get_contents (path, &stat, NULL, NULL) ||
          (open = strchr (stat, '(')) == NULL || (close = strrchr (stat, ')')) == NULL)
        continue;
      g_hash_table_insert (names, g_strdup (entry), g_strndup (open + 1, close - open - 1));
      g_hash_table_insert (parents, g_strdup (entry),
                           g_strdup_printf ("%d", (int) g_ascii_strtoll (close + 4, NULL, 10)));
    }

  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &pid, &comm))
    {
      const char *up = pid;

      if (!g_str_has_prefix (comm, name))
        continue;
      while (up != NULL && !g_str_equal (up, self) && !g_str_equal (up, "1") &&
             !g_str_equal (up, "0"))
        up = g_hash_table_lookup (parents, up);
      if (up != NULL && g_str_equal (up, self))
        {
          total += rss_mb (pid);
          (*n_found)++;
        }
    }
  return total;
}

/* The phases */

/* Scrolls the list from top to bottom in jumps, then back, a frame or two
 * painted at each step; and a screen at a time over the first rows, as a
 * reader does. */
static void
scroll_phase (ClpWindow *window)
{
  GtkWidget *column_view = clp_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
  GtkWidget *scroller = column_view != NULL ? gtk_widget_get_ancestor (column_view,
                                                                       GTK_TYPE_SCROLLED_WINDOW)
                                            : NULL;
  GtkAdjustment *adjustment;
  const int jumps = 100, screens = 50;
  double bottom;
  g_autofree char *details = NULL;

  if (scroller == NULL)
    g_error ("The article list has no scrolled window");
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  phase_begin ("scroll");
  for (int i = 0; i < screens; i++)
    {
      gtk_adjustment_set_value (adjustment, i * gtk_adjustment_get_page_size (adjustment));
      let_paint (2);
    }
  /* The list's height grows as rows are measured: aim at the bottom anew. */
  for (int i = 0; i <= jumps; i++)
    {
      bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
      gtk_adjustment_set_value (adjustment, bottom * i / jumps);
      let_paint (2);
    }
  for (int i = jumps; i >= 0; i--)
    {
      bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
      gtk_adjustment_set_value (adjustment, bottom * i / jumps);
      let_paint (2);
    }
  details = g_strdup_printf ("steps=%d upper_px=%.0f", screens + 2 * (jumps + 1),
                             gtk_adjustment_get_upper (adjustment));
  phase_end (details);
}

/* Types @text into the search entry one character at a time, as a user
 * does: each keystroke waits for the entry's own delay and the list to
 * settle, then the search is cleared. */
static void
search_phase (ClpWindow  *window,
              const char *text)
{
  GtkEditable *entry = GTK_EDITABLE (clp_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY));
  ClpArticleListModel *model = clp_window_get_model (window);
  g_autofree char *details = NULL;
  glong n = g_utf8_strlen (text, -1);
  guint fewest = G_MAXUINT;

  if (entry == NULL)
    g_error ("The window has no search entry");
  phase_begin ("search");
  for (glong i = 1; i <= n; i++)
    {
      g_autofree char *typed = g_utf8_substring (text, 0, i);

      gtk_editable_set_text (entry, typed);
      gtk_editable_set_position (entry, -1);
      clp_test_spin (0.25);
      clp_test_wait_until (clp_test_list_idle, window, WAIT_SECONDS, "the search");
      fewest = MIN (fewest, g_list_model_get_n_items (G_LIST_MODEL (model)));
      let_paint (1);
    }
  gtk_editable_set_text (entry, "");
  clp_test_spin (0.25);
  clp_test_wait_until (clp_test_list_ready, window, WAIT_SECONDS, "the whole list again");
  let_paint (1);
  details = g_strdup_printf ("typed=%ld fewest_rows=%u", n, fewest);
  phase_end (details);
}

/* Selects the row at @position and waits for the reading view to load it;
 * returns the milliseconds it took. */
static double
show_row (ClpWindow *window,
          guint      position)
{
  WebKitWebView *web_view = clp_reading_view_get_web_view (clp_window_get_reading_view (window));
  ClpTestLoadWait wait;
  gint64 start = g_get_monotonic_time ();

  clp_test_load_wait_begin (&wait, web_view);
  gtk_selection_model_select_item (clp_window_get_selection (window), position, TRUE);
  clp_test_load_wait_end (&wait, WAIT_SECONDS, "the article to load");
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Shows the first rows, then each of @threads (article ids). */
static void
select_phase (ClpWindow *window,
              GArray    *threads)
{
  ClpArticleListModel *model = clp_window_get_model (window);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_autoptr(GString) details = g_string_new (NULL);
  const guint first_rows = 10;

  phase_begin ("select");
  for (guint i = 0; i < MIN (first_rows, n); i++)
    {
      show_row (window, i);
      let_paint (1);
    }
  g_string_append_printf (details, "rows=%u", MIN (first_rows, n));
  for (guint t = 0; t < threads->len; t++)
    {
      gint64 id = g_array_index (threads, gint64, t);
      guint position = G_MAXUINT;
      double ms;

      for (guint i = 0; i < n && position == G_MAXUINT; i++)
        if (clp_article_list_model_get_id (model, i) == id)
          position = i;
      if (position == G_MAXUINT)
        g_error ("Article %" G_GINT64_FORMAT " is not in the list", id);
      ms = show_row (window, position);
      let_paint (2);
      g_string_append_printf (details, " thread_%" G_GINT64_FORMAT "_ms=%.0f", id, ms);
    }
  phase_end (details->str);
}

/* Narrows the list with the comment filters, as a reader does: a day,
 * applied to all articles, then an author typed a character at a time;
 * then clears them. */
static gboolean
is_check_button_labelled (GtkWidget     *widget,
                          gconstpointer  label)
{
  return GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

static void
settle (ClpWindow  *window,
        const char *what)
{
  clp_test_spin (0.25);
  clp_test_wait_until (clp_test_list_idle, window, WAIT_SECONDS, what);
  let_paint (1);
}

static void
filter_phase (ClpWindow  *window,
              const char *day,
              const char *author)
{
  ClpFilterBar *bar = CLP_FILTER_BAR (clp_test_find_widget (GTK_WIDGET (window),
                                                            CLP_TYPE_FILTER_BAR));
  ClpArticleListModel *model = clp_window_get_model (window);
  g_autofree char *from = g_strdup_printf ("%sT00:00", day);
  g_autofree char *to = g_strdup_printf ("%sT23:59", day);
  g_autofree char *details = NULL;
  GtkWidget *all;
  GtkEditable *entry;
  guint day_rows, author_rows;
  glong n;

  if (bar == NULL)
    g_error ("The window has no filter bar");
  all = clp_test_find_widget_where (GTK_WIDGET (bar), is_check_button_labelled,
                                    "Apply to _All Articles");
  entry = GTK_EDITABLE (clp_filter_bar_get_author_entry (bar));
  if (all == NULL)
    g_error ("The filter bar has no “Apply to All Articles”");

  phase_begin ("filter");
  clp_filter_bar_set_period (bar, from, to);
  settle (window, "the day's filter");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (all), TRUE);
  settle (window, "the list filtered to the day");
  day_rows = g_list_model_get_n_items (G_LIST_MODEL (model));
  n = author != NULL ? g_utf8_strlen (author, -1) : 0;
  for (glong i = 1; i <= n; i++)
    {
      g_autofree char *typed = g_utf8_substring (author, 0, i);

      gtk_editable_set_text (entry, typed);
      settle (window, "the author's filter");
    }
  author_rows = g_list_model_get_n_items (G_LIST_MODEL (model));
  gtk_widget_activate_action (GTK_WIDGET (bar), "filter-bar.clear", NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (all), FALSE);
  clp_test_spin (0.25);
  clp_test_wait_until (clp_test_list_ready, window, WAIT_SECONDS, "the whole list again");
  let_paint (1);
  details = g_strdup_printf ("day_rows=%u author_rows=%u", day_rows, author_rows);
  phase_end (details);
}

static ClpExportDialog *
find_export_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (CLP_IS_EXPORT_DIALOG (toplevel))
        return CLP_EXPORT_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
no_export_dialog (gpointer data)
{
  return find_export_dialog () == NULL;
}

/* Exports the first @n_rows articles of the list as Clippings JSON through
 * the export dialog, as a reader does, and waits for the file. */
static void
export_phase (ClpWindow  *window,
              const char *path,
              guint       n_rows)
{
  GtkSelectionModel *selection = clp_window_get_selection (window);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autofree char *details = NULL;
  ClpExportDialog *dialog;
  AdwComboRow *row;
  GListModel *formats;
  gint64 start;

  phase_begin ("export");
  gtk_selection_model_select_range (selection, 0, n_rows, TRUE);
  let_paint (1);
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  dialog = find_export_dialog ();
  if (dialog == NULL)
    g_error ("The export dialog did not open");
  row = ADW_COMBO_ROW (clp_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW));
  formats = adw_combo_row_get_model (row);
  for (guint i = 0; i < g_list_model_get_n_items (formats); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (formats), i), "Clippings JSON"))
      adw_combo_row_set_selected (row, i);
  clp_export_dialog_export_to (dialog, target);
  clp_test_wait_until (no_export_dialog, NULL, WAIT_SECONDS, "the export");
  let_paint (2);
  details = g_strdup_printf ("rows=%u ms=%.0f", n_rows, (g_get_monotonic_time () - start) / 1000.0);
  phase_end (details);
  gtk_selection_model_unselect_all (selection);
}

/* Imports @paths through the window, as a drop or the Import dialog does,
 * and waits for the list to take in what came. */
static void
import_phase (ClpWindow *window,
              char     **paths)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  ClpArticleListModel *model = clp_window_get_model (window);
  guint before = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_autofree char *details = NULL;
  gint64 start;

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));
  phase_begin ("import");
  start = g_get_monotonic_time ();
  clp_window_import (window, (GFile **) files->pdata, files->len, FALSE);
  clp_test_wait_until (clp_test_not_importing, window, WAIT_SECONDS, "the import");
  clp_test_spin (0.1);
  clp_test_wait_until (clp_test_list_idle, window, WAIT_SECONDS, "the list after the import");
  let_paint (2);
  details = g_strdup_printf ("ms=%.0f rows_before=%u rows_after=%u",
                             (g_get_monotonic_time () - start) / 1000.0, before,
                             g_list_model_get_n_items (G_LIST_MODEL (model)));
  phase_end (details);
}

static void
print_memory (const char *when)
{
  guint n_web = 0, n_network = 0;
  double web = descendants_rss_mb ("WebKitWebProces", &n_web);
  double network = descendants_rss_mb ("WebKitNetworkPr", &n_network);

  struct mallinfo2 heap = mallinfo2 ();

  /* Resident memory counts the libraries' pages in use too (RssFile),
   * which other processes share. The heap in use and free (malloc's own
   * count over its arenas), and SQLite's part of it, say where the
   * anonymous part goes. */
  g_print ("memory=%s ui_rss_mb=%.0f ui_anon_mb=%.0f ui_file_mb=%.0f ui_shmem_mb=%.0f "
           "ui_pss_mb=%.0f web_rss_mb=%.0f web_processes=%u network_rss_mb=%.0f "
           "heap_used_mb=%.1f heap_free_mb=%.1f sqlite_mb=%.1f\n", when,
           rss_mb ("self"), status_mb ("self", "RssAnon:"), status_mb ("self", "RssFile:"),
           status_mb ("self", "RssShmem:"), pss_mb (), web, n_web, network,
           heap.uordblks / 1048576.0, heap.fordblks / 1048576.0,
           sqlite3_memory_used () / 1048576.0);
}

/* The baseline: what GTK, libadwaita and WebKitGTK cost by themselves, a
 * window with an empty column view beside a web view that has loaded
 * nothing, as the Clippings window is when its list is ready. */
static void
bare_window (void)
{
  GtkWidget *window, *paned, *scroller, *list, *web_view;
  guint timer;

  /* Timed as the window is: the longest stall until the first frame is
   * what any GTK window with a web view costs its main loop. */
  timer = g_timeout_add (TICK_MS, tick_cb, NULL);
  phase_begin ("start");
  window = gtk_window_new ();
  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  scroller = gtk_scrolled_window_new ();
  list = gtk_column_view_new (NULL);
  web_view = webkit_web_view_new ();

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_paned_set_start_child (GTK_PANED (paned), scroller);
  gtk_paned_set_end_child (GTK_PANED (paned), web_view);
  gtk_window_set_child (GTK_WINDOW (window), paned);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
  clp_test_wait_until (first_frame_painted, window, WAIT_SECONDS, "the first frame");
  phase_end (NULL);
  g_source_remove (timer);
  let_paint (2);
  g_print ("start first_frame_ms=%.1f spawn_to_main_ms=%.1f\n",
           (first_frame - main_started) / 1000.0,
           spawned > 0 ? (main_started - spawned) / 1000.0 : 0.0);
  print_memory ("list");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *type = NULL;
  g_autofree char *threads_text = NULL;
  g_auto(GStrv) imports = NULL;
  g_autofree char *filter_day = NULL;
  g_autofree char *filter_author = NULL;
  g_autofree char *export_to = NULL;
  gboolean bare = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The archive", "PATH" },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, "What to type in the search entry", "TEXT" },
    { "threads", 0, 0, G_OPTION_ARG_STRING, &threads_text, "Articles to show", "ID,ID,…" },
    { "import", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &imports, "Files to import", "PATH" },
    { "filter-day", 0, 0, G_OPTION_ARG_STRING, &filter_day,
      "Filter the comments to this day, then to an author", "YYYY-MM-DD" },
    { "filter-author", 0, 0, G_OPTION_ARG_STRING, &filter_author,
      "The author to type in the filters", "NAME" },
    { "export-to", 0, 0, G_OPTION_ARG_FILENAME, &export_to,
      "Export 100 articles there through the export dialog", "PATH" },
    { "bare", 0, 0, G_OPTION_ARG_NONE, &bare,
      "Time and measure a bare GTK window with a web view instead", NULL },
    { "report-stalls", 0, 0, G_OPTION_ARG_INT, &report_ms,
      "Print each stall this long or longer to standard error, with its times", "MS" },
    { "spawned-at", 0, 0, G_OPTION_ARG_INT64, &spawned,
      "When the parent started this process (g_get_monotonic_time())", "µs" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GArray) threads = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpApplication) application = NULL;
  ClpWindow *window;
  gint64 list_ready_at;
  guint timer;

  main_started = g_get_monotonic_time ();

  context = g_option_context_new ("— the window on a big archive, timed");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || (db == NULL && !bare))
    {
      g_printerr ("bench-gui: %s\n", error != NULL ? error->message : "--db is needed");
      return 2;
    }
  threads = threads_text != NULL ? bench_parse_ids (threads_text)
                                 : g_array_new (FALSE, FALSE, sizeof (gint64));

  /* As the GUI tests run: no accessibility bus under xvfb-run. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_init ();
  adw_init ();
  if (bare)
    {
      bare_window ();
      return 0;
    }
  application = clp_application_new (G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (application), NULL, &error))
    {
      g_printerr ("bench-gui: %s\n", error->message);
      return 1;
    }

  /* Start: window to first frame and to a populated list. The timer
   * runs from here, so the "start" phase holds the stalls of opening. */
  print_memory ("init");
  /* Nothing of the bench's own runs in the phase: reading /proc for the
   * memory figures took 20 ms of the main loop's time. */
  timer = g_timeout_add (TICK_MS, tick_cb, NULL);
  phase_begin ("start");
  window = clp_window_new (GTK_APPLICATION (application), db);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
  clp_test_wait_until (first_frame_painted, window, WAIT_SECONDS, "the first frame");
  clp_test_wait_until (clp_test_list_ready, window, WAIT_SECONDS, "the article list");
  list_ready_at = g_get_monotonic_time ();
  g_print ("start first_frame_ms=%.1f list_ms=%.1f rows=%u spawn_to_main_ms=%.1f\n",
           (first_frame - main_started) / 1000.0, (list_ready_at - main_started) / 1000.0,
           g_list_model_get_n_items (G_LIST_MODEL (clp_window_get_model (window))),
           spawned > 0 ? (main_started - spawned) / 1000.0 : 0.0);
  phase_end (NULL);
  print_memory ("list");
  let_paint (2);

  scroll_phase (window);
  if (type != NULL)
    search_phase (window, type);
  select_phase (window, threads);
  /* Back from the last (the largest) thread to a small article. */
  show_row (window, 0);
  let_paint (2);
  clp_test_spin (0.5);
  print_memory ("back");
  if (filter_day != NULL)
    filter_phase (window, filter_day, filter_author);
  if (export_to != NULL)
    export_phase (window, export_to, 100);
  if (imports != NULL)
    import_phase (window, imports);
  print_memory ("end");

  g_source_remove (timer);
  gtk_window_destroy (GTK_WINDOW (window));
  clp_test_spin (0.2);
  return 0;
}
