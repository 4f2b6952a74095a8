/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "generate-archive"

#include "config.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Writes a synthetic archive for the benchmarks: N articles with M reader
 * comments in all, the same bytes for the same options and seed. It models
 * what makes an archive hard to hold: skewed comment counts with a few huge
 * threads, replies nested several levels deep, authors who post again and
 * again (some under two spellings), comments spread over days around the
 * publication, words that most comments share and words only a handful use.
 *
 * Each article is generated into a GenArticle and handed to every writer:
 * the format writer (--format: saved-article text, FORMATS.md §1, one file
 * per article in folders of 1,000; or one Disqus, WordPress or Clippings
 * JSON export of the whole archive) and the rows writer, which records the
 * rows an import of the text files must produce, so that the bare-SQLite
 * baseline inserts them without a parser of its own. Another input format
 * is one more ArchiveWriter in format_writers[]. The same options and
 * seed give the same articles and comments in every format. What the archive holds (sizes, the huge threads, common
 * and rare words, frequent authors) goes to manifest.ini for the benchmarks
 * to pick their queries from. */

#define GENERATOR_VERSION 1
#define FILES_PER_FOLDER 1000
#define MAX_DEPTH 9
#define RARE_WORD_COUNT 40
#define SECONDS_PER_DAY (24 * 3600)

/* The model of one article, as the page showed it. */

typedef struct
{
  int        parent;      /* index in the article's comments, -1 at the top */
  int        depth;
  int        replies;     /* direct replies */
  guint      author;      /* index into the author pool */
  int        spelling;    /* 0 as in the pool, 1 lower case, 2 capitalised */
  gint64     posted;      /* wall-clock seconds since 1970 */
  GPtrArray *paragraphs;  /* char *; a paragraph may hold a line break */
} GenComment;

typedef struct
{
  guint       index;           /* 0-based; the article id of a fresh import is index + 1 */
  const char *file;            /* set by the format writer: where the article went */
  gsize       file_size;
  char       *title;
  guint       source;          /* index into sources[] */
  const char *section;         /* NULL when the page had no "More in" trailer */
  gint64      published;       /* midnight of the publication day */
  gint64      printed;         /* day of the print footer, or -1 without a footer */
  char       *caption;         /* NULL without a photo */
  gboolean    caption_twice;
  const char *dateline;        /* NULL when the first paragraph has none */
  gboolean    dateline_nbsp;   /* U+00A0 after the colon */
  GPtrArray  *body;            /* char *, the first without its dateline */
  int         declared;        /* "Reader Comments (N)" */
  GArray     *comments;        /* GenComment, page order */
} GenArticle;

typedef struct _Generator Generator;

/* A writer receives every article in order; one of them writes the format
 * a user imports, the rows writer writes what the baseline inserts. */
typedef struct
{
  const char *name;
  const char *summary;
  gboolean  (*begin)         (Generator        *gen,
                              GError          **error);
  gboolean  (*write_article) (Generator        *gen,
                              GenArticle       *article,
                              GError          **error);
  gboolean  (*finish)        (Generator        *gen,
                              GError          **error);
} ArchiveWriter;

struct _Generator
{
  /* Options. */
  guint                articles;
  guint64              comments;
  guint32              seed;
  char                *out;
  GArray              *thread_sizes;   /* guint */
  const ArchiveWriter *format;

  GRand               *rand;

  /* Vocabulary: function words, then content words, then rare words. */
  GPtrArray           *words;
  GHashTable          *word_ids;       /* word -> index + 1 */
  guint                n_function;
  guint                n_content;
  double              *content_cdf;
  guint64             *comment_df;     /* comments each word occurs in */
  guint64             *stamp;          /* last comment a word was counted for */
  guint64              serial;
  double              *rare_rate;      /* per comment */
  guint64              phrase_df[3];

  /* Authors. */
  GPtrArray           *authors;
  double              *author_cdf;
  guint64             *author_count;

  GHashTable          *titles;

  /* Progress of the run. */
  GArray              *fixed_size;     /* guint per article, G_MAXUINT when drawn */
  guint64              comments_left;
  guint                drawn_left;
  guint64              comments_written;
  guint64              format_bytes;
  gint64               first_comment;
  gint64               last_comment;
  GPtrArray           *thread_files;
  GArray              *thread_ids;

  /* Writer state. */
  GString             *buffer;
  char                *file_name;
  FILE                *rows;
  FILE                *export;         /* the one file of a format that holds many articles */
  guint                sources_written;
};

/* The words a news comment section uses. Function words are drawn evenly;
 * content words by rank (Zipf), these first and invented ones after them,
 * so that the top of the list is real words a search would try. */
static const char * const function_words[] = {
  "the", "a", "to", "of", "and", "in", "is", "that", "it", "for", "on", "was", "with", "as",
  "this", "they", "be", "at", "not", "but", "have", "are", "from", "by", "we", "he", "she",
  "you", "all", "more", "will", "one", "about", "what", "there", "if", "so", "no", "their",
  "who", "just", "than", "only", "when", "them", "can", "would", "should", "our", "very",
  "now", "some", "how", "even", "still", "don\u2019t", "it\u2019s", "isn\u2019t", "can\u2019t",
  "they\u2019re",
};

static const char * const content_words[] = {
  "people", "government", "ferry", "time", "year", "city", "council", "money", "country",
  "minister", "police", "water", "school", "price", "prices", "power", "report", "plan",
  "budget", "harbour", "road", "work", "tax", "court", "election", "party", "board", "public",
  "market", "business", "health", "hospital", "village", "transport", "fuel", "timetable",
  "workers", "shift", "bridge", "station", "train", "bus", "service", "fares", "vote",
  "petition", "residents", "families", "children", "teachers", "doctors", "farmers", "rain",
  "flood", "drought", "heat", "winter", "summer", "electricity", "gas", "bill", "bills",
  "salary", "pension", "rent", "housing", "land", "river", "sea", "coast", "port", "pier",
  "terminal", "airport", "cricket", "match", "team", "coach", "players", "fans", "stadium",
  "music", "film", "book", "festival", "museum", "library", "university", "students", "exam",
  "results", "data", "figures", "numbers", "survey", "study", "law", "rules", "judge", "case",
  "lawyer", "trial", "prison", "crime", "corruption", "scandal", "inquiry", "committee",
  "mayor", "opposition", "protest", "strike", "union", "company", "factory", "jobs", "trade",
  "exports", "imports", "loan", "debt", "bank", "inflation", "economy", "growth", "crisis",
  "shortage", "queue", "traffic", "accident", "safety", "ambulance", "fire", "storm", "wind",
  "night", "morning", "evening", "weekend", "holiday", "consultation", "review", "decision",
  "promise", "truth", "story", "question", "answer", "problem", "solution", "change", "future",
  "history", "generation", "community", "neighbourhood", "street", "market", "shops", "prices",
  "wages", "schools", "road", "repairs", "contract", "tender", "audit", "accounts", "spending",
  "cuts", "subsidy", "fuel", "diesel", "engine", "boat", "crossing", "passengers", "tickets",
  "schedule", "delay", "delays", "cancelled", "late", "early", "cheap", "expensive", "free",
  "fair", "unfair", "wrong", "right", "simple", "clear", "honest", "strange", "sad", "good",
  "bad", "better", "worse", "best", "worst", "new", "old", "big", "small", "long", "short",
  "local", "national", "foreign", "official", "officials", "spokesman", "statement", "media",
  "newspaper", "editor", "reporter", "column", "article", "comment", "comments", "readers",
};

/* Rare words: each is put into a handful of comments on purpose. */
static const char * const rare_words[] = {
  "halcyon", "petrichor", "zugzwang", "defenestration", "lugubrious", "susurrus",
  "mellifluous", "crepuscular", "obstreperous", "pusillanimous", "tintinnabulation",
  "perspicacious", "antediluvian", "borborygmus", "callipygian", "sesquipedalian",
  "quixotic", "bumbershoot", "collywobbles", "kerfuffle", "brouhaha", "skedaddle",
  "flibbertigibbet", "gobbledygook", "hullabaloo", "lollygag", "malarkey", "nincompoop",
  "rigmarole", "snollygoster", "taradiddle", "widdershins", "xenodochial", "yarborough",
  "zenzizenzizenzic", "cattywampus", "discombobulate", "ragamuffin", "shenanigans",
  "absquatulate",
};

