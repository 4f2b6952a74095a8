/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-util.h"
#include "clp-import.h"
#include "clp-store.h"
#include "clp-test-util.h"
#include "clp-text-importer.h"

/* `make bench`: Clippings at the scale of issue 6 (100,000 articles, 2
 * million comments), each figure next to a bare baseline measured in the
 * same run on the same data. It generates the archive (or reuses one made
 * with the same options), then runs each program as a child process and
 * takes its wall time, CPU time and peak RSS from wait4().
 *
 * The sections of the issue are the bench_*() functions below. A section
 * gets the Bench (folder, archive, manifest, programs) and adds rows to
 * the table. Search runs in this process; the reading view and the window
 * run in bench-reading-view and bench-gui, which need a display (make
 * bench gives them one) and print key=value lines that their sections
 * read. */

#define BENCH_ROWS_MAX 64

/* The programs with a window exist when Clippings is built with its GUI. */
#ifdef BENCH_READING_VIEW
static const char * const reading_view_program = BENCH_READING_VIEW;
#else
static const char * const reading_view_program = NULL;
#endif
#ifdef BENCH_GUI
static const char * const gui_program = BENCH_GUI;
#else
static const char * const gui_program = NULL;
#endif

typedef struct
{
  double wall;     /* seconds */
  double cpu;      /* user + system seconds */
  double rss_mb;   /* peak resident set */
} Measure;

typedef struct
{
  char  *label;
  char  *value;
  char  *baseline;
  char  *ratio;
  char  *target;
  char  *verdict;   /* "met" or "MISSED" for a row with a target, else "" */
} Row;

typedef struct
{
  /* Options. */
  gint64    articles;
  gint64    comments;
  gint64    seed;
  char     *thread_sizes;
  char     *dir;
  gboolean  regenerate;
  gboolean  strict;         /* a missed target fails the run */
  char     *only;           /* section numbers, "2,4", or NULL for all */

  /* What the run made. */
  char     *archive;        /* the generated folder */
  char     *text;           /* its saved-text files */
  char     *clippings_db;   /* imported by clippings-cli */
  char     *baseline_db;    /* imported by the bare baseline */
  GKeyFile *manifest;
  guint64   text_bytes;
  guint64   n_articles;
  guint64   n_comments;
  double    generate_seconds;  /* < 0 when an earlier archive was reused */
  double    scale;             /* of the sizes, 1 for issue 6's */

  Row       rows[BENCH_ROWS_MAX];
  guint     n_rows;
} Bench;

/* The table. */

static void
add_row (Bench      *bench,
         const char *label,
         char       *value,
         char       *baseline,
         char       *ratio,
         const char *target)
{
  Row *row;

  g_assert (bench->n_rows < BENCH_ROWS_MAX);
  row = &bench->rows[bench->n_rows++];
  row->label = g_strdup (label);
  row->value = value != NULL ? value : g_strdup ("");
  row->baseline = baseline != NULL ? baseline : g_strdup ("");
  row->ratio = ratio != NULL ? ratio : g_strdup ("");
  row->target = g_strdup (target != NULL ? target : "");
  /* A target is missed until a section says it is met. */
  row->verdict = g_strdup (*row->target != '\0' ? "MISSED" : "");
}

/* The verdict on the target of the row added last. */
static void
judge (Bench    *bench,
       gboolean  met)
{
  Row *row = &bench->rows[bench->n_rows - 1];

  g_assert (*row->target != '\0');
  g_free (row->verdict);
  row->verdict = g_strdup (met ? "met" : "MISSED");
}

static void
add_section (Bench      *bench,
             const char *title)
{
  add_row (bench, title, NULL, NULL, NULL, NULL);
}

/* A figure next to its baseline; the ratio is Clippings ÷ baseline, so
 * above 1 is better for a rate and worse for a time. */
static void
add_figure (Bench      *bench,
            const char *label,
            int         decimals,
            double      value,
            double      baseline,
            const char *target)
{
  add_row (bench, label, g_strdup_printf ("%.*f", decimals, value),
           isnan (baseline) ? NULL : g_strdup_printf ("%.*f", decimals, baseline),
           isnan (baseline) || baseline == 0 ? NULL : g_strdup_printf ("%.2f×", value / baseline),
           target);
}

static void
add_not_measured (Bench      *bench,
                  const char *label,
                  const char *needs,
                  const char *target)
{
  add_row (bench, label, g_strdup_printf ("not measured: needs %s", needs), NULL, NULL, target);
}

#define N_COLUMNS 6

static void
row_cells (Row         *row,
           const char **cells)
{
  cells[0] = row->label;
  cells[1] = row->value;
  cells[2] = row->baseline;
  cells[3] = row->ratio;
  cells[4] = row->target;
  cells[5] = row->verdict;
}

static void
print_table (Bench *bench)
{
  int widths[N_COLUMNS] = { 6, 9, 13, 5, 6, 7 };
  const char *heads[N_COLUMNS] = { "Figure", "Clippings", "Bare baseline", "Ratio", "Target",
                                   "Verdict" };
  const char *cells[N_COLUMNS];

  for (guint i = 0; i < bench->n_rows; i++)
    {
      row_cells (&bench->rows[i], cells);
      for (int c = 0; c < N_COLUMNS; c++)
        widths[c] = MAX (widths[c], (int) g_utf8_strlen (cells[c], -1) + (c == 0 ? 4 : 0));
    }

  /* Markdown, so that the README can take it as it is. */
  for (int c = 0; c < N_COLUMNS; c++)
    g_print ("| %s%*s ", heads[c], widths[c] - (int) g_utf8_strlen (heads[c], -1), "");
  g_print ("|\n");
  for (int c = 0; c < N_COLUMNS; c++)
    {
      /* Figures align right, words left. */
      gboolean right = c > 0 && c < N_COLUMNS - 1;
      g_autofree char *dashes = g_strnfill (widths[c] - right, '-');

      g_print ("| %s%s ", dashes, right ? ":" : "");
    }
  g_print ("|\n");
  for (guint i = 0; i < bench->n_rows; i++)
    {
      Row *row = &bench->rows[i];
      gboolean section = *row->value == '\0' && *row->baseline == '\0';

      row_cells (row, cells);
      for (int c = 0; c < N_COLUMNS; c++)
        {
          int pad = widths[c] - (int) g_utf8_strlen (cells[c], -1);

          if (c == 0 && section)
            g_print ("| **%s**%*s ", cells[c], MAX (pad - 4, 0), "");
          else if (c == 0 || c == N_COLUMNS - 1)
            g_print ("| %s%*s ", cells[c], pad, "");
          else
            g_print ("| %*s%s ", pad, "", cells[c]);
        }
      g_print ("|\n");
    }
}

/* "Targets: 9 of 12 met; missed: …", and how many were missed. */
static guint
print_verdicts (Bench *bench)
{
  g_autoptr(GString) missed = g_string_new (NULL);
  guint targets = 0, n_missed = 0;

  for (guint i = 0; i < bench->n_rows; i++)
    {
      Row *row = &bench->rows[i];

      if (*row->target == '\0')
        continue;
      targets++;
      if (g_str_equal (row->verdict, "met"))
        continue;
      n_missed++;
      g_string_append_printf (missed, "\n  %s: %s, target %s", row->label, row->value,
                              row->target);
    }
  g_print ("\nTargets: %u of %u met.", targets - n_missed, targets);
  if (n_missed > 0)
    g_print (" Missed:%s", missed->str);
  g_print ("\n");
  return n_missed;
}

/* Child processes. */

static guint64 file_size (const char *path);

static double
seconds_of (struct timeval tv)
{
  return tv.tv_sec + tv.tv_usec / 1e6;
}

/* Runs @argv with its standard output to @out_path (or nowhere) and its
 * standard error to @log_path, and measures it. */
static gboolean
run_measured_watching (const char * const  *argv,
                       const char          *out_path,
                       const char          *log_path,
                       const char          *watch_path,
                       guint64             *watch_peak,
                       Measure             *measure,
                       GError             **error);

static gboolean
run_measured (const char * const  *argv,
              const char          *out_path,
              const char          *log_path,
              Measure             *measure,
              GError             **error)
{
  return run_measured_watching (argv, out_path, log_path, NULL, NULL, measure, error);
}

/* As run_measured(), and the largest size @watch_path had while it ran,
 * looked at every 20 ms. The program runs under bench-peak-rss, so that
 * its peak RSS is its own and not this process's size when it forked,
 * which Linux counts in. */
