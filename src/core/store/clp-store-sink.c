/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store-sink"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-store-sink.h"
#include "clp-store-private.h"

/* One import of one file: a savepoint in a batch's transaction
 * (clp-store-batch.c), that lands whole or not at all. It receives what an
 * importer reads (it is the importer's sink) and merges it with what the
 * archive holds, the batch's earlier files included:
 *
 * - an article already archived (same URL; without one, same source, title
 *   and publication day) gets the new save's comments merged into it;
 * - a comment already there (same author, ignoring case, same time, same
 *   text) stays once; times with an instant are the same when their
 *   instants are, whatever time zone each import ran in. Each archived
 *   comment matches at most one comment of the new save, so a reader who
 *   posted the same words twice keeps both;
 * - archived comments missing from the new save are kept and counted;
 * - comments whose article is not in the file go under the one article of
 *   their source that holds such comments, "Comments without a thread",
 *   and merge there like any other comments.
 *
 * Keys (the importer's ids) are mapped to rows in temporary tables, so a
 * reply may come before its parent and a comment before its article without
 * holding a whole export in memory. */

typedef struct
{
  gint64   id;
  gboolean existed;        /* was in the archive before this import */
  int      existing_count; /* its comments before this import */
  int      matched;        /* of those, found again in this save */
  int      next_position;
} ArticleState;

struct _ClpStoreSink
{
  GObject          parent_instance;

  ClpStore        *store;
  ClpStoreBatch   *batch;
  gboolean         own_batch;    /* a batch of this file alone, committed with it */
  ClpImportReport *report;
  gint64           import_id;
  goffset          file_size;
  GHashTable      *articles;     /* id -> ArticleState, every article this import touched */
  GHashTable      *consumed;     /* archived comment ids matched by this save */
  char            *last_key;     /* cache of the last article key looked up */
  ArticleState    *last_state;
  gint64           orphan_article;
  gint64           file_source;  /* of the file's first article with one */
  gboolean         open;         /* the file's savepoint is open */
  int              held;         /* comments waiting for their article */
  int              replies;      /* new comments that name a parent */
  int              writes;
  int              fail_after;   /* tests: fail on this write, -1 never */
};

static void clp_store_sink_iface_init (ClpImportSinkInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ClpStoreSink, clp_store_sink, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLP_TYPE_IMPORT_SINK,
                                                      clp_store_sink_iface_init))

/* Created once per connection and emptied by each import, through cached
 * statements: preparing them anew for every file of a large folder cost
 * more than using them. */
static const char * const temp_tables[] = {
  "CREATE TEMP TABLE IF NOT EXISTS import_articles ("
  "  key TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID",
  "CREATE TEMP TABLE IF NOT EXISTS import_keys ("
  "  key TEXT PRIMARY KEY, id INTEGER NOT NULL, article_id INTEGER NOT NULL,"
  "  depth INTEGER NOT NULL) WITHOUT ROWID",
  "CREATE TEMP TABLE IF NOT EXISTS import_parents ("
  "  id INTEGER PRIMARY KEY, parent_key TEXT NOT NULL)",
  "CREATE TEMP TABLE IF NOT EXISTS import_pending ("
  "  seq INTEGER PRIMARY KEY, article_key TEXT NOT NULL, key TEXT NOT NULL,"
  "  parent_key TEXT, author TEXT NOT NULL, posted_at TEXT, posted_utc INTEGER,"
  "  posted_offset INTEGER, text TEXT NOT NULL, html TEXT, status INTEGER NOT NULL)",
  "DELETE FROM import_articles",
  "DELETE FROM import_keys",
  "DELETE FROM import_parents",
  "DELETE FROM import_pending",
};

static void
clp_store_sink_dispose (GObject *object)
{
  ClpStoreSink *self = CLP_STORE_SINK (object);

  /* Dropped without commit: nothing lands. */
  clp_store_sink_abort (self);

  G_OBJECT_CLASS (clp_store_sink_parent_class)->dispose (object);
}

static void
clp_store_sink_finalize (GObject *object)
{
  ClpStoreSink *self = CLP_STORE_SINK (object);

  g_clear_object (&self->batch);
  g_clear_object (&self->store);
  g_clear_pointer (&self->report, clp_import_report_unref);
  g_clear_pointer (&self->articles, g_hash_table_unref);
  g_clear_pointer (&self->consumed, g_hash_table_unref);
  g_free (self->last_key);

  G_OBJECT_CLASS (clp_store_sink_parent_class)->finalize (object);
}

static void
clp_store_sink_class_init (ClpStoreSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clp_store_sink_dispose;
  object_class->finalize = clp_store_sink_finalize;
}

static void
clp_store_sink_init (ClpStoreSink *self)
{
  self->articles = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  self->consumed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->fail_after = -1;
}

/* Tests make the Nth write to the archive fail, to prove that a failure
 * half-way through leaves the archive as it was. */
