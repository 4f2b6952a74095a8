/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-import-report.h"
#include "clp-job.h"

G_BEGIN_DECLS

#define CLP_TYPE_IMPORT_JOB (clp_import_job_get_type ())

G_DECLARE_FINAL_TYPE (ClpImportJob, clp_import_job, CLP, IMPORT_JOB, ClpJob)

ClpImportJob *clp_import_job_new          (ClpArchive          *archive,
                                           GFile              **files,
                                           guint                n_files);
void          clp_import_job_set_names_from (ClpImportJob      *self,
                                             GFile             *folder);
void          clp_import_job_run_async    (ClpImportJob        *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray    *clp_import_job_run_finish   (ClpImportJob        *self,
                                           GAsyncResult        *result,
                                           GError             **error);
GPtrArray    *clp_import_job_run          (ClpImportJob        *self,
                                           GCancellable        *cancellable,
                                           GError             **error);

G_END_DECLS
