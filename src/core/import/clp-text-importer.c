/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-text-importer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-date.h"
#include "clp-reference.h"
#include "clp-text-importer.h"

/* Reads the saved-article text format of FORMATS.md §1: a page saved as
 * plain text, with the article on top and the reader comments below as an
 * indented bullet list. The file is read line by line; only the one article
 * it holds is kept in memory. */

#define MAX_LINE_LENGTH (1024 * 1024)
#define MAX_TITLE_LENGTH 500
#define NBSP "\xc2\xa0"

struct _ClpTextImporter
{
  ClpImporter parent_instance;
};

G_DEFINE_FINAL_TYPE (ClpTextImporter, clp_text_importer, CLP_TYPE_IMPORTER)

/* Lines that comment widgets print into a saved page; they are not part of
 * the article. */
static const char * const boilerplate[] = {
  "Facebook Conversations",
  "Facebook Comments",
  "Advertisement",
  "Share this article",
};

typedef struct
{
  ClpComment *comment;
  GPtrArray  *paragraphs;  /* finished paragraphs */
  GString    *paragraph;   /* the one being read */
  int         bullet_indent;
  int         text_indent; /* -1 until the first text line */
  int         line;        /* of the bullet */
  gboolean    expect_time;
  gboolean    in_header;   /* before its first line of text: time and markers */
} OpenComment;

typedef struct
{
  int   indent;
  char *key;
} Level;

typedef struct
{
  ClpImportSink *sink;
  const char    *file;
  ClpArticle    *article;
  GPtrArray     *comments;      /* finished ClpComment, page order */
  GArray        *levels;        /* Level: the chain of open bullets */
  GPtrArray     *block;         /* lines of the header/body paragraph being read */
  int            block_line;    /* line the block started at */
  OpenComment   *open;
  GString       *caption;       /* the caption's lines, until the article is done */
  int            line;
  int            blank_run;
  gboolean       in_comments;
  gboolean       body_started;
  gboolean       saw_published;
  gboolean       saw_footer;
  gboolean       in_trailer;    /* after CLP_TEXT_EXPORT_MARK */
} Parser;

static void
level_clear (Level *level)
{
  g_free (level->key);
}

static void
open_comment_free (OpenComment *open)
{
  g_clear_pointer (&open->comment, clp_comment_unref);
  g_ptr_array_unref (open->paragraphs);
  g_string_free (open->paragraph, TRUE);
  g_free (open);
}

/* Columns of leading white space, tabs to the next multiple of eight;
 * U+00A0 counts as a space. */
static int
measure_indent (const char  *line,
                const char **rest)
{
  int indent = 0;
  const char *p = line;

  for (;;)
    {
      if (*p == ' ')
        indent++, p++;
      else if (*p == '\t')
        indent = (indent / 8 + 1) * 8, p++;
      else if (g_str_has_prefix (p, NBSP))
        indent++, p += 2;
      else
        break;
    }
  *rest = p;
  return indent;
}

static char *
strip_trailing (const char *text)
{
  char *copy = g_strdup (text);
  gsize len = strlen (copy);

  while (len > 0 && (copy[len - 1] == ' ' || copy[len - 1] == '\t'))
    copy[--len] = '\0';
  /* Measured by length, not by g_str_has_suffix(), which measures the
   * whole line again for each U+00A0. */
  while (len >= 2 && memcmp (copy + len - 2, NBSP, 2) == 0)
    {
      len -= 2;
      copy[len] = '\0';
    }
  return copy;
}

/* "• Marit", "* Marit", "- Marit": the author of a comment. */
static const char *
match_bullet (const char *content,
              gboolean   *real_bullet)
{
  const char *p = NULL;

  if (g_str_has_prefix (content, "\u2022"))
    {
      *real_bullet = TRUE;
      p = content + strlen ("\u2022");
    }
  else if (content[0] == '*' || content[0] == '-')
    {
      *real_bullet = FALSE;
      p = content + 1;
    }
  else
    return NULL;

  if (*p != ' ' && !g_str_has_prefix (p, NBSP))
    return NULL;
  while (*p == ' ' || g_str_has_prefix (p, NBSP))
    p += *p == ' ' ? 1 : 2;
  return *p != '\0' ? p : NULL;
}

