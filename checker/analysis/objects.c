// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE /* qsort_r() */
#include "objects.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Rounds after which sets that still grow are all taken as unknown */
#define OBJSET_ROUNDS 256

/* Where parameter `param` of fn has its set, when the sets of each
 * function's parameters of `params` are kept in a row from first[fn]; -1
 * if it has none */
static int param_slot(const int *first, const unsigned *params, int fn,
		      int param)
{
	unsigned bits = params[fn];

	if (param < 0 || param >= 32 || first[fn] < 0 ||
	    !(bits & (1u << param)))
		return -1;
	return first[fn] + __builtin_popcount(bits & ((1u << param) - 1));
}

static struct objset *set_of(const struct param_objects *po, int fn, int param)
{
	int k = param_slot(po->first, po->params, fn, param);

	return k < 0 ? NULL : &po->sets.v[k];
}

static bool set_unknown(struct objset *s)
{
	if (s->unknown)
		return false;
	s->unknown = true;
	return true;
}

static bool add_object(struct objset *s, const char *object)
{
	if (s->unknown)
		return false;
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->obj[i], object) == 0)
			return false;
	if (s->n == OBJSET_MAX)
		return set_unknown(s);
	s->obj[s->n++] = object;
	return true;
}

static bool join(struct objset *s, const struct objset *from)
{
	bool changed = false;

	if (!from || from->unknown)
		return set_unknown(s);
	for (int i = 0; i < from->n; i++)
		changed |= add_object(s, from->obj[i]);
	return changed;
}

/* What the argument of call c at `index` adds to the callee's set */
static bool add_argument(struct param_objects *po, const struct model *m,
			 const struct call_fact *c, int index, struct objset *s)
{
	const struct call_arg *addr = NULL;
	bool null = false;
	int param = -1;

	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &m->args.v[c->first_arg + a];

		if (arg->index != index)
			continue;
		if (arg->kind == ARG_ADDR && arg->object)
			addr = arg;
		else if (param_passed(arg, NULL) >= 0)
			param = param_passed(arg, NULL);
		else if (arg->kind == ARG_CONST && arg->object &&
			 strcmp(arg->object, "0") == 0)
			null = true;
	}
	if (addr)
		return add_object(s, addr->object);
	if (param >= 0)
		return join(s, set_of(po, c->fn, param));
	return null ? false : set_unknown(s);
}

static void mark_key(const struct model *m, const char *key, bool *marked)
{
	for (int k = key ? model_find(m, key) : -1; k >= 0;
	     k = model_next_with_key(m, k))
		marked[k] = true;
}

/* Is argument `index` of call c a parameter of `closed` of every function
 * the call may enter? */
static bool closed_at(const struct model *m, const unsigned *closed,
		      const struct call_fact *c, int index)
{
	if (c->callee_fn < 0 || index < 0 || index >= 32)
		return false;
	for (int k = c->callee_fn; k >= 0; k = model_next_with_key(m, k))
		if (!(closed[k] & (1u << index)))
			return false;
	return true;
}

/* The parameters of each function that hold callbacks only
 * (function_fact.callback_params) and pass them on only to parameters of
 * the same kind of functions of the tree: a function given for one is
 * entered only from the calls through them */
static unsigned *closed_callback_params(const struct model *m)
{
	unsigned *closed = xcalloc(m->fns.n + 1, sizeof(unsigned));
	bool changed = true;

	for (size_t i = 0; i < m->fns.n; i++)
		closed[i] = m->fns.v[i].callback_params;
	while (changed) {
		changed = false;
		for (size_t i = 0; i < m->calls.n; i++) {
			const struct call_fact *c = &m->calls.v[i];

			for (int a = 0; a < c->nargs; a++) {
				const struct call_arg *arg =
					&m->args.v[c->first_arg + a];
				int src = param_passed(arg, NULL);

				if (src < 0 || !(closed[c->fn] & (1u << src)) ||
				    closed_at(m, closed, c, arg->index))
					continue;
				closed[c->fn] &= ~(1u << src);
				changed = true;
			}
		}
	}
	return closed;
}

struct callback_walk {
	const struct model *m;
	int fn; /* the function handed in */
	VEC(int) seen; /* fn * 32 + param, walked already */
	struct param_objects *po;
};

/* The calls through parameter `param` of function fn, and of the
 * parameters it passes it on to: callers of w->fn */
