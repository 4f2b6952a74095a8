/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clippings-cli"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clp-date.h"
#include "clp-export.h"
#include "clp-exporter.h"
#include "clp-import.h"
#include "clp-json-exporter.h"
#include "clp-query.h"
#include "clp-store.h"

/* clippings-cli: the archive without a window. Exit status 0 on success,
 * 1 when the archive or a file said no (one line on stderr says why), 2 on
 * a command line it cannot read. */

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

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
  const char *description;  /* more for --help, or NULL */
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

static int
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format,
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

static int
usage_error (const char *message)
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
  if (command->description != NULL)
    g_option_context_set_description (context, _(command->description));
  g_option_context_add_main_entries (context, db_entries, GETTEXT_PACKAGE);
  if (command->entries != NULL)
    g_option_context_add_main_entries (context, command->entries, GETTEXT_PACKAGE);
  if (command->filters)
    g_option_context_add_main_entries (context, filter_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    return usage_error (error->message);
  return -1;
}

static ClpStore *
open_store (void)
{
  g_autofree char *path = opt_db != NULL ? g_strdup (opt_db) : clp_store_default_path ();
  g_autoptr(GError) error = NULL;
  ClpStore *store = clp_store_open (path, &error);

  if (store == NULL)
    fail ("%s", error->message);
  return store;
}

/* import */

static gboolean opt_json;

static const GOptionEntry import_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print one JSON object per file"), NULL },
  { NULL }
};

typedef struct
{
  const char *name;
  gboolean    shown;
} ProgressState;

static void
progress_cb (goffset  done,
             goffset  total,
             gpointer user_data)
{
  ProgressState *state = user_data;

  if (total <= 0)
    return;
  g_printerr ("\r%s: %3d%%", state->name, (int) (done * 100 / total));
  state->shown = TRUE;
}

static void
print_json_node (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;

  json_generator_set_root (generator, node);
  json = json_generator_to_data (generator, NULL);
  g_print ("%s\n", json);
}

static void
print_report_json (ClpImportReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  static const char * const outcomes[] = { "imported", "unchanged", "failed", "cancelled" };
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, report->file_name);
  clp_json_add_string (builder, "format", report->importer);
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, outcomes[report->outcome]);
  clp_json_add_string (builder, "error", report->error != NULL ? report->error->message : NULL);

#define COUNT(field) \
  json_builder_set_member_name (builder, #field); \
  json_builder_add_int_value (builder, report->field);
  COUNT (articles_new);
  COUNT (articles_merged);
  COUNT (comments_new);
  COUNT (comments_duplicate);
  COUNT (comments_missing);
  COUNT (orphans);
  COUNT (unresolved_parents);
#undef COUNT

  json_builder_set_member_name (builder, "skipped");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, report->skipped);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_int_value (builder, GPOINTER_TO_INT (value));
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (report->warnings, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "article_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->article_ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (report->article_ids, gint64, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  print_json_node (root);
}

static void
print_report (ClpImportReport *report)
{
  g_autofree char *summary = clp_import_report_describe (report);

  if (report->outcome == CLP_IMPORT_OUTCOME_FAILED)
    {
      g_printerr ("clippings-cli: %s\n", summary);
      return;
    }
  g_print ("%s: %s\n", report->file_name, summary);
  for (guint i = 0; i < report->warnings->len; i++)
    g_print (_("  warning: %s\n"), (const char *) g_ptr_array_index (report->warnings, i));
}

