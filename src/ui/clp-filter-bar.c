/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-filter-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "clp-date.h"
#include "clp-date-time-button.h"
#include "clp-filter-bar.h"
#include "clp-wrap-layout.h"

/* The filter bar under the header: which comments pass (a time window,
 * an author) and which articles the list holds (source, section,
 * publication days, with comments). It only collects what the user
 * chose; clp_filter_bar_apply() writes it into the window's search
 * request, and ::changed says when to ask again. Author names are
 * completed from the archive as the user types. */

#define COMPLETE_DELAY_MS 200
#define AUTHOR_DELAY_MS 300
#define N_COMPLETIONS 8

struct _ClpFilterBar
{
  GtkWidget          parent_instance;

  /* template */
  ClpDateTimeButton *from_button;
  ClpDateTimeButton *to_button;
  GtkEntry          *author_entry;
  GtkCheckButton    *all_articles_check;
  GtkMenuButton     *list_filter_button;

  ClpArchive        *archive;
  guint              frozen;        /* changes made together: one ::changed after */
  guint              focus_tick;    /* waiting to be shown, to take the focus */
  int                focus_ticks;

  GtkPopover        *author_popover;
  GtkListBox        *author_list;
  GCancellable      *complete_cancellable;
  guint              complete_source;
  guint              author_source;

  GtkDropDown       *source_dropdown;
  GtkDropDown       *section_dropdown;
  ClpDateTimeButton *published_from_button;
  ClpDateTimeButton *published_to_button;
  GtkCheckButton    *has_comments_check;
  GCancellable      *names_cancellable;
};

enum { CHANGED, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ClpFilterBar, clp_filter_bar, GTK_TYPE_WIDGET)

static void
emit_changed (ClpFilterBar *self)
{
  if (self->frozen == 0)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Author completion: names that start so, most prolific first, looked up
 * on the archive's readers as the user types. */

static gboolean
focus_in_entry (ClpFilterBar *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self->author_entry));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == GTK_WIDGET (self->author_entry) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->author_entry)));
}

static void
complete_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  ClpFilterBar *self;
  GtkWidget *row;

  names = clp_archive_complete_author_finish (CLP_ARCHIVE (object), result, &error);
  if (names == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not complete the author: %s", error->message);
      return;
    }
  self = CLP_FILTER_BAR (user_data);
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->author_list))) != NULL)
    gtk_list_box_remove (self->author_list, row);
  for (guint i = 0; i < names->len; i++)
    {
      GtkWidget *label = gtk_label_new (g_ptr_array_index (names, i));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_list_box_append (self->author_list, label);
    }
  /* The entry's focus is in its text widget, inside it. */
  if (names->len > 0 && focus_in_entry (self))
    gtk_popover_popup (self->author_popover);
  else
    gtk_popover_popdown (self->author_popover);
}

static gboolean
complete_author_cb (gpointer data)
{
  ClpFilterBar *self = data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->author_entry));

  self->complete_source = 0;
  g_cancellable_cancel (self->complete_cancellable);
  g_clear_object (&self->complete_cancellable);
  if (*text == '\0' || self->archive == NULL)
    {
      gtk_popover_popdown (self->author_popover);
      return G_SOURCE_REMOVE;
    }
  self->complete_cancellable = g_cancellable_new ();
  /* The callback checks for cancellation before it touches the bar, and
   * dispose cancels: no reference needed. */
  clp_archive_complete_author_async (self->archive, text, N_COMPLETIONS,
                                     self->complete_cancellable, complete_done_cb, self);
  return G_SOURCE_REMOVE;
}

static gboolean
author_settled_cb (gpointer data)
{
  ClpFilterBar *self = data;

  self->author_source = 0;
  emit_changed (self);
  return G_SOURCE_REMOVE;
}

