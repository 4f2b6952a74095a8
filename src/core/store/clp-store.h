/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-article.h"
#include "clp-comment.h"
#include "clp-query.h"
#include "clp-search-hit.h"
#include "clp-thread-shape.h"

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
  CLP_STORE_ERROR_FULL,          /* no room left on the disk */
  CLP_STORE_ERROR_DAMAGED,       /* the file's pages are not what SQLite wrote */
  CLP_STORE_ERROR_IMPORTED_BEFORE, /* the same bytes are in the archive already */
} ClpStoreError;

typedef enum
{
  CLP_STORE_OPEN_DEFAULT   = 0,
  CLP_STORE_OPEN_READ_ONLY = 1 << 0,  /* never write, nor create, nor upgrade */
} ClpStoreOpenFlags;

/* The schema version this program writes; archives above it are refused. */
#define CLP_STORE_SCHEMA_VERSION 8

typedef enum
{
  CLP_ARTICLE_ORDER_PUBLISHED,
  CLP_ARTICLE_ORDER_TITLE,
  CLP_ARTICLE_ORDER_SOURCE,
  CLP_ARTICLE_ORDER_COMMENTS,
  CLP_ARTICLE_ORDER_IMPORTED,
} ClpArticleOrder;

/* The order of search hits: by the comment's time or the article's
 * publication day, or by relevance. */
typedef enum
{
  CLP_SEARCH_ORDER_NEWEST,
  CLP_SEARCH_ORDER_OLDEST,
  CLP_SEARCH_ORDER_RELEVANCE,
} ClpSearchOrder;

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

/* Conditions on the articles themselves, for the article list's filters. */
typedef struct
{
  char     *source;          /* the publication's name, or NULL for any */
  char     *section;         /* or NULL for any */
  char     *published_from;  /* YYYY-MM-DD, first day included, or NULL */
  char     *published_to;    /* YYYY-MM-DD, last day included, or NULL */
  gboolean  has_comments;
} ClpArticleFilter;

/* One row of the `imports` table: a file an import read. */
typedef struct
{
  gint64  id;
  char   *file_name;
  gint64  file_size;
  char   *sha256;        /* hex */
  char   *importer;      /* the format: "text", "disqus", … */
  char   *imported_at;   /* UTC, ISO 8601 */
} ClpImportRecord;

void clp_import_record_free (ClpImportRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpImportRecord, clp_import_record_free)

/* What clp_store_recover() copied. */
typedef struct
{
  gint64 rows;            /* copied */
  gint64 rows_dropped;    /* read, but they refer to a row that was lost */
  guint  damaged_places;  /* places where pages could not be read */
  guint  tables_lost;     /* tables that could not be read at all */
} ClpRecoverCounts;

#define CLP_TYPE_STORE (clp_store_get_type ())

G_DECLARE_FINAL_TYPE (ClpStore, clp_store, CLP, STORE, GObject)

GQuark      clp_store_error_quark        (void);
char       *clp_store_default_path       (void);
ClpStore   *clp_store_open               (const char       *path,
                                          GError          **error);
ClpStore   *clp_store_open_full          (const char       *path,
                                          ClpStoreOpenFlags flags,
                                          GError          **error);
const char *clp_store_get_path           (ClpStore         *self);
gboolean    clp_store_is_read_only       (ClpStore         *self);
const char *clp_store_get_damage         (ClpStore         *self);
gboolean    clp_store_quick_check        (ClpStore         *self,
                                          GError          **error);
gint64      clp_store_get_data_version   (ClpStore         *self);
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
GPtrArray  *clp_store_load_thread        (ClpStore         *self,
                                          gint64            article_id,
                                          gboolean          with_text,
                                          GError          **error);
gboolean    clp_store_fill_comment_text  (ClpStore         *self,
                                          GPtrArray        *comments,
                                          GError          **error);
GArray     *clp_store_load_comment_links (ClpStore         *self,
                                          gint64            article_id,
                                          GError          **error);
GPtrArray  *clp_store_load_comments_by_id (ClpStore        *self,
                                           const gint64    *ids,
                                           guint            n_ids,
                                           GError         **error);
GPtrArray  *clp_store_list_article_imports (ClpStore       *self,
                                            gint64          article_id,
                                            GError        **error);
gboolean    clp_store_get_stats          (ClpStore         *self,
                                          ClpStoreStats    *stats,
                                          GError          **error);
void        clp_store_stats_clear        (ClpStoreStats    *stats);
gboolean    clp_store_check              (ClpStore         *self,
                                          GPtrArray        *problems,
                                          gboolean         *index_checked,
                                          GError          **error);
GArray     *clp_store_list_import_articles (ClpStore       *self,
                                            gint64          import_id,
                                            GError        **error);
gboolean    clp_store_find_import        (ClpStore         *self,
                                          const char       *sha256,
                                          gint64           *import_id,
                                          char            **imported_at,
                                          GError          **error);

GPtrArray  *clp_store_list_names         (ClpStore         *self,
                                          const char       *what,
                                          GCancellable     *cancellable,
                                          GError          **error);
GPtrArray  *clp_store_complete_author    (ClpStore         *self,
                                          const char       *start,
                                          guint             limit,
                                          GCancellable     *cancellable,
                                          GError          **error);


/* Recovery: clp-store-recover.c */
gboolean    clp_store_recover            (const char       *source,
                                          const char       *target,
                                          ClpRecoverCounts *counts,
                                          GError          **error);

/* Searching: clp-store-search.c */
GPtrArray  *clp_store_search             (ClpStore         *self,
                                          ClpQuery         *query,
                                          ClpSearchOrder    order,
                                          guint             offset,
                                          guint             limit,
                                          GCancellable     *cancellable,
                                          GError          **error);
GArray     *clp_store_list_matching_article_ids (ClpStore         *self,
                                                 ClpQuery         *query,
                                                 ClpArticleOrder   order,
                                                 gboolean          descending,
                                                 guint             offset,
                                                 guint             limit,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
GArray     *clp_store_list_filtered_article_ids (ClpStore               *self,
                                                 ClpQuery               *query,
                                                 const ClpArticleFilter *filter,
                                                 ClpArticleOrder         order,
                                                 gboolean                descending,
                                                 guint                   offset,
                                                 guint                   limit,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
void        clp_article_filter_clear     (ClpArticleFilter *filter);
gboolean    clp_article_filter_is_empty  (const ClpArticleFilter *filter);
gboolean    clp_store_count_matches      (ClpStore         *self,
                                          ClpQuery         *query,
                                          gint64           *n_articles,
                                          gint64           *n_comments,
                                          GCancellable     *cancellable,
                                          GError          **error);
gboolean    clp_store_match_comments     (ClpStore         *self,
                                          gint64            article_id,
                                          ClpQuery         *query,
                                          GArray          **matches,
                                          GArray          **context,
                                          GCancellable     *cancellable,
                                          GError          **error);

G_END_DECLS
