/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-query.h"

G_BEGIN_DECLS

/* The parsed tree, for the store, which compiles it to SQL. Nothing else
 * looks inside a query. */

typedef enum
{
  CLP_QUERY_NODE_AND,       /* children: two or more */
  CLP_QUERY_NODE_OR,        /* children: two or more */
  CLP_QUERY_NODE_NOT,       /* children: one */
  CLP_QUERY_NODE_TERM,      /* term: a word, phrase or prefix in the text or the title */
  CLP_QUERY_NODE_AUTHOR,    /* term: a comment author's whole name, or its start */
  CLP_QUERY_NODE_SOURCE,    /* term.text: part of the source's name */
  CLP_QUERY_NODE_SECTION,   /* term.text: part of the section's name */
  CLP_QUERY_NODE_SCOPE,     /* scope */
  CLP_QUERY_NODE_DATE,      /* from, to */
  CLP_QUERY_NODE_REPLIES,   /* compare, number: a comment's direct replies */
  CLP_QUERY_NODE_DEPTH,     /* compare, number: 0 for a top-level comment */
  CLP_QUERY_NODE_REF,       /* term.text: a comment's reference, as Clippings writes it */
} ClpQueryNodeKind;

typedef enum
{
  CLP_QUERY_SCOPE_COMMENTS,
  CLP_QUERY_SCOPE_ARTICLES,
} ClpQueryScope;

typedef enum
{
  CLP_QUERY_LESS,
  CLP_QUERY_LESS_EQUAL,
  CLP_QUERY_EQUAL,
  CLP_QUERY_GREATER_EQUAL,
  CLP_QUERY_GREATER,
} ClpQueryCompare;

typedef struct _ClpQueryNode ClpQueryNode;

struct _ClpQueryNode
{
  ClpQueryNodeKind  kind;
  GPtrArray        *children;
  ClpQueryTerm      term;
  ClpQueryScope     scope;
  char             *from;      /* first instant, "YYYY-MM-DDTHH:MM:SS", or NULL */
  char             *to;        /* first instant after, or NULL */
  ClpQueryCompare   compare;
  gint64            number;
};

ClpQueryNode *clp_query_get_root       (ClpQuery         *self);
ClpQueryNode *clp_query_node_new       (ClpQueryNodeKind  kind);
void          clp_query_node_free      (ClpQueryNode     *node);
ClpQuery     *clp_query_new_from_tree  (char             *text,
                                        ClpQueryNode     *root);
gboolean      clp_query_is_token_char  (gunichar          c);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpQueryNode, clp_query_node_free)

G_END_DECLS
