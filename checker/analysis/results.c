// SPDX-License-Identifier: GPL-2.0
/* Calls repeated with the same arguments (results.h) */
#include "results.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The value an argument has as a known result names it: a parameter of
 * the caller passed on unchanged (*param), an identity local of it
 * (*param RESULT_LOCAL + its index), or a constant (*param -1, *value);
 * false for anything else */
static bool arg_value(const struct call_arg *a, int *param, long long *value)
{
	bool negated = false;
	const struct gfp_alt *g = &a->gfp.alt[0];

	*param = -1;
	*value = 0;
	switch (a->kind) {
	case ARG_PARAM:
		*param = param_passed(a, &negated);
		return *param >= 0 && !negated;
	case ARG_LOCAL_ID:
		*param = RESULT_LOCAL + atoi(a->object);
		return *param >= RESULT_LOCAL && *param < RESULT_LOCAL + 64;
	case ARG_CONST:
		/* `&object` is 1 for every object: not one value */
		if (!a->object || strcmp(a->object, "1") == 0)
			return false;
		*value = strtoll(a->object, NULL, 10);
		return true;
	case ARG_GFP:
		if (a->gfp.n != 1 || g->and_mask != ~0ULL)
			return false;
		if (g->param >= 0 && g->or_bits == 0) {
			*param = g->param;
			return true;
		}
		*value = (long long)g->or_bits;
		return g->param < 0;
	default:
		return false;
	}
}

/* Call i's arguments into out (nargs, param, value); false if one is not
 * named by its facts.  An `&object` (ARG_ADDR) row sits beside that
 * argument's kind 5 row, an ARG_LOCAL_ID row beside a value local's, so
 * the row of each index that names a value is taken, and every index must
 * have one, but where the callee only stores through its parameter
 * (function_fact.out_params): any value there, RESULT_ANY. */
static bool call_args_of(const struct model *m, int i, struct known_result *out)
{
	const struct call_fact *c = &m->calls.v[i];
	bool seen[RESULT_ARGS] = { false };
	unsigned any = c->callee_fn >= 0 ? m->fns.v[c->callee_fn].out_params :
					   0;

	if (c->arity < 1 || c->arity > RESULT_ARGS)
		return false;
	out->nargs = (unsigned char)c->arity;
	for (int k = 0; k < c->arity; k++)
		if ((any >> k) & 1) {
			seen[k] = true;
			out->param[k] = RESULT_ANY;
			out->value[k] = 0;
		}
	for (int k = 0; k < c->nargs; k++) {
		const struct call_arg *a = &m->args.v[c->first_arg + k];
		int param;
		long long value;

		if (a->index < 0 || a->index >= c->arity ||
		    ((any >> a->index) & 1) || !arg_value(a, &param, &value))
			continue;
		if (seen[a->index])
			return false; /* two rows that name it: not one value */
		seen[a->index] = true;
		out->param[a->index] = (signed char)param;
		out->value[a->index] = value;
	}
	for (int k = 0; k < c->arity; k++)
		if (!seen[k])
			return false;
	return true;
}

static bool repeatable_call(const struct model *m, int i)
{
	const struct call_fact *c = &m->calls.v[i];
	const struct function_fact *f;
	struct known_result r;

	if (c->callee_fn < 0 || c->via || c->lock_action >= 0 || c->is_alloc)
		return false;
	f = &m->fns.v[c->callee_fn];
	return f->returns_value && !f->exit_ctx && !f->released_unheld &&
	       call_args_of(m, i, &r);
}

/* outcomes_before()'s run */
struct outcome_run {
	struct repeat_calls *rc;
	const struct function_fact *f;
	const struct cfg *cfg;
	uint64_t tracked;
	/* per identity local: the tracked calls whose arguments name it */
	uint64_t naming[64];
};

/* cfg_must_flow()'s transfer: state[0] the calls known to have returned
 * true, state[1] false; each call's own entry meets what it is met with */
