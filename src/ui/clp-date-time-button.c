/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-date-time-button"

#include "config.h"

#include <glib/gi18n.h>

#include "clp-date.h"
#include "clp-date-time-button.h"

/* A button showing a day and time, or "Any time"; its popover has a
 * calendar and a time field. The value is wall-clock "YYYY-MM-DDTHH:MM",
 * the form the query language's after: and before: take, or NULL. With
 * end-of-period, a day picked without a time means up to its end. The
 * popover is made when it first opens: two calendars made with the window
 * were 5% of the time it blocks the main loop at start. */

struct _ClpDateTimeButton
{
  GtkWidget      parent_instance;

  GtkMenuButton *button;
  GtkCalendar   *calendar;
  GtkEntry      *time_entry;
  GtkLabel      *error_label;
  char          *value;
  char          *empty_label;
  gboolean       end_of_period;
};

enum { PROP_0, PROP_VALUE, PROP_EMPTY_LABEL, PROP_END_OF_PERIOD, N_PROPS };

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ClpDateTimeButton, clp_date_time_button, GTK_TYPE_WIDGET)

static void
update_label (ClpDateTimeButton *self)
{
  g_autofree char *text = NULL;

  if (self->value == NULL)
    text = g_strdup (self->empty_label != NULL ? self->empty_label : _("Any time"));
  else
    {
      g_autofree char *seconds = g_strconcat (self->value, ":00", NULL);

      text = clp_date_format_time (seconds);
    }
  gtk_menu_button_set_label (self->button, text);
}

const char *
clp_date_time_button_get_value (ClpDateTimeButton *self)
{
  g_return_val_if_fail (CLP_IS_DATE_TIME_BUTTON (self), NULL);

  return self->value;
}

/* The popover shows the value, when there is a popover. */
static void
show_value (ClpDateTimeButton *self)
{
  int year, month, day, hour, minute;

  if (self->calendar == NULL || self->value == NULL ||
      sscanf (self->value, "%d-%d-%dT%d:%d", &year, &month, &day, &hour, &minute) != 5)
    return;
  {
    g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, 0, 0, 0);
    g_autofree char *time = g_strdup_printf ("%02d:%02d", hour, minute);

    if (dt != NULL)
      gtk_calendar_select_day (self->calendar, dt);
    gtk_editable_set_text (GTK_EDITABLE (self->time_entry), time);
  }
}

/**
 * clp_date_time_button_set_value:
 * @value: (nullable): "YYYY-MM-DDTHH:MM", or %NULL for none
 */
void
clp_date_time_button_set_value (ClpDateTimeButton *self,
                                const char        *value)
{
  g_return_if_fail (CLP_IS_DATE_TIME_BUTTON (self));

  if (g_strcmp0 (self->value, value) == 0)
    return;
  g_free (self->value);
  self->value = g_strdup (value);
  update_label (self);
  show_value (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

static void
apply_cb (ClpDateTimeButton *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autofree char *time_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->time_entry))));
  g_autofree char *value = NULL;
  int hour = 0, minute = 0;

  /* No time is midnight, or for an end, the end of the day. */
  if (*time_text == '\0')
    {
      hour = self->end_of_period ? 23 : 0;
      minute = self->end_of_period ? 59 : 0;
    }
  else if (!clp_date_parse_clock (time_text, &hour, &minute))
    {
      gtk_label_set_label (self->error_label, _("Write the time as 21:30 or 9:30pm"));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  value = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d", g_date_time_get_year (day),
                           g_date_time_get_month (day), g_date_time_get_day_of_month (day), hour,
                           minute);
  clp_date_time_button_set_value (self, value);
  gtk_menu_button_popdown (self->button);
}

static void
clear_cb (ClpDateTimeButton *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->time_entry), "");
  clp_date_time_button_set_value (self, NULL);
  gtk_menu_button_popdown (self->button);
}

static void
clp_date_time_button_dispose (GObject *object)
{
  ClpDateTimeButton *self = CLP_DATE_TIME_BUTTON (object);

  if (self->button != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->button));
      self->button = NULL;
    }
  G_OBJECT_CLASS (clp_date_time_button_parent_class)->dispose (object);
}

static void
clp_date_time_button_finalize (GObject *object)
{
  ClpDateTimeButton *self = CLP_DATE_TIME_BUTTON (object);

  g_free (self->value);
  g_free (self->empty_label);
  G_OBJECT_CLASS (clp_date_time_button_parent_class)->finalize (object);
}

static void
clp_date_time_button_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ClpDateTimeButton *self = CLP_DATE_TIME_BUTTON (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_EMPTY_LABEL:
      g_value_set_string (value, self->empty_label);
      break;
    case PROP_END_OF_PERIOD:
      g_value_set_boolean (value, self->end_of_period);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clp_date_time_button_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ClpDateTimeButton *self = CLP_DATE_TIME_BUTTON (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      clp_date_time_button_set_value (self, g_value_get_string (value));
      break;
    case PROP_EMPTY_LABEL:
      g_free (self->empty_label);
      self->empty_label = g_value_dup_string (value);
      update_label (self);
      break;
    case PROP_END_OF_PERIOD:
      self->end_of_period = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clp_date_time_button_class_init (ClpDateTimeButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clp_date_time_button_dispose;
  object_class->finalize = clp_date_time_button_finalize;
  object_class->get_property = clp_date_time_button_get_property;
  object_class->set_property = clp_date_time_button_set_property;

  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY_LABEL] =
    g_param_spec_string ("empty-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_END_OF_PERIOD] =
    g_param_spec_boolean ("end-of-period", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  ClpDateTimeButton *self = user_data;
  GtkWidget *popover, *box, *row, *buttons, *time_label, *clear, *apply;

  if (self->calendar != NULL)
    return;

  popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  time_label = gtk_label_new_with_mnemonic (_("_Time"));
  clear = gtk_button_new_with_mnemonic (_("_Any Time"));
  apply = gtk_button_new_with_mnemonic (_("_Set"));

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  self->time_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->time_entry, "21:30");
  gtk_editable_set_width_chars (GTK_EDITABLE (self->time_entry), 8);
  gtk_label_set_mnemonic_widget (GTK_LABEL (time_label), GTK_WIDGET (self->time_entry));
  g_signal_connect_swapped (self->time_entry, "activate", G_CALLBACK (apply_cb), self);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  gtk_box_append (GTK_BOX (row), time_label);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->time_entry));
  gtk_widget_add_css_class (apply, "suggested-action");
  gtk_widget_set_hexpand (clear, TRUE);
  gtk_widget_set_halign (clear, GTK_ALIGN_START);
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (apply_cb), self);
  g_signal_connect_swapped (clear, "clicked", G_CALLBACK (clear_cb), self);
  gtk_box_append (GTK_BOX (buttons), clear);
  gtk_box_append (GTK_BOX (buttons), apply);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->calendar));
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (button, popover);
  show_value (self);
}

static void
clp_date_time_button_init (ClpDateTimeButton *self)
{
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->button, create_popup_cb, self, NULL);
  update_label (self);
}
