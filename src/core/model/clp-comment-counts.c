/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-comment-counts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clp-comment-counts.h"

/* The sentences about an article's comment counts, the same in the reading
 * view and in every export: "Reader comments (3 of 23)" says that 3
 * comments pass the filters out of the 23 the archive holds (and shows),
 * or, without filters, that the archive holds 21 of the 23 the page
 * claimed. A deleted or spam comment is in the archive: it is counted as
 * hidden, never as missing. */

/**
 * clp_comment_counts_get_present:
 *
 * Returns: the comments there are to show: all the archive holds, less
 *   the deleted and spam ones unless those are shown
 */
guint
clp_comment_counts_get_present (const ClpCommentCounts *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->shows_hidden ? self->archived : self->archived - self->hidden;
}

/**
 * clp_comment_counts_heading:
 *
 * Returns: (transfer full): "Reader comments (3 of 23)"
 */
char *
clp_comment_counts_heading (const ClpCommentCounts *self)
{
  guint present;

  g_return_val_if_fail (self != NULL, NULL);

  present = clp_comment_counts_get_present (self);
  if (self->filtered)
    return g_strdup_printf (_("Reader comments (%u of %u)"), self->matching, present);
  if (self->declared > (int) present)
    return g_strdup_printf (_("Reader comments (%u of %d)"), present, self->declared);
  return g_strdup_printf (_("Reader comments (%u)"), present);
}

/**
 * clp_comment_counts_missing:
 *
 * Returns: (transfer full) (nullable): what the page claimed and the
 *   archive does not hold, or %NULL when it holds them all
 */
char *
clp_comment_counts_missing (const ClpCommentCounts *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->declared <= (int) self->archived)
    return NULL;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The page claimed %d comment; %d are not in the archive.",
                                       "The page claimed %d comments; %d are not in the archive.",
                                       self->declared),
                          self->declared, self->declared - (int) self->archived);
}

/**
 * clp_comment_counts_hidden:
 *
 * Returns: (transfer full) (nullable): how many deleted or spam comments
 *   are left out, or shown marked; %NULL when there are none
 */
char *
clp_comment_counts_hidden (const ClpCommentCounts *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->hidden == 0)
    return NULL;
  if (self->shows_hidden)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u deleted or spam comment is shown, marked.",
                                         "%u deleted or spam comments are shown, marked.",
                                         self->hidden), self->hidden);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deleted or spam comment is hidden.",
                                       "%u deleted or spam comments are hidden.", self->hidden),
                          self->hidden);
}

/**
 * clp_comment_counts_held:
 *
 * What an export with filters holds: the comments passing them, and
 * those they answer.
 *
 * Returns: (transfer full) (nullable): the sentence, or %NULL without
 *   filters (the export holds what the heading counts)
 */
char *
clp_comment_counts_held (const ClpCommentCounts *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (!self->filtered)
    return NULL;
  if (self->context == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "This export holds the %u comment passing the filters.",
                                         "This export holds the %u comments passing the filters.",
                                         self->held), self->held);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "This export holds %u comment: the %u passing the filters "
                                       "and %u they answer, marked as context.",
                                       "This export holds %u comments: the %u passing the filters "
                                       "and %u they answer, marked as context.",
                                       self->held),
                          self->held, self->matching, self->context);
}

/**
 * clp_comment_counts_describe:
 *
 * The heading and every sentence that applies, for formats that say it
 * in one line: "Reader comments (3 of 23) — This export holds …".
 *
 * Returns: (transfer full): the text
 */
char *
clp_comment_counts_describe (const ClpCommentCounts *self)
{
  char *(*const sentences[]) (const ClpCommentCounts *) = {
    clp_comment_counts_missing, clp_comment_counts_hidden, clp_comment_counts_held,
  };
  g_autofree char *heading = NULL;
  GString *text;

  g_return_val_if_fail (self != NULL, NULL);

  heading = clp_comment_counts_heading (self);
  text = g_string_new (heading);
  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    {
      g_autofree char *sentence = sentences[i] (self);

      if (sentence != NULL)
        g_string_append_printf (text, " — %s", sentence);
    }
  return g_string_free (text, FALSE);
}