static bool outcome_block(void *ctx, int b, uint64_t *state)
{
	struct outcome_run *o = ctx;
	const struct block *blk = &o->cfg->blocks.v[b];

	for (size_t e = 0; e < blk->events.n; e++) {
		const struct event *ev = &blk->events.v[e];
		uint64_t bit = ev->call >= 0 && ev->call < 64 ?
				       (1ULL << ev->call) & o->tracked :
				       0;

		if (ev->kind == EV_CALL && ev->call >= 0 &&
		    ev->call < o->f->ncalls) {
			int i = o->f->first_call + ev->call;

			o->rc->before_true[i] &= state[0];
			o->rc->before_false[i] &= state[1];
			/* evaluated again: its earlier outcome is gone */
			state[0] &= ~bit;
			state[1] &= ~bit;
		} else if (ev->kind == EV_TRY_OK) {
			state[0] |= bit;
			state[1] &= ~bit;
		} else if (ev->kind == EV_CALL_FALSE) {
			state[1] |= bit;
			state[0] &= ~bit;
		} else if (ev->kind == EV_LOCAL_WRITE && ev->call >= 0 &&
			   ev->call < 64) {
			/* a value the outcomes were known for is gone */
			state[0] &= ~o->naming[ev->call];
			state[1] &= ~o->naming[ev->call];
		}
	}
	return true;
}

/* The outcomes known on every path to each call of function f, a
 * forward must-dataflow over its CFG: a test of a repeatable call sets
 * its bit on each edge, the call evaluated again clears it, a join keeps
 * what both sides know */
static void outcomes_before(struct repeat_calls *rc, const struct model *m,
			    const struct function_fact *f, uint64_t tracked)
{
	const uint64_t entry[2] = { 0, 0 };
	struct cfg cfg;
	struct outcome_run o = { rc, f, &cfg, tracked, { 0 } };

	for (int k = 0; k < 64 && k < f->ncalls; k++) {
		struct known_result r;

		if (((tracked >> k) & 1) &&
		    call_args_of(m, f->first_call + k, &r))
			for (int a = 0; a < r.nargs; a++)
				if (r.param[a] >= RESULT_LOCAL)
					o.naming[r.param[a] - RESULT_LOCAL] |=
						1ULL << k;
	}
	if (!f->cfg || cfg_parse(&cfg, f->cfg) < 0)
		return;
	cfg_must_flow(&cfg, 2, entry, outcome_block, &o);
	cfg_free(&cfg);
}

void repeat_calls_build(struct repeat_calls *rc, const struct model *m)
{
	rc->repeatable = xcalloc(m->calls.n + 1, sizeof(bool));
	rc->before_true = xcalloc(m->calls.n + 1, sizeof(uint64_t));
	rc->before_false = xcalloc(m->calls.n + 1, sizeof(uint64_t));
	for (size_t i = 0; i < m->calls.n; i++)
		rc->repeatable[i] = repeatable_call(m, (int)i);
	for (size_t fi = 0; fi < m->fns.n; fi++) {
		const struct function_fact *f = &m->fns.v[fi];
		uint64_t tracked = 0;

		for (int k = 0; f->first_call >= 0 && k < f->ncalls && k < 64;
		     k++)
			if (rc->repeatable[f->first_call + k])
				tracked |= 1ULL << k;
		if (!tracked || !f->cfg ||
		    (!strchr(f->cfg, 't') && !strchr(f->cfg, 'f')))
			continue;
		/* the meet over the visits of a call starts from all */
		for (int k = 0; k < f->ncalls; k++) {
			rc->before_true[f->first_call + k] = ~0ULL;
			rc->before_false[f->first_call + k] = ~0ULL;
		}
		outcomes_before(rc, m, f, tracked);
		for (int k = 0; k < f->ncalls; k++) {
			int i = f->first_call + k;

			/* a call no path reaches knows nothing */
			if (rc->before_true[i] & rc->before_false[i])
				rc->before_true[i] = rc->before_false[i] = 0;
		}
	}
}

