// SPDX-License-Identifier: GPL-2.0
/* gfpcheck: finds GFP allocation-flag misuse in Linux kernel C code. */
#include "checks.h"
#include "debug.h"
#include "options.h"
#include "diff.h"
#include "merge.h"
#include "rules.h"
#include "ruleconf.h"
#include "scan.h"
#include "store.h"
#include "supervise.h"
#include "util.h"
#include "version.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *absolute_path(const char *p)
{
	char buf[PATH_MAX];

	return realpath(p, buf) ? xstrdup(buf) : NULL;
}

static int cmd_scan(int argc, char **argv)
{
	const unsigned accepted = OPTS_REPORT | OPT(OPT_COMPDB) | OPT(OPT_DB) | OPT(OPT_JOBS) | OPT(OPT_SHARD) |
				  OPT(OPT_WRITE_BASELINE) | OPT(OPT_MAX_PARSE_FAILURES) | OPT(OPT_PARSE_TIMEOUT);
	struct cmd_opts o = { 0 };
	struct report_opts *r = &o.scan.report;
	int status = options_parse(&o, "scan", accepted, argc, argv);

	/* the parsing runs in a watched child: one file that kills it is a
	 * parse failure, not the end of the scan */
	if (status == 0) {
		int supervised = supervise(o.parse_timeout);

		if (supervised >= 0) {
			options_free(&o);
			return supervised;
		}
	}
	if (status == 0 && !o.scan.compdb)
		status = usage_error("scan needs -p <compile_commands.json or its directory>");
	if (status == 0) {
		r->paths = xcalloc((size_t)(argc - o.first_arg) + 1, sizeof(char *));
		for (int i = o.first_arg; i < argc && status == 0; i++) {
			char *abs = absolute_path(argv[i]);

			if (!abs)
				status = usage_error("no such file or directory: '%s'", argv[i]);
			else
				r->paths[r->npaths++] = abs;
		}
	}
	if (status == 0)
		status = options_prepare_report(&o);
	if (status == 0)
		status = scan_main(&o.scan);
	options_free(&o);
	return status;
}

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
	if (prev && parse_int(prev + 1, 1, INT_MAX, line) && parse_int(colon + 1, 1, INT_MAX, &col)) {
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
		char *path = xasprintf("%s/%s.md", r->help_dir, r->counts->by_rule[i].rule);
		char *page = read_whole_file(path, NULL);
		char *why = page ? page_part(page, "\n## Why", false) : NULL;
		char *fix = page ? page_part(page, "\nFixed", true) : NULL;

		if (why) {
			printf("\n%s: why it matters (%s)\n", r->counts->by_rule[i].rule, path);
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

#define EXPLAIN_OPTS (OPTS_REPORT | OPT(OPT_COMPDB) | OPT(OPT_DB))

/* explain reads stored findings: the kernel-API rules were applied by the
 * scan.  --rules and --rules-dir, when given, must be the scan's: the
 * findings shown are what those rules find, or an error says they are not. */
static int check_same_rules(struct store *s, const struct cmd_opts *o, const char *dbpath)
{
	struct ruleset *rules;
	const char *stored = store_meta(s, "rules_hash");
	int ret = 0;

	if (!o->scan.nextra_rules && !o->scan.rules_dir)
		return 0;
	rules = scan_load_rules(&o->scan);
	if (!rules)
		return 2;
	if (!stored || strcmp(stored, rules_fingerprint(rules)) != 0) {
		fprintf(stderr, "gfpcheck: explain: %s was scanned with other rules than --rules/--rules-dir"
			" name; scan again with them\n", dbpath);
		ret = 2;
	}
	rules_free(rules);
	return ret;
}

/* Prints the stored findings at one source line (theirs or a step of their
 * chain) with the whole chain, then each rule's reasoning and fix. */
static int cmd_explain(int argc, char **argv)
{
	struct cmd_opts o = { 0 };
	struct report_opts *r = &o.scan.report;
	char *where = NULL, *err = NULL, *dbpath = NULL, *compdb = NULL;
	struct store *s = NULL;
	int n, status = options_parse(&o, "explain", EXPLAIN_OPTS, argc, argv);

	if (status != 0)
		goto out;
	if (o.first_arg != argc - 1) {
		status = usage_error("explain needs one FILE:LINE");
		goto out;
	}
	where = xstrdup(argv[o.first_arg]);
	if (parse_location(where, &r->only_line) < 0) {
		status = usage_error("explain: '%s' is not FILE:LINE or FILE:LINE:COL", argv[o.first_arg]);
		goto out;
	}
	r->paths = xcalloc(1, sizeof(char *));
	r->paths[0] = absolute_path(where);
	if (!r->paths[0]) {
		status = usage_error("no such file: '%s'", argv[o.first_arg]);
		goto out;
	}
	r->npaths = 1;
	dbpath = o.scan.db ? xstrdup(o.scan.db) : scan_default_db(o.scan.compdb ? o.scan.compdb : ".");
	if (access(dbpath, R_OK) != 0) {
		fprintf(stderr, "gfpcheck: no database %s: run 'gfpcheck scan' first\n", dbpath);
		status = 2;
		goto out;
	}
	/* the tree's configuration, as the scan that wrote the database read it */
	compdb = o.scan.compdb ? xstrdup(o.scan.compdb) : store_recorded_compdb(dbpath);
	if ((compdb && scan_load_tree_config(compdb) < 0) || options_prepare_report(&o) != 0) {
		status = 2;
		goto out;
	}
	s = store_open_mode(dbpath, true, &err);
	if (!s) {
		fprintf(stderr, "gfpcheck: %s\n", err);
		status = 2;
		goto out;
	}
	status = check_same_rules(s, &o, dbpath);
	if (status != 0)
		goto out;
	n = report(s, r);
	if (n == 0)
		fprintf(stderr, "gfpcheck: no finding at %s\n", argv[o.first_arg]);
	if (n > 0 && r->noutputs == 1 && r->outputs[0].format == FMT_TEXT && !r->outputs[0].path)
		print_rule_pages(r);
	status = n > 0 ? 1 : n == 0 ? 0 : 2;
out:
	store_close(s);
	free(where);
	free(err);
	free(dbpath);
	free(compdb);
	options_free(&o);
	return status;
}

static int cmd_rules(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return usage_error("rules takes no arguments");
	for (int i = 0; i < check_count; i++)
		printf("%-24s %-8s %s\n", check_defs[i]->id, severity_name(check_defs[i]->severity),
		       check_defs[i]->summary);
	return 0;
}

static int cmd_version(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("gfpcheck %s\n", GFPCHECK_VERSION);
	return 0;
}

static const char report_options_help[] =
	"report options (the same in scan, diff, merge and explain):\n"
	"  --format FMT       text (default), json, sarif, github or gitlab\n"
	"  -o, --output FILE  write the last --format to FILE instead of stdout; repeat\n"
	"                     '--format FMT -o FILE' to write several formats in one run\n"
	"  --root DIR         tree root that sarif/github/gitlab paths are relative to (default: .)\n"
	"  --rules FILE       load extra kernel-API rules (repeatable; explain checks that\n"
	"                     the database was scanned with them)\n"
	"  --rules-dir DIR    rules directory (default: the bundled rules/)\n"
	"  --enable ID[,ID]   --disable ID[,ID]   --severity ID:LEVEL\n"
	"                     choose and re-grade rules (an id, a pattern like 'gfp-*', or 'all');\n"
	"                     also from a .gfpcheck file beside the compile database, which can\n"
	"                     name rules files too (see docs/rules/README.md)\n"
	"  --baseline FILE    report only findings not in this baseline (matched by fingerprint)\n"
	"  --fail-on SEV      exit status 1 only for findings of severity SEV or above: note,\n"
	"                     warning (default: notes inform without failing), error, never\n"
	"  -q, --quiet        no summary or progress on stderr\n";

static const char exit_status_help[] =
	"exit status: 0 no findings (at or above --fail-on), 1 findings, 2 usage or input\n"
	"error, or a translation unit that failed to parse\n";

/* Every command: its entry point and its help, in the order `--help`
 * lists them. */
static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *synopsis;	/* after "gfpcheck " */
	const char *help;	/* what it does, and the options only it takes */
	bool reports;		/* takes the report options */
} commands[] = {
	{ "scan", cmd_scan, "scan -p DB [options] [PATH...]",
	  "Parses the tree of a compile database, stores its facts and reports the\n"
	  "findings (only under PATHs, if given).  Re-scans parse only what changed.\n"
	  "  -p DIR|FILE        compile_commands.json, or the directory holding it\n"
	  "  --db FILE          fact database (default: .gfpcheck.db beside the compile database)\n"
	  "  -j N               parallel parser workers (default: number of CPUs)\n"
	  "  --shard K/N        scan only the K-th of N deterministic parts (see merge)\n"
	  "  --write-baseline FILE  write the fingerprints of the reported findings\n"
	  "  --max-parse-failures N  accept up to N translation units that fail to parse\n"
	  "                     (default 0: any failure is exit status 2, their code is not checked)\n"
	  "  --parse-timeout S  a file that takes longer than S seconds (default 600; 0: no\n"
	  "                     limit), or that crashes the parser, is a parse failure\n",
	  true },
	{ "diff", diff_main, "diff [-p DB] [--pre-commit] [REV [REV2]]",
	  "The pre-commit check: re-scans what changed and reports only the findings the\n"
	  "change adds.  Without REV: the staged index against HEAD; REV: the work tree\n"
	  "against REV; REV REV2: REV2 against REV.  --pre-commit: as the pre-commit\n"
	  "framework's hook (PRE_COMMIT_FROM_REF/TO_REF, or the files it passes).\n"
	  "  -p, --db, -j, --max-parse-failures, --parse-timeout as for scan\n",
	  true },
	{ "explain", cmd_explain, "explain [--db FILE|-p DB] FILE:LINE[:COL]",
	  "Prints the stored findings at FILE:LINE (the finding's line or any step of its\n"
	  "chain) with the whole chain, then why the rule matters and the fix.\n"
	  "  -p, --db as for scan\n",
	  true },
	{ "hook", hook_main, "hook install [-p DIR] [--force]",
	  "Writes a git pre-commit hook that runs 'gfpcheck diff'.\n"
	  "  -p DIR             the directory of the compile database (default: the repository)\n"
	  "  --force            replace a pre-commit hook that gfpcheck did not write\n",
	  false },
	{ "merge", merge_main, "merge --db OUT SHARD.db...",
	  "Combines 'scan --shard K/N' databases into OUT and solves the whole tree once:\n"
	  "the result equals an unsharded scan.  The scans' .gfpcheck applies; shards\n"
	  "scanned with other rules are refused.\n",
	  true },
	{ "debug", debug_main, "debug cfg|flow [--db FILE|-p DB] FUNCTION",
	  "What the engine saw in each function of that name in a scanned tree: 'cfg' its\n"
	  "control-flow graph (blocks, calls, tests, successors); 'flow' the context at each\n"
	  "call after the callee summaries, with the call that took it, and what the\n"
	  "function holds at return.\n"
	  "  -p, --db, --rules, --rules-dir as for scan\n",
	  true },
	{ "rules", cmd_rules, "rules", "Lists every rule with its default severity and what it finds.\n", false },
	{ "version", cmd_version, "version", "Prints the version.\n", false },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_help(const struct command *only)
{
	bool any_reports = false;

	if (!only)
		puts("usage: gfpcheck <command> [options]   (gfpcheck <command> --help for one)\n");
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (only && only != &commands[i])
			continue;
		printf("%sgfpcheck %s\n%s\n", only ? "usage: " : "", commands[i].synopsis, commands[i].help);
		any_reports |= commands[i].reports;
	}
	if (any_reports)
		printf("%s\n", report_options_help);
	fputs(exit_status_help, stdout);
}

/* `gfpcheck COMMAND --help` (or -h) anywhere before `--` */
static bool asks_for_help(int argc, char **argv)
{
	for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

static int run_command(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd)
		return usage_error("no command given");
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		print_help(NULL);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0)
		cmd = "version";
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(cmd, commands[i].name) != 0)
			continue;
		if (asks_for_help(argc, argv)) {
			print_help(&commands[i]);
			return 0;
		}
		return commands[i].run(argc - 1, argv + 1);
	}
	return usage_error("unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
	int rc;

	supervise_init(argc, argv);
	rc = run_command(argc, argv);

	/* a report that did not reach its reader (a full disk, a closed
	 * pipe) is an error, not "no findings" or "findings" */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gfpcheck: cannot write the output: %s\n", strerror(errno));
		return 2;
	}
	return rc;
}
