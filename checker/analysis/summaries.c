// SPDX-License-Identifier: GPL-2.0
#include "summaries.h"
#include "cfg.h"
#include "flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROUNDS 1000

/* The summary of a function as a lock primitive, per function (.ctx == 0: none):
 *  - acquire: held at return on every path, and not released first (a
 *    function that drops and retakes its caller's lock changes nothing);
 *  - try: held at return on some paths only, on every path to the returns
 *    of one kind of value (exit_outcome_ctx) or taken by a trylock, and
 *    the function returns a value: like a trylock, held where a
 *    condition on the result is true,
 *    or false if it holds at its constant-false returns only (take_if_false);
 *  - release: released without being taken, and not held at return; where
 *    a condition tests the call, only on the outcome that release_if_true
 *    or release_if_false names, if one does.
 * Where each acts is summary_when()'s.  `hidden`: the per-lock kinds it
 * may return holding that none of these tells its callers (update_hidden()).
 * `sleeps`: the function may sleep by the rules, so has no summary
 * (summary_rule()), read once per model. */
struct summary_rules {
	struct lock_rule *acquire;
	struct lock_rule *try;
	struct lock_rule *release;
	unsigned *hidden;
	bool *sleeps;
	/* the recursion cycle (strongly connected component of the direct
	 * call graph) of each function: a call inside its caller's has no
	 * summary (summary_rule()) */
	int *cycle;
	/* the functions that call each function directly (callee_of()), as
	 * ranges of `caller` by `first_caller` (n + 1 entries), so that
	 * update_hidden() revisits only the callers of what changed */
	int *first_caller, *caller;
};

/* The kinds a lock taken unseen can be of: those told apart by lock
 * (flow.c), so that a release can tell it is not the caller's */
#define HIDDEN_LOCK_KINDS (CTX_LOCK | CTX_RAW)
/* The kinds such a lock may be taken with (spin_lock_irqsave(),
 * spin_lock_bh()): one slot each in flow.c, hidden only with a lock,
 * left alone where a release of the hidden lock restores them */
#define HIDDEN_WITH_LOCK (CTX_IRQ | CTX_BH)
#define HIDDEN_KINDS (HIDDEN_LOCK_KINDS | HIDDEN_WITH_LOCK)

/* The function a call reaches directly (model_load() resolved its key
 * once, within m's functions), -1 for a primitive, an allocation or a
 * callee outside the tree */
static int callee_of(const struct model *m, const struct call_fact *c)
{
	return c->callee_key && c->lock_action < 0 && !c->is_alloc &&
			       c->callee_fn < (int)m->fns.n ?
		       c->callee_fn :
		       -1;
}

/*
 * A function the rules say may sleep (`sleeps`: schedule(), mutex_lock(),
 * msleep()) has no lock summary: the kernel enters and leaves a sleep
 * with the caller's atomic context as it was.  Derived from its body it
 * would be wrong: __schedule() releases the run-queue lock and IRQs that
 * the task switched to took, so schedule(), and every sleeping lock
 * above it, looked like "releases a spinlock" to their callers.
 *
 * A call inside the caller's own recursion cycle has no summary either,
 * a call to itself the shortest: a summary is what the function's flow
 * makes of its calls out of the cycle and its own primitives.  Read back
 * around the cycle, a round's summary would hold up whatever an earlier
 * round gave it: put_css_set_locked() calls itself for the parent sets,
 * and once its other releasing callee no longer released a spinlock it
 * still "released" one through that call, mutex_unlock() above it with
 * it; 6.1's kvfree() -> vfree() -> __vfree() -> __vunmap() -> kvfree()
 * the same, and vm_unmap_aliases() above it.  Allowed, such summaries
 * never settle: after the summaries without them settle, rounds with
 * them still changed some 280 functions each on 6.12.  What goes round a
 * cycle only is lost: where a function of a cycle releases its caller's
 * lock through another function of the cycle alone, its callers still
 * see the lock held.
 */