static int
run_import (int    argc,
            char **argv)
{
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gboolean tty = isatty (STDERR_FILENO);
  int failed = 0;

  if (argc < 2)
    {
      g_printerr (_("clippings-cli: name at least one file or folder to import\n"));
      return EXIT_USAGE;
    }

  store = open_store ();
  if (store == NULL)
    return EXIT_FAILED;

  for (int i = 1; i < argc; i++)
    g_ptr_array_add (roots, g_file_new_for_commandline_arg (argv[i]));
  if (!clp_import_collect_files ((GFile **) roots->pdata, roots->len, files, NULL, &error))
    return fail ("%s", error->message);

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *relative = NULL;
      g_autoptr(GFile) cwd = g_file_new_for_path (".");
      g_autoptr(ClpImportReport) report = NULL;
      ProgressState progress = { 0 };

      /* Name files as the user would: relative to where they stand. */
      relative = g_file_get_relative_path (cwd, file);
      progress.name = relative != NULL ? relative : name;
      report = clp_import_file (store, file, progress.name, tty ? progress_cb : NULL, &progress,
                                NULL);
      if (progress.shown)
        g_printerr ("\r\033[K");

      if (opt_json)
        print_report_json (report);
      else
        print_report (report);
      if (report->outcome == CLP_IMPORT_OUTCOME_FAILED)
        failed++;
    }

  if (failed > 0)
    {
      g_printerr (g_dngettext (NULL, "clippings-cli: %d file of %u could not be imported\n",
                               "clippings-cli: %d files of %u could not be imported\n", failed),
                  failed, files->len);
      return EXIT_FAILED;
    }
  return EXIT_OK;
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
static int
query_error (const char   *what,
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

/* The query of --query, --after and --before, or NULL for all articles.
 * Returns -1 to go on, or the exit status. */
static int
query_from_options (ClpQuery **query)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  struct { const char *option; const char *field; const char *value; } parts[] = {
    { "--query", NULL, opt_query },
    { "--after", "after:", opt_after },
    { "--before", "before:", opt_before },
  };

  *query = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *quoted = NULL;
      g_autofree char *part = NULL;
      g_autoptr(ClpQuery) alone = NULL;

      if (parts[i].value == NULL)
        continue;
      /* Each part alone first, so that an error points into what the user
       * wrote; then together, the query in parentheses so that its OR
       * stays inside. */
      quoted = parts[i].field != NULL ? clp_query_quote (parts[i].value) : NULL;
      part = parts[i].field != NULL ? g_strconcat (parts[i].field, quoted, NULL)
                                    : g_strdup (parts[i].value);
      alone = clp_query_parse (part, &error);
      if (alone == NULL)
        {
          if (parts[i].field == NULL)
            return query_error (parts[i].option, part, error);
          /* The date's own message, without a caret into a query the user
           * did not write. */
          g_printerr ("clippings-cli: %s: %s\n", parts[i].option, error->message);
          return EXIT_USAGE;
        }
      if (clp_query_is_empty (alone))
        continue;
      g_string_append_printf (text, "%s(%s)", text->len > 0 ? " " : "", part);
    }
  if (text->len == 0)
    return -1;
  *query = clp_query_parse (text->str, &error);
  g_assert_no_error (error);
  return -1;
}

/* list */

static char *opt_sort;
static gboolean opt_reverse;

static const GOptionEntry list_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print one JSON object per article"), NULL },
  { "sort", 0, 0, G_OPTION_ARG_STRING, &opt_sort,
    N_("Order by published (default), title, source, comments or imported"), N_("ORDER") },
  { "reverse", 'r', 0, G_OPTION_ARG_NONE, &opt_reverse, N_("Reverse the order"), NULL },
  { NULL }
};

