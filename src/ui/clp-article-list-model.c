/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-article-list-model"

#include "config.h"

#include "clp-article-item.h"
#include "clp-article-list-model.h"

/* The article list: a GListModel over the archive's article ids in the
 * order SQL sorted them. The ids are fetched in a worker thread; items are
 * built when GTK asks for them, a page of rows at a time, from the primary
 * key, and kept in a bounded cache. The main thread never runs a query that
 * grows with the archive.
 *
 * A reload (after an import) compares the new ids with the old ones in the
 * worker and reports only what changed, so rows keep their selection and
 * the list its scroll position. Rows of changed articles update in place.
 *
 * With a search, the first page of matching articles comes first, so the
 * list fills at once however many articles match; the rest follows. */

#define PAGE_SIZE 64
#define CACHE_SIZE 4096
#define MAX_CHANGES 256
#define FIRST_PAGE 200

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  ClpStore        *store;
  ClpQuery        *query;
  ClpArticleFilter filter;
  ClpArticleOrder  order;
  gboolean         descending;
  guint            limit;       /* G_MAXUINT: all */
  gboolean         reset;       /* a new order: replace everything */
  GArray          *old_ids;
  gboolean         refresh;     /* the articles may have changed */
  GArray          *cached_ids;  /* refresh these rows' data */
  gint64           reveal_id;

  /* results */
  GArray          *new_ids;
  GArray          *changes;
  GPtrArray       *refreshed;   /* ClpArticle */
  guint            reveal_position;
} Reload;

struct _ClpArticleListModel
{
  GObject          parent_instance;

  ClpStore        *reader;       /* main thread: pages by primary key */
  ClpStore        *worker;       /* worker threads: the ordered ids */
  ClpArticleOrder  order;
  gboolean         descending;
  ClpQuery        *query;
  ClpArticleFilter filter;
  GArray          *ids;          /* never changed once set: workers read it */
  /* While a reload's changes are told one at a time, GTK must find the
   * list as it is after the change it is told of: the new ids up to the
   * end of that change, the old ones after it. */
  GArray          *told_old;     /* the old ids while telling, or NULL */
  guint            told_end;     /* where the change being told ends */
  gint64           told_shift;   /* rows added less rows removed so far */
  GHashTable      *cache;        /* id -> ClpArticleItem */
  GQueue           cache_order;  /* ids, oldest first */
  GCancellable    *cancellable;
  gboolean         loading;
  /* An import may have changed articles in the cache: the next reload
   * that completes refreshes them. A new search or order changes only
   * which rows are listed. */
  gboolean         stale;
};

enum { PROP_0, PROP_LOADING, N_PROPS };
enum { RELOADED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void clp_article_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ClpArticleListModel, clp_article_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      clp_article_list_model_iface_init))

static void start_reload (ClpArticleListModel *self,
                          gint64               reveal_id,
                          gboolean             reset,
                          guint                limit);

static void
reload_free (Reload *reload)
{
  g_clear_object (&reload->store);
  g_clear_pointer (&reload->query, clp_query_unref);
  clp_article_filter_clear (&reload->filter);
  g_clear_pointer (&reload->old_ids, g_array_unref);
  g_clear_pointer (&reload->cached_ids, g_array_unref);
  g_clear_pointer (&reload->new_ids, g_array_unref);
  g_clear_pointer (&reload->changes, g_array_unref);
  g_clear_pointer (&reload->refreshed, g_ptr_array_unref);
  g_free (reload);
}

static void
clp_article_list_model_dispose (GObject *object)
{
  ClpArticleListModel *self = CLP_ARTICLE_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->reader);
  g_clear_object (&self->worker);

  G_OBJECT_CLASS (clp_article_list_model_parent_class)->dispose (object);
}

static void
clp_article_list_model_finalize (GObject *object)
{
  ClpArticleListModel *self = CLP_ARTICLE_LIST_MODEL (object);

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->told_old, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_queue_clear_full (&self->cache_order, g_free);
  g_clear_pointer (&self->query, clp_query_unref);
  clp_article_filter_clear (&self->filter);

  G_OBJECT_CLASS (clp_article_list_model_parent_class)->finalize (object);
}

