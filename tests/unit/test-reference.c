/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-export.h"
#include "clp-import.h"
#include "clp-reference.h"
#include "clp-test-util.h"

/* Comment references: the same in every archive that holds the comment,
 * found by ref: in each. */

static void
test_parse (void)
{
  static const struct { const char *text; const char *normalized; ClpReferenceTime time; } good[] = {
    { "c1-3f9a2c71-20190313T211200-8b1e04c2", "c1-3f9a2c71-20190313T211200-8b1e04c2",
      CLP_REFERENCE_TIME_WALL_CLOCK },
    { "  C1-3F9A2C71-20190313t211200-8B1E04C2 ", "c1-3f9a2c71-20190313T211200-8b1e04c2",
      CLP_REFERENCE_TIME_WALL_CLOCK },
    { "c1-3f9a2c71-20190313T201200Z-8b1e04c2", "c1-3f9a2c71-20190313T201200Z-8b1e04c2",
      CLP_REFERENCE_TIME_INSTANT },
    { "c1-3f9a2c71-undated-8b1e04c2", "c1-3f9a2c71-undated-8b1e04c2", CLP_REFERENCE_TIME_NONE },
  };
  static const char * const bad[] = {
    "", "c1", "c2-3f9a2c71-20190313T211200-8b1e04c2", "c1-3f9a2c7-20190313T211200-8b1e04c2",
    "c1-3f9a2c71-20190313T211200-8b1e04cg", "c1-3f9a2c71-20191313T211200-8b1e04c2",
    "c1-3f9a2c71-20190313T241200-8b1e04c2", "c1-3f9a2c71-20190313-8b1e04c2",
    "c1-3f9a2c71-20190313T211200-8b1e04c2-x", "c1-3f9a2c71-20190313T211200Y-8b1e04c2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_auto(ClpReferenceParts) parts = { 0 };

      g_assert_true (clp_reference_parse (good[i].text, &parts));
      g_assert_cmpstr (parts.normalized, ==, good[i].normalized);
      g_assert_cmpint (parts.time, ==, good[i].time);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(ClpReferenceParts) parts = { 0 };

      g_assert_false (clp_reference_parse (bad[i], &parts));
    }

  {
    g_auto(ClpReferenceParts) parts = { 0 };

    g_assert_true (clp_reference_parse ("c1-00000000-20190313T201200Z-00000000", &parts));
    g_assert_cmpint (parts.instant, ==, 1552507920);
  }
}

/* What a reference is made of, and nothing else: the author in any case
 * is the same author; another text, time or article is another comment. */
static void
test_make (void)
{
  g_autofree char *page = clp_reference_article_key (NULL, "Title", "The Ledger", "2019-03-14");
  g_autofree char *url = clp_reference_article_key ("https://ledger.example/a", "Title",
                                                   "The Ledger", "2019-03-14");
  g_autofree char *retitled = clp_reference_article_key ("https://ledger.example/a", "Another",
                                                        NULL, NULL);
  g_autofree char *a = clp_reference_make (page, "Marit", "2019-03-13T21:12:00", FALSE, 0, "Hi.");
  g_autofree char *b = clp_reference_make (page, "MARIT", "2019-03-13T21:12:00", FALSE, 0, "Hi.");
  g_autofree char *c = clp_reference_make (page, "Marit", "2019-03-13T21:12:00", FALSE, 0, "Hi!");
  g_autofree char *d = clp_reference_make (page, "Marit", "2019-03-13T21:12:01", FALSE, 0, "Hi.");
  g_autofree char *e = clp_reference_make (page, "Marit", "2019-03-13T21:12:00", TRUE,
                                           1552511520, "Hi.");
  g_autofree char *f = clp_reference_make (page, "Marit", NULL, FALSE, 0, "Hi.");
  g_auto(ClpReferenceParts) parts = { 0 };

  g_assert_cmpstr (url, ==, retitled);
  g_assert_cmpstr (url, !=, page);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpstr (a, !=, d);
  g_assert_true (g_str_has_prefix (a, "c1-"));
  g_assert_nonnull (strstr (a, "-20190313T211200-"));
  g_assert_nonnull (strstr (e, "-20190313T211200Z-"));
  g_assert_nonnull (strstr (f, "-undated-"));
  g_assert_cmpuint (strlen (a), ==, strlen ("c1-3f9a2c71-20190313T211200-8b1e04c2"));
  g_assert_true (clp_reference_parse (e, &parts));
  g_assert_cmpint (parts.instant, ==, 1552511520);
}

static void
import_into (ClpStore   *store,
             const char *name)
{
  g_autofree char *path = g_path_is_absolute (name) ? g_strdup (name) : clp_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ClpImportReport) report = clp_import_file (store, file, name, NULL, NULL, NULL);

  g_assert_no_error (report->error);
}

