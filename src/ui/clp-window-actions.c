/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "clp-date.h"
#include "clp-export-dialog.h"
#include "clp-reference.h"
#include "clp-window-private.h"

/* The window's actions but imports, and their shortcuts: stepping
 * through articles and matches, the filter bar and its presets, exports
 * (with the list's context menu), the reading view's action links, zoom
 * and choosing another archive. */

static void
previous_article_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  clp_window_step_article (CLP_WINDOW (widget), -1);
}

static void
next_article_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  clp_window_step_article (CLP_WINDOW (widget), 1);
}

static void close_filters_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter);

static void
toggle_filters_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  gboolean reveal = !gtk_revealer_get_reveal_child (self->filter_revealer);

  if (!reveal)
    {
      close_filters_action (widget, "win.close-filters", NULL);
      return;
    }
  clp_window_reveal_filters (self);
  clp_filter_bar_focus_first (self->filter_bar);
}

/* Presets: time windows around the article shown. */
static void
filter_preset_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  const char *preset = g_variant_get_string (parameter, NULL);
  ClpArticle *article = clp_reading_view_get_article (self->reading_view);
  GPtrArray *comments = clp_reading_view_get_comments (self->reading_view);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (article == NULL || comments == NULL)
    {
      clp_window_toast (self, _("Open an article first: presets are times around it"));
      return;
    }
  /* By the times shown, which the filter compares. */
  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);
      g_autofree char *shown = NULL;

      if (comment->status != CLP_COMMENT_VISIBLE)
        continue;
      shown = clp_comment_dup_shown_time (comment);
      if (shown == NULL)
        continue;
      if (first == NULL || strcmp (shown, first) < 0)
        {
          g_free (first);
          first = g_strdup (shown);
        }
      if (last == NULL || strcmp (shown, last) > 0)
        {
          g_free (last);
          last = g_strdup (shown);
        }
    }

  if (g_str_equal (preset, "before") && article->published != NULL)
    to = clp_date_add_seconds (article->published, -60);
  else if (g_str_equal (preset, "publication-day") && article->published != NULL)
    {
      from = g_strconcat (article->published, "T00:00", NULL);
      to = g_strconcat (article->published, "T23:59", NULL);
    }
  else if (g_str_equal (preset, "first-day") && first != NULL)
    {
      from = g_strndup (first, 16);
      to = clp_date_add_seconds (first, 24 * 3600 - 60);
    }
  else if (g_str_equal (preset, "last-day") && last != NULL)
    {
      from = g_strdup_printf ("%.10sT00:00", last);
      to = g_strdup_printf ("%.10sT23:59", last);
    }
  else
    {
      clp_window_toast (self, article->published == NULL
                              ? _("This article has no publication date")
                              : _("This article has no dated comments"));
      return;
    }

  if (to != NULL && strlen (to) > 16)
    to[16] = '\0';
  clp_filter_bar_set_period (self->filter_bar, from, to);
}

static void
step_match_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);

  clp_reading_view_step_match (self->reading_view,
                               g_str_equal (action_name, "win.next-match") ? 1 : -1);
}

/* Exporting */

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static void
exported_cb (ClpExportDialog *dialog,
             const char      *message,
             const char      *uri,
             ClpWindow       *self)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  if (uri != NULL)
    {
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_detailed_action_name (toast, "win.open-uri");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    }
  clp_window_add_toast (self, toast);
}

static void
show_export_dialog (ClpWindow  *self,
                    GArray     *ids,
                    GHashTable *thread)
{
  ClpExportDialog *dialog;

  if (self->archive == NULL || ids->len == 0)
    return;
  dialog = clp_export_dialog_new (GTK_WINDOW (self), self->archive, ids, self->request, thread);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The selected articles, or the one shown when none is. */
GArray *
clp_window_selected_ids (ClpWindow *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      gint64 id = clp_article_list_model_get_id (self->model, position);

      if (id != 0)
        g_array_append_val (ids, id);
    }
  if (ids->len == 0 && clp_reading_view_get_article_id (self->reading_view) != 0)
    {
      gint64 id = clp_reading_view_get_article_id (self->reading_view);

      g_array_append_val (ids, id);
    }
  return ids;
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  g_autoptr(GArray) ids = NULL;

  if (self->model == NULL)
    return;
  ids = clp_window_selected_ids (self);
  if (ids->len == 0)
    {
      clp_window_toast (self, _("Select the articles to export first"));
      return;
    }
  show_export_dialog (self, ids, NULL);
}

/* A comment's reference, or the comment as a quotation, to the
 * clipboard: the comment is on the page shown, with its text. */