void
clp_store_sink_fail_after (ClpStoreSink *self,
                           int             writes)
{
  g_return_if_fail (CLP_IS_STORE_SINK (self));

  self->fail_after = writes;
}

static gboolean
count_write (ClpStoreSink    *self,
             GError         **error)
{
  self->writes++;
  if (self->fail_after >= 0 && self->writes > self->fail_after)
    {
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_INJECTED,
                   "Injected failure at write %d", self->writes);
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare (ClpStoreSink       *self,
         ClpStoreStatement  *stmt,
         const char         *sql,
         const char         *what,
         GError            **error)
{
  return clp_store_statement_init (stmt, self->store, sql, what, error);
}

/* Steps a statement that returns no row, or whose row nobody reads. */
static gboolean
run (ClpStoreStatement  *stmt,
     GError            **error)
{
  return clp_store_statement_step (stmt, NULL, error);
}

static gint64
last_insert_id (ClpStoreSink *self)
{
  return sqlite3_last_insert_rowid (clp_store_get_handle (self->store));
}

/* An empty field is no value: NULL in the archive. */
static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* Row ids are never 0: 0 stands for no row. */
static void
bind_id (ClpStoreStatement *stmt,
         int                index,
         gint64             id)
{
  if (id != 0)
    clp_store_statement_bind_int64 (stmt, index, id);
  else
    clp_store_statement_bind_null (stmt, index);
}

static ClpStoreSink *
begin_import (ClpStoreBatch    *batch,
              gboolean          own_batch,
              const char       *file_name,
              gint64            file_size,
              const char       *sha256,
              const char       *importer,
              ClpImportReport  *report,
              GError          **error)
{
  g_autoptr(ClpStoreSink) self = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_auto(ClpStoreStatement) stmt = { 0 };
  g_autoptr(GError) local = NULL;
  gint64 previous = 0;

  self = g_object_new (CLP_TYPE_STORE_SINK, NULL);
  self->batch = g_object_ref (batch);
  self->own_batch = own_batch;
  self->store = g_object_ref (clp_store_batch_get_store (batch));
  self->report = clp_import_report_ref (report);
  self->file_size = file_size;

  if (!clp_store_batch_begin_file (batch, error))
    return NULL;
  self->open = TRUE;

  /* Asked under the write lock (clp_store_batch_find_import() asked the
   * same in this transaction, but callers without it must not record a
   * file twice): each file is recorded once. */
  if (clp_store_find_import (self->store, sha256, &previous, NULL, &local))
    {
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_IMPORTED_BEFORE,
                   "%s was imported before", file_name);
      return NULL;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (temp_tables); i++)
    {
      g_auto(ClpStoreStatement) temp = { 0 };

      if (!prepare (self, &temp, temp_tables[i], "prepare import", error) || !run (&temp, error))
        return NULL;
    }

  if (!prepare (self, &stmt,
                "INSERT INTO imports (file_name, file_size, sha256, importer, imported_at,"
                " outcome) VALUES (?, ?, ?, ?, ?, 'running')", "record import", error))
    return NULL;
  clp_store_statement_bind_text (&stmt, 1, file_name);
  clp_store_statement_bind_int64 (&stmt, 2, file_size);
  clp_store_statement_bind_text (&stmt, 3, sha256);
  clp_store_statement_bind_text (&stmt, 4, importer);
  clp_store_statement_bind_text (&stmt, 5, now_text);
  if (!run (&stmt, error))
    return NULL;
  self->import_id = last_insert_id (self);
  report->import_id = self->import_id;

  return g_steal_pointer (&self);
}

/**
 * clp_store_begin_import:
 * @report: receives the counts; the caller keeps its own reference
 *
 * Starts the import of one file, in a transaction of its own. Call
 * clp_store_sink_commit() to land it; dropping the object rolls it back.
 * Fails with %CLP_STORE_ERROR_IMPORTED_BEFORE when a file with @sha256 is
 * in the archive already (so does clp_store_begin_import_in_batch()).
 */
ClpStoreSink *
clp_store_begin_import (ClpStore         *store,
                        const char       *file_name,
                        gint64            file_size,
                        const char       *sha256,
                        const char       *importer,
                        ClpImportReport  *report,
                        GError          **error)
{
  g_autoptr(ClpStoreBatch) batch = NULL;

  g_return_val_if_fail (CLP_IS_STORE (store), NULL);
  g_return_val_if_fail (file_name != NULL && sha256 != NULL && importer != NULL, NULL);
  g_return_val_if_fail (report != NULL, NULL);

  batch = clp_store_batch_new (store);
  return begin_import (batch, TRUE, file_name, file_size, sha256, importer, report, error);
}

/**
 * clp_store_begin_import_in_batch:
 * @report: receives the counts; the caller keeps its own reference
 *
 * Starts the import of one file in @batch, in a savepoint of its own.
 * clp_store_sink_commit() lands it in the batch, and the batch's commit in
 * the archive; dropping the object rolls back this file alone.
 */