G_STATIC_ASSERT (G_N_ELEMENTS (rare_words) == RARE_WORD_COUNT);

/* Put into comments as a whole, for phrase queries. */
static const char * const phrases[] = { "night ferry", "public consultation", "fuel prices" };
static const double phrase_rate[] = { 0.02, 0.01, 0.03 };

static const char * const syllables[] = {
  "ka", "lor", "ven", "mi", "tas", "ber", "dun", "sho", "ral", "pe", "qui", "nor", "val",
  "te", "gro", "lim", "sa", "dor", "fen", "wi", "ma", "rek", "tul", "bo", "ish", "an", "cre",
  "po", "lin", "us", "har", "mo", "del", "zi", "tor", "ep", "ul", "ga", "sem", "ric",
};

static const char * const first_names[] = {
  "Marit", "Antanu", "Dev", "Amina", "Tomas", "Greta", "Bilal", "Sana", "Omar", "Kofi",
  "Ingrid", "Lars", "Priya", "Rahul", "Chen", "Mei", "Olu", "Zara", "Hamza", "Ayesha",
  "Farhan", "Nadia", "Ivan", "Olga", "Pedro", "Lucia", "Jonas", "Elif", "Mehmet", "Yusuf",
  "Fatima", "Ali", "Sofia", "Mateo", "Noor", "Imran", "Rukhsana", "Tariq", "Hina", "Asad",
  "Kwame", "Ama", "Sven", "Astrid", "Niamh", "Declan", "Aoife", "Ciaran", "Rosa", "Luis",
  "\u0646\u0627\u0635\u0631", "\u0639\u0627\u0626\u0634\u06c1", "\u0641\u0627\u0637\u0645\u06c1",
  "\u0645\u062d\u0645\u062f \u0639\u0644\u06cc", "\u0632\u06cc\u0646\u0628", "\u0639\u0645\u0631",
  "\u062d\u0633\u0646", "\u0633\u0644\u0645\u06cc",
};

static const char * const surnames[] = {
  "Okafor", "Hansen", "Khan", "Ahmed", "Siddiqui", "Berg", "Novak", "Silva", "Kowalski",
  "Murphy", "Byrne", "Nguyen", "Tanaka", "Mensah", "Rossi", "Yilmaz", "Qureshi", "Malik",
  "Chaudhry", "Lindqvist", "O\u2019Brien", "Haddad", "Farouk", "Ibrahim", "Costa", "Dubois",
};

static const char * const handles[] = {
  "harbourwatch", "truthseeker", "concerned", "localreader", "oldsalt", "ferryfan",
  "taxpayer", "justsaying", "realist", "nightshift", "pierman", "citizen", "observer",
  "commuter", "skeptic", "islander",
};

static const char * const urdu_comments[] = {
  "\u0627\u0686\u06be\u06cc \u062e\u0628\u0631 \u06c1\u06d2",
  "\u0628\u06c1\u062a \u0627\u0641\u0633\u0648\u0633\u0646\u0627\u06a9",
  "\u0634\u06a9\u0631\u06cc\u06c1",
  "\u06cc\u06c1 \u0641\u06cc\u0635\u0644\u06c1 \u063a\u0644\u0637 \u06c1\u06d2",
};

static const char * const sources[] = {
  "The Coastal Ledger", "Daily Meridian", "The Northern Post", "Harbour Gazette",
  "The Evening Courier", "Valley Times", "The Morning Star Tribune", "Island Herald",
  "The Frontier Express", "Capital Observer", "The Riverside Chronicle", "Metro Dispatch",
};

static const char * const credits[] = {
  "LEDGER STAFF", "AFP", "REUTERS", "ONLINE", "FILE", "AP", "EXPRESS", "COURTESY",
};

static const char * const sections[] = {
  "Business", "World", "Sport", "Opinion", "Culture", "Technology", "Local", "Politics",
  "Health", "Education",
};

static const char * const datelines[] = {
  "PORT ELLIS", "KARACHI", "LAHORE", "ISLAMABAD", "NEW YORK", "OSLO", "LAGOS", "DUBLIN",
  "ST. JOHN\u2019S", "BERGEN", "PESHAWAR", "CORK", "ACCRA", "LISBON",
};

static const char * const month_names[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};

/* Articles are published on a day between these (UTC wall clock). */
#define FIRST_DAY G_GINT64_CONSTANT (1325376000)  /* 2012-01-01 */
#define N_DAYS    (13 * 365)

static void
gen_comment_clear (GenComment *comment)
{
  g_clear_pointer (&comment->paragraphs, g_ptr_array_unref);
}

static void
gen_article_reset (GenArticle *article)
{
  g_clear_pointer (&article->title, g_free);
  g_clear_pointer (&article->caption, g_free);
  g_ptr_array_set_size (article->body, 0);
  g_array_set_size (article->comments, 0);
  article->file = NULL;
  article->file_size = 0;
}

/* Random draws. */

static guint
pick (Generator *gen,
      guint      n)
{
  return g_rand_int_range (gen->rand, 0, n);
}

static gboolean
chance (Generator *gen,
        double     p)
{
  return g_rand_double (gen->rand) < p;
}

static double
normal (Generator *gen)
{
  double u = 1.0 - g_rand_double (gen->rand);
  double v = g_rand_double (gen->rand);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

static double
exponential (Generator *gen,
             double     mean)
{
  return -mean * log (1.0 - g_rand_double (gen->rand));
}

/* Cumulative weights of rank r ∝ 1 / (r + q)^s (Zipf–Mandelbrot: q
 * flattens the head, so the top word is not in every sentence), for
 * draw_rank(). */
static double *
zipf_cdf (guint  n,
          double q,
          double s)
{
  double *cdf = g_new (double, n);
  double total = 0;

  for (guint r = 0; r < n; r++)
    {
      total += 1.0 / pow (r + q, s);
      cdf[r] = total;
    }
  return cdf;
}

static guint
draw_rank (Generator    *gen,
           const double *cdf,
           guint         n)
{
  double u = g_rand_double (gen->rand) * cdf[n - 1];
  guint lo = 0, hi = n - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (cdf[mid] < u)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Vocabulary and authors. The vocabulary is the same for every seed, so
 * that query lists stay valid; what the seed changes is where words go. */

static void
build_vocabulary (Generator *gen)
{
  g_autoptr(GRand) fixed = g_rand_new_with_seed (20240601);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_invented = 8000;
  guint target;

  gen->words = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (function_words); i++)
    {
      g_ptr_array_add (gen->words, g_strdup (function_words[i]));
      g_hash_table_add (seen, (gpointer) function_words[i]);
    }
  gen->n_function = gen->words->len;
  for (guint i = 0; i < RARE_WORD_COUNT; i++)
    g_hash_table_add (seen, (gpointer) rare_words[i]);

  for (guint i = 0; i < G_N_ELEMENTS (content_words); i++)
    if (g_hash_table_add (seen, (gpointer) content_words[i]))
      g_ptr_array_add (gen->words, g_strdup (content_words[i]));
  target = gen->words->len + n_invented;
  while (gen->words->len < target)
    {
      GString *word = g_string_new (NULL);
      int n = g_rand_int_range (fixed, 2, 5);

      for (int k = 0; k < n; k++)
        g_string_append (word, syllables[g_rand_int_range (fixed, 0, G_N_ELEMENTS (syllables))]);
      if (g_hash_table_contains (seen, word->str))
        {
          g_string_free (word, TRUE);
          continue;
        }
      g_ptr_array_add (gen->words, g_string_free (word, FALSE));
      g_hash_table_add (seen, g_ptr_array_index (gen->words, gen->words->len - 1));
    }
  gen->n_content = gen->words->len - gen->n_function;
  gen->content_cdf = zipf_cdf (gen->n_content, 10, 1.0);

  for (guint i = 0; i < RARE_WORD_COUNT; i++)
    g_ptr_array_add (gen->words, g_strdup (rare_words[i]));

  gen->word_ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < gen->words->len; i++)
    g_hash_table_insert (gen->word_ids, g_ptr_array_index (gen->words, i), GUINT_TO_POINTER (i + 1));
  gen->comment_df = g_new0 (guint64, gen->words->len);
  gen->stamp = g_new0 (guint64, gen->words->len);

  /* Word i is meant for about 1 + 2i / 3 comments in all (1 to 27). */
  gen->rare_rate = g_new (double, RARE_WORD_COUNT);
  for (guint i = 0; i < RARE_WORD_COUNT; i++)
    gen->rare_rate[i] = (1.0 + 2.0 * i / 3.0) / MAX (gen->comments, 1);
}

