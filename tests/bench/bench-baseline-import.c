/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-baseline-import"

#include "config.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The yardstick for Clippings' import: bare SQLite inserting the rows an
 * import of the generated archive makes, with no Clippings code. It reads
 * the rows file tests/generate-archive writes beside the archive (so it has
 * no parser to pay for) and inserts every row in one transaction with
 * prepared statements and a 256 MiB page cache: the fastest way SQLite
 * can hold the same data.
 *
 * It starts from a copy of an empty Clippings archive (`clippings-cli --db
 * EMPTY.db stats` makes one), so its tables, indexes, full-text indexes and
 * triggers are Clippings' own, whatever the latest migration. Where no
 * trigger indexes new comments (migration 2), it fills their full-text
 * index in one statement before the commit, as Clippings does.
 *
 * With --per-file it commits each file's rows on their own, as Clippings
 * imported a folder before it committed in batches: the bare cost of that
 * guarantee.
 *
 * With --copy it reads the rows from an archive Clippings imported instead
 * (every column of sources, imports, articles and comments, in id order)
 * and inserts them one by one the same way: the baseline for the formats
 * whose rows the generator does not write (Disqus, WordPress, JSON), which
 * hold HTML and instants besides.
 *
 *   bench-baseline-import [--per-file] EMPTY.db ROWS.tsv ARCHIVE.db
 *   bench-baseline-import --copy EMPTY.db FROM.db ARCHIVE.db */

enum { N_ARTICLE_FIELDS = 13, N_COMMENT_FIELDS = 7, N_SOURCE_FIELDS = 3 };

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *source;
  sqlite3_stmt *import;
  sqlite3_stmt *article;
  sqlite3_stmt *comment;
  char         *folder;     /* of the rows file: file names are relative to it */
  GArray       *source_ids; /* generator's source index -> row id */
  GArray       *positions;  /* comment position in the article -> row id */
  sqlite3_stmt *index;      /* NULL when a trigger indexes new comments */
  gint64        indexed_up_to;
  sqlite3_stmt *index_articles;  /* NULL when a trigger indexes new articles */
  gint64        articles_indexed_up_to;
  gint64        comment_id;
  gint64        import_id;
  gint64        article_id;
  guint64       articles;
  guint64       comments;
} Baseline;

static void G_GNUC_NORETURN
die (Baseline   *b,
     const char *what)
{
  g_printerr ("bench-baseline-import: %s: %s\n", what, sqlite3_errmsg (b->db));
  exit (1);
}

static void
exec (Baseline   *b,
      const char *sql)
{
  if (sqlite3_exec (b->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    die (b, sql);
}

static sqlite3_stmt *
prepare (Baseline   *b,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (b->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    die (b, sql);
  return stmt;
}

static void
step (Baseline     *b,
      sqlite3_stmt *stmt,
      const char   *what)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    die (b, what);
  sqlite3_reset (stmt);
}

/* Undoes the rows file's escapes in place. */
static void
unescape (char *field)
{
  char *out = field;

  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          *out++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
        }
      else
        *out++ = *p;
    }
  *out = '\0';
}

static int
split (char  *line,
       char **fields,
       int    max)
{
  int n = 0;

  for (char *p = line; n < max; n++)
    {
      char *tab = strchr (p, '\t');

      fields[n] = p;
      if (tab == NULL)
        return n + 1;
      *tab = '\0';
      p = tab + 1;
    }
  return n;
}

/* Binds a field, NULL when it is empty and the column allows NULL. */
static void
bind_field (sqlite3_stmt *stmt,
            int           index,
            char         *field,
            gboolean      nullable)
{
  unescape (field);
  if (nullable && *field == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, field, -1, SQLITE_STATIC);
}

static gint64
fingerprint (const char *author,
             const char *posted_at,
             const char *text)
{
  const char *parts[] = { author, posted_at, text };
  guint64 hash = 14695981039346656037ull;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      for (const guchar *p = (const guchar *) parts[i]; *p != '\0'; p++)
        {
          hash ^= g_ascii_tolower (*p);
          hash *= 1099511628211ull;
        }
      hash ^= 0x1f;
      hash *= 1099511628211ull;
    }
  return (gint64) (hash & G_MAXINT64);
}