ClpStoreSink *
clp_store_begin_import_in_batch (ClpStoreBatch    *batch,
                                 const char       *file_name,
                                 gint64            file_size,
                                 const char       *sha256,
                                 const char       *importer,
                                 ClpImportReport  *report,
                                 GError          **error)
{
  g_return_val_if_fail (CLP_IS_STORE_BATCH (batch), NULL);
  g_return_val_if_fail (file_name != NULL && sha256 != NULL && importer != NULL, NULL);
  g_return_val_if_fail (report != NULL, NULL);

  return begin_import (batch, FALSE, file_name, file_size, sha256, importer, report, error);
}

void
clp_store_sink_abort (ClpStoreSink *self)
{
  g_return_if_fail (CLP_IS_STORE_SINK (self));

  if (!self->open)
    return;
  self->open = FALSE;
  clp_store_batch_drop_file (self->batch);
  if (self->own_batch)
    clp_store_batch_rollback (self->batch);
}

static gboolean
find_or_add_source (ClpStoreSink    *self,
                    const char      *name,
                    gint64          *source_id,
                    GError         **error)
{
  g_auto(ClpStoreStatement) find = { 0 };
  g_auto(ClpStoreStatement) add = { 0 };

  *source_id = 0;
  if (name == NULL || *name == '\0')
    return TRUE;

  if (!prepare (self, &find, "SELECT id FROM sources WHERE name = ?", "find source", error))
    return FALSE;
  clp_store_statement_bind_text (&find, 1, name);
  if (!clp_store_statement_fetch_int64 (&find, source_id, error))
    return FALSE;
  if (*source_id != 0)
    return TRUE;

  if (!prepare (self, &add, "INSERT INTO sources (name) VALUES (?)", "add source", error))
    return FALSE;
  clp_store_statement_bind_text (&add, 1, name);
  if (!run (&add, error))
    return FALSE;
  *source_id = last_insert_id (self);
  return TRUE;
}

/* The site's offset means something only with the instant it is from. */
static void
bind_offset (ClpStoreStatement *stmt,
             int                index,
             const ClpComment  *comment)
{
  if (comment->has_utc && comment->has_offset)
    clp_store_statement_bind_int64 (stmt, index, comment->posted_offset);
  else
    clp_store_statement_bind_null (stmt, index);
}

/* The archived article this one is a save of, or 0. */
static gboolean
find_article (ClpStoreSink    *self,
              ClpArticle      *article,
              gint64           source_id,
              gint64          *article_id,
              GError         **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  if (nonempty (article->url) != NULL)
    {
      if (!prepare (self, &stmt, "SELECT id FROM articles WHERE url = ?", "find article", error))
        return FALSE;
      clp_store_statement_bind_text (&stmt, 1, article->url);
    }
  else
    {
      if (!prepare (self, &stmt,
                    "SELECT id FROM articles WHERE url IS NULL AND title = ?"
                    " AND source_id IS ? AND published IS ? ORDER BY id LIMIT 1",
                    "find article", error))
        return FALSE;
      clp_store_statement_bind_text (&stmt, 1, article->title);
      bind_id (&stmt, 2, source_id);
      clp_store_statement_bind_text_or_null (&stmt, 3, article->published);
    }
  return clp_store_statement_fetch_int64 (&stmt, article_id, error);
}

static gboolean
query_int (ClpStoreSink    *self,
           const char      *sql,
           gint64           arg,
           gint64          *value,
           GError         **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  if (!prepare (self, &stmt, sql, "read thread", error))
    return FALSE;
  clp_store_statement_bind_int64 (&stmt, 1, arg);
  return clp_store_statement_fetch_int64 (&stmt, value, error);
}

static ArticleState *
track_article (ClpStoreSink    *self,
               gint64           id,
               gboolean         existed,
               GError         **error)
{
  ArticleState *state = g_hash_table_lookup (self->articles, &id);
  gint64 count = 0, next = 0;

  if (state != NULL)
    return state;

  if (existed &&
      (!query_int (self, "SELECT count(*) FROM comments WHERE article_id = ?", id, &count, error) ||
       !query_int (self, "SELECT coalesce(max(position) + 1, 0) FROM comments WHERE article_id = ?",
                   id, &next, error)))
    return NULL;

  state = g_new0 (ArticleState, 1);
  state->id = id;
  state->existed = existed;
  state->existing_count = count;
  state->next_position = next;
  g_hash_table_insert (self->articles, &state->id, state);
  g_array_append_val (self->report->article_ids, id);
  if (existed)
    self->report->articles_merged++;
  else
    self->report->articles_new++;
  return state;
}

static void
bind_count (ClpStoreStatement *stmt,
            int                index,
            int                count)
{
  if (count >= 0)
    clp_store_statement_bind_int64 (stmt, index, count);
  else
    clp_store_statement_bind_null (stmt, index);
}

