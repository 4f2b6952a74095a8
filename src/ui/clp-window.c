/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "clp-window-private.h"

/* The main window: the article list on the left, the reading view on the
 * right. It opens its archive through a #ClpArchive, which does every
 * query on its own readers, and follows the archive's ::changed signal,
 * whoever changed it. The other parts of the window are in the files
 * clp-window-private.h names. */

static const struct
{
  const char      *setting;
  const char      *property;
  ClpArticleOrder  order;
} columns[N_COLUMNS] = {
  [COLUMN_TITLE] = { "title", "title", CLP_ARTICLE_ORDER_TITLE },
  [COLUMN_SOURCE] = { "source", "source", CLP_ARTICLE_ORDER_SOURCE },
  [COLUMN_PUBLISHED] = { "published", "published", CLP_ARTICLE_ORDER_PUBLISHED },
  [COLUMN_COMMENTS] = { "comments", "comments", CLP_ARTICLE_ORDER_COMMENTS },
};

/* The actions that need an open archive. */
static const char * const archive_actions[] = {
  "win.import", "win.import-folder", "win.open-samples", "win.export", "win.toggle-filters",
};

G_DEFINE_FINAL_TYPE (ClpWindow, clp_window, ADW_TYPE_APPLICATION_WINDOW)

/* AdwToast titles are Pango markup in libadwaita 1.2, and what a toast says
 * may name a file: every toast of the window is made from plain text here. */
void
clp_window_toast (ClpWindow  *self,
                  const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/**
 * clp_window_add_toast:
 * @toast: (transfer full): a toast whose title is already markup
 */
void
clp_window_add_toast (ClpWindow *self,
                      AdwToast  *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * clp_window_get_order:
 *
 * Returns: the order the list is sorted in, as the user chose it
 */
ClpArticleOrder
clp_window_get_order (ClpWindow *self,
                      gboolean  *descending)
{
  *descending = self->sort_descending;
  return columns[self->sort_column].order;
}

/* Columns and sorting */

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ClpArticle *x = clp_article_item_get_article ((ClpArticleItem *) a);
  ClpArticle *y = clp_article_item_get_article ((ClpArticleItem *) b);

  switch (GPOINTER_TO_INT (user_data))
    {
    case COLUMN_TITLE: return g_strcmp0 (x->title, y->title);
    case COLUMN_SOURCE: return g_strcmp0 (x->source, y->source);
    case COLUMN_PUBLISHED: return g_strcmp0 (x->published, y->published);
    case COLUMN_COMMENTS: return (x->comment_count > y->comment_count) - (x->comment_count < y->comment_count);
    default: g_assert_not_reached ();
    }
}

/* Two items that differ in one column only: comparing them with the
 * column view's sorter tells whether (and which way) it sorts by that
 * column. GTK 4.8 has no getter for the clicked column; the list is sorted
 * in SQL, and the sorters only report what the user asked for. */
static void
make_probes (ClpWindow *self)
{
  for (int c = 0; c < N_COLUMNS; c++)
    for (int k = 0; k < 2; k++)
      {
        g_autoptr(ClpArticle) article = clp_article_new ();

        article->title = g_strdup (c == COLUMN_TITLE && k == 1 ? "b" : "a");
        article->source = g_strdup (c == COLUMN_SOURCE && k == 1 ? "b" : "a");
        article->published = g_strdup (c == COLUMN_PUBLISHED && k == 1 ? "2001-01-01" : "2000-01-01");
        article->comment_count = c == COLUMN_COMMENTS && k == 1 ? 1 : 0;
        self->probes[c][k] = clp_article_item_new (article);
      }
}

static GtkOrdering
probe (ClpWindow       *self,
       ClpWindowColumn  column)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  return gtk_sorter_compare (sorter, self->probes[column][0], self->probes[column][1]);
}

static void
apply_sort (ClpWindow       *self,
            ClpWindowColumn  column,
            gboolean         descending)
{
  self->sort_column = column;
  self->sort_descending = descending;
  g_settings_set_string (self->settings, "sort-column", columns[column].setting);
  g_settings_set_boolean (self->settings, "sort-descending", descending);
  clp_window_update_search (self);
}

