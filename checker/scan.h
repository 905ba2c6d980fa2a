/* SPDX-License-Identifier: GPL-2.0 */
/* `gfpcheck scan`: compile database -> parallel parse/extract -> store ->
 * solve -> report. */
#ifndef GFPCHECK_SCAN_H
#define GFPCHECK_SCAN_H

#include "report.h"

/* -j beyond this is a typo, not a machine */
#define MAX_JOBS 256

/* A file analysed with this content instead of what is on disk. */
struct overlay_file {
	char *path;		/* absolute, as the compile database reaches it */
	char *text;
	size_t len;
};

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
	/* gfpcheck diff of the index or a revision: those contents */
	const struct overlay_file *overlay;
	size_t noverlay;
	/* sources the caller changed: each one not in the compile database
	 * is a warning, its change goes unchecked */
	const char *const *expected_sources;
	size_t nexpected_sources;
	/* more TUs than this failing to parse is an error (exit 2): their
	 * code was not checked, a gate must not pass on it */
	int max_parse_failures;
};

/* Loads .gfpcheck beside the compile database, if there is one (rules
 * enabled, disabled, re-graded); -1 on a malformed file. */
int scan_load_tree_config(const char *compdb);

/* The bundled (or --rules-dir) rules, the .gfpcheck's `rules FILE` files
 * (load the tree configuration first) and --rules; NULL after a message. */
struct ruleset *scan_load_rules(const struct scan_opts *o);

/* .gfpcheck.db beside the compile database (a directory, or the file). */
char *scan_default_db(const char *compdb);

/* Returns the process exit status: 0 clean, 1 findings, 2 usage/input error
 * or more parse failures than allowed. */
int scan_main(struct scan_opts *o);

#endif
