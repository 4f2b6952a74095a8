/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clippings-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "clp-cli.h"

/* clippings-cli: the archive without a window. Exit status 0 on success,
 * 1 when the archive or a file said no (one line on stderr says why), 2 on
 * a command line it cannot read. This file reads the command line and
 * holds what the commands share; each group of commands has a file. */

gboolean opt_json;

static char *opt_db;

static const GOptionEntry db_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db,
    N_("The archive to use (default: $CLIPPINGS_DB, or archive.db in the data folder)"),
    N_("PATH") },
  { NULL }
};

typedef struct
{
  const char *name;
  const char *args;
  const char *summary;
  int       (*run) (int argc, char **argv);
  const GOptionEntry *entries;  /* its own options, or NULL */
  char     *(*describe) (void);  /* more for --help, or NULL */
  gboolean    filters;      /* takes --query, --after and --before */
} Command;

/* --query, --after and --before: which articles list and export take. */
static char *opt_query;
static char *opt_after;
static char *opt_before;

static const GOptionEntry filter_entries[] = {
  { "query", 'q', 0, G_OPTION_ARG_STRING, &opt_query,
    N_("Only articles that match this search or have a comment that does (see “clippings-cli "
       "search --help”)"), N_("QUERY") },
  { "after", 0, 0, G_OPTION_ARG_STRING, &opt_after,
    N_("Only articles published, or commented on, from the start of this time on: YYYY, "
       "YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM"), N_("TIME") },
  { "before", 0, 0, G_OPTION_ARG_STRING, &opt_before,
    N_("Only articles published, or commented on, before the start of this time"), N_("TIME") },
  { NULL }
};

int
clp_cli_fail (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("clippings-cli: %s\n", message);
  return EXIT_FAILED;
}

int
clp_cli_usage_error (const char *message)
{
  g_printerr ("clippings-cli: %s\n", message);
  g_printerr (_("Try “%s --help” for more.\n"), g_get_prgname ());
  return EXIT_USAGE;
}

/* Parses a command's options. Returns -1 to go on, or the exit status. */
static int
parse_options (const Command   *command,
               int             *argc,
               char          ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("clippings-cli %s", command->name);

  g_set_prgname (prgname);
  context = g_option_context_new (command->args);
  g_option_context_set_summary (context, _(command->summary));
  if (command->describe != NULL)
    {
      g_autofree char *description = command->describe ();

      g_option_context_set_description (context, description);
    }
  g_option_context_add_main_entries (context, db_entries, GETTEXT_PACKAGE);
  if (command->entries != NULL)
    g_option_context_add_main_entries (context, command->entries, GETTEXT_PACKAGE);
  if (command->filters)
    g_option_context_add_main_entries (context, filter_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    return clp_cli_usage_error (error->message);
  return -1;
}

/* The archive of --db or the default one. */
char *
clp_cli_archive_path (void)
{
  return opt_db != NULL ? g_strdup (opt_db) : clp_archive_default_path ();
}

/* Archives opened and not yet closed. */
static int archives_open;

static void
archive_closed_cb (gpointer data)
{
  g_atomic_int_dec_and_test (&archives_open);
}

/* The archive of --db or the default one; NULL after saying why not. */
ClpArchive *
clp_cli_open_archive (ClpArchiveOpenFlags flags)
{
  g_autofree char *path = opt_db != NULL ? g_strdup (opt_db) : clp_archive_default_path ();
  g_autoptr(GError) error = NULL;
  ClpArchive *archive = clp_archive_open (path, flags, NULL, &error);

  if (archive == NULL)
    {
      clp_cli_fail ("%s", error->message);
      return NULL;
    }
  /* Told once the archive has closed its connections: object data goes
   * last, after the archive's own finalize. */
  g_atomic_int_inc (&archives_open);
  g_object_set_data_full (G_OBJECT (archive), "clp-cli-open", GINT_TO_POINTER (1),
                          archive_closed_cb);
  return archive;
}

/* The archive's last reference may go on one of its worker threads a
 * moment after a command is done: wait for it, so that the connections
 * close, the log is moved into the archive and no -wal or -shm file is
 * left behind. */
static void
wait_for_archives (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&archives_open) > 0 && g_get_monotonic_time () < deadline)
    g_usleep (1000);
}

