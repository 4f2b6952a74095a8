/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-article"

#include "config.h"

#include "clp-article.h"

G_DEFINE_BOXED_TYPE (ClpArticle, clp_article, clp_article_ref, clp_article_unref)

ClpArticle *
clp_article_new (void)
{
  ClpArticle *self = g_new0 (ClpArticle, 1);

  self->ref_count = 1;
  self->body = g_ptr_array_new_with_free_func (g_free);
  self->declared_comment_count = -1;
  return self;
}

ClpArticle *
clp_article_ref (ClpArticle *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
clp_article_unref (ClpArticle *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_free (self->key);
  g_free (self->title);
  g_free (self->url);
  g_free (self->source);
  g_free (self->section);
  g_free (self->published);
  g_free (self->print_date);
  g_free (self->dateline);
  g_free (self->byline);
  g_free (self->caption);
  g_ptr_array_unref (self->body);
  g_free (self->body_html);
  g_free (self);
}

void
clp_article_add_paragraph (ClpArticle *self,
                           const char *paragraph)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (paragraph != NULL);

  g_ptr_array_add (self->body, g_strdup (paragraph));
}

/* The body as the archive stores it and the full-text index sees it:
 * paragraphs separated by one blank line. */
char *
clp_article_dup_body_text (const ClpArticle *self)
{
  GString *text;

  g_return_val_if_fail (self != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->body->len; i++)
    {
      if (i > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, g_ptr_array_index (self->body, i));
    }
  return g_string_free (text, FALSE);
}