static void
sorter_changed_cb (ClpWindow *self)
{
  ClpWindowColumn column = self->sort_column;
  GtkOrdering ordering = GTK_ORDERING_EQUAL;

  if (self->sorting || self->column_view == NULL || self->model == NULL)
    return;

  /* A newly clicked column is the one that sorts and is not the current. */
  for (int c = 0; c < N_COLUMNS; c++)
    if ((ClpWindowColumn) c != self->sort_column && (ordering = probe (self, c)) != GTK_ORDERING_EQUAL)
      {
        column = c;
        break;
      }
  if (ordering == GTK_ORDERING_EQUAL)
    ordering = probe (self, column);
  if (ordering == GTK_ORDERING_EQUAL)
    ordering = GTK_ORDERING_SMALLER;

  /* Keep the sorter to that one column, so the next click is told apart. */
  self->sorting = TRUE;
  gtk_column_view_sort_by_column (self->column_view, self->columns[column],
                                  ordering == GTK_ORDERING_LARGER ? GTK_SORT_DESCENDING
                                                                  : GTK_SORT_ASCENDING);
  self->sorting = FALSE;
  apply_sort (self, column, ordering == GTK_ORDERING_LARGER);
}

/* A cell's tooltip is asked for when the pointer rests on it: setting it
 * as each row is bound made GTK look for the pointer each time, a round
 * trip to the X server per cell, and scrolling the list stalled for 100 to
 * 200 ms a screen. */
static gboolean
query_tooltip_cb (GtkWidget   *label,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip,
                  GtkListItem *list_item)
{
  ClpWindowColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "column"));
  ClpArticleItem *item = gtk_list_item_get_item (list_item);
  ClpArticle *article = item != NULL ? clp_article_item_get_article (item) : NULL;

  if (article == NULL)
    return FALSE;
  if (column == COLUMN_TITLE && article->title != NULL)
    {
      gtk_tooltip_set_text (tooltip, article->title);
      return TRUE;
    }
  if (column == COLUMN_COMMENTS && article->declared_comment_count > article->comment_count)
    {
      gtk_tooltip_set_text (tooltip, _("The page claimed more comments than it held"));
      return TRUE;
    }
  return FALSE;
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  ClpWindowColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  /* In GTK 4.8 a click reaches both the cell and its row, and each
   * selects: a Ctrl+click toggled the row twice and changed nothing. The
   * row alone selects. */
  gtk_list_item_set_selectable (list_item, FALSE);
  g_object_set_data (G_OBJECT (label), "list-item", list_item);
  if (column == COLUMN_TITLE || column == COLUMN_COMMENTS)
    {
      g_object_set_data (G_OBJECT (label), "column", GINT_TO_POINTER (column));
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect_object (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), list_item, 0);
    }

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (column == COLUMN_COMMENTS)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "count");
    }
  else
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (column != COLUMN_TITLE)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
}

static void
update_incomplete (ClpArticleItem *item,
                   GParamSpec     *pspec,
                   GtkWidget      *label)
{
  gboolean incomplete;

  g_object_get (item, "incomplete", &incomplete, NULL);
  if (incomplete)
    gtk_widget_add_css_class (label, "incomplete");
  else
    gtk_widget_remove_css_class (label, "incomplete");
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  ClpWindowColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  ClpArticleItem *item = gtk_list_item_get_item (list_item);
  GBinding *binding;

  binding = g_object_bind_property (item, columns[column].property, label, "label",
                                    G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (list_item), "binding", binding);
  if (column == COLUMN_COMMENTS)
    {
      update_incomplete (item, NULL, label);
      g_signal_connect_object (item, "notify::incomplete", G_CALLBACK (update_incomplete), label, 0);
    }
}

static void
unbind_label_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  ClpArticleItem *item = gtk_list_item_get_item (list_item);
  GBinding *binding = g_object_get_data (G_OBJECT (list_item), "binding");

  if (binding != NULL)
    g_binding_unbind (binding);
  g_object_set_data (G_OBJECT (list_item), "binding", NULL);
  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, update_incomplete, label);
}

