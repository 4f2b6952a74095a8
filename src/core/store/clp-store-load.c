/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clp-store-private.h"

/* Loading from the archive into model objects: articles by id, with or
 * without their bodies, and the comments of one article, with or without
 * their text, which clp_store_fill_comment_text() completes for the ones a
 * page shows. Part of ClpStore. */

/* The columns article_from_row() reads; a query's own come after them,
 * from ARTICLE_N_COLUMNS on. */
#define ARTICLE_COLUMNS \
  "a.id, a.title, a.url, s.name, a.section, a.published, a.print_date, a.dateline, " \
  "a.caption, a.declared_comment_count, a.comment_count, a.hidden_comment_count, a.byline"
#define ARTICLE_N_COLUMNS 13

static ClpArticle *
article_from_row (ClpStoreStatement *stmt)
{
  ClpArticle *article = clp_article_new ();

  article->id = clp_store_statement_get_int64 (stmt, 0);
  article->title = clp_store_statement_dup_text (stmt, 1);
  article->url = clp_store_statement_dup_text (stmt, 2);
  article->source = clp_store_statement_dup_text (stmt, 3);
  article->section = clp_store_statement_dup_text (stmt, 4);
  article->published = clp_store_statement_dup_text (stmt, 5);
  article->print_date = clp_store_statement_dup_text (stmt, 6);
  article->dateline = clp_store_statement_dup_text (stmt, 7);
  article->caption = clp_store_statement_dup_text (stmt, 8);
  article->declared_comment_count = clp_store_statement_get_null (stmt, 9)
                                    ? -1 : clp_store_statement_get_int (stmt, 9);
  article->comment_count = clp_store_statement_get_int (stmt, 10);
  article->hidden_comment_count = clp_store_statement_get_int (stmt, 11);
  article->byline = clp_store_statement_dup_text (stmt, 12);
  return article;
}

static void
split_body (ClpArticle *article,
            const char *body)
{
  g_auto(GStrv) paragraphs = NULL;

  if (body == NULL || *body == '\0')
    return;
  paragraphs = g_strsplit (body, "\n\n", -1);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    clp_article_add_paragraph (article, paragraphs[i]);
}

/**
 * clp_store_load_articles:
 * @ids: article ids
 * @with_body: whether to load the body paragraphs too (lists do not need them)
 *
 * Returns: (transfer full) (element-type ClpArticle): the articles in the
 *   order of @ids; ids that are not in the archive are left out
 */
GPtrArray *
clp_store_load_articles (ClpStore      *self,
                         const gint64  *ids,
                         guint          n_ids,
                         gboolean       with_body,
                         GError       **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  g_autoptr(GPtrArray) articles = NULL;

  g_return_val_if_fail (CLP_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  articles = g_ptr_array_new_full (n_ids, (GDestroyNotify) clp_article_unref);

  if (!clp_store_statement_init (&stmt, self,
                                 "SELECT " ARTICLE_COLUMNS ", a.body, a.body_html"
                                 " FROM articles a LEFT JOIN sources s ON s.id = a.source_id"
                                 " WHERE a.id = ?", "load articles", error))
    return NULL;
  for (guint i = 0; i < n_ids; i++)
    {
      ClpArticle *article;
      gboolean row;

      clp_store_statement_reset (&stmt);
      clp_store_statement_bind_int64 (&stmt, 1, ids[i]);
      if (!clp_store_statement_step (&stmt, &row, error))
        return NULL;
      if (!row)
        continue;
      article = article_from_row (&stmt);
      if (with_body)
        {
          split_body (article, clp_store_statement_get_text (&stmt, ARTICLE_N_COLUMNS));
          article->body_html = clp_store_statement_dup_text (&stmt, ARTICLE_N_COLUMNS + 1);
        }
      g_ptr_array_add (articles, article);
    }
  return g_steal_pointer (&articles);
}

/**
 * clp_store_load_article:
 *
 * Returns: (transfer full): the article with its body, or %NULL with
 *   %CLP_STORE_ERROR_NOT_FOUND
 */
ClpArticle *
clp_store_load_article (ClpStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_autoptr(GPtrArray) articles = clp_store_load_articles (self, &id, 1, TRUE, error);

  if (articles == NULL)
    return NULL;
  if (articles->len == 0)
    {
      g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_NOT_FOUND,
                   _("There is no article %lld in the archive."), (long long) id);
      return NULL;
    }
  return clp_article_ref (g_ptr_array_index (articles, 0));
}

