// SPDX-License-Identifier: GPL-2.0
#include "summaries.h"
#include "cfg.h"
#include "flow.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ROUNDS 10

/* The summary of a function as a lock primitive, per function (.ctx == 0: none):
 *  - acquire: held at return on every path, and not released first (a
 *    function that drops and retakes its caller's lock changes nothing);
 *  - try: held at return on some paths only, and the function returns a
 *    value: like a trylock, held where a condition on the result is true,
 *    or false if it holds at its constant-false returns only (take_if_false);
 *  - release: released without being taken, and not held at return; where
 *    a condition tests the call, only on the outcome that release_if_true
 *    or release_if_false names, if one does.
 * Where each acts is summary_when()'s. */
struct summary_rules {
	struct lock_rule *acquire;
	struct lock_rule *try;
	struct lock_rule *release;
};

static int callee_of(const struct model *m, const struct call_fact *c)
{
	return c->callee_key && c->lock_action < 0 && !c->is_alloc ? model_find(m, c->callee_key) : -1;
}

/*
 * A function the rules say may sleep (`sleeps`: schedule(), mutex_lock(),
 * msleep()) has no lock summary: the kernel enters and leaves a sleep
 * with the caller's atomic context as it was.  Derived from its body it
 * would be wrong: __schedule() releases the run-queue lock and IRQs that
 * the task switched to took, so schedule(), and every sleeping lock
 * above it, looked like "releases a spinlock" to their callers.
 */
static const struct lock_rule *summary_rule(const struct model *m, const struct summary_rules *sr,
					    const struct call_fact *c)
{
	int g = callee_of(m, c);

	if (g < 0 || rules_named(m->rules, "sleeps", m->fns.v[g].name))
		return NULL;
	if (sr->acquire[g].ctx)
		return &sr->acquire[g];
	if (sr->try[g].ctx)
		return &sr->try[g];
	if (sr->release[g].ctx)
		return &sr->release[g];
	return NULL;
}

/* A call that never returns: declared so (extraction marked it), or to a
 * function of the tree no path of which returns (inferred here, so that
 * a wrapper around panic() ends its callers' paths as panic() does). */
static bool noreturn_call(const struct model *m, const struct call_fact *c)
{
	int g;

	if (c->noreturn)
		return true;
	g = callee_of(m, c);
	return g >= 0 && !m->fns.v[g].returns;
}

/* Whether f's flow must run again: it calls a summarised function or one
 * that never returns. */
static bool calls_summarised(const struct model *m, const struct summary_rules *sr, const struct function_fact *f)
{
	for (int i = 0; f->first_call >= 0 && i < f->ncalls; i++) {
		const struct call_fact *c = &m->calls.v[f->first_call + i];

		if (summary_rule(m, sr, c) || (!c->noreturn && noreturn_call(m, c)))
			return true;
	}
	return false;
}

/* The kinds a summarised callee that takes a context also releases of
 * its caller's (irq_exit_rcu() lowers the preempt count irq_enter_rcu()
 * raised and returns with IRQs off): 0 if none. */
static unsigned summary_release_also(const struct model *m, const struct summary_rules *sr, const struct call_fact *c)
{
	int g = callee_of(m, c);

	return g >= 0 ? sr->release[g].ctx : 0;
}

/*
 * The lock a summarised call takes or releases, as the callee's primitive
 * names it (through wrappers of wrappers): "inode->i_lock" for
 * wbc_attach_and_unlock_inode(wbc, inode).  Locks are told apart by their
 * expression (flow.c), so the caller's spin_lock(&inode->i_lock) is the
 * one released, where a summary without a name would lower whichever of
 * its own summarised acquisitions is held.  The name is the callee's text:
 * it matches a global lock exactly, a parameter's where caller and callee
 * call the object alike; "" when no primitive is found.  A guard's
 * constructor and destructor are named by the guard's argument instead:
 * `_T->lock` inside the class would not match spin_unlock(&sb_lock).
 */
