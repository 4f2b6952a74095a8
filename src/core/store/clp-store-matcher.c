/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include <string.h>

#include "clp-store-matcher.h"

/* Asking FTS5 whether one row matches (MATCH ? AND rowid = ?) costs 15 to
 * 50 µs: it parses the expression and opens a cursor on every segment of
 * the index for every word, and for a prefix it merges the lists of all the
 * words the prefix starts, each time. A walk down the time index already
 * holds the row's text, and tokenizing a comment costs a few µs, so the
 * walk tests rows here: clp_match (matcher, first_column, second_column).
 *
 * The answer must be FTS5's: the text is split by the same tokenizer with
 * the same options as the tables (migration 2 in clp-store.c), and the
 * expression is read as FTS5 reads it — a phrase is consecutive tokens in
 * one column, a prefix applies to its last token. */

struct _ClpStoreTokenizer
{
  fts5_tokenizer  api;
  Fts5Tokenizer  *instance;
  /* A row's tokens, reused from row to row: the store's lock keeps one
   * statement at a time on a connection. */
  GString        *buffer[2];
  GArray         *spans[2];   /* (offset, length) pairs into buffer */
};

struct _ClpStoreMatcher
{
  int                  ref_count;
  ClpStoreMatcherKind  kind;
  GPtrArray           *children;  /* AND, OR, NOT */
  guint                columns;   /* TERM: bit 0 for the first column, bit 1 the second */
  GPtrArray           *tokens;    /* TERM: folded tokens, char * */
  gboolean             prefix;    /* TERM: the last token is a prefix */
  ClpStoreTokenizer   *tokenizer;
};

typedef struct
{
  guint offset;
  guint length;
} Span;

static fts5_api *
find_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return api;
}

/* Returns: (nullable): the tokenizer of the archive's full-text tables */
ClpStoreTokenizer *
clp_store_tokenizer_new (sqlite3 *db)
{
  static const char *args[] = { "remove_diacritics", "2" };
  fts5_api *api = find_fts5_api (db);
  ClpStoreTokenizer *self;
  void *user_data = NULL;

  if (api == NULL)
    return NULL;
  self = g_new0 (ClpStoreTokenizer, 1);
  if (api->xFindTokenizer (api, "unicode61", &user_data, &self->api) != SQLITE_OK ||
      self->api.xCreate (user_data, args, G_N_ELEMENTS (args), &self->instance) != SQLITE_OK)
    {
      g_free (self);
      return NULL;
    }
  for (guint i = 0; i < 2; i++)
    {
      self->buffer[i] = g_string_new (NULL);
      self->spans[i] = g_array_new (FALSE, FALSE, sizeof (Span));
    }
  return self;
}

void
clp_store_tokenizer_free (ClpStoreTokenizer *self)
{
  if (self == NULL)
    return;
  self->api.xDelete (self->instance);
  for (guint i = 0; i < 2; i++)
    {
      g_string_free (self->buffer[i], TRUE);
      g_array_unref (self->spans[i]);
    }
  g_free (self);
}

typedef struct
{
  GString *buffer;
  GArray  *spans;
} Collect;

static int
collect_cb (void       *data,
            int         flags,
            const char *token,
            int         length,
            int         start,
            int         end)
{
  Collect *collect = data;
  Span span = { collect->buffer->len, length };

  g_string_append_len (collect->buffer, token, length);
  g_array_append_val (collect->spans, span);
  return SQLITE_OK;
}

static void
tokenize (ClpStoreTokenizer *self,
          int                flags,
          const char        *text,
          int                length,
          GString           *buffer,
          GArray            *spans)
{
  Collect collect = { buffer, spans };

  g_string_truncate (buffer, 0);
  g_array_set_size (spans, 0);
  if (text != NULL && length > 0)
    self->api.xTokenize (self->instance, &collect, flags, text, length, collect_cb);
}

ClpStoreMatcher *
clp_store_matcher_new (ClpStoreMatcherKind kind)
{
  ClpStoreMatcher *self = g_new0 (ClpStoreMatcher, 1);

  self->ref_count = 1;
  self->kind = kind;
  if (kind != CLP_STORE_MATCHER_TERM)
    self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) clp_store_matcher_unref);
  return self;
}

/* A word, phrase or prefix as FTS5 would read it in double quotes. */
ClpStoreMatcher *
clp_store_matcher_new_term (ClpStoreTokenizer *tokenizer,
                            guint              columns,
                            const char        *text,
                            gboolean           prefix)
{
  ClpStoreMatcher *self = clp_store_matcher_new (CLP_STORE_MATCHER_TERM);
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));

  self->columns = columns;
  self->prefix = prefix;
  self->tokenizer = tokenizer;
  self->tokens = g_ptr_array_new_with_free_func (g_free);
  tokenize (tokenizer, FTS5_TOKENIZE_QUERY | (prefix ? FTS5_TOKENIZE_PREFIX : 0), text,
            strlen (text), buffer, spans);
  for (guint i = 0; i < spans->len; i++)
    {
      Span *span = &g_array_index (spans, Span, i);

      g_ptr_array_add (self->tokens, g_strndup (buffer->str + span->offset, span->length));
    }
  return self;
}