static const struct lock_rule *summary_rule(const struct model *m,
					    const struct summary_rules *sr,
					    const struct call_fact *c)
{
	int g = callee_of(m, c);

	if (g < 0 || sr->cycle[g] == sr->cycle[c->fn] || sr->sleeps[g])
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

/* Whether f's flow must run again: it calls a summarised function, one
 * that never returns or one that may take a lock unseen. */
static bool calls_summarised(const struct model *m,
			     const struct summary_rules *sr,
			     const struct function_fact *f)
{
	for (int i = 0; f->first_call >= 0 && i < f->ncalls; i++) {
		const struct call_fact *c = &m->calls.v[f->first_call + i];

		int g = callee_of(m, c);

		if (summary_rule(m, sr, c) ||
		    (!c->noreturn && noreturn_call(m, c)) ||
		    (g >= 0 && sr->hidden[g]))
			return true;
	}
	return false;
}

/* The kinds a summarised callee that takes a context also releases of
 * its caller's (irq_exit_rcu() lowers the preempt count irq_enter_rcu()
 * raised and returns with IRQs off): 0 if none. */
static unsigned summary_release_also(const struct model *m,
				     const struct summary_rules *sr,
				     const struct call_fact *c)
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
static const char *summary_lock_id(const struct model *m,
				   const struct call_fact *c,
				   enum lock_action action)
{
	for (int depth = 0; depth < 8; depth++) {
		int g = callee_of(m, c), w;

		/* the call names its lock itself: a guard's constructor or
		 * destructor (extract.c guard_lock()) */
		if (c->lock_id && *c->lock_id)
			return c->lock_id;
		if (g < 0)
			return "";
		w = action == LOCK_RELEASE ? m->fns.v[g].released_witness :
					     m->fns.v[g].exit_witness;
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
static enum call_when summary_when(const struct model *m,
				   const struct call_fact *c,
				   const struct lock_rule *r)
{
	int g = callee_of(m, c);
	const struct function_fact *callee;

	if (!r || c->lock_action >= 0 || g < 0)
		return WHEN_CALLED;
	callee = &m->fns.v[g];
	if (r->action == LOCK_TRY)
		return (callee->take_if_false & r->ctx) == r->ctx ? WHEN_FALSE :
								    WHEN_TRUE;
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
 * summary, and the kinds of `hide` the callee may take unseen; NULL
 * (nothing allocated) when its CFG is not usable. */
static struct flow_call *flow_calls_of(const struct model *m,
				       const struct summary_rules *sr,
				       const struct function_fact *f,
				       struct cfg *cfg, unsigned hide)
{
	struct flow_call *fc;

	if (!f->cfg || f->first_call < 0 || cfg_parse(cfg, f->cfg) < 0)
		return NULL;
	/* events index calls of this function; every index must exist */
	for (size_t b = 0; b < cfg->blocks.n; b++)
		for (size_t e = 0; e < cfg->blocks.v[b].events.n; e++)
			if (cfg->blocks.v[b].events.v[e].kind <=
				    EV_CALL_FALSE &&
			    cfg->blocks.v[b].events.v[e].call >= f->ncalls) {
				cfg_free(cfg);
				return NULL;
			}
	fc = xcalloc((size_t)f->ncalls + 1, sizeof(*fc));
	for (int i = 0; i < f->ncalls; i++) {
		const struct call_fact *c = &m->calls.v[f->first_call + i];
		int g;

		fc[i].lock = c->lock_action >= 0 && c->callee ?
				     rules_lock(m->rules, c->callee) :
				     NULL;
		fc[i].ctx = c->lock_ctx;
		fc[i].lock_id = c->lock_id ? c->lock_id : "";
		if (!fc[i].lock) {
			fc[i].lock = summary_rule(m, sr, c);
			fc[i].ctx = fc[i].lock ? fc[i].lock->ctx : 0;
			if (fc[i].lock)
				fc[i].lock_id = summary_lock_id(
					m, c, fc[i].lock->action);
			if (fc[i].lock && fc[i].lock->action != LOCK_RELEASE) {
				fc[i].release_ctx =
					summary_release_also(m, sr, c);
				fc[i].release_id =
					summary_lock_id(m, c, LOCK_RELEASE);
			}
		}
		fc[i].noreturn = noreturn_call(m, c);
		fc[i].when = summary_when(m, c, fc[i].lock);
		g = callee_of(m, c);
		fc[i].may_take = g >= 0 ? sr->hidden[g] & hide : 0;
	}
	return fc;
}

/* The kinds call c releases: a release primitive's, a summarised
 * callee's release, or what a summarised callee that takes a context also
 * releases of its caller's (summary_release_also()) */
static unsigned call_releases(const struct model *m,
			      const struct summary_rules *sr,
			      const struct call_fact *c)
{
	const struct lock_rule *r;

	if (c->lock_action >= 0)
		return c->lock_action == LOCK_RELEASE ? c->lock_ctx : 0;
	r = summary_rule(m, sr, c);
	if (!r)
		return 0;
	return r->action == LOCK_RELEASE ? r->ctx :
					   summary_release_also(m, sr, c);
}

/* Does anything in f release a context?  If not, what the caller holds
 * is held at every call. */
static bool releases_anything(const struct model *m,
			      const struct summary_rules *sr,
			      const struct function_fact *f)
{
	for (int i = 0; f->first_call >= 0 && i < f->ncalls; i++)
		if (call_releases(m, sr, &m->calls.v[f->first_call + i]))
			return true;
	return false;
}

/* Kinds held at every return of the truth `on` and at none of the other
 * truth, every return of the function being a constant: 0 otherwise */
static unsigned held_only_on(const struct flow_result *r, enum return_value on)
{
	const struct flow_returns
		*yes = &r->ret[on],
		*no = &r->ret[on == RET_TRUE ? RET_FALSE : RET_TRUE];

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
static void conditional_summary(struct function_fact *f, const struct cfg *cfg,
				const struct flow_call *fc,
				const struct flow_result *own)
{
	struct flow_result entered;

	f->take_if_false = held_only_on(own, RET_FALSE);
	f->release_if_true = f->release_if_false = 0;
	if (!f->released_unheld || !own->returns)
		return;
	flow_run(cfg, fc, f->ncalls, f->released_unheld & CTX_ATOMIC_MASK,
		 &entered);
	f->release_if_true = held_only_on(&entered, RET_FALSE) &
			     f->released_unheld;
	f->release_if_false = held_only_on(&entered, RET_TRUE) &
			      f->released_unheld;
	flow_result_free(&entered);
}

/*
 * A release that flow.c could not pair with the function's own
 * acquisition on every path is the caller's lock where the function
 * releases that kind on every path to its exit and does not hold it
 * there: a helper that ends its caller's critical section however it
 * returns.  io_worker_handle_work() drops the acct->lock its caller took,
 * runs the work, takes it again and loops (released where it may not
 * hold, released_maybe, the function taking it only unconditionally); a
 * release after a call that may take a lock
 * unseen (released_hidden) is read so too.  page_cache_release()'s `if
 * (lruvec) unlock...` releases on some paths only, and stays the
 * callee's lock.
 */
static void
caller_lock_released(const struct model *m, const struct summary_rules *sr,
		     const struct function_fact *f, const struct cfg *cfg,
		     const struct flow_call *fc, struct flow_result *fr)
{
	int ncalls = f->ncalls;
	unsigned kinds = (fr->released_hidden | fr->released_maybe) &
			 ~fr->exit_ctx & CTX_ATOMIC_MASK;
	bool *marked, *after;

	/* where the function may fail to take the lock (a trylock, a scoped
	 * guard's), the path that did not take it is its own, not the
	 * caller's lock */
	for (int i = 0; i < ncalls; i++)
		if (fc[i].lock && fc[i].lock->action == LOCK_TRY)
			kinds &= ~(fc[i].ctx & fr->released_maybe &
				   ~fr->released_hidden);
	if (!kinds)
		return;
	marked = xcalloc((size_t)ncalls + 1, sizeof(bool));
	after = xcalloc((size_t)ncalls + 1, sizeof(bool));
	for (int k = 0; k < 32; k++) {
		unsigned kind = 1u << k;
		int first = -1;

		if (!(kinds & kind))
			continue;
		for (int i = 0; i < ncalls; i++) {
			marked[i] =
				call_releases(m, sr,
					      &m->calls.v[f->first_call + i]) &
				kind;
			if (marked[i] && first < 0)
				first = i;
		}
		if (!flow_must_pass(cfg, marked, NULL, ncalls, after))
			continue;
		fr->released_hidden &= ~kind;
		if (!fr->released_unheld)
			fr->released_witness = first;
		fr->released_unheld |= kind;
	}
	free(marked);
	free(after);
}

static bool rerun(struct model *m, const struct summary_rules *sr, int fn)
{
	struct function_fact *f = &m->fns.v[fn];
	struct flow_call *fc;
	struct flow_result fr;
	struct cfg cfg;
	bool changed;

	fc = flow_calls_of(m, sr, f, &cfg, HIDDEN_KINDS);
	if (!fc)
		return false;
	flow_run(&cfg, fc, f->ncalls, 0, &fr);
	caller_lock_released(m, sr, f, &cfg, fc, &fr);
	for (int i = 0; i < f->ncalls; i++) {
		struct call_fact *c = &m->calls.v[f->first_call + i];

		c->ctx = fr.ctx[i];
		c->witness =
			fr.witness[i] >= 0 ? f->first_call + fr.witness[i] : -1;
		c->reached = fr.reached[i];
	}
	changed = f->exit_ctx != fr.exit_ctx ||
		  f->released_unheld != fr.released_unheld ||
		  f->exit_must_ctx != fr.exit_must_ctx ||
		  f->exit_outcome_ctx != flow_held_by_outcome(&fr) ||
		  f->returns != fr.returns;
	f->returns = fr.returns;
	f->exit_ctx = fr.exit_ctx;
	f->exit_must_ctx = fr.exit_must_ctx;
	f->exit_outcome_ctx = flow_held_by_outcome(&fr);
	f->exit_witness =
		fr.exit_witness >= 0 ? f->first_call + fr.exit_witness : -1;
	f->released_unheld = fr.released_unheld;
	f->released_witness = fr.released_witness >= 0 ?
				      f->first_call + fr.released_witness :
				      -1;
	changed |= f->released_maybe != fr.released_maybe ||
		   f->released_hidden != fr.released_hidden;
	f->released_maybe = fr.released_maybe;
	f->released_hidden = fr.released_hidden;
	{
		unsigned take = f->take_if_false, rt = f->release_if_true,
			 rf = f->release_if_false;

		conditional_summary(f, &cfg, fc, &fr);
		changed |= take != f->take_if_false ||
			   rt != f->release_if_true ||
			   rf != f->release_if_false;
	}
	flow_result_free(&fr);
	free(fc);
	cfg_free(&cfg);
	return changed;
}

/* The lock a function's own call `w` takes or releases, as its primitive
 * names it */
static const char *own_lock_id(const struct model *m, int w,
			       enum lock_action action)
{
	const struct call_fact *c;

	if (w < 0)
		return "";
	c = &m->calls.v[w];
	if (c->lock_action >= 0)
		return c->lock_id ? c->lock_id : "";
	return summary_lock_id(m, c, action);
}

/* Whether some call of f releases a lock of `kinds` under the name `id`.
 * Any such call, not the released_witness alone: that is f's first
 * release of a context it did not take, of any kind (tg3_restart_hw()'s
 * is a callee's IRQ release, before the tg3_full_unlock() of the
 * tp->lock it takes back). */
static bool releases_by_name(const struct model *m,
			     const struct summary_rules *sr,
			     const struct function_fact *f, unsigned kinds,
			     const char *id)
{
	for (int j = 0; f->first_call >= 0 && j < f->ncalls; j++) {
		int w = f->first_call + j;

		if ((call_releases(m, sr, &m->calls.v[w]) & kinds) &&
		    strcmp(id, own_lock_id(m, w, LOCK_RELEASE)) == 0)
			return true;
	}
	return false;
}

/* The per-lock kinds function i may return holding that no summary of
 * it tells because it also releases a lock of that kind it did not take:
 * held at return on some path, released without being taken on some
 * path, so neither an acquisition nor a trylock (update_rules()) nor a
 * release.  Only that shape: a function that merely returns holding a
 * lock on some path is more often one whose paths the flow cannot tell
 * apart (`if (x) lock ... if (x) unlock` beyond its splits) or the
 * scheduler's switch (__schedule()), and passing those up would make
 * most of the tree "hide" a lock through printk().  With them, the IRQ
 * or BH kinds it also returns with and releases unheld: the state the
 * unseen lock's spin_unlock_irqrestore() restores is its own. */
static unsigned hides_itself(const struct model *m,
			     const struct summary_rules *sr, size_t i)
{
	const struct function_fact *f = &m->fns.v[i];
	unsigned kinds = f->exit_ctx & f->released_unheld & ~f->released_maybe &
			 ~(sr->acquire[i].ctx | sr->try[i].ctx) &
			 HIDDEN_LOCK_KINDS;

	/* what it releases without taking and takes again under the same
	 * name is its caller's lock, back as it was (a helper that drops and
	 * retakes it), not one its caller cannot see */
	if (!kinds ||
	    releases_by_name(m, sr, f, kinds,
			     own_lock_id(m, f->exit_witness, LOCK_ACQUIRE)))
		return 0;
	/* the IRQ or BH state it restores for the lock it drops and saves for
	 * the one it takes (folio_lruvec_relock_irqsave()) */
	return kinds | (f->exit_ctx & f->released_unheld & HIDDEN_WITH_LOCK);
}

/*
 * The locks a function may return holding where no summary tells its
 * callers: folio_lruvec_relock_irqsave() releases the lruvec its caller
 * passed and takes the folio's, except where they are the same, so it is
 * neither an acquisition nor a release; __page_cache_release() stores
 * its result through an out-parameter.  Their callers cannot see the lock
 * held, but a later release of it must not be taken for a release of
 * the caller's lock: page_cache_release()'s `if (lruvec)
 * unlock_page_lruvec_irqrestore(lruvec, flags)` made kfree() and
 * folio_put() "release" every spinlock held around them.  Passed up the
 * call graph until a function releases such a lock (released_hidden); a
 * function that may sleep hides nothing (summary_rule()).
 */
/* f's hidden kinds from its callees', at least `h` */
static unsigned hidden_from_callees(const struct model *m,
				    const struct summary_rules *sr, size_t i,
				    unsigned h)
{
	const struct function_fact *f = &m->fns.v[i];

	for (int j = 0; f->first_call >= 0 && j < f->ncalls; j++) {
		int g = callee_of(m, &m->calls.v[f->first_call + j]);

		if (g >= 0)
			h |= sr->hidden[g] & ~f->released_hidden;
	}
	/* an IRQ or BH state hides nothing without a lock */
	return h & HIDDEN_LOCK_KINDS ? h : 0;
}

/* Hidden kinds only grow, and a function's change can change only its
 * callers': a worklist over the callers of what changed, to the least
 * fixpoint above each function's own */
static void update_hidden(const struct model *m, struct summary_rules *sr)
{
	size_t n = m->fns.n, top = 0;
	int *work = xmalloc(sizeof(int) * (n + 1));
	bool *queued = xcalloc(n + 1, sizeof(bool));

	for (size_t i = 0; i < n; i++) {
		sr->hidden[i] = sr->sleeps[i] ? 0 : hides_itself(m, sr, i);
		if (!sr->sleeps[i]) {
			work[top++] = (int)i;
			queued[i] = true;
		}
	}
	while (top) {
		int i = work[--top];
		unsigned h;

		queued[i] = false;
		h = hidden_from_callees(m, sr, (size_t)i, sr->hidden[i]);
		if (h == sr->hidden[i])
			continue;
		sr->hidden[i] = h;
		for (int k = sr->first_caller[i]; k < sr->first_caller[i + 1];
		     k++) {
			int c = sr->caller[k];

			if (!sr->sleeps[c] && !queued[c]) {
				queued[c] = true;
				work[top++] = c;
			}
		}
	}
	free(work);
	free(queued);
}

/* Whether call w (a model index, -1 none) takes a lock on one outcome
 * only: a trylock primitive, or a call of a function summarised as one */
static bool taken_by_try(const struct model *m, const struct summary_rules *sr,
			 int w)
{
	const struct call_fact *c;
	int g;

	if (w < 0)
		return false;
	c = &m->calls.v[w];
	if (c->lock_action >= 0)
		return c->lock_action == LOCK_TRY;
	g = callee_of(m, c);
	return g >= 0 && sr->try[g].ctx;
}

static void update_rules(const struct model *m, struct summary_rules *sr)
{
	for (size_t i = 0; i < m->fns.n; i++) {
		const struct function_fact *f = &m->fns.v[i];

		/* what it releases and may take again is its caller's: no
		 * acquisition (ps2_do_sendbyte() drops and retakes serio->lock) */
		unsigned kept = f->released_unheld | f->released_maybe;
		unsigned must = f->exit_must_ctx & ~kept & CTX_ATOMIC_MASK;
		unsigned may = f->exit_ctx & ~f->exit_must_ctx & ~kept &
			       CTX_ATOMIC_MASK;

		sr->acquire[i] = (struct lock_rule){ f->name, LOCK_ACQUIRE,
						     must, -1, f->name };
		/* held on some paths only: a trylock's shape where held at
		 * every return of one kind of value, or taken by a trylock (a
		 * guard's conditional constructor returns it in a struct);
		 * not where the flow cannot tell the paths apart */
		unsigned tried = taken_by_try(m, sr, f->exit_witness) ?
					 may :
					 may & f->exit_outcome_ctx;

		sr->try[i] = (struct lock_rule){ f->name, LOCK_TRY,
						 f->returns_value ? tried : 0,
						 -1, f->name };
		sr->release[i] =
			(struct lock_rule){ f->name, LOCK_RELEASE,
					    f->released_unheld & ~f->exit_ctx &
						    CTX_ATOMIC_MASK,
					    -1, f->name };
	}
	update_hidden(m, sr);
}

/*
 * The recursion cycles of the direct call graph (Tarjan's strongly
 * connected components, iteratively: the call graph is deeper than a
 * stack): cycle[i] is the same for the functions of one cycle, distinct
 * for a function in none.
 */
static void find_cycles(const struct model *m, int *cycle)
{
	size_t n = m->fns.n;
	int *index = xcalloc(n + 1, sizeof(int)),
	    *low = xcalloc(n + 1, sizeof(int));
	int *next = xcalloc(n + 1, sizeof(int)),
	    *stack = xcalloc(n + 1, sizeof(int));
	int *path = xcalloc(n + 1, sizeof(int));
	bool *on_stack = xcalloc(n + 1, sizeof(bool));
	int counter = 0, sp = 0, ncycles = 0;

	for (size_t root = 0; root < n; root++) {
		int depth = 0;

		if (index[root])
			continue;
		path[depth++] = (int)root;
		index[root] = low[root] = ++counter;
		stack[sp++] = (int)root;
		on_stack[root] = true;
		while (depth) {
			int v = path[depth - 1];
			const struct function_fact *f = &m->fns.v[v];
			int g = -1;

			while (f->first_call >= 0 && next[v] < f->ncalls &&
			       g < 0)
				g = callee_of(
					m,
					&m->calls.v[f->first_call + next[v]++]);
			if (g >= 0) {
				if (!index[g]) {
					index[g] = low[g] = ++counter;
					stack[sp++] = g;
					on_stack[g] = true;
					path[depth++] = g;
				} else if (on_stack[g] && index[g] < low[v]) {
					low[v] = index[g];
				}
				continue;
			}
			/* every call of v seen: v roots a cycle, or passes its
			 * lowest reach to its caller on the path */
			if (low[v] == index[v]) {
				int w;

				do {
					w = stack[--sp];
					on_stack[w] = false;
					cycle[w] = ncycles;
				} while (w != v);
				ncycles++;
			}
			depth--;
			if (depth && low[v] < low[path[depth - 1]])
				low[path[depth - 1]] = low[v];
		}
	}
	free(index);
	free(low);
	free(next);
	free(stack);
	free(path);
	free(on_stack);
}

/* sr->first_caller, sr->caller: a counting sort of the direct calls by
 * callee */
static void index_callers(const struct model *m, struct summary_rules *sr)
{
	size_t n = m->fns.n, total = 0;
	int *fill = xcalloc(n + 1, sizeof(int));

	sr->first_caller = xcalloc(n + 2, sizeof(int));
	for (size_t i = 0; i < m->calls.n; i++) {
		int g = callee_of(m, &m->calls.v[i]);

		if (g >= 0 && m->calls.v[i].fn >= 0) {
			sr->first_caller[g + 1]++;
			total++;
		}
	}
	for (size_t g = 0; g < n; g++)
		sr->first_caller[g + 1] += sr->first_caller[g];
	sr->caller = xmalloc(sizeof(int) * (total + 1));
	for (size_t i = 0; i < m->calls.n; i++) {
		int g = callee_of(m, &m->calls.v[i]);

		if (g >= 0 && m->calls.v[i].fn >= 0)
			sr->caller[sr->first_caller[g] + fill[g]++] =
				m->calls.v[i].fn;
	}
	free(fill);
}

static void summary_rules_init(const struct model *m, struct summary_rules *sr)
{
	sr->acquire = xcalloc(m->fns.n + 1, sizeof(struct lock_rule));
	sr->try = xcalloc(m->fns.n + 1, sizeof(struct lock_rule));
	sr->release = xcalloc(m->fns.n + 1, sizeof(struct lock_rule));
	sr->hidden = xcalloc(m->fns.n + 1, sizeof(unsigned));
	sr->sleeps = xcalloc(m->fns.n + 1, sizeof(bool));
	sr->cycle = xcalloc(m->fns.n + 1, sizeof(int));
	find_cycles(m, sr->cycle);
	for (size_t i = 0; i < m->fns.n; i++)
		sr->sleeps[i] =
			rules_named(m->rules, "sleeps", m->fns.v[i].name);
	index_callers(m, sr);
}

static void summary_rules_free(struct summary_rules *sr)
{
	free(sr->acquire);
	free(sr->try);
	free(sr->release);
	free(sr->hidden);
	free(sr->sleeps);
	free(sr->cycle);
	free(sr->first_caller);
	free(sr->caller);
}

/* Whether a callee of f (f itself where it calls itself) changed in the
 * last round: what f's flow reads of it may have changed */
static bool callee_changed(const struct model *m, const struct function_fact *f,
			   const bool *changed)
{
	for (int i = 0; f->first_call >= 0 && i < f->ncalls; i++) {
		int g = callee_of(m, &m->calls.v[f->first_call + i]);

		if (g >= 0 && changed[g])
			return true;
	}
	return false;
}

/*
 * The summaries settle in rounds: a function's flow runs again when a
 * callee's facts changed in the round before (or its hidden kinds did),
 * at first wherever it calls a summarised function.  With no summary
 * inside a recursion cycle (summary_rule()) the summaries depend on each
 * other along the acyclic graph of cycles, and settle by its depth (64
 * rounds on the whole 6.1 tree, 57 on 6.12; the rounds were cut at 10
 * before, short of the releases that climb one caller per round).
 * Returns the rounds it took, or -1 if they did not settle within
 * MAX_ROUNDS: what still reaches the callers of a function's release is
 * then incomplete, and it says so on standard error (for the solver and
 * `gfpcheck debug flow` alike).
 */
int summaries_apply(struct model *m)
{
	struct summary_rules sr;
	size_t n = m->fns.n;
	/* per function: its facts changed in the last round, in this one */
	bool *changed = xcalloc(n + 1, sizeof(bool));
	bool *now = xcalloc(n + 1, sizeof(bool));
	unsigned *hidden_before = xcalloc(n + 1, sizeof(unsigned));
	int rounds = -1;

	summary_rules_init(m, &sr);
	/* what each function releases where it may not hold it is not among
	 * the stored facts: its own flow first, before any summary is made
	 * from them (sr is still empty: only its own primitives release) */
	for (size_t i = 0; i < n; i++)
		if (releases_anything(m, &sr, &m->fns.v[i]))
			rerun(m, &sr, (int)i);
	for (int round = 0; round < MAX_ROUNDS && rounds < 0; round++) {
		bool any = false;

		memcpy(hidden_before, sr.hidden, n * sizeof(unsigned));
		update_rules(m, &sr);
		for (size_t i = 0; i < n; i++)
			changed[i] |= sr.hidden[i] != hidden_before[i];
		for (size_t i = 0; i < n; i++) {
			const struct function_fact *f = &m->fns.v[i];
			bool run = round ? callee_changed(m, f, changed) :
					   calls_summarised(m, &sr, f);

			now[i] = run && rerun(m, &sr, (int)i);
			any |= now[i];
		}
		memcpy(changed, now, n * sizeof(bool));
		if (!any)
			rounds = round + 1;
	}
	if (rounds < 0)
		fprintf(stderr,
			"gfpcheck: warning: the lock summaries did not settle "
			"in %d rounds: a release may not reach every caller, "
			"findings may be missing\n",
			MAX_ROUNDS);
	free(changed);
	free(now);
	free(hidden_before);
	summary_rules_free(&sr);
	return rounds;
}

struct lock_summaries {
	struct summary_rules sr;
};

struct lock_summaries *summaries_new(const struct model *m)
{
	struct lock_summaries *s = xcalloc(1, sizeof(*s));

	summary_rules_init(m, &s->sr);
	update_rules(m, &s->sr);
	return s;
}

void summaries_free(struct lock_summaries *s)
{
	if (!s)
		return;
	summary_rules_free(&s->sr);
	free(s);
}

const struct lock_rule *summaries_call_rule(const struct lock_summaries *s,
					    const struct model *m, int call)
{
	return summary_rule(m, &s->sr, &m->calls.v[call]);
}

unsigned summaries_call_hides(const struct lock_summaries *s,
			      const struct model *m, int call)
{
	int g = callee_of(m, &m->calls.v[call]);

	return g >= 0 ? s->sr.hidden[g] : 0;
}

enum call_when summaries_call_when(const struct lock_summaries *s,
				   const struct model *m, int call)
{
	const struct call_fact *c = &m->calls.v[call];

	return summary_when(m, c, summary_rule(m, &s->sr, c));
}

/* Kinds the caller's context can be released of inside the callee; a
 * hard-IRQ or softirq entry lasts as long as the function */
#define HELD_KINDS \
	(CTX_LOCK | CTX_IRQ | CTX_BH | CTX_PREEMPT | CTX_RCU | CTX_RAW)

void summaries_entry_ctx(const struct lock_summaries *s, const struct model *m,
			 int fn, unsigned entry, unsigned *out)
{
	const struct function_fact *f = &m->fns.v[fn];
	struct flow_call *fc = NULL;
	struct flow_result fr;
	struct cfg cfg;

	if (f->first_call < 0)
		return;
	if (!(entry & (CTX_HARDIRQ | CTX_SOFTIRQ)) &&
	    releases_anything(m, &s->sr, f))
		fc = flow_calls_of(m, &s->sr, f, &cfg, ~f->released_unheld);
	if (!fc) { /* nothing releases it (or no CFG): held at every call */
		for (int i = 0; i < f->ncalls; i++) {
			const struct call_fact *c =
				&m->calls.v[f->first_call + i];

			out[i] = c->reached ? c->ctx | entry : 0;
		}
		return;
	}
	flow_run(&cfg, fc, f->ncalls, entry & HELD_KINDS, &fr);
	for (int i = 0; i < f->ncalls; i++) {
		out[i] = fr.reached[i] ? fr.ctx[i] : 0;
		if (out[i] & entry &
		    HELD_KINDS) /* the entry's own kinds stay named */
			out[i] |= entry & ~HELD_KINDS;
	}
	flow_result_free(&fr);
	free(fc);
	cfg_free(&cfg);
}
