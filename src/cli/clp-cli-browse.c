/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clippings-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "clp-cli.h"
#include "clp-date.h"
#include "clp-json-exporter.h"

/* clippings-cli list, show, search, stats and check: reading the
 * archive. check opens it read-only, so that it never writes to a damaged
 * file; the others may create or upgrade it, and read a file they may not
 * write. */

/* list */

static char *opt_sort;
static gboolean opt_reverse;

const GOptionEntry clp_cli_list_entries[] = {
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

static char *
format_count (ClpArticle *article)
{
  if (article->declared_comment_count > article->comment_count)
    return g_strdup_printf (_("%d of %d"), article->comment_count,
                            article->declared_comment_count);
  return g_strdup_printf ("%d", article->comment_count);
}

int
clp_cli_run_list (int    argc,
                  char **argv)
{
  g_autoptr(ClpArchive) archive = NULL;
  g_autoptr(ClpSearchRequest) request = NULL;
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
  status = clp_cli_request_from_options (&request);
  if (status >= 0)
    return status;
  clp_search_request_set_order (request, order, descending);

  archive = clp_cli_open_archive (CLP_ARCHIVE_OPEN_DEFAULT);
  if (archive == NULL)
    return EXIT_FAILED;
  ids = clp_archive_list_article_ids (archive, request, 0, G_MAXUINT, NULL, &error);
  if (ids == NULL)
    return clp_cli_fail ("%s", error->message);

  if (!opt_json && ids->len > 0)
    {
      g_autofree char *published = clp_cli_column (_("PUBLISHED"), 10);
      g_autofree char *source = clp_cli_column (_("SOURCE"), 24);
      g_autofree char *comments = clp_cli_column (_("COMMENTS"), 9);

      g_print ("%6s  %s  %s  %s  %s\n", _("ID"), published, source, comments, _("TITLE"));
    }

  /* A page at a time, so that a huge archive starts printing at once. */
  for (guint start = 0; start < ids->len; start += 200)
    {
      guint n = MIN (200, ids->len - start);
      g_autoptr(GPtrArray) articles = clp_archive_load_articles (archive,
                                                                 &g_array_index (ids, gint64, start),
                                                                 n, FALSE, &error);

      if (articles == NULL)
        return clp_cli_fail ("%s", error->message);
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
              clp_cli_print_json_node (node);
            }
          else
            {
              g_autofree char *count = format_count (article);
              g_autofree char *published = clp_cli_column (article->published, 10);
              g_autofree char *source = clp_cli_column (article->source, 24);
              g_autofree char *comments = clp_cli_column (count, 9);

              g_print ("%6" G_GINT64_FORMAT "  %s  %s  %s  %s\n", article->id, published, source,
                       comments, article->title);
            }
        }
    }
  if (!opt_json && ids->len == 0 && !clp_search_request_lists_everything (request))
    g_print (_("No article matches.\n"));
  else if (!opt_json && ids->len == 0)
    g_print (_("The archive is empty. Import saved pages with “clippings-cli import FILE”.\n"));
  return EXIT_OK;
}

/* show */

const GOptionEntry clp_cli_show_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print the article as a Clippings JSON article object"), NULL },
  { NULL }
};

static void
print_indented (const char *text,
                const char *indent)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("%s%s\n", *lines[i] != '\0' ? indent : "", lines[i]);
}

