/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-reference"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "clp-date.h"
#include "clp-reference.h"

/* Comment references, made from what identifies a comment when two saves
 * of a page are merged, and nothing an archive assigns (row ids, import
 * order):
 *
 * - the article: its URL when it has one, else its source, title and
 *   publication day, as the import tells articles apart;
 * - the time: the instant in UTC when the source gave one (the
 *   wall-clock time of such a comment depends on the zone of the computer
 *   that imported it), else the wall-clock time as saved;
 * - the author's name folded (any case) and the text, as merging compares
 *   comments.
 *
 * Two comments a merge keeps apart can share a reference only when their
 * text sums collide, one chance in four billion for the same article and
 * second. */

#define PREFIX "c1"
#define HASH_DIGITS 8

static char *
short_sum (const char *text,
           gsize       length)
{
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text,
                                                      length);

  return g_strndup (sum, HASH_DIGITS);
}

/**
 * clp_reference_article_key:
 * @url: (nullable): the article's address
 * @title: the title as archived
 * @source: (nullable): the publication's name
 * @published: (nullable): "YYYY-MM-DD"
 *
 * Returns: (transfer full): the article part of its comments' references
 */
char *
clp_reference_article_key (const char *url,
                           const char *title,
                           const char *source,
                           const char *published)
{
  g_autoptr(GString) identity = g_string_new (NULL);

  if (url != NULL && *url != '\0')
    g_string_append_printf (identity, "url\n%s", url);
  else
    g_string_append_printf (identity, "page\n%s\n%s\n%s", source != NULL ? source : "",
                            title != NULL ? title : "", published != NULL ? published : "");
  return short_sum (identity->str, identity->len);
}

/**
 * clp_reference_for_article:
 *
 * Returns: (transfer full): the article part of its comments' references
 */
char *
clp_reference_for_article (const ClpArticle *article)
{
  g_return_val_if_fail (article != NULL, NULL);

  return clp_reference_article_key (article->url, article->title, article->source,
                                    article->published);
}

/* "20190313T211200", from "2019-03-13T21:12:00"; NULL when @iso is not
 * such a time. */
