// SPDX-License-Identifier: GPL-2.0
/* gfpcheck diff, the pre-commit check: updates the fact database with the
 * change under review (the staged index, the work tree, or a revision,
 * handed to the parser as overlays), then reports only the findings that
 * are new since the last full scan (the reference) and touch a changed
 * line, at the finding or anywhere on its chain, so a lock added in a
 * caller counts. */
#include "command.h"
#include "git.h"
#include "scan.h"
#include "store.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct line_range {
	char *file; /* absolute */
	unsigned first, last;
};

/* The change under review, and the reference it is compared with */
struct diff_ctx {
	VEC(struct line_range) changed;
	struct strset
		*reference; /* fingerprints of the last full scan's findings */
	VEC(struct overlay_file) overlay;
	VEC(char *) sources; /* changed .c files, absolute */
};

/*
 * What is checked, and against what:
 *   staged  the index against HEAD (the plain hook, pre-commit on a commit)
 *   rev     the work tree against `from`
 *   range   `to` against `from` (pre-commit --from-ref/--to-ref, diff A B)
 */
enum diff_mode { DIFF_STAGED, DIFF_WORKTREE, DIFF_RANGE };

struct diff_spec {
	enum diff_mode mode;
	const char *from, *to;
};

/* `git -C TOP diff ARGS [A [B]] -- C sources` (revisions quoted; NULL:
 * absent), as a command line the caller frees. */
static char *git_diff_cmd(const char *top, const char *args, const char *a,
			  const char *b)
{
	char *qt = shell_quote(top), *qa = a ? shell_quote(a) : xstrdup(""),
	     *qb = b ? shell_quote(b) : xstrdup("");
	char *cmd = xasprintf(
		"git -C %s diff --no-color --no-ext-diff %s %s %s -- '*.c' '*.h' 2>/dev/null",
		qt, args, qa, qb);

	free(qt), free(qa), free(qb);
	return cmd;
}