static gboolean
run_measured_watching (const char * const  *program_argv,
                       const char          *out_path,
                       const char          *log_path,
                       const char          *watch_path,
                       guint64             *watch_peak,
                       Measure             *measure,
                       GError             **error)
{
  g_autofree char *rss_path = g_strdup_printf ("%s.rss", log_path);
  g_autofree char *rss_text = NULL;
  g_autoptr(GPtrArray) wrapped = g_ptr_array_new ();
  const char * const *argv;
  int out_fd = open (out_path != NULL ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int log_fd = open (log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  GPid pid = 0;
  int status = 0;
  gboolean ok;

  g_ptr_array_add (wrapped, (char *) BENCH_PEAK_RSS);
  g_ptr_array_add (wrapped, rss_path);
  for (guint i = 0; program_argv[i] != NULL; i++)
    g_ptr_array_add (wrapped, (char *) program_argv[i]);
  g_ptr_array_add (wrapped, NULL);
  argv = (const char * const *) wrapped->pdata;

  if (out_fd < 0 || log_fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s",
                   out_fd < 0 ? out_path : log_path, g_strerror (errno));
      if (out_fd >= 0)
        close (out_fd);
      return FALSE;
    }
  ok = g_spawn_async_with_pipes_and_fds (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                         -1, out_fd, log_fd, NULL, NULL, 0, &pid, NULL, NULL, NULL,
                                         error);
  close (out_fd);
  close (log_fd);
  if (!ok)
    return FALSE;

  if (watch_peak != NULL)
    *watch_peak = 0;
  for (;;)
    {
      gboolean watching = watch_path != NULL && watch_peak != NULL;
      pid_t done = wait4 (pid, &status, watching ? WNOHANG : 0, &usage);

      if (done < 0 && errno == EINTR)
        continue;
      if (done != 0 || !watching)
        break;
      *watch_peak = MAX (*watch_peak, file_size (watch_path));
      g_usleep (20 * 1000);
    }
  g_spawn_close_pid (pid);
  measure->wall = (g_get_monotonic_time () - start) / 1e6;
  measure->cpu = seconds_of (usage.ru_utime) + seconds_of (usage.ru_stime);
  measure->rss_mb = usage.ru_maxrss / 1024.0;
  if (g_file_get_contents (rss_path, &rss_text, NULL, NULL))
    measure->rss_mb = g_ascii_strtod (rss_text, NULL) / 1024.0;
  g_unlink (rss_path);

  if (!g_spawn_check_wait_status (status, error))
    {
      g_autofree char *log = NULL;

      g_file_get_contents (log_path, &log, NULL, NULL);
      g_prefix_error (error, "%s failed (log: %s)%s%.2000s: ", program_argv[0], log_path,
                      log != NULL ? "\n" : "", log != NULL ? log : "");
      return FALSE;
    }
  return TRUE;
}

static char *
in_dir (Bench      *bench,
        const char *name)
{
  return g_build_filename (bench->dir, name, NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_remove (path);
}

static void
remove_database (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static guint64
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (guint64) buf.st_size : 0;
}

/* The machine, as the README states it. */
static char *
describe_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  g_autofree char *meminfo = NULL;
  g_autofree char *model = NULL;
  guint64 ram_kb = 0;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      const char *line = strstr (cpuinfo, "model name");
      const char *colon = line != NULL ? strchr (line, ':') : NULL;

      if (colon != NULL)
        model = g_strstrip (g_strndup (colon + 1, strcspn (colon + 1, "\n")));
    }
  if (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL))
    {
      const char *line = strstr (meminfo, "MemTotal:");

      if (line != NULL)
        ram_kb = g_ascii_strtoull (line + strlen ("MemTotal:"), NULL, 10);
    }
  return g_strdup_printf ("%u cores (nproc), %s, %.1f GiB RAM; SQLite %s, GLib %u.%u.%u",
                          g_get_num_processors (), model != NULL ? model : "unknown CPU",
                          ram_kb / 1024.0 / 1024.0, sqlite3_libversion (), glib_major_version,
                          glib_minor_version, glib_micro_version);
}

static char *
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");
  text[strcspn (text, " ")] = '\0';
  return g_steal_pointer (&text);
}

/* An archive: generated into @out, or reused when it holds one made with
 * the same generator command line. */
static gboolean
generate_archive (Bench        *bench,
                  const char   *out,
                  gint64        articles,
                  gint64        comments,
                  const char   *thread_sizes,
                  const char   *format,
                  GKeyFile    **manifest,
                  double       *seconds,
                  GError      **error)
{
  g_autofree char *articles_text = g_strdup_printf ("%" G_GINT64_FORMAT, articles);
  g_autofree char *comments_text = g_strdup_printf ("%" G_GINT64_FORMAT, comments);
  g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT, bench->seed);
  g_autofree char *stamp_path = g_strconcat (out, ".cmdline", NULL);
  g_autofree char *log = g_strconcat (out, ".log", NULL);
  g_autofree char *manifest_path = g_build_filename (out, "manifest.ini", NULL);
  g_autofree char *stamp = NULL;
  g_autofree char *previous = NULL;
  const char *argv[] = {
    BENCH_GENERATOR, "--articles", articles_text, "--comments", comments_text, "--seed", seed,
    "--format", format, "--out", out, thread_sizes != NULL ? "--thread-sizes" : NULL,
    thread_sizes, NULL
  };
  Measure measure;

  stamp = g_strjoinv (" ", (char **) argv);
  *seconds = -1;
  if (bench->regenerate ||
      !g_file_get_contents (stamp_path, &previous, NULL, NULL) ||
      !g_str_equal (previous, stamp) ||
      !g_file_test (manifest_path, G_FILE_TEST_EXISTS))
    {
      g_print ("Generating %s articles with %s comments (%s) in %s …\n", articles_text,
               comments_text, format, out);
      g_unlink (stamp_path);
      remove_tree (out);
      if (!run_measured (argv, NULL, log, &measure, error) ||
          !g_file_set_contents (stamp_path, stamp, -1, error))
        return FALSE;
      *seconds = measure.wall;
    }
  else
    g_print ("Reusing the archive in %s (same generator options)\n", out);

  *manifest = g_key_file_new ();
  return g_key_file_load_from_file (*manifest, manifest_path, G_KEY_FILE_NONE, error);
}

/* The archive of issue 6's size, for every section. */
static gboolean
prepare_archive (Bench   *bench,
                 GError **error)
{
  if (!generate_archive (bench, bench->archive, bench->articles, bench->comments,
                         bench->thread_sizes, "text", &bench->manifest, &bench->generate_seconds,
                         error))
    return FALSE;
  bench->text_bytes = g_key_file_get_uint64 (bench->manifest, "archive", "bytes", NULL);
  bench->n_articles = g_key_file_get_uint64 (bench->manifest, "archive", "articles", NULL);
  bench->n_comments = g_key_file_get_uint64 (bench->manifest, "archive", "comments", NULL);
  return TRUE;
}

/* Both archives must hold what the generator wrote, or the comparison
 * compares nothing. */
static gboolean
check_counts_of (const char  *path,
                 guint64      n_articles,
                 guint64      n_comments,
                 GError     **error)
{
  g_autoptr(ClpStore) store = clp_store_open (path, error);
  ClpStoreStats stats;

  if (store == NULL || !clp_store_get_stats (store, &stats, error))
    return FALSE;
  clp_store_stats_clear (&stats);
  if ((guint64) stats.articles != n_articles || (guint64) stats.comments != n_comments)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s holds %" G_GINT64_FORMAT " articles and %" G_GINT64_FORMAT " comments, "
                   "the archive %" G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT, path,
                   stats.articles, stats.comments, n_articles, n_comments);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_counts (Bench       *bench,
              const char  *path,
              GError     **error)
{
  return check_counts_of (path, bench->n_articles, bench->n_comments, error);
}

/* The parser alone: the importer of each file of @folder (as the import
 * picks it from the first bytes) into a sink that only counts. */

static gboolean
parse_alone (const char  *folder,
             guint64      n_comments,
             Measure     *measure,
             GError     **error)
{
  g_autoptr(GFile) root = g_file_new_for_path (folder);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ClpTestSink) sink = clp_test_sink_new_counting ();
  struct rusage before, after;
  gint64 start;

  if (!clp_import_collect_files (&root, 1, files, NULL, error))
    return FALSE;

  getrusage (RUSAGE_SELF, &before);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_file_get_path (g_ptr_array_index (files, i));

      if (!clp_test_import_path (path, "bench", CLP_IMPORT_SINK (sink), error))
        return FALSE;
    }
  measure->wall = (g_get_monotonic_time () - start) / 1e6;
  getrusage (RUSAGE_SELF, &after);
  measure->cpu = seconds_of (after.ru_utime) + seconds_of (after.ru_stime) -
                 seconds_of (before.ru_utime) - seconds_of (before.ru_stime);
  measure->rss_mb = NAN;

  if (sink->n_comments != n_comments)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the parser read %" G_GUINT64_FORMAT " comments, the archive has %"
                   G_GUINT64_FORMAT, sink->n_comments, n_comments);
      return FALSE;
    }
  return TRUE;
}

/* 1. Import. */

static char *group_digits (guint64 n);

/* The bare baseline into @db, in one transaction: the rows file's rows,
 * or with @copy_from those of an archive Clippings imported. */
static gboolean
baseline_import (Bench       *bench,
                 const char  *empty,
                 const char  *rows,
                 const char  *copy_from,
                 const char  *db,
                 const char  *log,
                 Measure     *measure,
                 GError     **error)
{
  const char *argv[6] = { BENCH_BASELINE_IMPORT };
  int n = 1;

  if (copy_from != NULL)
    argv[n++] = "--copy";
  argv[n++] = empty;
  argv[n++] = copy_from != NULL ? copy_from : rows;
  argv[n++] = db;
  argv[n] = NULL;

  remove_database (db);
  return run_measured (argv, NULL, log, measure, error);
}

