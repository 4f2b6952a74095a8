/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-search-hit"

#include "config.h"

#include "clp-search-hit.h"

G_DEFINE_BOXED_TYPE (ClpSearchHit, clp_search_hit, clp_search_hit_ref, clp_search_hit_unref)

ClpSearchHit *
clp_search_hit_new (void)
{
  ClpSearchHit *self = g_new0 (ClpSearchHit, 1);

  self->ref_count = 1;
  return self;
}

ClpSearchHit *
clp_search_hit_ref (ClpSearchHit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
clp_search_hit_unref (ClpSearchHit *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_free (self->author);
  g_free (self->posted_at);
  g_free (self->title);
  g_free (self->snippet);
  g_free (self);
}
