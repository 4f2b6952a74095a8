/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "clp-export.h"

/* Writing exports to files safely: each file is written to a temporary
 * file beside it and renamed into place when complete, so a failed or
 * cancelled export leaves neither a partial file nor a damaged old one.
 * An existing file is replaced only when asked. A format that writes a
 * file beside its export (CSV's NAME.meta.json) has it written to a
 * temporary file of its own, landed just before the export. Names made
 * from titles are cleaned: no slashes, no leading dot, no control or
 * direction characters, bounded length. */

#define MAX_NAME_BYTES 80

/* Invisible characters that reorder the text around them: in a file name
 * they can make "…\u202Elmth.exe" read as "…exe.html". */
static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

/**
 * clp_export_file_name:
 * @title: (nullable): an article's title, untrusted
 * @extension: without the dot
 *
 * Returns: a file name safe on common file systems
 */
char *
clp_export_file_name (const char *title,
                      const char *extension)
{
  g_autoptr(GString) name = g_string_new (NULL);
  gboolean space = FALSE;

  g_return_val_if_fail (extension != NULL, NULL);

  if (title != NULL && g_utf8_validate (title, -1, NULL))
    for (const char *p = title; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (is_bidi_control (c))
          continue;
        /* Separators, characters other systems forbid, controls. */
        if (c < 0x20 || c == 0x7f || strchr ("/\\:*?\"<>|", (int) c) != NULL ||
            g_unichar_isspace (c) || (c >= 0x80 && g_unichar_iscntrl (c)))
          {
            space = name->len > 0;
            continue;
          }
        if (name->len == 0 && c == '.')
          continue;
        if (space)
          g_string_append_c (name, ' ');
        space = FALSE;
        g_string_append_unichar (name, c);
      }

  if (name->len > MAX_NAME_BYTES)
    {
      const char *end = g_utf8_find_prev_char (name->str, name->str + MAX_NAME_BYTES + 1);

      g_string_truncate (name, end - name->str);
    }
  while (name->len > 0 && (name->str[name->len - 1] == ' ' || name->str[name->len - 1] == '.'))
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_append (name, _("article"));

  g_string_append_printf (name, ".%s", extension);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

typedef struct
{
  char *temp_path;
  char *final_path;
  char *sidecar_temp;    /* the file beside it, for formats that write one */
  char *sidecar_final;
} Pending;

static void
pending_clear (Pending *pending)
{
  if (pending->temp_path != NULL)
    g_unlink (pending->temp_path);
  if (pending->sidecar_temp != NULL)
    g_unlink (pending->sidecar_temp);
  g_free (pending->temp_path);
  g_free (pending->final_path);
  g_free (pending->sidecar_temp);
  g_free (pending->sidecar_final);
}

/**
 * clp_export_sidecar_path:
 * @path: where the export goes
 *
 * Returns: (transfer full) (nullable): where the file the format writes
 *   beside it goes, "NAME.meta.json" beside "NAME.csv"; %NULL when the
 *   format writes none
 */
char *
clp_export_sidecar_path (ClpExporter *exporter,
                         const char  *path)
{
  const char *sidecar = clp_exporter_get_sidecar (exporter);
  g_autofree char *suffix = g_strdup_printf (".%s", clp_exporter_get_extension (exporter));
  gsize length = strlen (path);

  if (sidecar == NULL)
    return NULL;
  if (g_str_has_suffix (path, suffix) && length > strlen (suffix))
    length -= strlen (suffix);
  return g_strdup_printf ("%.*s.%s", (int) length, path, sidecar);
}

static GOutputStream *
open_temp (const char  *folder,
           const char  *name,
           char       **path,
           GError     **error)
{
  g_autofree char *template = g_strdup_printf (".%s.XXXXXX", name);
  int fd;

  *path = g_build_filename (folder, template, NULL);
  fd = g_mkstemp_full (*path, O_WRONLY, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_clear_pointer (path, g_free);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write in %s: %s"), folder, g_strerror (saved_errno));
      return NULL;
    }
  return g_unix_output_stream_new (fd, TRUE);
}

/* Writes one export to a temporary file in @folder, and the file beside
 * it to another. */
static gboolean
write_temp (ClpExporter            *exporter,
            ClpStore               *store,
            const gint64           *ids,
            guint                   n_ids,
            const ClpExportOptions *options,
            const char             *folder,
            const char             *name,
            Pending                *pending,
            ClpExportProgressFunc   progress,
            gpointer                user_data,
            GCancellable           *cancellable,
            GError                **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GOutputStream) sidecar = NULL;
  gboolean ok;

  out = open_temp (folder, name, &pending->temp_path, error);
  if (out == NULL)
    return FALSE;
  if (pending->sidecar_final != NULL)
    {
      g_autofree char *sidecar_name = g_path_get_basename (pending->sidecar_final);

      sidecar = open_temp (folder, sidecar_name, &pending->sidecar_temp, error);
      if (sidecar == NULL)
        return FALSE;
    }
  clp_exporter_set_sidecar_stream (exporter, sidecar);
  ok = clp_exporter_run (exporter, store, ids, n_ids, options, out, progress, user_data,
                         cancellable, error) &&
       g_output_stream_close (out, cancellable, error) &&
       (sidecar == NULL || g_output_stream_close (sidecar, cancellable, error));
  clp_exporter_set_sidecar_stream (exporter, NULL);
  return ok;
}

