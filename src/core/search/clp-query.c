/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-query"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-date.h"
#include "clp-reference.h"
#include "clp-query-private.h"

/* The query language, read by recursive descent:
 *
 *   query   := or END
 *   or      := and ( "OR" and )*
 *   and     := ( unary | "AND" )*
 *   unary   := "-" unary | primary
 *   primary := "(" or ")" | WORD | "PHRASE" | FIELD ":" VALUE
 *
 * Words and phrases with no letter or digit ("&", "—") can match nothing in
 * the full-text index, whose tokenizer drops them; they are left out of the
 * tree rather than making the whole query match nothing. */

/* A search entry holds a line, not a document; the limits keep the SQL and
 * the recursion small whatever is pasted in. */
#define MAX_CHARS 1000
#define MAX_DEPTH 32

struct _ClpQuery
{
  int           ref_count;
  char         *text;
  ClpQueryNode *root;   /* NULL when the query asks for nothing */
};

G_DEFINE_BOXED_TYPE (ClpQuery, clp_query, clp_query_ref, clp_query_unref)

typedef struct
{
  int offset;   /* in characters, as a text entry counts them */
  int length;
} ClpQueryErrorPrivate;

/* GLib hands over the private part zeroed. */
static void
clp_query_error_private_init (ClpQueryErrorPrivate *priv)
{
}

static void
clp_query_error_private_copy (const ClpQueryErrorPrivate *src,
                              ClpQueryErrorPrivate       *dest)
{
  if (src != NULL && dest != NULL)
    *dest = *src;
}

static void
clp_query_error_private_clear (ClpQueryErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (ClpQueryError, clp_query_error)

/**
 * clp_query_error_get_span:
 * @error: an error from clp_query_parse()
 * @offset: (out): where the problem starts, in characters from the start
 * @length: (out): how many characters it spans, at least 1
 *
 * Returns: %FALSE if @error is not a query error
 */
gboolean
clp_query_error_get_span (const GError *error,
                          int          *offset,
                          int          *length)
{
  ClpQueryErrorPrivate *priv;

  g_return_val_if_fail (offset != NULL && length != NULL, FALSE);

  if (error == NULL || error->domain != CLP_QUERY_ERROR)
    return FALSE;
  priv = clp_query_error_get_private (error);
  if (priv == NULL)
    return FALSE;
  *offset = priv->offset;
  *length = priv->length;
  return TRUE;
}

static void
node_free (ClpQueryNode *node)
{
  if (node == NULL)
    return;
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node->term.text);
  g_free (node->from);
  g_free (node->to);
  g_free (node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpQueryNode, node_free)

static ClpQueryNode *
node_new (ClpQueryNodeKind kind)
{
  ClpQueryNode *node = g_new0 (ClpQueryNode, 1);

  node->kind = kind;
  if (kind == CLP_QUERY_NODE_AND || kind == CLP_QUERY_NODE_OR || kind == CLP_QUERY_NODE_NOT)
    node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  return node;
}

/* Lexer */

typedef enum
{
  TOKEN_END,
  TOKEN_OPEN,
  TOKEN_CLOSE,
  TOKEN_OR,
  TOKEN_AND,
  TOKEN_MINUS,
  TOKEN_WORD,
  TOKEN_PHRASE,
  TOKEN_FIELD,
} TokenKind;

typedef struct
{
  TokenKind   kind;
  const char *start;        /* the whole token in the query text */
  const char *end;
  char       *name;         /* FIELD: the name, lower case */
  char       *text;         /* WORD, PHRASE, FIELD: the text or value, unquoted */
  gboolean    quoted;       /* FIELD: the value was a phrase */
  gboolean    prefix;       /* ended with '*' */
  const char *value_start;  /* FIELD: the value, for errors about it */
} Token;

static void
token_clear (Token *token)
{
  g_clear_pointer (&token->name, g_free);
  g_clear_pointer (&token->text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Token, token_clear)

typedef struct
{
  const char *text;
  const char *p;
  Token       peeked;
  gboolean    has_peeked;
  int         depth;
} Parser;

static void
set_error (Parser      *parser,
           GError     **error,
           ClpQueryError code,
           const char  *start,
           const char  *end,
           const char  *format,
           ...) G_GNUC_PRINTF (6, 7);

/* Every error says where: the entry underlines that span. The parser's own
 * functions always get a GError to fill, so that they can tell a failure
 * from a part that was dropped. */
static void
set_error (Parser        *parser,
           GError       **error,
           ClpQueryError  code,
           const char    *start,
           const char    *end,
           const char    *format,
           ...)
{
  g_autofree char *message = NULL;
  ClpQueryErrorPrivate *priv;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CLP_QUERY_ERROR, code, message);
  priv = clp_query_error_get_private (*error);
  if (priv == NULL)
    return;
  priv->offset = g_utf8_pointer_to_offset (parser->text, start);
  priv->length = MAX (1, g_utf8_pointer_to_offset (start, end));
}

static gboolean
is_space (const char *p)
{
  return g_unichar_isspace (g_utf8_get_char (p));
}

static gboolean
ends_word (const char *p)
{
  return *p == '\0' || *p == '(' || *p == ')' || *p == '"' || is_space (p);
}

/* Whether the full-text tokenizer (unicode61) keeps @c in a word. */
static gboolean
is_token_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_type (c) == G_UNICODE_PRIVATE_USE;
}

