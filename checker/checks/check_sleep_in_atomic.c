// SPDX-License-Identifier: GPL-2.0
/* gfp-sleep-in-atomic: an allocation whose mask allows direct reclaim (or
 * a vmalloc-family call, which always may sleep) reached in atomic
 * context: a spinlock or rwlock held, IRQs, bottom halves or preemption
 * disabled, an RCU read-side section, or a function only ever entered in
 * such a context (through calls, ops tables, IRQ/softirq registrations).
 *
 * Each allocation site is reported once, with the shortest chain from the
 * atomic origin.  A function that allocates with its gfp_t parameter is
 * judged at its callers, with the mask they pass; so is a function whose
 * body is not in the tree and takes a gfp_t (the kernel's contract for that
 * parameter: the callee may allocate with it). */
#include "callgraph.h"
#include "checkdef.h"

#include <stdlib.h>
#include <string.h>

static const char *what_sleeps(const struct call_fact *c)
{
	return c->alloc && c->alloc->always_sleeps ?
		       "may sleep" :
		       "may sleep (direct reclaim)";
}

/* A mask held in a variable is shown with its sleeping value:
 * "gfp (GFP_KERNEL on some path)". */
static char *spelled_mask(const struct gfp_table *t, const char *text,
			  const struct gfp_expr *e)
{
	size_t span = strspn(
		text,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

	if (text[span] != '\0' || gfp_defined(t, text))
		return xstrdup(text);
	for (int i = 0; i < e->n; i++) {
		if (e->alt[i].param < 0 &&
		    (e->alt[i].or_bits & t->sleep_bits)) {
			char *value = gfp_describe(t, e->alt[i].or_bits);
			char *s = xasprintf("%s (%s%s)", text, value,
					    e->n > 1 ? " on some path" : "");

			free(value);
			return s;
		}
	}
	return xstrdup(text);
}

static struct finding *emit_alloc(struct check_ctx *cx,
				  const struct call_fact *c, unsigned ctx)
{
	if (c->flags.text && !(c->alloc && c->alloc->always_sleeps)) {
		char *mask = spelled_mask(cx->m->gfp, c->flags.text, &c->flags);
		struct finding *f = check_emit(
			cx, c, "%s() with %s %s in atomic context (%s)",
			c->shown, mask, what_sleeps(c), ctx_describe(ctx));

		free(mask);
		return f;
	}
	return check_emit(cx, c, "%s() %s in atomic context (%s)", c->shown,
			  what_sleeps(c), ctx_describe(ctx));
}

static void witness_step(struct check_ctx *cx, struct finding *f,
			 const struct call_fact *c)
{
	const struct call_fact *w =
		c->witness >= 0 ? &cx->m->calls.v[c->witness] : NULL;

	if (w)
		check_step(cx, f, w, "%s: %s from here",
			   w->text ? w->text : w->callee, ctx_describe(c->ctx));
}

/* Where a call is atomic: made with a lock held (or IRQs, BHs, preemption
 * off, in an RCU section) in its own function, or in a function entered in
 * atomic context.  A mask chosen by a run-time context test (`ctx_seen`)
 * picks the atomic value wherever the test sees one of the kinds in force
 * (irqs_disabled() under spin_lock_irqsave(), in_interrupt() in a hard-IRQ
 * handler); only contexts it cannot see count (in_interrupt() under a
 * plain spinlock), through the callgraph's map of those. */
struct atomic_at {
	unsigned ctx;
	unsigned shown; /* the kinds the finding's chain proves */
	bool here; /* the call's own function holds it */
	const struct cg_reach *reach; /* else: how its function was entered */
};

static bool atomic_at(const struct check_ctx *cx, const struct call_fact *c,
		      struct atomic_at *at)
{
	const struct callgraph *cg = cx->cg;

	at->here = false;
	at->reach = NULL;
	if (!callgraph_carries(cg, (int)(c - cx->m->calls.v)))
		return false; /* a state invariant rules it out (rules) */
	if (c->ctx & CTX_ATOMIC_MASK) {
		at->ctx = c->ctx;
		at->shown = c->ctx;
		at->here = !(c->ctx & c->ctx_seen);
		return at->here;
	}
	at->reach = c->ctx_seen ? callgraph_unseen(cg, c->ctx_seen) :
				  &cg->atomic;
	if (!at->reach || !cg_reached(at->reach, c->fn))
		return false;
	/* what is left here of the context the function was entered in */
	at->ctx = at->reach->call_ctx[c - cx->m->calls.v];
	at->shown = at->reach->chain_ctx[c - cx->m->calls.v];
	return (at->ctx & CTX_ATOMIC_MASK) != 0;
}

/* The witness of the lock taken here, or the chain from the atomic origin */
static void prove_atomic(struct check_ctx *cx, struct finding *f,
			 const struct call_fact *c, const struct atomic_at *at)
{
	if (at->here)
		witness_step(cx, f, c);
	else
		callgraph_chain_at(cx->cg, at->reach, (int)(c - cx->m->calls.v),
				   f);
}

/* A finding about a mask passed as an argument: its flags are the
 * argument as written, and the chain proves the call atomic. */
static void passed_mask(struct check_ctx *cx, struct finding *f,
			const struct call_fact *c, const struct atomic_at *at,
			const struct call_arg *arg)
{
	free(f->flags);
	f->flags = arg->gfp.text ? xstrdup(arg->gfp.text) : NULL;
	prove_atomic(cx, f, c, at);
}

static void check_alloc_site(struct check_ctx *cx, const struct call_fact *c)
{
	struct atomic_at at;
	struct finding *f;

	if (!atomic_at(cx, c, &at))
		return;
	f = emit_alloc(cx, c, at.shown);
	prove_atomic(cx, f, c, &at);
	check_step(cx, f, c, "%s %s", c->text ? c->text : c->callee,
		   what_sleeps(c));
}

/* A sleeping mask passed to a function whose body is not in the tree. */
static void check_external_call(struct check_ctx *cx, int call)
{
	const struct model *m = cx->m;
	const struct call_fact *c = &m->calls.v[call];
	struct atomic_at at;

	if (!atomic_at(cx, c, &at))
		return;
	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &m->args.v[c->first_arg + a];
		const char *mask = arg->gfp.text ? arg->gfp.text :
						   "a sleeping mask";
		struct finding *f;

		if (arg->kind != ARG_GFP ||
		    gfp_expr_sleeps(m->gfp, &arg->gfp, 0) != 1)
			continue;
		f = check_emit(
			cx, c,
			"%s() with %s may sleep (direct reclaim) in atomic context (%s)",
			c->callee, mask, ctx_describe(at.shown));
		passed_mask(cx, f, c, &at, arg);
		check_step(cx, f, c,
			   "passes %s to %s(), which may allocate with it",
			   mask, c->callee);
		return;
	}
}