static void
build_authors (Generator *gen)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = (guint) CLAMP (gen->comments / 25, 50, 60000);

  gen->authors = g_ptr_array_new_with_free_func (g_free);
  while (gen->authors->len < n)
    {
      const char *first = first_names[pick (gen, G_N_ELEMENTS (first_names))];
      char *name;

      switch (pick (gen, 5))
        {
        case 0:
          name = g_strdup (first);
          break;
        case 1:
          name = g_strdup_printf ("%s %c.", first, 'A' + pick (gen, 26));
          break;
        case 2:
          name = g_strdup_printf ("%s %s", first, surnames[pick (gen, G_N_ELEMENTS (surnames))]);
          break;
        case 3:
          name = g_strdup_printf ("%c. %s", first[0] & 0x80 ? 'M' : first[0],
                                  surnames[pick (gen, G_N_ELEMENTS (surnames))]);
          break;
        default:
          name = g_strdup_printf ("%s%u", handles[pick (gen, G_N_ELEMENTS (handles))],
                                  pick (gen, 1000));
          break;
        }
      if (!g_hash_table_add (seen, name))
        {
          g_free (name);
          continue;
        }
      g_ptr_array_add (gen->authors, name);
    }
  gen->author_cdf = zipf_cdf (n, 20, 1.05);
  gen->author_count = g_new0 (guint64, n);
}

/* Text. */

static void
count_word (Generator *gen,
            guint      word)
{
  if (gen->stamp[word] != gen->serial)
    {
      gen->stamp[word] = gen->serial;
      gen->comment_df[word]++;
    }
}

/* Counts the words of a fixed snippet put into a comment. */
static void
count_words_in (Generator  *gen,
                const char *text)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  g_auto(GStrv) tokens = g_strsplit_set (lower, " .,?!<>/&", -1);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      guint id = GPOINTER_TO_UINT (g_hash_table_lookup (gen->word_ids, tokens[i]));

      if (id != 0)
        count_word (gen, id - 1);
    }
}

static guint
draw_word (Generator *gen)
{
  if (chance (gen, 0.45))
    return pick (gen, gen->n_function);
  return gen->n_function + draw_rank (gen, gen->content_cdf, gen->n_content);
}

/* One sentence of @n_words, capitalised and ended; with @counting, its
 * words count towards the comment document frequencies. */
static void
append_sentence (Generator *gen,
                 GString   *out,
                 int        n_words,
                 gboolean   counting)
{
  gboolean quoted = chance (gen, 0.05);
  gsize start;
  static const char * const endings[] = { ".", ".", ".", ".", "?", "!", "\u2026" };

  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, ' ');
  if (quoted)
    g_string_append (out, "\u201c");
  start = out->len;
  for (int i = 0; i < n_words; i++)
    {
      /* A content word first: no body line may start "More in", which
       * would read as the section trailer. */
      guint word = i == 0 ? gen->n_function + draw_rank (gen, gen->content_cdf, gen->n_content)
                          : draw_word (gen);

      if (i > 0)
        g_string_append (out, i > 2 && chance (gen, 0.06) ? ", " : " ");
      g_string_append (out, g_ptr_array_index (gen->words, word));
      if (counting)
        count_word (gen, word);
    }
  out->str[start] = g_ascii_toupper (out->str[start]);
  g_string_append (out, endings[pick (gen, G_N_ELEMENTS (endings))]);
  if (quoted)
    g_string_append (out, "\u201d");
}

static char *
make_paragraph (Generator *gen,
                int        min_sentences,
                int        max_sentences,
                int        min_words,
                int        max_words,
                gboolean   counting)
{
  GString *out = g_string_new (NULL);
  int n = g_rand_int_range (gen->rand, min_sentences, max_sentences + 1);

  for (int i = 0; i < n; i++)
    append_sentence (gen, out, g_rand_int_range (gen->rand, min_words, max_words + 1), counting);
  return g_string_free (out, FALSE);
}

static GPtrArray *
make_comment_text (Generator *gen)
{
  GPtrArray *paragraphs = g_ptr_array_new_with_free_func (g_free);
  int n = chance (gen, 0.55) ? 1 : chance (gen, 0.7) ? 2 : 3;

  gen->serial++;
  if (chance (gen, 0.01))
    {
      g_ptr_array_add (paragraphs, g_strdup (urdu_comments[pick (gen, G_N_ELEMENTS (urdu_comments))]));
      return paragraphs;
    }

  for (int i = 0; i < n; i++)
    {
      GString *paragraph = g_string_new (NULL);
      int sentences = g_rand_int_range (gen->rand, 1, 4);

      for (int s = 0; s < sentences; s++)
        {
          /* Now and then a reader breaks a line inside a paragraph. */
          if (s > 0 && chance (gen, 0.08))
            g_string_append_c (paragraph, '\n');
          append_sentence (gen, paragraph, g_rand_int_range (gen->rand, 4, 15), TRUE);
        }
      g_ptr_array_add (paragraphs, g_string_free (paragraph, FALSE));
    }

  /* Plain text that looks like markup must stay text. */
  if (chance (gen, 0.004))
    {
      static const char markup[] = " <b>Bold</b> claims & no data.";
      char *last = g_ptr_array_index (paragraphs, paragraphs->len - 1);

      paragraphs->pdata[paragraphs->len - 1] = g_strconcat (last, markup, NULL);
      g_free (last);
      count_words_in (gen, markup);
    }

  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    if (chance (gen, phrase_rate[i]))
      {
        char *first = g_ptr_array_index (paragraphs, 0);

        paragraphs->pdata[0] = g_strdup_printf ("%s What about the %s?", first, phrases[i]);
        g_free (first);
        count_words_in (gen, "what about the");
        count_words_in (gen, phrases[i]);
        gen->phrase_df[i]++;
      }

  for (guint i = 0; i < RARE_WORD_COUNT; i++)
    if (g_rand_double (gen->rand) < gen->rare_rate[i])
      {
        guint word = gen->n_function + gen->n_content + i;
        char *last = g_ptr_array_index (paragraphs, paragraphs->len - 1);

        paragraphs->pdata[paragraphs->len - 1] = g_strdup_printf ("%s Sheer %s.", last,
                                                                  rare_words[i]);
        g_free (last);
        count_word (gen, word);
      }
  return paragraphs;
}

/* One article. */

