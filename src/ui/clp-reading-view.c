/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-reading-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "clp-reading-view.h"
#include "clp-scheme-handler.h"

/* The article and its comment threads in a web view made by the
 * application's #ClpSchemeHandler, which keeps script and the network
 * out. Pages are clippings://article/ID[?page=N][#cID], written by the
 * archive on a reader; clippings://served/page is the page given to
 * clp_reading_view_serve_html().
 *
 * With a search, comments that match are marked, a bar counts them and
 * steps through them (across pages), and "Only matching comments" leaves
 * the others out but for the chain each match answers, dimmed. Filters
 * (dates, author) always show only what passes them, the same way. */

#define ZOOM_STEP 0.1

struct _ClpReadingView
{
  GtkWidget         parent_instance;

  GtkRevealer      *match_bar;
  GtkLabel         *match_label;
  GtkWidget        *previous_button;
  GtkWidget        *next_button;
  GtkCheckButton   *only_toggle;
  GtkWidget        *overlay;        /* the web view, and the zoom over it */
  GtkButton        *zoom_button;    /* the text size, when not 100%; resets it */
  WebKitWebView    *web_view;
  ClpArchive       *archive;
  GCancellable     *cancellable;
  GSettings        *settings;
  gint64            article_id;

  /* The last page rendered: its article and thread serve the next page
   * of the same article, and flipping to dark, without loading them
   * again. */
  ClpReadingPage   *last_page;
  gboolean          last_page_stale;  /* the archive changed: load the thread again */

  char             *served_html;

  ClpSearchRequest *search;         /* nullable */
  gboolean          filtered;       /* filters apply: only what passes, always */
  GArray           *matches;        /* comment ids, thread order */
  GArray           *match_pages;    /* the page each is on */
  int               match_index;    /* -1 before the first step */
  guint             page;           /* shown */
  gboolean          show_hidden;    /* deleted and spam comments, marked */
  guint             last_render;    /* the latest page asked for */
  gboolean          scroll_to_first; /* once loaded, to the first comment passing the filters */
  char             *scroll_to;      /* once loaded, to this anchor */
};

enum { ACTION, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ClpReadingView, clp_reading_view, GTK_TYPE_WIDGET)

/* A request of the web view, waiting for its page. */
typedef struct
{
  ClpReadingView         *view;
  WebKitURISchemeRequest *request;
  guint                   serial;
} Render;

static void
render_free (Render *render)
{
  g_object_unref (render->view);
  g_object_unref (render->request);
  g_free (render);
}

static void
update_match_bar (ClpReadingView *self)
{
  guint n = self->matches != NULL ? self->matches->len : 0;
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->match_bar, self->search != NULL && self->article_id != 0);
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
  Render *render = user_data;
  ClpReadingView *self = render->view;
  g_autoptr(ClpReadingPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = clp_archive_render_page_finish (CLP_ARCHIVE (object), result, &error);
  if (page == NULL)
    {
      clp_scheme_handler_fail (render->request, error);
      render_free (render);
      return;
    }

  /* The view may be gone; the request still gets its answer. */
  if (self->article_id == clp_reading_page_get_article (page)->id)
    {
      g_clear_pointer (&self->last_page, clp_reading_page_unref);
      self->last_page = clp_reading_page_ref (page);
      self->last_page_stale = FALSE;
    }
  /* WebKit shows only the latest page asked for; an earlier one that
   * finishes late says nothing about the matches shown. */
  if (self->article_id == clp_reading_page_get_article (page)->id && self->web_view != NULL &&
      render->serial == self->last_render)
    {
      GArray *matches = clp_reading_page_get_matches (page);
      GArray *match_pages = clp_reading_page_get_match_pages (page);
      gboolean same = self->matches != NULL && matches != NULL &&
                      self->matches->len == matches->len;

      g_clear_pointer (&self->matches, g_array_unref);
      g_clear_pointer (&self->match_pages, g_array_unref);
      self->matches = matches != NULL ? g_array_ref (matches) : NULL;
      self->match_pages = match_pages != NULL ? g_array_ref (match_pages) : NULL;
      self->page = clp_reading_page_get_page (page);
      if (!same)
        self->match_index = -1;
      update_match_bar (self);
    }
  clp_scheme_handler_finish (render->request, clp_reading_page_get_html (page));
  render_free (render);
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
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *base = NULL;
  const char *path = g_uri_get_path (uri);
  const char *query = g_uri_get_query (uri);
  guint64 id = 0, page = 1;
  ClpPageRequest page_request = { 0 };
  Render *render;

  if (path == NULL || path[0] != '/' ||
      !g_ascii_string_to_unsigned (path + 1, 10, 1, G_MAXINT64, &id, NULL) ||
      self->archive == NULL)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                             _("There is no such page in the archive."));

      clp_scheme_handler_fail (request, error);
      return;
    }
  if (query != NULL)
    {
      params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      if (params != NULL && g_hash_table_contains (params, "page"))
        g_ascii_string_to_unsigned (g_hash_table_lookup (params, "page"), 10, 1, G_MAXUINT,
                                    &page, NULL);
    }

  base = g_strdup_printf (CLP_SCHEME "://article/%" G_GINT64_FORMAT, (gint64) id);
  page_request.article_id = id;
  page_request.page = page;
  page_request.dark = is_dark ();
  page_request.search = self->search;
  page_request.only_matching = self->filtered || gtk_check_button_get_active (self->only_toggle);
  page_request.show_hidden = self->show_hidden;
  page_request.base_uri = base;

  render = g_new0 (Render, 1);
  render->view = g_object_ref (self);
  render->request = g_object_ref (request);
  render->serial = ++self->last_render;
  clp_archive_render_page_async (self->archive, &page_request,
                                 self->last_page_stale ? NULL : self->last_page,
                                 self->cancellable, render_done_cb, render);
}