/* An empty archive, with Clippings' schema, for the baselines to start
 * from. */
static gboolean
make_empty (Bench   *bench,
            char   **empty,
            GError **error)
{
  g_autofree char *log = in_dir (bench, "empty.log");
  Measure measure;

  *empty = in_dir (bench, "empty.db");
  {
    const char *argv[] = { BENCH_CLIPPINGS_CLI, "--db", *empty, "stats", NULL };

    remove_database (*empty);
    return run_measured (argv, NULL, log, &measure, error);
  }
}

/* The write-ahead log holds a batch until the checkpoint after it: it
 * should stay well under what a nearly full disk has left. */
#define WAL_TARGET_MB 20

static gboolean
bench_import (Bench   *bench,
              GError **error)
{
  g_autofree char *clippings_log = in_dir (bench, "clippings-import.log");
  g_autofree char *baseline_log = in_dir (bench, "baseline-import.log");
  g_autofree char *rows = g_build_filename (bench->archive, "rows.tsv", NULL);
  g_autofree char *wal = g_strconcat (bench->clippings_db, "-wal", NULL);
  g_autofree char *empty = NULL;
  g_autofree char *wal_target = g_strdup_printf ("< %d MB", WAL_TARGET_MB);
  const char *clippings_argv[] = {
    BENCH_CLIPPINGS_CLI, "--db", bench->clippings_db, "import", bench->text, NULL
  };
  double mb = bench->text_bytes / 1e6;
  double ratio;
  guint64 wal_peak = 0;
  Measure baseline, clippings, parser;

  g_print ("Importing with the bare baseline …\n");
  if (!make_empty (bench, &empty, error) ||
      !baseline_import (bench, empty, rows, NULL, bench->baseline_db, baseline_log, &baseline,
                        error) ||
      !check_counts (bench, bench->baseline_db, error))
    return FALSE;

  g_print ("Importing with clippings-cli …\n");
  remove_database (bench->clippings_db);
  if (!run_measured_watching (clippings_argv, NULL, clippings_log, wal, &wal_peak, &clippings,
                              error) ||
      !check_counts (bench, bench->clippings_db, error))
    return FALSE;
  g_print ("Parsing alone …\n");
  if (!parse_alone (bench->text, bench->n_comments, &parser, error))
    return FALSE;

  add_section (bench, "1. Import of the folder");
  ratio = baseline.wall / clippings.wall;
  add_figure (bench, "comments/s", 0, bench->n_comments / clippings.wall,
              bench->n_comments / baseline.wall, "≥ 0.6×");
  judge (bench, ratio >= 0.6);
  add_figure (bench, "MB/s of saved text", 1, mb / clippings.wall, mb / baseline.wall, "");
  add_figure (bench, "wall time, s", 1, clippings.wall, baseline.wall, "");
  add_figure (bench, "CPU time (user+sys), s", 1, clippings.cpu, baseline.cpu, "");
  add_figure (bench, "peak RSS, MB", 0, clippings.rss_mb, baseline.rss_mb, "");
  add_figure (bench, "archive size, MB", 0,
              (file_size (bench->clippings_db) + 0.0) / 1e6,
              (file_size (bench->baseline_db) + 0.0) / 1e6, "");
  add_figure (bench, "peak write-ahead log, MB", 1, wal_peak / 1e6, NAN, wal_target);
  judge (bench, wal_peak / 1e6 < WAL_TARGET_MB);
  add_figure (bench, "parser alone (counting sink), MB/s", 1, mb / parser.wall, NAN, "");
  return TRUE;
}

/* 6. Imports of a smaller archive, 5,000 articles × 40 comments at full
 * scale, into a new archive, in each format Clippings reads: the folder of
 * saved pages against the bare load of the generator's rows, and the
 * single-file exports (Disqus, WordPress, Clippings JSON) against the bare
 * load of the rows Clippings made of them (bench-baseline-import --copy).
 * Both in one transaction. */

static const struct
{
  const char *format;
  const char *label;
} import_formats[] = {
  { "text", "folder of saved pages, comments/s" },
  { "disqus", "Disqus export (one file), comments/s" },
  { "wxr", "WordPress export (one file), comments/s" },
  { "json", "Clippings JSON (one file), comments/s" },
};

static gboolean
bench_import_format (Bench      *bench,
                     const char *empty,
                     const char *format,
                     const char *label,
                     gint64      articles,
                     gint64      comments,
                     GError    **error)
{
  g_autofree char *name = g_strdup_printf ("archive-5k-%s", format);
  g_autofree char *out = in_dir (bench, name);
  g_autofree char *folder = g_build_filename (out, format, NULL);
  g_autofree char *rows = g_build_filename (out, "rows.tsv", NULL);
  g_autofree char *db_name = g_strdup_printf ("import-%s.db", format);
  g_autofree char *base_name = g_strdup_printf ("import-%s-baseline.db", format);
  g_autofree char *log_name = g_strdup_printf ("import-%s.log", format);
  g_autofree char *base_log_name = g_strdup_printf ("import-%s-baseline.log", format);
  g_autofree char *db = in_dir (bench, db_name);
  g_autofree char *base_db = in_dir (bench, base_name);
  g_autofree char *log = in_dir (bench, log_name);
  g_autofree char *base_log = in_dir (bench, base_log_name);
  g_autoptr(GKeyFile) manifest = NULL;
  const char *argv[] = { BENCH_CLIPPINGS_CLI, "--db", db, "import", folder, NULL };
  guint64 n_articles, n_comments;
  double seconds;
  Measure clippings, baseline, parser;
  g_autofree char *parser_label = NULL;
  gboolean text = g_str_equal (format, "text");

  if (!generate_archive (bench, out, articles, comments, NULL, format, &manifest, &seconds,
                         error))
    return FALSE;
  n_articles = g_key_file_get_uint64 (manifest, "archive", "articles", NULL);
  n_comments = g_key_file_get_uint64 (manifest, "archive", "comments", NULL);

  g_print ("Importing the %s archive with clippings-cli and the bare baseline …\n", format);
  remove_database (db);
  if (!run_measured (argv, NULL, log, &clippings, error) ||
      !check_counts_of (db, n_articles, n_comments, error) ||
      !baseline_import (bench, empty, rows, text ? NULL : db, base_db, base_log, &baseline,
                        error) ||
      !check_counts_of (base_db, n_articles, n_comments, error))
    return FALSE;
  remove_database (db);
  remove_database (base_db);

  add_figure (bench, label, 0, n_comments / clippings.wall, n_comments / baseline.wall,
              "≥ 0.6×");
  judge (bench, baseline.wall / clippings.wall >= 0.6);

  /* What reading the files costs before anything is written: the bare
   * load plus the parser is the fastest an import could be. */
  if (!parse_alone (folder, n_comments, &parser, error))
    return FALSE;
  g_free (parser_label);
  parser_label = g_strdup_printf ("  bare load + parser alone, comments/s");
  add_figure (bench, parser_label, 0, n_comments / (baseline.wall + parser.wall),
              n_comments / baseline.wall, "");
  return TRUE;
}

static gboolean
bench_import_formats (Bench   *bench,
                      GError **error)
{
  gint64 articles = MAX (1, (gint64) (5000 * bench->scale + 0.5));
  gint64 comments = (gint64) (200000 * bench->scale + 0.5);
  g_autofree char *empty = NULL;
  g_autofree char *a = group_digits (articles);
  g_autofree char *per = group_digits (comments / articles);
  g_autofree char *title = g_strdup_printf ("6. Import of %s articles × %s comments, new archive",
                                            a, per);

  if (!make_empty (bench, &empty, error))
    return FALSE;
  add_section (bench, title);
  for (guint i = 0; i < G_N_ELEMENTS (import_formats); i++)
    if (!bench_import_format (bench, empty, import_formats[i].format, import_formats[i].label,
                              articles, comments, error))
      return FALSE;
  return TRUE;
}

/* 2. Search: the first page (50 hits) of some twenty queries picked from
 * the manifest, through clp_query_parse() and clp_store_search() in this
 * process on the Clippings archive, against the same words as bare FTS5
 * queries on the baseline archive (same schema, same rows): ORDER BY rowid
 * for the default order, ORDER BY rank (bm25) for relevance. Each query
 * runs once to warm the caches, then SEARCH_RUNS times each way; the
 * percentiles are over queries × runs. */

#define SEARCH_PAGE 50
#define SEARCH_RUNS 5

enum { BY_TIME, BY_RANK, N_SEARCH_ORDERS };
enum { CLIPPINGS, BARE, N_SIDES };

typedef struct
{
  const char *kind;
  char       *text;           /* as a user types it */
  char       *match;          /* the same words as an FTS5 query, or NULL */
  char       *author;         /* a comment author's whole name, or NULL */
  char       *after;          /* a time range, both or neither */
  char       *before;
  gboolean    comments_only;  /* in:comments, is:reply, author: */
  gboolean    reply;

  double      ms[N_SEARCH_ORDERS][N_SIDES][SEARCH_RUNS];
  guint       hits[N_SEARCH_ORDERS][N_SIDES];
} SearchQuery;

