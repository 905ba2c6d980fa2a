// SPDX-License-Identifier: GPL-2.0
#include "chains.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A function that registers (binds an entry to a head) or calls a chain:
 * a rule's function, by name, or an inferred wrapper, by key.  Each end is
 * the function's parameter (>= 0) or a fixed object path. */
struct role {
	const char *name; /* a rule's function, or NULL */
	const char *key; /* a wrapper's function key, or NULL */
	bool is_call;
	int head_param;
	const char *head_path;
	int entry_param; /* registrations only */
	const char *entry_path;
	const char *field;
	const struct named_rule *rule;
};

struct binding {
	const char *head, *entry, *field;
	int reg_call;
	const char *file; /* where the registration is made */
	VEC(int) stores; /* fnptrs holding its callbacks */
};

struct site {
	int call;
	const char *head;
	const struct role *role;
};

struct role_ix {
	const char *s;
	int role;
};

struct resolver {
	const struct model *m;
	VEC(struct role) roles;
	VEC(struct role_ix) ix;
	struct strset *seen;
	VEC(int) candidates; /* calls passing a chain-type object */
	VEC(struct binding) bindings;
	VEC(struct site) sites;
};

static int param_of(const char *path)
{
	const char *rest;

	return param_ref(path, &rest);
}

static bool is_type_path(const char *p)
{
	return !strchr(p, '.') && strncmp(p, "var:", 4) != 0 && param_of(p) < 0;
}

const char *chains_head_name(const char *path)
{
	const char *hash;

	if (strncmp(path, "var:", 4) != 0)
		return path;
	hash = strrchr(path, '#');
	return hash ? hash + 1 : path + 4;
}

bool chains_field(const struct model *m, const char *field)
{
	return field && rules_named(m->rules, "chain", field) != NULL;
}

const char *chains_arg(const struct model *m, const struct call_fact *c,
		       int idx, int kind)
{
	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &m->args.v[c->first_arg + a];

		if (arg->index == idx && (int)arg->kind == kind)
			return call_arg_text(arg);
	}
	return NULL;
}

static const char *arg_object(const struct model *m, const struct call_fact *c,
			      int idx)
{
	return chains_arg(m, c, idx, ARG_OBJECT);
}

static int cmp_ix(const void *a, const void *b)
{
	return strcmp(((const struct role_ix *)a)->s,
		      ((const struct role_ix *)b)->s);
}

static void index_roles(struct resolver *r)
{
	r->ix.n = 0;
	for (size_t i = 0; i < r->roles.n; i++) {
		struct role_ix e = { r->roles.v[i].name ? r->roles.v[i].name :
							  r->roles.v[i].key,
				     (int)i };

		VEC_PUSH(r->ix, e);
	}
	if (r->ix.n)
		qsort(r->ix.v, r->ix.n, sizeof(r->ix.v[0]), cmp_ix);
}

