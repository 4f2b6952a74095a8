/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include "clp-store-statement.h"
#include "clp-store-private.h"

/* One run of a prepared statement, so that the store's functions say what
 * they bind and read instead of repeating SQLite's return codes: a failed
 * step becomes a GError through clp_store_set_error(), a failed bind is
 * kept and reported by the next step, and clear resets the statement (or
 * finalizes one prepared for this run alone) before it lets go of the
 * store's lock. */

static gboolean
init (ClpStoreStatement  *self,
      ClpStore           *store,
      sqlite3_stmt       *stmt,
      const char         *what,
      gboolean            uncached)
{
  self->store = store;
  self->stmt = stmt;
  self->what = what;
  self->uncached = uncached;
  self->bind_error = NULL;
  if (stmt == NULL)
    clp_store_unlock (store);
  return stmt != NULL;
}

/* A statement from the store's cache, for SQL whose text is fixed; @what
 * names the work in the message of a failed step. */
gboolean
clp_store_statement_init (ClpStoreStatement  *self,
                          ClpStore           *store,
                          const char         *sql,
                          const char         *what,
                          GError            **error)
{
  g_assert (self->stmt == NULL);

  clp_store_lock (store);
  return init (self, store, clp_store_statement (store, sql, error), what, FALSE);
}

/* A statement for this run alone: SQL built for one query's shape, which
 * would fill the cache with texts that never come again. */
gboolean
clp_store_statement_init_uncached (ClpStoreStatement  *self,
                                   ClpStore           *store,
                                   const char         *sql,
                                   const char         *what,
                                   GError            **error)
{
  sqlite3_stmt *stmt = NULL;

  g_assert (self->stmt == NULL);

  clp_store_lock (store);
  if (sqlite3_prepare_v3 (clp_store_get_handle (store), sql, -1, 0, &stmt, NULL) != SQLITE_OK)
    {
      clp_store_set_error (store, error, what);
      sqlite3_finalize (stmt);
      stmt = NULL;
    }
  return init (self, store, stmt, what, TRUE);
}

void
clp_store_statement_clear (ClpStoreStatement *self)
{
  if (self->stmt != NULL)
    {
      if (self->uncached)
        sqlite3_finalize (self->stmt);
      else
        sqlite3_reset (self->stmt);
      self->stmt = NULL;
      clp_store_unlock (self->store);
    }
  g_clear_error (&self->bind_error);
  self->store = NULL;
}

/* Ready to step again from the start; the values bound stay. */
void
clp_store_statement_reset (ClpStoreStatement *self)
{
  g_assert (self->stmt != NULL);

  sqlite3_reset (self->stmt);
}

static void
check_bind (ClpStoreStatement *self,
            int                rc)
{
  if (rc != SQLITE_OK && self->bind_error == NULL)
    g_set_error (&self->bind_error, CLP_STORE_ERROR, CLP_STORE_ERROR_FAILED, "%s: %s",
                 self->what, sqlite3_errstr (rc));
}

void
clp_store_statement_bind_int64 (ClpStoreStatement *self,
                                int                index,
                                gint64             value)
{
  check_bind (self, sqlite3_bind_int64 (self->stmt, index, value));
}

void
clp_store_statement_bind_double (ClpStoreStatement *self,
                                 int                index,
                                 double             value)
{
  check_bind (self, sqlite3_bind_double (self->stmt, index, value));
}

/* @text is copied: it may go before the statement runs. */
void
clp_store_statement_bind_text (ClpStoreStatement *self,
                               int                index,
                               const char        *text)
{
  g_assert (text != NULL);

  check_bind (self, sqlite3_bind_text (self->stmt, index, text, -1, SQLITE_TRANSIENT));
}

void
clp_store_statement_bind_null (ClpStoreStatement *self,
                               int                index)
{
  check_bind (self, sqlite3_bind_null (self->stmt, index));
}

/* SQL's NULL for a %NULL @text. */
void
clp_store_statement_bind_text_or_null (ClpStoreStatement *self,
                                       int                index,
                                       const char        *text)
{
  if (text == NULL)
    clp_store_statement_bind_null (self, index);
  else
    clp_store_statement_bind_text (self, index, text);
}

/* For clp_match()'s first argument. The statement takes no reference:
 * @matcher must outlive the run. */
