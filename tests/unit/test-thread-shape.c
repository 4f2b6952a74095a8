/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clp-thread-shape.h"

/* The shape of a thread: which comments a view or an export holds, in
 * which order, and the counts it states. */

static ClpComment *
comment_new (gint64 id,
             gint64 parent_id,
             int    position,
             int    status)
{
  ClpComment *comment = clp_comment_new ();

  comment->id = id;
  comment->parent_id = parent_id;
  comment->position = position;
  comment->status = status;
  return comment;
}

/* Random threads, with replies whose parent comes later, is missing, is
 * hidden, or answers them back: held whole, the shape orders them as
 * clp_comment_thread_order() does, with the same depths. */
static void
test_order (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
      g_autoptr(GPtrArray) ordered = NULL;
      g_autoptr(GHashTable) depths = NULL;
      g_autoptr(ClpThreadShape) shape = NULL;
      g_autoptr(GArray) held = NULL;
      guint n = g_rand_int_range (rand, 0, 40);

      for (guint i = 0; i < n; i++)
        {
          gint64 parent = 0;

          if (g_rand_int_range (rand, 0, 3) > 0 && n > 0)
            parent = g_rand_int_range (rand, 1, n + 3);  /* some point at no comment */
          g_ptr_array_add (comments, comment_new (100 + i, parent == 0 ? 0 : 99 + parent, i, 0));
        }
      ordered = clp_comment_thread_order (comments);
      depths = clp_comment_thread_depths (ordered);
      shape = clp_thread_shape_new_for_comments (comments);
      clp_thread_shape_select (shape, NULL, FALSE, -1, NULL);
      held = clp_thread_shape_list_held (shape, TRUE);
      g_assert_cmpuint (held->len, ==, ordered->len);
      for (guint i = 0; i < held->len; i++)
        {
          ClpHeldComment *h = &g_array_index (held, ClpHeldComment, i);
          ClpComment *c = g_ptr_array_index (ordered, i);

          g_assert_cmpint (h->id, ==, c->id);
          g_assert_cmpint (h->depth, ==, GPOINTER_TO_INT (g_hash_table_lookup (depths, &c->id)));
          g_assert_cmpint (h->role, ==, CLP_COMMENT_ROLE_MATCH);
        }
    }
}

/* Matches bring the chain they answer as context, through a hidden
 * comment (which stays out); the counts say so. */
