/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-structured-data"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "clp-html-dom.h"
#include "clp-html-sanitizer.h"
#include "clp-page-time.h"
#include "clp-structured-data.h"

/* Reads what a page says about itself for search engines and social
 * sites, which is more exact than anything guessed from its layout:
 *
 * - JSON-LD (<script type="application/ld+json">): the first object of an
 *   article type, found at the top, in an array, in @graph or as a page's
 *   mainEntity; references by @id are followed within the page. Its
 *   schema.org Comment objects, nested by "comment" or pointing at their
 *   parent by parentItem, are the page's comments.
 * - Open Graph and article:* meta, the canonical link, and the common
 *   author and date meta.
 * - Microdata (itemscope, itemtype, itemprop): an article item's
 *   properties, and Comment items, nested in each other or by parentItem.
 *
 * Each field is taken from JSON-LD first, then meta, then microdata.
 * json-glib reads nesting by recursion, so a script nesting deeper than
 * MAX_JSON_DEPTH is skipped before json-glib sees it. */

#define MAX_JSON_DEPTH 64
#define MAX_JSON_BYTES (8 * 1024 * 1024)
#define MAX_JSON_NODES 100000

static const char * const article_types[] = {
  "Article", "NewsArticle", "BlogPosting", "Report", "ScholarlyArticle", "TechArticle",
  "AnalysisNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle",
  "BackgroundNewsArticle", "AskPublicNewsArticle", "LiveBlogPosting", "SatiricalArticle",
  "AdvertiserContentArticle", "SocialMediaPosting", "DiscussionForumPosting",
  "MedicalScholarlyArticle",
};

static const char * const listing_types[] = {
  "CollectionPage", "ItemList", "SearchResultsPage", "Blog",
};

static const char * const comment_types[] = {
  "Comment", "UserComments", "Answer",
};

typedef struct
{
  ClpStructuredData *data;
  gboolean           with_lines;
  GHashTable        *meta;          /* lowercase name or property -> content */
  char              *canonical;
  GPtrArray         *scripts;       /* char *: JSON-LD texts */
  GPtrArray         *items;         /* xmlNode *: elements with itemscope */
  GPtrArray         *parsers;       /* JsonParser, which own the trees below */
  GPtrArray         *objects;       /* JsonObject, in the order found */
  GHashTable        *ids;           /* "@id" -> JsonObject */
  GHashTable        *seen;          /* JsonObject already made a comment */
  GHashTable        *id_keys;       /* a comment's @id or url -> its key */
  GPtrArray         *parent_refs;   /* (ClpComment *, char *) pairs, flattened */
} Reader;

/* Text from JSON-LD may hold the HTML references of the page it came
 * from ("&amp;", "&#8217;"): they are read once. */
static char *
decode_references (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  static const struct { const char *name; const char *text; } named[] = {
    { "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" }, { "apos;", "'" },
    { "nbsp;", "\xc2\xa0" },
  };

  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean replaced = FALSE;

      if (*p == '&')
        {
          if (p[1] == '#')
            {
              const char *digits = p + 2;
              gboolean hex = *digits == 'x' || *digits == 'X';
              char *end = NULL;
              guint64 code = g_ascii_strtoull (hex ? digits + 1 : digits, &end, hex ? 16 : 10);

              if (end != NULL && end != (hex ? digits + 1 : digits) && *end == ';' &&
                  code > 0 && code <= 0x10FFFF && g_unichar_validate ((gunichar) code))
                {
                  g_string_append_unichar (out, (gunichar) code);
                  p = end;
                  replaced = TRUE;
                }
            }
          for (guint i = 0; !replaced && i < G_N_ELEMENTS (named); i++)
            if (g_str_has_prefix (p + 1, named[i].name))
              {
                g_string_append (out, named[i].text);
                p += strlen (named[i].name);
                replaced = TRUE;
              }
        }
      if (!replaced)
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* A one-line value: references read, white space collapsed. */
static char *
clean_line (const char *text)
{
  g_autofree char *decoded = NULL;
  char *line;

  if (text == NULL)
    return NULL;
  decoded = decode_references (text);
  line = clp_html_collapse_space (decoded, -1);
  if (*line == '\0')
    g_clear_pointer (&line, g_free);
  return line;
}

static void
take (char **field,
      char  *value)
{
  if (*field == NULL && value != NULL && *value != '\0')
    *field = value;
  else
    g_free (value);
}

static gboolean
is_url (const char *text)
{
  return g_str_has_prefix (text, "http://") || g_str_has_prefix (text, "https://") ||
         g_str_has_prefix (text, "//");
}

/**
 * clp_structured_data_normalize_url:
 * @url: an address from the page
 * @base: (nullable): an absolute address to read @url against
 *
 * Returns: (transfer full) (nullable): @url as an absolute http or https
 *   address without its fragment, or %NULL if it is none
 */
char *
clp_structured_data_normalize_url (const char *url,
                                   const char *base)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) bare = NULL;
  g_autofree char *trimmed = NULL;
  const char *scheme;

  if (url == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (url));
  if (*trimmed == '\0')
    return NULL;
  if (base != NULL)
    {
      g_autoptr(GUri) base_uri = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);

      if (base_uri != NULL)
        uri = g_uri_parse_relative (base_uri, trimmed, G_URI_FLAGS_NONE, NULL);
    }
  else
    uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "http") != 0 &&
                         g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  bare = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), g_uri_get_userinfo (uri),
                      g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                      g_uri_get_query (uri), NULL);
  return g_uri_to_string (bare);
}

