/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The query language of the search entry and of `clippings-cli search`,
 * parsed once into a tree that the store turns into SQL. The README's
 * "Searching" section is the user's description of it. */

#define CLP_QUERY_ERROR (clp_query_error_quark ())

typedef enum
{
  CLP_QUERY_ERROR_INVALID_TEXT,        /* not UTF-8 */
  CLP_QUERY_ERROR_TOO_LONG,            /* too many characters or parentheses deep */
  CLP_QUERY_ERROR_UNKNOWN_FIELD,       /* "autor:" */
  CLP_QUERY_ERROR_MISSING_VALUE,       /* "author:" with nothing after it */
  CLP_QUERY_ERROR_BAD_VALUE,           /* "in:", "is:", "has:", "replies:", "depth:" */
  CLP_QUERY_ERROR_BAD_DATE,            /* "after:2019-13" */
  CLP_QUERY_ERROR_UNCLOSED_QUOTE,
  CLP_QUERY_ERROR_UNCLOSED_PARENTHESIS,
  CLP_QUERY_ERROR_UNOPENED_PARENTHESIS,
  CLP_QUERY_ERROR_EMPTY_PARENTHESES,
  CLP_QUERY_ERROR_LONELY_OR,           /* "OR" with nothing on one side */
  CLP_QUERY_ERROR_LONELY_MINUS,        /* "-" with nothing after it */
  CLP_QUERY_ERROR_ONLY_EXCLUSIONS,     /* "-ferry" alone */
} ClpQueryError;

/* The kinds of text a query looks for, for highlighting. */
typedef enum
{
  CLP_QUERY_TERM_WORD,
  CLP_QUERY_TERM_PHRASE,
  CLP_QUERY_TERM_PREFIX,    /* "ferr*": the text, without the star, starts a word */
} ClpQueryTermKind;

/* Where a term applies: comment text and article title and body, the
 * article title only (title:), or comment author names (author:). */
typedef enum
{
  CLP_QUERY_FIELD_TEXT,
  CLP_QUERY_FIELD_TITLE,
  CLP_QUERY_FIELD_AUTHOR,
} ClpQueryField;

typedef struct
{
  ClpQueryTermKind  kind;
  ClpQueryField     field;
  char             *text;   /* as the user wrote it, quotes and star removed */
} ClpQueryTerm;

/* Where a snippet's match starts and ends (clp_query_make_snippet()).
 * Snippets never hold these control characters otherwise, so a caller can
 * escape a snippet for its output first and then turn them into <mark> and
 * </mark>, or brackets. */
#define CLP_QUERY_MARK_START "\x02"
#define CLP_QUERY_MARK_END   "\x03"

/* A stretch of text where a term matched: bytes [start, end). */
typedef struct
{
  gsize start;
  gsize end;
} ClpQueryMatch;

/* One form of the query language: a field ("author") or none for plain
 * syntax, an example as the user writes it, and what it finds. */
typedef struct
{
  const char *field;
  const char *example;
  const char *help;      /* untranslated; pass it to gettext */
} ClpQuerySyntax;

#define CLP_TYPE_QUERY (clp_query_get_type ())

typedef struct _ClpQuery ClpQuery;

GType         clp_query_get_type        (void) G_GNUC_CONST;
GQuark        clp_query_error_quark     (void);
ClpQuery     *clp_query_parse           (const char    *text,
                                         GError       **error);
ClpQuery     *clp_query_new_author      (const char    *name);
ClpQuery     *clp_query_new_period      (const char    *from,
                                         const char    *to);
ClpQuery     *clp_query_new_in_comments (ClpQuery      *query);
ClpQuery     *clp_query_new_all         (ClpQuery * const *parts,
                                         guint          n_parts);
const ClpQuerySyntax *clp_query_get_syntax (guint      *n_rows);
ClpQuery     *clp_query_ref             (ClpQuery      *self);
void          clp_query_unref           (ClpQuery      *self);
const char   *clp_query_get_text        (ClpQuery      *self);
gboolean      clp_query_is_empty        (ClpQuery      *self);
GPtrArray    *clp_query_get_terms       (ClpQuery      *self);
char         *clp_query_to_string       (ClpQuery      *self);
GArray       *clp_query_find_matches    (ClpQuery      *self,
                                         const char    *text,
                                         ClpQueryField  field);
char         *clp_query_make_snippet    (ClpQuery      *self,
                                         const char    *text,
                                         ClpQueryField  field,
                                         guint          max_chars);
char         *clp_query_quote           (const char    *text);
gboolean      clp_query_error_get_span  (const GError  *error,
                                         int           *offset,
                                         int           *length);
void          clp_query_term_free       (ClpQueryTerm  *term);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpQuery, clp_query_unref)

G_END_DECLS
