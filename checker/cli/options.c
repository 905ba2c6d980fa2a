// SPDX-License-Identifier: GPL-2.0
/* One option table for every command: a command accepts a subset, and an
 * option it accepts means what it means everywhere else. */
#include "options.h"
#include "rules.h"
#include "ruleconf.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* -j beyond this is a typo, not a machine */
#define MAX_JOBS 256

const char options_report_help[] =
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

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("gfpcheck: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see 'gfpcheck --help')\n", stderr);
	return 2;
}

/* getopt_long's `val` is the option id plus this, clear of the short
 * option letters */
#define ID_BASE 256

static const struct option longopts[] = {
	{ "db", required_argument, NULL, ID_BASE + OPT_DB },
	{ "format", required_argument, NULL, ID_BASE + OPT_FORMAT },
	{ "output", required_argument, NULL, ID_BASE + OPT_OUTPUT },
	{ "root", required_argument, NULL, ID_BASE + OPT_ROOT },
	{ "jobs", required_argument, NULL, ID_BASE + OPT_JOBS },
	{ "rules", required_argument, NULL, ID_BASE + OPT_RULES },
	{ "rules-dir", required_argument, NULL, ID_BASE + OPT_RULES_DIR },
	{ "shard", required_argument, NULL, ID_BASE + OPT_SHARD },
	{ "enable", required_argument, NULL, ID_BASE + OPT_ENABLE },
	{ "disable", required_argument, NULL, ID_BASE + OPT_DISABLE },
	{ "severity", required_argument, NULL, ID_BASE + OPT_SEVERITY },
	{ "baseline", required_argument, NULL, ID_BASE + OPT_BASELINE },
	{ "write-baseline", required_argument, NULL,
	  ID_BASE + OPT_WRITE_BASELINE },
	{ "fail-on", required_argument, NULL, ID_BASE + OPT_FAIL_ON },
	{ "max-parse-failures", required_argument, NULL,
	  ID_BASE + OPT_MAX_PARSE_FAILURES },
	{ "quiet", no_argument, NULL, ID_BASE + OPT_QUIET },
	{ "pre-commit", no_argument, NULL, ID_BASE + OPT_PRE_COMMIT },
	{ "force", no_argument, NULL, ID_BASE + OPT_FORCE },
	{ "parse-timeout", required_argument, NULL,
	  ID_BASE + OPT_PARSE_TIMEOUT },
	{ NULL, 0, NULL, 0 },
};

static int short_to_id(int c)
{
	switch (c) {
	case 'p':
		return OPT_COMPDB;
	case 'o':
		return OPT_OUTPUT;
	case 'j':
		return OPT_JOBS;
	case 'q':
		return OPT_QUIET;
	default:
		return c >= ID_BASE && c < ID_BASE + OPT_COUNT ? c - ID_BASE :
								 -1;
	}
}

static int parse_shard(const char *arg, int *k, int *n)
{
	const char *slash = strchr(arg, '/');
	char *first;
	bool ok;

	if (!slash)
		return -1;
	first = xstrndup(arg, (size_t)(slash - arg));
	ok = parse_int(first, 1, 1 << 20, k) &&
	     parse_int(slash + 1, 1, 1 << 20, n) && *k <= *n;
	free(first);
	return ok ? 0 : -1;
}

/* --format F opens an output (stdout until an -o follows it); -o FILE
 * sends the last --format there, or text if none came before. */
static int add_format(struct report_opts *r, const char *name)
{
	enum report_format f;

	if (report_format_parse(name, &f) < 0)
		return usage_error(
			"unknown format '%s': use text, json, sarif, github or gitlab",
			name);
	if (r->noutputs == REPORT_MAX_OUTPUTS)
		return usage_error("at most %d --format options",
				   REPORT_MAX_OUTPUTS);
	r->outputs[r->noutputs++] = (struct report_output){ f, NULL };
	return 0;
}

