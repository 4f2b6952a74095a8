/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-article.h"
#include "clp-reading-page.h"
#include "clp-search-request.h"
#include "clp-store.h"

G_BEGIN_DECLS

typedef enum
{
  CLP_ARCHIVE_OPEN_DEFAULT   = 0,
  CLP_ARCHIVE_OPEN_READ_ONLY = 1 << 0,  /* never write, even where one could */
  CLP_ARCHIVE_OPEN_WATCH     = 1 << 1,  /* emit ::changed for other programs' changes too;
                                           needs the opener's main loop */
} ClpArchiveOpenFlags;

/* Which names clp_archive_list_names() lists. */
typedef enum
{
  CLP_ARCHIVE_NAMES_SOURCES,
  CLP_ARCHIVE_NAMES_SECTIONS,
} ClpArchiveNames;

typedef struct
{
  gint64 n_articles;
  gint64 n_comments;
} ClpMatchCount;

#define CLP_TYPE_ARCHIVE (clp_archive_get_type ())

G_DECLARE_FINAL_TYPE (ClpArchive, clp_archive, CLP, ARCHIVE, GObject)

char          *clp_archive_default_path       (void);

ClpArchive    *clp_archive_open               (const char           *path,
                                               ClpArchiveOpenFlags   flags,
                                               GCancellable         *cancellable,
                                               GError              **error);
void           clp_archive_open_async         (const char           *path,
                                               ClpArchiveOpenFlags   flags,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
ClpArchive    *clp_archive_open_finish        (GAsyncResult         *result,
                                               GError              **error);

const char    *clp_archive_get_path           (ClpArchive           *self);
gboolean       clp_archive_is_read_only       (ClpArchive           *self);
const char    *clp_archive_get_read_only_reason (ClpArchive         *self);
void           clp_archive_check_changed      (ClpArchive           *self);

/* Lookups by primary key: their cost does not grow with the archive, so
 * a list model may call them on the main thread. */
GPtrArray     *clp_archive_load_articles      (ClpArchive           *self,
                                               const gint64         *ids,
                                               guint                 n_ids,
                                               gboolean              with_body,
                                               GError              **error);

/* Reading. Each call has a blocking form, for the command line and for
 * worker threads, and an _async form that runs it on the archive's own
 * readers; the window uses only these. */
GArray        *clp_archive_list_article_ids   (ClpArchive           *self,
                                               ClpSearchRequest     *request,
                                               guint                 offset,
                                               guint                 limit,
                                               GCancellable         *cancellable,
                                               GError              **error);
void           clp_archive_list_article_ids_async  (ClpArchive           *self,
                                                    ClpSearchRequest     *request,
                                                    guint                 offset,
                                                    guint                 limit,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GArray        *clp_archive_list_article_ids_finish (ClpArchive           *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

gboolean       clp_archive_count_matches      (ClpArchive           *self,
                                               ClpSearchRequest     *request,
                                               ClpMatchCount        *count,
                                               GCancellable         *cancellable,
                                               GError              **error);
void           clp_archive_count_matches_async  (ClpArchive           *self,
                                                 ClpSearchRequest     *request,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       clp_archive_count_matches_finish (ClpArchive           *self,
                                                 GAsyncResult         *result,
                                                 ClpMatchCount        *count,
                                                 GError              **error);

GPtrArray     *clp_archive_complete_author    (ClpArchive           *self,
                                               const char           *start,
                                               guint                 limit,
                                               GCancellable         *cancellable,
                                               GError              **error);
void           clp_archive_complete_author_async  (ClpArchive           *self,
                                                   const char           *start,
                                                   guint                 limit,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray     *clp_archive_complete_author_finish (ClpArchive           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

GPtrArray     *clp_archive_list_names         (ClpArchive           *self,
                                               ClpArchiveNames       names,
                                               GCancellable         *cancellable,
                                               GError              **error);
void           clp_archive_list_names_async   (ClpArchive           *self,
                                               ClpArchiveNames       names,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray     *clp_archive_list_names_finish  (ClpArchive           *self,
                                               GAsyncResult         *result,
                                               GError              **error);

ClpReadingPage *clp_archive_render_page       (ClpArchive           *self,
                                               const ClpPageRequest *request,
                                               ClpReadingPage       *previous,
                                               GCancellable         *cancellable,
                                               GError              **error);
void           clp_archive_render_page_async  (ClpArchive           *self,
                                               const ClpPageRequest *request,
                                               ClpReadingPage       *previous,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
ClpReadingPage *clp_archive_render_page_finish (ClpArchive          *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* For the command line. */
GPtrArray     *clp_archive_search             (ClpArchive           *self,
                                               ClpSearchRequest     *request,
                                               guint                 offset,
                                               guint                 limit,
                                               GCancellable         *cancellable,
                                               GError              **error);
ClpArticle    *clp_archive_load_article       (ClpArchive           *self,
                                               gint64                id,
                                               GError              **error);
GPtrArray     *clp_archive_load_comments      (ClpArchive           *self,
                                               gint64                article_id,
                                               GError              **error);
gboolean       clp_archive_get_stats          (ClpArchive           *self,
                                               ClpStoreStats        *stats,
                                               GError              **error);
gboolean       clp_archive_check              (ClpArchive           *self,
                                               GPtrArray            *problems,
                                               gboolean             *index_checked,
                                               GError              **error);

gboolean       clp_archive_recover            (const char           *path,
                                               const char           *target,
                                               ClpRecoverCounts     *counts,
                                               GError              **error);
void           clp_archive_recover_async      (const char           *path,
                                               const char           *target,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       clp_archive_recover_finish     (GAsyncResult         *result,
                                               ClpRecoverCounts     *counts,
                                               GError              **error);

G_END_DECLS