static guint
draw_comment_count (Generator *gen,
                    guint      index)
{
  guint fixed = g_array_index (gen->fixed_size, guint, index);
  double mean, x;
  guint64 n;

  if (fixed != G_MAXUINT)
    return fixed;

  g_assert (gen->drawn_left > 0);
  if (gen->drawn_left == 1)
    n = gen->comments_left;
  else
    {
      /* Log-normal around what is left per article: most articles have a
       * few comments, some have hundreds, and the total comes out exact. */
      mean = (double) gen->comments_left / gen->drawn_left;
      x = mean * exp (1.1 * normal (gen) - 1.1 * 1.1 / 2);
      n = (guint64) MIN (x + 0.5, MIN ((double) gen->comments_left, mean * 40 + 10));
    }
  gen->drawn_left--;
  gen->comments_left -= n;
  return (guint) n;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The threads: each comment is top level or answers the last comment one
 * level up, as a nested list shows it; conversations tend to go deeper. */
static void
make_comments (Generator  *gen,
               GenArticle *article,
               guint       n)
{
  int chain[MAX_DEPTH + 1];
  g_autoptr(GArray) top_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 online = article->published + (gint64) (g_rand_double_range (gen->rand, -18, 12) * 3600);
  guint next_top = 0;
  int last_depth = -1;

  g_array_set_size (article->comments, n);
  for (guint i = 0; i < n; i++)
    {
      GenComment *comment = &g_array_index (article->comments, GenComment, i);
      int depth = 0;

      if (last_depth >= 0 && chance (gen, 0.4))
        {
          depth = MIN (last_depth + 1, MAX_DEPTH);
          /* Sometimes the reply goes to a comment higher up the chain. */
          if (depth > 1 && chance (gen, 0.35))
            depth = g_rand_int_range (gen->rand, 1, depth + 1);
        }
      comment->depth = depth;
      comment->parent = depth > 0 ? chain[depth - 1] : -1;
      chain[depth] = i;
      last_depth = depth;

      comment->author = draw_rank (gen, gen->author_cdf, gen->authors->len);
      /* Back and forth: the reply to a reply often comes from the first. */
      if (depth >= 2 && chance (gen, 0.3))
        comment->author = g_array_index (article->comments, GenComment,
                                         g_array_index (article->comments, GenComment,
                                                        comment->parent).parent).author;
      comment->spelling = comment->author % 20 == 7 ? pick (gen, 3) : 0;
      gen->author_count[comment->author]++;
      comment->paragraphs = make_comment_text (gen);
      comment->replies = 0;
      if (comment->parent >= 0)
        g_array_index (article->comments, GenComment, comment->parent).replies++;
      else
        {
          /* Mostly after the article went up, some before the print date,
           * a long tail over the following days. */
          gint64 offset = (gint64) MIN (exponential (gen, 20 * 3600), 14.0 * SECONDS_PER_DAY);
          gint64 t = online + offset;

          g_array_append_val (top_times, t);
        }
    }

  g_array_sort (top_times, compare_gint64);
  for (guint i = 0; i < n; i++)
    {
      GenComment *comment = &g_array_index (article->comments, GenComment, i);

      if (comment->parent < 0)
        comment->posted = g_array_index (top_times, gint64, next_top++);
      else
        comment->posted = g_array_index (article->comments, GenComment, comment->parent).posted +
                          60 + (gint64) exponential (gen, 90 * 60);
      comment->posted -= comment->posted % 60;
      gen->first_comment = MIN (gen->first_comment, comment->posted);
      gen->last_comment = MAX (gen->last_comment, comment->posted);
    }
}

static char *
make_title (Generator *gen)
{
  for (;;)
    {
      GString *title = g_string_new (NULL);
      int n = g_rand_int_range (gen->rand, 5, 11);

      for (int i = 0; i < n; i++)
        {
          guint word = i == 0 || chance (gen, 0.7)
                       ? gen->n_function + draw_rank (gen, gen->content_cdf, gen->n_content)
                       : pick (gen, gen->n_function);

          if (i > 0)
            g_string_append_c (title, ' ');
          g_string_append (title, g_ptr_array_index (gen->words, word));
        }
      title->str[0] = g_ascii_toupper (title->str[0]);
      /* Titles are unique, so that no two articles merge on import. */
      if (!g_hash_table_contains (gen->titles, title->str))
        {
          g_hash_table_add (gen->titles, g_strdup (title->str));
          return g_string_free (title, FALSE);
        }
      g_string_free (title, TRUE);
    }
}

static void
make_article (Generator  *gen,
              GenArticle *article,
              guint       index)
{
  int n_paragraphs = g_rand_int_range (gen->rand, 4, 13);
  guint n_comments = draw_comment_count (gen, index);

  gen_article_reset (article);
  article->index = index;
  article->title = make_title (gen);
  article->source = pick (gen, G_N_ELEMENTS (sources));
  article->section = chance (gen, 0.85) ? sections[pick (gen, G_N_ELEMENTS (sections))] : NULL;
  article->published = FIRST_DAY + (gint64) pick (gen, N_DAYS) * SECONDS_PER_DAY;
  article->printed = chance (gen, 0.9)
                     ? article->published + (chance (gen, 0.3) ? SECONDS_PER_DAY : 0) : -1;
  if (chance (gen, 0.7))
    {
      char *sentence = make_paragraph (gen, 1, 1, 6, 12, FALSE);

      article->caption = g_strdup_printf ("%s PHOTO: %s", sentence,
                                          credits[pick (gen, G_N_ELEMENTS (credits))]);
      article->caption_twice = chance (gen, 0.6);
      g_free (sentence);
    }
  article->dateline = chance (gen, 0.8) ? datelines[pick (gen, G_N_ELEMENTS (datelines))] : NULL;
  article->dateline_nbsp = chance (gen, 0.1);
  for (int i = 0; i < n_paragraphs; i++)
    g_ptr_array_add (article->body, make_paragraph (gen, 2, 5, 8, 24, FALSE));
  make_comments (gen, article, n_comments);
  article->declared = (int) n_comments + (chance (gen, 0.05) ? (int) pick (gen, 5) + 1 : 0);
}

/* Dates as pages print them, and as Clippings stores them. */

static void
split_time (gint64     t,
            struct tm *tm)
{
  time_t value = (time_t) t;

  gmtime_r (&value, tm);
}

static void
append_long_day (GString *out,
                 gint64   t,
                 gboolean ordinal)
{
  struct tm tm;
  const char *suffix = "";

  split_time (t, &tm);
  if (ordinal)
    suffix = tm.tm_mday % 10 == 1 && tm.tm_mday != 11 ? "st"
             : tm.tm_mday % 10 == 2 && tm.tm_mday != 12 ? "nd"
             : tm.tm_mday % 10 == 3 && tm.tm_mday != 13 ? "rd" : "th";
  g_string_append_printf (out, "%s %d%s, %d", month_names[tm.tm_mon], tm.tm_mday, suffix,
                          tm.tm_year + 1900);
}

/* "Mar 13, 2019 - 9:12PM" */
static void
append_comment_time (GString *out,
                     gint64   t)
{
  struct tm tm;
  int hour;

  split_time (t, &tm);
  hour = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
  g_string_append_printf (out, "%.3s %d, %d - %d:%02d%s", month_names[tm.tm_mon], tm.tm_mday,
                          tm.tm_year + 1900, hour, tm.tm_min, tm.tm_hour < 12 ? "AM" : "PM");
}

static void
append_iso (GString *out,
            gint64   t,
            gboolean with_time)
{
  struct tm tm;

  split_time (t, &tm);
  g_string_append_printf (out, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  if (with_time)
    g_string_append_printf (out, "T%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static const char *
author_name (Generator  *gen,
             GenComment *comment,
             GString    *scratch)
{
  const char *name = g_ptr_array_index (gen->authors, comment->author);

  if (comment->spelling == 0)
    return name;
  g_string_assign (scratch, name);
  for (gsize i = 0; i < scratch->len; i++)
    scratch->str[i] = comment->spelling == 1 ? g_ascii_tolower (scratch->str[i])
                                             : g_ascii_toupper (scratch->str[i]);
  return scratch->str;
}

static gboolean
write_file (const char  *path,
            GString     *contents,
            GError     **error)
{
  FILE *file = fopen (path, "wb");
  gboolean ok;

  if (file == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not create %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  ok = fwrite (contents->str, 1, contents->len, file) == contents->len;
  ok = fclose (file) == 0 && ok;
  if (!ok)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "Could not write %s", path);
  return ok;
}

/* The saved-article text format, one file per article. */

static gboolean
text_begin (Generator  *gen,
            GError    **error)
{
  return TRUE;
}

static void
append_indented (GString    *out,
                 int         indent,
                 const char *text)
{
  const char *line = text;

  for (;;)
    {
      const char *end = strchr (line, '\n');

      for (int i = 0; i < indent; i++)
        g_string_append_c (out, ' ');
      g_string_append_len (out, line, end != NULL ? end - line : (gssize) strlen (line));
      g_string_append_c (out, '\n');
      if (end == NULL)
        break;
      line = end + 1;
    }
}

static gboolean
text_write_article (Generator   *gen,
                    GenArticle  *article,
                    GError     **error)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  GString *out = gen->buffer;
  guint folder = article->index / FILES_PER_FOLDER;
  g_autofree char *dir = g_strdup_printf ("%s/text/%03u", gen->out, folder);

  if (article->index % FILES_PER_FOLDER == 0 && g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not create %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  g_string_truncate (out, 0);
  g_string_append_printf (out, "%s\n\n", article->title);
  g_string_append (out, "Published: ");
  append_long_day (out, article->published, FALSE);
  g_string_append_c (out, '\n');
  if (article->caption != NULL)
    {
      g_string_append_printf (out, "%s\n\n", article->caption);
      if (article->caption_twice)
        g_string_append_printf (out, "%s\n\n", article->caption);
    }
  else
    g_string_append_c (out, '\n');

  for (guint i = 0; i < article->body->len; i++)
    {
      if (i == 0 && article->dateline != NULL)
        g_string_append_printf (out, "%s:%s", article->dateline,
                                article->dateline_nbsp ? "\u00a0" : " ");
      g_string_append_printf (out, "%s\n\n", (const char *) g_ptr_array_index (article->body, i));
    }

  if (article->printed >= 0)
    {
      g_string_append_printf (out, "Published in %s, ", sources[article->source]);
      append_long_day (out, article->printed, TRUE);
      g_string_append (out, ".\n\n");
    }
  g_string_append_printf (out, "Facebook Conversations\n\nReader Comments (%d)\n\n",
                          article->declared);

  for (guint i = 0; i < article->comments->len; i++)
    {
      GenComment *comment = &g_array_index (article->comments, GenComment, i);
      int bullet = 2 + 4 * comment->depth;

      for (int k = 0; k < bullet; k++)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "\u2022 %s\n", author_name (gen, comment, scratch));
      for (int k = 0; k < bullet + 2; k++)
        g_string_append_c (out, ' ');
      append_comment_time (out, comment->posted);
      /* Pages print one blank line under the time, some two. */
      g_string_append (out, comment->author % 3 == 0 ? "\n\n\n" : "\n\n");
      for (guint p = 0; p < comment->paragraphs->len; p++)
        {
          if (p > 0)
            g_string_append_c (out, '\n');
          append_indented (out, bullet + 2, g_ptr_array_index (comment->paragraphs, p));
        }
      g_string_append (out, "\n\n");
    }
  if (article->section != NULL)
    g_string_append_printf (out, "More in %s\n", article->section);

  g_free (gen->file_name);
  gen->file_name = g_strdup_printf ("text/%03u/article-%06u.txt", folder, article->index);
  article->file = gen->file_name;
  article->file_size = out->len;
  {
    g_autofree char *path = g_build_filename (gen->out, gen->file_name, NULL);

    if (!write_file (path, out, error))
      return FALSE;
  }
  gen->format_bytes += out->len;
  return TRUE;
}

static gboolean
text_finish (Generator  *gen,
             GError    **error)
{
  return TRUE;
}

/* The formats that hold a whole archive in one file: Disqus XML,
 * WordPress WXR and Clippings JSON. Each writes its file as a stream, an
 * article and its comments at a time, into FORMAT/export.EXT. */

static gboolean
open_export (Generator   *gen,
             const char  *folder,
             const char  *extension,
             GError     **error)
{
  g_autofree char *dir = g_build_filename (gen->out, folder, NULL);
  g_autofree char *path = NULL;

  g_free (gen->file_name);
  gen->file_name = g_strdup_printf ("%s/export.%s", folder, extension);
  path = g_build_filename (gen->out, gen->file_name, NULL);
  if (g_mkdir_with_parents (dir, 0755) != 0 || (gen->export = fopen (path, "wb")) == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not create %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  setvbuf (gen->export, NULL, _IOFBF, 1 << 20);
  return TRUE;
}

static gboolean
write_export (Generator  *gen,
              GString    *out,
              GError    **error)
{
  if (fwrite (out->str, 1, out->len, gen->export) != out->len)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "Could not write %s", gen->file_name);
      return FALSE;
    }
  gen->format_bytes += out->len;
  g_string_truncate (out, 0);
  return TRUE;
}

static gboolean
close_export (Generator  *gen,
              const char *tail,
              GError    **error)
{
  gboolean ok = fputs (tail, gen->export) >= 0;

  gen->format_bytes += strlen (tail);
  ok = fclose (gen->export) == 0 && ok;
  gen->export = NULL;
  if (!ok)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "Could not write %s", gen->file_name);
  return ok;
}

/* Text as XML character data. */
static void
append_xml (GString    *out,
            const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, escaped);
}

