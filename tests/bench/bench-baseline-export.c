/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-baseline-export"

#include "config.h"

#include <errno.h>
#include <glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The yardstick for `clippings-cli export --format json` and `--format
 * csv`: bare SQLite and stdio writing the same document from the same
 * archive (the keys and nesting of Clippings JSON, see
 * src/core/export/clp-json-exporter.c; the columns and quoting of the CSV, see
 * src/core/export/clp-csv-exporter.c), one article and its comments at a time,
 * with no Clippings code but GLib's SHA-256 and case folding, which the
 * comments' references need (FORMATS.md "Comment references"). The
 * archives the benchmark makes hold page dumps: no instants, no HTML, no
 * hidden comments, which this writes as such. CSV has no sidecar.
 *
 *   bench-baseline-export [--csv] [--article ID] ARCHIVE.db OUT */

static void G_GNUC_NORETURN
die (sqlite3    *db,
     const char *what)
{
  g_printerr ("bench-baseline-export: %s: %s\n", what, sqlite3_errmsg (db));
  exit (1);
}

static void
put_string (FILE                *out,
            const unsigned char *text)
{
  if (text == NULL)
    {
      fputs ("null", out);
      return;
    }
  putc ('"', out);
  for (const unsigned char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          putc ('\\', out);
          putc (*p, out);
        }
      else if (*p == '\n')
        fputs ("\\n", out);
      else if (*p == '\t')
        fputs ("\\t", out);
      else if (*p < 0x20)
        fprintf (out, "\\u%04x", *p);
      else
        putc (*p, out);
    }
  putc ('"', out);
}

static void
put_member (FILE                *out,
            const char          *indent,
            const char          *name,
            const unsigned char *value)
{
  fprintf (out, ",\n%s\"%s\" : ", indent, name);
  put_string (out, value);
}

static void
put_id (FILE         *out,
        sqlite3_stmt *stmt,
        int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    fputs ("null", out);
  else
    fprintf (out, "%lld", (long long) sqlite3_column_int64 (stmt, column));
}

/* The body is stored as paragraphs joined by a blank line; the format
 * lists them. */
static void
put_body (FILE                *out,
          const unsigned char *body)
{
  const char *p = (const char *) body;
  gboolean first = TRUE;

  fputs (",\n      \"body\" : [", out);
  while (p != NULL && *p != '\0')
    {
      const char *end = strstr (p, "\n\n");
      g_autofree char *paragraph = g_strndup (p, end != NULL ? (gsize) (end - p) : strlen (p));

      fputs (first ? "\n        " : ",\n        ", out);
      put_string (out, (const unsigned char *) paragraph);
      first = FALSE;
      p = end != NULL ? end + 2 : NULL;
    }
  fputs (first ? "]" : "\n      ]", out);
}

/* An article up to the opening bracket of its comments. */
static void
put_json_article (FILE         *out,
                  sqlite3_stmt *article,
                  gboolean      first)
{
  static const char * const names[] = {
    "title", "url", "source", "section", "published", "print_date", "dateline", "caption",
  };

  fputs (first ? "\n    {\n      \"id\" : " : ",\n    {\n      \"id\" : ", out);
  put_id (out, article, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    put_member (out, "      ", names[i], sqlite3_column_text (article, i + 1));
  put_body (out, sqlite3_column_text (article, 9));
  fputs (",\n      \"declared_comment_count\" : ", out);
  put_id (out, article, 10);
}

static char *
short_sum (const char *text,
           gsize       length)
{
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text,
                                                      length);

  return g_strndup (sum, 8);
}

/* The article part of its comments' references: its URL, or its source,
 * title and day. */
static char *
article_key (sqlite3_stmt *article)
{
  const char *url = (const char *) sqlite3_column_text (article, 2);
  const char *title = (const char *) sqlite3_column_text (article, 1);
  const char *source = (const char *) sqlite3_column_text (article, 3);
  const char *published = (const char *) sqlite3_column_text (article, 5);
  g_autofree char *identity = NULL;

  if (url != NULL && *url != '\0')
    identity = g_strdup_printf ("url\n%s", url);
  else
    identity = g_strdup_printf ("page\n%s\n%s\n%s", source != NULL ? source : "",
                                title != NULL ? title : "", published != NULL ? published : "");
  return short_sum (identity, strlen (identity));
}

/* c1-ARTICLE-TIME-TEXT of a comment without an instant. */
static char *
reference (const char   *key,
           sqlite3_stmt *comment)
{
  const char *author = (const char *) sqlite3_column_text (comment, 2);
  const char *posted_at = (const char *) sqlite3_column_text (comment, 3);
  const char *text = (const char *) sqlite3_column_text (comment, 4);
  g_autofree char *folded = g_utf8_casefold (author != NULL ? author : "", -1);
  g_autofree char *said = g_strdup_printf ("%s\n%s", folded, text != NULL ? text : "");
  g_autofree char *sum = short_sum (said, strlen (said));
  char time[16] = "undated";

  if (posted_at != NULL && strlen (posted_at) == 19)
    {
      int n = 0;

      for (const char *p = posted_at; *p != '\0'; p++)
        if (*p != '-' && *p != ':')
          time[n++] = *p;
      time[n] = '\0';
    }
  return g_strdup_printf ("c1-%s-%s-%s", key, time, sum);
}

static void
put_json_comment (FILE         *out,
                  sqlite3_stmt *comment,
                  const char   *key,
                  gboolean      first)
{
  g_autofree char *ref = reference (key, comment);

  fputs (first ? "\n        {\n          \"id\" : " : ",\n        {\n          \"id\" : ", out);
  put_id (out, comment, 0);
  fputs (",\n          \"parent_id\" : ", out);
  put_id (out, comment, 1);
  put_member (out, "          ", "author", sqlite3_column_text (comment, 2));
  put_member (out, "          ", "posted_at", sqlite3_column_text (comment, 3));
  put_member (out, "          ", "text", sqlite3_column_text (comment, 4));
  put_member (out, "          ", "ref", (const unsigned char *) ref);
  fputs (",\n          \"role\" : \"match\"\n        }", out);
}

/* The article's counts, as an export of every comment states them, and
 * its provenance. */
static void
put_json_counts (FILE         *out,
                 sqlite3       *db,
                 sqlite3_stmt *article,
                 sqlite3_stmt *counts,
                 sqlite3_stmt *imports,
                 const char   *key)
{
  int archived, hidden, declared = -1;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean first = TRUE;

  sqlite3_bind_int64 (counts, 1, sqlite3_column_int64 (article, 0));
  if (sqlite3_step (counts) != SQLITE_ROW)
    die (db, "count comments");
  archived = sqlite3_column_int (counts, 0);
  hidden = sqlite3_column_int (counts, 1);
  sqlite3_reset (counts);
  if (sqlite3_column_type (article, 10) != SQLITE_NULL)
    declared = sqlite3_column_int (article, 10);

  if (declared > archived)
    g_string_append_printf (text, "Reader comments (%d of %d) — The page claimed %d %s; %d are "
                            "not in the archive.", archived, declared, declared,
                            declared == 1 ? "comment" : "comments", declared - archived);
  else
    g_string_append_printf (text, "Reader comments (%d)", archived);
  if (hidden > 0)
    g_string_append_printf (text, " — %d deleted or spam %s shown, marked.", hidden,
                            hidden == 1 ? "comment is" : "comments are");

  fprintf (out, ",\n      \"counts\" : {\n        \"archived\" : %d,\n        \"hidden\" : %d,\n"
           "        \"declared\" : ", archived, hidden);
  if (declared >= 0)
    fprintf (out, "%d", declared);
  else
    fputs ("null", out);
  fprintf (out, ",\n        \"exported\" : %d,\n        \"matching\" : %d,\n"
           "        \"context\" : 0", archived, archived);
  put_member (out, "        ", "text", (const unsigned char *) text->str);
  fputs ("\n      },\n      \"provenance\" : {", out);
  fputs ("\n        \"url\" : ", out);
  put_string (out, sqlite3_column_text (article, 2));
  put_member (out, "        ", "reference_key", (const unsigned char *) key);
  fputs (",\n        \"imports\" : [", out);
  sqlite3_bind_int64 (imports, 1, sqlite3_column_int64 (article, 0));
  while (sqlite3_step (imports) == SQLITE_ROW)
    {
      fputs (first ? "\n          {\n            \"file_name\" : " : ",\n          {\n            \"file_name\" : ",
             out);
      put_string (out, sqlite3_column_text (imports, 0));
      put_member (out, "            ", "sha256", sqlite3_column_text (imports, 1));
      put_member (out, "            ", "imported_at", sqlite3_column_text (imports, 2));
      put_member (out, "            ", "format", sqlite3_column_text (imports, 3));
      fprintf (out, ",\n            \"size\" : %lld\n          }",
               (long long) sqlite3_column_int64 (imports, 4));
      first = FALSE;
    }
  sqlite3_reset (imports);
  fputs (first ? "]\n      }" : "\n        ]\n      }", out);
}

/* Every article, or with ?1 the one article. Both lists keep the columns
 * the references need at the same places: 1 title, 2 url, 3 source,
 * 5 published. */
#define ARTICLES \
  "SELECT a.id, a.title, a.url, s.name, a.section, a.published, a.print_date, a.dateline," \
  " a.caption, a.body, a.declared_comment_count" \
  " FROM articles a LEFT JOIN sources s ON s.id = a.source_id" \
  " WHERE ?1 IS NULL OR a.id = ?1 ORDER BY a.id"

/* RFC 4180 as Clippings writes it: a field in double quotes when it holds
 * a comma, quote or line break, quotes doubled, and a leading apostrophe
 * (inside quotes) on what a spreadsheet would run as a formula. */
static void
put_csv_field (FILE                *out,
               const unsigned char *value)
{
  gboolean formula, quote;

  if (value == NULL || *value == '\0')
    return;
  formula = strchr ("=+-@\t\r", value[0]) != NULL;
  quote = formula || strpbrk ((const char *) value, ",\"\r\n") != NULL;
  if (quote)
    putc ('"', out);
  if (formula)
    putc ('\'', out);
  for (const unsigned char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        putc ('"', out);
      putc (*p, out);
    }
  if (quote)
    putc ('"', out);
}

/* One row a comment: article_id,article_title,source,published,
 * comment_id,parent_id,depth,author,posted_at,text,ref,role. */
static void
put_csv_row (FILE         *out,
             sqlite3_stmt *article,
             sqlite3_stmt *comment,
             const char   *key)
{
  g_autofree char *ref = reference (key, comment);

  fprintf (out, "%lld,", (long long) sqlite3_column_int64 (article, 0));
  put_csv_field (out, sqlite3_column_text (article, 1));
  putc (',', out);
  put_csv_field (out, sqlite3_column_text (article, 3));
  putc (',', out);
  put_csv_field (out, sqlite3_column_text (article, 5));
  fprintf (out, ",%lld,", (long long) sqlite3_column_int64 (comment, 0));
  if (sqlite3_column_type (comment, 1) != SQLITE_NULL)
    fprintf (out, "%lld", (long long) sqlite3_column_int64 (comment, 1));
  fprintf (out, ",%d,", sqlite3_column_int (comment, 5));
  put_csv_field (out, sqlite3_column_text (comment, 2));
  putc (',', out);
  put_csv_field (out, sqlite3_column_text (comment, 3));
  putc (',', out);
  put_csv_field (out, sqlite3_column_text (comment, 4));
  putc (',', out);
  put_csv_field (out, (const unsigned char *) ref);
  fputs (",match\r\n", out);
}

int
main (int    argc,
      char **argv)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *articles = NULL;
  sqlite3_stmt *comments = NULL;
  sqlite3_stmt *counts = NULL;
  sqlite3_stmt *imports = NULL;
  gint64 only = 0;
  FILE *out;
  guint64 n_articles = 0, n_comments = 0;
  gint64 start;
  double seconds;
  long size;
  gboolean csv;
  int rc;

  csv = argc >= 4 && g_str_equal (argv[1], "--csv");
  if (csv)
    argv++, argc--;
  if (argc == 5 && g_str_equal (argv[1], "--article"))
    {
      only = g_ascii_strtoll (argv[2], NULL, 10);
      argv += 2, argc -= 2;
    }
  if (argc != 3)
    {
      g_printerr ("usage: bench-baseline-export [--csv] [--article ID] ARCHIVE.db OUT\n");
      return 2;
    }

  start = g_get_monotonic_time ();
  if (sqlite3_open_v2 (argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    die (db, argv[1]);
  out = fopen (argv[2], "wb");
  if (out == NULL)
    {
      g_printerr ("bench-baseline-export: %s: %s\n", argv[2], g_strerror (errno));
      return 1;
    }
  setvbuf (out, NULL, _IOFBF, 1 << 20);

  if (sqlite3_prepare_v2 (db, ARTICLES, -1, &articles, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "SELECT id, parent_id, author, posted_at, text, depth FROM comments"
                          " WHERE article_id = ? ORDER BY position, id",
                          -1, &comments, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "SELECT count(*), count(*) FILTER (WHERE status != 0) FROM comments"
                          " WHERE article_id = ?", -1, &counts, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "SELECT file_name, sha256, imported_at, importer, file_size FROM imports"
                          " WHERE id IN (SELECT import_id FROM articles WHERE id = ?1"
                          "  UNION SELECT import_id FROM comments WHERE article_id = ?1)"
                          " ORDER BY id", -1, &imports, NULL) != SQLITE_OK)
    die (db, "prepare");
  if (only != 0)
    sqlite3_bind_int64 (articles, 1, only);

  if (csv)
    fputs ("article_id,article_title,source,published,comment_id,parent_id,depth,author,"
           "posted_at,text,ref,role\r\n", out);
  else
    fputs ("{\n  \"format\": \"clippings\",\n  \"version\": 1,\n  \"articles\": [", out);
  while ((rc = sqlite3_step (articles)) == SQLITE_ROW)
    {
      gboolean first = TRUE;
      g_autofree char *key = article_key (articles);

      if (!csv)
        {
          put_json_article (out, articles, n_articles == 0);
          put_json_counts (out, db, articles, counts, imports, key);
          fputs (",\n      \"comments\" : [", out);
        }
      sqlite3_bind_int64 (comments, 1, sqlite3_column_int64 (articles, 0));
      while ((rc = sqlite3_step (comments)) == SQLITE_ROW)
        {
          if (csv)
            put_csv_row (out, articles, comments, key);
          else
            put_json_comment (out, comments, key, first);
          first = FALSE;
          n_comments++;
        }
      if (rc != SQLITE_DONE)
        die (db, "read comments");
      sqlite3_reset (comments);
      if (!csv)
        fputs (first ? "]\n    }" : "\n      ]\n    }", out);
      n_articles++;
    }
  if (rc != SQLITE_DONE)
    die (db, "read articles");
  if (!csv)
    fputs (n_articles > 0 ? "\n  ]\n}\n" : "]\n}\n", out);

  size = ftell (out);
  if (fclose (out) != 0)
    {
      g_printerr ("bench-baseline-export: %s: %s\n", argv[2], g_strerror (errno));
      return 1;
    }
  sqlite3_finalize (articles);
  sqlite3_finalize (comments);
  sqlite3_finalize (counts);
  sqlite3_finalize (imports);
  sqlite3_close (db);

  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("%" G_GUINT64_FORMAT " articles, %" G_GUINT64_FORMAT " comments in %.2f s: "
           "%.0f comments/s, %.1f MB/s written\n", n_articles, n_comments, seconds,
           n_comments / seconds, size / 1e6 / seconds);
  return 0;
}
