/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-article-item.h"
#include "clp-filter-bar.h"
#include "clp-import-job.h"
#include "clp-window.h"

G_BEGIN_DECLS

/* The window's parts, one file each, over this header:
 *
 * - clp-window.c: the window, its archive, the article list (columns,
 *   sorting, selection) and the reading view beside it;
 * - clp-window-search.c: the search entry and the filter bar made into
 *   the search request the list and the view follow, and their counts;
 * - clp-window-import.c: imports (choosers, drops, samples, progress,
 *   the report);
 * - clp-window-actions.c: the other actions and their shortcuts. */

typedef enum
{
  COLUMN_TITLE,
  COLUMN_SOURCE,
  COLUMN_PUBLISHED,
  COLUMN_COMMENTS,
  N_COLUMNS
} ClpWindowColumn;

struct _ClpWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkStack             *stack;
  AdwLeaflet           *leaflet;
  GtkScrolledWindow    *list_scroller;
  GtkWidget            *pane_handle;
  GtkWidget            *back_button;
  GtkWidget            *import_button;
  AdwButtonContent     *import_content;
  AdwWindowTitle       *window_title;
  GtkWidget            *search_help_button;
  GtkColumnView        *column_view;
  GtkStack             *view_stack;
  ClpReadingView       *reading_view;
  AdwStatusPage        *error_page;
  GtkWidget            *choose_archive_button;
  GtkWidget            *retry_button;
  GtkWidget            *recover_button;
  GtkToggleButton      *filter_button;
  GtkRevealer          *filter_revealer;
  ClpFilterBar         *filter_bar;
  GtkRevealer          *read_only_revealer;
  GtkLabel             *read_only_label;
  GtkRevealer          *search_revealer;
  GtkImage             *search_icon;
  GtkLabel             *search_label;
  GtkLabel             *search_help_label;
  GtkStack             *list_stack;

  /* The archive and the list: clp-window.c */
  GSettings            *settings;
  char                 *archive_path;
  ClpArchive           *archive;
  GCancellable         *cancellable;      /* the window's own work: opening, counting */
  ClpArticleListModel  *model;
  GtkMultiSelection    *selection;
  GtkBitset            *last_selection;
  guint                 shown_position;   /* G_MAXUINT: none */
  int                   shown_comments;   /* the shown article's count, to notice changes */
  gboolean              following;        /* the view follows the list, not the user */
  GtkColumnViewColumn  *columns[N_COLUMNS];
  ClpArticleItem       *probes[N_COLUMNS][2];
  ClpWindowColumn       sort_column;
  gboolean              sort_descending;
  gboolean              sorting;
  int                   drag_start_width; /* the list's, as the pane handle is dragged */
  guint                 columns_idle;     /* columns to show for the list's width */
  int                   list_width;       /* the width they were shown for */
  guint                 header_idle;      /* the header to change for the layout */
  gboolean              narrow;           /* allocated less than NARROW_WIDTH */

  /* Searching: clp-window-search.c */
  ClpSearchRequest     *request;          /* what the list and the view follow */
  GCancellable         *count_cancellable;
  gboolean              searching;        /* the list shows a subset */
  gint64                n_matching_comments;  /* -1 while counting */

  /* Importing: clp-window-import.c */
  ClpImportJob         *import_job;
  GCancellable         *import_cancellable;
  GPtrArray            *queued_files;     /* GFile, waiting for the running import */
  gboolean              queued_reveal;
  gboolean              import_reveal;
  GPtrArray            *last_reports;     /* ClpImportReport */

  /* Actions: clp-window-actions.c */
  GtkPopover           *list_menu;        /* the list's context menu */
};

void     clp_window_toast             (ClpWindow         *self,
                                       const char        *text);
void     clp_window_add_toast         (ClpWindow         *self,
                                       AdwToast          *toast);
ClpArticleOrder clp_window_get_order (ClpWindow        *self,
                                      gboolean         *descending);
void     clp_window_select_and_show   (ClpWindow         *self,
                                       guint              position);
void     clp_window_step_article      (ClpWindow         *self,
                                       int                step);
GArray  *clp_window_selected_ids      (ClpWindow         *self);
void     clp_window_update_page       (ClpWindow         *self);
void     clp_window_reveal_filters    (ClpWindow         *self);
void     clp_window_quiet_tooltips    (GtkWidget         *root);
void     clp_window_show_list         (ClpWindow         *self);
void     clp_window_show_view         (ClpWindow         *self);
void     clp_window_reload            (ClpWindow         *self,
                                       gint64             reveal_id);

void     clp_window_search_init       (ClpWindow         *self);
void     clp_window_search_dispose    (ClpWindow         *self);
void     clp_window_update_search     (ClpWindow         *self);
void     clp_window_update_search_status (ClpWindow      *self);

void     clp_window_import_class_init (GtkWidgetClass    *widget_class);
void     clp_window_import_init       (ClpWindow         *self);
void     clp_window_import_dispose    (ClpWindow         *self);
void     clp_window_import_queued     (ClpWindow         *self);

void     clp_window_actions_class_init (GtkWidgetClass   *widget_class);
void     clp_window_actions_init      (ClpWindow         *self);
void     clp_window_actions_dispose   (ClpWindow         *self);

G_END_DECLS