static void
add_columns (ClpWindow *self)
{
  static const char * const titles[N_COLUMNS] = {
    [COLUMN_TITLE] = N_("Title"),
    [COLUMN_SOURCE] = N_("Source"),
    [COLUMN_PUBLISHED] = N_("Published"),
    [COLUMN_COMMENTS] = N_("Comments"),
  };
  static const int widths[N_COLUMNS] = { -1, 116, 100, 84 };

  for (int c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      g_autoptr(GtkSorter) sorter = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_label_cb), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(titles[c]), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_items, GINT_TO_POINTER (c), NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (widths[c] > 0)
        gtk_column_view_column_set_fixed_width (column, widths[c]);
      else
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      /* Kept: a narrow list takes some out of the view (see show_column()). */
      self->columns[c] = column;
    }
}

/* Selection and the reading view */

/* The shown article's comment count as the list has it: when a reload
 * brings another, the archive changed under the view. */
static int
shown_comment_count (ClpWindow *self)
{
  g_autoptr(ClpArticleItem) item = NULL;

  if (self->shown_position == G_MAXUINT)
    return -1;
  item = g_list_model_get_item (G_LIST_MODEL (self->model), self->shown_position);
  return item != NULL ? clp_article_item_get_article (item)->comment_count : -1;
}

static void
show_position (ClpWindow *self,
               guint      position)
{
  gint64 id = clp_article_list_model_get_id (self->model, position);

  if (id == 0)
    return;
  self->shown_position = position;
  self->shown_comments = shown_comment_count (self);
  gtk_stack_set_visible_child_name (self->view_stack, "article");
  clp_reading_view_show_article (self->reading_view, id);
  /* In a narrow window the article picked comes forward; one the view
   * follows the list to stays behind it. */
  if (!self->following)
    clp_window_show_view (self);
}

/* The reading view shows the article the reader just picked: the one
 * newly selected by a click, or the only selected one. Selecting a range or
 * all keeps what is shown. */
static void
selection_changed_cb (ClpWindow *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GtkBitset) added = gtk_bitset_copy (selected);
  guint64 n_selected = gtk_bitset_get_size (selected);

  gtk_bitset_subtract (added, self->last_selection);
  /* A copy: GtkMultiSelection hands out its own bitset, which changes
   * with the selection, and the next change would add nothing to it. */
  g_clear_pointer (&self->last_selection, gtk_bitset_unref);
  self->last_selection = gtk_bitset_copy (selected);

  if (n_selected == 1)
    show_position (self, gtk_bitset_get_minimum (selected));
  else if (gtk_bitset_get_size (added) == 1)
    show_position (self, gtk_bitset_get_minimum (added));
  else if (n_selected > 0 && (self->shown_position == G_MAXUINT ||
                              !gtk_bitset_contains (selected, self->shown_position)))
    show_position (self, gtk_bitset_get_minimum (selected));
}

/* Keeps the shown row's position right as rows come and go. */
static void
items_changed_cb (ClpWindow *self,
                  guint      position,
                  guint      removed,
                  guint      added)
{
  if (self->shown_position != G_MAXUINT && position <= self->shown_position)
    {
      if (self->shown_position < position + removed)
        self->shown_position = G_MAXUINT;
      else
        self->shown_position = self->shown_position - removed + added;
    }
  g_clear_pointer (&self->last_selection, gtk_bitset_unref);
  {
    g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

    self->last_selection = gtk_bitset_copy (selected);
  }
}

