/* SPDX-License-Identifier: GPL-2.0 */
/* Calls repeated with the same arguments: what a caller's test of a call
 * tells a callee that makes the call again.
 *
 * ext4_read_block_bitmap_nowait() returns unless `ext4_get_group_desc(sb,
 * block_group, NULL)` gives a descriptor, takes ext4_lock_group(), and
 * three calls down ext4_mark_group_bitmap_corrupted() calls
 * `ext4_get_group_desc(sb, group, NULL)` again, `sb` and `group` the
 * caller's passed on unchanged.  Its failure branch (ext4_error(), which
 * may sleep) is for a group number out of range: the caller's test has
 * shown this one is not.
 *
 * A call is repeatable when it is a direct call of a function with a
 * body that returns a value, acts on no context (no exit context, no
 * release of its caller's: not a trylock or a lock helper), and every
 * argument is one the facts name: a parameter of the caller passed on
 * unchanged (ARG_PARAM, a gfp_t parameter as it is), an identity local
 * (ARG_LOCAL_ID: a local given as it is, whose address goes nowhere but
 * to calls), or a constant (NULL, 0, a named constant, a constant mask;
 * not `&object`, whose kind 5 row is 1 for any object); or one the
 * callee only stores through (function_fact.out_params), which may be
 * anything.  Its outcome is known after a test of it: the CFG's
 * EV_TRY_OK/EV_CALL_FALSE edges, also through a local that holds it
 * (cfg.c result_of_local()), until a write of an identity local it was
 * given (EV_LOCAL_WRITE).  __ext4_new_inode() tests `gdp =
 * ext4_get_group_desc(sb, group, &group_desc_bh)`, all locals, in its
 * loop; recently_deleted() calls `ext4_get_group_desc(sb, group, NULL)`
 * two calls down, under ext4_lock_group().  A known result, in the terms
 * of a function's parameters, goes down a call that passes on every
 * parameter or local it names; a call of the same function with the
 * same arguments there returns the same truth.
 *
 * The assumption is that nothing between the two calls changes what the
 * callee's outcome depends on (the kernel's own code makes it where it
 * looks a thing up twice); it is taken only to leave out paths, never to
 * add any.
 */
#ifndef GFPCHECK_RESULTS_H
#define GFPCHECK_RESULTS_H

#include <stdint.h>

#include "cfg.h"
#include "model.h"

/* Calls with more arguments than this are not followed */
#define RESULT_ARGS 6
/* known_result.param: an identity local N of the function (ARG_LOCAL_ID)
 * is RESULT_LOCAL + N; a parameter the callee only stores through
 * (function_fact.out_params) is RESULT_ANY, equal to any value */
#define RESULT_LOCAL 32
#define RESULT_ANY (-2)

/* A call's outcome known in a function: the callee, its truth, and the
 * arguments as the function has them, each a parameter (param[i] 0..31),
 * an identity local (RESULT_LOCAL + N), a constant (param[i] -1,
 * value[i]) or any value (RESULT_ANY).  A known result that reaches a
 * callee names its parameters and constants alone. */
struct known_result {
	int callee; /* the model's function index (call_fact.callee_fn) */
	bool truth;
	unsigned char nargs;
	signed char param[RESULT_ARGS];
	long long value[RESULT_ARGS];
};

struct repeat_calls {
	/* per model call: the calls of its function (by index in it, < 64)
	 * whose outcome is known true / false on every path to it */
	uint64_t *before_true, *before_false;
	bool *repeatable; /* per model call */
};

void repeat_calls_build(struct repeat_calls *rc, const struct model *m);
void repeat_calls_free(struct repeat_calls *rc);

/* Call `call` (a model index) known to return `truth`, as a known result
 * of its function; false if it is not repeatable */
bool result_of_call(const struct model *m, const struct repeat_calls *rc,
		    int call, bool truth, struct known_result *out);

/* A known result of a function in the terms of the callee of its call
 * `call`: each parameter it names must be passed on unchanged there */
bool result_through_call(const struct model *m, int call,
			 const struct known_result *in,
			 struct known_result *out);

/* Does call `call` make the call r names, with the same arguments? */
bool call_repeats(const struct model *m, const struct repeat_calls *rc,
		  int call, const struct known_result *r);

bool results_equal(const struct known_result *a, const struct known_result *b);

/* The blocks of cfg from which some path reaches a return of a value of
 * that truth, or of a value not constant: out[b] */
void blocks_returning(const struct cfg *cfg, bool truth, bool *out);

#endif
