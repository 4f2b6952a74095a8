/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-scheme-handler"

#include "config.h"

#include <glib/gi18n.h>

#include "clp-html.h"
#include "clp-scheme-handler.h"

/* Everything that keeps archived text from running or reaching the
 * network, in one place. Pages are served through the clippings: scheme
 * with a Content-Security-Policy header (the wall: a page served this way
 * with JavaScript off and an ephemeral session still fetched styles,
 * images and frames from a loopback server until the header was added),
 * in web views with JavaScript and every other active feature off, on an
 * ephemeral network session whose only proxy is a closed loopback port.
 * Navigations stay inside the scheme; a link to the web opens in the
 * user's browser; clippings://action/… links go to the view as actions.
 *
 * The application owns the one handler; each view it makes names a
 * client that serves its pages. */

#define DEAD_END_PROXY "http://127.0.0.1:9"

struct _ClpSchemeHandler
{
  GObject               parent_instance;

  WebKitNetworkSession *session;
  gboolean              registered;
};

G_DEFINE_FINAL_TYPE (ClpSchemeHandler, clp_scheme_handler, G_TYPE_OBJECT)

typedef struct
{
  ClpSchemeServeFunc  serve;
  ClpSchemeActionFunc action;
  gpointer            user_data;
} Client;

static ClpSchemeHandler *default_handler;

static void
clp_scheme_handler_finalize (GObject *object)
{
  ClpSchemeHandler *self = CLP_SCHEME_HANDLER (object);

  g_clear_object (&self->session);
  if (default_handler == self)
    default_handler = NULL;

  G_OBJECT_CLASS (clp_scheme_handler_parent_class)->finalize (object);
}

static void
clp_scheme_handler_class_init (ClpSchemeHandlerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clp_scheme_handler_finalize;
}

static void
clp_scheme_handler_init (ClpSchemeHandler *self)
{
  g_autoptr(WebKitNetworkProxySettings) proxy =
    webkit_network_proxy_settings_new (DEAD_END_PROXY, NULL);

  /* WebKit opens a connection ahead of a main-frame load it is asked
   * for, before decide-policy can refuse it. The views never ask for a
   * web page, but should anything ever do, the session's only way out is
   * a proxy on a closed loopback port: nothing reaches another host. */
  self->session = webkit_network_session_new_ephemeral ();
  webkit_network_session_set_proxy_settings (self->session, WEBKIT_NETWORK_PROXY_MODE_CUSTOM,
                                             proxy);
}

static Client *
client_of (WebKitWebView *web_view)
{
  return web_view != NULL ? g_object_get_data (G_OBJECT (web_view), "clp-scheme-client") : NULL;
}

static void
scheme_request_cb (WebKitURISchemeRequest *request,
                   gpointer                user_data)
{
  Client *client = client_of (webkit_uri_scheme_request_get_web_view (request));
  g_autoptr(GUri) uri = g_uri_parse (webkit_uri_scheme_request_get_uri (request),
                                     G_URI_FLAGS_NONE, NULL);

  if (client == NULL || uri == NULL)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                             _("There is no such page in the archive."));

      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }
  client->serve (request, uri, client->user_data);
}

