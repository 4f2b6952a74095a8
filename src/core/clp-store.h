/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-article.h"
#include "clp-comment.h"

G_BEGIN_DECLS

#define CLP_STORE_ERROR (clp_store_error_quark ())

typedef enum
{
  CLP_STORE_ERROR_FAILED,        /* SQLite said no; the message says why */
  CLP_STORE_ERROR_NEWER_SCHEMA,  /* made by a newer Clippings */
  CLP_STORE_ERROR_NOT_ARCHIVE,   /* some other file or database */
  CLP_STORE_ERROR_LOCKED,        /* another program holds it */
  CLP_STORE_ERROR_READ_ONLY,
  CLP_STORE_ERROR_NOT_FOUND,     /* no such article */
  CLP_STORE_ERROR_INJECTED,      /* a test asked for a failure */
} ClpStoreError;

/* The schema version this program writes; archives above it are refused. */
#define CLP_STORE_SCHEMA_VERSION 2

typedef enum
{
  CLP_ARTICLE_ORDER_PUBLISHED,
  CLP_ARTICLE_ORDER_TITLE,
  CLP_ARTICLE_ORDER_SOURCE,
  CLP_ARTICLE_ORDER_COMMENTS,
  CLP_ARTICLE_ORDER_IMPORTED,
} ClpArticleOrder;

typedef struct
{
  gint64  articles;
  gint64  comments;
  gint64  sources;
  gint64  imports;
  char   *first_day;      /* earliest publication or comment day, or NULL */
  char   *last_day;
  gint64  file_size;      /* bytes, with the write-ahead log */
} ClpStoreStats;

#define CLP_TYPE_STORE (clp_store_get_type ())

G_DECLARE_FINAL_TYPE (ClpStore, clp_store, CLP, STORE, GObject)

GQuark      clp_store_error_quark        (void);
char       *clp_store_default_path       (void);
ClpStore   *clp_store_open               (const char       *path,
                                          GError          **error);
const char *clp_store_get_path           (ClpStore         *self);
GArray     *clp_store_list_article_ids   (ClpStore         *self,
                                          ClpArticleOrder   order,
                                          gboolean          descending,
                                          GCancellable     *cancellable,
                                          GError          **error);
GPtrArray  *clp_store_load_articles      (ClpStore         *self,
                                          const gint64     *ids,
                                          guint             n_ids,
                                          gboolean          with_body,
                                          GError          **error);
ClpArticle *clp_store_load_article       (ClpStore         *self,
                                          gint64            id,
                                          GError          **error);
GPtrArray  *clp_store_load_comments      (ClpStore         *self,
                                          gint64            article_id,
                                          GError          **error);
gboolean    clp_store_get_stats          (ClpStore         *self,
                                          ClpStoreStats    *stats,
                                          GError          **error);
void        clp_store_stats_clear        (ClpStoreStats    *stats);
gboolean    clp_store_check              (ClpStore         *self,
                                          GPtrArray        *problems,
                                          GError          **error);
gboolean    clp_store_find_import        (ClpStore         *self,
                                          const char       *sha256,
                                          gint64           *import_id,
                                          char            **imported_at,
                                          GError          **error);

G_END_DECLS
