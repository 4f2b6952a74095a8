/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-article.h"
#include "clp-comment.h"
#include "clp-store.h"

G_BEGIN_DECLS

/* Replies deeper than this are written at this depth, under the thread
 * they belong to. Text and Markdown show depth as indentation, so a thread
 * of 10,000 replies each answering the one before would otherwise write
 * lines of 40,000 spaces, hundreds of megabytes for a few thousand
 * comments. */
#define CLP_EXPORT_MAX_DEPTH 32

#define CLP_EXPORT_ERROR (clp_export_error_quark ())

typedef enum
{
  CLP_EXPORT_ERROR_UNKNOWN_FORMAT,
  CLP_EXPORT_ERROR_NO_ARTICLES,
  CLP_EXPORT_ERROR_NEEDS_DISPLAY,
  CLP_EXPORT_ERROR_ONE_ARTICLE,   /* the format holds one article a file */
} ClpExportError;

/* What an export holds. */
typedef struct
{
  /* (gint64 *) article id -> GHashTable of (gint64 *) comment ids that pass
   * the filters; the comments they answer come along as context. NULL
   * exports every comment. */
  GHashTable *scope;
  const char *filters;      /* the filters in words, for the export's header */
  gboolean    show_hidden;  /* deleted and spam comments too, marked */
} ClpExportOptions;

typedef void (*ClpExportProgressFunc) (guint    done,
                                       guint    total,
                                       gpointer user_data);

#define CLP_TYPE_EXPORTER (clp_exporter_get_type ())

G_DECLARE_DERIVABLE_TYPE (ClpExporter, clp_exporter, CLP, EXPORTER, GObject)

/* A writer for one export format. It is handed articles one at a time with
 * the comments the export holds, in page order, and writes to a stream. */
struct _ClpExporterClass
{
  GObjectClass parent_class;

  const char *name;       /* as --format takes it: "json" */
  const char *extension;  /* without the dot */
  gboolean    keeps_hidden;  /* writes deleted and spam comments, marked, always */

  gboolean (*begin)         (ClpExporter   *self,
                             GOutputStream *out,
                             GCancellable  *cancellable,
                             GError       **error);
  /* @context: ids of comments that are there only because a comment that
   * passes the filters answers them, or NULL */
  gboolean (*write_article) (ClpExporter   *self,
                             GOutputStream *out,
                             ClpArticle    *article,
                             GPtrArray     *comments,
                             GHashTable    *context,
                             GCancellable  *cancellable,
                             GError       **error);
  gboolean (*end)           (ClpExporter   *self,
                             GOutputStream *out,
                             GCancellable  *cancellable,
                             GError       **error);
};

GQuark                  clp_export_error_quark      (void);
ClpExporter            *clp_exporter_new_for_name   (const char             *name,
                                                     GError                **error);
const char             *clp_exporter_list_formats   (void);
const char             *clp_exporter_get_name       (ClpExporter            *self);
const char             *clp_exporter_get_extension  (ClpExporter            *self);
const ClpExportOptions *clp_exporter_get_options    (ClpExporter            *self);
const char             *clp_exporter_get_exported_at (ClpExporter           *self);
guint                   clp_exporter_get_n_articles (ClpExporter            *self);
gboolean                clp_exporter_run            (ClpExporter            *self,
                                                     ClpStore               *store,
                                                     const gint64           *ids,
                                                     guint                   n_ids,
                                                     const ClpExportOptions *options,
                                                     GOutputStream          *out,
                                                     ClpExportProgressFunc   progress,
                                                     gpointer                user_data,
                                                     GCancellable           *cancellable,
                                                     GError                **error);
gboolean                clp_exporter_write_all      (GOutputStream          *out,
                                                     const char             *text,
                                                     GCancellable           *cancellable,
                                                     GError                **error);

G_END_DECLS