static int add_output(struct report_opts *r, const char *path)
{
	struct report_output *last =
		r->noutputs ? &r->outputs[r->noutputs - 1] : NULL;

	if (last && !last->path) {
		last->path = path;
		return 0;
	}
	if (last)
		return usage_error(
			"-o %s: each -o FILE follows its own --format FMT",
			path);
	r->outputs[r->noutputs++] = (struct report_output){ FMT_TEXT, path };
	return 0;
}

static int check_outputs(struct report_opts *r)
{
	int to_stdout = 0;

	for (int i = 0; i < r->noutputs; i++)
		to_stdout += !r->outputs[i].path;
	if (to_stdout > 1)
		return usage_error(
			"%d formats would go to stdout: give all but one an -o FILE",
			to_stdout);
	if (!r->noutputs)
		r->outputs[r->noutputs++] =
			(struct report_output){ FMT_TEXT, NULL };
	return 0;
}

static int set_value(struct cmd_opts *o, int id, const char *arg)
{
	switch (id) {
	case OPT_COMPDB:
		o->compdb = short_option_value(arg);
		return 0;
	case OPT_DB:
		o->db = arg;
		return 0;
	case OPT_FORMAT:
		return add_format(&o->report, arg);
	case OPT_OUTPUT:
		return add_output(&o->report, short_option_value(arg));
	case OPT_ROOT:
		o->root = arg;
		return 0;
	case OPT_JOBS:
		if (!parse_int(short_option_value(arg), 1, MAX_JOBS, &o->jobs))
			return usage_error(
				"-j needs a number from 1 to %d, not '%s'",
				MAX_JOBS, arg);
		return 0;
	case OPT_RULES:
		if (o->nextra_rules == MAX_EXTRA_RULES)
			return usage_error("more than %d --rules files",
					   MAX_EXTRA_RULES);
		o->extra_rules[o->nextra_rules++] = arg;
		return 0;
	case OPT_RULES_DIR:
		o->rules_dir = arg;
		return 0;
	case OPT_SHARD:
		if (parse_shard(arg, &o->shard, &o->nshards) < 0)
			return usage_error(
				"--shard needs K/N with 1 <= K <= N, not '%s'",
				arg);
		return 0;
	case OPT_ENABLE:
	case OPT_DISABLE:
	case OPT_SEVERITY: {
		char *flag = xasprintf("--%s=%s",
				       id == OPT_ENABLE	 ? "enable" :
				       id == OPT_DISABLE ? "disable" :
							   "severity",
				       arg);
		int rc = ruleconf_parse_arg(flag);

		free(flag);
		return rc < 0 ? 2 : 0;
	}
	case OPT_BASELINE:
		o->baseline = arg;
		return 0;
	case OPT_WRITE_BASELINE:
		o->report.write_baseline = arg;
		return 0;
	case OPT_FAIL_ON:
		if (fail_on_parse(arg, &o->report.fail_on) < 0)
			return usage_error(
				"--fail-on needs note, warning, error or never, not '%s'",
				arg);
		return 0;
	case OPT_MAX_PARSE_FAILURES:
		if (!parse_int(arg, 0, INT_MAX, &o->max_parse_failures))
			return usage_error(
				"--max-parse-failures needs a number, not '%s'",
				arg);
		return 0;
	case OPT_QUIET:
		o->quiet = true;
		return 0;
	case OPT_PRE_COMMIT:
		o->pre_commit = true;
		return 0;
	case OPT_FORCE:
		o->force = true;
		return 0;
	case OPT_PARSE_TIMEOUT: {
		char *end;

		errno = 0;
		o->parse_timeout = strtod(arg, &end);
		if (errno || end == arg || *end || o->parse_timeout < 0 ||
		    o->parse_timeout > 1e6)
			return usage_error(
				"--parse-timeout needs seconds (0 for no limit), not '%s'",
				arg);
		return 0;
	}
	}
	return 2;
}

