// SPDX-License-Identifier: GPL-2.0
#include "scan.h"
#include "compdb.h"
#include "extract.h"
#include "gfp.h"
#include "rules.h"
#include "solve.h"
#include "store.h"
#include "supervise.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct work {
	struct compile_job *jobs;
	size_t njobs;
	size_t *todo; /* indexes of the jobs to parse */
	size_t ntodo;
	size_t next; /* next job to hand out */
	struct tu_facts **done; /* results, NULL until ready */
	VEC(size_t) ready; /* indexes of finished jobs not yet written */
	pthread_mutex_t lock;
	pthread_cond_t cond; /* a result is ready */
	pthread_cond_t room; /* the writer took one: a worker may go on */
	size_t max_ready; /* results waiting before workers wait */
	const struct ruleset *rules;
	const struct gfp_table *gfp;
	struct strset *claimed;
	struct CXUnsavedFile *unsaved;
	unsigned nunsaved;
};

static void *worker(void *arg)
{
	struct work *w = arg;
	struct extractor x = { w->rules,   w->gfp,
			       w->claimed, clang_createIndex(0, 0),
			       w->unsaved, w->nunsaved };

	for (;;) {
		struct tu_facts *tu;
		const char *why;
		size_t i;

		pthread_mutex_lock(&w->lock);
		/* the writer is slower than the parsers on a large tree: facts
		 * waiting to be written would grow without bound (5 MB a TU) */
		while (w->ready.n >= w->max_ready)
			pthread_cond_wait(&w->room, &w->lock);
		i = w->next < w->ntodo ? w->todo[w->next++] : w->njobs;
		pthread_mutex_unlock(&w->lock);
		if (i >= w->njobs)
			break;
		tu = xcalloc(1, sizeof(*tu));
		why = supervise_failed_before(w->jobs[i].file);
		if (why) {
			/* an earlier child died on it or overran: a failure */
			tu->file = xstrdup(w->jobs[i].file);
			tu->failed = true;
			tu->nerrors = 1;
			tu->first_error = xstrdup(why);
		} else {
			supervise_tu_start(w->jobs[i].file);
			extract_tu(&x, &w->jobs[i], tu);
			supervise_tu_end(w->jobs[i].file);
		}
		pthread_mutex_lock(&w->lock);
		w->done[i] = tu;
		VEC_PUSH(w->ready, i);
		pthread_cond_signal(&w->cond);
		pthread_mutex_unlock(&w->lock);
	}
	clang_disposeIndex(x.index);
	return NULL;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* done/total, rate and ETA on one terminal line; only on a terminal */
static void progress(size_t done, size_t total, double started, bool show)
{
	double elapsed = now() - started,
	       rate = elapsed > 0 ? (double)done / elapsed : 0;
	double eta = rate > 0 ? (double)(total - done) / rate : 0;

	if (!show)
		return;
	fprintf(stderr,
		"\r\033[Kgfpcheck: %zu/%zu translation units, %.1f/s, ETA %d:%02d",
		done, total, rate, (int)eta / 60, (int)eta % 60);
	if (done == total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* Parses every job on `nthreads` workers; the calling thread writes the
 * results to the store as they arrive. */
static int parse_all(struct work *w, struct store *s, int64_t run, int nthreads,
		     struct run_stats *st, bool quiet)
{
	pthread_t *threads = xcalloc((size_t)nthreads, sizeof(pthread_t));
	bool show = !quiet && isatty(2);
	double started = now();
	size_t written = 0;
	int ret = 0;

	w->max_ready = (size_t)nthreads * 2;
	for (int t = 0; t < nthreads; t++) {
		int err = pthread_create(&threads[t], NULL, worker, w);

		if (err == 0)
			continue;
		/* fewer workers than asked is slower, not wrong; none is an error */
		if (t == 0)
			fprintf(stderr,
				"gfpcheck: cannot start a parse worker: %s\n",
				strerror(err));
		else
			fprintf(stderr,
				"gfpcheck: warning: started %d of %d parse workers: %s\n",
				t, nthreads, strerror(err));
		nthreads = t;
		break;
	}
	if (nthreads == 0) {
		free(threads);
		return -1;
	}
	while (written < w->ntodo) {
		size_t i;
		struct tu_facts *tu;

		pthread_mutex_lock(&w->lock);
		while (w->ready.n == 0)
			pthread_cond_wait(&w->cond, &w->lock);
		i = w->ready.v[--w->ready.n];
		tu = w->done[i];
		w->done[i] = NULL;
		pthread_cond_broadcast(&w->room);
		pthread_mutex_unlock(&w->lock);
		if (tu->failed) {
			st->parse_failures++;
			if (show)
				fputs("\r\033[K", stderr);
			/* said on every run: a failed TU is parsed again each time */
			fprintf(stderr,
				"gfpcheck: parse failure in %s (%d error%s, its code is not checked): %s\n",
				tu->file, tu->nerrors,
				tu->nerrors == 1 ? "" : "s",
				tu->first_error ? tu->first_error : "no AST");
		}
		st->parsed++;
		if (store_tu(s, &w->jobs[i], tu, run) < 0)
			ret = -1;
		tu_facts_free(tu);
		free(tu);
		written++;
		progress(written, w->ntodo, started, show);
	}
	for (int t = 0; t < nthreads; t++)
		pthread_join(threads[t], NULL);
	free(threads);
	return ret;
}

static int count_functions(struct store *s)
{
	sqlite3_stmt *st;
	int n = 0;

	sqlite3_prepare_v2(store_db(s), "SELECT COUNT(*) FROM functions", -1,
			   &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Marks the jobs whose stored facts are still current as reused and
 * pre-claims their header functions; the rest go to the workers. */
/* Deterministic split for --shard: by the source path relative to the
 * compile directory, so that shards agree across machines. */
static bool in_shard(const struct compile_job *job, int shard, int nshards)
{
	const char *rel = path_under(job->file, job->directory);

	if (nshards <= 1)
		return true;
	if (!rel)
		rel = job->file;
	return (int)(hash_str(rel) % (uint64_t)nshards) == shard - 1;
}

/* Keeps only this shard's jobs. */
static void select_shard(struct work *w, int shard, int nshards)
{
	size_t kept = 0;

	for (size_t i = 0; i < w->njobs; i++) {
		if (in_shard(&w->jobs[i], shard, nshards)) {
			struct compile_job tmp = w->jobs[kept];

			w->jobs[kept++] = w->jobs[i];
			w->jobs[i] = tmp;
		}
	}
	compdb_clear(w->jobs + kept, w->njobs - kept);
	w->njobs = kept;
}

static void warn_uncovered(const struct scan_update_args *o,
			   const struct work *w)
{
	for (size_t i = 0; i < o->nexpected_sources; i++) {
		size_t j = 0;

		while (j < w->njobs &&
		       strcmp(w->jobs[j].file, o->expected_sources[i]) != 0)
			j++;
		if (j == w->njobs)
			fprintf(stderr,
				"gfpcheck: warning: %s is not in the compile database %s: it is not"
				" checked (rebuild the database after adding a file)\n",
				o->expected_sources[i], o->compdb);
	}
}

static void plan_jobs(struct work *w, struct store *s, bool rules_same,
		      struct run_stats *st)
{
	w->todo = xcalloc(w->njobs + 1, sizeof(size_t));
	for (size_t i = 0; i < w->njobs; i++) {
		if (rules_same && store_tu_current(s, &w->jobs[i]) == 1) {
			st->reused++;
			store_claim_headers(s, &w->jobs[i], w->claimed);
			continue;
		}
		w->todo[w->ntodo++] = i;
	}
}

/* Facts depend on the extractor as much as on the sources: a different
 * gfpcheck build re-parses everything. */
static char *tool_fingerprint(void)
{
	size_t len;
	char *bin = read_whole_file("/proc/self/exe", &len);
	char *h = bin ? hex64(hash_bytes(bin, len, 0)) : xstrdup("unknown");

	free(bin);
	return h;
}

static char *tree_root(const struct compile_job *jobs, size_t njobs)
{
	return xstrdup(njobs ? jobs[0].directory : "");
}

/* One line: TUs parsed/reused/failed, findings by rule, held back, time. */
/* One line in plain words: what was found, what was held back, what was
 * checked.  The solver's figures (call edges, atomic functions) are in the
 * JSON report's "stats". */
static void print_summary(const struct run_stats *st, int n,
			  const struct report_counts *held)
{
	n = n < 0 ? 0 : n;
	fprintf(stderr, "gfpcheck: %d finding%s", n, n == 1 ? "" : "s");
	for (int i = 0; held && n > 0 && i < held->nrules; i++)
		fprintf(stderr, "%s%s %d", i ? ", " : " (",
			held->by_rule[i].rule, held->by_rule[i].n);
	if (held && n > 0 && held->nrules)
		fputc(')', stderr);
	if (held && (held->suppressed || held->baselined))
		fprintf(stderr,
			", not counting %d suppressed in the source and %d baselined",
			held->suppressed, held->baselined);
	fprintf(stderr,
		"; %d source files (%d parsed, %d reused unchanged, %d failed to parse) in %.2f s",
		st->translation_units, st->parsed, st->reused,
		st->parse_failures, st->seconds);
	if (st->analysis_seconds > 0)
		fprintf(stderr, " (analysis %.2f s)", st->analysis_seconds);
	else
		fputs(" (nothing changed since the last scan)", stderr);
	fputc('\n', stderr);
}

int scan_update(const struct scan_update_args *o, struct scan_result *res)
{
	struct work w = { 0 };
	const struct ruleset *rules = o->rules;
	struct store *s = NULL;
	struct gfp_table gfp = { 0 };
	struct run_stats st = { 0 };
	struct solve_stats ss = { 0 };
	char *err = NULL, *root = NULL, *tool = NULL;
	double t0 = now();
	int64_t run;
	int status = 2, n, pruned;
	bool rules_same;

	if (compdb_load(o->compdb, rules, &w.jobs, &w.njobs, &err) < 0) {
		fprintf(stderr, "gfpcheck: %s\n", err);
		goto out;
	}
	if (o->nshards > 1)
		select_shard(&w, o->shard, o->nshards);
	warn_uncovered(o, &w);
	s = store_open(o->db, &err);
	if (!s) {
		fprintf(stderr, "gfpcheck: %s\n", err);
		goto out;
	}
	if (store_begin(s) < 0)
		goto out;
	for (size_t i = 0; i < o->noverlay; i++)
		store_set_content(s, o->overlay[i].path, o->overlay[i].text,
				  o->overlay[i].len);
	if (o->noverlay) {
		w.unsaved = xcalloc(o->noverlay, sizeof(*w.unsaved));
		for (size_t i = 0; i < o->noverlay; i++)
			w.unsaved[i] = (struct CXUnsavedFile){
				o->overlay[i].path, o->overlay[i].text,
				(unsigned long)o->overlay[i].len
			};
		w.nunsaved = (unsigned)o->noverlay;
	}
	run = store_run_start(s, o->compdb, rules_fingerprint(rules));
	tool = tool_fingerprint();
	rules_same = store_meta(s, "rules_hash") &&
		     strcmp(store_meta(s, "rules_hash"),
			    rules_fingerprint(rules)) == 0 &&
		     store_meta(s, "tool_hash") &&
		     strcmp(store_meta(s, "tool_hash"), tool) == 0;
	store_set_meta(s, "format", "gfpcheck");
	store_set_meta(s, "rules_hash", rules_fingerprint(rules));
	store_set_meta(s, "tool_hash", tool);
	w.done = xcalloc(w.njobs, sizeof(*w.done));
	w.rules = rules;
	w.gfp = &gfp;
	w.claimed = strset_new();
	plan_jobs(&w, s, rules_same, &st);
	/* the tree's GFP values: probed when something is parsed, else stored
	 * (an empty shard of a small tree has neither, and needs none) */
	if (w.njobs == 0)
		fprintf(stderr,
			"gfpcheck: warning: shard %d/%d holds no translation unit of %s\n",
			o->shard, o->nshards, o->compdb);
	else if (w.ntodo > 0 || store_load_gfp_table(s, &gfp) < 0) {
		gfp_table_free(&gfp);
		if (gfp_probe(&gfp, rules, w.jobs, w.njobs, &err) < 0) {
			fprintf(stderr, "gfpcheck: %s\n", err);
			goto rollback;
		}
		store_gfp_table(s, &gfp);
	}
	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.cond, NULL);
	pthread_cond_init(&w.room, NULL);
	st.translation_units = (int)w.njobs;
	n = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if ((size_t)n > w.ntodo)
		n = w.ntodo ? (int)w.ntodo : 1;
	if (supervise_serial())
		n = 1;
	if (parse_all(&w, s, run, n, &st, o->quiet) < 0)
		goto rollback;
	pruned = store_prune_tus(s, w.jobs, w.njobs);
	if (pruned < 0)
		goto rollback;
	root = tree_root(w.jobs, w.njobs);
	/* nothing changed: the stored findings stand */
	if ((st.parsed > 0 || pruned > 0 || !rules_same) &&
	    solve(s, rules, &gfp, root, &ss) < 0)
		goto rollback;
	if (o->is_reference)
		store_set_reference(s);
	st.functions = count_functions(s);
	st.seconds = now() - t0;
	st.call_edges = ss.edges;
	st.indirect_edges = ss.indirect_edges;
	st.atomic_functions = ss.atomic_functions;
	st.analysis_seconds = ss.seconds;
	store_run_finish(s, run, &st);
	if (store_commit(s) < 0)
		goto rollback;
	res->store = s;
	res->stats = st;
	s = NULL;
	status = 0;
	goto out;
rollback:
	store_rollback(s);
out:
	if (w.done)
		pthread_mutex_destroy(&w.lock), pthread_cond_destroy(&w.cond),
			pthread_cond_destroy(&w.room);
	free(w.done);
	free(w.todo);
	free(w.unsaved);
	VEC_FREE(w.ready);
	strset_free(w.claimed);
	compdb_free(w.jobs, w.njobs);
	gfp_table_free(&gfp);
	store_close(s);
	free(err);
	free(root);
	free(tool);
	return status;
}

int scan_report(struct scan_result *res, struct report_opts *r, bool quiet,
		int max_parse_failures)
{
	const struct run_stats *st = &res->stats;
	int n, status;

	r->stats = st;
	n = report(res->store, r);
	/* the summary follows the report, also when both go to one file */
	fflush(stdout);
	/* after a write error (named above) the counts would mislead */
	if (!quiet && n >= 0)
		print_summary(st, n, r->counts);
	status = report_status(n, r);
	if (st->parse_failures > max_parse_failures) {
		fprintf(stderr,
			"gfpcheck: %d of %d translation units failed to parse (listed above) and were"
			" not checked; exit status 2 (--max-parse-failures N allows up to N)\n",
			st->parse_failures, st->translation_units);
		status = 2;
	}
	return status;
}

void scan_result_free(struct scan_result *res)
{
	store_close(res->store);
	res->store = NULL;
}
