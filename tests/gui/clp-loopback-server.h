/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A loopback HTTP server that counts every connection it is given and
 * answers each with an empty page: what a hostile page would reach. */
typedef struct
{
  GSocketService *service;
  guint16         port;
  char           *origin;       /* "http://127.0.0.1:PORT" */
  int             connections;
} ClpLoopbackServer;

void clp_loopback_server_start (ClpLoopbackServer *server);
void clp_loopback_server_stop  (ClpLoopbackServer *server);

G_END_DECLS
