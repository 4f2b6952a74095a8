/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-reading-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "clp-html.h"
#include "clp-reading-view.h"
#include "clp-renderer.h"

/* The article and its comment threads in a WebKitWebView. Pages come from
 * the clippings: URI scheme, rendered by the core renderer in a worker
 * thread. The view never runs script and never reaches the network:
 *
 * - JavaScript is off, and so are plugins, WebGL, media, storage;
 * - every page is served with a Content-Security-Policy that allows no
 *   load but inline styles and data: images (JavaScript being off does not
 *   stop <img>, <link> or CSS backgrounds from loading; the header does);
 * - the network session is ephemeral, and its proxy is a dead end;
 * - decide-policy lets only clippings: pages in; web links open in the
 *   user's browser, clippings://action/ links become the ::action signal.
 *
 * With a search, comments that match are marked, a bar counts them and
 * steps through them (across pages), and "Only matching comments" leaves
 * the others out but for the chain each match answers, dimmed. Filters
 * (dates, author) always show only what passes them, the same way.
 *
 * URIs: clippings://article/ID[?page=N][#cID]; clippings://served/page is
 * the page given to clp_reading_view_serve_html(). */

#define SCHEME "clippings"
#define ZOOM_STEP 0.1

struct _ClpReadingView
{
  GtkWidget      parent_instance;

  GtkRevealer   *match_bar;
  GtkLabel      *match_label;
  GtkWidget     *previous_button;
  GtkWidget     *next_button;
  GtkToggleButton *only_toggle;
  WebKitWebView *web_view;
  ClpStore      *store;
  GCancellable  *cancellable;
  GSettings     *settings;
  gint64         article_id;

  /* The last article rendered, so that flipping pages and switching to
   * dark does not load its comments again. */
  ClpArticle    *article;
  GPtrArray     *comments;

  char          *served_html;

  ClpQuery      *query;          /* search and filters, or NULL */
  gboolean       filtered;       /* filters apply: only matches, always */
  GArray        *matches;        /* comment ids, thread order */
  GArray        *match_pages;    /* the page each is on */
  int            match_index;    /* -1 before the first step */
  guint          page;           /* shown */
  gboolean       show_hidden;    /* deleted and spam comments, marked */
  guint          last_render;    /* the latest page asked for */
};

enum { ACTION, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ClpReadingView, clp_reading_view, GTK_TYPE_WIDGET)

typedef struct
{
  guint             serial;
  ClpStore         *store;
  gint64            article_id;
  guint             page;
  gboolean          dark;
  ClpQuery         *query;
  gboolean          only_matching;
  gboolean          show_hidden;
  ClpArticle       *article;   /* cached, or loaded by the worker */
  GPtrArray        *comments;
  char             *html;
  GArray           *matches;   /* results: ids in thread order */
  GArray           *match_pages;
} Render;