static GtkWidget *
list_view_of (GtkColumnView *column_view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

void
clp_window_select_and_show (ClpWindow *self,
                            guint      position)
{
  GtkWidget *list_view = list_view_of (self->column_view);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  show_position (self, position);
  /* GTK 4.8 has no scroll_to(); the list view's own action does it. */
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

void
clp_window_step_article (ClpWindow *self,
                         int        step)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint position;

  if (n == 0)
    return;
  if (self->shown_position == G_MAXUINT)
    position = 0;
  else if (step < 0)
    position = self->shown_position > 0 ? self->shown_position - 1 : 0;
  else
    position = MIN (self->shown_position + 1, n - 1);
  clp_window_select_and_show (self, position);
}

void
clp_window_update_page (ClpWindow *self)
{
  guint n;

  if (self->model == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "archive");
      gtk_stack_set_visible_child_name (self->list_stack, "list");
    }
  else if (!clp_article_list_model_get_loading (self->model))
    {
      /* Nothing matching is not an empty archive. */
      if (self->searching)
        {
          gtk_stack_set_visible_child_name (self->stack, "archive");
          gtk_stack_set_visible_child_name (self->list_stack, "no-results");
        }
      else
        gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  clp_window_update_search_status (self);
}

/**
 * clp_window_reveal_filters:
 *
 * Shows the filter bar, which Escape closes again.
 */
void
clp_window_reveal_filters (ClpWindow *self)
{
  gtk_revealer_set_reveal_child (self->filter_revealer, TRUE);
  gtk_toggle_button_set_active (self->filter_button, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-filters", TRUE);
}

/* Layout. Wide, the list and the article sit side by side, and the
 * handle between them sizes the list; below about 700 pixels one shows
 * at a time (the leaflet folds), with a back button to the list. The
 * list's columns give way as it narrows, the title last. */

#define MIN_LIST_WIDTH 300
#define MIN_VIEW_WIDTH 360

void
clp_window_show_list (ClpWindow *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

void
clp_window_show_view (ClpWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  /* The leaflet gives the focus to the page it brings forward, but side
   * by side a click on a row keeps it in the list: Down goes on down. */
  if (focus != NULL)
    g_object_ref (focus);
  adw_leaflet_set_visible_child_name (self->leaflet, "view");
  if (focus != NULL && !adw_leaflet_get_folded (self->leaflet) && gtk_widget_get_mapped (focus))
    gtk_widget_grab_focus (focus);
  g_clear_object (&focus);
}

/* The header is compact in a narrow window, whichever page it shows
 * (the empty archive's and the error page have no leaflet to fold): the
 * width asked for says so, as the window cannot be narrower than a wide
 * header until the header is compact. */
#define NARROW_WIDTH 700

static gboolean
is_narrow (ClpWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  return adw_leaflet_get_folded (self->leaflet) ||
         (width > 0 && width < NARROW_WIDTH) ||
         (gtk_widget_get_width (GTK_WIDGET (self)) > 0 &&
          gtk_widget_get_width (GTK_WIDGET (self)) < NARROW_WIDTH);
}

static void
update_header (ClpWindow *self)
{
  gboolean compact = is_narrow (self);
  gboolean viewing = adw_leaflet_get_folded (self->leaflet) &&
                     g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "view") == 0 &&
                     g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "archive") == 0;

  gtk_widget_set_visible (self->back_button, viewing);
  gtk_widget_set_visible (self->import_button, !viewing);
  /* Narrow, the buttons say it with their icons (and tooltips). */
  adw_button_content_set_label (self->import_content, compact ? "" : _("_Import"));
  gtk_widget_set_visible (GTK_WIDGET (self->window_title), !compact);
  gtk_widget_set_visible (self->search_help_button, !compact);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-list", viewing);
}

/* Puts a column in the view or takes it out. Hiding one is not enough in
 * GTK 4.8: the column view still counts a hidden column's width against
 * the others, and the title was left a few letters wide. The sort order
 * stays; a column put back shows it again. */
static void
show_column (ClpWindow       *self,
             ClpWindowColumn  column,
             gboolean         shown)
{
  guint index = 0;

  if ((gtk_column_view_column_get_column_view (self->columns[column]) != NULL) == shown)
    return;
  self->sorting = TRUE;
  if (shown)
    {
      for (int c = 0; c < (int) column; c++)
        if (gtk_column_view_column_get_column_view (self->columns[c]) != NULL)
          index++;
      gtk_column_view_insert_column (self->column_view, index, self->columns[column]);
      if (column == self->sort_column)
        gtk_column_view_sort_by_column (self->column_view, self->columns[column],
                                        self->sort_descending ? GTK_SORT_DESCENDING
                                                              : GTK_SORT_ASCENDING);
    }
  else
    gtk_column_view_remove_column (self->column_view, self->columns[column]);
  self->sorting = FALSE;
}

/* The leaflet folds while it is laid out: the header changes after. */
static gboolean
update_header_cb (gpointer data)
{
  ClpWindow *self = data;

  self->header_idle = 0;
  update_header (self);
  return G_SOURCE_REMOVE;
}

static void
folded_cb (ClpWindow *self)
{
  if (self->header_idle == 0)
    self->header_idle = g_idle_add (update_header_cb, self);
}

static gboolean
update_columns_cb (gpointer data)
{
  ClpWindow *self = data;
  int width = gtk_widget_get_width (GTK_WIDGET (self->list_scroller));

  self->columns_idle = 0;
  if (width <= 0)
    return G_SOURCE_REMOVE;
  show_column (self, COLUMN_SOURCE, width >= 520);
  show_column (self, COLUMN_COMMENTS, width >= 400);
  return G_SOURCE_REMOVE;
}

/* The columns change once the window is laid out, not during it. */
static void
clp_window_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  ClpWindow *self = CLP_WINDOW (widget);

  GTK_WIDGET_CLASS (clp_window_parent_class)->size_allocate (widget, width, height, baseline);
  if ((width < NARROW_WIDTH) != self->narrow)
    {
      self->narrow = width < NARROW_WIDTH;
      folded_cb (self);
    }
  if (self->columns_idle == 0 && self->list_scroller != NULL &&
      gtk_widget_get_width (GTK_WIDGET (self->list_scroller)) != self->list_width)
    {
      self->list_width = gtk_widget_get_width (GTK_WIDGET (self->list_scroller));
      self->columns_idle = g_idle_add (update_columns_cb, self);
    }
}

