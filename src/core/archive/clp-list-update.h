/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-archive.h"

G_BEGIN_DECLS

/* One run of GListModel::items-changed. */
typedef struct
{
  guint position;
  guint removed;
  guint added;
} ClpListChange;

/* A list of article ids brought up to date with the archive. */
typedef struct
{
  GArray    *ids;              /* (element-type gint64) what the list shows now */
  GArray    *changes;          /* (element-type ClpListChange) from the old ids to these */
  GPtrArray *refreshed;        /* (element-type ClpArticle) the articles asked for, as they
                                  are now; those gone are left out */
  guint      reveal_position;  /* where the article to reveal is, or G_MAXUINT */
} ClpListUpdate;

GArray        *clp_list_diff                  (GArray               *old,
                                               GArray               *new);
void           clp_list_update_free           (ClpListUpdate        *update);
void           clp_archive_update_list_async  (ClpArchive           *archive,
                                               ClpSearchRequest     *request,
                                               GArray               *old_ids,
                                               gboolean              reset,
                                               guint                 limit,
                                               GArray               *refresh_ids,
                                               gint64                reveal_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
ClpListUpdate *clp_archive_update_list_finish (ClpArchive           *archive,
                                               GAsyncResult         *result,
                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpListUpdate, clp_list_update_free)

G_END_DECLS