static void callback_calls(struct callback_walk *w, int fn, int param)
{
	const struct model *m = w->m;
	const struct function_fact *f = &m->fns.v[fn];

	for (size_t i = 0; i < w->seen.n; i++)
		if (w->seen.v[i] == fn * 32 + param)
			return;
	VEC_PUSH(w->seen, fn * 32 + param);
	for (int i = f->first_call; i < f->first_call + f->ncalls; i++) {
		const struct call_fact *c = &m->calls.v[i];

		if (!c->callee_key && c->via &&
		    param_ref(c->via, NULL) == param)
			VEC_PUSH(w->po->indirect_calls,
				 ((struct indirect_call){ i, w->fn }));
		for (int a = 0; c->callee_key && a < c->nargs; a++) {
			const struct call_arg *arg =
				&m->args.v[c->first_arg + a];

			if (param_passed(arg, NULL) != param)
				continue;
			for (int k = c->callee_fn; k >= 0;
			     k = model_next_with_key(m, k))
				callback_calls(w, k, arg->index);
		}
	}
}

/* Functions handed only to closed callback parameters
 * (closed_callback_params()), never stored: their callers are the calls
 * through those parameters (po->indirect_calls).  `passed`: the function
 * is handed to some other parameter, so entered from where it went. */
static void find_callback_calls(struct param_objects *po, const struct model *m,
				bool *passed)
{
	unsigned *closed = closed_callback_params(m);
	struct callback_walk w = { .m = m, .po = po };

	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];

		for (int a = 0; a < c->nargs; a++) {
			const struct call_arg *arg =
				&m->args.v[c->first_arg + a];

			if (arg->kind == ARG_FUNCTION &&
			    !closed_at(m, closed, c, arg->index))
				mark_key(m, arg->fn_key, passed);
		}
	}
	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];

		for (int a = 0; a < c->nargs; a++) {
			const struct call_arg *arg =
				&m->args.v[c->first_arg + a];
			int f = arg->kind == ARG_FUNCTION ?
					model_find(m, arg->fn_key) :
					-1;

			if (f < 0 || passed[f])
				continue;
			w.fn = f;
			w.seen.n = 0;
			for (int k = c->callee_fn; k >= 0;
			     k = model_next_with_key(m, k))
				callback_calls(&w, k, arg->index);
		}
	}
	VEC_FREE(w.seen);
	free(closed);
}

/* The function-pointer fields some function of the tree reads other
 * than to call through, test or store into (function_fact.read_fields):
 * what they hold may be called from anywhere */
static void read_fields(const struct model *m, struct strmap *read,
			char ***keys, size_t *nkeys)
{
	size_t cap = 0;

	*keys = NULL;
	*nkeys = 0;
	for (size_t i = 0; i < m->fns.n; i++)
		for (const char *f = m->fns.v[i].read_fields; f && *f;) {
			size_t len = strcspn(f, ";");

			if (*nkeys == cap) {
				cap = cap * 2 + 16;
				*keys = xrealloc(*keys, cap * sizeof(char *));
			}
			(*keys)[*nkeys] = xstrndup(f, len);
			strmap_put(read, (*keys)[(*nkeys)++], 1);
			f += len + (f[len] == ';');
		}
}

static int cmp_field_key(const void *a, const void *b, void *data)
{
	const struct model *m = data;
	const struct fnptr_fact *x = &m->fnptrs.v[*(const int *)a],
				*y = &m->fnptrs.v[*(const int *)b];
	int c = strcmp(x->field, y->field);

	return c ? c : strcmp(x->fn_key, y->fn_key);
}

/* The calls through a struct field that enter each function stored in
 * it (po->indirect_calls), for the functions stored only in fields no
 * function reads: their other stores are marked `unseen` */