void
clp_store_statement_bind_matcher (ClpStoreStatement *self,
                                  int                index,
                                  ClpStoreMatcher   *matcher)
{
  check_bind (self, sqlite3_bind_pointer (self->stmt, index, matcher, CLP_STORE_MATCHER_POINTER,
                                          NULL));
}

/**
 * clp_store_statement_step:
 * @row: (out) (optional): whether a row is at hand
 *
 * Returns: %FALSE with @error set when SQLite failed, or a bind before
 */
gboolean
clp_store_statement_step (ClpStoreStatement  *self,
                          gboolean           *row,
                          GError            **error)
{
  int rc;

  g_assert (self->stmt != NULL);

  if (row != NULL)
    *row = FALSE;
  if (self->bind_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->bind_error));
      return FALSE;
    }
  rc = sqlite3_step (self->stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return clp_store_set_error (self->store, error, self->what);
  if (row != NULL)
    *row = rc == SQLITE_ROW;
  return TRUE;
}

/* Steps once for the first column of the one row, 0 without a row, and
 * resets: for counts and the like. */
gboolean
clp_store_statement_fetch_int64 (ClpStoreStatement  *self,
                                 gint64             *value,
                                 GError            **error)
{
  gboolean row;

  if (!clp_store_statement_step (self, &row, error))
    return FALSE;
  *value = row ? sqlite3_column_int64 (self->stmt, 0) : 0;
  sqlite3_reset (self->stmt);
  return TRUE;
}

/* As clp_store_statement_fetch_int64(): the text, or %NULL. */
gboolean
clp_store_statement_fetch_text (ClpStoreStatement  *self,
                                char              **text,
                                GError            **error)
{
  gboolean row;

  if (!clp_store_statement_step (self, &row, error))
    return FALSE;
  *text = row ? clp_store_statement_dup_text (self, 0) : NULL;
  sqlite3_reset (self->stmt);
  return TRUE;
}

/**
 * clp_store_statement_collect_int64:
 *
 * Steps to the end and resets.
 *
 * Returns: (transfer full) (element-type gint64): the first column of each
 *   row, or %NULL with @error set
 */
GArray *
clp_store_statement_collect_int64 (ClpStoreStatement  *self,
                                   GError            **error)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean row, ok;

  while ((ok = clp_store_statement_step (self, &row, error)) && row)
    {
      gint64 value = sqlite3_column_int64 (self->stmt, 0);

      g_array_append_val (values, value);
    }
  sqlite3_reset (self->stmt);
  return ok ? g_steal_pointer (&values) : NULL;
}

/**
 * clp_store_statement_collect_text:
 *
 * Steps to the end and resets.
 *
 * Returns: (transfer full) (element-type utf8): the first column of each
 *   row, or %NULL with @error set
 */
GPtrArray *
clp_store_statement_collect_text (ClpStoreStatement  *self,
                                  GError            **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  gboolean row, ok;

  while ((ok = clp_store_statement_step (self, &row, error)) && row)
    g_ptr_array_add (texts, clp_store_statement_dup_text (self, 0));
  sqlite3_reset (self->stmt);
  return ok ? g_steal_pointer (&texts) : NULL;
}

gint64
clp_store_statement_get_int64 (ClpStoreStatement *self,
                               int                column)
{
  return sqlite3_column_int64 (self->stmt, column);
}

int
clp_store_statement_get_int (ClpStoreStatement *self,
                             int                column)
{
  return sqlite3_column_int (self->stmt, column);
}

double
clp_store_statement_get_double (ClpStoreStatement *self,
                                int                column)
{
  return sqlite3_column_double (self->stmt, column);
}

gboolean
clp_store_statement_get_null (ClpStoreStatement *self,
                              int                column)
{
  return sqlite3_column_type (self->stmt, column) == SQLITE_NULL;
}

/* The text, valid until the next step, reset or clear; %NULL for NULL. */
const char *
clp_store_statement_get_text (ClpStoreStatement *self,
                              int                column)
{
  return (const char *) sqlite3_column_text (self->stmt, column);
}

char *
clp_store_statement_dup_text (ClpStoreStatement *self,
                              int                column)
{
  return g_strdup (clp_store_statement_get_text (self, column));
}