int options_parse(struct cmd_opts *o, const char *command, unsigned accepted,
		  int argc, char **argv)
{
	int c, li;

	o->command = command;
	/* the slowest kernel TUs take seconds; ten minutes is a hang */
	o->parse_timeout = 600;
	o->report.counts = &o->counts;
	if (!accepted) {
		o->args = argv + 1;
		o->nargs = argc - 1;
		return 0;
	}
	opterr = 0;
	optind = 1;
	while ((li = -1,
		c = getopt_long(argc, argv, ":p:o:j:q", longopts, &li)) != -1) {
		int id = short_to_id(c);
		char shortname[3] = { '-', (char)c, '\0' };

		if (c == ':')
			return usage_error("option '%s' needs an argument",
					   argv[optind - 1]);
		if (id < 0)
			return usage_error("unknown option '%s'",
					   argv[optind - 1]);
		if (!(accepted & OPT(id)))
			return usage_error("%s does not take %s%s", command,
					   li >= 0 ? "--" : "",
					   li >= 0 ? longopts[li].name :
						     shortname);
		if (set_value(o, id, optarg) != 0)
			return 2;
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return check_outputs(&o->report);
}

/* .gfpcheck beside the compile database: which rules run, at which severity */
int options_load_config(const char *compdb)
{
	struct stat st;
	char *dir = xstrdup(compdb), *path;
	int ret;

	if (stat(compdb, &st) == 0 && !S_ISDIR(st.st_mode)) {
		char *slash = strrchr(dir, '/');

		if (slash)
			*slash = '\0';
		else
			strcpy(dir, ".");
	}
	path = xasprintf("%s/.gfpcheck", dir);
	ret = ruleconf_load_file(path);
	free(path);
	free(dir);
	return ret < 0 ? 2 : 0;
}

int options_load_rules(struct cmd_opts *o)
{
	char *dir = o->rules_dir ? xstrdup(o->rules_dir) : rules_default_dir();
	int nfiles;
	const char *const *files = ruleconf_rules_files(&nfiles);
	const char **all =
		xcalloc((size_t)(nfiles + o->nextra_rules) + 1, sizeof(char *));

	/* the tree's own, then the command line's */
	for (int i = 0; i < nfiles; i++)
		all[i] = files[i];
	for (int i = 0; i < o->nextra_rules; i++)
		all[nfiles + i] = o->extra_rules[i];
	o->rules = rules_load(dir, all, nfiles + o->nextra_rules);
	free(all);
	free(dir);
	return o->rules ? 0 : 2;
}

char *options_db_path(const struct cmd_opts *o)
{
	const char *compdb = o->compdb ? o->compdb : ".";
	struct stat st;
	char *dir;

	if (o->db)
		return xstrdup(o->db);
	if (stat(compdb, &st) == 0 && S_ISDIR(st.st_mode))
		return xasprintf("%s/.gfpcheck.db", compdb);
	dir = xstrdup(compdb);
	if (strrchr(dir, '/')) {
		char *db;

		*strrchr(dir, '/') = '\0';
		db = xasprintf("%s/.gfpcheck.db", *dir ? dir : "/");
		free(dir);
		return db;
	}
	free(dir);
	return xstrdup(".gfpcheck.db");
}

int options_prepare_report(struct cmd_opts *o)
{
	struct report_opts *r = &o->report;
	const char *root = o->root ? o->root : ".";
	char *rules = rules_default_dir();
	char *docs = xasprintf("%s/../docs/rules", rules);
	char *err = NULL;

	/* SARIF, GitHub and GitLab paths are relative to the tree root; the
	 * rule pages are the docs/rules beside the rules directory */
	r->help_dir = realpath(docs, NULL);
	free(docs);
	free(rules);
	r->root = realpath(root, NULL);
	if (!r->root)
		return usage_error("--root: no such directory '%s'", root);
	if (o->baseline && !(r->baseline = baseline_load(o->baseline, &err))) {
		fprintf(stderr, "gfpcheck: %s\n", err);
		free(err);
		return 2;
	}
	return 0;
}

void options_free(struct cmd_opts *o)
{
	struct report_opts *r = &o->report;

	strset_free(r->baseline);
	free((char *)r->root);
	free((char *)r->help_dir);
	for (int k = 0; k < r->npaths; k++)
		free(r->paths[k]);
	free(r->paths);
	rules_free(o->rules);
	ruleconf_reset();
}