static gboolean
parse_order (const char      *name,
             ClpArticleOrder *order,
             gboolean        *descending)
{
  static const struct { const char *name; ClpArticleOrder order; gboolean descending; } orders[] = {
    { "published", CLP_ARTICLE_ORDER_PUBLISHED, TRUE },
    { "title", CLP_ARTICLE_ORDER_TITLE, FALSE },
    { "source", CLP_ARTICLE_ORDER_SOURCE, FALSE },
    { "comments", CLP_ARTICLE_ORDER_COMMENTS, TRUE },
    { "imported", CLP_ARTICLE_ORDER_IMPORTED, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    if (g_str_equal (name, orders[i].name))
      {
        *order = orders[i].order;
        *descending = orders[i].descending;
        return TRUE;
      }
  return FALSE;
}

/* @text (or a dash) in a column @width characters wide: padded by
 * characters, not bytes, and cut with an ellipsis when longer. */
static char *
column (const char *text,
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

static char *
format_count (ClpArticle *article)
{
  if (article->declared_comment_count > article->comment_count)
    return g_strdup_printf (_("%d of %d"), article->comment_count,
                            article->declared_comment_count);
  return g_strdup_printf ("%d", article->comment_count);
}

static int
run_list (int    argc,
          char **argv)
{
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(ClpQuery) query = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  ClpArticleOrder order = CLP_ARTICLE_ORDER_PUBLISHED;
  gboolean descending = TRUE;
  int status;

  if (argc > 1)
    {
      g_printerr (_("clippings-cli: list takes no arguments\n"));
      return EXIT_USAGE;
    }
  if (opt_sort != NULL && !parse_order (opt_sort, &order, &descending))
    {
      g_printerr (_("clippings-cli: unknown order “%s”; use published, title, source, "
                    "comments or imported\n"), opt_sort);
      return EXIT_USAGE;
    }
  if (opt_reverse)
    descending = !descending;
  status = query_from_options (&query);
  if (status >= 0)
    return status;

  store = open_store ();
  if (store == NULL)
    return EXIT_FAILED;
  ids = clp_store_list_matching_article_ids (store, query, order, descending, 0, G_MAXUINT, NULL,
                                             &error);
  if (ids == NULL)
    return fail ("%s", error->message);

  if (!opt_json && ids->len > 0)
    {
      g_autofree char *published = column (_("PUBLISHED"), 10);
      g_autofree char *source = column (_("SOURCE"), 24);
      g_autofree char *comments = column (_("COMMENTS"), 9);

      g_print ("%6s  %s  %s  %s  %s\n", _("ID"), published, source, comments, _("TITLE"));
    }

  /* A page at a time, so that a huge archive starts printing at once. */
  for (guint start = 0; start < ids->len; start += 200)
    {
      guint n = MIN (200, ids->len - start);
      g_autoptr(GPtrArray) articles = clp_store_load_articles (store,
                                                               &g_array_index (ids, gint64, start),
                                                               n, FALSE, &error);

      if (articles == NULL)
        return fail ("%s", error->message);
      for (guint i = 0; i < articles->len; i++)
        {
          ClpArticle *article = g_ptr_array_index (articles, i);

          if (opt_json)
            {
              g_autoptr(JsonBuilder) builder = json_builder_new ();
              g_autoptr(JsonNode) node = NULL;

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "id");
              json_builder_add_int_value (builder, article->id);
              clp_json_add_string (builder, "published", article->published);
              clp_json_add_string (builder, "source", article->source);
              json_builder_set_member_name (builder, "title");
              json_builder_add_string_value (builder, article->title);
              json_builder_set_member_name (builder, "comment_count");
              json_builder_add_int_value (builder, article->comment_count);
              clp_json_add_int (builder, "declared_comment_count", article->declared_comment_count,
                                article->declared_comment_count >= 0);
              json_builder_end_object (builder);
              node = json_builder_get_root (builder);
              print_json_node (node);
            }
          else
            {
              g_autofree char *count = format_count (article);
              g_autofree char *published = column (article->published, 10);
              g_autofree char *source = column (article->source, 24);
              g_autofree char *comments = column (count, 9);

              g_print ("%6" G_GINT64_FORMAT "  %s  %s  %s  %s\n", article->id, published, source,
                       comments, article->title);
            }
        }
    }
  if (!opt_json && ids->len == 0 && query != NULL)
    g_print (_("No article matches.\n"));
  else if (!opt_json && ids->len == 0)
    g_print (_("The archive is empty. Import saved pages with “clippings-cli import FILE”.\n"));
  return EXIT_OK;
}

/* show */

static const GOptionEntry show_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print the article as a Clippings JSON article object"), NULL },
  { NULL }
};

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

static void
print_indented (const char *text,
                const char *indent)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("%s%s\n", *lines[i] != '\0' ? indent : "", lines[i]);
}