static int
compare_position (gconstpointer a,
                  gconstpointer b)
{
  const ClpComment *x = *(ClpComment **) a;
  const ClpComment *y = *(ClpComment **) b;

  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/* A comment's columns, text and HTML last, as comment_from_row() reads
 * them. */
#define COMMENT_COLUMNS \
  "id, parent_id, article_id, position, depth, reply_count, author, posted_at, posted_utc, " \
  "status, posted_offset"

static ClpComment *
comment_from_row (ClpStoreStatement *stmt,
                  gboolean           with_text)
{
  ClpComment *comment = clp_comment_new ();

  comment->id = clp_store_statement_get_int64 (stmt, 0);
  comment->parent_id = clp_store_statement_get_int64 (stmt, 1);
  comment->article_id = clp_store_statement_get_int64 (stmt, 2);
  comment->position = clp_store_statement_get_int (stmt, 3);
  comment->depth = clp_store_statement_get_int (stmt, 4);
  comment->reply_count = clp_store_statement_get_int (stmt, 5);
  comment->author = clp_store_statement_dup_text (stmt, 6);
  comment->posted_at = clp_store_statement_dup_text (stmt, 7);
  comment->has_utc = !clp_store_statement_get_null (stmt, 8);
  comment->posted_utc = clp_store_statement_get_int64 (stmt, 8);
  comment->status = clp_store_statement_get_int (stmt, 9);
  comment->has_offset = !clp_store_statement_get_null (stmt, 10);
  comment->posted_offset = clp_store_statement_get_int (stmt, 10);
  if (with_text)
    {
      comment->text = clp_store_statement_dup_text (stmt, 11);
      comment->html = clp_store_statement_dup_text (stmt, 12);
    }
  return comment;
}

/**
 * clp_store_load_thread:
 * @with_text: load authors' text and HTML too; without, comments carry
 *   everything but `text` and `html`, and clp_store_fill_comment_text()
 *   completes the ones a page shows
 *
 * Returns: (transfer full) (element-type ClpComment): the comments of one
 *   article in page order; the caller builds the threads from parent_id
 */
GPtrArray *
clp_store_load_thread (ClpStore  *self,
                       gint64     article_id,
                       gboolean   with_text,
                       GError   **error)
{
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
  g_auto(ClpStoreStatement) stmt = { 0 };
  gboolean row, ok;

  g_return_val_if_fail (CLP_IS_STORE (self), NULL);

  /* Unordered: the article's rows come straight from its index, and C
   * sorts them faster than SQLite would with a temporary b-tree. */
  if (!clp_store_statement_init (&stmt, self,
                                 with_text
                                 ? "SELECT " COMMENT_COLUMNS ", text, html"
                                   " FROM comments WHERE article_id = ?"
                                 : "SELECT " COMMENT_COLUMNS " FROM comments WHERE article_id = ?",
                                 "load comments", error))
    return NULL;
  clp_store_statement_bind_int64 (&stmt, 1, article_id);
  while ((ok = clp_store_statement_step (&stmt, &row, error)) && row)
    {
      ClpComment *comment = comment_from_row (&stmt, with_text);

      g_ptr_array_add (comments, comment);
    }
  clp_store_statement_clear (&stmt);

  if (!ok)
    return NULL;
  g_ptr_array_sort (comments, compare_position);
  return g_steal_pointer (&comments);
}

/**
 * clp_store_load_comments:
 *
 * Returns: (transfer full) (element-type ClpComment): the comments of one
 *   article with their text, in page order
 */
GPtrArray *
clp_store_load_comments (ClpStore  *self,
                         gint64     article_id,
                         GError   **error)
{
  return clp_store_load_thread (self, article_id, TRUE, error);
}

/**
 * clp_store_fill_comment_text:
 * @comments: (element-type ClpComment): comments from
 *   clp_store_load_thread(); those without text get it
 */
gboolean
clp_store_fill_comment_text (ClpStore   *self,
                             GPtrArray  *comments,
                             GError    **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  g_return_val_if_fail (CLP_IS_STORE (self), FALSE);
  g_return_val_if_fail (comments != NULL, FALSE);

  if (!clp_store_statement_init (&stmt, self, "SELECT text, html FROM comments WHERE id = ?",
                                 "load comment text", error))
    return FALSE;
  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);
      gboolean row;

      if (comment->text != NULL)
        continue;
      clp_store_statement_reset (&stmt);
      clp_store_statement_bind_int64 (&stmt, 1, comment->id);
      if (!clp_store_statement_step (&stmt, &row, error))
        return FALSE;
      if (row)
        {
          comment->text = clp_store_statement_dup_text (&stmt, 0);
          comment->html = clp_store_statement_dup_text (&stmt, 1);
        }
      else
        comment->text = g_strdup ("");
    }
  return TRUE;
}

/**
 * clp_store_load_comment_links:
 *
 * The shape of one article's thread without any text: some 24 bytes a
 * comment, for exports that order and count a thread of any size and
 * then load its comments a few at a time (clp_store_load_comments_by_id()).
 *
 * Returns: (transfer full) (element-type ClpCommentLink): the comments'
 *   ids, parents, page positions and status, in page order
 */