/* "https://schema.org/NewsArticle" -> "NewsArticle" */
static const char *
type_name (const char *type)
{
  const char *slash = strrchr (type, '/');
  const char *colon = strrchr (type, ':');

  if (slash != NULL)
    return slash + 1;
  if (colon != NULL)
    return colon + 1;
  return type;
}

static gboolean
type_in (const char         *type,
         const char * const *types,
         gsize               n_types)
{
  const char *name = type_name (type);

  for (gsize i = 0; i < n_types; i++)
    if (g_str_equal (name, types[i]))
      return TRUE;
  return FALSE;
}

static gboolean
object_is (JsonObject         *object,
           const char * const *types,
           gsize               n_types)
{
  JsonNode *type = json_object_get_member (object, "@type");

  if (type == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (type) && json_node_get_value_type (type) == G_TYPE_STRING)
    return type_in (json_node_get_string (type), types, n_types);
  if (JSON_NODE_HOLDS_ARRAY (type))
    {
      JsonArray *array = json_node_get_array (type);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING &&
              type_in (json_node_get_string (element), types, n_types))
            return TRUE;
        }
    }
  return FALSE;
}

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* An object that is only a reference, {"@id": "…"}, stands for the object
 * with that id elsewhere in the page. */
static JsonObject *
resolve (Reader     *reader,
         JsonObject *object)
{
  const char *id = object_string (object, "@id");
  JsonObject *target;

  if (id == NULL || json_object_get_size (object) > 1)
    return object;
  target = g_hash_table_lookup (reader->ids, id);
  return target != NULL ? target : object;
}

/* A text value: a string, a number, an object's name or @value, the first
 * of an array. */
static char *
node_text (Reader   *reader,
           JsonNode *node,
           int       depth)
{
  if (node == NULL || depth > 4)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return NULL;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = resolve (reader, json_node_get_object (node));
      JsonNode *name = json_object_get_member (object, "name");

      if (name == NULL)
        name = json_object_get_member (object, "@value");
      return node_text (reader, name, depth + 1);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          char *text = node_text (reader, json_array_get_element (array, i), depth + 1);

          if (text != NULL)
            return text;
        }
    }
  return NULL;
}

static char *
member_line (Reader     *reader,
             JsonObject *object,
             const char *name)
{
  g_autofree char *text = node_text (reader, json_object_get_member (object, name), 0);

  return clean_line (text);
}

/* The names of the people in an author value, apart by commas; addresses
 * of author pages are not names. */
static char *
member_names (Reader     *reader,
              JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new ();

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && i < 50; i++)
        g_ptr_array_add (values, json_array_get_element (array, i));
    }
  else
    g_ptr_array_add (values, node);

  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *text = node_text (reader, g_ptr_array_index (values, i), 1);
      char *line = clean_line (text);

      if (line == NULL || is_url (line))
        {
          g_free (line);
          continue;
        }
      g_ptr_array_add (names, line);
    }
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

/* An address: a string, or an object's @id or url. */
static char *
member_address (Reader     *reader,
                JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *target = json_node_get_object (node);
      const char *address = object_string (target, "url");

      if (address == NULL)
        address = object_string (target, "@id");
      return g_strdup (address);
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return NULL;
}

static int
node_count (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);
      gint64 n = -1;

      if (type == G_TYPE_INT64)
        n = json_node_get_int (node);
      else if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);
          char *end = NULL;

          n = g_ascii_strtoll (text, &end, 10);
          if (end == text || *end != '\0')
            n = -1;
        }
      if (n >= 0 && n <= G_MAXINT)
        return (int) n;
    }
  return -1;
}

