/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-xml-reader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/xmlreader.h>
#include <string.h>

#include "clp-importer.h"
#include "clp-xml-reader.h"

/* Exports run to hundreds of megabytes, so they are read as a stream: the
 * importers walk the top of the document node by node and expand one
 * record (a Disqus post, a WordPress comment) at a time, which libxml2
 * frees again once the reader has moved past it.
 *
 * The options are the safe ones: no entity substitution (NOENT), no DTD
 * loading, attribute defaults or validation, no XInclude, no network, and
 * the parser's size limits kept (no HUGE). Entities a file declares in its
 * own DTD are therefore never expanded, an external one never opened; an
 * entity bomb trips libxml2's amplification check and stops the reading. */

#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES)

/* Bytes read from the stream at a time. */
#define RAW_SIZE 4096

/* libxml2 2.9's push parser, which the reader is built on, reads a CDATA
 * section by looking for its "]]>" through all the input it holds, and
 * then takes only 300 bytes of it; a long section with markup in it is
 * thus searched from its start again for every 300 bytes, and a 5.6 MB
 * WordPress post took seconds, four times more for twice the size. The
 * bytes are therefore filtered on their way in: a CDATA section in
 * element content is written as the same text with <, > and & escaped,
 * which libxml2 reads in one pass and turns into the same text node that
 * XML_PARSE_NOCDATA makes of the section. The filter follows just enough
 * of XML to know where element content is (tags with their quoted
 * values, comments, processing instructions, a document type); where it
 * cannot be sure, after a DTD's internal subset or in an encoding that is
 * not a superset of ASCII, it passes the rest through as it is. */
typedef enum
{
  FILTER_START,    /* before the first bytes: is the encoding one it knows? */
  FILTER_CONTENT,
  FILTER_MARKUP,   /* after "<", deciding what it opens (held back) */
  FILTER_TAG,
  FILTER_TAG_QUOTE,
  FILTER_COMMENT,
  FILTER_PI,
  FILTER_DECLARATION,
  FILTER_DECLARATION_QUOTE,
  FILTER_CDATA,
  FILTER_PASS,     /* the rest as it is */
} FilterState;

#define CDATA_START "<![CDATA["

struct _ClpXmlReader
{
  xmlTextReaderPtr  reader;
  GInputStream     *stream;
  GCancellable     *cancellable;
  ClpImportSink    *sink;
  char             *file;
  GError           *io_error;       /* from the stream, which outranks libxml2's */
  char             *fatal_message;  /* libxml2's first fatal error */
  int               fatal_line;
  gboolean          unsafe;         /* an entity expanded without end */
  int               unsafe_line;
  gboolean          warned_entity;
  gboolean          at_end;         /* the stream has no more bytes */
  int               lines;          /* newlines read from the stream */

  FilterState       filter;
  char              held[sizeof CDATA_START];  /* markup not yet decided */
  gsize             n_held;
  char              quote;          /* the quote a value or literal ends with */
  int               run;            /* "-" before ">" in a comment, "]" in CDATA */
  gboolean          question;       /* "?" before ">" in a processing instruction */
  GByteArray       *filtered;       /* filtered bytes libxml2 has not taken yet */
  gsize             taken;
};

/* An encoding declared in the XML declaration, if any, that the filter
 * may read byte by byte: UTF-8 and the single-byte ASCII supersets. */