/* Whether the tokenizer finds anything in @text. */
static gboolean
has_token_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (is_token_char (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Reads a phrase from the opening quote at parser->p, and a '*' after it.
 * Inside a phrase, "" stands for one quote, as in FTS5 and CSV, so that any
 * author name can be written (clp_query_quote()). */
static gboolean
read_phrase (Parser      *parser,
             Token       *token,
             GError     **error)
{
  const char *open = parser->p;
  const char *close = open + 1;
  GString *text = g_string_new (NULL);

  for (;; close++)
    {
      if (*close == '\0')
        {
          g_string_free (text, TRUE);
          set_error (parser, error, CLP_QUERY_ERROR_UNCLOSED_QUOTE, open, close,
                     _("This quote is never closed; add a \" where the phrase ends."));
          return FALSE;
        }
      if (*close == '"' && close[1] == '"')
        close++;
      else if (*close == '"')
        break;
      g_string_append_c (text, *close);
    }
  token->text = g_string_free (text, FALSE);
  parser->p = close + 1;
  while (*parser->p == '*')
    {
      token->prefix = TRUE;
      parser->p++;
    }
  return TRUE;
}

static gboolean
is_field_name (const char *start,
               const char *colon)
{
  if (colon == start)
    return FALSE;
  for (const char *p = start; p < colon; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;
  return TRUE;
}

static gboolean
lex (Parser  *parser,
     Token   *token,
     GError **error)
{
  const char *start;
  const char *colon;

  memset (token, 0, sizeof *token);
  while (*parser->p != '\0' && is_space (parser->p))
    parser->p = g_utf8_next_char (parser->p);

  start = token->start = parser->p;
  switch (*start)
    {
    case '\0':
      token->kind = TOKEN_END;
      break;
    case '(':
      token->kind = TOKEN_OPEN;
      parser->p++;
      break;
    case ')':
      token->kind = TOKEN_CLOSE;
      parser->p++;
      break;
    case '"':
      token->kind = TOKEN_PHRASE;
      if (!read_phrase (parser, token, error))
        return FALSE;
      break;
    case '-':
      if (ends_word (start + 1) && start[1] != '(' && start[1] != '"')
        {
          set_error (parser, error, CLP_QUERY_ERROR_LONELY_MINUS, start, start + 1,
                     _("Write what to leave out right after the '-', like -ferry."));
          return FALSE;
        }
      token->kind = TOKEN_MINUS;
      parser->p++;
      break;
    default:
      while (!ends_word (parser->p))
        parser->p = g_utf8_next_char (parser->p);
      colon = memchr (start, ':', parser->p - start);
      if (parser->p - start == 2 && strncmp (start, "OR", 2) == 0)
        token->kind = TOKEN_OR;
      else if (parser->p - start == 3 && strncmp (start, "AND", 3) == 0)
        token->kind = TOKEN_AND;
      else if (colon != NULL && is_field_name (start, colon))
        {
          token->kind = TOKEN_FIELD;
          token->name = g_ascii_strdown (start, colon - start);
          token->value_start = colon + 1;
          if (colon + 1 == parser->p && *parser->p == '"')
            {
              token->quoted = TRUE;
              if (!read_phrase (parser, token, error))
                return FALSE;
            }
          else
            {
              const char *end = parser->p;

              while (end > colon + 1 && end[-1] == '*')
                {
                  token->prefix = TRUE;
                  end--;
                }
              token->text = g_strndup (colon + 1, end - colon - 1);
            }
        }
      else
        {
          const char *end = parser->p;

          token->kind = TOKEN_WORD;
          while (end > start && end[-1] == '*')
            {
              token->prefix = TRUE;
              end--;
            }
          token->text = g_strndup (start, end - start);
        }
      break;
    }
  token->end = parser->p;
  return TRUE;
}

static gboolean
peek (Parser     *parser,
      Token     **token,
      GError    **error)
{
  if (!parser->has_peeked)
    {
      if (!lex (parser, &parser->peeked, error))
        return FALSE;
      parser->has_peeked = TRUE;
    }
  *token = &parser->peeked;
  return TRUE;
}

/* Moves the peeked token to @token; the caller clears it. */
static void
take (Parser *parser,
      Token  *token)
{
  g_assert (parser->has_peeked);
  *token = parser->peeked;
  memset (&parser->peeked, 0, sizeof parser->peeked);
  parser->has_peeked = FALSE;
}

/* Fields */

/* The language in one table: the parser knows its fields from it, its
 * error messages name them and give their examples from it, and every
 * help text (the window's, the CLI's) is written from it. A row without
 * a field is syntax outside fields. */
static const ClpQuerySyntax syntax[] = {
  { NULL, "night ferry",
    N_("both words, anywhere in a comment or an article; case and accents do not matter") },
  { NULL, "\"night ferry\"", N_("the words together, in this order") },
  { NULL, "ferr*", N_("words that start so: ferry, ferries, ferryman") },
  { NULL, "ferry OR boat", N_("either; AND may be written too, and binds tighter than OR") },
  { NULL, "ferry -night", N_("without; - works before any part, like -author:marit") },
  { NULL, "(ferry OR boat) night", N_("parentheses group") },
  { "author", "author:\"J. Okafor\"",
    N_("comments by that author: the whole name, any case; author:oka* for names that start so") },
  { "source", "source:ledger", N_("articles whose source contains this, and their comments") },
  { "section", "section:\"local news\"",
    N_("articles whose section contains this, and their comments") },
  { "title", "title:ferry", N_("articles with the word in their title, and their comments") },
  { "in", "in:comments", N_("only comments; in:articles for only articles") },
  { "after", "after:2019-03",
    N_("from the start of this time on: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM; a "
       "comment's time, an article's publication day") },
  { "before", "before:2019-03-15", N_("before the start of this time") },
  { "on", "on:2019-03-14", N_("within this time") },
  { "is", "is:reply", N_("replies; is:top for top-level comments") },
  { "has", "has:replies", N_("comments with replies") },
  { "replies", "replies:>5",
    N_("comments with more than 5 direct replies (also <, =, >=, <= or a bare number)") },
  { "depth", "depth:>1", N_("replies to replies and deeper; a top-level comment has depth 0") },
  { "ref", "ref:c1-3f9a2c71-20190313T211200-8b1e04c2",
    N_("the comment with this reference, as exports and Copy Reference give it; the same in "
       "every archive that holds the comment") },
};

/**
 * clp_query_get_syntax:
 * @n_rows: (out): the number of rows
 *
 * Returns: (array length=n_rows): the query language, a row per form;
 *   `help` is untranslated (pass it to gettext)
 */
const ClpQuerySyntax *
clp_query_get_syntax (guint *n_rows)
{
  g_return_val_if_fail (n_rows != NULL, NULL);

  *n_rows = G_N_ELEMENTS (syntax);
  return syntax;
}

static const ClpQuerySyntax *
find_field (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (syntax); i++)
    if (syntax[i].field != NULL && g_str_equal (syntax[i].field, name))
      return &syntax[i];
  return NULL;
}

/* "author:, source:, … and depth:" */
static char *
list_field_names (void)
{
  g_autoptr(GString) most = g_string_new (NULL);
  const char *last = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (syntax); i++)
    {
      if (syntax[i].field == NULL)
        continue;
      if (last != NULL)
        g_string_append_printf (most, "%s%s:", most->len > 0 ? ", " : "", last);
      last = syntax[i].field;
    }
  /* Translators: the end of a list of query fields, "author:, source: and depth:" */
  return g_strdup_printf (_("%s and %s:"), most->str, last);
}

/* Optimal string alignment distance: a swapped pair of letters counts as one
 * typo, as people make them. */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *d = g_new0 (guint, (la + 1) * (lb + 1));

#define D(i, j) d[(i) * (lb + 1) + (j)]
  for (gsize i = 0; i <= la; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= lb; j++)
    D (0, j) = j;
  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

        D (i, j) = MIN (MIN (D (i - 1, j) + 1, D (i, j - 1) + 1), D (i - 1, j - 1) + cost);
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
          D (i, j) = MIN (D (i, j), D (i - 2, j - 2) + 1);
      }
  return D (la, lb);
