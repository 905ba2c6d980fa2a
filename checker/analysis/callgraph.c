// SPDX-License-Identifier: GPL-2.0
#include "callgraph.h"
#include "cfg.h"
#include "flow.h"
#include "summaries.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct function_fact *fn_of(const struct callgraph *cg, int i)
{
	return &cg->m->fns.v[i];
}

/* Calls to primitives and allocators are modelled by rules, not followed. */
static bool modelled_by_rules(const struct model *m, const struct call_fact *c)
{
	return c->lock_action >= 0 || c->is_alloc ||
	       (c->callee && rules_alloc(m->rules, c->callee));
}

bool callgraph_external_gfp_call(const struct callgraph *cg, int call)
{
	const struct model *m = cg->m;
	const struct call_fact *c = &m->calls.v[call];

	return c->callee && c->nargs && cg->call_nedges[call] == 0 &&
	       !modelled_by_rules(m, c) &&
	       !rules_named(m->rules, "gfp-nosleep", c->callee);
}

static void add_edge(struct callgraph *cg, int call, int callee, int fnptr,
		     int arg_call)
{
	struct cg_edge e = { call, callee, fnptr, arg_call, -1, 0 };

	for (int i = cg->call_first_edge[call]; i >= 0 && i < (int)cg->edges.n;
	     i++)
		if (cg->edges.v[i].call == call &&
		    cg->edges.v[i].callee == callee)
			return;
	if (cg->call_first_edge[call] < 0)
		cg->call_first_edge[call] = (int)cg->edges.n;
	cg->call_nedges[call]++;
	VEC_PUSH(cg->edges, e);
	if (fnptr >= 0 || arg_call >= 0)
		cg->indirect_resolved++;
}

static void edges_by_key(struct callgraph *cg, int call, const char *key,
			 int fnptr, int arg_call)
{
	for (int f = model_find(cg->m, key); f >= 0;
	     f = model_next_with_key(cg->m, f))
		add_edge(cg, call, f, fnptr, arg_call);
}

/* Sorted indexes, built once, so that resolving an indirect call costs a
 * binary search rather than a scan of the whole tree. */
static const struct model *sort_model;

static int cmp_fnptr_field(const void *a, const void *b)
{
	return strcmp(sort_model->fnptrs.v[*(const int *)a].field,
		      sort_model->fnptrs.v[*(const int *)b].field);
}

static int cmp_call_callee(const void *a, const void *b)
{
	return strcmp(sort_model->calls.v[*(const int *)a].callee_key,
		      sort_model->calls.v[*(const int *)b].callee_key);
}

struct sorted {
	int *v;
	size_t n;
};

/* first position whose key is >= key */
static size_t lower_bound(const struct sorted *ix, const char *key,
			  const char *(*key_of)(const struct model *, int))
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(key_of(sort_model, ix->v[mid]), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *fnptr_field(const struct model *m, int i)
{
	return m->fnptrs.v[i].field;
}

static const char *call_callee(const struct model *m, int i)
{
	return m->calls.v[i].callee_key;
}

#define MAX_CALLBACK_DEPTH 8

/* The walk of callback_edges() from one call: per (function, parameter)
 * followed, 1 + the least depth it was followed at, so that one reached
 * again no shallower is not followed again (its callers' functions were
 * added then, and add_edge() keeps the first edge to each).  Without it
 * a callback passed down through many callers at each of eight levels was
 * followed once per path, most of the solver's time on a whole tree. */
struct callback_walk {
	signed char *followed; /* per canonical function * 32 + parameter */
	VEC(int) touched;
};

static void callback_edges(struct callgraph *cg, const struct sorted *by_callee,
			   struct callback_walk *w, int call, const char *key,
			   int param, int depth)
{
	const struct model *m = cg->m;
	int fn = model_find(m, key);

	if (fn >= 0 && param >= 0 && param < 32) {
		signed char *f = &w->followed[(size_t)fn * 32 + (size_t)param];

		if (*f && *f <= depth + 1)
			return;
		if (!*f)
			VEC_PUSH(w->touched, fn * 32 + param);
		*f = (signed char)(depth + 1);
	}
	for (size_t k = lower_bound(by_callee, key, call_callee);
	     k < by_callee->n; k++) {
		const struct call_fact *c = &m->calls.v[by_callee->v[k]];

		if (strcmp(c->callee_key, key) != 0)
			break;
		for (int a = 0; a < c->nargs; a++) {
			const struct call_arg *arg =
				&m->args.v[c->first_arg + a];
			bool negated;
			int src;

			if (arg->index != param)
				continue;
			if (arg->kind == ARG_FUNCTION)
				edges_by_key(cg, call, arg->fn_key, -1,
					     by_callee->v[k]);
			else if ((src = param_passed(arg, &negated)) >= 0 &&
				 !negated && depth < MAX_CALLBACK_DEPTH)
				callback_edges(cg, by_callee, w, call,
					       fn_of(cg, c->fn)->key, src,
					       depth + 1);
		}
	}
}

/* Callback parameters: a call through parameter N of function g reaches
 * every function that callers of g pass as argument N, directly or
 * through parameters of their own (`relay(cb)` → `run(cb)` → `cb()`). */
static void edges_through_param(struct callgraph *cg,
				const struct sorted *by_callee,
				struct callback_walk *w, int call, int param)
{
	callback_edges(cg, by_callee, w, call,
		       fn_of(cg, cg->m->calls.v[call].fn)->key, param, 0);
	for (size_t i = 0; i < w->touched.n; i++)
		w->followed[w->touched.v[i]] = 0;
	w->touched.n = 0;
}

/* N of a via_object "param:N" (a call through a field of parameter N),
 * else -1 ("param:N->FIELD" is a call through a field of its field) */
static int object_param(const char *object)
{
	int n = param_ref(object, NULL);

	return n < 32 ? n : -1;
}

/* N of a via_object "param:N->FIELD" whose FIELD is `field` (any FIELD
 * for NULL), else -1 */
static int table_param_of(const char *object, const char *field)
{
	const char *rest;
	int n = param_ref(object, &rest);

	if (n < 0 || n >= 32 || strncmp(rest, "->", 2) != 0 ||
	    (field && strcmp(rest + 2, field) != 0))
		return -1;
	return n;
}

/* A store of field `via` into the object at path `object` ("var:KEY") */
static bool stored_in(const struct fnptr_fact *p, const char *object)
{
	return p->object && strcmp(p->object, object) == 0;
}

/* A call through a struct field reaches every function stored in that
 * field; when the call names a variable's object (`my_ops.run()`,
 * names.h object_variable()) and the tree stores into that object's field, only those functions. */
static void edges_through_field(struct callgraph *cg,
				const struct sorted *by_field, int call)
{
	const struct model *m = cg->m;
	const char *via = m->calls.v[call].via,
		   *object = m->calls.v[call].via_object;
	size_t first = lower_bound(by_field, via, fnptr_field);
	bool pinned = false;

	for (size_t k = first;
	     object && strncmp(object, "var:", 4) == 0 && k < by_field->n;
	     k++) {
		const struct fnptr_fact *p = &m->fnptrs.v[by_field->v[k]];

		if (strcmp(p->field, via) != 0)
			break;
		pinned |= stored_in(p, object);
	}
	for (size_t k = first; k < by_field->n; k++) {
		const struct fnptr_fact *p = &m->fnptrs.v[by_field->v[k]];

		if (strcmp(p->field, via) != 0)
			break;
		if (!pinned || stored_in(p, object))
			edges_by_key(cg, call, p->fn_key, by_field->v[k], -1);
	}
}

/* The callbacks a chain call runs, in the kinds the chain adds */
static void chain_edges(struct callgraph *cg, int call, int chain)
{
	const struct chain_edge *ce = &cg->chains.edges.v[chain];
	const struct fnptr_fact *p = &cg->m->fnptrs.v[ce->fnptr];
	size_t before = cg->edges.n;

	edges_by_key(cg, call, p->fn_key, ce->fnptr, -1);
	for (size_t e = before; e < cg->edges.n; e++) {
		cg->edges.v[e].chain = chain;
		cg->edges.v[e].add_ctx = ce->add_ctx;
		cg->call_add_ctx[call] |= ce->add_ctx;
	}
}

static void build_edges(struct callgraph *cg)
{
	const struct model *m = cg->m;
	struct sorted by_field = { xmalloc(sizeof(int) * (m->fnptrs.n + 1)),
				   0 };
	struct sorted by_callee = { xmalloc(sizeof(int) * (m->calls.n + 1)),
				    0 };
	struct callback_walk walk = { 0 };
	size_t chain = 0;

	walk.followed = xcalloc(m->fns.n * 32 + 1, sizeof(signed char));
	sort_model = m;
	for (size_t i = 0; i < m->fnptrs.n; i++)
		by_field.v[by_field.n++] = (int)i;
	for (size_t i = 0; i < m->calls.n; i++)
		if (m->calls.v[i].callee_key && m->calls.v[i].nargs)
			by_callee.v[by_callee.n++] = (int)i;
	qsort(by_field.v, by_field.n, sizeof(int), cmp_fnptr_field);
	qsort(by_callee.v, by_callee.n, sizeof(int), cmp_call_callee);
	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];
		int param;

		if (modelled_by_rules(m, c))
			continue;
		if (c->callee_key)
			edges_by_key(cg, (int)i, c->callee_key, -1, -1);
		else if ((param = param_ref(c->via, NULL)) >= 0)
			edges_through_param(cg, &by_callee, &walk, (int)i,
					    param);
		else if (c->via && !chains_field(m, c->via))
			edges_through_field(cg, &by_field, (int)i);
		for (; chain < cg->chains.edges.n &&
		       cg->chains.edges.v[chain].call == (int)i;
		     chain++)
			chain_edges(cg, (int)i, (int)chain);
	}
	free(by_field.v);
	free(by_callee.v);
	free(walk.followed);
	VEC_FREE(walk.touched);
}

/* An entry by rule r, in context ctx when a mode chose one (entry_modes()),
 * else the rule's */
static void add_entry(struct callgraph *cg, const char *key,
		      const struct entry_rule *r, int reg_call, int fnptr,
		      unsigned ctx)
{
	for (int f = model_find(cg->m, key); f >= 0;
	     f = model_next_with_key(cg->m, f)) {
		struct cg_entry e = { f,     ctx ? ctx : r->ctx,
				      r,     reg_call,
				      fnptr, NULL };

		VEC_PUSH(cg->entries, e);
	}
}

/* rt-hard: a registration whose flags ask for hard context on PREEMPT_RT
 * (IRQF_NO_THREAD, HRTIMER_MODE_*_HARD): its callback is a hard-IRQ entry
 * that stays strictly non-preemptive */
static void rt_hard_entries(struct callgraph *cg)
{
	const struct model *m = cg->m;

	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];
		const struct named_rule *r =
			c->callee && c->reached ?
				rules_named(m->rules, "rt-hard", c->callee) :
				NULL;
		const char *value = r ? chains_arg(m, c,
						   named_int(r, "flags", -1),
						   ARG_FLAGS) :
					NULL;
		const char *fn_key;

		if (!value || !chains_flags_ask(m, c, r))
			continue;
		fn_key = NULL;
		for (int a = 0; a < c->nargs; a++)
			if (m->args.v[c->first_arg + a].kind == ARG_FUNCTION &&
			    m->args.v[c->first_arg + a].index ==
				    named_int(r, "fn", -1))
				fn_key = m->args.v[c->first_arg + a].fn_key;
		for (int f = fn_key ? model_find(m, fn_key) : -1; f >= 0;
		     f = model_next_with_key(m, f)) {
			struct cg_entry e = { f,    CTX_HARDIRQ | CTX_RAW,
					      NULL, (int)i,
					      -1,   NULL };

			VEC_PUSH(cg->entries, e);
		}
		if (named_get(r, "object")) {
			const char *object = chains_arg(
				m, c, named_int(r, "object", -1), ARG_OBJECT);
			const char *field = named_get(r, "field");

			for (size_t p = 0; object && field && p < m->fnptrs.n;
			     p++) {
				const struct fnptr_fact *st = &m->fnptrs.v[p];

				if (strcmp(st->field, field) != 0 ||
				    !chains_store_in(st, object,
						     fn_of(cg, c->fn)->file))
					continue;
				for (int f = model_find(m, st->fn_key); f >= 0;
				     f = model_next_with_key(m, f)) {
					struct cg_entry e = {
						f,	CTX_HARDIRQ | CTX_RAW,
						NULL,	(int)i,
						(int)p, NULL
					};

					VEC_PUSH(cg->entries, e);
				}
			}
		}
	}
}

/*
 * entry-mode: a registration whose constant flags choose the context its
 * callback runs in (hrtimer_init(t, clock, HRTIMER_MODE_REL_SOFT): the
 * function stored in t->function runs in softirq context, not in the
 * hard-IRQ context of a plain hrtimer.function).  Per model call (a
 * callback argument, fn=N) and per store (object=N field=F), the context
 * the mode gives, or 0.
 */
static void entry_modes(struct callgraph *cg, unsigned *call_ctx,
			unsigned *store_ctx)
{
	const struct model *m = cg->m;

	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];
		const struct named_rule *r =
			c->callee && c->reached ?
				rules_named(m->rules, "entry-mode", c->callee) :
				NULL;
		const char *object, *field;

		if (!r || !chains_flags_ask(m, c, r))
			continue;
		if (named_get(r, "fn"))
			call_ctx[i] = named_ctx(r, "ctx");
		object = named_get(r, "object") ?
				 chains_arg(m, c, named_int(r, "object", -1),
					    ARG_OBJECT) :
				 NULL;
		field = named_get(r, "field");
		for (size_t p = 0; object && field && p < m->fnptrs.n; p++)
			if (strcmp(m->fnptrs.v[p].field, field) == 0 &&
			    chains_store_in(&m->fnptrs.v[p], object,
					    fn_of(cg, c->fn)->file))
				store_ctx[p] = named_ctx(r, "ctx");
	}
}

