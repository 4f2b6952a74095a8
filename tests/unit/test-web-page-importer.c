/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "clp-html-importer.h"
#include "clp-import.h"
#include "clp-importer.h"
#include "clp-mhtml-importer.h"
#include "clp-test-util.h"

/* Pages saved from a browser (FORMATS.md §5): the fixtures in
 * tests/data/web are invented pages in the shapes sites write, each read
 * to the exact article and comment tree a reader would expect. */

#define HARBOUR_URL   "https://ledger.example/2019/03/14/harbour-board-keeps-night-ferry/"
#define HARBOUR_TITLE "Harbour board keeps the night ferry"

typedef struct
{
  const char *author;
  const char *posted_at;  /* NULL: none */
  int         parent;     /* index among the expected, -1 at the top */
  const char *text;
  const char *html;       /* NULL: none */
} Expected;

typedef struct
{
  const char         *title;
  const char         *url;
  const char         *source;
  const char         *section;
  const char         *published;
  const char         *caption;
  int                 declared;
  const char * const *body;
  const char         *byline;
} ExpectedArticle;

static ClpTestSink *
import_page (const char *name)
{
  g_autofree char *path = g_build_filename ("web", name, NULL);

  return clp_test_sink_import (path);
}

static ClpArticle *
only_article (ClpTestSink *sink)
{
  g_assert_cmpuint (sink->articles->len, ==, 1);
  return g_ptr_array_index (sink->articles, 0);
}

static void
assert_article (ClpTestSink           *sink,
                const ExpectedArticle *expected)
{
  ClpArticle *article = only_article (sink);
  guint n = g_strv_length ((char **) expected->body);

  g_assert_cmpstr (article->title, ==, expected->title);
  g_assert_cmpstr (article->url, ==, expected->url);
  g_assert_cmpstr (article->source, ==, expected->source);
  g_assert_cmpstr (article->section, ==, expected->section);
  g_assert_cmpstr (article->published, ==, expected->published);
  g_assert_cmpstr (article->caption, ==, expected->caption);
  g_assert_cmpint (article->declared_comment_count, ==, expected->declared);
  /* The byline has a field of its own, and is not in the body. */
  g_assert_cmpstr (article->byline, ==, expected->byline);
  g_assert_null (article->dateline);
  g_assert_null (article->print_date);
  for (guint i = 0; i < MIN (n, article->body->len); i++)
    g_assert_cmpstr (g_ptr_array_index (article->body, i), ==, expected->body[i]);
  g_assert_cmpuint (article->body->len, ==, n);
}

static void
assert_comments (ClpTestSink    *sink,
                 const Expected *expected,
                 guint           n)
{
  ClpArticle *article = only_article (sink);

  g_assert_cmpuint (sink->comments->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      ClpComment *comment = g_ptr_array_index (sink->comments, i);

      g_assert_cmpstr (comment->article_key, ==, article->key);
      g_assert_cmpstr (comment->author, ==, expected[i].author);
      g_assert_cmpstr (comment->posted_at, ==, expected[i].posted_at);
      g_assert_cmpstr (comment->text, ==, expected[i].text);
      g_assert_cmpstr (comment->html, ==, expected[i].html);
      if (expected[i].parent < 0)
        g_assert_null (comment->parent_key);
      else
        {
          ClpComment *parent = g_ptr_array_index (sink->comments, expected[i].parent);

          g_assert_cmpstr (comment->parent_key, ==, parent->key);
        }
      for (guint k = 0; k < i; k++)
        g_assert_cmpstr (comment->key, !=,
                         ((ClpComment *) g_ptr_array_index (sink->comments, k))->key);
    }
}

static const char * const harbour_body[] = {
  "PORT ELLIS: The harbour board voted on Wednesday to keep the 12:15 night ferry, reversing a "
  "plan to end the service in April, after three evenings of hearings in a packed council "
  "chamber.",
  "Board members said the late sailing carried more than 200 passengers a night in winter, most "
  "of them shift workers at the fish market, the hospital and the container terminal, who have "
  "no other way home.",
  "“We heard from nurses, dockers and bakers,” said the board’s chair, Lena Voss. “Without the "
  "boat, they would sleep at work, or not come to work at all.”",
  "The decision costs the port about £180,000 a year, which the board will cover from mooring "
  "fees until the council reviews the whole timetable in the autumn.",
  NULL,
};

static const ExpectedArticle harbour_article = {
  HARBOUR_TITLE, HARBOUR_URL, "The Coastal Ledger", "Harbour", "2019-03-14",
  "The night ferry leaves Port Ellis at a quarter past midnight.", 6, harbour_body,
  "By Ana Ruiz",
};

/* The tests run with TZ=UTC: times with an offset are kept as the
 * instant in this machine's zone. */
static const Expected harbour_comments[] = {
  { "Marit", "2019-03-14T21:12:00", -1, "Finally some common sense.\n\nThank you, board.",
    "<p>Finally some common sense.</p><p>Thank you, board.</p>" },
  { "Dev", "2019-03-14T22:05:00", 0,
    "Did anyone read the minutes (https://harbour.example/minutes.pdf)?",
    "<p>Did anyone read the minutes (https://harbour.example/minutes.pdf)?</p>" },
  { "J. Okafor", "2019-03-15T07:30:00", 1, "Agreed & I typed <i> myself.",
    "<p><b>Agreed</b> &amp; I typed &lt;i&gt; myself.</p>" },
  { "عائشہ", "2019-03-15T05:00:00", -1, "میری بہن ہسپتال میں رات کی شفٹ کرتی ہے۔ شکریہ!",
    "<p>میری بہن ہسپتال میں رات کی شفٹ کرتی ہے۔ شکریہ!</p>" },
  { "antanu", "2019-03-15T12:45:00", -1, "Who pays for it?\nNot the tourists, that much is sure.",
    "<p>Who pays for it?<br/>Not the tourists, that much is sure.</p>" },
};

/* WordPress: JSON-LD for the article, the comment list for the comments,
 * a pingback counted and left out, the share and related-posts widgets,
 * the reply form, the margins and the scripts gone. */
static void
test_wordpress (void)
{
  g_autoptr(ClpTestSink) sink = import_page ("harbour-html-only.html");
  ClpArticle *article = only_article (sink);
  ClpComment *marit = clp_test_sink_find_comment (sink, "Marit", 0);

  assert_article (sink, &harbour_article);
  assert_comments (sink, harbour_comments, G_N_ELEMENTS (harbour_comments));
  g_assert_true (marit->has_utc);
  g_assert_cmpint (marit->posted_utc, ==, 1552597920);
  g_assert_cmpint (((ClpComment *) g_ptr_array_index (sink->comments, 3))->posted_utc, ==,
                   1552626000);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (sink->skipped, "pingback")), ==, 1);
  g_assert_cmpuint (g_hash_table_size (sink->skipped), ==, 1);
  g_assert_cmpuint (sink->warnings->len, ==, 0);
  g_assert_cmpstr (article->body_html, ==,
                   "<p>PORT ELLIS: The harbour board voted on Wednesday to keep "
                   "the 12:15 night ferry, reversing a plan to end the service in April, after "
                   "three evenings of hearings in a packed council chamber.</p><p>Board members "
                   "said the late sailing carried more than 200 passengers a night in winter, "
                   "most of them shift workers at the fish market, the hospital and the container "
                   "terminal, who have no other way home.</p><p>“We heard from nurses, dockers "
                   "and bakers,” said the board’s chair, Lena Voss. “Without the boat, they would "
                   "sleep at work, or not come to work at all.”</p><p>The decision costs the port "
                   "about £180,000 a year, which the board will cover from mooring fees until the "
                   "council reviews the whole timetable in the autumn.</p>");
}