static void
serve_cb (WebKitURISchemeRequest *request,
          GUri                   *uri,
          gpointer                user_data)
{
  ClpReadingView *self = user_data;
  const char *host = g_uri_get_host (uri);

  if (g_strcmp0 (host, "article") == 0)
    handle_article (self, request, uri);
  else if (g_strcmp0 (host, "served") == 0 && self->served_html != NULL)
    clp_scheme_handler_finish (request, self->served_html);
  else
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                             _("There is no such page in the archive."));

      clp_scheme_handler_fail (request, error);
    }
}

static void
action_cb (const char *uri,
           gpointer    user_data)
{
  g_signal_emit (user_data, signals[ACTION], 0, uri);
}

/* New filters show their comments: a page loaded for them goes on to the
 * first comment that passes, instead of leaving the reader at the top
 * of the article, above the comments asked for. */
static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 ClpReadingView  *self)
{
  g_autofree char *place = NULL;

  if (event != WEBKIT_LOAD_FINISHED)
    return;
  place = g_steal_pointer (&self->scroll_to);
  if (self->scroll_to_first)
    {
      self->scroll_to_first = FALSE;
      if (self->filtered && self->matches != NULL && self->matches->len > 0 && self->match_index < 0)
        clp_reading_view_step_match (self, 1);
    }
  else if (place != NULL && self->article_id != 0)
    {
      const char *current = webkit_web_view_get_uri (web_view);
      const char *hash = current != NULL ? strchr (current, '#') : NULL;
      g_autofree char *uri = NULL;

      /* Only the fragment changes: the page scrolls, nothing loads. */
      if (current == NULL || hash != NULL)
        return;
      uri = g_strdup_printf ("%s#%s", current, place);
      webkit_web_view_load_uri (web_view, uri);
    }
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
      g_autofree char *uri = g_strdup_printf (CLP_SCHEME "://article/%" G_GINT64_FORMAT,
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
  gtk_label_set_ellipsize (self->match_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->match_label), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->match_label));

  /* A check box: it says whether it is on before it is pressed. */
  self->only_toggle = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Only Matching Comments")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->only_toggle),
                               _("Show only matching comments and the comments they answer"));
  g_signal_connect_swapped (self->only_toggle, "toggled", G_CALLBACK (only_toggled_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->only_toggle));

  gtk_widget_add_css_class (steps, "linked");
  self->previous_button = gtk_button_new_from_icon_name ("go-up-symbolic");
  gtk_widget_set_tooltip_text (self->previous_button, _("Previous Match (Shift+F3)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->previous_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Previous Match"), -1);
  g_signal_connect_swapped (self->previous_button, "clicked", G_CALLBACK (previous_clicked_cb), self);
  self->next_button = gtk_button_new_from_icon_name ("go-down-symbolic");
  gtk_widget_set_tooltip_text (self->next_button, _("Next Match (F3)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Next Match"), -1);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (next_clicked_cb), self);
  gtk_box_append (GTK_BOX (steps), self->previous_button);
  gtk_box_append (GTK_BOX (steps), self->next_button);
  gtk_box_append (GTK_BOX (box), steps);

  self->match_bar = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->match_bar, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (self->match_bar, box);
}