/* A comment's paragraphs as the HTML Disqus and WordPress keep. */
static void
append_comment_html (GString    *out,
                     GenComment *comment)
{
  for (guint p = 0; p < comment->paragraphs->len; p++)
    {
      g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (comment->paragraphs, p),
                                                       -1);
      g_auto(GStrv) lines = g_strsplit (escaped, "\n", -1);
      g_autofree char *joined = g_strjoinv ("<br>", lines);

      g_string_append_printf (out, "<p>%s</p>", joined);
    }
}

/* "2019-03-13T21:12:00", or with @separator ' ' as WordPress writes. */
static void
append_time (GString *out,
             gint64   t,
             char     separator)
{
  gsize at = out->len;

  append_iso (out, t, TRUE);
  out->str[at + 10] = separator;
}

static const char *
source_host (guint source)
{
  static const char * const hosts[] = {
    "ledger.example", "meridian.example", "northernpost.example", "harbourgazette.example",
    "courier.example", "valleytimes.example", "tribune.example", "islandherald.example",
    "frontier.example", "observer.example", "chronicle.example", "dispatch.example",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (hosts) == G_N_ELEMENTS (sources));
  return hosts[source];
}

/* Disqus: a <thread> per article, its <post>s after it. */

static gboolean
disqus_begin (Generator  *gen,
              GError    **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (!open_export (gen, "disqus", "xml", error))
    return FALSE;
  g_string_append (out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                        "<disqus xmlns=\"http://disqus.com\""
                        " xmlns:dsq=\"http://disqus.com/disqus-internals\">\n"
                        "  <category dsq:id=\"1\">\n    <forum>bench</forum>\n"
                        "    <title>General</title>\n    <isDefault>true</isDefault>\n"
                        "  </category>\n");
  return write_export (gen, out, error);
}

static gboolean
disqus_write_article (Generator   *gen,
                      GenArticle  *article,
                      GError     **error)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  GString *out = gen->buffer;

  g_string_truncate (out, 0);
  g_string_append_printf (out, "  <thread dsq:id=\"%u\">\n    <id>article-%u</id>\n"
                               "    <forum>bench</forum>\n    <category dsq:id=\"1\" />\n"
                               "    <link>https://%s/%u</link>\n    <title>",
                          article->index + 1, article->index, source_host (article->source),
                          article->index);
  append_xml (out, article->title);
  g_string_append (out, "</title>\n    <message />\n    <createdAt>");
  append_time (out, article->published + 12 * 3600, 'T');
  g_string_append (out, "Z</createdAt>\n    <author><name>Desk</name>"
                        "<isAnonymous>false</isAnonymous></author>\n"
                        "    <isClosed>false</isClosed>\n    <isDeleted>false</isDeleted>\n"
                        "  </thread>\n");
  for (guint i = 0; i < article->comments->len; i++)
    {
      GenComment *comment = &g_array_index (article->comments, GenComment, i);
      guint64 id = gen->comments_written + i + 1;

      g_string_append_printf (out, "  <post dsq:id=\"%" G_GUINT64_FORMAT "\">\n    <id />\n"
                                   "    <message><![CDATA[", id);
      append_comment_html (out, comment);
      g_string_append (out, "]]></message>\n    <createdAt>");
      append_time (out, comment->posted, 'T');
      g_string_append (out, "Z</createdAt>\n    <isDeleted>false</isDeleted>\n"
                            "    <isSpam>false</isSpam>\n    <author><name>");
      append_xml (out, author_name (gen, comment, scratch));
      g_string_append_printf (out, "</name><isAnonymous>false</isAnonymous></author>\n"
                                   "    <thread dsq:id=\"%u\" />\n", article->index + 1);
      if (comment->parent >= 0)
        g_string_append_printf (out, "    <parent dsq:id=\"%" G_GUINT64_FORMAT "\" />\n",
                                gen->comments_written + comment->parent + 1);
      g_string_append (out, "  </post>\n");
    }
  article->file = gen->file_name;
  article->file_size = 0;
  return write_export (gen, out, error);
}

static gboolean
disqus_finish (Generator  *gen,
               GError    **error)
{
  return close_export (gen, "</disqus>\n", error);
}

/* WordPress: an <item> per article, with its <wp:comment>s; the site's
 * clock is UTC, so local and GMT times agree. */

static gboolean
wxr_begin (Generator  *gen,
           GError    **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (!open_export (gen, "wxr", "xml", error))
    return FALSE;
  g_string_append (out, "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
                        "<rss version=\"2.0\""
                        " xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\""
                        " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
                        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                        " xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n"
                        "\t<title>The Bench Gazette</title>\n"
                        "\t<link>https://gazette.example</link>\n"
                        "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
                        "\t<wp:base_site_url>https://gazette.example</wp:base_site_url>\n");
  return write_export (gen, out, error);
}