static void
render_free (Render *render)
{
  g_clear_object (&render->store);
  g_clear_pointer (&render->query, clp_query_unref);
  g_clear_pointer (&render->matches, g_array_unref);
  g_clear_pointer (&render->match_pages, g_array_unref);
  g_clear_pointer (&render->article, clp_article_unref);
  g_clear_pointer (&render->comments, g_ptr_array_unref);
  g_free (render->html);
  g_free (render);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Render *render = task_data;
  g_autoptr(GError) error = NULL;
  ClpRenderOptions options = { 0 };

  if (render->article == NULL)
    {
      render->article = clp_store_load_article (render->store, render->article_id, &error);
      if (render->article == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* A thread of 50,000 comments loads its structure only; the texts
       * come for the page shown. */
      render->comments = clp_store_load_thread (render->store, render->article_id, FALSE, &error);
      if (render->comments == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  {
    g_autofree char *base = g_strdup_printf (SCHEME "://article/%" G_GINT64_FORMAT,
                                             render->article_id);
    g_autoptr(GPtrArray) shown = NULL;
    g_autoptr(GHashTable) matching = NULL;
    g_autoptr(GArray) matches = NULL;   /* the keys of matching point into it */

    options.dark = render->dark;
    options.page = render->page;
    options.base_uri = base;
    options.show_hidden = render->show_hidden;
    if (render->query != NULL)
      {
        if (!clp_store_match_comments (render->store, render->article_id, render->query, &matches,
                                       NULL, cancellable, &error))
          {
            g_task_return_error (task, g_steal_pointer (&error));
            return;
          }
        matching = g_hash_table_new (g_int64_hash, g_int64_equal);
        for (guint i = 0; i < matches->len; i++)
          g_hash_table_add (matching, &g_array_index (matches, gint64, i));
        options.matching = matching;
        options.only_matching = render->only_matching;
        options.query = render->query;
        /* In reading order, with their pages, so that stepping through
         * them needs no work on the main thread. */
        clp_renderer_locate (render->comments, &options, matching, &render->matches,
                             &render->match_pages);
      }
    shown = clp_renderer_page_comments (render->comments, &options);
    if (!clp_store_fill_comment_text (render->store, shown, &error))
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
    render->html = clp_renderer_render (render->article, render->comments, &options, NULL);
  }
  g_task_return_boolean (task, TRUE);
}

static void
finish_with_html (WebKitURISchemeRequest *request,
                  const char             *html)
{
  g_autoptr(GBytes) bytes = g_bytes_new (html, strlen (html));
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(WebKitURISchemeResponse) response =
    webkit_uri_scheme_response_new (stream, g_bytes_get_size (bytes));
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

  soup_message_headers_append (headers, "Content-Security-Policy", CLP_READING_VIEW_CSP);
  soup_message_headers_append (headers, "X-Content-Type-Options", "nosniff");
  webkit_uri_scheme_response_set_content_type (response, "text/html; charset=utf-8");
  webkit_uri_scheme_response_set_http_headers (response, headers);
  webkit_uri_scheme_request_finish_with_response (request, response);
}

static void
finish_with_error (WebKitURISchemeRequest *request,
                   GError                 *error)
{
  webkit_uri_scheme_request_finish_error (request, error);
}

static void
update_match_bar (ClpReadingView *self)
{
  guint n = self->matches != NULL ? self->matches->len : 0;
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->match_bar, self->query != NULL && self->article_id != 0);
  if (n == 0)
    text = g_strdup (self->filtered ? _("No comment passes the filters")
                                    : _("No matching comments"));
  else if (self->match_index >= 0)
    /* Translators: "3 of 7 matching comments" */
    text = g_strdup_printf (g_dngettext (NULL, "%d of %u matching comment",
                                         "%d of %u matching comments", n),
                            self->match_index + 1, n);
  else
    text = g_strdup_printf (g_dngettext (NULL, "%u matching comment", "%u matching comments", n), n);
  gtk_label_set_label (self->match_label, text);
  gtk_widget_set_sensitive (self->previous_button, n > 0);
  gtk_widget_set_sensitive (self->next_button, n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->only_toggle), !self->filtered);
}

static void
render_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WebKitURISchemeRequest) request = user_data;
  Render *render = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  ClpReadingView *self;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      finish_with_error (request, error);
      return;
    }

  /* The view may be gone; the request still gets its answer. */
  self = CLP_READING_VIEW (object);
  if (self->article_id == render->article_id && self->article != render->article)
    {
      g_clear_pointer (&self->article, clp_article_unref);
      g_clear_pointer (&self->comments, g_ptr_array_unref);
      self->article = clp_article_ref (render->article);
      self->comments = g_ptr_array_ref (render->comments);
    }
  /* WebKit shows only the latest page asked for; an earlier one that
   * finishes late says nothing about the matches shown. */
  if (self->article_id == render->article_id && self->web_view != NULL &&
      render->serial == self->last_render)
    {
      gboolean same = self->matches != NULL && render->matches != NULL &&
                      self->matches->len == render->matches->len;

      g_clear_pointer (&self->matches, g_array_unref);
      g_clear_pointer (&self->match_pages, g_array_unref);
      self->matches = render->matches != NULL ? g_array_ref (render->matches) : NULL;
      self->match_pages = render->match_pages != NULL ? g_array_ref (render->match_pages) : NULL;
      self->page = render->page;
      if (!same)
        self->match_index = -1;
      update_match_bar (self);
    }
  finish_with_html (request, render->html);
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
handle_article (ClpReadingView         *self,
                WebKitURISchemeRequest *request,
                GUri                   *uri)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);
  guint64 id = 0, page = 1;
  Render *render;

  if (path == NULL || path[0] != '/' ||
      !g_ascii_string_to_unsigned (path + 1, 10, 1, G_MAXINT64, &id, NULL) || self->store == NULL)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                             _("There is no such page in the archive."));

      finish_with_error (request, error);
      return;
    }
  if (query != NULL)
    {
      params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      if (params != NULL && g_hash_table_contains (params, "page"))
        g_ascii_string_to_unsigned (g_hash_table_lookup (params, "page"), 10, 1, G_MAXUINT,
                                    &page, NULL);
    }

  g_debug ("render %s (query %s)", webkit_uri_scheme_request_get_uri (request),
           self->query != NULL ? clp_query_get_text (self->query) : "none");
  render = g_new0 (Render, 1);
  render->serial = ++self->last_render;
  render->store = g_object_ref (self->store);
  render->article_id = id;
  render->page = page;
  render->dark = is_dark ();
  render->query = self->query != NULL ? clp_query_ref (self->query) : NULL;
  render->only_matching = self->filtered || gtk_toggle_button_get_active (self->only_toggle);
  render->show_hidden = self->show_hidden;
  if (self->article != NULL && self->article->id == (gint64) id)
    {
      render->article = clp_article_ref (self->article);
      render->comments = g_ptr_array_ref (self->comments);
    }

  task = g_task_new (self, self->cancellable, render_done_cb, g_object_ref (request));
  g_task_set_source_tag (task, handle_article);
  g_task_set_task_data (task, render, (GDestroyNotify) render_free);
  g_task_run_in_thread (task, render_thread);
}