static gboolean
is_ascii_superset (const guint8 *head,
                   gsize         length)
{
  g_autofree char *text = NULL;
  const char *end, *encoding;
  char quote;
  gsize n;

  /* UTF-16 and UTF-32 (with or without a byte-order mark), EBCDIC. */
  if (length < 2 || memchr (head, '\0', MIN (length, 4)) != NULL || head[0] >= 0x80)
    return length >= 3 && memcmp (head, "\xef\xbb\xbf", 3) == 0;
  if (length < 5 || memcmp (head, "<?xml", 5) != 0)
    return TRUE;
  text = g_strndup ((const char *) head, length);
  end = strstr (text, "?>");
  if (end == NULL)
    return FALSE;
  encoding = g_strstr_len (text, end - text, "encoding");
  if (encoding == NULL)
    return TRUE;
  encoding += strlen ("encoding");
  while (g_ascii_isspace (*encoding) || *encoding == '=')
    encoding++;
  quote = *encoding++;
  if (quote != '"' && quote != '\'')
    return FALSE;
  n = strcspn (encoding, quote == '"' ? "\"" : "'");
  return (n == 5 && g_ascii_strncasecmp (encoding, "utf-8", 5) == 0) ||
         (n == 8 && g_ascii_strncasecmp (encoding, "us-ascii", 8) == 0) ||
         (n == 5 && g_ascii_strncasecmp (encoding, "ascii", 5) == 0) ||
         (n > 9 && g_ascii_strncasecmp (encoding, "iso-8859-", 9) == 0) ||
         (n == 12 && g_ascii_strncasecmp (encoding, "windows-125", 11) == 0);
}

static void
emit (ClpXmlReader *self,
      const char   *bytes,
      gsize         length)
{
  g_byte_array_append (self->filtered, (const guint8 *) bytes, length);
}

static void
emit_byte (ClpXmlReader *self,
           char          c)
{
  g_byte_array_append (self->filtered, (const guint8 *) &c, 1);
}

static void filter_byte (ClpXmlReader *self,
                         char          c);

/* Markup after "<" is held back until it is known whether it opens a CDATA
 * section, which is dropped, or something else, which is written. */
static void
decide_markup (ClpXmlReader *self,
               char          c)
{
  self->held[self->n_held++] = c;
  if (self->n_held == strlen (CDATA_START) && memcmp (self->held, CDATA_START, self->n_held) == 0)
    {
      self->filter = FILTER_CDATA;
      self->run = 0;
      self->n_held = 0;
      return;
    }
  if (self->n_held == 4 && memcmp (self->held, "<!--", 4) == 0)
    {
      emit (self, self->held, self->n_held);
      self->n_held = 0;
      self->filter = FILTER_COMMENT;
      self->run = 0;
      return;
    }
  if (memcmp (self->held, CDATA_START, self->n_held) == 0 ||
      memcmp (self->held, "<!--", MIN (self->n_held, 4)) == 0)
    return;

  /* Something else: write what was held but the last byte, which the new
   * state reads. */
  emit (self, self->held, self->n_held - 1);
  if (self->held[1] == '?')
    self->filter = FILTER_PI;
  else if (self->held[1] == '!')
    self->filter = FILTER_DECLARATION;
  else
    self->filter = FILTER_TAG;
  self->question = FALSE;
  self->n_held = 0;
  filter_byte (self, c);
}

static void
filter_byte (ClpXmlReader *self,
             char          c)
{
  switch (self->filter)
    {
    case FILTER_CONTENT:
      if (c == '<')
        {
          self->held[0] = c;
          self->n_held = 1;
          self->filter = FILTER_MARKUP;
        }
      else
        emit_byte (self, c);
      break;
    case FILTER_MARKUP:
      decide_markup (self, c);
      break;
    case FILTER_TAG:
      emit_byte (self, c);
      if (c == '"' || c == '\'')
        {
          self->quote = c;
          self->filter = FILTER_TAG_QUOTE;
        }
      else if (c == '>')
        self->filter = FILTER_CONTENT;
      break;
    case FILTER_TAG_QUOTE:
      emit_byte (self, c);
      if (c == self->quote)
        self->filter = FILTER_TAG;
      break;
    case FILTER_COMMENT:
      emit_byte (self, c);
      if (c == '>' && self->run >= 2)
        self->filter = FILTER_CONTENT;
      self->run = c == '-' ? self->run + 1 : 0;
      break;
    case FILTER_PI:
      emit_byte (self, c);
      if (c == '>' && self->question)
        self->filter = FILTER_CONTENT;
      self->question = c == '?';
      break;
    case FILTER_DECLARATION:
      emit_byte (self, c);
      if (c == '[')
        self->filter = FILTER_PASS;  /* an internal subset: not followed */
      else if (c == '"' || c == '\'')
        {
          self->quote = c;
          self->filter = FILTER_DECLARATION_QUOTE;
        }
      else if (c == '>')
        self->filter = FILTER_CONTENT;
      break;
    case FILTER_DECLARATION_QUOTE:
      emit_byte (self, c);
      if (c == self->quote)
        self->filter = FILTER_DECLARATION;
      break;
    case FILTER_CDATA:
      if (c == ']')
        {
          self->run++;
          break;
        }
      if (c == '>' && self->run >= 2)
        {
          for (; self->run > 2; self->run--)
            emit_byte (self, ']');
          self->run = 0;
          self->filter = FILTER_CONTENT;
          break;
        }
      for (; self->run > 0; self->run--)
        emit_byte (self, ']');
      if (c == '<')
        emit (self, "&lt;", 4);
      else if (c == '>')
        emit (self, "&gt;", 4);
      else if (c == '&')
        emit (self, "&amp;", 5);
      else
        emit_byte (self, c);
      break;
    case FILTER_START:
    case FILTER_PASS:
    default:
      emit_byte (self, c);
      break;
    }
}

