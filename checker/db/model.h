/* SPDX-License-Identifier: GPL-2.0 */
/* The whole tree's facts loaded from sqlite into memory for the checks:
 * functions, their call sites (with allocation sites) and arguments,
 * function-pointer stores, local findings, in the structs extract fills
 * (facts.h), read by the column tables of schema.c. */
#ifndef GFPCHECK_MODEL_H
#define GFPCHECK_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include "facts.h"
#include "gfp.h"
#include "rules.h"
#include "store.h"

struct model {
	const struct ruleset *rules;
	const struct gfp_table *gfp;
	VEC(struct function_fact) fns; /* in id order */
	VEC(struct call_fact) calls; /* each function's, in order */
	VEC(struct call_arg) args; /* each call's, in order */
	VEC(struct fnptr_fact) fnptrs; /* the stores of functions */
	/* the function-pointer fields ("S.F") some object may hold no
	 * function in (fnptr_stores rows "unset", kept apart) */
	struct strset *unset_fields;
	/* the keys of functions whose address goes where no call, field or
	 * callback parameter shows (fnptr_stores rows "escape", kept apart) */
	struct strset *escaped_fns;
	VEC(struct local_finding) locals;
	/* key -> the first function of that key, the rest chained through
	 * next_same_key (in load order) */
	struct strmap by_key;
	int *next_same_key;
};

int model_load(struct model *m, struct store *s, const struct ruleset *rules,
	       const struct gfp_table *gfp);
void model_free(struct model *m);
/* First function with this key, then model_next_with_key(); -1 at the end */
int model_find(const struct model *m, const char *key);
int model_next_with_key(const struct model *m, int fn);

#endif
