/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-application"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "clp-application.h"
#include "clp-pdf-printer.h"
#include "clp-archive.h"
#include "clp-window.h"

/* clippings [--db PATH] [FILE…]: one instance; files given to a second
 * launch are imported by the running one. */

struct _ClpApplication
{
  AdwApplication parent_instance;

  char          *archive_path;
};

G_DEFINE_FINAL_TYPE (ClpApplication, clp_application, ADW_TYPE_APPLICATION)

static ClpWindow *
get_window (ClpApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (clp_window_new (GTK_APPLICATION (self), self->archive_path));
  return CLP_WINDOW (window);
}

static void
clp_application_activate (GApplication *application)
{
  gtk_window_present (GTK_WINDOW (get_window (CLP_APPLICATION (application))));
}

static void
clp_application_open (GApplication  *application,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  ClpWindow *window = get_window (CLP_APPLICATION (application));

  gtk_window_present (GTK_WINDOW (window));
  clp_window_import (window, files, n_files, TRUE);
}

/* The file names are collected by our own G_OPTION_REMAINING (which
 * --html-to-pdf needs), so GApplication never sees them: hand them to the
 * primary instance here, whether that is this process or a running one. */
static int
open_named_files (ClpApplication *self,
                  GVariantDict   *options)
{
  g_autofree const char **names = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &names) || names[0] == NULL)
    return -1;
  if (!g_application_register (G_APPLICATION (self), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (names[i]));
  g_application_open (G_APPLICATION (self), (GFile **) files->pdata, files->len, "");

  /* A running instance has them now; this one has nothing left to do. */
  return g_application_get_is_remote (G_APPLICATION (self)) ? 0 : -1;
}

static int
clp_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  ClpApplication *self = CLP_APPLICATION (application);
  const char *db = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "html-to-pdf", "b", NULL))
    {
      g_autofree const char **files = NULL;

      /* Used by clippings-cli: runs here, never in a running instance. */
      if (!g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files) ||
          g_strv_length ((char **) files) != 2)
        {
          g_printerr (_("Usage: clippings --html-to-pdf PAGE.html OUTPUT.pdf\n"));
          return 2;
        }
      return clp_pdf_printer_run (files[0], files[1]);
    }
  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    {
      g_free (self->archive_path);
      self->archive_path = g_strdup (db);
    }
  return open_named_files (self, options);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *application = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

  /* Closing the windows saves their state and cancels their imports. */
  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_close (l->data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *application = user_data;
  static const char * const developers[] = { "The Clippings developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (application),
                         "application-name", _("Clippings"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Clippings developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Keep news articles with their reader comments; read, "
                                       "search and export the threads."),
                         "website", "https://github.com/clippings/clippings",
                         "issue-url", "https://github.com/clippings/clippings/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "copyright", "© 2026 The Clippings developers",
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action, NULL, NULL, NULL },
  { "about", about_action, NULL, NULL, NULL },
};

static void
clp_application_startup (GApplication *application)
{
  static const char * const quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (clp_application_parent_class)->startup (application);

#ifdef __GLIBC__
  /* A large thread's page is a few large strings (its HTML, the rows of
   * its comments). glibc serves a block from the heap once a block that
   * large was freed (its mmap threshold rises to it), and the freed heap
   * stays the process's: showing a 50,000-comment thread left 38 MB of
   * it after going back. A fixed threshold maps such blocks from the
   * system and gives them back when they go. */
  mallopt (M_MMAP_THRESHOLD, 256 * 1024);
#endif

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
}

static void
clp_application_finalize (GObject *object)
{
  ClpApplication *self = CLP_APPLICATION (object);

  g_free (self->archive_path);

  G_OBJECT_CLASS (clp_application_parent_class)->finalize (object);
}

static void
clp_application_class_init (ClpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = clp_application_finalize;
  app_class->activate = clp_application_activate;
  app_class->open = clp_application_open;
  app_class->startup = clp_application_startup;
  app_class->handle_local_options = clp_application_handle_local_options;
}

static void
clp_application_init (ClpApplication *self)
{
  static const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("The archive to open (default: $CLIPPINGS_DB, or archive.db in the data folder)"),
      N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and quit"), NULL },
    { "html-to-pdf", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL,
      N_("Print an exported HTML page to a PDF file"), NULL },
    { G_OPTION_REMAINING, 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
    { NULL }
  };

  self->archive_path = clp_archive_default_path ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Browse an archive of news articles and their "
                                              "reader comments. Files named here are imported."));
}

/**
 * clp_application_new:
 * @extra_flags: added to the flags; tests pass %G_APPLICATION_NON_UNIQUE
 */
ClpApplication *
clp_application_new (GApplicationFlags extra_flags)
{
  return g_object_new (CLP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/io/github/clippings/Clippings",
                       "flags", G_APPLICATION_HANDLES_OPEN | extra_flags,
                       NULL);
}
