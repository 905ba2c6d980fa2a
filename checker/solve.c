// SPDX-License-Identifier: GPL-2.0
#include "solve.h"
#include "callgraph.h"
#include "checks.h"
#include "model.h"
#include "summaries.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A fingerprint names a finding without line numbers, so that it survives
 * unrelated edits: rule, file (relative to the tree root), function, the
 * message, and the notes' texts. */
static char *fingerprint(const struct finding *f, const char *root, int occurrence)
{
	size_t rl = root ? strlen(root) : 0;
	const char *file = f->file;
	uint64_t h;

	if (rl && strncmp(file, root, rl) == 0 && file[rl] == '/')
		file += rl + 1;
	h = hash_str(f->rule);
	h = hash_bytes(file, strlen(file) + 1, h);
	h = hash_bytes(f->function, strlen(f->function) + 1, h);
	h = hash_bytes(f->message, strlen(f->message) + 1, h);
	for (size_t i = 0; i < f->trace.n; i++)
		h = hash_bytes(f->trace.v[i].note, strlen(f->trace.v[i].note) + 1, h);
	h = hash_bytes(&occurrence, sizeof(occurrence), h);
	return hex64(h);
}

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

int solve(struct store *s, const struct ruleset *rules, const struct gfp_table *gfp,
	  const char *root, struct solve_stats *st)
{
	struct timespec t0, t1;
	struct model m;
	struct check_ctx cx = { 0 };
	struct callgraph cg;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (model_load(&m, s, rules, gfp) < 0) {
		fprintf(stderr, "gfpcheck: cannot load facts: %s\n", sqlite3_errmsg(store_db(s)));
		return -1;
	}
	cx.m = &m;
	summaries_apply(&m);
	callgraph_build(&cg, &m);
	cx.cg = &cg;
	st->indirect_edges = cg.indirect_resolved;
	st->edges = (int)cg.edges.n;
	st->atomic_functions = cg.atomic_functions;
	for (int i = 0; i < check_count; i++) {
		cx.def = &check_defs[i];
		if (check_defs[i].run)
			check_defs[i].run(&cx);
	}
	if (cx.findings.n)
		qsort(cx.findings.v, cx.findings.n, sizeof(struct finding), cmp_finding);
	store_clear_findings(s);
	for (size_t i = 0; i < cx.findings.n; i++) {
		struct finding *f = &cx.findings.v[i];
		int occurrence = 0;

		/* identical findings in one function get distinct fingerprints */
		for (size_t j = 0; j < i; j++)
			if (cx.findings.v[j].fingerprint && strcmp(cx.findings.v[j].message, f->message) == 0 &&
			    strcmp(cx.findings.v[j].file, f->file) == 0 &&
			    strcmp(cx.findings.v[j].function, f->function) == 0)
				occurrence++;
		f->fingerprint = fingerprint(f, root, occurrence);
		store_add_finding(s, f);
	}
	st->findings = (int)cx.findings.n;
	for (size_t i = 0; i < cx.findings.n; i++)
		finding_free(&cx.findings.v[i]);
	VEC_FREE(cx.findings);
	callgraph_free(&cg);
	model_free(&m);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	st->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return 0;
}