static void
search_query_free (SearchQuery *query)
{
  g_free (query->text);
  g_free (query->match);
  g_free (query->author);
  g_free (query->after);
  g_free (query->before);
  g_free (query);
}

static SearchQuery *
add_query (GPtrArray  *queries,
           const char *kind,
           char       *text,
           char       *match)
{
  SearchQuery *query = g_new0 (SearchQuery, 1);

  query->kind = kind;
  query->text = text;
  query->match = match;
  g_ptr_array_add (queries, query);
  return query;
}

/* The first @length characters of @word and a star, as typed and as FTS5
 * reads it. */
static SearchQuery *
add_prefix_query (GPtrArray  *queries,
                  const char *kind,
                  const char *word,
                  int         length)
{
  g_autofree char *prefix = g_utf8_substring (word, 0, MIN (length, g_utf8_strlen (word, -1)));
  g_autofree char *quoted = clp_query_quote (prefix);

  return add_query (queries, kind, g_strdup_printf ("%s*", prefix),
                    g_strdup_printf ("%s*", quoted));
}

static char *
month_of (int index)
{
  return g_strdup_printf ("%04d-%02d", index / 12, index % 12 + 1);
}

/* A month in the middle of the comments' times, as after: and before:. */
static void
middle_month (GKeyFile  *manifest,
              char     **after,
              char     **before)
{
  g_autofree char *first = g_key_file_get_string (manifest, "archive", "first-comment", NULL);
  g_autofree char *last = g_key_file_get_string (manifest, "archive", "last-comment", NULL);
  int a = 2019 * 12, b = 2019 * 12;
  int year, month;

  if (first != NULL && sscanf (first, "%d-%d", &year, &month) == 2)
    a = year * 12 + month - 1;
  if (last != NULL && sscanf (last, "%d-%d", &year, &month) == 2)
    b = year * 12 + month - 1;
  *after = month_of ((a + b) / 2);
  *before = month_of ((a + b) / 2 + 1);
}

/* A word of a [words] or [authors] list, counting from the end when
 * @index is negative; lists shorter than asked give their last. */
static const char *
pick (GStrv list,
      int   index)
{
  int n = g_strv_length (list);

  g_assert (n > 0);
  if (index < 0)
    index = MAX (0, n + index);
  return list[MIN (index, n - 1)];
}

static GPtrArray *
make_queries (GKeyFile  *manifest,
              GError   **error)
{
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func ((GDestroyNotify) search_query_free);
  g_auto(GStrv) common = g_key_file_get_string_list (manifest, "words", "common", NULL, error);
  g_auto(GStrv) rare = common != NULL ? g_key_file_get_string_list (manifest, "words", "rare",
                                                                    NULL, error) : NULL;
  g_auto(GStrv) phrases = rare != NULL ? g_key_file_get_string_list (manifest, "words", "phrases",
                                                                     NULL, error) : NULL;
  g_auto(GStrv) authors = phrases != NULL ? g_key_file_get_string_list (manifest, "authors", "top",
                                                                        NULL, error) : NULL;
  g_autofree char *c0 = NULL, *c1 = NULL, *c2 = NULL, *c3 = NULL, *c5 = NULL;
  g_autofree char *r0 = NULL, *r1 = NULL, *rn = NULL, *p0 = NULL, *p1 = NULL, *p2 = NULL;
  g_autofree char *a0 = NULL, *a5 = NULL;
  g_autofree int *rare_counts = NULL;
  gsize n_rare_counts = 0;
  const char *other_script = NULL;
  SearchQuery *query;
  int rarest = 0;

  if (authors == NULL)
    return NULL;
  if (*common == NULL || *rare == NULL || *phrases == NULL || *authors == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "the manifest lists no common or rare words, phrases or authors");
      return NULL;
    }

  rare_counts = g_key_file_get_integer_list (manifest, "words", "rare-comments", &n_rare_counts,
                                             NULL);

  /* Quoted as the query language and FTS5 both read them. */
  c0 = clp_query_quote (pick (common, 0));
  c1 = clp_query_quote (pick (common, 1));
  c2 = clp_query_quote (pick (common, 2));
  c3 = clp_query_quote (pick (common, 3));
  c5 = clp_query_quote (pick (common, 5));
  /* The rarest word that is there at all. */
  for (gsize i = 0; i < n_rare_counts && rare_counts[i] == 0 && rare[rarest + 1] != NULL; i++)
    rarest++;
  r0 = clp_query_quote (pick (rare, rarest));
  r1 = clp_query_quote (pick (rare, rarest + 1));
  rn = clp_query_quote (pick (rare, -1));
  p0 = clp_query_quote (pick (phrases, 0));
  p1 = clp_query_quote (pick (phrases, 1));
  p2 = clp_query_quote (pick (phrases, 2));
  a0 = clp_query_quote (pick (authors, 0));
  for (guint i = 0; authors[i] != NULL && other_script == NULL; i++)
    if (!g_str_is_ascii (authors[i]))
      other_script = authors[i];
  a5 = clp_query_quote (other_script != NULL ? other_script : pick (authors, 5));

#define WORDS(kind, text, match) add_query (queries, kind, g_strdup (text), g_strdup (match))
#define WORDS_PRINTF(kind, match, ...) \
  add_query (queries, kind, g_strdup_printf (__VA_ARGS__), match)
  WORDS ("rarest word", pick (rare, rarest), r0);
  WORDS ("rare word", pick (rare, -1), rn);
  WORDS ("commonest word", pick (common, 0), c0);
  WORDS ("common word", pick (common, 5), c5);
  WORDS_PRINTF ("two common words", g_strdup_printf ("%s AND %s", c0, c1), "%s %s",
                pick (common, 0), pick (common, 1));
  WORDS_PRINTF ("common and rare word", g_strdup_printf ("%s AND %s", c0, rn), "%s %s",
                pick (common, 0), pick (rare, -1));
  WORDS ("phrase", p0, p0);
  WORDS ("phrase", p2, p2);
  add_prefix_query (queries, "prefix of 3 letters", pick (common, 0), 3);
  add_prefix_query (queries, "prefix of 5 letters", pick (common, 2), 5);
  add_prefix_query (queries, "prefix of a rare word", pick (rare, rarest), 4);
  WORDS_PRINTF ("either of two rare words", g_strdup_printf ("%s OR %s", r0, r1), "%s OR %s",
                pick (rare, rarest), pick (rare, rarest + 1));
  WORDS_PRINTF ("word without a common one", g_strdup_printf ("%s NOT %s", c1, c0), "%s -%s",
                pick (common, 1), pick (common, 0));
  WORDS_PRINTF ("rare word without a common one", g_strdup_printf ("%s NOT %s", rn, c0),
                "%s -%s", pick (rare, -1), pick (common, 0));

  query = WORDS_PRINTF ("frequent author", NULL, "author:%s", a0);
  query->author = g_strdup (pick (authors, 0));
  query->comments_only = TRUE;
  query = WORDS_PRINTF ("author in another script", NULL, "author:%s", a5);
  query->author = g_strdup (other_script != NULL ? other_script : pick (authors, 5));
  query->comments_only = TRUE;
  query = WORDS_PRINTF ("word by an author", g_strdup (c0), "%s author:%s", pick (common, 0), a0);
  query->author = g_strdup (pick (authors, 0));
  query->comments_only = TRUE;

  query = add_query (queries, "one month", NULL, NULL);
  middle_month (manifest, &query->after, &query->before);
  query->text = g_strdup_printf ("after:%s before:%s", query->after, query->before);
  query = add_query (queries, "word in one month", g_strdup (c1), NULL);
  middle_month (manifest, &query->after, &query->before);
  query->text = g_strdup_printf ("%s after:%s before:%s", pick (common, 1), query->after,
                                 query->before);

  query = WORDS_PRINTF ("word, comments only", g_strdup (c3), "in:comments %s", pick (common, 3));
  query->comments_only = TRUE;
  query = WORDS_PRINTF ("phrase, comments only", g_strdup (p1), "in:comments %s", p1);
  query->comments_only = TRUE;
  query = WORDS_PRINTF ("word in replies", g_strdup (c2), "is:reply %s", pick (common, 2));
  query->comments_only = TRUE;
  query->reply = TRUE;
#undef WORDS
#undef WORDS_PRINTF

  return g_steal_pointer (&queries);
}

/* The first page of @query through the query language and the store, in
 * milliseconds; -1 with @error set. */
static double
clippings_search (ClpStore        *store,
                  SearchQuery     *query,
                  ClpSearchOrder   order,
                  guint           *n_hits,
                  GError         **error)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(ClpQuery) parsed = clp_query_parse (query->text, error);
  g_autoptr(GPtrArray) hits = NULL;

  if (parsed == NULL)
    return -1;
  hits = clp_store_search (store, parsed, order, 0, SEARCH_PAGE, NULL, error);
  if (hits == NULL)
    return -1;
  *n_hits = hits->len;
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The bare query of one table: the full-text index joined to the rows, or
 * the rows alone when there are no words; the other conditions as plain
 * SQL, every value bound. */
