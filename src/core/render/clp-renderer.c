/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-renderer"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-date.h"
#include "clp-html.h"
#include "clp-reference.h"
#include "clp-renderer.h"
#include "clp-renderer-timeline.h"
#include "clp-text.h"
#include "clp-thread-shape.h"

/* Writes an article and its comment threads as one HTML page, for the
 * reading view and the HTML export. All text passes through
 * clp_html_append_escaped(); stored HTML (from Disqus and WordPress) was
 * made by the sanitizer at import and is written as it is.
 *
 * Replies nest as lists inside <details>, so a reader folds a chain without
 * script. Nesting stops at MAX_NESTING levels: a page cannot indent a
 * 300-deep chain, and deeper replies say whom they answer instead. */

#define MAX_NESTING 8

/* Words longer than this are not broken to fit the page; see
 * clp_renderer_append_marking_long_words(). */
#define LONG_WORD 1000

/* Text made from a format, such as a translation, escaped like any other:
 * a translator's '&' or '<' is a character, never markup. */
static void
append_escaped_printf (GString    *out,
                       const char *format,
                       ...) G_GNUC_PRINTF (2, 3);

static void
append_escaped_printf (GString    *out,
                       const char *format,
                       ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  clp_html_append_escaped (out, text, -1);
}

/* Made by glib-compile-resources from data/clippings-core.gresource.xml.
 * Naming it here also keeps the linker from leaving the resource out of
 * programs that link the static core library. */
GResource *clippings_core_get_resource (void);

typedef struct
{
  ClpComment *comment;
  gboolean    context;   /* shown dimmed, only because a match answers it */
} Entry;

typedef struct
{
  gint64   id;
  int      depth;        /* in the thread */
  guint    n_replies;    /* comments shown under it, at any depth: what its fold hides */
  gboolean replies_open; /* its <details><ol> is open */
} Level;

/* The last comment written at a depth: the one a reply below it answers. */
typedef struct
{
  gint64  id;
  char   *author;
} Recent;

struct _ClpRendererThread
{
  const ClpRenderOptions *options;
  char                   *article_key;  /* for references */
  GArray                 *levels;       /* Level: the open list items */
  GArray                 *recent;       /* Recent, by depth */
  gboolean                started;
};

const char *
clp_renderer_get_css (void)
{
  static char *css;

  if (g_once_init_enter (&css))
    {
      g_autoptr(GBytes) bytes =
        g_resource_lookup_data (clippings_core_get_resource (),
                                "/io/github/clippings/Clippings/core/html/reader.css",
                                G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

      g_assert (bytes != NULL);
      g_once_init_leave (&css, g_strndup (g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes)));
    }
  return css;
}

/**
 * clp_renderer_append_marked:
 * @query: (nullable): whose words to mark
 * @field: what @text is, for which of the query's terms apply
 *
 * Appends @text escaped, with the query's matches inside <mark>. Matches
 * are found in the text itself and each piece is escaped on its own, so a
 * term can never match inside an entity nor a mark inside the markup.
 */
void
clp_renderer_append_marked (GString       *out,
                            const char    *text,
                            ClpQuery      *query,
                            ClpQueryField  field)
{
  g_autoptr(GArray) matches = NULL;
  gsize written = 0;

  if (text == NULL)
    return;
  if (query == NULL)
    {
      clp_html_append_escaped (out, text, -1);
      return;
    }

  matches = clp_query_find_matches (query, text, field);
  for (guint i = 0; i < matches->len; i++)
    {
      ClpQueryMatch *match = &g_array_index (matches, ClpQueryMatch, i);

      clp_html_append_escaped (out, text + written, match->start - written);
      g_string_append (out, "<mark>");
      clp_html_append_escaped (out, text + match->start, match->end - match->start);
      g_string_append (out, "</mark>");
      written = match->end;
    }
  clp_html_append_escaped (out, text + written, -1);
}

/* The text of a run between two of the sanitizer's tags: the references
 * clp_html_append_escaped() wrote, read back. */
static char *
stored_text (const char *run,
             gsize       length)
{
  static const struct { const char *reference; char c; } references[] = {
    { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' },
  };
  GString *text = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      gboolean found = FALSE;

      if (run[i] == '&')
        for (guint r = 0; r < G_N_ELEMENTS (references) && !found; r++)
          {
            gsize n = strlen (references[r].reference);

            if (length - i >= n && strncmp (run + i, references[r].reference, n) == 0)
              {
                g_string_append_c (text, references[r].c);
                i += n - 1;
                found = TRUE;
              }
          }
      if (!found)
        g_string_append_c (text, run[i]);
    }
  return g_string_free (text, FALSE);
}

static void append_linked (GString    *out,
                           const char *text,
                           ClpQuery   *query);

