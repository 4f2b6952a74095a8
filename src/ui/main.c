/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clippings"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "clp-application.h"

/* Run from the build folder (build/src/ui/clippings), the program takes
 * the settings schema the build compiled and the samples of the source
 * tree, as `meson devenv` would give them; whatever the environment names
 * already wins. An installed program is elsewhere and never looks there. */
static void
use_build_folder (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self == NULL || !g_str_has_prefix (self, CLP_BUILD_ROOT G_DIR_SEPARATOR_S))
    return;
  g_setenv ("GSETTINGS_SCHEMA_DIR", CLP_BUILD_ROOT G_DIR_SEPARATOR_S "data", FALSE);
  g_setenv ("CLIPPINGS_SAMPLES_DIR", CLP_SOURCE_ROOT G_DIR_SEPARATOR_S "data" G_DIR_SEPARATOR_S "samples",
            FALSE);
}

/* Without its schema GSettings aborts; say instead what is wrong, once. */
static gboolean
has_schema (void)
{
  g_autoptr(GSettingsSchema) schema =
    g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);

  return schema != NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(ClpApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  use_build_folder ();
  if (!has_schema ())
    {
      g_printerr (_("Clippings is not installed completely: its settings (%s) are missing. "
                    "Install it with “meson install”, or start it with “make run”.\n"), APP_ID);
      return 1;
    }

  g_set_application_name (_("Clippings"));
  application = clp_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