static void find_field_calls(struct param_objects *po, const struct model *m,
			     bool *unseen)
{
	struct strmap read = { 0 };
	int *by_field = xmalloc(sizeof(int) * (m->fnptrs.n + 1));
	size_t nkeys, n = m->fnptrs.n;
	char **keys;

	read_fields(m, &read, &keys, &nkeys);
	for (size_t i = 0; i < n; i++) {
		by_field[i] = (int)i;
		if (strmap_get(&read, m->fnptrs.v[i].field, 0))
			mark_key(m, m->fnptrs.v[i].fn_key, unseen);
	}
	qsort_r(by_field, n, sizeof(int), cmp_field_key, (void *)m);
	for (size_t i = 0; i < m->calls.n; i++) {
		const char *via = m->calls.v[i].via;
		size_t lo = 0, hi = n;

		if (!via || strncmp(via, "param:", 6) == 0 ||
		    strmap_get(&read, via, 0))
			continue;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (strcmp(m->fnptrs.v[by_field[mid]].field, via) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < n &&
		       strcmp(m->fnptrs.v[by_field[lo]].field, via) == 0;
		     lo++) {
			const char *key = m->fnptrs.v[by_field[lo]].fn_key;
			int f = model_find(m, key);

			if (f >= 0 &&
			    (lo == 0 ||
			     strcmp(m->fnptrs.v[by_field[lo - 1]].fn_key,
				    key) != 0 ||
			     strcmp(m->fnptrs.v[by_field[lo - 1]].field, via) !=
				     0))
				VEC_PUSH(po->indirect_calls,
					 ((struct indirect_call){ (int)i, f }));
		}
	}
	for (size_t i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	strmap_free(&read);
	free(by_field);
}

/* Functions entered other than by a call seen in the tree: their address
 * is stored in a field some function reads (find_field_calls()), or
 * passed where it may go anywhere (find_callback_calls()), or goes into a
 * variable, an array or a return value (model.escaped_fns), or no call
 * of the tree names them, directly, through a callback parameter or
 * through a field */
static bool *entered_unseen(struct param_objects *po, const struct model *m)
{
	bool *unseen = xcalloc(m->fns.n + 1, sizeof(bool)),
	     *called = xcalloc(m->fns.n + 1, sizeof(bool));

	find_field_calls(po, m, unseen);
	find_callback_calls(po, m, unseen);
	for (size_t i = 0; i < m->calls.n; i++)
		for (int k = m->calls.v[i].callee_fn; k >= 0;
		     k = model_next_with_key(m, k))
			called[k] = true;
	for (size_t i = 0; i < po->indirect_calls.n; i++)
		for (int k = po->indirect_calls.v[i].fn; k >= 0;
		     k = model_next_with_key(m, k))
			called[k] = true;
	for (size_t i = 0; i < m->fns.n; i++)
		unseen[i] |= !called[i] ||
			     strset_has(m->escaped_fns, m->fns.v[i].key);
	free(called);
	return unseen;
}

static int cmp_store(const void *a, const void *b, void *data)
{
	const struct model *m = data;
	const struct fnptr_fact *x = &m->fnptrs.v[*(const int *)a],
				*y = &m->fnptrs.v[*(const int *)b];
	int c = strcmp(x->object, y->object);

	return c ? c : strcmp(x->field, y->field);
}

static void index_stores(struct param_objects *po, const struct model *m)
{
	po->stores = xmalloc(sizeof(int) * (m->fnptrs.n + 1));
	for (size_t i = 0; i < m->fnptrs.n; i++)
		if (m->fnptrs.v[i].object &&
		    strncmp(m->fnptrs.v[i].object, "var:", 4) == 0)
			po->stores[po->nstores++] = (int)i;
	qsort_r(po->stores, po->nstores, sizeof(int), cmp_store, (void *)m);
}

static char *bound_text(const struct objset *s)
{
	size_t len = 5;
	char *t;

	if (s->unknown || s->n == 0)
		return NULL;
	if (s->n == 1)
		return xstrdup(s->obj[0]);
	for (int i = 0; i < s->n; i++)
		len += strlen(s->obj[i]) + 1;
	t = xmalloc(len);
	strcpy(t, "set:");
	for (int i = 0; i < s->n; i++) {
		strcat(t, s->obj[i]);
		if (i + 1 < s->n)
			strcat(t, "\n");
	}
	return t;
}

/* What call c adds to the sets of the functions of fn's key it enters */
static bool add_call(struct param_objects *po, const struct model *m,
		     const struct call_fact *c, int fn)
{
	bool changed = false;

	for (int k = fn; k >= 0; k = model_next_with_key(m, k))
		for (int p = 0; p < 32 && (po->params[k] >> p); p++) {
			struct objset *s = set_of(po, k, p);

			if (s && !s->unknown)
				changed |= add_argument(po, m, c, p, s);
		}
	return changed;
}

void param_objects_build(struct param_objects *po, const struct model *m,
			 const unsigned *params)
{
	bool *unseen, changed = true;

	memset(po, 0, sizeof(*po));
	po->params = params;
	po->first = xmalloc(sizeof(int) * (m->fns.n + 1));
	for (size_t i = 0; i < m->fns.n; i++) {
		int n = __builtin_popcount(params[i]);

		po->first[i] = n ? (int)po->sets.n : -1;
		for (int k = 0; k < n; k++)
			VEC_PUSH(po->sets, ((struct objset){ 0 }));
	}
	index_stores(po, m);
	unseen = po->unseen = entered_unseen(po, m);
	for (size_t i = 0; i < m->fns.n; i++)
		for (int p = 0; unseen[i] && p < 32; p++)
			if (set_of(po, (int)i, p))
				set_of(po, (int)i, p)->unknown = true;
	for (po->rounds = 0; changed && po->rounds < OBJSET_ROUNDS;
	     po->rounds++) {
		changed = false;
		for (size_t i = 0; i < m->calls.n; i++)
			changed |= add_call(po, m, &m->calls.v[i],
					    m->calls.v[i].callee_fn);
		for (size_t i = 0; i < po->indirect_calls.n; i++)
			changed |= add_call(
				po, m,
				&m->calls.v[po->indirect_calls.v[i].call],
				po->indirect_calls.v[i].fn);
	}
	for (size_t i = 0; i < po->sets.n; i++) {
		struct objset *s = &po->sets.v[i];

		if (changed) /* not settled: none can be trusted */
			s->unknown = true;
		s->bound = bound_text(s);
		po->known += s->bound != NULL;
	}
}

void param_objects_free(struct param_objects *po)
{
	for (size_t i = 0; i < po->sets.n; i++)
		free(po->sets.v[i].bound);
	VEC_FREE(po->sets);
	VEC_FREE(po->indirect_calls);
	free(po->first);
	free(po->stores);
	free(po->unseen);
	memset(po, 0, sizeof(*po));
}

const char *param_objects_bound(const struct param_objects *po, int fn,
				int param)
{
	const struct objset *s = po->first ? set_of(po, fn, param) : NULL;

	return s ? s->bound : NULL;
}

/* The stores into field `field` of object `object` (len bytes of it):
 * whether there is one, and one of function `key` */
static bool object_stores(const struct param_objects *po, const struct model *m,
			  const char *object, size_t len, const char *field,
			  const char *key, bool *some)
{
	size_t lo = 0, hi = po->nstores;

	*some = false;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct fnptr_fact *p = &m->fnptrs.v[po->stores[mid]];
		int c = strncmp(p->object, object, len);

		if (c == 0 && p->object[len])
			c = 1;
		if (c == 0)
			c = strcmp(p->field, field);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < po->nstores; lo++) {
		const struct fnptr_fact *p = &m->fnptrs.v[po->stores[lo]];

		if (strncmp(p->object, object, len) != 0 || p->object[len] ||
		    strcmp(p->field, field) != 0)
			break;
		*some = true;
		if (strcmp(p->fn_key, key) == 0)
			return true;
	}
	return false;
}

