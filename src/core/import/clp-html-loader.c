/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-html-loader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-html-dom.h"
#include "clp-html-loader.h"
#include "clp-importer.h"

/* Reads a saved web page into libxml2's HTML tree, the way a browser with
 * scripting and the network off would see it.
 *
 * - The bytes go to libxml2's push parser as they are read, so the page
 *   is in memory once, as its tree.
 * - The encoding is settled here, before the parser sees a byte: the one
 *   the container gave (an MHTML part's header), else a byte-order mark,
 *   else a <meta> charset among the first bytes, else UTF-8 when the
 *   first bytes are UTF-8 and windows-1252 when not, as browsers guess.
 *   Other encodings are converted to UTF-8 with iconv. libxml2 is told to
 *   ignore the page's own declarations (IGNORE_ENC): its HTML parser
 *   switches to Latin-1 for the rest of a page at the first byte that is
 *   not UTF-8, so invalid bytes are replaced here by U+FFFD instead.
 * - NONET, and nothing is resolved: no DTD, no entity, no <base>, no
 *   link. The parser keeps its limits (no HUGE): it stops at 256 levels
 *   of nesting, and what follows is said to be left out. */

#define HEAD_SIZE      4096
#define CHUNK_SIZE     (64 * 1024)
#define MAX_PAGE_BYTES (256 * 1024 * 1024)
#define PARSE_OPTIONS  (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
                        HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC)
#define REPLACEMENT    "\xef\xbf\xbd"

typedef struct
{
  htmlParserCtxtPtr  context;
  GString           *valid;       /* the chunk made valid, reused */
  guint8             pending[4];  /* the start of a character cut by the chunk's end */
  gsize              n_pending;
  gboolean           started;
  gsize              total;
} Loader;

/* Whether the @length bytes at @p could begin one UTF-8 character that
 * the next chunk completes. */
static gboolean
is_incomplete (const guint8 *p,
               gsize         length)
{
  gsize needed;

  if (p[0] >= 0xC2 && p[0] <= 0xDF)
    needed = 2;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF)
    needed = 3;
  else if (p[0] >= 0xF0 && p[0] <= 0xF4)
    needed = 4;
  else
    return FALSE;
  if (length >= needed)
    return FALSE;
  for (gsize i = 1; i < length; i++)
    if ((p[i] & 0xC0) != 0x80)
      return FALSE;
  return TRUE;
}

/* Appends @data to loader->valid as valid UTF-8 without NUL, keeping a
 * character cut at the end for the next chunk unless this is the last. */
static void
make_valid (Loader       *loader,
            const guint8 *data,
            gsize         length,
            gboolean      last)
{
  const guint8 *p = data;
  const guint8 *end;

  if (length == 0)
    return;
  end = data + length;
  while (p < end)
    {
      const char *valid_end;

      if (g_utf8_validate_len ((const char *) p, end - p, &valid_end))
        {
          g_string_append_len (loader->valid, (const char *) p, end - p);
          return;
        }
      g_string_append_len (loader->valid, (const char *) p, (const guint8 *) valid_end - p);
      p = (const guint8 *) valid_end;
      if (!last && is_incomplete (p, end - p))
        {
          memcpy (loader->pending, p, end - p);
          loader->n_pending = end - p;
          return;
        }
      g_string_append (loader->valid, REPLACEMENT);
      p++;
    }
}

