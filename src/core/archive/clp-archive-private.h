/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-archive.h"

G_BEGIN_DECLS

/* For the archive's jobs (imports, exports) and its reads
 * (clp-archive-reads.c) alone: its connections and its workers. */

/* Answers @task, whose task data is @data, with @store on a worker. */
typedef void (*ClpArchiveWork) (GTask        *task,
                                ClpArchive   *self,
                                ClpStore     *store,
                                gpointer      data,
                                GCancellable *cancellable);

ClpStore *clp_archive_take_reader      (ClpArchive     *self,
                                        GError        **error);
void      clp_archive_give_back_reader (ClpArchive     *self,
                                        ClpStore       *store);
ClpStore *clp_archive_get_writer       (ClpArchive     *self,
                                        GError        **error);
void      clp_archive_run_read         (ClpArchive     *self,
                                        GTask          *task,
                                        ClpArchiveWork  work);
void      clp_archive_run_long_read    (ClpArchive     *self,
                                        GTask          *task,
                                        ClpArchiveWork  work);
void      clp_archive_run_write        (ClpArchive     *self,
                                        GTask          *task,
                                        ClpArchiveWork  work);
GArray   *clp_archive_list_ids_on      (ClpStore          *store,
                                        ClpSearchRequest  *request,
                                        guint              offset,
                                        guint              limit,
                                        GCancellable      *cancellable,
                                        GError           **error);

/* The blocking forms of the jobs' calls run their _async form in a main
 * context of their own until it answers. */
typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} ClpSyncCall;

void          clp_sync_call_begin (ClpSyncCall  *call);
void          clp_sync_call_done  (GObject      *source,
                                   GAsyncResult *result,
                                   gpointer      user_data);
GAsyncResult *clp_sync_call_wait  (ClpSyncCall  *call);

G_END_DECLS