/* Every comment of @store, by the reference of each. */
static GHashTable *
references_of (ClpStore *store)
{
  g_autoptr(GArray) ids = clp_store_list_article_ids (store, CLP_ARTICLE_ORDER_IMPORTED, FALSE,
                                                      NULL, NULL);
  GHashTable *references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify) clp_comment_unref);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(ClpArticle) article = clp_store_load_article (store, id, NULL);
      g_autoptr(GPtrArray) comments = clp_store_load_comments (store, id, NULL);
      g_autofree char *key = clp_reference_for_article (article);

      for (guint k = 0; k < comments->len; k++)
        {
          ClpComment *comment = g_ptr_array_index (comments, k);

          /* No two comments of an archive share one. */
          g_assert_true (g_hash_table_insert (references, clp_reference_for_comment (key, comment),
                                              clp_comment_ref (comment)));
        }
    }
  return references;
}

static gint64
find_by_reference (ClpStore   *store,
                   const char *reference)
{
  g_autofree char *text = g_strdup_printf ("ref:%s", reference);
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpQuery) query = clp_query_parse (text, &error);
  g_autoptr(GPtrArray) hits = NULL;

  g_assert_no_error (error);
  hits = clp_store_search (store, query, CLP_SEARCH_ORDER_NEWEST, 0, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  return ((ClpSearchHit *) g_ptr_array_index (hits, 0))->comment_id;
}

/* Two archives that imported the same pages in another order, so that
 * their row ids and which save came first differ: every comment has the
 * same reference in both, and ref: finds it in each. So do the comments
 * with an instant (Disqus), and those of a JSON export imported into a
 * third archive. */
static void
test_across_archives (void)
{
  static const char * const first[] = { "threads.txt", "ferry.txt", "ferry-resaved.txt",
                                        "disqus-harbour.xml", NULL };
  static const char * const second[] = { "disqus-harbour.xml", "ferry-resaved.txt", "ferry.txt",
                                         "threads.txt", NULL };
  g_autofree char *dir = clp_test_make_dir ();
  g_autofree char *a_path = g_build_filename (dir, "a.db", NULL);
  g_autofree char *b_path = g_build_filename (dir, "b.db", NULL);
  g_autofree char *c_path = g_build_filename (dir, "c.db", NULL);
  g_autofree char *json = g_build_filename (dir, "a.json", NULL);
  g_autoptr(ClpStore) a = clp_store_open (a_path, NULL);
  g_autoptr(ClpStore) b = clp_store_open (b_path, NULL);
  g_autoptr(ClpStore) c = clp_store_open (c_path, NULL);
  g_autoptr(GHashTable) a_refs = NULL;
  g_autoptr(GHashTable) b_refs = NULL;
  g_autoptr(GHashTable) c_refs = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n_instants = 0;

  for (guint i = 0; first[i] != NULL; i++)
    import_into (a, first[i]);
  for (guint i = 0; second[i] != NULL; i++)
    import_into (b, second[i]);
  a_refs = references_of (a);
  b_refs = references_of (b);
  g_assert_cmpuint (g_hash_table_size (a_refs), ==, g_hash_table_size (b_refs));
  g_assert_cmpuint (g_hash_table_size (a_refs), >, 15);

  g_hash_table_iter_init (&iter, a_refs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      ClpComment *in_a = value;
      ClpComment *in_b = g_hash_table_lookup (b_refs, key);

      g_assert_nonnull (in_b);
      g_assert_cmpstr (in_a->author, ==, in_b->author);
      g_assert_cmpstr (in_a->text, ==, in_b->text);
      if (in_a->has_utc)
        n_instants++;
      /* Hidden comments are not found by a search, as ever. */
      if (in_a->status != CLP_COMMENT_VISIBLE)
        continue;
      g_assert_cmpint (find_by_reference (a, key), ==, in_a->id);
      g_assert_cmpint (find_by_reference (b, key), ==, in_b->id);
    }
  g_assert_cmpuint (n_instants, >, 0);

  /* Through Clippings JSON: the same references. */
  {
    g_autoptr(ClpExporter) exporter = clp_exporter_new_for_name ("json", NULL);
    g_autoptr(GFile) target = g_file_new_for_path (json);
    g_autoptr(GArray) ids = clp_store_list_article_ids (a, CLP_ARTICLE_ORDER_IMPORTED, FALSE, NULL,
                                                        NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;

    g_assert_true (clp_export_to_file (exporter, a, (gint64 *) ids->data, ids->len, NULL, target,
                                       FALSE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    import_into (c, json);
    c_refs = references_of (c);
    g_hash_table_iter_init (&iter, a_refs);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_assert_true (g_hash_table_contains (c_refs, key));
    /* And the export wrote them. */
    g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
    g_hash_table_iter_init (&iter, a_refs);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_autofree char *member = g_strdup_printf ("\"ref\" : \"%s\"", (char *) key);

        g_assert_nonnull (strstr (text, member));
      }
  }

  /* A reference nobody holds finds nothing, and not an error. */
  {
    g_autoptr(ClpQuery) query = clp_query_parse ("ref:c1-00000000-20190313T211200-00000000", NULL);
    g_autoptr(GPtrArray) hits = clp_store_search (a, query, CLP_SEARCH_ORDER_NEWEST, 0, 10, NULL,
                                                  NULL);

    g_assert_cmpuint (hits->len, ==, 0);
  }

  g_clear_object (&a);
  g_clear_object (&b);
  g_clear_object (&c);
  clp_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/reference/parse", test_parse);
  g_test_add_func ("/core/reference/make", test_make);
  g_test_add_func ("/core/reference/across-archives", test_across_archives);

  return g_test_run ();
}