bool bound_stores(const struct param_objects *po, const struct model *m,
		  const char *bound, const char *field, const char *key,
		  bool *every)
{
	bool stored = false, some;

	*every = true;
	if (strncmp(bound, "set:", 4) != 0) {
		stored = object_stores(po, m, bound, strlen(bound), field, key,
				       every);
		return stored;
	}
	for (const char *o = bound + 4; *o;) {
		size_t len = strcspn(o, "\n");

		stored |= object_stores(po, m, o, len, field, key, &some);
		*every &= some;
		o += len + (o[len] == '\n');
	}
	return stored;
}

/* ---- field truths every entering call gives (param_fields) ---- */

/* Rounds after which facts that still shrink are all dropped */
#define FIELDSET_ROUNDS 256

static struct fieldset *fieldset_of(const struct param_fields *pf, int fn,
				    int param)
{
	int k = param_slot(pf->first, pf->params, fn, param);

	return k < 0 ? NULL : &pf->sets.v[k];
}

/* The functions each reached call enters (objects.h): directly, and
 * through po->indirect_calls; built once, as ranges of `fns` by `first`
 * (one more entry than calls; an unreached call's range is empty).  A
 * function's calls are consecutive, so what its reached calls enter is
 * one range too (entered_by()). */
struct entering {
	const struct model *m;
	const struct param_objects *po;
	int *first, *fns;
	VEC(int)
	work; /* the functions find_live() or find_boot_only()
			* still has to follow */
};

