// SPDX-License-Identifier: GPL-2.0
/* gfpcheck hook install: a git pre-commit hook that runs gfpcheck diff. */
#include "command.h"
#include "git.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HOOK_MARK "# written by 'gfpcheck hook install'"

static int run_hook(struct cmd_opts *o)
{
	char exe[PATH_MAX], *top = NULL, *hooks = NULL, *path = NULL,
			    *compdb = NULL;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *dir;
	struct stat st;
	int status = 2;
	FILE *f;

	if (o->nargs != 1 || strcmp(o->args[0], "install") != 0) {
		fprintf(stderr,
			"gfpcheck: usage: gfpcheck hook install [-p DIR] [--force]\n");
		return 2;
	}
	top = git_toplevel();
	if (!top || n <= 0) {
		fprintf(stderr,
			"gfpcheck: hook: not inside a git repository\n");
		goto out;
	}
	exe[n] = '\0';
	compdb = o->compdb ? realpath(o->compdb, NULL) : xstrdup(top);
	if (!compdb) {
		fprintf(stderr, "gfpcheck: hook: no such directory '%s'\n",
			o->compdb);
		goto out;
	}
	hooks = command_output("git rev-parse --git-path hooks", NULL);
	if (hooks && strchr(hooks, '\n'))
		*strchr(hooks, '\n') = '\0';
	dir = hooks && *hooks ? hooks : ".git/hooks";
	path = xasprintf("%s/pre-commit", dir);
	if (stat(path, &st) == 0 && !o->force) {
		char *old = read_whole_file(path, NULL);
		bool ours = old && strstr(old, HOOK_MARK);

		free(old);
		if (!ours) {
			fprintf(stderr,
				"gfpcheck: %s exists and is not ours; use --force to replace it\n",
				path);
			goto out;
		}
	}
	mkdir(dir, 0755);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gfpcheck: cannot write %s: %s\n", path,
			strerror(errno));
		goto out;
	}
	fprintf(f,
		"#!/bin/sh\n%s\n# Fails the commit on GFP misuse the change introduces.\n"
		"exec '%s' diff -p '%s'\n",
		HOOK_MARK, exe, compdb);
	fclose(f);
	chmod(path, 0755);
	printf("gfpcheck: installed %s\n", path);
	status = 0;
out:
	free(path);
	free(hooks);
	free(top);
	free(compdb);
	return status;
}

const struct command cmd_hook = {
	.name = "hook",
	.synopsis = "hook install [-p DIR] [--force]",
	.help = "Writes a git pre-commit hook that runs 'gfpcheck diff'.\n"
		"  -p DIR             the directory of the compile database (default: the repository)\n"
		"  --force            replace a pre-commit hook that gfpcheck did not write\n",
	.options = OPT(OPT_COMPDB) | OPT(OPT_FORCE),
	.run = run_hook,
};
