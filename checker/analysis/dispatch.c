// SPDX-License-Identifier: GPL-2.0
/* Methods and the tables they were found through: see dispatch.h */
#include <stdlib.h>
#include <string.h>

#include "dispatch.h"
#include "util.h"

static const struct model *sort_model;

static const char *call_via(int i)
{
	return sort_model->calls.v[i].via;
}

static int cmp_call_via(const void *a, const void *b)
{
	return strcmp(call_via(*(const int *)a), call_via(*(const int *)b));
}

static int cmp_store_key(const void *a, const void *b)
{
	const struct fnptr_fact *x = &sort_model->fnptrs.v[*(const int *)a];
	const struct fnptr_fact *y = &sort_model->fnptrs.v[*(const int *)b];

	return strcmp(x->fn_key, y->fn_key);
}

/* Calls through a struct field, not through a callback parameter */
static bool through_field(const struct call_fact *c)
{
	return !c->callee_key && c->via && strncmp(c->via, "param:", 6) != 0;
}

/* field -> the receiver every call through it gives ("K.f"), as the index
 * of one such call; fields whose calls disagree or name none are left out */
static void agreeing_fields(const struct model *m, struct strmap *agree)
{
	int *calls = xmalloc(sizeof(int) * (m->calls.n + 1));
	size_t n = 0;

	for (size_t i = 0; i < m->calls.n; i++)
		if (through_field(&m->calls.v[i]))
			calls[n++] = (int)i;
	qsort(calls, n, sizeof(int), cmp_call_via);
	for (size_t k = 0; k < n;) {
		const char *via = call_via(calls[k]),
			   *receiver = m->calls.v[calls[k]].receiver;
		bool same = receiver != NULL;
		size_t end = k;

		for (; end < n && strcmp(call_via(calls[end]), via) == 0;
		     end++) {
			const char *r = m->calls.v[calls[end]].receiver;

			same = same && r && strcmp(r, receiver) == 0;
		}
		if (same)
			strmap_put(agree, via, calls[k]);
		k = end;
	}
	free(calls);
}

/* Function keys used as values other than stored in a field: called by
 * name, or passed as an argument */
static void other_uses(const struct model *m, struct strmap *used)
{
	for (size_t i = 0; i < m->calls.n; i++)
		if (m->calls.v[i].callee_key)
			strmap_put(used, m->calls.v[i].callee_key, 1);
	for (size_t i = 0; i < m->args.n; i++)
		if (m->args.v[i].kind == ARG_FUNCTION && m->args.v[i].fn_key)
			strmap_put(used, m->args.v[i].fn_key, 1);
}

/* The stores [k, end) of one function key: all into one field of
 * named tables? */
static bool one_field_of_tables(const struct model *m, const int *stores,
				size_t k, size_t end)
{
	const char *field = m->fnptrs.v[stores[k]].field;

	for (size_t i = k; i < end; i++) {
		const struct fnptr_fact *p = &m->fnptrs.v[stores[i]];

		if (strcmp(p->field, field) != 0 || !p->object ||
		    strncmp(p->object, "var:", 4) != 0)
			return false;
	}
	return true;
}

void dispatch_build(struct dispatch *d, const struct model *m)
{
	struct strmap agree = { 0 }, used = { 0 };
	size_t nfns = m->fns.n, n = m->fnptrs.n;

	d->param = xmalloc(nfns + 1);
	d->field = xcalloc(nfns + 1, sizeof(char *));
	d->via = xcalloc(nfns + 1, sizeof(char *));
	d->first = xcalloc(nfns + 1, sizeof(int));
	d->n = xcalloc(nfns + 1, sizeof(int));
	d->stores = xmalloc(sizeof(int) * (n + 1));
	d->found = 0;
	memset(d->param, -1, nfns + 1);
	sort_model = m;
	agreeing_fields(m, &agree);
	other_uses(m, &used);
	for (size_t i = 0; i < n; i++)
		d->stores[i] = (int)i;
	qsort(d->stores, n, sizeof(int), cmp_store_key);
	for (size_t k = 0; k < n;) {
		const struct fnptr_fact *p = &m->fnptrs.v[d->stores[k]];
		size_t end = k;
		int64_t call;
		const char *receiver, *dot;

		while (end < n && strcmp(m->fnptrs.v[d->stores[end]].fn_key,
					 p->fn_key) == 0)
			end++;
		call = strmap_get(&agree, p->field, -1);
		receiver = call >= 0 ? m->calls.v[call].receiver : NULL;
		dot = receiver ? strchr(receiver, '.') : NULL;
		if (dot && atoi(receiver) < 32 &&
		    strmap_get(&used, p->fn_key, 0) == 0 &&
		    one_field_of_tables(m, d->stores, k, end)) {
			for (int f = model_find(m, p->fn_key); f >= 0;
			     f = model_next_with_key(m, f)) {
				d->param[f] = (signed char)atoi(receiver);
				d->field[f] = dot + 1;
				d->via[f] = p->field;
				d->first[f] = (int)k;
				d->n[f] = (int)(end - k);
				d->found++;
			}
		}
		k = end;
	}
	strmap_free(&agree);
	strmap_free(&used);
}

void dispatch_free(struct dispatch *d)
{
	free(d->param);
	free(d->field);
	free(d->via);
	free(d->first);
	free(d->n);
	free(d->stores);
}

bool dispatch_table(const struct dispatch *d, const struct model *m, int fn,
		    const char *object)
{
	for (int i = d->first[fn];
	     d->param[fn] >= 0 && i < d->first[fn] + d->n[fn]; i++)
		if (strcmp(m->fnptrs.v[d->stores[i]].object, object) == 0)
			return true;
	return false;
}
