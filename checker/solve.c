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

/* A note as the fingerprint sees it: without the names of called
 * functions (`name()`) and without absolute paths, so that renaming a
 * function on the chain or scanning the tree elsewhere keeps it. */
static char *note_shape(const char *note)
{
	struct strbuf sb = { 0 };
	const char *p = note;

	while (*p) {
		const char *q = p;

		if (*p == '/' && (p == note || p[-1] == ' ' || p[-1] == '(')) {
			while (*p && *p != ' ' && *p != ')')
				p++;
			continue;
		}
		while (*q == '_' || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))
			q++;
		if (q > p && q[0] == '(' && q[1] == ')') {
			p = q + 2;
			continue;
		}
		if (q > p) {
			sb_addn(&sb, p, (size_t)(q - p));
			p = q;
		} else {
			sb_addn(&sb, p++, 1);
		}
	}
	return sb.s ? sb_take(&sb) : xstrdup("");
}

/* A fingerprint names a finding without line numbers, so that it survives
 * unrelated edits: rule, file (relative to the tree root), the message, and
 * the shapes of the first note (where the context starts) and the last
 * (the allocation).  Not the function names on the chain: a rename keeps
 * a baselined finding baselined. */
static char *fingerprint(const struct finding *f, const char *root, int occurrence)
{
	size_t rl = root ? strlen(root) : 0;
	const char *file = f->file;
	uint64_t h;

	if (rl && strncmp(file, root, rl) == 0 && file[rl] == '/')
		file += rl + 1;
	h = hash_str(f->rule);
	h = hash_bytes(file, strlen(file) + 1, h);
	h = hash_bytes(f->message, strlen(f->message) + 1, h);
	for (size_t i = 0; i < f->trace.n; i++) {
		char *shape;

		if (i != 0 && i + 1 != f->trace.n)
			continue;
		shape = note_shape(f->trace.v[i].note);
		h = hash_bytes(shape, strlen(shape) + 1, h);
		free(shape);
	}
	h = hash_bytes(&occurrence, sizeof(occurrence), h);
	return hex64(h);
}

static bool fingerprint_taken(const struct finding *v, size_t n, const struct finding *f)
{
	for (size_t j = 0; j < n; j++)
		if (strcmp(v[j].fingerprint, f->fingerprint) == 0)
			return true;
	return false;
}

/* Inline suppression: on the finding's line or the line above,
 *   / * gfpcheck: ignore RULE[,RULE...] -- reason * /
 * Returns the reason when one names `rule` and gives a reason; otherwise,
 * when a suppression comment is there but is not honoured (no reason, a
 * rule id that does not exist), says why in *problem. */
static char *suppression(const char *text, size_t len, unsigned line, const char *rule, char **problem)
{
	const char *p = text, *end = text + len;
	unsigned at = 1;

	*problem = NULL;
	while (p < end && at + 1 < line) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			return NULL;
		p = nl + 1;
		at++;
	}
	for (int k = 0; k < 2 && p < end; k++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *l = xstrndup(p, n), *m = strstr(l, "gfpcheck: ignore "), *dash, *r, *rules;
		bool match = false;

		if (line == 1 && k == 0)
			k = 1;	/* the first line has no line above */
		if (!m) {
			free(l);
			goto next;
		}
		dash = strstr(m, "--");
		rules = xstrndup(m + 17, dash ? (size_t)(dash - m - 17) : strcspn(m + 17, "*"));
		for (char *tok = strtok(rules, ", \t"); tok; tok = strtok(NULL, ", \t")) {
			match |= strcmp(tok, rule) == 0;
			if (!check_find(tok) && !*problem)
				*problem = xasprintf("no rule '%s' (see 'gfpcheck rules')", tok);
		}
		free(rules);
		r = dash ? dash + 2 : "";
		while (*r == ' ')
			r++;
		if (strstr(r, "*/"))
			*strstr(r, "*/") = '\0';
		while (*r && r[strlen(r) - 1] == ' ')
			r[strlen(r) - 1] = '\0';
		if (match && *r) {
			char *reason = xstrdup(r);

			free(*problem);
			*problem = NULL;
			free(l);
			return reason;
		}
		if (match && !*problem)
			*problem = xstrdup("no reason after '--'");
		free(l);
next:
		if (!nl)
			break;
		p = nl + 1;
	}
	return NULL;
}

/* The text of one file at a time, re-read only when the file changes. */
struct text_cache {
	char *path, *text;
	size_t len;
};

static const char *cached_text(struct text_cache *c, const char *path, size_t *len)
{
	if (!c->path || strcmp(c->path, path) != 0) {
		free(c->path);
		free(c->text);
		c->path = xstrdup(path);
		c->text = read_whole_file(path, &c->len);
	}
	*len = c->len;
	return c->text;
}

/* Whether a suppression comment at (file, line) names the rule: its reason,
 * or NULL.  A suppression that is not honoured is said once per finding it
 * meant. */
static char *suppressed_at(struct text_cache *c, const char *file, unsigned line, const char *rule)
{
	size_t len;
	const char *text = cached_text(c, file, &len);
	char *problem, *reason;

	if (!text)
		return NULL;
	reason = suppression(text, len, line, rule, &problem);
	if (problem)
		fprintf(stderr, "gfpcheck: warning: %s:%u: the suppression comment is not honoured: %s\n", file,
			line, problem);
	free(problem);
	return reason;
}

/* A finding is suppressed by a comment at its own line or at any step of
 * its chain (the lock taken in a caller, the call that carries the context
 * on): the chain the finding shows is what the comment vouches for. */
