/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

#include "clp-archive.h"

G_BEGIN_DECLS

#define CLP_TYPE_READING_VIEW (clp_reading_view_get_type ())

G_DECLARE_FINAL_TYPE (ClpReadingView, clp_reading_view, CLP, READING_VIEW, GtkWidget)

void           clp_reading_view_set_archive    (ClpReadingView *self,
                                                ClpArchive     *archive);
void           clp_reading_view_show_article   (ClpReadingView *self,
                                                gint64          article_id);
gint64         clp_reading_view_get_article_id (ClpReadingView *self);
void           clp_reading_view_refresh        (ClpReadingView *self);
void           clp_reading_view_zoom           (ClpReadingView *self,
                                                int             steps);
WebKitWebView *clp_reading_view_get_web_view   (ClpReadingView *self);
void           clp_reading_view_serve_html     (ClpReadingView *self,
                                                const char     *html);
GHashTable    *clp_reading_view_dup_thread     (ClpReadingView *self,
                                                gint64          comment_id);
void           clp_reading_view_set_search     (ClpReadingView   *self,
                                                ClpSearchRequest *search);
guint          clp_reading_view_get_n_matches  (ClpReadingView *self);
void           clp_reading_view_set_show_hidden (ClpReadingView *self,
                                                 gboolean        show_hidden);
void           clp_reading_view_step_match     (ClpReadingView *self,
                                                int             step);
ClpArticle    *clp_reading_view_get_article    (ClpReadingView *self);
GPtrArray     *clp_reading_view_get_comments   (ClpReadingView *self);

G_END_DECLS