static void
assert_same_import (ClpTestSink *a,
                    ClpTestSink *b)
{
  ClpArticle *x = only_article (a);
  ClpArticle *y = only_article (b);
  g_autofree char *x_body = clp_article_dup_body_text (x);
  g_autofree char *y_body = clp_article_dup_body_text (y);

  g_assert_cmpstr (x->title, ==, y->title);
  g_assert_cmpstr (x->url, ==, y->url);
  g_assert_cmpstr (x->source, ==, y->source);
  g_assert_cmpstr (x->section, ==, y->section);
  g_assert_cmpstr (x->published, ==, y->published);
  g_assert_cmpstr (x->caption, ==, y->caption);
  g_assert_cmpstr (x_body, ==, y_body);
  g_assert_cmpstr (x->body_html, ==, y->body_html);
  g_assert_cmpint (x->declared_comment_count, ==, y->declared_comment_count);
  g_assert_cmpuint (a->comments->len, ==, b->comments->len);
  for (guint i = 0; i < a->comments->len; i++)
    {
      ClpComment *c = g_ptr_array_index (a->comments, i);
      ClpComment *d = g_ptr_array_index (b->comments, i);

      g_assert_cmpstr (c->key, ==, d->key);
      g_assert_cmpstr (c->parent_key, ==, d->parent_key);
      g_assert_cmpstr (c->author, ==, d->author);
      g_assert_cmpstr (c->posted_at, ==, d->posted_at);
      g_assert_cmpint (c->posted_utc, ==, d->posted_utc);
      g_assert_cmpstr (c->text, ==, d->text);
      g_assert_cmpstr (c->html, ==, d->html);
    }
  g_assert_cmpuint (a->warnings->len, ==, b->warnings->len);
}

static char *
detect_file (const char *name)
{
  g_autofree char *path = clp_test_data_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpImporter) importer = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  importer = clp_importer_new_for_content ((const guint8 *) contents, length, name, &error);
  g_assert_no_error (error);
  return g_strdup (clp_importer_get_name (importer));
}

/* One article saved each way a browser saves it reads the same. */
static void
test_browser_saves (void)
{
  static const struct { const char *name; const char *format; } saves[] = {
    { "web/harbour-html-only.html", "html" },
    { "web/harbour-complete.html", "html" },
    { "web/harbour-singlefile.html", "html" },
    { "web/harbour-qp.mhtml", "mhtml" },
    { "web/harbour-base64.mhtml", "mhtml" },
  };
  g_autoptr(ClpTestSink) first = clp_test_sink_import (saves[0].name);

  assert_article (first, &harbour_article);
  for (guint i = 0; i < G_N_ELEMENTS (saves); i++)
    {
      g_autoptr(ClpTestSink) sink = clp_test_sink_import (saves[i].name);
      g_autofree char *format = detect_file (saves[i].name);

      g_test_message ("%s", saves[i].name);
      g_assert_cmpstr (format, ==, saves[i].format);
      assert_same_import (first, sink);
    }
}

static const char * const french_body[] = {
  "Le conseil portuaire a voté mercredi soir le maintien du ferry de 0 h 15, que la direction "
  "voulait supprimer dès le mois d’avril, après trois soirées d’audiences publiques.",
  "Selon les élus, la dernière traversée transporte plus de deux cents passagers par nuit en "
  "hiver : des infirmières, des dockers, des boulangers, qui n’ont pas d’autre moyen de rentrer "
  "chez eux.",
  "« Sans le bateau, ils dormiraient au travail », a résumé la présidente du conseil, Lena Voss, "
  "sous les applaudissements de la salle.",
  NULL,
};

/* Open Graph and the document alone; a quote in a reply; two readers
 * whose names differ only by case. */
static void
test_wordpress_french (void)
{
  g_autoptr(ClpTestSink) sink = import_page ("wordpress-fr.html");
  static const ExpectedArticle article = {
    "Le ferry de nuit est maintenu", "https://echo-du-port.example/2019/03/13/ferry-de-nuit/",
    "L’Écho du Port", "Port", "2019-03-13",
    "Le ferry quitte le quai à minuit et quart. Photo : Jean Martin", 3, french_body,
    "par Claire Dubois",
  };
  static const Expected comments[] = {
    { "Hélène", "2019-03-13T20:12:00", -1, "Enfin une décision de bon sens ! Merci au conseil.",
      "<p>Enfin une décision de bon sens ! Merci au conseil.</p>" },
    { "Yannick L.", "2019-03-13T21:40:00", 0,
      "Et qui paie ? Les tarifs vont encore augmenter…\n\n> Enfin une décision de bon sens\n\n"
      "Pas si sûr.",
      "<p>Et qui paie ? Les tarifs vont encore augmenter…</p><blockquote><p>Enfin une décision "
      "de bon sens</p></blockquote><p>Pas si sûr.</p>" },
    { "hélène", "2019-03-14T07:05:00", -1,
      "Les tarifs ne bougent pas avant l’automne, c’est écrit dans l’article.",
      "<p>Les tarifs ne bougent pas avant l’automne, c’est écrit dans l’article.</p>" },
  };

  assert_article (sink, &article);
  assert_comments (sink, comments, G_N_ELEMENTS (comments));
  g_assert_cmpuint (sink->warnings->len, ==, 0);
}

static const char * const fish_body[] = {
  "The fish market will move into the old customs hall in September, ending ninety years of "
  "trading on the open quay, the harbour trust said on Monday.",
  "Traders have complained for a decade about the wind, the gulls and the rain, and about losing "
  "customers to the supermarket on Mill Road, which sells the same fish under a roof.",
  "The customs hall, empty since 2009, will get cold rooms, a new floor and a loading bay on the "
  "water side, so that boats can land their catch straight into the hall.",
  NULL,
};

/* An old theme (ol.commentlist, cite.fn, the time as the link's text, the
 * text straight in the comment's body), saved complete by a browser:
 * the address from its "saved from" comment, the source from there. */
static void
test_wordpress_old_theme (void)
{
  g_autoptr(ClpTestSink) sink = import_page ("commentlist-old.html");
  static const ExpectedArticle article = {
    "Fish market moves indoors", "http://www.quaygazette.example/2012/06/fish-hall/",
    "The Quay Street Gazette", NULL, "2012-06-04", NULL, 3, fish_body,
    "Tomas Brandt",
  };
  static const Expected comments[] = {
    { "Harbourwatch", "2012-06-04T09:15:00", -1, "About time. The gulls will miss us.",
      "<p>About time. The gulls will miss us.</p>" },
    { "Tomas Brandt", "2012-06-04T10:40:00", 0, "They will follow the boats, I am told.",
      "<p>They will follow the boats, I am told.</p>" },
    { "Mill Road Grocer", "2012-06-05T18:03:00", -1,
      "Our fish is fresher & cheaper. Come and see.",
      "<p>Our fish is fresher &amp; cheaper. Come and see.</p>" },
  };

  assert_article (sink, &article);
  assert_comments (sink, comments, G_N_ELEMENTS (comments));
  g_assert_false (clp_test_sink_find_comment (sink, "Harbourwatch", 0)->has_utc);
  g_assert_cmpuint (sink->warnings->len, ==, 0);
}