static void
scheme_request_cb (WebKitURISchemeRequest *request,
                   gpointer                user_data)
{
  WebKitWebView *web_view = webkit_uri_scheme_request_get_web_view (request);
  ClpReadingView *self = web_view != NULL ? g_object_get_data (G_OBJECT (web_view),
                                                               "clp-reading-view") : NULL;
  g_autoptr(GUri) uri = g_uri_parse (webkit_uri_scheme_request_get_uri (request),
                                     G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (self != NULL && g_strcmp0 (host, "article") == 0)
    handle_article (self, request, uri);
  else if (self != NULL && g_strcmp0 (host, "served") == 0 && self->served_html != NULL)
    finish_with_html (request, self->served_html);
  else
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                             _("There is no such page in the archive."));

      finish_with_error (request, error);
    }
}

static void
open_in_browser (ClpReadingView *self,
                 const char     *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static gboolean
decide_policy_cb (WebKitWebView            *web_view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  ClpReadingView           *self)
{
  WebKitNavigationAction *action;
  const char *uri;
  const char *scheme;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    {
      WebKitURIResponse *response =
        webkit_response_policy_decision_get_response (WEBKIT_RESPONSE_POLICY_DECISION (decision));

      if (g_strcmp0 (g_uri_peek_scheme (webkit_uri_response_get_uri (response)), SCHEME) == 0)
        webkit_policy_decision_use (decision);
      else
        webkit_policy_decision_ignore (decision);
      return TRUE;
    }

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));
  scheme = g_uri_peek_scheme (uri);

  if (g_strcmp0 (scheme, SCHEME) == 0 && !g_str_has_prefix (uri, SCHEME "://action/") &&
      type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION)
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  webkit_policy_decision_ignore (decision);
  if (webkit_navigation_action_get_navigation_type (action) != WEBKIT_NAVIGATION_TYPE_LINK_CLICKED)
    return TRUE;
  if (g_str_has_prefix (uri, SCHEME "://action/"))
    g_signal_emit (self, signals[ACTION], 0, uri);
  else if (clp_html_is_safe_link (uri))
    open_in_browser (self, uri);
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