/* commentCount, or the CommentAction counter of interactionStatistic. */
static int
article_comment_count (JsonObject *article)
{
  int count = node_count (json_object_get_member (article, "commentCount"));
  JsonNode *statistic = json_object_get_member (article, "interactionStatistic");
  g_autoptr(GPtrArray) counters = g_ptr_array_new ();

  if (count >= 0 || statistic == NULL)
    return count;
  if (JSON_NODE_HOLDS_ARRAY (statistic))
    {
      JsonArray *array = json_node_get_array (statistic);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (counters, json_array_get_element (array, i));
    }
  else
    g_ptr_array_add (counters, statistic);
  for (guint i = 0; i < counters->len; i++)
    {
      JsonNode *counter = g_ptr_array_index (counters, i);
      g_autofree char *type = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (counter))
        continue;
      type = member_address (NULL, json_node_get_object (counter), "interactionType");
      if (type == NULL)
        {
          JsonNode *type_node = json_object_get_member (json_node_get_object (counter),
                                                        "interactionType");

          if (type_node != NULL && JSON_NODE_HOLDS_OBJECT (type_node))
            type = g_strdup (object_string (json_node_get_object (type_node), "@type"));
        }
      if (type != NULL && strstr (type, "CommentAction") != NULL)
        return node_count (json_object_get_member (json_node_get_object (counter),
                                                   "userInteractionCount"));
    }
  return -1;
}

static char *
image_caption (Reader     *reader,
               JsonObject *article)
{
  JsonNode *image = json_object_get_member (article, "image");
  g_autoptr(GPtrArray) images = g_ptr_array_new ();

  if (image == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (image))
    {
      JsonArray *array = json_node_get_array (image);

      for (guint i = 0; i < json_array_get_length (array) && i < 20; i++)
        g_ptr_array_add (images, json_array_get_element (array, i));
    }
  else
    g_ptr_array_add (images, image);
  for (guint i = 0; i < images->len; i++)
    {
      JsonNode *node = g_ptr_array_index (images, i);
      char *caption;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      caption = member_line (reader, resolve (reader, json_node_get_object (node)), "caption");
      if (caption != NULL)
        return caption;
    }
  return NULL;
}

/* The deepest nesting of arrays and objects in @text, stopping early once
 * it passes @limit. */
static gboolean
nests_deeper_than (const char *text,
                   int         limit)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '[' || *p == '{')
        {
          if (++depth > limit)
            return TRUE;
        }
      else if (*p == ']' || *p == '}')
        depth--;
    }
  return FALSE;
}

/* Every object a page's JSON-LD offers at its top: the values of arrays,
 * of @graph and of mainEntity, breadth first. */
static void
collect_objects (Reader   *reader,
                 JsonNode *root)
{
  g_autoptr(GQueue) queue = g_queue_new ();
  guint visited = 0;

  g_queue_push_tail (queue, root);
  while (!g_queue_is_empty (queue) && visited++ < MAX_JSON_NODES)
    {
      JsonNode *node = g_queue_pop_head (queue);

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            g_queue_push_tail (queue, json_array_get_element (array, i));
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = json_node_get_object (node);
          const char *id = object_string (object, "@id");
          static const char * const nested[] = { "@graph", "mainEntity" };

          g_ptr_array_add (reader->objects, object);
          if (id != NULL && json_object_get_size (object) > 1 &&
              !g_hash_table_contains (reader->ids, id))
            g_hash_table_insert (reader->ids, (gpointer) id, object);
          for (guint i = 0; i < G_N_ELEMENTS (nested); i++)
            {
              JsonNode *member = json_object_get_member (object, nested[i]);

              if (member != NULL)
                g_queue_push_tail (queue, member);
            }
        }
    }
}

static void
parse_scripts (Reader *reader)
{
  for (guint i = 0; i < reader->scripts->len; i++)
    {
      const char *script = g_ptr_array_index (reader->scripts, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GString) text = g_string_new (script);
      const char *wrappers[] = { "<!--", "-->", "//<![CDATA[", "//]]>", "/*<![CDATA[*/", "/*]]>*/" };

      /* Old pages wrap their scripts in comments or CDATA sections. */
      for (guint k = 0; k < G_N_ELEMENTS (wrappers); k++)
        {
          char *found = strstr (text->str, wrappers[k]);

          if (found != NULL)
            memset (found, ' ', strlen (wrappers[k]));
        }
      if (text->len > MAX_JSON_BYTES || nests_deeper_than (text->str, MAX_JSON_DEPTH) ||
          !json_parser_load_from_data (parser, text->str, text->len, NULL) ||
          json_parser_get_root (parser) == NULL)
        continue;
      collect_objects (reader, json_parser_get_root (parser));
      g_ptr_array_add (reader->parsers, g_steal_pointer (&parser));
    }
}