static void
clp_article_list_model_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ClpArticleListModel *self = CLP_ARTICLE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clp_article_list_model_class_init (ClpArticleListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clp_article_list_model_dispose;
  object_class->finalize = clp_article_list_model_finalize;
  object_class->get_property = clp_article_list_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ClpArticleListModel::reloaded:
   * @reveal_position: where the article asked for in reload() now is, or
   *   G_MAXUINT
   */
  signals[RELOADED] =
    g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
clp_article_list_model_init (ClpArticleListModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_queue_init (&self->cache_order);
  self->order = CLP_ARTICLE_ORDER_PUBLISHED;
  self->descending = TRUE;
}

static guint
n_ids (ClpArticleListModel *self)
{
  if (self->told_old != NULL)
    return (guint) (self->told_old->len + self->told_shift);
  return self->ids->len;
}

static gint64
id_at (ClpArticleListModel *self,
       guint                position)
{
  if (self->told_old != NULL && position >= self->told_end)
    return g_array_index (self->told_old, gint64, position - self->told_shift);
  return g_array_index (self->ids, gint64, position);
}

static GType
clp_article_list_model_get_item_type (GListModel *model)
{
  return CLP_TYPE_ARTICLE_ITEM;
}

static guint
clp_article_list_model_get_n_items (GListModel *model)
{
  return n_ids (CLP_ARTICLE_LIST_MODEL (model));
}

static void
cache_insert (ClpArticleListModel *self,
              ClpArticleItem      *item)
{
  gint64 *key = g_new (gint64, 1);

  *key = clp_article_item_get_id (item);
  g_hash_table_replace (self->cache, key, item);
  g_queue_push_tail (&self->cache_order, g_memdup2 (key, sizeof *key));

  while (g_queue_get_length (&self->cache_order) > CACHE_SIZE)
    {
      g_autofree gint64 *oldest = g_queue_pop_head (&self->cache_order);

      g_hash_table_remove (self->cache, oldest);
    }
}

/* Loads the page of rows around @position that the cache lacks. */
static void
load_page (ClpArticleListModel *self,
           guint                position)
{
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GError) error = NULL;
  guint start = position - position % PAGE_SIZE;
  guint end = MIN (start + PAGE_SIZE, n_ids (self));

  for (guint i = start; i < end; i++)
    {
      gint64 id = id_at (self, i);

      if (!g_hash_table_contains (self->cache, &id))
        g_array_append_val (missing, id);
    }
  if (missing->len == 0 || self->reader == NULL)
    return;

  articles = clp_store_load_articles (self->reader, (gint64 *) missing->data, missing->len, FALSE,
                                      &error);
  if (articles == NULL)
    {
      g_warning ("Could not load articles: %s", error->message);
      return;
    }
  for (guint i = 0; i < articles->len; i++)
    cache_insert (self, clp_article_item_new (g_ptr_array_index (articles, i)));
}

static gpointer
clp_article_list_model_get_item (GListModel *model,
                                 guint       position)
{
  ClpArticleListModel *self = CLP_ARTICLE_LIST_MODEL (model);
  ClpArticleItem *item;
  gint64 id;

  if (position >= n_ids (self))
    return NULL;

  id = id_at (self, position);
  item = g_hash_table_lookup (self->cache, &id);
  if (item == NULL)
    {
      load_page (self, position);
      item = g_hash_table_lookup (self->cache, &id);
    }
  if (item == NULL)
    {
      /* Removed behind our back; the next reload drops the row. */
      g_autoptr(ClpArticle) gone = clp_article_new ();

      gone->id = id;
      gone->title = g_strdup ("…");
      return clp_article_item_new (gone);
    }
  return g_object_ref (item);
}

static void
clp_article_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = clp_article_list_model_get_item_type;
  iface->get_n_items = clp_article_list_model_get_n_items;
  iface->get_item = clp_article_list_model_get_item;
}

/* The changes that turn @old into @new, as items-changed runs. Unchanged
 * rows keep their place; a row that moved is removed and added again. */
static GArray *
diff (GArray *old,
      GArray *new)
{
  g_autoptr(GHashTable) old_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) in_new = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (Change));
  Change change = { 0 };
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
      Change *first = &g_array_index (changes, Change, 0);
      Change merged = { first->position, 0, 0 };
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

