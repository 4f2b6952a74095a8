/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-query.h"
#include "clp-store.h"

G_BEGIN_DECLS

#define CLP_TYPE_ARTICLE_LIST_MODEL (clp_article_list_model_get_type ())

G_DECLARE_FINAL_TYPE (ClpArticleListModel, clp_article_list_model, CLP, ARTICLE_LIST_MODEL, GObject)

ClpArticleListModel *clp_article_list_model_new         (ClpStore            *reader,
                                                         ClpStore            *worker);
void                 clp_article_list_model_set_order   (ClpArticleListModel *self,
                                                         ClpArticleOrder      order,
                                                         gboolean             descending);
void                 clp_article_list_model_reload      (ClpArticleListModel *self,
                                                         gint64               reveal_id);
void                 clp_article_list_model_set_search  (ClpArticleListModel *self,
                                                         ClpQuery            *query,
                                                         const ClpArticleFilter *filter);
gboolean             clp_article_list_model_get_loading (ClpArticleListModel *self);
gint64               clp_article_list_model_get_id      (ClpArticleListModel *self,
                                                         guint                position);

G_END_DECLS