/* Changed line ranges of C sources, from `git diff -U0` of the spec. */
static int changed_lines(struct diff_ctx *d, const char *top,
			 const struct diff_spec *sp)
{
	char *cmd = sp->mode == DIFF_STAGED ?
			    git_diff_cmd(top, "-U0 --cached", NULL, NULL) :
			    git_diff_cmd(top, "-U0", sp->from, sp->to);
	char *out = command_output(cmd, NULL), *save = NULL, *file = NULL;

	free(cmd);
	if (!out)
		return -1;
	for (char *l = strtok_r(out, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		unsigned start, count = 1;

		if (strncmp(l, "+++ ", 4) == 0) {
			free(file);
			file = strncmp(l + 4, "b/", 2) == 0 ?
				       xasprintf("%s/%s", top, l + 6) :
				       NULL;
			if (file && strlen(file) > 2 &&
			    strcmp(file + strlen(file) - 2, ".c") == 0)
				VEC_PUSH(d->sources, xstrdup(file));
			continue;
		}
		if (!file || strncmp(l, "@@ ", 3) != 0)
			continue;
		{
			char *plus = strchr(l + 3, '+');

			if (!plus ||
			    sscanf(plus + 1, "%u,%u", &start, &count) < 1)
				continue;
		}
		/* a pure deletion touches the line it was removed before */
		struct line_range r = { xstrdup(file), start ? start : 1,
					start + (count ? count - 1 : 0) };

		VEC_PUSH(d->changed, r);
	}
	free(file);
	free(out);
	return 0;
}

/*
 * The staged index, or the revision `to`, is what gets analysed: every C
 * file whose content there differs from the work tree is handed to the
 * parser with that content.  Files absent there are left as they are.
 */
static int collect_overlay(struct diff_ctx *d, const char *top,
			   const struct diff_spec *sp)
{
	char *cmd, *names, *qt;
	size_t len, at;

	if (sp->mode == DIFF_WORKTREE)
		return 0;
	/* staged: the index against the work tree; range: `to` against it */
	cmd = git_diff_cmd(top, "--name-only -z",
			   sp->mode == DIFF_RANGE ? sp->to : NULL, NULL);
	names = command_output(cmd, &len);
	free(cmd);
	if (!names)
		return -1;
	qt = shell_quote(top);
	for (at = 0; at < len; at += strlen(names + at) + 1) {
		const char *name = names + at;
		char *spec = xasprintf(
			"%s:%s", sp->mode == DIFF_RANGE ? sp->to : "", name);
		char *qs = shell_quote(spec);
		char *show = xasprintf("git -C %s show %s 2>/dev/null", qt, qs);
		struct overlay_file f = { xasprintf("%s/%s", top, name), NULL,
					  0 };

		f.text = command_output(show, &f.len);
		free(show), free(qs), free(spec);
		if (!f.text) {
			free(f.path); /* not there: the work tree's file stays */
			continue;
		}
		VEC_PUSH(d->overlay, f);
	}
	free(qt);
	free(names);
	return 0;
}

static bool in_changed(const struct diff_ctx *d, const char *file,
		       unsigned line)
{
	for (size_t i = 0; i < d->changed.n; i++) {
		const struct line_range *r = &d->changed.v[i];

		if (line >= r->first && line <= r->last &&
		    strcmp(r->file, file) == 0)
			return true;
	}
	return false;
}

/* New since the reference scan, and touching a changed line. */
static bool keep_new(void *ctx, const struct finding *f)
{
	const struct diff_ctx *d = ctx;

	if (f->fingerprint && d->reference &&
	    strset_has(d->reference, f->fingerprint))
		return false;
	if (in_changed(d, f->file, f->line))
		return true;
	for (size_t i = 0; i < f->trace.n; i++)
		if (in_changed(d, f->trace.v[i].file, f->trace.v[i].line))
			return true;
	return false;
}

static int diff_error(const char *msg, const char *arg)
{
	fprintf(stderr, "gfpcheck: ");
	fprintf(stderr, msg, arg);
	fputc('\n', stderr);
	return 2;
}

static void diff_ctx_free(struct diff_ctx *d)
{
	for (size_t i = 0; i < d->changed.n; i++)
		free(d->changed.v[i].file);
	VEC_FREE(d->changed);
	for (size_t i = 0; i < d->overlay.n; i++)
		free(d->overlay.v[i].path), free(d->overlay.v[i].text);
	VEC_FREE(d->overlay);
	for (size_t i = 0; i < d->sources.n; i++)
		free(d->sources.v[i]);
	VEC_FREE(d->sources);
	strset_free(d->reference);
}

/* Non-empty environment variable, or NULL. */
static const char *env_ref(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* Updates the database with the tree as `d`'s overlays make it; the
 * reference stays the last full scan's. */
static int update(const struct cmd_opts *o, const struct diff_ctx *d,
		  const char *db, struct scan_result *res)
{
	struct scan_update_args u = {
		.compdb = o->compdb,
		.db = db,
		.rules = o->rules,
		.jobs = o->jobs,
		.quiet = o->quiet,
		.overlay = d->overlay.v,
		.noverlay = d->overlay.n,
		.expected_sources = (const char *const *)d->sources.v,
		.nexpected_sources = d->sources.n,
	};

	return scan_update(&u, res);
}

/* The change: updates the database with it, then reports what it adds
 * to the reference on the lines it changes. */
static int check_change(struct cmd_opts *o, struct diff_ctx *d)
{
	struct scan_result res = { 0 };
	char *db = NULL;
	int status = 2;

	if (options_load_config(o->compdb) != 0 || options_load_rules(o) != 0)
		return 2;
	db = options_db_path(o);
	/* without the reference every finding of the tree would be new */
	if (access(db, R_OK) != 0) {
		fprintf(stderr,
			"gfpcheck: no fact database %s yet: run 'gfpcheck scan -p %s' once"
			" (a whole tree takes a while), then changes are checked incrementally\n",
			db, o->compdb);
		goto out;
	}
	if (update(o, d, db, &res) != 0)
		goto out;
	d->reference = store_reference(res.store);
	o->report.keep = keep_new;
	o->report.keep_ctx = d;
	status = scan_report(&res, &o->report, o->quiet, o->max_parse_failures);
out:
	scan_result_free(&res);
	free(db);
	return status;
}

/*
 * pre-commit's `--all-files` passes every file and stages nothing: the
 * whole tree is checked, with every finding under the files it named.
 */
static int check_all_files(struct cmd_opts *o, const struct diff_ctx *none)
{
	struct report_opts *r = &o->report;
	struct scan_result res = { 0 };
	char *db;
	int status = 2;

	r->paths = xcalloc((size_t)o->nargs + 1, sizeof(char *));
	for (int i = 0; i < o->nargs; i++) {
		char real[PATH_MAX];

		if (realpath(o->args[i], real))
			r->paths[r->npaths++] = xstrdup(real);
	}
	if (!r->npaths)
		return 0;
	if (options_load_config(o->compdb) != 0 || options_load_rules(o) != 0)
		return 2;
	db = options_db_path(o);
	if (update(o, none, db, &res) == 0)
		status = scan_report(&res, r, o->quiet, o->max_parse_failures);
	scan_result_free(&res);
	free(db);
	return status;
}

static int run_diff(struct cmd_opts *o)
{
	struct diff_ctx d = { 0 };
	struct diff_spec sp = { DIFF_STAGED, NULL, NULL };
	char *top = git_toplevel();
	int status;

	if (!top)
		return diff_error("diff: not inside a git repository%s", "");
	if (!o->compdb)
		o->compdb = top;
	/* paths in the report are relative to the repository by default */
	if (!o->root)
		o->root = top;
	status = options_prepare_report(o);
	if (status != 0)
		goto out;
	if (o->pre_commit) {
		/* the framework: a range from --from-ref/--to-ref, else the
		 * staged change, else (--all-files) the files it names */
		sp.from = env_ref("PRE_COMMIT_FROM_REF");
		sp.to = env_ref("PRE_COMMIT_TO_REF");
		if (sp.from && sp.to)
			sp.mode = DIFF_RANGE;
		else {
			char *cmd = git_diff_cmd(top, "--cached --quiet", NULL,
						 NULL);
			char *check =
				xasprintf("%s >/dev/null || echo staged", cmd);
			char *staged = command_output(check, NULL);

			free(check);
			free(cmd);
			if (staged && !*staged) {
				free(staged);
				status = check_all_files(o, &d);
				goto out;
			}
			free(staged);
		}
	} else if (o->nargs > 0) {
		sp.from = o->args[0];
		sp.mode = DIFF_WORKTREE;
		if (o->nargs > 1) {
			sp.to = o->args[1];
			sp.mode = DIFF_RANGE;
		}
		if (o->nargs > 2) {
			status = diff_error(
				"diff: at most two revisions, not '%s'",
				o->args[2]);
			goto out;
		}
	}
	if (changed_lines(&d, top, &sp) < 0 ||
	    collect_overlay(&d, top, &sp) < 0) {
		status = diff_error("diff: 'git diff' failed%s",
				    sp.from ? " (unknown revision?)" : "");
		goto out;
	}
	status = d.changed.n ? check_change(o, &d) : 0;
	if (status == 1 && !o->quiet)
		fprintf(stderr,
			"gfpcheck: the change adds the findings above; fix them, or suppress one with"
			" /* gfpcheck: ignore RULE -- reason */\n");
out:
	diff_ctx_free(&d);
	if (o->compdb == top)
		o->compdb = NULL;
	if (o->root == top)
		o->root = NULL;
	free(top);
	return status;
}

const struct command cmd_diff = {
	.name = "diff",
	.synopsis = "diff [-p DB] [--pre-commit] [REV [REV2]]",
	.help = "The pre-commit check: re-scans what changed and reports only the findings the\n"
		"change adds.  Without REV: the staged index against HEAD; REV: the work tree\n"
		"against REV; REV REV2: REV2 against REV.  --pre-commit: as the pre-commit\n"
		"framework's hook (PRE_COMMIT_FROM_REF/TO_REF, or the files it passes).\n"
		"  -p, --db, -j, --max-parse-failures, --parse-timeout as for scan\n",
	.options = OPTS_REPORT | OPT(OPT_COMPDB) | OPT(OPT_DB) | OPT(OPT_JOBS) |
		   OPT(OPT_MAX_PARSE_FAILURES) | OPT(OPT_PRE_COMMIT) |
		   OPT(OPT_PARSE_TIMEOUT),
	.supervised = true,
	.run = run_diff,
};
