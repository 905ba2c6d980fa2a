/* SPDX-License-Identifier: GPL-2.0 */
/* Lock summaries across calls: a function that returns with a lock held
 * (a lock wrapper such as foo_lock()) acts as an acquisition at its call
 * sites, and one that releases a lock it did not take (unlock in a
 * callee) as a release.  The flow of every caller of such a function is
 * run again over its stored CFG, bottom-up until nothing changes. */
#ifndef GFPCHECK_SUMMARIES_H
#define GFPCHECK_SUMMARIES_H

#include "model.h"

/* Returns the number of functions whose context changed. */
int summaries_apply(struct model *m);

#endif
