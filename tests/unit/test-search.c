/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "clp-import.h"
#include "clp-store-private.h"
#include "clp-test-util.h"

/* Searching through the real store, on three saved pages:
 *
 * ferry.txt   article 1, 2019-03-14, The Coastal Ledger, Business; comments
 *             Marit 03-13 21:12, J. Okafor 22:05 ("cannery") and Marit's
 *             reply 22:31, harbourwatch 03-14 07:48, Dev 12:00, ناصر 03-15.
 * threads.txt article 2, 2021-04-02, Harbour Times, Local News; Ada 08:15
 *             ("the crossing at the ferry"), Ben 09:01 replying, Ada 09:30
 *             replying to Ben, Chen 10:00 replying to Ada, one without a
 *             time, ANTANU and antanu on 04-03.
 * fares.txt   article 3, 2019-03-15, The Coastal Ledger, Business; Élise
 *             08:00 ("night ferry"), ÉLISE 09:00 and Marit's reply 09:30,
 *             J. Okafor 03-16 06:00 ("Ferries … night").
 *
 * Every search runs three ways — as the store chooses, walking with the set
 * of matches, and walking with each row's text — and must give the same
 * hits each way. */

typedef struct
{
  char     *dir;
  char     *path;
  ClpStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const names[] = { "ferry.txt", "threads.txt", "fares.txt" };
  g_autoptr(GError) error = NULL;

  fixture->dir = clp_test_make_dir ();
  fixture->path = g_build_filename (fixture->dir, "archive.db", NULL);
  fixture->store = clp_store_open (fixture->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = clp_test_data_path (names[i]);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(ClpImportReport) report = clp_import_file (fixture->store, file, names[i], NULL,
                                                           NULL, NULL);

      g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  clp_store_force_plan (CLP_STORE_PLAN_AUTO);
  g_clear_object (&fixture->store);
  clp_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static ClpQuery *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  ClpQuery *query = clp_query_parse (text, &error);

  g_assert_no_error (error);
  return query;
}

/* The hits as a reader would list them: "Marit 2019-03-13T21:12" for a
 * comment, "article 1" for an article. */
static char *
describe_hits (GPtrArray *hits)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < hits->len; i++)
    {
      ClpSearchHit *hit = g_ptr_array_index (hits, i);

      if (i > 0)
        g_string_append (out, "; ");
      if (hit->comment_id == 0)
        g_string_append_printf (out, "article %" G_GINT64_FORMAT, hit->article_id);
      else
        g_string_append_printf (out, "%s %.16s", hit->author,
                                hit->posted_at != NULL ? hit->posted_at : "-");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
search_once (Fixture        *fixture,
             const char     *text,
             ClpSearchOrder  order,
             guint           offset,
             guint           limit)
{
  g_autoptr(ClpQuery) query = parse (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = clp_store_search (fixture->store, query, order, offset, limit,
                                                NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return describe_hits (hits);
}

/* The hits of @text, the same whichever way the store finds them. */
static char *
search (Fixture        *fixture,
        const char     *text,
        ClpSearchOrder  order)
{
  g_autofree char *set = NULL;
  g_autofree char *rows = NULL;
  char *chosen;

  clp_store_force_plan (CLP_STORE_PLAN_SET);
  set = search_once (fixture, text, order, 0, 100);
  clp_store_force_plan (CLP_STORE_PLAN_ROWS);
  rows = search_once (fixture, text, order, 0, 100);
  clp_store_force_plan (CLP_STORE_PLAN_AUTO);
  chosen = search_once (fixture, text, order, 0, 100);
  g_assert_cmpstr (set, ==, chosen);
  g_assert_cmpstr (rows, ==, chosen);
  return chosen;
}

#define assert_search(fixture, text, expected) \
  G_STMT_START { \
    g_autofree char *got_ = search (fixture, text, CLP_SEARCH_ORDER_NEWEST); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
test_author (Fixture       *fixture,
             gconstpointer  unused)
{
  assert_search (fixture, "author:marit",
                 "Marit 2019-03-15T09:30; Marit 2019-03-13T22:31; Marit 2019-03-13T21:12");
  assert_search (fixture, "author:MARIT",
                 "Marit 2019-03-15T09:30; Marit 2019-03-13T22:31; Marit 2019-03-13T21:12");
  assert_search (fixture, "author:\"j. okafor\"",
                 "J. Okafor 2019-03-16T06:00; J. Okafor 2019-03-13T22:05");
  assert_search (fixture, "author:antanu", "antanu 2021-04-03T12:05; ANTANU 2021-04-03T00:15");
  /* A name is whole; a '*' asks for its start. */
  assert_search (fixture, "author:ant", "");
  assert_search (fixture, "author:ant*", "antanu 2021-04-03T12:05; ANTANU 2021-04-03T00:15");
  /* Beyond ASCII, case is folded as merging folds it. */
  assert_search (fixture, "author:élise", "ÉLISE 2019-03-15T09:00; Élise 2019-03-15T08:00");
  assert_search (fixture, "author:ÉLISE", "ÉLISE 2019-03-15T09:00; Élise 2019-03-15T08:00");
  assert_search (fixture, "author:éli*", "ÉLISE 2019-03-15T09:00; Élise 2019-03-15T08:00");
  assert_search (fixture, "author:ناصر", "ناصر 2019-03-15T01:17");
  assert_search (fixture, "author:marit -author:marit", "");
  assert_search (fixture, "author:marit OR author:dev",
                 "Marit 2019-03-15T09:30; Dev 2019-03-14T12:00; Marit 2019-03-13T22:31; "
                 "Marit 2019-03-13T21:12");
}

/* The day is exactly the day: an article published on it counts from its
 * start. */
static void
test_dates (Fixture       *fixture,
            gconstpointer  unused)
{
  assert_search (fixture, "after:2019-03-14 before:2019-03-15",
                 "Dev 2019-03-14T12:00; harbourwatch 2019-03-14T07:48; article 1");
  assert_search (fixture, "in:comments on:2019-03-14",
                 "Dev 2019-03-14T12:00; harbourwatch 2019-03-14T07:48");
  assert_search (fixture, "in:comments after:2019-03-13T22:00 before:2019-03-13T23:00",
                 "Marit 2019-03-13T22:31; J. Okafor 2019-03-13T22:05");
  assert_search (fixture, "in:articles before:2019-03-15", "article 1");
  assert_search (fixture, "in:articles after:2019-03-14T12:00", "article 2; article 3");
  assert_search (fixture, "in:articles after:2021", "article 2");
  assert_search (fixture, "after:2021-04-03",
                 "antanu 2021-04-03T12:05; ANTANU 2021-04-03T00:15");
}

static void
test_scope (Fixture       *fixture,
            gconstpointer  unused)
{
  assert_search (fixture, "in:articles ferry", "article 3; article 1");
  assert_search (fixture, "in:comments ferry",
                 "Ada 2021-04-02T08:15; Élise 2019-03-15T08:00");
  assert_search (fixture, "ferry",
                 "Ada 2021-04-02T08:15; Élise 2019-03-15T08:00; article 3; article 1");
  assert_search (fixture, "in:articles in:comments", "");
}

static void
test_text (Fixture       *fixture,
           gconstpointer  unused)
{
  assert_search (fixture, "\"night ferry\"", "Élise 2019-03-15T08:00; article 1");
  assert_search (fixture, "\"ferry night\"", "");
  assert_search (fixture, "ferr*",
                 "Ada 2021-04-02T08:15; J. Okafor 2019-03-16T06:00; Élise 2019-03-15T08:00; "
                 "article 3; article 1");
  /* One letter: every word starting with f, as "for" and "Fuel". */
  assert_search (fixture, "f*", "Ada 2021-04-02T08:15; article 2; J. Okafor 2019-03-16T06:00; "
                 "Marit 2019-03-15T09:30; Élise 2019-03-15T08:00; article 3; "
                 "Dev 2019-03-14T12:00; harbourwatch 2019-03-14T07:48; article 1; "
                 "Marit 2019-03-13T22:31; Marit 2019-03-13T21:12; nobody-in-particular -");
}

static void
test_prefix (Fixture       *fixture,
             gconstpointer  unused)
{
  /* Two and three letters come from the prefix indexes, more from the
   * words; the answers agree. */
  assert_search (fixture, "in:comments fe*",
                 "Ada 2021-04-02T08:15; J. Okafor 2019-03-16T06:00; Élise 2019-03-15T08:00");
  assert_search (fixture, "in:comments fu*", "harbourwatch 2019-03-14T07:48");
  assert_search (fixture, "in:comments fer*",
                 "Ada 2021-04-02T08:15; J. Okafor 2019-03-16T06:00; Élise 2019-03-15T08:00");
  assert_search (fixture, "in:comments ferri*", "J. Okafor 2019-03-16T06:00");
  assert_search (fixture, "in:comments caf*", "ÉLISE 2019-03-15T09:00");
  assert_search (fixture, "in:comments \"shift work\"*",
                 "Marit 2019-03-15T09:30; Marit 2019-03-13T22:31");
}

static void
test_or_and_exclusion (Fixture       *fixture,
                       gconstpointer  unused)
{
  assert_search (fixture, "cannery OR crossing",
                 "Ben 2021-04-02T09:01; Ada 2021-04-02T08:15; article 1; "
                 "J. Okafor 2019-03-13T22:05");
  assert_search (fixture, "night -ferry", "J. Okafor 2019-03-16T06:00; Marit 2019-03-15T09:30");
  assert_search (fixture, "in:comments -night",
                 "antanu 2021-04-03T12:05; ANTANU 2021-04-03T00:15; Chen 2021-04-02T10:00; "
                 "Ada 2021-04-02T09:30; Ben 2021-04-02T09:01; Ada 2021-04-02T08:15; "
                 "ÉLISE 2019-03-15T09:00; ناصر 2019-03-15T01:17; Dev 2019-03-14T12:00; "
                 "harbourwatch 2019-03-14T07:48; Marit 2019-03-13T22:31; "
                 "J. Okafor 2019-03-13T22:05; Marit 2019-03-13T21:12; nobody-in-particular -");
  assert_search (fixture, "paint -(protection OR limit)", "article 2");
  assert_search (fixture, "(cannery OR author:ben) -agreed", "J. Okafor 2019-03-13T22:05");
  assert_search (fixture, "crossing OR author:chen",
                 "Chen 2021-04-02T10:00; Ben 2021-04-02T09:01; Ada 2021-04-02T08:15; article 1");
}

static void
test_structure (Fixture       *fixture,
                gconstpointer  unused)
{
  assert_search (fixture, "is:reply",
                 "Chen 2021-04-02T10:00; Ada 2021-04-02T09:30; Ben 2021-04-02T09:01; "
                 "Marit 2019-03-15T09:30; Marit 2019-03-13T22:31");
  assert_search (fixture, "has:replies",
                 "Ben 2021-04-02T09:01; Ada 2021-04-02T08:15; ÉLISE 2019-03-15T09:00; "
                 "J. Okafor 2019-03-13T22:05");
  assert_search (fixture, "replies:>1", "Ada 2021-04-02T08:15");
  assert_search (fixture, "replies:>=2", "Ada 2021-04-02T08:15");
  assert_search (fixture, "depth:>1", "Ada 2021-04-02T09:30");
  assert_search (fixture, "depth:2", "Ada 2021-04-02T09:30");
  assert_search (fixture, "is:top author:ada", "Ada 2021-04-02T08:15");
  assert_search (fixture, "is:reply -author:marit",
                 "Chen 2021-04-02T10:00; Ada 2021-04-02T09:30; Ben 2021-04-02T09:01");
  assert_search (fixture, "shift is:top", "J. Okafor 2019-03-13T22:05");
}

static void
test_article_fields (Fixture       *fixture,
                     gconstpointer  unused)
{
  assert_search (fixture, "source:\"harbour times\" in:articles", "article 2");
  assert_search (fixture, "source:ledger in:articles", "article 3; article 1");
  assert_search (fixture, "section:\"local\" is:reply",
                 "Chen 2021-04-02T10:00; Ada 2021-04-02T09:30; Ben 2021-04-02T09:01");
  assert_search (fixture, "title:fares in:comments",
                 "J. Okafor 2019-03-16T06:00; Marit 2019-03-15T09:30; ÉLISE 2019-03-15T09:00; "
                 "Élise 2019-03-15T08:00");
  assert_search (fixture, "title:fares", "J. Okafor 2019-03-16T06:00; Marit 2019-03-15T09:30; "
                 "ÉLISE 2019-03-15T09:00; Élise 2019-03-15T08:00; article 3");
  /* title: is the title only; the body of article 1 says "board" too. */
  assert_search (fixture, "title:crossings in:articles", "article 3");
  assert_search (fixture, "title:bike author:chen", "Chen 2021-04-02T10:00");
  assert_search (fixture, "source:\"%\" OR section:\"_\"", "");
}

static void
test_order (Fixture       *fixture,
            gconstpointer  unused)
{
  g_autofree char *newest = search (fixture, "night", CLP_SEARCH_ORDER_NEWEST);
  g_autofree char *oldest = search (fixture, "night", CLP_SEARCH_ORDER_OLDEST);
  g_autofree char *relevance = search (fixture, "night", CLP_SEARCH_ORDER_RELEVANCE);
  g_autofree char *untimed = search (fixture, "photo OR council", CLP_SEARCH_ORDER_OLDEST);
  g_auto(GStrv) by_newest = g_strsplit (newest, "; ", -1);
  g_auto(GStrv) by_relevance = g_strsplit (relevance, "; ", -1);

  g_assert_cmpstr (newest, ==, "J. Okafor 2019-03-16T06:00; Marit 2019-03-15T09:30; "
                               "Élise 2019-03-15T08:00; article 3; article 1");
  g_assert_cmpstr (oldest, ==, "article 1; article 3; Élise 2019-03-15T08:00; "
                               "Marit 2019-03-15T09:30; J. Okafor 2019-03-16T06:00");
  /* The same hits, best first. */
  g_assert_cmpuint (g_strv_length (by_relevance), ==, g_strv_length (by_newest));
  for (guint i = 0; by_newest[i] != NULL; i++)
    g_assert_true (g_strv_contains ((const char * const *) by_relevance, by_newest[i]));
  /* Without a time, a comment sorts as the oldest. */
  g_assert_cmpstr (untimed, ==, "nobody-in-particular -; article 2");
}

/* Words with other conditions, best first: the hits the conditions let
 * through, all of them, and a later page goes on where the first stopped. */
static void
test_relevance_with_conditions (Fixture       *fixture,
                                gconstpointer  unused)
{
  g_autofree char *newest = search (fixture, "night after:2019-03-15", CLP_SEARCH_ORDER_NEWEST);
  g_autofree char *relevance = search (fixture, "night after:2019-03-15",
                                       CLP_SEARCH_ORDER_RELEVANCE);
  g_autofree char *first = search_once (fixture, "night after:2019-03-15",
                                        CLP_SEARCH_ORDER_RELEVANCE, 0, 1);
  g_autofree char *rest = search_once (fixture, "night after:2019-03-15",
                                       CLP_SEARCH_ORDER_RELEVANCE, 1, 100);
  g_autofree char *pages = g_strdup_printf ("%s; %s", first, rest);
  g_auto(GStrv) by_newest = g_strsplit (newest, "; ", -1);
  g_auto(GStrv) by_relevance = g_strsplit (relevance, "; ", -1);

  g_assert_cmpstr (newest, ==, "J. Okafor 2019-03-16T06:00; Marit 2019-03-15T09:30; "
                               "Élise 2019-03-15T08:00; article 3");
  g_assert_cmpuint (g_strv_length (by_relevance), ==, g_strv_length (by_newest));
  for (guint i = 0; by_newest[i] != NULL; i++)
    g_assert_true (g_strv_contains ((const char * const *) by_relevance, by_newest[i]));
  g_assert_cmpstr (pages, ==, relevance);
  g_clear_pointer (&relevance, g_free);
  relevance = search (fixture, "night author:marit", CLP_SEARCH_ORDER_RELEVANCE);
  g_assert_cmpstr (relevance, ==, "Marit 2019-03-15T09:30");
}


/* Relevance when FTS5's best matches are hidden comments: a page that
 * comes back short asks again only when FTS5 had more to hand over, and
 * then finds the visible ones further down. */
static void
test_relevance_hidden_best (Fixture       *fixture,
                            gconstpointer  unused)
{
  g_autoptr(GString) json = g_string_new ("{\"format\": \"clippings\", \"version\": 1,"
                                          " \"articles\": [{\"id\": 1, \"title\": \"Zoo\","
                                          " \"published\": \"2020-01-01\","
                                          " \"body\": [\"Animals.\"], \"comments\": [");
  g_autoptr(ClpImportReport) report = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *two = NULL;
  g_autofree char *five = NULL;
  g_autofree char *first = NULL;

  /* Seventeen hidden comments rank first... */
  for (int i = 0; i < 17; i++)
    g_string_append_printf (json, "{\"id\": %d, \"author\": \"Hidden %d\","
                                  " \"posted_at\": \"2020-01-01T10:%02d:00\","
                                  " \"text\": \"zebra zebra zebra\", \"status\": \"spam\"}, ",
                            i + 1, i, i);
  /* ...then the two a reader sees. */
  g_string_append (json, "{\"id\": 18, \"author\": \"Anna\", \"posted_at\": \"2020-01-02T10:00:00\","
                         " \"text\": \"zebra zebra crossing by the harbour\"},"
                         " {\"id\": 19, \"author\": \"Bo\", \"posted_at\": \"2020-01-03T10:00:00\","
                         " \"text\": \"a zebra crossing by the harbour, they say, at last\"}]}]}");
  path = clp_test_write_file (fixture->dir, "zoo.json", json->str, json->len);
  file = g_file_new_for_path (path);
  report = clp_import_file (fixture->store, file, "zoo.json", NULL, NULL, NULL);
  g_assert_no_error (report->error);

  /* FTS5's best 18 hold one visible comment: FTS5 had more, so it is
   * asked again. */
  two = search_once (fixture, "zebra", CLP_SEARCH_ORDER_RELEVANCE, 0, 2);
  g_assert_cmpstr (two, ==, "Anna 2020-01-02T10:00; Bo 2020-01-03T10:00");
  /* FTS5's best 22 are all 19 matches: the short page is all there is. */
  five = search_once (fixture, "zebra", CLP_SEARCH_ORDER_RELEVANCE, 0, 5);
  g_assert_cmpstr (five, ==, two);
  /* FTS5's best 17 are all hidden: no hit tells, FTS5 is counted. */
  first = search_once (fixture, "zebra", CLP_SEARCH_ORDER_RELEVANCE, 0, 1);
  g_assert_cmpstr (first, ==, "Anna 2020-01-02T10:00");
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  unused)
{
  g_autofree char *all = search_once (fixture, "", CLP_SEARCH_ORDER_NEWEST, 0, 100);
  g_autofree char *first = search_once (fixture, "", CLP_SEARCH_ORDER_NEWEST, 0, 7);
  g_autofree char *second = search_once (fixture, "", CLP_SEARCH_ORDER_NEWEST, 7, 7);
  g_autofree char *rest = search_once (fixture, "", CLP_SEARCH_ORDER_NEWEST, 14, 100);
  g_autofree char *joined = g_strjoin ("; ", first, second, rest, NULL);
  g_auto(GStrv) hits = g_strsplit (all, "; ", -1);

  /* 17 comments and 3 articles. */
  g_assert_cmpuint (g_strv_length (hits), ==, 20);
  g_assert_cmpstr (joined, ==, all);
}

/* Deleted and spam comments are not found. */
static void
test_hidden (Fixture       *fixture,
             gconstpointer  unused)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE comments SET status = 2 WHERE author = 'Marit'"
                                     " AND posted_at LIKE '2019-03-13T21%'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_search (fixture, "author:marit", "Marit 2019-03-15T09:30; Marit 2019-03-13T22:31");
  assert_search (fixture, "common sense", "");
}

/* What the user types reaches SQLite only as values. */
static void
test_hostile (Fixture       *fixture,
              gconstpointer  unused)
{
  static const char * const queries[] = {
    "\"a\" OR \") ; DROP TABLE comments; --\"",
    "author:\"x' OR 1=1; DROP TABLE comments; --\"",
    "source:\"'); DELETE FROM articles; --\" OR ferry",
    "\"{text} : NEAR(a b)\" OR ^ferry",
    "title:\"\"\"\"",
    "title:\"night\"\"ferry\" in:comments",
    "\"*\" OR ferry*",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(ClpQuery) unclosed = clp_query_parse ("\"a\" OR \") ; DROP TABLE comments; --",
                                                  &error);
  ClpStoreStats stats;

  g_assert_null (unclosed);
  g_assert_error (error, CLP_QUERY_ERROR, CLP_QUERY_ERROR_UNCLOSED_QUOTE);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    g_free (search (fixture, queries[i], CLP_SEARCH_ORDER_NEWEST));
  g_free (search (fixture, queries[0], CLP_SEARCH_ORDER_RELEVANCE));
  g_assert_true (clp_store_get_stats (fixture->store, &stats, NULL));
  g_assert_cmpint (stats.articles, ==, 3);
  g_assert_cmpint (stats.comments, ==, 17);
  clp_store_stats_clear (&stats);
}

static void
test_snippet (Fixture       *fixture,
              gconstpointer  unused)
{
  g_autoptr(ClpQuery) query = parse ("cannery OR board");
  g_autoptr(GPtrArray) hits = clp_store_search (fixture->store, query, CLP_SEARCH_ORDER_NEWEST,
                                                0, 10, NULL, NULL);
  ClpSearchHit *comment, *article;

  g_assert_cmpuint (hits->len, ==, 2);
  article = g_ptr_array_index (hits, 0);
  comment = g_ptr_array_index (hits, 1);
  g_assert_cmpint (comment->comment_id, !=, 0);
  g_assert_cmpstr (comment->author, ==, "J. Okafor");
  g_assert_cmpstr (comment->posted_at, ==, "2019-03-13T22:05:00");
  g_assert_cmpstr (comment->title, ==, "Harbour board delays vote on night ferry timetable");
  g_assert_nonnull (strstr (comment->snippet, "the late shift at the \x02" "cannery\x03."));
  g_assert_cmpint (article->comment_id, ==, 0);
  g_assert_null (article->author);
  g_assert_cmpstr (article->posted_at, ==, "2019-03-14");
  g_assert_nonnull (strstr (article->snippet, "The harbour \x02" "board\x03 postponed"));
}

/* Ids as a test compares them: "2 3 1". */
static char *
join_ids (GArray *ids)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "",
                            g_array_index (ids, gint64, i));
  return g_string_free (out, FALSE);
}

static char *
list (Fixture         *fixture,
      const char      *text,
      ClpArticleOrder  order,
      gboolean         descending,
      guint            limit)
{
  g_autoptr(ClpQuery) query = parse (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) walked = NULL;
  g_autoptr(GArray) ids = NULL;

  clp_store_force_plan (CLP_STORE_PLAN_ROWS);
  walked = clp_store_list_matching_article_ids (fixture->store, query, order, descending, 0,
                                                limit, NULL, &error);
  g_assert_no_error (error);
  clp_store_force_plan (CLP_STORE_PLAN_AUTO);
  ids = clp_store_list_matching_article_ids (fixture->store, query, order, descending, 0, limit,
                                             NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (walked->len, ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (g_array_index (walked, gint64, i), ==, g_array_index (ids, gint64, i));
  return join_ids (ids);
}

#define assert_list(fixture, text, order, descending, limit, expected) \
  G_STMT_START { \
    g_autofree char *got_ = list (fixture, text, order, descending, limit); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

/* The article list keeps articles that match themselves or have a
 * matching comment. */
static void
test_article_list (Fixture       *fixture,
                   gconstpointer  unused)
{
  gint64 articles = -1, comments = -1;
  g_autoptr(ClpQuery) ferry = parse ("ferry");

  assert_list (fixture, "", CLP_ARTICLE_ORDER_PUBLISHED, TRUE, G_MAXUINT, "2 3 1");
  assert_list (fixture, "ferry", CLP_ARTICLE_ORDER_PUBLISHED, TRUE, G_MAXUINT, "2 3 1");
  assert_list (fixture, "ferry", CLP_ARTICLE_ORDER_PUBLISHED, FALSE, 2, "1 3");
  assert_list (fixture, "author:antanu", CLP_ARTICLE_ORDER_PUBLISHED, TRUE, 10, "2");
  assert_list (fixture, "cannery", CLP_ARTICLE_ORDER_TITLE, FALSE, 10, "1");
  assert_list (fixture, "in:articles ferry", CLP_ARTICLE_ORDER_TITLE, FALSE, 10, "3 1");
  assert_list (fixture, "author:marit", CLP_ARTICLE_ORDER_COMMENTS, TRUE, 10, "1 3");
  assert_list (fixture, "is:reply", CLP_ARTICLE_ORDER_SOURCE, FALSE, 10, "2 3 1");
  assert_list (fixture, "on:2019-03-14", CLP_ARTICLE_ORDER_IMPORTED, FALSE, 10, "1");
  assert_list (fixture, "in:comments", CLP_ARTICLE_ORDER_IMPORTED, TRUE, 10, "3 2 1");
  assert_list (fixture, "nothing-like-this", CLP_ARTICLE_ORDER_PUBLISHED, TRUE, 10, "");

  g_assert_true (clp_store_count_matches (fixture->store, ferry, &articles, &comments, NULL,
                                          NULL));
  g_assert_cmpint (articles, ==, 3);
  g_assert_cmpint (comments, ==, 2);
}

static char *
filtered (Fixture                *fixture,
          const char             *text,
          const ClpArticleFilter *filter)
{
  g_autoptr(ClpQuery) query = text != NULL ? parse (text) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  for (int plan = CLP_STORE_PLAN_AUTO; plan <= CLP_STORE_PLAN_ROWS; plan++)
    {
      g_autoptr(GArray) limited = NULL;

      clp_store_force_plan (plan);
      g_clear_pointer (&ids, g_array_unref);
      ids = clp_store_list_filtered_article_ids (fixture->store, query, filter,
                                                 CLP_ARTICLE_ORDER_IMPORTED, FALSE, 0, G_MAXUINT,
                                                 NULL, &error);
      g_assert_no_error (error);
      /* A first page goes the other way through the store. */
      limited = clp_store_list_filtered_article_ids (fixture->store, query, filter,
                                                     CLP_ARTICLE_ORDER_IMPORTED, FALSE, 0, 10,
                                                     NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (limited->len, ==, ids->len);
    }
  clp_store_force_plan (CLP_STORE_PLAN_AUTO);
  return join_ids (ids);
}

#define assert_filtered(fixture, text, filter, expected) \
  G_STMT_START { \
    g_autofree char *got_ = filtered (fixture, text, filter); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

/* The list's own filters: on the articles, with or without a query. */
static void
test_list_filters (Fixture       *fixture,
                   gconstpointer  unused)
{
  ClpArticleFilter source = { .source = (char *) "The Coastal Ledger" };
  ClpArticleFilter section = { .section = (char *) "Local News" };
  ClpArticleFilter range = { .published_from = (char *) "2019-03-15",
                             .published_to = (char *) "2021-04-02" };
  ClpArticleFilter day = { .published_from = (char *) "2019-03-14",
                           .published_to = (char *) "2019-03-14" };
  ClpArticleFilter commented = { .has_comments = TRUE };
  ClpArticleFilter none = { .source = (char *) "No Such Paper" };
  ClpArticleFilter hostile = { .source = (char *) "x') OR 1=1 --" };

  assert_filtered (fixture, NULL, &source, "1 3");
  assert_filtered (fixture, NULL, &section, "2");
  assert_filtered (fixture, NULL, &range, "2 3");
  assert_filtered (fixture, NULL, &day, "1");
  assert_filtered (fixture, NULL, &commented, "1 2 3");
  assert_filtered (fixture, NULL, &none, "");
  assert_filtered (fixture, NULL, &hostile, "");
  assert_filtered (fixture, NULL, NULL, "1 2 3");
  /* With a query: both must hold. */
  assert_filtered (fixture, "ferry", &source, "1 3");
  assert_filtered (fixture, "cannery OR crossing", &source, "1");
  assert_filtered (fixture, "author:antanu", &source, "");
  assert_filtered (fixture, "author:marit", &range, "3");
  g_assert_true (clp_article_filter_is_empty (NULL));
  g_assert_false (clp_article_filter_is_empty (&commented));
}

/* Names for the filters' choices, and authors as the user types. */
static void
test_names (Fixture       *fixture,
            gconstpointer  unused)
{
  g_autoptr(GPtrArray) sources = clp_store_list_names (fixture->store, "sources", NULL, NULL);
  g_autoptr(GPtrArray) sections = clp_store_list_names (fixture->store, "sections", NULL, NULL);
  g_autoptr(GPtrArray) authors = clp_store_complete_author (fixture->store, "mar", 10, NULL, NULL);
  g_autoptr(GPtrArray) accented = clp_store_complete_author (fixture->store, "Él", 10, NULL, NULL);
  g_autoptr(GPtrArray) wildcard = clp_store_complete_author (fixture->store, "%", 10, NULL, NULL);

  g_assert_cmpuint (sources->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (sources, 0), ==, "Harbour Times");
  g_assert_cmpstr (g_ptr_array_index (sources, 1), ==, "The Coastal Ledger");
  g_assert_cmpuint (sections->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (sections, 0), ==, "Business");
  g_assert_cmpuint (authors->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (authors, 0), ==, "Marit");
  g_assert_cmpuint (accented->len, >=, 1);
  g_assert_cmpuint (wildcard->len, ==, 0);
}

static char *
match (Fixture    *fixture,
       gint64      article_id,
       const char *text)
{
  g_autoptr(ClpQuery) query = parse (text);
  g_autoptr(GArray) matches = NULL;
  g_autoptr(GArray) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *above = NULL;

  g_assert_true (clp_store_match_comments (fixture->store, article_id, query, &matches, &context,
                                           NULL, &error));
  g_assert_no_error (error);
  found = join_ids (matches);
  above = join_ids (context);
  return g_strdup_printf ("%s |%s%s", found, *above != '\0' ? " " : "", above);
}

#define assert_match(fixture, article, text, expected) \
  G_STMT_START { \
    g_autofree char *got_ = match (fixture, article, text); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

/* Matching comments in one article, with the comments they answer: a
 * reply inside a time range whose parent is outside it keeps its parent
 * as context. */
static void
test_match_comments (Fixture       *fixture,
                     gconstpointer  unused)
{
  /* Article 1: 1 Marit, 2 J. Okafor, 3 Marit replying to 2, 4, 5, 6. */
  assert_match (fixture, 1, "after:2019-03-13T22:30 before:2019-03-14", "3 | 2");
  assert_match (fixture, 1, "thought", "3 | 2");
  assert_match (fixture, 1, "cannery OR shift", "2 3 |");
  assert_match (fixture, 1, "", "1 2 3 4 5 6 |");
  assert_match (fixture, 1, "in:articles", " |");
  /* Article 2: 7 Ada, 8 Ben replying to 7, 9 Ada replying to 8. */
  assert_match (fixture, 2, "thanks", "9 | 7 8");
  assert_match (fixture, 2, "thank*", "9 | 7 8");
  assert_match (fixture, 2, "crossing", "7 8 |");
  assert_match (fixture, 2, "author:ada is:reply", "9 | 7 8");
  assert_match (fixture, 2, "title:bike author:chen", "10 | 7");
}

/* Date filters compare the time a comment shows: a Disqus comment's
 * instant in the zone of the computer searching, not of the one that
 * imported it; a page's wall-clock time as written, in any zone. */
static void
test_time_zones (Fixture       *fixture,
                 gconstpointer  unused)
{
  g_autoptr(ClpImportReport) report = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(ClpQuery) query = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *path = clp_test_data_path ("disqus-harbour.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gint64 marit = 0, dev = 0, okafor = 0;

  /* Imported in Berlin: Dev's post (22:05 UTC) came in at 23:05. */
  clp_test_set_time_zone ("Europe/Berlin");
  report = clp_import_file (fixture->store, file, "disqus-harbour.xml", NULL, NULL, NULL);
  g_assert_no_error (report->error);

  /* Searched in New York, where it shows as 18:05. */
  clp_test_set_time_zone ("America/New_York");
  assert_search (fixture, "in:comments after:2019-03-13T18:00 before:2019-03-13T19:00",
                 "J. Okafor 2019-03-13T18:31; Dev 2019-03-13T18:05");
  assert_search (fixture, "author:dev on:2019-03-13", "Dev 2019-03-13T18:05");
  assert_search (fixture, "author:dev -before:2019-03-13T18:06", "Dev 2019-03-14T12:00");
  /* The page's comments keep their wall-clock times. */
  assert_search (fixture, "in:comments after:2019-03-13T21:00 before:2019-03-13T22:10",
                 "J. Okafor 2019-03-13T22:05; Marit 2019-03-13T21:12");

  /* The article list and the reading view's filter agree. */
  query = parse ("after:2019-03-13T18:00 before:2019-03-13T19:00");
  ids = clp_store_list_matching_article_ids (fixture->store, query, CLP_ARTICLE_ORDER_PUBLISHED,
                                             TRUE, 0, 10, NULL, NULL);
  listed = join_ids (ids);
  g_assert_cmpstr (listed, ==, "4");
  comments = clp_store_load_comments (fixture->store, 4, NULL);
  for (guint i = 0; i < comments->len; i++)
    {
      ClpComment *comment = g_ptr_array_index (comments, i);

      if (g_str_equal (comment->author, "Marit"))
        marit = comment->id;
      else if (g_str_equal (comment->author, "Dev"))
        dev = comment->id;
      else if (g_str_equal (comment->author, "J. Okafor"))
        okafor = comment->id;
    }
  /* Marit's comment, which Dev answers, stays as their context. */
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " | %" G_GINT64_FORMAT,
                              okafor, dev, marit);
  assert_match (fixture, 4, "after:2019-03-13T18:00 before:2019-03-13T19:00", expected);

  clp_test_set_time_zone ("UTC");
}

/* A cancelled view gets G_IO_ERROR_CANCELLED from every call, not hits. */
static void
test_cancelled (Fixture       *fixture,
                gconstpointer  unused)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(ClpQuery) query = parse ("ferry OR night");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) matches = NULL;

  g_cancellable_cancel (cancellable);
  hits = clp_store_search (fixture->store, query, CLP_SEARCH_ORDER_NEWEST, 0, 10, cancellable,
                           &error);
  g_assert_null (hits);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  ids = clp_store_list_matching_article_ids (fixture->store, query, CLP_ARTICLE_ORDER_PUBLISHED,
                                             TRUE, 0, 10, cancellable, &error);
  g_assert_null (ids);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (clp_store_count_matches (fixture->store, query, NULL, NULL, cancellable,
                                           &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (clp_store_match_comments (fixture->store, 1, query, &matches, NULL, cancellable,
                                            &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/core/search/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("list-filters", test_list_filters);
  ADD ("names", test_names);
  ADD ("author", test_author);
  ADD ("dates", test_dates);
  ADD ("scope", test_scope);
  ADD ("text", test_text);
  ADD ("prefix", test_prefix);
  ADD ("or-and-exclusion", test_or_and_exclusion);
  ADD ("structure", test_structure);
  ADD ("article-fields", test_article_fields);
  ADD ("order", test_order);
  ADD ("relevance-with-conditions", test_relevance_with_conditions);
  ADD ("relevance-hidden-best", test_relevance_hidden_best);
  ADD ("paging", test_paging);
  ADD ("hidden", test_hidden);
  ADD ("hostile", test_hostile);
  ADD ("snippet", test_snippet);
  ADD ("article-list", test_article_list);
  ADD ("match-comments", test_match_comments);
  ADD ("cancelled", test_cancelled);
  ADD ("time-zones", test_time_zones);
#undef ADD

  return g_test_run ();
}