/* The lines a Clippings export writes under a comment's time, which
 * FORMATS.md §1 lists: "[deleted]" and "[spam]" for a hidden comment,
 * "[context]" for one that is there because a match answers it, and the
 * comment's reference in brackets. Only the status is read; the reference
 * is made again from the comment. */
static gboolean
match_marker (const char       *content,
              ClpCommentStatus *status)
{
  g_autofree char *inner = NULL;
  gsize length = strlen (content);
  g_auto(ClpReferenceParts) parts = { 0 };

  *status = CLP_COMMENT_VISIBLE;
  if (length < 3 || content[0] != '[' || content[length - 1] != ']')
    return FALSE;
  inner = g_strndup (content + 1, length - 2);
  if (g_str_equal (inner, "deleted"))
    *status = CLP_COMMENT_DELETED;
  else if (g_str_equal (inner, "spam"))
    *status = CLP_COMMENT_SPAM;
  else if (!g_str_equal (inner, "context") && !clp_reference_parse (inner, &parts))
    return FALSE;
  return TRUE;
}

/**
 * clp_text_importer_needs_escape:
 * @line: a line of a comment's text, without the indentation of the text
 *
 * Whether the line would not read back as text as it is: it would start
 * a comment (a bullet), be taken for a comment's time or marker, or lose
 * its own leading white space to the indentation. An export writes such a
 * line with a backslash before it; the import drops a backslash at the
 * start of a line when what follows needs it, and only then, so that a
 * page saved by a browser reads as it always did.
 */
gboolean
clp_text_importer_needs_escape (const char *line)
{
  gboolean real_bullet;
  ClpCommentStatus status;
  g_autofree char *iso = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (line != NULL, FALSE);

  if (*line == '\\' || *line == ' ' || *line == '\t' || g_str_has_prefix (line, NBSP))
    return TRUE;
  if (match_bullet (line, &real_bullet) != NULL || match_marker (line, &status))
    return TRUE;
  stripped = strip_trailing (line);
  return clp_date_parse_time (stripped, &iso);
}

/* "Reader Comments (6)" */
static gboolean
match_comments_heading (const char *line,
                        int        *declared)
{
  const char *p;
  char *end;
  gint64 n;

  if (g_ascii_strncasecmp (line, "Reader Comments", strlen ("Reader Comments")) != 0)
    return FALSE;
  p = line + strlen ("Reader Comments");
  while (*p == ' ')
    p++;
  if (*p == '\0')
    {
      *declared = -1;
      return TRUE;
    }
  if (*p != '(')
    return FALSE;
  n = g_ascii_strtoll (p + 1, &end, 10);
  if (end == p + 1 || *end != ')' || end[1] != '\0' || n < 0 || n > G_MAXINT)
    return FALSE;
  *declared = (int) n;
  return TRUE;
}

/* "PORT ELLIS: The harbour board…" opens with a dateline: capitals up to a
 * colon, then a space or U+00A0. */
static gboolean
split_dateline (const char  *paragraph,
                char       **dateline,
                const char **rest)
{
  const char *p = paragraph;
  int capitals = 0;

  while (*p != '\0' && *p != ':' && *p != '\n')
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isupper (c))
        capitals++;
      else if (g_unichar_islower (c) || !(c == ' ' || c == '.' || c == '-' || c == '\'' ||
                                          c == ',' || c == 0x2019 || c == 0xA0))
        return FALSE;
      p = g_utf8_next_char (p);
    }
  if (*p != ':' || capitals < 2 || p - paragraph > 60)
    return FALSE;
  if (p[1] != ' ' && !g_str_has_prefix (p + 1, NBSP))
    return FALSE;

  *dateline = g_strndup (paragraph, p - paragraph);
  g_strstrip (*dateline);
  p++;
  while (*p == ' ' || g_str_has_prefix (p, NBSP))
    p += *p == ' ' ? 1 : 2;
  *rest = p;
  return TRUE;
}