#undef D
}

static const char *
suggest_field (const char *name)
{
  const char *best = NULL;
  guint best_distance = G_MAXUINT;
  guint limit = MIN (2, (strlen (name) + 1) / 3);

  for (guint i = 0; i < G_N_ELEMENTS (syntax); i++)
    {
      guint distance;

      if (syntax[i].field == NULL)
        continue;
      distance = edit_distance (name, syntax[i].field);
      if (distance < best_distance)
        {
          best = syntax[i].field;
          best_distance = distance;
        }
    }
  return best_distance <= MAX (1, limit) ? best : NULL;
}

static ClpQueryNode *
term_node (ClpQueryNodeKind  kind,
           ClpQueryField     field,
           Token            *token,
           gboolean          quoted)
{
  ClpQueryNode *node = node_new (kind);

  node->term.field = field;
  node->term.kind = token->prefix ? CLP_QUERY_TERM_PREFIX
                    : quoted ? CLP_QUERY_TERM_PHRASE : CLP_QUERY_TERM_WORD;
  node->term.text = g_steal_pointer (&token->text);
  return node;
}

static gboolean
parse_compare (const char      *text,
               ClpQueryCompare *compare,
               gint64          *number)
{
  static const struct { const char *op; ClpQueryCompare compare; } ops[] = {
    { ">=", CLP_QUERY_GREATER_EQUAL }, { "<=", CLP_QUERY_LESS_EQUAL },
    { ">", CLP_QUERY_GREATER }, { "<", CLP_QUERY_LESS }, { "=", CLP_QUERY_EQUAL },
  };
  guint64 value;

  *compare = CLP_QUERY_EQUAL;
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (g_str_has_prefix (text, ops[i].op))
      {
        *compare = ops[i].compare;
        text += strlen (ops[i].op);
        break;
      }
  if (!g_ascii_isdigit (*text) ||
      !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, &value, NULL))
    return FALSE;
  *number = (gint64) value;
  return TRUE;
}

static ClpQueryNode *
compare_node (ClpQueryNodeKind kind,
              ClpQueryCompare  compare,
              gint64           number)
{
  ClpQueryNode *node = node_new (kind);

  node->compare = compare;
  node->number = number;
  return node;
}

/* Turns a field token into its node. *dropped is set when the value has
 * nothing the index could find (title:"&"). */
static ClpQueryNode *
field_node (Parser    *parser,
            Token     *token,
            gboolean  *dropped,
            GError   **error)
{
  const char *name = token->name;
  const char *value_end = token->end;
  g_autofree char *value = g_strstrip (g_strdup (token->text));
  g_autofree char *lower = g_utf8_strdown (value, -1);
  ClpQueryCompare compare;
  gint64 number;

  *dropped = FALSE;
  if (find_field (name) == NULL)
    {
      const char *suggestion = suggest_field (name);
      g_autofree char *names = list_field_names ();

      if (suggestion != NULL)
        set_error (parser, error, CLP_QUERY_ERROR_UNKNOWN_FIELD, token->start,
                   token->value_start,
                   /* Translators: the first %s is what was typed, the second a field name */
                   _("Unknown field '%s:' — did you mean %s:?"), name, suggestion);
      else
        set_error (parser, error, CLP_QUERY_ERROR_UNKNOWN_FIELD, token->start,
                   token->value_start,
                   _("Unknown field '%s:'. The fields are %s; to look for the text itself, "
                     "put it in quotes."), name, names);
      return NULL;
    }

  if (*value == '\0')
    {
      set_error (parser, error, CLP_QUERY_ERROR_MISSING_VALUE, token->start, token->end,
                 _("Write what '%s:' should match right after the colon, like %s"), name,
                 find_field (name)->example);
      return NULL;
    }

  if (g_str_equal (name, "author"))
    {
      g_free (token->text);
      token->text = g_steal_pointer (&value);
      return term_node (CLP_QUERY_NODE_AUTHOR, CLP_QUERY_FIELD_AUTHOR, token, token->quoted);
    }
  if (g_str_equal (name, "source") || g_str_equal (name, "section"))
    {
      ClpQueryNode *node = node_new (g_str_equal (name, "source") ? CLP_QUERY_NODE_SOURCE
                                                                  : CLP_QUERY_NODE_SECTION);

      node->term.kind = CLP_QUERY_TERM_PHRASE;
      node->term.text = g_steal_pointer (&value);
      return node;
    }
  if (g_str_equal (name, "title"))
    {
      if (!has_token_chars (token->text))
        {
          *dropped = TRUE;
          return NULL;
        }
      return term_node (CLP_QUERY_NODE_TERM, CLP_QUERY_FIELD_TITLE, token, token->quoted);
    }
  if (g_str_equal (name, "in"))
    {
      ClpQueryNode *node;

      if (!g_strv_contains ((const char * const[]) { "comments", "comment", "articles", "article",
                                                     NULL }, lower) || token->prefix)
        {
          set_error (parser, error, CLP_QUERY_ERROR_BAD_VALUE, token->start, value_end,
                     _("'in:' takes comments or articles, like in:comments"));
          return NULL;
        }
      node = node_new (CLP_QUERY_NODE_SCOPE);
      node->scope = g_str_has_prefix (lower, "comment") ? CLP_QUERY_SCOPE_COMMENTS
                                                        : CLP_QUERY_SCOPE_ARTICLES;
      return node;
    }
  if (g_str_equal (name, "after") || g_str_equal (name, "before") || g_str_equal (name, "on"))
    {
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;
      ClpQueryNode *node;

      if (token->prefix || !clp_date_parse_period (value, &start, &end))
        {
          set_error (parser, error, CLP_QUERY_ERROR_BAD_DATE, token->value_start, value_end,
                     _("'%s' is not a date; write YYYY, YYYY-MM, YYYY-MM-DD or "
                       "YYYY-MM-DDTHH:MM"), value);
          return NULL;
        }
      node = node_new (CLP_QUERY_NODE_DATE);
      /* after: counts from the start of the period, before: stops just
       * before its start, on: is the period itself. */
      if (g_str_equal (name, "after") || g_str_equal (name, "on"))
        node->from = g_strdup (start);
      if (g_str_equal (name, "before"))
        node->to = g_strdup (start);
      if (g_str_equal (name, "on"))
        node->to = g_strdup (end);
      return node;
    }
  if (g_str_equal (name, "is"))
    {
      if (!token->prefix && (g_str_equal (lower, "reply") || g_str_equal (lower, "replies")))
        return compare_node (CLP_QUERY_NODE_DEPTH, CLP_QUERY_GREATER, 0);
      if (!token->prefix && g_str_equal (lower, "top"))
        return compare_node (CLP_QUERY_NODE_DEPTH, CLP_QUERY_EQUAL, 0);
      set_error (parser, error, CLP_QUERY_ERROR_BAD_VALUE, token->start, value_end,
                 _("'is:' takes reply or top, like is:reply"));
      return NULL;
    }
  if (g_str_equal (name, "has"))
    {
      if (!token->prefix && (g_str_equal (lower, "replies") || g_str_equal (lower, "reply")))
        return compare_node (CLP_QUERY_NODE_REPLIES, CLP_QUERY_GREATER, 0);
      set_error (parser, error, CLP_QUERY_ERROR_BAD_VALUE, token->start, value_end,
                 _("'has:' takes replies, like has:replies"));
      return NULL;
    }

  if (g_str_equal (name, "ref"))
    {
      g_auto(ClpReferenceParts) parts = { 0 };
      ClpQueryNode *node;

      if (token->prefix || !clp_reference_parse (value, &parts))
        {
          set_error (parser, error, CLP_QUERY_ERROR_BAD_VALUE, token->start, value_end,
                     _("'%s' is not a comment reference; copy one from an export or with Copy "
                       "Reference, like ref:c1-3f9a2c71-20190313T211200-8b1e04c2"), value);
          return NULL;
        }
      node = node_new (CLP_QUERY_NODE_REF);
      node->term.kind = CLP_QUERY_TERM_PHRASE;
      node->term.text = g_steal_pointer (&parts.normalized);
      return node;
    }

  g_assert (g_str_equal (name, "replies") || g_str_equal (name, "depth"));
  if (token->prefix || token->quoted || !parse_compare (value, &compare, &number))
    {
      set_error (parser, error, CLP_QUERY_ERROR_BAD_VALUE, token->start, value_end,
                 _("'%s:' takes a number, with >, <, =, >= or <= before it if you like, "
                   "like %s:>2"), name, name);
      return NULL;
    }
  return compare_node (g_str_equal (name, "replies") ? CLP_QUERY_NODE_REPLIES
                                                     : CLP_QUERY_NODE_DEPTH, compare, number);
}

