// SPDX-License-Identifier: GPL-2.0
/* gfpcheck explain FILE:LINE: the stored findings at a line, with their
 * chains, then each rule's page: why it matters and the fix. */
#include "command.h"
#include "store.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* FILE:LINE or FILE:LINE:COL (as findings print them): cuts `where` to
 * FILE and sets *line. */
static int parse_location(char *where, int *line)
{
	char *colon = strrchr(where, ':'), *prev;
	int n, col;

	if (!colon || !parse_int(colon + 1, 1, INT_MAX, &n))
		return -1;
	*colon = '\0';
	prev = strrchr(where, ':');
	if (prev && parse_int(prev + 1, 1, INT_MAX, line) &&
	    parse_int(colon + 1, 1, INT_MAX, &col)) {
		*prev = '\0';
		return 0;
	}
	*line = n;
	return 0;
}

/* A part of a rule page, from the line that starts with `from` (after
 * its newline): the section under a heading, up to the next "## " (`why`),
 * or that line and the code block after it ("Fixed (...):" and the fixed
 * code).  NULL if the page has none. */
static char *page_part(const char *page, const char *from, bool code_block)
{
	const char *start = strstr(page, from), *end, *fence;

	if (!start)
		return NULL;
	start++;
	if (!code_block) {
		if (!(start = strchr(start, '\n')))
			return NULL;
		while (*start == '\n')
			start++;
		end = strstr(start, "\n## ");
		end = end ? end : start + strlen(start);
	} else {
		fence = strstr(start, "```");
		end = fence ? strstr(fence + 3, "```") : NULL;
		if (!end)
			return NULL;
		end += 3;
	}
	while (end > start && end[-1] == '\n')
		end--;
	return xstrndup(start, (size_t)(end - start));
}

static void print_indented(const char *text)
{
	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);

		printf("%s%.*s\n", n ? "    " : "", (int)n, l);
		l += n + (nl != NULL);
	}
}

/* After explain's findings: each rule's reasoning and fix, from its page. */
static void print_rule_pages(const struct report_opts *r)
{
	for (int i = 0; r->help_dir && i < r->counts->nrules; i++) {
		char *path = xasprintf("%s/%s.md", r->help_dir,
				       r->counts->by_rule[i].rule);
		char *page = read_whole_file(path, NULL);
		char *why = page ? page_part(page, "\n## Why", false) : NULL;
		char *fix = page ? page_part(page, "\nFixed", true) : NULL;

		if (why) {
			printf("\n%s: why it matters (%s)\n",
			       r->counts->by_rule[i].rule, path);
			print_indented(why);
		}
		if (fix) {
			fputc('\n', stdout);
			print_indented(fix);
		}
		free(why);
		free(fix);
		free(page);
		free(path);
	}
}

/* explain reads stored findings: the kernel-API rules were applied by the
 * scan.  --rules and --rules-dir, when given, must be the scan's: the
 * findings shown are what those rules find, or an error says they are not. */
static int check_same_rules(struct store *s, struct cmd_opts *o,
			    const char *dbpath)
{
	const char *stored = store_meta(s, "rules_hash");
	int ret = 0;

	if (!o->nextra_rules && !o->rules_dir)
		return 0;
	if (options_load_rules(o) != 0)
		return 2;
	if (!stored || strcmp(stored, rules_fingerprint(o->rules)) != 0) {
		fprintf(stderr,
			"gfpcheck: explain: %s was scanned with other rules than --rules/--rules-dir"
			" name; scan again with them\n",
			dbpath);
		ret = 2;
	}
	return ret;
}

/* Prints the stored findings at one source line (theirs or a step of their
 * chain) with the whole chain, then each rule's reasoning and fix. */
static int run_explain(struct cmd_opts *o)
{
	struct report_opts *r = &o->report;
	char *where = NULL, *err = NULL, *dbpath = NULL, *compdb = NULL,
	     real[PATH_MAX];
	struct store *s = NULL;
	int n, status;

	if (o->nargs != 1)
		return usage_error("explain needs one FILE:LINE");
	where = xstrdup(o->args[0]);
	if (parse_location(where, &r->only_line) < 0) {
		status = usage_error(
			"explain: '%s' is not FILE:LINE or FILE:LINE:COL",
			o->args[0]);
		goto out;
	}
	if (!realpath(where, real)) {
		status = usage_error("no such file: '%s'", o->args[0]);
		goto out;
	}
	r->paths = xcalloc(1, sizeof(char *));
	r->paths[r->npaths++] = xstrdup(real);
	dbpath = options_db_path(o);
	if (access(dbpath, R_OK) != 0) {
		fprintf(stderr,
			"gfpcheck: no database %s: run 'gfpcheck scan' first\n",
			dbpath);
		status = 2;
		goto out;
	}
	/* the tree's configuration, as the scan that wrote the database read it */
	compdb = o->compdb ? xstrdup(o->compdb) : store_recorded_compdb(dbpath);
	if ((compdb && options_load_config(compdb) != 0) ||
	    options_prepare_report(o) != 0) {
		status = 2;
		goto out;
	}
	s = store_open_mode(dbpath, true, &err);
	if (!s) {
		fprintf(stderr, "gfpcheck: %s\n", err);
		status = 2;
		goto out;
	}
	status = check_same_rules(s, o, dbpath);
	if (status != 0)
		goto out;
	n = report(s, r);
	if (n == 0)
		fprintf(stderr, "gfpcheck: no finding at %s\n", o->args[0]);
	if (n > 0 && r->noutputs == 1 && r->outputs[0].format == FMT_TEXT &&
	    !r->outputs[0].path)
		print_rule_pages(r);
	status = n > 0 ? 1 : n == 0 ? 0 : 2;
out:
	store_close(s);
	free(where);
	free(err);
	free(dbpath);
	free(compdb);
	return status;
}

const struct command cmd_explain = {
	.name = "explain",
	.synopsis = "explain [--db FILE|-p DB] FILE:LINE[:COL]",
	.help = "Prints the stored findings at FILE:LINE (the finding's line or any step of its\n"
		"chain) with the whole chain, then why the rule matters and the fix.\n"
		"  -p, --db as for scan\n",
	.options = OPTS_REPORT | OPT(OPT_COMPDB) | OPT(OPT_DB),
	.run = run_explain,
};