/* "Published in The Coastal Ledger, March 14th, 2019." The source may hold
 * commas itself, so the date is the first tail that reads as one. */
static gboolean
match_footer (Parser     *parser,
              const char *line)
{
  const char *rest;
  const char *comma;

  if (!g_str_has_prefix (line, "Published in "))
    return FALSE;
  rest = line + strlen ("Published in ");

  for (comma = strstr (rest, ", "); comma != NULL; comma = strstr (comma + 1, ", "))
    {
      g_autofree char *day = NULL;

      if (clp_date_parse_day (comma + 2, &day))
        {
          g_free (parser->article->source);
          parser->article->source = g_strndup (rest, comma - rest);
          g_strstrip (parser->article->source);
          g_free (parser->article->print_date);
          parser->article->print_date = g_steal_pointer (&day);
          return TRUE;
        }
    }

  clp_import_sink_warn (parser->sink, _("line %d: the footer has no date Clippings can read"),
                        parser->line);
  g_free (parser->article->source);
  parser->article->source = g_strdup (rest);
  g_strstrip (parser->article->source);
  if (g_str_has_suffix (parser->article->source, "."))
    parser->article->source[strlen (parser->article->source) - 1] = '\0';
  return TRUE;
}

static gboolean
match_section (Parser     *parser,
               const char *line)
{
  if (!g_str_has_prefix (line, "More in ") || line[strlen ("More in ")] == '\0')
    return FALSE;
  g_free (parser->article->section);
  parser->article->section = g_strdup (line + strlen ("More in "));
  g_strstrip (parser->article->section);
  return TRUE;
}

