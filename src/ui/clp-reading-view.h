/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

#include "clp-query.h"
#include "clp-store.h"

G_BEGIN_DECLS

/* What the reading view's page may load: only itself and inline styles, and
 * images written into the page. This header is the wall between the
 * archive's text and the network. */
#define CLP_READING_VIEW_CSP \
  "default-src 'none'; style-src clippings: 'unsafe-inline'; img-src clippings: data:"

#define CLP_TYPE_READING_VIEW (clp_reading_view_get_type ())

G_DECLARE_FINAL_TYPE (ClpReadingView, clp_reading_view, CLP, READING_VIEW, GtkWidget)

void           clp_reading_view_set_store      (ClpReadingView *self,
                                                ClpStore       *store);
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
void           clp_reading_view_set_search     (ClpReadingView *self,
                                                ClpQuery       *query,
                                                gboolean        filtered);
guint          clp_reading_view_get_n_matches  (ClpReadingView *self);
void           clp_reading_view_set_show_hidden (ClpReadingView *self,
                                                 gboolean        show_hidden);
void           clp_reading_view_step_match     (ClpReadingView *self,
                                                int             step);
ClpArticle    *clp_reading_view_get_article    (ClpReadingView *self);
GPtrArray     *clp_reading_view_get_comments   (ClpReadingView *self);

G_END_DECLS