static void
filter_bytes (ClpXmlReader *self,
              const char   *bytes,
              gsize         length)
{
  if (self->filter == FILTER_START)
    self->filter = is_ascii_superset ((const guint8 *) bytes, length) ? FILTER_CONTENT
                                                                      : FILTER_PASS;
  if (self->filter == FILTER_PASS)
    {
      emit (self, bytes, length);
      return;
    }
  for (gsize i = 0; i < length; i++)
    filter_byte (self, bytes[i]);
}

/* What a file cut short inside a CDATA section or markup still held back
 * is given to libxml2 as it was, for it to say what is wrong. */
static void
filter_finish (ClpXmlReader *self)
{
  if (self->filter == FILTER_MARKUP)
    emit (self, self->held, self->n_held);
  else if (self->filter == FILTER_CDATA)
    {
      for (; self->run > 0; self->run--)
        emit_byte (self, ']');
      /* Unended: nothing libxml2 could read past. */
      emit (self, "<![CDATA[", strlen ("<![CDATA["));
    }
  self->n_held = 0;
  self->filter = FILTER_PASS;
}

static int
read_cb (void *context,
         char *buffer,
         int   length)
{
  ClpXmlReader *self = context;
  gsize n;

  while (self->taken == self->filtered->len && !self->at_end)
    {
      char raw[RAW_SIZE];
      gssize got;

      if (self->io_error != NULL)
        return -1;
      g_byte_array_set_size (self->filtered, 0);
      self->taken = 0;
      got = g_input_stream_read (self->stream, raw, sizeof raw, self->cancellable,
                                 &self->io_error);
      if (got < 0)
        return -1;
      self->at_end = got == 0;
      for (const char *p = raw; (p = memchr (p, '\n', raw + got - p)) != NULL; p++)
        self->lines++;
      if (self->at_end)
        filter_finish (self);
      else
        filter_bytes (self, raw, got);
    }

  n = MIN ((gsize) length, self->filtered->len - self->taken);
  if (n > 0)
    memcpy (buffer, self->filtered->data + self->taken, n);
  self->taken += n;
  return (int) n;
}

static int
close_cb (void *context)
{
  /* The stream belongs to the caller. */
  return 0;
}

static void
error_cb (void        *data,
          xmlErrorPtr  error)
{
  ClpXmlReader *self = data;

  /* Reported once inside each entity, where lines count from its start,
   * and last where the document uses it. */
  if (error->code == XML_ERR_ENTITY_LOOP)
    {
      self->unsafe = TRUE;
      self->unsafe_line = MAX (self->unsafe_line, error->line);
    }
  /* Errors libxml2 reads past (an undeclared namespace prefix) are not
   * worth stopping for; the fatal one that stops the reading is. */
  if (error->level != XML_ERR_FATAL || self->fatal_message != NULL)
    return;
  self->fatal_message = g_strchomp (g_strdup (error->message != NULL ? error->message : ""));
  self->fatal_line = error->line;
}

/**
 * clp_xml_reader_new:
 * @stream: read from where it is; not closed
 * @display_name: the file's name for messages
 * @sink: where warnings about the file go
 *
 * Returns: (transfer full): a reader before the first node
 */