static void
copy_comment (ClpWindow  *self,
              const char *id_text,
              gboolean    quotation)
{
  ClpArticle *article = clp_reading_view_get_article (self->reading_view);
  GPtrArray *comments = clp_reading_view_get_comments (self->reading_view);
  ClpComment *comment = NULL;
  g_autofree char *key = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *text = NULL;
  guint64 id = 0;

  if (id_text == NULL || article == NULL || comments == NULL ||
      !g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL))
    return;
  for (guint i = 0; i < comments->len && comment == NULL; i++)
    if (((ClpComment *) g_ptr_array_index (comments, i))->id == (gint64) id)
      comment = g_ptr_array_index (comments, i);
  if (comment == NULL || comment->text == NULL)
    return;

  key = clp_reference_for_article (article);
  reference = clp_reference_for_comment (key, comment);
  text = quotation ? clp_reference_quotation (article, comment, reference) : g_strdup (reference);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  clp_window_toast (self, quotation ? _("Comment copied as a quotation")
                                    : _("Reference copied; search for it with ref:"));
}

/* clippings://action/… links of the reading view. */
static void
reading_action_cb (ClpWindow  *self,
                   const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GHashTable) params = NULL;
  const char *path = parsed != NULL ? g_uri_get_path (parsed) : NULL;
  const char *query = parsed != NULL ? g_uri_get_query (parsed) : NULL;

  if (query != NULL)
    params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);

  if (g_strcmp0 (path, "/export-thread") == 0 && params != NULL)
    {
      guint64 comment = 0;
      gint64 article = clp_reading_view_get_article_id (self->reading_view);
      g_autoptr(GHashTable) thread = NULL;
      g_autoptr(GHashTable) scope = NULL;
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 *key;

      if (!g_ascii_string_to_unsigned (g_hash_table_lookup (params, "comment"), 10, 1, G_MAXINT64,
                                       &comment, NULL))
        return;
      thread = clp_reading_view_dup_thread (self->reading_view, (gint64) comment);
      if (thread == NULL)
        return;
      key = g_memdup2 (&article, sizeof article);
      scope = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                     (GDestroyNotify) g_hash_table_unref);
      g_hash_table_insert (scope, key, g_steal_pointer (&thread));
      g_array_append_val (ids, article);
      show_export_dialog (self, ids, scope);
    }
  else if (g_strcmp0 (path, "/filter") == 0 && params != NULL)
    {
      /* A timeline bar: its time becomes the comment filter. */
      const char *from = g_hash_table_lookup (params, "from");
      const char *to = g_hash_table_lookup (params, "to");
      g_autofree char *from_check = NULL;
      g_autofree char *to_check = NULL;

      if (from == NULL || to == NULL || strlen (from) != 16 || strlen (to) != 16 ||
          !clp_date_parse_iso (from, &from_check) || !clp_date_parse_iso (to, &to_check))
        return;
      clp_window_reveal_filters (self);
      clp_filter_bar_set_period (self->filter_bar, from, to);
    }
  else if ((g_strcmp0 (path, "/copy-reference") == 0 ||
            g_strcmp0 (path, "/copy-quotation") == 0) && params != NULL)
    copy_comment (self, g_hash_table_lookup (params, "comment"),
                  g_str_equal (path, "/copy-quotation"));
  else if (g_strcmp0 (path, "/show-hidden") == 0)
    clp_reading_view_set_show_hidden (self->reading_view, TRUE);
  else if (g_strcmp0 (path, "/hide-hidden") == 0)
    clp_reading_view_set_show_hidden (self->reading_view, FALSE);
  else
    g_debug ("Unknown reading view action %s", uri);
}

/* The row widget a point of the column view is on, and its position:
 * its cells' labels know their list item (see setup_label_cb()). */
static GtkWidget *
row_at (ClpWindow *self,
        double     x,
        double     y,
        guint     *position)
{
  GtkWidget *widget = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  GtkListItem *item = NULL;

  *position = GTK_INVALID_LIST_POSITION;
  for (; widget != NULL && widget != GTK_WIDGET (self->column_view);
       widget = gtk_widget_get_parent (widget))
    {
      GtkWidget *child = gtk_widget_get_first_child (widget);

      if (item == NULL)
        item = g_object_get_data (G_OBJECT (widget), "list-item");
      if (item == NULL && child != NULL)
        item = g_object_get_data (G_OBJECT (child), "list-item");
      if (item != NULL && GTK_IS_LIST_VIEW (gtk_widget_get_parent (widget)))
        {
          *position = gtk_list_item_get_position (item);
          return widget;
        }
    }
  return NULL;
}