GArray *
clp_store_load_comment_links (ClpStore  *self,
                              gint64     article_id,
                              GError   **error)
{
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (ClpCommentLink));
  g_auto(ClpStoreStatement) stmt = { 0 };
  gboolean row, ok;

  g_return_val_if_fail (CLP_IS_STORE (self), NULL);

  if (!clp_store_statement_init (&stmt, self,
                                 "SELECT id, parent_id, position, status FROM comments"
                                 " WHERE article_id = ?", "load thread shape", error))
    return NULL;
  clp_store_statement_bind_int64 (&stmt, 1, article_id);
  while ((ok = clp_store_statement_step (&stmt, &row, error)) && row)
    {
      ClpCommentLink link;

      link.id = clp_store_statement_get_int64 (&stmt, 0);
      link.parent_id = clp_store_statement_get_int64 (&stmt, 1);
      link.position = clp_store_statement_get_int (&stmt, 2);
      link.status = clp_store_statement_get_int (&stmt, 3);
      g_array_append_val (links, link);
    }
  clp_store_statement_clear (&stmt);
  if (!ok)
    return NULL;
  return g_steal_pointer (&links);
}

/**
 * clp_store_load_comments_by_id:
 * @ids: (array length=n_ids): comment ids
 *
 * Returns: (transfer full) (element-type ClpComment): the comments with
 *   their text, in the order of @ids; ids that are not in the archive
 *   are left out
 */
GPtrArray *
clp_store_load_comments_by_id (ClpStore      *self,
                               const gint64  *ids,
                               guint          n_ids,
                               GError       **error)
{
  g_autoptr(GPtrArray) comments = NULL;
  g_auto(ClpStoreStatement) stmt = { 0 };

  g_return_val_if_fail (CLP_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  comments = g_ptr_array_new_full (n_ids, (GDestroyNotify) clp_comment_unref);
  if (!clp_store_statement_init (&stmt, self,
                                 "SELECT " COMMENT_COLUMNS ", text, html FROM comments WHERE id = ?",
                                 "load comments", error))
    return NULL;
  for (guint i = 0; i < n_ids; i++)
    {
      ClpComment *comment;
      gboolean row;

      clp_store_statement_reset (&stmt);
      clp_store_statement_bind_int64 (&stmt, 1, ids[i]);
      if (!clp_store_statement_step (&stmt, &row, error))
        return NULL;
      if (!row)
        continue;
      comment = comment_from_row (&stmt, TRUE);
      g_ptr_array_add (comments, comment);
    }
  return g_steal_pointer (&comments);
}

void
clp_import_record_free (ClpImportRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->file_name);
  g_free (record->sha256);
  g_free (record->importer);
  g_free (record->imported_at);
  g_free (record);
}

/**
 * clp_store_list_article_imports:
 *
 * Where an article came from: the import that added it and those that
 * added comments to it since, from the `imports` table. An import that
 * only repeated what the archive held left no row of its own, and is not
 * listed.
 *
 * Returns: (transfer full) (element-type ClpImportRecord): the imports,
 *   oldest first
 */
GPtrArray *
clp_store_list_article_imports (ClpStore  *self,
                                gint64     article_id,
                                GError   **error)
{
  g_autoptr(GPtrArray) imports = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_import_record_free);
  g_auto(ClpStoreStatement) stmt = { 0 };
  gboolean row, ok;

  g_return_val_if_fail (CLP_IS_STORE (self), NULL);

  if (!clp_store_statement_init (&stmt, self,
                                 "SELECT id, file_name, file_size, sha256, importer, imported_at"
                                 " FROM imports WHERE id IN"
                                 " (SELECT import_id FROM articles WHERE id = ?1"
                                 "  UNION SELECT import_id FROM comments WHERE article_id = ?1)"
                                 " ORDER BY id", "list article imports", error))
    return NULL;
  clp_store_statement_bind_int64 (&stmt, 1, article_id);
  while ((ok = clp_store_statement_step (&stmt, &row, error)) && row)
    {
      ClpImportRecord *record = g_new0 (ClpImportRecord, 1);

      record->id = clp_store_statement_get_int64 (&stmt, 0);
      record->file_name = clp_store_statement_dup_text (&stmt, 1);
      record->file_size = clp_store_statement_get_int64 (&stmt, 2);
      record->sha256 = clp_store_statement_dup_text (&stmt, 3);
      record->importer = clp_store_statement_dup_text (&stmt, 4);
      record->imported_at = clp_store_statement_dup_text (&stmt, 5);
      g_ptr_array_add (imports, record);
    }
  clp_store_statement_clear (&stmt);
  if (!ok)
    return NULL;
  return g_steal_pointer (&imports);
}
