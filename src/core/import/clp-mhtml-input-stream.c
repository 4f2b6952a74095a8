/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-mhtml-input-stream"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-importer.h"
#include "clp-mhtml-input-stream.h"

/* The page inside an MHTML file (RFC 2557), as a stream of its HTML.
 *
 * Chromium-based browsers save a page "as a single file" as a MIME message:
 * headers (Snapshot-Content-Location names the page's address), then a
 * multipart/related body whose first text/html part is the page, followed
 * by its stylesheets, images and frames, each quoted-printable or base64.
 * Only the first text/html part is read. The parts before it are skipped
 * line by line without being kept, and nothing after it is read at all.
 *
 * Reading is line by line over a buffer of fixed size, whatever the length
 * of a line, so memory stays at the buffer and the decoded chunk. The line
 * break before a boundary belongs to the boundary (RFC 2046), so a line
 * break is written only once the next line turns out not to be one. */

#define BUFFER_SIZE      (64 * 1024)
#define MAX_HEADER_BYTES (64 * 1024)
#define MAX_BOUNDARY     200

typedef enum
{
  ENCODING_IDENTITY,
  ENCODING_QUOTED_PRINTABLE,
  ENCODING_BASE64,
} Encoding;

typedef struct
{
  char *content_type;  /* the media type alone, lowercase */
  char *boundary;
  char *charset;
  char *encoding;
  char *location;
  char *snapshot_location;
} Headers;

struct _ClpMhtmlInputStream
{
  GInputStream          parent_instance;

  GBufferedInputStream *base;
  char                 *display_name;
  char                 *delimiter;         /* "--" and the boundary; NULL for one part */
  gsize                 delimiter_length;
  char                 *charset;
  char                 *location;
  Encoding              encoding;
  gboolean              opened;
  gboolean              at_line_start;
  gboolean              pending_newline;
  gboolean              done;
  gboolean              truncated;
  int                   base64_state;
  guint                 base64_save;
  GByteArray           *out;               /* decoded, not yet read */
  gsize                 out_position;
};

G_DEFINE_FINAL_TYPE (ClpMhtmlInputStream, clp_mhtml_input_stream, G_TYPE_INPUT_STREAM)

static void
headers_clear (Headers *headers)
{
  g_free (headers->content_type);
  g_free (headers->boundary);
  g_free (headers->charset);
  g_free (headers->encoding);
  g_free (headers->location);
  g_free (headers->snapshot_location);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Headers, headers_clear)

/* At least @wanted bytes in the buffer, unless the stream ends first.
 * Returns: how many there are, or -1 with an error */
static gssize
ensure (ClpMhtmlInputStream  *self,
        gsize                 wanted,
        GCancellable         *cancellable,
        GError              **error)
{
  gsize available;

  g_assert (wanted <= BUFFER_SIZE);

  g_buffered_input_stream_peek_buffer (self->base, &available);
  while (available < wanted)
    {
      gssize n = g_buffered_input_stream_fill (self->base, -1, cancellable, error);

      if (n < 0)
        return -1;
      if (n == 0)
        break;
      g_buffered_input_stream_peek_buffer (self->base, &available);
    }
  return available;
}

static void
consume (ClpMhtmlInputStream *self,
         gsize                length)
{
  /* Bytes already in the buffer: skipping them does not read. */
  g_input_stream_skip (G_INPUT_STREAM (self->base), length, NULL, NULL);
}

/* The part of the current line in the buffer, at least one byte unless
 * the stream has ended: *line_length bytes of text, then the newline when
 * *ends says the line ends in the buffer. */
static gboolean
peek_line (ClpMhtmlInputStream  *self,
           gsize                 at_least,
           const guint8        **data,
           gsize                *line_length,
           gboolean             *ends,
           gboolean             *eof,
           GCancellable         *cancellable,
           GError              **error)
{
  gssize available = ensure (self, at_least, cancellable, error);
  const guint8 *newline;
  gsize size;

  if (available < 0)
    return FALSE;
  *eof = available == 0;
  *data = g_buffered_input_stream_peek_buffer (self->base, &size);
  newline = memchr (*data, '\n', size);
  *ends = newline != NULL;
  *line_length = newline != NULL ? (gsize) (newline - *data) : size;
  return TRUE;
}

