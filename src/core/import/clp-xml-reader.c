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
};

static int
read_cb (void *context,
         char *buffer,
         int   length)
{
  ClpXmlReader *self = context;
  gssize n;

  if (self->io_error != NULL)
    return -1;
  n = g_input_stream_read (self->stream, buffer, length, self->cancellable, &self->io_error);
  if (n < 0)
    return -1;
  self->at_end = n == 0;
  for (const char *p = buffer; (p = memchr (p, '\n', buffer + n - p)) != NULL; p++)
    self->lines++;
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
