/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-import.h"
#include "clp-test-util.h"

typedef struct
{
  char     *dir;
  ClpStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = clp_test_make_dir ();
  path = g_build_filename (fixture->dir, "archive.db", NULL);
  fixture->store = clp_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  clp_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static ClpImportReport *
import_path (ClpStore   *store,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_path_get_basename (path);
  ClpImportReport *report = clp_import_file (store, file, name, NULL, NULL, NULL);

  g_assert_no_error (report->error);
  return report;
}

static ClpImportReport *
import (ClpStore   *store,
        const char *name)
{
  g_autofree char *path = clp_test_data_path (name);

  return import_path (store, path);
}

/* Writes a variant of a fixture with @from replaced by @to. */
static char *
variant (Fixture    *fixture,
         const char *name,
         const char *new_name,
         const char *from,
         const char *to)
{
  g_autofree char *path = clp_test_data_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GString) changed = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  changed = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (changed, from, to, 1), ==, 1);
  return clp_test_write_file (fixture->dir, new_name, changed->str, changed->len);
}

static GPtrArray *
comments_of (ClpStore *store,
             gint64    article_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *comments = clp_store_load_comments (store, article_id, &error);

  g_assert_no_error (error);
  return comments;
}

static gint64
only_article (ClpStore *store)
{
  g_autoptr(GArray) ids = clp_store_list_article_ids (store, CLP_ARTICLE_ORDER_IMPORTED, FALSE,
                                                      NULL, NULL);

  g_assert_cmpuint (ids->len, ==, 1);
  return g_array_index (ids, gint64, 0);
}

/* The same file twice: the second time changes nothing at all. */
static void
test_same_file (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "ferry.txt");
  g_autoptr(ClpImportReport) second = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "archive.db", NULL);

  before = clp_test_dump_archive (path);
  second = import (fixture->store, "ferry.txt");
  after = clp_test_dump_archive (path);

  g_assert_cmpint (second->outcome, ==, CLP_IMPORT_OUTCOME_UNCHANGED);
  g_assert_cmpint (second->import_id, ==, first->import_id);
  /* It names the article it brought the first time, to show it again. */
  g_assert_cmpuint (second->article_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (second->article_ids, gint64, 0), ==,
                   g_array_index (first->article_ids, gint64, 0));
  g_assert_nonnull (second->previous_import_at);
  g_assert_cmpstr (before, ==, after);
}

/* The same page saved as CRLF with a BOM is different bytes, same article:
 * it merges with nothing new. */
static void
test_same_content (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "ferry.txt");
  g_autoptr(ClpImportReport) second = import (fixture->store, "ferry-crlf-bom.txt");
  g_autoptr(GPtrArray) comments = NULL;

  g_assert_cmpint (second->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (second->articles_new, ==, 0);
  g_assert_cmpint (second->articles_merged, ==, 1);
  g_assert_cmpint (second->comments_new, ==, 0);
  g_assert_cmpint (second->comments_duplicate, ==, 6);
  g_assert_cmpint (second->comments_missing, ==, 0);
  comments = comments_of (fixture->store, only_article (fixture->store));
  g_assert_cmpuint (comments->len, ==, 6);
}

/* A re-save with one more comment adds exactly that comment, as a reply
 * under the archived comment it answers. */
static void
test_resave_adds (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "ferry.txt");
  g_autoptr(ClpImportReport) second = import (fixture->store, "ferry-resaved.txt");
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ClpArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  ClpComment *added = NULL, *parent = NULL;

  g_assert_cmpint (second->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (second->articles_new, ==, 0);
  g_assert_cmpint (second->articles_merged, ==, 1);
  g_assert_cmpint (second->comments_new, ==, 1);
  g_assert_cmpint (second->comments_duplicate, ==, 6);
  g_assert_cmpint (second->comments_missing, ==, 0);

  article = clp_store_load_article (fixture->store, only_article (fixture->store), NULL);
  /* The newer save's count is the page's newer claim. */
  g_assert_cmpint (article->declared_comment_count, ==, 7);
  g_assert_cmpint (article->comment_count, ==, 7);

  comments = comments_of (fixture->store, article->id);
  g_assert_cmpuint (comments->len, ==, 7);
  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);

      if (g_strcmp0 (comment->posted_at, "2019-03-14T06:02:00") == 0)
        added = comment;
      if (g_strcmp0 (comment->posted_at, "2019-03-13T22:31:00") == 0)
        parent = comment;
    }
  g_assert_nonnull (added);
  g_assert_nonnull (parent);
  g_assert_cmpstr (added->author, ==, "J. Okafor");
  g_assert_cmpint (added->parent_id, ==, parent->id);
  g_assert_cmpint (added->depth, ==, 2);
  g_assert_cmpint (parent->reply_count, ==, 1);

  /* The full-text index holds the added comment once and the duplicates
   * not twice: its check against the comments table finds no difference. */
  g_assert_true (clp_store_check (fixture->store, problems, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* A re-save that lost a comment keeps the archived one and says so. */
static void
test_resave_missing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "ferry.txt");
  g_autoptr(ClpImportReport) second = import (fixture->store, "ferry-lost-comment.txt");
  g_autoptr(GPtrArray) comments = NULL;
  gboolean dev_kept = FALSE;

  g_assert_cmpint (second->comments_new, ==, 0);
  g_assert_cmpint (second->comments_duplicate, ==, 5);
  g_assert_cmpint (second->comments_missing, ==, 1);

  comments = comments_of (fixture->store, only_article (fixture->store));
  g_assert_cmpuint (comments->len, ==, 6);
  for (guint i = 0; i < comments->len; i++)
    if (g_str_equal (((ClpComment *) g_ptr_array_index (comments, i))->author, "Dev"))
      dev_kept = TRUE;
  g_assert_true (dev_kept);
}