/* Grammar */

static ClpQueryNode *parse_or (Parser    *parser,
                               gboolean  *found,
                               GError   **error);

/* Combines the children of an AND or OR, leaving out the ones that were
 * dropped; one child stands for itself. */
static ClpQueryNode *
combine (ClpQueryNodeKind  kind,
         GPtrArray        *children)
{
  ClpQueryNode *node;

  if (children->len == 0)
    return NULL;
  if (children->len == 1)
    return g_ptr_array_steal_index (children, 0);
  node = node_new (kind);
  while (children->len > 0)
    g_ptr_array_add (node->children, g_ptr_array_steal_index (children, 0));
  return node;
}

static ClpQueryNode *
negate (ClpQueryNode *child)
{
  ClpQueryNode *node;

  if (child == NULL)
    return NULL;
  /* --ferry is ferry. */
  if (child->kind == CLP_QUERY_NODE_NOT)
    {
      ClpQueryNode *inner = g_ptr_array_steal_index (child->children, 0);

      node_free (child);
      return inner;
    }
  node = node_new (CLP_QUERY_NODE_NOT);
  g_ptr_array_add (node->children, child);
  return node;
}

/* A primary, or a '-' and what it negates. *found says whether there was
 * one at all; it can still come back NULL when it was dropped. */
static ClpQueryNode *
parse_unary (Parser    *parser,
             gboolean  *found,
             GError   **error)
{
  g_auto(Token) token = { 0 };
  Token *next;
  gboolean dropped = FALSE;

  *found = FALSE;
  if (!peek (parser, &next, error))
    return NULL;

  switch (next->kind)
    {
    case TOKEN_MINUS:
      {
        ClpQueryNode *child;
        gboolean inner_found;

        take (parser, &token);
        if (!peek (parser, &next, error))
          return NULL;
        if (next->kind == TOKEN_OR || next->kind == TOKEN_AND || next->kind == TOKEN_CLOSE ||
            next->kind == TOKEN_END)
          {
            set_error (parser, error, CLP_QUERY_ERROR_LONELY_MINUS, token.start, token.end,
                       _("Write what to leave out right after the '-', like -ferry."));
            return NULL;
          }
        child = parse_unary (parser, &inner_found, error);
        if (*error != NULL)
          return NULL;
        *found = TRUE;
        return negate (child);
      }

    case TOKEN_OPEN:
      {
        g_autoptr(ClpQueryNode) inner = NULL;
        g_auto(Token) close = { 0 };
        gboolean inner_found;

        take (parser, &token);
        if (parser->depth >= MAX_DEPTH)
          {
            set_error (parser, error, CLP_QUERY_ERROR_TOO_LONG, token.start, token.end,
                       _("Too many parentheses inside each other; %d levels is the most."),
                       MAX_DEPTH);
            return NULL;
          }
        parser->depth++;
        inner = parse_or (parser, &inner_found, error);
        parser->depth--;
        if (*error != NULL || !peek (parser, &next, error))
          return NULL;
        if (next->kind != TOKEN_CLOSE)
          {
            set_error (parser, error, CLP_QUERY_ERROR_UNCLOSED_PARENTHESIS, token.start,
                       token.end, _("This '(' is never closed; add a ')' where the group ends."));
            return NULL;
          }
        take (parser, &close);
        if (!inner_found)
          {
            set_error (parser, error, CLP_QUERY_ERROR_EMPTY_PARENTHESES, token.start, close.end,
                       _("There is nothing between these parentheses."));
            return NULL;
          }
        *found = TRUE;
        return g_steal_pointer (&inner);
      }

    case TOKEN_WORD:
    case TOKEN_PHRASE:
      take (parser, &token);
      *found = TRUE;
      if (!has_token_chars (token.text))
        return NULL;
      return term_node (CLP_QUERY_NODE_TERM, CLP_QUERY_FIELD_TEXT, &token,
                        token.kind == TOKEN_PHRASE);

    case TOKEN_FIELD:
      {
        ClpQueryNode *node;

        take (parser, &token);
        node = field_node (parser, &token, &dropped, error);
        *found = node != NULL || dropped;
        return node;
      }

    case TOKEN_END:
    case TOKEN_CLOSE:
    case TOKEN_OR:
    case TOKEN_AND:
    default:
      return NULL;
    }
}