static int
run_show (int    argc,
          char **argv)
{
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(ClpArticle) article = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  gint64 id;

  if (argc != 2)
    {
      g_printerr (_("clippings-cli: show takes one article id\n"));
      return EXIT_USAGE;
    }
  if (!parse_id (argv[1], &id))
    {
      g_printerr (_("clippings-cli: “%s” is not an article id; “clippings-cli list” shows "
                    "them\n"), argv[1]);
      return EXIT_USAGE;
    }

  store = open_store ();
  if (store == NULL)
    return EXIT_FAILED;
  article = clp_store_load_article (store, id, &error);
  if (article == NULL)
    return fail ("%s", error->message);
  comments = clp_store_load_comments (store, id, &error);
  if (comments == NULL)
    return fail ("%s", error->message);

  if (opt_json)
    {
      g_autoptr(JsonNode) node = clp_json_exporter_build_article (article, comments);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *json = NULL;

      json_generator_set_root (generator, node);
      json_generator_set_pretty (generator, TRUE);
      json = json_generator_to_data (generator, NULL);
      g_print ("%s\n", json);
      return EXIT_OK;
    }

  g_print ("%s\n", article->title);
  {
    g_autoptr(GString) meta = g_string_new (NULL);

    if (article->source != NULL)
      g_string_append (meta, article->source);
    if (article->section != NULL)
      g_string_append_printf (meta, "%s%s", meta->len > 0 ? " · " : "", article->section);
    if (article->published != NULL)
      {
        g_autofree char *day = clp_date_format_day (article->published);

        g_string_append_printf (meta, "%s%s", meta->len > 0 ? " · " : "", day);
      }
    if (meta->len > 0)
      g_print ("%s\n", meta->str);
  }
  if (article->url != NULL)
    g_print ("%s\n", article->url);
  if (article->caption != NULL)
    g_print ("[%s]\n", article->caption);
  g_print ("\n");
  for (guint i = 0; i < article->body->len; i++)
    {
      const char *paragraph = g_ptr_array_index (article->body, i);

      if (i == 0 && article->dateline != NULL)
        g_print ("%s: ", article->dateline);
      g_print ("%s\n\n", paragraph);
    }

  count = format_count (article);
  g_print (_("Reader comments (%s)\n"), count);
  threads = clp_comment_thread_order (comments);
  for (guint i = 0; i < threads->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (threads, i);
      g_autofree char *indent = g_strnfill (2 + comment->depth * 4, ' ');
      g_autofree char *text_indent = g_strnfill (4 + comment->depth * 4, ' ');
      g_autofree char *shown = clp_comment_dup_shown_time (comment);
      g_autofree char *when = shown != NULL ? clp_date_format_time (shown) : NULL;

      g_print ("\n%s• %s%s%s\n", indent, comment->author, when != NULL ? " — " : "",
               when != NULL ? when : "");
      print_indented (comment->text, text_indent);
    }
  return EXIT_OK;
}

/* search */

static char *opt_order;
static int opt_limit = 50;

static const GOptionEntry search_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print one JSON object per hit: article_id, comment_id (null for the article itself), "
       "author, posted_at and snippet, matches between \\u0002 and \\u0003"), NULL },
  { "limit", 0, 0, G_OPTION_ARG_INT, &opt_limit,
    N_("Print this many hits at most (default 50)"), N_("N") },
  { "order", 0, 0, G_OPTION_ARG_STRING, &opt_order,
    N_("newest (default), oldest or relevance"), N_("ORDER") },
  { NULL }
};

/* Splits search's arguments into options, for GOption, and the words of
 * the query, which may start with '-' ("ferry -night"): only "--" options
 * and -h are options; after "--" all is query. */
static void
split_search_args (int        *argc,
                   char      **argv,
                   GPtrArray  *words)
{
  static const char * const with_value[] = { "--limit", "--order", "--db", NULL };
  int kept = 1;
  gboolean query_only = FALSE;

  for (int i = 1; i < *argc; i++)
    {
      const char *arg = argv[i];

      if (!query_only && g_str_equal (arg, "--"))
        query_only = TRUE;
      else if (!query_only && (g_str_has_prefix (arg, "--") || g_str_equal (arg, "-h") ||
                               g_str_equal (arg, "-?")))
        {
          argv[kept++] = argv[i];
          if (g_strv_contains (with_value, arg) && i + 1 < *argc)
            argv[kept++] = argv[++i];
        }
      else
        g_ptr_array_add (words, argv[i]);
    }
  argv[kept] = NULL;
  *argc = kept;
}

