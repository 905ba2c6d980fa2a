// SPDX-License-Identifier: GPL-2.0
#include "diff.h"
#include "report.h"
#include "scan.h"
#include "store.h"
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
};

/* Runs a command and returns its whole output, or NULL if it failed. */
static char *run_output(const char *cmd)
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
	return sb_take(&sb);
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

	if (out && strchr(out, '\n'))
		*strchr(out, '\n') = '\0';
	if (out && !*out) {
		free(out);
		out = NULL;
	}
	return out;
}

/* Changed line ranges of C sources: `git diff -U0` of the index against
 * HEAD (what is about to be committed), or of the work tree against REV. */
static int changed_lines(struct diff_ctx *d, const char *top, const char *rev)
{
	char *q = rev ? shell_quote(rev) : NULL;
	char *cmd = xasprintf("git -C %s diff -U0 --no-color --no-ext-diff %s -- '*.c' '*.h' 2>/dev/null",
			      top, rev ? q : "--cached");
	char *out = run_output(cmd), *save = NULL, *file = NULL;

	free(cmd);
	free(q);
	if (!out)
		return -1;
	for (char *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		unsigned start, count = 1;

		if (strncmp(l, "+++ ", 4) == 0) {
			free(file);
			file = strncmp(l + 4, "b/", 2) == 0 ? xasprintf("%s/%s", top, l + 6) : NULL;
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

int diff_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct scan_opts o = { .keep_reference = true, .need_existing_db = true };
	struct report_counts counts = { 0 };
	struct diff_ctx d = { 0 };
	char *top = git_toplevel(), root[PATH_MAX];
	const char *rev = NULL;
	int c, status;

	if (!top)
		return diff_error("diff: not inside a git repository%s", "");
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":p:j:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o.compdb = optarg; break;
		case 'd': o.db = optarg; break;
		case 'j': o.jobs = atoi(optarg); break;
		case 'q': o.quiet = true; break;
		case 'f':
			if (report_format_parse(optarg, &o.report.format) < 0) {
				free(top);
				return diff_error("unknown format '%s'", optarg);
			}
			break;
		default:
			free(top);
			return diff_error("diff: bad option '%s' (see 'gfpcheck --help')", argv[optind - 1]);
		}
	}
	if (optind < argc)
		rev = argv[optind];
	if (!o.compdb)
		o.compdb = top;
	if (changed_lines(&d, top, rev) < 0) {
		free(top);
		return diff_error("diff: 'git diff' failed%s", rev ? " (unknown revision?)" : "");
	}
	o.report.root = realpath(top, root) ? root : top;
	o.report.counts = &counts;
	o.report.keep = keep_new;
	o.report.keep_ctx = &d;
	o.before_report = load_reference;
	o.before_report_ctx = &d;
	status = d.changed.n ? scan_main(&o) : 0;
	if (status == 1 && !o.quiet)
		fprintf(stderr, "gfpcheck: the change adds the findings above; fix them, or suppress one with"
			" /* gfpcheck: ignore RULE -- reason */\n");
	for (size_t i = 0; i < d.changed.n; i++)
		free(d.changed.v[i].file);
	VEC_FREE(d.changed);
	strset_free(d.reference);
	free(top);
	return status;
}

#define HOOK_MARK "# written by 'gfpcheck hook install'"

int hook_main(int argc, char **argv)
{
	char exe[PATH_MAX], *top = git_toplevel(), *hooks, *path, *compdb;
	bool force = argc > 2 && strcmp(argv[argc - 1], "--force") == 0;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct stat st;
	FILE *f;

	if (argc < 2 || strcmp(argv[1], "install") != 0)
		return diff_error("usage: gfpcheck hook install [-p DIR] [--force]%s", "");
	if (!top || n <= 0) {
		free(top);
		return diff_error("hook: not inside a git repository%s", "");
	}
	exe[n] = '\0';
	compdb = argc > 3 && strcmp(argv[2], "-p") == 0 ? realpath(argv[3], NULL) : xstrdup(top);
	if (!compdb) {
		free(top);
		return diff_error("hook: no such directory '%s'", argv[3]);
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