static const char * const german_body[] = {
  "Die Fähre um 0.15 Uhr fährt weiter: Der Hafenrat hat am Mittwochabend beschlossen, die letzte "
  "Verbindung des Tages nicht zu streichen, wie es die Verwaltung im Januar vorgeschlagen hatte.",
  "Nach Angaben des Rates nutzen im Winter jede Nacht mehr als zweihundert Fahrgäste das Schiff, "
  "vor allem Schichtarbeiter aus dem Fischmarkt, dem Krankenhaus und dem Containerterminal.",
  "„Ohne das Boot müssten viele bei der Arbeit schlafen“, sagte die Vorsitzende Lena Voss. Die "
  "Kosten von rund 180.000 Euro im Jahr trägt der Hafen vorerst aus den Liegegebühren.",
  NULL,
};

/* Drupal 7 with its RDFa: anchors before each comment, replies in the
 * div.indented after their parent, times from dc:date. The canonical
 * link is relative, so there is no address; the site's name comes from
 * the <title>. */
static void
test_drupal_german (void)
{
  g_autoptr(ClpTestSink) sink = import_page ("drupal-de.html");
  static const ExpectedArticle article = {
    "Nachtfähre bleibt im Fahrplan", NULL, "Hafenbote", NULL, "2019-03-14", NULL, 3,
    german_body,
    "Verfasst von Jonas Keller am Do., 14.03.2019 - 07:45",
  };
  static const Expected comments[] = {
    { "Grete", "2019-03-14T07:30:00", -1,
      "Endlich eine vernünftige Entscheidung.\n\nMeine Tochter arbeitet nachts im Krankenhaus.",
      "<p>Endlich eine vernünftige Entscheidung.</p><p>Meine Tochter arbeitet nachts im "
      "Krankenhaus.</p>" },
    { "Jonas Keller", "2019-03-14T08:02:00", 0, "Danke für den Hinweis, Grete. Wir bleiben dran.",
      "<p>Danke für den Hinweis, Grete. Wir bleiben dran.</p>" },
    { "Anonymer Leser (nicht überprüft)", "2019-03-15T16:20:00", -1,
      "Und wer zahlt das am Ende? Die Fahrgäste & die Steuerzahler.",
      "<p>Und wer zahlt das am Ende? Die Fahrgäste &amp; die Steuerzahler.</p>" },
  };

  assert_article (sink, &article);
  assert_comments (sink, comments, G_N_ELEMENTS (comments));
  g_assert_cmpuint (sink->warnings->len, ==, 0);
}

static const char * const lighthouse_body[] = {
  "Walter Hale climbed the 114 steps of the Northpoint light for the last time on Monday, forty "
  "years after he first wound its clockwork as a boy of nineteen.",
  "The light has run by itself since 1998, but Hale stayed on to keep the lens, the paint and "
  "the logbook, which he filled in every night, storms or not, until this week.",
  "He plans to move inland, he said, somewhere he cannot hear the foghorn.",
  NULL,
};

/* Drupal without RDFa: "Submitted by … on …" gives author and time, in
 * Drupal's month-first format; replies two deep. */
static void
test_drupal_submitted (void)
{
  g_autoptr(ClpTestSink) sink = import_page ("drupal-submitted.html");
  static const ExpectedArticle article = {
    "Lighthouse keeper retires after forty years",
    "https://northpoint-weekly.example/news/lighthouse-keeper-retires", "Northpoint Weekly",
    NULL, "2013-10-01", NULL, 4, lighthouse_body,
    "Submitted by Ruth Abbot on Tue, 10/01/2013 - 16:05",
  };
  static const Expected comments[] = {
    { "Tess", "2013-10-01T18:20:00", -1, "Thank you, Walter. My father fished by your light.",
      "<p>Thank you, Walter. My father fished by your light.</p>" },
    { "Walter Hale", "2013-10-02T09:00:00", 0,
      "And my boat came home by your father's radio, more than once.",
      "<p>And my boat came home by your father&#39;s radio, more than once.</p>" },
    { "Tess", "2013-10-02T11:42:00", 1, "He would have liked that.",
      "<p>He would have liked that.</p>" },
    { "Anonymous (not verified)", "2013-10-03T08:15:00", -1, "Who keeps the logbook now?",
      "<p>Who keeps the logbook now?</p>" },
  };

  assert_article (sink, &article);
  assert_comments (sink, comments, G_N_ELEMENTS (comments));
  g_assert_cmpuint (sink->warnings->len, ==, 0);
}

static const char * const spanish_body[] = {
  "La autoridad portuaria decidió el miércoles mantener el ferry de las 0.15, que la dirección "
  "quería suprimir a partir de abril, tras tres tardes de audiencias públicas en el "
  "ayuntamiento.",
  "Según el consejo, la última travesía lleva en invierno a más de doscientos pasajeros por "
  "noche, en su mayoría trabajadores de los turnos de noche del mercado, del hospital y de la "
  "terminal.",
  "«Sin el barco, dormirían en el trabajo», dijo la presidenta del consejo, Lena Voss.",
  NULL,
};

/* Drupal 8: article.comment with its own id, the body field, a weekday
 * in Spanish before the time. */
static void
test_drupal_8 (void)
{
  g_autoptr(ClpTestSink) sink = import_page ("drupal8-es.html");
  static const ExpectedArticle article = {
    "El ferry nocturno sigue", "https://diariodelmuelle.example/noticias/el-ferry-nocturno-sigue",
    "Diario del Muelle", "Puerto", "2019-03-13", NULL, -1, spanish_body,
    "Por Lucía Ortega el Mié, 03/13/2019 - 19:00",
  };
  static const Expected comments[] = {
    { "Marisol", "2019-03-13T21:15:00", -1,
      "¡Por fin una buena noticia para los del turno de noche!",
      "<p>¡Por fin una buena noticia para los del turno de noche!</p>" },
    { "Lucía Ortega", "2019-03-13T22:03:00", 0, "Gracias, Marisol. Seguiremos informando.",
      "<p>Gracias, Marisol. Seguiremos informando.</p>" },
    { "Andrés", "2019-03-14T07:45:00", -1, "¿Y quién lo paga?", "<p>¿Y quién lo paga?</p>" },
  };

  assert_article (sink, &article);
  assert_comments (sink, comments, G_N_ELEMENTS (comments));
  g_assert_cmpuint (sink->warnings->len, ==, 0);
}

static const char * const arabic_body[] = {
  "قرر مجلس الميناء مساء الأربعاء الإبقاء على رحلة العبّارة في الساعة الثانية عشرة والربع ليلاً، "
  "بعد أن كانت الإدارة تنوي إلغاءها اعتباراً من شهر أبريل، وذلك إثر ثلاث أمسيات من الجلسات "
  "العامة.",
  "وقال أعضاء المجلس إن الرحلة الأخيرة تنقل في الشتاء أكثر من مئتي راكب كل ليلة، معظمهم من عمال "
  "المناوبات الليلية في سوق السمك والمستشفى ومحطة الحاويات.",
  "وقالت رئيسة المجلس لينا فوس: «من دون العبّارة، سينام كثيرون في أماكن عملهم».",
  NULL,
};

/* Right to left, with the comments only in JSON-LD (the page loads them
 * with a script): nested by "comment", one in a script of its own that
 * names its parent with parentItem; the count from interactionStatistic. */