static void
web_process_terminated_cb (WebKitWebView                     *web_view,
                           WebKitWebProcessTerminationReason  reason,
                           ClpReadingView                    *self)
{
  g_warning ("The web process of the reading view ended (%d); reloading", reason);
  clp_reading_view_refresh (self);
}

static void
update_background (ClpReadingView *self)
{
  GdkRGBA color;

  gdk_rgba_parse (&color, is_dark () ? "#1e1e1e" : "#ffffff");
  webkit_web_view_set_background_color (self->web_view, &color);
}

static void
dark_changed_cb (ClpReadingView *self)
{
  update_background (self);
  clp_reading_view_refresh (self);
}

/* WebKit opens a connection ahead of a main-frame load it is asked for,
 * before decide-policy can refuse it. The view never asks for a web page,
 * but should anything ever do, the session's only way out is a proxy on a
 * closed loopback port: nothing reaches another host. */
#define DEAD_END_PROXY "http://127.0.0.1:9"

static WebKitNetworkSession *
ephemeral_session (void)
{
  static WebKitNetworkSession *session;

  if (session == NULL)
    {
      g_autoptr(WebKitNetworkProxySettings) proxy = webkit_network_proxy_settings_new (DEAD_END_PROXY,
                                                                                       NULL);

      session = webkit_network_session_new_ephemeral ();
      webkit_network_session_set_proxy_settings (session, WEBKIT_NETWORK_PROXY_MODE_CUSTOM, proxy);
    }
  return session;
}

static void
register_scheme (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      WebKitWebContext *context = webkit_web_context_get_default ();

      webkit_web_context_register_uri_scheme (context, SCHEME, scheme_request_cb, NULL, NULL);
      webkit_security_manager_register_uri_scheme_as_secure (webkit_web_context_get_security_manager (context),
                                                             SCHEME);
      webkit_web_context_set_cache_model (context, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
      g_once_init_leave (&registered, 1);
    }
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
previous_clicked_cb (ClpReadingView *self)
{
  clp_reading_view_step_match (self, -1);
}

static void
next_clicked_cb (ClpReadingView *self)
{
  clp_reading_view_step_match (self, 1);
}

static void
only_toggled_cb (ClpReadingView *self)
{
  /* Pages change with what they show: back to the first. */
  self->match_index = -1;
  if (self->article_id != 0)
    {
      g_autofree char *uri = g_strdup_printf (SCHEME "://article/%" G_GINT64_FORMAT,
                                              self->article_id);

      webkit_web_view_load_uri (self->web_view, uri);
    }
}

static void
build_match_bar (ClpReadingView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *steps = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (box, "match-bar");
  self->match_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->match_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->match_label), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->match_label));

  self->only_toggle = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("_Only Matching Comments")));
  gtk_widget_add_css_class (GTK_WIDGET (self->only_toggle), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->only_toggle),
                               _("Show only matching comments and the comments they answer"));
  g_signal_connect_swapped (self->only_toggle, "toggled", G_CALLBACK (only_toggled_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->only_toggle));

  gtk_widget_add_css_class (steps, "linked");
  self->previous_button = gtk_button_new_from_icon_name ("go-up-symbolic");
  gtk_widget_set_tooltip_text (self->previous_button, _("Previous Match (Shift+F3)"));
  g_signal_connect_swapped (self->previous_button, "clicked", G_CALLBACK (previous_clicked_cb), self);
  self->next_button = gtk_button_new_from_icon_name ("go-down-symbolic");
  gtk_widget_set_tooltip_text (self->next_button, _("Next Match (F3)"));
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_clicked_cb), self);
  gtk_box_append (GTK_BOX (steps), self->previous_button);
  gtk_box_append (GTK_BOX (steps), self->next_button);
  gtk_box_append (GTK_BOX (box), steps);

  self->match_bar = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->match_bar, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (self->match_bar, box);
}