/* The snippet with its matches bold on a terminal, in brackets elsewhere. */
static char *
mark_snippet (const char *snippet,
              gboolean    tty)
{
  g_auto(GStrv) open = g_strsplit (snippet, CLP_QUERY_MARK_START, -1);
  g_autofree char *opened = g_strjoinv (tty ? "\033[1m" : "[", open);
  g_auto(GStrv) close = g_strsplit (opened, CLP_QUERY_MARK_END, -1);

  return g_strjoinv (tty ? "\033[0m" : "]", close);
}

static void
print_hit_json (ClpSearchHit *hit)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  clp_json_add_int (builder, "article_id", hit->article_id, TRUE);
  clp_json_add_int (builder, "comment_id", hit->comment_id, hit->comment_id != 0);
  clp_json_add_string (builder, "author", hit->author);
  clp_json_add_string (builder, "posted_at", hit->posted_at);
  clp_json_add_string (builder, "snippet", hit->snippet);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  print_json_node (node);
}

static void
print_hit (ClpSearchHit *hit,
           gboolean      tty)
{
  g_autofree char *snippet = mark_snippet (hit->snippet, tty);
  g_autofree char *where = hit->comment_id != 0
                           ? g_strdup_printf ("%" G_GINT64_FORMAT "#%" G_GINT64_FORMAT,
                                              hit->article_id, hit->comment_id)
                           : g_strdup_printf ("%" G_GINT64_FORMAT, hit->article_id);
  g_autofree char *when = hit->posted_at != NULL ? g_strndup (hit->posted_at, 16) : NULL;
  g_autofree char *when_column = NULL;

  if (when != NULL && strlen (when) > 10)
    when[10] = ' ';
  when_column = column (when, 16);

  g_print ("%-9s  %s  %s — %s\n", where, when_column,
           hit->author != NULL ? hit->author : _("(article)"),
           hit->title != NULL ? hit->title : "");
  if (*snippet != '\0')
    g_print ("    %s\n", snippet);
}

static GPtrArray *search_words;

static int
run_search (int    argc,
            char **argv)
{
  static const char * const orders[] = { "newest", "oldest", "relevance" };
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(ClpQuery) query = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  ClpSearchOrder order = CLP_SEARCH_ORDER_NEWEST;
  gboolean tty = isatty (STDOUT_FILENO);
  gboolean known = opt_order == NULL;

  if (argc > 1)
    {
      g_printerr (_("clippings-cli: search takes the query after its options\n"));
      return EXIT_USAGE;
    }
  if (search_words->len == 0)
    {
      g_printerr (_("clippings-cli: say what to search for, like: clippings-cli search "
                    "'ferry -night'\n"));
      return EXIT_USAGE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (orders) && !known; i++)
    if (g_str_equal (opt_order, orders[i]))
      {
        order = (ClpSearchOrder) i;
        known = TRUE;
      }
  if (!known)
    {
      g_printerr (_("clippings-cli: unknown order “%s”; use newest, oldest or relevance\n"),
                  opt_order);
      return EXIT_USAGE;
    }
  if (opt_limit < 1)
    {
      g_printerr (_("clippings-cli: --limit takes a number of hits, 1 or more\n"));
      return EXIT_USAGE;
    }

  g_ptr_array_add (search_words, NULL);
  text = g_strjoinv (" ", (char **) search_words->pdata);
  query = clp_query_parse (text, &error);
  if (query == NULL)
    return query_error (NULL, text, error);

  store = open_store ();
  if (store == NULL)
    return EXIT_FAILED;
  hits = clp_store_search (store, query, order, 0, opt_limit, NULL, &error);
  if (hits == NULL)
    return fail ("%s", error->message);

  for (guint i = 0; i < hits->len; i++)
    {
      if (opt_json)
        print_hit_json (g_ptr_array_index (hits, i));
      else
        print_hit (g_ptr_array_index (hits, i), tty);
    }
  if (!opt_json && hits->len == 0)
    g_print (_("Nothing matches.\n"));
  return EXIT_OK;
}

/* export */

static char *opt_format;
static char *opt_output;
static char *opt_ids;
static gboolean opt_force;
static gboolean opt_split;
static gboolean opt_hidden;