static void
set_list_width (ClpWindow *self,
                int        width)
{
  gtk_scrolled_window_set_max_content_width (self->list_scroller, MAX (width, MIN_LIST_WIDTH));
}

static void
handle_drag_begin_cb (GtkGestureDrag *gesture,
                      double          x,
                      double          y,
                      ClpWindow      *self)
{
  self->drag_start_width = gtk_widget_get_width (GTK_WIDGET (self->list_scroller));
}

static void
handle_drag_update_cb (GtkGestureDrag *gesture,
                       double          dx,
                       double          dy,
                       ClpWindow      *self)
{
  int most = gtk_widget_get_width (GTK_WIDGET (self->leaflet)) - MIN_VIEW_WIDTH;
  int width = CLAMP (self->drag_start_width + (int) dx, MIN_LIST_WIDTH, MAX (most, MIN_LIST_WIDTH));

  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    width = CLAMP (self->drag_start_width - (int) dx, MIN_LIST_WIDTH, MAX (most, MIN_LIST_WIDTH));
  set_list_width (self, width);
  g_settings_set_int (self->settings, "pane-position", width);
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);

  clp_window_show_list (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* A button's tooltip stays up over the popover the button opened, and
 * hides its first items: a button keeps its tooltip to itself while its
 * popover is open. */
static void
popover_visible_cb (GtkWidget  *popover,
                    GParamSpec *pspec,
                    GtkWidget  *button)
{
  gtk_widget_set_has_tooltip (button, !gtk_widget_get_visible (popover));
  gtk_widget_trigger_tooltip_query (button);
}

void
clp_window_quiet_tooltips (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkPopover *popover = GTK_IS_MENU_BUTTON (child) ? gtk_menu_button_get_popover (GTK_MENU_BUTTON (child))
                                                       : NULL;

      if (popover != NULL)
        g_signal_connect_object (popover, "notify::visible", G_CALLBACK (popover_visible_cb), child, 0);
      clp_window_quiet_tooltips (child);
    }
}

static void
init_layout (ClpWindow *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  set_list_width (self, g_settings_get_int (self->settings, "pane-position"));
  /* A handle a few pixels wide to grab, drawn as a line. */
  gtk_widget_set_cursor_from_name (self->pane_handle, "col-resize");
  g_signal_connect (drag, "drag-begin", G_CALLBACK (handle_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (handle_drag_update_cb), self);
  gtk_widget_add_controller (self->pane_handle, GTK_EVENT_CONTROLLER (drag));

  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_cb), self,
                           G_CONNECT_SWAPPED);
  /* Before the window is laid out at the width asked for, so that the
   * header is compact by then. */
  g_signal_connect (self, "notify::default-width", G_CALLBACK (update_header), NULL);
  g_signal_connect_object (self->leaflet, "notify::visible-child", G_CALLBACK (update_header), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (update_header), self,
                           G_CONNECT_SWAPPED);
  update_header (self);
}

