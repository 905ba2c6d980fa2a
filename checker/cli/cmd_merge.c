// SPDX-License-Identifier: GPL-2.0
/* gfpcheck merge --db OUT SHARD.db...: the shards of a tree in one
 * database, solved once (merge.c), then reported as a scan would. */
#include "command.h"
#include "merge.h"
#include "store.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The tree's .gfpcheck, beside the compile database the shards read;
 * shards of another tree are most likely a mistake. */
static int load_tree_config(char *const *shards, int nshards)
{
	char *compdb = store_recorded_compdb(shards[0]);
	int rc = compdb ? options_load_config(compdb) : 0;

	for (int i = 1; compdb && i < nshards; i++) {
		char *other = store_recorded_compdb(shards[i]);

		if (other && strcmp(other, compdb) != 0) {
			fprintf(stderr,
				"gfpcheck: merge: warning: %s was scanned from %s, %s from %s:"
				" shards of different trees\n",
				shards[i], other, shards[0], compdb);
			free(other);
			break;
		}
		free(other);
	}
	free(compdb);
	return rc;
}

static int run_merge(struct cmd_opts *o)
{
	struct report_opts *r = &o->report;
	struct run_stats st = { 0 };
	struct stat st_out;
	struct store *s;
	int n, status;

	if (!o->db || o->nargs == 0)
		return usage_error(
			"usage: gfpcheck merge --db OUT.db SHARD.db...");
	if (stat(o->db, &st_out) == 0 && S_ISDIR(st_out.st_mode)) {
		fprintf(stderr, "gfpcheck: merge: --db %s is a directory\n",
			o->db);
		return 2;
	}
	if (merge_check_inputs(o->args, o->nargs) < 0 ||
	    load_tree_config(o->args, o->nargs) != 0 ||
	    options_prepare_report(o) != 0 || options_load_rules(o) != 0)
		return 2;
	s = merge_shards(o->db, o->args, o->nargs, o->rules, &st);
	if (!s)
		return 2;
	r->stats = &st;
	n = report(s, r);
	/* the summary follows the report, also when both go to one file */
	fflush(stdout);
	if (!o->quiet && n >= 0)
		fprintf(stderr,
			"gfpcheck: merged %d databases: %d findings; %d source files (%d failed to"
			" parse); analysis %.2f s\n",
			o->nargs, n < 0 ? 0 : n, st.translation_units,
			st.parse_failures, st.analysis_seconds);
	status = report_status(n, r);
	store_close(s);
	return status;
}

const struct command cmd_merge = {
	.name = "merge",
	.synopsis = "merge --db OUT SHARD.db...",
	.help = "Combines 'scan --shard K/N' databases into OUT and solves the whole tree once:\n"
		"the result equals an unsharded scan.  The scans' .gfpcheck applies; shards\n"
		"scanned with other rules are refused.\n",
	.options = OPTS_REPORT | OPT(OPT_DB),
	.run = run_merge,
};