static void
test_json_ld_arabic (void)
{
  g_autoptr(ClpTestSink) sink = import_page ("jsonld-ar.html");
  static const ExpectedArticle article = {
    "مجلس الميناء يبقي على عبّارة منتصف الليل",
    "https://sada-almina.example/news/2019/03/14/night-ferry", "صدى الميناء", "الميناء",
    "2019-03-14", "العبّارة تغادر الرصيف عند منتصف الليل.", 4, arabic_body,
    "بقلم ليلى حداد وسامي نصر",
  };
  static const Expected comments[] = {
    { "مريم", "2019-03-14T18:12:00", -1, "قرار حكيم أخيراً.\n\nشكراً للمجلس.",
      "<p>قرار حكيم أخيراً.</p><p>شكراً للمجلس.</p>" },
    { "Karim", "2019-03-14T19:05:00", 0, "ومن سيدفع التكلفة؟ 180 ألف سنوياً & أكثر",
      "<p>ومن سيدفع التكلفة؟ 180 ألف سنوياً &amp; أكثر</p>" },
    { "يوسف", "2019-03-15T05:00:00", -1,
      "أعمل في المستشفى ليلاً، وهذه العبّارة طريقي الوحيد إلى البيت.",
      "<p>أعمل في المستشفى ليلاً، وهذه العبّارة طريقي الوحيد إلى البيت.</p>" },
    { "Karim", "2019-03-14T20:40:00", 1, "تصحيح: التكلفة 180 ألفاً فقط.",
      "<p><b>تصحيح:</b> التكلفة 180 ألفاً فقط.</p>" },
  };

  assert_article (sink, &article);
  assert_comments (sink, comments, G_N_ELEMENTS (comments));
  g_assert_cmpuint (sink->warnings->len, ==, 0);
}

static const char * const italian_body[] = {
  "Il consiglio del porto ha deciso mercoledì sera di mantenere la corsa del traghetto delle "
  "0.15, che la direzione voleva sopprimere da aprile, dopo tre serate di audizioni pubbliche "
  "in municipio.",
  "Secondo i consiglieri, l’ultima corsa porta d’inverno più di duecento passeggeri a notte, "
  "quasi tutti lavoratori dei turni di notte del mercato del pesce, dell’ospedale e del "
  "terminal.",
  "«Senza la barca, molti dormirebbero al lavoro», ha detto la presidente del consiglio, Lena "
  "Voss.",
  NULL,
};

/* Microdata: an article item, Comment items nested in their parent or
 * naming it with parentItem, wall-clock times without a zone. */
static void
test_microdata_italian (void)
{
  g_autoptr(ClpTestSink) sink = import_page ("microdata-it.html");
  static const ExpectedArticle article = {
    "Il traghetto di mezzanotte resta",
    "https://gazzettadelmolo.example/porto/2019/03/14/traghetto-mezzanotte",
    "La Gazzetta del Molo", "Porto", "2019-03-14", NULL, 3, italian_body,
    "Giulia Ferri",
  };
  static const Expected comments[] = {
    { "Francesca", "2019-03-14T21:12:00", -1, "Finalmente una decisione sensata!",
      "<p>Finalmente una decisione sensata!</p>" },
    { "Marco", "2019-03-14T22:30:00", 0, "E chi paga? Le tariffe aumenteranno di nuovo.",
      "<p>E chi paga? Le tariffe <em>aumenteranno</em> di nuovo.</p>" },
    { "Francesca", "2019-03-15T07:45:00", 1,
      "Il porto, con le tariffe d’ormeggio. È scritto nell’articolo.",
      "<p>Il porto, con le tariffe d’ormeggio. È scritto nell’articolo.</p>" },
  };

  assert_article (sink, &article);
  assert_comments (sink, comments, G_N_ELEMENTS (comments));
  g_assert_false (clp_test_sink_find_comment (sink, "Marco", 0)->has_utc);
  g_assert_cmpuint (sink->warnings->len, ==, 0);
}

static const char * const plain_body[] = {
  "The harbour board voted on Wednesday night to keep the last ferry of the day, which leaves "
  "the quay at a quarter past midnight, after three evenings of hearings.",
  "More than two hundred people use the sailing on a winter night, most of them on night shifts "
  "at the market, the hospital and the container terminal.",
  "The board will pay for the boat out of mooring fees until the timetable is reviewed in the "
  "autumn.",
  NULL,
};

/* No comment system: a "Reader Comments (6)" heading and nested lists,
 * read with the rules of a page saved as text (FORMATS.md §1). What the
 * reader typed is plain text; a missing time is said. */
static void
test_plain_blocks (void)
{
  g_autoptr(ClpTestSink) sink = import_page ("plain-comments.html");
  static const ExpectedArticle article = {
    "Night ferry keeps its 12:15 sailing",
    "https://ledger.example/archive/2019/night-ferry-keeps-sailing", "The Coastal Ledger", NULL,
    "2019-03-14", NULL, 6, plain_body,
    "By Staff Reporter",
  };
  static const Expected comments[] = {
    { "Marit", "2019-03-13T21:12:00", -1, "Finally some common sense.", NULL },
    { "Dev", "2019-03-13T22:05:00", 0,
      "Did anyone read the minutes?\n\nThey are on the board's site.", NULL },
    { "J. Okafor", "2019-03-14T07:30:00", 1, "I typed <b> & I meant it.", NULL },
    { "عائشہ", "2019-03-14T10:00:00", -1, "میری بہن رات کی شفٹ کرتی ہے۔", NULL },
    { "antanu", NULL, -1, "No time on this one.", NULL },
  };

  assert_article (sink, &article);
  assert_comments (sink, comments, G_N_ELEMENTS (comments));
  g_assert_cmpuint (sink->warnings->len, ==, 1);
  g_assert_true (clp_test_sink_has_warning (sink, "the comment by antanu has no time"));
}

static const char * const dutch_body[] = {
  "Het havenbestuur heeft woensdagavond besloten de veerdienst van kwart over twaalf ’s nachts "
  "te handhaven, na drie avonden van openbare hoorzittingen in het stadhuis.",
  "Volgens het bestuur vervoert de laatste boot in de winter meer dan tweehonderd passagiers per "
  "nacht, vooral nachtdienstwerkers van de vismarkt, het ziekenhuis en de containerterminal.",
  "- Kosten: ongeveer 180.000 euro per jaar",
  "- Betaald uit liggelden",
  "De dienstregeling wordt in het najaar opnieuw bekeken.",
  NULL,
};

/* An article without comments imports, and says so; the cookie banner
 * is not its text, the fragment and the tracking are off its address
 * (the query stays: it may be what names the page). */
static void
test_no_comments (void)
{
  g_autoptr(ClpTestSink) sink = import_page ("no-comments-nl.html");
  static const ExpectedArticle article = {
    "Nachtveer blijft varen",
    "https://havenkrant.example/haven/nachtveer-blijft-varen?utm_source=rss", "De Havenkrant",
    "Haven", "2019-03-14", NULL, -1, dutch_body,
    "Pieter de Vries",
  };

  assert_article (sink, &article);
  g_assert_cmpuint (sink->comments->len, ==, 0);
  g_assert_cmpuint (sink->warnings->len, ==, 1);
  g_assert_true (clp_test_sink_has_warning (sink, "no reader comments were found on the page"));
}

