/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-markdown-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-date.h"
#include "clp-markdown-exporter.h"
#include "clp-reference.h"
#include "clp-text.h"

/* CommonMark: a front-matter block with what the export is, then each
 * article with its metadata (its counts and provenance too), body and
 * comment threads as nested lists, each comment with its reference.
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

/* A YAML double-quoted scalar. YAML allows neither C0 nor C1 controls
 * nor DEL as they are, and reads U+0085, U+2028 and U+2029 as line
 * breaks: each is written as an escape, so that the value reads back as
 * it was and a reader's terminal or editor is never handed a control. A
 * Markdown reader that does not know front matter shows it as a paragraph
 * or a heading, so what would be markup there (<, [, &) is written as
 * YAML's own escapes too, which YAML reads back as the same characters. */
static void
append_yaml_string (GString    *out,
                    const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '<': case '>': case '[': case ']': case '&': case '`':
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          break;
        default:
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
            g_string_append_printf (out, "\\x%02x", c);
          else if (c == 0x2028 || c == 0x2029 || c == 0xfeff || c == 0xfffe || c == 0xffff)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
  g_string_append (out, "\"\n");
}

/* "name: "value"" after a list item's dash. */
static void
append_yaml_string_field (GString    *out,
                          const char *name,
                          const char *value)
{
  g_string_append_printf (out, "%s: ", name);
  if (value != NULL)
    append_yaml_string (out, value);
  else
    g_string_append (out, "null\n");
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
append_article_fields (GString          *out,
                       ClpExportArticle *export_article,
                       const char       *indent)
{
  ClpArticle *article = clp_export_article_get_article (export_article);
  const ClpCommentCounts *counts = clp_export_article_get_counts (export_article);
  GPtrArray *imports = clp_export_article_get_imports (export_article);
  g_autofree char *deeper = g_strconcat (indent, "  ", NULL);
  g_autofree char *item = g_strconcat (indent, "      ", NULL);
  g_autofree char *text = clp_comment_counts_describe (counts);

  append_field (out, indent, "title", article->title);
  append_field (out, indent, "byline", article->byline);
  append_field (out, indent, "source", article->source);
  append_field (out, indent, "section", article->section);
  append_field (out, indent, "published", article->published);
  append_field (out, indent, "url", article->url);
  append_field (out, indent, "dateline", article->dateline);
  append_field (out, indent, "caption", article->caption);
  if (article->declared_comment_count >= 0)
    g_string_append_printf (out, "%sdeclared_comment_count: %d\n", indent,
                            article->declared_comment_count);

  /* The numbers the heading under the article states, as data. */
  g_string_append_printf (out, "%scounts:\n", indent);
  g_string_append_printf (out, "%sarchived: %u\n%shidden: %u\n", deeper, counts->archived, deeper,
                          counts->hidden);
  if (counts->declared >= 0)
    g_string_append_printf (out, "%sdeclared: %d\n", deeper, counts->declared);
  else
    g_string_append_printf (out, "%sdeclared: null\n", deeper);
  g_string_append_printf (out, "%sexported: %u\n%smatching: %u\n%scontext: %u\n", deeper,
                          counts->held, deeper, counts->matching, deeper, counts->context);
  append_field (out, deeper, "text", text);

  g_string_append_printf (out, "%sprovenance:\n", indent);
  append_field (out, deeper, "url", article->url);
  append_field (out, deeper, "reference_key", clp_export_article_get_key (export_article));
  g_string_append_printf (out, "%simports:%s\n", deeper, imports->len == 0 ? " []" : "");
  for (guint i = 0; i < imports->len; i++)
    {
      ClpImportRecord *record = g_ptr_array_index (imports, i);
      g_autofree char *dash = g_strconcat (deeper, "  - ", NULL);

      g_string_append (out, dash);
      append_yaml_string_field (out, "file_name", record->file_name);
      append_field (out, item, "sha256", record->sha256);
      append_field (out, item, "imported_at", record->imported_at);
      append_field (out, item, "format", record->importer);
      g_string_append_printf (out, "%ssize: %" G_GINT64_FORMAT "\n", item, record->file_size);
    }
}

/* The front matter says what the export is; an export of one article
 * carries that article's metadata there too. */
static void
append_front_matter (ClpExporter      *exporter,
                     GString          *out,
                     ClpExportArticle *single)
{
  const ClpExportOptions *options = clp_exporter_get_options (exporter);

  g_string_append (out, "---\n");
  if (single != NULL)
    append_article_fields (out, single, "");
  append_field (out, "", "generator", PACKAGE_NAME " " PACKAGE_VERSION);
  append_field (out, "", "clippings_version", PACKAGE_VERSION);
  append_field (out, "", "exported", clp_exporter_get_exported_at (exporter));
  g_string_append_printf (out, "articles: %u\n", clp_exporter_get_n_articles (exporter));
  append_field (out, "", "query", options->query_text);
  append_field (out, "", "filters", options->filters);
  g_string_append_printf (out, "scoped: %s\n", clp_exporter_is_scoped (exporter) ? "true" : "false");
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
append_comment (GString                *out,
                const ClpExportComment *held)
{
  ClpComment *comment = held->comment;
  /* A thread 10,000 replies deep would be 400 MB of indentation. */
  int depth = MIN (held->depth, CLP_EXPORT_MAX_DEPTH);
  g_autofree char *shown = clp_comment_dup_shown_time (comment);
  g_autofree char *indent = g_strnfill (depth * 2, ' ');
  g_autofree char *text_indent = g_strnfill (depth * 2 + 2, ' ');

  g_string_append_printf (out, "\n%s- **", indent);
  clp_markdown_exporter_append_escaped (out, comment->author);
  g_string_append (out, "**");
  if (shown != NULL)
    {
      g_autofree char *when = clp_date_format_time (shown);

      g_string_append (out, " · ");
      clp_markdown_exporter_append_escaped (out, when);
    }
  if (held->role == CLP_COMMENT_ROLE_CONTEXT)
    g_string_append_printf (out, " · *%s*", _("context"));
  if (comment->status == CLP_COMMENT_DELETED)
    g_string_append_printf (out, " · *%s*", _("deleted"));
  else if (comment->status == CLP_COMMENT_SPAM)
    g_string_append_printf (out, " · *%s*", _("spam"));
  g_string_append (out, " · ");
  /* Translators: before a comment's reference in a Markdown export */
  clp_markdown_exporter_append_escaped (out, _("ref"));
  g_string_append_c (out, ' ');
  clp_markdown_exporter_append_escaped (out, held->reference);
  g_string_append (out, "\n\n");
  append_text (out, comment->text, text_indent, TRUE);
}

static void
append_note (GString *out,
             char    *sentence)
{
  if (sentence == NULL)
    return;
  g_string_append (out, "\n*");
  clp_markdown_exporter_append_escaped (out, sentence);
  g_string_append (out, "*\n");
  g_free (sentence);
}

static gboolean
clp_markdown_exporter_write_article (ClpExporter       *exporter,
                                     GOutputStream     *out,
                                     ClpExportArticle  *export_article,
                                     GCancellable      *cancellable,
                                     GError           **error)
{
  ClpArticle *article = clp_export_article_get_article (export_article);
  const ClpCommentCounts *counts = clp_export_article_get_counts (export_article);
  gboolean single = clp_exporter_get_n_articles (exporter) == 1;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *heading = clp_comment_counts_heading (counts);
  const ClpExportComment *held = NULL;

  if (single)
    append_front_matter (exporter, text, export_article);

  g_string_append (text, "\n# ");
  clp_markdown_exporter_append_escaped (text, article->title);
  g_string_append (text, "\n\n");
  if (!single)
    {
      /* The article's metadata, as a block a reader or a tool can read. */
      g_string_append (text, "```yaml\n");
      append_article_fields (text, export_article, "");
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

  g_string_append (text, "## ");
  clp_markdown_exporter_append_escaped (text, heading);
  g_string_append_c (text, '\n');
  append_note (text, clp_comment_counts_missing (counts));
  append_note (text, clp_comment_counts_hidden (counts));
  append_note (text, clp_comment_counts_held (counts));
  if (counts->held == 0)
    append_note (text, g_strdup (counts->archived == 0 ? _("No comments were saved with this "
                                                           "article.")
                                                       : _("No comment passes the filters.")));
  for (;;)
    {
      if (!clp_export_article_next (export_article, &held, error))
        return FALSE;
      if (held == NULL)
        break;
      append_comment (text, held);
      if (!clp_exporter_flush (out, text, 64 * 1024, cancellable, error))
        return FALSE;
    }
  return clp_exporter_flush (out, text, 0, cancellable, error);
}

static void
clp_markdown_exporter_class_init (ClpMarkdownExporterClass *klass)
{
  ClpExporterClass *exporter_class = CLP_EXPORTER_CLASS (klass);

  exporter_class->name = "md";
  exporter_class->label = N_("Markdown");
  exporter_class->extension = "md";
  exporter_class->mime_type = "text/markdown";
  exporter_class->thread_order = TRUE;
  exporter_class->begin = clp_markdown_exporter_begin;
  exporter_class->write_article = clp_markdown_exporter_write_article;
}

static void
clp_markdown_exporter_init (ClpMarkdownExporter *self)
{
}