static ClpQueryNode *
parse_and (Parser    *parser,
           gboolean  *found,
           GError   **error)
{
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  Token *next;

  *found = FALSE;
  for (;;)
    {
      ClpQueryNode *child;
      gboolean child_found;

      if (!peek (parser, &next, error))
        return NULL;
      if (next->kind == TOKEN_END || next->kind == TOKEN_CLOSE || next->kind == TOKEN_OR)
        break;
      if (next->kind == TOKEN_AND)
        {
          g_auto(Token) and = { 0 };

          /* "ferry AND night" reads as people mean it. */
          take (parser, &and);
          continue;
        }
      child = parse_unary (parser, &child_found, error);
      if (*error != NULL)
        return NULL;
      g_assert (child_found);
      *found = TRUE;
      if (child != NULL)
        g_ptr_array_add (children, child);
    }
  return combine (CLP_QUERY_NODE_AND, children);
}

static ClpQueryNode *
parse_or (Parser    *parser,
          gboolean  *found,
          GError   **error)
{
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  ClpQueryNode *child;
  gboolean side_found;
  Token *next;

  child = parse_and (parser, &side_found, error);
  if (*error != NULL)
    return NULL;
  *found = side_found;
  if (child != NULL)
    g_ptr_array_add (children, child);

  for (;;)
    {
      g_auto(Token) or = { 0 };

      if (!peek (parser, &next, error))
        return NULL;
      if (next->kind != TOKEN_OR)
        break;
      take (parser, &or);
      if (!side_found)
        {
          set_error (parser, error, CLP_QUERY_ERROR_LONELY_OR, or.start, or.end,
                     _("OR needs something to look for on both sides, like ferry OR boat."));
          return NULL;
        }
      child = parse_and (parser, &side_found, error);
      if (*error != NULL)
        return NULL;
      if (!side_found)
        {
          set_error (parser, error, CLP_QUERY_ERROR_LONELY_OR, or.start, or.end,
                     _("OR needs something to look for on both sides, like ferry OR boat."));
          return NULL;
        }
      if (child != NULL)
        g_ptr_array_add (children, child);
    }
  return combine (CLP_QUERY_NODE_OR, children);
}

/* Whether @node finds something of its own, rather than only taking away:
 * "-ferry" alone would have to list the whole archive but for one word. */
static const ClpQueryNode *
find_only_exclusions (const ClpQueryNode *node)
{
  switch (node->kind)
    {
    case CLP_QUERY_NODE_NOT:
      return node;
    case CLP_QUERY_NODE_AND:
      for (guint i = 0; i < node->children->len; i++)
        if (find_only_exclusions (g_ptr_array_index (node->children, i)) == NULL)
          return NULL;
      return node;
    case CLP_QUERY_NODE_OR:
      for (guint i = 0; i < node->children->len; i++)
        {
          const ClpQueryNode *bad = find_only_exclusions (g_ptr_array_index (node->children, i));

          if (bad != NULL)
            return bad;
        }
      return NULL;
    case CLP_QUERY_NODE_TERM:
    case CLP_QUERY_NODE_AUTHOR:
    case CLP_QUERY_NODE_SOURCE:
    case CLP_QUERY_NODE_SECTION:
    case CLP_QUERY_NODE_SCOPE:
    case CLP_QUERY_NODE_DATE:
    case CLP_QUERY_NODE_REPLIES:
    case CLP_QUERY_NODE_DEPTH:
    case CLP_QUERY_NODE_REF:
    default:
      return NULL;
    }
}

/**
 * clp_query_parse:
 * @text: what the user typed
 *
 * Returns: (transfer full): the query, or %NULL with an error in
 *   %CLP_QUERY_ERROR whose message a reader understands and whose span
 *   (clp_query_error_get_span()) says where the problem is. A query of only
 *   blanks is empty: it asks for nothing, and filters nothing out.
 */
