/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "clp-query.h"
#include "clp-store.h"

G_BEGIN_DECLS

#define CLP_TYPE_SEARCH_REQUEST (clp_search_request_get_type ())

/* What the user asked to see, as both front ends take it: the words they
 * typed in the query language, time bounds written as the language writes
 * them (`--after`), and structured filters (a comment period, an author,
 * conditions on the articles, the order). It is built once and then only
 * read, from any thread. Neither front end writes query text: the request
 * makes the queries the store runs, and a mistake is reported in the
 * user's own text. */
typedef struct _ClpSearchRequest ClpSearchRequest;

GType             clp_search_request_get_type    (void) G_GNUC_CONST;
ClpSearchRequest *clp_search_request_new         (void);
ClpSearchRequest *clp_search_request_ref         (ClpSearchRequest       *self);
void              clp_search_request_unref       (ClpSearchRequest       *self);

gboolean          clp_search_request_set_text    (ClpSearchRequest       *self,
                                                  const char             *text,
                                                  GError                **error);
gboolean          clp_search_request_set_after   (ClpSearchRequest       *self,
                                                  const char             *when,
                                                  GError                **error);
gboolean          clp_search_request_set_before  (ClpSearchRequest       *self,
                                                  const char             *when,
                                                  GError                **error);
void              clp_search_request_set_comment_period (ClpSearchRequest *self,
                                                         const char       *from,
                                                         const char       *to);
void              clp_search_request_set_author  (ClpSearchRequest       *self,
                                                  const char             *author);
void              clp_search_request_set_narrows_list (ClpSearchRequest  *self,
                                                       gboolean           narrows);
void              clp_search_request_set_article_filter (ClpSearchRequest       *self,
                                                         const ClpArticleFilter *filter);
void              clp_search_request_set_order   (ClpSearchRequest       *self,
                                                  ClpArticleOrder         order,
                                                  gboolean                descending);
void              clp_search_request_set_search_order (ClpSearchRequest  *self,
                                                       ClpSearchOrder     order);

const char       *clp_search_request_get_text    (ClpSearchRequest       *self);
ClpQuery         *clp_search_request_get_list_query    (ClpSearchRequest *self);
ClpQuery         *clp_search_request_get_comment_query (ClpSearchRequest *self);
gboolean          clp_search_request_has_comment_filters (ClpSearchRequest *self);
const ClpArticleFilter *clp_search_request_get_article_filter (ClpSearchRequest *self);
gboolean          clp_search_request_lists_everything (ClpSearchRequest   *self);
ClpArticleOrder   clp_search_request_get_order   (ClpSearchRequest       *self,
                                                  gboolean               *descending);
ClpSearchOrder    clp_search_request_get_search_order (ClpSearchRequest  *self);
char             *clp_search_request_describe    (ClpSearchRequest       *self);
gboolean          clp_search_request_lists_same  (ClpSearchRequest       *a,
                                                  ClpSearchRequest       *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClpSearchRequest, clp_search_request_unref)

G_END_DECLS
