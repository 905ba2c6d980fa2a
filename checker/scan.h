/* SPDX-License-Identifier: GPL-2.0 */
/* `gfpcheck scan`: compile database -> parallel parse/extract -> store ->
 * solve -> report. */
#ifndef GFPCHECK_SCAN_H
#define GFPCHECK_SCAN_H

#include "report.h"

struct scan_opts {
	const char *compdb;
	const char *db;		/* NULL: default beside the compile database */
	int jobs;
	bool quiet;
	const char *rules_dir;
	const char **extra_rules;
	int nextra_rules;
	struct report_opts report;
	/* gfpcheck diff: called after the solve with the reference findings
	 * of the last full scan; a full scan instead replaces the reference */
	void (*before_report)(void *ctx, struct store *s);
	void *before_report_ctx;
	bool keep_reference;
	bool need_existing_db;	/* refuse to start from an empty database */
	int shard, nshards;	/* --shard K/N: only TUs whose path hashes to K-1 mod N */
};

/* Returns the process exit status: 0 clean, 1 findings, 2 usage/input error. */
int scan_main(struct scan_opts *o);

#endif
