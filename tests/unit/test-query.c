/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clp-query.h"

/* The query language as the search entry reads it: the tree each operator
 * makes, and the message and place of each mistake. */

static char *
tree (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpQuery) query = clp_query_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (query);
  return clp_query_to_string (query);
}

#define assert_tree(text, expected) \
  G_STMT_START { \
    g_autofree char *got_ = tree (text); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
test_words (void)
{
  assert_tree ("ferry", "ferry");
  assert_tree ("night ferry", "(and night ferry)");
  assert_tree ("  night \t ferry  ", "(and night ferry)");
  assert_tree ("night AND ferry", "(and night ferry)");
  /* Lower-case "or" and "and" are words. */
  assert_tree ("ferry or boat and", "(and ferry or boat and)");
  assert_tree ("Ferry", "Ferry");
  assert_tree ("ناصر", "ناصر");
  assert_tree ("don't well-known", "(and don't well-known)");
  assert_tree ("10:40pm", "10:40pm");
}

static void
test_phrases (void)
{
  assert_tree ("\"night ferry\"", "\"night ferry\"");
  assert_tree ("\"night ferry\" timetable", "(and \"night ferry\" timetable)");
  assert_tree ("\"the \"\"review\"\"\"", "\"the \"\"review\"\"\"");
  assert_tree ("\"(not OR a group)\"", "\"(not OR a group)\"");
}

static void
test_prefix (void)
{
  assert_tree ("ferr*", "\"ferr\"*");
  assert_tree ("ferr**", "\"ferr\"*");
  assert_tree ("\"night fer\"*", "\"night fer\"*");
}

static void
test_or (void)
{
  assert_tree ("ferry OR boat", "(or ferry boat)");
  assert_tree ("ferry OR boat OR bus", "(or ferry boat bus)");
  /* AND binds tighter than OR. */
  assert_tree ("night ferry OR boat", "(or (and night ferry) boat)");
  assert_tree ("night (ferry OR boat)", "(and night (or ferry boat))");
}

static void
test_exclude (void)
{
  assert_tree ("ferry -night", "(and ferry (not night))");
  assert_tree ("ferry -\"night boat\"", "(and ferry (not \"night boat\"))");
  assert_tree ("ferry -(night OR boat)", "(and ferry (not (or night boat)))");
  assert_tree ("ferry -author:marit", "(and ferry (not author:\"marit\"))");
  assert_tree ("--ferry", "ferry");
  assert_tree ("in:comments -ferry", "(and in:comments (not ferry))");
}

static void
test_parentheses (void)
{
  assert_tree ("((ferry))", "ferry");
  assert_tree ("(a b) (c OR d)", "(and (and a b) (or c d))");
}

static void
test_fields (void)
{
  assert_tree ("author:Marit", "author:\"Marit\"");
  assert_tree ("author:\"J. Okafor\"", "author:\"J. Okafor\"");
  assert_tree ("Author:marit", "author:\"marit\"");
  assert_tree ("author:ant*", "author:\"ant\"*");
  assert_tree ("source:ledger", "source:\"ledger\"");
  assert_tree ("source:\"Coastal Ledger\"", "source:\"Coastal Ledger\"");
  assert_tree ("section:business", "section:\"business\"");
  assert_tree ("title:ferry", "title:ferry");
  assert_tree ("title:\"night ferry\"", "title:\"night ferry\"");
  assert_tree ("title:fer*", "title:\"fer\"*");
  assert_tree ("in:comments", "in:comments");
  assert_tree ("in:articles", "in:articles");
  assert_tree ("in:Comment", "in:comments");
}

static void
test_dates (void)
{
  assert_tree ("after:2019", "time:[2019-01-01T00:00:00,*)");
  assert_tree ("after:2019-03", "time:[2019-03-01T00:00:00,*)");
  assert_tree ("before:2019-03-15", "time:[*,2019-03-15T00:00:00)");
  assert_tree ("on:2019-03-14", "time:[2019-03-14T00:00:00,2019-03-15T00:00:00)");
  assert_tree ("on:2019-03-14T21:12", "time:[2019-03-14T21:12:00,2019-03-14T21:13:00)");
  assert_tree ("after:2019-03-14 before:2019-03-15",
               "(and time:[2019-03-14T00:00:00,*) time:[*,2019-03-15T00:00:00))");
  assert_tree ("on:\"2019-12\"", "time:[2019-12-01T00:00:00,2020-01-01T00:00:00)");
}

static void
test_structure (void)
{
  assert_tree ("is:reply", "depth>0");
  assert_tree ("is:top", "depth=0");
  assert_tree ("has:replies", "replies>0");
  assert_tree ("replies:>5", "replies>5");
  assert_tree ("replies:>=5", "replies>=5");
  assert_tree ("replies:<5", "replies<5");
  assert_tree ("replies:<=5", "replies<=5");
  assert_tree ("replies:=5", "replies=5");
  assert_tree ("replies:5", "replies=5");
  assert_tree ("depth:>1", "depth>1");
  assert_tree ("depth:0", "depth=0");
}

/* Words the index cannot hold ("&", "—") are left out, not matched
 * against nothing. */
static void
test_dropped (void)
{
  g_autoptr(ClpQuery) blank = clp_query_parse ("  ", NULL);
  g_autoptr(ClpQuery) dash = clp_query_parse ("—", NULL);

  assert_tree ("ferry & boat", "(and ferry boat)");
  assert_tree ("ferry — boat", "(and ferry boat)");
  assert_tree ("& OR ferry", "ferry");
  assert_tree ("title:\"&\" ferry", "ferry");
  g_assert_true (clp_query_is_empty (blank));
  g_assert_true (clp_query_is_empty (dash));
}

static void
assert_error (const char    *text,
              ClpQueryError  code,
              const char    *message,
              int            offset,
              int            length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpQuery) query = clp_query_parse (text, &error);
  int got_offset = -1, got_length = -1;

  g_assert_null (query);
  g_assert_error (error, CLP_QUERY_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_true (clp_query_error_get_span (error, &got_offset, &got_length));
  g_assert_cmpint (got_offset, ==, offset);
  g_assert_cmpint (got_length, ==, length);
}

static void
test_errors (void)
{
  assert_error ("ferry autor:marit", CLP_QUERY_ERROR_UNKNOWN_FIELD,
                "Unknown field 'autor:' — did you mean author:?", 6, 6);
  assert_error ("titel:ferry", CLP_QUERY_ERROR_UNKNOWN_FIELD,
                "Unknown field 'titel:' — did you mean title:?", 0, 6);
  assert_error ("no:2019", CLP_QUERY_ERROR_UNKNOWN_FIELD,
                "Unknown field 'no:' — did you mean on:?", 0, 3);
  assert_error ("http://example.com", CLP_QUERY_ERROR_UNKNOWN_FIELD,
                "Unknown field 'http:'. The fields are author:, source:, section:, title:, in:, "
                "after:, before:, on:, is:, has:, replies:, depth: and ref:; to look for the text "
                "itself, put it in quotes.", 0, 5);
  assert_error ("ferry author:", CLP_QUERY_ERROR_MISSING_VALUE,
                "Write what 'author:' should match right after the colon, like "
                "author:\"J. Okafor\"", 6, 7);
  assert_error ("author:*", CLP_QUERY_ERROR_MISSING_VALUE,
                "Write what 'author:' should match right after the colon, like "
                "author:\"J. Okafor\"", 0, 8);
  assert_error ("in:everything", CLP_QUERY_ERROR_BAD_VALUE,
                "'in:' takes comments or articles, like in:comments", 0, 13);
  assert_error ("is:old", CLP_QUERY_ERROR_BAD_VALUE, "'is:' takes reply or top, like is:reply",
                0, 6);
  assert_error ("has:likes", CLP_QUERY_ERROR_BAD_VALUE,
                "'has:' takes replies, like has:replies", 0, 9);
  assert_error ("replies:many", CLP_QUERY_ERROR_BAD_VALUE,
                "'replies:' takes a number, with >, <, =, >= or <= before it if you like, "
                "like replies:>2", 0, 12);
  assert_error ("depth:>-1", CLP_QUERY_ERROR_BAD_VALUE,
                "'depth:' takes a number, with >, <, =, >= or <= before it if you like, "
                "like depth:>2", 0, 9);
  assert_error ("after:2019-13", CLP_QUERY_ERROR_BAD_DATE,
                "'2019-13' is not a date; write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM",
                6, 7);
  assert_error ("before:yesterday", CLP_QUERY_ERROR_BAD_DATE,
                "'yesterday' is not a date; write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM",
                7, 9);
  assert_error ("on:2019-02-30", CLP_QUERY_ERROR_BAD_DATE,
                "'2019-02-30' is not a date; write YYYY, YYYY-MM, YYYY-MM-DD or "
                "YYYY-MM-DDTHH:MM", 3, 10);
  assert_error ("ferry \"night boat", CLP_QUERY_ERROR_UNCLOSED_QUOTE,
                "This quote is never closed; add a \" where the phrase ends.", 6, 11);
  assert_error ("(ferry OR boat", CLP_QUERY_ERROR_UNCLOSED_PARENTHESIS,
                "This '(' is never closed; add a ')' where the group ends.", 0, 1);
  assert_error ("ferry) boat", CLP_QUERY_ERROR_UNOPENED_PARENTHESIS,
                "This ')' closes nothing; remove it or add a '(' before it.", 5, 1);
  assert_error ("ferry ()", CLP_QUERY_ERROR_EMPTY_PARENTHESES,
                "There is nothing between these parentheses.", 6, 2);
  assert_error ("OR ferry", CLP_QUERY_ERROR_LONELY_OR,
                "OR needs something to look for on both sides, like ferry OR boat.", 0, 2);
  assert_error ("ferry OR", CLP_QUERY_ERROR_LONELY_OR,
                "OR needs something to look for on both sides, like ferry OR boat.", 6, 2);
  assert_error ("ferry OR OR boat", CLP_QUERY_ERROR_LONELY_OR,
                "OR needs something to look for on both sides, like ferry OR boat.", 6, 2);
  assert_error ("(OR ferry)", CLP_QUERY_ERROR_LONELY_OR,
                "OR needs something to look for on both sides, like ferry OR boat.", 1, 2);
  assert_error ("ferry - boat", CLP_QUERY_ERROR_LONELY_MINUS,
                "Write what to leave out right after the '-', like -ferry.", 6, 1);
  assert_error ("ferry -", CLP_QUERY_ERROR_LONELY_MINUS,
                "Write what to leave out right after the '-', like -ferry.", 6, 1);
  assert_error ("-ferry", CLP_QUERY_ERROR_ONLY_EXCLUSIONS,
                "A search cannot only leave things out; add something to look for, like "
                "ferry -night.", 0, 6);
  assert_error ("-ferry -author:marit", CLP_QUERY_ERROR_ONLY_EXCLUSIONS,
                "A search cannot only leave things out; add something to look for, like "
                "ferry -night.", 0, 20);
  assert_error ("boat OR -ferry", CLP_QUERY_ERROR_ONLY_EXCLUSIONS,
                "A search cannot only leave things out; add something to look for, like "
                "ferry -night.", 0, 14);
  assert_error ("ferry \xff", CLP_QUERY_ERROR_INVALID_TEXT,
                "The search contains bytes that are not text.", 6, 1);
}

/* Offsets count characters, as a text entry does, not bytes. */
static void
test_error_offsets_in_characters (void)
{
  assert_error ("ناصر autor:x", CLP_QUERY_ERROR_UNKNOWN_FIELD,
                "Unknown field 'autor:' — did you mean author:?", 5, 6);
}

static void
test_limits (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) wide = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpQuery) query = NULL;

  for (int i = 0; i < 40; i++)
    g_string_append_c (deep, '(');
  g_string_append (deep, "ferry");
  for (int i = 0; i < 40; i++)
    g_string_append_c (deep, ')');
  query = clp_query_parse (deep->str, &error);
  g_assert_null (query);
  g_assert_error (error, CLP_QUERY_ERROR, CLP_QUERY_ERROR_TOO_LONG);
  g_assert_cmpstr (error->message, ==,
                   "Too many parentheses inside each other; 32 levels is the most.");
  g_clear_error (&error);

  for (int i = 0; i < 400; i++)
    g_string_append (wide, "ab ");
  query = clp_query_parse (wide->str, &error);
  g_assert_null (query);
  g_assert_error (error, CLP_QUERY_ERROR, CLP_QUERY_ERROR_TOO_LONG);
  g_assert_cmpstr (error->message, ==, "The search is too long; 1000 characters is the most.");
}