/* Typing filters as it goes, once the user pauses, as the search does. */
static void
author_changed_cb (ClpFilterBar *self)
{
  g_clear_handle_id (&self->complete_source, g_source_remove);
  self->complete_source = g_timeout_add (COMPLETE_DELAY_MS, complete_author_cb, self);
  g_clear_handle_id (&self->author_source, g_source_remove);
  self->author_source = g_timeout_add (AUTHOR_DELAY_MS, author_settled_cb, self);
}

static void
author_now_cb (ClpFilterBar *self)
{
  g_clear_handle_id (&self->author_source, g_source_remove);
  g_clear_handle_id (&self->complete_source, g_source_remove);
  g_cancellable_cancel (self->complete_cancellable);
  gtk_popover_popdown (self->author_popover);
  emit_changed (self);
}

static void author_picked_cb (ClpFilterBar  *self,
                              GtkListBoxRow *row);

/* Enter takes the name picked with the arrow keys, or what was typed. */
static void
author_activate_cb (ClpFilterBar *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->author_list);

  if (row != NULL && gtk_widget_get_visible (GTK_WIDGET (self->author_popover)))
    author_picked_cb (self, row);
  else
    author_now_cb (self);
}

/* The names stay under the entry, which keeps the keyboard: the arrows
 * move through them and Escape puts them away. */
static gboolean
author_key_cb (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               ClpFilterBar          *self)
{
  GtkListBoxRow *row;
  int index;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->author_popover)))
    return FALSE;
  if (keyval == GDK_KEY_Escape)
    {
      gtk_popover_popdown (self->author_popover);
      return TRUE;
    }
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_Up)
    return FALSE;
  row = gtk_list_box_get_selected_row (self->author_list);
  index = row != NULL ? gtk_list_box_row_get_index (row) : -1;
  index += keyval == GDK_KEY_Down ? 1 : -1;
  row = gtk_list_box_get_row_at_index (self->author_list, MAX (index, 0));
  if (row != NULL)
    gtk_list_box_select_row (self->author_list, row);
  return TRUE;
}

static void
author_picked_cb (ClpFilterBar  *self,
                  GtkListBoxRow *row)
{
  GtkWidget *label = gtk_list_box_row_get_child (row);

  g_signal_handlers_block_by_func (self->author_entry, author_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->author_entry), gtk_label_get_label (GTK_LABEL (label)));
  g_signal_handlers_unblock_by_func (self->author_entry, author_changed_cb, self);
  author_now_cb (self);
}

static void
author_icon_cb (ClpFilterBar *self)
{
  g_signal_handlers_block_by_func (self->author_entry, author_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->author_entry), "");
  g_signal_handlers_unblock_by_func (self->author_entry, author_changed_cb, self);
  author_now_cb (self);
}

static void
build_author_completion (ClpFilterBar *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *key;

  self->author_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_activate_on_single_click (self->author_list, TRUE);
  g_signal_connect_swapped (self->author_list, "row-activated", G_CALLBACK (author_picked_cb),
                            self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->author_list));

  self->author_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_autohide (self->author_popover, FALSE);
  gtk_popover_set_has_arrow (self->author_popover, FALSE);
  gtk_popover_set_position (self->author_popover, GTK_POS_BOTTOM);
  gtk_popover_set_child (self->author_popover, scroller);
  gtk_widget_set_parent (GTK_WIDGET (self->author_popover), GTK_WIDGET (self->author_entry));

  g_signal_connect_swapped (self->author_entry, "changed", G_CALLBACK (author_changed_cb), self);
  g_signal_connect_swapped (self->author_entry, "activate", G_CALLBACK (author_activate_cb), self);
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (author_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->author_entry), key);
  g_signal_connect_swapped (self->author_entry, "icon-release", G_CALLBACK (author_icon_cb), self);
}

/* Article filters: source, section, publication days, has comments. */

