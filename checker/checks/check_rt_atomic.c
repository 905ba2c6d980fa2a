// SPDX-License-Identifier: GPL-2.0
/* gfp-rt-atomic: an allocation, whatever its mask, in a context that stays
 * strictly non-preemptive on PREEMPT_RT: a raw spinlock held (a lock whose
 * type the rules list as raw-lock-type), an NMI handler, or a callback that
 * asked for hard context (rt-hard in the rules: IRQF_NO_THREAD,
 * HRTIMER_MODE_*_HARD).
 *
 * include/linux/gfp_types.h (6.12): "%GFP_ATOMIC users can not sleep and
 * need the allocation to succeed. [...] The current implementation doesn't
 * support NMI and few other strict non-preemptive contexts (e.g.
 * raw_spin_lock). The same applies to %GFP_NOWAIT."  On PREEMPT_RT the page
 * allocator and the slab allocators take spinlock_t locks, which sleep;
 * Documentation/locking/locktypes.rst forbids them under raw_spinlock_t.
 * GFP_ATOMIC does not help, so unlike gfp-sleep-in-atomic the mask does not
 * matter.  The finding says whether the analysed tree is configured RT. */
#include "callgraph.h"
#include "checkdef.h"

#include <stdlib.h>
#include <string.h>

static const char *rt_context(unsigned ctx)
{
	/* NMI handlers, IRQF_NO_THREAD handlers, HRTIMER_MODE_*_HARD
	 * callbacks: the chain's origin says which */
	return (ctx & CTX_HARDIRQ) ?
		       "hard-IRQ context that PREEMPT_RT does not thread" :
		       "raw spinlock held";
}

static void check_rt_atomic(struct check_ctx *cx)
{
	const struct model *m = cx->m;
	const struct callgraph *cg = cx->cg;
	bool rt = gfp_defined(m->gfp, "CONFIG_PREEMPT_RT");

	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];
		bool here = c->ctx & CTX_RAW;
		struct finding *f;
		unsigned ctx;

		if (!c->reached || !c->is_alloc ||
		    !callgraph_carries(cg, (int)i))
			continue;
		if (!here && !(cg->raw.call_ctx[i] & CTX_RAW))
			continue;
		ctx = here ? c->ctx : cg->raw.chain_ctx[i];
		f = check_emit(
			cx, c,
			"%s() in a strict non-preemptive context (%s): not allowed on "
			"PREEMPT_RT, whatever the mask%s",
			c->shown, rt_context(ctx),
			rt ? " (this tree is PREEMPT_RT)" : "");
		if (here) {
			const struct call_fact *w =
				c->witness >= 0 ? &m->calls.v[c->witness] :
						  NULL;

			if (w)
				check_step(cx, f, w, "%s: %s from here",
					   w->text ? w->text : w->callee,
					   rt_context(ctx));
		} else {
			callgraph_chain_at(cg, &cg->raw, (int)i, f);
		}
		check_step(cx, f, c, "%s allocates",
			   c->text ? c->text : c->shown);
	}
}

const struct check_def check_def_rt_atomic = {
	.id = "gfp-rt-atomic",
	.severity = SEV_WARNING,
	.summary =
		"any allocation under a raw spinlock or in an NMI handler: not allowed on "
		"PREEMPT_RT",
	.phase = CHECK_AT_SOLVE,
	.solve = check_rt_atomic,
};
