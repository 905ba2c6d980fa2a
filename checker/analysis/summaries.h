/* SPDX-License-Identifier: GPL-2.0 */
/* Lock summaries across calls: a function that returns with a lock held
 * (a lock wrapper such as foo_lock()) acts as an acquisition at its call
 * sites, and one that releases a lock it did not take (unlock in a
 * callee) as a release, naming the lock its primitive names; one may do
 * both for different kinds.  The flow of every caller of such a function
 * is run again over its stored CFG, bottom-up until nothing changes; a
 * call inside the caller's own recursion cycle has no summary. */
#ifndef GFPCHECK_SUMMARIES_H
#define GFPCHECK_SUMMARIES_H

#include "flow.h"
#include "model.h"

/* Returns the rounds the summaries took to settle, or -1 if they did not
 * within its bound (it warns on standard error then). */
int summaries_apply(struct model *m);

/* The final summaries, for flows run after summaries_apply() */
struct lock_summaries;
struct lock_summaries *summaries_new(const struct model *m);
void summaries_free(struct lock_summaries *s);
/* How a call acts on the context as its callee's summary says (an
 * acquisition, a trylock, a release, with its kinds), or NULL: for
 * `gfpcheck debug flow` */
const struct lock_rule *summaries_call_rule(const struct lock_summaries *s,
					    const struct model *m, int call);
/* The per-lock kinds the callee of a call may return holding where no
 * summary tells (summaries.c update_hidden()) */
unsigned summaries_call_hides(const struct lock_summaries *s,
			      const struct model *m, int call);
/* Where that summary acts when a condition tests the call (flow.h) */
enum call_when summaries_call_when(const struct lock_summaries *s,
				   const struct model *m, int call);
/* The context kinds in force at each call of function fn when it is
 * entered with `entry` (out[i] for its i-th call, 0 where not reached):
 * what the function releases of its caller's context (local_irq_enable()
 * after the caller's local_irq_disable()) is no longer held after that
 * point; a hard-IRQ or softirq entry, or a function without a stored CFG,
 * holds it at every call. */
void summaries_entry_ctx(const struct lock_summaries *s, const struct model *m,
			 int fn, unsigned entry, unsigned *out);

#endif