static void
clp_reading_view_dispose (GObject *object)
{
  ClpReadingView *self = CLP_READING_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->web_view != NULL)
    {
      g_object_set_data (G_OBJECT (self->web_view), "clp-reading-view", NULL);
      gtk_widget_unparent (GTK_WIDGET (self->web_view));
      self->web_view = NULL;
    }
  if (self->match_bar != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->match_bar));
      self->match_bar = NULL;
    }
  g_clear_pointer (&self->query, clp_query_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->match_pages, g_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->article, clp_article_unref);
  g_clear_pointer (&self->comments, g_ptr_array_unref);
  g_clear_pointer (&self->served_html, g_free);

  G_OBJECT_CLASS (clp_reading_view_parent_class)->dispose (object);
}

static void
clp_reading_view_class_init (ClpReadingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clp_reading_view_dispose;

  /**
   * ClpReadingView::action:
   * @uri: a clippings://action/… link the reader clicked
   */
  signals[ACTION] =
    g_signal_new ("action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "readingview");
}

static void
clp_reading_view_init (ClpReadingView *self)
{
  g_autoptr(WebKitSettings) settings = safe_settings ();

  register_scheme ();
  self->cancellable = g_cancellable_new ();
  /* The zoom is remembered when the schema is installed; printing a PDF
   * for clippings-cli works without it. */
  {
    g_autoptr(GSettingsSchema) schema =
      g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);

    if (schema != NULL)
      self->settings = g_settings_new (APP_ID);
  }

  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "network-session", ephemeral_session (),
                                 "settings", settings,
                                 "hexpand", TRUE,
                                 "vexpand", TRUE,
                                 NULL);
  g_object_set_data (G_OBJECT (self->web_view), "clp-reading-view", self);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  build_match_bar (self);
  gtk_widget_set_parent (GTK_WIDGET (self->match_bar), GTK_WIDGET (self));
  gtk_widget_set_parent (GTK_WIDGET (self->web_view), GTK_WIDGET (self));
  self->match_index = -1;
  if (self->settings != NULL)
    webkit_web_view_set_zoom_level (self->web_view, g_settings_get_double (self->settings, "zoom-level"));

  g_signal_connect_object (self->web_view, "decide-policy", G_CALLBACK (decide_policy_cb), self, 0);
  g_signal_connect (self->web_view, "context-menu", G_CALLBACK (context_menu_cb), NULL);
  g_signal_connect (self->web_view, "permission-request", G_CALLBACK (permission_request_cb), NULL);
  g_signal_connect_object (self->web_view, "web-process-terminated",
                           G_CALLBACK (web_process_terminated_cb), self, 0);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  update_background (self);
}

void
clp_reading_view_set_store (ClpReadingView *self,
                            ClpStore       *store)
{
  g_return_if_fail (CLP_IS_READING_VIEW (self));
  g_return_if_fail (store == NULL || CLP_IS_STORE (store));

  g_set_object (&self->store, store);
  g_clear_pointer (&self->article, clp_article_unref);
  g_clear_pointer (&self->comments, g_ptr_array_unref);
}

static void
load_article (ClpReadingView *self,
              const char     *fragment)
{
  g_autofree char *uri = g_strdup_printf (SCHEME "://article/%" G_GINT64_FORMAT "%s%s",
                                          self->article_id, fragment != NULL ? "#" : "",
                                          fragment != NULL ? fragment : "");

  webkit_web_view_load_uri (self->web_view, uri);
}

