/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-thread-shape"

#include "config.h"

#include "clp-thread-shape.h"

/* Which comments a view or an export holds, and the numbers it states,
 * from the shape of the thread alone: ids, parents, page order, status.
 * The reading view and every export select through
 * clp_thread_shape_select(), so that they hold the same comments and
 * count them the same way. An export of a 50,000-comment thread keeps
 * this shape (some 50 bytes a comment) and loads the comments' text a few
 * hundred at a time.
 *
 * A comment is held when it passes the filters (a match), or when a match
 * answers it, directly or down a chain of replies (context). Deleted and
 * spam comments are held only when asked for; a chain runs on through
 * them, so the comments above a hidden one are still context. */

#define NO_NODE G_MAXUINT32

typedef struct
{
  gint64  id;
  gint64  parent_id;
  guint32 parent;   /* the parent's index, or NO_NODE when it is not in the thread */
  guint8  status;
  guint8  role;
  guint8  walked;   /* its chain upwards has been marked */
} Node;

struct _ClpThreadShape
{
  GArray  *nodes;   /* Node, page order */
  guint32 *by_id;   /* indices of nodes, by id */
};

static int
compare_links (gconstpointer a,
               gconstpointer b)
{
  const ClpCommentLink *x = a;
  const ClpCommentLink *y = b;

  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const Node *nodes = user_data;
  gint64 x = nodes[*(const guint32 *) a].id;
  gint64 y = nodes[*(const guint32 *) b].id;

  return (x > y) - (x < y);
}

static guint32
find (ClpThreadShape *self,
      gint64          id)
{
  const Node *nodes = (const Node *) self->nodes->data;
  guint lo = 0, hi = self->nodes->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 found = nodes[self->by_id[mid]].id;

      if (found == id)
        return self->by_id[mid];
      if (found < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NO_NODE;
}

/**
 * clp_thread_shape_new:
 * @links: (element-type ClpCommentLink): one article's comments; sorted
 *   here into page order
 *
 * Returns: (transfer full): the shape, every comment left out until
 *   clp_thread_shape_select()
 */
ClpThreadShape *
clp_thread_shape_new (GArray *links)
{
  ClpThreadShape *self;
  Node *nodes;

  g_return_val_if_fail (links != NULL, NULL);

  /* The store and the views hand them in page order already, and their
   * ids mostly grow with it: sorting is skipped when it would change
   * nothing, as it costs more than the rest for a thread of 50,000. */
  for (guint i = 1; i < links->len; i++)
    if (compare_links (&g_array_index (links, ClpCommentLink, i - 1),
                       &g_array_index (links, ClpCommentLink, i)) > 0)
      {
        g_array_sort (links, compare_links);
        break;
      }
  self = g_new0 (ClpThreadShape, 1);
  self->nodes = g_array_sized_new (FALSE, TRUE, sizeof (Node), links->len);
  g_array_set_size (self->nodes, links->len);
  nodes = (Node *) self->nodes->data;
  self->by_id = g_new (guint32, links->len + 1);
  for (guint i = 0; i < links->len; i++)
    {
      const ClpCommentLink *link = &g_array_index (links, ClpCommentLink, i);

      nodes[i].id = link->id;
      nodes[i].parent_id = link->parent_id;
      nodes[i].status = (guint8) link->status;
      self->by_id[i] = i;
    }
  for (guint i = 1; i < links->len; i++)
    if (nodes[i - 1].id > nodes[i].id)
      {
        g_qsort_with_data (self->by_id, links->len, sizeof (guint32), compare_ids, nodes);
        break;
      }
  for (guint i = 0; i < links->len; i++)
    nodes[i].parent = nodes[i].parent_id != 0 ? find (self, nodes[i].parent_id) : NO_NODE;
  return self;
}

/**
 * clp_thread_shape_new_for_comments:
 * @comments: (element-type ClpComment): one article's comments
 *
 * Returns: (transfer full): the shape of @comments
 */
ClpThreadShape *
clp_thread_shape_new_for_comments (GPtrArray *comments)
{
  g_autoptr(GArray) links = NULL;

  g_return_val_if_fail (comments != NULL, NULL);

  links = g_array_sized_new (FALSE, FALSE, sizeof (ClpCommentLink), comments->len);
  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);
      ClpCommentLink link = { comment->id, comment->parent_id, comment->position,
                              comment->status };

      g_array_append_val (links, link);
    }
  return clp_thread_shape_new (links);
}

void
clp_thread_shape_free (ClpThreadShape *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->nodes);
  g_free (self->by_id);
  g_free (self);
}

/* With the matches marked: leaves out those not eligible, adds the
 * chains they answer, and counts. */