void repeat_calls_free(struct repeat_calls *rc)
{
	free(rc->repeatable);
	free(rc->before_true);
	free(rc->before_false);
	memset(rc, 0, sizeof(*rc));
}

bool result_of_call(const struct model *m, const struct repeat_calls *rc,
		    int call, bool truth, struct known_result *out)
{
	if (!rc->repeatable[call])
		return false;
	memset(out, 0, sizeof(*out));
	out->callee = m->calls.v[call].callee_fn;
	out->truth = truth;
	return call_args_of(m, call, out);
}

bool result_through_call(const struct model *m, int call,
			 const struct known_result *in,
			 struct known_result *out)
{
	const struct call_fact *c = &m->calls.v[call];

	*out = *in;
	for (int k = 0; k < in->nargs; k++) {
		int to = -1;

		if (in->param[k] < 0)
			continue;
		for (int j = 0; j < c->nargs && to < 0; j++) {
			const struct call_arg *a = &m->args.v[c->first_arg + j];
			bool negated = false;
			int named = -1;
			long long value;

			if (a->kind == ARG_LOCAL_ID)
				arg_value(a, &named, &value);
			else if ((named = param_passed(a, &negated)) >= 0 &&
				 negated)
				named = -1;
			if (named == in->param[k] && a->index >= 0 &&
			    a->index < 32)
				to = a->index;
		}
		if (to < 0)
			return false;
		out->param[k] = (signed char)to;
	}
	return true;
}

bool call_repeats(const struct model *m, const struct repeat_calls *rc,
		  int call, const struct known_result *r)
{
	struct known_result here;

	return m->calls.v[call].callee_fn == r->callee &&
	       result_of_call(m, rc, call, r->truth, &here) &&
	       results_equal(&here, r);
}

bool results_equal(const struct known_result *a, const struct known_result *b)
{
	if (a->callee != b->callee || a->truth != b->truth ||
	    a->nargs != b->nargs)
		return false;
	for (int k = 0; k < a->nargs; k++)
		if (a->param[k] != b->param[k] ||
		    (a->param[k] < 0 && a->value[k] != b->value[k]))
			return false;
	return true;
}

void blocks_returning(const struct cfg *cfg, bool truth, bool *out)
{
	size_t n = cfg->blocks.n;
	VEC(int) *pred = xcalloc(n + 1, sizeof(*pred));
	int *stack = xmalloc(sizeof(int) * (n + 1)), sp = 0;

	for (size_t b = 0; b < n; b++) {
		const struct block *blk = &cfg->blocks.v[b];

		out[b] = false;
		for (size_t k = 0; k < blk->succ.n; k++)
			if (blk->succ.v[k] >= 0 && (size_t)blk->succ.v[k] < n)
				VEC_PUSH(pred[blk->succ.v[k]], (int)b);
	}
	for (size_t b = 0; b < n; b++) {
		const struct block *blk = &cfg->blocks.v[b];

		for (size_t e = 0; e < blk->events.n && !out[b]; e++) {
			const struct event *ev = &blk->events.v[e];

			if (ev->kind == EV_RETURN &&
			    (ev->call == RET_OTHER ||
			     (ev->call == RET_TRUE) == truth)) {
				out[b] = true;
				stack[sp++] = (int)b;
			}
		}
	}
	while (sp > 0) {
		int b = stack[--sp];

		for (size_t k = 0; k < pred[b].n; k++)
			if (!out[pred[b].v[k]]) {
				out[pred[b].v[k]] = true;
				stack[sp++] = pred[b].v[k];
			}
	}
	for (size_t b = 0; b < n; b++)
		VEC_FREE(pred[b]);
	free(pred);
	free(stack);
}