/* HTML stored at import was made by the sanitizer: its own tags, and text
 * escaped by clp_html_append_escaped(). Each run of text between tags is
 * read back and written again, with its web addresses as links (the
 * sanitizer keeps a link's address as text after it) and, with a query,
 * its matches marked through clp_renderer_append_marked(): marks and links
 * fall between the tags, never inside one. */
static void
append_stored_html (GString    *out,
                    const char *html,
                    ClpQuery   *query)
{
  const char *p = html;
  gboolean in_link = FALSE;

  while (*p != '\0')
    {
      const char *tag = strchr (p, '<');
      const char *end;

      if (tag == NULL)
        tag = p + strlen (p);
      if (tag > p)
        {
          g_autofree char *text = stored_text (p, tag - p);

          if (in_link)
            clp_renderer_append_marked (out, text, query, CLP_QUERY_FIELD_TEXT);
          else
            append_linked (out, text, query);
        }
      if (*tag == '\0')
        break;
      end = strchr (tag, '>');
      if (end == NULL)
        break;  /* not the sanitizer's: an unclosed tag is left out */
      if (g_ascii_strncasecmp (tag, "<a", 2) == 0 && (tag[2] == ' ' || tag[2] == '>'))
        in_link = TRUE;
      else if (g_ascii_strncasecmp (tag, "</a>", 4) == 0)
        in_link = FALSE;
      g_string_append_len (out, tag, end + 1 - tag);
      p = end + 1;
    }
}

/* Plain text with web addresses as links; the view opens them in the
 * user's browser, never in itself. */
static void
append_linked (GString    *out,
               const char *text,
               ClpQuery   *query)
{
  const char *p = text;

  for (;;)
    {
      const char *http = strstr (p, "http://");
      const char *https = strstr (p, "https://");
      const char *start = http == NULL ? https : https == NULL ? http : MIN (http, https);
      const char *end;
      g_autofree char *before = NULL;
      g_autofree char *url = NULL;

      if (start == NULL)
        break;
      end = start;
      while (*end != '\0' && !g_ascii_isspace (*end) && *end != '<' && *end != '>' &&
             *end != '"' && *end != '\'')
        end++;
      while (end > start && strchr (".,;:!?)]", end[-1]) != NULL)
        end--;
      if (end - start <= (gssize) strlen ("https://"))
        {
          before = g_strndup (p, end - p);
          clp_renderer_append_marked (out, before, query, CLP_QUERY_FIELD_TEXT);
          p = end;
          continue;
        }

      before = g_strndup (p, start - p);
      url = g_strndup (start, end - start);
      clp_renderer_append_marked (out, before, query, CLP_QUERY_FIELD_TEXT);
      if (clp_html_is_safe_link (url))
        {
          g_string_append (out, "<a href=\"");
          clp_html_append_escaped (out, url, -1);
          g_string_append (out, "\">");
          clp_renderer_append_marked (out, url, query, CLP_QUERY_FIELD_TEXT);
          g_string_append (out, "</a>");
        }
      else
        clp_renderer_append_marked (out, url, query, CLP_QUERY_FIELD_TEXT);
      p = end;
    }
  clp_renderer_append_marked (out, p, query, CLP_QUERY_FIELD_TEXT);
}

/* Paragraphs separated by blank lines; inside a comment a single line
 * break is the reader's own, inside the article body it is the saved
 * page's wrapping. A @dateline goes inside the first paragraph, as
 * printed. */
static void
append_paragraphs (GString    *out,
                   const char *text,
                   gboolean    keep_breaks,
                   const char *dateline,
                   ClpQuery   *query)
{
  g_auto(GStrv) paragraphs = clp_text_split_paragraphs (text);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_auto(GStrv) lines = g_strsplit (paragraphs[i], "\n", -1);

      g_string_append (out, "<p dir=\"auto\">");
      if (i == 0 && dateline != NULL)
        {
          g_string_append (out, "<span class=\"dateline\">");
          clp_html_append_escaped (out, dateline, -1);
          g_string_append (out, "</span> — ");
        }
      for (guint k = 0; lines[k] != NULL; k++)
        {
          if (k > 0)
            g_string_append (out, keep_breaks ? "<br>" : " ");
          append_linked (out, lines[k], query);
        }
      g_string_append (out, "</p>\n");
    }
}

/**
 * clp_renderer_begin_document:
 *
 * Starts a page: its head with the stylesheet inline, and the body.
 */
void
clp_renderer_begin_document (GString    *out,
                             const char *title,
                             gboolean    dark)
{
  g_string_append_printf (out, "<!DOCTYPE html>\n<html%s>\n<head>\n<meta charset=\"utf-8\">\n",
                          dark ? " class=\"dark\"" : "");
  g_string_append (out, "<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
  clp_html_append_escaped (out, title, -1);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, clp_renderer_get_css ());
  g_string_append (out, "</style>\n</head>\n<body>\n<main>\n");
}

