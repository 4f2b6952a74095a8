/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-query"

#include "config.h"

#include <string.h>

#include "clp-date.h"
#include "clp-query-private.h"

/* A query: its text and its tree, refcounted and never changed once made.
 * clp-query-parser.c makes one from the language; the constructors here
 * make one from structured filters (an author, a period), so that no code
 * writes query text; clp-query-match.c finds its terms in text. */

struct _ClpQuery
{
  int           ref_count;
  char         *text;
  ClpQueryNode *root;   /* NULL when the query asks for nothing */
};

G_DEFINE_BOXED_TYPE (ClpQuery, clp_query, clp_query_ref, clp_query_unref)

void
clp_query_node_free (ClpQueryNode *node)
{
  if (node == NULL)
    return;
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node->term.text);
  g_free (node->from);
  g_free (node->to);
  g_free (node);
}

ClpQueryNode *
clp_query_node_new (ClpQueryNodeKind kind)
{
  ClpQueryNode *node = g_new0 (ClpQueryNode, 1);

  node->kind = kind;
  if (kind == CLP_QUERY_NODE_AND || kind == CLP_QUERY_NODE_OR || kind == CLP_QUERY_NODE_NOT)
    node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_query_node_free);
  return node;
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
  clp_query_node_free (self->root);
  g_free (self);
}

static ClpQueryNode *
node_copy (const ClpQueryNode *node)
{
  ClpQueryNode *copy = clp_query_node_new (node->kind);

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

/* Takes @text and @root. */
ClpQuery *
clp_query_new_from_tree (char         *text,
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
  node = clp_query_node_new (CLP_QUERY_NODE_AUTHOR);
  node->term.field = CLP_QUERY_FIELD_AUTHOR;
  node->term.kind = length > 1 && name[length - 1] == '*' ? CLP_QUERY_TERM_PREFIX
                                                          : CLP_QUERY_TERM_PHRASE;
  node->term.text = node->term.kind == CLP_QUERY_TERM_PREFIX ? g_strndup (name, length - 1)
                                                             : g_strdup (name);
  quoted = clp_query_quote (node->term.text);
  return clp_query_new_from_tree (g_strdup_printf ("author:%s%s", quoted,
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

  node = clp_query_node_new (CLP_QUERY_NODE_DATE);
  node->from = g_strdup (from);
  node->to = g_strdup (to);
  if (from != NULL)
    g_string_append_printf (text, "after:%.16s", from);
  if (to != NULL)
    g_string_append_printf (text, "%sbefore:%.16s", text->len > 0 ? " " : "", to);
  return clp_query_new_from_tree (g_string_free (g_steal_pointer (&text), FALSE), node);
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
  ClpQueryNode *scope = clp_query_node_new (CLP_QUERY_NODE_SCOPE);
  ClpQueryNode *node = clp_query_node_new (CLP_QUERY_NODE_AND);

  g_return_val_if_fail (query != NULL, NULL);

  scope->scope = CLP_QUERY_SCOPE_COMMENTS;
  g_ptr_array_add (node->children, scope);
  if (query->root != NULL)
    g_ptr_array_add (node->children, node_copy (query->root));
  return clp_query_new_from_tree (g_strdup_printf ("in:comments (%s)", query->text), node);
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

      return clp_query_new_from_tree (g_strdup (only->text), node_copy (only->root));
    }

  root = clp_query_node_new (CLP_QUERY_NODE_AND);
  for (guint i = 0; i < used->len; i++)
    {
      ClpQuery *part = g_ptr_array_index (used, i);

      g_ptr_array_add (root->children, node_copy (part->root));
      g_string_append_printf (text, "%s(%s)", i > 0 ? " " : "", part->text);
    }
  return clp_query_new_from_tree (g_string_free (g_steal_pointer (&text), FALSE), root);
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