/* First index entry for s, or ix.n */
static size_t ix_lower(const struct resolver *r, const char *s)
{
	size_t lo = 0, hi = r->ix.n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(r->ix.v[mid].s, s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void add_role(struct resolver *r, struct role ro)
{
	char *sig = xasprintf("%s|%s|%d|%d|%s|%d|%s|%s", ro.name ? ro.name : "",
			      ro.key ? ro.key : "", ro.is_call, ro.head_param,
			      ro.head_path ? ro.head_path : "", ro.entry_param,
			      ro.entry_path ? ro.entry_path : "", ro.field);

	if (strset_add(r->seen, sig))
		VEC_PUSH(r->roles, ro);
	free(sig);
}

static void rule_roles(struct resolver *r)
{
	const struct named_rule *rules[512];
	int n = rules_named_all(r->m->rules, "chain-register", rules, 512);

	for (int i = 0; i < n && i < 512; i++) {
		struct role ro = {
			rules[i]->name, NULL,
			false,		named_int(rules[i], "head", -1),
			NULL,		named_int(rules[i], "entry", -1),
			NULL,		named_get(rules[i], "field"),
			rules[i]
		};

		add_role(r, ro);
	}
	n = rules_named_all(r->m->rules, "chain-call", rules, 512);
	for (int i = 0; i < n && i < 512; i++) {
		struct role ro = {
			rules[i]->name, NULL,
			true,		named_int(rules[i], "head", -1),
			NULL,		-1,
			NULL,		named_get(rules[i], "field"),
			rules[i]
		};

		add_role(r, ro);
	}
}

/* What call c to a function playing role ro does: a new wrapper role for
 * c's function when an end is c's function's parameter (infer), else a
 * binding or a chain call site (final pass). */
static void apply_role(struct resolver *r, int call, const struct role *ro,
		       bool final)
{
	const struct model *m = r->m;
	const struct call_fact *c = &m->calls.v[call];
	const struct function_fact *fn = &m->fns.v[c->fn];
	const char *head = ro->head_path ? ro->head_path :
					   arg_object(m, c, ro->head_param);
	const char *entry = ro->is_call	   ? NULL :
			    ro->entry_path ? ro->entry_path :
					     arg_object(m, c, ro->entry_param);
	int hp = param_of(head), ep = param_of(entry);

	if (!head || (!ro->is_call && !entry))
		return;
	if (hp >= 0 || ep >= 0) {
		struct role w = { NULL,
				  fn->key,
				  ro->is_call,
				  hp,
				  hp >= 0 ? NULL : head,
				  ep,
				  ep >= 0 ? NULL : entry,
				  ro->field,
				  ro->rule };

		if (!final)
			add_role(r, w);
		return;
	}
	if (!final)
		return;
	if (ro->is_call) {
		struct site s = { call, head, ro };

		VEC_PUSH(r->sites, s);
	} else {
		struct binding b = { head, entry,    ro->field,
				     call, fn->file, { 0 } };

		VEC_PUSH(r->bindings, b);
	}
}

static void each_role_call(struct resolver *r, bool final)
{
	const struct model *m = r->m;

	index_roles(r);
	for (size_t k = 0; k < r->candidates.n; k++) {
		int call = r->candidates.v[k];
		const struct call_fact *c = &m->calls.v[call];
		const char *names[2] = { c->callee, c->callee_key };
		size_t nroles = r->roles.n;

		for (int w = 0; w < 2; w++) {
			if (!names[w])
				continue;
			for (size_t i = ix_lower(r, names[w]); i < r->ix.n;
			     i++) {
				const struct role *ro;

				if (strcmp(r->ix.v[i].s, names[w]) != 0)
					break;
				if ((size_t)r->ix.v[i].role >= nroles)
					continue;
				ro = &r->roles.v[r->ix.v[i].role];
				/* a rule's role matches by name, a wrapper's by key */
				if ((w == 0) != (ro->name != NULL))
					continue;
				apply_role(r, call, ro, final);
			}
		}
	}
}

/* An entry path names the object whose field holds the callback: the
 * store's own object or an object inside it (a delayed_work's work).
 * Where either is only a type, the two must be in one file. */
bool chains_store_in(const struct fnptr_fact *p, const char *object,
		     const char *file)
{
	size_t n = strlen(object);

	if (!p->object || is_type_path(p->object) || is_type_path(object))
		return strcmp(p->file, file) == 0;
	return strncmp(p->object, object, n) == 0 &&
	       (p->object[n] == 0 || p->object[n] == '.');
}

static bool store_matches(const struct fnptr_fact *p, const struct binding *b)
{
	return chains_store_in(p, b->entry, b->file);
}

static bool heads_match(const struct model *m, const struct site *s,
			const struct binding *b)
{
	if (is_type_path(s->head) || is_type_path(b->head))
		return strcmp(m->fns.v[m->calls.v[s->call].fn].file, b->file) ==
			       0 &&
		       strcmp(s->head, b->head) == 0;
	return strcmp(s->head, b->head) == 0;
}

static void bind_stores(struct resolver *r)
{
	const struct model *m = r->m;

	for (size_t b = 0; b < r->bindings.n; b++)
		for (size_t p = 0; p < m->fnptrs.n; p++)
			if (strcmp(m->fnptrs.v[p].field,
				   r->bindings.v[b].field) == 0 &&
			    store_matches(&m->fnptrs.v[p], &r->bindings.v[b]))
				VEC_PUSH(r->bindings.v[b].stores, (int)p);
}

static int cmp_edge(const void *a, const void *b)
{
	const struct chain_edge *x = a, *y = b;

	return x->call != y->call ?
		       (x->call > y->call) - (x->call < y->call) :
		       (x->fnptr > y->fnptr) - (x->fnptr < y->fnptr);
}

static void make_edges(struct chains *ch, struct resolver *r)
{
	const struct model *m = r->m;

	for (size_t s = 0; s < r->sites.n; s++) {
		const struct site *site = &r->sites.v[s];
		const struct named_rule *rule = site->role->rule;

		for (size_t b = 0; b < r->bindings.n; b++) {
			const struct binding *bd = &r->bindings.v[b];

			if (strcmp(bd->field, site->role->field) != 0 ||
			    !heads_match(m, site, bd))
				continue;
			for (size_t k = 0; k < bd->stores.n; k++) {
				struct chain_edge e = {
					site->call,   bd->stores.v[k],
					bd->reg_call, named_ctx(rule, "ctx"),
					rule,	      site->head
				};

				VEC_PUSH(ch->edges, e);
			}
		}
	}
	if (ch->edges.n)
		qsort(ch->edges.v, ch->edges.n, sizeof(ch->edges.v[0]),
		      cmp_edge);
}

static void head_entries(struct chains *ch, struct resolver *r,
			 const struct named_rule *rule, const char *head)
{
	for (size_t b = 0; b < r->bindings.n; b++) {
		const struct binding *bd = &r->bindings.v[b];

		if (strcmp(bd->head, head) != 0 ||
		    strcmp(bd->field, named_get(rule, "field")) != 0)
			continue;
		for (size_t k = 0; k < bd->stores.n; k++) {
			struct chain_entry e = { bd->stores.v[k], bd->reg_call,
						 rule, bd->head };

			VEC_PUSH(ch->entries, e);
		}
	}
}

/* The value of the flags argument of a call (ARG_FLAGS) has one of the
 * bits the rule names (values read from the tree) */
static bool flags_ask(const struct model *m, const struct call_fact *c,
		      const struct named_rule *rule)
{
	const char *names = named_get(rule, "names");
	uint64_t mask = 0;
	char *copy, *save = NULL;

	for (int a = 0; a < c->nargs; a++) {
		const struct call_arg *arg = &m->args.v[c->first_arg + a];

		if (arg->kind != ARG_FLAGS ||
		    arg->index != named_int(rule, "flags", -1) || !names)
			continue;
		copy = xstrdup(names);
		for (char *tok = strtok_r(copy, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save))
			mask |= gfp_value(m->gfp, tok);
		free(copy);
		return (strtoull(arg->object, NULL, 10) & mask) != 0;
	}
	return false;
}

bool chains_flags_ask(const struct model *m, const struct call_fact *c,
		      const struct named_rule *rule)
{
	return flags_ask(m, c, rule);
}

static void make_entries(struct chains *ch, struct resolver *r)
{
	const struct model *m = r->m;
	const struct named_rule *rules[64];
	int n = rules_named_all(m->rules, "chain-head", rules, 64);

	/* globals: the head is the variable of that name */
	for (int i = 0; i < n && i < 64; i++)
		for (size_t b = 0; b < r->bindings.n; b++)
			if (strncmp(r->bindings.v[b].head, "var:", 4) == 0 &&
			    strcmp(chains_head_name(r->bindings.v[b].head),
				   rules[i]->name) == 0) {
				head_entries(ch, r, rules[i],
					     r->bindings.v[b].head);
				break;
			}
	/* made by a call with the flags for it: the object its result is
	 * stored into (ARG_OBJECT at index -1) */
	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];
		const struct named_rule *rule =
			c->callee && c->reached ?
				rules_named(m->rules, "chain-head-alloc",
					    c->callee) :
				NULL;
		const char *head = rule ? arg_object(m, c, -1) : NULL;

		if (head && flags_ask(m, c, rule))
			head_entries(ch, r, rule, head);
	}
}

