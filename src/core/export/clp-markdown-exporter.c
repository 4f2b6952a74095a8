/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-markdown-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-date.h"
#include "clp-markdown-exporter.h"
#include "clp-text.h"

/* CommonMark: a front-matter block with what the export is, then each
 * article with its metadata, body and comment threads as nested lists.
 * Everything a reader wrote is escaped so that *, _, <, # and the rest stay
 * the characters they typed. */

struct _ClpMarkdownExporter
{
  ClpExporter parent_instance;
};

G_DEFINE_FINAL_TYPE (ClpMarkdownExporter, clp_markdown_exporter, CLP_TYPE_EXPORTER)

/**
 * clp_markdown_exporter_append_escaped:
 *
 * Appends one line of text so that CommonMark shows it as written:
 * inline syntax is backslash-escaped everywhere, block syntax (headings,
 * quotes, list markers, rules) where a line starts. A line break in it (a
 * title or a name from a file) is written as a space: it would start a
 * line of its own, outside the heading or the list item.
 */
void
clp_markdown_exporter_append_escaped (GString    *out,
                                      const char *text)
{
  const char *p = text;

  while (*p == ' ' || *p == '\t')
    p++;

  /* A line that would start a block. */
  if (*p == '#' || *p == '>' || *p == '+' || *p == '-' || *p == '=' || *p == '|')
    {
      g_string_append_c (out, '\\');
      g_string_append_c (out, *p++);
    }
  else if (g_ascii_isdigit (*p))
    {
      const char *q = p;

      while (g_ascii_isdigit (*q))
        q++;
      if (*q == '.' || *q == ')')
        {
          g_string_append_len (out, p, q - p);
          g_string_append_c (out, '\\');
          g_string_append_c (out, *q);
          p = q + 1;
        }
    }

  for (; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\r')
        {
          if (p[0] == '\r' && p[1] == '\n')
            p++;
          g_string_append_c (out, ' ');
          continue;
        }
      if (strchr ("\\`*_[]<>&~|!{}#", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

/* Paragraphs of text indented for the list item they sit in. A reader's
 * line break is kept as a hard break (backslash at the end); an article's
 * lines are the saved page's wrapping. */
static void
append_text (GString    *out,
             const char *text,
             const char *indent,
             gboolean    hard_breaks)
{
  g_auto(GStrv) paragraphs = clp_text_split_paragraphs (text);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_auto(GStrv) lines = g_strsplit (paragraphs[i], "\n", -1);

      if (i > 0)
        g_string_append_c (out, '\n');
      for (guint k = 0; lines[k] != NULL; k++)
        {
          g_string_append (out, indent);
          clp_markdown_exporter_append_escaped (out, lines[k]);
          g_string_append (out, lines[k + 1] != NULL && hard_breaks ? "\\\n" : "\n");
        }
    }
}

/* A YAML double-quoted scalar. A Markdown reader that does not know front
 * matter shows it as a paragraph or a heading, so what would be markup
 * there (<, [, &) is written as YAML's own escapes, which YAML reads back
 * as the same characters. */
static void
append_yaml_string (GString    *out,
                    const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '<': case '>': case '[': case ']': case '&': case '`':
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\x%02x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append (out, "\"\n");
}

static void
append_field (GString    *out,
              const char *indent,
              const char *name,
              const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, "%s%s: ", indent, name);
  append_yaml_string (out, value);
}

static void
append_article_fields (GString    *out,
                       ClpArticle *article)
{
  append_field (out, "", "title", article->title);
  append_field (out, "", "source", article->source);
  append_field (out, "", "section", article->section);
  append_field (out, "", "published", article->published);
  append_field (out, "", "url", article->url);
  append_field (out, "", "dateline", article->dateline);
  append_field (out, "", "caption", article->caption);
  if (article->declared_comment_count >= 0)
    g_string_append_printf (out, "declared_comment_count: %d\n", article->declared_comment_count);
}

/* The front matter says what the export is; an export of one article
 * carries that article's metadata there too. */
static void
append_front_matter (ClpExporter *exporter,
                     GString     *out,
                     ClpArticle  *single)
{
  const ClpExportOptions *options = clp_exporter_get_options (exporter);

  g_string_append (out, "---\n");
  if (single != NULL)
    append_article_fields (out, single);
  append_field (out, "", "generator", PACKAGE_NAME " " PACKAGE_VERSION);
  append_field (out, "", "exported", clp_exporter_get_exported_at (exporter));
  g_string_append_printf (out, "articles: %u\n", clp_exporter_get_n_articles (exporter));
  append_field (out, "", "filters", options->filters);
  g_string_append_printf (out, "scoped: %s\n", options->scope != NULL ? "true" : "false");
  g_string_append (out, "---\n");
}

static gboolean
clp_markdown_exporter_begin (ClpExporter   *exporter,
                             GOutputStream *out,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* One article's export has it in its front matter: write_article()
   * writes that. */
  if (clp_exporter_get_n_articles (exporter) == 1)
    return TRUE;
  append_front_matter (exporter, text, NULL);
  return clp_exporter_write_all (out, text->str, cancellable, error);
}

static void
append_comments (GString    *out,
                 GPtrArray  *comments,
                 GHashTable *context)
{
  g_autoptr(GPtrArray) ordered = clp_comment_thread_order (comments);
  g_autoptr(GHashTable) depths = clp_comment_thread_depths (ordered);

  for (guint i = 0; i < ordered->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (ordered, i);
      int d = MIN (GPOINTER_TO_INT (g_hash_table_lookup (depths, &comment->id)),
                   CLP_EXPORT_MAX_DEPTH);
      g_autofree char *indent = NULL;
      g_autofree char *text_indent = NULL;

      indent = g_strnfill (d * 2, ' ');
      text_indent = g_strnfill (d * 2 + 2, ' ');
      g_string_append_printf (out, "\n%s- **", indent);
      clp_markdown_exporter_append_escaped (out, comment->author);
      g_string_append (out, "**");
      if (comment->posted_at != NULL)
        {
          g_autofree char *local = comment->has_utc ? clp_date_from_unix (comment->posted_utc, TRUE)
                                                    : NULL;
          g_autofree char *when = clp_date_format_time (local != NULL ? local : comment->posted_at);

          g_string_append (out, " · ");
          clp_markdown_exporter_append_escaped (out, when);
        }
      if (context != NULL && g_hash_table_contains (context, &comment->id))
        g_string_append_printf (out, " · *%s*", _("context"));
      if (comment->status == CLP_COMMENT_DELETED)
        g_string_append_printf (out, " · *%s*", _("deleted"));
      else if (comment->status == CLP_COMMENT_SPAM)
        g_string_append_printf (out, " · *%s*", _("spam"));
      g_string_append (out, "\n\n");
      append_text (out, comment->text, text_indent, TRUE);
    }
}

static gboolean
clp_markdown_exporter_write_article (ClpExporter   *exporter,
                                     GOutputStream *out,
                                     ClpArticle    *article,
                                     GPtrArray     *comments,
                                     GHashTable    *context,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  gboolean single = clp_exporter_get_n_articles (exporter) == 1;
  g_autoptr(GString) text = g_string_new (NULL);

  if (single)
    append_front_matter (exporter, text, article);

  g_string_append (text, "\n# ");
  clp_markdown_exporter_append_escaped (text, article->title);
  g_string_append (text, "\n\n");
  if (!single)
    {
      /* The article's metadata, as a block a reader or a tool can read. */
      g_string_append (text, "```yaml\n");
      append_article_fields (text, article);
      g_string_append (text, "```\n\n");
    }

  for (guint i = 0; i < article->body->len; i++)
    {
      const char *paragraph = g_ptr_array_index (article->body, i);

      if (i == 0 && article->dateline != NULL)
        {
          g_string_append (text, "**");
          clp_markdown_exporter_append_escaped (text, article->dateline);
          g_string_append (text, "** — ");
        }
      append_text (text, paragraph, "", FALSE);
      g_string_append_c (text, '\n');
    }

  g_string_append_printf (text, "## %s\n", _("Reader comments"));
  if (comments->len == 0)
    g_string_append_printf (text, "\n*%s*\n", _("No comments."));
  append_comments (text, comments, context);
  return clp_exporter_write_all (out, text->str, cancellable, error);
}

static void
clp_markdown_exporter_class_init (ClpMarkdownExporterClass *klass)
{
  ClpExporterClass *exporter_class = CLP_EXPORTER_CLASS (klass);

  exporter_class->name = "md";
  exporter_class->extension = "md";
  exporter_class->begin = clp_markdown_exporter_begin;
  exporter_class->write_article = clp_markdown_exporter_write_article;
}

static void
clp_markdown_exporter_init (ClpMarkdownExporter *self)
{
}