/* The view follows the list, as a mail reader does: once a search has
 * listed its articles, the one shown is picked again where it now is; when
 * the search left it out, the first article listed is shown, or nothing
 * when there is none. */
static void
follow_list (ClpWindow *self)
{
  gint64 shown = clp_reading_view_get_article_id (self->reading_view);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  if (shown == 0 || g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "article") != 0 ||
      clp_article_list_model_get_loading (self->model) ||
      (self->shown_position != G_MAXUINT &&
       clp_article_list_model_get_id (self->model, self->shown_position) == shown))
    return;

  self->following = TRUE;
  self->shown_position = G_MAXUINT;
  for (guint i = 0; i < n; i++)
    if (clp_article_list_model_get_id (self->model, i) == shown)
      {
        self->shown_position = i;
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
        break;
      }
  if (self->shown_position == G_MAXUINT && n > 0)
    clp_window_select_and_show (self, 0);
  else if (self->shown_position == G_MAXUINT)
    {
      gtk_stack_set_visible_child_name (self->view_stack, "none");
      clp_window_show_list (self);
    }
  self->following = FALSE;
}

static void
reloaded_cb (ClpWindow *self,
             guint      reveal_position)
{
  int count;

  clp_window_update_page (self);
  if (reveal_position != G_MAXUINT)
    {
      clp_window_select_and_show (self, reveal_position);
      return;
    }
  follow_list (self);
  count = shown_comment_count (self);
  if (self->shown_position != G_MAXUINT && count != self->shown_comments)
    {
      /* The shown article gained comments: an import, here or elsewhere. */
      self->shown_comments = count;
      clp_reading_view_refresh (self->reading_view);
    }
}

/**
 * clp_window_reload:
 * @reveal_id: an article to select and show once listed, or 0
 *
 * Lists the archive again, keeping the rows, their selection and the
 * scroll position.
 */
void
clp_window_reload (ClpWindow *self,
                   gint64     reveal_id)
{
  if (self->model != NULL)
    clp_article_list_model_reload (self->model, reveal_id);
}

/* Opening the archive */

static void
show_archive_error (ClpWindow    *self,
                    const GError *error)
{
  /* A status page's description is markup; the message names the file. */
  g_autofree char *description = g_markup_escape_text (error->message, -1);

  /* What may help: trying again once another program lets go; copying
   * what can be read of a damaged archive, or of a newer Clippings' one,
   * into a new archive (never repairing it in place). */
  gboolean locked = g_error_matches (error, CLP_STORE_ERROR, CLP_STORE_ERROR_LOCKED);
  gboolean recoverable = g_error_matches (error, CLP_STORE_ERROR, CLP_STORE_ERROR_DAMAGED) ||
                         g_error_matches (error, CLP_STORE_ERROR, CLP_STORE_ERROR_NEWER_SCHEMA);
  GtkWidget *way_out = locked ? self->retry_button
                       : recoverable ? self->recover_button : self->choose_archive_button;

  adw_status_page_set_description (self->error_page, description);
  gtk_widget_set_visible (self->retry_button, locked);
  gtk_widget_set_visible (self->recover_button, recoverable);
  if (way_out == self->choose_archive_button)
    gtk_widget_add_css_class (self->choose_archive_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->choose_archive_button, "suggested-action");
  gtk_stack_set_visible_child_name (self->stack, "error");
  /* The way out has the focus, before the search it may have had goes
   * insensitive. */
  gtk_widget_grab_focus (way_out);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-filters", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
}

static void
archive_changed_cb (ClpWindow *self)
{
  clp_window_reload (self, 0);
}

