/* SPDX-License-Identifier: GPL-2.0 */
/* The scan engine, in two phases with the fact database between them:
 *   update  compile database -> plan (reuse what is current) -> parallel
 *           parse/extract -> store -> solve, in one transaction;
 *   report  the stored findings, filtered by the configuration and the
 *           baseline, in every output; the summary line; the exit status.
 * `gfpcheck scan` runs one after the other; `gfpcheck diff` updates the
 * change under review and reports what it adds to the reference. */
#ifndef GFPCHECK_SCAN_H
#define GFPCHECK_SCAN_H

#include "report.h"
#include "rules.h"

/* A file analysed with this content instead of what is on disk. */
struct overlay_file {
	char *path; /* absolute, as the compile database reaches it */
	char *text;
	size_t len;
};

/* What one update reads and where it writes. */
struct scan_update_args {
	const char *compdb;
	const char *db; /* the fact database */
	const struct ruleset *rules;
	int jobs; /* parser workers; 0: one per CPU */
	bool quiet; /* no progress line */
	int shard,
		nshards; /* --shard K/N: only TUs whose path hashes to K-1 mod N */
	/* gfpcheck diff of the index or a revision: those contents */
	const struct overlay_file *overlay;
	size_t noverlay;
	/* sources the caller changed: each one not in the compile database
	 * is a warning, its change goes unchecked */
	const char *const *expected_sources;
	size_t nexpected_sources;
	/* the tree as it is (not a change under review): its findings become
	 * the reference that gfpcheck diff compares changes with */
	bool is_reference;
};

/* What an update leaves for the report. */
struct scan_result {
	struct store *store; /* committed, open */
	struct run_stats stats;
};

/* Returns 0 with *res filled, or 2 after a message (the database is as
 * it was). */
int scan_update(const struct scan_update_args *u, struct scan_result *res);

/* Writes the stored findings that `r` selects, then the summary line
 * (unless quiet).  Returns the exit status: 0 clean, 1 findings, 2 a
 * write error or more parse failures than `max_parse_failures`. */
int scan_report(struct scan_result *res, struct report_opts *r, bool quiet,
		int max_parse_failures);

void scan_result_free(struct scan_result *res);

#endif
