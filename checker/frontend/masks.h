/* SPDX-License-Identifier: GPL-2.0 */
/* The values a GFP mask expression may have in a function: constants
 * (clang's evaluation), the function's parameters, `?:` (both arms; where
 * the condition is a parameter, each arm's values are marked as chosen by
 * its truth, gfp_alt.when: the caller, which knows whether the body
 * changes the parameter, keeps the mark only if it does not; where it
 * tests a flag that says whether the context may sleep, the arm it says
 * may is marked gfp_alt.declared),
 * `|` and `&` with a constant, and local variables through the
 * assignments that reach the use (`gfp = X`, `gfp |= X`, `gfp &= X` before
 * it in source order; one in a block enclosing the use runs on every path
 * and overwrites what came before). */
#ifndef GFPCHECK_MASKS_H
#define GFPCHECK_MASKS_H

#include <clang-c/Index.h>
#include "facts.h"

struct ruleset;

/* Adds the alternatives of expr, as written in function fn, to out
 * (at most GFP_MAX_VALUES, a further one joined to the closest; none:
 * unknown).  A `?:` arm chosen where a flag of the rules says the context
 * may sleep (may-sleep-flag, contexts.rules) is marked gfp_alt.declared.
 * out->text is not touched. */
void mask_eval(const struct ruleset *rules, CXCursor fn, CXCursor expr,
	       struct gfp_expr *out);

#endif
