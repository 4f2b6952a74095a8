/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-archive.h"

G_BEGIN_DECLS

#define CLP_TYPE_JOB (clp_job_get_type ())

G_DECLARE_DERIVABLE_TYPE (ClpJob, clp_job, CLP, JOB, GObject)

/* Long work on an archive (an import, an export) that a worker does and
 * the caller watches: how far it is ("fraction", 0 to 1) and what it is
 * at ("current", a file's name), notified in the caller's main context. */
struct _ClpJobClass
{
  GObjectClass parent_class;
};

ClpArchive   *clp_job_get_archive  (ClpJob       *self);
double        clp_job_get_fraction (ClpJob       *self);
char         *clp_job_dup_current  (ClpJob       *self);

/* For the jobs themselves. */
void          clp_job_start        (ClpJob       *self);
void          clp_job_update       (ClpJob       *self,
                                    double        fraction,
                                    const char   *current);
void          clp_job_invoke       (ClpJob       *self,
                                    GSourceFunc   function,
                                    gpointer      data,
                                    GDestroyNotify notify);

G_END_DECLS