static void entering_build(struct entering *en, const struct model *m,
			   const struct param_objects *po)
{
	VEC(int) *through = xcalloc(m->calls.n + 1, sizeof(*through));
	VEC(int) fns = { 0 };

	en->m = m;
	en->po = po;
	en->first = xmalloc(sizeof(int) * (m->calls.n + 1));
	for (size_t i = 0; i < po->indirect_calls.n; i++)
		VEC_PUSH(through[po->indirect_calls.v[i].call], (int)i);
	for (size_t i = 0; i < m->calls.n; i++) {
		en->first[i] = (int)fns.n;
		for (int k = m->calls.v[i].callee_fn;
		     m->calls.v[i].reached && k >= 0;
		     k = model_next_with_key(m, k))
			VEC_PUSH(fns, k);
		for (size_t j = 0; m->calls.v[i].reached && j < through[i].n;
		     j++)
			for (int k = po->indirect_calls.v[through[i].v[j]].fn;
			     k >= 0; k = model_next_with_key(m, k))
				VEC_PUSH(fns, k);
		VEC_FREE(through[i]);
	}
	en->first[m->calls.n] = (int)fns.n;
	en->fns = fns.v;
	free(through);
}

static void entering_free(struct entering *en)
{
	free(en->first);
	free(en->fns);
	VEC_FREE(en->work);
}

/* The range of en->fns that the reached calls of function fn enter */
static void entered_by(const struct entering *en, int fn, int *lo, int *hi)
{
	const struct function_fact *f = &en->m->fns.v[fn];

	*lo = *hi = 0;
	if (f->first_call < 0)
		return;
	*lo = en->first[f->first_call];
	*hi = en->first[f->first_call + f->ncalls];
}

/* Live: entered unseen, or by a reached call of a live function (a least
 * fixpoint from the functions entered unseen, by a worklist) */
static void find_live(struct param_fields *pf, struct entering *en)
{
	const struct model *m = en->m;
	int lo, hi;

	en->work.n = 0;
	for (size_t i = 0; i < m->fns.n; i++)
		if ((pf->live[i] = en->po->unseen[i]))
			VEC_PUSH(en->work, (int)i);
	while (en->work.n) {
		entered_by(en, en->work.v[--en->work.n], &lo, &hi);
		for (int k = lo; k < hi; k++) {
			if (pf->live[en->fns[k]])
				continue;
			pf->live[en->fns[k]] = true;
			VEC_PUSH(en->work, en->fns[k]);
		}
	}
}

/* Boot-only: listed `noreclaim`, or live, not entered unseen, and entered
 * only by reached calls of boot-only functions (a greatest fixpoint:
 * every candidate is one until a call from a live function that is not
 * enters it; a worklist from those, which never clears a listed one) */
static void find_boot_only(struct param_fields *pf, struct entering *en)
{
	const struct model *m = en->m;
	bool *listed = xcalloc(m->fns.n + 1, sizeof(bool));
	int lo, hi;

	for (size_t i = 0; i < m->fns.n; i++) {
		listed[i] =
			rules_named(m->rules, "noreclaim", m->fns.v[i].name);
		pf->boot_only[i] = listed[i] ||
				   (pf->live[i] && !en->po->unseen[i]);
	}
	en->work.n = 0;
	for (size_t i = 0; i < m->fns.n; i++)
		if (pf->live[i] && !pf->boot_only[i])
			VEC_PUSH(en->work, (int)i);
	while (en->work.n) {
		entered_by(en, en->work.v[--en->work.n], &lo, &hi);
		for (int k = lo; k < hi; k++) {
			int g = en->fns[k];

			if (!pf->boot_only[g] || listed[g])
				continue;
			pf->boot_only[g] = false;
			VEC_PUSH(en->work, g);
		}
	}
	free(listed);
}

static bool has_fact(const struct fieldset *s, const char *fact)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->fact[i], fact) == 0)
			return true;
	return false;
}

/* The facts argument `index` of call c gives: into *out (top if a set it
 * takes them from is still top) */