static const GOptionEntry export_entries[] = {
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format,
    N_("The format: html, pdf, md, json, csv or txt"), N_("FORMAT") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("Write to this file (with --split: into this folder) instead of standard output"),
    N_("PATH") },
  { "ids", 0, 0, G_OPTION_ARG_STRING, &opt_ids,
    N_("Export these articles only (comma-separated ids)"), N_("ID,…") },
  { "split", 0, 0, G_OPTION_ARG_NONE, &opt_split,
    N_("One file per article, named after its title, in the folder given with -o"), NULL },
  { "hidden", 0, 0, G_OPTION_ARG_NONE, &opt_hidden,
    N_("Include deleted and spam comments, marked"), NULL },
  { "force", 0, 0, G_OPTION_ARG_NONE, &opt_force, N_("Replace files that exist"), NULL },
  { NULL }
};

static GArray *
parse_ids (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 id;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      if (!parse_id (parts[i], &id))
        return NULL;
      g_array_append_val (ids, id);
    }
  return ids->len > 0 ? g_steal_pointer (&ids) : NULL;
}

/* The GUI program beside this one (or the one in the build tree) turns
 * HTML into PDF: printing needs WebKit and a display, which this
 * headless command does without. */
static char *
find_gui_program (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;
  const char *env = g_getenv ("CLIPPINGS_GUI");
  const char * const candidates[] = { "clippings", "../ui/clippings" };

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  for (guint i = 0; dir != NULL && i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&path);
    }
  return g_find_program_in_path ("clippings");
}

static int
export_pdf (ClpStore               *store,
            GArray                 *ids,
            const ClpExportOptions *options,
            GFile                  *target)
{
  g_autoptr(ClpExporter) html = clp_exporter_new_for_name ("html", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *output = g_file_get_path (target);
  g_autoptr(GFile) temp_file = NULL;
  int fd, status = 0;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    return fail (_("PDF export prints through WebKit and needs a graphical session "
                   "(DISPLAY or WAYLAND_DISPLAY); run it on the desktop, or under xvfb-run."));
  program = find_gui_program ();
  if (program == NULL)
    return fail (_("PDF export needs the Clippings application (“clippings”), which is not "
                   "installed."));

  fd = g_file_open_tmp ("clippings-export-XXXXXX.html", &temp, &error);
  if (fd < 0)
    return fail ("%s", error->message);
  close (fd);
  temp_file = g_file_new_for_path (temp);
  if (!clp_export_to_file (html, store, (gint64 *) ids->data, ids->len, options, temp_file, TRUE,
                           NULL, NULL, NULL, &error))
    {
      g_unlink (temp);
      return fail ("%s", error->message);
    }

  {
    const char *argv[] = { program, "--html-to-pdf", temp, output, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                       &status, &error))
      {
        g_unlink (temp);
        return fail ("%s", error->message);
      }
  }
  g_unlink (temp);
  if (!g_spawn_check_wait_status (status, NULL))
    return fail (_("The PDF could not be written to %s."), output);
  return EXIT_OK;
}

/* Keeps the ids of @ids that @query picks, in their order. */
static gboolean
keep_matching (ClpStore  *store,
               ClpQuery  *query,
               GArray    *ids,
               GError   **error)
{
  g_autoptr(GArray) matching = clp_store_list_matching_article_ids (store, query,
                                                                     CLP_ARTICLE_ORDER_IMPORTED,
                                                                     FALSE, 0, G_MAXUINT, NULL,
                                                                     error);
  g_autoptr(GHashTable) set = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint kept = 0;

  if (matching == NULL)
    return FALSE;
  for (guint i = 0; i < matching->len; i++)
    g_hash_table_add (set, &g_array_index (matching, gint64, i));
  for (guint i = 0; i < ids->len; i++)
    if (g_hash_table_contains (set, &g_array_index (ids, gint64, i)))
      g_array_index (ids, gint64, kept++) = g_array_index (ids, gint64, i);
  g_array_set_size (ids, kept);
  return TRUE;
}