/* A page in windows-1252, as its <meta> says (as ISO-8859-1, which
 * browsers read as windows-1252): the euro sign and the curly apostrophe
 * come through. */
static void
test_encoding (void)
{
  g_autoptr(ClpTestSink) sink = import_page ("latin1-fr.html");
  ClpArticle *article = only_article (sink);

  g_assert_cmpstr (article->title, ==, "Le péage du pont coûtera 2 € de plus");
  g_assert_cmpuint (article->body->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (article->body, 1), ==,
                   "« Nous n’avions pas le choix », a déclaré l’adjoint aux travaux, sous les "
                   "sifflets d’une salle comble où l’on comptait de nombreux pêcheurs et leurs "
                   "familles.");
  g_assert_true (clp_test_sink_has_warning (sink, "no publication date"));
}

static void
assert_refused (const char *name,
                int         code,
                const char *message_start)
{
  g_autofree char *path = g_build_filename ("web", name, NULL);
  g_autoptr(ClpTestSink) sink = clp_test_sink_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (clp_test_import_data (path, sink, &error));
  g_assert_error (error, CLP_IMPORT_ERROR, code);
  if (!g_str_has_prefix (error->message, message_start))
    g_error ("“%s” does not start with “%s”", error->message, message_start);
  g_assert_cmpuint (sink->articles->len, ==, 0);
  g_assert_cmpuint (sink->comments->len, ==, 0);
}

/* A front page and a sign-in wall are not articles, and say what to do. */
static void
test_not_articles (void)
{
  assert_refused ("front-page.html", CLP_IMPORT_ERROR_NOT_ARTICLE,
                  "web/front-page.html is not an article: it looks like a front page");
  assert_refused ("sign-in.html", CLP_IMPORT_ERROR_NOT_ARTICLE,
                  "web/sign-in.html is a sign-in page, not an article");
}

static ClpTestSink *
import_string (const char  *importer_name,
               const char  *contents,
               gssize       length,
               GError     **error)
{
  g_autoptr(ClpImporter) importer = g_str_equal (importer_name, "mhtml")
                                    ? clp_mhtml_importer_new () : clp_html_importer_new ();
  g_autoptr(GInputStream) stream = NULL;
  ClpTestSink *sink = clp_test_sink_new ();

  if (length < 0)
    length = strlen (contents);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (contents, length), length, g_free);
  clp_importer_import (importer, stream, "page", CLP_IMPORT_SINK (sink), NULL, error);
  return sink;
}

#define SHORT_ARTICLE \
  "<p>The harbour board voted on Wednesday to keep the 12:15 night ferry, reversing a plan to " \
  "end the service in April, after three evenings of hearings in a packed council chamber.</p>" \
  "<p>Board members said the late sailing carried more than 200 passengers a night in winter, " \
  "most of them shift workers at the fish market, the hospital and the container terminal.</p>"

/* A web archive without a page in it, with parts but no boundary, and one
 * that ends inside its page. */
static void
test_mhtml_broken (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ClpTestSink) empty = NULL;
  g_autoptr(ClpTestSink) unbounded = NULL;
  g_autoptr(ClpTestSink) truncated = NULL;

  empty = import_string ("mhtml",
                         "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n"
                         "\r\n--b\r\nContent-Type: text/css\r\n\r\nbody{}\r\n--b--\r\n", -1, &error);
  g_assert_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_NOT_ARTICLE);
  g_assert_true (g_str_has_prefix (error->message,
                                   "page is a web archive without a web page in it"));
  g_clear_error (&error);

  unbounded = import_string ("mhtml",
                             "MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\n"
                             "<html></html>\r\n", -1, &error);
  g_assert_error (error, CLP_IMPORT_ERROR, CLP_IMPORT_ERROR_MALFORMED);
  g_clear_error (&error);

  truncated = import_string ("mhtml",
                             "MIME-Version: 1.0\r\nContent-Type: multipart/related; "
                             "boundary=b\r\n\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n"
                             "Content-Location: https://ledger.example/story\r\n"
                             "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                             "<title>Cut short</title><h1>Cut short</h1>" SHORT_ARTICLE
                             "<p>And then the fi=\r\nle ends=3D</p>", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (only_article (truncated)->url, ==, "https://ledger.example/story");
  g_assert_cmpstr (g_ptr_array_index (only_article (truncated)->body, 2), ==,
                   "And then the file ends=");
  g_assert_true (clp_test_sink_has_warning (truncated, "the file ends inside its page"));
}

/* Without a canonical link or Open Graph, the address is the one the
 * page was saved from: SingleFile's comment, the browser's, or MHTML's
 * Snapshot-Content-Location; a relative canonical link is read against
 * it. Fragments go. */