static const char *summary_lock_id(const struct model *m, const struct call_fact *c, enum lock_action action)
{
	for (int depth = 0; depth < 8; depth++) {
		int g = callee_of(m, c), w;

		/* the call names its lock itself: a guard's constructor or
		 * destructor (extract.c guard_lock()) */
		if (c->lock_id && *c->lock_id)
			return c->lock_id;
		if (g < 0)
			return "";
		w = action == LOCK_RELEASE ? m->fns.v[g].released_witness : m->fns.v[g].exit_witness;
		if (w < 0)
			return "";
		c = &m->calls.v[w];
		if (c->lock_action >= 0)
			return c->lock_id ? c->lock_id : "";
	}
	return "";
}

/* Where a summarised call acts when a condition tests it: on one outcome
 * if the callee does so on one kind of its constant returns only */
static enum call_when summary_when(const struct model *m, const struct call_fact *c, const struct lock_rule *r)
{
	int g = callee_of(m, c);
	const struct function_fact *callee;

	if (!r || c->lock_action >= 0 || g < 0)
		return WHEN_CALLED;
	callee = &m->fns.v[g];
	if (r->action == LOCK_TRY)
		return (callee->take_if_false & r->ctx) == r->ctx ? WHEN_FALSE : WHEN_TRUE;
	if (r->action != LOCK_RELEASE)
		return WHEN_CALLED;
	if ((callee->release_if_true & r->ctx) == r->ctx)
		return WHEN_TRUE;
	if ((callee->release_if_false & r->ctx) == r->ctx)
		return WHEN_FALSE;
	return WHEN_CALLED;
}

/* The flow calls of function f: primitives by their rule (with the kinds
 * extraction saw: a raw lock adds CTX_RAW), other calls by their callee's
 * summary; NULL (nothing allocated) when its CFG is not usable. */
static struct flow_call *flow_calls_of(const struct model *m, const struct summary_rules *sr,
				       const struct function_fact *f, struct cfg *cfg)
{
	struct flow_call *fc;

	if (!f->cfg || f->first_call < 0 || cfg_parse(cfg, f->cfg) < 0)
		return NULL;
	/* events index calls of this function; every index must exist */
	for (size_t b = 0; b < cfg->blocks.n; b++)
		for (size_t e = 0; e < cfg->blocks.v[b].events.n; e++)
			if (cfg->blocks.v[b].events.v[e].kind <= EV_CALL_FALSE &&
			    cfg->blocks.v[b].events.v[e].call >= f->ncalls) {
				cfg_free(cfg);
				return NULL;
			}
	fc = xcalloc((size_t)f->ncalls + 1, sizeof(*fc));
	for (int i = 0; i < f->ncalls; i++) {
		const struct call_fact *c = &m->calls.v[f->first_call + i];

		fc[i].lock = c->lock_action >= 0 && c->callee ? rules_lock(m->rules, c->callee) : NULL;
		fc[i].ctx = c->lock_ctx;
		fc[i].lock_id = c->lock_id ? c->lock_id : "";
		if (!fc[i].lock) {
			fc[i].lock = summary_rule(m, sr, c);
			fc[i].ctx = fc[i].lock ? fc[i].lock->ctx : 0;
			if (fc[i].lock)
				fc[i].lock_id = summary_lock_id(m, c, fc[i].lock->action);
			if (fc[i].lock && fc[i].lock->action != LOCK_RELEASE) {
				fc[i].release_ctx = summary_release_also(m, sr, c);
				fc[i].release_id = summary_lock_id(m, c, LOCK_RELEASE);
			}
		}
		fc[i].noreturn = noreturn_call(m, c);
		fc[i].when = summary_when(m, c, fc[i].lock);
	}
	return fc;
}

/* Does anything in f release a context (a primitive or a summarised
 * callee)?  If not, what the caller holds is held at every call. */
static bool releases_anything(const struct model *m, const struct summary_rules *sr,
			      const struct function_fact *f)
{
	for (int i = 0; f->first_call >= 0 && i < f->ncalls; i++) {
		const struct call_fact *c = &m->calls.v[f->first_call + i];
		const struct lock_rule *r;

		if (c->lock_action == LOCK_RELEASE)
			return true;
		r = c->lock_action < 0 ? summary_rule(m, sr, c) : NULL;
		if (r && (r->action == LOCK_RELEASE || summary_release_also(m, sr, c)))
			return true;
	}
	return false;
}

/* Kinds held at every return of the truth `on` and at none of the other
 * truth, every return of the function being a constant: 0 otherwise */