static void
test_select (void)
{
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
  g_autoptr(GHashTable) matching = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(ClpThreadShape) shape = NULL;
  g_autoptr(GArray) page = NULL;
  g_autoptr(GArray) thread = NULL;
  ClpCommentCounts counts;
  gint64 five = 5, six = 6;

  /* 1 ─ 2 (deleted) ─ 3 ─ 5 (match);  4;  6 (match) ─ 7 */
  g_ptr_array_add (comments, comment_new (1, 0, 0, CLP_COMMENT_VISIBLE));
  g_ptr_array_add (comments, comment_new (2, 1, 1, CLP_COMMENT_DELETED));
  g_ptr_array_add (comments, comment_new (3, 2, 2, CLP_COMMENT_VISIBLE));
  g_ptr_array_add (comments, comment_new (4, 0, 3, CLP_COMMENT_VISIBLE));
  g_ptr_array_add (comments, comment_new (6, 0, 5, CLP_COMMENT_VISIBLE));
  g_ptr_array_add (comments, comment_new (5, 3, 4, CLP_COMMENT_VISIBLE));
  g_ptr_array_add (comments, comment_new (7, 6, 6, CLP_COMMENT_VISIBLE));
  g_hash_table_add (matching, &five);
  g_hash_table_add (matching, &six);

  shape = clp_thread_shape_new_for_comments (comments);
  clp_thread_shape_select (shape, matching, FALSE, 9, &counts);
  g_assert_cmpint (counts.declared, ==, 9);
  g_assert_cmpuint (counts.archived, ==, 7);
  g_assert_cmpuint (counts.hidden, ==, 1);
  g_assert_cmpuint (counts.matching, ==, 2);
  g_assert_cmpuint (counts.context, ==, 2);
  g_assert_cmpuint (counts.held, ==, 4);
  g_assert_true (counts.filtered);
  g_assert_cmpint (clp_thread_shape_get_role (shape, 1), ==, CLP_COMMENT_ROLE_CONTEXT);
  g_assert_cmpint (clp_thread_shape_get_role (shape, 2), ==, CLP_COMMENT_ROLE_NONE);
  g_assert_cmpint (clp_thread_shape_get_role (shape, 3), ==, CLP_COMMENT_ROLE_CONTEXT);
  g_assert_cmpint (clp_thread_shape_get_role (shape, 4), ==, CLP_COMMENT_ROLE_NONE);
  g_assert_cmpint (clp_thread_shape_get_role (shape, 5), ==, CLP_COMMENT_ROLE_MATCH);
  g_assert_cmpint (clp_thread_shape_get_role (shape, 7), ==, CLP_COMMENT_ROLE_NONE);

  /* Page order is by position; in thread order 3 starts a thread of its
   * own once 2 is out, with 5 under it. */
  page = clp_thread_shape_list_held (shape, FALSE);
  thread = clp_thread_shape_list_held (shape, TRUE);
  g_assert_cmpint (g_array_index (page, ClpHeldComment, 0).id, ==, 1);
  g_assert_cmpint (g_array_index (page, ClpHeldComment, 1).id, ==, 3);
  g_assert_cmpint (g_array_index (page, ClpHeldComment, 2).id, ==, 5);
  g_assert_cmpint (g_array_index (page, ClpHeldComment, 3).id, ==, 6);
  g_assert_cmpint (g_array_index (thread, ClpHeldComment, 0).id, ==, 1);
  g_assert_cmpint (g_array_index (thread, ClpHeldComment, 1).id, ==, 3);
  g_assert_cmpint (g_array_index (thread, ClpHeldComment, 1).depth, ==, 0);
  g_assert_cmpuint (g_array_index (thread, ClpHeldComment, 1).n_replies, ==, 1);
  g_assert_cmpint (g_array_index (thread, ClpHeldComment, 2).id, ==, 5);
  g_assert_cmpint (g_array_index (thread, ClpHeldComment, 2).depth, ==, 1);
  g_assert_cmpint (g_array_index (thread, ClpHeldComment, 3).id, ==, 6);
  g_assert_cmpuint (g_array_index (thread, ClpHeldComment, 0).n_replies, ==, 0);

  /* Hidden ones held: the deleted comment is context too. */
  clp_thread_shape_select (shape, matching, TRUE, 9, &counts);
  g_assert_cmpint (clp_thread_shape_get_role (shape, 2), ==, CLP_COMMENT_ROLE_CONTEXT);
  g_assert_cmpuint (counts.context, ==, 3);

  /* Without filters: every comment shown, each a match. */
  clp_thread_shape_select (shape, NULL, FALSE, -1, &counts);
  g_assert_cmpuint (counts.held, ==, 6);
  g_assert_cmpuint (counts.matching, ==, 6);
  g_assert_false (counts.filtered);
}

static void
test_sentences (void)
{
  ClpCommentCounts counts = { .declared = 23, .archived = 23, .filtered = TRUE, .held = 4,
                              .matching = 3, .context = 1 };
  g_autofree char *heading = clp_comment_counts_heading (&counts);
  g_autofree char *missing = clp_comment_counts_missing (&counts);
  g_autofree char *held = clp_comment_counts_held (&counts);
  g_autofree char *all = NULL;

  g_assert_cmpstr (heading, ==, "Reader comments (3 of 23)");
  g_assert_null (missing);
  g_assert_cmpstr (held, ==, "This export holds 4 comments: the 3 passing the filters and 1 they "
                             "answer, marked as context.");

  counts.archived = 21;
  counts.filtered = FALSE;
  counts.held = counts.matching = 21;
  counts.context = 0;
  all = clp_comment_counts_describe (&counts);
  g_assert_cmpstr (all, ==, "Reader comments (21 of 23) — The page claimed 23 comments; 2 are not "
                            "in the archive.");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/thread-shape/order", test_order);
  g_test_add_func ("/core/thread-shape/select", test_select);
  g_test_add_func ("/core/thread-shape/sentences", test_sentences);

  return g_test_run ();
}