ClpXmlReader *
clp_xml_reader_new (GInputStream  *stream,
                    const char    *display_name,
                    ClpImportSink *sink,
                    GCancellable  *cancellable)
{
  ClpXmlReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (CLP_IS_IMPORT_SINK (sink), NULL);

  self = g_new0 (ClpXmlReader, 1);
  self->stream = g_object_ref (stream);
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->sink = g_object_ref (sink);
  self->file = g_strdup (display_name);
  self->filtered = g_byte_array_new ();
  /* fail() reads the last error of this thread. */
  xmlResetLastError ();
  /* NULL when the first bytes could not be read; the first read says so. */
  self->reader = xmlReaderForIO (read_cb, close_cb, self, NULL, NULL, READER_OPTIONS);
  if (self->reader != NULL)
    xmlTextReaderSetStructuredErrorHandler (self->reader, error_cb, self);
  return self;
}

void
clp_xml_reader_free (ClpXmlReader *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->reader, xmlFreeTextReader);
  g_object_unref (self->stream);
  g_clear_object (&self->cancellable);
  g_object_unref (self->sink);
  g_free (self->file);
  g_clear_error (&self->io_error);
  g_free (self->fatal_message);
  g_byte_array_unref (self->filtered);
  g_free (self);
}

/* The line of @node when libxml2 kept it, else of the parser, which reads
 * a little ahead. */
int
clp_xml_reader_get_line (ClpXmlReader *self,
                         xmlNode      *node)
{
  long line = node != NULL ? xmlGetLineNo (node) : -1;

  if ((line <= 0 || line >= G_MAXUSHORT) && self->reader != NULL)
    line = xmlTextReaderGetParserLineNumber (self->reader);
  return (int) MAX (line, 1);
}

/**
 * clp_xml_reader_set_error:
 * @code: a #ClpImportError
 *
 * Sets an import error that names the file and the current line.
 */
void
clp_xml_reader_set_error (ClpXmlReader  *self,
                          GError       **error,
                          int            code,
                          const char    *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CLP_IMPORT_ERROR, code, "%s, line %d: %s", self->file,
               clp_xml_reader_get_line (self, xmlTextReaderCurrentNode (self->reader)),
               message);
}

/* Why the reader stopped, in words for the person importing. */
static gboolean
fail (ClpXmlReader  *self,
      GError       **error)
{
  int line = self->fatal_line > 0 ? self->fatal_line : clp_xml_reader_get_line (self, NULL);
  /* libxml2 reports a text past its size limit (10 MB without
   * XML_PARSE_HUGE, which a file from anywhere does not get) as if memory
   * had run out, and not to the reader's handler. */
  const xmlError *last = xmlGetLastError ();

  if (self->io_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->io_error));
      return FALSE;
    }
  if (self->unsafe)
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_UNSAFE,
                   _("%s, line %d: the file declares entities that expand without end "
                     "(an “entity bomb”). Clippings stopped reading it and imported nothing."),
                   self->file, MAX (self->unsafe_line, 1));
      return FALSE;
    }
  /* libxml2 names a cut-off file's error by whatever it was reading last
   * ("Extra content at the end of the document" for an open CDATA), so the
   * sign is where it stopped: on the last line, with nothing left. */
  if (self->at_end && line >= self->lines)
    g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_MALFORMED,
                 _("%s, line %d: the file ends before its XML does; it may have been cut "
                   "short. Download the export again and import the new file."),
                 self->file, line);
  else if (self->fatal_message == NULL && last != NULL && last->code == XML_ERR_NO_MEMORY)
    g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_MALFORMED,
                 _("%s, line %d: the file holds a text of more than 10 MB in one piece, "
                   "more than Clippings reads; nothing of the file was imported."),
                 self->file, line);
  else
    g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_MALFORMED,
                 _("%s, line %d: the XML is broken: %s"), self->file, line,
                 self->fatal_message != NULL ? self->fatal_message : _("unknown error"));
  return FALSE;
}

static gboolean
check (ClpXmlReader  *self,
       int            rc,
       gboolean      *more,
       GError       **error)
{
  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;
  if (rc < 0 || self->io_error != NULL || self->unsafe)
    return fail (self, error);
  *more = rc == 1;
  return TRUE;
}