static gboolean
is_boilerplate (const char *line)
{
  for (guint i = 0; i < G_N_ELEMENTS (boilerplate); i++)
    if (g_str_equal (line, boilerplate[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_caption (const char *line)
{
  return strstr (line, " PHOTO: ") != NULL || strstr (line, " PHOTO:" NBSP) != NULL ||
         g_str_has_suffix (line, " PHOTO:");
}

/* A paragraph of the article: the first may open with the dateline. */
static void
add_body_paragraph (Parser     *parser,
                    const char *paragraph)
{
  if (!parser->body_started)
    {
      g_autofree char *dateline = NULL;
      const char *rest = NULL;

      parser->body_started = TRUE;
      if (split_dateline (paragraph, &dateline, &rest))
        {
          parser->article->dateline = g_steal_pointer (&dateline);
          paragraph = rest;
        }
    }
  if (*paragraph != '\0')
    clp_article_add_paragraph (parser->article, paragraph);
}

/* The lines of one header or body paragraph, separated by blank lines.
 * Lines are joined with a newline, as written, after removing the
 * indentation they share. */
static void
flush_block (Parser *parser)
{
  g_autoptr(GString) paragraph = NULL;
  int common = G_MAXINT;

  if (parser->block->len == 0)
    return;

  for (guint i = 0; i < parser->block->len; i++)
    {
      const char *rest;

      common = MIN (common, measure_indent (g_ptr_array_index (parser->block, i), &rest));
    }

  paragraph = g_string_new (NULL);
  for (guint i = 0; i < parser->block->len; i++)
    {
      const char *line = g_ptr_array_index (parser->block, i);
      const char *rest;
      int indent = measure_indent (line, &rest);

      if (i > 0)
        g_string_append_c (paragraph, '\n');
      /* Deeper lines keep what they have beyond the shared indentation. */
      for (int k = common; k < indent; k++)
        g_string_append_c (paragraph, ' ');
      g_string_append (paragraph, rest);
    }

  if (parser->block->len == 1 && is_boilerplate (paragraph->str))
    ;
  else
    add_body_paragraph (parser, paragraph->str);

  g_ptr_array_set_size (parser->block, 0);
}

/* One line of the part above the comments. Headers are recognised line by
 * line, since pages print the caption right under the "Published:" line. */
static gboolean
header_line (Parser     *parser,
             const char *line)
{
  const char *content;
  int declared;

  measure_indent (line, &content);

  if (*content == '\0')
    {
      flush_block (parser);
      return TRUE;
    }

  if (parser->article->title == NULL)
    {
      if (strlen (content) > MAX_TITLE_LENGTH)
        return FALSE;
      parser->article->title = g_strdup (content);
      return TRUE;
    }

  if (g_str_has_prefix (content, "Published:"))
    {
      g_autofree char *day = NULL;
      g_autofree char *value = g_strstrip (g_strdup (content + strlen ("Published:")));

      flush_block (parser);
      parser->saw_published = TRUE;
      if (clp_date_parse_day (value, &day))
        {
          g_free (parser->article->published);
          parser->article->published = g_steal_pointer (&day);
        }
      else
        clp_import_sink_warn (parser->sink,
                              _("line %d: “%s” is not a date Clippings can read; "
                                "the article has no publication date"),
                              parser->line, value);
      return TRUE;
    }

  if (!parser->body_started && is_caption (content))
    {
      flush_block (parser);
      /* Pages often print the caption twice in a row: that is one caption.
       * Lines are added to a buffer: a page with thousands of them costs no
       * more than their length. */
      if (parser->caption == NULL)
        parser->caption = g_string_new (content);
      else if (!g_str_equal (parser->caption->str, content))
        g_string_append_printf (parser->caption, "\n%s", content);
      return TRUE;
    }

  if (content == line && match_footer (parser, content))
    {
      flush_block (parser);
      parser->saw_footer = TRUE;
      return TRUE;
    }

  if (content == line && match_comments_heading (content, &declared))
    {
      flush_block (parser);
      parser->article->declared_comment_count = declared;
      parser->in_comments = TRUE;
      parser->blank_run = 0;
      return TRUE;
    }

  if (content == line && parser->body_started && match_section (parser, content))
    {
      flush_block (parser);
      return TRUE;
    }

  if (parser->block->len == 0)
    parser->block_line = parser->line;
  g_ptr_array_add (parser->block, g_strdup (line));
  return TRUE;
}

static void
finish_paragraph (OpenComment *open)
{
  if (open->paragraph->len > 0)
    {
      g_ptr_array_add (open->paragraphs, g_strdup (open->paragraph->str));
      g_string_truncate (open->paragraph, 0);
    }
}

static void
close_comment (Parser *parser)
{
  OpenComment *open = parser->open;
  g_autoptr(GString) text = g_string_new (NULL);

  if (open == NULL)
    return;
  parser->open = NULL;

  finish_paragraph (open);
  for (guint i = 0; i < open->paragraphs->len; i++)
    {
      if (i > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, g_ptr_array_index (open->paragraphs, i));
    }
  if (text->len == 0)
    clp_import_sink_warn (parser->sink, _("line %d: the comment by %s has no text"),
                          open->line, open->comment->author);
  if (open->comment->posted_at == NULL)
    clp_import_sink_warn (parser->sink, _("line %d: the comment by %s has no time"),
                          open->line, open->comment->author);

  open->comment->text = g_string_free (g_steal_pointer (&text), FALSE);
  open->comment->position = parser->comments->len;
  g_ptr_array_add (parser->comments, g_steal_pointer (&open->comment));
  open_comment_free (open);
}

static void
open_comment (Parser     *parser,
              int         indent,
              const char *author)
{
  OpenComment *open;
  ClpComment *comment;
  Level level;

  close_comment (parser);

  /* A bullet deeper than the one before it is a reply to that comment; one
   * at the same depth as an earlier bullet is that comment's sibling. */
  while (parser->levels->len > 0 &&
         g_array_index (parser->levels, Level, parser->levels->len - 1).indent >= indent)
    g_array_set_size (parser->levels, parser->levels->len - 1);

  comment = clp_comment_new ();
  comment->key = g_strdup_printf ("line-%d", parser->line);
  comment->article_key = g_strdup (parser->article->key);
  comment->author = strip_trailing (author);
  if (parser->levels->len > 0)
    {
      Level *parent = &g_array_index (parser->levels, Level, parser->levels->len - 1);

      comment->parent_key = g_strdup (parent->key);
      comment->depth = parser->levels->len;
    }

  level.indent = indent;
  level.key = g_strdup (comment->key);
  g_array_append_val (parser->levels, level);

  open = g_new0 (OpenComment, 1);
  open->comment = comment;
  open->paragraphs = g_ptr_array_new_with_free_func (g_free);
  open->paragraph = g_string_new (NULL);
  open->bullet_indent = indent;
  open->text_indent = -1;
  open->line = parser->line;
  open->expect_time = TRUE;
  open->in_header = TRUE;
  parser->open = open;
}

/* Text after the comments at the left margin: the section trailer, or
 * something Clippings does not know, which it says rather than drops
 * silently. */
static void
margin_line (Parser     *parser,
             const char *content)
{
  if (match_section (parser, content) || is_boilerplate (content))
    return;
  clp_import_sink_warn (parser->sink, _("line %d: text after the comments was not imported: “%s”"),
                        parser->line, content);
}

static void
comment_line (Parser     *parser,
              const char *line)
{
  OpenComment *open = parser->open;
  const char *content;
  const char *author;
  gboolean real_bullet = FALSE;
  int indent = measure_indent (line, &content);
  int blanks = parser->blank_run;

  if (*content == '\0')
    {
      parser->blank_run++;
      return;
    }
  parser->blank_run = 0;

  author = match_bullet (content, &real_bullet);
  /* A "-" or "*" inside a comment's text is the reader's own list; a bullet
   * starts a comment where a comment can start. */
  if (author != NULL &&
      (open == NULL || real_bullet || blanks >= 2 || indent <= open->bullet_indent ||
       open->expect_time))
    {
      open_comment (parser, indent, author);
      return;
    }

  if (open == NULL || indent <= open->bullet_indent)
    {
      close_comment (parser);
      g_array_set_size (parser->levels, 0);
      margin_line (parser, content);
      return;
    }

  if (open->expect_time)
    {
      g_autofree char *content_copy = strip_trailing (content);

      open->expect_time = FALSE;
      if (clp_date_parse_time (content_copy, &open->comment->posted_at))
        return;
    }
  if (open->in_header)
    {
      g_autofree char *content_copy = strip_trailing (content);
      ClpCommentStatus status;

      if (match_marker (content_copy, &status))
        {
          if (status != CLP_COMMENT_VISIBLE)
            open->comment->status = status;
          return;
        }
      open->in_header = FALSE;
    }
  /* An export's escape: "\• not a bullet" is the text "• not a bullet". */
  if (content[0] == '\\' && clp_text_importer_needs_escape (content + 1))
    content++;

  if (open->text_indent < 0)
    open->text_indent = indent;

  if (blanks > 0)
    finish_paragraph (open);
  else if (open->paragraph->len > 0)
    g_string_append_c (open->paragraph, '\n');

  for (int k = open->text_indent; k < indent; k++)
    g_string_append_c (open->paragraph, ' ');
  {
    g_autofree char *stripped = strip_trailing (content);

    g_string_append (open->paragraph, stripped);
  }
}

static gboolean
parser_finish (Parser  *parser,
               GError **error)
{
  ClpArticle *article = parser->article;

  close_comment (parser);
  flush_block (parser);

  if (article->title == NULL)
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_EMPTY,
                   _("%s is empty: there is nothing to import."), parser->file);
      return FALSE;
    }
  if (!parser->saw_published && !parser->saw_footer && !parser->in_comments)
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_NOT_ARTICLE,
                   _("%s, line 1: this does not look like a saved article: it has no "
                     "“Published:” line, no “Published in” footer and no “Reader Comments” "
                     "section. Save the article page as text in your browser and import "
                     "that file."),
                   parser->file);
      return FALSE;
    }

  if (!parser->saw_published)
    {
      if (article->print_date != NULL)
        {
          article->published = g_strdup (article->print_date);
          clp_import_sink_warn (parser->sink,
                                _("no “Published:” line; the date of the footer is used"));
        }
      else
        clp_import_sink_warn (parser->sink, _("no publication date"));
    }
  if (!parser->in_comments)
    clp_import_sink_warn (parser->sink, _("no “Reader Comments” section: the article has no comments"));

  if (parser->caption != NULL)
    article->caption = g_string_free (g_steal_pointer (&parser->caption), FALSE);
  if (!clp_import_sink_add_article (parser->sink, article, error))
    return FALSE;
  for (guint i = 0; i < parser->comments->len; i++)
    if (!clp_import_sink_add_comment (parser->sink, g_ptr_array_index (parser->comments, i), error))
      return FALSE;
  return TRUE;
}