static void
reload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Reload *reload = task_data;
  g_autoptr(GError) error = NULL;

  reload->new_ids = clp_store_list_filtered_article_ids (reload->store, reload->query,
                                                        &reload->filter, reload->order,
                                                        reload->descending, 0, reload->limit,
                                                        cancellable, &error);
  if (reload->new_ids == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (reload->reset)
    {
      Change all = { 0, reload->old_ids->len, reload->new_ids->len };

      reload->changes = g_array_new (FALSE, FALSE, sizeof (Change));
      g_array_append_val (reload->changes, all);
    }
  else
    reload->changes = diff (reload->old_ids, reload->new_ids);

  reload->refreshed = clp_store_load_articles (reload->store, (gint64 *) reload->cached_ids->data,
                                               reload->cached_ids->len, FALSE, &error);
  if (reload->refreshed == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  reload->reveal_position = G_MAXUINT;
  if (reload->reveal_id != 0)
    for (guint k = 0; k < reload->new_ids->len; k++)
      if (g_array_index (reload->new_ids, gint64, k) == reload->reveal_id)
        {
          reload->reveal_position = k;
          break;
        }

  g_task_return_boolean (task, TRUE);
}

static void
set_loading (ClpArticleListModel *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
reload_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ClpArticleListModel *self = CLP_ARTICLE_LIST_MODEL (object);
  Reload *reload = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not list the articles: %s", error->message);
          set_loading (self, FALSE);
        }
      return;
    }

  if (reload->refresh)
    self->stale = FALSE;
  /* Rows whose article changed update in place; gone ones leave the cache. */
  {
    g_autoptr(GHashTable) found = g_hash_table_new (g_int64_hash, g_int64_equal);

    for (guint i = 0; i < reload->refreshed->len; i++)
      {
        ClpArticle *article = g_ptr_array_index (reload->refreshed, i);
        ClpArticleItem *item = g_hash_table_lookup (self->cache, &article->id);

        g_hash_table_add (found, &article->id);
        if (item != NULL)
          clp_article_item_update (item, article);
      }
    for (guint i = 0; i < reload->cached_ids->len; i++)
      {
        gint64 *id = &g_array_index (reload->cached_ids, gint64, i);

        if (!g_hash_table_contains (found, id))
          g_hash_table_remove (self->cache, id);
      }
  }

  /* GTK asks for rows while it is told of each change; an import that
   * lands articles in several places made it find rows that were not
   * there yet, and abort. */
  self->told_old = g_steal_pointer (&self->ids);
  self->ids = g_array_ref (reload->new_ids);
  self->told_shift = 0;
  for (guint i = 0; i < reload->changes->len; i++)
    {
      Change *change = &g_array_index (reload->changes, Change, i);

      self->told_end = change->position + change->added;
      self->told_shift += (gint64) change->added - change->removed;
      g_list_model_items_changed (G_LIST_MODEL (self), change->position, change->removed,
                                  change->added);
    }
  g_clear_pointer (&self->told_old, g_array_unref);

  /* A first page that came back full has more behind it. */
  if (reload->limit != G_MAXUINT && reload->new_ids->len >= reload->limit)
    {
      g_signal_emit (self, signals[RELOADED], 0, reload->reveal_position);
      start_reload (self, 0, FALSE, G_MAXUINT);
      return;
    }
  set_loading (self, FALSE);
  g_signal_emit (self, signals[RELOADED], 0, reload->reveal_position);
}

static void
copy_filter (ClpArticleFilter       *to,
             const ClpArticleFilter *from)
{
  clp_article_filter_clear (to);
  if (from == NULL)
    return;
  to->source = g_strdup (from->source);
  to->section = g_strdup (from->section);
  to->published_from = g_strdup (from->published_from);
  to->published_to = g_strdup (from->published_to);
  to->has_comments = from->has_comments;
}

static gboolean
same_query (ClpQuery *a,
            ClpQuery *b)
{
  g_autofree char *a_text = NULL;
  g_autofree char *b_text = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  a_text = clp_query_to_string (a);
  b_text = clp_query_to_string (b);
  return g_str_equal (a_text, b_text);
}

static gboolean
same_filter (const ClpArticleFilter *current,
             const ClpArticleFilter *filter)
{
  ClpArticleFilter none = { 0 };

  if (filter == NULL)
    filter = &none;
  return g_strcmp0 (current->source, filter->source) == 0 &&
         g_strcmp0 (current->section, filter->section) == 0 &&
         g_strcmp0 (current->published_from, filter->published_from) == 0 &&
         g_strcmp0 (current->published_to, filter->published_to) == 0 &&
         current->has_comments == filter->has_comments;
}