static gboolean
wxr_write_article (Generator   *gen,
                   GenArticle  *article,
                   GError     **error)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  GString *out = gen->buffer;

  g_string_truncate (out, 0);
  g_string_append (out, "\t<item>\n\t\t<title>");
  append_xml (out, article->title);
  g_string_append_printf (out, "</title>\n\t\t<link>https://gazette.example/%u/</link>\n"
                               "\t\t<content:encoded><![CDATA[", article->index);
  for (guint i = 0; i < article->body->len; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (article->body, i), -1);

      g_string_append_printf (out, "<p>%s</p>\n", escaped);
    }
  g_string_append_printf (out, "]]></content:encoded>\n\t\t<wp:post_id>%u</wp:post_id>\n"
                               "\t\t<wp:post_date>", article->index + 1);
  append_time (out, article->published + 12 * 3600, ' ');
  g_string_append (out, "</wp:post_date>\n\t\t<wp:post_date_gmt>");
  append_time (out, article->published + 12 * 3600, ' ');
  g_string_append (out, "</wp:post_date_gmt>\n\t\t<wp:status>publish</wp:status>\n"
                        "\t\t<wp:post_type>post</wp:post_type>\n");
  for (guint i = 0; i < article->comments->len; i++)
    {
      GenComment *comment = &g_array_index (article->comments, GenComment, i);

      g_string_append_printf (out, "\t\t<wp:comment>\n\t\t\t<wp:comment_id>%u</wp:comment_id>\n"
                                   "\t\t\t<wp:comment_author><![CDATA[", i + 1);
      g_string_append (out, author_name (gen, comment, scratch));
      g_string_append (out, "]]></wp:comment_author>\n\t\t\t<wp:comment_date>");
      append_time (out, comment->posted, ' ');
      g_string_append (out, "</wp:comment_date>\n\t\t\t<wp:comment_date_gmt>");
      append_time (out, comment->posted, ' ');
      g_string_append (out, "</wp:comment_date_gmt>\n\t\t\t<wp:comment_content><![CDATA[");
      append_comment_html (out, comment);
      g_string_append_printf (out, "]]></wp:comment_content>\n"
                                   "\t\t\t<wp:comment_approved>1</wp:comment_approved>\n"
                                   "\t\t\t<wp:comment_type>comment</wp:comment_type>\n"
                                   "\t\t\t<wp:comment_parent>%d</wp:comment_parent>\n"
                                   "\t\t</wp:comment>\n", comment->parent + 1);
    }
  g_string_append (out, "\t</item>\n");
  article->file = gen->file_name;
  article->file_size = 0;
  return write_export (gen, out, error);
}

static gboolean
wxr_finish (Generator  *gen,
            GError    **error)
{
  return close_export (gen, "</channel>\n</rss>\n", error);
}

/* Clippings JSON (README), an article at a time. */

static void
append_json (GString    *out,
             const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
json_begin (Generator  *gen,
            GError    **error)
{
  g_autoptr(GString) out = g_string_new ("{\"format\": \"clippings\", \"version\": 1, \"articles\": [");

  return open_export (gen, "json", "json", error) && write_export (gen, out, error);
}

static gboolean
json_write_article (Generator   *gen,
                    GenArticle  *article,
                    GError     **error)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(GString) field = g_string_new (NULL);
  GString *out = gen->buffer;

  g_string_truncate (out, 0);
  g_string_append_printf (out, "%s\n{\"id\": %u, \"title\": ", article->index > 0 ? "," : "",
                          article->index + 1);
  append_json (out, article->title);
  if (article->printed >= 0)
    {
      g_string_append (out, ", \"source\": ");
      append_json (out, sources[article->source]);
    }
  if (article->section != NULL)
    {
      g_string_append (out, ", \"section\": ");
      append_json (out, article->section);
    }
  g_string_append (out, ", \"published\": \"");
  append_iso (out, article->published, FALSE);
  g_string_append (out, "\", \"body\": [");
  for (guint i = 0; i < article->body->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_json (out, g_ptr_array_index (article->body, i));
    }
  g_string_append_printf (out, "], \"declared_comment_count\": %d, \"comments\": [",
                          article->declared);
  for (guint i = 0; i < article->comments->len; i++)
    {
      GenComment *comment = &g_array_index (article->comments, GenComment, i);

      g_string_append_printf (out, "%s\n {\"id\": %u, \"parent_id\": ", i > 0 ? "," : "", i + 1);
      if (comment->parent >= 0)
        g_string_append_printf (out, "%d", comment->parent + 1);
      else
        g_string_append (out, "null");
      g_string_append (out, ", \"author\": ");
      append_json (out, author_name (gen, comment, scratch));
      g_string_append (out, ", \"posted_at\": \"");
      append_iso (out, comment->posted, TRUE);
      g_string_append (out, "\", \"text\": ");
      g_string_truncate (field, 0);
      for (guint p = 0; p < comment->paragraphs->len; p++)
        g_string_append_printf (field, "%s%s", p > 0 ? "\n\n" : "",
                                (const char *) g_ptr_array_index (comment->paragraphs, p));
      append_json (out, field->str);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  article->file = gen->file_name;
  article->file_size = 0;
  return write_export (gen, out, error);
}

static gboolean
json_finish (Generator  *gen,
             GError    **error)
{
  return close_export (gen, "\n]}\n", error);
}

/* Formats the archive can be written in: the folder of saved pages, or
 * one export file in a format that holds many articles. */
static const ArchiveWriter format_writers[] = {
  { "text", "saved-article text (FORMATS.md §1), one file per article",
    text_begin, text_write_article, text_finish },
  { "disqus", "one Disqus comments export (FORMATS.md §2), disqus/export.xml",
    disqus_begin, disqus_write_article, disqus_finish },
  { "wxr", "one WordPress export, WXR 1.2 (FORMATS.md §3), wxr/export.xml",
    wxr_begin, wxr_write_article, wxr_finish },
  { "json", "one Clippings JSON export (README), json/export.json",
    json_begin, json_write_article, json_finish },
};

/* The rows an import of the archive makes, one line each, for the bare
 * SQLite baseline (tests/bench/bench-baseline-import.c reads them). Fields are
 * separated by tabs; a backslash escapes a tab (\t), a line break (\n) and
 * itself (\\); an empty field is NULL where the column allows it.
 *
 *   S  source_id name
 *   A  file file_size source_id (empty: none) title section published print_date dateline
 *      caption body declared_comment_count comment_count
 *   C  parent_position depth reply_count author posted_at text
 *
 * A comment belongs to the article above it; positions count from 0 within
 * the article and parent_position is -1 at the top level. */

static void
append_field (GString    *out,
              const char *text)
{
  g_string_append_c (out, '\t');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '\t')
        g_string_append (out, "\\t");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\\')
        g_string_append (out, "\\\\");
      else
        g_string_append_c (out, *p);
    }
}

