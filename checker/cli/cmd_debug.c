// SPDX-License-Identifier: GPL-2.0
/* gfpcheck debug cfg|flow: what the engine saw in one function of a
 * scanned tree, for whoever asks why a context is (not) held somewhere.
 *
 *   cfg   the stored control-flow graph: blocks, their events (calls by
 *         line and callee, trylock success edges, tests of unchanged
 *         variables) and successors;
 *   flow  the function after the callee summaries (summaries.c): what it
 *         holds at return, what it releases that it did not take, the
 *         context at each call with the call that took it, and what the
 *         summary of a call's callee makes it do. */
#include "cfg.h"
#include "command.h"
#include "model.h"
#include "summaries.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_ctx(unsigned ctx)
{
	if (!(ctx & CTX_ATOMIC_MASK)) {
		fputs("-", stdout);
		return;
	}
	printf("%s (0x%x)", ctx_describe(ctx), ctx);
}

static const char *call_name(const struct call_fact *c)
{
	return c->callee ? c->callee : c->via ? c->via : "(indirect)";
}

static void print_cfg(const struct model *m, const struct function_fact *f)
{
	struct cfg cfg;
	int idx, param;
	size_t len;

	if (!f->cfg || cfg_parse(&cfg, f->cfg) < 0) {
		printf("  (no control-flow graph stored)\n");
		return;
	}
	for (size_t b = 0; b < cfg.blocks.n; b++) {
		const struct block *blk = &cfg.blocks.v[b];

		printf("  B%zu%s%s:", b, (int)b == cfg.entry ? " (entry)" : "",
		       (int)b == cfg.exit ? " (exit)" : "");
		for (size_t e = 0; e < blk->events.n; e++) {
			const struct event *ev = &blk->events.v[e];
			const struct call_fact *c =
				ev->call >= 0 && ev->call < f->ncalls ?
					&m->calls.v[f->first_call + ev->call] :
					NULL;

			switch (ev->kind) {
			case EV_CALL:
				if (c)
					printf(" %s:%u", call_name(c), c->line);
				break;
			case EV_TRY_OK:
			case EV_CALL_FALSE:
				if (c)
					printf(" %s:%u=%s", call_name(c),
					       c->line,
					       ev->kind == EV_TRY_OK ? "true" :
								       "false");
				break;
			case EV_RETURN:
				printf(" return(%s)",
				       ev->call == RET_TRUE  ? "true" :
				       ev->call == RET_FALSE ? "false" :
							       "?");
				break;
			case EV_PARAM_TRUE:
			case EV_PARAM_FALSE:
				printf(" %s%s%d",
				       ev->kind == EV_PARAM_TRUE ? "" : "!",
				       ev->call < 32 ? "param" : "local",
				       ev->call < 32 ? ev->call :
						       ev->call - 32);
				break;
			case EV_WRITE:
			case EV_CHANGED:
				printf(" %s:value%d",
				       ev->kind == EV_WRITE ? "write" :
							      "changed",
				       ev->call);
				break;
			case EV_PARAM_EQ:
			case EV_PARAM_NE:
				printf(" param%d%s%lld", ev->call,
				       ev->kind == EV_PARAM_EQ ? "==" : "!=",
				       ev->value);
				break;
			case EV_ASSIGN:
				printf(" assign:%s%d",
				       ev->call < 32 ? "param" : "local",
				       ev->call < 32 ? ev->call :
						       ev->call - 32);
				break;
			case EV_PARAM_ANYBIT:
			case EV_PARAM_NOBIT:
				printf(" %s%s%d&%#llx",
				       ev->kind == EV_PARAM_ANYBIT ? "" : "!",
				       ev->call < 32 ? "param" : "local",
				       ev->call < 32 ? ev->call : ev->call - 32,
				       (unsigned long long)ev->value);
				break;
			case EV_STORE:
				printf(" store%d:%s%lld", ev->call,
				       ev->value < 32 ? "param" : "local",
				       ev->value < 32 ? ev->value :
							ev->value - 32);
				break;
			case EV_DEREF:
				printf(" deref:param%d", ev->call);
				break;
			case EV_UNEXPECTED:
				printf(" unexpected");
				break;
			case EV_FNPTR_SET:
			case EV_FNPTR_NULL: {
				size_t klen = 0;
				const char *key = fnptr_test_key(
					f->fnptr_tests, ev->call, &klen);

				printf(" %s%.*s",
				       ev->kind == EV_FNPTR_SET ? "" : "!",
				       key ? (int)klen : 1, key ? key : "?");
				break;
			}
			case EV_LOCAL_WRITE:
				printf(" write:identity%d", ev->call);
				break;
			}
		}
		printf(" ->");
		for (size_t s = 0; s < blk->succ.n; s++)
			printf(" B%d", blk->succ.v[s]);
		printf("\n");
	}
	/* the locals that hold a parameter's field as the caller passed it */
	for (const char *p = f->field_vars, *name;
	     field_var_next(&p, &idx, &param, &name, &len);)
		printf("  local%d: param%d->%.*s\n", idx - 32, param, (int)len,
		       name);
	if (f->field_writes)
		printf("  writes fields: %s\n", f->field_writes);
	cfg_free(&cfg);
}