ClpQuery *
clp_query_parse (const char  *text,
                 GError     **error)
{
  g_autoptr(ClpQueryNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *invalid = NULL;
  Parser parser = { 0 };
  gboolean found;
  Token *next = NULL;
  ClpQuery *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser.text = text;
  parser.p = text;
  if (!g_utf8_validate (text, -1, &invalid))
    set_error (&parser, &local_error, CLP_QUERY_ERROR_INVALID_TEXT, invalid, invalid,
               _("The search contains bytes that are not text."));
  else if (g_utf8_strlen (text, -1) > MAX_CHARS)
    {
      const char *limit = g_utf8_offset_to_pointer (text, MAX_CHARS);

      set_error (&parser, &local_error, CLP_QUERY_ERROR_TOO_LONG, limit, limit + strlen (limit),
                 _("The search is too long; %d characters is the most."), MAX_CHARS);
    }
  else
    root = parse_or (&parser, &found, &local_error);

  if (local_error == NULL && peek (&parser, &next, &local_error) && next->kind != TOKEN_END)
    {
      /* parse_or() stops only at the end or at a ')' it did not open. */
      g_assert (next->kind == TOKEN_CLOSE);
      set_error (&parser, &local_error, CLP_QUERY_ERROR_UNOPENED_PARENTHESIS, next->start,
                 next->end, _("This ')' closes nothing; remove it or add a '(' before it."));
    }
  if (local_error == NULL && root != NULL && find_only_exclusions (root) != NULL)
    set_error (&parser, &local_error, CLP_QUERY_ERROR_ONLY_EXCLUSIONS, text, text + strlen (text),
               _("A search cannot only leave things out; add something to look for, "
                 "like ferry -night."));
  token_clear (&parser.peeked);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = g_new0 (ClpQuery, 1);
  self->ref_count = 1;
  self->text = g_strdup (text);
  self->root = g_steal_pointer (&root);
  return self;
}

ClpQuery *
clp_query_ref (ClpQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
clp_query_unref (ClpQuery *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_free (self->text);
  node_free (self->root);
  g_free (self);
}

static ClpQueryNode *
node_copy (const ClpQueryNode *node)
{
  ClpQueryNode *copy = node_new (node->kind);

  if (node->children != NULL)
    for (guint i = 0; i < node->children->len; i++)
      g_ptr_array_add (copy->children, node_copy (g_ptr_array_index (node->children, i)));
  copy->term.kind = node->term.kind;
  copy->term.field = node->term.field;
  copy->term.text = g_strdup (node->term.text);
  copy->scope = node->scope;
  copy->from = g_strdup (node->from);
  copy->to = g_strdup (node->to);
  copy->compare = node->compare;
  copy->number = node->number;
  return copy;
}

static ClpQuery *
query_new (char         *text,
           ClpQueryNode *root)
{
  ClpQuery *self = g_new0 (ClpQuery, 1);

  self->ref_count = 1;
  self->text = text;
  self->root = root;
  return self;
}

/**
 * clp_query_new_author:
 * @name: an author's whole name, any case; a final `*` asks for the
 *   names that start so
 *
 * The query `author:"NAME"`, made without writing query text, so that any
 * name works, quotes and all.
 *
 * Returns: (transfer full): the query
 */
ClpQuery *
clp_query_new_author (const char *name)
{
  g_autofree char *quoted = NULL;
  ClpQueryNode *node;
  gsize length;

  g_return_val_if_fail (name != NULL && g_utf8_validate (name, -1, NULL), NULL);

  length = strlen (name);
  node = node_new (CLP_QUERY_NODE_AUTHOR);
  node->term.field = CLP_QUERY_FIELD_AUTHOR;
  node->term.kind = length > 1 && name[length - 1] == '*' ? CLP_QUERY_TERM_PREFIX
                                                          : CLP_QUERY_TERM_PHRASE;
  node->term.text = node->term.kind == CLP_QUERY_TERM_PREFIX ? g_strndup (name, length - 1)
                                                             : g_strdup (name);
  quoted = clp_query_quote (node->term.text);
  return query_new (g_strdup_printf ("author:%s%s", quoted,
                                     node->term.kind == CLP_QUERY_TERM_PREFIX ? "*" : ""),
                    node);
}

/**
 * clp_query_new_period:
 * @from: (nullable): the first instant, "YYYY-MM-DDTHH:MM:SS"
 * @to: (nullable): the first instant after the period
 *
 * Returns: (transfer full): the comments posted, and the articles
 *   published, in [@from, @to)
 */
ClpQuery *
clp_query_new_period (const char *from,
                      const char *to)
{
  g_autoptr(GString) text = g_string_new (NULL);
  ClpQueryNode *node;

  g_return_val_if_fail (from == NULL || clp_date_is_valid_iso (from), NULL);
  g_return_val_if_fail (to == NULL || clp_date_is_valid_iso (to), NULL);

  node = node_new (CLP_QUERY_NODE_DATE);
  node->from = g_strdup (from);
  node->to = g_strdup (to);
  if (from != NULL)
    g_string_append_printf (text, "after:%.16s", from);
  if (to != NULL)
    g_string_append_printf (text, "%sbefore:%.16s", text->len > 0 ? " " : "", to);
  return query_new (g_string_free (g_steal_pointer (&text), FALSE), node);
}

/**
 * clp_query_new_in_comments:
 * @query: a query
 *
 * Returns: (transfer full): `in:comments (@query)`: only comments
 */
ClpQuery *
clp_query_new_in_comments (ClpQuery *query)
{
  ClpQueryNode *scope = node_new (CLP_QUERY_NODE_SCOPE);
  ClpQueryNode *node = node_new (CLP_QUERY_NODE_AND);

  g_return_val_if_fail (query != NULL, NULL);

  scope->scope = CLP_QUERY_SCOPE_COMMENTS;
  g_ptr_array_add (node->children, scope);
  if (query->root != NULL)
    g_ptr_array_add (node->children, node_copy (query->root));
  return query_new (g_strdup_printf ("in:comments (%s)", query->text), node);
}

/**
 * clp_query_new_all:
 * @parts: (array length=n_parts) (nullable): queries; %NULL ones and empty
 *   ones are left out
 *
 * Returns: (transfer full) (nullable): a query that asks for what every
 *   part asks for, or %NULL when no part asks for anything
 */
ClpQuery *
clp_query_new_all (ClpQuery * const *parts,
                   guint             n_parts)
{
  g_autoptr(GPtrArray) used = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  ClpQueryNode *root;

  for (guint i = 0; i < n_parts; i++)
    if (parts[i] != NULL && parts[i]->root != NULL)
      g_ptr_array_add (used, parts[i]);
  if (used->len == 0)
    return NULL;
  if (used->len == 1)
    {
      ClpQuery *only = g_ptr_array_index (used, 0);

      return query_new (g_strdup (only->text), node_copy (only->root));
    }

  root = node_new (CLP_QUERY_NODE_AND);
  for (guint i = 0; i < used->len; i++)
    {
      ClpQuery *part = g_ptr_array_index (used, i);

      g_ptr_array_add (root->children, node_copy (part->root));
      g_string_append_printf (text, "%s(%s)", i > 0 ? " " : "", part->text);
    }
  return query_new (g_string_free (g_steal_pointer (&text), FALSE), root);
}

const char *
clp_query_get_text (ClpQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

/**
 * clp_query_is_empty:
 *
 * Returns: whether the query asks for nothing, so filters nothing out
 */
gboolean
clp_query_is_empty (ClpQuery *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->root == NULL;
}

ClpQueryNode *
clp_query_get_root (ClpQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->root;
}

void
clp_query_term_free (ClpQueryTerm *term)
{
  if (term == NULL)
    return;
  g_free (term->text);
  g_free (term);
}

static void
collect_terms (const ClpQueryNode *node,
               GPtrArray          *terms)
{
  if (node->kind == CLP_QUERY_NODE_NOT)
    return;
  if (node->kind == CLP_QUERY_NODE_AND || node->kind == CLP_QUERY_NODE_OR)
    {
      for (guint i = 0; i < node->children->len; i++)
        collect_terms (g_ptr_array_index (node->children, i), terms);
      return;
    }
  if (node->kind != CLP_QUERY_NODE_TERM && node->kind != CLP_QUERY_NODE_AUTHOR)
    return;
  for (guint i = 0; i < terms->len; i++)
    {
      const ClpQueryTerm *seen = g_ptr_array_index (terms, i);

      if (seen->kind == node->term.kind && seen->field == node->term.field &&
          g_str_equal (seen->text, node->term.text))
        return;
    }
  {
    ClpQueryTerm *term = g_new0 (ClpQueryTerm, 1);

    term->kind = node->term.kind;
    term->field = node->term.field;
    term->text = g_strdup (node->term.text);
    g_ptr_array_add (terms, term);
  }
}

/**
 * clp_query_get_terms:
 *
 * What to highlight where a hit is shown: the words, phrases and prefixes
 * the query looks for, each once, in the order written. Terms under a '-'
 * are left out: they are what a hit does not contain.
 *
 * Returns: (transfer full) (element-type ClpQueryTerm): the terms
 */
GPtrArray *
clp_query_get_terms (ClpQuery *self)
{
  GPtrArray *terms = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_query_term_free);

  g_return_val_if_fail (self != NULL, terms);

  if (self->root != NULL)
    collect_terms (self->root, terms);
  return terms;
}

static void
append_quoted (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * clp_query_quote:
 * @text: a name or phrase, as it is
 *
 * For building a query from a value the user picked rather than typed,
 * like an author from the completion: `author:` + clp_query_quote (name).
 *
 * Returns: @text as a quoted phrase of the query language
 */
char *
clp_query_quote (const char *text)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, g_string_free (out, FALSE));

  append_quoted (out, text);
  return g_string_free (out, FALSE);
}

static void
append_node (GString            *out,
             const ClpQueryNode *node)
{
  static const char * const compares[] = { "<", "<=", "=", ">=", ">" };

  switch (node->kind)
    {
    case CLP_QUERY_NODE_AND:
    case CLP_QUERY_NODE_OR:
    case CLP_QUERY_NODE_NOT:
      g_string_append (out, node->kind == CLP_QUERY_NODE_AND ? "(and"
                            : node->kind == CLP_QUERY_NODE_OR ? "(or" : "(not");
      for (guint i = 0; i < node->children->len; i++)
        {
          g_string_append_c (out, ' ');
          append_node (out, g_ptr_array_index (node->children, i));
        }
      g_string_append_c (out, ')');
      break;
    case CLP_QUERY_NODE_TERM:
    case CLP_QUERY_NODE_AUTHOR:
      if (node->term.field == CLP_QUERY_FIELD_TITLE)
        g_string_append (out, "title:");
      else if (node->term.field == CLP_QUERY_FIELD_AUTHOR)
        g_string_append (out, "author:");
      if (node->term.kind == CLP_QUERY_TERM_WORD && node->kind == CLP_QUERY_NODE_TERM)
        g_string_append (out, node->term.text);
      else
        append_quoted (out, node->term.text);
      if (node->term.kind == CLP_QUERY_TERM_PREFIX)
        g_string_append_c (out, '*');
      break;
    case CLP_QUERY_NODE_SOURCE:
    case CLP_QUERY_NODE_SECTION:
      g_string_append (out, node->kind == CLP_QUERY_NODE_SOURCE ? "source:" : "section:");
      append_quoted (out, node->term.text);
      break;
    case CLP_QUERY_NODE_SCOPE:
      g_string_append (out, node->scope == CLP_QUERY_SCOPE_COMMENTS ? "in:comments"
                                                                    : "in:articles");
      break;
    case CLP_QUERY_NODE_DATE:
      g_string_append_printf (out, "time:[%s,%s)", node->from != NULL ? node->from : "*",
                              node->to != NULL ? node->to : "*");
      break;
    case CLP_QUERY_NODE_REPLIES:
    case CLP_QUERY_NODE_DEPTH:
      g_string_append_printf (out, "%s%s%" G_GINT64_FORMAT,
                              node->kind == CLP_QUERY_NODE_REPLIES ? "replies" : "depth",
                              compares[node->compare], node->number);
      break;
    case CLP_QUERY_NODE_REF:
      g_string_append_printf (out, "ref:%s", node->term.text);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * clp_query_to_string:
 *
 * Returns: the tree, in a form for tests and debugging:
 *   `(and ferry (not "night boat") author:"J. Okafor")`
 */
char *
clp_query_to_string (ClpQuery *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, g_string_free (out, FALSE));

  if (self->root != NULL)
    append_node (out, self->root);
  return g_string_free (out, FALSE);
}

/* Matching terms in text, for highlighting and snippets */

typedef struct
{
  gsize  start;
  gsize  end;
  char  *folded;
} Word;

static void
word_clear (gpointer data)
{
  g_free (((Word *) data)->folded);
}

/* Folds a character as the full-text tokenizer does (unicode61 with
 * remove_diacritics 2): lower case, without its accents. */
static void
append_folded (GString  *out,
               gunichar  c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));

  for (gsize i = 0; i < n; i++)
    {
      if (g_unichar_ismark (decomposed[i]) && n > 1)
        continue;
      g_string_append_unichar (out, g_unichar_tolower (decomposed[i]));
    }
}