static char *
dropdown_choice (GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  /* The first item is "Any …". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || model == NULL)
    return NULL;
  return g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (model), selected));
}

static void
fill_dropdown (GtkDropDown *dropdown,
               const char  *any,
               GPtrArray   *names)
{
  g_autofree char *current = dropdown_choice (dropdown);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (list, any);
  for (guint i = 0; i < names->len; i++)
    {
      gtk_string_list_append (list, g_ptr_array_index (names, i));
      if (g_strcmp0 (current, g_ptr_array_index (names, i)) == 0)
        selected = i + 1;
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, selected);
}

static void
names_done (ClpFilterBar  *self,
            GtkDropDown  **dropdown,
            const char    *any,
            GObject       *archive,
            GAsyncResult  *result)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;

  names = clp_archive_list_names_finish (CLP_ARCHIVE (archive), result, &error);
  if (names == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the names: %s", error->message);
      return;
    }
  self->frozen++;
  fill_dropdown (*dropdown, any, names);
  self->frozen--;
}

/* The callbacks check for cancellation before they touch the bar, and
 * dispose cancels. */
static void
sources_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ClpFilterBar *self = user_data;

  names_done (self, &self->source_dropdown, _("Any source"), object, result);
}

static void
sections_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ClpFilterBar *self = user_data;

  names_done (self, &self->section_dropdown, _("Any section"), object, result);
}

/* The choices come from the archive each time the popover opens. */
static void
list_filter_shown_cb (ClpFilterBar *self)
{
  if (self->archive == NULL)
    return;
  g_cancellable_cancel (self->names_cancellable);
  g_clear_object (&self->names_cancellable);
  self->names_cancellable = g_cancellable_new ();
  clp_archive_list_names_async (self->archive, CLP_ARCHIVE_NAMES_SOURCES, self->names_cancellable,
                                sources_done_cb, self);
  clp_archive_list_names_async (self->archive, CLP_ARCHIVE_NAMES_SECTIONS,
                                self->names_cancellable, sections_done_cb, self);
}

static GtkWidget *
labelled (const char *mnemonic,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

static void
build_list_filters (ClpFilterBar *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *days = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  const char *any_source[] = { _("Any source"), NULL };
  const char *any_section[] = { _("Any section"), NULL };

  self->source_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (any_source));
  self->section_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (any_section));
  self->published_from_button = g_object_new (CLP_TYPE_DATE_TIME_BUTTON,
                                              "empty-label", _("Any day"), NULL);
  self->published_to_button = g_object_new (CLP_TYPE_DATE_TIME_BUTTON,
                                            "empty-label", _("Any day"), NULL);
  self->has_comments_check =
    GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Only Articles With _Comments")));

  gtk_box_append (GTK_BOX (days), GTK_WIDGET (self->published_from_button));
  gtk_box_append (GTK_BOX (days), gtk_label_new ("–"));
  gtk_box_append (GTK_BOX (days), GTK_WIDGET (self->published_to_button));
  gtk_box_append (GTK_BOX (box), labelled (_("_Source"), GTK_WIDGET (self->source_dropdown)));
  gtk_box_append (GTK_BOX (box), labelled (_("S_ection"), GTK_WIDGET (self->section_dropdown)));
  gtk_box_append (GTK_BOX (box), labelled (_("_Published"), days));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->has_comments_check));
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (self->list_filter_button, popover);

  g_signal_connect_swapped (popover, "show", G_CALLBACK (list_filter_shown_cb), self);
  g_signal_connect_swapped (self->source_dropdown, "notify::selected", G_CALLBACK (emit_changed),
                            self);
  g_signal_connect_swapped (self->section_dropdown, "notify::selected", G_CALLBACK (emit_changed),
                            self);
  g_signal_connect_swapped (self->published_from_button, "notify::value",
                            G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->published_to_button, "notify::value",
                            G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->has_comments_check, "toggled", G_CALLBACK (emit_changed), self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  clp_filter_bar_clear (CLP_FILTER_BAR (widget));
}

