/* SPDX-License-Identifier: GPL-2.0 */
/* GFP flag values of the tree being analysed.
 *
 * Bit values differ between kernel versions (and are enum-based BIT()s
 * from 6.10 on), so they are never written here: a probe file that
 * includes the tree's own <linux/gfp.h> is parsed with one of the tree's
 * compile commands, and clang evaluates every name listed in rules/gfp.rules. */
#ifndef GFPCHECK_GFP_H
#define GFPCHECK_GFP_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stdint.h>
#include "compdb.h"
#include "facts.h"
#include "rules.h"

struct gfp_name {
	char *name;
	uint64_t value;
	bool sleeps;
	bool is_mask;
	bool is_const; /* a value such as PAGE_SIZE, not a flag */
};

struct gfp_table {
	VEC(struct gfp_name) names;
	uint64_t sleep_bits; /* any of these allows direct reclaim */
};

/* Returns 0, or -1 with *err set (caller frees). */
int gfp_probe(struct gfp_table *t, const struct ruleset *rs,
	      const struct compile_job *jobs, size_t njobs, char **err);
void gfp_table_free(struct gfp_table *t);
uint64_t gfp_value(const struct gfp_table *t,
		   const char *name); /* 0 if unknown */
bool gfp_defined(const struct gfp_table *t, const char *name);

/* "GFP_KERNEL | __GFP_ZERO": the largest named masks, then single flags */
char *gfp_describe(const struct gfp_table *t, uint64_t value);

/* May an allocation with this mask sleep?  1 yes, 0 no, -1 unknown.
 * `param_sleeps` gives the answer for masks built from a gfp_t parameter
 * (-1 when the parameter's value is not known).  A value chosen where the
 * context said it may sleep (gfp_alt.declared) does not count. */
int gfp_expr_sleeps(const struct gfp_table *t, const struct gfp_expr *e,
		    int param_sleeps);
/* Is t the gfp_t typedef (not what it stands for)? */
bool gfp_is_type(CXType t);

#endif