static void
add_source (Baseline  *b,
            char     **f)
{
  guint index = (guint) g_ascii_strtoull (f[1], NULL, 10);
  gint64 id;

  bind_field (b->source, 1, f[2], FALSE);
  step (b, b->source, "add source");
  id = sqlite3_last_insert_rowid (b->db);
  if (index >= b->source_ids->len)
    g_array_set_size (b->source_ids, index + 1);
  g_array_index (b->source_ids, gint64, index) = id;
}

static void
add_article (Baseline  *b,
             char     **f,
             const char *now)
{
  g_autofree char *path = g_build_filename (b->folder, f[1], NULL);
  g_autofree char *sha256 = g_strdup_printf ("%064" G_GINT64_MODIFIER "x", b->articles + 1);
  int count = atoi (f[12]);

  /* One imports row per file, as Clippings records each file it reads. */
  sqlite3_bind_text (b->import, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (b->import, 2, g_ascii_strtoll (f[2], NULL, 10));
  sqlite3_bind_text (b->import, 3, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (b->import, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_int (b->import, 5, count);
  step (b, b->import, "add import");
  b->import_id = sqlite3_last_insert_rowid (b->db);

  sqlite3_bind_int64 (b->article, 1, b->import_id);
  if (*f[3] != '\0')
    sqlite3_bind_int64 (b->article, 2,
                        g_array_index (b->source_ids, gint64, g_ascii_strtoull (f[3], NULL, 10)));
  else
    sqlite3_bind_null (b->article, 2);
  bind_field (b->article, 3, f[4], FALSE);
  for (int i = 5; i <= 9; i++)
    bind_field (b->article, i - 1, f[i], TRUE);
  bind_field (b->article, 9, f[10], FALSE);
  sqlite3_bind_int (b->article, 10, atoi (f[11]));
  sqlite3_bind_int (b->article, 11, count);
  step (b, b->article, "add article");
  b->article_id = sqlite3_last_insert_rowid (b->db);
  g_array_set_size (b->positions, 0);
  b->articles++;
}

static void
add_comment (Baseline  *b,
             char     **f)
{
  int parent = atoi (f[1]);
  int position = b->positions->len;
  gint64 id;

  bind_field (b->comment, 6, f[4], FALSE);
  bind_field (b->comment, 7, f[5], TRUE);
  bind_field (b->comment, 8, f[6], FALSE);
  sqlite3_bind_int64 (b->comment, 1, b->article_id);
  if (parent >= 0 && parent < position)
    sqlite3_bind_int64 (b->comment, 2, g_array_index (b->positions, gint64, parent));
  else
    sqlite3_bind_null (b->comment, 2);
  sqlite3_bind_int64 (b->comment, 3, b->import_id);
  sqlite3_bind_int (b->comment, 4, position);
  sqlite3_bind_int (b->comment, 5, atoi (f[2]));
  sqlite3_bind_int (b->comment, 9, atoi (f[3]));
  sqlite3_bind_int64 (b->comment, 10, fingerprint (f[4], f[5], f[6]));
  step (b, b->comment, "add comment");
  id = sqlite3_last_insert_rowid (b->db);
  g_array_append_val (b->positions, id);
  b->comment_id = id;
  b->comments++;
}

/* Where no trigger indexes new comments, they enter the full-text index
 * in one statement before the commit, as in Clippings. */
static void
commit (Baseline *b)
{
  if (b->index_articles != NULL)
    {
      sqlite3_bind_int64 (b->index_articles, 1, b->articles_indexed_up_to);
      step (b, b->index_articles, "index articles");
      b->articles_indexed_up_to = b->article_id;
    }
  if (b->index != NULL)
    {
      sqlite3_bind_int64 (b->index, 1, b->indexed_up_to);
      step (b, b->index, "index comments");
      b->indexed_up_to = b->comment_id;
    }
  exec (b, "COMMIT");
}

/* Whether a trigger indexes new rows of @table. */
static gboolean
indexed_by_trigger (Baseline   *b,
                    const char *table)
{
  sqlite3_stmt *stmt = prepare (b, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                                   " AND tbl_name = ? AND sql LIKE '%AFTER INSERT%'");
  gboolean found;

  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    die (b, "read the schema");
  found = sqlite3_column_int (stmt, 0) > 0;
  sqlite3_finalize (stmt);
  return found;
}


/* --copy: every row of @table in @from, inserted into the same table of
 * the baseline with a prepared statement, column for column. */
static guint64
copy_table (Baseline   *b,
            sqlite3    *from,
            const char *table)
{
  g_autofree char *select = g_strdup_printf ("SELECT * FROM %s ORDER BY id", table);
  g_autoptr(GString) insert = g_string_new (NULL);
  sqlite3_stmt *read = NULL, *write;
  guint64 rows = 0;
  int n, rc;

  if (sqlite3_prepare_v2 (from, select, -1, &read, NULL) != SQLITE_OK)
    {
      g_printerr ("bench-baseline-import: %s: %s\n", select, sqlite3_errmsg (from));
      exit (1);
    }
  n = sqlite3_column_count (read);
  g_string_printf (insert, "INSERT INTO %s (", table);
  for (int i = 0; i < n; i++)
    g_string_append_printf (insert, "%s\"%s\"", i > 0 ? ", " : "", sqlite3_column_name (read, i));
  g_string_append (insert, ") VALUES (");
  for (int i = 0; i < n; i++)
    g_string_append (insert, i > 0 ? ", ?" : "?");
  g_string_append (insert, ")");
  write = prepare (b, insert->str);

  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      for (int i = 0; i < n; i++)
        sqlite3_bind_value (write, i + 1, sqlite3_column_value (read, i));
      step (b, write, table);
      rows++;
    }
  if (rc != SQLITE_DONE)
    {
      g_printerr ("bench-baseline-import: %s: %s\n", select, sqlite3_errmsg (from));
      exit (1);
    }
  sqlite3_finalize (read);
  sqlite3_finalize (write);
  return rows;
}

static int
copy_archive (Baseline   *b,
              const char *from_path)
{
  static const char * const tables[] = { "sources", "imports", "articles", "comments" };
  sqlite3 *from = NULL;
  gint64 start = g_get_monotonic_time ();
  guint64 rows[G_N_ELEMENTS (tables)];
  double seconds;

  if (sqlite3_open_v2 (from_path, &from, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_printerr ("bench-baseline-import: %s: %s\n", from_path, sqlite3_errmsg (from));
      return 1;
    }
  exec (b, "BEGIN");
  /* A reply may have come before what it answers. */
  exec (b, "PRAGMA defer_foreign_keys = ON");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    rows[i] = copy_table (b, from, tables[i]);
  b->comments = rows[3];
  commit (b);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("copied %" G_GUINT64_FORMAT " articles and %" G_GUINT64_FORMAT " comments in %.2f s:"
           " %.0f comments/s\n", rows[2], rows[3], seconds, rows[3] / seconds);
  sqlite3_close (from);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *now = g_date_time_format (now_time, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = NULL;
  gsize empty_size = 0;
  Baseline b = { 0 };
  gboolean per_file = argc == 5 && g_str_equal (argv[1], "--per-file");
  gboolean copy = argc == 5 && g_str_equal (argv[1], "--copy");
  gboolean in_article = FALSE;
  FILE *rows;
  char *line = NULL;
  size_t capacity = 0;
  ssize_t length;
  guint64 bytes = 0;
  gint64 start;
  double seconds;

  if (per_file || copy)
    {
      argc--;
      argv++;
    }
  if (argc != 4)
    {
      g_printerr ("usage: bench-baseline-import [--per-file] EMPTY.db ROWS.tsv ARCHIVE.db\n"
                  "       bench-baseline-import --copy EMPTY.db FROM.db ARCHIVE.db\n");
      return 2;
    }
  if (!g_file_get_contents (argv[1], &empty, &empty_size, &error) ||
      !g_file_set_contents (argv[3], empty, empty_size, &error))
    {
      g_printerr ("bench-baseline-import: %s\n", error->message);
      return 1;
    }
  start = g_get_monotonic_time ();
  /* The same connection settings as clp_store_open(). */
  if (sqlite3_open_v2 (argv[3], &b.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    die (&b, argv[3]);
  /* The connection settings of clp_store_open(); a load in one
   * transaction also gets the page cache it needs, or it spills and
   * rewrites its pages over and over (20 GB written for a 1.5 GB archive
   * with the default 2 MiB). */
  exec (&b, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
            " PRAGMA temp_store = FILE; PRAGMA wal_autocheckpoint = 8192");
  if (!per_file)
    exec (&b, "PRAGMA cache_size = -262144");
  if (!indexed_by_trigger (&b, "comments"))
    b.index = prepare (&b, "INSERT INTO comments_fts (rowid, author, text)"
                           " SELECT id, author, text FROM comments WHERE id > ?");
  if (!indexed_by_trigger (&b, "articles"))
    b.index_articles = prepare (&b, "INSERT INTO articles_fts (rowid, title, body)"
                                    " SELECT id, title, body FROM articles WHERE id > ?");

  if (copy)
    {
      int status = copy_archive (&b, argv[2]);

      sqlite3_finalize (b.index);
      sqlite3_finalize (b.index_articles);
      sqlite3_close (b.db);
      return status;
    }

  rows = fopen (argv[2], "rb");
  if (rows == NULL)
    {
      g_printerr ("bench-baseline-import: %s: %s\n", argv[2], g_strerror (errno));
      return 1;
    }
  b.folder = g_path_get_dirname (argv[2]);
  b.source_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  b.positions = g_array_new (FALSE, FALSE, sizeof (gint64));

  b.source = prepare (&b, "INSERT INTO sources (name) VALUES (?)");
  b.import = prepare (&b, "INSERT INTO imports (file_name, file_size, sha256, importer, imported_at,"
                          " outcome, articles_new, comments_new)"
                          " VALUES (?, ?, ?, 'text', ?, 'imported', 1, ?)");
  b.article = prepare (&b, "INSERT INTO articles (import_id, source_id, title, section, published,"
                           " print_date, dateline, caption, body, declared_comment_count,"
                           " comment_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  b.comment = prepare (&b, "INSERT INTO comments (article_id, parent_id, import_id, position, depth,"
                           " author, posted_at, text, reply_count, fingerprint)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

  exec (&b, "BEGIN");
  while ((length = getline (&line, &capacity, rows)) > 0)
    {
      char *fields[N_ARTICLE_FIELDS];
      int n;

      bytes += length;
      if (line[length - 1] == '\n')
        line[length - 1] = '\0';
      if (line[0] == '#')
        continue;
      /* --per-file: one transaction for each file's rows, as Clippings
       * imports a folder; a file's rows start with its source or article. */
      if (per_file && in_article && (line[0] == 'S' || line[0] == 'A'))
        {
          commit (&b);
          exec (&b, "BEGIN");
          in_article = FALSE;
        }
      in_article = in_article || line[0] == 'A';
      n = split (line, fields, N_ARTICLE_FIELDS);
      if (line[0] == 'S' && n == N_SOURCE_FIELDS)
        add_source (&b, fields);
      else if (line[0] == 'A' && n == N_ARTICLE_FIELDS)
        add_article (&b, fields, now);
      else if (line[0] == 'C' && n == N_COMMENT_FIELDS && b.article_id != 0)
        add_comment (&b, fields);
      else
        {
          g_printerr ("bench-baseline-import: %s: a line it cannot read after %" G_GUINT64_FORMAT
                      " bytes\n", argv[2], bytes);
          return 1;
        }
    }
  commit (&b);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  /* Each article is also a row of imports; sources are a handful. */
  g_print ("%" G_GUINT64_FORMAT " rows (%" G_GUINT64_FORMAT " articles, %" G_GUINT64_FORMAT
           " comments) in %.2f s: %.0f rows/s, %.0f comments/s, %.1f MB/s of rows\n",
           2 * b.articles + b.comments, b.articles, b.comments, seconds,
           (2 * b.articles + b.comments) / seconds, b.comments / seconds, bytes / 1e6 / seconds);

  free (line);
  fclose (rows);
  sqlite3_finalize (b.source);
  sqlite3_finalize (b.import);
  sqlite3_finalize (b.article);
  sqlite3_finalize (b.comment);
  sqlite3_finalize (b.index);
  sqlite3_finalize (b.index_articles);
  sqlite3_close (b.db);
  g_array_unref (b.source_ids);
  g_array_unref (b.positions);
  g_free (b.folder);
  return 0;
}