/**
 * clp_xml_reader_read:
 * @more: (out): %FALSE at the end of the document
 *
 * Moves to the next node, into the current one's children if it has any.
 */
gboolean
clp_xml_reader_read (ClpXmlReader  *self,
                     gboolean      *more,
                     GError       **error)
{
  return check (self, self->reader != NULL ? xmlTextReaderRead (self->reader) : -1, more, error);
}

/**
 * clp_xml_reader_skip:
 * @more: (out): %FALSE at the end of the document
 *
 * Moves past the current node and its children.
 */
gboolean
clp_xml_reader_skip (ClpXmlReader  *self,
                     gboolean      *more,
                     GError       **error)
{
  return check (self, xmlTextReaderNext (self->reader), more, error);
}

/**
 * clp_xml_reader_expand:
 *
 * Reads the current element whole. The tree belongs to the reader and
 * lives until the reader moves on with clp_xml_reader_skip().
 *
 * Returns: (transfer none): the element, or %NULL with an error
 */
xmlNode *
clp_xml_reader_expand (ClpXmlReader  *self,
                       GError       **error)
{
  xmlNode *node = xmlTextReaderExpand (self->reader);
  gboolean more;

  if (node == NULL || self->unsafe || self->io_error != NULL)
    {
      check (self, -1, &more, error);
      return NULL;
    }
  return node;
}

static gboolean
is_node (ClpXmlReader *self,
         int           type,
         int           depth,
         const char   *local_name)
{
  const xmlChar *name;

  if (xmlTextReaderNodeType (self->reader) != type || xmlTextReaderDepth (self->reader) != depth)
    return FALSE;
  name = xmlTextReaderConstLocalName (self->reader);
  return local_name == NULL || (name != NULL && g_str_equal ((const char *) name, local_name));
}

/* Whether the reader is at the start tag of @local_name (any if %NULL) at
 * @depth, the root being at 0. */
gboolean
clp_xml_reader_is_start (ClpXmlReader *self,
                         int           depth,
                         const char   *local_name)
{
  return is_node (self, XML_READER_TYPE_ELEMENT, depth, local_name);
}

gboolean
clp_xml_reader_is_end (ClpXmlReader *self,
                       int           depth,
                       const char   *local_name)
{
  return is_node (self, XML_READER_TYPE_END_ELEMENT, depth, local_name);
}

/* "<item/>": a start tag that has no end tag to wait for. */
gboolean
clp_xml_reader_is_empty (ClpXmlReader *self)
{
  return xmlTextReaderIsEmptyElement (self->reader) == 1;
}

const char *
clp_xml_reader_get_local_name (ClpXmlReader *self)
{
  const xmlChar *name = xmlTextReaderConstLocalName (self->reader);

  return name != NULL ? (const char *) name : "";
}

static void
append_text (ClpXmlReader *self,
             xmlNode      *node,
             GString      *text)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      switch (child->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (child->content != NULL)
            g_string_append (text, (const char *) child->content);
          break;
        case XML_ELEMENT_NODE:
          append_text (self, child, text);
          break;
        case XML_ENTITY_REF_NODE:
          /* An entity the file declares itself: its text is never read,
           * so that no file can pull another file into the archive. */
          if (!self->warned_entity)
            clp_import_sink_warn (self->sink,
                                  _("line %d: the file refers to “&%s;”, an entity it declares "
                                    "itself; Clippings does not read such entities, and leaves "
                                    "them out"),
                                  clp_xml_reader_get_line (self, child),
                                  (const char *) child->name);
          self->warned_entity = TRUE;
          break;
        default:
          break;
        }
    }
}

/**
 * clp_xml_reader_dup_text:
 * @node: (nullable): an expanded element
 *
 * Returns: (transfer full) (nullable): the text inside @node, CDATA
 *   included, entity references left out; %NULL when @node is %NULL
 */
char *
clp_xml_reader_dup_text (ClpXmlReader *self,
                         xmlNode      *node)
{
  GString *text;

  if (node == NULL)
    return NULL;
  text = g_string_new (NULL);
  append_text (self, node, text);
  return g_string_free (text, FALSE);
}