static gboolean
skip_line (ClpMhtmlInputStream  *self,
           GCancellable         *cancellable,
           GError              **error)
{
  for (;;)
    {
      const guint8 *data;
      gsize length;
      gboolean ends, eof;

      if (!peek_line (self, 1, &data, &length, &ends, &eof, cancellable, error))
        return FALSE;
      if (eof)
        return TRUE;
      consume (self, length + (ends ? 1 : 0));
      if (ends)
        return TRUE;
    }
}

/* Whether the line starting here is a boundary; *last for the closing one.
 * Only called at the start of a line. */
static gboolean
at_boundary (ClpMhtmlInputStream  *self,
             gboolean             *is_boundary,
             gboolean             *last,
             GCancellable         *cancellable,
             GError              **error)
{
  gssize available = ensure (self, self->delimiter_length + 2, cancellable, error);
  const guint8 *data;
  gsize size;

  if (available < 0)
    return FALSE;
  data = g_buffered_input_stream_peek_buffer (self->base, &size);
  *is_boundary = size >= self->delimiter_length &&
                 memcmp (data, self->delimiter, self->delimiter_length) == 0;
  *last = *is_boundary && size >= self->delimiter_length + 2 &&
          data[self->delimiter_length] == '-' && data[self->delimiter_length + 1] == '-';
  return TRUE;
}

