/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-query"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-date.h"
#include "clp-query-private.h"
#include "clp-reference.h"

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
gboolean
clp_query_is_token_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_type (c) == G_UNICODE_PRIVATE_USE;
}

/* Whether the tokenizer finds anything in @text. */
static gboolean
has_token_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (clp_query_is_token_char (g_utf8_get_char (p)))
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
  ClpQueryNode *node = clp_query_node_new (kind);

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
  ClpQueryNode *node = clp_query_node_new (kind);

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
      ClpQueryNode *node = clp_query_node_new (g_str_equal (name, "source") ? CLP_QUERY_NODE_SOURCE
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
      node = clp_query_node_new (CLP_QUERY_NODE_SCOPE);
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
      node = clp_query_node_new (CLP_QUERY_NODE_DATE);
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
      node = clp_query_node_new (CLP_QUERY_NODE_REF);
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
  node = clp_query_node_new (kind);
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

      clp_query_node_free (child);
      return inner;
    }
  node = clp_query_node_new (CLP_QUERY_NODE_NOT);
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
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_query_node_free);
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
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_query_node_free);
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

  return clp_query_new_from_tree (g_strdup (text), g_steal_pointer (&root));
}