static gboolean
rows_begin (Generator  *gen,
            GError    **error)
{
  g_autofree char *path = g_build_filename (gen->out, "rows.tsv", NULL);

  gen->rows = fopen (path, "wb");
  if (gen->rows == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not create %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  setvbuf (gen->rows, NULL, _IOFBF, 1 << 20);
  fprintf (gen->rows, "# clippings-bench-rows %d\n", GENERATOR_VERSION);
  return TRUE;
}

static gboolean
rows_write_article (Generator   *gen,
                    GenArticle  *article,
                    GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) field = g_string_new (NULL);
  g_autoptr(GString) scratch = g_string_new (NULL);

  /* The page names its source in the print footer only. Sources get ids
   * in the order the import first meets them. */
  gboolean has_source = article->printed >= 0;

  if (has_source && ((gen->sources_written >> article->source) & 1) == 0)
    {
      gen->sources_written |= 1u << article->source;
      g_string_append_printf (out, "S\t%u", article->source);
      append_field (out, sources[article->source]);
      g_string_append_c (out, '\n');
    }

  g_string_append_printf (out, "A\t%s\t%" G_GSIZE_FORMAT "\t", article->file,
                          article->file_size);
  if (has_source)
    g_string_append_printf (out, "%u", article->source);
  append_field (out, article->title);
  append_field (out, article->section);
  g_string_truncate (field, 0);
  append_iso (field, article->published, FALSE);
  append_field (out, field->str);
  g_string_truncate (field, 0);
  if (article->printed >= 0)
    append_iso (field, article->printed, FALSE);
  append_field (out, field->str);
  append_field (out, article->dateline);
  append_field (out, article->caption);
  g_string_truncate (field, 0);
  for (guint i = 0; i < article->body->len; i++)
    g_string_append_printf (field, "%s%s", i > 0 ? "\n\n" : "",
                            (const char *) g_ptr_array_index (article->body, i));
  append_field (out, field->str);
  g_string_append_printf (out, "\t%d\t%u\n", article->declared, article->comments->len);

  for (guint i = 0; i < article->comments->len; i++)
    {
      GenComment *comment = &g_array_index (article->comments, GenComment, i);

      g_string_append_printf (out, "C\t%d\t%d\t%d", comment->parent, comment->depth,
                              comment->replies);
      append_field (out, author_name (gen, comment, scratch));
      g_string_truncate (field, 0);
      append_iso (field, comment->posted, TRUE);
      append_field (out, field->str);
      g_string_truncate (field, 0);
      for (guint p = 0; p < comment->paragraphs->len; p++)
        g_string_append_printf (field, "%s%s", p > 0 ? "\n\n" : "",
                                (const char *) g_ptr_array_index (comment->paragraphs, p));
      append_field (out, field->str);
      g_string_append_c (out, '\n');
    }

  if (fwrite (out->str, 1, out->len, gen->rows) != out->len)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "Could not write rows.tsv");
      return FALSE;
    }
  return TRUE;
}

static gboolean
rows_finish (Generator  *gen,
             GError    **error)
{
  gboolean ok = fclose (gen->rows) == 0;

  gen->rows = NULL;
  if (!ok)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "Could not write rows.tsv");
  return ok;
}

static const ArchiveWriter rows_writer = {
  "rows", "the rows an import makes, for the bare-SQLite baseline",
  rows_begin, rows_write_article, rows_finish,
};

G_STATIC_ASSERT (G_N_ELEMENTS (sources) <= 32);

/* What the archive holds, for the benchmarks to choose queries from. */

typedef struct
{
  guint   index;
  guint64 count;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static void
set_ranked (GKeyFile   *manifest,
            const char *group,
            const char *key,
            GPtrArray  *names,
            Ranked     *ranked,
            guint       n)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *counts_key = g_strconcat (key, "-comments", NULL);

  for (guint i = 0; i < n; i++)
    {
      int count = (int) ranked[i].count;

      g_ptr_array_add (list, g_ptr_array_index (names, ranked[i].index));
      g_array_append_val (counts, count);
    }
  g_key_file_set_string_list (manifest, group, key, (const char * const *) list->pdata, list->len);
  g_key_file_set_integer_list (manifest, group, counts_key, (int *) counts->data, counts->len);
}

static gboolean
write_manifest (Generator  *gen,
                GError    **error)
{
  g_autoptr(GKeyFile) manifest = g_key_file_new ();
  g_autoptr(GString) day = g_string_new (NULL);
  g_autofree char *path = g_build_filename (gen->out, "manifest.ini", NULL);
  g_autofree Ranked *content = g_new (Ranked, gen->n_content);
  g_autofree Ranked *rare = g_new (Ranked, RARE_WORD_COUNT);
  g_autofree Ranked *authors = g_new (Ranked, gen->authors->len);
  g_autoptr(GPtrArray) phrase_list = g_ptr_array_new ();
  int phrase_counts[G_N_ELEMENTS (phrases)];

  g_key_file_set_comment (manifest, NULL, NULL,
                          " Written by tests/generate-archive; the benchmarks read it.", NULL);
  g_key_file_set_integer (manifest, "archive", "generator-version", GENERATOR_VERSION);
  g_key_file_set_uint64 (manifest, "archive", "seed", gen->seed);
  g_key_file_set_uint64 (manifest, "archive", "articles", gen->articles);
  g_key_file_set_uint64 (manifest, "archive", "comments", gen->comments_written);
  g_key_file_set_string (manifest, "archive", "format", gen->format->name);
  /* What to import: the folder of the format's files, named after it. */
  g_key_file_set_string (manifest, "archive", "folder", gen->format->name);
  g_key_file_set_uint64 (manifest, "archive", "bytes", gen->format_bytes);
  g_key_file_set_string (manifest, "archive", "rows", "rows.tsv");
  g_string_truncate (day, 0);
  append_iso (day, FIRST_DAY, FALSE);
  g_key_file_set_string (manifest, "archive", "first-published", day->str);
  g_string_truncate (day, 0);
  append_iso (day, FIRST_DAY + (gint64) (N_DAYS - 1) * SECONDS_PER_DAY, FALSE);
  g_key_file_set_string (manifest, "archive", "last-published", day->str);
  if (gen->comments_written > 0)
    {
      g_string_truncate (day, 0);
      append_iso (day, gen->first_comment, TRUE);
      g_key_file_set_string (manifest, "archive", "first-comment", day->str);
      g_string_truncate (day, 0);
      append_iso (day, gen->last_comment, TRUE);
      g_key_file_set_string (manifest, "archive", "last-comment", day->str);
    }

  /* The huge threads, for the reading-view benchmark; their article ids
   * are those of an import of the whole folder into an empty archive. */
  if (gen->thread_files->len > 0)
    {
      g_key_file_set_integer_list (manifest, "threads", "sizes", (int *) gen->thread_sizes->data,
                                   gen->thread_files->len);
      g_key_file_set_string_list (manifest, "threads", "files",
                                  (const char * const *) gen->thread_files->pdata,
                                  gen->thread_files->len);
      g_key_file_set_integer_list (manifest, "threads", "article-ids",
                                   (int *) gen->thread_ids->data, gen->thread_ids->len);
    }

  for (guint i = 0; i < gen->n_content; i++)
    content[i] = (Ranked) { gen->n_function + i, gen->comment_df[gen->n_function + i] };
  qsort (content, gen->n_content, sizeof (Ranked), compare_ranked);
  g_key_file_set_comment (manifest, "words", NULL,
                          " Counts are comments that hold the word (or phrase).", NULL);
  set_ranked (manifest, "words", "common", gen->words, content, MIN (12, gen->n_content));
  for (guint i = 0; i < RARE_WORD_COUNT; i++)
    {
      guint word = gen->n_function + gen->n_content + i;

      rare[i] = (Ranked) { word, gen->comment_df[word] };
    }
  qsort (rare, RARE_WORD_COUNT, sizeof (Ranked), compare_ranked);
  /* Rarest first. */
  for (guint i = 0; i < RARE_WORD_COUNT / 2; i++)
    {
      Ranked swap = rare[i];

      rare[i] = rare[RARE_WORD_COUNT - 1 - i];
      rare[RARE_WORD_COUNT - 1 - i] = swap;
    }
  set_ranked (manifest, "words", "rare", gen->words, rare, RARE_WORD_COUNT);
  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    {
      g_ptr_array_add (phrase_list, (gpointer) phrases[i]);
      phrase_counts[i] = (int) gen->phrase_df[i];
    }
  g_key_file_set_string_list (manifest, "words", "phrases",
                              (const char * const *) phrase_list->pdata, phrase_list->len);
  g_key_file_set_integer_list (manifest, "words", "phrases-comments", phrase_counts,
                               G_N_ELEMENTS (phrases));

  for (guint i = 0; i < gen->authors->len; i++)
    authors[i] = (Ranked) { i, gen->author_count[i] };
  qsort (authors, gen->authors->len, sizeof (Ranked), compare_ranked);
  g_key_file_set_comment (manifest, "authors", NULL,
                          " Names as in the pool; some comments spell them in another case.",
                          NULL);
  set_ranked (manifest, "authors", "top", gen->authors, authors, MIN (10, gen->authors->len));

  return g_key_file_save_to_file (manifest, path, error);
}

/* A few words of a [words] list with their comment counts, as recorded. */
static void
print_words (GKeyFile   *manifest,
             const char *key,
             const char *title)
{
  g_autofree char *counts_key = g_strconcat (key, "-comments", NULL);
  g_auto(GStrv) words = g_key_file_get_string_list (manifest, "words", key, NULL, NULL);
  g_autofree int *counts = NULL;
  gsize n = 0;

  counts = g_key_file_get_integer_list (manifest, "words", counts_key, &n, NULL);
  g_print ("%s:", title);
  for (gsize i = 0; words != NULL && words[i] != NULL && i < n && i < 6; i++)
    g_print (" %s (%d)", words[i], counts[i]);
  g_print ("\n");
}

