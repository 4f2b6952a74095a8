/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "clp-window-private.h"

/* Searching and filtering. The search entry and the filter bar make one
 * #ClpSearchRequest. The list shows the articles that match it, or have
 * a comment that does; comment filters (times, author) narrow the list
 * only with "Apply to all articles". The reading view marks the matches
 * of the article shown and, with filters, shows only the comments passing
 * them, with the comments they answer. The window writes no query text:
 * the request is made from what the user typed and chose. */

/* The help popover, written from the core's table of the language. */
static char *
describe_language (void)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  const ClpQuerySyntax *syntax;
  guint n_rows;

  syntax = clp_query_get_syntax (&n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *example = g_markup_escape_text (syntax[i].example, -1);
      g_autofree char *help = g_markup_escape_text (_(syntax[i].help), -1);

      g_string_append_printf (markup, "%s<tt>%s</tt>  %s", i > 0 ? "\n" : "", example, help);
    }
  return g_string_free (g_steal_pointer (&markup), FALSE);
}

static void
show_search_error (ClpWindow    *self,
                   const GError *error)
{
  gtk_widget_add_css_class (GTK_WIDGET (gtk_widget_get_parent (GTK_WIDGET (self->search_label))),
                            "error");
  gtk_image_set_from_icon_name (self->search_icon, "dialog-error-symbolic");
  gtk_label_set_label (self->search_label, error->message);
  gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
  gtk_revealer_set_reveal_child (self->search_revealer, TRUE);
}

void
clp_window_update_search_status (ClpWindow *self)
{
  GtkWidget *strip = gtk_widget_get_parent (GTK_WIDGET (self->search_label));
  g_autofree char *text = NULL;
  guint n;

  if (self->model == NULL || gtk_widget_has_css_class (GTK_WIDGET (self->search_entry), "error"))
    return;
  gtk_widget_remove_css_class (strip, "error");
  gtk_image_set_from_icon_name (self->search_icon, "system-search-symbolic");
  gtk_revealer_set_reveal_child (self->search_revealer, self->searching);
  if (!self->searching)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (clp_article_list_model_get_loading (self->model))
    text = g_strdup (_("Searching…"));
  else if (self->n_matching_comments > 0)
    {
      g_autofree char *articles = g_strdup_printf (g_dngettext (NULL, "%u article", "%u articles",
                                                                n), n);
      g_autofree char *comments = g_strdup_printf (g_dngettext (NULL, "%lld matching comment",
                                                                "%lld matching comments",
                                                                self->n_matching_comments),
                                                   (long long) self->n_matching_comments);

      /* Translators: "12 articles, 57 matching comments" */
      text = g_strdup_printf (_("%s, %s"), articles, comments);
    }
  else
    text = g_strdup_printf (g_dngettext (NULL, "%u article", "%u articles", n), n);
  gtk_label_set_label (self->search_label, text);
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  ClpMatchCount count;
  ClpWindow *self;

  if (!clp_archive_count_matches_finish (CLP_ARCHIVE (object), result, &count, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the matches: %s", error->message);
      return;
    }
  self = CLP_WINDOW (user_data);
  self->n_matching_comments = count.n_comments;
  clp_window_update_search_status (self);
}

static void
start_count (ClpWindow *self)
{
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->n_matching_comments = -1;
  if (clp_search_request_get_list_query (self->request) == NULL)
    return;

  self->count_cancellable = g_cancellable_new ();
  /* The callback checks for cancellation before it touches the window,
   * and dispose cancels. */
  clp_archive_count_matches_async (self->archive, self->request, self->count_cancellable,
                                   count_done_cb, self);
}

/**
 * clp_window_update_search:
 *
 * Makes the request from the entry, the filter bar and the sort order,
 * and has the list, the view and the counts follow it.
 */
void
clp_window_update_search (ClpWindow *self)
{
  g_autoptr(ClpSearchRequest) request = clp_search_request_new ();
  g_autoptr(GError) error = NULL;
  ClpArticleOrder order;
  gboolean descending;

  if (self->model == NULL)
    return;

  /* The user's words are checked alone, so that a mistake is reported
   * in them. */
  if (!clp_search_request_set_text (request, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                    &error))
    {
      show_search_error (self, error);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
  clp_filter_bar_apply (self->filter_bar, request);
  order = clp_window_get_order (self, &descending);
  clp_search_request_set_order (request, order, descending);

  g_clear_pointer (&self->request, clp_search_request_unref);
  self->request = g_steal_pointer (&request);
  self->searching = !clp_search_request_lists_everything (self->request);
  clp_article_list_model_set_request (self->model, self->request);
  clp_reading_view_set_search (self->reading_view, self->request);
  start_count (self);
  clp_window_update_search_status (self);
}

static void
stop_search_cb (ClpWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* A selectable label selects all of itself as it takes the focus, which
 * it does as the popover opens: the help opened all selected. It stays
 * selectable, to copy an example, with nothing selected at first. */
static gboolean
unselect_help_cb (gpointer data)
{
  gtk_label_select_region (data, 0, 0);
  return G_SOURCE_REMOVE;
}

static void
help_focus_cb (GtkLabel *label)
{
  if (gtk_widget_has_focus (GTK_WIDGET (label)))
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, unselect_help_cb, g_object_ref (label), g_object_unref);
}

void
clp_window_search_init (ClpWindow *self)
{
  g_autofree char *help = describe_language ();

  gtk_label_set_markup (self->search_help_label, help);
  g_signal_connect (self->search_help_label, "notify::has-focus", G_CALLBACK (help_focus_cb), NULL);
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (clp_window_update_search), self);
  g_signal_connect_swapped (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb), self);
  g_signal_connect_swapped (self->filter_bar, "changed", G_CALLBACK (clp_window_update_search),
                            self);
}

void
clp_window_search_dispose (ClpWindow *self)
{
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  g_clear_pointer (&self->request, clp_search_request_unref);
}
