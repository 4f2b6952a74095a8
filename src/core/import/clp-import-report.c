/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-import-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <gio/gio.h>

#include "clp-import-report.h"
#include "clp-store.h"

G_DEFINE_BOXED_TYPE (ClpImportReport, clp_import_report,
                     clp_import_report_ref, clp_import_report_unref)

ClpImportReport *
clp_import_report_new (const char *file_name)
{
  ClpImportReport *self = g_new0 (ClpImportReport, 1);

  self->ref_count = 1;
  self->file_name = g_strdup (file_name);
  self->skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->article_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return self;
}

ClpImportReport *
clp_import_report_ref (ClpImportReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
clp_import_report_unref (ClpImportReport *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_free (self->file_name);
  g_free (self->importer);
  g_clear_error (&self->error);
  g_free (self->previous_import_at);
  g_hash_table_unref (self->skipped);
  g_ptr_array_unref (self->warnings);
  g_array_unref (self->article_ids);
  g_free (self);
}

/**
 * clp_import_report_fail:
 * @error: (transfer full): why nothing of the file is in the archive
 *
 * Makes the report say that nothing was imported: cancelled when @error
 * is a cancellation, failed otherwise. The counts go back to zero.
 */
void
clp_import_report_fail (ClpImportReport *self,
                        GError          *error)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (error != NULL);

  g_clear_error (&self->error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->outcome = CLP_IMPORT_OUTCOME_CANCELLED;
      g_error_free (error);
    }
  else
    {
      /* The archive's messages name the archive; among many files, the
       * one that failed must be named too. An importer's name it already. */
      if (error->domain == CLP_STORE_ERROR)
        g_prefix_error (&error, _("Could not import %s: "), self->file_name);
      self->outcome = CLP_IMPORT_OUTCOME_FAILED;
      self->error = error;
    }
  self->articles_new = self->articles_merged = 0;
  self->comments_new = self->comments_duplicate = self->comments_missing = 0;
  self->orphans = self->unresolved_parents = 0;
  g_array_set_size (self->article_ids, 0);
}

int
clp_import_report_count_skipped (ClpImportReport *self)
{
  GHashTableIter iter;
  gpointer value;
  int total = 0;

  g_return_val_if_fail (self != NULL, 0);

  g_hash_table_iter_init (&iter, self->skipped);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += GPOINTER_TO_INT (value);
  return total;
}

/* Enough to see what is wrong with a file; a file that is wrong the same
 * way in every one of a million records would otherwise fill memory, the
 * archive's import log and the window with the same sentence. */
#define MAX_WARNINGS 1000

/**
 * clp_import_report_warn:
 * @message: something the user should know about the file
 *
 * Adds @message to the warnings; past the first thousand, only counts it,
 * in one last line that says how many more there were.
 */
void
clp_import_report_warn (ClpImportReport *self,
                        const char      *message)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (message != NULL);

  if (self->warnings->len < MAX_WARNINGS)
    {
      g_ptr_array_add (self->warnings, g_strdup (message));
      return;
    }
  /* The count stays the line after the thousandth. */
  if (self->warnings_left_out++ == 0)
    g_ptr_array_insert (self->warnings, MAX_WARNINGS, NULL);
  g_free (g_ptr_array_index (self->warnings, MAX_WARNINGS));
  g_ptr_array_index (self->warnings, MAX_WARNINGS) =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d more warning is not listed",
                                  "%d more warnings are not listed", self->warnings_left_out),
                     self->warnings_left_out);
}

/**
 * clp_import_report_describe:
 *
 * Returns: one sentence on what happened to the file, in the user's language
 */
char *
clp_import_report_describe (ClpImportReport *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  switch (self->outcome)
    {
    case CLP_IMPORT_OUTCOME_FAILED:
      return g_strdup (self->error != NULL ? self->error->message : _("The import failed."));
    case CLP_IMPORT_OUTCOME_CANCELLED:
      return g_strdup (_("Cancelled; nothing was imported."));
    case CLP_IMPORT_OUTCOME_UNCHANGED:
      return g_strdup_printf (_("Already imported on %s; nothing changed."),
                              self->previous_import_at != NULL ? self->previous_import_at : "?");
    case CLP_IMPORT_OUTCOME_IMPORTED:
    default:
      break;
    }

  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, "%d new article", "%d new articles",
                                       self->articles_new),
                          self->articles_new);
  if (self->articles_merged > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%d merged", "%d merged",
                                           self->articles_merged),
                              self->articles_merged);
    }
  g_string_append (text, "; ");
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, "%d new comment", "%d new comments",
                                       self->comments_new),
                          self->comments_new);
  g_string_append (text, ", ");
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, "%d duplicate", "%d duplicates",
                                       self->comments_duplicate),
                          self->comments_duplicate);
  g_string_append (text, ", ");
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, "%d missing from this save (kept)",
                                       "%d missing from this save (kept)",
                                       self->comments_missing),
                          self->comments_missing);
  if (self->orphans > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%d without a thread",
                                           "%d without a thread", self->orphans),
                              self->orphans);
    }
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, self->skipped);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        /* Translators: "3 pingback(s) not imported" */
        g_string_append_printf (text, _(", %d %s not imported"), GPOINTER_TO_INT (value),
                                (const char *) key);
      }
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
