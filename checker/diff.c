// SPDX-License-Identifier: GPL-2.0
#include "diff.h"
#include "options.h"
#include "report.h"
#include "scan.h"
#include "store.h"
#include "supervise.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct line_range {
	char *file;		/* absolute */
	unsigned first, last;
};

struct diff_ctx {
	VEC(struct line_range) changed;
	struct strset *reference;
	VEC(struct overlay_file) overlay;
	VEC(char *) sources;	/* changed .c files, absolute */
};

/* Runs a command and returns its whole output (its length in *len), or
 * NULL if it failed. */
static char *run_output_len(const char *cmd, size_t *len)
{
	FILE *p = popen(cmd, "r");
	struct strbuf sb = { 0 };
	char buf[4096];
	size_t n;

	if (!p)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		sb_addn(&sb, buf, n);
	if (pclose(p) != 0) {
		sb_free(&sb);
		return NULL;
	}
	if (len)
		*len = sb.len;
	return sb.s ? sb_take(&sb) : xstrdup("");
}

static char *run_output(const char *cmd)
{
	return run_output_len(cmd, NULL);
}

static char *shell_quote(const char *s)
{
	struct strbuf sb = { 0 };

	sb_add(&sb, "'");
	for (; *s; s++) {
		if (*s == '\'')
			sb_add(&sb, "'\\''");
		else
			sb_addn(&sb, s, 1);
	}
	sb_add(&sb, "'");
	return sb_take(&sb);
}

static char *git_toplevel(void)
{
	char *out = run_output("git rev-parse --show-toplevel 2>/dev/null");
	char real[PATH_MAX];

	if (out && strchr(out, '\n'))
		*strchr(out, '\n') = '\0';
	if (out && !*out) {
		free(out);
		out = NULL;
	}
	/* the compile database names files by their real path */
	if (out && realpath(out, real)) {
		free(out);
		out = xstrdup(real);
	}
	return out;
}

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
static char *git_diff_cmd(const char *top, const char *args, const char *a, const char *b)
{
	char *qt = shell_quote(top), *qa = a ? shell_quote(a) : xstrdup(""), *qb = b ? shell_quote(b) : xstrdup("");
	char *cmd = xasprintf("git -C %s diff --no-color --no-ext-diff %s %s %s -- '*.c' '*.h' 2>/dev/null",
			      qt, args, qa, qb);

	free(qt), free(qa), free(qb);
	return cmd;
}