static const struct
{
  const char *columns;
  const char *fts;
  const char *table;
  const char *visible;
  const char *time;
  const char *id;
  const char *text_column;  /* where a plain word is looked for */
} bare_tables[] = {
  { "c.id, c.article_id, c.author, c.posted_at, c.text", "comments_fts", "comments c",
    "c.status = 0", "c.posted_at", "c.id", "{text} : " },
  { "a.id, a.id, NULL, a.published, a.title", "articles_fts", "articles a", "1", "a.published",
    "a.id", "" },
};

static gboolean
bare_search_table (sqlite3      *db,
                   SearchQuery  *query,
                   guint         table,
                   gboolean      by_rank,
                   guint        *n_hits,
                   GError      **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *fts = bare_tables[table].fts;
  int rc;

  g_string_append_printf (sql, "%s FROM ", bare_tables[table].columns);
  if (query->match != NULL)
    g_string_append_printf (sql, "%s JOIN %s ON %s = %s.rowid WHERE %s MATCH :match AND ", fts,
                            bare_tables[table].table, bare_tables[table].id, fts, fts);
  else
    g_string_append_printf (sql, "%s WHERE ", bare_tables[table].table);
  g_string_append (sql, bare_tables[table].visible);
  if (query->author != NULL)
    g_string_append (sql, " AND c.author = :author COLLATE NOCASE");
  if (query->after != NULL)
    g_string_append_printf (sql, " AND %s >= :after AND %s < :before", bare_tables[table].time,
                            bare_tables[table].time);
  if (query->reply)
    g_string_append (sql, " AND c.parent_id IS NOT NULL");
  if (query->match != NULL)
    g_string_append_printf (sql, " ORDER BY %s.%s", fts, by_rank ? "rank" : "rowid DESC");
  else
    g_string_append_printf (sql, " ORDER BY %s DESC",
                            query->after != NULL ? bare_tables[table].time : bare_tables[table].id);
  g_string_append_printf (sql, " LIMIT %d", SEARCH_PAGE);

  if (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql->str, sqlite3_errmsg (db));
      return FALSE;
    }
  if (query->match != NULL)
    {
      match = g_strdup_printf ("%s(%s)", bare_tables[table].text_column, query->match);
      sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":match"), match, -1, SQLITE_STATIC);
    }
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":author"), query->author, -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":after"), query->after, -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":before"), query->before, -1,
                     SQLITE_STATIC);
  /* Every column is read, as a caller showing the hits would. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        sqlite3_column_text (stmt, c);
      (*n_hits)++;
    }
  if (rc != SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", sql->str, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/* Both tables' first pages, as Clippings searches both. */
static double
bare_search (sqlite3      *db,
             SearchQuery  *query,
             gboolean      by_rank,
             guint        *n_hits,
             GError      **error)
{
  gint64 start = g_get_monotonic_time ();

  *n_hits = 0;
  if (!bare_search_table (db, query, 0, by_rank, n_hits, error) ||
      (!query->comments_only && !bare_search_table (db, query, 1, by_rank, n_hits, error)))
    return -1;
  *n_hits = MIN (*n_hits, SEARCH_PAGE);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
query_percentile (SearchQuery *query,
                  int          order,
                  int          side,
                  double       p)
{
  double values[SEARCH_RUNS];

  memcpy (values, query->ms[order][side], sizeof values);
  return bench_percentile (values, SEARCH_RUNS, p);
}

/* "p50 / p95" of every run of the queries ranked in @order. */
static void
add_percentile_rows (Bench      *bench,
                     GPtrArray  *queries,
                     int         order,
                     const char *label,
                     const char *target)
{
  g_autoptr(GArray) clippings_values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_values = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *values[N_SIDES] = { clippings_values, bare_values };
  SearchQuery *worst = NULL;
  double p50[N_SIDES], p95[N_SIDES];
  g_autofree char *worst_label = NULL;

  for (guint i = 0; i < queries->len; i++)
    {
      SearchQuery *query = g_ptr_array_index (queries, i);

      if (order == BY_RANK && query->match == NULL)
        continue;
      for (int side = 0; side < N_SIDES; side++)
        g_array_append_vals (values[side], query->ms[order][side], SEARCH_RUNS);
      if (worst == NULL || query_percentile (query, order, CLIPPINGS, 0.5) >
                           query_percentile (worst, order, CLIPPINGS, 0.5))
        worst = query;
    }
  for (int side = 0; side < N_SIDES; side++)
    {
      p50[side] = bench_percentile ((double *) values[side]->data, values[side]->len, 0.5);
      p95[side] = bench_percentile ((double *) values[side]->data, values[side]->len, 0.95);
    }

  add_row (bench, label, g_strdup_printf ("%.1f / %.1f", p50[CLIPPINGS], p95[CLIPPINGS]),
           g_strdup_printf ("%.1f / %.1f", p50[BARE], p95[BARE]),
           g_strdup_printf ("%.2f× / %.2f×", p50[CLIPPINGS] / p50[BARE], p95[CLIPPINGS] / p95[BARE]),
           target);
  if (order == BY_RANK)
    judge (bench, p50[CLIPPINGS] <= p50[BARE] && p95[CLIPPINGS] <= p95[BARE]);
  else
    judge (bench, p95[CLIPPINGS] <= 30);
  worst_label = g_strdup_printf ("slowest: `%s` (%s), median ms", worst->text, worst->kind);
  add_figure (bench, worst_label, 1, query_percentile (worst, order, CLIPPINGS, 0.5),
              query_percentile (worst, order, BARE, 0.5), "");
}

static gboolean
bench_search (Bench   *bench,
              GError **error)
{
  g_autoptr(GPtrArray) queries = make_queries (bench->manifest, error);
  g_autoptr(ClpStore) store = NULL;
  g_autofree char *label = NULL;
  sqlite3 *db = NULL;
  gboolean ok = TRUE;
  guint n_ranked = 0;

  if (queries == NULL)
    return FALSE;
  store = clp_store_open (bench->clippings_db, error);
  if (store == NULL)
    return FALSE;
  if (sqlite3_open_v2 (bench->baseline_db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", bench->baseline_db,
                   sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }

  g_print ("Searching: %u queries, first page of %d, %d runs each way …\n", queries->len,
           SEARCH_PAGE, SEARCH_RUNS);
  for (guint i = 0; i < queries->len && ok; i++)
    {
      SearchQuery *query = g_ptr_array_index (queries, i);

      for (int order = BY_TIME; order < N_SEARCH_ORDERS && ok; order++)
        {
          ClpSearchOrder clp_order = order == BY_RANK ? CLP_SEARCH_ORDER_RELEVANCE
                                                      : CLP_SEARCH_ORDER_NEWEST;

          /* Without words there is nothing to rank. */
          if (order == BY_RANK && query->match == NULL)
            continue;
          /* The first run warms the caches and is not counted. */
          for (int run = -1; run < SEARCH_RUNS && ok; run++)
            {
              guint hits[N_SIDES];
              double ms[N_SIDES];

              ms[CLIPPINGS] = clippings_search (store, query, clp_order, &hits[CLIPPINGS], error);
              ms[BARE] = ms[CLIPPINGS] < 0 ? -1 : bare_search (db, query, order == BY_RANK,
                                                               &hits[BARE], error);
              ok = ms[BARE] >= 0;
              for (int side = 0; side < N_SIDES && ok && run >= 0; side++)
                {
                  query->ms[order][side][run] = ms[side];
                  query->hits[order][side] = hits[side];
                }
            }
        }
      if (ok)
        {
          /* Padded in characters, not bytes. */
          int width = 44 + (int) strlen (query->text) - (int) g_utf8_strlen (query->text, -1);

          g_print ("  %-32s %-*s %3u hits  %8.1f ms (bare %7.1f)", query->kind, width, query->text,
                   query->hits[BY_TIME][CLIPPINGS],
                   query_percentile (query, BY_TIME, CLIPPINGS, 0.5),
                   query_percentile (query, BY_TIME, BARE, 0.5));
          if (query->match != NULL)
            g_print ("  relevance %8.1f ms (bare %7.1f)",
                     query_percentile (query, BY_RANK, CLIPPINGS, 0.5),
                     query_percentile (query, BY_RANK, BARE, 0.5));
          g_print ("\n");
          n_ranked += query->match != NULL;
        }
    }
  sqlite3_close (db);
  if (!ok)
    return FALSE;

  add_section (bench, "2. Search, first page of 50");
  label = g_strdup_printf ("p50 / p95 of %u queries, newest first, ms", queries->len);
  add_percentile_rows (bench, queries, BY_TIME, label, "p95 ≤ 30 ms");
  g_free (label);
  label = g_strdup_printf ("p50 / p95 of the %u with words, relevance, ms", n_ranked);
  add_percentile_rows (bench, queries, BY_RANK, label, "p50, p95 ≤ 1.0×");
  return TRUE;
}

/* Programs with a window: bench-reading-view and bench-gui print lines
 * of key=value fields, which their sections read back. They need a
 * display; `make bench` runs everything under xvfb-run. */

static gboolean
has_display (void)
{
  return g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;
}

/* The lines of @path that hold fields, each as a table of key -> value. */
static GPtrArray *
read_records (const char  *path,
              GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", -1);
      GHashTable *record = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      for (guint k = 0; fields[k] != NULL; k++)
        {
          const char *equals = strchr (fields[k], '=');

          if (equals != NULL)
            g_hash_table_insert (record, g_strndup (fields[k], equals - fields[k]),
                                 g_strdup (equals + 1));
        }
      if (g_hash_table_size (record) > 0)
        g_ptr_array_add (records, record);
      else
        g_hash_table_unref (record);
    }
  return g_steal_pointer (&records);
}

/* A field as a number; NAN when it is missing. */
static double
field (GHashTable *record,
       const char *key)
{
  const char *value = g_hash_table_lookup (record, key);

  return value != NULL ? g_ascii_strtod (value, NULL) : NAN;
}

/* Runs a program with a window and reads its records. */
static gboolean
run_window_program (Bench                *bench,
                    const char           *name,
                    const char * const   *argv,
                    GPtrArray           **records,
                    GError              **error)
{
  g_autofree char *out_name = g_strdup_printf ("%s.out", name);
  g_autofree char *log_name = g_strdup_printf ("%s.log", name);
  g_autofree char *out = in_dir (bench, out_name);
  g_autofree char *log = in_dir (bench, log_name);
  Measure measure;

  *records = NULL;
  if (!run_measured (argv, out, log, &measure, error))
    return FALSE;
  *records = read_records (out, error);
  return *records != NULL;
}

/* Why a section with a window cannot run, or NULL. */
static const char *
window_missing (const char *program)
{
  if (program == NULL)
    return "Clippings built with its GUI (-Dgui=true)";
  if (!has_display ())
    return "a display (make bench runs it under xvfb-run)";
  return NULL;
}

/* 1234567 as "1,234,567", as the README writes thread sizes. */
static char *
group_digits (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *grouped = g_string_new (NULL);
  gsize length = strlen (digits);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append_c (grouped, ',');
      g_string_append_c (grouped, digits[i]);
    }
  return g_string_free (grouped, FALSE);
}