static int
run_export (int    argc,
            char **argv)
{
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(ClpExporter) exporter = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(ClpQuery) query = NULL;
  g_autoptr(GHashTable) scope = NULL;
  g_autofree char *filters = NULL;
  gboolean pdf;
  int status;
  ClpExportOptions options = { 0 };

  if (argc > 1)
    {
      g_printerr (_("clippings-cli: export takes no arguments; choose articles with --ids\n"));
      return EXIT_USAGE;
    }
  if (opt_format == NULL)
    {
      g_printerr (_("clippings-cli: say which format with --format (%s, pdf)\n"),
                  clp_exporter_list_formats ());
      return EXIT_USAGE;
    }
  pdf = g_ascii_strcasecmp (opt_format, "pdf") == 0;
  if (!pdf)
    {
      exporter = clp_exporter_new_for_name (opt_format, &error);
      if (exporter == NULL)
        {
          g_printerr ("clippings-cli: %s\n", error->message);
          return EXIT_USAGE;
        }
    }
  if (opt_ids != NULL)
    {
      ids = parse_ids (opt_ids);
      if (ids == NULL)
        {
          g_printerr (_("clippings-cli: --ids takes article ids separated by commas, like "
                        "--ids 1,2,5\n"));
          return EXIT_USAGE;
        }
    }
  if ((opt_split || pdf) && opt_output == NULL)
    {
      g_printerr (opt_split ? _("clippings-cli: --split writes files into a folder; name it with -o\n")
                            : _("clippings-cli: a PDF is written to a file; name it with -o\n"));
      return EXIT_USAGE;
    }

  status = query_from_options (&query);
  if (status >= 0)
    return status;

  store = open_store ();
  if (store == NULL)
    return EXIT_FAILED;

  if (ids == NULL)
    {
      ids = clp_store_list_matching_article_ids (store, query, CLP_ARTICLE_ORDER_IMPORTED, FALSE,
                                                 0, G_MAXUINT, NULL, &error);
      if (ids == NULL)
        return fail ("%s", error->message);
      if (ids->len == 0 && query != NULL)
        return fail (_("No article matches; nothing was exported."));
    }
  else
    {
      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(GPtrArray) found = clp_store_load_articles (store, &g_array_index (ids, gint64, i),
                                                                1, FALSE, &error);

          if (found == NULL)
            return fail ("%s", error->message);
          if (found->len == 0)
            return fail (_("There is no article %lld in the archive; "
                           "“clippings-cli list” shows the ids."),
                         (long long) g_array_index (ids, gint64, i));
        }
      if (query != NULL && !keep_matching (store, query, ids, &error))
        return fail ("%s", error->message);
      if (ids->len == 0)
        return fail (_("None of these articles matches; nothing was exported."));
    }
  if (ids->len == 0)
    return fail (_("The archive has no articles to export."));

  if (query != NULL)
    {
      /* Only the comments the query picks go, with those they answer. */
      scope = clp_export_scope_for_query (store, query, (gint64 *) ids->data, ids->len, NULL, &error);
      if (scope == NULL)
        return fail ("%s", error->message);
      filters = g_strdup (clp_query_get_text (query));
    }
  options.scope = scope;
  options.filters = filters;
  options.show_hidden = opt_hidden;
  if (opt_output != NULL)
    target = g_file_new_for_commandline_arg (opt_output);

  if (pdf)
    {
      if (!opt_force && g_file_query_exists (target, NULL))
        return fail (_("%s exists; use --force to replace it"), opt_output);
      return export_pdf (store, ids, &options, target);
    }

  if (opt_split)
    {
      g_autoptr(GPtrArray) written = clp_export_to_folder (exporter, store, (gint64 *) ids->data,
                                                           ids->len, &options, target, opt_force,
                                                           NULL, NULL, NULL, &error);

      if (written == NULL)
        return fail ("%s", error->message);
      for (guint i = 0; i < written->len; i++)
        g_print ("%s\n", (const char *) g_ptr_array_index (written, i));
      return EXIT_OK;
    }

  if (target != NULL)
    {
      if (!clp_export_to_file (exporter, store, (gint64 *) ids->data, ids->len, &options, target,
                               opt_force, NULL, NULL, NULL, &error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
            return fail (_("%s exists; use --force to replace it"), opt_output);
          return fail ("%s", error->message);
        }
      return EXIT_OK;
    }

  {
    g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

    if (!clp_exporter_run (exporter, store, (gint64 *) ids->data, ids->len, &options, out, NULL,
                           NULL, NULL, &error))
      return fail ("%s", error->message);
  }
  return EXIT_OK;
}