static void find_entries(struct callgraph *cg)
{
	const struct model *m = cg->m;
	const struct entry_rule *rules;
	int nrules = rules_entries(m->rules, &rules);
	unsigned *call_ctx = xcalloc(m->calls.n + 1, sizeof(unsigned));
	unsigned *store_ctx = xcalloc(m->fnptrs.n + 1, sizeof(unsigned));

	entry_modes(cg, call_ctx, store_ctx);

	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];

		if (!c->callee || !c->reached)
			continue;
		for (int a = 0; a < c->nargs; a++) {
			const struct call_arg *arg =
				&m->args.v[c->first_arg + a];
			const struct entry_rule *r;

			if (arg->kind != ARG_FUNCTION)
				continue;
			r = rules_entry_call(m->rules, c->callee, arg->index);
			if (r)
				add_entry(cg, arg->fn_key, r, (int)i, -1,
					  call_ctx[i]);
		}
	}
	for (size_t p = 0; p < m->fnptrs.n; p++)
		for (int r = 0; r < nrules; r++)
			if (rules[r].is_field &&
			    strcmp(rules[r].name, m->fnptrs.v[p].field) == 0)
				add_entry(cg, m->fnptrs.v[p].fn_key, &rules[r],
					  -1, (int)p, store_ctx[p]);
	free(call_ctx);
	free(store_ctx);
	rt_hard_entries(cg);
	/* callbacks registered on a head that runs them in its own context */
	for (size_t i = 0; i < cg->chains.entries.n; i++) {
		const struct chain_entry *ce = &cg->chains.entries.v[i];
		const struct fnptr_fact *p = &m->fnptrs.v[ce->fnptr];

		for (int f = model_find(m, p->fn_key); f >= 0;
		     f = model_next_with_key(m, f)) {
			struct cg_entry e = {
				f,	   named_ctx(ce->rule, "ctx"),
				NULL,	   ce->reg_call,
				ce->fnptr, chains_head_name(ce->head)
			};

			VEC_PUSH(cg->entries, e);
		}
	}
}

/* ---- atomic context: breadth-first from every atomic origin ---- */

/* A function entered in one atomic context: a node of the search.  A
 * function is visited once per distinct context it is entered with (up to
 * MAX_VISITS), so that a callee that releases one caller's context (a
 * spinlock) still sees another's (a hard-IRQ entry). */
#define MAX_VISITS 8

/* The value a visit fixes for parameter `param`, or -1 */
static int visit_value(const struct cg_visit *v, int param)
{
	for (int i = 0; i < v->nvalues; i++)
		if (v->value_param[i] == param)
			return v->value[i];
	return -1;
}

/* Does argument a of chain edge `edge`'s call reach each callback's
 * parameter a with its value?  Only where the chain-call rule says so
 * (`passes=1`: a notifier's action) and the call is to the rule's own
 * function, whose arguments the rule numbers; a direct or indirect call
 * gives every argument to the parameter of its position. */
static bool passes_value(const struct callgraph *cg, const struct cg_edge *e,
			 int a)
{
	const struct chain_edge *ce;
	const char *callee;

	if (e->arg_call >= 0)
		return false;
	if (e->chain < 0)
		return true;
	ce = &cg->chains.edges.v[e->chain];
	callee = cg->m->calls.v[e->call].callee;
	return ce->rule && callee && strcmp(callee, ce->rule->name) == 0 &&
	       named_int(ce->rule, "passes", -1) == a;
}

/* ARG_GFP: the value of a constant mask (GFP_ATOMIC), or -1 */
static int gfp_constant(const struct call_arg *arg)
{
	const struct gfp_alt *a = &arg->gfp.alt[0];

	return arg->kind == ARG_GFP && arg->gfp.n == 1 && a->param < 0 &&
			       a->or_bits <= INT_MAX ?
		       (int)a->or_bits :
		       -1;
}

/* The caller's parameter an argument passes on unchanged: ARG_PARAM (or
 * its negation), or a gfp_t parameter as it is (ARG_GFP); -1 if none */
static int param_passed_on(const struct call_arg *arg, bool *negated)
{
	const struct gfp_alt *a = &arg->gfp.alt[0];

	*negated = false;
	if (arg->kind != ARG_GFP)
		return param_passed(arg, negated);
	return arg->gfp.n == 1 && a->param >= 0 && a->or_bits == 0 &&
			       a->and_mask == ~0ULL ?
		       a->param :
		       -1;
}

/* An ARG_LOCAL argument whose value local is in `locals` (unwritten on
 * every path to the call that the caller's visit follows): its initial
 * value in *init, or -1 where that is not an int >= 0 (its truth is
 * then that it is not 0) */
static bool local_unwritten(const struct call_arg *arg, uint64_t locals,
			    int *init)
{
	const char *colon = arg->object ? strchr(arg->object, ':') : NULL;
	int idx = arg->object ? atoi(arg->object) : -1;
	long long value;

	if (!colon || idx < 0 || idx >= 64 || !(locals & (1ULL << idx)))
		return false;
	value = strtoll(colon + 1, NULL, 10);
	*init = value >= 0 && value <= INT_MAX ? (int)value : value ? -1 : 0;
	return true;
}

/* The constant truth of the parameters of `fn` that decide its branches,
 * as the call of `edge` passes them: a constant 0 or 1 or NULL, the
 * address of an object or a function (true), a constant mask (ARG_GFP),
 * or a parameter of the caller whose truth the caller's visit `from` knows
 * (ARG_PARAM, or a gfp_t parameter passed as it is); and the values of
 * those the call passes a named constant (ARG_CONST), a constant mask or
 * a caller's parameter of known value. */
static int visit_field(const struct cg_visit *v, int param, const char *name,
		       size_t len);

/* The truth the caller's visit knows for the field an ARG_PARAM_FIELD
 * argument ("N.FIELD") passes, or -1 */
static int param_field_truth(const struct cg_visit *caller,
			     const struct call_arg *arg)
{
	const char *field = NULL;
	int param = param_field(arg, &field);

	return param < 0 ? -1 :
			   visit_field(caller, param, field, strlen(field));
}

/* An ARG_PARAM_BITS argument whose parameter the caller's visit knows
 * the value of, with no bit the body's `&=` may clear and every bit its
 * `|=` may set: that value, unchanged, in *val */
static bool bits_unchanged(const struct cg_visit *caller,
			   const struct call_arg *arg, int *val)
{
	unsigned long long clear, set;
	int src = param_bits(arg, &clear, &set);

	if (src < 0 || !caller || !(caller->known & (1u << src)) ||
	    (*val = visit_value(caller, src)) < 0)
		return false;
	return ((unsigned long long)*val & clear) == 0 &&
	       ((unsigned long long)*val & set) == set;
}

static void constant_params(const struct callgraph *cg,
			    const struct cg_reach *r, int fn, int edge,
			    int from, uint64_t locals, struct cg_visit *v)
{
	const struct cg_visit *caller = from >= 0 ? &r->visits.v[from] : NULL;
	const struct cg_edge *e;
	const struct call_fact *c;

	v->known = v->truth = 0;
	v->nvalues = 0;
	if (edge < 0 || !cg->decisive_params[fn])
		return;
	e = &cg->edges.v[edge];
	c = &cg->m->calls.v[e->call];
	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &cg->m->args.v[c->first_arg + a];
		unsigned bit = arg->index >= 0 && arg->index < 32 ?
				       1u << arg->index :
				       0;
		bool negated, value;
		int src, mask, field, exact = -1;

		if (!(cg->decisive_params[fn] & bit))
			continue;
		src = param_passed_on(arg, &negated);
		mask = gfp_constant(arg);
		if (arg->kind == ARG_CONST) {
			value = arg->object && strcmp(arg->object, "0") != 0;
			exact = arg->object ? atoi(arg->object) : -1;
		} else if (arg->kind == ARG_FUNCTION) {
			value = true;
		} else if (mask >= 0) {
			/* GFP_ATOMIC to a callee that tests gfpflags_allow_blocking() */
			value = mask != 0;
			exact = mask;
		} else if (src >= 0 && src < 32 && caller &&
			   (caller->known & (1u << src))) {
			value = ((caller->truth & (1u << src)) != 0) != negated;
			exact = negated ? -1 : visit_value(caller, src);
		} else if (bits_unchanged(caller, arg, &exact)) {
			value = exact != 0;
		} else if (arg->kind == ARG_LOCAL &&
			   local_unwritten(arg, locals, &exact)) {
			value = exact != 0;
		} else if (arg->kind == ARG_PARAM_FIELD && caller &&
			   (field = param_field_truth(caller, arg)) >= 0) {
			value = field;
		} else {
			continue;
		}
		v->known |= bit;
		if (value)
			v->truth |= bit;
		if (exact >= 0 && (cg->valued_params[fn] & bit) &&
		    v->nvalues < CG_VALUES && passes_value(cg, e, arg->index)) {
			v->value_param[v->nvalues] = (signed char)arg->index;
			v->value[v->nvalues++] = exact;
		}
	}
}

/*
 * The object the call of `edge` gives a parameter of `fn` that its calls
 * through a struct field are made on (object_params): `&ops_table`
 * (ARG_ADDR), a function (a callback: its key), or the caller's own
 * parameter bound in the caller's visit `from` (ARG_PARAM).  The first
 * such parameter that is bound is taken.
 */
static void bound_object(const struct callgraph *cg, const struct cg_reach *r,
			 int fn, int edge, int from, struct cg_visit *v)
{
	const struct cg_visit *caller = from >= 0 ? &r->visits.v[from] : NULL;
	const struct call_fact *c;

	v->obj_param = -1;
	v->obj = NULL;
	if (edge < 0 || !cg->object_params[fn])
		return;
	c = &cg->m->calls.v[cg->edges.v[edge].call];
	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &cg->m->args.v[c->first_arg + a];
		bool negated;
		int src;

		if (arg->index < 0 || arg->index >= 32 ||
		    !(cg->object_params[fn] & (1u << arg->index)))
			continue;
		if (arg->kind == ARG_ADDR && arg->object) {
			v->obj = arg->object;
		} else if (arg->kind == ARG_FUNCTION && arg->fn_key) {
			v->obj = arg->fn_key;
		} else if ((src = param_passed(arg, &negated)) >= 0 &&
			   !negated && caller && caller->obj_param == src) {
			v->obj = caller->obj;
		} else if (src >= 0 && !negated &&
			   (v->obj = param_objects_bound(&cg->objects, c->fn,
							 src))) {
			/* the caller's own parameter, not bound where it was
			 * entered: what every call of it may pass */
		} else {
			continue;
		}
		v->obj_param = arg->index;
		return;
	}
}

/* A visit of fn's own atomic context binds the first of its parameters
 * whose objects every call of it names (objects.h), as bound_object() a
 * callee's */
static void own_objects(const struct callgraph *cg, int fn, struct cg_visit *v)
{
	v->obj_param = -1;
	v->obj = NULL;
	for (int p = 0; p < 32 && (cg->object_params[fn] >> p); p++)
		if ((v->obj = param_objects_bound(&cg->objects, fn, p))) {
			v->obj_param = p;
			return;
		}
}

/* The table a parameter of function fn's visit v holds in a field: the
 * one its entering call bound (table_receiver()), else fn's own
 * (dispatch.h); *param -1 if none */
static int visit_table(const struct callgraph *cg, const struct cg_visit *v,
		       int fn, int *param)
{
	if (v && v->table_fn >= 0) {
		*param = v->table_param;
		return v->table_fn;
	}
	*param = cg->dispatch.param[fn];
	return *param >= 0 ? fn : -1;
}

/* A parameter of fn that the call of `edge` gives the variable holding
 * its caller's table (the caller's visit `from`, or the caller itself for
 * an origin's own call), unchanged */
static void table_receiver(const struct callgraph *cg, const struct cg_reach *r,
			   int fn, int edge, int from, struct cg_visit *v)
{
	const struct call_fact *c;
	int param, table;

	v->table_param = -1;
	v->table_fn = -1;
	if (edge < 0 || !cg->table_params[fn])
		return;
	c = &cg->m->calls.v[cg->edges.v[edge].call];
	table = visit_table(cg, from >= 0 ? &r->visits.v[from] : NULL, c->fn,
			    &param);
	for (int a = 0; table >= 0 && a < c->nargs; a++) {
		const struct call_arg *arg = &cg->m->args.v[c->first_arg + a];
		bool negated = false;

		if (arg->index >= 0 && arg->index < 32 &&
		    (cg->table_params[fn] & (1u << arg->index)) &&
		    param_passed(arg, &negated) == param && !negated) {
			v->table_param = (signed char)arg->index;
			v->table_fn = table;
			return;
		}
	}
}

/* The truth a visit fixes for field `name` (`len` bytes) of parameter
 * `param`: 1, 0, or -1 if it fixes none */
static int visit_field(const struct cg_visit *v, int param, const char *name,
		       size_t len)
{
	for (int i = 0; i < v->nfields; i++)
		if (v->field_param[i] == param &&
		    strncmp(v->field[i], name, len) == 0 &&
		    v->field[i][len] == '=')
			return v->field[i][len + 1] == '1';
	return -1;
}

/* ARG_HELD_FIELD "W|FIELD..." of call c: "FIELD..." if the context at c
 * is still witnessed by the caller's call W (the solver's summaries can
 * change what a call sees), else NULL */
static const char *held_field(const struct callgraph *cg,
			      const struct call_fact *c,
			      const struct call_arg *arg)
{
	const char *bar = arg->object ? strchr(arg->object, '|') : NULL;
	const struct function_fact *f = &cg->m->fns.v[c->fn];

	if (!bar || !strchr(bar, '=') || c->witness < 0 ||
	    c->witness - f->first_call != atoi(arg->object))
		return NULL;
	return bar + 1;
}

/* The fields of parameters of `fn` whose truth the call of `edge` fixes
 * (ARG_FIELD), or the caller's visit `from` fixes for a parameter of its
 * own the call passes on unchanged */
