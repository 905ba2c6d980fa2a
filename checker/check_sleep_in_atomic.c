// SPDX-License-Identifier: GPL-2.0
/* gfp-sleep-in-atomic: an allocation whose mask allows direct reclaim (or
 * a vmalloc-family call, which always may sleep) reached while the
 * function is atomic on some path: a spinlock or rwlock held, IRQs, bottom
 * halves or preemption disabled, or inside an RCU read-side section. */
#include "checks.h"

#include <stdlib.h>

static const char *what_sleeps(const struct m_call *c)
{
	return c->alloc && c->alloc->always_sleeps ? "may sleep" : "may sleep (direct reclaim)";
}

static void report_intra(struct check_ctx *cx, const struct m_call *c)
{
	const struct model *m = cx->m;
	const struct m_call *w = c->witness >= 0 ? &m->calls.v[c->witness] : NULL;
	const char *ctx = ctx_describe(c->ctx);
	struct finding *f;

	if (c->flags_text && !(c->alloc && c->alloc->always_sleeps))
		f = check_emit(cx, c, "%s() with %s %s while %s", c->callee, c->flags_text,
			       what_sleeps(c), ctx);
	else
		f = check_emit(cx, c, "%s() %s while %s", c->callee, what_sleeps(c), ctx);
	if (w)
		check_step(cx, f, w, "%s: %s from here", w->text ? w->text : w->callee, ctx);
	check_step(cx, f, c, "%s %s", c->text ? c->text : c->callee, what_sleeps(c));
}

void check_sleep_in_atomic(struct check_ctx *cx)
{
	const struct model *m = cx->m;

	for (size_t i = 0; i < m->calls.n; i++) {
		const struct m_call *c = &m->calls.v[i];

		if (!c->is_alloc || c->sleeps != 1 || !c->reached)
			continue;
		if (c->ctx & CTX_ATOMIC_MASK)
			report_intra(cx, c);
	}
}