/* The text size, in a corner of the page while it is not 100%: a click
 * puts it back. */
static void
update_zoom_button (ClpReadingView *self)
{
  int percent = (int) (webkit_web_view_get_zoom_level (self->web_view) * 100 + 0.5);
  g_autofree char *label = g_strdup_printf (_("%d%%"), percent);
  g_autofree char *name = g_strdup_printf (_("Text size %d%%: reset to 100%%"), percent);

  gtk_button_set_label (self->zoom_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zoom_button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->zoom_button), percent != 100);
}

static void
zoom_clicked_cb (ClpReadingView *self)
{
  clp_reading_view_zoom (self, 0);
}

static void
build_zoom_button (ClpReadingView *self)
{
  self->zoom_button = GTK_BUTTON (gtk_button_new ());
  gtk_widget_set_halign (GTK_WIDGET (self->zoom_button), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (self->zoom_button), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->zoom_button), 8);
  gtk_widget_set_margin_end (GTK_WIDGET (self->zoom_button), 18);
  gtk_widget_add_css_class (GTK_WIDGET (self->zoom_button), "osd");
  gtk_widget_add_css_class (GTK_WIDGET (self->zoom_button), "zoom-level");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->zoom_button), _("Reset Text Size (Ctrl+0)"));
  g_signal_connect_swapped (self->zoom_button, "clicked", G_CALLBACK (zoom_clicked_cb), self);
  self->overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), GTK_WIDGET (self->web_view));
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), GTK_WIDGET (self->zoom_button));
}

static void
clp_reading_view_dispose (GObject *object)
{
  ClpReadingView *self = CLP_READING_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->web_view != NULL)
    {
      clp_scheme_handler_forget_view (self->web_view);
      gtk_widget_unparent (self->overlay);
      self->overlay = NULL;
      self->web_view = NULL;
    }
  if (self->match_bar != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->match_bar));
      self->match_bar = NULL;
    }
  g_clear_pointer (&self->search, clp_search_request_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->match_pages, g_array_unref);
  g_clear_object (&self->archive);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->last_page, clp_reading_page_unref);
  g_clear_pointer (&self->served_html, g_free);
  g_clear_pointer (&self->scroll_to, g_free);

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
  self->cancellable = g_cancellable_new ();
  /* The zoom is remembered when the schema is installed; printing a PDF
   * for clippings-cli works without it. */
  {
    g_autoptr(GSettingsSchema) schema =
      g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);

    if (schema != NULL)
      self->settings = g_settings_new (APP_ID);
  }

  self->web_view = clp_scheme_handler_create_view (clp_scheme_handler_get_default (), serve_cb,
                                                   action_cb, self);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  build_match_bar (self);
  gtk_widget_set_parent (GTK_WIDGET (self->match_bar), GTK_WIDGET (self));
  build_zoom_button (self);
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));
  self->match_index = -1;
  if (self->settings != NULL)
    webkit_web_view_set_zoom_level (self->web_view, g_settings_get_double (self->settings, "zoom-level"));
  update_zoom_button (self);

  g_signal_connect_object (self->web_view, "load-changed", G_CALLBACK (load_changed_cb), self, 0);
  g_signal_connect_object (self->web_view, "web-process-terminated",
                           G_CALLBACK (web_process_terminated_cb), self, 0);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  update_background (self);
}

void
clp_reading_view_set_archive (ClpReadingView *self,
                              ClpArchive     *archive)
{
  g_return_if_fail (CLP_IS_READING_VIEW (self));
  g_return_if_fail (archive == NULL || CLP_IS_ARCHIVE (archive));

  g_set_object (&self->archive, archive);
  g_clear_pointer (&self->last_page, clp_reading_page_unref);
}