void chains_resolve(struct chains *ch, const struct model *m)
{
	struct resolver r = { .m = m };
	size_t before;

	memset(ch, 0, sizeof(*ch));
	r.seen = strset_new();
	for (size_t i = 0; i < m->calls.n; i++) {
		const struct call_fact *c = &m->calls.v[i];

		for (int a = 0; c->callee && c->reached && a < c->nargs; a++)
			if (m->args.v[c->first_arg + a].kind == ARG_OBJECT) {
				VEC_PUSH(r.candidates, (int)i);
				break;
			}
	}
	rule_roles(&r);
	before = r.roles.n;
	/* wrappers of wrappers: until no function takes a new role */
	for (int round = 0; round < 16; round++) {
		size_t n = r.roles.n;

		each_role_call(&r, false);
		if (r.roles.n == n)
			break;
	}
	ch->wrappers = (int)(r.roles.n - before);
	each_role_call(&r, true);
	bind_stores(&r);
	make_edges(ch, &r);
	make_entries(ch, &r);
	ch->registrations = (int)r.bindings.n;
	ch->calls = (int)r.sites.n;
	for (size_t b = 0; b < r.bindings.n; b++)
		VEC_FREE(r.bindings.v[b].stores);
	VEC_FREE(r.bindings);
	VEC_FREE(r.sites);
	VEC_FREE(r.candidates);
	VEC_FREE(r.roles);
	VEC_FREE(r.ix);
	strset_free(r.seen);
}

void chains_free(struct chains *ch)
{
	VEC_FREE(ch->edges);
	VEC_FREE(ch->entries);
}