/* The manifest's huge threads ([threads] article-ids, ids in both
 * archives) as "id,id,…", and the largest of them. */
static char *
huge_threads (Bench    *bench,
              gint64   *largest_id,
              int      *largest_size,
              GError  **error)
{
  g_autofree int *ids = NULL;
  g_autofree int *sizes = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  gsize n_ids = 0, n_sizes = 0;

  ids = g_key_file_get_integer_list (bench->manifest, "threads", "article-ids", &n_ids, error);
  if (ids == NULL)
    return NULL;
  sizes = g_key_file_get_integer_list (bench->manifest, "threads", "sizes", &n_sizes, NULL);
  *largest_id = 0;
  *largest_size = 0;
  for (gsize i = 0; i < n_ids; i++)
    {
      g_string_append_printf (list, "%s%d", i > 0 ? "," : "", ids[i]);
      if (i < n_sizes && sizes[i] > *largest_size)
        {
          *largest_size = sizes[i];
          *largest_id = ids[i];
        }
    }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* 3. Reading view: bench-reading-view on the manifest's huge threads
 * ([threads] article-ids, ids in both archives): the renderer's time for
 * the whole thread and for its first page, and the time from asking the
 * reading view for the article to WebKit's load-finished of its first
 * page, against a bare WebKitWebView loading the whole thread as one
 * static page. Target: a 50,000-comment thread's first screen within
 * 0.5 s. */
static gboolean
bench_reading_view (Bench   *bench,
                    GError **error)
{
  const char *target = "≤ 500 ms";
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *threads = NULL;
  gint64 largest_id;
  int largest_size;
  guint largest = 0;

  add_section (bench, "3. Reading view");
  if (window_missing (reading_view_program) != NULL)
    {
      add_not_measured (bench, "first screen of the largest thread",
                        window_missing (reading_view_program), target);
      return TRUE;
    }
  threads = huge_threads (bench, &largest_id, &largest_size, error);
  if (threads == NULL)
    return FALSE;
  {
    const char *argv[] = {
      reading_view_program, "--db", bench->clippings_db, "--articles", threads, NULL
    };

    g_print ("Showing threads of %s comments in the reading view …\n", bench->thread_sizes);
    if (!run_window_program (bench, "reading-view", argv, &records, error))
      return FALSE;
  }

  for (guint i = 0; i < records->len; i++)
    {
      GHashTable *record = g_ptr_array_index (records, i);
      g_autofree char *size = group_digits ((guint64) field (record, "thread"));
      g_autofree char *label = g_strdup_printf ("HTML of %s comments, whole / first page, ms",
                                                size);

      add_row (bench, label, g_strdup_printf ("%.1f / %.1f", field (record, "html_whole_ms"),
                                              field (record, "html_page_ms")),
               NULL, NULL, NULL);
    }
  for (guint i = 0; i < records->len; i++)
    if (field (g_ptr_array_index (records, i), "thread") >
        field (g_ptr_array_index (records, largest), "thread"))
      largest = i;
  for (guint i = 0; i < records->len; i++)
    {
      GHashTable *record = g_ptr_array_index (records, i);
      g_autofree char *size = group_digits ((guint64) field (record, "thread"));
      g_autofree char *label = g_strdup_printf ("first screen of %s comments, ms", size);

      add_figure (bench, label, 0, field (record, "view_ms"), field (record, "bare_ms"),
                  i == largest ? target : "");
      if (i == largest)
        judge (bench, field (record, "view_ms") <= 500);
    }
  return TRUE;
}

/* 4. The window: bench-gui on a copy of the Clippings archive (its last
 * phase imports into it), against bench-gui --bare, a window with an empty
 * column view and a web view, for what GTK, libadwaita and WebKitGTK cost
 * by themselves. From the top of main() to the first painted frame and to
 * a populated list; resident memory; and the longest main-loop stall (a
 * 10 ms timer measuring its own lateness) while scrolling the list, typing
 * a search, showing articles (the huge threads among them) and importing a
 * few new articles. Targets: list within 1 s, 150 MB, no stall over 50 ms. */

/* The first record with @key, and with @value if not NULL. */
static GHashTable *
find_record (GPtrArray  *records,
             const char *key,
             const char *value)
{
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      GHashTable *record = g_ptr_array_index (records, i);
      const char *found = g_hash_table_lookup (record, key);

      if (found != NULL && (value == NULL || g_str_equal (found, value)))
        return record;
    }
  return NULL;
}

/* A few articles the archive does not hold, for the import phase. */
static gboolean
make_import_sample (Bench       *bench,
                    char       **folder,
                    GError     **error)
{
  g_autofree char *out = in_dir (bench, "window-import");
  g_autofree char *log = in_dir (bench, "window-import.log");
  const char *argv[] = {
    BENCH_GENERATOR, "--articles", "5", "--comments", "500", "--seed", "7", "--out", out, NULL
  };
  Measure measure;

  remove_tree (out);
  if (!run_measured (argv, NULL, log, &measure, error))
    return FALSE;
  *folder = g_build_filename (out, "text", NULL);
  return TRUE;
}

static gboolean
copy_archive (const char  *from,
              const char  *to,
              GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);

  remove_database (to);
  return g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

static const char * const stall_phases[][2] = {
  { "scroll", "longest stall: scrolling the list, ms" },
  { "search", "longest stall: typing a search, ms" },
  { "select", "longest stall: showing articles, ms" },
  { "filter", "longest stall: filtering comments (a day, an author), ms" },
  { "export", "longest stall: exporting 100 articles, ms" },
  { "import", "longest stall: importing 5 articles, ms" },
};

/* Runs bench-gui on a copy of the archive and bench-gui --bare. */
static gboolean
run_window (Bench       *bench,
            const char  *threads,
            GPtrArray  **records,
            GPtrArray  **bare,
            GError     **error)
{
  g_autofree char *window_db = in_dir (bench, "window.db");
  g_auto(GStrv) phrases = g_key_file_get_string_list (bench->manifest, "words", "phrases", NULL,
                                                      error);
  g_auto(GStrv) authors = g_key_file_get_string_list (bench->manifest, "authors", "top", NULL,
                                                      NULL);
  g_autofree char *import = NULL;
  g_autofree char *spawned = NULL;
  g_autofree char *export_to = in_dir (bench, "window-export.json");
  g_autofree char *after = NULL;
  g_autofree char *before = NULL;
  g_autofree char *day = NULL;
  gboolean ok;

  if (phrases == NULL)
    return FALSE;
  /* A day in the middle of the comments' times. */
  middle_month (bench->manifest, &after, &before);
  day = g_strdup_printf ("%s-15", after);
  g_print ("Driving the window …\n");
  if (!make_import_sample (bench, &import, error) ||
      !copy_archive (bench->clippings_db, window_db, error))
    return FALSE;
  spawned = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  {
    /* The first phrase is typed as words, a character at a time. */
    const char *argv[] = {
      gui_program, "--db", window_db, "--type", phrases[0] != NULL ? phrases[0] : "ferry",
      "--threads", threads, "--import", import, "--spawned-at", spawned,
      "--filter-day", day, "--export-to", export_to,
      "--filter-author", authors != NULL && authors[0] != NULL ? authors[0] : "Marit", NULL
    };

    ok = run_window_program (bench, "window", argv, records, error);
  }
  remove_database (window_db);
  g_unlink (export_to);
  if (!ok)
    return FALSE;
  g_free (spawned);
  spawned = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  {
    const char *argv[] = { gui_program, "--bare", "--spawned-at", spawned, NULL };

    return run_window_program (bench, "window-bare", argv, bare, error);
  }
}