void
clp_renderer_end_document (GString *out)
{
  g_string_append (out, "</main>\n</body>\n</html>\n");
}

static void
append_article (GString                *out,
                ClpArticle             *article,
                const ClpRenderOptions *options)
{
  g_string_append (out, "<article>\n<header>\n");
  if (article->source != NULL || article->section != NULL)
    {
      g_string_append (out, "<p class=\"kicker\" dir=\"auto\">");
      clp_html_append_escaped (out, article->source, -1);
      if (article->source != NULL && article->section != NULL)
        g_string_append (out, " · ");
      clp_html_append_escaped (out, article->section, -1);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "<h1 dir=\"auto\">");
  clp_renderer_append_marked (out, article->title, options->query, CLP_QUERY_FIELD_TITLE);
  g_string_append (out, "</h1>\n");
  /* As the page printed it ("By Jane Doe and Ann Lee"). */
  if (article->byline != NULL)
    {
      g_string_append (out, "<p class=\"byline\" dir=\"auto\">");
      clp_html_append_escaped (out, article->byline, -1);
      g_string_append (out, "</p>\n");
    }

  if (article->published != NULL || article->url != NULL)
    {
      g_string_append (out, "<p class=\"meta\">");
      if (article->published != NULL)
        {
          g_autofree char *day = clp_date_format_day (article->published);

          g_string_append (out, "<time datetime=\"");
          clp_html_append_escaped (out, article->published, -1);
          g_string_append (out, "\">");
          /* Translators: before the day an article was published */
          clp_html_append_escaped (out, _("Published "), -1);
          clp_html_append_escaped (out, day, -1);
          g_string_append (out, "</time>");
        }
      if (article->url != NULL)
        {
          if (article->published != NULL)
            g_string_append (out, " · ");
          /* The address comes from the file: a javascript: or data: one
           * is shown, never followed. */
          if (clp_html_is_safe_link (article->url))
            {
              g_string_append (out, "<a href=\"");
              clp_html_append_escaped (out, article->url, -1);
              g_string_append (out, "\">");
              clp_html_append_escaped (out, _("Original page"), -1);
              g_string_append (out, "</a>");
            }
          else
            {
              g_string_append (out, "<span class=\"unsafe-link\">");
              /* Translators: before an article's address that is not a web
               * page, shown as text */
              clp_html_append_escaped (out, _("Original page: "), -1);
              clp_html_append_escaped (out, article->url, -1);
              g_string_append (out, "</span>");
            }
        }
      g_string_append (out, "</p>\n");
    }
  if (article->caption != NULL)
    {
      g_string_append (out, "<p class=\"caption\" dir=\"auto\">");
      clp_html_append_escaped (out, article->caption, -1);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</header>\n<div class=\"body\">\n");

  if (article->body_html != NULL)
    append_stored_html (out, article->body_html, options->query);
  else
    for (guint i = 0; i < article->body->len; i++)
      append_paragraphs (out, g_ptr_array_index (article->body, i), FALSE,
                         i == 0 ? article->dateline : NULL, options->query);
  g_string_append (out, "</div>\n</article>\n");
}

/* The comments the page shows, in thread order, and which are context:
 * those clp_thread_shape_select() holds, as an export holds them. */
static GArray *
select_entries (GPtrArray              *comments,
                const ClpRenderOptions *options,
                ClpRenderSummary       *summary)
{
  g_autoptr(ClpThreadShape) shape = clp_thread_shape_new_for_comments (comments);
  g_autoptr(GPtrArray) ordered = NULL;
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  gboolean filter = options->matching != NULL && options->only_matching;

  clp_thread_shape_select (shape, filter ? options->matching : NULL, options->show_hidden, -1,
                           &summary->counts);
  summary->n_hidden = options->show_hidden ? 0 : summary->counts.hidden;
  summary->n_matching = summary->counts.matching;
  /* Matches marked among all the comments: count them without leaving
   * the others out. */
  if (options->matching != NULL && !filter)
    {
      summary->n_matching = 0;
      for (guint i = 0; i < comments->len; i++)
        {
          ClpComment *comment = g_ptr_array_index (comments, i);

          if ((comment->status == CLP_COMMENT_VISIBLE || options->show_hidden) &&
              g_hash_table_contains (options->matching, &comment->id))
            summary->n_matching++;
        }
    }

  ordered = clp_comment_thread_order (comments);
  for (guint i = 0; i < ordered->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (ordered, i);
      ClpCommentRole role = clp_thread_shape_get_role (shape, comment->id);
      Entry entry = { comment, role == CLP_COMMENT_ROLE_CONTEXT };

      if (role == CLP_COMMENT_ROLE_NONE)
        continue;
      /* The entries outlive @ordered: they hold the comments in @comments. */
      g_array_append_val (entries, entry);
    }
  return entries;
}