/* A comment's text from schema.org data: sites write it as plain text
 * with line breaks, or as the HTML they show. Both go through the
 * sanitizer, which reads line breaks as WordPress stores them. */
static void
set_text (ClpComment *comment,
          const char *text)
{
  g_autofree char *html = clp_html_sanitizer_clean (text != NULL ? text : "",
                                                    CLP_HTML_SANITIZER_LINE_BREAKS,
                                                    &comment->text);

  if (*html != '\0')
    comment->html = g_steal_pointer (&html);
}

static void
set_time (ClpComment *comment,
          const char *text)
{
  if (text == NULL || comment->posted_at != NULL)
    return;
  clp_page_time_parse (text, &comment->posted_at, &comment->posted_utc, &comment->has_utc);
}

static void
warn_missing (ClpCommentSet *set,
              ClpComment    *comment,
              xmlNode       *node,
              gboolean       with_lines)
{
  const char *who = comment->author != NULL ? comment->author : _("someone");

  if (comment->author == NULL)
    clp_comment_set_warn (set, node, with_lines, _("a comment in the page’s schema.org data has "
                                                   "no author"));
  if (comment->posted_at == NULL)
    clp_comment_set_warn (set, node, with_lines, _("the comment by %s has no time Clippings "
                                                   "can read"), who);
  if (comment->text == NULL || *comment->text == '\0')
    clp_comment_set_warn (set, node, with_lines, _("the comment by %s has no text"), who);
}

static void
remember_ids (Reader     *reader,
              JsonObject *object,
              const char *key)
{
  static const char * const names[] = { "@id", "url" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *id = object_string (object, names[i]);

      if (id != NULL && !g_hash_table_contains (reader->id_keys, id))
        g_hash_table_insert (reader->id_keys, g_strdup (id), g_strdup (key));
    }
}

static ClpComment *
add_json_comment (Reader     *reader,
                  JsonObject *object,
                  const char *parent_key)
{
  ClpCommentSet *set = reader->data->comments;
  g_autofree char *key = g_strdup_printf ("ld-%u", set->comments->len + 1);
  g_autofree char *text = NULL;
  g_autofree char *time = NULL;
  ClpComment *comment = clp_comment_set_add (set, key, parent_key);
  static const char * const time_names[] = { "dateCreated", "datePublished", "commentTime" };
  static const char * const text_names[] = { "text", "commentText", "description", "articleBody" };

  g_hash_table_add (reader->seen, object);
  remember_ids (reader, object, comment->key);

  comment->author = member_names (reader, object, "author");
  if (comment->author == NULL)
    comment->author = member_names (reader, object, "creator");
  for (guint i = 0; i < G_N_ELEMENTS (time_names) && comment->posted_at == NULL; i++)
    {
      g_autofree char *value = node_text (reader, json_object_get_member (object, time_names[i]),
                                          0);

      set_time (comment, value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (text_names) && text == NULL; i++)
    text = node_text (reader, json_object_get_member (object, text_names[i]), 0);
  set_text (comment, text);

  if (parent_key == NULL)
    {
      g_autofree char *parent = member_address (reader, object, "parentItem");

      if (parent != NULL)
        {
          g_ptr_array_add (reader->parent_refs, comment);
          g_ptr_array_add (reader->parent_refs, g_steal_pointer (&parent));
        }
    }
  warn_missing (set, comment, NULL, FALSE);
  return comment;
}

/* A Comment and its replies ("comment" of each), depth first in the order
 * written, which is the order of the page. */
static void
add_json_thread (Reader   *reader,
                 JsonNode *root)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr(GPtrArray) parents = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (nodes, root);
  g_ptr_array_add (parents, NULL);
  while (nodes->len > 0)
    {
      JsonNode *node = g_ptr_array_steal_index (nodes, nodes->len - 1);
      g_autofree char *parent = g_ptr_array_steal_index (parents, parents->len - 1);

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = json_array_get_length (array); i-- > 0;)
            {
              g_ptr_array_add (nodes, json_array_get_element (array, i));
              g_ptr_array_add (parents, g_strdup (parent));
            }
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *object = resolve (reader, json_node_get_object (node));
          JsonNode *replies;
          ClpComment *comment;

          if (g_hash_table_contains (reader->seen, object) ||
              !object_is (object, comment_types, G_N_ELEMENTS (comment_types)))
            continue;
          comment = add_json_comment (reader, object, parent);
          replies = json_object_get_member (object, "comment");
          if (replies != NULL)
            {
              g_ptr_array_add (nodes, replies);
              g_ptr_array_add (parents, g_strdup (comment->key));
            }
        }
    }
}