/* The words of @text as the index sees them, with where they stand. */
static GArray *
split_words (const char *text)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));
  const char *p = text;

  g_array_set_clear_func (words, word_clear);
  while (*p != '\0')
    {
      GString *folded;
      Word word;

      if (!is_token_char (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      word.start = p - text;
      folded = g_string_new (NULL);
      while (*p != '\0' && is_token_char (g_utf8_get_char (p)))
        {
          append_folded (folded, g_utf8_get_char (p));
          p = g_utf8_next_char (p);
        }
      word.end = p - text;
      word.folded = g_string_free (folded, FALSE);
      g_array_append_val (words, word);
    }
  return words;
}

static gboolean
term_applies (const ClpQueryNode *node,
              ClpQueryField       field)
{
  switch (field)
    {
    case CLP_QUERY_FIELD_TEXT:
      return node->kind == CLP_QUERY_NODE_TERM && node->term.field == CLP_QUERY_FIELD_TEXT;
    case CLP_QUERY_FIELD_TITLE:
      return node->kind == CLP_QUERY_NODE_TERM;
    case CLP_QUERY_FIELD_AUTHOR:
      return node->kind == CLP_QUERY_NODE_AUTHOR;
    default:
      return FALSE;
    }
}

static void
find_term (const ClpQueryTerm *term,
           GArray             *words,
           GArray             *matches)
{
  g_autoptr(GArray) needle = split_words (term->text);

  if (needle->len == 0)
    return;
  for (guint i = 0; i + needle->len <= words->len; i++)
    {
      gboolean same = TRUE;

      for (guint j = 0; same && j < needle->len; j++)
        {
          const char *have = g_array_index (words, Word, i + j).folded;
          const char *want = g_array_index (needle, Word, j).folded;

          if (term->kind == CLP_QUERY_TERM_PREFIX && j == needle->len - 1)
            same = g_str_has_prefix (have, want);
          else
            same = g_str_equal (have, want);
        }
      if (same)
        {
          ClpQueryMatch match = { g_array_index (words, Word, i).start,
                                  g_array_index (words, Word, i + needle->len - 1).end };

          g_array_append_val (matches, match);
        }
    }
}

static void
find_node (const ClpQueryNode *node,
           ClpQueryField       field,
           GArray             *words,
           GArray             *matches)
{
  if (node->kind == CLP_QUERY_NODE_NOT)
    return;
  if (node->kind == CLP_QUERY_NODE_AND || node->kind == CLP_QUERY_NODE_OR)
    {
      for (guint i = 0; i < node->children->len; i++)
        find_node (g_ptr_array_index (node->children, i), field, words, matches);
      return;
    }
  if (term_applies (node, field))
    find_term (&node->term, words, matches);
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const ClpQueryMatch *ma = a, *mb = b;

  if (ma->start != mb->start)
    return ma->start < mb->start ? -1 : 1;
  return ma->end < mb->end ? -1 : ma->end > mb->end ? 1 : 0;
}

/**
 * clp_query_find_matches:
 * @text: a comment's text, an article's body or title, or an author's name
 * @field: what @text is: %CLP_QUERY_FIELD_TEXT for comment text and article
 *   bodies, %CLP_QUERY_FIELD_TITLE for titles (plain words and title:
 *   terms), %CLP_QUERY_FIELD_AUTHOR for names (author: terms)
 *
 * Finds the query's terms in @text the way the full-text index compares
 * words: ignoring case and accents, prefixes at the start of a word.
 * Terms under a '-' are not looked for.
 *
 * Returns: (transfer full) (element-type ClpQueryMatch): byte ranges of
 *   @text, in order, not overlapping
 */
GArray *
clp_query_find_matches (ClpQuery      *self,
                        const char    *text,
                        ClpQueryField  field)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (ClpQueryMatch));
  g_autoptr(GArray) words = NULL;
  guint kept = 0;

  g_return_val_if_fail (self != NULL, matches);
  g_return_val_if_fail (text != NULL, matches);

  if (self->root == NULL)
    return matches;
  if (field == CLP_QUERY_FIELD_AUTHOR)
    {
      /* author: is the whole name, or its start. */
      g_autofree char *name = g_utf8_casefold (text, -1);
      g_autoptr(GPtrArray) terms = clp_query_get_terms (self);

      for (guint i = 0; i < terms->len; i++)
        {
          ClpQueryTerm *term = g_ptr_array_index (terms, i);
          g_autofree char *want = g_utf8_casefold (term->text, -1);

          if (term->field == CLP_QUERY_FIELD_AUTHOR &&
              (term->kind == CLP_QUERY_TERM_PREFIX ? g_str_has_prefix (name, want)
                                                   : g_str_equal (name, want)))
            {
              ClpQueryMatch match = { 0, strlen (text) };

              g_array_append_val (matches, match);
              break;
            }
        }
      return matches;
    }

  words = split_words (text);
  find_node (self->root, field, words, matches);
  g_array_sort (matches, compare_matches);
  /* Overlapping matches ("ferry" and "ferr*") become one. */
  for (guint i = 0; i < matches->len; i++)
    {
      ClpQueryMatch *match = &g_array_index (matches, ClpQueryMatch, i);

      if (kept > 0 && match->start <= g_array_index (matches, ClpQueryMatch, kept - 1).end)
        {
          ClpQueryMatch *last = &g_array_index (matches, ClpQueryMatch, kept - 1);

          last->end = MAX (last->end, match->end);
          continue;
        }
      g_array_index (matches, ClpQueryMatch, kept++) = *match;
    }
  g_array_set_size (matches, kept);
  return matches;
}

