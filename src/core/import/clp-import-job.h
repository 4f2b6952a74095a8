/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-import-report.h"

G_BEGIN_DECLS

#define CLP_TYPE_IMPORT_JOB (clp_import_job_get_type ())

G_DECLARE_FINAL_TYPE (ClpImportJob, clp_import_job, CLP, IMPORT_JOB, GObject)

ClpImportJob *clp_import_job_new          (const char          *archive_path,
                                           GFile              **files,
                                           guint                n_files);
void          clp_import_job_run_async    (ClpImportJob        *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray    *clp_import_job_run_finish   (ClpImportJob        *self,
                                           GAsyncResult        *result,
                                           GError             **error);
double        clp_import_job_get_fraction (ClpImportJob        *self);
char         *clp_import_job_dup_current  (ClpImportJob        *self);

G_END_DECLS