/* A reply's parent comes before it on the page: a parentItem that points
 * further on (or at itself, or round in a circle) is taken for no parent,
 * as is one that is the article or nothing on the page. */
static void
set_parent (ClpCommentSet *set,
            ClpComment    *comment,
            const char    *parent_key)
{
  ClpComment *parent = clp_comment_set_find (set, parent_key);

  if (parent != NULL && parent->position < comment->position)
    comment->parent_key = g_strdup (parent->key);
}

static void
resolve_parent_refs (Reader *reader)
{
  for (guint i = 0; i + 1 < reader->parent_refs->len; i += 2)
    {
      ClpComment *comment = g_ptr_array_index (reader->parent_refs, i);
      const char *ref = g_ptr_array_index (reader->parent_refs, i + 1);

      set_parent (reader->data->comments, comment, g_hash_table_lookup (reader->id_keys, ref));
    }
  for (guint i = 1; i < reader->parent_refs->len; i += 2)
    g_free (g_ptr_array_index (reader->parent_refs, i));
  g_ptr_array_set_size (reader->parent_refs, 0);
}

static void
read_json_ld (Reader *reader)
{
  ClpStructuredData *data = reader->data;
  JsonObject *article = NULL;
  static const char * const time_names[] = { "datePublished", "dateCreated" };

  parse_scripts (reader);
  for (guint i = 0; i < reader->objects->len; i++)
    {
      JsonObject *object = g_ptr_array_index (reader->objects, i);

      if (article == NULL && object_is (object, article_types, G_N_ELEMENTS (article_types)))
        article = object;
      if (object_is (object, listing_types, G_N_ELEMENTS (listing_types)))
        data->is_listing = TRUE;
    }

  if (article != NULL)
    {
      JsonNode *comments = json_object_get_member (article, "comment");

      data->is_article = TRUE;
      take (&data->title, member_line (reader, article, "headline"));
      take (&data->title, member_line (reader, article, "name"));
      take (&data->byline, member_names (reader, article, "author"));
      take (&data->site_name, member_line (reader, article, "publisher"));
      take (&data->section, member_line (reader, article, "articleSection"));
      for (guint i = 0; i < G_N_ELEMENTS (time_names); i++)
        take (&data->published, member_line (reader, article, time_names[i]));
      take (&data->caption, image_caption (reader, article));
      data->comment_count = article_comment_count (article);
      {
        g_autofree char *url = member_address (reader, article, "url");
        g_autofree char *page = member_address (reader, article, "mainEntityOfPage");

        take (&data->url, clp_structured_data_normalize_url (url, NULL));
        take (&data->url, clp_structured_data_normalize_url (page, NULL));
      }
      if (comments != NULL)
        add_json_thread (reader, comments);
    }

  /* Comments the page lists apart from its article, in @graph or in a
   * script of their own. */
  for (guint i = 0; i < reader->objects->len; i++)
    {
      JsonObject *object = g_ptr_array_index (reader->objects, i);
      g_autoptr(JsonNode) node = NULL;

      if (g_hash_table_contains (reader->seen, object) ||
          !object_is (object, comment_types, G_N_ELEMENTS (comment_types)))
        continue;
      node = json_node_init_object (json_node_alloc (), object);
      add_json_thread (reader, node);
    }
  resolve_parent_refs (reader);
}

static void
read_meta (Reader *reader)
{
  ClpStructuredData *data = reader->data;
  GHashTable *meta = reader->meta;
  const char *type = g_hash_table_lookup (meta, "og:type");
  const char *author = g_hash_table_lookup (meta, "article:author");
  static const char * const dates[] = {
    "article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
    "publish-date", "publishdate", "dc.date.issued", "dc.date", "dcterms.created",
    "parsely-pub-date", "sailthru.date",
  };

  if (type != NULL && g_ascii_strncasecmp (type, "article", strlen ("article")) == 0)
    data->is_article = TRUE;
  else if (type != NULL && g_ascii_strcasecmp (type, "website") == 0 && !data->is_article)
    data->is_listing = TRUE;

  take (&data->title, clean_line (g_hash_table_lookup (meta, "og:title")));
  if (author == NULL || is_url (author))
    author = g_hash_table_lookup (meta, "author");
  if (author != NULL && !is_url (author))
    take (&data->byline, clean_line (author));
  take (&data->site_name, clean_line (g_hash_table_lookup (meta, "og:site_name")));
  take (&data->section, clean_line (g_hash_table_lookup (meta, "article:section")));
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    take (&data->published, clean_line (g_hash_table_lookup (meta, dates[i])));

  /* The canonical link first: og:url is sometimes the site's front. */
  {
    g_autofree char *og = clp_structured_data_normalize_url (g_hash_table_lookup (meta, "og:url"),
                                                             NULL);
    char *canonical = clp_structured_data_normalize_url (reader->canonical, NULL);

    if (canonical == NULL && reader->canonical != NULL)
      canonical = clp_structured_data_normalize_url (reader->canonical,
                                                     og != NULL ? og : data->saved_from);
    if (canonical != NULL)
      {
        g_free (data->url);
        data->url = canonical;
      }
    take (&data->url, g_steal_pointer (&og));
  }
}