/* Pages break between threads where they can, and inside a thread only
 * when it alone is longer than a page. A thread starts at a comment whose
 * parent is not shown before it. Returns the first entry of each page,
 * then the end. */
static GArray *
paginate (GArray *entries,
          guint   page_size)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (guint));
  guint page_start = 0;
  guint end;

  g_array_append_val (starts, page_start);
  for (guint i = 0; i < entries->len;)
    {
      guint group_end = i;

      do
        {
          ClpComment *comment = g_array_index (entries, Entry, group_end).comment;

          g_hash_table_add (seen, &comment->id);
          group_end++;
        }
      while (group_end < entries->len &&
             g_hash_table_contains (seen, &g_array_index (entries, Entry, group_end).comment->parent_id));

      if (i > page_start && group_end - page_start > page_size)
        {
          page_start = i;
          g_array_append_val (starts, page_start);
        }
      while (group_end - page_start > page_size)
        {
          page_start += page_size;
          g_array_append_val (starts, page_start);
        }
      i = group_end;
    }
  end = entries->len;
  g_array_append_val (starts, end);
  return starts;
}

/* The entries the pages show and where each page starts, as
 * select_entries() and paginate() find them with @options' page size. */
static GArray *
lay_out (GPtrArray              *comments,
         const ClpRenderOptions *options,
         ClpRenderSummary       *summary,
         GArray                **starts)
{
  GArray *entries = select_entries (comments, options, summary);
  guint page_size = options->page_size == 0 ? CLP_RENDER_PAGE_SIZE : options->page_size;

  *starts = paginate (entries, MAX (page_size, 1));
  return entries;
}

static void
append_comment_open (GString                *out,
                     ClpComment             *comment,
                     gboolean                context,
                     gint64                  reply_to_id,
                     const char             *reply_to_author,
                     const char             *article_key,
                     const ClpRenderOptions *options)
{
  g_autofree char *shown = clp_comment_dup_shown_time (comment);
  g_autofree char *when = clp_date_format_time (shown);
  const char *classes = context ? " context" : "";

  g_string_append_printf (out, "<li class=\"comment%s%s\" id=\"c%" G_GINT64_FORMAT "\">\n",
                          classes, comment->status != CLP_COMMENT_VISIBLE ? " hidden-comment" : "",
                          comment->id);
  g_string_append (out, "<div class=\"comment-head\"><span class=\"author\" dir=\"auto\">");
  clp_renderer_append_marked (out, comment->author, options->query, CLP_QUERY_FIELD_AUTHOR);
  g_string_append (out, "</span>");
  if (reply_to_author != NULL)
    {
      g_string_append_printf (out, "<a class=\"reply-to\" href=\"#c%" G_GINT64_FORMAT "\">",
                              reply_to_id);
      /* Translators: shown before the author a deeply nested reply answers */
      clp_html_append_escaped (out, _("in reply to "), -1);
      g_string_append (out, "<bdi>");
      clp_html_append_escaped (out, reply_to_author, -1);
      g_string_append (out, "</bdi></a>");
    }
  if (shown != NULL)
    {
      g_string_append (out, "<time datetime=\"");
      clp_html_append_escaped (out, shown, -1);
      g_string_append (out, "\">");
      clp_html_append_escaped (out, when, -1);
      g_string_append (out, "</time>");
    }
  if (comment->status != CLP_COMMENT_VISIBLE)
    {
      g_string_append (out, "<span class=\"status-label\">");
      clp_html_append_escaped (out, comment->status == CLP_COMMENT_DELETED ? _("Deleted")
                                                                          : _("Spam"), -1);
      g_string_append (out, "</span>");
    }
  g_string_append_printf (out, "<a class=\"permalink\" href=\"#c%" G_GINT64_FORMAT "\" title=\"",
                          comment->id);
  clp_html_append_escaped (out, _("Link to this comment"), -1);
  g_string_append (out, "\">#</a>");
  if (options->base_uri != NULL && comment->parent_id == 0 && !context)
    {
      g_string_append_printf (out, "<a class=\"action\" href=\"clippings://action/export-thread"
                              "?comment=%" G_GINT64_FORMAT "\">", comment->id);
      clp_html_append_escaped (out, _("Export this thread"), -1);
      g_string_append (out, "</a>");
    }
  /* The reference to cite the comment by: in the view with the links
   * that copy it, or the comment as a quotation (shown on hover, as the
   * other actions); in an export, as text. */
  if (article_key != NULL && comment->text != NULL && (options->base_uri != NULL ||
                                                       options->for_export))
    {
      g_autofree char *reference = clp_reference_for_comment (article_key, comment);

      g_string_append (out, options->base_uri != NULL ? "<span class=\"comment-tools\">" : "");
      g_string_append (out, "<span class=\"reference\" title=\"");
      clp_html_append_escaped (out, _("Reference of this comment, the same in every archive"), -1);
      g_string_append (out, "\">");
      clp_html_append_escaped (out, reference, -1);
      g_string_append (out, "</span>");
      if (options->base_uri != NULL)
        {
          g_string_append_printf (out, "<a class=\"action\" href=\"clippings://action/"
                                  "copy-reference?comment=%" G_GINT64_FORMAT "\">", comment->id);
          clp_html_append_escaped (out, _("Copy Reference"), -1);
          g_string_append_printf (out, "</a><a class=\"action\" href=\"clippings://action/"
                                  "copy-quotation?comment=%" G_GINT64_FORMAT "\">", comment->id);
          clp_html_append_escaped (out, _("Copy as Quotation"), -1);
          g_string_append (out, "</a></span>");
        }
    }
  g_string_append (out, "</div>\n");

  g_string_append (out, "<div class=\"comment-text\" dir=\"auto\">\n");
  if (comment->html != NULL)
    append_stored_html (out, comment->html, options->query);
  else
    append_paragraphs (out, comment->text, TRUE, NULL, options->query);
  g_string_append (out, "</div>\n");
}