static void
select_marked (ClpThreadShape   *self,
               gboolean          filtered,
               gboolean          keep_hidden,
               int               declared,
               ClpCommentCounts *counts)
{
  Node *nodes = (Node *) self->nodes->data;
  ClpCommentCounts local = { 0 };

  for (guint i = 0; i < self->nodes->len; i++)
    if (nodes[i].status != CLP_COMMENT_VISIBLE && !keep_hidden)
      nodes[i].role = CLP_COMMENT_ROLE_NONE;

  /* Each match brings the chain of comments it answers. A chain is walked
   * once, however many matches share it; a loop of replies (a damaged
   * file) ends where it was walked before. */
  for (guint i = 0; filtered && i < self->nodes->len; i++)
    {
      if (nodes[i].role != CLP_COMMENT_ROLE_MATCH)
        continue;
      for (guint32 p = nodes[i].parent; p != NO_NODE && !nodes[p].walked; p = nodes[p].parent)
        {
          nodes[p].walked = TRUE;
          if (nodes[p].role == CLP_COMMENT_ROLE_NONE &&
              (nodes[p].status == CLP_COMMENT_VISIBLE || keep_hidden))
            nodes[p].role = CLP_COMMENT_ROLE_CONTEXT;
        }
    }

  local.declared = declared;
  local.archived = self->nodes->len;
  local.shows_hidden = keep_hidden;
  local.filtered = filtered;
  for (guint i = 0; i < self->nodes->len; i++)
    {
      if (nodes[i].status != CLP_COMMENT_VISIBLE)
        local.hidden++;
      if (nodes[i].role == CLP_COMMENT_ROLE_MATCH)
        local.matching++;
      else if (nodes[i].role == CLP_COMMENT_ROLE_CONTEXT)
        local.context++;
    }
  local.held = local.matching + local.context;
  if (counts != NULL)
    *counts = local;
}

/**
 * clp_thread_shape_select:
 * @matching: (nullable): (gint64 *) ids of the comments passing the
 *   filters; %NULL holds every comment (without filters)
 * @keep_hidden: hold deleted and spam comments, marked
 * @declared: how many comments the page claimed, -1 when it did not say
 * @counts: (out caller-allocates) (optional): the numbers to state
 *
 * Chooses the comments held: those in @matching and the comments they
 * answer.
 */
void
clp_thread_shape_select (ClpThreadShape   *self,
                         GHashTable       *matching,
                         gboolean          keep_hidden,
                         int               declared,
                         ClpCommentCounts *counts)
{
  Node *nodes;

  g_return_if_fail (self != NULL);

  nodes = (Node *) self->nodes->data;
  for (guint i = 0; i < self->nodes->len; i++)
    {
      nodes[i].walked = FALSE;
      nodes[i].role = matching == NULL || g_hash_table_contains (matching, &nodes[i].id)
                      ? CLP_COMMENT_ROLE_MATCH : CLP_COMMENT_ROLE_NONE;
    }
  select_marked (self, matching != NULL, keep_hidden, declared, counts);
}

/**
 * clp_thread_shape_select_ids:
 * @ids: (array length=n_ids): the comments passing the filters
 *
 * clp_thread_shape_select() with the matches as a list, which a thread
 * of any size holds in 8 bytes a match.
 */
void
clp_thread_shape_select_ids (ClpThreadShape   *self,
                             const gint64     *ids,
                             guint             n_ids,
                             gboolean          keep_hidden,
                             int               declared,
                             ClpCommentCounts *counts)
{
  Node *nodes;

  g_return_if_fail (self != NULL);
  g_return_if_fail (ids != NULL || n_ids == 0);

  nodes = (Node *) self->nodes->data;
  for (guint i = 0; i < self->nodes->len; i++)
    {
      nodes[i].walked = FALSE;
      nodes[i].role = CLP_COMMENT_ROLE_NONE;
    }
  for (guint i = 0; i < n_ids; i++)
    {
      guint32 index = find (self, ids[i]);

      if (index != NO_NODE)
        nodes[index].role = CLP_COMMENT_ROLE_MATCH;
    }
  select_marked (self, TRUE, keep_hidden, declared, counts);
}

/**
 * clp_thread_shape_get_role:
 *
 * Returns: what the comment @id is to the last selection
 */
ClpCommentRole
clp_thread_shape_get_role (ClpThreadShape *self,
                           gint64          id)
{
  guint32 index;

  g_return_val_if_fail (self != NULL, CLP_COMMENT_ROLE_NONE);

  index = find (self, id);
  return index != NO_NODE ? g_array_index (self->nodes, Node, index).role : CLP_COMMENT_ROLE_NONE;
}