static void
clp_filter_bar_dispose (GObject *object)
{
  ClpFilterBar *self = CLP_FILTER_BAR (object);

  g_cancellable_cancel (self->complete_cancellable);
  g_clear_object (&self->complete_cancellable);
  g_cancellable_cancel (self->names_cancellable);
  g_clear_object (&self->names_cancellable);
  g_clear_handle_id (&self->complete_source, g_source_remove);
  g_clear_handle_id (&self->author_source, g_source_remove);
  if (self->focus_tick != 0 && gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    gtk_widget_remove_tick_callback (gtk_widget_get_parent (GTK_WIDGET (self)), self->focus_tick);
  self->focus_tick = 0;
  if (self->author_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->author_popover));
      self->author_popover = NULL;
    }
  g_clear_object (&self->archive);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLP_TYPE_FILTER_BAR);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (clp_filter_bar_parent_class)->dispose (object);
}

static void
clp_filter_bar_class_init (ClpFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clp_filter_bar_dispose;

  /**
   * ClpFilterBar::changed:
   *
   * A filter changed; ask clp_filter_bar_apply() for all of them.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (CLP_TYPE_DATE_TIME_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/clippings/Clippings/ui/clp-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, ClpFilterBar, from_button);
  gtk_widget_class_bind_template_child (widget_class, ClpFilterBar, to_button);
  gtk_widget_class_bind_template_child (widget_class, ClpFilterBar, author_entry);
  gtk_widget_class_bind_template_child (widget_class, ClpFilterBar, all_articles_check);
  gtk_widget_class_bind_template_child (widget_class, ClpFilterBar, list_filter_button);
  gtk_widget_class_install_action (widget_class, "filter-bar.clear", NULL, clear_action);
  gtk_widget_class_set_layout_manager_type (widget_class, CLP_TYPE_WRAP_LAYOUT);
}

static void
clp_filter_bar_init (ClpFilterBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->from_button, "notify::value", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->to_button, "notify::value", G_CALLBACK (emit_changed), self);
  g_signal_connect_swapped (self->all_articles_check, "toggled", G_CALLBACK (emit_changed), self);
  build_author_completion (self);
  build_list_filters (self);
}

/**
 * clp_filter_bar_set_archive:
 *
 * Where author names and the list filters' choices come from.
 */
void
clp_filter_bar_set_archive (ClpFilterBar *self,
                            ClpArchive   *archive)
{
  g_return_if_fail (CLP_IS_FILTER_BAR (self));

  g_set_object (&self->archive, archive);
}

/**
 * clp_filter_bar_apply:
 *
 * Writes the bar's filters into @request: the comment period and author,
 * whether they narrow the list, and the article filters.
 */
void
clp_filter_bar_apply (ClpFilterBar     *self,
                      ClpSearchRequest *request)
{
  const char *from = clp_date_time_button_get_value (self->from_button);
  const char *to = clp_date_time_button_get_value (self->to_button);
  const char *published_from = clp_date_time_button_get_value (self->published_from_button);
  const char *published_to = clp_date_time_button_get_value (self->published_to_button);
  g_autofree char *from_instant = from != NULL ? g_strconcat (from, ":00", NULL) : NULL;
  g_autofree char *to_instant = NULL;
  g_autofree char *source = dropdown_choice (self->source_dropdown);
  g_autofree char *section = dropdown_choice (self->section_dropdown);
  g_autofree char *day_from = published_from != NULL ? g_strndup (published_from, 10) : NULL;
  g_autofree char *day_to = published_to != NULL ? g_strndup (published_to, 10) : NULL;
  ClpArticleFilter filter = { 0 };

  g_return_if_fail (CLP_IS_FILTER_BAR (self));
  g_return_if_fail (request != NULL);

  /* The To minute is included: the period ends at the next one. */
  if (to != NULL)
    {
      g_autofree char *seconds = g_strconcat (to, ":00", NULL);

      to_instant = clp_date_add_seconds (seconds, 60);
    }
  clp_search_request_set_comment_period (request, from_instant, to_instant);
  clp_search_request_set_author (request, gtk_editable_get_text (GTK_EDITABLE (self->author_entry)));
  clp_search_request_set_narrows_list (request,
                                       gtk_check_button_get_active (self->all_articles_check));
  filter.source = source;
  filter.section = section;
  filter.published_from = day_from;
  filter.published_to = day_to;
  filter.has_comments = gtk_check_button_get_active (self->has_comments_check);
  clp_search_request_set_article_filter (request, &filter);
}

/**
 * clp_filter_bar_set_period:
 * @from: (nullable): the first minute, "YYYY-MM-DDTHH:MM"
 * @to: (nullable): the last minute, included
 *
 * Sets both ends of the comment period, then says so once: an end set
 * alone would search with the other one stale.
 */
void
clp_filter_bar_set_period (ClpFilterBar *self,
                           const char   *from,
                           const char   *to)
{
  g_return_if_fail (CLP_IS_FILTER_BAR (self));

  self->frozen++;
  clp_date_time_button_set_value (self->from_button, from);
  clp_date_time_button_set_value (self->to_button, to);
  self->frozen--;
  emit_changed (self);
}

/**
 * clp_filter_bar_clear:
 *
 * Every filter back to "any", then one ::changed.
 */
void
clp_filter_bar_clear (ClpFilterBar *self)
{
  g_return_if_fail (CLP_IS_FILTER_BAR (self));

  self->frozen++;
  clp_date_time_button_set_value (self->from_button, NULL);
  clp_date_time_button_set_value (self->to_button, NULL);
  g_signal_handlers_block_by_func (self->author_entry, author_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->author_entry), "");
  g_signal_handlers_unblock_by_func (self->author_entry, author_changed_cb, self);
  g_clear_handle_id (&self->author_source, g_source_remove);
  gtk_check_button_set_active (self->all_articles_check, FALSE);
  gtk_drop_down_set_selected (self->source_dropdown, 0);
  gtk_drop_down_set_selected (self->section_dropdown, 0);
  clp_date_time_button_set_value (self->published_from_button, NULL);
  clp_date_time_button_set_value (self->published_to_button, NULL);
  gtk_check_button_set_active (self->has_comments_check, FALSE);
  self->frozen--;
  emit_changed (self);
}

