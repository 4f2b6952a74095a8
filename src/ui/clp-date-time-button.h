/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLP_TYPE_DATE_TIME_BUTTON (clp_date_time_button_get_type ())

G_DECLARE_FINAL_TYPE (ClpDateTimeButton, clp_date_time_button, CLP, DATE_TIME_BUTTON, GtkWidget)

const char *clp_date_time_button_get_value (ClpDateTimeButton *self);
void        clp_date_time_button_set_value (ClpDateTimeButton *self,
                                            const char        *value);

G_END_DECLS