static void
close_level (GString *out,
             Level   *level)
{
  if (level->replies_open)
    g_string_append (out, "</ol>\n</details>\n");
  g_string_append (out, "</li>\n");
}

static void
recent_clear (Recent *recent)
{
  g_free (recent->author);
}

/**
 * clp_renderer_thread_new:
 * @article: the comments' article
 *
 * Starts writing comments in thread order, nested: replies inside
 * <details> under what they answer, down to MAX_NESTING levels; deeper
 * ones say whom they answer.
 *
 * Returns: (transfer full): the writer; clp_renderer_thread_finish()
 *   closes what it opened and frees it
 */
ClpRendererThread *
clp_renderer_thread_new (ClpArticle             *article,
                         const ClpRenderOptions *options)
{
  ClpRendererThread *self = g_new0 (ClpRendererThread, 1);

  g_return_val_if_fail (article != NULL && options != NULL, NULL);

  self->options = options;
  self->article_key = clp_reference_for_article (article);
  self->levels = g_array_new (FALSE, FALSE, sizeof (Level));
  self->recent = g_array_new (FALSE, TRUE, sizeof (Recent));
  g_array_set_clear_func (self->recent, (GDestroyNotify) recent_clear);
  return self;
}

/**
 * clp_renderer_thread_append:
 * @comment: the next comment in thread order, with its text
 * @depth: how deep it sits among the comments written
 *   (clp_comment_thread_depths())
 * @context: shown dimmed, only because a match answers it
 * @n_replies: how many comments are written under it, replies to its
 *   replies too: the count its fold says
 * @parent: (nullable): the comment it answers, when the caller has it;
 *   otherwise the writer knows it when it was written last at the depth
 *   above
 */
void
clp_renderer_thread_append (ClpRendererThread *self,
                            GString           *out,
                            ClpComment        *comment,
                            int                depth,
                            gboolean           context,
                            guint              n_replies,
                            ClpComment        *parent)
{
  GArray *levels = self->levels;
  gboolean reply_to = FALSE;
  gint64 reply_to_id = comment->parent_id;
  const char *reply_to_author = NULL;

  if (!self->started)
    {
      g_string_append (out, "<ol class=\"thread\">\n");
      self->started = TRUE;
    }
  while (levels->len > 0 && g_array_index (levels, Level, levels->len - 1).depth >= depth)
    {
      close_level (out, &g_array_index (levels, Level, levels->len - 1));
      g_array_set_size (levels, levels->len - 1);
    }

  if (levels->len > 0)
    {
      Level *above = &g_array_index (levels, Level, levels->len - 1);

      if (above->depth == depth - 1 && above->id == comment->parent_id)
        {
          if (!above->replies_open)
            {
              int n = above->n_replies;

              g_string_append (out, "<details open>\n<summary>");
              append_escaped_printf (out, g_dngettext (GETTEXT_PACKAGE, "%d reply",
                                                       "%d replies", n), n);
              g_string_append (out, "</summary>\n<ol class=\"replies\">\n");
              above->replies_open = TRUE;
            }
        }
      else
        reply_to = TRUE;
    }
  else if (comment->parent_id != 0)
    /* The page starts inside a thread, or the parent is not shown. */
    reply_to = TRUE;

  if (reply_to && parent != NULL)
    reply_to_author = parent->author;
  else if (reply_to && depth > 0 && (guint) depth <= self->recent->len &&
           g_array_index (self->recent, Recent, depth - 1).id == comment->parent_id)
    reply_to_author = g_array_index (self->recent, Recent, depth - 1).author;
  reply_to = reply_to_author != NULL;

  append_comment_open (out, comment, context, reply_to_id, reply_to_author, self->article_key,
                       self->options);

  if ((guint) depth >= self->recent->len)
    g_array_set_size (self->recent, depth + 1);
  {
    Recent *recent = &g_array_index (self->recent, Recent, depth);

    g_free (recent->author);
    recent->id = comment->id;
    recent->author = g_strdup (comment->author);
  }

  if (levels->len < MAX_NESTING && (levels->len == 0 || !reply_to))
    {
      Level level = { comment->id, depth, n_replies, FALSE };

      g_array_append_val (levels, level);
    }
  else
    g_string_append (out, "</li>\n");
}