static char *
unquote (const char *value)
{
  GString *out;

  if (*value != '"')
    return g_strstrip (g_strdup (value));
  out = g_string_new (NULL);
  for (const char *p = value + 1; *p != '\0' && *p != '"'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* "multipart/related; type="text/html"; boundary="----x"" */
static void
parse_content_type (Headers    *headers,
                    const char *value)
{
  const char *p = value;
  const char *semicolon = strchr (value, ';');
  gsize type_length = semicolon != NULL ? (gsize) (semicolon - value) : strlen (value);
  g_autofree char *type = g_strndup (value, type_length);

  headers->content_type = g_ascii_strdown (g_strstrip (type), -1);
  p = semicolon;
  while (p != NULL && *p == ';')
    {
      const char *start = p + 1;
      const char *end = start;
      gboolean quoted = FALSE;
      g_autofree char *parameter = NULL;
      char *equals;

      /* A semicolon inside quotes is part of the value. */
      for (; *end != '\0' && (quoted || *end != ';'); end++)
        {
          if (*end == '\\' && quoted && end[1] != '\0')
            end++;
          else if (*end == '"')
            quoted = !quoted;
        }
      parameter = g_strndup (start, end - start);
      p = *end == ';' ? end : NULL;

      equals = strchr (parameter, '=');
      if (equals == NULL)
        continue;
      *equals = '\0';
      g_strstrip (parameter);
      g_strchug (equals + 1);
      if (g_ascii_strcasecmp (parameter, "boundary") == 0 && headers->boundary == NULL)
        headers->boundary = unquote (equals + 1);
      else if (g_ascii_strcasecmp (parameter, "charset") == 0 && headers->charset == NULL)
        headers->charset = unquote (equals + 1);
    }
}

static void
parse_header (Headers    *headers,
              const char *line)
{
  const char *colon = strchr (line, ':');
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  if (colon == NULL)
    return;
  name = g_strstrip (g_strndup (line, colon - line));
  value = g_strstrip (g_strdup (colon + 1));

  if (g_ascii_strcasecmp (name, "Content-Type") == 0 && headers->content_type == NULL)
    parse_content_type (headers, value);
  else if (g_ascii_strcasecmp (name, "Content-Transfer-Encoding") == 0 && headers->encoding == NULL)
    headers->encoding = g_ascii_strdown (value, -1);
  else if (g_ascii_strcasecmp (name, "Content-Location") == 0 && headers->location == NULL)
    headers->location = g_steal_pointer (&value);
  else if (g_ascii_strcasecmp (name, "Snapshot-Content-Location") == 0 &&
           headers->snapshot_location == NULL)
    headers->snapshot_location = g_steal_pointer (&value);
}

/* Header lines up to the empty line that ends them, folded lines joined.
 * A line longer than MAX_HEADER_BYTES is cut there: no header Clippings
 * reads is that long. */
static gboolean
read_headers (ClpMhtmlInputStream  *self,
              Headers              *headers,
              GCancellable         *cancellable,
              GError              **error)
{
  g_autoptr(GString) header = g_string_new (NULL);
  g_autoptr(GString) line = g_string_new (NULL);

  for (;;)
    {
      gboolean ends = FALSE, eof = FALSE;

      g_string_truncate (line, 0);
      while (!ends)
        {
          const guint8 *data;
          gsize length;

          if (!peek_line (self, 1, &data, &length, &ends, &eof, cancellable, error))
            return FALSE;
          if (eof)
            break;
          if (line->len < MAX_HEADER_BYTES)
            g_string_append_len (line, (const char *) data,
                                 MIN (length, MAX_HEADER_BYTES - line->len));
          consume (self, length + (ends ? 1 : 0));
        }
      if (line->len > 0 && line->str[line->len - 1] == '\r')
        g_string_truncate (line, line->len - 1);

      if (line->len > 0 && (line->str[0] == ' ' || line->str[0] == '\t'))
        {
          if (header->len < MAX_HEADER_BYTES)
            g_string_append_printf (header, " %s", g_strchug (line->str));
          continue;
        }
      if (header->len > 0)
        parse_header (headers, header->str);
      g_string_truncate (header, 0);
      if (line->len == 0)
        return TRUE;
      g_string_append (header, line->str);
    }
}

static gboolean
is_html (const char *content_type)
{
  return content_type != NULL && (g_str_equal (content_type, "text/html") ||
                                  g_str_equal (content_type, "application/xhtml+xml"));
}

static void
take_part (ClpMhtmlInputStream *self,
           Headers             *part,
           const char          *snapshot_location)
{
  const char *encoding = part->encoding != NULL ? part->encoding : "";

  if (g_str_equal (encoding, "quoted-printable"))
    self->encoding = ENCODING_QUOTED_PRINTABLE;
  else if (g_str_equal (encoding, "base64"))
    self->encoding = ENCODING_BASE64;
  else
    self->encoding = ENCODING_IDENTITY;
  self->charset = g_steal_pointer (&part->charset);
  self->location = g_strdup (snapshot_location != NULL ? snapshot_location : part->location);
  self->at_line_start = TRUE;
  self->opened = TRUE;
}

static void
set_no_page (ClpMhtmlInputStream  *self,
             GError              **error)
{
  g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_NOT_ARTICLE,
               _("%s is a web archive without a web page in it: there is nothing to import. "
                 "Save the article’s page again and import that file."),
               self->display_name);
}

/**
 * clp_mhtml_input_stream_open:
 *
 * Reads the file up to the start of its page. After this, the stream
 * reads the page's HTML, decoded.
 *
 * Returns: whether the file holds a page
 */
gboolean
clp_mhtml_input_stream_open (ClpMhtmlInputStream  *self,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_auto(Headers) message = { 0 };

  g_return_val_if_fail (CLP_IS_MHTML_INPUT_STREAM (self), FALSE);
  g_return_val_if_fail (!self->opened, FALSE);

  if (!read_headers (self, &message, cancellable, error))
    return FALSE;

  if (is_html (message.content_type))
    {
      take_part (self, &message, message.snapshot_location);
      return TRUE;
    }
  if (message.content_type == NULL || !g_str_has_prefix (message.content_type, "multipart/"))
    {
      set_no_page (self, error);
      return FALSE;
    }
  if (message.boundary == NULL || *message.boundary == '\0' ||
      strlen (message.boundary) > MAX_BOUNDARY)
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_MALFORMED,
                   _("%s is a broken web archive: its parts have no boundary."),
                   self->display_name);
      return FALSE;
    }
  self->delimiter = g_strconcat ("--", message.boundary, NULL);
  self->delimiter_length = strlen (self->delimiter);

  /* The preamble and every part before the page, a line at a time. */
  for (;;)
    {
      gboolean is_boundary, last, ends, eof;
      const guint8 *data;
      gsize length;

      if (!at_boundary (self, &is_boundary, &last, cancellable, error))
        return FALSE;
      if (is_boundary)
        {
          g_auto(Headers) part = { 0 };

          if (last || !skip_line (self, cancellable, error) ||
              !read_headers (self, &part, cancellable, error))
            {
              if (last)
                set_no_page (self, error);
              return FALSE;
            }
          if (is_html (part.content_type))
            {
              take_part (self, &part, message.snapshot_location);
              return TRUE;
            }
          continue;
        }
      if (!peek_line (self, 1, &data, &length, &ends, &eof, cancellable, error))
        return FALSE;
      if (eof)
        {
          set_no_page (self, error);
          return FALSE;
        }
      if (!skip_line (self, cancellable, error))
        return FALSE;
    }
}