/* A right click acts on the row under the pointer, as in Files: a row
 * outside the selection becomes the selection (and the row with the
 * focus, so that no other row looks picked), one inside keeps it. */
static void
list_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 ClpWindow       *self)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (self->selection);
  guint position;
  GtkWidget *row = row_at (self, x, y, &position);

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (selection == NULL)
    return;
  if (row != NULL)
    {
      /* The list's own action, so that Shift+click extends from here. */
      if (!gtk_selection_model_is_selected (selection, position))
        gtk_widget_activate_action (row, "listitem.select", "(bb)", FALSE, FALSE);
      gtk_widget_grab_focus (row);
    }
  gtk_popover_set_pointing_to (self->list_menu, &(GdkRectangle) { x, y, 1, 1 });
  gtk_popover_popup (self->list_menu);
}

/* Shift+F10 and the Menu key open the same menu at the row with the
 * focus, for those who do not use a mouse. */
static gboolean
list_menu_key_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   data)
{
  ClpWindow *self = CLP_WINDOW (data);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  graphene_rect_t bounds;
  GdkRectangle at = { 12, 12, 1, 1 };

  while (focus != NULL && !GTK_IS_LIST_VIEW (gtk_widget_get_parent (focus)))
    focus = gtk_widget_get_parent (focus);
  if (focus != NULL && gtk_widget_compute_bounds (focus, GTK_WIDGET (self->column_view), &bounds))
    at = (GdkRectangle) { (int) bounds.origin.x + 24, (int) (bounds.origin.y + bounds.size.height / 2), 1, 1 };
  gtk_popover_set_pointing_to (self->list_menu, &at);
  gtk_popover_popup (self->list_menu);
  return TRUE;
}

/* The menu stays parented to the list: a menu unparented as it closes
 * has lost the window's actions by the time its item is activated. */
static void
build_list_menu (ClpWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkGesture *press = gtk_gesture_click_new ();
  GtkEventController *keys;

  g_menu_append (menu, _("_Export…"), "win.export");
  self->list_menu = GTK_POPOVER (gtk_popover_menu_new_from_model (G_MENU_MODEL (menu)));
  gtk_popover_set_has_arrow (self->list_menu, FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->list_menu), GTK_ALIGN_START);
  gtk_widget_set_parent (GTK_WIDGET (self->list_menu), GTK_WIDGET (self->column_view));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (press), GDK_BUTTON_SECONDARY);
  g_signal_connect (press, "pressed", G_CALLBACK (list_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (press));

  keys = gtk_shortcut_controller_new ();
  for (guint i = 0; i < 2; i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (i == 0 ? gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK)
                                                                   : gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                            gtk_callback_action_new (list_menu_key_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);
}

/* Other actions */

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* F6 and Shift+F6 go round the panes: the list, the article, the
 * search, as in Evolution and GNOME's other split views. */
typedef enum
{
  PANE_LIST,
  PANE_VIEW,
  PANE_SEARCH,
  N_PANES
} Pane;

static gboolean
focus_is_in (GtkWidget *focus,
             gpointer   pane)
{
  return focus != NULL && (focus == pane || gtk_widget_is_ancestor (focus, pane));
}

static int
current_pane (ClpWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus_is_in (focus, self->column_view))
    return PANE_LIST;
  if (focus_is_in (focus, self->reading_view))
    return PANE_VIEW;
  if (focus_is_in (focus, self->search_entry))
    return PANE_SEARCH;
  return -1;
}

static gboolean
focus_pane (ClpWindow *self,
            Pane       pane)
{
  switch (pane)
    {
    case PANE_LIST:
      if (!gtk_widget_is_sensitive (GTK_WIDGET (self->column_view)) ||
          g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "archive") != 0 ||
          g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack), "list") != 0)
        return FALSE;
      clp_window_show_list (self);
      return gtk_widget_child_focus (GTK_WIDGET (self->column_view), GTK_DIR_TAB_FORWARD) ||
             gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
    case PANE_VIEW:
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "archive") != 0 ||
          g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "article") != 0)
        return FALSE;
      clp_window_show_view (self);
      return gtk_widget_grab_focus (GTK_WIDGET (clp_reading_view_get_web_view (self->reading_view)));
    case PANE_SEARCH:
      return gtk_widget_is_sensitive (GTK_WIDGET (self->search_entry)) &&
             gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    case N_PANES:
    default:
      g_assert_not_reached ();
    }
}