static gboolean
item_is (xmlNode            *node,
         const char * const *types,
         gsize               n_types)
{
  g_autofree char *itemtype = clp_html_dup_attribute (node, "itemtype");
  g_auto(GStrv) parts = NULL;

  if (itemtype == NULL)
    return FALSE;
  parts = g_strsplit_set (itemtype, " \t\n\r", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0' && type_in (parts[i], types, n_types))
      return TRUE;
  return FALSE;
}

static gboolean
has_itemscope (xmlNode *node)
{
  return node->type == XML_ELEMENT_NODE && xmlHasProp (node, (const xmlChar *) "itemscope") != NULL;
}

/* The first element of @item with property @name, not inside an item of
 * its own (which is the value of its own properties). */
static xmlNode *
item_property (xmlNode    *item,
               const char *name)
{
  xmlNode *node = clp_html_next (item, item, TRUE);

  while (node != NULL)
    {
      gboolean descend = TRUE;

      if (node->type == XML_ELEMENT_NODE)
        {
          if (clp_html_attribute_has_token (node, "itemprop", name))
            return node;
          descend = !has_itemscope (node);
        }
      node = clp_html_next (node, item, descend);
    }
  return NULL;
}

/* A property's value as microdata defines it. An item's value is its name. */
static char *
item_value (xmlNode *node,
            gboolean nested)
{
  static const struct { const char *element; const char *attribute; } attributes[] = {
    { "meta", "content" }, { "time", "datetime" }, { "a", "href" }, { "link", "href" },
    { "area", "href" }, { "data", "value" }, { "meter", "value" },
  };

  if (node == NULL)
    return NULL;
  if (nested && has_itemscope (node))
    {
      xmlNode *name = item_property (node, "name");

      return name != NULL ? item_value (name, FALSE) : NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (attributes); i++)
    if (clp_html_is (node, attributes[i].element))
      {
        char *value = clp_html_dup_attribute (node, attributes[i].attribute);

        if (value != NULL || !clp_html_is (node, "time"))
          return value;
      }
  if (xmlHasProp (node, (const xmlChar *) "content") != NULL)
    return clp_html_dup_attribute (node, "content");
  return clp_html_dup_text (node, NULL, NULL);
}

static char *
item_line (xmlNode    *item,
           const char *name)
{
  g_autofree char *value = item_value (item_property (item, name), TRUE);

  return clean_line (value);
}

static void
read_microdata_article (Reader  *reader,
                        xmlNode *item)
{
  ClpStructuredData *data = reader->data;
  g_autofree char *count = item_line (item, "commentCount");
  g_autofree char *url = item_line (item, "url");

  data->is_article = TRUE;
  take (&data->title, item_line (item, "headline"));
  take (&data->title, item_line (item, "name"));
  take (&data->byline, item_line (item, "author"));
  take (&data->site_name, item_line (item, "publisher"));
  take (&data->section, item_line (item, "articleSection"));
  take (&data->published, item_line (item, "datePublished"));
  take (&data->url, clp_structured_data_normalize_url (url, NULL));
  if (count != NULL && data->comment_count < 0)
    {
      char *end = NULL;
      gint64 n = g_ascii_strtoll (count, &end, 10);

      if (end != count && *end == '\0' && n >= 0 && n <= G_MAXINT)
        data->comment_count = (int) n;
    }
}

/* schema.org Comment items: replies are items inside their parent's item,
 * or name it with parentItem. */
static void
read_microdata_comments (Reader        *reader,
                         ClpCommentSet *set)
{
  g_autoptr(GHashTable) keys = g_hash_table_new (NULL, NULL);        /* xmlNode -> key */
  g_autoptr(GHashTable) anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) referring = g_ptr_array_new ();

  for (guint i = 0; i < reader->items->len; i++)
    {
      xmlNode *item = g_ptr_array_index (reader->items, i);
      static const char * const time_names[] = { "dateCreated", "datePublished", "commentTime" };
      static const char * const text_names[] = { "text", "commentText", "description" };
      g_autofree char *key = NULL;
      xmlNode *text_node = NULL;
      const char *parent_key = NULL;
      ClpComment *comment;

      if (!item_is (item, comment_types, G_N_ELEMENTS (comment_types)))
        continue;
      for (xmlNode *up = item->parent; up != NULL && parent_key == NULL; up = up->parent)
        parent_key = g_hash_table_lookup (keys, up);

      key = g_strdup_printf ("md-%u", set->comments->len + 1);
      comment = clp_comment_set_add (set, key, parent_key);
      g_hash_table_insert (keys, item, comment->key);
      g_hash_table_add (set->regions, item);
      {
        static const char * const id_names[] = { "itemid", "id" };

        for (guint k = 0; k < G_N_ELEMENTS (id_names); k++)
          {
            g_autofree char *id = clp_html_dup_attribute (item, id_names[k]);

            if (id != NULL)
              g_hash_table_insert (anchors, k == 1 ? g_strconcat ("#", id, NULL)
                                                   : g_steal_pointer (&id),
                                   comment->key);
          }
      }

      comment->author = item_line (item, "author");
      if (comment->author == NULL)
        comment->author = item_line (item, "creator");
      for (guint k = 0; k < G_N_ELEMENTS (time_names) && comment->posted_at == NULL; k++)
        {
          g_autofree char *value = item_value (item_property (item, time_names[k]), TRUE);

          set_time (comment, value);
        }
      for (guint k = 0; k < G_N_ELEMENTS (text_names) && text_node == NULL; k++)
        text_node = item_property (item, text_names[k]);
      if (text_node != NULL)
        {
          g_autoptr(GString) markup = g_string_new (NULL);
          g_autofree char *html = NULL;

          if (clp_html_is (text_node, "meta"))
            {
              g_autofree char *value = clp_html_dup_attribute (text_node, "content");

              set_text (comment, value);
            }
          else
            {
              clp_html_append_markup (markup, text_node, NULL, NULL);
              html = clp_html_sanitizer_clean (markup->str, CLP_HTML_SANITIZER_NONE,
                                               &comment->text);
              if (*html != '\0')
                comment->html = g_steal_pointer (&html);
            }
        }
      if (comment->text == NULL)
        comment->text = g_strdup ("");

      if (parent_key == NULL)
        {
          g_autofree char *parent = item_value (item_property (item, "parentItem"), FALSE);

          if (parent != NULL)
            {
              g_ptr_array_add (referring, comment);
              g_ptr_array_add (refs, g_steal_pointer (&parent));
            }
        }
      warn_missing (set, comment, item, reader->with_lines);
    }

  for (guint i = 0; i < referring->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (referring, i);
      const char *ref = g_ptr_array_index (refs, i);
      const char *hash = strchr (ref, '#');
      const char *key = g_hash_table_lookup (anchors, ref);

      if (key == NULL && hash != NULL)
        key = g_hash_table_lookup (anchors, hash);
      set_parent (set, comment, key);
    }
}