static int
hex_value (guint8 c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

static void
decode_quoted_printable (ClpMhtmlInputStream *self,
                         const guint8        *data,
                         gsize                length)
{
  for (gsize i = 0; i < length; i++)
    {
      guint8 byte = data[i];

      if (byte == '=' && i + 2 < length && hex_value (data[i + 1]) >= 0 &&
          hex_value (data[i + 2]) >= 0)
        {
          byte = hex_value (data[i + 1]) * 16 + hex_value (data[i + 2]);
          i += 2;
        }
      g_byte_array_append (self->out, &byte, 1);
    }
}

static void
decode (ClpMhtmlInputStream *self,
        const guint8        *data,
        gsize                length)
{
  switch (self->encoding)
    {
    case ENCODING_QUOTED_PRINTABLE:
      decode_quoted_printable (self, data, length);
      break;
    case ENCODING_BASE64:
      {
        gsize start = self->out->len;
        gsize written;

        g_byte_array_set_size (self->out, start + (length / 4) * 3 + 3);
        written = g_base64_decode_step ((const char *) data, length, self->out->data + start,
                                        &self->base64_state, &self->base64_save);
        g_byte_array_set_size (self->out, start + written);
      }
      break;
    case ENCODING_IDENTITY:
    default:
      g_byte_array_append (self->out, data, length);
      break;
    }
}

/* Decodes the next piece of the page into self->out, or sets done. */
static gboolean
decode_some (ClpMhtmlInputStream  *self,
             GCancellable         *cancellable,
             GError              **error)
{
  const guint8 *data;
  gsize length, consumed;
  gboolean ends, eof, soft_break = FALSE;

  if (self->at_line_start && self->delimiter != NULL)
    {
      gboolean is_boundary, last;

      if (!at_boundary (self, &is_boundary, &last, cancellable, error))
        return FALSE;
      if (is_boundary)
        {
          self->done = TRUE;
          return TRUE;
        }
    }

  /* Three bytes at least, so that an escape is never cut by the buffer's
   * end unless the file ends there. */
  if (!peek_line (self, 3, &data, &length, &ends, &eof, cancellable, error))
    return FALSE;
  if (eof)
    {
      self->truncated = self->delimiter != NULL;
      self->done = TRUE;
      return TRUE;
    }

  if (self->at_line_start && self->pending_newline)
    g_byte_array_append (self->out, (const guint8 *) "\n", 1);
  self->pending_newline = FALSE;

  consumed = length + (ends ? 1 : 0);
  if (!ends && self->encoding == ENCODING_QUOTED_PRINTABLE)
    {
      /* Leave an escape the buffer cuts for the next piece. */
      for (gsize back = 1; back <= 2 && back <= length; back++)
        if (data[length - back] == '=' && length - back > 0)
          {
            length -= back;
            consumed = length;
            break;
          }
    }
  if (ends && length > 0 && data[length - 1] == '\r')
    length--;
  if (ends && self->encoding == ENCODING_QUOTED_PRINTABLE && length > 0 &&
      data[length - 1] == '=')
    {
      soft_break = TRUE;
      length--;
    }

  decode (self, data, length);
  consume (self, consumed);

  self->at_line_start = ends;
  self->pending_newline = ends && !soft_break && self->encoding != ENCODING_BASE64;
  return TRUE;
}

static gssize
clp_mhtml_input_stream_read (GInputStream  *stream,
                             void          *buffer,
                             gsize          count,
                             GCancellable  *cancellable,
                             GError       **error)
{
  ClpMhtmlInputStream *self = CLP_MHTML_INPUT_STREAM (stream);
  gsize take;

  if (!self->opened)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           "clp_mhtml_input_stream_open() was not called");
      return -1;
    }

  while (self->out_position >= self->out->len && !self->done)
    {
      g_byte_array_set_size (self->out, 0);
      self->out_position = 0;
      if (!decode_some (self, cancellable, error))
        return -1;
    }

  take = MIN (count, self->out->len - self->out_position);
  if (take == 0)
    return 0;
  memcpy (buffer, self->out->data + self->out_position, take);
  self->out_position += take;
  return take;
}

static gboolean
clp_mhtml_input_stream_close (GInputStream  *stream,
                              GCancellable  *cancellable,
                              GError       **error)
{
  /* The file belongs to the caller. */
  return TRUE;
}