/* Does fn test field `name` (len bytes) of its parameter `param`
 * (function_fact.field_vars), or pass it to a callee (ARG_PARAM_FIELD)? */
static bool field_used(const struct callgraph *cg, int fn, int param,
		       const char *name, size_t len)
{
	const struct function_fact *f = fn_of(cg, fn);
	const char *p = f->field_vars, *var;
	size_t vlen;
	int idx, vparam;

	while (field_var_next(&p, &idx, &vparam, &var, &vlen))
		if (vparam == param && vlen == len &&
		    strncmp(var, name, len) == 0)
			return true;
	for (int i = f->first_call;
	     f->first_call >= 0 && i < f->first_call + f->ncalls; i++) {
		const struct call_fact *c = &cg->m->calls.v[i];

		for (int a = 0; a < c->nargs; a++) {
			const struct call_arg *arg =
				&cg->m->args.v[c->first_arg + a];
			const char *field = NULL;

			if (param_field(arg, &field) == param &&
			    strlen(field) == len &&
			    strncmp(field, name, len) == 0)
				return true;
		}
	}
	return false;
}

/* An ARG_FIELD argument's field ("FIELD=T", "FIELD&ATOM=T") is one fn
 * tests or passes on: those take the visit's CG_FIELDS slots first */
static bool field_arg_used(const struct callgraph *cg, int fn,
			   const struct call_arg *arg)
{
	return field_used(cg, fn, arg->index, arg->object,
			  strcspn(arg->object, "=&"));
}

/* The field truths every call of the caller's function gives its
 * parameter `src` (objects.h param_fields), those a copy of its pointee
 * keeps (`written`: ARG_COPY), for fn's parameter `param` where the
 * visit fixes none (those fn tests or passes on as a field first): in the
 * sleep reach only (boot-time calls are left out of them) */
static void agreed_fields(const struct callgraph *cg, const struct cg_reach *r,
			  int caller_fn, int src, const char *written, int fn,
			  int param, struct cg_visit *v)
{
	const struct fieldset *s =
		r->required & CTX_RAW ?
			NULL :
			param_fields_of(&cg->fields, caller_fn, src);

	/* first the fields fn uses itself, then those it may pass on */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; s && i < s->n && v->nfields < CG_FIELDS; i++) {
			size_t len = strcspn(s->fact[i], "=");

			if ((written &&
			     !copy_keeps(written, s->fact[i], len)) ||
			    visit_field(v, param, s->fact[i], len) >= 0 ||
			    field_used(cg, fn, param, s->fact[i], len) != !pass)
				continue;
			v->field_param[v->nfields] = (signed char)param;
			v->field[v->nfields++] = s->fact[i];
		}
}

/* What every call of fn gives the fields of its parameters that it tests
 * or passes on as fields holds in each of its visits of the sleep reach,
 * also in those crowding leaves no other fact (add_visit()) */
static void own_agreed_fields(const struct callgraph *cg,
			      const struct cg_reach *r, int fn,
			      struct cg_visit *v)
{
	for (int p = 0; p < 32 && (cg->field_params[fn] >> p); p++) {
		const struct fieldset *s =
			r->required & CTX_RAW ?
				NULL :
				param_fields_of(&cg->fields, fn, p);

		for (int i = 0; s && i < s->n && v->nfields < CG_FIELDS; i++) {
			size_t len = strcspn(s->fact[i], "=");

			if (visit_field(v, p, s->fact[i], len) >= 0 ||
			    !field_used(cg, fn, p, s->fact[i], len))
				continue;
			v->field_param[v->nfields] = (signed char)p;
			v->field[v->nfields++] = s->fact[i];
		}
	}
}

static void field_params(const struct callgraph *cg, const struct cg_reach *r,
			 int fn, int edge, int from, struct cg_visit *v)
{
	const struct cg_visit *caller = from >= 0 ? &r->visits.v[from] : NULL;
	const struct cg_edge *e;
	const struct call_fact *c;

	v->nfields = 0;
	if (edge < 0 || !cg->field_params[fn])
		return;
	e = &cg->edges.v[edge];
	c = &cg->m->calls.v[e->call];
	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &cg->m->args.v[c->first_arg + a];

		/* first the fields fn uses: a struct's initialiser gives many */
		if (arg->kind == ARG_FIELD && arg->object &&
		    strchr(arg->object, '=') && arg->index >= 0 &&
		    arg->index < 32 &&
		    (cg->field_params[fn] & (1u << arg->index)) &&
		    v->nfields < CG_FIELDS && passes_value(cg, e, arg->index) &&
		    field_arg_used(cg, fn, arg)) {
			v->field_param[v->nfields] = (signed char)arg->index;
			v->field[v->nfields++] = arg->object;
		}
	}
	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &cg->m->args.v[c->first_arg + a];
		const char *held, *written;
		bool negated;
		int src;

		if (arg->index < 0 || arg->index >= 32 ||
		    !(cg->field_params[fn] & (1u << arg->index)) ||
		    !passes_value(cg, e, arg->index))
			continue;
		if (arg->kind == ARG_FIELD && arg->object &&
		    strchr(arg->object, '=') && v->nfields < CG_FIELDS) {
			if (field_arg_used(cg, fn, arg))
				continue; /* taken above */
			v->field_param[v->nfields] = (signed char)arg->index;
			v->field[v->nfields++] = arg->object;
		} else if (arg->kind == ARG_HELD_FIELD && from < 0 &&
			   (held = held_field(cg, c, arg)) &&
			   v->nfields < CG_FIELDS) {
			/* the visit is entered in the caller's own context,
			 * the one this fact was seen under */
			v->field_param[v->nfields] = (signed char)arg->index;
			v->field[v->nfields++] = held;
		} else if (arg->kind == ARG_SNAPSHOT &&
			   cg->snapshot_fact[c->first_arg + a] &&
			   v->nfields < CG_FIELDS) {
			v->field_param[v->nfields] = (signed char)arg->index;
			v->field[v->nfields++] =
				cg->snapshot_fact[c->first_arg + a];
		} else if ((src = param_passed(arg, &negated)) >= 0 &&
			   !negated) {
			for (int i = 0; caller && i < caller->nfields &&
					v->nfields < CG_FIELDS;
			     i++)
				if (caller->field_param[i] == src) {
					v->field_param[v->nfields] =
						(signed char)arg->index;
					v->field[v->nfields++] =
						caller->field[i];
				}
			agreed_fields(cg, r, c->fn, src, NULL, fn, arg->index,
				      v);
		} else if ((src = param_copy(arg, &written)) >= 0) {
			agreed_fields(cg, r, c->fn, src, written, fn,
				      arg->index, v);
		}
	}
	own_agreed_fields(cg, r, fn, v);
}

/* Does visit o stand for visit v: the same context, and o knows nothing
 * (then it follows every branch and every implementation) or the same */
static bool visit_covers(const struct cg_visit *o, const struct cg_visit *v)
{
	if (o->ctx != v->ctx)
		return false;
	if (!o->known && o->obj_param < 0 && !o->nfields && o->table_fn < 0 &&
	    !o->nresults && o->returns < 0)
		return true;
	if (o->nvalues != v->nvalues || o->nfields != v->nfields ||
	    o->nresults != v->nresults || o->returns != v->returns)
		return false;
	for (int i = 0; i < o->nresults; i++)
		if (!results_equal(&o->result[i], &v->result[i]))
			return false;
	for (int i = 0; i < o->nvalues; i++)
		if (visit_value(v, o->value_param[i]) != o->value[i])
			return false;
	for (int i = 0; i < o->nfields; i++) {
		const char *eq = strchr(o->field[i], '=');

		if (visit_field(v, o->field_param[i], o->field[i],
				(size_t)(eq - o->field[i])) != (eq[1] == '1'))
			return false;
	}
	return o->known == v->known && o->truth == v->truth &&
	       o->obj_param == v->obj_param &&
	       (o->obj_param < 0 || strcmp(o->obj, v->obj) == 0) &&
	       o->table_fn == v->table_fn && o->table_param == v->table_param;
}

/* -1 if a visit of v's function already stands for v, else how many
 * visits it has */
static int visits_covering(const struct cg_reach *r, const struct cg_visit *v)
{
	int n = 0;

	for (int k = r->first_visit[v->fn]; k >= 0;
	     k = r->visits.v[k].next, n++)
		if (visit_covers(&r->visits.v[k], v))
			return -1;
	return n;
}

/* Adds result r to visit v's, unless it has it or is full */
static void add_result(struct cg_visit *v, const struct known_result *r)
{
	for (int i = 0; i < v->nresults; i++)
		if (results_equal(&v->result[i], r))
			return;
	if (v->nresults < CG_RESULTS)
		v->result[v->nresults++] = *r;
}

/*
 * What the call of `edge` tells the callee's visit v of calls repeated
 * (results.h): the outcomes its caller's visit `from` knows, and those
 * its caller's function tested on every path to the call, each in the
 * callee's terms where the call passes on every parameter it names; and
 * the truth the call itself returns, where it repeats one of them.
 */
static void known_results(const struct callgraph *cg, const struct cg_reach *r,
			  int edge, int from, struct cg_visit *v)
{
	const struct cg_visit *caller = from >= 0 ? &r->visits.v[from] : NULL;
	const struct repeat_calls *rc = &cg->repeats;
	struct known_result known[CG_RESULTS + 64], in;
	const struct function_fact *f;
	int call, n = 0;
	uint64_t t, fl;

	v->nresults = 0;
	v->returns = -1;
	if (edge < 0 || cg->edges.v[edge].chain >= 0 ||
	    cg->edges.v[edge].arg_call >= 0)
		return;
	call = cg->edges.v[edge].call;
	f = fn_of(cg, cg->m->calls.v[call].fn);
	for (int i = 0; caller && i < caller->nresults; i++)
		known[n++] = caller->result[i];
	t = rc->before_true[call];
	fl = rc->before_false[call];
	for (int k = 0; (t | fl) && k < 64 && k < f->ncalls; k++)
		if (((t | fl) >> k) & 1 &&
		    result_of_call(cg->m, rc, f->first_call + k, (t >> k) & 1,
				   &known[n]))
			n++;
	for (int i = 0; i < n; i++) {
		if (v->returns < 0 && call_repeats(cg->m, rc, call, &known[i]))
			v->returns = known[i].truth;
		if (result_through_call(cg->m, call, &known[i], &in))
			add_result(v, &in);
	}
}

static int add_visit(const struct callgraph *cg, struct cg_reach *r, int fn,
		     unsigned ctx, int edge, int from, int entry, int depth,
		     uint64_t locals)
{
	struct cg_visit v = { .fn = fn,
			      .ctx = ctx,
			      .edge = edge,
			      .from = from,
			      .entry = entry,
			      .depth = depth,
			      .next = -1,
			      .obj_param = -1,
			      .table_param = -1,
			      .table_fn = -1 };
	int n;

	constant_params(cg, r, fn, edge, from, locals, &v);
	field_params(cg, r, fn, edge, from, &v);
	bound_object(cg, r, fn, edge, from, &v);
	table_receiver(cg, r, fn, edge, from, &v);
	known_results(cg, r, edge, from, &v);
	if ((n = visits_covering(r, &v)) < 0)
		return -1;
	if ((v.nvalues || v.nfields || v.nresults || v.returns >= 0) &&
	    n >= MAX_VISITS - 2) {
		/* a function entered with many constants (a notifier chain's
		 * wrapper, with each event) must not crowd out the contexts
		 * it is entered in: the last slots follow every value */
		v.nvalues = 0;
		v.nfields = 0;
		v.nresults = 0;
		v.returns = -1;
		own_agreed_fields(cg, r, fn, &v);
		if (visits_covering(r, &v) < 0)
			return -1;
	}
	if (n == MAX_VISITS)
		return -1;
	if (r->first_visit[fn] < 0) {
		r->first_visit[fn] = (int)r->visits.n;
		r->count++;
	} else {
		int k = r->first_visit[fn];

		while (r->visits.v[k].next >= 0)
			k = r->visits.v[k].next;
		r->visits.v[k].next = (int)r->visits.n;
	}
	VEC_PUSH(r->visits, v);
	return (int)r->visits.n - 1;
}

/*
 * The calls of a visit's function that some path from its entry reaches
 * when the parameters it tests have the constant truth the entering call
 * gave them: a block that starts on the other outcome of such a test is
 * not entered.  Value locals (cfg.h) join in: a path on which one was
 * never written still holds its initial constant, and does not take an
 * edge its tests allow only after a write (usb_set_device_state(udev,
 * USB_STATE_NOTATTACHED) never sets `wakeup`, so never reaches
 * `if (wakeup >= 0) device_set_wakeup_capable(...)`).  A parameter the
 * body assigns (EV_ASSIGN) holds the entering value only until then:
 * `__mark_inode_dirty()`'s `if (flags & I_DIRTY_INODE)` comes before its
 * `flags |= I_DIRTY_TIME`.  A field of a pointer parameter whose truth
 * the entering call fixes (function_fact.field_vars) decides the same
 * way until the body writes it.  A forward dataflow: the value locals
 * unwritten and the parameters and fields unassigned on every path to a
 * block, joined by intersection; they only shrink, so the worklist ends.
 */
/* The truth visit v fixes for condition variable `idx` (>= 32) of its
 * function, a field of a parameter by `field_vars` ("IDX=PARAM.FIELD;...",
 * function_fact.field_vars); -1 if none */
/* The parameter and field name of condition variable `idx` by
 * `field_vars`; false if it is not a field of a parameter */
static bool field_var_of(const char *field_vars, int idx, int *param,
			 const char **name, size_t *len)
{
	const char *p = field_vars;
	int i;

	while (field_var_next(&p, &i, param, name, len))
		if (i == idx)
			return true;
	return false;
}

