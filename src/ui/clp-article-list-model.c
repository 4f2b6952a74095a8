/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-article-list-model"

#include "config.h"

#include "clp-article-item.h"
#include "clp-article-list-model.h"
#include "clp-list-update.h"

/* The article list: a GListModel over the archive's article ids in the
 * order SQL sorted them. The archive lists the ids on a reader; items are
 * built when GTK asks for them, a page of rows at a time, from the primary
 * key, and kept in a bounded cache. The main thread never runs a query that
 * grows with the archive.
 *
 * A reload (after the archive changed) compares the new ids with the old
 * ones on the reader and reports only what changed, so rows keep their
 * selection and the list its scroll position. Rows of changed articles
 * update in place.
 *
 * With a search, the first page of matching articles comes first, so the
 * list fills at once however many articles match; the rest follows. */

#define PAGE_SIZE 64
#define CACHE_SIZE 4096
#define FIRST_PAGE 200

/* What a reload asked for, to read its answer by. */
typedef struct
{
  ClpArticleListModel *model;
  guint    limit;       /* G_MAXUINT: all */
  gboolean refresh;     /* the articles may have changed */
  GArray  *cached_ids;  /* the rows' articles asked for again */
} Reload;

struct _ClpArticleListModel
{
  GObject          parent_instance;

  ClpArchive      *archive;
  ClpSearchRequest *request;     /* what is listed, in which order; NULL until told */
  GArray          *ids;          /* never changed once set: readers read it */
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
  g_clear_object (&reload->model);
  g_clear_pointer (&reload->cached_ids, g_array_unref);
  g_free (reload);
}

static void
clp_article_list_model_dispose (GObject *object)
{
  ClpArticleListModel *self = CLP_ARTICLE_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->archive);

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
  g_clear_pointer (&self->request, clp_search_request_unref);

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
  if (missing->len == 0 || self->archive == NULL)
    return;

  articles = clp_archive_load_articles (self->archive, (gint64 *) missing->data, missing->len,
                                        FALSE, &error);
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
  g_autoptr(ClpArticleListModel) self = NULL;
  g_autoptr(ClpListUpdate) update = NULL;
  g_autoptr(GError) error = NULL;
  Reload *reload = user_data;

  update = clp_archive_update_list_finish (CLP_ARCHIVE (object), result, &error);
  self = g_steal_pointer (&reload->model);
  if (update == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not list the articles: %s", error->message);
          set_loading (self, FALSE);
        }
      reload_free (reload);
      return;
    }

  if (reload->refresh)
    self->stale = FALSE;
  /* Rows whose article changed update in place; gone ones leave the cache. */
  {
    g_autoptr(GHashTable) found = g_hash_table_new (g_int64_hash, g_int64_equal);

    for (guint i = 0; i < update->refreshed->len; i++)
      {
        ClpArticle *article = g_ptr_array_index (update->refreshed, i);
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
  self->ids = g_array_ref (update->ids);
  self->told_shift = 0;
  for (guint i = 0; i < update->changes->len; i++)
    {
      ClpListChange *change = &g_array_index (update->changes, ClpListChange, i);

      self->told_end = change->position + change->added;
      self->told_shift += (gint64) change->added - change->removed;
      g_list_model_items_changed (G_LIST_MODEL (self), change->position, change->removed,
                                  change->added);
    }
  g_clear_pointer (&self->told_old, g_array_unref);

  /* A first page that came back full has more behind it. */
  if (reload->limit != G_MAXUINT && update->ids->len >= reload->limit)
    {
      reload_free (reload);
      g_signal_emit (self, signals[RELOADED], 0, update->reveal_position);
      start_reload (self, 0, FALSE, G_MAXUINT);
      return;
    }
  reload_free (reload);
  set_loading (self, FALSE);
  g_signal_emit (self, signals[RELOADED], 0, update->reveal_position);
}

static void
start_reload (ClpArticleListModel *self,
              gint64               reveal_id,
              gboolean             reset,
              guint                limit)
{
  Reload *reload;
  GHashTableIter iter;
  gpointer key;

  if (self->request == NULL)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  reload = g_new0 (Reload, 1);
  reload->model = g_object_ref (self);
  reload->limit = limit;
  reload->refresh = self->stale;
  /* The cache is bounded, so this copy is too. */
  reload->cached_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                                          reload->refresh ? g_hash_table_size (self->cache) : 0);
  g_hash_table_iter_init (&iter, self->cache);
  while (reload->refresh && g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (reload->cached_ids, *(gint64 *) key);

  set_loading (self, TRUE);
  clp_archive_update_list_async (self->archive, self->request, self->ids, reset, limit,
                                 reload->refresh ? reload->cached_ids : NULL, reveal_id,
                                 self->cancellable, reload_done_cb, reload);
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
 * clp_article_list_model_set_request:
 * @request: what to list, in which order
 *
 * Lists what the request picks: the first page at once, the rest after.
 */
void
clp_article_list_model_set_request (ClpArticleListModel *self,
                                    ClpSearchRequest    *request)
{
  g_return_if_fail (CLP_IS_ARTICLE_LIST_MODEL (self));
  g_return_if_fail (request != NULL);

  /* The same rows ("night" and then "night "): GTK would destroy and
   * build every visible row again for nothing, 40 to 70 ms of the main
   * thread on a slow machine. */
  if (clp_search_request_lists_same (self->request, request))
    return;
  g_clear_pointer (&self->request, clp_search_request_unref);
  self->request = clp_search_request_ref (request);
  start_reload (self, 0, TRUE, FIRST_PAGE);
}

ClpArticleListModel *
clp_article_list_model_new (ClpArchive *archive)
{
  ClpArticleListModel *self;

  g_return_val_if_fail (CLP_IS_ARCHIVE (archive), NULL);

  self = g_object_new (CLP_TYPE_ARTICLE_LIST_MODEL, NULL);
  self->archive = g_object_ref (archive);
  return self;
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
