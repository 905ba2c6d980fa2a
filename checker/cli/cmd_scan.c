// SPDX-License-Identifier: GPL-2.0
/* gfpcheck scan: update the fact database of a tree, then report. */
#include "command.h"
#include "scan.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>

static int run_scan(struct cmd_opts *o)
{
	struct report_opts *r = &o->report;
	struct scan_result res = { 0 };
	struct scan_update_args u = {
		.compdb = o->compdb,
		.jobs = o->jobs,
		.quiet = o->quiet,
		.shard = o->shard,
		.nshards = o->nshards,
		.is_reference = true, /* the tree as it is */
	};
	char *db;
	int status;

	if (!o->compdb)
		return usage_error(
			"scan needs -p <compile_commands.json or its directory>");
	r->paths = xcalloc((size_t)o->nargs + 1, sizeof(char *));
	for (int i = 0; i < o->nargs; i++) {
		char real[PATH_MAX];

		if (!realpath(o->args[i], real))
			return usage_error("no such file or directory: '%s'",
					   o->args[i]);
		r->paths[r->npaths++] = xstrdup(real);
	}
	/* .gfpcheck first: it may name rules files */
	if (options_prepare_report(o) != 0 ||
	    options_load_config(o->compdb) != 0 || options_load_rules(o) != 0)
		return 2;
	u.rules = o->rules;
	u.db = db = options_db_path(o);
	status = scan_update(&u, &res);
	if (status == 0)
		status = scan_report(&res, r, o->quiet, o->max_parse_failures);
	scan_result_free(&res);
	free(db);
	return status;
}

const struct command cmd_scan = {
	.name = "scan",
	.synopsis = "scan -p DB [options] [PATH...]",
	.help = "Parses the tree of a compile database, stores its facts and reports the\n"
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
	.options = OPTS_REPORT | OPT(OPT_COMPDB) | OPT(OPT_DB) | OPT(OPT_JOBS) |
		   OPT(OPT_SHARD) | OPT(OPT_WRITE_BASELINE) |
		   OPT(OPT_MAX_PARSE_FAILURES) | OPT(OPT_PARSE_TIMEOUT),
	.supervised = true,
	.run = run_scan,
};