static void
register_scheme (ClpSchemeHandler *self)
{
  WebKitWebContext *context = webkit_web_context_get_default ();

  if (self->registered)
    return;
  webkit_web_context_register_uri_scheme (context, CLP_SCHEME, scheme_request_cb, NULL, NULL);
  webkit_security_manager_register_uri_scheme_as_secure (webkit_web_context_get_security_manager (context),
                                                         CLP_SCHEME);
  webkit_web_context_set_cache_model (context, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
  self->registered = TRUE;
}

/**
 * clp_scheme_handler_get_default:
 *
 * Returns: (transfer none): the process's handler; the application keeps
 *   a reference to it for its life
 */
ClpSchemeHandler *
clp_scheme_handler_get_default (void)
{
  if (default_handler == NULL)
    {
      default_handler = g_object_new (CLP_TYPE_SCHEME_HANDLER, NULL);
      register_scheme (default_handler);
    }
  return default_handler;
}

static WebKitSettings *
safe_settings (void)
{
  return g_object_new (WEBKIT_TYPE_SETTINGS,
                       "enable-javascript", FALSE,
                       "enable-javascript-markup", FALSE,
                       "enable-developer-extras", FALSE,
                       "enable-webgl", FALSE,
                       "enable-webaudio", FALSE,
                       "enable-media", FALSE,
                       "enable-mediasource", FALSE,
                       "enable-encrypted-media", FALSE,
                       "enable-media-stream", FALSE,
                       "enable-webrtc", FALSE,
                       "enable-html5-database", FALSE,
                       "enable-html5-local-storage", FALSE,
                       "enable-page-cache", FALSE,
                       "enable-dns-prefetching", FALSE,
                       "enable-back-forward-navigation-gestures", FALSE,
                       "javascript-can-open-windows-automatically", FALSE,
                       "javascript-can-access-clipboard", FALSE,
                       "allow-file-access-from-file-urls", FALSE,
                       "allow-universal-access-from-file-urls", FALSE,
                       "allow-modal-dialogs", FALSE,
                       "media-playback-requires-user-gesture", TRUE,
                       "zoom-text-only", TRUE,
                       "default-charset", "utf-8",
                       NULL);
}

static void
open_in_browser (WebKitWebView *web_view,
                 const char    *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (web_view));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static gboolean
decide_policy_cb (WebKitWebView            *web_view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  gpointer                  user_data)
{
  Client *client = client_of (web_view);
  WebKitNavigationAction *action;
  const char *uri;
  const char *scheme;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    {
      WebKitURIResponse *response =
        webkit_response_policy_decision_get_response (WEBKIT_RESPONSE_POLICY_DECISION (decision));

      if (g_strcmp0 (g_uri_peek_scheme (webkit_uri_response_get_uri (response)), CLP_SCHEME) == 0)
        webkit_policy_decision_use (decision);
      else
        webkit_policy_decision_ignore (decision);
      return TRUE;
    }

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
  scheme = g_uri_peek_scheme (uri);

  if (g_strcmp0 (scheme, CLP_SCHEME) == 0 && !g_str_has_prefix (uri, CLP_SCHEME "://action/") &&
      type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION)
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  webkit_policy_decision_ignore (decision);
  if (webkit_navigation_action_get_navigation_type (action) != WEBKIT_NAVIGATION_TYPE_LINK_CLICKED)
    return TRUE;
  if (g_str_has_prefix (uri, CLP_SCHEME "://action/"))
    {
      if (client != NULL && client->action != NULL)
        client->action (uri, client->user_data);
    }
  else if (clp_html_is_safe_link (uri))
    open_in_browser (web_view, uri);
  return TRUE;
}

/* Only copying makes sense in a read-only page with no script. */
static gboolean
context_menu_cb (WebKitWebView       *web_view,
                 WebKitContextMenu   *menu,
                 WebKitHitTestResult *hit_test_result,
                 gpointer             user_data)
{
  GList *items = g_list_copy (webkit_context_menu_get_items (menu));

  for (GList *l = items; l != NULL; l = l->next)
    {
      WebKitContextMenuItem *item = l->data;

      switch (webkit_context_menu_item_get_stock_action (item))
        {
        case WEBKIT_CONTEXT_MENU_ACTION_COPY:
        case WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD:
        case WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL:
          break;
        default:
          webkit_context_menu_remove (menu, item);
        }
    }
  g_list_free (items);
  return webkit_context_menu_get_n_items (menu) == 0;
}

static gboolean
permission_request_cb (WebKitWebView           *web_view,
                       WebKitPermissionRequest *request,
                       gpointer                 user_data)
{
  webkit_permission_request_deny (request);
  return TRUE;
}

/**
 * clp_scheme_handler_create_view:
 * @serve: answers each clippings: request of the view with
 *   clp_scheme_handler_finish() or clp_scheme_handler_fail()
 * @action: (nullable): told of each clippings://action/… link clicked
 *
 * Returns: (transfer floating): a web view that shows clippings: pages
 *   only, runs no script and reaches no network
 */
WebKitWebView *
clp_scheme_handler_create_view (ClpSchemeHandler    *self,
                                ClpSchemeServeFunc   serve,
                                ClpSchemeActionFunc  action,
                                gpointer             user_data)
{
  g_autoptr(WebKitSettings) settings = safe_settings ();
  WebKitWebView *web_view;
  Client *client;

  g_return_val_if_fail (CLP_IS_SCHEME_HANDLER (self), NULL);
  g_return_val_if_fail (serve != NULL, NULL);

  web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                           "network-session", self->session,
                           "settings", settings,
                           "hexpand", TRUE,
                           "vexpand", TRUE,
                           NULL);
  client = g_new0 (Client, 1);
  client->serve = serve;
  client->action = action;
  client->user_data = user_data;
  g_object_set_data_full (G_OBJECT (web_view), "clp-scheme-client", client, g_free);
  g_signal_connect (web_view, "decide-policy", G_CALLBACK (decide_policy_cb), NULL);
  g_signal_connect (web_view, "context-menu", G_CALLBACK (context_menu_cb), NULL);
  g_signal_connect (web_view, "permission-request", G_CALLBACK (permission_request_cb), NULL);
  return web_view;
}

/**
 * clp_scheme_handler_forget_view:
 *
 * The view's client is going away: its requests are refused from now on.
 */
void
clp_scheme_handler_forget_view (WebKitWebView *web_view)
{
  g_return_if_fail (WEBKIT_IS_WEB_VIEW (web_view));

  g_object_set_data (G_OBJECT (web_view), "clp-scheme-client", NULL);
}

/**
 * clp_scheme_handler_finish:
 * @html: the page
 *
 * Answers a request with @html and the headers that keep it from loading
 * anything.
 */
void
clp_scheme_handler_finish (WebKitURISchemeRequest *request,
                           const char             *html)
{
  g_autoptr(GBytes) bytes = g_bytes_new (html, strlen (html));
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(WebKitURISchemeResponse) response =
    webkit_uri_scheme_response_new (stream, g_bytes_get_size (bytes));
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

  soup_message_headers_append (headers, "Content-Security-Policy", CLP_SCHEME_CSP);
  soup_message_headers_append (headers, "X-Content-Type-Options", "nosniff");
  webkit_uri_scheme_response_set_content_type (response, "text/html; charset=utf-8");
  webkit_uri_scheme_response_set_http_headers (response, headers);
  webkit_uri_scheme_request_finish_with_response (request, response);
}

void
clp_scheme_handler_fail (WebKitURISchemeRequest *request,
                         const GError           *error)
{
  webkit_uri_scheme_request_finish_error (request, (GError *) error);
}