/* Gives the parser one chunk; FALSE once it has stopped reading. */
static gboolean
feed (Loader       *loader,
      const guint8 *data,
      gsize         length,
      gboolean      last)
{
  g_autofree guint8 *joined = NULL;

  g_string_truncate (loader->valid, 0);
  if (loader->n_pending > 0)
    {
      /* The character the last chunk cut, completed by this one. */
      joined = g_malloc (loader->n_pending + length);
      memcpy (joined, loader->pending, loader->n_pending);
      if (length > 0)
        memcpy (joined + loader->n_pending, data, length);
      data = joined;
      length += loader->n_pending;
      loader->n_pending = 0;
    }
  make_valid (loader, data, length, last);

  if (!loader->started)
    {
      loader->started = TRUE;
      if (g_str_has_prefix (loader->valid->str, "\xef\xbb\xbf"))
        g_string_erase (loader->valid, 0, 3);
    }

  if (loader->valid->len > 0)
    htmlParseChunk (loader->context, loader->valid->str, (int) loader->valid->len, 0);
  /* After a fatal error the push parser reads on, building nothing. */
  return loader->context->instate != XML_PARSER_EOF && !loader->context->disableSAX;
}

/* WHATWG's rules for a <meta> charset: a page that says UTF-16 there is
 * not (it could not say so in ASCII), and Latin-1 means windows-1252. */
