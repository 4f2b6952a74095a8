/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-archive.h"

G_BEGIN_DECLS

#define CLP_TYPE_ARTICLE_LIST_MODEL (clp_article_list_model_get_type ())

G_DECLARE_FINAL_TYPE (ClpArticleListModel, clp_article_list_model, CLP, ARTICLE_LIST_MODEL, GObject)

ClpArticleListModel *clp_article_list_model_new         (ClpArchive          *archive);
void                 clp_article_list_model_set_request (ClpArticleListModel *self,
                                                         ClpSearchRequest    *request);
void                 clp_article_list_model_reload      (ClpArticleListModel *self,
                                                         gint64               reveal_id);
gboolean             clp_article_list_model_get_loading (ClpArticleListModel *self);
gint64               clp_article_list_model_get_id      (ClpArticleListModel *self,
                                                         guint                position);

G_END_DECLS
