/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-html-importer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-comment-extractor.h"
#include "clp-html.h"
#include "clp-html-importer.h"
#include "clp-html-loader.h"
#include "clp-html-sanitizer.h"
#include "clp-page-time.h"
#include "clp-reader-mode.h"
#include "clp-structured-data.h"
#include "clp-text.h"

/* Reads a web page saved from a browser ("Save Page As…", HTML only or
 * complete, or SingleFile) as one article with its reader comments
 * (FORMATS.md §5). Only the page's own file is read: the folder a
 * complete save puts beside it, the images SingleFile inlines as data:
 * addresses and everything the page links to are never opened.
 *
 * Each field comes from what the page says about itself first
 * (clp-structured-data.c), then from its document (clp-reader-mode.c);
 * the comments from schema.org data or the comment system's markup
 * (clp-comment-extractor.c), whichever holds more. The body and the
 * comments go through the sanitizer. */

#define ARTICLE_KEY       "page"
#define MIN_ARTICLE_CHARS 250
#define MIN_LISTING_CHARS 1500
#define MIN_OPEN_CHARS    1000

struct _ClpHtmlImporter
{
  ClpImporter parent_instance;
};

G_DEFINE_FINAL_TYPE (ClpHtmlImporter, clp_html_importer, CLP_TYPE_IMPORTER)

/* "Night ferry keeps its sailing | The Coastal Ledger": the site's name
 * after the last separator is not the title. */
static char *
clean_page_title (const char *title,
                  const char *site_name)
{
  static const char * const separators[] = { " | ", " - ", " – ", " — ", " :: ", " » ", " · " };
  const char *cut = NULL;

  if (title == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    {
      const char *found = g_strrstr (title, separators[i]);

      if (found != NULL && (cut == NULL || found > cut))
        cut = found;
    }
  if (cut != NULL)
    {
      g_autofree char *head = g_strndup (title, cut - title);
      g_auto(GStrv) words = g_strsplit (head, " ", -1);

      if (site_name == NULL || strstr (cut, site_name) != NULL || g_strv_length (words) >= 3)
        return g_strstrip (g_steal_pointer (&head));
    }
  return g_strdup (title);
}

/* "Nachtfähre bleibt | Hafenbote": what follows the title in the page's
 * <title>, after a separator, is the site's name. */
static char *
site_from_page_title (const char *page_title,
                      const char *title)
{
  static const char * const separators[] = { " | ", " - ", " – ", " — ", " :: ", " » ", " · " };

  if (page_title == NULL || title == NULL || !g_str_has_prefix (page_title, title))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    if (g_str_has_prefix (page_title + strlen (title), separators[i]))
      {
        char *site = g_strstrip (g_strdup (page_title + strlen (title) + strlen (separators[i])));

        if (*site != '\0')
          return site;
        g_free (site);
      }
  return NULL;
}

/* example.org for https://www.example.org/2019/ferry. */
static char *
host_name (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL || *host == '\0')
    return NULL;
  if (g_str_has_prefix (host, "www."))
    host += strlen ("www.");
  return g_strdup (host);
}

static ClpCommentSet *
choose_comments (ClpCommentSet *structured,
                 ClpCommentSet *markup)
{
  /* Both describe the same comments when both are there; the fuller
   * wins, schema.org data when they tie. */
  if (structured->comments->len > 0 && structured->comments->len >= markup->comments->len)
    return structured;
  return markup;
}

static void
set_body (ClpArticle       *article,
          ClpReaderArticle *reader,
          gsize            *chars)
{
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_auto(GStrv) paragraphs = NULL;

  html = clp_html_sanitizer_clean (reader->markup->str, CLP_HTML_SANITIZER_NONE, &text);
  *chars = g_utf8_strlen (text, -1);
  if (*html != '\0')
    article->body_html = g_steal_pointer (&html);
  paragraphs = clp_text_split_paragraphs (text);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    clp_article_add_paragraph (article, paragraphs[i]);
}

static gboolean
refuse (ClpStructuredData  *data,
        ClpReaderArticle   *reader,
        ClpArticle         *article,
        gsize               chars,
        guint               comments,
        const char         *display_name,
        GError            **error)
{
  if (reader->has_password && chars < MIN_OPEN_CHARS && comments == 0)
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_NOT_ARTICLE,
                   _("%s is a sign-in page, not an article: the site asked for a password "
                     "before it showed the article. Sign in, open the article, save its page "
                     "again and import that file."),
                   display_name);
      return TRUE;
    }
  if (!data->is_article && comments == 0 &&
      (chars < MIN_ARTICLE_CHARS ||
       ((data->is_listing || reader->page_link_density > 0.5) && chars < MIN_LISTING_CHARS)))
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_NOT_ARTICLE,
                   _("%s is not an article: it looks like a front page, a list of articles "
                     "or a page without text. Open the article itself, save its page and "
                     "import that file."),
                   display_name);
      return TRUE;
    }
  if (chars == 0 && comments == 0)
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_NOT_ARTICLE,
                   _("%s holds no article text and no comments Clippings can find: the site "
                     "may show them with a script, which a saved page does not run. Save the "
                     "page with SingleFile or as a single file (MHTML), which keep what was "
                     "shown, and import that file."),
                   display_name);
      return TRUE;
    }
  if (article->title == NULL)
    {
      g_set_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_NOT_ARTICLE,
                   _("%s has no title, and does not look like a saved article. Save the "
                     "article’s page from your browser and import that file."),
                   display_name);
      return TRUE;
    }
  return FALSE;
}