static void argument_facts(const struct param_fields *pf, const struct model *m,
			   const struct call_fact *c, int index,
			   struct fieldset *out)
{
	memset(out, 0, sizeof(*out));
	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &m->args.v[c->first_arg + a];
		const struct fieldset *from;
		const char *written = NULL;
		int src;

		if (arg->index != index)
			continue;
		if (arg->kind == ARG_FIELD && arg->object &&
		    strchr(arg->object, '=') && !strchr(arg->object, '&')) {
			if (out->n < FIELDSET_MAX &&
			    !has_fact(out, arg->object))
				out->fact[out->n++] = arg->object;
			continue;
		}
		src = param_passed(arg, NULL);
		if (src < 0)
			src = param_copy(arg, &written);
		if (src < 0 || !(from = fieldset_of(pf, c->fn, src)))
			continue;
		if (from->top) {
			out->top = true;
			continue;
		}
		for (int i = 0; i < from->n; i++)
			if (out->n < FIELDSET_MAX &&
			    (!written ||
			     copy_keeps(written, from->fact[i],
					strcspn(from->fact[i], "="))) &&
			    !has_fact(out, from->fact[i]))
				out->fact[out->n++] = from->fact[i];
	}
}

/* s becomes what s and what the call gives have alike */
static bool meet(struct fieldset *s, const struct fieldset *given)
{
	int kept = 0;

	if (given->top)
		return false;
	if (s->top) {
		*s = *given;
		return true;
	}
	for (int i = 0; i < s->n; i++)
		if (has_fact(given, s->fact[i]))
			s->fact[kept++] = s->fact[i];
	if (kept == s->n)
		return false;
	s->n = kept;
	return true;
}

void param_fields_build(struct param_fields *pf, const struct model *m,
			const struct param_objects *po, const unsigned *params)
{
	struct entering en = { 0 };
	bool changed = true;

	memset(pf, 0, sizeof(*pf));
	pf->params = params;
	pf->first = xmalloc(sizeof(int) * (m->fns.n + 1));
	pf->live = xcalloc(m->fns.n + 1, sizeof(bool));
	pf->boot_only = xcalloc(m->fns.n + 1, sizeof(bool));
	entering_build(&en, m, po);
	find_live(pf, &en);
	find_boot_only(pf, &en);
	for (size_t i = 0; i < m->fns.n; i++) {
		int n = __builtin_popcount(params[i]);
		/* nothing is known of a function entered unseen, nor of one
		 * only boot-time code enters (its facts are not needed) */
		bool top = pf->live[i] && !po->unseen[i] && !pf->boot_only[i];

		pf->first[i] = n ? (int)pf->sets.n : -1;
		for (int k = 0; k < n; k++)
			VEC_PUSH(pf->sets, ((struct fieldset){ .top = top }));
	}
	for (int round = 0; changed; round++) {
		changed = false;
		if (round == FIELDSET_ROUNDS) {
			/* not settled: none can be trusted */
			for (size_t i = 0; i < pf->sets.n; i++)
				pf->sets.v[i] = (struct fieldset){ 0 };
			break;
		}
		for (size_t i = 0; i < m->calls.n; i++) {
			const struct call_fact *c = &m->calls.v[i];

			if (!c->reached || !pf->live[c->fn] ||
			    pf->boot_only[c->fn])
				continue;
			for (int k = en.first[i]; k < en.first[i + 1]; k++)
				for (int p = 0;
				     p < 32 && (params[en.fns[k]] >> p); p++) {
					struct fieldset *s =
						fieldset_of(pf, en.fns[k], p);
					struct fieldset given;

					if (!s || (!s->top && !s->n))
						continue;
					argument_facts(pf, m, c, p, &given);
					changed |= meet(s, &given);
				}
		}
	}
	for (size_t i = 0; i < pf->sets.n; i++) {
		struct fieldset *s = &pf->sets.v[i];

		if (s->top) /* entered by no counted call */
			s->top = false, s->n = 0;
		pf->known += s->n > 0;
	}
	entering_free(&en);
}

void param_fields_free(struct param_fields *pf)
{
	VEC_FREE(pf->sets);
	free(pf->first);
	free(pf->live);
	free(pf->boot_only);
	memset(pf, 0, sizeof(*pf));
}

const struct fieldset *param_fields_of(const struct param_fields *pf, int fn,
				       int param)
{
	const struct fieldset *s = pf->first ? fieldset_of(pf, fn, param) :
					       NULL;

	return s && s->n ? s : NULL;
}
