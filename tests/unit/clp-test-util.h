/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clp-article.h"
#include "clp-comment.h"
#include "clp-import-report.h"
#include "clp-import-sink.h"
#include "clp-store.h"

G_BEGIN_DECLS

/* A sink that keeps what an importer hands it, to test importers alone. */
#define CLP_TYPE_TEST_SINK (clp_test_sink_get_type ())
G_DECLARE_FINAL_TYPE (ClpTestSink, clp_test_sink, CLP, TEST_SINK, GObject)

struct _ClpTestSink
{
  GObject    parent_instance;

  GPtrArray *articles;   /* ClpArticle, unless counting */
  GPtrArray *comments;   /* ClpComment, unless counting */
  GPtrArray *warnings;   /* char * */
  GHashTable *skipped;   /* char * -> count */
  gboolean   counting;   /* counts, keeps no article or comment */
  guint64    n_articles;
  guint64    n_comments;
};

ClpTestSink *clp_test_sink_new              (void);
ClpTestSink *clp_test_sink_new_counting     (void);
ClpComment  *clp_test_sink_find_comment     (ClpTestSink *self,
                                             const char  *author,
                                             guint        nth);
gboolean     clp_test_sink_has_warning      (ClpTestSink *self,
                                             const char  *needle);

char        *clp_test_data_path             (const char  *name);
char        *clp_test_make_dir              (void);
void         clp_test_remove_dir            (const char  *dir);
/* Drops @archive and waits until its connections are closed: its last
 * reference may go on its own thread, a moment later. */
void         clp_test_close_archive         (gpointer     archive);
gboolean     clp_test_import_path           (const char     *path,
                                             const char     *display_name,
                                             ClpImportSink  *sink,
                                             GError        **error);
gboolean     clp_test_import_data           (const char  *name,
                                             ClpTestSink *sink,
                                             GError     **error);
ClpTestSink *clp_test_sink_import           (const char  *name);
char        *clp_test_detect                (const char  *contents,
                                             GError     **error);
void         clp_test_assert_detected       (const char  *contents,
                                             const char  *expected,
                                             const char  *mentioned);
char        *clp_test_dump_archive          (const char  *path);
char        *clp_test_write_file            (const char  *dir,
                                             const char  *name,
                                             const char  *contents,
                                             gssize       length);
void         clp_test_set_time_zone         (const char  *zone);

/* A fresh archive in a folder of its own, for g_test_add() fixtures. */
typedef struct
{
  char     *dir;
  char     *path;
  ClpStore *store;
} ClpTestArchive;

void             clp_test_archive_set_up         (ClpTestArchive *archive,
                                                  gconstpointer   data);
void             clp_test_archive_tear_down      (ClpTestArchive *archive,
                                                  gconstpointer   data);
ClpImportReport *clp_test_archive_import         (ClpTestArchive *archive,
                                                  const char     *name);
GArray          *clp_test_archive_article_ids    (ClpTestArchive *archive);
ClpArticle      *clp_test_archive_find_article   (ClpTestArchive *archive,
                                                  const char     *title);
GPtrArray       *clp_test_archive_comments       (ClpTestArchive *archive,
                                                  gint64          article_id);
void             clp_test_archive_assert_refused (ClpTestArchive  *archive,
                                                  ClpImportReport *report,
                                                  int              code,
                                                  const char      *message_start);
ClpComment      *clp_test_find_comment           (GPtrArray      *comments,
                                                  const char     *author,
                                                  guint           nth);

G_END_DECLS