/* A call passing a sleeping mask to a function that allocates with it. */
static void check_forwarding_call(struct check_ctx *cx, int call)
{
	const struct model *m = cx->m;
	const struct callgraph *cg = cx->cg;
	const struct call_fact *c = &m->calls.v[call];
	struct atomic_at at;

	if (!atomic_at(cx, c, &at))
		return;
	for (int e = 0; e < cg->call_nedges[call]; e++) {
		int callee = cg->edges.v[cg->call_first_edge[call] + e].callee;

		for (int a = 0; a < c->nargs; a++) {
			const struct call_arg *arg =
				&m->args.v[c->first_arg + a];
			struct finding *f;

			if (arg->kind != ARG_GFP || arg->index >= 32 ||
			    !(cg->fwd_params[callee] & (1u << arg->index)) ||
			    gfp_expr_sleeps(m->gfp, &arg->gfp, 0) != 1 ||
			    !callgraph_fwd_atomic(cg, callee, arg->index,
						  at.ctx, NULL))
				continue;
			f = check_emit(
				cx, c,
				"%s() allocates with %s, which %s, in atomic context (%s)",
				m->fns.v[callee].name,
				arg->gfp.text ? arg->gfp.text :
						"a sleeping mask",
				"may sleep (direct reclaim)",
				ctx_describe(at.shown));
			passed_mask(cx, f, c, &at, arg);
			check_step(cx, f, c, "passes %s to %s()",
				   arg->gfp.text ? arg->gfp.text : "the mask",
				   m->fns.v[callee].name);
			callgraph_fwd_atomic(cg, callee, arg->index, at.ctx, f);
			return;
		}
	}
}

static void check_sleep_in_atomic(struct check_ctx *cx)
{
	const struct model *m = cx->m;

	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];

		if (!c->reached)
			continue;
		if (c->is_alloc && c->sleeps == 1)
			check_alloc_site(cx, c);
		else if (!c->is_alloc && c->nargs && cx->cg->call_nedges[i])
			check_forwarding_call(cx, (int)i);
		else if (callgraph_external_gfp_call(cx->cg, (int)i))
			check_external_call(cx, (int)i);
	}
}

const struct check_def check_def_sleep_in_atomic = {
	.id = "gfp-sleep-in-atomic",
	.severity = SEV_WARNING,
	.summary =
		"an allocation that may sleep (direct reclaim, vmalloc) reached in atomic "
		"context",
	.phase = CHECK_AT_SOLVE,
	.solve = check_sleep_in_atomic,
};
