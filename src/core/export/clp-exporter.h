/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-article.h"
#include "clp-comment.h"
#include "clp-comment-counts.h"
#include "clp-query.h"
#include "clp-store.h"
#include "clp-thread-shape.h"

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
   * the filters; the comments they answer come along as context. */
  GHashTable *scope;
  /* Or: the comments of each article that this query picks, with their
   * context, found one article at a time. Neither: every comment. */
  ClpQuery   *query;
  const char *query_text;   /* the search as the user typed it, or NULL */
  const char *filters;      /* the search and filters in words, for the export's header */
  gboolean    show_hidden;  /* deleted and spam comments too, marked */
} ClpExportOptions;

/* One article as an export holds it: the article, where it came from,
 * its counts, and its comments, loaded a few hundred at a time in the
 * format's order (clp_export_article_next()). */
typedef struct _ClpExportArticle ClpExportArticle;

/* A comment as the export holds it; valid until the next call of
 * clp_export_article_next(). */
typedef struct
{
  ClpComment     *comment;    /* with its text */
  ClpCommentRole  role;       /* match, or context (only with filters) */
  int             depth;      /* among the comments held, as they nest */
  guint           n_replies;  /* direct replies held */
  const char     *reference;  /* clp_reference_for_comment() */
} ClpExportComment;

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

  /* The format's vocabulary, in this one place: the export dialog, the
   * settings' choices, the command line's help and the README's table
   * are made from it (a test checks the last two). */
  const char *name;       /* as --format takes it: "json" */
  const char *label;      /* untranslated; for people: "Clippings JSON" */
  const char *extension;  /* without the dot */
  const char *mime_type;
  gboolean    prints;     /* writes HTML that a ClpPrinter turns into the file (PDF) */
  gboolean    keeps_hidden;  /* writes deleted and spam comments, marked, always */
  gboolean    thread_order;  /* comments come in thread order (replies under what they
                                answer); otherwise in page order */
  const char *sidecar;    /* the extension of a file written beside the export
                             ("meta.json"), or NULL */

  gboolean (*begin)         (ClpExporter      *self,
                             GOutputStream    *out,
                             GCancellable     *cancellable,
                             GError          **error);
  gboolean (*write_article) (ClpExporter      *self,
                             GOutputStream    *out,
                             ClpExportArticle *article,
                             GCancellable     *cancellable,
                             GError          **error);
  gboolean (*end)           (ClpExporter      *self,
                             GOutputStream    *out,
                             GCancellable     *cancellable,
                             GError          **error);
};

GQuark                  clp_export_error_quark      (void);
ClpExporter            *clp_exporter_new_for_name   (const char             *name,
                                                     GError                **error);
const char             *clp_exporter_list_formats   (void);
guint                   clp_exporter_get_n_formats  (void);
ClpExporterClass       *clp_exporter_get_format     (guint                   index);
const char             *clp_exporter_get_name       (ClpExporter            *self);
const char             *clp_exporter_get_extension  (ClpExporter            *self);
gboolean                clp_exporter_prints         (ClpExporter            *self);
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
gboolean                clp_exporter_flush          (GOutputStream          *out,
                                                     GString                *text,
                                                     gsize                   above,
                                                     GCancellable           *cancellable,
                                                     GError                **error);
const char             *clp_exporter_get_sidecar    (ClpExporter            *self);
void                    clp_exporter_set_sidecar_stream (ClpExporter        *self,
                                                         GOutputStream      *sidecar);
GOutputStream          *clp_exporter_get_sidecar_stream (ClpExporter        *self);
gboolean                clp_exporter_is_scoped      (ClpExporter            *self);

ClpArticle             *clp_export_article_get_article (ClpExportArticle    *self);
const char             *clp_export_article_get_key     (ClpExportArticle    *self);
const ClpCommentCounts *clp_export_article_get_counts  (ClpExportArticle    *self);
GPtrArray              *clp_export_article_get_imports (ClpExportArticle    *self);
gboolean                clp_export_article_next        (ClpExportArticle    *self,
                                                        const ClpExportComment **comment,
                                                        GError             **error);

G_END_DECLS