static void print_flow(const struct model *m, const struct lock_summaries *sums,
		       const struct function_fact *f)
{
	static const char *const action[] = { [LOCK_ACQUIRE] = "takes",
					      [LOCK_RELEASE] = "releases",
					      [LOCK_TRY] = "may take" };

	printf("  returns: %s; held at return: ", f->returns ? "yes" : "never");
	print_ctx(f->exit_ctx);
	printf("; on every path: ");
	print_ctx(f->exit_must_ctx);
	printf("; releases what it did not take: ");
	print_ctx(f->released_unheld);
	printf("; releases where it may not hold: ");
	print_ctx(f->released_maybe);
	if (f->released_hidden) {
		printf("; releases what a callee took unseen: ");
		print_ctx(f->released_hidden);
	}
	if (f->release_if_true) {
		printf("; only where it returns true, releases: ");
		print_ctx(f->release_if_true);
	}
	if (f->release_if_false) {
		printf("; only where it returns false, releases: ");
		print_ctx(f->release_if_false);
	}
	if (f->exit_ctx & ~f->exit_must_ctx & ~f->exit_outcome_ctx) {
		printf("; held at no kind of return on every path: ");
		print_ctx(f->exit_ctx & ~f->exit_must_ctx &
			  ~f->exit_outcome_ctx);
	}
	if (f->take_if_false) {
		printf("; only where it returns false, holds: ");
		print_ctx(f->take_if_false);
	}
	printf("\n");
	for (int i = 0; i < f->ncalls; i++) {
		const struct call_fact *c = &m->calls.v[f->first_call + i];
		const struct lock_rule *rule;
		unsigned hides =
			summaries_call_hides(sums, m, f->first_call + i);

		printf("  %u %s%s%s: ", c->line,
		       c->text ? c->text : call_name(c),
		       c->reached ? "" : " (unreached)",
		       c->noreturn ? " (never returns)" : "");
		print_ctx(c->ctx);
		if (c->witness >= 0 && (c->ctx & CTX_ATOMIC_MASK))
			printf(" from %u", m->calls.v[c->witness].line);
		rule = c->lock_action < 0 ?
			       summaries_call_rule(sums, m, f->first_call + i) :
			       NULL;
		if (rule) {
			enum call_when when =
				summaries_call_when(sums, m, f->first_call + i);

			printf(" [its summary %s ", action[rule->action]);
			print_ctx(rule->ctx);
			printf("%s]",
			       when == WHEN_TRUE  ? " where it returns true" :
			       when == WHEN_FALSE ? " where it returns false" :
						    "");
		}
		if (hides) {
			printf(" [may return holding unseen: ");
			print_ctx(hides);
			printf("]");
		}
		printf("\n");
	}
}

static int run_debug(struct cmd_opts *o)
{
	struct gfp_table gfp = { 0 };
	struct store *s = NULL;
	struct model m;
	struct lock_summaries *sums = NULL;
	char *dbpath = NULL, *err = NULL;
	const char *what, *name;
	bool loaded = false;
	int status = 2, found = 0;

	if (o->nargs != 2 || (strcmp(o->args[0], "cfg") != 0 &&
			      strcmp(o->args[0], "flow") != 0)) {
		fprintf(stderr,
			"gfpcheck: usage: gfpcheck debug cfg|flow [--db FILE|-p DB] FUNCTION\n");
		goto out;
	}
	what = o->args[0];
	name = o->args[1];
	dbpath = options_db_path(o);
	if (access(dbpath, R_OK) != 0) {
		fprintf(stderr,
			"gfpcheck: no database %s: run 'gfpcheck scan' first\n",
			dbpath);
		goto out;
	}
	s = store_open_mode(dbpath, true, &err);
	if (!s) {
		fprintf(stderr, "gfpcheck: %s\n", err);
		goto out;
	}
	if (options_load_rules(o) != 0)
		goto out;
	if (store_load_gfp_table(s, &gfp) < 0) {
		fprintf(stderr,
			"gfpcheck: %s holds no GFP values (an empty scan?)\n",
			dbpath);
		goto out;
	}
	if (model_load(&m, s, o->rules, &gfp) < 0) {
		fprintf(stderr, "gfpcheck: cannot load the facts of %s\n",
			dbpath);
		goto out;
	}
	loaded = true;
	if (strcmp(what, "flow") == 0) {
		summaries_apply(&m); /* warns itself if they do not settle */
		sums = summaries_new(&m);
	}
	for (size_t i = 0; i < m.fns.n; i++) {
		const struct function_fact *f = &m.fns.v[i];

		if (strcmp(f->name, name) != 0)
			continue;
		printf("%s (%s:%u)\n", f->name, f->file, f->line);
		if (strcmp(what, "cfg") == 0)
			print_cfg(&m, f);
		else
			print_flow(&m, sums, f);
		found++;
	}
	if (!found)
		fprintf(stderr, "gfpcheck: no function '%s' in %s\n", name,
			dbpath);
	status = found ? 0 : 1;
out:
	summaries_free(sums);
	if (loaded)
		model_free(&m);
	gfp_table_free(&gfp);
	store_close(s);
	free(dbpath);
	free(err);
	return status;
}

const struct command cmd_debug = {
	.name = "debug",
	.synopsis = "debug cfg|flow [--db FILE|-p DB] FUNCTION",
	.help = "What the engine saw in each function of that name in a scanned tree: 'cfg' its\n"
		"control-flow graph (blocks, calls, tests, successors); 'flow' the context at each\n"
		"call after the callee summaries, with the call that took it, and what the\n"
		"function holds at return.\n"
		"  -p, --db, --rules, --rules-dir as for scan\n",
	.options = OPT(OPT_COMPDB) | OPT(OPT_DB) | OPT(OPT_RULES) |
		   OPT(OPT_RULES_DIR),
	.run = run_debug,
};