/**
 * clp_query_make_snippet:
 * @text: what to quote from
 * @field: as for clp_query_find_matches()
 * @max_chars: about how long the snippet may be
 *
 * Returns: one line of plain text around the first match, with each match
 *   between %CLP_QUERY_MARK_START and %CLP_QUERY_MARK_END ("\x02" and
 *   "\x03") and "…" where text was cut; the start of @text when nothing
 *   matches
 */
char *
clp_query_make_snippet (ClpQuery      *self,
                        const char    *text,
                        ClpQueryField  field,
                        guint          max_chars)
{
  g_autoptr(GArray) matches = NULL;
  GString *out = g_string_new (NULL);
  const char *start = text;
  const char *p;
  guint next = 0;
  guint chars = 0;
  gsize word_end = 0;
  gsize mark_end = 0;
  gboolean in_match = FALSE;
  gboolean space = FALSE;

  g_return_val_if_fail (self != NULL, g_string_free (out, FALSE));
  g_return_val_if_fail (text != NULL, g_string_free (out, FALSE));

  matches = clp_query_find_matches (self, text, field);
  if (matches->len > 0)
    {
      /* Start a third of the way back from the first match, at a word. */
      const char *first = text + g_array_index (matches, ClpQueryMatch, 0).start;
      guint back = 0;

      start = first;
      while (start > text && back < max_chars / 3)
        {
          start = g_utf8_prev_char (start);
          back++;
        }
      while (start > text && start < first && !g_unichar_isspace (g_utf8_get_char (start)))
        start = g_utf8_next_char (start);
      while (start < first && g_unichar_isspace (g_utf8_get_char (start)))
        start = g_utf8_next_char (start);
    }
  while (g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  if (start > text)
    g_string_append (out, "…");

  for (p = start; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize at = p - text;
      gunichar c = g_utf8_get_char (p);

      while (next < matches->len && g_array_index (matches, ClpQueryMatch, next).end <= at &&
             !in_match)
        next++;
      if (in_match && g_array_index (matches, ClpQueryMatch, next).end == at)
        {
          g_string_append (out, CLP_QUERY_MARK_END);
          mark_end = out->len;
          in_match = FALSE;
          next++;
        }
      if (chars >= max_chars && !in_match)
        {
          /* End at a word when there is one to end at. */
          if (word_end > mark_end)
            g_string_truncate (out, word_end);
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_isspace (c) || c < 0x20 || c == 0x7f)
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        {
          if (!in_match)
            word_end = out->len;
          g_string_append_c (out, ' ');
          chars++;
        }
      space = FALSE;
      if (!in_match && next < matches->len &&
          g_array_index (matches, ClpQueryMatch, next).start == at)
        {
          g_string_append (out, CLP_QUERY_MARK_START);
          in_match = TRUE;
        }
      g_string_append_unichar (out, c);
      chars++;
    }
  if (in_match)
    g_string_append (out, CLP_QUERY_MARK_END);
  return g_string_free (out, FALSE);
}