static int field_truth(const struct cg_visit *v, const char *field_vars,
		       int idx)
{
	const char *name;
	int param;
	size_t len;

	return v->nfields && field_var_of(field_vars, idx, &param, &name,
					  &len) ?
		       visit_field(v, param, name, len) :
		       -1;
}

/* Whether condition variable `idx` (>= 32), a field of a parameter by
 * `field_vars`, has some bit of `mask` set as visit v fixes it: a bit
 * atom known set inside the mask ("FIELD&ATOM=1", ARG_HELD_FIELD) says
 * yes, atoms known clear covering it or the whole field known zero say
 * no; 1, 0, or -1 if v does not tell */
static int field_bits(const struct cg_visit *v, const char *field_vars, int idx,
		      uint64_t mask)
{
	const char *name;
	uint64_t clear = 0;
	int param;
	size_t len;

	if (!v->nfields || !field_var_of(field_vars, idx, &param, &name, &len))
		return -1;
	if (visit_field(v, param, name, len) == 0)
		return 0;
	for (int k = 0; k < v->nfields; k++) {
		const char *fl = v->field[k];
		char *end;
		uint64_t atom;

		if (v->field_param[k] != param || strncmp(fl, name, len) != 0 ||
		    fl[len] != '&')
			continue;
		atom = strtoull(fl + len + 1, &end, 10);
		if (*end != '=' || !atom)
			continue;
		if (end[1] == '1' && !(atom & ~mask))
			return 1;
		if (end[1] == '0')
			clear |= atom;
	}
	return mask && !(mask & ~clear) ? 0 : -1;
}

static bool calls_always_sleeping(const struct callgraph *cg,
				  const struct cg_visit *v, size_t i,
				  unsigned true_params);

/* Whether call i, in visit v of its function, declares that the context
 * may sleep (cg->sleep_decl, or a call of a function that does given
 * arguments v makes true) */
static bool sleeps_in_visit(const struct callgraph *cg,
			    const struct cg_visit *v, size_t i)
{
	return cg->sleep_decl[i] || calls_always_sleeping(cg, v, i, 0);
}

/* The calls of visit v's function (by index, < 64) whose outcome v
 * knows true (decided[1]) or false (decided[0]): each repeats a call of
 * v.result; false if none */
static bool decided_calls(const struct callgraph *cg, const struct cg_visit *v,
			  uint64_t decided[2])
{
	const struct function_fact *fn = fn_of(cg, v->fn);

	decided[0] = decided[1] = 0;
	for (int k = 0;
	     v->nresults && fn->first_call >= 0 && k < fn->ncalls && k < 64;
	     k++)
		for (int i = 0; i < v->nresults; i++)
			if (call_repeats(cg->m, &cg->repeats,
					 fn->first_call + k, &v->result[i])) {
				decided[v->result[i].truth] |= 1ULL << k;
				break;
			}
	return (decided[0] | decided[1]) != 0;
}

/* path_flow()'s run: the visit, and what it fills */
struct path_run {
	const struct callgraph *cg;
	const struct cg_visit *v;
	const struct function_fact *f;
	const struct cfg *cfg;
	bool *out, stop_at_sleep;
	uint64_t *unwritten_at;
	/* the blocks with a path to a return of the truth the entering call
	 * is known to return, or NULL */
	bool *returning;
	const uint64_t *decided; /* decided_calls() */
};

/* cfg_must_flow()'s transfer for path_flow(): state[0] the value locals
 * unwritten, state[1] the parameters and fields unassigned */
static bool path_block(void *ctx, int b, uint64_t *state)
{
	struct path_run *p = ctx;
	const struct cg_visit *v = p->v;
	const struct function_fact *f = p->f;
	const struct block *blk = &p->cfg->blocks.v[b];
	uint64_t here = state[0];
	bool dead = p->returning && !p->returning[b];

	for (size_t e = 0; e < blk->events.n && !dead; e++) {
		const struct event *ev = &blk->events.v[e];
		uint64_t vbit =
			ev->call >= 0 && ev->call < 64 ? 1ULL << ev->call : 0;
		/* a parameter still holding the value the visit gave it */
		unsigned bit = ev->call >= 0 && ev->call < 32 ?
				       (unsigned)(vbit & state[1]) :
				       0;
		int val;

		if ((ev->kind == EV_PARAM_TRUE || ev->kind == EV_PARAM_FALSE) &&
		    (v->known & bit))
			dead = ((v->truth & bit) != 0) !=
			       (ev->kind == EV_PARAM_TRUE);
		else if ((ev->kind == EV_PARAM_TRUE ||
			  ev->kind == EV_PARAM_FALSE) &&
			 ev->call >= 32 && (vbit & state[1]) &&
			 (val = field_truth(v, f->field_vars, ev->call)) >= 0)
			dead = val != (ev->kind == EV_PARAM_TRUE);
		else if ((ev->kind == EV_PARAM_EQ || ev->kind == EV_PARAM_NE) &&
			 bit && (val = visit_value(v, ev->call)) >= 0)
			dead = (val == ev->value) != (ev->kind == EV_PARAM_EQ);
		else if ((ev->kind == EV_PARAM_ANYBIT ||
			  ev->kind == EV_PARAM_NOBIT) &&
			 bit && (val = visit_value(v, ev->call)) >= 0)
			dead = ((val & ev->value) != 0) !=
			       (ev->kind == EV_PARAM_ANYBIT);
		else if ((ev->kind == EV_PARAM_ANYBIT ||
			  ev->kind == EV_PARAM_NOBIT) &&
			 ev->call >= 32 && (vbit & state[1]) &&
			 (val = field_bits(v, f->field_vars, ev->call,
					   (uint64_t)ev->value)) >= 0)
			dead = val != (ev->kind == EV_PARAM_ANYBIT);
		else if (ev->kind == EV_WRITE)
			state[0] &= ~vbit;
		else if (ev->kind == EV_ASSIGN)
			state[1] &= ~vbit;
		else if (ev->kind == EV_CHANGED)
			dead = (state[0] & vbit) != 0;
		else if (ev->kind == EV_TRY_OK)
			dead = (p->decided[0] & vbit) != 0;
		else if (ev->kind == EV_CALL_FALSE)
			dead = (p->decided[1] & vbit) != 0;
	}
	if (dead)
		return false;
	for (size_t e = 0; e < blk->events.n; e++) {
		const struct event *ev = &blk->events.v[e];

		if (p->stop_at_sleep && ev->kind == EV_UNEXPECTED)
			return false; /* as flow_must_pass() reads it */
		if (ev->kind == EV_WRITE && ev->call >= 0 && ev->call < 64)
			here &= ~(1ULL << ev->call);
		if (ev->kind != EV_CALL || ev->call < 0 ||
		    ev->call >= f->ncalls)
			continue;
		p->out[ev->call] = true;
		if (!p->stop_at_sleep)
			continue;
		p->unwritten_at[ev->call] &= here;
		if (sleeps_in_visit(p->cg, v,
				    (size_t)f->first_call + (size_t)ev->call))
			return false;
	}
	return true;
}

/* One run of the dataflow above over `cfg` (cfg_must_flow()).  With `awake` (stop_at_sleep),
 * a path ends after a call that declares the context may sleep
 * (sleeps_in_visit()), or where it enters the body of `if (WARN_ON(x))`
 * (EV_UNEXPECTED, as flow_must_pass() ends it): the calls it reaches
 * first are marked in `awake` instead of `out`, and for each, in `unwritten_at`, the value locals no
 * such path has written before it. */
static void path_flow(const struct callgraph *cg, const struct cg_visit *v,
		      const uint64_t decided[2], const struct cfg *cfg,
		      bool *out, bool stop_at_sleep, uint64_t *unwritten_at)
{
	struct path_run p = { .cg = cg,
			      .v = v,
			      .f = fn_of(cg, v->fn),
			      .cfg = cfg,
			      .out = out,
			      .stop_at_sleep = stop_at_sleep,
			      .unwritten_at = unwritten_at,
			      .decided = decided };
	const uint64_t entry[2] = { ~0ULL, ~0ULL };

	for (int k = 0; k < p.f->ncalls; k++) {
		out[k] = false;
		if (unwritten_at)
			unwritten_at[k] = ~0ULL;
	}
	if (v->returns >= 0) {
		p.returning = xmalloc(sizeof(bool) * (cfg->blocks.n + 1));
		blocks_returning(cfg, v->returns, p.returning);
	}
	cfg_must_flow(cfg, 2, entry, path_block, &p);
	free(p.returning);
}

/* The calls reachable in visit v (out), given the calls whose outcome
 * it knows (decided_calls()); with `awake`, also those reached before
 * the path declares that the context may sleep (see path_flow()), and
 * the value locals unwritten there */
static void reachable_calls(const struct callgraph *cg,
			    const struct cg_visit *v, const uint64_t decided[2],
			    bool *out, bool *awake, uint64_t *unwritten_at)
{
	const struct function_fact *f = fn_of(cg, v->fn);
	struct cfg cfg;

	if (cfg_parse(&cfg, f->cfg) < 0) {
		for (int k = 0; k < f->ncalls; k++) {
			out[k] = true;
			if (awake) {
				awake[k] = true;
				unwritten_at[k] = 0;
			}
		}
		return;
	}
	path_flow(cg, v, decided, &cfg, out, false, NULL);
	if (awake)
		path_flow(cg, v, decided, &cfg, awake, true, unwritten_at);
	cfg_free(&cfg);
}

bool cg_reached(const struct cg_reach *r, int fn)
{
	return r->first_visit[fn] >= 0;
}

/* A call through a callback parameter reaches the function bound at the
 * call that passed it.  It is followed when the call that made this visit
 * passed that function as the parameter, or passed on a parameter of its
 * own that the call making its visit passed it as, and so on up the
 * chain; or when the indirect call itself is atomic here (then every
 * binding is). */
static bool follow_binding(const struct callgraph *cg, const struct cg_reach *r,
			   const struct cg_visit *v, const struct call_fact *c,
			   const struct cg_edge *e)
{
	int param;

	if (e->arg_call < 0 || (c->ctx & CTX_ATOMIC_MASK))
		return true;
	param = param_ref(c->via, NULL);
	for (int depth = 0;
	     param >= 0 && v && v->edge >= 0 && depth <= MAX_CALLBACK_DEPTH;
	     depth++) {
		const struct call_fact *in =
			&cg->m->calls.v[cg->edges.v[v->edge].call];
		int next = -1;

		for (int a = 0; a < in->nargs; a++) {
			const struct call_arg *arg =
				&cg->m->args.v[in->first_arg + a];
			bool negated;
			int src;

			if (arg->index != param)
				continue;
			if (arg->kind == ARG_FUNCTION)
				return arg->fn_key &&
				       strcmp(arg->fn_key,
					      fn_of(cg, e->callee)->key) == 0;
			if ((src = param_passed(arg, &negated)) >= 0 &&
			    !negated)
				next = src;
		}
		param = next;
		v = v->from >= 0 ? &r->visits.v[v->from] : NULL;
	}
	return false;
}

/* The context at every call of fn entered with `entry` (summaries.c) */
static void entry_contexts(const struct callgraph *cg, int fn, unsigned entry,
			   unsigned *out)
{
	summaries_entry_ctx(cg->sums, cg->m, fn, entry, out);
}

/*
 * The call gives a gfp_t parameter of the callee a constant mask without
 * direct reclaim (usb_submit_urb(urb, GFP_ATOMIC)): the caller has said
 * what its context allows, and a function taking a mask promises to honour
 * it.  Paths inside that sleep regardless are the callee's to answer for
 * (gfp-ignored-param), and are mostly branches the caller cannot take
 * (root-hub requests inside usb_submit_urb()).
 */
static bool passes_nonblocking_mask(const struct callgraph *cg, int call,
				    int callee)
{
	const struct model *m = cg->m;
	const struct call_fact *c = &m->calls.v[call];
	unsigned params = fn_of(cg, callee)->gfp_params;

	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &m->args.v[c->first_arg + a];
		bool blocks = arg->gfp.n == 0;

		if (arg->kind != ARG_GFP || arg->index >= 32 ||
		    !(params & (1u << arg->index)))
			continue;
		for (int k = 0; k < arg->gfp.n; k++)
			blocks |=
				arg->gfp.alt[k].param >= 0 ||
				(arg->gfp.alt[k].or_bits & m->gfp->sleep_bits);
		if (!blocks)
			return true;
	}
	return false;
}

/*
 * A call through a field of a parameter that the visit has bound to an
 * object (bound_object()), or to a set of them: the edges to what the
 * tree stores in that field of those objects.  *pinned: each object has
 * such a store; when one has none (its field is filled some other way),
 * every edge stays a candidate.
 */
static bool edge_of_object(const struct callgraph *cg, const struct cg_visit *v,
			   int call, int edge, bool *pinned)
{
	const struct call_fact *c = &cg->m->calls.v[call];
	const struct cg_edge *e = &cg->edges.v[edge];
	bool stored;

	*pinned = false;
	if (!v || v->obj_param < 0 || !c->via ||
	    object_param(c->via_object) != v->obj_param)
		return true;
	stored = bound_stores(&cg->objects, cg->m, v->obj, c->via,
			      fn_of(cg, e->callee)->key, pinned);
	return !*pinned || (e->fnptr >= 0 && stored);
}

/*
 * A call through the field of a parameter that holds the table of a method
 * `table_fn` (visit_table(), dispatch.h): the edges to what that method's
 * tables store in the field called, and to stores into no named table.
 * *pinned: the edge is such a table's.
 */
static bool edge_of_table(const struct callgraph *cg, int param, int table_fn,
			  int call, int edge, bool *pinned)
{
	const struct call_fact *c = &cg->m->calls.v[call];
	const struct cg_edge *e = &cg->edges.v[edge];
	const char *object;

	*pinned = false;
	if (table_fn < 0 || e->fnptr < 0 || !cg->dispatch.field[table_fn] ||
	    table_param_of(c->via_object, cg->dispatch.field[table_fn]) !=
		    param)
		return true;
	object = cg->m->fnptrs.v[e->fnptr].object;
	if (!object || strncmp(object, "var:", 4) != 0)
		return true;
	*pinned = dispatch_table(&cg->dispatch, cg->m, table_fn, object);
	return *pinned;
}