/**
 * clp_thread_shape_list_held:
 * @thread_order: in thread order (each comment followed by its replies,
 *   depth first, siblings in page order, as clp_comment_thread_order()
 *   orders the comments held); otherwise in page order
 *
 * Returns: (transfer full) (element-type ClpHeldComment): the comments the
 *   last selection holds
 */
GArray *
clp_thread_shape_list_held (ClpThreadShape *self,
                            gboolean        thread_order)
{
  const Node *nodes;
  guint n;
  g_autofree guint32 *held_parent = NULL;
  g_autofree guint32 *first_child = NULL;   /* CSR: children of i at [first_child[i], first_child[i + 1]) */
  g_autofree guint32 *children = NULL;
  g_autofree guint32 *depth = NULL;
  g_autofree guint32 *below = NULL;         /* comments held under each, at any depth */
  g_autofree guint8 *emitted = NULL;
  g_autoptr(GArray) stack = NULL;
  g_autoptr(GArray) order = NULL;
  GArray *held;
  guint n_held = 0;

  g_return_val_if_fail (self != NULL, NULL);

  nodes = (const Node *) self->nodes->data;
  n = self->nodes->len;
  held_parent = g_new (guint32, n + 1);
  first_child = g_new0 (guint32, n + 2);
  for (guint i = 0; i < n; i++)
    {
      guint32 p = nodes[i].parent;

      held_parent[i] = NO_NODE;
      if (nodes[i].role == CLP_COMMENT_ROLE_NONE)
        continue;
      n_held++;
      if (p != NO_NODE && nodes[p].role != CLP_COMMENT_ROLE_NONE)
        {
          held_parent[i] = p;
          first_child[p + 2]++;
        }
    }
  /* Counts to starts, then filled in page order. */
  for (guint i = 2; i < n + 2; i++)
    first_child[i] += first_child[i - 1];
  children = g_new (guint32, n + 1);
  for (guint i = 0; i < n; i++)
    if (held_parent[i] != NO_NODE)
      children[first_child[held_parent[i] + 1]++] = i;

  /* Depth first, as clp_comment_thread_order() goes: the tops pushed last
   * to first so that the first pops first, and so each one's replies. */
  depth = g_new0 (guint32, n + 1);
  emitted = g_new0 (guint8, n + 1);
  stack = g_array_new (FALSE, FALSE, sizeof (guint32));
  order = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n_held);
  for (guint i = n; i-- > 0;)
    if (nodes[i].role != CLP_COMMENT_ROLE_NONE && held_parent[i] == NO_NODE)
      g_array_append_val (stack, i);
  for (guint next = 0;;)
    {
      guint32 i;

      if (stack->len == 0)
        {
          /* Comments that answer each other in a loop have no top; start
           * one at the first of them left. */
          for (; next < n; next++)
            if (nodes[next].role != CLP_COMMENT_ROLE_NONE && !emitted[next])
              {
                g_array_append_val (stack, next);
                break;
              }
          if (stack->len == 0)
            break;
        }
      i = g_array_index (stack, guint32, stack->len - 1);
      g_array_set_size (stack, stack->len - 1);
      if (emitted[i])
        continue;
      emitted[i] = TRUE;
      depth[i] = held_parent[i] != NO_NODE && emitted[held_parent[i]] && held_parent[i] != i
                 ? depth[held_parent[i]] + 1 : 0;
      g_array_append_val (order, i);
      for (guint32 k = first_child[i + 1]; k-- > first_child[i];)
        g_array_append_val (stack, children[k]);
    }

  /* In thread order a comment's replies, and theirs, are the run of
   * deeper comments after it: what its fold hides. */
  below = g_new0 (guint32, n + 1);
  g_array_set_size (stack, 0);
  for (guint k = 0; k <= order->len; k++)
    {
      guint32 i = k < order->len ? g_array_index (order, guint32, k) : NO_NODE;

      while (stack->len > 0)
        {
          guint pos = g_array_index (stack, guint32, stack->len - 1);
          guint32 top = g_array_index (order, guint32, pos);

          if (i != NO_NODE && depth[top] < depth[i])
            break;
          below[top] = k - pos - 1;
          g_array_set_size (stack, stack->len - 1);
        }
      if (i != NO_NODE)
        g_array_append_val (stack, k);
    }

  held = g_array_sized_new (FALSE, FALSE, sizeof (ClpHeldComment), n_held);
  for (guint k = 0; k < (thread_order ? order->len : n); k++)
    {
      guint32 i = thread_order ? g_array_index (order, guint32, k) : k;
      ClpHeldComment comment;

      if (nodes[i].role == CLP_COMMENT_ROLE_NONE)
        continue;
      comment.id = nodes[i].id;
      comment.role = nodes[i].role;
      comment.depth = depth[i];
      comment.n_replies = below[i];
      g_array_append_val (held, comment);
    }
  return held;
}