/* Merging in the other order: the newer save first, then the older. */
static void
test_older_after_newer (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "ferry-resaved.txt");
  g_autoptr(ClpImportReport) second = import (fixture->store, "ferry.txt");

  g_assert_cmpint (second->comments_new, ==, 0);
  g_assert_cmpint (second->comments_duplicate, ==, 6);
  g_assert_cmpint (second->comments_missing, ==, 1);
}

/* The author's case does not make a comment new; a reader who posted the
 * same words twice keeps both posts, in the first import and in merges. */
static void
test_comment_identity (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "truncated.txt");
  g_autofree char *recased = variant (fixture, "truncated.txt", "recased.txt",
                                      "Reader Comments (23)\n\n  \u2022 Ines",
                                      "Reader Comments (23)\n\n  \u2022 INES");
  g_autoptr(ClpImportReport) second = import_path (fixture->store, recased);
  g_autofree char *extra = variant (fixture, "truncated.txt", "third-post.txt",
                                    "Reader Comments (23)\n",
                                    "Reader Comments (23)\n\n  \u2022 Ines\n"
                                    "    Jan 9, 2018 - 11:59PM\n\n    Again?\n\n");
  g_autoptr(ClpImportReport) third = import_path (fixture->store, extra);
  g_autoptr(GPtrArray) comments = NULL;

  g_assert_cmpint (first->comments_new, ==, 2);
  g_assert_cmpint (second->comments_new, ==, 0);
  g_assert_cmpint (second->comments_duplicate, ==, 2);
  /* Three identical posts now: two match the archive, one is new. */
  g_assert_cmpint (third->comments_new, ==, 1);
  g_assert_cmpint (third->comments_duplicate, ==, 2);

  comments = comments_of (fixture->store, only_article (fixture->store));
  g_assert_cmpuint (comments->len, ==, 3);
  /* The name stays as first written. */
  g_assert_cmpstr (((ClpComment *) g_ptr_array_index (comments, 0))->author, ==, "Ines");
}

/* Without a URL, an article is the same when source, title and publication
 * day are; another day is another article. */
static void
test_article_identity (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ClpImportReport) first = import (fixture->store, "ferry.txt");
  g_autofree char *other_day = variant (fixture, "ferry.txt", "other-day.txt",
                                        "Published: March 14, 2019", "Published: March 21, 2019");
  g_autofree char *other_source = variant (fixture, "ferry.txt", "other-source.txt",
                                           "Published in The Coastal Ledger",
                                           "Published in The Inland Ledger");
  g_autoptr(ClpImportReport) second = import_path (fixture->store, other_day);
  g_autoptr(ClpImportReport) third = import_path (fixture->store, other_source);

  g_assert_cmpint (second->articles_new, ==, 1);
  g_assert_cmpint (second->comments_new, ==, 6);
  g_assert_cmpint (third->articles_new, ==, 1);
}

/* A merge fills what the archived copy lacked, and changes nothing else. */
static void
test_fill_missing_fields (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *bare = variant (fixture, "ferry.txt", "bare.txt", "More in Business\n", "");
  g_autoptr(ClpImportReport) first = import_path (fixture->store, bare);
  g_autoptr(ClpImportReport) second = import (fixture->store, "ferry.txt");
  g_autoptr(ClpArticle) article = clp_store_load_article (fixture->store,
                                                          only_article (fixture->store), NULL);

  g_assert_cmpint (second->articles_merged, ==, 1);
  g_assert_cmpstr (article->section, ==, "Business");
  g_assert_cmpuint (article->body->len, ==, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/merge/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("same-file", test_same_file);
  ADD ("same-content", test_same_content);
  ADD ("resave-adds", test_resave_adds);
  ADD ("resave-missing", test_resave_missing);
  ADD ("older-after-newer", test_older_after_newer);
  ADD ("comment-identity", test_comment_identity);
  ADD ("article-identity", test_article_identity);
  ADD ("fill-missing-fields", test_fill_missing_fields);
#undef ADD

  return g_test_run ();
}
