/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clippings-driver"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "clp-application.h"

/* The window as `clippings` runs it, with the files on its command line
 * imported, but never handed to another instance on the session bus: the
 * safety tests start many and kill them. */
int
main (int    argc,
      char **argv)
{
  g_autoptr(ClpApplication) application = NULL;

  setlocale (LC_ALL, "");
  g_set_application_name ("Clippings");
  application = clp_application_new (G_APPLICATION_NON_UNIQUE);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
