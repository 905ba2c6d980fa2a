/* SPDX-License-Identifier: GPL-2.0 */
/* The global solve: load the tree's facts, run every enabled check, store
 * the findings (with fingerprints) in the database. */
#ifndef GFPCHECK_SOLVE_H
#define GFPCHECK_SOLVE_H

#include "gfp.h"
#include "rules.h"
#include "store.h"

struct solve_stats {
	int findings;
	int edges;
	int indirect_edges;
	int atomic_functions;
	double seconds;
};

int solve(struct store *s, const struct ruleset *rules,
	  const struct gfp_table *gfp, const char *root,
	  struct solve_stats *st);

#endif