static gboolean
check_free (const char  *path,
            gboolean     replace,
            GError     **error)
{
  if (!replace && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s exists already; choose another name, or allow replacing it."), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
rename_into_place (const char  *from,
                   const char  *to,
                   GError     **error)
{
  if (g_rename (from, to) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not save %s: %s"), to, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Renames the file beside the export into place, then the export: both
 * are complete by then. */
static gboolean
land (Pending  *pending,
      GError  **error)
{
  if (pending->sidecar_temp != NULL)
    {
      if (!rename_into_place (pending->sidecar_temp, pending->sidecar_final, error))
        return FALSE;
      g_clear_pointer (&pending->sidecar_temp, g_free);
    }
  if (!rename_into_place (pending->temp_path, pending->final_path, error))
    {
      if (pending->sidecar_final != NULL)
        g_unlink (pending->sidecar_final);
      return FALSE;
    }
  g_clear_pointer (&pending->temp_path, g_free);
  return TRUE;
}

/**
 * clp_export_to_file:
 * @target: the file to write; a local path
 * @replace: replace @target if it exists
 *
 * Exports the articles into one file, written whole or not at all, with
 * the file the format writes beside it (clp_export_sidecar_path()).
 */
gboolean
clp_export_to_file (ClpExporter            *exporter,
                    ClpStore               *store,
                    const gint64           *ids,
                    guint                   n_ids,
                    const ClpExportOptions *options,
                    GFile                  *target,
                    gboolean                replace,
                    ClpExportProgressFunc   progress,
                    gpointer                user_data,
                    GCancellable           *cancellable,
                    GError                **error)
{
  Pending pending = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  gboolean ok;

  g_return_val_if_fail (CLP_IS_EXPORTER (exporter), FALSE);
  g_return_val_if_fail (G_IS_FILE (target), FALSE);

  pending.final_path = g_file_get_path (target);
  if (pending.final_path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Exports are written to local folders only."));
      return FALSE;
    }
  folder = g_path_get_dirname (pending.final_path);
  name = g_path_get_basename (pending.final_path);
  pending.sidecar_final = clp_export_sidecar_path (exporter, pending.final_path);

  ok = check_free (pending.final_path, replace, error) &&
       (pending.sidecar_final == NULL || check_free (pending.sidecar_final, replace, error)) &&
       write_temp (exporter, store, ids, n_ids, options, folder, name, &pending, progress,
                   user_data, cancellable, error) &&
       land (&pending, error);
  pending_clear (&pending);
  return ok;
}

/**
 * clp_export_folder_paths:
 * @folder: where one file per article goes
 * @extension: the files' extension, without the dot
 * @replace: files that exist already may be replaced
 *
 * The paths of one file per article, in the order of @ids, as
 * clp_export_to_folder() writes them: named after the titles, "Title (2)"
 * where two titles make one name. Fails when @folder is not a folder, or
 * a path is taken and @replace is %FALSE; nothing is written.
 *
 * Returns: (transfer full) (element-type filename): the paths, or %NULL
 *   with @error set
 */
GPtrArray *
clp_export_folder_paths (ClpStore      *store,
                         const gint64  *ids,
                         guint          n_ids,
                         GFile         *folder,
                         const char    *extension,
                         gboolean       replace,
                         GError       **error)
{
  g_autofree char *dir = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CLP_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  dir = g_file_get_path (folder);
  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   _("%s is not a folder; one file per article needs a folder to write in."),
                   dir != NULL ? dir : "?");
      return NULL;
    }

  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(GPtrArray) found = clp_store_load_articles (store, &ids[i], 1, FALSE, error);
      g_autofree char *base = NULL;
      char *name;
      char *path;

      if (found == NULL || found->len == 0)
        {
          if (found != NULL)
            g_set_error (error, CLP_STORE_ERROR, CLP_STORE_ERROR_NOT_FOUND,
                         _("There is no article %lld in the archive."), (long long) ids[i]);
          return NULL;
        }
      base = clp_export_file_name (((ClpArticle *) g_ptr_array_index (found, 0))->title, extension);
      name = g_strdup (base);
      for (int n = 2; g_hash_table_contains (taken, name); n++)
        {
          g_autofree char *stem = g_strndup (base, strlen (base) - strlen (extension) - 1);

          g_free (name);
          name = g_strdup_printf ("%s (%d).%s", stem, n, extension);
        }
      g_hash_table_add (taken, name);
      path = g_build_filename (dir, name, NULL);
      g_ptr_array_add (paths, path);
      if (!check_free (path, replace, error))
        return NULL;
    }
  return g_steal_pointer (&paths);
}

/**
 * clp_export_to_folder:
 * @folder: where to write one file per article, named after its title
 *
 * Exports each article to a file of its own. The files land together
 * after all were written; on failure none does.
 *
 * Returns: (transfer full) (element-type utf8): the paths of the exports
 *   written (not of the files beside them, clp_export_sidecar_path()), or
 *   %NULL with @error set
 */
GPtrArray *
clp_export_to_folder (ClpExporter            *exporter,
                      ClpStore               *store,
                      const gint64           *ids,
                      guint                   n_ids,
                      const ClpExportOptions *options,
                      GFile                  *folder,
                      gboolean                replace,
                      ClpExportProgressFunc   progress,
                      gpointer                user_data,
                      GCancellable           *cancellable,
                      GError                **error)
{
  g_autofree char *dir = NULL;
  g_autoptr(GArray) pending = g_array_new (FALSE, TRUE, sizeof (Pending));
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;

  g_return_val_if_fail (CLP_IS_EXPORTER (exporter), NULL);
  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  g_array_set_clear_func (pending, (GDestroyNotify) pending_clear);
  /* Names first, so that nothing is written when one is taken. */
  paths = clp_export_folder_paths (store, ids, n_ids, folder,
                                   clp_exporter_get_extension (exporter), replace, error);
  if (paths == NULL)
    return NULL;
  dir = g_file_get_path (folder);
  for (guint i = 0; i < n_ids; i++)
    {
      Pending entry = { 0 };

      entry.final_path = g_strdup (g_ptr_array_index (paths, i));
      entry.sidecar_final = clp_export_sidecar_path (exporter, entry.final_path);
      if (entry.sidecar_final != NULL && !check_free (entry.sidecar_final, replace, error))
        {
          pending_clear (&entry);
          return NULL;
        }
      g_array_append_val (pending, entry);
    }

  for (guint i = 0; ok && i < n_ids; i++)
    {
      Pending *entry = &g_array_index (pending, Pending, i);
      g_autofree char *name = g_path_get_basename (entry->final_path);

      ok = write_temp (exporter, store, &ids[i], 1, options, dir, name, entry, NULL, NULL,
                       cancellable, error);
      if (ok && progress != NULL)
        progress (i + 1, n_ids, user_data);
    }

  for (guint i = 0; ok && i < n_ids; i++)
    {
      Pending *entry = &g_array_index (pending, Pending, i);

      ok = land (entry, error);
      if (ok)
        g_ptr_array_add (written, g_strdup (entry->final_path));
    }
  return ok ? g_steal_pointer (&written) : NULL;
}
