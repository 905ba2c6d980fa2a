// SPDX-License-Identifier: GPL-2.0
#include "solve.h"
#include "callgraph.h"
#include "checks.h"
#include "fields.h"
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
		const char *q = p, *end = note_path_end(note, p);

		if (end) {
			p = end;
			continue;
		}
		while (*q == '_' || (*q >= 'a' && *q <= 'z') ||
		       (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))
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
static char *fingerprint(const struct finding *f, const char *root,
			 int occurrence)
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

static bool fingerprint_taken(const struct finding *v, size_t n,
			      const struct finding *f)
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
static char *suppression(const char *text, size_t len, unsigned line,
			 const char *rule, char **problem)
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
		char *l = xstrndup(p, n), *m = strstr(l, "gfpcheck: ignore "),
		     *dash, *r, *rules;
		bool match = false;

		if (line == 1 && k == 0)
			k = 1; /* the first line has no line above */
		if (!m) {
			free(l);
			goto next;
		}
		dash = strstr(m, "--");
		rules = xstrndup(m + 17, dash ? (size_t)(dash - m - 17) :
						strcspn(m + 17, "*"));
		for (char *tok = strtok(rules, ", \t"); tok;
		     tok = strtok(NULL, ", \t")) {
			match |= strcmp(tok, rule) == 0;
			if (!check_find(tok) && !*problem)
				*problem = xasprintf(
					"no rule '%s' (see 'gfpcheck rules')",
					tok);
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

/* The text of one file at a time, re-read only when the file changes;
 * and the comments already said not to be honoured, said once a run. */
struct text_cache {
	char *path, *text;
	size_t len;
	struct strset *warned;
};

static const char *cached_text(struct text_cache *c, const char *path,
			       size_t *len)
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

static void text_cache_free(struct text_cache *c)
{
	free(c->path);
	free(c->text);
	strset_free(c->warned);
}

/* Whether a suppression comment at (file, line) names the rule: its reason,
 * or NULL.  A suppression that is not honoured is said once. */
static char *suppressed_at(struct text_cache *c, const char *file,
			   unsigned line, const char *rule)
{
	size_t len;
	const char *text = cached_text(c, file, &len);
	char *problem, *reason;

	if (!text)
		return NULL;
	reason = suppression(text, len, line, rule, &problem);
	if (problem) {
		char *key = xasprintf("%s:%u:%s", file, line, rule);

		if (strset_add(c->warned, key))
			fprintf(stderr,
				"gfpcheck: warning: %s:%u: the suppression comment is not honoured: %s\n",
				file, line, problem);
		free(key);
	}
	free(problem);
	return reason;
}

/* A finding is suppressed by a comment at its own line or at any step of
 * its chain (the lock taken in a caller, the call that carries the context
 * on): the chain the finding shows is what the comment vouches for (see
 * recheck_around_suppressed_steps() for the other chains). */
static void apply_suppressions(struct text_cache *c, struct finding *v,
			       size_t n)
{
	for (size_t i = 0; i < n; i++) {
		v[i].suppressed =
			suppressed_at(c, v[i].file, v[i].line, v[i].rule);
		v[i].suppressed_step = -1;
		for (size_t k = 0; !v[i].suppressed && k < v[i].trace.n; k++) {
			const struct trace_step *t = &v[i].trace.v[k];

			if (t->file && t->line &&
			    (strcmp(t->file, v[i].file) != 0 ||
			     t->line != v[i].line)) {
				v[i].suppressed = suppressed_at(
					c, t->file, t->line, v[i].rule);
				v[i].suppressed_step = (int)k;
			}
		}
	}
}

static bool in_dir(const char *file, const char *dir)
{
	return path_under(file, dir) != NULL;
}

/* The project: the deepest directory holding every TU's source file (the
 * tree root of a kernel tree, the module's directory for an out-of-tree
 * module).  NULL when there is no TU. */
static char *project_dir(sqlite3 *db)
{
	sqlite3_stmt *st;
	char *dir = NULL;

	if (sqlite3_prepare_v2(
		    db,
		    "SELECT files.path FROM tus JOIN files ON files.id = tus.file_id",
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
static void place_in_project(const struct model *m, struct finding *v,
			     size_t *n, const char *dir)
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
		/* the column of the step's call where it has one (a call in
		 * the chain), else the line's start */
		f->col = at->call >= 0 && (size_t)at->call < m->calls.n ?
				 m->calls.v[at->call].col :
				 1;
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

		if (k && k->line == v[i].line && k->col == v[i].col &&
		    strcmp(k->rule, v[i].rule) == 0 &&
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
		const struct function_fact *f = &m->fns.v[i];

		if (f->first_call < 0 ||
		    !rules_named(m->rules, "noreclaim", f->name))
			continue;
		for (int k = f->first_call; k < f->first_call + f->ncalls; k++)
			m->calls.v[k].ctx &= ~CTX_ATOMIC_MASK;
	}
}

/* Whether every finding stored at extraction time names an extraction-time
 * check and a severity (a database written by another version of
 * gfpcheck, or edited, may not): said once, naming the first that does not. */
static bool stored_rules_known(const struct model *m)
{
	for (size_t i = 0; i < m->locals.n; i++) {
		const struct local_finding *l = &m->locals.v[i];
		const struct check_def *def =
			check_find(l->rule ? l->rule : "");

		if (!def || def->phase != CHECK_AT_EXTRACT) {
			fprintf(stderr,
				"gfpcheck: the database holds a finding of an unknown rule '%s' "
				"(see 'gfpcheck rules'): scan it again with this gfpcheck\n",
				l->rule ? l->rule : "");
			return false;
		}
		if (l->unknown_severity) {
			fprintf(stderr,
				"gfpcheck: the database holds a finding of %s with an "
				"unknown severity '%s': scan it again with this gfpcheck\n",
				l->rule, l->unknown_severity);
			return false;
		}
	}
	return true;
}

/* The findings of the checks (`only`: one check's index; -1: all) on the
 * call graph as it stands, placed in the project, one per site, their
 * suppressions applied. */
static void run_checks(struct check_ctx *cx, int only, const char *project,
		       struct text_cache *tc)
{
	for (int i = 0; i < check_count; i++) {
		if ((only >= 0 && i != only) ||
		    check_defs[i]->phase != CHECK_AT_SOLVE)
			continue;
		cx->def = check_defs[i];
		check_defs[i]->solve(cx);
	}
	cx->def = NULL;
	/* the findings stored at extraction time, each of its own check
	 * (stored_rules_known() has vouched for their ids), after the
	 * others as ever; they do not change when the reach is cut */
	for (size_t i = 0; only < 0 && i < cx->m->locals.n; i++) {
		const struct local_finding *l = &cx->m->locals.v[i];
		const struct check_def *def = check_find(l->rule);

		check_emit_stored(cx, def, l,
				  l->own_severity ? l->severity :
						    def->severity);
	}
	place_in_project(cx->m, cx->findings.v, &cx->findings.n, project);
	if (cx->findings.n)
		qsort(cx->findings.v, cx->findings.n, sizeof(struct finding),
		      cmp_finding);
	one_per_site(cx->findings.v, &cx->findings.n);
	apply_suppressions(tc, cx->findings.v, cx->findings.n);
}

/* Marks in cut the calls where findings of `rule` are suppressed at a step
 * of their chain; true if one is new. */
static bool cut_suppressed_steps(const struct finding *v, size_t n,
				 const char *rule, bool *cut)
{
	bool grew = false;

	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &v[i];
		int call = f->suppressed && f->suppressed_step >= 0 ?
				   f->trace.v[f->suppressed_step].call :
				   -1;

		if (call >= 0 && strcmp(f->rule, rule) == 0 && !cut[call])
			grew = cut[call] = true;
	}
	return grew;
}

static bool same_site(const struct finding *a, const struct finding *b)
{
	return a->line == b->line && a->col == b->col &&
	       strcmp(a->rule, b->rule) == 0 && strcmp(a->file, b->file) == 0;
}

/* A first-pass finding of `rule` that the checks run again replace: any
 * not suppressed, and a suppressed one whose site they still reach. */
static bool superseded(const struct finding *f, const char *rule,
		       const struct check_ctx *again)
{
	if (strcmp(f->rule, rule) != 0)
		return false;
	for (size_t j = 0; f->suppressed && j < again->findings.n; j++)
		if (same_site(f, &again->findings.v[j]))
			return true;
	return !f->suppressed;
}

#define MAX_CUT_ROUNDS 8

/*
 * A suppression at a step of a chain vouches for that chain only: the
 * allocation may be reached by another, which must still be reported.  For
 * each rule with findings suppressed at a step, the reach is computed again
 * with no context carried through those steps (callgraph_cut()), and again
 * while a new chain meets another suppressed step.  A finding no chain
 * reaches any more is kept, suppressed, with the chain the comment was on.
 */
static void recheck_around_suppressed_steps(struct check_ctx *cx,
					    const char *project,
					    struct text_cache *tc)
{
	size_t ncalls = cx->m->calls.n;
	bool *cut = xcalloc(ncalls + 1, sizeof(bool)), any = false;

	for (int i = 0; i < check_count; i++) {
		const char *rule = check_defs[i]->id;
		struct check_ctx again = { .m = cx->m, .cg = cx->cg };
		size_t kept = 0;

		memset(cut, 0, ncalls + 1);
		if (check_defs[i]->phase != CHECK_AT_SOLVE ||
		    !cut_suppressed_steps(cx->findings.v, cx->findings.n, rule,
					  cut))
			continue;
		any = true;
		for (int round = 0;; round++) {
			callgraph_cut(cx->cg, cut);
			run_checks(&again, i, project, tc);
			if (round + 1 == MAX_CUT_ROUNDS ||
			    !cut_suppressed_steps(again.findings.v,
						  again.findings.n, rule, cut))
				break;
			for (size_t k = 0; k < again.findings.n; k++)
				finding_free(&again.findings.v[k]);
			again.findings.n = 0;
		}
		/* this rule's findings are the last round's, and those the cuts
		 * left unreached, still suppressed */
		for (size_t k = 0; k < cx->findings.n; k++) {
			struct finding *f = &cx->findings.v[k];

			if (superseded(f, rule, &again))
				finding_free(f);
			else
				cx->findings.v[kept++] = *f;
		}
		cx->findings.n = kept;
		for (size_t k = 0; k < again.findings.n; k++)
			VEC_PUSH(cx->findings, again.findings.v[k]);
		VEC_FREE(again.findings);
	}
	if (any) {
		callgraph_cut(cx->cg, NULL);
		qsort(cx->findings.v, cx->findings.n, sizeof(struct finding),
		      cmp_finding);
	}
	free(cut);
}

int solve(struct store *s, const struct ruleset *rules,
	  const struct gfp_table *gfp, const char *root, struct solve_stats *st)
{
	struct timespec t0, t1;
	struct model m;
	struct check_ctx cx = { 0 };
	struct callgraph cg;
	struct text_cache tc = { 0 };
	char *project;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (model_load(&m, s, rules, gfp) < 0) {
		fprintf(stderr, "gfpcheck: cannot load facts: %s\n",
			sqlite3_errmsg(store_db(s)));
		return -1;
	}
	if (!stored_rules_known(&m)) {
		model_free(&m);
		return -1;
	}
	cx.m = &m;
	fields_prune_cfgs(&m); /* before anything reads a CFG */
	summaries_apply(&m); /* warns itself if they do not settle */
	noreclaim_scopes(&m);
	callgraph_build(&cg, &m);
	cx.cg = &cg;
	st->indirect_edges = cg.indirect_resolved;
	st->edges = (int)cg.edges.n;
	st->atomic_functions = cg.atomic.count;
	project = project_dir(store_db(s));
	tc.warned = strset_new();
	run_checks(&cx, -1, project, &tc);
	recheck_around_suppressed_steps(&cx, project, &tc);
	text_cache_free(&tc);
	free(project);
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
	st->seconds = (double)(t1.tv_sec - t0.tv_sec) +
		      (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return 0;
}