/**
 * clp_renderer_thread_finish:
 *
 * Closes what the writer opened, and frees it.
 */
void
clp_renderer_thread_finish (ClpRendererThread *self,
                            GString           *out)
{
  g_return_if_fail (self != NULL);

  while (self->levels->len > 0)
    {
      close_level (out, &g_array_index (self->levels, Level, self->levels->len - 1));
      g_array_set_size (self->levels, self->levels->len - 1);
    }
  if (self->started)
    g_string_append (out, "</ol>\n");
  g_array_unref (self->levels);
  g_array_unref (self->recent);
  g_free (self->article_key);
  g_free (self);
}

static void
append_threads (GString                *out,
                ClpArticle             *article,
                GArray                 *entries,
                guint                   first,
                guint                   end,
                GHashTable             *by_id,
                const ClpRenderOptions *options)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_sized_new (entries->len);
  g_autoptr(GHashTable) depth = NULL;
  g_autoptr(GHashTable) replies = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));
  ClpRendererThread *thread = clp_renderer_thread_new (article, options);

  /* Depth within the threads shown, and how many comments each fold
   * hides: the whole sub-thread shown under a comment, replies to its
   * replies too. In thread order that is the run of deeper comments
   * after it. */
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (shown, g_array_index (entries, Entry, i).comment);
  depth = clp_comment_thread_depths (shown);
  for (guint i = 0; i <= entries->len; i++)
    {
      ClpComment *comment = i < entries->len ? g_array_index (entries, Entry, i).comment : NULL;
      int d = comment != NULL ? GPOINTER_TO_INT (g_hash_table_lookup (depth, &comment->id)) : -1;

      while (open->len > 0)
        {
          guint j = g_array_index (open, guint, open->len - 1);
          ClpComment *above = g_array_index (entries, Entry, j).comment;

          if (GPOINTER_TO_INT (g_hash_table_lookup (depth, &above->id)) < d)
            break;
          g_hash_table_replace (replies, &above->id, GINT_TO_POINTER (i - j - 1));
          g_array_set_size (open, open->len - 1);
        }
      if (comment != NULL)
        g_array_append_val (open, i);
    }

  /* An empty page still has its list, as it always had. */
  g_string_append (out, "<ol class=\"thread\">\n");
  thread->started = TRUE;
  for (guint i = first; i < end; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      ClpComment *comment = entry->comment;

      clp_renderer_thread_append (thread, out, comment,
                                  GPOINTER_TO_INT (g_hash_table_lookup (depth, &comment->id)),
                                  entry->context,
                                  GPOINTER_TO_UINT (g_hash_table_lookup (replies, &comment->id)),
                                  g_hash_table_lookup (by_id, &comment->parent_id));
    }
  clp_renderer_thread_finish (thread, out);
}

static void
append_page_links (GString                *out,
                   const ClpRenderOptions *options,
                   guint                   page,
                   guint                   n_pages)
{
  if (n_pages <= 1 || options->base_uri == NULL)
    return;

  g_string_append (out, "<nav class=\"pages\"><span>");
  if (page > 1)
    {
      g_string_append (out, "<a href=\"");
      clp_html_append_escaped (out, options->base_uri, -1);
      g_string_append_printf (out, "?page=%u#comments\">", page - 1);
      clp_html_append_escaped (out, _("← Earlier comments"), -1);
      g_string_append (out, "</a>");
    }
  g_string_append (out, "</span><span>");
  append_escaped_printf (out, _("Page %u of %u"), page, n_pages);
  g_string_append (out, "</span><span>");
  if (page < n_pages)
    {
      g_string_append (out, "<a href=\"");
      clp_html_append_escaped (out, options->base_uri, -1);
      g_string_append_printf (out, "?page=%u#comments\">", page + 1);
      clp_html_append_escaped (out, _("Later comments →"), -1);
      g_string_append (out, "</a>");
    }
  g_string_append (out, "</span></nav>\n");
}

/* The comment section's heading and the notes under it; FALSE, with the
 * section closed, when it shows no comment. */