/**
 * clp_reading_view_show_article:
 *
 * Shows an article from the top of its first page.
 */
void
clp_reading_view_show_article (ClpReadingView *self,
                               gint64          article_id)
{
  g_return_if_fail (CLP_IS_READING_VIEW (self));

  if (article_id == self->article_id)
    return;
  self->article_id = article_id;
  if (self->article != NULL && self->article->id != article_id)
    {
      g_clear_pointer (&self->article, clp_article_unref);
      g_clear_pointer (&self->comments, g_ptr_array_unref);
    }
  load_article (self, NULL);
}

gint64
clp_reading_view_get_article_id (ClpReadingView *self)
{
  g_return_val_if_fail (CLP_IS_READING_VIEW (self), 0);

  return self->article_id;
}

/**
 * clp_reading_view_refresh:
 *
 * Renders the current page again from the archive, after an import.
 */
void
clp_reading_view_refresh (ClpReadingView *self)
{
  g_return_if_fail (CLP_IS_READING_VIEW (self));

  g_clear_pointer (&self->article, clp_article_unref);
  g_clear_pointer (&self->comments, g_ptr_array_unref);
  if (self->article_id != 0)
    webkit_web_view_reload (self->web_view);
}

/**
 * clp_reading_view_zoom:
 * @steps: how many steps larger (negative: smaller), 0 to reset
 */
void
clp_reading_view_zoom (ClpReadingView *self,
                       int             steps)
{
  double level;

  g_return_if_fail (CLP_IS_READING_VIEW (self));

  level = steps == 0 ? 1.0 : webkit_web_view_get_zoom_level (self->web_view) + steps * ZOOM_STEP;
  level = CLAMP (level, 0.5, 3.0);
  webkit_web_view_set_zoom_level (self->web_view, level);
  if (self->settings != NULL)
    g_settings_set_double (self->settings, "zoom-level", level);
}

WebKitWebView *
clp_reading_view_get_web_view (ClpReadingView *self)
{
  g_return_val_if_fail (CLP_IS_READING_VIEW (self), NULL);

  return self->web_view;
}

/**
 * clp_reading_view_serve_html:
 * @html: a page
 *
 * Shows @html through the same scheme, headers and policies as an article.
 * The tests use it to prove that nothing in a page reaches the network,
 * whatever the page holds.
 */
void
clp_reading_view_serve_html (ClpReadingView *self,
                             const char     *html)
{
  g_return_if_fail (CLP_IS_READING_VIEW (self));

  g_free (self->served_html);
  self->served_html = g_strdup (html);
  self->article_id = 0;
  webkit_web_view_load_uri (self->web_view, SCHEME "://served/page");
}

/**
 * clp_reading_view_dup_thread:
 * @comment_id: a comment of the article shown
 *
 * Returns: (transfer full) (nullable): the ids (gint64 *) of the comment
 *   and every reply under it, or %NULL when it is not in the article shown
 */
GHashTable *
clp_reading_view_dup_thread (ClpReadingView *self,
                             gint64          comment_id)
{
  g_autoptr(GHashTable) thread = NULL;
  g_autoptr(GPtrArray) ordered = NULL;
  guint i = 0;

  g_return_val_if_fail (CLP_IS_READING_VIEW (self), NULL);

  if (self->comments == NULL)
    return NULL;
  /* In thread order a comment's replies, and theirs, follow it: the thread
   * ends at the first comment that answers none of them. */
  ordered = clp_comment_thread_order (self->comments);
  while (i < ordered->len && ((ClpComment *) g_ptr_array_index (ordered, i))->id != comment_id)
    i++;
  if (i == ordered->len)
    return NULL;

  thread = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_hash_table_add (thread, g_memdup2 (&comment_id, sizeof (gint64)));
  for (i++; i < ordered->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (ordered, i);

      if (!g_hash_table_contains (thread, &comment->parent_id))
        break;
      g_hash_table_add (thread, g_memdup2 (&comment->id, sizeof (gint64)));
    }
  return g_steal_pointer (&thread);
}