static void
focus_pane_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  int step = g_str_equal (action_name, "win.focus-next-pane") ? 1 : N_PANES - 1;
  int pane = current_pane (self);

  if (pane < 0)
    pane = step == 1 ? N_PANES - 1 : 0;
  for (int i = 0; i < N_PANES; i++)
    {
      pane = (pane + step) % N_PANES;
      if (focus_pane (self, pane))
        return;
    }
}

/* Escape closes the filter bar, from wherever it is pressed but a widget
 * that has its own use for it (the search entry clears itself). */
static void
close_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean had_focus = focus_is_in (focus, self->filter_bar);

  gtk_revealer_set_reveal_child (self->filter_revealer, FALSE);
  gtk_toggle_button_set_active (self->filter_button, FALSE);
  gtk_widget_action_set_enabled (widget, "win.close-filters", FALSE);
  /* The focus goes back where the user reads, not to the window: the
   * list, or the article when it alone is shown. */
  if (had_focus && !focus_pane (self, adw_leaflet_get_folded (self->leaflet) &&
                                      g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet),
                                                 "view") == 0 ? PANE_VIEW : PANE_LIST))
    gtk_widget_grab_focus (GTK_WIDGET (self->filter_button));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  int steps = 0;

  if (g_str_equal (action_name, "win.zoom-in"))
    steps = 1;
  else if (g_str_equal (action_name, "win.zoom-out"))
    steps = -1;
  clp_reading_view_zoom (self->reading_view, steps);
}

static void
choose_archive_response_cb (GtkNativeDialog *dialog,
                            int              response,
                            ClpWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

      if (path != NULL)
        {
          ClpWindow *window = clp_window_new (application, path);

          gtk_window_present (GTK_WINDOW (window));
          gtk_window_destroy (GTK_WINDOW (self));
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_archive_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  GtkFileChooserNative *chooser;

  /* Saving lets the reader pick an existing archive or name a new one. */
  chooser = gtk_file_chooser_native_new (_("Choose an Archive"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Where the archive shown is: others are likely beside it. */
  if (self->archive_path != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (self->archive_path);
      g_autoptr(GFile) start = g_file_new_for_path (folder);

      if (g_file_test (folder, G_FILE_TEST_IS_DIR))
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), start, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "archive.db");
  g_signal_connect (chooser, "response", G_CALLBACK (choose_archive_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
clp_window_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.choose-archive", NULL, choose_archive_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-filters", NULL, toggle_filters_action);
  gtk_widget_class_install_action (widget_class, "win.filter-preset", "s", filter_preset_action);
  gtk_widget_class_install_action (widget_class, "win.next-match", NULL, step_match_action);
  gtk_widget_class_install_action (widget_class, "win.previous-match", NULL, step_match_action);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", open_uri_action);
  gtk_widget_class_install_action (widget_class, "win.previous-article", NULL, previous_article_action);
  gtk_widget_class_install_action (widget_class, "win.next-article", NULL, next_article_action);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "win.focus-next-pane", NULL, focus_pane_action);
  gtk_widget_class_install_action (widget_class, "win.focus-previous-pane", NULL, focus_pane_action);
  gtk_widget_class_install_action (widget_class, "win.close-filters", NULL, close_filters_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.toggle-filters", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "win.next-match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.next-match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, GDK_SHIFT_MASK, "win.previous-match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.previous-match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.close-filters", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}


void
clp_window_actions_dispose (ClpWindow *self)
{
  if (self->list_menu != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->list_menu));
      self->list_menu = NULL;
    }
}

/* Keys that work from anywhere in the window, the reading view too: the
 * web view takes every key it is given (Alt+Down scrolled the page), so
 * these are looked at before it sees them. */
static void
add_capture_shortcuts (ClpWindow *self)
{
  static const struct
  {
    guint            key;
    GdkModifierType  modifiers;
    const char      *action;
  } keys[] = {
    { GDK_KEY_Up, GDK_ALT_MASK, "win.previous-article" },
    { GDK_KEY_Down, GDK_ALT_MASK, "win.next-article" },
    { GDK_KEY_KP_Up, GDK_ALT_MASK, "win.previous-article" },
    { GDK_KEY_KP_Down, GDK_ALT_MASK, "win.next-article" },
    { GDK_KEY_F6, 0, "win.focus-next-pane" },
    { GDK_KEY_F6, GDK_SHIFT_MASK, "win.focus-previous-pane" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key,
                                                                                    keys[i].modifiers),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

void
clp_window_actions_init (ClpWindow *self)
{
  add_capture_shortcuts (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-filters", FALSE);
  build_list_menu (self);
  g_signal_connect_object (self->reading_view, "action", G_CALLBACK (reading_action_cb), self,
                           G_CONNECT_SWAPPED);
}
