/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

G_BEGIN_DECLS

#define CLP_SCHEME "clippings"

/* What a page served through the scheme may load: only itself and inline
 * styles, and images written into the page. This header is the wall
 * between the archive's text and the network. */
#define CLP_SCHEME_CSP \
  "default-src 'none'; style-src clippings: 'unsafe-inline'; img-src clippings: data:"

typedef void (*ClpSchemeServeFunc)  (WebKitURISchemeRequest *request,
                                     GUri                   *uri,
                                     gpointer                user_data);
typedef void (*ClpSchemeActionFunc) (const char             *uri,
                                     gpointer                user_data);

#define CLP_TYPE_SCHEME_HANDLER (clp_scheme_handler_get_type ())

G_DECLARE_FINAL_TYPE (ClpSchemeHandler, clp_scheme_handler, CLP, SCHEME_HANDLER, GObject)

ClpSchemeHandler *clp_scheme_handler_get_default (void);
WebKitWebView    *clp_scheme_handler_create_view (ClpSchemeHandler       *self,
                                                  ClpSchemeServeFunc      serve,
                                                  ClpSchemeActionFunc     action,
                                                  gpointer                user_data);
void              clp_scheme_handler_forget_view (WebKitWebView          *web_view);
void              clp_scheme_handler_finish      (WebKitURISchemeRequest *request,
                                                  const char             *html);
void              clp_scheme_handler_fail        (WebKitURISchemeRequest *request,
                                                  const GError           *error);

G_END_DECLS
