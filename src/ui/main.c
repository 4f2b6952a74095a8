/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clippings"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "clp-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(ClpApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Clippings"));
  application = clp_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