static void
test_terms (void)
{
  g_autoptr(ClpQuery) query = clp_query_parse ("ferry \"night boat\" ferr* -timetable "
                                               "title:harbour author:Marit (ferry OR bus) "
                                               "-(cannery OR shift) source:ledger", NULL);
  g_autoptr(GPtrArray) terms = clp_query_get_terms (query);
  const struct { ClpQueryTermKind kind; ClpQueryField field; const char *text; } expected[] = {
    { CLP_QUERY_TERM_WORD, CLP_QUERY_FIELD_TEXT, "ferry" },
    { CLP_QUERY_TERM_PHRASE, CLP_QUERY_FIELD_TEXT, "night boat" },
    { CLP_QUERY_TERM_PREFIX, CLP_QUERY_FIELD_TEXT, "ferr" },
    { CLP_QUERY_TERM_WORD, CLP_QUERY_FIELD_TITLE, "harbour" },
    { CLP_QUERY_TERM_WORD, CLP_QUERY_FIELD_AUTHOR, "Marit" },
    { CLP_QUERY_TERM_WORD, CLP_QUERY_FIELD_TEXT, "bus" },
  };

  g_assert_cmpuint (terms->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < terms->len; i++)
    {
      ClpQueryTerm *term = g_ptr_array_index (terms, i);

      g_assert_cmpint (term->kind, ==, expected[i].kind);
      g_assert_cmpint (term->field, ==, expected[i].field);
      g_assert_cmpstr (term->text, ==, expected[i].text);
    }
}

