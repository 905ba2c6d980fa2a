// SPDX-License-Identifier: GPL-2.0
/* gfpcheck: finds GFP allocation-flag misuse in Linux kernel C code. */
#include "checks.h"
#include "diff.h"
#include "merge.h"
#include "rules.h"
#include "ruleconf.h"
#include "scan.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VERSION "0.1.0"

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
	"diff options: -p, --db, --format, -j, -q, --fail-on, --max-parse-failures as for scan\n"
	"merge options: --db OUT, --format, -q, --fail-on, --root, --baseline, --rules, --rules-dir,\n"
	"  --enable/--disable/--severity as for scan (the scans' .gfpcheck applies; shards scanned\n"
	"  with other rules are refused)\n"
	"\n"
	"exit status: 0 no findings (at or above --fail-on), 1 findings, 2 usage or input\n"
	"error, or a translation unit that failed to parse\n";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "gfpcheck: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see 'gfpcheck --help')\n");
	return 2;
}

static int parse_shard(const char *arg, int *k, int *n)
{
	const char *slash = strchr(arg, '/');
	char *first;
	bool ok;

	if (!slash)
		return -1;
	first = xstrndup(arg, (size_t)(slash - arg));
	ok = parse_int(first, 1, 1 << 20, k) && parse_int(slash + 1, 1, 1 << 20, n) && *k <= *n;
	free(first);
	return ok ? 0 : -1;
}

static char *absolute_path(const char *p)
{
	char buf[PATH_MAX];

	return realpath(p, buf) ? xstrdup(buf) : NULL;
}

/* Paths in SARIF, GitHub and GitLab output are relative to the tree root
 * (--root, default the current directory); rule pages are the bundled
 * docs/rules beside the rules directory. */
static int set_report_paths(struct report_opts *ro)
{
	char *rules = rules_default_dir();
	char *docs = xasprintf("%s/../docs/rules", rules);
	char *abs = absolute_path(docs);
	char *root = absolute_path(ro->root ? ro->root : ".");

	ro->help_dir = abs;
	free(docs);
	free(rules);
	ro->root = root;
	return root ? 0 : -1;
}