static gboolean
append_comments_head (GString                *out,
                      const ClpCommentCounts *counts,
                      const ClpRenderOptions *options)
{
  g_autofree char *heading = clp_comment_counts_heading (counts);
  g_autofree char *missing = clp_comment_counts_missing (counts);
  g_autofree char *hidden = clp_comment_counts_hidden (counts);
  g_autofree char *held = options->for_export ? clp_comment_counts_held (counts) : NULL;

  g_string_append (out, options->base_uri != NULL ? "<section class=\"comments\" id=\"comments\">\n<h2>"
                                                  : "<section class=\"comments\">\n<h2>");
  clp_html_append_escaped (out, heading, -1);
  g_string_append (out, "</h2>\n");

  if (missing != NULL)
    {
      g_string_append (out, "<p class=\"note\">");
      clp_html_append_escaped (out, missing, -1);
      g_string_append (out, "</p>\n");
    }
  if (hidden != NULL)
    {
      g_string_append (out, "<p class=\"note\">");
      clp_html_append_escaped (out, hidden, -1);
      if (options->base_uri != NULL)
        {
          g_string_append_printf (out, " <a href=\"clippings://action/%s\">",
                                  counts->shows_hidden ? "hide-hidden" : "show-hidden");
          clp_html_append_escaped (out, counts->shows_hidden ? _("Hide them") : _("Show them"), -1);
          g_string_append (out, "</a>");
        }
      g_string_append (out, "</p>\n");
    }
  if (held != NULL && counts->held > 0)
    {
      g_string_append (out, "<p class=\"note\">");
      clp_html_append_escaped (out, held, -1);
      g_string_append (out, "</p>\n");
    }

  if (counts->held == 0)
    {
      g_string_append (out, "<p class=\"note\">");
      clp_html_append_escaped (out, counts->archived == 0 ? _("No comments were saved with this "
                                                              "article.")
                                                          : _("No comment passes the filters."),
                               -1);
      g_string_append (out, "</p>\n</section>\n");
      return FALSE;
    }
  return TRUE;
}

static void
append_comments (GString                *out,
                 ClpArticle             *article,
                 GPtrArray              *comments,
                 const ClpRenderOptions *options,
                 ClpRenderSummary       *summary)
{
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GArray) entries = lay_out (comments, options, summary, &starts);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint page;

  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);

      g_hash_table_insert (by_id, &comment->id, comment);
    }

  summary->n_pages = starts->len - 1;
  summary->n_shown = entries->len;
  summary->counts.declared = article->declared_comment_count;
  page = CLAMP (options->page, 1, summary->n_pages);

  if (!append_comments_head (out, &summary->counts, options))
    return;

  clp_renderer_append_timeline (out, comments, options);
  append_page_links (out, options, page, summary->n_pages);
  append_threads (out, article, entries, g_array_index (starts, guint, page - 1),
                  g_array_index (starts, guint, page), by_id, options);
  append_page_links (out, options, page, summary->n_pages);
  g_string_append (out, "</section>\n");
}

/**
 * clp_renderer_begin_article:
 *
 * Starts one article of a page that may hold several: the article
 * itself. The comments follow (clp_renderer_begin_comments()).
 */
void
clp_renderer_begin_article (GString                *out,
                            ClpArticle             *article,
                            const ClpRenderOptions *options)
{
  g_return_if_fail (out != NULL && article != NULL && options != NULL);

  g_string_append (out, "<div class=\"article-with-comments\">\n");
  append_article (out, article, options);
}

/**
 * clp_renderer_begin_comments:
 * @counts: the article's counts, as clp_thread_shape_select() made them
 *
 * Starts the comment section: its heading and notes. The comments follow
 * through a #ClpRendererThread, then clp_renderer_end_comments().
 *
 * Returns: whether there are comments to write; when not, the section
 *   is closed already, and only clp_renderer_end_comments() is left
 */
gboolean
clp_renderer_begin_comments (GString                *out,
                             const ClpCommentCounts *counts,
                             const ClpRenderOptions *options)
{
  g_return_val_if_fail (out != NULL && counts != NULL && options != NULL, FALSE);

  return append_comments_head (out, counts, options);
}

/**
 * clp_renderer_end_comments:
 * @written: what clp_renderer_begin_comments() returned
 *
 * Ends the comment section and the article.
 */
void
clp_renderer_end_comments (GString  *out,
                           gboolean  written)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, written ? "</section>\n</div>\n" : "</div>\n");
}

/**
 * clp_renderer_render:
 * @comments: (element-type ClpComment): the article's comments, page order
 * @summary: (out) (optional): what the page shows
 *
 * Returns: (transfer full): the page
 */