static char *
normalize_charset (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  static const char * const utf8[] = {
    "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8",
    "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2",
  };
  static const char * const windows_1252[] = {
    "iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii", "cp1252", "cp819",
    "ibm819", "iso-ir-100", "windows-1252", "x-cp1252", "iso_8859-1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (utf8); i++)
    if (g_str_equal (lower, utf8[i]))
      return g_strdup ("UTF-8");
  for (guint i = 0; i < G_N_ELEMENTS (windows_1252); i++)
    if (g_str_equal (lower, windows_1252[i]))
      return g_strdup ("WINDOWS-1252");
  if (g_str_equal (lower, "gb2312") || g_str_equal (lower, "x-gbk"))
    return g_strdup ("GBK");
  return g_ascii_strup (name, -1);
}

static char *
sniff_charset (const guint8 *head,
               gsize         length)
{
  g_autoptr(GRegex) meta = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *text = NULL;
  const char *end;

  if (length >= 3 && memcmp (head, "\xef\xbb\xbf", 3) == 0)
    return g_strdup ("UTF-8");

  text = g_strndup ((const char *) head, length);
  meta = g_regex_new ("<meta\\b[^>]*?charset\\s*=\\s*[\"']?\\s*([a-z0-9_:.+-]+)",
                      G_REGEX_CASELESS | G_REGEX_RAW, 0, NULL);
  if (g_regex_match (meta, text, 0, &match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      return normalize_charset (name);
    }

  /* Nothing declared: a page that starts as UTF-8 is taken for UTF-8,
   * allowing for a character cut at the end of the sample. */
  if (g_utf8_validate_len ((const char *) head, length, &end) ||
      is_incomplete ((const guint8 *) end, head + length - (const guint8 *) end))
    return g_strdup ("UTF-8");
  return g_strdup ("WINDOWS-1252");
}

/* libxml2 2.9 knows HTML 4's empty elements, not those HTML 5 added: it
 * reads "<embed src=x><article>…" as an embed holding the article. What
 * such an element holds is put back after it, where a browser has it. */
static void
repair_void_elements (htmlDocPtr doc)
{
  static const char * const names[] = { "embed", "source", "track", "wbr", "keygen" };
  xmlNode *top = (xmlNode *) doc;

  for (xmlNode *node = top->children; node != NULL; node = clp_html_next (node, top, TRUE))
    {
      gboolean is_void = FALSE;

      if (node->type != XML_ELEMENT_NODE || node->children == NULL)
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (names) && !is_void; i++)
        is_void = clp_html_is (node, names[i]);
      if (!is_void)
        continue;
      for (xmlNode *child = node->last, *previous; child != NULL; child = previous)
        {
          previous = child->prev;
          xmlUnlinkNode (child);
          xmlAddNextSibling (node, child);
        }
    }
}

/**
 * clp_html_loader_read:
 * @stream: the page's HTML, read from where it is; not closed
 * @charset: (nullable): its encoding when a container said so
 * @display_name: the file's name for messages
 * @sink: where warnings about the page go
 *
 * Returns: (transfer full): the page's tree, or %NULL with an error
 */
htmlDocPtr
clp_html_loader_read (GInputStream   *stream,
                      const char     *charset,
                      const char     *display_name,
                      ClpImportSink  *sink,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GInputStream) converted = NULL;
  g_autofree char *encoding = NULL;
  g_autofree guint8 *chunk = NULL;
  GInputStream *source;
  Loader loader = { 0 };
  htmlDocPtr doc = NULL;
  gboolean stopped = FALSE;
  gsize available = 0;
  const guint8 *head;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (CLP_IS_IMPORT_SINK (sink), NULL);

  buffered = g_buffered_input_stream_new_sized (stream, CHUNK_SIZE);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (buffered), FALSE);
  for (;;)
    {
      gssize n = g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), HEAD_SIZE,
                                               cancellable, error);

      if (n < 0)
        return NULL;
      g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &available);
      if (n == 0 || available >= HEAD_SIZE)
        break;
    }
  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &available);

  encoding = charset != NULL ? normalize_charset (charset)
                             : sniff_charset (head, MIN (available, HEAD_SIZE));
  source = buffered;
  if (!g_str_equal (encoding, "UTF-8"))
    {
      g_autoptr(GCharsetConverter) converter = g_charset_converter_new ("UTF-8", encoding, NULL);

      if (converter != NULL)
        {
          g_charset_converter_set_use_fallback (converter, TRUE);
          converted = g_converter_input_stream_new (buffered, G_CONVERTER (converter));
          g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (converted), FALSE);
          source = converted;
        }
      else
        clp_import_sink_warn (sink,
                              _("the page is in the encoding “%s”, which Clippings cannot "
                                "read; it was read as UTF-8"),
                              encoding);
    }

  loader.context = htmlCreatePushParserCtxt (NULL, NULL, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
  if (loader.context == NULL)
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_MALFORMED,
                   _("%s could not be read as a web page."), display_name);
      return NULL;
    }
  htmlCtxtUseOptions (loader.context, PARSE_OPTIONS);
  loader.valid = g_string_sized_new (CHUNK_SIZE + 64);
  chunk = g_malloc (CHUNK_SIZE);

  for (;;)
    {
      gssize n = g_input_stream_read (source, chunk, CHUNK_SIZE, cancellable, error);

      if (n < 0)
        goto out;
      if (n == 0)
        break;
      loader.total += n;
      if (loader.total > MAX_PAGE_BYTES)
        {
          g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_NOT_ARTICLE,
                       _("%s is larger than any saved article (more than %d MB of HTML); "
                         "save the article’s page alone and import that file."),
                       display_name, MAX_PAGE_BYTES / (1024 * 1024));
          goto out;
        }
      if (!feed (&loader, chunk, n, FALSE))
        {
          stopped = TRUE;
          break;
        }
    }
  if (!stopped)
    {
      if (!feed (&loader, NULL, 0, TRUE))
        stopped = TRUE;
      htmlParseChunk (loader.context, NULL, 0, 1);
    }
  if (stopped)
    {
      int line = loader.context->lastError.line;

      if (loader.context->nameNr >= 256)
        clp_import_sink_warn (sink,
                              _("line %d: the page nests its elements more than 256 deep; "
                                "the rest of it was not read"),
                              line);
      else
        clp_import_sink_warn (sink,
                              _("line %d: the page’s HTML is broken here beyond repair; "
                                "the rest of it was not read"),
                              line);
    }

  doc = loader.context->myDoc;
  loader.context->myDoc = NULL;
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      g_clear_pointer (&doc, xmlFreeDoc);
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_EMPTY,
                   _("%s holds no web page: there is nothing to import."), display_name);
    }
  else
    repair_void_elements (doc);

out:
  if (loader.context->myDoc != NULL)
    xmlFreeDoc (loader.context->myDoc);
  loader.context->myDoc = NULL;
  htmlFreeParserCtxt (loader.context);
  g_string_free (loader.valid, TRUE);
  return doc;
}