/**
 * clp_reading_view_set_search:
 * @query: (nullable): what to mark and count: the search and the filters
 * @filtered: @query holds filters; show only what passes them (and the
 *   comments they answer, dimmed)
 *
 * Shows the current article again under the new search, from its top.
 */
void
clp_reading_view_set_search (ClpReadingView *self,
                             ClpQuery       *query,
                             gboolean        filtered)
{
  g_return_if_fail (CLP_IS_READING_VIEW (self));

  g_clear_pointer (&self->query, clp_query_unref);
  self->query = query != NULL && !clp_query_is_empty (query) ? clp_query_ref (query) : NULL;
  self->filtered = filtered && self->query != NULL;
  self->match_index = -1;
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->match_pages, g_array_unref);
  update_match_bar (self);
  if (self->article_id != 0)
    load_article (self, NULL);
}

guint
clp_reading_view_get_n_matches (ClpReadingView *self)
{
  g_return_val_if_fail (CLP_IS_READING_VIEW (self), 0);

  return self->matches != NULL ? self->matches->len : 0;
}

/**
 * clp_reading_view_step_match:
 * @step: 1 for the next matching comment, -1 for the previous
 *
 * Scrolls to the next or previous match, on whichever page it is.
 */
void
clp_reading_view_step_match (ClpReadingView *self,
                             int             step)
{
  g_autofree char *uri = NULL;
  g_autofree char *fragment = NULL;
  guint n, page;

  g_return_if_fail (CLP_IS_READING_VIEW (self));

  n = self->matches != NULL ? self->matches->len : 0;
  if (n == 0)
    return;
  if (self->match_index < 0)
    self->match_index = step > 0 ? 0 : n - 1;
  else
    self->match_index = (self->match_index + step + n) % n;

  page = g_array_index (self->match_pages, guint, self->match_index);
  fragment = g_strdup_printf ("c%" G_GINT64_FORMAT,
                              g_array_index (self->matches, gint64, self->match_index));
  /* On the page shown, only the fragment changes and the view scrolls;
   * another page loads, then scrolls. */
  if (page == self->page && webkit_web_view_get_uri (self->web_view) != NULL)
    {
      const char *current = webkit_web_view_get_uri (self->web_view);
      const char *hash = strchr (current, '#');

      uri = g_strdup_printf ("%.*s#%s", (int) (hash != NULL ? hash - current : (int) strlen (current)),
                             current, fragment);
    }
  else
    uri = g_strdup_printf (SCHEME "://article/%" G_GINT64_FORMAT "?page=%u#%s", self->article_id,
                           page, fragment);
  webkit_web_view_load_uri (self->web_view, uri);
  update_match_bar (self);
}

ClpArticle *
clp_reading_view_get_article (ClpReadingView *self)
{
  g_return_val_if_fail (CLP_IS_READING_VIEW (self), NULL);

  return self->article;
}

GPtrArray *
clp_reading_view_get_comments (ClpReadingView *self)
{
  g_return_val_if_fail (CLP_IS_READING_VIEW (self), NULL);

  return self->comments;
}

/**
 * clp_reading_view_set_show_hidden:
 *
 * Shows deleted and spam comments, marked, or hides them again (as the
 * view does by default).
 */
void
clp_reading_view_set_show_hidden (ClpReadingView *self,
                                  gboolean        show_hidden)
{
  g_return_if_fail (CLP_IS_READING_VIEW (self));

  if (self->show_hidden == show_hidden)
    return;
  self->show_hidden = show_hidden;
  if (self->article_id != 0)
    webkit_web_view_reload (self->web_view);
}