static char *
compact_time (const char *iso)
{
  GString *out;

  if (iso == NULL || strlen (iso) != 19 || !clp_date_is_valid_iso (iso))
    return NULL;
  out = g_string_sized_new (16);
  for (const char *p = iso; *p != '\0'; p++)
    if (*p != '-' && *p != ':')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/**
 * clp_reference_make:
 * @article_key: from clp_reference_article_key()
 * @posted_at: (nullable): the wall-clock time as archived
 * @has_utc: whether @posted_utc holds the instant
 * @text: (nullable): the comment's plain text
 *
 * Returns: (transfer full): the comment's reference
 */
char *
clp_reference_make (const char *article_key,
                    const char *author,
                    const char *posted_at,
                    gboolean    has_utc,
                    gint64      posted_utc,
                    const char *text)
{
  g_autofree char *time = NULL;
  g_autofree char *folded = g_utf8_casefold (author != NULL ? author : "", -1);
  g_autofree char *sum = NULL;
  g_autoptr(GString) said = g_string_new (folded);

  g_return_val_if_fail (article_key != NULL, NULL);

  if (has_utc)
    {
      g_autoptr(GDateTime) instant = g_date_time_new_from_unix_utc (posted_utc);

      /* Four digits for every year, as the archive writes its times. */
      if (instant != NULL)
        time = g_strdup_printf ("%04d%02d%02dT%02d%02d%02dZ", g_date_time_get_year (instant),
                                g_date_time_get_month (instant),
                                g_date_time_get_day_of_month (instant),
                                g_date_time_get_hour (instant), g_date_time_get_minute (instant),
                                g_date_time_get_second (instant));
    }
  else
    time = compact_time (posted_at);
  g_string_append_c (said, '\n');
  g_string_append (said, text != NULL ? text : "");
  sum = short_sum (said->str, said->len);
  return g_strdup_printf (PREFIX "-%s-%s-%s", article_key, time != NULL ? time : "undated", sum);
}

/**
 * clp_reference_for_comment:
 * @article_key: its article's, from clp_reference_for_article()
 * @comment: a comment with its text
 *
 * Returns: (transfer full): the comment's reference
 */
char *
clp_reference_for_comment (const char       *article_key,
                           const ClpComment *comment)
{
  g_return_val_if_fail (comment != NULL, NULL);

  return clp_reference_make (article_key, comment->author, comment->posted_at, comment->has_utc,
                             comment->posted_utc, comment->text);
}

static gboolean
is_hex (const char *text,
        gsize       length)
{
  if (strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

/**
 * clp_reference_parse:
 * @text: a reference as a user writes it: any case, spaces around it
 * @parts: (out caller-allocates): its time, and the reference as
 *   Clippings writes it; clear with clp_reference_parts_clear()
 *
 * Returns: whether @text is a reference
 */
gboolean
clp_reference_parse (const char        *text,
                     ClpReferenceParts *parts)
{
  g_autofree char *lower = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *time = NULL;
  const char *t;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (parts != NULL, FALSE);

  memset (parts, 0, sizeof *parts);
  lower = g_strstrip (g_ascii_strdown (text, -1));
  fields = g_strsplit (lower, "-", -1);
  if (g_strv_length (fields) != 4 || !g_str_equal (fields[0], PREFIX) ||
      !is_hex (fields[1], HASH_DIGITS) || !is_hex (fields[3], HASH_DIGITS))
    return FALSE;

  t = fields[2];
  if (g_str_equal (t, "undated"))
    {
      parts->time = CLP_REFERENCE_TIME_NONE;
      time = g_strdup ("undated");
    }
  else
    {
      gsize length = strlen (t);
      gboolean utc = length == 16 && t[15] == 'z';
      g_autofree char *iso = NULL;

      if ((length != 15 && !utc) || t[8] != 't')
        return FALSE;
      for (guint i = 0; i < 15; i++)
        if (i != 8 && !g_ascii_isdigit (t[i]))
          return FALSE;
      iso = g_strdup_printf ("%.4s-%.2s-%.2sT%.2s:%.2s:%.2s", t, t + 4, t + 6, t + 9, t + 11,
                             t + 13);
      if (!clp_date_is_valid_iso (iso))
        return FALSE;
      time = g_strdup_printf ("%.8sT%.6s%s", t, t + 9, utc ? "Z" : "");
      if (utc)
        {
          g_autofree char *zoned = g_strconcat (iso, "Z", NULL);
          g_autoptr(GDateTime) instant = g_date_time_new_from_iso8601 (zoned, NULL);

          if (instant == NULL)
            return FALSE;
          parts->time = CLP_REFERENCE_TIME_INSTANT;
          parts->instant = g_date_time_to_unix (instant);
        }
      else
        {
          parts->time = CLP_REFERENCE_TIME_WALL_CLOCK;
          parts->time_text = g_steal_pointer (&iso);
        }
    }
  parts->normalized = g_strdup_printf (PREFIX "-%s-%s-%s", fields[1], time, fields[3]);
  return TRUE;
}

void
clp_reference_parts_clear (ClpReferenceParts *parts)
{
  g_clear_pointer (&parts->time_text, g_free);
  g_clear_pointer (&parts->normalized, g_free);
}

/**
 * clp_reference_quotation:
 * @article: the comment's article
 * @comment: the comment, with its text
 * @reference: (nullable): its reference; made when %NULL
 *
 * The comment as a quotation to paste into a text: its words, who wrote
 * them and when, where (the article, its source and address), and the
 * reference that finds it again.
 *
 * Returns: (transfer full): the quotation, plain text
 */
char *
clp_reference_quotation (const ClpArticle *article,
                         const ClpComment *comment,
                         const char       *reference)
{
  g_autoptr(GString) out = g_string_new ("“");
  g_autofree char *made = NULL;
  g_autofree char *local = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (article != NULL && comment != NULL, NULL);

  if (reference == NULL)
    {
      g_autofree char *key = clp_reference_for_article (article);

      reference = made = clp_reference_for_comment (key, comment);
    }
  local = comment->has_utc ? clp_date_from_unix (comment->posted_utc, TRUE) : NULL;
  when = clp_date_format_time (local != NULL ? local : comment->posted_at);

  g_string_append (out, comment->text != NULL ? comment->text : "");
  g_string_append (out, "”\n— ");
  g_string_append (out, comment->author != NULL ? comment->author : "");
  if (when != NULL)
    g_string_append_printf (out, ", %s", when);
  /* Translators: in a quotation, before the title of the article a comment was on */
  g_string_append_printf (out, _(", comment on “%s”"), article->title != NULL ? article->title : "");
  if (article->source != NULL)
    g_string_append_printf (out, ", %s", article->source);
  if (article->published != NULL)
    {
      g_autofree char *day = clp_date_format_day (article->published);

      /* Translators: in a quotation, the day the article was published */
      g_string_append_printf (out, _(", published %s"), day != NULL ? day : article->published);
    }
  if (article->url != NULL)
    g_string_append_printf (out, ", %s", article->url);
  g_string_append_c (out, '\n');
  /* Translators: the last line of a quotation; %s is like c1-3f9a2c71-20190313T211200-8b1e04c2 */
  g_string_append_printf (out, _("Clippings reference: %s"), reference);
  g_string_append_c (out, '\n');
  return g_string_free (g_steal_pointer (&out), FALSE);
}
