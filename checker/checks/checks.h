/* SPDX-License-Identifier: GPL-2.0 */
/* The registry of checks: the descriptors of check_list.h, in its order
 * (checkdef.h says what a descriptor is). */
#ifndef GFPCHECK_CHECKS_H
#define GFPCHECK_CHECKS_H

#include "checkdef.h"

extern const struct check_def *const check_defs[];
extern const int check_count;
/* The check of a rule id, or NULL */
const struct check_def *check_find(const char *id);

/* Runs every extraction-time check on one function (extract.c) */
void checks_run_extract(struct local_ctx *lc);

#endif