static bool follows(const struct callgraph *cg, const struct cg_reach *r,
		    int call, int edge, bool pinned)
{
	const struct cg_edge *e = &cg->edges.v[edge];

	if (cg->fatal[e->callee] || cg->invariant[call] ||
	    (cg->cut && cg->cut[call]))
		return false;
	if (cg->noreclaim[e->callee] && !(r->required & CTX_RAW))
		return false;
	/* the fan-out limit is for calls resolved by field alone: a chain call
	 * reaches the callbacks of its own head, a call on a known object what
	 * that object holds */
	if (e->fnptr >= 0 && e->chain < 0 && !pinned &&
	    cg->call_nedges[call] > cg->fanout_limit)
		return false;
	/* on PREEMPT_RT even GFP_ATOMIC may not allocate under a raw lock: the
	 * strict reach goes on */
	return !cg->gfp_contract || (r->required & CTX_RAW) ||
	       !passes_nonblocking_mask(cg, call, e->callee);
}

/* Calls made in fn's own atomic context start visits of their callees */
static void own_context_calls(const struct callgraph *cg, struct cg_reach *r,
			      int fn, unsigned want)
{
	const struct function_fact *f = fn_of(cg, fn);
	int param, table = visit_table(cg, NULL, fn, &param);
	struct cg_visit own;

	if (cg->fatal[fn])
		return; /* the system is going down: no origin there */
	own_objects(cg, fn, &own);
	for (int i = f->first_call;
	     f->first_call >= 0 && i < f->first_call + f->ncalls; i++) {
		const struct call_fact *c = &cg->m->calls.v[i];

		if (!c->reached || !((c->ctx | cg->call_add_ctx[i]) & want) ||
		    (c->ctx & r->hidden))
			continue;
		if (cg->cut && c->witness >= 0 && cg->cut[c->witness])
			continue; /* the lock taken there is vouched for */
		for (int e = 0; e < cg->call_nedges[i]; e++) {
			int edge = cg->call_first_edge[i] + e;
			unsigned ctx = c->ctx | cg->edges.v[edge].add_ctx;
			bool pinned;

			bool of_object;

			if (!(ctx & want) || (ctx & r->hidden) ||
			    !edge_of_object(cg, &own, i, edge, &of_object) ||
			    !edge_of_table(cg, param, table, i, edge, &pinned))
				continue;
			pinned |= of_object;
			if (follow_binding(cg, r, NULL, c,
					   &cg->edges.v[edge]) &&
			    follows(cg, r, i, edge, pinned))
				add_visit(cg, r, cg->edges.v[edge].callee, ctx,
					  edge, -1, -1, 1, 0);
		}
	}
}

/* The parameters whose truth chooses the values of mask e */
static unsigned expr_choosers(const struct gfp_expr *e)
{
	unsigned params = 0;

	for (int k = 0; k < e->n; k++)
		if (e->alt[k].when > 0 && e->alt[k].when <= 32)
			params |= 1u << (e->alt[k].when - 1);
	return params;
}

/* Whether mask e may sleep with only the values the visit's parameters
 * choose (a parameter's value counts as sleeping): 1, 0 or -1 */
static int chosen_mask_sleeps(const struct model *m, const struct cg_visit *v,
			      const struct gfp_expr *e)
{
	struct gfp_expr kept = { 0 };

	for (int k = 0; k < e->n; k++) {
		const struct gfp_alt *a = &e->alt[k];
		unsigned bit =
			a->when > 0 && a->when <= 32 ? 1u << (a->when - 1) : 0;

		if (bit && (v->known & bit) &&
		    ((v->truth & bit) != 0) != a->when_true)
			continue;
		kept.alt[kept.n++] = *a;
	}
	return e->n && !kept.n ? 0 : gfp_expr_sleeps(m->gfp, &kept, 1);
}

/* A call whose masks the visit's parameters choose (`gfp_t gfp = can_block
 * ? GFP_KERNEL : GFP_ATOMIC;`, entered with can_block false): none of the
 * values they choose sleeps, so the call is no sleeping allocation there */
static bool chosen_masks_sleepless(const struct callgraph *cg,
				   const struct cg_visit *v,
				   const struct call_fact *c)
{
	const struct model *m = cg->m;

	if (!(cg->mask_choosers[c - m->calls.v] & v->known))
		return false;
	if (c->is_alloc && ((c->alloc && c->alloc->always_sleeps) ||
			    chosen_mask_sleeps(m, v, &c->flags) != 0))
		return false;
	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &m->args.v[c->first_arg + a];

		if (arg->kind == ARG_GFP &&
		    chosen_mask_sleeps(m, v, &arg->gfp) != 0)
			return false;
	}
	return true;
}

/* A visit: the context at each call of its function, and the visits of
 * the callees of its atomic calls */
static void visit_calls(const struct callgraph *cg, struct cg_reach *r, int vi,
			unsigned want, unsigned **buf, size_t *cap)
{
	struct cg_visit v = r->visits.v[vi];
	const struct function_fact *f = fn_of(cg, v.fn);
	int param, table = visit_table(cg, &v, v.fn, &param);
	bool *live = NULL, *awake = NULL;
	bool paths = v.from >= 0 && cg->visit_paths[v.fn];
	uint64_t *unwritten = NULL, decided[2];

	if (cg->fatal[v.fn] || f->first_call < 0)
		return;
	if ((size_t)f->ncalls > *cap) {
		*cap = (size_t)f->ncalls * 2;
		*buf = xrealloc(*buf, *cap * sizeof(unsigned));
	}
	entry_contexts(cg, v.fn, v.ctx, *buf);
	if (paths) {
		awake = xmalloc(sizeof(bool) * ((size_t)f->ncalls + 1));
		unwritten = xmalloc(sizeof(uint64_t) * ((size_t)f->ncalls + 1));
	}
	if (decided_calls(cg, &v, decided) || v.known || v.nfields || paths ||
	    v.returns >= 0) {
		live = xmalloc(sizeof(bool) * ((size_t)f->ncalls + 1));
		reachable_calls(cg, &v, decided, live, awake, unwritten);
	}
	for (int k = 0; k < f->ncalls; k++) {
		int i = f->first_call + k;
		const struct call_fact *c = &cg->m->calls.v[i];
		unsigned ctx = (*buf)[k];

		/* a branch the entering call's constants rule out */
		if (live && !live[k])
			continue;

		/* the context this visit inherited stops at a call that the
		 * function makes only after declaring it may sleep, unless its
		 * caller is the one holding it (see mark_after_sleep()) */
		if ((cg->after_sleep[i] || (awake && !awake[k])) && v.from >= 0)
			ctx &= c->ctx;
		if (!((ctx | cg->call_add_ctx[i]) & want) ||
		    (c->ctx & r->hidden))
			continue;
		/* a sleeping allocation only by a mask this visit does not choose:
		 * not one here (the strict reach, where any allocation counts,
		 * records it) */
		if ((ctx & want) && ((r->required & CTX_RAW) ||
				     !chosen_masks_sleepless(cg, &v, c))) {
			r->call_ctx[i] |= ctx;
			if (r->call_visit[i] < 0) {
				r->call_visit[i] = vi;
				r->chain_ctx[i] = ctx;
			}
		}
		for (int e = 0; e < cg->call_nedges[i]; e++) {
			int edge = cg->call_first_edge[i] + e;
			unsigned ectx = ctx | cg->edges.v[edge].add_ctx;
			bool pinned, in_table;

			if (!(ectx & want) ||
			    (cg->edges.v[edge].add_ctx & r->hidden))
				continue;
			if (!edge_of_object(cg, &v, i, edge, &pinned) ||
			    !edge_of_table(cg, param, table, i, edge,
					   &in_table))
				continue;
			pinned |= in_table;
			if (follow_binding(cg, r, &r->visits.v[vi], c,
					   &cg->edges.v[edge]) &&
			    follows(cg, r, i, edge, pinned))
				add_visit(cg, r, cg->edges.v[edge].callee, ectx,
					  edge, vi, -1, v.depth + 1,
					  awake && !(c->ctx & want) ?
						  unwritten[k] :
						  0);
		}
	}
	free(live);
	free(awake);
	free(unwritten);
}

static void spread_atomic(const struct callgraph *cg, struct cg_reach *r,
			  unsigned hidden, unsigned required)
{
	size_t nfns = cg->m->fns.n, ncalls = cg->m->calls.n, cap = 0;
	unsigned want = required ? required : CTX_ATOMIC_MASK, *buf = NULL;

	r->hidden = hidden;
	r->required = required;
	r->first_visit = xmalloc(sizeof(int) * (nfns + 1));
	r->call_ctx = xcalloc(ncalls + 1, sizeof(unsigned));
	r->call_visit = xmalloc(sizeof(int) * (ncalls + 1));
	r->chain_ctx = xcalloc(ncalls + 1, sizeof(unsigned));
	for (size_t i = 0; i < nfns; i++)
		r->first_visit[i] = -1;
	for (size_t i = 0; i < ncalls; i++)
		r->call_visit[i] = -1;
	/* origins at depth 0: atomic entries */
	for (size_t e = 0; e < cg->entries.n; e++) {
		const struct cg_entry *en = &cg->entries.v[e];

		if ((en->ctx & want) && !(en->ctx & hidden) &&
		    !cg->fatal[en->fn] &&
		    !(cg->cut && en->reg_call >= 0 && cg->cut[en->reg_call]))
			add_visit(cg, r, en->fn, en->ctx, -1, -1, (int)e, 0, 0);
	}
	/* depth 1: callees of call sites made while atomic */
	for (size_t f = 0; f < nfns; f++)
		own_context_calls(cg, r, (int)f, want);
	/* breadth first: visits are appended in order of depth */
	for (size_t vi = 0; vi < r->visits.n; vi++)
		visit_calls(cg, r, (int)vi, want, &buf, &cap);
	free(buf);
}

static void reach_free(struct cg_reach *r)
{
	VEC_FREE(r->visits);
	free(r->first_visit);
	free(r->call_ctx);
	free(r->call_visit);
	free(r->chain_ctx);
}

/* One map per distinct set of kinds that context tests choosing masks see */
static void spread_unseen(struct callgraph *cg)
{
	for (size_t i = 0; i < cg->m->calls.n; i++) {
		unsigned seen = cg->m->calls.v[i].ctx_seen & CTX_ATOMIC_MASK;

		if (!seen || callgraph_unseen(cg, seen) ||
		    cg->nunseen == CG_MAX_HIDDEN)
			continue;
		spread_atomic(cg, &cg->unseen[cg->nunseen++], seen, 0);
	}
}

const struct cg_reach *callgraph_unseen(const struct callgraph *cg,
					unsigned seen)
{
	for (int i = 0; i < cg->nunseen; i++)
		if (cg->unseen[i].hidden == (seen & CTX_ATOMIC_MASK))
			return &cg->unseen[i];
	return NULL;
}

/* ---- gfp_t forwarding: which parameters reach an allocator's mask ---- */

static bool alt_forwards(const struct model *m, const struct gfp_alt *a)
{
	return a->param >= 0 && (a->and_mask & m->gfp->sleep_bits);
}

static bool mark_fwd(struct callgraph *cg, int fn, int param)
{
	if (param >= 32 || (cg->fwd_params[fn] & (1u << param)))
		return false;
	cg->fwd_params[fn] |= 1u << param;
	return true;
}

static void compute_forwarding(struct callgraph *cg)
{
	const struct model *m = cg->m;
	bool changed = true;

	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];

		for (int a = 0; c->is_alloc && c->reached && a < c->flags.n;
		     a++)
			if (alt_forwards(m, &c->flags.alt[a]))
				mark_fwd(cg, c->fn, c->flags.alt[a].param);
		if (!c->reached || !callgraph_external_gfp_call(cg, (int)i))
			continue;
		for (int a = 0; a < c->nargs; a++) {
			const struct call_arg *arg =
				&m->args.v[c->first_arg + a];

			for (int k = 0; arg->kind == ARG_GFP && k < arg->gfp.n;
			     k++)
				if (alt_forwards(m, &arg->gfp.alt[k]))
					mark_fwd(cg, c->fn,
						 arg->gfp.alt[k].param);
		}
	}
	for (int round = 0; changed && round < 64; round++) {
		changed = false;
		for (size_t i = 0; i < m->calls.n; i++) {
			const struct call_fact *c = &m->calls.v[i];

			for (int e = 0; c->reached && e < cg->call_nedges[i];
			     e++) {
				int callee =
					cg->edges.v[cg->call_first_edge[i] + e]
						.callee;

				for (int a = 0; a < c->nargs; a++) {
					const struct call_arg *arg =
						&m->args.v[c->first_arg + a];

					if (arg->kind != ARG_GFP ||
					    arg->index >= 32 ||
					    !(cg->fwd_params[callee] &
					      (1u << arg->index)))
						continue;
					for (int k = 0; k < arg->gfp.n; k++)
						if (alt_forwards(
							    m,
							    &arg->gfp.alt[k]))
							changed |= mark_fwd(
								cg, c->fn,
								arg->gfp.alt[k]
									.param);
				}
			}
		}
	}
}

/* A parameter that a function passes on unchanged (ARG_PARAM; negated too
 * when `negated_too`; with `copies`, a copy of its pointee too, ARG_COPY;
 * with `bits_too`, changed only by `&=`/`|=` of constants, ARG_PARAM_BITS)
 * to a callee whose parameter there is marked in `params` is marked in
 * the function's: a fixpoint over the call graph. */