static gboolean
bench_gui (Bench   *bench,
           GError **error)
{
  g_autofree char *rows = group_digits (bench->n_articles);
  g_autofree char *section = g_strdup_printf ("4. Window on %s articles", rows);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) bare = NULL;
  g_autofree char *threads = NULL;
  GHashTable *start, *bare_start, *list, *bare_list, *end, *select, *opening, *bare_opening, *back;
  const char *worst = "?";
  double worst_ms = NAN;
  gint64 largest_id;
  int largest_size;

  add_section (bench, section);
  if (window_missing (gui_program) != NULL)
    {
      add_not_measured (bench, "start to populated list", window_missing (gui_program),
                        "≤ 1000 ms");
      return TRUE;
    }
  threads = huge_threads (bench, &largest_id, &largest_size, error);
  if (threads == NULL || !run_window (bench, threads, &records, &bare, error))
    return FALSE;

  start = find_record (records, "list_ms", NULL);
  bare_start = find_record (bare, "first_frame_ms", NULL);
  list = find_record (records, "memory", "list");
  bare_list = find_record (bare, "memory", "list");
  end = find_record (records, "memory", "end");
  back = find_record (records, "memory", "back");
  select = find_record (records, "phase", "select");
  opening = find_record (records, "phase", "start");
  bare_opening = find_record (bare, "phase", "start");
  if (start == NULL || bare_start == NULL || list == NULL || bare_list == NULL || end == NULL ||
      select == NULL || opening == NULL || back == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "bench-gui printed less than expected; see window.out and window.log in %s",
                   bench->dir);
      return FALSE;
    }

  add_figure (bench, "start to first frame, ms", 0, field (start, "first_frame_ms"),
              field (bare_start, "first_frame_ms"), "");
  add_figure (bench, "start to populated list, ms", 0, field (start, "list_ms"), NAN,
              "≤ 1000 ms");
  judge (bench, field (start, "list_ms") <= 1000);
  add_figure (bench, "process start to main(), ms", 0, field (start, "spawn_to_main_ms"),
              field (bare_start, "spawn_to_main_ms"), "");
  add_figure (bench, "UI-process RSS with the list, MB", 0, field (list, "ui_rss_mb"),
              field (bare_list, "ui_rss_mb"), "≤ 150 MB");
  judge (bench, field (list, "ui_rss_mb") <= 150);
  add_figure (bench, "of which anonymous (heap, caches), MB", 0, field (list, "ui_anon_mb"),
              field (bare_list, "ui_anon_mb"), "");
  if (largest_id != 0)
    {
      g_autofree char *size = group_digits (largest_size);
      g_autofree char *label = g_strdup_printf ("UI-process RSS after the %s-comment thread and "
                                                "back, MB", size);

      add_figure (bench, label, 0, field (back, "ui_rss_mb"), NAN, "≤ 200 MB");
      judge (bench, field (back, "ui_rss_mb") <= 200);
    }
  add_figure (bench, "UI-process RSS after all phases, MB", 0, field (end, "ui_rss_mb"), NAN, "");
  add_figure (bench, "web process RSS after all phases, MB", 0, field (end, "web_rss_mb"), NAN,
              "");
  if (largest_id != 0)
    {
      g_autofree char *key = g_strdup_printf ("thread_%" G_GINT64_FORMAT "_ms", largest_id);
      g_autofree char *size = group_digits (largest_size);
      g_autofree char *label = g_strdup_printf ("click to %s-comment thread shown, ms", size);

      add_figure (bench, label, 0, field (select, key), NAN, "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (stall_phases); i++)
    {
      GHashTable *phase = find_record (records, "phase", stall_phases[i][0]);
      double ms = phase != NULL ? field (phase, "stall_ms") : NAN;

      add_figure (bench, stall_phases[i][1], 0, ms, NAN, "");
      if (!isnan (ms) && !(ms <= worst_ms))
        {
          worst_ms = ms;
          worst = stall_phases[i][0];
        }
    }
  add_row (bench, "longest main-loop stall, ms", g_strdup_printf ("%.0f (%s)", worst_ms, worst),
           NULL, NULL, "≤ 50 ms");
  judge (bench, worst_ms <= 50);
  /* The bare window's: until its first frame. */
  add_figure (bench, "longest stall while opening, before the list, ms", 0,
              field (opening, "stall_ms"),
              bare_opening != NULL ? field (bare_opening, "stall_ms") : NAN, "≤ 50 ms");
  judge (bench, field (opening, "stall_ms") <= 50);
  return TRUE;
}

/* 5. Export: the whole archive through `clippings-cli export`, against
 * bench-baseline-export writing the same rows in the same format with
 * bare SQLite and stdio. */

static gboolean
export_figures (Bench       *bench,
                const char  *name,
                const char  *format,
                GError     **error)
{
  g_autofree char *file = g_strdup_printf ("export.%s", format);
  g_autofree char *baseline_file = g_strdup_printf ("baseline-export.%s", format);
  g_autofree char *log_file = g_strdup_printf ("clippings-export-%s.log", format);
  g_autofree char *baseline_log_file = g_strdup_printf ("baseline-export-%s.log", format);
  g_autofree char *baseline_option = g_strdup_printf ("--%s", format);
  g_autofree char *out = in_dir (bench, file);
  g_autofree char *baseline_out = in_dir (bench, baseline_file);
  g_autofree char *log = in_dir (bench, log_file);
  g_autofree char *baseline_log = in_dir (bench, baseline_log_file);
  g_autofree char *label = NULL;
  const char *argv[] = {
    BENCH_CLIPPINGS_CLI, "--db", bench->clippings_db, "export", "--format", format, "--force",
    "-o", out, NULL
  };
  const char *baseline_argv[5] = { BENCH_BASELINE_EXPORT };
  Measure clippings, baseline;
  int n = 1;

  /* JSON is the baseline's default; another format is named. */
  if (!g_str_equal (format, "json"))
    baseline_argv[n++] = baseline_option;
  baseline_argv[n++] = bench->clippings_db;
  baseline_argv[n++] = baseline_out;
  baseline_argv[n] = NULL;

  g_print ("Exporting %s …\n", name);
  if (!run_measured (argv, NULL, log, &clippings, error) ||
      !run_measured (baseline_argv, NULL, baseline_log, &baseline, error))
    return FALSE;

  label = g_strdup_printf ("%s, comments/s", name);
  add_figure (bench, label, 0, bench->n_comments / clippings.wall,
              bench->n_comments / baseline.wall, "");
  g_free (label);
  label = g_strdup_printf ("%s, MB/s written", name);
  add_figure (bench, label, 1, file_size (out) / 1e6 / clippings.wall,
              file_size (baseline_out) / 1e6 / baseline.wall, "");
  g_free (label);
  label = g_strdup_printf ("%s, peak RSS, MB", name);
  add_figure (bench, label, 0, clippings.rss_mb, baseline.rss_mb, "");

  /* Several GB that nobody reads again. */
  g_unlink (out);
  g_unlink (baseline_out);
  return TRUE;
}

/* The largest thread alone, in each format: what an export holds in
 * memory does not grow with a thread (target: under 30 MB). JSON and CSV
 * against the baseline writing that one article. */
static gboolean
thread_figures (Bench       *bench,
                gint64       id,
                int          size,
                const char  *name,
                const char  *format,
                GError     **error)
{
  g_autofree char *file = g_strdup_printf ("thread.%s", format);
  g_autofree char *baseline_file = g_strdup_printf ("baseline-thread.%s", format);
  g_autofree char *log_file = g_strdup_printf ("clippings-thread-%s.log", format);
  g_autofree char *baseline_log_file = g_strdup_printf ("baseline-thread-%s.log", format);
  g_autofree char *out = in_dir (bench, file);
  g_autofree char *baseline_out = in_dir (bench, baseline_file);
  g_autofree char *log = in_dir (bench, log_file);
  g_autofree char *baseline_log = in_dir (bench, baseline_log_file);
  g_autofree char *ids = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *grouped = group_digits (size);
  g_autofree char *label = g_strdup_printf ("one %s-comment thread, %s, peak RSS, MB", grouped, name);
  g_autofree char *sidecar = NULL;
  gboolean baseline = g_str_equal (format, "json") || g_str_equal (format, "csv");
  const char *argv[] = {
    BENCH_CLIPPINGS_CLI, "--db", bench->clippings_db, "export", "--format", format, "--ids", ids,
    "--force", "-o", out, NULL
  };
  const char *baseline_argv[] = {
    BENCH_BASELINE_EXPORT, "--article", ids, bench->clippings_db, baseline_out, NULL, NULL
  };
  Measure clippings, bare = { 0 };

  if (g_str_equal (format, "csv"))
    {
      /* "--csv" goes first. */
      baseline_argv[1] = "--csv";
      baseline_argv[2] = "--article";
      baseline_argv[3] = ids;
      baseline_argv[4] = bench->clippings_db;
      baseline_argv[5] = baseline_out;
    }
  g_print ("Exporting the %s-comment thread as %s …\n", grouped, name);
  if (!run_measured (argv, NULL, log, &clippings, error) ||
      (baseline && !run_measured (baseline_argv, NULL, baseline_log, &bare, error)))
    return FALSE;
  add_figure (bench, label, 0, clippings.rss_mb, baseline ? bare.rss_mb : NAN, "< 30 MB");
  judge (bench, clippings.rss_mb < 30);
  sidecar = g_strdup_printf ("%s/thread.meta.json", bench->dir);
  g_unlink (out);
  g_unlink (baseline_out);
  g_unlink (sidecar);
  return TRUE;
}

static gboolean
bench_export (Bench   *bench,
              GError **error)
{
  g_autofree char *threads = NULL;
  gint64 largest_id = 0;
  int largest_size = 0;

  add_section (bench, "5. Export of the archive");
  if (!export_figures (bench, "JSON", "json", error) ||
      !export_figures (bench, "CSV", "csv", error))
    return FALSE;
  threads = huge_threads (bench, &largest_id, &largest_size, error);
  if (threads == NULL)
    return FALSE;
  if (largest_id == 0)
    return TRUE;
  return thread_figures (bench, largest_id, largest_size, "JSON", "json", error) &&
         thread_figures (bench, largest_id, largest_size, "CSV", "csv", error) &&
         thread_figures (bench, largest_id, largest_size, "HTML", "html", error) &&
         thread_figures (bench, largest_id, largest_size, "Markdown", "md", error) &&
         thread_figures (bench, largest_id, largest_size, "text", "txt", error);
}

/* Options. */

static gboolean
scale_options (Bench       *bench,
               const char  *scale_text,
               GError     **error)
{
  g_auto(GStrv) sizes = NULL;
  g_autoptr(GString) scaled = g_string_new (NULL);
  char *end = NULL;
  double scale;

  if (scale_text == NULL)
    return TRUE;
  scale = g_ascii_strtod (scale_text, &end);
  if (end == scale_text || *end != '\0' || !(scale > 0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "the scale must be a number above 0, like 0.01, not “%s”", scale_text);
      return FALSE;
    }

  bench->scale = scale;
  bench->articles = MAX (1, (gint64) (bench->articles * scale + 0.5));
  bench->comments = (gint64) (bench->comments * scale + 0.5);
  sizes = g_strsplit (bench->thread_sizes, ",", -1);
  for (guint i = 0; sizes[i] != NULL; i++)
    g_string_append_printf (scaled, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            MAX (20, (gint64) (g_ascii_strtoll (sizes[i], NULL, 10) * scale + 0.5)));
  g_free (bench->thread_sizes);
  bench->thread_sizes = g_string_free (g_steal_pointer (&scaled), FALSE);
  return TRUE;
}

static gboolean
section_wanted (Bench *bench,
                guint  number)
{
  g_auto(GStrv) numbers = NULL;

  if (bench->only == NULL)
    return TRUE;
  numbers = g_strsplit (bench->only, ",", -1);
  for (guint i = 0; numbers[i] != NULL; i++)
    if (g_ascii_strtoull (numbers[i], NULL, 10) == number)
      return TRUE;
  return FALSE;
}

static void
bench_clear (Bench *bench)
{
  g_free (bench->only);
  g_free (bench->thread_sizes);
  g_free (bench->dir);
  g_free (bench->archive);
  g_free (bench->text);
  g_free (bench->clippings_db);
  g_free (bench->baseline_db);
  g_clear_pointer (&bench->manifest, g_key_file_unref);
  for (guint i = 0; i < bench->n_rows; i++)
    {
      g_free (bench->rows[i].label);
      g_free (bench->rows[i].value);
      g_free (bench->rows[i].baseline);
      g_free (bench->rows[i].ratio);
      g_free (bench->rows[i].target);
      g_free (bench->rows[i].verdict);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Bench, bench_clear)

int
main (int    argc,
      char **argv)
{
  g_auto(Bench) bench = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scale = g_strdup (g_getenv ("BENCH_SCALE"));
  g_autofree char *machine = NULL;
  g_autofree char *load_before = NULL;
  g_autofree char *load_after = NULL;
  g_autofree char *size = NULL;
  gboolean (*sections[]) (Bench *, GError **) = {
    bench_import, bench_search, bench_reading_view, bench_gui, bench_export, bench_import_formats,
  };
  const GOptionEntry entries[] = {
    { "articles", 0, 0, G_OPTION_ARG_INT64, &bench.articles, "Articles (100000)", "N" },
    { "comments", 0, 0, G_OPTION_ARG_INT64, &bench.comments, "Comments in all (2000000)", "M" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &bench.seed, "Seed of the generator (1)", "S" },
    { "thread-sizes", 0, 0, G_OPTION_ARG_STRING, &bench.thread_sizes,
      "Huge threads (20,1000,10000,50000)", "A,B,…" },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale,
      "Multiply the sizes above, e.g. 0.01 for a quick run ($BENCH_SCALE)", "F" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &bench.dir,
      "Where archives and databases go (" BENCH_DEFAULT_DIR ")", "DIR" },
    { "regenerate", 0, 0, G_OPTION_ARG_NONE, &bench.regenerate,
      "Generate the archive even if the folder has one made the same way", NULL },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &bench.strict,
      "Exit with status 1 when a target is missed", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &bench.only,
      "Run these sections only; without 1, the archives an earlier run imported are used",
      "2,4,…" },
    { NULL }
  };
  gint64 start = g_get_monotonic_time ();
  guint n_missed;

  setlocale (LC_ALL, "");
  bench.articles = 100000;
  bench.comments = 2000000;
  bench.seed = 1;
  bench.scale = 1;
  bench.thread_sizes = g_strdup ("20,1000,10000,50000");

  context = g_option_context_new ("— Clippings against bare baselines, as a table");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !scale_options (&bench, scale, &error))
    {
      g_printerr ("bench: %s\n", error->message);
      return 2;
    }
  if (bench.dir == NULL)
    bench.dir = g_strdup (BENCH_DEFAULT_DIR);
  bench.archive = in_dir (&bench, "archive");
  bench.text = g_build_filename (bench.archive, "text", NULL);
  bench.clippings_db = in_dir (&bench, "clippings.db");
  bench.baseline_db = in_dir (&bench, "baseline.db");
  if (g_mkdir_with_parents (bench.dir, 0755) != 0)
    {
      g_printerr ("bench: could not create %s: %s\n", bench.dir, g_strerror (errno));
      return 1;
    }

  machine = describe_machine ();
  load_before = load_average ();
  if (!prepare_archive (&bench, &error))
    {
      g_printerr ("bench: %s\n", error->message);
      return 1;
    }
  if (!section_wanted (&bench, 1) &&
      (!check_counts (&bench, bench.clippings_db, &error) ||
       !check_counts (&bench, bench.baseline_db, &error)))
    {
      g_printerr ("bench: %s\nRun section 1 first: it imports the archives.\n", error->message);
      return 1;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (section_wanted (&bench, i + 1) && !sections[i] (&bench, &error))
      {
        g_printerr ("bench: %s\n", error->message);
        return 1;
      }
  load_after = load_average ();

  size = g_format_size (bench.text_bytes);
  g_print ("\nClippings %s, %" G_GUINT64_FORMAT " articles, %" G_GUINT64_FORMAT " comments "
           "(%s of saved text, seed %" G_GINT64_FORMAT ", threads of %s)\n",
           PACKAGE_VERSION, bench.n_articles, bench.n_comments, size, bench.seed,
           bench.thread_sizes);
  g_print ("Machine: %s\n", machine);
  g_print ("Load average (1 min) before and after: %s, %s\n", load_before, load_after);
  g_print ("Baselines: bare SQLite with the same schema, one transaction (import); the same "
           "words as bare FTS5 queries, ORDER BY rowid and ORDER BY rank (search); the whole "
           "thread as one static page in a bare WebKitWebView (reading view); a bare GTK window "
           "with a web view (window); bare SQLite and stdio (export).\n"
           "Ratio: Clippings ÷ baseline (above 1 is better for a rate, worse for a time).\n\n");
  print_table (&bench);
  n_missed = print_verdicts (&bench);
  if (bench.generate_seconds >= 0)
    g_print ("\nGenerating the archive took %.1f s.", bench.generate_seconds);
  else
    g_print ("\nThe archive was reused (--regenerate makes it anew).");
  g_print (" Total wall time: %.1f s. Files are in %s.\n",
           (g_get_monotonic_time () - start) / 1e6, bench.dir);
  return bench.strict && n_missed > 0 ? 1 : 0;
}