char *
clp_renderer_render (ClpArticle             *article,
                     GPtrArray              *comments,
                     const ClpRenderOptions *options,
                     ClpRenderSummary       *summary)
{
  g_autoptr(GString) out = NULL;
  ClpRenderSummary local = { 0 };
  ClpRenderOptions defaults = { 0 };

  g_return_val_if_fail (article != NULL, NULL);
  g_return_val_if_fail (comments != NULL, NULL);

  if (options == NULL)
    options = &defaults;
  out = g_string_sized_new (4096 + comments->len * 600);
  clp_renderer_begin_document (out, article->title, options->dark);
  clp_renderer_append_article (out, article, comments, options, &local);
  clp_renderer_end_document (out);

  if (summary != NULL)
    *summary = local;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Copies the written article, putting each word longer than LONG_WORD
 * bytes in <span class="long-word">, which the stylesheet does not break.
 * A word of a megabyte broken anywhere, as the page breaks other words
 * to fit, took WebKit 19 s to lay out (quadratic in its length); left
 * whole, on one line, it takes a second. Words are looked for in the
 * text between tags only; the renderer's attribute values never hold a
 * < or >. */
void
clp_renderer_append_marking_long_words (GString    *out,
                                        const char *html,
                                        gsize       length)
{
  const char *p = html;
  const char *end = html + length;

  while (p < end)
    {
      const char *word;

      if (*p == '<')
        {
          const char *close = memchr (p, '>', end - p);
          const char *next = close != NULL ? close + 1 : end;

          g_string_append_len (out, p, next - p);
          p = next;
          continue;
        }
      if (g_ascii_isspace (*p))
        {
          g_string_append_c (out, *p++);
          continue;
        }
      word = p;
      while (p < end && *p != '<' && !g_ascii_isspace (*p))
        p++;
      if (p - word > LONG_WORD)
        {
          g_string_append (out, "<span class=\"long-word\">");
          g_string_append_len (out, word, p - word);
          g_string_append (out, "</span>");
        }
      else
        g_string_append_len (out, word, p - word);
    }
}

/**
 * clp_renderer_append_article:
 * @summary: (out) (optional): what it wrote
 *
 * Appends one article with its comments, for pages that hold several.
 */
void
clp_renderer_append_article (GString                *out,
                             ClpArticle             *article,
                             GPtrArray              *comments,
                             const ClpRenderOptions *options,
                             ClpRenderSummary       *summary)
{
  ClpRenderSummary local = { 0 };
  g_autoptr(GString) page = NULL;

  g_return_if_fail (out != NULL && article != NULL && comments != NULL && options != NULL);

  page = g_string_new (NULL);
  clp_renderer_begin_article (page, article, options);
  append_comments (page, article, comments, options, &local);
  clp_renderer_append_marking_long_words (out, page->str, page->len);
  g_string_append (out, "</div>\n");
  if (summary != NULL)
    *summary = local;
}

/**
 * clp_renderer_page_of:
 *
 * Returns: the page (from 1) @comment_id is on with @options, or 0 when
 *   the page does not show it
 */
guint
clp_renderer_page_of (GPtrArray              *comments,
                      const ClpRenderOptions *options,
                      gint64                  comment_id)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) pages = NULL;

  g_hash_table_add (wanted, &comment_id);
  clp_renderer_locate (comments, options, wanted, &ids, &pages);
  return pages->len > 0 ? g_array_index (pages, guint, 0) : 0;
}

/**
 * clp_renderer_page_comments:
 *
 * The comments the page @options asks for will show, matches and context,
 * so that a caller holding comments without text loads only those texts.
 *
 * Returns: (transfer container) (element-type ClpComment): comments of
 *   @comments
 */
GPtrArray *
clp_renderer_page_comments (GPtrArray              *comments,
                            const ClpRenderOptions *options)
{
  ClpRenderSummary summary = { 0 };
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GArray) entries = lay_out (comments, options, &summary, &starts);
  guint n_pages = starts->len - 1;
  guint page = CLAMP (options->page, 1, n_pages);
  GPtrArray *shown = g_ptr_array_new ();

  for (guint i = g_array_index (starts, guint, page - 1); i < g_array_index (starts, guint, page); i++)
    g_ptr_array_add (shown, g_array_index (entries, Entry, i).comment);
  /* Deep replies name the comment they answer, which may be on another
   * page: only its author is needed, which every comment has. */
  return shown;
}

/**
 * clp_renderer_locate:
 * @wanted: (gint64 *) ids to find
 * @ids: (out) (element-type gint64): those of @wanted the pages show, in
 *   reading order
 * @pages: (out) (element-type guint): the page of each
 */
void
clp_renderer_locate (GPtrArray              *comments,
                     const ClpRenderOptions *options,
                     GHashTable             *wanted,
                     GArray                **ids,
                     GArray                **pages)
{
  ClpRenderSummary summary = { 0 };
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GArray) entries = lay_out (comments, options, &summary, &starts);
  guint page = 1;

  *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  *pages = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < entries->len; i++)
    {
      ClpComment *comment = g_array_index (entries, Entry, i).comment;

      while (page + 1 < starts->len && i >= g_array_index (starts, guint, page))
        page++;
      if (g_hash_table_contains (wanted, &comment->id))
        {
          g_array_append_val (*ids, comment->id);
          g_array_append_val (*pages, page);
        }
    }
}