static void
set_archive (ClpWindow  *self,
             ClpArchive *archive)
{
  g_autofree char *order_name = NULL;
  ClpWindowColumn column = COLUMN_PUBLISHED;
  gboolean writable = !clp_archive_is_read_only (archive);

  self->archive = g_object_ref (archive);
  g_signal_connect_object (archive, "changed", G_CALLBACK (archive_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-folder", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-samples", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-filters", TRUE);
  if (!writable)
    {
      gtk_label_set_label (self->read_only_label, clp_archive_get_read_only_reason (archive));
      gtk_revealer_set_reveal_child (self->read_only_revealer, TRUE);
    }

  order_name = g_settings_get_string (self->settings, "sort-column");
  for (int c = 0; c < N_COLUMNS; c++)
    if (g_str_equal (order_name, columns[c].setting))
      column = c;
  self->sort_column = column;
  self->sort_descending = g_settings_get_boolean (self->settings, "sort-descending");

  self->model = clp_article_list_model_new (archive);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  self->last_selection = gtk_bitset_new_empty ();
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "reloaded", G_CALLBACK (reloaded_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (clp_window_update_page),
                           self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  self->sorting = TRUE;
  gtk_column_view_sort_by_column (self->column_view, self->columns[column],
                                  self->sort_descending ? GTK_SORT_DESCENDING
                                                        : GTK_SORT_ASCENDING);
  self->sorting = FALSE;
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);

  clp_reading_view_set_archive (self->reading_view, archive);
  clp_filter_bar_set_archive (self->filter_bar, archive);
  /* The first search lists the archive. */
  clp_window_update_search (self);
  clp_window_import_queued (self);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ClpArchive) archive = NULL;
  g_autoptr(GError) error = NULL;
  ClpWindow *self;

  archive = clp_archive_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CLP_WINDOW (user_data);
  if (archive == NULL)
    {
      show_archive_error (self, error);
      clp_window_import_queued (self);
    }
  else
    set_archive (self, archive);
}

static void
open_archive (ClpWindow  *self,
              const char *path)
{
  g_free (self->archive_path);
  self->archive_path = g_strdup (path);
  {
    /* Which archive this is: its name under the title, its path on hover. */
    g_autofree char *name = g_path_get_basename (path);
    g_autofree char *title = g_strdup_printf (_("%s — Clippings"), name);

    gtk_window_set_title (GTK_WINDOW (self), title);
    adw_window_title_set_subtitle (self->window_title, name);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), path);
  }
  /* Opening may upgrade a large archive: a reader does it, and the
   * window shows that it is loading. The callback checks for
   * cancellation before it touches the window, and dispose cancels. */
  clp_archive_open_async (path, CLP_ARCHIVE_OPEN_WATCH, self->cancellable, opened_cb, self);
}

static void
retry_open_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  g_autofree char *path = g_strdup (self->archive_path);

  gtk_stack_set_visible_child_name (self->stack, "loading");
  open_archive (self, path);
}

typedef struct
{
  ClpWindow *window;   /* alive unless the recovery was cancelled */
  char      *target;
} Recovery;

static void
recovered_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Recovery *recovery = user_data;
  g_autofree char *target = recovery->target;
  ClpWindow *self = recovery->window;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  ClpRecoverCounts counts;

  g_free (recovery);
  if (!clp_archive_recover_finish (result, &counts, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (self->recover_button, TRUE);
  if (error != NULL)
    {
      clp_window_toast (self, error->message);
      return;
    }
  /* The new archive in this window; the old file stays as it was. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%lld row recovered; the archive it came from was not "
                                       "changed",
                                       "%lld rows recovered; the archive they came from was not "
                                       "changed", counts.rows),
                          (long long) counts.rows);
  clp_window_toast (self, text);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  open_archive (self, target);
}

static void
recover_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     ClpWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *target = g_file_get_path (file);

      if (target != NULL)
        {
          Recovery *recovery = g_new0 (Recovery, 1);

          recovery->window = self;
          recovery->target = g_steal_pointer (&target);
          gtk_widget_set_sensitive (self->recover_button, FALSE);
          clp_archive_recover_async (self->archive_path, recovery->target, self->cancellable,
                                     recovered_cb, recovery);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
recover_archive_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ClpWindow *self = CLP_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Recover Into a New Archive"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Recover"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "recovered.db");
  g_signal_connect (chooser, "response", G_CALLBACK (recover_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Window state */

static gboolean
clp_window_close_request (GtkWindow *window)
{
  ClpWindow *self = CLP_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);

  return GTK_WINDOW_CLASS (clp_window_parent_class)->close_request (window);
}

static void
clp_window_dispose (GObject *object)
{
  ClpWindow *self = CLP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->columns_idle, g_source_remove);
  g_clear_handle_id (&self->header_idle, g_source_remove);
  clp_window_import_dispose (self);
  clp_window_search_dispose (self);
  clp_window_actions_dispose (self);
  if (self->column_view != NULL)
    {
      g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view),
                                            sorter_changed_cb, self);
      gtk_column_view_set_model (self->column_view, NULL);
    }
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->archive);
  g_clear_pointer (&self->last_selection, gtk_bitset_unref);
  for (int c = 0; c < N_COLUMNS; c++)
    for (int k = 0; k < 2; k++)
      g_clear_object (&self->probes[c][k]);
  for (int c = 0; c < N_COLUMNS; c++)
    g_clear_object (&self->columns[c]);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLP_TYPE_WINDOW);

  G_OBJECT_CLASS (clp_window_parent_class)->dispose (object);
}

