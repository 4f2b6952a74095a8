/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "clp-test-util.h"
#include "clp-xml-reader.h"

/* A libFuzzer target for the XML reader's CDATA filter, by difference: the
 * document the reader builds (its root expanded whole) must be the one
 * libxml2 builds from the same bytes unfiltered, with the same options;
 * and a file libxml2 reads must read through the reader too. With
 * fuzz-driver.c it replays corpus/xml-reader/ as a test. */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static char *
dump (xmlNode *node)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  char *text;

  xmlNodeDump (buffer, node->doc, node, 0, 0);
  text = g_strndup ((const char *) xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);
  return text;
}

/* The root element as the reader expands it, or NULL. */
static char *
read_filtered (const guint8 *data,
               size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(ClpXmlReader) reader = clp_xml_reader_new (stream, "input", CLP_IMPORT_SINK (sink),
                                                       NULL);
  gboolean more = TRUE;
  xmlNode *root;

  if (!clp_xml_reader_read (reader, &more, NULL))
    return NULL;
  while (more && !clp_xml_reader_is_start (reader, 0, NULL))
    if (!clp_xml_reader_read (reader, &more, NULL))
      return NULL;
  if (!more)
    return NULL;
  root = clp_xml_reader_expand (reader, NULL);
  if (root == NULL)
    return NULL;
  /* The rest of the document must be well-formed too. */
  {
    char *text = dump (root);

    if (!clp_xml_reader_skip (reader, &more, NULL))
      {
        g_free (text);
        return NULL;
      }
    while (more)
      if (!clp_xml_reader_read (reader, &more, NULL))
        {
          g_free (text);
          return NULL;
        }
    return text;
  }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *filtered = NULL;
  g_autofree char *plain = NULL;
  xmlDocPtr doc;

  if (size > G_MAXINT)
    return 0;
  doc = xmlReadMemory ((const char *) data, (int) size, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES |
                       XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc != NULL && xmlDocGetRootElement (doc) != NULL)
    plain = dump (xmlDocGetRootElement (doc));
  xmlFreeDoc (doc);

  filtered = read_filtered (data, size);
  if (plain != NULL && filtered == NULL)
    g_error ("libxml2 reads the file, the reader does not:\n%s", plain);
  if (plain != NULL && filtered != NULL && !g_str_equal (plain, filtered))
    g_error ("the reader reads\n%s\nwhere libxml2 reads\n%s", filtered, plain);
  return 0;
}
