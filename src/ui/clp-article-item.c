/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-article-item"

#include "config.h"

#include <glib/gi18n.h>

#include "clp-article-item.h"
#include "clp-date.h"

/* One row of the article list: an article's summary, with display strings
 * the columns bind to. Updated in place when an import changes the article,
 * so a row's selection and place survive. */

struct _ClpArticleItem
{
  GObject     parent_instance;

  ClpArticle *article;
  char       *published;
  char       *comments;
};

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_SOURCE,
  PROP_PUBLISHED,
  PROP_COMMENTS,
  PROP_INCOMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ClpArticleItem, clp_article_item, G_TYPE_OBJECT)

static void
clp_article_item_finalize (GObject *object)
{
  ClpArticleItem *self = CLP_ARTICLE_ITEM (object);

  g_clear_pointer (&self->article, clp_article_unref);
  g_free (self->published);
  g_free (self->comments);

  G_OBJECT_CLASS (clp_article_item_parent_class)->finalize (object);
}

static gboolean
is_incomplete (ClpArticle *article)
{
  return article->declared_comment_count > article->comment_count;
}

static void
clp_article_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ClpArticleItem *self = CLP_ARTICLE_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->article->title);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->article->source != NULL ? self->article->source : "");
      break;
    case PROP_PUBLISHED:
      g_value_set_string (value, self->published);
      break;
    case PROP_COMMENTS:
      g_value_set_string (value, self->comments);
      break;
    case PROP_INCOMPLETE:
      g_value_set_boolean (value, is_incomplete (self->article));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clp_article_item_class_init (ClpArticleItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clp_article_item_finalize;
  object_class->get_property = clp_article_item_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUBLISHED] =
    g_param_spec_string ("published", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMMENTS] =
    g_param_spec_string ("comments", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCOMPLETE] =
    g_param_spec_boolean ("incomplete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clp_article_item_init (ClpArticleItem *self)
{
}

static void
set_article (ClpArticleItem *self,
             ClpArticle     *article)
{
  g_clear_pointer (&self->article, clp_article_unref);
  self->article = clp_article_ref (article);

  g_free (self->published);
  self->published = article->published != NULL ? clp_date_format_day_short (article->published)
                                                : g_strdup ("");
  g_free (self->comments);
  /* "21 of 23": the page claimed more comments than it held. */
  if (is_incomplete (article))
    self->comments = g_strdup_printf (_("%d of %d"), article->comment_count,
                                      article->declared_comment_count);
  else
    self->comments = g_strdup_printf ("%d", article->comment_count);
}

ClpArticleItem *
clp_article_item_new (ClpArticle *article)
{
  ClpArticleItem *self;

  g_return_val_if_fail (article != NULL, NULL);

  self = g_object_new (CLP_TYPE_ARTICLE_ITEM, NULL);
  set_article (self, article);
  return self;
}

gint64
clp_article_item_get_id (ClpArticleItem *self)
{
  g_return_val_if_fail (CLP_IS_ARTICLE_ITEM (self), 0);

  return self->article->id;
}

ClpArticle *
clp_article_item_get_article (ClpArticleItem *self)
{
  g_return_val_if_fail (CLP_IS_ARTICLE_ITEM (self), NULL);

  return self->article;
}

/* Takes newer data for the same article and tells the bound cells what
 * changed. Every reload refreshes every cached row, mostly unchanged; a
 * notification sets the cell's text again and lays it out anew. */
void
clp_article_item_update (ClpArticleItem *self,
                         ClpArticle     *article)
{
  g_autoptr(ClpArticle) old_article = NULL;
  g_autofree char *old_published = NULL;
  g_autofree char *old_comments = NULL;
  gboolean changed[N_PROPS] = { FALSE };

  g_return_if_fail (CLP_IS_ARTICLE_ITEM (self));
  g_return_if_fail (article != NULL && article->id == self->article->id);

  old_article = clp_article_ref (self->article);
  old_published = g_steal_pointer (&self->published);
  old_comments = g_steal_pointer (&self->comments);
  set_article (self, article);

  changed[PROP_TITLE] = g_strcmp0 (old_article->title, article->title) != 0;
  changed[PROP_SOURCE] = g_strcmp0 (old_article->source, article->source) != 0;
  changed[PROP_PUBLISHED] = g_strcmp0 (old_published, self->published) != 0;
  changed[PROP_COMMENTS] = g_strcmp0 (old_comments, self->comments) != 0;
  changed[PROP_INCOMPLETE] = is_incomplete (old_article) != is_incomplete (article);
  for (guint i = PROP_TITLE; i < N_PROPS; i++)
    if (changed[i])
      g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
}