/* The next line without its "\n", or %NULL at the end of the stream, on
 * an error, or (with *too_long) when the line runs past MAX_LINE_LENGTH.
 * g_data_input_stream_read_line() reads a line whole before it can be
 * measured, so a big file without a newline would be read into memory;
 * this stops reading the line at the limit. */
static char *
read_line (GBufferedInputStream  *in,
           gsize                 *length,
           gboolean              *too_long,
           GCancellable          *cancellable,
           GError               **error)
{
  g_autoptr(GString) line = NULL;

  *too_long = FALSE;
  for (;;)
    {
      gsize available;
      const char *buffer = g_buffered_input_stream_peek_buffer (in, &available);
      const char *newline;
      gsize take;

      if (available == 0)
        {
          gssize n = g_buffered_input_stream_fill (in, -1, cancellable, error);

          if (n < 0)
            return NULL;
          if (n == 0)
            break;
          continue;
        }
      newline = memchr (buffer, '\n', available);
      take = newline != NULL ? (gsize) (newline - buffer) : available;
      if (line == NULL)
        line = g_string_new (NULL);
      if (line->len + take > MAX_LINE_LENGTH)
        {
          *too_long = TRUE;
          return NULL;
        }
      g_string_append_len (line, buffer, take);
      /* Bytes already in the buffer: skipping them does not read. */
      g_input_stream_skip (G_INPUT_STREAM (in), take + (newline != NULL), NULL, NULL);
      if (newline != NULL)
        break;
    }
  if (line == NULL)
    return NULL;
  *length = line->len;
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static gboolean
clp_text_importer_import (ClpImporter   *importer,
                          GInputStream  *stream,
                          const char    *display_name,
                          ClpImportSink *sink,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GInputStream) buffered = g_buffered_input_stream_new (stream);
  Parser parser = { 0 };
  gboolean ok = FALSE;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (buffered), FALSE);

  parser.sink = sink;
  parser.file = display_name;
  parser.article = clp_article_new ();
  parser.article->key = g_strdup ("article");
  parser.comments = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_comment_unref);
  parser.levels = g_array_new (FALSE, FALSE, sizeof (Level));
  g_array_set_clear_func (parser.levels, (GDestroyNotify) level_clear);
  parser.block = g_ptr_array_new_with_free_func (g_free);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *raw = NULL;
      char *line;
      gsize length = 0;
      gboolean too_long;

      raw = read_line (G_BUFFERED_INPUT_STREAM (buffered), &length, &too_long, cancellable,
                       &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }
      if (raw == NULL && !too_long)
        break;

      parser.line++;
      if (too_long)
        {
          g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_NOT_ARTICLE,
                       _("%s, line %d: the line is too long for a saved article."),
                       display_name, parser.line);
          goto out;
        }

      line = raw;
      if (length > 0 && line[length - 1] == '\r')
        line[--length] = '\0';
      if (parser.line == 1 && g_str_has_prefix (line, "\xef\xbb\xbf"))
        {
          line += 3;
          length -= 3;
        }

      if (strlen (line) != length)
        {
          g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_BINARY,
                       _("%s, line %d: the file holds binary data, not text. Clippings "
                         "imports %s."),
                       display_name, parser.line, clp_importer_describe_formats ());
          goto out;
        }
      if (!g_utf8_validate (line, length, NULL))
        {
          g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_ENCODING,
                       _("%s, line %d: the text is not UTF-8. Save the page again with "
                         "the Unicode (UTF-8) encoding and import that file."),
                       display_name, parser.line);
          goto out;
        }

      /* What an export says about itself is not part of the article. */
      if (parser.in_trailer)
        continue;
      if (g_str_equal (line, CLP_TEXT_EXPORT_MARK))
        {
          parser.in_trailer = TRUE;
          continue;
        }
      if (parser.in_comments)
        comment_line (&parser, line);
      else if (!header_line (&parser, line))
        {
          g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_NOT_ARTICLE,
                       _("%s, line %d: the first line is too long to be an article’s title; "
                         "this does not look like a saved article."),
                       display_name, parser.line);
          goto out;
        }
    }

  ok = parser_finish (&parser, error);

