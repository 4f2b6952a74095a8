/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CLP_IMPORT_OUTCOME_IMPORTED,   /* landed, whole */
  CLP_IMPORT_OUTCOME_UNCHANGED,  /* these exact bytes were imported before */
  CLP_IMPORT_OUTCOME_FAILED,     /* nothing written; error says why */
  CLP_IMPORT_OUTCOME_CANCELLED,  /* nothing written */
} ClpImportOutcome;

#define CLP_TYPE_IMPORT_REPORT (clp_import_report_get_type ())

/* What one file's import did, for the person who asked for it. */
typedef struct _ClpImportReport ClpImportReport;

struct _ClpImportReport
{
  /*< private >*/
  int               ref_count;

  /*< public >*/
  char             *file_name;          /* as the user named it */
  char             *importer;           /* format name, or NULL if not recognised */
  ClpImportOutcome  outcome;
  GError           *error;              /* when failed */
  gint64            import_id;
  char             *previous_import_at; /* when unchanged: UTC ISO time */
  int               articles_new;
  int               articles_merged;
  int               comments_new;
  int               comments_duplicate;
  int               comments_missing;   /* in the archive, not in this save: kept */
  int               orphans;            /* comments whose article was not in the file */
  int               unresolved_parents; /* replies whose parent was not in the file */
  GHashTable       *skipped;            /* kind -> count (GINT_TO_POINTER) */
  GPtrArray        *warnings;           /* (element-type utf8) at most 1,000 and a count of the rest */
  int               warnings_left_out;  /* not in warnings, but counted in its last line */
  GArray           *article_ids;        /* (element-type gint64) new or merged */
};

GType            clp_import_report_get_type     (void) G_GNUC_CONST;
ClpImportReport *clp_import_report_new          (const char      *file_name);
ClpImportReport *clp_import_report_ref          (ClpImportReport *self);
void             clp_import_report_unref        (ClpImportReport *self);
void             clp_import_report_fail         (ClpImportReport *self,
                                                 GError          *error);
int              clp_import_report_count_skipped (ClpImportReport *self);
void             clp_import_report_warn         (ClpImportReport *self,
                                                 const char      *message);
char            *clp_import_report_describe     (ClpImportReport *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpImportReport, clp_import_report_unref)

G_END_DECLS