/**
 * clp_xml_reader_dup_value:
 * @node: (nullable): an expanded element
 *
 * Returns: (transfer full) (nullable): the text inside @node without white
 *   space around it, or %NULL when @node is %NULL or blank
 */
char *
clp_xml_reader_dup_value (ClpXmlReader *self,
                          xmlNode      *node)
{
  g_autofree char *text = clp_xml_reader_dup_text (self, node);

  if (text == NULL || *g_strstrip (text) == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

/**
 * clp_xml_reader_dup_child_text:
 *
 * Returns: (transfer full) (nullable): the clp_xml_reader_dup_value() of
 *   @node's child @local_name
 */
char *
clp_xml_reader_dup_child_text (ClpXmlReader *self,
                               xmlNode      *node,
                               const char   *local_name)
{
  return clp_xml_reader_dup_value (self, clp_xml_node_get_child (node, local_name));
}

/**
 * clp_xml_node_get_child:
 *
 * Returns: (transfer none) (nullable): the first child element of @node
 *   named @local_name, in any namespace
 */
xmlNode *
clp_xml_node_get_child (xmlNode    *node,
                        const char *local_name)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && g_str_equal ((const char *) child->name, local_name))
      return child;
  return NULL;
}

/* Whether @node's namespace starts with @prefix: "http://wordpress.org/export/1."
 * matches every WXR version. */
gboolean
clp_xml_node_has_namespace (xmlNode    *node,
                            const char *prefix)
{
  return node->ns != NULL && node->ns->href != NULL &&
         g_str_has_prefix ((const char *) node->ns->href, prefix);
}

static const char *
skip_past (const char *p,
           const char *end,
           const char *marker)
{
  gsize length = strlen (marker);

  for (; p + length <= end; p++)
    if (memcmp (p, marker, length) == 0)
      return p + length;
  return NULL;
}

/**
 * clp_xml_sniff_root:
 * @head: the first bytes of a file
 * @local_name: the root element's name without its prefix
 * @namespace_prefix: text the root's start tag should hold, such as the
 *   start of a namespace
 * @has_namespace: (out): whether it does
 *
 * Finds the root element past the XML declaration, comments, processing
 * instructions and a document type with its internal subset.
 *
 * Returns: whether the root element is @local_name
 */
gboolean
clp_xml_sniff_root (const guint8 *head,
                    gsize         length,
                    const char   *local_name,
                    const char   *namespace_prefix,
                    gboolean     *has_namespace)
{
  const char *p = (const char *) head;
  const char *end = p + length;
  const char *name, *tag_end;
  gsize name_length;

  *has_namespace = FALSE;
  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  for (;;)
    {
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p >= end || *p != '<')
        return FALSE;
      if (end - p >= 2 && p[1] == '?')
        p = skip_past (p, end, "?>");
      else if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        p = skip_past (p + 4, end, "-->");
      else if (end - p >= 9 && g_ascii_strncasecmp (p, "<!DOCTYPE", 9) == 0)
        {
          const char *bracket = memchr (p, '[', end - p);
          const char *close = memchr (p, '>', end - p);

          if (bracket != NULL && close != NULL && bracket < close)
            p = skip_past (bracket, end, "]");
          p = p != NULL ? skip_past (p, end, ">") : NULL;
        }
      else
        break;
      if (p == NULL)
        return FALSE;
    }

  /* "<disqus " or "<rss>", maybe with a prefix: "<x:disqus ". */
  name = ++p;
  while (p < end && !g_ascii_isspace (*p) && *p != '>' && *p != '/')
    p++;
  for (const char *colon = name; colon < p; colon++)
    if (*colon == ':')
      name = colon + 1;
  name_length = p - name;
  if (name_length != strlen (local_name) || memcmp (name, local_name, name_length) != 0)
    return FALSE;

  tag_end = memchr (p, '>', end - p);
  if (tag_end == NULL)
    tag_end = end;
  *has_namespace = namespace_prefix == NULL ||
                   skip_past (p, tag_end, namespace_prefix) != NULL;
  return TRUE;
}