out:
  if (parser.open != NULL)
    open_comment_free (parser.open);
  if (parser.caption != NULL)
    g_string_free (parser.caption, TRUE);
  g_ptr_array_unref (parser.block);
  g_array_unref (parser.levels);
  g_ptr_array_unref (parser.comments);
  clp_article_unref (parser.article);
  return ok;
}

/* XML or a JSON object: data for a program, which no page saved as text
 * starts with. Telling it apart lets an export Clippings does not know be
 * reported as an unknown format rather than as a page without a title. */
static gboolean
looks_like_data (const guint8 *head,
                 gsize         length)
{
  gsize i = 0;

  if (length >= 3 && memcmp (head, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (head[i]))
    i++;
  if (length - i >= 5 && memcmp (head + i, "<?xml", 5) == 0)
    return TRUE;
  if (i < length && head[i] == '{')
    {
      for (i++; i < length && g_ascii_isspace (head[i]); i++)
        ;
      return i < length && (head[i] == '"' || head[i] == '}');
    }
  return FALSE;
}

/* Any UTF-8 text could be a page dump: this is the format of last resort. */
static int
clp_text_importer_sniff (const guint8 *head,
                         gsize         length)
{
  const char *end = NULL;

  if (looks_like_data (head, length))
    return 0;

  if (!g_utf8_validate ((const char *) head, length, &end))
    {
      /* The sample may have cut a character in half at its end. */
      if ((gsize) ((const guint8 *) end - head) + 4 < length)
        return 1;
    }
  return 10;
}

static void
clp_text_importer_class_init (ClpTextImporterClass *klass)
{
  ClpImporterClass *importer_class = CLP_IMPORTER_CLASS (klass);

  importer_class->name = "text";
  importer_class->sniff = clp_text_importer_sniff;
  importer_class->import = clp_text_importer_import;
}

static void
clp_text_importer_init (ClpTextImporter *self)
{
}

ClpImporter *
clp_text_importer_new (void)
{
  return g_object_new (CLP_TYPE_TEXT_IMPORTER, NULL);
}