static void
print_summary (Generator *gen,
               double     seconds)
{
  g_autofree char *size = g_format_size (gen->format_bytes);
  g_autofree char *path = g_build_filename (gen->out, "manifest.ini", NULL);
  g_autoptr(GKeyFile) manifest = g_key_file_new ();

  g_print ("Wrote %u articles, %" G_GUINT64_FORMAT " comments (%s of %s) to %s in %.1f s\n",
           gen->articles, gen->comments_written, size, gen->format->name, gen->out, seconds);
  if (g_key_file_load_from_file (manifest, path, G_KEY_FILE_NONE, NULL))
    {
      print_words (manifest, "common", "Common words, comments holding them");
      print_words (manifest, "rare", "Rare words");
    }
  g_print ("All of them, the huge threads and frequent authors are in %s\n", path);
}

/* Options. */

static gboolean
parse_sizes (const char  *text,
             GArray      *sizes,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 value;

      if (*g_strstrip (parts[i]) == '\0')
        continue;
      if (!g_ascii_string_to_unsigned (parts[i], 10, 0, 10000000, &value, error))
        return FALSE;
      g_array_append_vals (sizes, &(guint) { (guint) value }, 1);
    }
  return TRUE;
}

static gboolean
is_empty_or_missing (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir == NULL || g_dir_read_name (dir) == NULL;
}

static gboolean
generate (Generator  *gen,
          GError    **error)
{
  const ArchiveWriter *writers[] = { gen->format, &rows_writer };
  GenArticle article = { 0 };
  guint64 fixed_total = 0;
  gboolean ok = TRUE;

  gen->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gen->buffer = g_string_sized_new (1 << 16);
  gen->thread_files = g_ptr_array_new_with_free_func (g_free);
  gen->thread_ids = g_array_new (FALSE, FALSE, sizeof (int));
  gen->first_comment = G_MAXINT64;
  gen->last_comment = G_MININT64;

  /* The huge threads sit at even intervals through the archive. */
  gen->fixed_size = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_set_size (gen->fixed_size, gen->articles);
  memset (gen->fixed_size->data, 0xff, sizeof (guint) * gen->articles);
  g_array_set_size (gen->thread_sizes, MIN (gen->thread_sizes->len, gen->articles));
  for (guint j = 0; j < gen->thread_sizes->len; j++)
    {
      guint index = (guint) ((guint64) (j + 1) * gen->articles / (gen->thread_sizes->len + 1));
      guint size = g_array_index (gen->thread_sizes, guint, j);

      g_array_index (gen->fixed_size, guint, index) = size;
      fixed_total += size;
    }
  /* Huge threads beyond the total asked for raise it: word and author
   * frequencies follow the comments there will be. */
  gen->comments = MAX (gen->comments, fixed_total);
  gen->comments_left = gen->comments - fixed_total;
  gen->drawn_left = gen->articles - gen->thread_sizes->len;
  build_vocabulary (gen);
  build_authors (gen);

  article.body = g_ptr_array_new_with_free_func (g_free);
  article.comments = g_array_new (FALSE, TRUE, sizeof (GenComment));
  g_array_set_clear_func (article.comments, (GDestroyNotify) gen_comment_clear);

  for (guint w = 0; ok && w < G_N_ELEMENTS (writers); w++)
    ok = writers[w]->begin (gen, error);
  for (guint i = 0; ok && i < gen->articles; i++)
    {
      make_article (gen, &article, i);
      for (guint w = 0; ok && w < G_N_ELEMENTS (writers); w++)
        ok = writers[w]->write_article (gen, &article, error);
      gen->comments_written += article.comments->len;
      if (g_array_index (gen->fixed_size, guint, i) != G_MAXUINT)
        {
          int id = (int) i + 1;

          g_ptr_array_add (gen->thread_files, g_strdup (article.file));
          g_array_append_val (gen->thread_ids, id);
        }
    }
  for (guint w = 0; ok && w < G_N_ELEMENTS (writers); w++)
    ok = writers[w]->finish (gen, error);

  gen_article_reset (&article);
  g_ptr_array_unref (article.body);
  g_array_unref (article.comments);
  return ok && write_manifest (gen, error);
}

static void
generator_clear (Generator *gen)
{
  g_free (gen->out);
  g_clear_pointer (&gen->thread_sizes, g_array_unref);
  g_clear_pointer (&gen->rand, g_rand_free);
  g_clear_pointer (&gen->word_ids, g_hash_table_unref);
  g_clear_pointer (&gen->words, g_ptr_array_unref);
  g_free (gen->content_cdf);
  g_free (gen->comment_df);
  g_free (gen->stamp);
  g_free (gen->rare_rate);
  g_clear_pointer (&gen->authors, g_ptr_array_unref);
  g_free (gen->author_cdf);
  g_free (gen->author_count);
  g_clear_pointer (&gen->titles, g_hash_table_unref);
  g_clear_pointer (&gen->fixed_size, g_array_unref);
  g_clear_pointer (&gen->thread_files, g_ptr_array_unref);
  g_clear_pointer (&gen->thread_ids, g_array_unref);
  if (gen->buffer != NULL)
    g_string_free (gen->buffer, TRUE);
  g_free (gen->file_name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Generator, generator_clear)

int
main (int    argc,
      char **argv)
{
  g_auto(Generator) gen = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) formats = g_string_new ("Formats:\n");
  gint64 articles = 1000, comments = 20000, seed = 1;
  g_autofree char *sizes = NULL;
  g_autofree char *format = NULL;
  gint64 start;
  const GOptionEntry entries[] = {
    { "articles", 0, 0, G_OPTION_ARG_INT64, &articles, "Number of articles (1000)", "N" },
    { "comments", 0, 0, G_OPTION_ARG_INT64, &comments, "Comments in all (20000)", "M" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the random draws (1)", "S" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &gen.out, "Folder to write (empty or missing)", "DIR" },
    { "thread-sizes", 0, 0, G_OPTION_ARG_STRING, &sizes,
      "Articles with exactly these comment counts, part of N and M (none)", "A,B,…" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "Archive format (text)", "NAME" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— write a synthetic Clippings archive");
  g_option_context_add_main_entries (context, entries, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (format_writers); i++)
    g_string_append_printf (formats, "  %-8s %s\n", format_writers[i].name,
                            format_writers[i].summary);
  g_option_context_set_description (context, formats->str);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("generate-archive: %s\n", error->message);
      return 2;
    }
  if (gen.out == NULL || articles < 1 || articles > G_MAXINT || comments < 0)
    {
      g_printerr ("generate-archive: give --out DIR, --articles ≥ 1 and --comments ≥ 0\n");
      return 2;
    }
  for (guint i = 0; i < G_N_ELEMENTS (format_writers); i++)
    if (g_strcmp0 (format != NULL ? format : "text", format_writers[i].name) == 0)
      gen.format = &format_writers[i];
  if (gen.format == NULL)
    {
      g_printerr ("generate-archive: unknown format “%s”\n%s", format, formats->str);
      return 2;
    }
  gen.thread_sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  if (sizes != NULL && !parse_sizes (sizes, gen.thread_sizes, &error))
    {
      g_printerr ("generate-archive: --thread-sizes: %s\n", error->message);
      return 2;
    }
  if (!is_empty_or_missing (gen.out))
    {
      g_printerr ("generate-archive: %s is not empty; name a new folder\n", gen.out);
      return 1;
    }
  if (g_mkdir_with_parents (gen.out, 0755) != 0)
    {
      g_printerr ("generate-archive: could not create %s: %s\n", gen.out, g_strerror (errno));
      return 1;
    }

  gen.articles = (guint) articles;
  gen.comments = (guint64) comments;
  gen.seed = (guint32) seed;
  gen.rand = g_rand_new_with_seed (gen.seed);

  start = g_get_monotonic_time ();
  if (!generate (&gen, &error))
    {
      g_printerr ("generate-archive: %s\n", error->message);
      return 1;
    }
  print_summary (&gen, (g_get_monotonic_time () - start) / 1e6);
  return 0;
}