static void apply_suppressions(struct finding *v, size_t n)
{
	struct text_cache c = { 0 };

	for (size_t i = 0; i < n; i++) {
		v[i].suppressed = suppressed_at(&c, v[i].file, v[i].line, v[i].rule);
		for (size_t k = 0; !v[i].suppressed && k < v[i].trace.n; k++) {
			const struct trace_step *t = &v[i].trace.v[k];

			if (t->file && t->line && (strcmp(t->file, v[i].file) != 0 || t->line != v[i].line))
				v[i].suppressed = suppressed_at(&c, t->file, t->line, v[i].rule);
		}
	}
	free(c.path);
	free(c.text);
}

static bool in_dir(const char *file, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(file, dir, n) == 0 && (file[n] == '/' || n == 0);
}

/* The project: the deepest directory holding every TU's source file (the
 * tree root of a kernel tree, the module's directory for an out-of-tree
 * module).  NULL when there is no TU. */
static char *project_dir(sqlite3 *db)
{
	sqlite3_stmt *st;
	char *dir = NULL;

	if (sqlite3_prepare_v2(db, "SELECT files.path FROM tus JOIN files ON files.id = tus.file_id",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		char *slash;

		if (!path)
			continue;
		if (!dir)
			dir = xstrdup(path);
		/* the first path's file name, then whatever is not shared */
		while (!in_dir(path, dir) && (slash = strrchr(dir, '/')))
			*slash = '\0';
	}
	sqlite3_finalize(st);
	return dir;
}

/* A finding inside a file of the analysed kernel that is not part of the
 * project (an installed header an out-of-tree module includes) is moved to
 * the last step of its trace inside the project: the call in the user's
 * code that leads there.  With no such step the user's code has no part
 * in it, and it is dropped. */
static void place_in_project(struct finding *v, size_t *n, const char *dir)
{
	size_t kept = 0;

	for (size_t i = 0; i < *n; i++) {
		struct finding *f = &v[i];
		const struct trace_step *at = NULL;

		if (!dir || in_dir(f->file, dir)) {
			v[kept++] = *f;
			continue;
		}
		for (size_t k = f->trace.n; k-- > 0 && !at;)
			if (in_dir(f->trace.v[k].file, dir))
				at = &f->trace.v[k];
		if (!at) {
			finding_free(f);
			continue;
		}
		free(f->file);
		free(f->function);
		f->file = xstrdup(at->file);
		f->function = xstrdup(at->function);
		f->line = at->line;
		f->col = 1;
		v[kept++] = *f;
	}
	*n = kept;
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
	c = strcmp(x->rule, y->rule);
	if (c)
		return c;
	return x->trace.n < y->trace.n ? -1 : x->trace.n > y->trace.n;
}

/* One finding per rule per site: paths through several header bodies
 * placed at the same call of the project are one problem there; the
 * shortest chain (sorted first) is kept. */
static void one_per_site(struct finding *v, size_t *n)
{
	size_t kept = 0;

	for (size_t i = 0; i < *n; i++) {
		const struct finding *k = kept ? &v[kept - 1] : NULL;

		if (k && k->line == v[i].line && k->col == v[i].col && strcmp(k->rule, v[i].rule) == 0 &&
		    strcmp(k->file, v[i].file) == 0) {
			finding_free(&v[i]);
			continue;
		}
		v[kept++] = v[i];
	}
	*n = kept;
}

/* Functions listed `noreclaim` in the rules run while the kernel itself
 * strips __GFP_DIRECT_RECLAIM from every allocation (start_kernel(): the
 * boot-time gfp_allowed_mask).  Nothing they hold makes an allocation
 * sleep, so the contexts they hold are no atomic origins. */
static void noreclaim_scopes(struct model *m)
{
	for (size_t i = 0; i < m->fns.n; i++) {
		const struct m_function *f = &m->fns.v[i];

		if (f->first_call < 0 || !rules_named(m->rules, "noreclaim", f->name))
			continue;
		for (int k = f->first_call; k < f->first_call + f->ncalls; k++)
			m->calls.v[k].ctx &= ~CTX_ATOMIC_MASK;
	}
}

int solve(struct store *s, const struct ruleset *rules, const struct gfp_table *gfp,
	  const char *root, struct solve_stats *st)
{
	struct timespec t0, t1;
	struct model m;
	struct check_ctx cx = { 0 };
	struct callgraph cg;
	char *project;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (model_load(&m, s, rules, gfp) < 0) {
		fprintf(stderr, "gfpcheck: cannot load facts: %s\n", sqlite3_errmsg(store_db(s)));
		return -1;
	}
	cx.m = &m;
	summaries_apply(&m);
	noreclaim_scopes(&m);
	callgraph_build(&cg, &m);
	cx.cg = &cg;
	st->indirect_edges = cg.indirect_resolved;
	st->edges = (int)cg.edges.n;
	st->atomic_functions = cg.atomic.count;
	for (int i = 0; i < check_count; i++) {
		cx.def = &check_defs[i];
		if (check_defs[i].run)
			check_defs[i].run(&cx);
	}
	project = project_dir(store_db(s));
	place_in_project(cx.findings.v, &cx.findings.n, project);
	free(project);
	if (cx.findings.n)
		qsort(cx.findings.v, cx.findings.n, sizeof(struct finding), cmp_finding);
	one_per_site(cx.findings.v, &cx.findings.n);
	apply_suppressions(cx.findings.v, cx.findings.n);
	store_clear_findings(s);
	for (size_t i = 0; i < cx.findings.n; i++) {
		struct finding *f = &cx.findings.v[i];
		int occurrence = 0;

		/* findings alike in one file get distinct fingerprints */
		for (;;) {
			f->fingerprint = fingerprint(f, root, occurrence++);
			if (!fingerprint_taken(cx.findings.v, i, f))
				break;
			free(f->fingerprint);
		}
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