int
clp_cli_run_show (int    argc,
                  char **argv)
{
  g_autoptr(ClpArchive) archive = NULL;
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
  if (!clp_cli_parse_id (argv[1], &id))
    {
      g_printerr (_("clippings-cli: “%s” is not an article id; “clippings-cli list” shows "
                    "them\n"), argv[1]);
      return EXIT_USAGE;
    }

  archive = clp_cli_open_archive (CLP_ARCHIVE_OPEN_DEFAULT);
  if (archive == NULL)
    return EXIT_FAILED;
  article = clp_archive_load_article (archive, id, &error);
  if (article == NULL)
    return clp_cli_fail ("%s", error->message);
  comments = clp_archive_load_comments (archive, id, &error);
  if (comments == NULL)
    return clp_cli_fail ("%s", error->message);

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
  if (article->byline != NULL)
    g_print ("%s\n", article->byline);
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

const GOptionEntry clp_cli_search_entries[] = {
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
void
clp_cli_split_search_args (int        *argc,
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
  clp_cli_print_json_node (node);
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
  when_column = clp_cli_column (when, 16);

  g_print ("%-9s  %s  %s — %s\n", where, when_column,
           hit->author != NULL ? hit->author : _("(article)"),
           hit->title != NULL ? hit->title : "");
  if (*snippet != '\0')
    g_print ("    %s\n", snippet);
}

GPtrArray *clp_cli_search_words;

/**
 * clp_cli_describe_search:
 *
 * Returns: the query language, a form a line, for search's --help
 */
char *
clp_cli_describe_search (void)
{
  g_autoptr(GString) text = g_string_new (_("The query language:\n"));
  const ClpQuerySyntax *syntax;
  guint n_rows;

  syntax = clp_query_get_syntax (&n_rows);
  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (text, "  %-24s %s\n", syntax[i].example, _(syntax[i].help));
  g_string_append (text, _("Quote the query for the shell: clippings-cli search 'ferry -night "
                           "author:marit'."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

int
clp_cli_run_search (int    argc,
                    char **argv)
{
  static const char * const orders[] = { "newest", "oldest", "relevance" };
  g_autoptr(ClpArchive) archive = NULL;
  g_autoptr(ClpSearchRequest) request = clp_search_request_new ();
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
  if (clp_cli_search_words->len == 0)
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

  g_ptr_array_add (clp_cli_search_words, NULL);
  text = g_strjoinv (" ", (char **) clp_cli_search_words->pdata);
  if (!clp_search_request_set_text (request, text, &error))
    return clp_cli_query_error (NULL, text, error);
  clp_search_request_set_search_order (request, order);

  archive = clp_cli_open_archive (CLP_ARCHIVE_OPEN_DEFAULT);
  if (archive == NULL)
    return EXIT_FAILED;
  hits = clp_archive_search (archive, request, 0, opt_limit, NULL, &error);
  if (hits == NULL)
    return clp_cli_fail ("%s", error->message);

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

/* stats */

int
clp_cli_run_stats (int    argc,
                   char **argv)
{
  g_autoptr(ClpArchive) archive = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *size = NULL;
  ClpStoreStats stats;

  if (argc > 1)
    {
      g_printerr (_("clippings-cli: stats takes no arguments\n"));
      return EXIT_USAGE;
    }
  archive = clp_cli_open_archive (CLP_ARCHIVE_OPEN_DEFAULT);
  if (archive == NULL)
    return EXIT_FAILED;
  if (!clp_archive_get_stats (archive, &stats, &error))
    return clp_cli_fail ("%s", error->message);

  size = g_format_size (stats.file_size);
  g_print (_("Archive:   %s\n"), clp_archive_get_path (archive));
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

int
clp_cli_run_check (int    argc,
                   char **argv)
{
  g_autoptr(ClpArchive) archive = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  gboolean index_checked = FALSE;

  if (argc > 1)
    {
      g_printerr (_("clippings-cli: check takes no arguments\n"));
      return EXIT_USAGE;
    }
  /* Checking reads only: a damaged archive is not written to. */
  archive = clp_cli_open_archive (CLP_ARCHIVE_OPEN_READ_ONLY);
  if (archive == NULL)
    return EXIT_FAILED;
  if (!clp_archive_check (archive, problems, &index_checked, &error))
    return clp_cli_fail ("%s", error->message);

  if (problems->len == 0)
    {
      if (index_checked)
        g_print (_("The archive is sound: database and full-text index checked.\n"));
      else
        g_print (_("The database is sound. Its full-text index was not checked: that needs "
                   "leave to write to the archive (nothing is written).\n"));
      return EXIT_OK;
    }
  for (guint i = 0; i < problems->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (problems, i));
  return clp_cli_fail (g_dngettext (NULL, "the archive is damaged: %u problem found",
                            "the archive is damaged: %u problems found", problems->len),
               problems->len);
}


/* recover */

static char *opt_output;

const GOptionEntry clp_cli_recover_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("The new archive to make; it must not exist"), N_("PATH") },
  { NULL }
};

int
clp_cli_run_recover (int    argc,
                     char **argv)
{
  g_autofree char *path = clp_cli_archive_path ();
  g_autoptr(GError) error = NULL;
  ClpRecoverCounts counts;

  if (argc > 1 || opt_output == NULL)
    {
      g_printerr (_("clippings-cli: recover takes no arguments, and the new archive with -o\n"));
      return EXIT_USAGE;
    }
  if (!clp_archive_recover (path, opt_output, &counts, &error))
    return clp_cli_fail ("%s", error->message);

  g_print (g_dngettext (NULL, "Copied %lld row of %s into the new archive %s.\n",
                        "Copied %lld rows of %s into the new archive %s.\n", counts.rows),
           (long long) counts.rows, path, opt_output);
  if (counts.damaged_places > 0 || counts.tables_lost > 0)
    g_print (_("Some pages could not be read (%u places, %u whole tables): what they held is "
               "lost.\n"), counts.damaged_places, counts.tables_lost);
  if (counts.rows_dropped > 0)
    g_print (g_dngettext (NULL, "%lld row was left out: it belonged to one that was lost.\n",
                          "%lld rows were left out: they belonged to ones that were lost.\n",
                          counts.rows_dropped), (long long) counts.rows_dropped);
  g_print (_("%s was not changed. Check the new archive, then use it with --db or move it "
             "into place.\n"), path);
  return EXIT_OK;
}