static void
set_published (ClpArticle        *article,
               ClpStructuredData *data,
               ClpReaderArticle  *reader,
               ClpImportSink     *sink)
{
  const char *written = data->published != NULL ? data->published : reader->published;

  if (written == NULL)
    {
      clp_import_sink_warn (sink, _("no publication date"));
      return;
    }
  article->published = clp_page_time_parse_day (written);
  if (article->published == NULL)
    clp_import_sink_warn (sink,
                          _("“%s” is not a date Clippings can read; the article has no "
                            "publication date"),
                          written);
}

/**
 * clp_html_importer_import_page:
 * @stream: the page's HTML
 * @charset: (nullable): its encoding, when a container said so
 * @saved_from: (nullable): the address it was saved from, when a
 *   container said so
 * @with_lines: whether messages name lines of @stream, which they do when
 *   it is the file
 *
 * Reads one saved page into @sink: the page's article, then its comments.
 */
gboolean
clp_html_importer_import_page (GInputStream   *stream,
                               const char     *charset,
                               const char     *saved_from,
                               gboolean        with_lines,
                               const char     *display_name,
                               ClpImportSink  *sink,
                               GCancellable   *cancellable,
                               GError        **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(ClpStructuredData) data = NULL;
  g_autoptr(ClpCommentSet) markup = NULL;
  g_autoptr(ClpReaderArticle) reader = NULL;
  g_autoptr(ClpArticle) article = NULL;
  g_autoptr(GHashTable) excluded = g_hash_table_new (NULL, NULL);
  ClpCommentSet *comments;
  gsize chars = 0;
  int declared;
  GHashTableIter iter;
  gpointer node;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);
  g_return_val_if_fail (CLP_IS_IMPORT_SINK (sink), FALSE);

  doc = clp_html_loader_read (stream, charset, display_name, sink, cancellable, error);
  if (doc == NULL)
    return FALSE;

  data = clp_structured_data_read (doc, with_lines);
  markup = clp_comment_extractor_read (doc, with_lines);
  g_hash_table_iter_init (&iter, data->comments->regions);
  while (g_hash_table_iter_next (&iter, &node, NULL))
    g_hash_table_add (excluded, node);
  g_hash_table_iter_init (&iter, markup->regions);
  while (g_hash_table_iter_next (&iter, &node, NULL))
    g_hash_table_add (excluded, node);
  reader = clp_reader_mode_read (doc, excluded, data->title);
  comments = choose_comments (data->comments, markup);

  article = clp_article_new ();
  article->key = g_strdup (ARTICLE_KEY);
  article->title = g_strdup (data->title != NULL ? data->title : reader->heading);
  if (article->title == NULL)
    article->title = clean_page_title (reader->page_title, data->site_name);
  if (article->title != NULL && *article->title == '\0')
    g_clear_pointer (&article->title, g_free);
  article->byline = g_strdup (reader->byline != NULL ? reader->byline : data->byline);
  set_body (article, reader, &chars);

  if (refuse (data, reader, article, chars, comments->comments->len, display_name, error))
    return FALSE;

  article->url = g_strdup (data->url != NULL ? data->url : data->saved_from);
  if (article->url == NULL)
    article->url = clp_structured_data_normalize_url (saved_from, NULL);
  article->source = g_strdup (data->site_name);
  if (article->source == NULL)
    article->source = site_from_page_title (reader->page_title, article->title);
  if (article->source == NULL)
    article->source = host_name (article->url);
  article->section = g_strdup (data->section);
  article->caption = g_strdup (data->caption != NULL ? data->caption : reader->caption);
  set_published (article, data, reader, sink);

  declared = data->comment_count;
  if (declared < 0)
    declared = comments->declared_count;
  if (declared < 0)
    declared = markup->declared_count;
  article->declared_comment_count = declared;

  if (!clp_import_sink_add_article (sink, article, error))
    return FALSE;

  for (guint i = 0; i < comments->skipped->len; i++)
    clp_import_sink_skip (sink, g_ptr_array_index (comments->skipped, i));
  for (guint i = 0; i < comments->warnings->len; i++)
    clp_import_sink_warn (sink, "%s", (const char *) g_ptr_array_index (comments->warnings, i));
  if (comments->comments->len == 0)
    {
      if (declared > 0)
        clp_import_sink_warn (sink,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "the page claims %d comment but holds none: its "
                                           "comments were probably shown by a script, which "
                                           "the saved page does not run",
                                           "the page claims %d comments but holds none: its "
                                           "comments were probably shown by a script, which "
                                           "the saved page does not run",
                                           declared),
                              declared);
      else
        clp_import_sink_warn (sink, _("no reader comments were found on the page: the article "
                                      "was imported without comments"));
    }

  for (guint i = 0; i < comments->comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments->comments, i);

      comment->article_key = g_strdup (ARTICLE_KEY);
      if (!clp_import_sink_add_comment (sink, comment, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * clp_html_importer_is_resource_folder:
 * @file: a file or folder
 *
 * Whether @file is the folder a browser's "Web Page, complete" saves
 * beside the page: "Page_files" next to "Page.html" ("Page-Dateien" in
 * German, and so on). Its pictures, scripts and stylesheets are not pages
 * and never read; importing the folder above imports the page alone.
 *
 * Returns: %TRUE if @file is such a folder
 */
gboolean
clp_html_importer_is_resource_folder (GFile *file)
{
  static const char * const suffixes[] = {
    "_files", "-Dateien", "_Dateien", "_fichiers", "_archivos", "_arquivos", "_file",
    "_bestanden", "-filer", "_filer", "_tiedostot", "_pliki",
  };
  static const char * const pages[] = { ".html", ".htm", ".xhtml", ".shtml" };
  g_autofree char *name = NULL;
  g_autoptr(GFile) parent = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *stem = NULL;

      if (!g_str_has_suffix (name, suffixes[i]) || strlen (name) == strlen (suffixes[i]))
        continue;
      if (parent == NULL)
        parent = g_file_get_parent (file);
      if (parent == NULL ||
          g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
        return FALSE;
      stem = g_strndup (name, strlen (name) - strlen (suffixes[i]));
      for (guint k = 0; k < G_N_ELEMENTS (pages); k++)
        {
          g_autofree char *page_name = g_strconcat (stem, pages[k], NULL);
          g_autoptr(GFile) page = g_file_get_child (parent, page_name);

          if (g_file_query_file_type (page, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_REGULAR)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
clp_html_importer_import (ClpImporter    *importer,
                          GInputStream   *stream,
                          const char     *display_name,
                          ClpImportSink  *sink,
                          GCancellable   *cancellable,
                          GError        **error)
{
  return clp_html_importer_import_page (stream, NULL, NULL, TRUE, display_name, sink,
                                        cancellable, error);
}

static const char *
skip_past (const char *p,
           const char *end,
           const char *needle)
{
  gsize length = strlen (needle);

  for (; p + length <= end; p++)
    if (g_ascii_strncasecmp (p, needle, length) == 0)
      return p + length;
  return NULL;
}

/* An HTML document starts, after a byte-order mark, an XML declaration
 * and comments (the "saved from" comment of a complete save), with an HTML
 * doctype or an <html> element. A page without either that starts with
 * its head or body is likelier HTML than anything else Clippings reads. */
static int
clp_html_importer_sniff (const guint8 *head,
                         gsize         length)
{
  const char *p = (const char *) head;
  const char *end = p + length;
  static const char * const weak[] = { "head", "body", "meta", "title", "link", "base" };

  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  for (;;)
    {
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p >= end || *p != '<')
        return 0;
      if (end - p >= 2 && p[1] == '?')
        p = skip_past (p, end, "?>");
      else if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        p = skip_past (p + 4, end, "-->");
      else if (end - p >= 9 && g_ascii_strncasecmp (p, "<!doctype", 9) == 0)
        {
          p += 9;
          while (p < end && g_ascii_isspace (*p))
            p++;
          return end - p >= 4 && g_ascii_strncasecmp (p, "html", 4) == 0 &&
                 (end - p == 4 || !g_ascii_isalnum (p[4])) ? 90 : 0;
        }
      else
        break;
      if (p == NULL)
        return 0;
    }

  p++;
  if (end - p >= 4 && g_ascii_strncasecmp (p, "html", 4) == 0 &&
      (end - p == 4 || !g_ascii_isalnum (p[4])))
    return 90;
  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      gsize name_length = strlen (weak[i]);

      if ((gsize) (end - p) > name_length && g_ascii_strncasecmp (p, weak[i], name_length) == 0 &&
          (p[name_length] == '>' || g_ascii_isspace (p[name_length])))
        return 60;
    }
  return 0;
}

static void
clp_html_importer_class_init (ClpHtmlImporterClass *klass)
{
  ClpImporterClass *importer_class = CLP_IMPORTER_CLASS (klass);

  importer_class->name = "html";
  importer_class->sniff = clp_html_importer_sniff;
  importer_class->import = clp_html_importer_import;
}

static void
clp_html_importer_init (ClpHtmlImporter *self)
{
}

ClpImporter *
clp_html_importer_new (void)
{
  return g_object_new (CLP_TYPE_HTML_IMPORTER, NULL);
}
