/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "clp-archive.h"
#include "clp-search-request.h"

G_BEGIN_DECLS

/* Shared by the commands of clippings-cli, one file per group of
 * commands: clippings-cli.c (the command line and what all commands
 * share), clp-cli-import.c, clp-cli-browse.c (list, show, search, stats,
 * check), clp-cli-export.c. */

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

extern gboolean opt_json;
extern GPtrArray *clp_cli_search_words;

int         clp_cli_fail             (const char        *format,
                                      ...) G_GNUC_PRINTF (1, 2);
int         clp_cli_usage_error      (const char        *message);
ClpArchive *clp_cli_open_archive     (ClpArchiveOpenFlags flags);
int         clp_cli_request_from_options (ClpSearchRequest **request);
int         clp_cli_query_error      (const char        *what,
                                      const char        *text,
                                      const GError      *error);
void        clp_cli_print_json_node  (JsonNode          *node);
char       *clp_cli_column           (const char        *text,
                                      guint              width);
gboolean    clp_cli_parse_id         (const char        *text,
                                      gint64            *id);

extern const GOptionEntry clp_cli_import_entries[];
extern const GOptionEntry clp_cli_list_entries[];
extern const GOptionEntry clp_cli_show_entries[];
extern const GOptionEntry clp_cli_search_entries[];
extern const GOptionEntry clp_cli_export_entries[];
extern const GOptionEntry clp_cli_recover_entries[];

int  clp_cli_run_import (int argc, char **argv);
int  clp_cli_run_list   (int argc, char **argv);
int  clp_cli_run_show   (int argc, char **argv);
int  clp_cli_run_search (int argc, char **argv);
int  clp_cli_run_stats  (int argc, char **argv);
int  clp_cli_run_check  (int argc, char **argv);
int  clp_cli_run_recover (int argc, char **argv);
char *clp_cli_archive_path (void);
int  clp_cli_run_export (int argc, char **argv);

void clp_cli_split_search_args (int        *argc,
                                char      **argv,
                                GPtrArray  *words);
char *clp_cli_describe_search   (void);
char *clp_cli_describe_formats  (void);

G_END_DECLS