static gboolean
focus_first (ClpFilterBar *self)
{
  return gtk_widget_child_focus (GTK_WIDGET (self->from_button), GTK_DIR_TAB_FORWARD);
}

/* A revealer shows its child from its first frame on; until then the
 * child is not mapped and cannot take the focus. The revealer's clock
 * says when. */
static gboolean
focus_first_tick_cb (GtkWidget     *revealer,
                     GdkFrameClock *clock,
                     gpointer       data)
{
  ClpFilterBar *self = CLP_FILTER_BAR (data);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) && ++self->focus_ticks < 60)
    return G_SOURCE_CONTINUE;
  self->focus_tick = 0;
  focus_first (self);
  return G_SOURCE_REMOVE;
}

/**
 * clp_filter_bar_focus_first:
 *
 * Puts the keyboard focus on the bar's first control, as soon as the bar
 * is shown.
 */
void
clp_filter_bar_focus_first (ClpFilterBar *self)
{
  GtkWidget *parent;

  g_return_if_fail (CLP_IS_FILTER_BAR (self));

  parent = gtk_widget_get_parent (GTK_WIDGET (self));
  if (focus_first (self) || parent == NULL || self->focus_tick != 0)
    return;
  self->focus_ticks = 0;
  self->focus_tick = gtk_widget_add_tick_callback (parent, focus_first_tick_cb, self, NULL);
}

/**
 * clp_filter_bar_get_author_entry:
 *
 * Returns: (transfer none): the author entry, for the tests
 */
GtkEntry *
clp_filter_bar_get_author_entry (ClpFilterBar *self)
{
  g_return_val_if_fail (CLP_IS_FILTER_BAR (self), NULL);

  return self->author_entry;
}
