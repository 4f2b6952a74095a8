/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include "clp-store-private.h"

/* The shape of one article's thread made again from its comments' parent
 * links, after an import placed or merged them (clp-store-sink.c). Part of
 * ClpStore. */

enum { UNKNOWN = -1, ON_PATH = -2 };

typedef struct
{
  gint64 id;
  guint  parent;   /* index into the array + 1, 0 for none */
  int    depth;    /* UNKNOWN, ON_PATH, or the depth */
  int    replies;
  int    old_depth;
  int    old_replies;
  gint64 old_parent_id;
  int    status;
} Node;

static gboolean
read_thread (ClpStore  *store,
             gint64     article_id,
             GArray    *nodes,
             GError   **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  gboolean row, ok;

  if (!clp_store_statement_init (&stmt, store,
                                 "SELECT id, coalesce(parent_id, 0), depth, reply_count, status"
                                 " FROM comments WHERE article_id = ?", "read thread", error))
    return FALSE;
  clp_store_statement_bind_int64 (&stmt, 1, article_id);
  while ((ok = clp_store_statement_step (&stmt, &row, error)) && row)
    {
      Node node = { 0 };

      node.id = clp_store_statement_get_int64 (&stmt, 0);
      node.old_parent_id = clp_store_statement_get_int64 (&stmt, 1);
      node.old_depth = clp_store_statement_get_int (&stmt, 2);
      node.old_replies = clp_store_statement_get_int (&stmt, 3);
      node.status = clp_store_statement_get_int (&stmt, 4);
      node.depth = UNKNOWN;
      g_array_append_val (nodes, node);
    }
  return ok;
}

/* A new thread's comments came with their depth and parent (the sink
 * places a reply under its parent as it comes): most need their reply
 * count alone, and a statement that sets no other column leaves the
 * indexes on them alone. */
static gboolean
update_node (ClpStore  *store,
             Node      *node,
             gint64     parent_id,
             GError   **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };
  gboolean replies_only = node->depth == node->old_depth && parent_id == node->old_parent_id;

  if (replies_only)
    {
      if (!clp_store_statement_init (&stmt, store,
                                     "UPDATE comments SET reply_count = ? WHERE id = ?",
                                     "update thread", error))
        return FALSE;
      clp_store_statement_bind_int64 (&stmt, 1, node->replies);
      clp_store_statement_bind_int64 (&stmt, 2, node->id);
      return clp_store_statement_step (&stmt, NULL, error);
    }
  if (!clp_store_statement_init (&stmt, store,
                                 "UPDATE comments SET depth = ?, reply_count = ?, parent_id = ?"
                                 " WHERE id = ?", "update thread", error))
    return FALSE;
  clp_store_statement_bind_int64 (&stmt, 1, node->depth);
  clp_store_statement_bind_int64 (&stmt, 2, node->replies);
  if (parent_id != 0)
    clp_store_statement_bind_int64 (&stmt, 3, parent_id);
  else
    clp_store_statement_bind_null (&stmt, 3);
  clp_store_statement_bind_int64 (&stmt, 4, node->id);
  return clp_store_statement_step (&stmt, NULL, error);
}

static gboolean
count_comments (ClpStore  *store,
                gint64     article_id,
                int        visible,
                int        hidden,
                GError   **error)
{
  g_auto(ClpStoreStatement) stmt = { 0 };

  if (!clp_store_statement_init (&stmt, store,
                                 "UPDATE articles SET comment_count = ?, hidden_comment_count = ?"
                                 " WHERE id = ?", "count comments", error))
    return FALSE;
  clp_store_statement_bind_int64 (&stmt, 1, visible);
  clp_store_statement_bind_int64 (&stmt, 2, hidden);
  clp_store_statement_bind_int64 (&stmt, 3, article_id);
  return clp_store_statement_step (&stmt, NULL, error);
}

/**
 * clp_store_restructure_thread:
 * @before_write: (nullable): asked before each row it changes; a %FALSE
 *   from it (tests inject failures so) stops with its error
 * @looped: (out): whether replies answered each other in a loop
 *
 * Makes the depths and reply counts of one article's comments again from
 * their parent links, and its comment counts. Replies that form a loop (a
 * broken export can say A answers B answers A) are cut loose at the top
 * level rather than lost. Inside the caller's transaction.
 */
gboolean
clp_store_restructure_thread (ClpStore             *store,
                              gint64                article_id,
                              ClpStoreWriteCheck    before_write,
                              gpointer              data,
                              gboolean             *looped_out,
                              GError              **error)
{
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (Node));
  g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean looped = FALSE;
  int visible = 0, hidden = 0;

  *looped_out = FALSE;
  if (!read_thread (store, article_id, nodes, error))
    return FALSE;

  for (guint i = 0; i < nodes->len; i++)
    g_hash_table_insert (index, &g_array_index (nodes, Node, i).id, GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < nodes->len; i++)
    {
      Node *node = &g_array_index (nodes, Node, i);

      node->parent = node->old_parent_id != 0
                     ? GPOINTER_TO_UINT (g_hash_table_lookup (index, &node->old_parent_id)) : 0;
    }

  /* Walk up from each comment until a known depth or the top, marking the
   * path; meeting the path again is a loop, cut where it closes. */
  for (guint i = 0; i < nodes->len; i++)
    {
      int depth;

      if (g_array_index (nodes, Node, i).depth >= 0)
        continue;

      g_array_set_size (path, 0);
      for (guint at = i;;)
        {
          Node *node = &g_array_index (nodes, Node, at);
          Node *parent;

          node->depth = ON_PATH;
          g_array_append_val (path, at);
          if (node->parent == 0)
            {
              depth = 0;
              break;
            }
          parent = &g_array_index (nodes, Node, node->parent - 1);
          if (parent->depth >= 0)
            {
              depth = parent->depth + 1;
              break;
            }
          if (parent->depth == ON_PATH)
            {
              node->parent = 0;
              looped = TRUE;
              depth = 0;
              break;
            }
          at = node->parent - 1;
        }
      for (guint j = path->len; j-- > 0; depth++)
        g_array_index (nodes, Node, g_array_index (path, guint, j)).depth = depth;
    }
  *looped_out = looped;

  for (guint i = 0; i < nodes->len; i++)
    {
      Node *node = &g_array_index (nodes, Node, i);

      if (node->parent != 0)
        g_array_index (nodes, Node, node->parent - 1).replies++;
      if (node->status == 0)
        visible++;
      else
        hidden++;
    }

  for (guint i = 0; i < nodes->len; i++)
    {
      Node *node = &g_array_index (nodes, Node, i);
      gint64 parent_id = node->parent != 0 ? g_array_index (nodes, Node, node->parent - 1).id : 0;

      if (node->depth == node->old_depth && node->replies == node->old_replies &&
          parent_id == node->old_parent_id)
        continue;
      if ((before_write != NULL && !before_write (data, error)) ||
          !update_node (store, node, parent_id, error))
        return FALSE;
    }

  return count_comments (store, article_id, visible, hidden, error);
}

