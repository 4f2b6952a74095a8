/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-job.h"
#include "clp-printer.h"
#include "clp-search-request.h"

G_BEGIN_DECLS

#define CLP_TYPE_EXPORT_JOB (clp_export_job_get_type ())

G_DECLARE_FINAL_TYPE (ClpExportJob, clp_export_job, CLP, EXPORT_JOB, ClpJob)

ClpExportJob *clp_export_job_new          (ClpArchive          *archive,
                                           const char          *format,
                                           GError             **error);
void          clp_export_job_set_articles (ClpExportJob        *self,
                                           const gint64        *ids,
                                           guint                n_ids);
void          clp_export_job_set_request  (ClpExportJob        *self,
                                           ClpSearchRequest    *request,
                                           gboolean             scoped);
void          clp_export_job_set_scope    (ClpExportJob        *self,
                                           GHashTable          *scope,
                                           const char          *description);
void          clp_export_job_set_show_hidden (ClpExportJob     *self,
                                              gboolean          show_hidden);
void          clp_export_job_set_printer  (ClpExportJob        *self,
                                           ClpPrinter          *printer);
void          clp_export_job_set_target   (ClpExportJob        *self,
                                           GFile               *target,
                                           gboolean             split,
                                           gboolean             replace);
void          clp_export_job_set_stream   (ClpExportJob        *self,
                                           GOutputStream       *out);
const char   *clp_export_job_get_format   (ClpExportJob        *self);
void          clp_export_job_run_async    (ClpExportJob        *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray    *clp_export_job_run_finish   (ClpExportJob        *self,
                                           GAsyncResult        *result,
                                           GError             **error);
GPtrArray    *clp_export_job_run          (ClpExportJob        *self,
                                           GCancellable        *cancellable,
                                           GError             **error);

G_END_DECLS
