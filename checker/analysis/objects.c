// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE /* qsort_r() */
#include "objects.h"

#include <stdlib.h>
#include <string.h>

/* Rounds after which sets that still grow are all taken as unknown */
#define OBJSET_ROUNDS 256

static struct objset *set_of(const struct param_objects *po, int fn, int param)
{
	unsigned bits = po->params[fn];

	if (param < 0 || param >= 32 || po->first[fn] < 0 ||
	    !(bits & (1u << param)))
		return NULL;
	return &po->sets.v[po->first[fn] +
			   __builtin_popcount(bits & ((1u << param) - 1))];
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
	const struct call_arg *addr = NULL, *param = NULL;
	bool null = false;

	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &m->args.v[c->first_arg + a];

		if (arg->index != index)
			continue;
		if (arg->kind == ARG_ADDR && arg->object)
			addr = arg;
		else if (arg->kind == ARG_PARAM && arg->object &&
			 *arg->object != '!')
			param = arg;
		else if (arg->kind == ARG_CONST && arg->object &&
			 strcmp(arg->object, "0") == 0)
			null = true;
	}
	if (addr)
		return add_object(s, addr->object);
	if (param)
		return join(s, set_of(po, c->fn, atoi(param->object)));
	return null ? false : set_unknown(s);
}

static void mark_key(const struct model *m, const char *key, bool *marked)
{
	for (int k = key ? model_find(m, key) : -1; k >= 0;
	     k = model_next_with_key(m, k))
		marked[k] = true;
}

/* Functions entered other than by a direct call seen in the tree: their
 * address is stored or passed, or no call of the tree names them */
static bool *entered_unseen(const struct model *m)
{
	bool *unseen = xcalloc(m->fns.n + 1, sizeof(bool)),
	     *called = xcalloc(m->fns.n + 1, sizeof(bool));

	for (size_t i = 0; i < m->fnptrs.n; i++)
		mark_key(m, m->fnptrs.v[i].fn_key, unseen);
	for (size_t i = 0; i < m->args.n; i++)
		if (m->args.v[i].kind == ARG_FUNCTION)
			mark_key(m, m->args.v[i].fn_key, unseen);
	for (size_t i = 0; i < m->calls.n; i++)
		for (int k = m->calls.v[i].callee_fn; k >= 0;
		     k = model_next_with_key(m, k))
			called[k] = true;
	for (size_t i = 0; i < m->fns.n; i++)
		unseen[i] |= !called[i];
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
	unseen = entered_unseen(m);
	for (size_t i = 0; i < m->fns.n; i++)
		for (int p = 0; unseen[i] && p < 32; p++)
			if (set_of(po, (int)i, p))
				set_of(po, (int)i, p)->unknown = true;
	free(unseen);
	for (po->rounds = 0; changed && po->rounds < OBJSET_ROUNDS;
	     po->rounds++) {
		changed = false;
		for (size_t i = 0; i < m->calls.n; i++) {
			const struct call_fact *c = &m->calls.v[i];

			for (int k = c->callee_fn; k >= 0;
			     k = model_next_with_key(m, k))
				for (int p = 0; p < 32 && (params[k] >> p);
				     p++) {
					struct objset *s = set_of(po, k, p);

					if (s && !s->unknown)
						changed |= add_argument(
							po, m, c, p, s);
				}
		}
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
	free(po->first);
	free(po->stores);
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