void
clp_store_matcher_add (ClpStoreMatcher *self,
                       ClpStoreMatcher *child)
{
  g_assert (self->kind != CLP_STORE_MATCHER_TERM);
  g_ptr_array_add (self->children, clp_store_matcher_ref (child));
}

/* How many words a term has, as the index splits it. */
guint
clp_store_matcher_count_tokens (ClpStoreMatcher *self)
{
  g_assert (self->kind == CLP_STORE_MATCHER_TERM);
  return self->tokens->len;
}

ClpStoreMatcher *
clp_store_matcher_ref (ClpStoreMatcher *self)
{
  self->ref_count++;
  return self;
}

void
clp_store_matcher_unref (ClpStoreMatcher *self)
{
  if (--self->ref_count > 0)
    return;
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->tokens, g_ptr_array_unref);
  g_free (self);
}

/* One row's two columns, tokenized when a term first needs them. */
typedef struct
{
  ClpStoreTokenizer *tokenizer;
  const char        *text[2];
  int                length[2];
  gboolean           done[2];
} Row;

static gboolean
term_in_column (ClpStoreMatcher *term,
                Row             *row,
                guint            column)
{
  GString *buffer = row->tokenizer->buffer[column];
  GArray *spans = row->tokenizer->spans[column];
  guint n = term->tokens->len;

  if (!row->done[column])
    {
      tokenize (row->tokenizer, FTS5_TOKENIZE_DOCUMENT, row->text[column], row->length[column],
                buffer, spans);
      row->done[column] = TRUE;
    }
  /* FTS5 matches nothing for a phrase without tokens. */
  if (n == 0)
    return FALSE;
  for (guint i = 0; i + n <= spans->len; i++)
    {
      guint j;

      for (j = 0; j < n; j++)
        {
          const Span *span = &g_array_index (spans, Span, i + j);
          const char *want = g_ptr_array_index (term->tokens, j);
          gsize want_length = strlen (want);
          gboolean last_prefix = term->prefix && j == n - 1;

          if (last_prefix ? span->length < want_length : span->length != want_length)
            break;
          if (memcmp (buffer->str + span->offset, want, want_length) != 0)
            break;
        }
      if (j == n)
        return TRUE;
    }
  return FALSE;
}

static gboolean
matches (ClpStoreMatcher *self,
         Row             *row)
{
  switch (self->kind)
    {
    case CLP_STORE_MATCHER_AND:
      for (guint i = 0; i < self->children->len; i++)
        if (!matches (g_ptr_array_index (self->children, i), row))
          return FALSE;
      return TRUE;
    case CLP_STORE_MATCHER_OR:
      for (guint i = 0; i < self->children->len; i++)
        if (matches (g_ptr_array_index (self->children, i), row))
          return TRUE;
      return FALSE;
    case CLP_STORE_MATCHER_NOT:
      return !matches (g_ptr_array_index (self->children, 0), row);
    case CLP_STORE_MATCHER_TERM:
      for (guint column = 0; column < 2; column++)
        if ((self->columns & (1u << column)) != 0 && term_in_column (self, row, column))
          return TRUE;
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

static ClpStoreTokenizer *
find_tokenizer (ClpStoreMatcher *self)
{
  if (self->kind == CLP_STORE_MATCHER_TERM)
    return self->tokenizer;
  for (guint i = 0; i < self->children->len; i++)
    {
      ClpStoreTokenizer *tokenizer = find_tokenizer (g_ptr_array_index (self->children, i));

      if (tokenizer != NULL)
        return tokenizer;
    }
  return NULL;
}

static void
match_cb (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  ClpStoreMatcher *self = sqlite3_value_pointer (argv[0], CLP_STORE_MATCHER_POINTER);
  Row row = { 0 };

  if (self == NULL)
    {
      sqlite3_result_error (context, "clp_match: no matcher", -1);
      return;
    }
  row.tokenizer = find_tokenizer (self);
  if (row.tokenizer == NULL)
    {
      sqlite3_result_int (context, 0);
      return;
    }
  for (guint i = 0; i < 2; i++)
    {
      row.text[i] = (const char *) sqlite3_value_text (argv[i + 1]);
      row.length[i] = sqlite3_value_bytes (argv[i + 1]);
    }
  sqlite3_result_int (context, matches (self, &row));
}

/* clp_match (matcher, first_column, second_column): whether the row's
 * columns, as the full-text table sees them, match. */
gboolean
clp_store_matcher_register (sqlite3 *db)
{
  return sqlite3_create_function_v2 (db, "clp_match", 3, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                     NULL, match_cb, NULL, NULL, NULL) == SQLITE_OK;
}