static void
read_microdata (Reader *reader)
{
  ClpStructuredData *data = reader->data;
  ClpCommentSet *set;

  for (guint i = 0; i < reader->items->len; i++)
    {
      xmlNode *item = g_ptr_array_index (reader->items, i);

      if (item_is (item, article_types, G_N_ELEMENTS (article_types)))
        {
          read_microdata_article (reader, item);
          break;
        }
      if (item_is (item, listing_types, G_N_ELEMENTS (listing_types)))
        data->is_listing = TRUE;
    }

  /* JSON-LD and microdata describe the same comments when both are there. */
  if (data->comments->comments->len > 0)
    return;
  set = clp_comment_set_new ("schema.org");
  read_microdata_comments (reader, set);
  if (set->comments->len > 0)
    {
      clp_comment_set_free (data->comments);
      data->comments = set;
    }
  else
    clp_comment_set_free (set);
}

/* "<!-- saved from url=(0041)https://… -->", which Chromium and Internet
 * Explorer write, and SingleFile's "Page saved with SingleFile" comment
 * with its "url:" line. */
static char *
saved_from_comment (const char *comment)
{
  const char *start = NULL;
  const char *end;

  if ((start = strstr (comment, "saved from url=(")) != NULL)
    {
      start = strchr (start, ')');
      start = start != NULL ? start + 1 : NULL;
    }
  else if (strstr (comment, "saved with SingleFile") != NULL &&
           (start = strstr (comment, "url:")) != NULL)
    {
      start += strlen ("url:");
      while (*start == ' ' || *start == '\t')
        start++;
    }
  if (start == NULL)
    return NULL;
  for (end = start; *end != '\0' && !g_ascii_isspace (*end); end++)
    ;
  {
    g_autofree char *url = g_strndup (start, end - start);

    return clp_structured_data_normalize_url (url, NULL);
  }
}

