/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clp-renderer.h"

G_BEGIN_DECLS

/* Part of the renderer: the histogram of a thread's comments over time,
 * each bar a link that filters to its time. */
void clp_renderer_append_timeline (GString                *out,
                                   GPtrArray              *comments,
                                   const ClpRenderOptions *options);

G_END_DECLS