static unsigned held_only_on(const struct flow_result *r, enum return_value on)
{
	const struct flow_returns *yes = &r->ret[on], *no = &r->ret[on == RET_TRUE ? RET_FALSE : RET_TRUE];

	if (!yes->reached || !no->reached || r->ret[RET_OTHER].reached)
		return 0;
	return yes->must & ~no->may & CTX_ATOMIC_MASK;
}

/*
 * What f takes or releases on one outcome of its constant returns only.
 * Its own acquisitions are in its flow from an empty context; the
 * caller's context it releases is seen by running the flow again entered
 * with those kinds held: held at every false return and at no true one,
 * it is released where f returns true.
 */
static void conditional_summary(struct function_fact *f, const struct cfg *cfg, const struct flow_call *fc,
				const struct flow_result *own)
{
	struct flow_result entered;

	f->take_if_false = held_only_on(own, RET_FALSE);
	f->release_if_true = f->release_if_false = 0;
	if (!f->released_unheld || !own->returns)
		return;
	flow_run(cfg, fc, f->ncalls, f->released_unheld & CTX_ATOMIC_MASK, &entered);
	f->release_if_true = held_only_on(&entered, RET_FALSE) & f->released_unheld;
	f->release_if_false = held_only_on(&entered, RET_TRUE) & f->released_unheld;
	flow_result_free(&entered);
}

static bool rerun(struct model *m, const struct summary_rules *sr, int fn)
{
	struct function_fact *f = &m->fns.v[fn];
	struct flow_call *fc;
	struct flow_result fr;
	struct cfg cfg;
	bool changed;

	fc = flow_calls_of(m, sr, f, &cfg);
	if (!fc)
		return false;
	flow_run(&cfg, fc, f->ncalls, 0, &fr);
	for (int i = 0; i < f->ncalls; i++) {
		struct call_fact *c = &m->calls.v[f->first_call + i];

		c->ctx = fr.ctx[i];
		c->witness = fr.witness[i] >= 0 ? f->first_call + fr.witness[i] : -1;
		c->reached = fr.reached[i];
	}
	changed = f->exit_ctx != fr.exit_ctx || f->released_unheld != fr.released_unheld ||
		  f->exit_must_ctx != fr.exit_must_ctx || f->returns != fr.returns;
	f->returns = fr.returns;
	f->exit_ctx = fr.exit_ctx;
	f->exit_must_ctx = fr.exit_must_ctx;
	f->exit_witness = fr.exit_witness >= 0 ? f->first_call + fr.exit_witness : -1;
	f->released_unheld = fr.released_unheld;
	f->released_witness = fr.released_witness >= 0 ? f->first_call + fr.released_witness : -1;
	changed |= f->released_maybe != fr.released_maybe;
	f->released_maybe = fr.released_maybe;
	{
		unsigned take = f->take_if_false, rt = f->release_if_true, rf = f->release_if_false;

		conditional_summary(f, &cfg, fc, &fr);
		changed |= take != f->take_if_false || rt != f->release_if_true || rf != f->release_if_false;
	}
	flow_result_free(&fr);
	free(fc);
	cfg_free(&cfg);
	return changed;
}

static void update_rules(const struct model *m, struct summary_rules *sr)
{
	for (size_t i = 0; i < m->fns.n; i++) {
		const struct function_fact *f = &m->fns.v[i];

		/* what it releases and may take again is its caller's: no
		 * acquisition (ps2_do_sendbyte() drops and retakes serio->lock) */
		unsigned kept = f->released_unheld | f->released_maybe;
		unsigned must = f->exit_must_ctx & ~kept & CTX_ATOMIC_MASK;
		unsigned may = f->exit_ctx & ~f->exit_must_ctx & ~kept & CTX_ATOMIC_MASK;

		sr->acquire[i] = (struct lock_rule){ f->name, LOCK_ACQUIRE, must, -1, f->name };
		sr->try[i] = (struct lock_rule){ f->name, LOCK_TRY, f->returns_value ? may : 0, -1, f->name };
		sr->release[i] = (struct lock_rule){ f->name, LOCK_RELEASE,
						     f->released_unheld & ~f->exit_ctx & CTX_ATOMIC_MASK, -1, f->name };
	}
}

