/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "clp-article.h"

G_BEGIN_DECLS

#define CLP_TYPE_ARTICLE_ITEM (clp_article_item_get_type ())

G_DECLARE_FINAL_TYPE (ClpArticleItem, clp_article_item, CLP, ARTICLE_ITEM, GObject)

ClpArticleItem *clp_article_item_new         (ClpArticle     *article);
gint64          clp_article_item_get_id      (ClpArticleItem *self);
ClpArticle     *clp_article_item_get_article (ClpArticleItem *self);
void            clp_article_item_update      (ClpArticleItem *self,
                                              ClpArticle     *article);

G_END_DECLS