static gboolean
insert_article (ClpStoreSink    *self,
                ClpArticle      *article,
                gint64           source_id,
                gint64          *article_id,
                GError         **error)
{
  g_autofree char *body = clp_article_dup_body_text (article);
  g_auto(ClpStoreStatement) stmt = { 0 };

  if (!count_write (self, error) ||
      !prepare (self, &stmt,
                "INSERT INTO articles (import_id, source_id, title, url, section, published,"
                " print_date, dateline, caption, body, body_html, declared_comment_count,"
                " byline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "add article", error))
    return FALSE;
  clp_store_statement_bind_int64 (&stmt, 1, self->import_id);
  bind_id (&stmt, 2, source_id);
  clp_store_statement_bind_text (&stmt, 3, article->title);
  clp_store_statement_bind_text_or_null (&stmt, 4, nonempty (article->url));
  clp_store_statement_bind_text_or_null (&stmt, 5, nonempty (article->section));
  clp_store_statement_bind_text_or_null (&stmt, 6, article->published);
  clp_store_statement_bind_text_or_null (&stmt, 7, article->print_date);
  clp_store_statement_bind_text_or_null (&stmt, 8, nonempty (article->dateline));
  clp_store_statement_bind_text_or_null (&stmt, 9, nonempty (article->caption));
  clp_store_statement_bind_text_or_null (&stmt, 10, body);
  clp_store_statement_bind_text_or_null (&stmt, 11, article->body_html);
  bind_count (&stmt, 12, article->declared_comment_count);
  clp_store_statement_bind_text_or_null (&stmt, 13, nonempty (article->byline));
  if (!run (&stmt, error))
    return FALSE;
  *article_id = last_insert_id (self);
  return TRUE;
}

/* A newer save fills what the archived copy lacked and brings the page's
 * newer comment count; what the archive has is never overwritten. */
static gboolean
update_article (ClpStoreSink    *self,
                ClpArticle      *article,
                gint64           source_id,
                gint64           article_id,
                GError         **error)
{
  g_autofree char *body = clp_article_dup_body_text (article);
  g_auto(ClpStoreStatement) stmt = { 0 };

  if (!count_write (self, error) ||
      !prepare (self, &stmt,
                "UPDATE articles SET"
                " source_id = coalesce(source_id, ?),"
                " section = coalesce(section, ?),"
                " print_date = coalesce(print_date, ?),"
                " dateline = coalesce(dateline, ?),"
                " caption = coalesce(caption, ?),"
                " body = CASE WHEN body = '' THEN ? ELSE body END,"
                " body_html = coalesce(body_html, ?),"
                " declared_comment_count = coalesce(?, declared_comment_count),"
                " byline = coalesce(byline, ?)"
                " WHERE id = ?", "merge article", error))
    return FALSE;
  bind_id (&stmt, 1, source_id);
  clp_store_statement_bind_text_or_null (&stmt, 2, nonempty (article->section));
  clp_store_statement_bind_text_or_null (&stmt, 3, article->print_date);
  clp_store_statement_bind_text_or_null (&stmt, 4, nonempty (article->dateline));
  clp_store_statement_bind_text_or_null (&stmt, 5, nonempty (article->caption));
  clp_store_statement_bind_text_or_null (&stmt, 6, body);
  clp_store_statement_bind_text_or_null (&stmt, 7, article->body_html);
  bind_count (&stmt, 8, article->declared_comment_count);
  clp_store_statement_bind_text_or_null (&stmt, 9, nonempty (article->byline));
  clp_store_statement_bind_int64 (&stmt, 10, article_id);
  return run (&stmt, error);
}

static gboolean
clp_store_sink_add_article (ClpImportSink  *sink,
                            ClpArticle     *article,
                            GError        **error)
{
  ClpStoreSink *self = CLP_STORE_SINK (sink);
  g_auto(ClpStoreStatement) stmt = { 0 };
  gint64 source_id = 0, article_id = 0;
  gboolean existed = FALSE;

  g_return_val_if_fail (self->open, FALSE);

  if (article->title == NULL || *article->title == '\0')
    {
      g_free (article->title);
      article->title = g_strdup (_("Untitled"));
    }

  if (!find_or_add_source (self, article->source, &source_id, error) ||
      !find_article (self, article, source_id, &article_id, error))
    return FALSE;
  if (self->file_source == 0)
    self->file_source = source_id;

  if (article_id != 0)
    {
      ArticleState *state = g_hash_table_lookup (self->articles, &article_id);

      /* An article that this same import created is not a merge. */
      existed = state == NULL || state->existed;
      if (!update_article (self, article, source_id, article_id, error))
        return FALSE;
    }
  else if (!insert_article (self, article, source_id, &article_id, error))
    return FALSE;

  if (track_article (self, article_id, existed, error) == NULL ||
      !prepare (self, &stmt, "INSERT OR REPLACE INTO import_articles (key, id) VALUES (?, ?)",
                "map article", error))
    return FALSE;
  clp_store_statement_bind_text_or_null (&stmt, 1, article->key);
  clp_store_statement_bind_int64 (&stmt, 2, article_id);
  return run (&stmt, error);
}

static gboolean
map_key (ClpStoreSink    *self,
         const char      *key,
         gint64           id,
         gint64           article_id,
         int              depth,
         GError         **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  if (!prepare (self, &stmt,
                "INSERT OR IGNORE INTO import_keys (key, id, article_id, depth)"
                " VALUES (?, ?, ?, ?)", "map comment", error))
    return FALSE;
  clp_store_statement_bind_text_or_null (&stmt, 1, key);
  clp_store_statement_bind_int64 (&stmt, 2, id);
  clp_store_statement_bind_int64 (&stmt, 3, article_id);
  clp_store_statement_bind_int64 (&stmt, 4, depth);
  if (!run (&stmt, error))
    return FALSE;
  if (sqlite3_changes (clp_store_get_handle (self->store)) == 0)
    {
      g_autofree char *message = g_strdup_printf (_("two comments have the same id “%s”; "
                                                    "replies go to the first"), key);

      clp_import_report_warn (self->report, message);
    }
  return TRUE;
}

/* The comment of this article that @parent_key names, when this import has
 * already placed it, and the depth of a reply to it; 0 otherwise. A reply
 * whose parent comes later, or never, is linked by link_parents(). */
static gboolean
find_parent (ClpStoreSink    *self,
             ArticleState    *state,
             const char      *parent_key,
             gint64          *parent_id,
             int             *depth,
             GError         **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  gboolean row;

  *parent_id = 0;
  *depth = 0;
  if (parent_key == NULL)
    return TRUE;
  if (!prepare (self, &stmt, "SELECT id, depth FROM import_keys WHERE key = ? AND article_id = ?",
                "find parent", error))
    return FALSE;
  clp_store_statement_bind_text (&stmt, 1, parent_key);
  clp_store_statement_bind_int64 (&stmt, 2, state->id);
  if (!clp_store_statement_step (&stmt, &row, error))
    return FALSE;
  if (row)
    {
      *parent_id = clp_store_statement_get_int64 (&stmt, 0);
      *depth = clp_store_statement_get_int (&stmt, 1) + 1;
    }
  return TRUE;
}

static gboolean
remember_parent (ClpStoreSink    *self,
                 gint64           id,
                 const char      *parent_key,
                 GError         **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  if (!prepare (self, &stmt, "INSERT INTO import_parents (id, parent_key) VALUES (?, ?)",
                "remember parent", error))
    return FALSE;
  clp_store_statement_bind_int64 (&stmt, 1, id);
  clp_store_statement_bind_text (&stmt, 2, parent_key);
  if (!run (&stmt, error))
    return FALSE;
  self->replies++;
  return TRUE;
}

static gboolean
store_comment (ClpStoreSink    *self,
               ArticleState    *state,
               ClpComment      *comment,
               GError         **error)
{
  const char *author = comment->author != NULL && *comment->author != '\0'
                       ? comment->author : _("Anonymous");
  const char *text = comment->text != NULL ? comment->text : "";
  /* With an instant, posted_at is the time it shows here, whatever the
   * file said: date filters narrow down by it (FORMATS.md, "Times"). */
  g_autofree char *shown = clp_comment_dup_shown_time (comment);
  const char *posted_at = shown != NULL ? shown : comment->posted_at;
  gint64 print = clp_store_comment_fingerprint (author, posted_at, text);
  g_auto(ClpStoreStatement) stmt = { 0 };
  gint64 id = 0, parent_id = 0;
  int depth = 0;

  if (state->existed &&
      !clp_store_find_duplicate_comment (self->store, state->id, self->import_id, self->consumed,
                                         comment, author, posted_at, text, print, &id, &depth,
                                         error))
    return FALSE;

  if (id != 0)
    {
      gint64 *consumed = g_new (gint64, 1);

      *consumed = id;
      g_hash_table_add (self->consumed, consumed);
      state->matched++;
      self->report->comments_duplicate++;
      return map_key (self, comment->key, id, state->id, depth, error);
    }

  /* Pages list a reply after what it answers: placing it under its parent
   * now spares two updates per reply at commit. restructure_article()
   * still checks the whole thread. */
  if (!find_parent (self, state, comment->parent_key, &parent_id, &depth, error) ||
      !count_write (self, error) ||
      !prepare (self, &stmt,
                "INSERT INTO comments (article_id, import_id, position, author, posted_at,"
                " posted_utc, text, html, status, fingerprint, parent_id, depth,"
                " posted_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "add comment",
                error))
    return FALSE;
  clp_store_statement_bind_int64 (&stmt, 1, state->id);
  clp_store_statement_bind_int64 (&stmt, 2, self->import_id);
  clp_store_statement_bind_int64 (&stmt, 3, state->next_position++);
  clp_store_statement_bind_text (&stmt, 4, author);
  clp_store_statement_bind_text_or_null (&stmt, 5, posted_at);
  if (comment->has_utc)
    clp_store_statement_bind_int64 (&stmt, 6, comment->posted_utc);
  else
    clp_store_statement_bind_null (&stmt, 6);
  clp_store_statement_bind_text (&stmt, 7, text);
  clp_store_statement_bind_text_or_null (&stmt, 8, comment->html);
  clp_store_statement_bind_int64 (&stmt, 9, comment->status);
  clp_store_statement_bind_int64 (&stmt, 10, print);
  bind_id (&stmt, 11, parent_id);
  clp_store_statement_bind_int64 (&stmt, 12, depth);
  bind_offset (&stmt, 13, comment);
  if (!run (&stmt, error))
    return FALSE;
  id = last_insert_id (self);
  self->report->comments_new++;

  if (!map_key (self, comment->key, id, state->id, depth, error))
    return FALSE;
  if (comment->parent_key != NULL && parent_id == 0)
    return remember_parent (self, id, comment->parent_key, error);
  return TRUE;
}

/* The article an importer's key stands for in this import, or NULL when
 * the importer has not named it (yet). */
static gboolean
lookup_article (ClpStoreSink    *self,
                const char      *key,
                ArticleState   **state,
                GError         **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  gint64 id = 0;

  *state = NULL;
  if (self->last_key != NULL && g_str_equal (self->last_key, key))
    {
      *state = self->last_state;
      return TRUE;
    }

  if (!prepare (self, &stmt, "SELECT id FROM import_articles WHERE key = ?", "find article key",
                error))
    return FALSE;
  clp_store_statement_bind_text (&stmt, 1, key);
  if (!clp_store_statement_fetch_int64 (&stmt, &id, error))
    return FALSE;
  if (id == 0)
    return TRUE;

  *state = g_hash_table_lookup (self->articles, &id);
  g_assert (*state != NULL);
  g_free (self->last_key);
  self->last_key = g_strdup (key);
  self->last_state = *state;
  return TRUE;
}

static gboolean
clp_store_sink_add_comment (ClpImportSink  *sink,
                            ClpComment     *comment,
                            GError        **error)
{
  ClpStoreSink *self = CLP_STORE_SINK (sink);
  g_auto(ClpStoreStatement) stmt = { 0 };
  ArticleState *state = NULL;

  g_return_val_if_fail (self->open, FALSE);
  g_return_val_if_fail (comment->article_key != NULL, FALSE);

  if (!lookup_article (self, comment->article_key, &state, error))
    return FALSE;
  if (state != NULL)
    return store_comment (self, state, comment, error);

  /* Its article may still come: keep the comment aside until commit. */
  if (!prepare (self, &stmt,
                "INSERT INTO import_pending (article_key, key, parent_key, author, posted_at,"
                " posted_utc, text, html, status, posted_offset)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "hold comment", error))
    return FALSE;
  clp_store_statement_bind_text (&stmt, 1, comment->article_key);
  clp_store_statement_bind_text_or_null (&stmt, 2, comment->key);
  clp_store_statement_bind_text_or_null (&stmt, 3, comment->parent_key);
  clp_store_statement_bind_text (&stmt, 4, comment->author != NULL ? comment->author : "");
  clp_store_statement_bind_text_or_null (&stmt, 5, comment->posted_at);
  if (comment->has_utc)
    clp_store_statement_bind_int64 (&stmt, 6, comment->posted_utc);
  else
    clp_store_statement_bind_null (&stmt, 6);
  clp_store_statement_bind_text (&stmt, 7, comment->text != NULL ? comment->text : "");
  clp_store_statement_bind_text_or_null (&stmt, 8, comment->html);
  clp_store_statement_bind_int64 (&stmt, 9, comment->status);
  bind_offset (&stmt, 10, comment);
  if (!run (&stmt, error))
    return FALSE;
  self->held++;
  return TRUE;
}

static void
clp_store_sink_warn (ClpImportSink *sink,
                     const char    *message)
{
  ClpStoreSink *self = CLP_STORE_SINK (sink);

  clp_import_report_warn (self->report, message);
}

static void
clp_store_sink_skip (ClpImportSink *sink,
                     const char    *what)
{
  ClpStoreSink *self = CLP_STORE_SINK (sink);
  int count = GPOINTER_TO_INT (g_hash_table_lookup (self->report->skipped, what));

  g_hash_table_replace (self->report->skipped, g_strdup (what), GINT_TO_POINTER (count + 1));
}

static void
clp_store_sink_iface_init (ClpImportSinkInterface *iface)
{
  iface->add_article = clp_store_sink_add_article;
  iface->add_comment = clp_store_sink_add_comment;
  iface->warn = clp_store_sink_warn;
  iface->skip = clp_store_sink_skip;
}

/* The archive's article for comments of @source_id (0: of no source)
 * whose thread was never found, or 0. */
static gboolean
find_orphan_article (ClpStoreSink    *self,
                     gint64           source_id,
                     gint64          *article_id,
                     GError         **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  if (!prepare (self, &stmt,
                "SELECT id FROM articles WHERE holds_orphans AND source_id IS ?"
                " ORDER BY id LIMIT 1", "find orphans", error))
    return FALSE;
  bind_id (&stmt, 1, source_id);
  return clp_store_statement_fetch_int64 (&stmt, article_id, error);
}

/* Sets one column of an article the import made or adopted. */
static gboolean
set_article (ClpStoreSink    *self,
             const char      *sql,
             gint64           value,
             gint64           article_id,
             const char      *what,
             GError         **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  if (!count_write (self, error) || !prepare (self, &stmt, sql, what, error))
    return FALSE;
  clp_store_statement_bind_int64 (&stmt, 1, value);
  clp_store_statement_bind_int64 (&stmt, 2, article_id);
  return run (&stmt, error);
}

/* Comments whose article never came go under one article per source (the
 * source of the file's articles), kept from one import to the next so
 * that a newer export's orphans merge with those already archived. One
 * without a source, as archives made before sources were read have it,
 * becomes the source's. */
static gboolean
orphan_article (ClpStoreSink    *self,
                ArticleState   **state,
                GError         **error)
{
  g_autoptr(ClpArticle) article = NULL;
  gint64 id = 0;

  if (self->orphan_article != 0)
    {
      *state = g_hash_table_lookup (self->articles, &self->orphan_article);
      return TRUE;
    }

  if (!find_orphan_article (self, self->file_source, &id, error))
    return FALSE;
  if (id == 0 && self->file_source != 0)
    {
      if (!find_orphan_article (self, 0, &id, error))
        return FALSE;
      if (id != 0 &&
          !set_article (self, "UPDATE articles SET source_id = ? WHERE id = ?", self->file_source,
                        id, "adopt orphans", error))
        return FALSE;
    }

  if (id != 0)
    *state = track_article (self, id, TRUE, error);
  else
    {
      article = clp_article_new ();
      article->title = g_strdup (_("Comments without a thread"));
      if (!insert_article (self, article, self->file_source, &id, error) ||
          !set_article (self, "UPDATE articles SET holds_orphans = ? WHERE id = ?", 1, id,
                        "mark orphans", error))
        return FALSE;
      *state = track_article (self, id, FALSE, error);
    }
  if (*state == NULL)
    return FALSE;
  self->orphan_article = id;
  return TRUE;
}

static gboolean
place_pending (ClpStoreSink    *self,
               GCancellable    *cancellable,
               GError         **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  gboolean row, ok;

  if (self->held == 0)
    return TRUE;

  /* The loop runs other statements while this one steps; none of them is
   * this one, so it can come from the cache too. */
  if (!prepare (self, &stmt,
                "SELECT article_key, key, parent_key, author, posted_at, posted_utc,"
                " text, html, status, posted_offset FROM import_pending ORDER BY seq",
                "read held comments", error))
    return FALSE;

  while ((ok = clp_store_statement_step (&stmt, &row, error)) && row)
    {
      g_autoptr(ClpComment) comment = clp_comment_new ();
      ArticleState *state = NULL;

      comment->article_key = clp_store_statement_dup_text (&stmt, 0);
      comment->key = clp_store_statement_dup_text (&stmt, 1);
      comment->parent_key = clp_store_statement_dup_text (&stmt, 2);
      comment->author = clp_store_statement_dup_text (&stmt, 3);
      comment->posted_at = clp_store_statement_dup_text (&stmt, 4);
      comment->has_utc = !clp_store_statement_get_null (&stmt, 5);
      comment->posted_utc = clp_store_statement_get_int64 (&stmt, 5);
      comment->text = clp_store_statement_dup_text (&stmt, 6);
      comment->html = clp_store_statement_dup_text (&stmt, 7);
      comment->status = clp_store_statement_get_int (&stmt, 8);
      comment->has_offset = !clp_store_statement_get_null (&stmt, 9);
      comment->posted_offset = clp_store_statement_get_int (&stmt, 9);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !lookup_article (self, comment->article_key, &state, error))
        return FALSE;
      if (state == NULL)
        {
          self->report->orphans++;
          if (!orphan_article (self, &state, error))
            return FALSE;
        }
      if (!store_comment (self, state, comment, error))
        return FALSE;
    }
  return ok;
}

static gboolean
link_reply (ClpStoreSink    *self,
            gint64           id,
            gint64           parent,
            GError         **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  if (!count_write (self, error) ||
      !prepare (self, &stmt, "UPDATE comments SET parent_id = ? WHERE id = ?", "link reply",
                error))
    return FALSE;
  clp_store_statement_bind_int64 (&stmt, 1, parent);
  clp_store_statement_bind_int64 (&stmt, 2, id);
  return run (&stmt, error);
}

/* Links each new reply to its parent, now that every comment has a row. A
 * parent the file does not hold, or one under another article, leaves the
 * reply at the top level, and the report says so. */
static gboolean
link_parents (ClpStoreSink    *self,
              GCancellable    *cancellable,
              GError         **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  gboolean row, ok;

  if (self->replies == 0)
    return TRUE;

  if (!prepare (self, &stmt,
                "SELECT p.id, k.id, k.article_id, c.article_id"
                " FROM import_parents p JOIN comments c ON c.id = p.id"
                " LEFT JOIN import_keys k ON k.key = p.parent_key ORDER BY p.id",
                "read replies", error))
    return FALSE;

  while ((ok = clp_store_statement_step (&stmt, &row, error)) && row)
    {
      gint64 id = clp_store_statement_get_int64 (&stmt, 0);
      gint64 parent = clp_store_statement_get_int64 (&stmt, 1);

      if (parent == 0 || parent == id ||
          clp_store_statement_get_int64 (&stmt, 2) != clp_store_statement_get_int64 (&stmt, 3))
        {
          self->report->unresolved_parents++;
          continue;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !link_reply (self, id, parent, error))
        return FALSE;
    }
  if (!ok)
    return FALSE;

  if (self->report->unresolved_parents > 0)
    g_ptr_array_add (self->report->warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%d reply answers a comment that is not in "
                                                   "the file; it is shown at the top level",
                                                   "%d replies answer comments that are not in "
                                                   "the file; they are shown at the top level",
                                                   self->report->unresolved_parents),
                                      self->report->unresolved_parents));
  return TRUE;
}

static gboolean
check_write (gpointer   data,
             GError   **error)
{
  return count_write (data, error);
}

/* Depths and reply counts of one article, from its parent links
 * (clp-store-thread.c). */
static gboolean
restructure_article (ClpStoreSink    *self,
                     ArticleState    *state,
                     GError         **error)
{
  gboolean looped = FALSE;

  if (!clp_store_restructure_thread (self->store, state->id, check_write, self, &looped, error))
    return FALSE;
  if (looped)
    g_ptr_array_add (self->report->warnings,
                     g_strdup (_("some replies answered each other in a loop; they are "
                                 "shown at the top level")));
  return TRUE;
}

static gboolean
finish_report (ClpStoreSink    *self,
               GError         **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  g_autofree char *warnings = NULL;

  g_ptr_array_add (self->report->warnings, NULL);
  warnings = g_strjoinv ("\n", (char **) self->report->warnings->pdata);
  g_ptr_array_remove_index (self->report->warnings, self->report->warnings->len - 1);

  if (!prepare (self, &stmt,
                "UPDATE imports SET outcome = ?, articles_new = ?, articles_merged = ?,"
                " comments_new = ?, comments_duplicate = ?, comments_missing = ?,"
                " warnings = ? WHERE id = ?", "record import", error))
    return FALSE;
  clp_store_statement_bind_text (&stmt, 1, self->report->warnings->len > 0
                                           ? "imported with warnings" : "imported");
  clp_store_statement_bind_int64 (&stmt, 2, self->report->articles_new);
  clp_store_statement_bind_int64 (&stmt, 3, self->report->articles_merged);
  clp_store_statement_bind_int64 (&stmt, 4, self->report->comments_new);
  clp_store_statement_bind_int64 (&stmt, 5, self->report->comments_duplicate);
  clp_store_statement_bind_int64 (&stmt, 6, self->report->comments_missing);
  clp_store_statement_bind_text_or_null (&stmt, 7, nonempty (warnings));
  clp_store_statement_bind_int64 (&stmt, 8, self->import_id);
  return run (&stmt, error);
}

/**
 * clp_store_sink_commit:
 *
 * Places held comments, links replies, recounts the threads it touched
 * and records the import: the file is whole in its batch. A file begun
 * with clp_store_begin_import() is then committed, its comments indexed
 * for search; one in a batch lands with the batch's commit. On failure
 * the archive, and the batch, are as they were before the file began.
 */
gboolean
clp_store_sink_commit (ClpStoreSink    *self,
                       GCancellable    *cancellable,
                       GError         **error)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (CLP_IS_STORE_SINK (self), FALSE);
  g_return_val_if_fail (self->open, FALSE);

  if (!place_pending (self, cancellable, error) || !link_parents (self, cancellable, error))
    goto fail;

  g_hash_table_iter_init (&iter, self->articles);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ArticleState *state = value;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !restructure_article (self, state, error))
        goto fail;
      if (state->existed)
        self->report->comments_missing += MAX (0, state->existing_count - state->matched);
    }

  if (!finish_report (self, error) ||
      !clp_store_batch_land_file (self->batch, self->file_size, error))
    goto fail;
  self->open = FALSE;
  return !self->own_batch || clp_store_batch_commit (self->batch, error);

fail:
  clp_store_sink_abort (self);
  return FALSE;
}
