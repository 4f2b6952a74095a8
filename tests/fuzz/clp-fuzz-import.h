/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

int clp_fuzz_import (GType         importer_type,
                     const guint8 *data,
                     size_t        size);

G_END_DECLS