static char *
marked (const char    *query_text,
        const char    *text,
        ClpQueryField  field,
        guint          max_chars)
{
  g_autoptr(ClpQuery) query = clp_query_parse (query_text, NULL);
  g_autofree char *snippet = clp_query_make_snippet (query, text, field, max_chars);
  g_auto(GStrv) open = g_strsplit (snippet, CLP_QUERY_MARK_START, -1);
  g_autofree char *joined = g_strjoinv ("[", open);
  g_auto(GStrv) close = g_strsplit (joined, CLP_QUERY_MARK_END, -1);

  return g_strjoinv ("]", close);
}

#define assert_snippet(query, text, field, max, expected) \
  G_STMT_START { \
    g_autofree char *got_ = marked (query, text, field, max); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

/* Matching for highlights folds case and accents as the index does, finds
 * prefixes at the start of words and phrases as consecutive words, and
 * never marks what a '-' leaves out. */
static void
test_snippets (void)
{
  assert_snippet ("ferry", "The Ferry left; ferryman stayed.", CLP_QUERY_FIELD_TEXT, 100,
                  "The [Ferry] left; ferryman stayed.");
  assert_snippet ("ferr*", "The Ferry left; ferryman stayed.", CLP_QUERY_FIELD_TEXT, 100,
                  "The [Ferry] left; [ferryman] stayed.");
  assert_snippet ("\"night ferry\"", "A night  ferry, a night bus.", CLP_QUERY_FIELD_TEXT, 100,
                  "A [night ferry], a night bus.");
  assert_snippet ("cafe", "Le Café\n\nouvert", CLP_QUERY_FIELD_TEXT, 100, "Le [Café] ouvert");
  assert_snippet ("ferry -night", "night ferry", CLP_QUERY_FIELD_TEXT, 100, "night [ferry]");
  assert_snippet ("title:ferry", "ferry", CLP_QUERY_FIELD_TEXT, 100, "ferry");
  assert_snippet ("title:ferry", "ferry", CLP_QUERY_FIELD_TITLE, 100, "[ferry]");
  assert_snippet ("author:marit", "Marit", CLP_QUERY_FIELD_AUTHOR, 100, "[Marit]");
  assert_snippet ("author:mar*", "Marit", CLP_QUERY_FIELD_AUTHOR, 100, "[Marit]");
  assert_snippet ("author:mar", "Marit", CLP_QUERY_FIELD_AUTHOR, 100, "Marit");
  /* Long text: cut around the first match, at words, with ellipses. */
  assert_snippet ("ferry", "one two three four five six seven eight nine ten ferry eleven "
                  "twelve thirteen fourteen fifteen", CLP_QUERY_FIELD_TEXT, 30,
                  "…nine ten [ferry] eleven twelve…");
  assert_snippet ("nothing", "one two three four five six seven eight nine ten",
                  CLP_QUERY_FIELD_TEXT, 20, "one two three four…");
  /* The marks cannot be forged by the text. */
  assert_snippet ("ferry", "a \x02" "b\x03 ferry", CLP_QUERY_FIELD_TEXT, 100, "a b [ferry]");
}

static void
test_quote (void)
{
  g_autofree char *quoted = clp_query_quote ("J. \"Jo\" Okafor");
  g_autofree char *text = g_strconcat ("author:", quoted, NULL);
  g_autoptr(ClpQuery) query = clp_query_parse (text, NULL);
  g_autoptr(GPtrArray) terms = clp_query_get_terms (query);

  g_assert_cmpstr (quoted, ==, "\"J. \"\"Jo\"\" Okafor\"");
  g_assert_cmpuint (terms->len, ==, 1);
  g_assert_cmpstr (((ClpQueryTerm *) g_ptr_array_index (terms, 0))->text, ==, "J. \"Jo\" Okafor");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/query/words", test_words);
  g_test_add_func ("/core/query/phrases", test_phrases);
  g_test_add_func ("/core/query/prefix", test_prefix);
  g_test_add_func ("/core/query/or", test_or);
  g_test_add_func ("/core/query/exclude", test_exclude);
  g_test_add_func ("/core/query/parentheses", test_parentheses);
  g_test_add_func ("/core/query/fields", test_fields);
  g_test_add_func ("/core/query/dates", test_dates);
  g_test_add_func ("/core/query/structure", test_structure);
  g_test_add_func ("/core/query/dropped", test_dropped);
  g_test_add_func ("/core/query/errors", test_errors);
  g_test_add_func ("/core/query/error-offsets", test_error_offsets_in_characters);
  g_test_add_func ("/core/query/limits", test_limits);
  g_test_add_func ("/core/query/terms", test_terms);
  g_test_add_func ("/core/query/snippets", test_snippets);
  g_test_add_func ("/core/query/quote", test_quote);

  return g_test_run ();
}
