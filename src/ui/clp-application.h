/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CLP_TYPE_APPLICATION (clp_application_get_type ())

G_DECLARE_FINAL_TYPE (ClpApplication, clp_application, CLP, APPLICATION, AdwApplication)

ClpApplication *clp_application_new (GApplicationFlags extra_flags);

G_END_DECLS