static void passed_on_params(struct callgraph *cg, unsigned *params,
			     bool negated_too, bool copies, bool bits_too)
{
	const struct model *m = cg->m;
	bool changed = true;

	for (int round = 0; changed && round < 32; round++) {
		changed = false;
		for (size_t i = 0; i < m->calls.n; i++) {
			const struct call_fact *c = &m->calls.v[i];

			for (int a = 0; a < c->nargs; a++) {
				const struct call_arg *arg =
					&m->args.v[c->first_arg + a];
				bool negated = false;
				const char *written;
				int src = param_passed_on(arg, &negated);

				if (src < 0 && copies)
					src = param_copy(arg, &written);
				if (src < 0 && bits_too)
					src = param_bits(arg, NULL, NULL);
				if (src < 0 || src >= 32 ||
				    (negated && !negated_too) ||
				    arg->index < 0 || arg->index >= 32 ||
				    (params[c->fn] & (1u << src)))
					continue;
				for (int e = 0; e < cg->call_nedges[i]; e++) {
					int callee =
						cg->edges
							.v[cg->call_first_edge[i] +
							   e]
							.callee;

					if (params[callee] &
					    (1u << arg->index)) {
						params[c->fn] |= 1u << src;
						changed = true;
						break;
					}
				}
			}
		}
	}
}

/* Which parameters decide branches of each function: those it tests as
 * a condition of its own, and those it passes on unchanged to a callee
 * where they decide (__tty_fasync(fd, filp, on) → fasync_helper()). */
static void find_decisive_params(struct callgraph *cg)
{
	const struct model *m = cg->m;

	cg->decisive_params = xcalloc(m->fns.n + 1, sizeof(unsigned));
	cg->valued_params = xcalloc(m->fns.n + 1, sizeof(unsigned));
	for (size_t fi = 0; fi < m->fns.n; fi++) {
		const char *text = m->fns.v[fi].cfg;
		struct cfg cfg;

		/* the serialised form marks them "pN", "nN", "eN=K", "xN=K",
		 * "aN=K" and "zN=K" */
		if (!text || !strpbrk(text, "pnexaz") ||
		    cfg_parse(&cfg, text) < 0)
			continue;
		for (size_t b = 0; b < cfg.blocks.n; b++)
			for (size_t e = 0; e < cfg.blocks.v[b].events.n; e++) {
				const struct event *ev =
					&cfg.blocks.v[b].events.v[e];
				bool compared = event_has_value(ev->kind);

				if ((ev->kind == EV_PARAM_TRUE ||
				     ev->kind == EV_PARAM_FALSE || compared) &&
				    ev->call >= 0 && ev->call < 32)
					cg->decisive_params[fi] |= 1u
								   << ev->call;
				if (compared && ev->call >= 0 &&
				    ev->call < 32 && ev->value >= 0 &&
				    ev->value <= INT_MAX)
					cg->valued_params[fi] |= 1u << ev->call;
			}
		cfg_free(&cfg);
	}
	/* and those whose truth chooses a mask (gfp_alt.when) */
	cg->mask_choosers = xcalloc(m->calls.n + 1, sizeof(unsigned));
	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];

		if (c->is_alloc)
			cg->mask_choosers[i] = expr_choosers(&c->flags);
		for (int a = 0; a < c->nargs; a++)
			if (m->args.v[c->first_arg + a].kind == ARG_GFP)
				cg->mask_choosers[i] |= expr_choosers(
					&m->args.v[c->first_arg + a].gfp);
		cg->decisive_params[c->fn] |= cg->mask_choosers[i];
	}
	passed_on_params(cg, cg->decisive_params, true, false, true);
	passed_on_params(cg, cg->valued_params, false, false, true);
}

/* Which pointer parameters have fields that decide branches of each
 * function (function_fact.field_vars "IDX=PARAM.FIELD"), or are passed on
 * unchanged to a callee where they do */
static void find_field_params(struct callgraph *cg)
{
	const struct model *m = cg->m;

	cg->field_params = xcalloc(m->fns.n + 1, sizeof(unsigned));
	for (size_t fi = 0; fi < m->fns.n; fi++) {
		const char *p = m->fns.v[fi].field_vars, *name;
		int idx, param;
		size_t len;

		while (field_var_next(&p, &idx, &param, &name, &len))
			if (param >= 0 && param < 32)
				cg->field_params[fi] |= 1u << param;
	}
	/* `ip_fib_metrics_init(net, cfg->fc_mx, ...)`: a field passed to a
	 * parameter the callee decides by */
	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];

		for (int a = 0; a < c->nargs; a++) {
			const struct call_arg *arg =
				&m->args.v[c->first_arg + a];
			const char *field = NULL;
			int param = param_field(arg, &field);

			if (param < 0 || arg->index < 0 || arg->index >= 32)
				continue;
			for (int e = 0; e < cg->call_nedges[i]; e++)
				if (cg->decisive_params
					    [cg->edges
						     .v[cg->call_first_edge[i] +
							e]
						     .callee] &
				    (1u << arg->index))
					cg->field_params[c->fn] |= 1u << param;
		}
	}
	passed_on_params(cg, cg->field_params, false, true, false);
}

/* The bits of field `key` ("STRUCT.FIELD") that function fn writes
 * itself through its parameter `param` (function_fact.field_writes) */
static uint64_t own_field_writes(const struct function_fact *fn, int param,
				 const char *key)
{
	const char *p = fn->field_writes, *k;
	size_t len, want = strlen(key);
	uint64_t bits, all = 0;
	int n;

	while (field_write_next(&p, &n, &k, &len, &bits))
		if (n == param && len == want && strncmp(k, key, len) == 0)
			all |= bits;
	return all;
}

/* Whether the writes of an edge's callee count as its caller's: the edges
 * the reach follows where no visit binds the call's object (a call
 * through a field of more implementations than the fan-out limit is not
 * followed) */
static bool writes_follow(const struct callgraph *cg, const struct cg_edge *e)
{
	return !cg->fatal[e->callee] &&
	       !(e->fnptr >= 0 && e->chain < 0 &&
		 cg->call_nedges[e->call] > cg->fanout_limit);
}

/* A pointer parameter passed on unchanged (ARG_PARAM) along an edge:
 * parameter `from` of the caller is parameter `param` of `callee` */
struct param_link {
	int caller, from, callee, param, call;
};

static int cmp_link_callee(const void *a, const void *b)
{
	const struct param_link *x = a, *y = b;

	return x->callee != y->callee ?
		       (x->callee > y->callee) - (x->callee < y->callee) :
		       (x->param > y->param) - (x->param < y->param);
}

/* Every param_link of call i, to `fn` */
static void call_param_links(const struct callgraph *cg, int i,
			     void (*fn)(void *, const struct param_link *),
			     void *ctx)
{
	const struct call_fact *c = &cg->m->calls.v[i];

	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &cg->m->args.v[c->first_arg + a];
		bool negated;
		int src = param_passed(arg, &negated);

		if (src < 0 || negated || arg->index < 0 || arg->index >= 32)
			continue;
		for (int k = 0; k < cg->call_nedges[i]; k++) {
			const struct cg_edge *e =
				&cg->edges.v[cg->call_first_edge[i] + k];
			struct param_link l = { c->fn, src, e->callee,
						arg->index, i };

			if (writes_follow(cg, e) &&
			    passes_value(cg, e, arg->index))
				fn(ctx, &l);
		}
	}
}

struct link_vec {
	VEC(struct param_link) v;
};

static void push_link(void *ctx, const struct param_link *l)
{
	VEC_PUSH(((struct link_vec *)ctx)->v, *l);
}

/* What snapshot_fields() works with */
struct field_closure {
	const struct callgraph *cg;
	struct link_vec links; /* sorted by callee and parameter */
	int *first; /* per function: its first link as a callee */
	uint64_t *bits; /* per function and parameter (fn * 32 + param) */
	VEC(int) touched;
	uint64_t changed; /* snapshot_fields(): the bits of one call */
	int skip_call;
};

/* The bits of field `key` each pointer parameter of each function may
 * have written through it, by the function or the callees it passes it
 * on to: a fixpoint from the writers up through their callers (bits only
 * add, so the worklist ends) */
static void field_closure_run(struct field_closure *fc, const char *key)
{
	const struct model *m = fc->cg->m;
	VEC(int) stack = { 0 };

	for (size_t i = 0; i < fc->touched.n; i++)
		fc->bits[fc->touched.v[i]] = 0;
	fc->touched.n = 0;
	for (size_t f = 0; f < m->fns.n; f++) {
		const char *p = m->fns.v[f].field_writes, *k;
		size_t len, want = strlen(key);
		uint64_t b;
		int n;

		while (field_write_next(&p, &n, &k, &len, &b)) {
			int at = (int)f * 32 + n;

			if (n < 0 || n >= 32 || len != want ||
			    strncmp(k, key, len) != 0 || !b)
				continue;
			if (!fc->bits[at]) {
				VEC_PUSH(fc->touched, at);
				VEC_PUSH(stack, at);
			}
			fc->bits[at] |= b;
		}
	}
	while (stack.n > 0) {
		int at = stack.v[--stack.n], f = at / 32, p = at % 32;

		for (int k = fc->first[f]; k < fc->first[f + 1]; k++) {
			const struct param_link *l = &fc->links.v.v[k];
			int up = l->caller * 32 + l->from;

			if (l->param != p ||
			    (fc->bits[up] | fc->bits[at]) == fc->bits[up])
				continue;
			if (!fc->bits[up])
				VEC_PUSH(fc->touched, up);
			fc->bits[up] |= fc->bits[at];
			VEC_PUSH(stack, up);
		}
	}
	VEC_FREE(stack);
}

/* The writes of one link into fc->changed, unless made at fc->skip_call */
static void add_link_writes(void *ctx, const struct param_link *l)
{
	struct field_closure *fc = ctx;

	if (l->call != fc->skip_call)
		fc->changed |= fc->bits[l->callee * 32 + l->param];
}

/* An ARG_SNAPSHOT argument: its model index, its call, the caller's
 * parameter and the field's key */
struct snapshot_arg {
	int arg, call, param;
	const char *key;
};

/* The key of an ARG_SNAPSHOT argument's field and the caller's
 * parameter: "N:STRUCT.FIELD" after its '|' */
static const char *snapshot_key(const struct call_arg *arg, int *param)
{
	const char *bar = arg->kind == ARG_SNAPSHOT && arg->object ?
				  strchr(arg->object, '|') :
				  NULL;
	char *colon;

	if (!bar)
		return NULL;
	*param = (int)strtol(bar + 1, &colon, 10);
	return *colon == ':' && colon[1] ? colon + 1 : NULL;
}

/*
 * cg->snapshot_fact: for each ARG_SNAPSHOT argument of call W in function
 * C, parameter N of C, the bits of the field that may differ from C's
 * earlier read by the time the callee starts: what C writes of it
 * through N and what its other calls given N may write through it,
 * anywhere in its body (its order is not followed).  W's own callee
 * reads the field before it writes it (xor_alias() in extract.c); a W in
 * a loop whose earlier runs write it is not seen, nor a write through
 * another pointer to the object.
 */
static void snapshot_fields(struct callgraph *cg)
{
	const struct model *m = cg->m;
	struct field_closure fc = { .cg = cg };
	VEC(const char *) keys = { 0 };
	VEC(struct snapshot_arg) snaps = { 0 };
	int param;

	cg->snapshot_fact = xcalloc(m->args.n + 1, sizeof(char *));
	for (size_t ci = 0; ci < m->calls.n; ci++)
		for (int a = m->calls.v[ci].first_arg;
		     a >= 0 &&
		     a < m->calls.v[ci].first_arg + m->calls.v[ci].nargs;
		     a++) {
			const char *key = snapshot_key(&m->args.v[a], &param);
			size_t k;

			if (!key || param < 0 || param >= 32)
				continue;
			VEC_PUSH(snaps, ((struct snapshot_arg){ a, (int)ci,
								param, key }));
			for (k = 0; k < keys.n && strcmp(keys.v[k], key) != 0;
			     k++)
				;
			if (k == keys.n)
				VEC_PUSH(keys, key);
		}
	if (!keys.n)
		return;
	for (size_t i = 0; i < m->calls.n; i++)
		call_param_links(cg, (int)i, push_link, &fc.links);
	qsort(fc.links.v.v, fc.links.v.n, sizeof(struct param_link),
	      cmp_link_callee);
	fc.first = xcalloc(m->fns.n + 2, sizeof(int));
	for (size_t k = 0; k < fc.links.v.n; k++)
		fc.first[fc.links.v.v[k].callee + 1]++;
	for (size_t f = 0; f < m->fns.n; f++)
		fc.first[f + 1] += fc.first[f];
	fc.bits = xcalloc(m->fns.n * 32 + 1, sizeof(uint64_t));
	for (size_t k = 0; k < keys.n; k++) {
		field_closure_run(&fc, keys.v[k]);
		for (size_t s = 0; s < snaps.n; s++) {
			const struct snapshot_arg *sa = &snaps.v[s];
			const struct call_arg *arg = &m->args.v[sa->arg];
			const struct function_fact *f =
				&m->fns.v[m->calls.v[sa->call].fn];

			if (strcmp(sa->key, keys.v[k]) != 0)
				continue;
			fc.changed = own_field_writes(f, sa->param, sa->key);
			fc.skip_call = sa->call;
			for (int i = f->first_call;
			     i >= 0 && i < f->first_call + f->ncalls; i++)
				call_param_links(cg, i, add_link_writes, &fc);
			if (fc.changed != ~0ULL)
				cg->snapshot_fact[sa->arg] = xasprintf(
					"%.*s&%llu=0",
					(int)(strchr(arg->object, '|') -
					      arg->object),
					arg->object,
					(unsigned long long)~fc.changed);
		}
	}
	VEC_FREE(fc.links.v);
	VEC_FREE(fc.touched);
	free(fc.first);
	free(fc.bits);
	VEC_FREE(keys);
	VEC_FREE(snaps);
}

/* Which parameters are objects that calls through struct fields are made
 * on (`ops->do_action()`, call_fact.via_object "param:N") or callbacks
 * called through (`cb()`, via "param:N"), directly or in a callee they are
 * passed on to unchanged: a visit binds the first of them that its
 * entering call names (bound_object()), so that visits with different
 * tables or callbacks stay apart. */
