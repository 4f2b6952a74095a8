/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-wrap-layout"

#include "config.h"

#include "clp-wrap-layout.h"

/* Lays a widget's children out in a row, as a horizontal box does, and
 * goes on on the next line when the row is full, as words do. A bar of
 * controls so laid out stays whole in a narrow window instead of cutting
 * off its last controls (GTK 4.8 and libadwaita 1.2 have no wrap box).
 * Each child gets its natural width, or the line's width when that is
 * less; the children that expand share what is left of their line, so an
 * expanding last control sits at the end of its line. */

#define SPACING 8
#define LINE_SPACING 6

struct _ClpWrapLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (ClpWrapLayout, clp_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

typedef struct
{
  GtkWidget *widget;
  int        width;
  int        height;
  int        line;
} Item;

/* Breaks the children into lines @width wide. Returns the items with
 * their widths, heights and lines, and the height of all the lines. */
static GArray *
break_lines (GtkWidget *widget,
             int        width,
             int       *total_height,
             GArray   **line_heights)
{
  GArray *items = g_array_new (FALSE, FALSE, sizeof (Item));
  int x = 0, line = 0, line_height = 0, total = 0;

  *line_heights = g_array_new (FALSE, TRUE, sizeof (int));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Item item = { child, 0, 0, 0 };
      int min, nat, height;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      item.width = width >= 0 && nat > width ? MAX (min, width) : nat;
      if (x > 0 && width >= 0 && x + item.width > width)
        {
          g_array_append_val (*line_heights, line_height);
          total += line_height + LINE_SPACING;
          line++;
          x = 0;
          line_height = 0;
        }
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, item.width, NULL, &height, NULL, NULL);
      item.height = height;
      item.line = line;
      line_height = MAX (line_height, height);
      x += item.width + SPACING;
      g_array_append_val (items, item);
    }
  g_array_append_val (*line_heights, line_height);
  *total_height = total + line_height;
  return items;
}

static GtkSizeRequestMode
clp_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                  GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
clp_wrap_layout_measure (GtkLayoutManager *manager,
                         GtkWidget        *widget,
                         GtkOrientation    orientation,
                         int               for_size,
                         int              *minimum,
                         int              *natural,
                         int              *minimum_baseline,
                         int              *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int widest = 0, sum = 0, n = 0;

      /* At least the widest child; at best all in one line. */
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int min, nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
          widest = MAX (widest, min);
          sum += nat;
          n++;
        }
      *minimum = widest;
      *natural = sum + MAX (n - 1, 0) * SPACING;
    }
  else
    {
      g_autoptr(GArray) line_heights = NULL;
      g_autoptr(GArray) items = NULL;
      int height;

      items = break_lines (widget, for_size, &height, &line_heights);
      *minimum = *natural = height;
    }
}

static void
clp_wrap_layout_allocate (GtkLayoutManager *manager,
                          GtkWidget        *widget,
                          int               width,
                          int               height,
                          int               baseline)
{
  g_autoptr(GArray) line_heights = NULL;
  g_autoptr(GArray) items = NULL;
  int total, y = 0;
  guint i = 0;

  items = break_lines (widget, width, &total, &line_heights);
  for (guint line = 0; line < line_heights->len; line++)
    {
      int line_height = g_array_index (line_heights, int, line);
      int used = 0, n_expand = 0, extra, x = 0;
      guint first = i, end = i;

      while (end < items->len && g_array_index (items, Item, end).line == (int) line)
        {
          Item *item = &g_array_index (items, Item, end);

          used += item->width + (end > first ? SPACING : 0);
          if (gtk_widget_compute_expand (item->widget, GTK_ORIENTATION_HORIZONTAL))
            n_expand++;
          end++;
        }
      extra = MAX (width - used, 0);
      for (i = first; i < end; i++)
        {
          Item *item = &g_array_index (items, Item, i);
          int item_width = item->width;

          if (n_expand > 0 && gtk_widget_compute_expand (item->widget, GTK_ORIENTATION_HORIZONTAL))
            {
              int share = extra / n_expand;

              item_width += share;
              extra -= share;
              n_expand--;
            }
          gtk_widget_size_allocate (item->widget,
                                    &(GtkAllocation) { x, y, item_width, line_height }, -1);
          x += item_width + SPACING;
        }
      y += line_height + LINE_SPACING;
    }
}

static void
clp_wrap_layout_class_init (ClpWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->get_request_mode = clp_wrap_layout_get_request_mode;
  layout_class->measure = clp_wrap_layout_measure;
  layout_class->allocate = clp_wrap_layout_allocate;
}

static void
clp_wrap_layout_init (ClpWrapLayout *self)
{
}