static void
test_saved_from (void)
{
  g_autoptr(ClpTestSink) single = NULL;
  g_autoptr(ClpTestSink) relative = NULL;
  g_autoptr(ClpTestSink) mhtml = NULL;
  g_autoptr(GError) error = NULL;

  single = import_string ("html",
                          "<!DOCTYPE html> <html lang=\"en\"><!--\n Page saved with SingleFile \n"
                          " url: https://ledger.example/2019/fares?page=2#comments \n saved date: "
                          "Fri Mar 15 2019 14:02:11 GMT+0000\n--><head><title>Fares rise | The "
                          "Coastal Ledger</title></head><body><h1>Fares rise</h1>" SHORT_ARTICLE
                          "</body></html>", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (only_article (single)->url, ==, "https://ledger.example/2019/fares?page=2");
  g_assert_cmpstr (only_article (single)->source, ==, "The Coastal Ledger");

  relative = import_string ("html",
                            "<!-- saved from url=(0030)https://www.ledger.example/x -->\n<html><head>"
                            "<link rel=\"canonical\" href=\"/2019/fares\"><title>Fares rise"
                            "</title></head><body><h1>Fares rise</h1>" SHORT_ARTICLE
                            "</body></html>", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (only_article (relative)->url, ==, "https://www.ledger.example/2019/fares");
  g_assert_cmpstr (only_article (relative)->source, ==, "ledger.example");

  mhtml = import_string ("mhtml",
                         "From: <Saved by Blink>\r\nSnapshot-Content-Location: "
                         "https://ledger.example/2019/fares\r\nMIME-Version: 1.0\r\n"
                         "Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n"
                         "\tboundary=\"----x\"\r\n\r\n------x\r\nContent-Type: text/html\r\n"
                         "Content-Location: https://ledger.example/other\r\n"
                         "Content-Transfer-Encoding: base64\r\n\r\n"
                         "PG1ldGEgcHJvcGVydHk9Im9nOnR5cGUiIGNvbnRlbnQ9ImFydGljbGUiPjxoMT5GYXJl\r\n"
                         "cyByaXNlPC9oMT48cD5Cb2FyZCBtZW1iZXJzIHNhaWQgdGhlIGxhdGUgc2FpbGluZyBj\r\n"
                         "YXJyaWVkIG1vcmUgdGhhbiAyMDAgcGFzc2VuZ2VycyBhIG5pZ2h0IGluIHdpbnRlciwg\r\n"
                         "bW9zdCBvZiB0aGVtIHNoaWZ0IHdvcmtlcnMgYXQgdGhlIGZpc2ggbWFya2V0LCB0aGUg\r\n"
                         "aG9zcGl0YWwgYW5kIHRoZSBjb250YWluZXIgdGVybWluYWwuPC9wPg==\r\n"
                         "------x--\r\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (only_article (mhtml)->title, ==, "Fares rise");
  g_assert_cmpstr (only_article (mhtml)->url, ==, "https://ledger.example/2019/fares");
  g_assert_cmpstr (g_ptr_array_index (only_article (mhtml)->body, 0), ==,
                   "Board members said the late sailing carried more than 200 passengers a night "
                   "in winter, most of them shift workers at the fish market, the hospital and "
                   "the container terminal.");
}

/* A loopback server that counts who connects to it. */
typedef struct
{
  GSocketService *service;
  guint16         port;
  int             connections;
} Server;

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  Server *server = user_data;

  server->connections++;
  return FALSE;
}

static void
server_start (Server *server)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  server->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                 &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (server->service, "incoming", G_CALLBACK (incoming_cb), server);
  g_socket_service_start (server->service);
}

/* Connections made while the import ran wait in the listening socket;
 * they are counted once the main context runs. */
static int
server_stop (Server *server)
{
  gint64 until = g_get_monotonic_time () + G_TIME_SPAN_MILLISECOND * 200;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_clear_object (&server->service);
  return server->connections;
}

static char *
hostile_page (guint16     port,
              const char *fifo)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);

  return g_strdup_printf (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
    "<base href=\"%1$s/base/\">"
    "<meta http-equiv=\"refresh\" content=\"0; url=%1$s/refresh\">"
    "<title>Storm closes the pier</title>"
    "<link rel=\"stylesheet\" href=\"%1$s/style.css\"><link rel=\"stylesheet\" href=\"%2$s\">"
    "<link rel=\"preload\" href=\"%1$s/font.woff2\" as=\"font\">"
    "<script src=\"%1$s/script.js\"></script>"
    "<script>fetch('%1$s/fetch'); document.cookie = 'stolen';</script>"
    "<style>body { background: url(%1$s/background.png) } .x:after { content: 'style text' }"
    "</style>"
    "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": "
    "\"Storm closes the pier\", \"image\": \"%1$s/ld.png\", \"url\": \"%1$s/story\"}</script>"
    "</head><body onload=\"alert('onload')\" style=\"background-image: url(%1$s/body.png)\">"
    "<iframe src=\"%1$s/frame\"></iframe><iframe srcdoc=\"<p>iframe text</p>\"></iframe>"
    "<object data=\"%1$s/object\"></object><embed src=\"%1$s/embed\">"
    "<noscript><img src=\"%1$s/noscript.gif\">noscript text</noscript>"
    "<svg><script>svg script text</script><image href=\"%1$s/svg.png\"/></svg>"
    "<article><h1>Storm closes the pier</h1>"
    "<img src=\"%1$s/remote.jpg\" srcset=\"%1$s/remote-2x.jpg 2x\" onerror=\"alert('img')\">"
    "<picture><source srcset=\"%1$s/picture.webp\"><img src=\"relative.jpg\"></picture>"
    "<img src=\"file://%2$s\"><video src=\"%1$s/video.mp4\" poster=\"%1$s/poster.jpg\"></video>"
    "<p>The pier closed on Monday after the storm tore away two sections of its railing, and "
    "the harbour board said it would stay shut until engineers have checked the pilings.</p>"
    "<p onclick=\"alert('p')\">Fishermen who moor at the pier, about thirty boats in winter, "
    "were told to use the <a href=\"javascript:alert('link')\">east quay</a> and the "
    "<a href=\"slip.html\" onmouseover=\"alert('a')\">old slipway</a> instead.</p>"
    "<form action=\"%1$s/form\"><input type=\"text\" value=\"form text\"><button>button text"
    "</button></form>"
    "<div class=\"share-buttons\"><a href=\"%1$s/share\">Share on Facebook</a></div>"
    "<script>document.write('<p>written by a script</p>')</script>"
    "</article>"
    "<div id=\"comments\"><h2 class=\"comments-title\">2 Comments</h2>"
    "<ol class=\"comment-list\">"
    "<li id=\"comment-1\" class=\"comment\"><div class=\"comment-author\"><b class=\"fn\">"
    "Storm<script>comment script text</script>watcher</b></div>"
    "<div class=\"comment-metadata\"><time datetime=\"2019-03-18T10:00:00Z\">x</time></div>"
    "<div class=\"comment-content\"><p>Saw it go.<img src=\"%1$s/comment.gif\">"
    "<style>comment style text</style><iframe src=\"%1$s/comment-frame\"></iframe></p></div>"
    "</li></ol></div>"
    "<img src=\"%1$s/pixel.gif\" width=\"1\" height=\"1\">"
    "</body></html>",
    url, fifo);
}

/* Script, <base>, remote pictures, a meta refresh, frames, forms and
 * widgets import as text, nothing of them kept, and nothing is loaded:
 * the loopback server they all point at is never contacted, and the
 * FIFO they name is never opened (opening it would block the test). */
static void
test_hostile (void)
{
  static const char * const forbidden[] = {
    "<script", "script text", "style text", "stolen", "alert", "onload", "onclick", "onerror",
    "noscript text", "iframe text", "form text", "button text", "written by a script",
    "127.0.0.1", "javascript", "<img", "<iframe", "src=", "href", "Share on", "fifo",
  };
  g_autofree char *dir = clp_test_make_dir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *page = NULL;
  g_autofree char *story = NULL;
  g_autoptr(ClpTestSink) sink = NULL;
  g_autoptr(GError) error = NULL;
  Server server = { 0 };
  ClpArticle *article;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  server_start (&server);
  page = hostile_page (server.port, fifo);
  sink = import_string ("html", page, -1, &error);
  g_assert_cmpint (server_stop (&server), ==, 0);
  g_assert_no_error (error);

  /* The address the page gives for itself is kept, as an address. */
  article = only_article (sink);
  story = g_strdup_printf ("http://127.0.0.1:%u/story", server.port);
  g_assert_cmpstr (article->title, ==, "Storm closes the pier");
  g_assert_cmpstr (article->url, ==, story);
  g_assert_cmpuint (article->body->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (article->body, 1), ==,
                   "Fishermen who moor at the pier, about thirty boats in winter, were told to "
                   "use the east quay and the old slipway instead.");
  g_assert_cmpuint (sink->comments->len, ==, 1);
  g_assert_cmpstr (clp_test_sink_find_comment (sink, "Stormwatcher", 0)->text, ==, "Saw it go.");

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_autofree char *body = clp_article_dup_body_text (article);

      g_assert_null (strstr (body, forbidden[i]));
      g_assert_null (strstr (article->body_html, forbidden[i]));
      g_assert_null (strstr (article->title, forbidden[i]));
      for (guint k = 0; k < sink->comments->len; k++)
        {
          ClpComment *comment = g_ptr_array_index (sink->comments, k);

          g_assert_null (strstr (comment->text, forbidden[i]));
          g_assert_true (comment->html == NULL || strstr (comment->html, forbidden[i]) == NULL);
          g_assert_null (strstr (comment->author, forbidden[i]));
        }
    }
  g_unlink (fifo);
  clp_test_remove_dir (dir);
}

/* A page saved complete, its folder full of FIFOs where the page's
 * stylesheet, script and pictures are: importing the page, or the folder
 * it is in, opens none of them, and imports the page alone. */