static void find_object_params(struct callgraph *cg)
{
	const struct model *m = cg->m;

	cg->object_params = xcalloc(m->fns.n + 1, sizeof(unsigned));
	for (size_t i = 0; i < m->calls.n; i++) {
		const char *o = m->calls.v[i].via_object ?
					m->calls.v[i].via_object :
					m->calls.v[i].via;
		int p = object_param(o);

		if (p >= 0)
			cg->object_params[m->calls.v[i].fn] |= 1u << p;
	}
	passed_on_params(cg, cg->object_params, false, false, false);
	param_objects_build(&cg->objects, m, cg->object_params);
	param_fields_build(&cg->fields, m, &cg->objects, cg->field_params);
}

/* Which parameters hold a table in a field that calls are made through
 * (`inode->i_op->get_acl(inode)`, via_object "param:N->FIELD"), here or
 * in a callee they are passed on to: a visit binds one to the table of
 * the method its caller is (table_receiver()) */
static void find_table_params(struct callgraph *cg)
{
	const struct model *m = cg->m;

	dispatch_build(&cg->dispatch, m);
	cg->table_params = xcalloc(m->fns.n + 1, sizeof(unsigned));
	for (size_t i = 0; i < m->calls.n; i++) {
		int p = table_param_of(m->calls.v[i].via_object, NULL);

		if (p >= 0)
			cg->table_params[m->calls.v[i].fn] |= 1u << p;
	}
	passed_on_params(cg, cg->table_params, false, false, false);
}

/*
 * An allocation whose every mask allows direct reclaim (GFP_KERNEL, a
 * constant mask), or by an allocator that sleeps whatever its flags
 * (vmalloc): it declares that the context may sleep as might_sleep()
 * does, for the allocators check it first (might_alloc(), checked at run
 * time by CONFIG_DEBUG_ATOMIC_SLEEP).  A mask that comes from a parameter
 * or may lack direct reclaim declares nothing.
 */
static bool blocking_alloc(const struct model *m, const struct call_fact *c)
{
	if (!c->is_alloc)
		return false;
	if (c->alloc && c->alloc->always_sleeps)
		return true;
	for (int k = 0; k < c->flags.n; k++)
		if (c->flags.alt[k].param >= 0 ||
		    !(c->flags.alt[k].or_bits & m->gfp->sleep_bits))
			return false;
	return c->flags.n > 0;
}

/* Whether argument `param` of call c is true however the caller runs: a
 * non-zero constant, an object's address, a function, or one of the
 * caller's parameters in `true_params` (tested true or dereferenced on
 * every path to the call, flow_true_params()) passed on as it is */
static bool arg_true(const struct model *m, const struct call_fact *c,
		     int param, unsigned true_params)
{
	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &m->args.v[c->first_arg + a];
		bool negated;
		int src;

		if (arg->index != param)
			continue;
		if (arg->kind == ARG_FUNCTION || arg->kind == ARG_ADDR ||
		    (arg->kind == ARG_CONST && arg->object &&
		     strcmp(arg->object, "0") != 0))
			return true;
		if ((src = param_passed(arg, &negated)) >= 0 && src < 32 &&
		    !negated && (true_params & (1u << src)))
			return true;
	}
	return false;
}

/* Whether argument `param` of call c is true in visit v of its function:
 * as arg_true(), or the caller's parameter passed on (or its negation)
 * whose truth v fixes */
static bool arg_true_in(const struct model *m, const struct cg_visit *v,
			const struct call_fact *c, int param,
			unsigned true_params)
{
	if (arg_true(m, c, param, true_params))
		return true;
	for (int a = 0; v && a < c->nargs; a++) {
		const struct call_arg *arg = &m->args.v[c->first_arg + a];
		bool negated;
		int src;

		if (arg->index == param &&
		    (src = param_passed(arg, &negated)) >= 0 && src < 32 &&
		    (v->known & (1u << src)))
			return ((v->truth & (1u << src)) != 0) != negated;
	}
	return false;
}

/* Whether call i is a direct call whose every callee declares on every
 * path that it may sleep: always, or given arguments that are true
 * (sleeps_if) where the call makes them so, in visit v of the caller
 * (NULL: however the caller runs) or by the caller's parameters true
 * there (`true_params`) */
static bool calls_always_sleeping(const struct callgraph *cg,
				  const struct cg_visit *v, size_t i,
				  unsigned true_params)
{
	const struct call_fact *c = &cg->m->calls.v[i];
	int n = cg->call_nedges[i];

	for (int e = 0; e < n; e++) {
		const struct cg_edge *ed =
			&cg->edges.v[cg->call_first_edge[i] + e];
		unsigned need = cg->sleeps_if[ed->callee];

		if (ed->fnptr >= 0 || ed->arg_call >= 0 || ed->chain >= 0)
			return false;
		if (cg->always_sleeps[ed->callee])
			continue;
		for (int p = 0; need && p < 32; p++)
			if ((need & (1u << p)) &&
			    !arg_true_in(cg->m, v, c, p, true_params))
				need = 0;
		if (!need)
			return false;
	}
	return n > 0;
}

/* The blocks a path takes only where one of the parameters in `params`
 * is false (EV_PARAM_FALSE) */
static void false_param_blocks(const struct cfg *cfg, unsigned params,
			       bool *dead)
{
	for (size_t b = 0; b < cfg->blocks.n; b++) {
		const struct block *blk = &cfg->blocks.v[b];

		dead[b] = false;
		for (size_t e = 0; e < blk->events.n; e++)
			if (blk->events.v[e].kind == EV_PARAM_FALSE &&
			    blk->events.v[e].call >= 0 &&
			    blk->events.v[e].call < 32 &&
			    (params & (1u << blk->events.v[e].call)))
				dead[b] = true;
	}
}

/*
 * The parameters that, true as a caller passes them, make the function
 * declare on every path that it may sleep, where it does not on every
 * path: the fewest of those it tests for false (`if (!type) return
 * ERR_PTR(-EINVAL);` before vfs_kern_mount()'s allocation) whose false
 * branches, ruled out, leave every path to the return behind a marked
 * call.  0 if none do.
 */
static unsigned sleeps_given_true(const struct cfg *cfg, const bool *marked,
				  int ncalls, bool *after)
{
	unsigned tested = 0, need;
	bool *dead = xmalloc(sizeof(bool) * (cfg->blocks.n + 1));

	for (size_t b = 0; b < cfg->blocks.n; b++)
		for (size_t e = 0; e < cfg->blocks.v[b].events.n; e++) {
			const struct event *ev = &cfg->blocks.v[b].events.v[e];

			if (ev->kind == EV_PARAM_FALSE && ev->call >= 0 &&
			    ev->call < 32)
				tested |= 1u << ev->call;
		}
	need = tested;
	false_param_blocks(cfg, need, dead);
	if (!tested || !flow_must_pass(cfg, marked, dead, ncalls, after)) {
		free(dead);
		return 0;
	}
	for (int p = 0; p < 32; p++) {
		if (!(need & (1u << p)))
			continue;
		false_param_blocks(cfg, need & ~(1u << p), dead);
		if (flow_must_pass(cfg, marked, dead, ncalls, after))
			need &= ~(1u << p);
	}
	free(dead);
	return need;
}

/* The calls of function fi that declare the context may sleep however it
 * runs (rules: `sleeps`, what might_sleep() and cond_resched() expand to,
 * and the sleeping locks; a blocking allocation, blocking_alloc(); a
 * direct call of a function that declares it on every path, or given the
 * true arguments the call passes, its own parameters true there by
 * `true_at`): into marked[0..ncalls); false if none */
static bool sleep_declarations(const struct callgraph *cg, size_t fi,
			       const unsigned *true_at, bool *marked)
{
	const struct model *m = cg->m;
	const struct function_fact *f = &m->fns.v[fi];
	bool any = false;

	for (int k = 0; k < f->ncalls; k++) {
		const struct call_fact *c = &m->calls.v[f->first_call + k];

		marked[k] = (c->callee &&
			     rules_named(m->rules, "sleeps", c->callee)) ||
			    blocking_alloc(m, c) ||
			    calls_always_sleeping(
				    cg, NULL, (size_t)f->first_call + (size_t)k,
				    true_at[k]);
		any |= marked[k];
	}
	return any;
}

/* The function's CFG and the parameters true at each of its calls; false
 * if it has none that parses */
static bool function_cfg(const struct function_fact *f, struct cfg *cfg,
			 unsigned *true_at)
{
	if (!f->cfg || cfg_parse(cfg, f->cfg) < 0)
		return false;
	flow_true_params(cfg, f->ncalls, true_at);
	return true;
}

/*
 * Calls made only after the function has declared that it may sleep
 * (sleep_declarations()): on every path from its entry one of those
 * calls comes first.  Reaching such a call in an atomic context inherited
 * through a chain of callers means the chain is infeasible (the
 * annotation is checked at run time by CONFIG_DEBUG_ATOMIC_SLEEP on every
 * call) or already a bug at the annotation, not at the allocations behind
 * it: a blocking allocation is reported itself, the ones after it are
 * that bug again.  A function that declares it on every path to its
 * return is such a declaration to its callers (inode_lock() is
 * down_write(), so debugfs's start_creating() calls lookup_one_len()
 * after it), and one that does so given true arguments (sleeps_if) to
 * the callers that pass them; found to a fixpoint: each round looks again
 * at the callers of the functions the last one found.  The body of `if
 * (WARN_ON(x))` counts as such a declaration (flow_must_pass()): the
 * kernel says the situation it reports never happens, so a context
 * inherited into it is no more a finding than one carried past
 * might_sleep(); a call the holder makes there directly still is.
 */
static void mark_after_sleep(struct callgraph *cg)
{
	const struct model *m = cg->m;
	size_t nfns = m->fns.n;
	bool *marked = NULL, *scratch = NULL,
	     *now_always = xcalloc(nfns + 1, sizeof(bool));
	unsigned *true_at = NULL;
	bool *dirty = xcalloc(nfns + 1, sizeof(bool)),
	     *found = xcalloc(nfns + 1, sizeof(bool));
	bool any_dirty = true;
	size_t cap = 0;

	cg->after_sleep = xcalloc(m->calls.n + 1, sizeof(bool));
	cg->sleep_decl = xcalloc(m->calls.n + 1, sizeof(bool));
	cg->always_sleeps = xcalloc(nfns + 1, sizeof(bool));
	cg->sleeps_if = xcalloc(nfns + 1, sizeof(unsigned));
	cg->visit_paths = xcalloc(nfns + 1, sizeof(bool));
	for (size_t fi = 0; fi < nfns; fi++)
		dirty[fi] = true;
	while (any_dirty) {
		memset(found, 0, nfns * sizeof(bool));
		memset(now_always, 0, nfns * sizeof(bool));
		for (size_t fi = 0; fi < nfns; fi++) {
			const struct function_fact *f = &m->fns.v[fi];
			struct cfg cfg;
			unsigned need;

			if (!dirty[fi] || f->first_call < 0 || !f->cfg)
				continue;
			if ((size_t)f->ncalls + 1 > cap) {
				cap = (size_t)f->ncalls * 2 + 1;
				marked = xrealloc(marked, cap * sizeof(bool));
				scratch = xrealloc(scratch, cap * sizeof(bool));
				true_at = xrealloc(true_at,
						   cap * sizeof(unsigned));
			}
			if (!function_cfg(f, &cfg, true_at))
				continue;
			if (!sleep_declarations(cg, fi, true_at, marked) &&
			    !cfg_has_event(&cfg, EV_UNEXPECTED)) {
				cfg_free(&cfg);
				continue;
			}
			if (flow_must_pass(&cfg, marked, NULL, f->ncalls,
					   cg->after_sleep + f->first_call)) {
				found[fi] = now_always[fi] =
					!cg->always_sleeps[fi];
			} else if (!cg->sleeps_if[fi] &&
				   (need = sleeps_given_true(&cfg, marked,
							     f->ncalls,
							     scratch))) {
				cg->sleeps_if[fi] = need;
				found[fi] = true;
			}
			cfg_free(&cfg);
		}
		/* the callers of what this round found look again */
		memset(dirty, 0, nfns * sizeof(bool));
		any_dirty = false;
		for (size_t fi = 0; fi < nfns; fi++)
			cg->always_sleeps[fi] |= now_always[fi];
		for (size_t i = 0; i < cg->edges.n; i++) {
			const struct cg_edge *ed = &cg->edges.v[i];

			if (found[ed->callee] && ed->fnptr < 0 &&
			    ed->arg_call < 0 && ed->chain < 0) {
				dirty[m->calls.v[ed->call].fn] = true;
				any_dirty = true;
			}
		}
	}
	/* the declarations as the fixpoint left them; a function whose
	 * visits follow their paths to them: it calls one that sleeps given
	 * true arguments, or passes a value local (ARG_LOCAL) */
	for (size_t fi = 0; fi < nfns; fi++) {
		const struct function_fact *f = &m->fns.v[fi];

		struct cfg cfg;

		if (f->first_call < 0)
			continue;
		if ((size_t)f->ncalls + 1 > cap) {
			cap = (size_t)f->ncalls * 2 + 1;
			marked = xrealloc(marked, cap * sizeof(bool));
			true_at = xrealloc(true_at, cap * sizeof(unsigned));
		}
		if (function_cfg(f, &cfg, true_at))
			cfg_free(&cfg);
		else
			memset(true_at, 0,
			       sizeof(unsigned) * (size_t)f->ncalls);
		sleep_declarations(cg, fi, true_at, marked);
		for (int k = 0; k < f->ncalls; k++) {
			size_t i = (size_t)f->first_call + (size_t)k;
			const struct call_fact *c = &m->calls.v[i];

			cg->sleep_decl[i] = marked[k];
			for (int a = 0; a < c->nargs; a++)
				cg->visit_paths[fi] |=
					m->args.v[c->first_arg + a].kind ==
					ARG_LOCAL;
			for (int e = 0; !marked[k] && e < cg->call_nedges[i];
			     e++)
				cg->visit_paths[fi] |=
					cg->sleeps_if
						[cg->edges
							 .v[cg->call_first_edge[i] +
							    e]
							 .callee] != 0;
		}
	}
	free(marked);
	free(true_at);
	free(scratch);
	free(now_always);
	free(dirty);
	free(found);
}

