/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include "clp-store-private.h"

/* Which archived comment a comment of a new save repeats: same author
 * ignoring case, same time, same text; times with an instant by their
 * instant (FORMATS.md, "Times"). Part of ClpStore, for the sink. */

/* Identity of a comment for merging: author (ignoring case), time, text.
 * FNV-1a, 63 bits so it is a positive SQLite integer; equal fingerprints
 * are then compared in full. */
gint64
clp_store_comment_fingerprint (const char *author,
                               const char *posted_at,
                               const char *text)
{
  g_autofree char *folded = g_utf8_casefold (author, -1);
  const char *parts[] = { folded, posted_at != NULL ? posted_at : "", text };
  guint64 hash = 14695981039346656037ull;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      for (const guchar *p = (const guchar *) parts[i]; *p != '\0'; p++)
        {
          hash ^= *p;
          hash *= 1099511628211ull;
        }
      hash ^= 0x1f;
      hash *= 1099511628211ull;
    }
  return (gint64) (hash & G_MAXINT64);
}

static gboolean
same_author (const char *a,
             const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_str_equal (fa, fb);
}

/* How scan_duplicates() compares times. */
typedef enum
{
  SAME_INSTANT,     /* the statement selected them by instant already */
  SAME_WALL_CLOCK,  /* posted_at as written */
  SAME_WALL_CLOCK_WITHOUT_INSTANT,
} SameTime;

/* Steps @stmt, which selects id, author, posted_at, posted_utc, text and
 * depth of archived comments, to the first that this one repeats and no
 * other comment of this save has matched yet (@consumed). */
static gboolean
scan_duplicates (GHashTable         *consumed,
                 ClpStoreStatement  *stmt,
                 SameTime            same_time,
                 const char         *author,
                 const char         *posted_at,
                 const char         *text,
                 gint64             *duplicate,
                 int                *depth,
                 GError            **error)
{
  gboolean row, ok;

  *duplicate = 0;
  while ((ok = clp_store_statement_step (stmt, &row, error)) && row)
    {
      gint64 id = clp_store_statement_get_int64 (stmt, 0);

      if (g_hash_table_contains (consumed, &id))
        continue;
      if (same_time != SAME_INSTANT &&
          g_strcmp0 (clp_store_statement_get_text (stmt, 2), posted_at) != 0)
        continue;
      if (same_time == SAME_WALL_CLOCK_WITHOUT_INSTANT && !clp_store_statement_get_null (stmt, 3))
        continue;
      if (!same_author (clp_store_statement_get_text (stmt, 1), author) ||
          g_strcmp0 (clp_store_statement_get_text (stmt, 4), text) != 0)
        continue;
      *duplicate = id;
      *depth = clp_store_statement_get_int (stmt, 5);
      break;
    }
  clp_store_statement_reset (stmt);
  return ok;
}

/* An archived comment of the article that @comment (@author, @posted_at,
 * @text, whose fingerprint is @print) repeats, not yet matched by another
 * comment of this save; 0 if none. With an instant, it is looked for by
 * its instant: posted_at holds it in the zone of whichever computer
 * imported it. */
gboolean
clp_store_find_duplicate_comment (ClpStore          *store,
                                  gint64             article_id,
                                  gint64             import_id,
                                  GHashTable        *consumed,
                                  const ClpComment  *comment,
                                  const char        *author,
                                  const char        *posted_at,
                                  const char        *text,
                                  gint64             print,
                                  gint64            *duplicate,
                                  int               *depth,
                                  GError           **error)
{
  SameTime same_time = SAME_WALL_CLOCK;
  g_auto(ClpStoreStatement) by_instant = { 0 };
  g_auto(ClpStoreStatement) by_print = { 0 };

  *duplicate = 0;
  if (comment->has_utc)
    {
      if (!clp_store_statement_init (&by_instant, store,
                                     "SELECT id, author, posted_at, posted_utc, text, depth"
                                     " FROM comments WHERE article_id = ? AND posted_utc = ?"
                                     " AND import_id != ? ORDER BY id", "find duplicate", error))
        return FALSE;
      clp_store_statement_bind_int64 (&by_instant, 1, article_id);
      clp_store_statement_bind_int64 (&by_instant, 2, comment->posted_utc);
      clp_store_statement_bind_int64 (&by_instant, 3, import_id);
      if (!scan_duplicates (consumed, &by_instant, SAME_INSTANT, author, NULL, text, duplicate,
                            depth, error))
        return FALSE;
      if (*duplicate != 0)
        return TRUE;
      /* An earlier save without the instant (a page saved from the site)
       * may hold it by the time it showed. */
      same_time = SAME_WALL_CLOCK_WITHOUT_INSTANT;
    }

  if (!clp_store_statement_init (&by_print, store,
                                 "SELECT id, author, posted_at, posted_utc, text, depth"
                                 " FROM comments WHERE article_id = ? AND fingerprint = ?"
                                 " AND import_id != ? ORDER BY id", "find duplicate", error))
    return FALSE;
  clp_store_statement_bind_int64 (&by_print, 1, article_id);
  clp_store_statement_bind_int64 (&by_print, 2, print);
  clp_store_statement_bind_int64 (&by_print, 3, import_id);
  return scan_duplicates (consumed, &by_print, same_time, author, posted_at, text, duplicate, depth,
                          error);
}