/* Changed line ranges of C sources, from `git diff -U0` of the spec. */
static int changed_lines(struct diff_ctx *d, const char *top, const struct diff_spec *sp)
{
	char *cmd = sp->mode == DIFF_STAGED ? git_diff_cmd(top, "-U0 --cached", NULL, NULL)
					    : git_diff_cmd(top, "-U0", sp->from, sp->to);
	char *out = run_output(cmd), *save = NULL, *file = NULL;

	free(cmd);
	if (!out)
		return -1;
	for (char *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		unsigned start, count = 1;

		if (strncmp(l, "+++ ", 4) == 0) {
			free(file);
			file = strncmp(l + 4, "b/", 2) == 0 ? xasprintf("%s/%s", top, l + 6) : NULL;
			if (file && strlen(file) > 2 && strcmp(file + strlen(file) - 2, ".c") == 0)
				VEC_PUSH(d->sources, xstrdup(file));
			continue;
		}
		if (!file || strncmp(l, "@@ ", 3) != 0)
			continue;
		{
			char *plus = strchr(l + 3, '+');

			if (!plus || sscanf(plus + 1, "%u,%u", &start, &count) < 1)
				continue;
		}
		/* a pure deletion touches the line it was removed before */
		struct line_range r = { xstrdup(file), start ? start : 1, start + (count ? count - 1 : 0) };

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
static int collect_overlay(struct diff_ctx *d, const char *top, const struct diff_spec *sp)
{
	char *cmd, *names, *qt;
	size_t len, at;

	if (sp->mode == DIFF_WORKTREE)
		return 0;
	/* staged: the index against the work tree; range: `to` against it */
	cmd = git_diff_cmd(top, "--name-only -z", sp->mode == DIFF_RANGE ? sp->to : NULL, NULL);
	names = run_output_len(cmd, &len);
	free(cmd);
	if (!names)
		return -1;
	qt = shell_quote(top);
	for (at = 0; at < len; at += strlen(names + at) + 1) {
		const char *name = names + at;
		char *spec = xasprintf("%s:%s", sp->mode == DIFF_RANGE ? sp->to : "", name);
		char *qs = shell_quote(spec);
		char *show = xasprintf("git -C %s show %s 2>/dev/null", qt, qs);
		struct overlay_file f = { xasprintf("%s/%s", top, name), NULL, 0 };

		f.text = run_output_len(show, &f.len);
		free(show), free(qs), free(spec);
		if (!f.text) {
			free(f.path);	/* not there: the work tree's file stays */
			continue;
		}
		VEC_PUSH(d->overlay, f);
	}
	free(qt);
	free(names);
	return 0;
}

static bool in_changed(const struct diff_ctx *d, const char *file, unsigned line)
{
	for (size_t i = 0; i < d->changed.n; i++) {
		const struct line_range *r = &d->changed.v[i];

		if (line >= r->first && line <= r->last && strcmp(r->file, file) == 0)
			return true;
	}
	return false;
}

/* New since the reference scan, and touching a changed line. */
static bool keep_new(void *ctx, const struct finding *f)
{
	const struct diff_ctx *d = ctx;

	if (f->fingerprint && d->reference && strset_has(d->reference, f->fingerprint))
		return false;
	if (in_changed(d, f->file, f->line))
		return true;
	for (size_t i = 0; i < f->trace.n; i++)
		if (in_changed(d, f->trace.v[i].file, f->trace.v[i].line))
			return true;
	return false;
}

static void load_reference(void *ctx, struct store *s)
{
	struct diff_ctx *d = ctx;

	d->reference = store_reference(s);
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

/*
 * pre-commit's `--all-files` passes every file and stages nothing: the
 * whole tree is checked, with every finding under the files it named.
 */
static int check_all_files(struct scan_opts *o, char **files, int nfiles)
{
	int status;

	o->report.paths = xcalloc((size_t)nfiles + 1, sizeof(char *));
	for (int i = 0; i < nfiles; i++) {
		char real[PATH_MAX];

		if (realpath(files[i], real))
			o->report.paths[o->report.npaths++] = xstrdup(real);
	}
	o->need_existing_db = false;
	status = o->report.npaths ? scan_main(o) : 0;
	return status;
}

int diff_main(int argc, char **argv)
{
	const unsigned accepted = OPTS_REPORT | OPT(OPT_COMPDB) | OPT(OPT_DB) | OPT(OPT_JOBS) |
				  OPT(OPT_MAX_PARSE_FAILURES) | OPT(OPT_PRE_COMMIT) | OPT(OPT_PARSE_TIMEOUT);
	struct cmd_opts opts = { .scan = { .keep_reference = true, .need_existing_db = true } };
	struct scan_opts *o = &opts.scan;
	struct diff_ctx d = { 0 };
	struct diff_spec sp = { DIFF_STAGED, NULL, NULL };
	char *top = git_toplevel();
	int status, first;

	if (!top)
		return diff_error("diff: not inside a git repository%s", "");
	status = options_parse(&opts, "diff", accepted, argc, argv);
	first = opts.first_arg;
	if (status != 0)
		goto out;
	/* as scan: the parsing runs in a watched child */
	if ((status = supervise(opts.parse_timeout)) >= 0)
		goto out;
	status = 0;
	if (!o->compdb)
		o->compdb = top;
	/* paths in the report are relative to the repository by default */
	if (!opts.root)
		opts.root = top;
	status = options_prepare_report(&opts);
	if (status != 0)
		goto out;
	if (opts.pre_commit) {
		/* the framework: a range from --from-ref/--to-ref, else the
		 * staged change, else (--all-files) the files it names */
		sp.from = env_ref("PRE_COMMIT_FROM_REF");
		sp.to = env_ref("PRE_COMMIT_TO_REF");
		if (sp.from && sp.to)
			sp.mode = DIFF_RANGE;
		else {
			char *cmd = git_diff_cmd(top, "--cached --quiet", NULL, NULL);
			char *check = xasprintf("%s >/dev/null || echo staged", cmd);
			char *staged = run_output(check);

			free(check);
			free(cmd);
			if (staged && !*staged) {
				free(staged);
				status = check_all_files(o, argv + first, argc - first);
				goto out;
			}
			free(staged);
		}
	} else if (first < argc) {
		sp.from = argv[first];
		sp.mode = DIFF_WORKTREE;
		if (first + 1 < argc) {
			sp.to = argv[first + 1];
			sp.mode = DIFF_RANGE;
		}
		if (first + 2 < argc) {
			status = diff_error("diff: at most two revisions, not '%s'", argv[first + 2]);
			goto out;
		}
	}
	if (changed_lines(&d, top, &sp) < 0 || collect_overlay(&d, top, &sp) < 0) {
		status = diff_error("diff: 'git diff' failed%s", sp.from ? " (unknown revision?)" : "");
		goto out;
	}
	o->overlay = d.overlay.v;
	o->noverlay = d.overlay.n;
	o->expected_sources = (const char *const *)d.sources.v;
	o->nexpected_sources = d.sources.n;
	o->report.keep = keep_new;
	o->report.keep_ctx = &d;
	o->before_report = load_reference;
	o->before_report_ctx = &d;
	status = d.changed.n ? scan_main(o) : 0;
	if (status == 1 && !o->quiet)
		fprintf(stderr, "gfpcheck: the change adds the findings above; fix them, or suppress one with"
			" /* gfpcheck: ignore RULE -- reason */\n");
out:
	diff_ctx_free(&d);
	options_free(&opts);
	free(top);
	return status;
}

#define HOOK_MARK "# written by 'gfpcheck hook install'"

int hook_main(int argc, char **argv)
{
	char exe[PATH_MAX], *top, *hooks, *path, *compdb;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct cmd_opts o = { 0 };
	struct stat st;
	bool force;
	FILE *f;

	if (options_parse(&o, "hook", OPT(OPT_COMPDB) | OPT(OPT_FORCE), argc, argv) != 0)
		return 2;
	force = o.force;
	if (o.first_arg != argc - 1 || strcmp(argv[o.first_arg], "install") != 0)
		return diff_error("usage: gfpcheck hook install [-p DIR] [--force]%s", "");
	top = git_toplevel();
	if (!top || n <= 0) {
		free(top);
		return diff_error("hook: not inside a git repository%s", "");
	}
	exe[n] = '\0';
	compdb = o.scan.compdb ? realpath(o.scan.compdb, NULL) : xstrdup(top);
	if (!compdb) {
		free(top);
		return diff_error("hook: no such directory '%s'", o.scan.compdb);
	}
	hooks = run_output("git rev-parse --git-path hooks");
	if (hooks && strchr(hooks, '\n'))
		*strchr(hooks, '\n') = '\0';
	path = xasprintf("%s/pre-commit", hooks && *hooks ? hooks : ".git/hooks");
	if (stat(path, &st) == 0 && !force) {
		char *old = read_whole_file(path, NULL);
		bool ours = old && strstr(old, HOOK_MARK);

		free(old);
		if (!ours) {
			fprintf(stderr, "gfpcheck: %s exists and is not ours; use --force to replace it\n", path);
			free(path), free(hooks), free(top), free(compdb);
			return 2;
		}
	}
	mkdir(hooks && *hooks ? hooks : ".git/hooks", 0755);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gfpcheck: cannot write %s: %s\n", path, strerror(errno));
		free(path), free(hooks), free(top), free(compdb);
		return 2;
	}
	fprintf(f, "#!/bin/sh\n%s\n# Fails the commit on GFP misuse the change introduces.\n"
		"exec '%s' diff -p '%s'\n", HOOK_MARK, exe, compdb);
	fclose(f);
	chmod(path, 0755);
	printf("gfpcheck: installed %s\n", path);
	free(path), free(hooks), free(top), free(compdb);
	return 0;
}