/* Every reach map: the atomic one, the raw one, one per unseen set */
static void spread_all(struct callgraph *cg)
{
	memset(&cg->atomic, 0, sizeof(cg->atomic));
	memset(&cg->raw, 0, sizeof(cg->raw));
	memset(cg->unseen, 0, sizeof(cg->unseen));
	spread_atomic(cg, &cg->atomic, 0, 0);
	spread_atomic(cg, &cg->raw, 0, CTX_RAW);
	spread_unseen(cg);
}

/* Per call: whether an `invariant` rule names its function and callee */
static bool *invariant_calls(const struct model *m)
{
	bool *marked = xcalloc(m->calls.n + 1, sizeof(bool));

	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];
		const struct named_rule *r =
			c->callee ? rules_named(m->rules, "invariant",
						m->fns.v[c->fn].name) :
				    NULL;

		marked[i] = r && named_has_name(r, "calls", c->callee);
	}
	return marked;
}

bool callgraph_carries(const struct callgraph *cg, int call)
{
	return !cg->invariant[call];
}

void callgraph_build(struct callgraph *cg, const struct model *m)
{
	size_t ncalls = m->calls.n, nfns = m->fns.n;

	memset(cg, 0, sizeof(*cg));
	cg->m = m;
	cg->call_first_edge = xmalloc(sizeof(int) * (ncalls + 1));
	cg->call_nedges = xcalloc(ncalls + 1, sizeof(int));
	cg->call_add_ctx = xcalloc(ncalls + 1, sizeof(unsigned));
	for (size_t i = 0; i < ncalls; i++)
		cg->call_first_edge[i] = -1;
	cg->fwd_params = xcalloc(nfns + 1, sizeof(unsigned));
	cg->sums = summaries_new(m);
	chains_resolve(&cg->chains, m);
	build_edges(cg);
	find_entries(cg);
	cg->fanout_limit =
		named_int(rules_named(m->rules, "indirect-fanout", "limit"),
			  "max", 1 << 30);
	cg->gfp_contract = rules_named(m->rules, "gfp-contract",
				       "nonblocking-mask") != NULL;
	cg->fatal = xcalloc(nfns + 1, sizeof(bool));
	cg->noreclaim = xcalloc(nfns + 1, sizeof(bool));
	for (size_t i = 0; i < nfns; i++) {
		cg->fatal[i] = rules_named(m->rules, "fatal",
					   m->fns.v[i].name) != NULL;
		cg->noreclaim[i] = rules_named(m->rules, "noreclaim",
					       m->fns.v[i].name) != NULL;
	}
	cg->invariant = invariant_calls(m);
	mark_after_sleep(cg);
	find_decisive_params(cg);
	find_field_params(cg);
	find_object_params(cg);
	find_table_params(cg);
	snapshot_fields(cg);
	repeat_calls_build(&cg->repeats, m);
	spread_all(cg);
	compute_forwarding(cg);
}

void callgraph_cut(struct callgraph *cg, const bool *cut)
{
	reach_free(&cg->atomic);
	reach_free(&cg->raw);
	for (int i = 0; i < cg->nunseen; i++)
		reach_free(&cg->unseen[i]);
	cg->nunseen = 0;
	cg->cut = cut;
	spread_all(cg);
}

void callgraph_free(struct callgraph *cg)
{
	VEC_FREE(cg->edges);
	VEC_FREE(cg->entries);
	free(cg->call_first_edge);
	free(cg->call_nedges);
	free(cg->call_add_ctx);
	chains_free(&cg->chains);
	reach_free(&cg->atomic);
	reach_free(&cg->raw);
	for (int i = 0; i < cg->nunseen; i++)
		reach_free(&cg->unseen[i]);
	free(cg->fwd_params);
	if (cg->sums)
		summaries_free(cg->sums);
	free(cg->fatal);
	free(cg->noreclaim);
	free(cg->invariant);
	free(cg->after_sleep);
	free(cg->sleep_decl);
	free(cg->always_sleeps);
	free(cg->sleeps_if);
	free(cg->visit_paths);
	free(cg->decisive_params);
	free(cg->valued_params);
	free(cg->mask_choosers);
	param_objects_free(&cg->objects);
	param_fields_free(&cg->fields);
	free(cg->object_params);
	free(cg->table_params);
	dispatch_free(&cg->dispatch);
	repeat_calls_free(&cg->repeats);
	free(cg->field_params);
	for (size_t a = 0; cg->snapshot_fact && a < cg->m->args.n; a++)
		free(cg->snapshot_fact[a]);
	free(cg->snapshot_fact);
	memset(cg, 0, sizeof(*cg));
}

/* ---- chains ---- */

static void step(const struct callgraph *cg, struct finding *f, int call,
		 const char *fmt, const char *a, const char *b)
{
	const struct call_fact *c = &cg->m->calls.v[call];
	const struct function_fact *fn = fn_of(cg, c->fn);
	char *note = xasprintf(fmt, a, b);

	finding_add_step(f, fn->file, c->line, fn->name, note, call);
	free(note);
}

/* "runs in softirq context", "runs with bottom halves disabled" */
static const char *runs(const char *ctx)
{
	size_t n = strlen(ctx);
	const char *tail = n >= 7 ? ctx + n - 7 : "";

	return strcmp(tail, "context") == 0 || strcmp(tail, "section") == 0 ?
		       "runs in" :
		       "runs with";
}

static void origin_step(const struct callgraph *cg, int entry, int fn,
			struct finding *f)
{
	const struct model *m = cg->m;
	const struct cg_entry *e = &cg->entries.v[entry];
	const char *ctx = ctx_describe(e->ctx);

	if (e->head) {
		const struct call_fact *c = &m->calls.v[e->reg_call];
		char *what = xasprintf("%s() queued on %s by %s() here: %s",
				       fn_of(cg, fn)->name, e->head, c->callee,
				       runs(ctx));

		step(cg, f, e->reg_call, "%s %s", what, ctx);
		free(what);
	} else if (e->reg_call >= 0) {
		const struct call_fact *c = &m->calls.v[e->reg_call];
		char *what = xasprintf("%s() registered by %s() here: %s",
				       fn_of(cg, fn)->name, c->callee,
				       runs(ctx));

		step(cg, f, e->reg_call, "%s %s", what, ctx);
		free(what);
	} else {
		const struct fnptr_fact *p = &m->fnptrs.v[e->fnptr];
		char *note = xasprintf("%s() stored in %s (%s) here: %s %s",
				       p->fn_name, p->field, p->how, runs(ctx),
				       ctx);

		finding_add_step(f, p->file, p->line,
				 p->function ? p->function : "(file scope)",
				 note, -1);
		free(note);
	}
}

static void hop_step(const struct callgraph *cg, const struct cg_edge *e,
		     struct finding *f)
{
	const struct model *m = cg->m;
	const struct call_fact *c = &m->calls.v[e->call];
	const char *callee = fn_of(cg, e->callee)->name;

	if (e->chain >= 0) {
		const struct chain_edge *ce = &cg->chains.edges.v[e->chain];
		const struct call_fact *reg = &m->calls.v[ce->reg_call];
		/* no line number: notes are part of the finding's fingerprint */
		char *how = xasprintf("registered on chain %s by %s() in %s",
				      chains_head_name(ce->head), reg->callee,
				      fn_of(cg, reg->fn)->file);

		step(cg, f, e->call, "calls %s() %s", callee, how);
		free(how);
	} else if (e->fnptr >= 0) {
		const struct fnptr_fact *p = &m->fnptrs.v[e->fnptr];
		/* no line number: notes are part of the finding's fingerprint */
		char *how =
			xasprintf("%s (%s in %s)", p->field, p->how, p->file);

		step(cg, f, e->call, "calls %s() through %s", callee, how);
		free(how);
	} else if (e->arg_call >= 0) {
		step(cg, f, e->call,
		     "calls %s() through %s (a callback parameter)", callee,
		     c->via);
	} else {
		step(cg, f, e->call, "calls %s()%s", callee, "");
	}
}

void callgraph_chain_at(const struct callgraph *cg, const struct cg_reach *r,
			int call, struct finding *f)
{
	int path[4096], n = 0, vi = r->call_visit[call], last = -1;
	const struct model *m = cg->m;

	/* walk back through the visits to the origin, then print forwards */
	for (; vi >= 0 && n < 4096; vi = r->visits.v[vi].from) {
		last = vi;
		if (r->visits.v[vi].edge >= 0)
			path[n++] = r->visits.v[vi].edge;
	}
	if (last >= 0 && r->visits.v[last].entry >= 0) {
		origin_step(cg, r->visits.v[last].entry, r->visits.v[last].fn,
			    f);
	} else if (n > 0) {
		const struct call_fact *first =
			&m->calls.v[cg->edges.v[path[n - 1]].call];

		if (first->witness >= 0 && (first->ctx & CTX_ATOMIC_MASK)) {
			const struct call_fact *w = &m->calls.v[first->witness];

			step(cg, f, first->witness, "%s: %s from here",
			     w->text ? w->text : w->callee,
			     ctx_describe(first->ctx));
		} else if (cg->edges.v[path[n - 1]].add_ctx) {
			/* a chain call that is atomic by itself (atomic notifiers) */
			const char *ctx =
				ctx_describe(cg->edges.v[path[n - 1]].add_ctx);

			/* runs(): "runs in" / "runs with" */
			char *what =
				xasprintf("%s(): the chain's callbacks run %s",
					  first->callee ? first->callee : "?",
					  runs(ctx) + 5);

			step(cg, f, cg->edges.v[path[n - 1]].call, "%s %s",
			     what, ctx);
			free(what);
		}
	}
	while (n > 0)
		hop_step(cg, &cg->edges.v[path[--n]], f);
}

/* Whether mask e has an alternative built from parameter `param` that
 * keeps the bits that sleep */
static bool mask_forwards(const struct model *m, const struct gfp_expr *e,
			  int param)
{
	for (int k = 0; k < e->n; k++)
		if (e->alt[k].param == param && alt_forwards(m, &e->alt[k]))
			return true;
	return false;
}

/*
 * The calls through which parameter `param` of fn reaches an allocator's
 * mask (or an external function that may allocate with it) with some of
 * the context `ctx` fn was entered in still held: depth first through the
 * calls that pass it on (fwd_params), each callee entered with the
 * context left at its call.  A callee that releases its caller's lock
 * before it allocates (xarray's __xas_nomem() unlocks, allocates with the
 * caller's mask, locks again) forwards nothing to that caller.  The calls
 * of the path, outermost first, go to path[depth...]; returns the length
 * of the path, or 0.  `seen`: per function, the parameters already
 * searched.
 */
static int fwd_path(const struct callgraph *cg, int fn, int param, unsigned ctx,
		    int *path, int depth, unsigned *seen)
{
	const struct model *m = cg->m;
	const struct function_fact *ff = &m->fns.v[fn];
	unsigned *in;
	int found = 0;

	if (depth >= CG_FWD_DEPTH || param < 0 || param >= 32 ||
	    (seen[fn] & (1u << param)) || ff->first_call < 0 || ff->ncalls <= 0)
		return 0;
	seen[fn] |= 1u << param;
	in = xcalloc((size_t)ff->ncalls, sizeof(unsigned));
	entry_contexts(cg, fn, ctx, in);
	for (int i = 0; i < ff->ncalls && !found; i++) {
		int call = ff->first_call + i;
		const struct call_fact *c = &m->calls.v[call];

		if (!(in[i] & CTX_ATOMIC_MASK) || !c->reached ||
		    cg->invariant[call])
			continue;
		path[depth] = call;
		if (c->is_alloc && mask_forwards(m, &c->flags, param)) {
			found = depth + 1;
			break;
		}
		for (int a = 0; a < c->nargs && !found; a++) {
			const struct call_arg *arg =
				&m->args.v[c->first_arg + a];

			if (arg->kind != ARG_GFP ||
			    !mask_forwards(m, &arg->gfp, param))
				continue;
			if (callgraph_external_gfp_call(cg, call)) {
				found = depth + 1;
				break;
			}
			for (int e = 0; e < cg->call_nedges[call] && !found;
			     e++) {
				int callee =
					cg->edges
						.v[cg->call_first_edge[call] + e]
						.callee;

				if (arg->index < 32 && (cg->fwd_params[callee] &
							(1u << arg->index)))
					found = fwd_path(cg, callee, arg->index,
							 in[i], path, depth + 1,
							 seen);
			}
		}
	}
	free(in);
	return found;
}

bool callgraph_fwd_atomic(const struct callgraph *cg, int fn, int param,
			  unsigned ctx, struct finding *f)
{
	const struct model *m = cg->m;
	unsigned *seen = xcalloc(m->fns.n + 1, sizeof(unsigned));
	int path[CG_FWD_DEPTH];
	int n = fwd_path(cg, fn, param, ctx, path, 0, seen);

	free(seen);
	for (int i = 0; f && i < n; i++) {
		const struct call_fact *c = &m->calls.v[path[i]];

		if (c->is_alloc)
			step(cg, f, path[i],
			     "%s allocates with the caller's mask%s",
			     c->text ? c->text : c->callee, "");
		else if (callgraph_external_gfp_call(cg, path[i]))
			step(cg, f, path[i], "passes the mask on to %s()%s",
			     c->callee, ", which may allocate with it");
		else
			step(cg, f, path[i], "passes the mask on to %s()%s",
			     c->callee ? c->callee : "?", "");
	}
	return n > 0;
}