static void
test_complete_folder (ClpTestArchive *archive,
                      gconstpointer   data)
{
  static const char * const resources[] = { "style.css", "jquery.js", "sharing.js", "ferry.jpg",
                                            "pixel.gif" };
  g_autofree char *source = clp_test_data_path ("web/harbour-complete.html");
  g_autofree char *contents = NULL;
  g_autofree char *saves = g_build_filename (archive->dir, "saves", NULL);
  g_autofree char *files = g_build_filename (saves, "harbour-complete_files", NULL);
  g_autofree char *page = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (saves);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ClpImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  g_assert_cmpint (g_mkdir_with_parents (files, 0700), ==, 0);
  page = clp_test_write_file (saves, "harbour-complete.html", contents, -1);
  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autofree char *fifo = g_build_filename (files, resources[i], NULL);

      g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    }

  g_assert_true (clp_import_collect_files (&folder, 1, found, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (g_file_peek_path (g_ptr_array_index (found, 0)), ==, page);

  report = clp_test_archive_import (archive, page);
  g_assert_cmpint (report->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpstr (report->importer, ==, "html");
  g_assert_cmpint (report->comments_new, ==, 5);
}

/* Through the archive: the same article saved again another way merges
 * without a duplicate; a newer save adds its new comment and keeps the
 * one it lost; the same bytes again change nothing. */
static void
test_archive (ClpTestArchive *archive,
              gconstpointer   data)
{
  g_autoptr(ClpImportReport) first = clp_test_archive_import (archive, "web/harbour-html-only.html");
  g_autoptr(ClpImportReport) single = NULL;
  g_autoptr(ClpImportReport) mhtml = NULL;
  g_autoptr(ClpImportReport) newer = NULL;
  g_autoptr(ClpImportReport) again = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(ClpArticle) article = NULL;
  g_autoptr(GPtrArray) comments = NULL;

  g_assert_cmpint (first->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (first->articles_new, ==, 1);
  g_assert_cmpint (first->comments_new, ==, 5);

  single = clp_test_archive_import (archive, "web/harbour-singlefile.html");
  g_assert_cmpint (single->outcome, ==, CLP_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpint (single->articles_new, ==, 0);
  g_assert_cmpint (single->articles_merged, ==, 1);
  g_assert_cmpint (single->comments_new, ==, 0);
  g_assert_cmpint (single->comments_duplicate, ==, 5);

  mhtml = clp_test_archive_import (archive, "web/harbour-qp.mhtml");
  g_assert_cmpstr (mhtml->importer, ==, "mhtml");
  g_assert_cmpint (mhtml->articles_merged, ==, 1);
  g_assert_cmpint (mhtml->comments_new, ==, 0);

  newer = clp_test_archive_import (archive, "web/harbour-newer.html");
  g_assert_cmpint (newer->articles_merged, ==, 1);
  g_assert_cmpint (newer->comments_new, ==, 1);
  g_assert_cmpint (newer->comments_duplicate, ==, 4);
  g_assert_cmpint (newer->comments_missing, ==, 1);

  again = clp_test_archive_import (archive, "web/harbour-html-only.html");
  g_assert_cmpint (again->outcome, ==, CLP_IMPORT_OUTCOME_UNCHANGED);

  ids = clp_test_archive_article_ids (archive);
  g_assert_cmpuint (ids->len, ==, 1);
  article = clp_test_archive_find_article (archive, HARBOUR_TITLE);
  g_assert_cmpstr (article->url, ==, HARBOUR_URL);
  g_assert_cmpstr (article->source, ==, "The Coastal Ledger");
  g_assert_cmpint (article->declared_comment_count, ==, 6);
  comments = clp_test_archive_comments (archive, article->id);
  g_assert_cmpuint (comments->len, ==, 6);
  g_assert_nonnull (clp_test_find_comment (comments, "Night Owl", 0));
  g_assert_nonnull (clp_test_find_comment (comments, "antanu", 0));
  g_assert_cmpint (clp_test_find_comment (comments, "J. Okafor", 0)->depth, ==, 2);
}

/* Refused pages leave the archive as it was. */
static void
test_archive_refused (ClpTestArchive *archive,
                      gconstpointer   data)
{
  g_autoptr(ClpImportReport) front = clp_test_archive_import (archive, "web/front-page.html");
  g_autoptr(ClpImportReport) wall = clp_test_archive_import (archive, "web/sign-in.html");

  clp_test_archive_assert_refused (archive, front, CLP_IMPORT_ERROR_NOT_ARTICLE,
                                   "front-page.html is not an article");
  clp_test_archive_assert_refused (archive, wall, CLP_IMPORT_ERROR_NOT_ARTICLE,
                                   "sign-in.html is a sign-in page");
}

/* The command line reads a web archive like any file. */
static void
test_cli (ClpTestArchive *archive,
          gconstpointer   data)
{
  const char *cli = g_getenv ("CLIPPINGS_CLI");
  g_autofree char *page = clp_test_data_path ("web/harbour-base64.mhtml");
  g_autofree char *out = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  const char *import_argv[] = { cli, "--db", archive->path, "import", page, NULL };
  const char *show_argv[] = { cli, "--db", archive->path, "show", "--json", "1", NULL };

  g_assert_nonnull (cli);
  g_clear_object (&archive->store);
  g_spawn_sync (NULL, (char **) import_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "1 new article; 5 new comments"));
  g_spawn_sync (NULL, (char **) show_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &shown, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (shown, "\"title\" : \"" HARBOUR_TITLE "\""));
  g_assert_nonnull (strstr (shown, "\"author\" : \"J. Okafor\""));
}

static void
check_detected (const char *contents,
                const char *expected)
{
  clp_test_assert_detected (contents, expected, "web pages saved from a browser");
}

/* Pages are told from their content, and take no file from the formats
 * that were there before them. */
static void
test_detect (void)
{
  g_autofree char *ferry = detect_file ("ferry.txt");
  g_autofree char *disqus = detect_file ("disqus-harbour.xml");
  g_autofree char *wordpress = detect_file ("wordpress-1.2.xml");
  g_autofree char *json = detect_file ("clippings.json");
  g_autofree char *not_article = detect_file ("not-article.txt");

  check_detected ("<!DOCTYPE html>\n<html lang=\"en\">", "html");
  check_detected ("\xef\xbb\xbf  <!doctype HTML><title>x</title>", "html");
  check_detected ("<!-- saved from url=(0022)https://example.org/ -->\n<html>", "html");
  check_detected ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                  "<html xmlns=\"http://www.w3.org/1999/xhtml\">", "html");
  check_detected ("<head><meta charset=\"utf-8\"><title>x</title></head>", "html");
  check_detected ("From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.org/\r\n"
                  "MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";"
                  "\r\n\tboundary=\"----b\"\r\n\r\n", "mhtml");
  check_detected ("MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<html>", "mhtml");

  /* Text that only looks a little like either is still a page dump. */
  check_detected ("<b>Ferry</b> keeps its sailing\n\nPublished: March 14, 2019\n", "text");
  check_detected ("Subject: the ferry\nMIME-Version: 1.0\nContent-Type: text/plain\n\nHello",
                  "text");
  check_detected ("Published: March 14, 2019\nContent-Type: multipart/related\n\n", "text");
  check_detected ("<!DOCTYPE disqus>\n<disqus>", "disqus");
  check_detected ("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", NULL);

  g_assert_cmpstr (ferry, ==, "text");
  g_assert_cmpstr (not_article, ==, "text");
  g_assert_cmpstr (disqus, ==, "disqus");
  g_assert_cmpstr (wordpress, ==, "wordpress");
  g_assert_cmpstr (json, ==, "json");
}

/* An article, then ten megabytes of nested div: libxml2 stops at 256
 * levels, what came before imports, and the rest is said to be left out. */
static void
test_deep_nesting (void)
{
  g_autoptr(GString) page = g_string_new ("<!DOCTYPE html><html><head><title>Deep</title></head>"
                                          "<body><article><h1>Deep</h1>" SHORT_ARTICLE);
  g_autoptr(ClpTestSink) sink = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  while (page->len < 10 * 1024 * 1024)
    g_string_append (page, "<div>");
  g_string_append (page, "<p>Never read</p></article></body></html>");

  start = g_get_monotonic_time ();
  sink = import_string ("html", page->str, page->len, &error);
  g_test_message ("10 MB of nested div: %.3f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_no_error (error);
  g_assert_cmpuint (only_article (sink)->body->len, ==, 2);
  g_assert_true (clp_test_sink_has_warning (sink, "the page nests its elements more than 256 "
                                                  "deep; the rest of it was not read"));
}

/* A saved page of about @size bytes that has every part the importer
 * walks: structured data, a long article in nested blocks, tables of
 * links, WordPress comment threads three deep, and a plain comment
 * section after them. */
static GString *
make_page (gsize size)
{
  GString *page = g_string_new ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                                "<title>Large | Ledger</title><script type=\"application/ld+json\">"
                                "{\"@type\":\"NewsArticle\",\"headline\":\"Large\"}</script>"
                                "</head><body><nav><a href=\"/\">Home</a></nav><article><h1>Large"
                                "</h1><div class=\"entry-content\">");
  gsize article = size / 3;
  int n = 0;

  while (page->len < article)
    {
      g_string_append (page, "<div class=\"block\"><div><div><div><div><div>");
      g_string_append_printf (page, "<p>Paragraph %d of the article, with commas, and enough words "
                              "to score as a paragraph a reader would read.</p>", n++);
      g_string_append (page, "</div></div></div></div></div>");
      g_string_append (page, "<table><tr><td><a href=\"/a\">A link</a></td><td><a href=\"/b\">"
                       "Another</a></td></tr></table></div>");
    }
  g_string_append (page, "</div></article><div id=\"comments\"><ol class=\"comment-list\">");
  while (page->len < 2 * article)
    {
      g_string_append_printf (page, "<li id=\"comment-%d\" class=\"comment\">", n++);
      for (int depth = 0; depth < 3; depth++)
        {
          g_string_append_printf (page, "<article class=\"comment-body\"><div class=\"comment-author\">"
                                  "<b class=\"fn\">Reader %d</b></div><div class=\"comment-metadata\">"
                                  "<time datetime=\"2019-03-14T21:%02d:00Z\">x</time></div><div "
                                  "class=\"comment-content\"><p>Comment %d &amp; more.</p></div>"
                                  "</article>", n % 40, n % 60, n);
          if (depth < 2)
            g_string_append_printf (page, "<ol class=\"children\"><li id=\"comment-%d\" "
                                    "class=\"comment\">", n++);
        }
      g_string_append (page, "</li></ol></li></ol></li>");
    }
  g_string_append (page, "</ol></div><h3>Reader Comments</h3><ul>");
  while (page->len < size)
    {
      g_string_append_printf (page, "<li><b>Reader %d</b><br>Mar 13, 2019 - 9:12PM<p>Plain %d.</p>"
                              "<ul><li><b>Other</b><br>Mar 13, 2019 - 9:14PM<p>Reply.</p></li>"
                              "</ul></li>", n % 40, n);
      n++;
    }
  g_string_append (page, "</ul></body></html>");
  return page;
}

/* Seconds of CPU in user space the process spent importing @page, the
 * least of @runs imports. Not the wall clock: the machine may be busy with
 * other work, and the kernel's time is mostly faulting in fresh memory. */
static double
time_import (GString *page,
             int      runs)
{
  double best = G_MAXDOUBLE;

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(ClpImporter) importer = clp_html_importer_new ();
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (page->str, page->len,
                                                                            NULL);
      g_autoptr(ClpTestSink) sink = clp_test_sink_new_counting ();
      g_autoptr(GError) error = NULL;
      struct rusage before, after;

      getrusage (RUSAGE_SELF, &before);
      clp_importer_import (importer, stream, "page", CLP_IMPORT_SINK (sink), NULL, &error);
      getrusage (RUSAGE_SELF, &after);
      best = MIN (best, (after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
                        (after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6);
      g_assert_no_error (error);
      g_assert_cmpuint (sink->n_articles, ==, 1);
      g_assert_cmpuint (sink->n_comments, >, 0);
    }
  return best;
}

/* Ten times the page costs about ten times the time, never the square:
 * the bound is generous. The large page is read once, after the small
 * ones: with meson's MALLOC_PERTURB_, glibc fills every block it hands
 * out or takes back, and reading a large page again over the heap the
 * first one left costs many times the first reading. */
static void
test_linear (void)
{
  g_autoptr(GString) small = make_page (1024 * 1024);
  g_autoptr(GString) large = make_page (10 * 1024 * 1024);
  double small_time = time_import (small, 3);
  double large_time = time_import (large, 1);

  g_test_message ("1 MB page: %.3f s, 10 MB page: %.3f s of CPU, ratio %.1f", small_time,
                  large_time, large_time / small_time);
  g_assert_cmpfloat (large_time / small_time, <, 25);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/web/wordpress", test_wordpress);
  g_test_add_func ("/core/web/browser-saves", test_browser_saves);
  g_test_add_func ("/core/web/wordpress-french", test_wordpress_french);
  g_test_add_func ("/core/web/wordpress-old-theme", test_wordpress_old_theme);
  g_test_add_func ("/core/web/drupal-german", test_drupal_german);
  g_test_add_func ("/core/web/drupal-submitted", test_drupal_submitted);
  g_test_add_func ("/core/web/drupal-8", test_drupal_8);
  g_test_add_func ("/core/web/json-ld-arabic", test_json_ld_arabic);
  g_test_add_func ("/core/web/microdata-italian", test_microdata_italian);
  g_test_add_func ("/core/web/plain-blocks", test_plain_blocks);
  g_test_add_func ("/core/web/no-comments", test_no_comments);
  g_test_add_func ("/core/web/encoding", test_encoding);
  g_test_add_func ("/core/web/not-articles", test_not_articles);
  g_test_add_func ("/core/web/mhtml-broken", test_mhtml_broken);
  g_test_add_func ("/core/web/saved-from", test_saved_from);
  g_test_add_func ("/core/web/hostile", test_hostile);
  g_test_add_func ("/core/web/detect", test_detect);
  g_test_add_func ("/core/web/deep-nesting", test_deep_nesting);
  g_test_add_func ("/core/web/linear", test_linear);
  g_test_add ("/core/web/complete-folder", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_complete_folder, clp_test_archive_tear_down);
  g_test_add ("/core/web/archive", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_archive, clp_test_archive_tear_down);
  g_test_add ("/core/web/archive-refused", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_archive_refused, clp_test_archive_tear_down);
  g_test_add ("/core/web/cli", ClpTestArchive, NULL,
              clp_test_archive_set_up, test_cli, clp_test_archive_tear_down);

  return g_test_run ();
}