gboolean
clp_cli_parse_id (const char *text,
                  gint64     *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

void
clp_cli_print_json_node (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;

  json_generator_set_root (generator, node);
  json = json_generator_to_data (generator, NULL);
  g_print ("%s\n", json);
}

/* @text (or a dash) in a column @width characters wide: padded by
 * characters, not bytes, and cut with an ellipsis when longer. */
char *
clp_cli_column (const char *text,
                guint       width)
{
  GString *cell;
  glong length;

  if (text == NULL || *text == '\0')
    text = "—";
  length = g_utf8_strlen (text, -1);
  if (length > width)
    {
      cell = g_string_new_len (text, g_utf8_offset_to_pointer (text, width - 1) - text);
      g_string_append (cell, "…");
      return g_string_free (cell, FALSE);
    }
  cell = g_string_new (text);
  for (glong i = length; i < width; i++)
    g_string_append_c (cell, ' ');
  return g_string_free (cell, FALSE);
}

/* Queries */

/* How many columns @text takes on a terminal, for the caret under it. */
static int
columns (const char *text,
         const char *end)
{
  int width = 0;

  for (const char *p = text; p < end && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c) || g_unichar_ismark (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/* The parser's message, and the query with a caret under the problem. */
int
clp_cli_query_error (const char   *what,
                     const char   *text,
                     const GError *error)
{
  int offset = 0, length = 1;

  if (what != NULL)
    g_printerr ("clippings-cli: %s: %s\n", what, error->message);
  else
    g_printerr ("clippings-cli: %s\n", error->message);
  if (clp_query_error_get_span (error, &offset, &length) && g_utf8_validate (text, -1, NULL))
    {
      const char *start = g_utf8_offset_to_pointer (text, MIN (offset, g_utf8_strlen (text, -1)));
      const char *end = g_utf8_offset_to_pointer (start, MIN (length, g_utf8_strlen (start, -1)));
      g_autofree char *pad = g_strnfill (columns (text, start), ' ');
      g_autofree char *carets = g_strnfill (MAX (1, columns (start, end)), '^');

      g_printerr ("  %s\n  %s%s\n", text, pad, carets);
    }
  return EXIT_USAGE;
}

/* The request of --query, --after and --before; each is checked alone,
 * so that an error points into what the user wrote. Returns -1 to go on,
 * or the exit status. */
int
clp_cli_request_from_options (ClpSearchRequest **request)
{
  g_autoptr(ClpSearchRequest) made = clp_search_request_new ();
  g_autoptr(GError) error = NULL;

  if (!clp_search_request_set_text (made, opt_query, &error))
    return clp_cli_query_error ("--query", opt_query, error);
  if (!clp_search_request_set_after (made, opt_after, &error) ||
      !clp_search_request_set_before (made, opt_before, &error))
    {
      g_printerr ("clippings-cli: %s: %s\n", opt_after != NULL && error != NULL &&
                  strstr (error->message, opt_after) != NULL ? "--after" : "--before",
                  error->message);
      return EXIT_USAGE;
    }
  *request = g_steal_pointer (&made);
  return -1;
}

static const Command commands[] = {
  { "import", N_("FILE|FOLDER…"),
    N_("Import saved pages into the archive. Folders are read recursively. Each file is one "
       "transaction: it lands whole or not at all."),
    clp_cli_run_import, clp_cli_import_entries, NULL, FALSE },
  { "list", "",
    N_("List the articles of the archive. With --query, --after or --before, the articles that "
       "match, or have a comment that matches."),
    clp_cli_run_list, clp_cli_list_entries, NULL, TRUE },
  { "show", N_("ID"), N_("Show an article and its comment threads."),
    clp_cli_run_show, clp_cli_show_entries, NULL, FALSE },
  { "search", N_("QUERY…"),
    N_("Search articles and comments. Prints the newest hits first: the article id (#comment "
       "id), the time, the author and the article's title, then the words around the match."),
    clp_cli_run_search, clp_cli_search_entries, clp_cli_describe_search, FALSE },
  { "export", "",
    N_("Export articles: all of them, those of --ids, or those --query, --after and --before "
       "pick."),
    clp_cli_run_export, clp_cli_export_entries, clp_cli_describe_formats, TRUE },
  { "stats", "", N_("Count what the archive holds."), clp_cli_run_stats, NULL, NULL, FALSE },
  { "check", "", N_("Check the archive and its full-text index for damage, without writing to "
                    "it."),
    clp_cli_run_check, NULL, NULL, FALSE },
  { "recover", "", N_("Copy what can still be read of a damaged archive, or of one a newer "
                      "Clippings made, into a new archive (-o). The archive itself is only "
                      "read."),
    clp_cli_run_recover, clp_cli_recover_entries, NULL, FALSE },
};

static char *
describe_commands (void)
{
  g_autoptr(GString) text = g_string_new (_("Commands:\n"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *first = g_strdup (_(commands[i].summary));
      char *dot = strstr (first, ". ");

      if (dot != NULL)
        dot[1] = '\0';
      g_string_append_printf (text, "  %-8s %s\n", commands[i].name, first);
    }
  g_string_append (text, _("\n“clippings-cli COMMAND --help” tells more about each."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The escape sequences the CLI writes itself: bold matches, plain text
 * after them, and clearing the progress line. */
static const char * const own_sequences[] = { "\033[1m", "\033[0m", "\033[K" };

/* Everything the CLI prints goes through here. Archived text may hold
 * control characters, which a terminal would take as commands; they are
 * written as U+FFFD instead. */
static void
write_clean (FILE       *stream,
             const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autoptr(GString) out = g_string_sized_new (strlen (valid));
  const char *charset;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean own = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (own_sequences) && !own; i++)
        if (g_str_has_prefix (p, own_sequences[i]))
          {
            g_string_append (out, own_sequences[i]);
            p += strlen (own_sequences[i]) - 1;
            own = TRUE;
          }
      if (own)
        continue;
      if (g_unichar_iscntrl (c) && c != '\n' && c != '\t' && c != '\r')
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  /* As GLib's own handler does: a terminal that is not UTF-8 gets its
   * own character set. */
  if (!g_get_charset (&charset))
    {
      g_autofree char *converted = g_convert_with_fallback (out->str, -1, charset, "UTF-8", "?",
                                                            NULL, NULL, NULL);

      if (converted != NULL)
        {
          fputs (converted, stream);
          fflush (stream);
          return;
        }
    }
  fputs (out->str, stream);
  fflush (stream);
}

static void
print_clean (const char *text)
{
  write_clean (stdout, text);
}

static void
printerr_clean (const char *text)
{
  write_clean (stderr, text);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  const Command *command = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_print_handler (print_clean);
  g_set_printerr_handler (printerr_clean);

  /* Global options come before the command; parsing stops at it. */
  context = g_option_context_new (_("COMMAND [OPTIONS…]"));
  g_option_context_set_summary (context, _("Work with a Clippings archive of saved articles "
                                           "and their reader comments."));
  description = describe_commands ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, db_entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return clp_cli_usage_error (error->message);

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      command = &commands[i];
  if (command == NULL)
    {
      g_printerr (_("clippings-cli: unknown command “%s”\n"), argv[1]);
      g_printerr ("%s\n", description);
      return EXIT_USAGE;
    }

  argc--;
  argv++;
  clp_cli_search_words = g_ptr_array_new ();
  if (command->run == clp_cli_run_search)
    clp_cli_split_search_args (&argc, argv, clp_cli_search_words);
  status = parse_options (command, &argc, &argv);
  if (status >= 0)
    return status;
  status = command->run (argc, argv);
  wait_for_archives ();
  return status;
}
