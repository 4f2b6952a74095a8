/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-list-update"

#include "config.h"

#include "clp-archive-private.h"
#include "clp-list-update.h"

/* Keeping a list of article ids in step with the archive: the list asks
 * again (after an import, a new search or order) and is told only what
 * changed, so that its rows keep their selection and its scroll position,
 * and the rows it shows of changed articles update in place. Everything
 * that grows with the archive (listing, comparing) runs on a reader. */

#define MAX_CHANGES 256

/**
 * clp_list_diff:
 * @old: (element-type gint64): ids as a list shows them
 * @new: (element-type gint64): the ids it should show
 *
 * The changes that turn @old into @new, as items-changed runs. Unchanged
 * rows keep their place; a row that moved is removed and added again.
 * Changes too scattered to be worth telling one by one become one run.
 *
 * Returns: (transfer full) (element-type ClpListChange): the changes
 */
GArray *
clp_list_diff (GArray *old,
               GArray *new)
{
  g_autoptr(GHashTable) old_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) in_new = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (ClpListChange));
  ClpListChange change = { 0 };
  guint i = 0, j = 0, position = 0;

  for (guint k = 0; k < old->len; k++)
    g_hash_table_insert (old_index, &g_array_index (old, gint64, k), GUINT_TO_POINTER (k + 1));
  for (guint k = 0; k < new->len; k++)
    g_hash_table_add (in_new, &g_array_index (new, gint64, k));

#define FLUSH() \
  G_STMT_START { \
    if (change.removed > 0 || change.added > 0) \
      { \
        change.position = position; \
        g_array_append_val (changes, change); \
        position += change.added; \
        change.removed = change.added = 0; \
      } \
  } G_STMT_END

  while (i < old->len || j < new->len)
    {
      gint64 *a = i < old->len ? &g_array_index (old, gint64, i) : NULL;
      gint64 *b = j < new->len ? &g_array_index (new, gint64, j) : NULL;
      gboolean remove;

      if (a != NULL && b != NULL && *a == *b)
        {
          FLUSH ();
          i++, j++, position++;
          continue;
        }
      if (a == NULL)
        remove = FALSE;
      else if (b == NULL || !g_hash_table_contains (in_new, a))
        remove = TRUE;
      else
        {
          guint b_old = GPOINTER_TO_UINT (g_hash_table_lookup (old_index, b));

          /* b is new, or was dropped already as moved: add it. Otherwise
           * both rows exist on both sides in another order: drop a, it
           * comes back where new has it. */
          remove = b_old != 0 && b_old - 1 > i;
        }
      if (remove)
        change.removed++, i++;
      else
        change.added++, j++;
    }
  FLUSH ();
#undef FLUSH

  if (changes->len > MAX_CHANGES)
    {
      /* Too scattered to be worth row-by-row: one run from the first
       * change to the end of the last. */
      ClpListChange *first = &g_array_index (changes, ClpListChange, 0);
      ClpListChange merged = { first->position, 0, 0 };
      guint tail_old = 0;

      /* Rows after the last change are untouched on both sides. */
      {
        guint a = old->len, b = new->len;

        while (a > 0 && b > 0 && g_array_index (old, gint64, a - 1) == g_array_index (new, gint64, b - 1))
          a--, b--, tail_old++;
      }
      merged.removed = old->len - tail_old - merged.position;
      merged.added = new->len - tail_old - merged.position;
      g_array_set_size (changes, 0);
      g_array_append_val (changes, merged);
    }
  return changes;
}

void
clp_list_update_free (ClpListUpdate *update)
{
  g_clear_pointer (&update->ids, g_array_unref);
  g_clear_pointer (&update->changes, g_array_unref);
  g_clear_pointer (&update->refreshed, g_ptr_array_unref);
  g_free (update);
}

typedef struct
{
  ClpSearchRequest *request;
  GArray           *old_ids;
  gboolean          reset;
  guint             limit;
  GArray           *refresh_ids;
  gint64            reveal_id;
} Args;

static void
args_free (Args *args)
{
  clp_search_request_unref (args->request);
  g_array_unref (args->old_ids);
  g_clear_pointer (&args->refresh_ids, g_array_unref);
  g_free (args);
}

static void
update_work (GTask        *task,
             ClpArchive   *archive,
             ClpStore     *store,
             gpointer      data,
             GCancellable *cancellable)
{
  Args *args = data;
  g_autoptr(ClpListUpdate) update = g_new0 (ClpListUpdate, 1);
  GError *error = NULL;

  update->ids = clp_archive_list_ids_on (store, args->request, 0, args->limit, cancellable,
                                         &error);
  if (update->ids == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (args->reset)
    {
      ClpListChange all = { 0, args->old_ids->len, update->ids->len };

      update->changes = g_array_new (FALSE, FALSE, sizeof (ClpListChange));
      g_array_append_val (update->changes, all);
    }
  else
    update->changes = clp_list_diff (args->old_ids, update->ids);

  update->refreshed = args->refresh_ids == NULL
                      ? g_ptr_array_new_with_free_func ((GDestroyNotify) clp_article_unref)
                      : clp_store_load_articles (store, (gint64 *) args->refresh_ids->data,
                                                 args->refresh_ids->len, FALSE, &error);
  if (update->refreshed == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  update->reveal_position = G_MAXUINT;
  for (guint k = 0; args->reveal_id != 0 && k < update->ids->len; k++)
    if (g_array_index (update->ids, gint64, k) == args->reveal_id)
      {
        update->reveal_position = k;
        break;
      }

  g_task_return_pointer (task, g_steal_pointer (&update), (GDestroyNotify) clp_list_update_free);
}

/**
 * clp_archive_update_list_async:
 * @request: what the list shows, in which order
 * @old_ids: (element-type gint64): what it shows now; not changed while
 *   this runs
 * @reset: tell one change, everything replaced (a new order)
 * @limit: list at most this many; G_MAXUINT for all
 * @refresh_ids: (nullable) (element-type gint64): articles whose rows are
 *   shown, to load again
 * @reveal_id: an article whose new position to find, or 0
 */
void
clp_archive_update_list_async (ClpArchive          *archive,
                               ClpSearchRequest    *request,
                               GArray              *old_ids,
                               gboolean             reset,
                               guint                limit,
                               GArray              *refresh_ids,
                               gint64               reveal_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Args *args;

  g_return_if_fail (CLP_IS_ARCHIVE (archive));
  g_return_if_fail (request != NULL);
  g_return_if_fail (old_ids != NULL);

  args = g_new0 (Args, 1);
  args->request = clp_search_request_ref (request);
  args->old_ids = g_array_ref (old_ids);
  args->reset = reset;
  args->limit = limit;
  args->refresh_ids = refresh_ids != NULL ? g_array_ref (refresh_ids) : NULL;
  args->reveal_id = reveal_id;
  task = g_task_new (archive, cancellable, callback, user_data);
  g_task_set_source_tag (task, clp_archive_update_list_async);
  g_task_set_task_data (task, args, (GDestroyNotify) args_free);
  clp_archive_run_read (archive, task, update_work);
}

/**
 * clp_archive_update_list_finish:
 *
 * Returns: (transfer full): the update, or %NULL with @error set
 */
ClpListUpdate *
clp_archive_update_list_finish (ClpArchive    *archive,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, archive), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
