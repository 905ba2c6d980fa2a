/* SPDX-License-Identifier: GPL-2.0 */
/* Printing stored findings: compiler-style text, JSON, SARIF 2.1.0,
 * GitHub Actions workflow commands and GitLab Code Quality. */
#ifndef GFPCHECK_REPORT_H
#define GFPCHECK_REPORT_H

#include <stdio.h>
#include "store.h"

enum report_format { FMT_TEXT, FMT_JSON, FMT_SARIF, FMT_GITHUB, FMT_GITLAB };

/* --fail-on: the least severity that makes the exit status 1; the zero
 * value is the default, warning (notes inform, they do not block) */
enum fail_on {
	FAIL_ON_DEFAULT,
	FAIL_ON_NOTE,
	FAIL_ON_WARNING,
	FAIL_ON_ERROR,
	FAIL_ON_NEVER
};

/* one report: a format, written to a file or (path NULL) to stdout */
struct report_output {
	enum report_format format;
	const char *path;
};

#define REPORT_MAX_OUTPUTS 8

struct report_opts {
	struct report_output
		outputs[REPORT_MAX_OUTPUTS]; /* none: text on stdout */
	int noutputs;
	char **paths; /* report only findings under these (absolute) */
	int npaths;
	const struct run_stats *stats;
	int only_line; /* > 0: only findings at this line of paths[0] */
	const char *
		root; /* tree root for relative paths (SARIF, GitLab, GitHub) */
	const char *help_dir; /* the rule pages (docs/rules), for SARIF help */
	struct strset *baseline; /* fingerprints not to report, or NULL */
	const char *write_baseline; /* write the fingerprints reported here */
	struct report_counts *counts; /* out: what was held back */
	enum fail_on fail_on;
	/* optional extra filter (gfpcheck diff): report only if it says true */
	bool (*keep)(void *ctx, const struct finding *f);
	void *keep_ctx;
};

#define REPORT_MAX_RULES 32

struct report_counts {
	int failing; /* reported at or above the --fail-on severity */
	int suppressed; /* by inline comments */
	int baselined; /* by --baseline */
	/* what was reported, by rule id (interned: compare pointers) */
	int nrules;
	struct {
		const char *rule;
		int n;
	} by_rule[REPORT_MAX_RULES];
};

/* Reads a baseline written by --write-baseline; NULL with *err on error. */
struct strset *baseline_load(const char *path, char **err);

/* "text", "json", ...; returns -1 for an unknown name */
int report_format_parse(const char *name, enum report_format *out);
/* Writes the findings in every output's format (a file is written whole,
 * then renamed into place).  Returns the number of findings reported, or
 * -1 on a database or write error (after a message). */
int report(struct store *s, const struct report_opts *o);
/* The exit status for report()'s result: 2 error, 1 a finding at or above
 * --fail-on, else 0 (needs o->counts). */
int report_status(int n, const struct report_opts *o);
/* "note", "warning", "error" or "never"; -1 if none of them */
int fail_on_parse(const char *s, enum fail_on *out);

#endif
