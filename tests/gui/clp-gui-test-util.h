/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-window.h"

G_BEGIN_DECLS

/* Driving the window from a test or a benchmark (run under xvfb-run). */

typedef gboolean (*ClpTestCondition)  (gpointer       data);
typedef gboolean (*ClpTestWidgetTest) (GtkWidget     *widget,
                                       gconstpointer  data);

/* Waiting for a page of a web view to finish loading: begin before what
 * loads it, end to wait for it. */
typedef struct
{
  WebKitWebView *web_view;
  gulong         handler;
  gboolean       finished;
} ClpTestLoadWait;

void       clp_test_wait_until         (ClpTestCondition  condition,
                                        gpointer          data,
                                        double            seconds,
                                        const char       *what);
void       clp_test_spin               (double            seconds);
GtkWidget *clp_test_find_widget        (GtkWidget        *root,
                                        GType             type);
GtkWidget *clp_test_find_widget_where  (GtkWidget        *root,
                                        ClpTestWidgetTest matches,
                                        gconstpointer     data);
gboolean   clp_test_list_ready         (gpointer          window);
gboolean   clp_test_list_idle          (gpointer          window);
gboolean   clp_test_not_importing      (gpointer          window);
void       clp_test_load_wait_begin    (ClpTestLoadWait  *wait,
                                        WebKitWebView    *web_view);
void       clp_test_load_wait_end      (ClpTestLoadWait  *wait,
                                        double            seconds,
                                        const char       *what);

/* Real input, through xdotool (see clp-gui-test-util.c). */
void       clp_test_point              (GtkWidget        *widget,
                                        double            x,
                                        double            y);
void       clp_test_click_at           (GtkWidget        *widget,
                                        double            x,
                                        double            y,
                                        guint             button,
                                        const char       *modifier);
gboolean   clp_test_move_along         (GtkWidget        *widget,
                                        double            x,
                                        double            y_from,
                                        double            y_to,
                                        double            step,
                                        ClpTestCondition  stop,
                                        gpointer          data);
void       clp_test_wheel              (GtkWidget        *widget,
                                        double            x,
                                        double            y,
                                        int               clicks);
void       clp_test_click              (GtkWidget        *widget,
                                        guint             button,
                                        const char       *modifier);
void       clp_test_keys               (GtkWidget        *widget,
                                        const char       *keys);
void       clp_test_type               (GtkWidget        *widget,
                                        const char       *text);
void       clp_test_resize             (GtkWindow        *window,
                                        int               width,
                                        int               height);

G_END_DECLS