static void
load_article (ClpReadingView *self,
              const char     *fragment)
{
  g_autofree char *uri = g_strdup_printf (CLP_SCHEME "://article/%" G_GINT64_FORMAT "%s%s",
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
 * Renders the current page again from the archive, after it changed.
 */
void
clp_reading_view_refresh (ClpReadingView *self)
{
  g_return_if_fail (CLP_IS_READING_VIEW (self));

  /* The page shown stays what the view answers about (its thread, for
   * presets and exports) until the new one is written. */
  self->last_page_stale = TRUE;
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
  update_zoom_button (self);
  /* The text flows again, longer or shorter, under a scroll offset that
   * stays: a reader who came to a comment (a match, a link, a filter)
   * goes back to it. Without script the view cannot tell more of where
   * the reader is. */
  {
    const char *uri = webkit_web_view_get_uri (self->web_view);

    if (uri != NULL && strchr (uri, '#') != NULL && !webkit_web_view_is_loading (self->web_view))
      webkit_web_view_load_uri (self->web_view, uri);
  }
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
  webkit_web_view_load_uri (self->web_view, CLP_SCHEME "://served/page");
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
  GPtrArray *comments = clp_reading_view_get_comments (self);
  guint i = 0;

  g_return_val_if_fail (CLP_IS_READING_VIEW (self), NULL);

  if (comments == NULL)
    return NULL;
  /* In thread order a comment's replies, and theirs, follow it: the thread
   * ends at the first comment that answers none of them. */
  ordered = clp_comment_thread_order (comments);
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
 * @search: (nullable): what to mark and count, and the filters to apply:
 *   with comment filters, only what passes them is shown (and the
 *   comments they answer, dimmed)
 *
 * Shows the current article again under the new search: from its top,
 * or, with comment filters, from the first comment that passes them;
 * filters taken away leave the reader where the comments were.
 */
void
clp_reading_view_set_search (ClpReadingView   *self,
                             ClpSearchRequest *search)
{
  g_autofree char *place = NULL;
  gboolean was_filtered = self->filtered;

  g_return_if_fail (CLP_IS_READING_VIEW (self));

  /* Filters taken away: the reader stays at the comment that passed
   * first, now among all the others. */
  if (was_filtered && self->matches != NULL && self->matches->len > 0 && self->page == 1)
    place = g_strdup_printf ("c%" G_GINT64_FORMAT, g_array_index (self->matches, gint64,
                                                                  MAX (self->match_index, 0)));
  g_clear_pointer (&self->search, clp_search_request_unref);
  if (search != NULL && clp_search_request_get_comment_query (search) != NULL)
    self->search = clp_search_request_ref (search);
  self->filtered = self->search != NULL && clp_search_request_has_comment_filters (self->search);
  self->match_index = -1;
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->match_pages, g_array_unref);
  update_match_bar (self);
  self->scroll_to_first = self->filtered;
  if (self->filtered)
    g_clear_pointer (&place, g_free);
  else if (place == NULL && was_filtered)
    place = g_strdup ("comments");
  /* The page loads whole, then goes to its place: loading the same page
   * with a fragment would only scroll the old one. */
  g_free (self->scroll_to);
  self->scroll_to = g_steal_pointer (&place);
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
    uri = g_strdup_printf (CLP_SCHEME "://article/%" G_GINT64_FORMAT "?page=%u#%s",
                           self->article_id, page, fragment);
  webkit_web_view_load_uri (self->web_view, uri);
  update_match_bar (self);
}

/**
 * clp_reading_view_get_article:
 *
 * Returns: (transfer none) (nullable): the article shown, once its page
 *   has been written
 */
ClpArticle *
clp_reading_view_get_article (ClpReadingView *self)
{
  g_return_val_if_fail (CLP_IS_READING_VIEW (self), NULL);

  if (self->last_page == NULL ||
      clp_reading_page_get_article (self->last_page)->id != self->article_id)
    return NULL;
  return clp_reading_page_get_article (self->last_page);
}

/**
 * clp_reading_view_get_comments:
 *
 * Returns: (transfer none) (nullable) (element-type ClpComment): the
 *   thread of the article shown, in page order; texts only of comments a
 *   page showed
 */
GPtrArray *
clp_reading_view_get_comments (ClpReadingView *self)
{
  g_return_val_if_fail (CLP_IS_READING_VIEW (self), NULL);

  if (clp_reading_view_get_article (self) == NULL)
    return NULL;
  return clp_reading_page_get_comments (self->last_page);
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