static void
clp_mhtml_input_stream_finalize (GObject *object)
{
  ClpMhtmlInputStream *self = CLP_MHTML_INPUT_STREAM (object);

  g_clear_object (&self->base);
  g_free (self->display_name);
  g_free (self->delimiter);
  g_free (self->charset);
  g_free (self->location);
  g_byte_array_unref (self->out);

  G_OBJECT_CLASS (clp_mhtml_input_stream_parent_class)->finalize (object);
}

static void
clp_mhtml_input_stream_class_init (ClpMhtmlInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = clp_mhtml_input_stream_finalize;
  stream_class->read_fn = clp_mhtml_input_stream_read;
  stream_class->close_fn = clp_mhtml_input_stream_close;
}

static void
clp_mhtml_input_stream_init (ClpMhtmlInputStream *self)
{
  self->out = g_byte_array_new ();
}

/**
 * clp_mhtml_input_stream_new:
 * @base: the MHTML file, read from where it is; not closed
 * @display_name: the file's name for messages
 *
 * Returns: (transfer full): a stream to open before reading
 */
GInputStream *
clp_mhtml_input_stream_new (GInputStream *base,
                            const char   *display_name)
{
  ClpMhtmlInputStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  self = g_object_new (CLP_TYPE_MHTML_INPUT_STREAM, NULL);
  self->base = G_BUFFERED_INPUT_STREAM (g_buffered_input_stream_new_sized (base, BUFFER_SIZE));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (self->base), FALSE);
  self->display_name = g_strdup (display_name);
  return G_INPUT_STREAM (self);
}

/* The page part's charset parameter, if it had one. */
const char *
clp_mhtml_input_stream_get_charset (ClpMhtmlInputStream *self)
{
  g_return_val_if_fail (CLP_IS_MHTML_INPUT_STREAM (self), NULL);

  return self->charset;
}

/* The address the page was saved from: Snapshot-Content-Location, else
 * the page part's Content-Location. */
const char *
clp_mhtml_input_stream_get_location (ClpMhtmlInputStream *self)
{
  g_return_val_if_fail (CLP_IS_MHTML_INPUT_STREAM (self), NULL);

  return self->location;
}

/* Whether the file ended inside the page, before its closing boundary. */
gboolean
clp_mhtml_input_stream_is_truncated (ClpMhtmlInputStream *self)
{
  g_return_val_if_fail (CLP_IS_MHTML_INPUT_STREAM (self), FALSE);

  return self->truncated;
}

/**
 * clp_mhtml_sniff:
 * @head: the first bytes of a file
 *
 * MHTML starts as a mail message does: header lines up to an empty line,
 * among them MIME-Version and a Content-Type of multipart/related (or of
 * a page alone). A text page does not start so.
 *
 * Returns: how sure it is MHTML, 0 to 100
 */
int
clp_mhtml_sniff (const guint8 *head,
                 gsize         length)
{
  const char *p = (const char *) head;
  const char *end = p + length;
  gboolean mime_version = FALSE, content_type = FALSE;
  int lines = 0;

  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *line_end = newline != NULL ? newline : end;
      gsize line_length = line_end - p;
      const char *colon;

      if (line_length > 0 && p[line_length - 1] == '\r')
        line_length--;
      if (line_length == 0)
        break;
      if (*p != ' ' && *p != '\t')
        {
          colon = memchr (p, ':', line_length);
          if (colon == NULL || colon == p)
            return 0;
          for (const char *c = p; c < colon; c++)
            if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
              return 0;
          if ((gsize) (colon - p) == strlen ("MIME-Version") &&
              g_ascii_strncasecmp (p, "MIME-Version", colon - p) == 0)
            mime_version = TRUE;
          else if ((gsize) (colon - p) == strlen ("Content-Type") &&
                   g_ascii_strncasecmp (p, "Content-Type", colon - p) == 0)
            {
              const char *value = colon + 1;

              while (value < p + line_length && g_ascii_isspace (*value))
                value++;
              content_type = g_ascii_strncasecmp (value, "multipart/related",
                                                  strlen ("multipart/related")) == 0 ||
                             g_ascii_strncasecmp (value, "text/html", strlen ("text/html")) == 0;
            }
        }
      lines++;
      if (newline == NULL)
        break;
      p = newline + 1;
    }
  return mime_version && content_type && lines >= 2 ? 90 : 0;
}