static void
start_reload (ClpArticleListModel *self,
              gint64               reveal_id,
              gboolean             reset,
              guint                limit)
{
  g_autoptr(GTask) task = NULL;
  Reload *reload;
  GHashTableIter iter;
  gpointer key;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  reload = g_new0 (Reload, 1);
  reload->store = g_object_ref (self->worker);
  reload->order = self->order;
  reload->descending = self->descending;
  reload->reset = reset;
  reload->limit = limit;
  reload->query = self->query != NULL ? clp_query_ref (self->query) : NULL;
  copy_filter (&reload->filter, &self->filter);
  reload->old_ids = g_array_ref (self->ids);
  reload->reveal_id = reveal_id;
  reload->refresh = self->stale;
  /* The cache is bounded, so this copy is too. */
  reload->cached_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                                          reload->refresh ? g_hash_table_size (self->cache) : 0);
  g_hash_table_iter_init (&iter, self->cache);
  while (reload->refresh && g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (reload->cached_ids, *(gint64 *) key);

  set_loading (self, TRUE);
  task = g_task_new (self, self->cancellable, reload_done_cb, NULL);
  g_task_set_source_tag (task, clp_article_list_model_reload);
  g_task_set_task_data (task, reload, (GDestroyNotify) reload_free);
  g_task_run_in_thread (task, reload_thread);
}

/**
 * clp_article_list_model_reload:
 * @reveal_id: an article whose new position the ::reloaded signal gives,
 *   or 0
 *
 * Lists the archive again in a worker thread, keeping rows in place. A
 * reload already running is cancelled.
 */
void
clp_article_list_model_reload (ClpArticleListModel *self,
                               gint64               reveal_id)
{
  g_return_if_fail (CLP_IS_ARTICLE_LIST_MODEL (self));

  self->stale = TRUE;
  start_reload (self, reveal_id, FALSE, G_MAXUINT);
}

/**
 * clp_article_list_model_set_search:
 * @query: (nullable): articles that match, or have a matching comment
 * @filter: (nullable): conditions on the articles themselves
 *
 * Lists what the search and the list filters pick: the first page at
 * once, the rest after.
 */
void
clp_article_list_model_set_search (ClpArticleListModel    *self,
                                   ClpQuery               *query,
                                   const ClpArticleFilter *filter)
{
  g_return_if_fail (CLP_IS_ARTICLE_LIST_MODEL (self));

  if (query != NULL && clp_query_is_empty (query))
    query = NULL;
  /* The same rows ("night" and then "night "): GTK would destroy and
   * build every visible row again for nothing, 40 to 70 ms of the main
   * thread on a slow machine. */
  if (same_query (self->query, query) && same_filter (&self->filter, filter))
    return;
  g_clear_pointer (&self->query, clp_query_unref);
  self->query = query != NULL ? clp_query_ref (query) : NULL;
  copy_filter (&self->filter, filter);
  start_reload (self, 0, TRUE, FIRST_PAGE);
}

/**
 * clp_article_list_model_new:
 * @reader: a connection for the main thread
 * @worker: a connection for the worker threads
 */
ClpArticleListModel *
clp_article_list_model_new (ClpStore *reader,
                            ClpStore *worker)
{
  ClpArticleListModel *self;

  g_return_val_if_fail (CLP_IS_STORE (reader), NULL);
  g_return_val_if_fail (CLP_IS_STORE (worker), NULL);

  self = g_object_new (CLP_TYPE_ARTICLE_LIST_MODEL, NULL);
  self->reader = g_object_ref (reader);
  self->worker = g_object_ref (worker);
  return self;
}

void
clp_article_list_model_set_order (ClpArticleListModel *self,
                                  ClpArticleOrder      order,
                                  gboolean             descending)
{
  g_return_if_fail (CLP_IS_ARTICLE_LIST_MODEL (self));

  if (self->order == order && self->descending == descending)
    return;
  self->order = order;
  self->descending = descending;
  start_reload (self, 0, TRUE, FIRST_PAGE);
}

gboolean
clp_article_list_model_get_loading (ClpArticleListModel *self)
{
  g_return_val_if_fail (CLP_IS_ARTICLE_LIST_MODEL (self), FALSE);

  return self->loading;
}

gint64
clp_article_list_model_get_id (ClpArticleListModel *self,
                               guint                position)
{
  g_return_val_if_fail (CLP_IS_ARTICLE_LIST_MODEL (self), 0);

  if (position >= n_ids (self))
    return 0;
  return id_at (self, position);
}