/* stats */

static int
run_stats (int    argc,
           char **argv)
{
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *size = NULL;
  ClpStoreStats stats;

  if (argc > 1)
    {
      g_printerr (_("clippings-cli: stats takes no arguments\n"));
      return EXIT_USAGE;
    }
  store = open_store ();
  if (store == NULL)
    return EXIT_FAILED;
  if (!clp_store_get_stats (store, &stats, &error))
    return fail ("%s", error->message);

  size = g_format_size (stats.file_size);
  g_print (_("Archive:   %s\n"), clp_store_get_path (store));
  g_print (_("Articles:  %lld\n"), (long long) stats.articles);
  g_print (_("Comments:  %lld\n"), (long long) stats.comments);
  g_print (_("Sources:   %lld\n"), (long long) stats.sources);
  g_print (_("Imports:   %lld\n"), (long long) stats.imports);
  if (stats.first_day != NULL)
    g_print (_("Dates:     %s to %s\n"), stats.first_day, stats.last_day);
  g_print (_("File size: %s\n"), size);
  clp_store_stats_clear (&stats);
  return EXIT_OK;
}

/* check */

static int
run_check (int    argc,
           char **argv)
{
  g_autoptr(ClpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  if (argc > 1)
    {
      g_printerr (_("clippings-cli: check takes no arguments\n"));
      return EXIT_USAGE;
    }
  store = open_store ();
  if (store == NULL)
    return EXIT_FAILED;
  if (!clp_store_check (store, problems, &error))
    return fail ("%s", error->message);

  if (problems->len == 0)
    {
      g_print (_("The archive is sound: database and full-text index checked.\n"));
      return EXIT_OK;
    }
  for (guint i = 0; i < problems->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (problems, i));
  return fail (g_dngettext (NULL, "the archive is damaged: %u problem found",
                            "the archive is damaged: %u problems found", problems->len),
               problems->len);
}

static const Command commands[] = {
  { "import", N_("FILE|FOLDER…"),
    N_("Import saved pages into the archive. Folders are read recursively. Each file is one "
       "transaction: it lands whole or not at all."), run_import, import_entries, NULL, FALSE },
  { "list", "", N_("List the articles of the archive. With --query, --after or --before, the "
                   "articles that match, or have a comment that matches."), run_list, list_entries,
    NULL, TRUE },
  { "show", N_("ID"), N_("Show an article and its comment threads."), run_show, show_entries,
    NULL, FALSE },
  { "search", N_("QUERY…"),
    N_("Search articles and comments. Prints the newest hits first: the article id (#comment "
       "id), the time, the author and the article's title, then the words around the match."),
    run_search, search_entries,
    N_("Words must all match; \"a phrase\" matches as written; ferr* matches words that start "
       "so; OR, -word to leave out, and parentheses combine them.\n"
       "Fields: author:\"J. Okafor\" (the whole name, any case; author:oka* for its start), "
       "source:, section:, title:; in:comments, in:articles.\n"
       "Times: after:, before:, on: take YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM; "
       "after:2019-03-14 before:2019-03-15 is that one day.\n"
       "Threads: is:reply, is:top, has:replies, replies:>N, depth:>N (also <, =, >=, <=).\n"
       "Quote the query for the shell: clippings-cli search 'ferry -night author:marit'."),
    FALSE },
  { "export", "", N_("Export articles as HTML, PDF, Markdown, Clippings JSON, CSV or saved-article "
                     "text: all of them, those of --ids, or those --query, --after and --before "
                     "pick. With a query, only the comments it picks go, with the comments "
                     "they answer as context."),
    run_export, export_entries, NULL, TRUE },
  { "stats", "", N_("Count what the archive holds."), run_stats, NULL, NULL, FALSE },
  { "check", "", N_("Check the archive and its full-text index for damage."), run_check, NULL,
    NULL, FALSE },
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
    return usage_error (error->message);

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
  search_words = g_ptr_array_new ();
  if (command->run == run_search)
    split_search_args (&argc, argv, search_words);
  status = parse_options (command, &argc, &argv);
  if (status >= 0)
    return status;
  return command->run (argc, argv);
}
