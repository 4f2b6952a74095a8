/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-comment"

#include "config.h"

#include "clp-comment.h"
#include "clp-date.h"

G_DEFINE_BOXED_TYPE (ClpComment, clp_comment, clp_comment_ref, clp_comment_unref)

ClpComment *
clp_comment_new (void)
{
  ClpComment *self = g_new0 (ClpComment, 1);

  self->ref_count = 1;
  return self;
}

ClpComment *
clp_comment_ref (ClpComment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
clp_comment_unref (ClpComment *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_free (self->key);
  g_free (self->parent_key);
  g_free (self->article_key);
  g_free (self->author);
  g_free (self->posted_at);
  g_free (self->text);
  g_free (self->html);
  g_free (self);
}

/**
 * clp_comment_dup_shown_time:
 *
 * The comment's time as Clippings shows it, and as date filters and
 * exports read it (FORMATS.md, "Times"): with an instant, that instant in
 * this computer's time zone; otherwise the site's wall-clock time as the
 * source wrote it, since its zone is not known. An instant too far from
 * now for GLib to write in local time falls back on posted_at.
 *
 * Returns: (transfer full) (nullable): "YYYY-MM-DDTHH:MM:SS", or %NULL
 *   when the comment has no time
 */
char *
clp_comment_dup_shown_time (const ClpComment *self)
{
  char *local;

  g_return_val_if_fail (self != NULL, NULL);

  local = self->has_utc ? clp_date_from_unix (self->posted_utc, TRUE) : NULL;
  return local != NULL ? local : g_strdup (self->posted_at);
}

/**
 * clp_comment_thread_order:
 * @comments: (element-type ClpComment): one article's comments, page order
 *
 * Orders comments as threads read: each comment followed by its replies,
 * depth first, siblings in page order. A comment whose parent is not among
 * @comments starts a thread of its own.
 *
 * Returns: (transfer full) (element-type ClpComment): the same comments
 */
GPtrArray *
clp_comment_thread_order (GPtrArray *comments)
{
  g_autoptr(GHashTable) children = NULL;   /* parent id -> GPtrArray of comments */
  g_autoptr(GHashTable) present = NULL;
  g_autoptr(GPtrArray) stack = NULL;
  GPtrArray *ordered;

  g_return_val_if_fail (comments != NULL, NULL);

  ordered = g_ptr_array_new_full (comments->len, (GDestroyNotify) clp_comment_unref);
  children = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                    (GDestroyNotify) g_ptr_array_unref);
  present = g_hash_table_new (g_int64_hash, g_int64_equal);
  stack = g_ptr_array_new ();

  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);

      g_hash_table_add (present, &comment->id);
    }

  /* Pushed in reverse, so that the first child pops first. */
  for (guint i = comments->len; i-- > 0;)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);

      if (comment->parent_id != 0 && g_hash_table_contains (present, &comment->parent_id))
        {
          GPtrArray *list = g_hash_table_lookup (children, &comment->parent_id);

          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (children, &comment->parent_id, list);
            }
          g_ptr_array_add (list, comment);
        }
      else
        g_ptr_array_add (stack, comment);
    }

  for (guint next = 0;;)
    {
      ClpComment *comment;
      GPtrArray *list;

      if (stack->len == 0)
        {
          /* Comments that answer each other in a loop have no top; start
           * one at the first of them left. */
          for (; next < comments->len; next++)
            {
              ClpComment *left = g_ptr_array_index (comments, next);

              if (g_hash_table_contains (present, &left->id))
                {
                  g_ptr_array_add (stack, left);
                  break;
                }
            }
          if (stack->len == 0)
            break;
        }

      comment = g_ptr_array_steal_index (stack, stack->len - 1);
      if (!g_hash_table_remove (present, &comment->id))
        continue;
      g_ptr_array_add (ordered, clp_comment_ref (comment));
      list = g_hash_table_lookup (children, &comment->id);
      if (list != NULL)
        for (guint i = 0; i < list->len; i++)
          g_ptr_array_add (stack, g_ptr_array_index (list, i));
    }
  return ordered;
}

/**
 * clp_comment_thread_depths:
 * @ordered: (element-type ClpComment): comments in thread order
 *
 * How deep each comment sits among @ordered: 0 for one whose parent is
 * not there (a top comment, or the first shown of a chain), one more than
 * its parent otherwise. An export or page of some comments nests them by
 * this, not by their depth in the whole thread.
 *
 * Returns: (transfer full): (gint64 *) comment id -> depth
 *   (GINT_TO_POINTER); the keys point into @ordered's comments
 */
GHashTable *
clp_comment_thread_depths (GPtrArray *ordered)
{
  GHashTable *depths = g_hash_table_new (g_int64_hash, g_int64_equal);

  g_return_val_if_fail (ordered != NULL, depths);

  for (guint i = 0; i < ordered->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (ordered, i);
      gpointer parent_depth = NULL;
      int depth = 0;

      if (comment->parent_id != 0 &&
          g_hash_table_lookup_extended (depths, &comment->parent_id, NULL, &parent_depth))
        depth = GPOINTER_TO_INT (parent_depth) + 1;
      g_hash_table_insert (depths, &comment->id, GINT_TO_POINTER (depth));
    }
  return depths;
}