static void
clp_window_finalize (GObject *object)
{
  ClpWindow *self = CLP_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_free (self->archive_path);

  G_OBJECT_CLASS (clp_window_parent_class)->finalize (object);
}

static void
clp_window_class_init (ClpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = clp_window_dispose;
  object_class->finalize = clp_window_finalize;
  window_class->close_request = clp_window_close_request;
  widget_class->size_allocate = clp_window_size_allocate;

  g_type_ensure (CLP_TYPE_READING_VIEW);
  g_type_ensure (CLP_TYPE_FILTER_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/clippings/Clippings/ui/clp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, pane_handle);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, import_content);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, search_help_button);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, reading_view);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, choose_archive_button);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, recover_button);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, search_revealer);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, search_icon);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, search_label);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, search_help_label);
  gtk_widget_class_bind_template_child (widget_class, ClpWindow, list_stack);

  gtk_widget_class_install_action (widget_class, "win.show-list", NULL, show_list_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.show-list", NULL);
  clp_window_import_class_init (widget_class);
  clp_window_actions_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "win.retry-open", NULL, retry_open_action);
  gtk_widget_class_install_action (widget_class, "win.recover-archive", NULL,
                                   recover_archive_action);
}

static void
clp_window_init (ClpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->shown_position = G_MAXUINT;
  self->shown_comments = -1;
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  make_probes (self);
  add_columns (self);
  init_layout (self);
  /* Until the archive is open. */
  for (guint i = 0; i < G_N_ELEMENTS (archive_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), archive_actions[i], FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", FALSE);

  clp_window_search_init (self);
  clp_window_import_init (self);
  clp_window_actions_init (self);
  clp_window_quiet_tooltips (GTK_WIDGET (self));

  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/**
 * clp_window_new:
 * @archive_path: the archive to open; a failure to open it is shown in
 *   the window, and the file is left untouched
 */
ClpWindow *
clp_window_new (GtkApplication *application,
                const char     *archive_path)
{
  ClpWindow *self;

  g_return_val_if_fail (archive_path != NULL, NULL);

  self = g_object_new (CLP_TYPE_WINDOW, "application", application, NULL);
  open_archive (self, archive_path);
  return self;
}

/**
 * clp_window_get_archive:
 *
 * Returns: (transfer none) (nullable): the archive, once it is open
 */
ClpArchive *
clp_window_get_archive (ClpWindow *self)
{
  g_return_val_if_fail (CLP_IS_WINDOW (self), NULL);

  return self->archive;
}

ClpArticleListModel *
clp_window_get_model (ClpWindow *self)
{
  g_return_val_if_fail (CLP_IS_WINDOW (self), NULL);

  return self->model;
}

GtkSelectionModel *
clp_window_get_selection (ClpWindow *self)
{
  g_return_val_if_fail (CLP_IS_WINDOW (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

ClpReadingView *
clp_window_get_reading_view (ClpWindow *self)
{
  g_return_val_if_fail (CLP_IS_WINDOW (self), NULL);

  return self->reading_view;
}

gboolean
clp_window_get_importing (ClpWindow *self)
{
  g_return_val_if_fail (CLP_IS_WINDOW (self), FALSE);

  return self->import_job != NULL || self->queued_files != NULL;
}

const char *
clp_window_get_page_name (ClpWindow *self)
{
  g_return_val_if_fail (CLP_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