/* One walk over the page for what the readers above start from. */
static void
scan (Reader     *reader,
      htmlDocPtr  doc)
{
  xmlNode *top = (xmlNode *) doc;

  for (xmlNode *node = top->children; node != NULL; node = clp_html_next (node, top, TRUE))
    {
      if (node->type == XML_COMMENT_NODE && node->content != NULL &&
          reader->data->saved_from == NULL &&
          (node->parent == top || clp_html_is (node->parent, "html") ||
           clp_html_is (node->parent, "head")))
        reader->data->saved_from = saved_from_comment ((const char *) node->content);
      if (node->type != XML_ELEMENT_NODE)
        continue;

      if (clp_html_is (node, "meta"))
        {
          g_autofree char *name = clp_html_dup_attribute (node, "property");
          g_autofree char *content = clp_html_dup_attribute (node, "content");

          if (name == NULL)
            name = clp_html_dup_attribute (node, "name");
          if (name != NULL && content != NULL)
            {
              char *key = g_ascii_strdown (g_strstrip (name), -1);

              if (!g_hash_table_contains (reader->meta, key))
                g_hash_table_insert (reader->meta, key, g_steal_pointer (&content));
              else
                g_free (key);
            }
        }
      else if (clp_html_is (node, "link") && reader->canonical == NULL &&
               clp_html_attribute_has_token (node, "rel", "canonical"))
        reader->canonical = clp_html_dup_attribute (node, "href");
      else if (clp_html_is (node, "script") &&
               clp_html_attribute_is (node, "type", "application/ld+json"))
        {
          xmlChar *content = xmlNodeGetContent (node);

          if (content != NULL)
            g_ptr_array_add (reader->scripts, g_utf8_make_valid ((const char *) content, -1));
          xmlFree (content);
        }
      if (has_itemscope (node))
        g_ptr_array_add (reader->items, node);
      /* Drupal's RDFa: the number of comments on the article. */
      if (reader->data->comment_count < 0 &&
          clp_html_attribute_has_token (node, "property", "sioc:num_replies"))
        {
          g_autofree char *content = clp_html_dup_attribute (node, "content");
          char *end = NULL;
          gint64 n = content != NULL ? g_ascii_strtoll (content, &end, 10) : -1;

          if (end != NULL && end != content && *end == '\0' && n >= 0 && n <= G_MAXINT)
            reader->data->comment_count = (int) n;
        }
    }
}

/**
 * clp_structured_data_read:
 * @doc: a page
 * @with_lines: whether warnings name the line of the page, which they
 *   do when the file is the page
 *
 * Returns: (transfer full): what the page says about itself
 */
ClpStructuredData *
clp_structured_data_read (htmlDocPtr doc,
                          gboolean   with_lines)
{
  ClpStructuredData *data = g_new0 (ClpStructuredData, 1);
  Reader reader = { 0 };

  g_return_val_if_fail (doc != NULL, data);

  data->comment_count = -1;
  data->comments = clp_comment_set_new ("schema.org");

  reader.data = data;
  reader.with_lines = with_lines;
  reader.meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  reader.scripts = g_ptr_array_new_with_free_func (g_free);
  reader.items = g_ptr_array_new ();
  reader.parsers = g_ptr_array_new_with_free_func (g_object_unref);
  reader.objects = g_ptr_array_new ();
  reader.ids = g_hash_table_new (g_str_hash, g_str_equal);
  reader.seen = g_hash_table_new (NULL, NULL);
  reader.id_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  reader.parent_refs = g_ptr_array_new ();

  scan (&reader, doc);
  read_json_ld (&reader);
  read_meta (&reader);
  read_microdata (&reader);
  data->comments->declared_count = data->comment_count;

  g_hash_table_unref (reader.meta);
  g_free (reader.canonical);
  g_ptr_array_unref (reader.scripts);
  g_ptr_array_unref (reader.items);
  g_ptr_array_unref (reader.objects);
  g_hash_table_unref (reader.ids);
  g_hash_table_unref (reader.seen);
  g_hash_table_unref (reader.id_keys);
  g_ptr_array_unref (reader.parent_refs);
  g_ptr_array_unref (reader.parsers);
  return data;
}

void
clp_structured_data_free (ClpStructuredData *self)
{
  if (self == NULL)
    return;

  g_free (self->title);
  g_free (self->byline);
  g_free (self->site_name);
  g_free (self->section);
  g_free (self->published);
  g_free (self->url);
  g_free (self->saved_from);
  g_free (self->caption);
  clp_comment_set_free (self->comments);
  g_free (self);
}
