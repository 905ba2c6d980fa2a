// SPDX-License-Identifier: GPL-2.0
#include "fields.h"
#include "cfg.h"

#include <stdlib.h>
#include <string.h>

/* The struct of a field key "S.F": the length of S */
static size_t struct_len(const char *key)
{
	const char *dot = strrchr(key, '.');

	return dot ? (size_t)(dot - key) : strlen(key);
}

/* The fields set in every object of the tree (see fields.h) */
static struct strset *always_set(const struct model *m)
{
	struct strset *assigned = strset_new(), *set = strset_new();

	for (size_t i = 0; i < m->fnptrs.n; i++) {
		const struct fnptr_fact *p = &m->fnptrs.v[i];

		if (strcmp(p->how, "assignment") == 0) {
			char *s = xstrndup(p->field, struct_len(p->field));

			strset_add(assigned, s);
			free(s);
		}
	}
	for (size_t i = 0; i < m->fnptrs.n; i++) {
		const struct fnptr_fact *p = &m->fnptrs.v[i];
		char *s;

		if (strcmp(p->how, "initializer") != 0 ||
		    strset_has(m->unset_fields, p->field))
			continue;
		s = xstrndup(p->field, struct_len(p->field));
		if (!strset_has(assigned, s))
			strset_add(set, p->field);
		free(s);
	}
	strset_free(assigned);
	return set;
}

/* Whether block b's events hold a test of a field in `set` found NULL */
static bool decided_null(const struct function_fact *f, const struct block *b,
			 struct strset *set)
{
	for (size_t e = 0; e < b->events.n; e++) {
		const struct event *ev = &b->events.v[e];
		size_t len = 0;
		const char *key;
		char *k;
		bool found;

		if (ev->kind != EV_FNPTR_NULL ||
		    !(key = fnptr_test_key(f->fnptr_tests, ev->call, &len)))
			continue;
		k = xstrndup(key, len);
		found = strset_has(set, k);
		free(k);
		if (found)
			return true;
	}
	return false;
}

/* The calls left only in blocks the entry no longer reaches are not
 * reached (call_fact.reached): no edge of the call graph leaves them */
static void unreach_calls(struct model *m, struct function_fact *f,
			  const struct cfg *cfg)
{
	bool *seen = xcalloc(cfg->blocks.n + 1, sizeof(bool)),
	     *reached = xcalloc((size_t)f->ncalls + 1, sizeof(bool));
	VEC(int) stack = { 0 };

	if (cfg->entry >= 0 && (size_t)cfg->entry < cfg->blocks.n) {
		seen[cfg->entry] = true;
		VEC_PUSH(stack, cfg->entry);
	}
	while (stack.n) {
		const struct block *blk = &cfg->blocks.v[stack.v[--stack.n]];

		for (size_t e = 0; e < blk->events.n; e++) {
			const struct event *ev = &blk->events.v[e];

			if (ev->kind == EV_CALL && ev->call >= 0 &&
			    ev->call < f->ncalls)
				reached[ev->call] = true;
		}
		for (size_t s = 0; s < blk->succ.n; s++) {
			int to = blk->succ.v[s];

			if (to >= 0 && (size_t)to < cfg->blocks.n &&
			    !seen[to]) {
				seen[to] = true;
				VEC_PUSH(stack, to);
			}
		}
	}
	for (int i = 0; f->first_call >= 0 && i < f->ncalls; i++)
		if (!reached[i])
			m->calls.v[f->first_call + i].reached = false;
	VEC_FREE(stack);
	free(reached);
	free(seen);
}

int fields_prune_cfgs(struct model *m)
{
	struct strset *set = always_set(m);
	int pruned = 0;

	for (size_t i = 0; i < m->fns.n; i++) {
		struct function_fact *f = &m->fns.v[i];
		bool *dead, changed = false;
		struct cfg cfg;

		if (!f->fnptr_tests || !f->cfg || !strstr(f->cfg, "u") ||
		    cfg_parse(&cfg, f->cfg) < 0)
			continue;
		dead = xcalloc(cfg.blocks.n + 1, sizeof(bool));
		for (size_t b = 0; b < cfg.blocks.n; b++)
			dead[b] = decided_null(f, &cfg.blocks.v[b], set);
		for (size_t b = 0; b < cfg.blocks.n; b++) {
			struct block *blk = &cfg.blocks.v[b];
			size_t n = 0;

			for (size_t s = 0; s < blk->succ.n; s++) {
				int to = blk->succ.v[s];

				if (to >= 0 && (size_t)to < cfg.blocks.n &&
				    dead[to]) {
					changed = true;
					pruned++;
					continue;
				}
				blk->succ.v[n++] = to;
			}
			blk->succ.n = n;
		}
		if (changed) {
			free(f->cfg);
			f->cfg = cfg_serialize(&cfg);
			unreach_calls(m, f, &cfg);
		}
		free(dead);
		cfg_free(&cfg);
	}
	strset_free(set);
	return pruned;
}
