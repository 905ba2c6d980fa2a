// SPDX-License-Identifier: GPL-2.0
/* gfpcheck: finds GFP allocation-flag misuse in Linux kernel C code. */
#include "checks.h"
#include "options.h"
#include "diff.h"
#include "merge.h"
#include "rules.h"
#include "ruleconf.h"
#include "scan.h"
#include "store.h"
#include "util.h"
#include "version.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: gfpcheck <command> [options]\n"
	"\n"
	"commands:\n"
	"  scan -p DB [options] [PATH...]  parse the tree of a compile database, store its facts\n"
	"                                  and report findings (only under PATHs, if given)\n"
	"  explain [--db FILE|-p DB] FILE:LINE\n"
	"                                  print the stored findings at FILE:LINE with their\n"
	"                                  whole call chain, from the last scan's database\n"
	"  diff [-p DB] [REV]              pre-commit check: re-scan what changed and report only\n"
	"                                  findings the change adds (REV: compare the work tree with\n"
	"                                  REV instead of the staged index with HEAD)\n"
	"  hook install [-p DIR] [--force] write a git pre-commit hook running 'gfpcheck diff'\n"
	"  merge --db OUT SHARD.db...      combine 'scan --shard K/N' databases and solve the whole tree\n"
	"  rules                           list every rule with its severity and rationale\n"
	"  version                         print the version\n"
	"\n"
	"scan options:\n"
	"  -p DIR|FILE        compile_commands.json, or the directory holding it\n"
	"  --db FILE          fact database (default: .gfpcheck.db beside the compile database)\n"
	"  --format FMT       text (default), json, sarif, github or gitlab\n"
	"  -o, --output FILE  write the last --format to FILE instead of stdout; repeat\n"
	"                     '--format FMT -o FILE' to write several formats in one run\n"
	"  --root DIR         tree root that sarif/github/gitlab paths are relative to (default: .)\n"
	"  -j N               parallel parser workers (default: number of CPUs)\n"
	"  --rules FILE       load extra rules (may be repeated)\n"
	"  --rules-dir DIR    rules directory (default: the bundled rules/)\n"
	"  --shard K/N        scan only the K-th of N deterministic parts (merge them with 'merge')\n"
	"  --enable ID[,ID]   --disable ID[,ID]   --severity ID:LEVEL\n"
	"                     choose and re-grade rules ('all' for every rule); also from a\n"
	"                     .gfpcheck file beside the compile database (see docs/rules/README.md)\n"
	"  --baseline FILE    report only findings not in this baseline (matched by fingerprint)\n"
	"  --write-baseline FILE  write the fingerprints of the reported findings\n"
	"  --fail-on SEV      exit status 1 only for findings of severity SEV or above: note,\n"
	"                     warning (default: notes inform without failing), error, never\n"
	"  --max-parse-failures N  accept up to N translation units that fail to parse\n"
	"                     (default 0: any failure is exit status 2, their code is not checked)\n"
	"  -q, --quiet        no summary or progress on stderr\n"
	"\n"
	"diff options: -p, --db, -j, --max-parse-failures and the report options\n"
	"merge options: --db OUT and the report options (the scans' .gfpcheck applies;\n"
	"  shards scanned with other rules are refused)\n"
	"explain options: -p, --db and the report options\n"
	"report options, the same in scan, diff, merge and explain: --format, -o, --root,\n"
	"  --rules, --rules-dir, --enable, --disable, --severity, --baseline, --fail-on, -q\n"
	"\n"
	"exit status: 0 no findings (at or above --fail-on), 1 findings, 2 usage or input\n"
	"error, or a translation unit that failed to parse\n";

static char *absolute_path(const char *p)
{
	char buf[PATH_MAX];

	return realpath(p, buf) ? xstrdup(buf) : NULL;
}

static int cmd_scan(int argc, char **argv)
{
	const unsigned accepted = OPTS_REPORT | OPT(OPT_COMPDB) | OPT(OPT_DB) | OPT(OPT_JOBS) | OPT(OPT_SHARD) |
				  OPT(OPT_WRITE_BASELINE) | OPT(OPT_MAX_PARSE_FAILURES);
	struct cmd_opts o = { 0 };
	struct report_opts *r = &o.scan.report;
	int status = options_parse(&o, "scan", accepted, argc, argv);

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

/* Prints stored findings at one source line with their whole chain. */
/* explain reads stored findings: the kernel-API rules were applied by the
 * scan, so --rules and --rules-dir would change nothing */
#define EXPLAIN_OPTS ((OPTS_REPORT & ~(OPT(OPT_RULES) | OPT(OPT_RULES_DIR))) | OPT(OPT_COMPDB) | OPT(OPT_DB))

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
	n = report(s, r);
	if (n == 0)
		fprintf(stderr, "gfpcheck: no finding at %s\n", argv[o.first_arg]);
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

static int cmd_rules(void)
{
	for (int i = 0; i < check_count; i++)
		if (check_defs[i].id[0] != '(')
			printf("%-24s %-8s %s\n", check_defs[i].id, check_defs[i].severity, check_defs[i].summary);
	return 0;
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
		fputs(usage_text, stdout);
		return 0;
	}
	if (asks_for_help(argc, argv)) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("gfpcheck %s\n", GFPCHECK_VERSION);
		return 0;
	}
	if (strcmp(cmd, "scan") == 0)
		return cmd_scan(argc - 1, argv + 1);
	if (strcmp(cmd, "merge") == 0)
		return merge_main(argc - 1, argv + 1);
	if (strcmp(cmd, "diff") == 0)
		return diff_main(argc - 1, argv + 1);
	if (strcmp(cmd, "hook") == 0)
		return hook_main(argc - 1, argv + 1);
	if (strcmp(cmd, "explain") == 0)
		return cmd_explain(argc - 1, argv + 1);
	if (strcmp(cmd, "rules") == 0)
		return cmd_rules();
	return usage_error("unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
	int rc = run_command(argc, argv);

	/* a report that did not reach its reader (a full disk, a closed
	 * pipe) is an error, not "no findings" or "findings" */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gfpcheck: cannot write the output: %s\n", strerror(errno));
		return 2;
	}
	return rc;
}