static int cmd_scan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "rules", required_argument, NULL, 'r' },
		{ "rules-dir", required_argument, NULL, 'R' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "root", required_argument, NULL, 'o' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "shard", required_argument, NULL, 's' },
		{ "write-baseline", required_argument, NULL, 'B' },
		{ "enable", required_argument, NULL, 'E' },
		{ "disable", required_argument, NULL, 'D' },
		{ "severity", required_argument, NULL, 'S' },
		{ "max-parse-failures", required_argument, NULL, 'F' },
		{ "fail-on", required_argument, NULL, 'X' },
		{ NULL, 0, NULL, 0 },
	};
	struct scan_opts o = { 0 };
	struct report_counts counts = { 0 };
	const char *extra[64], *baseline = NULL, *root_arg;
	char *err = NULL;
	int c, status;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":p:j:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o.compdb = short_option_value(optarg);
			break;
		case 'd':
			o.db = optarg;
			break;
		case 'f':
			if (report_format_parse(optarg, &o.report.format) < 0)
				return usage_error("unknown format '%s': use text, json, sarif, github or gitlab",
						   optarg);
			break;
		case 'o':
			o.report.root = optarg;
			break;
		case 'b':
			baseline = optarg;
			break;
		case 's':
			if (parse_shard(optarg, &o.shard, &o.nshards) < 0)
				return usage_error("--shard needs K/N with 1 <= K <= N, not '%s'", optarg);
			break;
		case 'B':
			o.report.write_baseline = optarg;
			break;
		case 'E':
		case 'D':
		case 'S': {
			char *arg = xasprintf("--%s=%s", c == 'E' ? "enable" : c == 'D' ? "disable" : "severity",
					      optarg);
			int rc = ruleconf_parse_arg(arg);

			free(arg);
			if (rc < 0)
				return 2;
			break;
		}
		case 'j':
			if (!parse_int(optarg, 1, MAX_JOBS, &o.jobs))
				return usage_error("-j needs a number from 1 to " STR(MAX_JOBS) ", not '%s'", optarg);
			break;
		case 'X':
			if (fail_on_parse(optarg, &o.report.fail_on) < 0)
				return usage_error("--fail-on needs note, warning, error or never, not '%s'", optarg);
			break;
		case 'F':
			if (!parse_int(optarg, 0, INT_MAX, &o.max_parse_failures))
				return usage_error("--max-parse-failures needs a number, not '%s'", optarg);
			break;
		case 'r':
			if (o.nextra_rules == 64)
				return usage_error("too many --rules files%s", "");
			extra[o.nextra_rules++] = optarg;
			break;
		case 'R':
			o.rules_dir = optarg;
			break;
		case 'q':
			o.quiet = true;
			break;
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!o.compdb)
		return usage_error("scan needs -p <compile_commands.json or its directory>%s", "");
	o.extra_rules = extra;
	o.report.paths = xcalloc((size_t)(argc - optind) + 1, sizeof(char *));
	for (int i = optind; i < argc; i++) {
		char *abs = absolute_path(argv[i]);

		if (!abs) {
			for (int k = 0; k < o.report.npaths; k++)
				free(o.report.paths[k]);
			free(o.report.paths);
			return usage_error("no such file or directory: '%s'", argv[i]);
		}
		o.report.paths[o.report.npaths++] = abs;
	}
	root_arg = o.report.root ? o.report.root : ".";
	if (set_report_paths(&o.report) < 0) {
		for (int k = 0; k < o.report.npaths; k++)
			free(o.report.paths[k]);
		free(o.report.paths);
		free((char *)o.report.help_dir);
		return usage_error("--root: no such directory '%s'", root_arg);
	}
	o.report.counts = &counts;
	if (baseline && !(o.report.baseline = baseline_load(baseline, &err))) {
		fprintf(stderr, "gfpcheck: %s\n", err);
		free(err);
		return 2;
	}
	status = scan_main(&o);
	ruleconf_reset();
	strset_free(o.report.baseline);
	free((char *)o.report.root);
	free((char *)o.report.help_dir);
	for (int k = 0; k < o.report.npaths; k++)
		free(o.report.paths[k]);
	free(o.report.paths);
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
static int cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_opts ro = { 0 };
	const char *db = NULL, *compdb = NULL;
	char *where, *abs, *err = NULL, *dbpath;
	struct store *s;
	int c, n;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":p:", longopts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'p')
			compdb = short_option_value(optarg);
		else if (c == 'f' && strcmp(optarg, "json") == 0)
			ro.format = FMT_JSON;
		else if (c == 'f' && strcmp(optarg, "text") == 0)
			ro.format = FMT_TEXT;
		else
			return usage_error("explain: bad option '%s'", argv[optind - 1]);
	}
	if (optind != argc - 1)
		return usage_error("explain needs one FILE:LINE%s", "");
	where = xstrdup(argv[optind]);
	if (parse_location(where, &ro.only_line) < 0) {
		free(where);
		return usage_error("explain: '%s' is not FILE:LINE or FILE:LINE:COL", argv[optind]);
	}
	abs = absolute_path(where);
	free(where);
	if (!abs)
		return usage_error("no such file: '%s'", argv[optind]);
	ro.paths = &abs;
	ro.npaths = 1;
	dbpath = db ? xstrdup(db) : scan_default_db(compdb ? compdb : ".");
	if (access(dbpath, R_OK) != 0) {
		fprintf(stderr, "gfpcheck: no database %s: run 'gfpcheck scan' first\n", dbpath);
		free(dbpath);
		free(abs);
		return 2;
	}
	s = store_open_mode(dbpath, true, &err);
	free(dbpath);
	if (!s) {
		fprintf(stderr, "gfpcheck: %s\n", err);
		free(err);
		free(abs);
		return 2;
	}
	n = report(s, &ro, stdout);
	store_close(s);
	free(abs);
	if (n == 0)
		fprintf(stderr, "gfpcheck: no finding at %s\n", argv[optind]);
	return n > 0 ? 1 : n == 0 ? 0 : 2;
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
		return usage_error("no command given%s", "");
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (asks_for_help(argc, argv)) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("gfpcheck %s\n", VERSION);
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