int summaries_apply(struct model *m)
{
	struct summary_rules sr = {
		xcalloc(m->fns.n + 1, sizeof(struct lock_rule)),
		xcalloc(m->fns.n + 1, sizeof(struct lock_rule)),
		xcalloc(m->fns.n + 1, sizeof(struct lock_rule)),
	};
	/* whether a function's flow ran with a summarised callee in the last
	 * round: a callee whose summary is gone since must not leave its
	 * callers with what it gave them (__mod_timer() "released" a caller's
	 * lock until lock_timer_base() was summarised; add_timer_global()
	 * and everything above it kept releasing) */
	bool *summarised = xcalloc(m->fns.n + 1, sizeof(bool));
	int touched = 0;
	bool changed = true;

	/* what each function releases where it may not hold it is not among
	 * the stored facts: its own flow first, before any summary is made
	 * from them (sr is still empty: only its own primitives release) */
	for (size_t i = 0; i < m->fns.n; i++)
		if (releases_anything(m, &sr, &m->fns.v[i]))
			rerun(m, &sr, (int)i);
	for (int round = 0; changed && round < MAX_ROUNDS; round++) {
		changed = false;
		update_rules(m, &sr);
		for (size_t i = 0; i < m->fns.n; i++) {
			bool now = calls_summarised(m, &sr, &m->fns.v[i]);

			if (!now && !summarised[i])
				continue;
			summarised[i] = now;
			if (round == 0)
				touched++;
			changed |= rerun(m, &sr, (int)i);
		}
	}
	free(summarised);
	free(sr.acquire);
	free(sr.try);
	free(sr.release);
	return touched;
}

struct lock_summaries {
	struct summary_rules sr;
};

struct lock_summaries *summaries_new(const struct model *m)
{
	struct lock_summaries *s = xcalloc(1, sizeof(*s));

	s->sr.acquire = xcalloc(m->fns.n + 1, sizeof(struct lock_rule));
	s->sr.try = xcalloc(m->fns.n + 1, sizeof(struct lock_rule));
	s->sr.release = xcalloc(m->fns.n + 1, sizeof(struct lock_rule));
	update_rules(m, &s->sr);
	return s;
}

void summaries_free(struct lock_summaries *s)
{
	if (!s)
		return;
	free(s->sr.acquire);
	free(s->sr.try);
	free(s->sr.release);
	free(s);
}

const struct lock_rule *summaries_call_rule(const struct lock_summaries *s, const struct model *m, int call)
{
	return summary_rule(m, &s->sr, &m->calls.v[call]);
}

enum call_when summaries_call_when(const struct lock_summaries *s, const struct model *m, int call)
{
	const struct call_fact *c = &m->calls.v[call];

	return summary_when(m, c, summary_rule(m, &s->sr, c));
}

/* Kinds the caller's context can be released of inside the callee; a
 * hard-IRQ or softirq entry lasts as long as the function */
#define HELD_KINDS (CTX_LOCK | CTX_IRQ | CTX_BH | CTX_PREEMPT | CTX_RCU | CTX_RAW)

void summaries_entry_ctx(const struct lock_summaries *s, const struct model *m, int fn,
			 unsigned entry, unsigned *out)
{
	const struct function_fact *f = &m->fns.v[fn];
	struct flow_call *fc = NULL;
	struct flow_result fr;
	struct cfg cfg;

	if (f->first_call < 0)
		return;
	if (!(entry & (CTX_HARDIRQ | CTX_SOFTIRQ)) && releases_anything(m, &s->sr, f))
		fc = flow_calls_of(m, &s->sr, f, &cfg);
	if (!fc) {	/* nothing releases it (or no CFG): held at every call */
		for (int i = 0; i < f->ncalls; i++) {
			const struct call_fact *c = &m->calls.v[f->first_call + i];

			out[i] = c->reached ? c->ctx | entry : 0;
		}
		return;
	}
	flow_run(&cfg, fc, f->ncalls, entry & HELD_KINDS, &fr);
	for (int i = 0; i < f->ncalls; i++) {
		out[i] = fr.reached[i] ? fr.ctx[i] : 0;
		if (out[i] & entry & HELD_KINDS)	/* the entry's own kinds stay named */
			out[i] |= entry & ~HELD_KINDS;
	}
	flow_result_free(&fr);
	free(fc);
	cfg_free(&cfg);
}
