/* SPDX-License-Identifier: GPL-2.0 */
/* The command line of every command, parsed in one place: each option
 * means the same in scan, diff, merge, explain and hook, and a command
 * names the options it accepts. */
#ifndef GFPCHECK_OPTIONS_H
#define GFPCHECK_OPTIONS_H

#include "scan.h"

enum option_id {
	OPT_COMPDB,		/* -p DIR|FILE */
	OPT_DB,			/* --db FILE */
	OPT_FORMAT,		/* --format FMT */
	OPT_OUTPUT,		/* -o, --output FILE: the last --format goes there */
	OPT_ROOT,		/* --root DIR */
	OPT_JOBS,		/* -j, --jobs N */
	OPT_RULES,		/* --rules FILE (repeatable) */
	OPT_RULES_DIR,		/* --rules-dir DIR */
	OPT_SHARD,		/* --shard K/N */
	OPT_ENABLE,		/* --enable ID[,ID] */
	OPT_DISABLE,		/* --disable ID[,ID] */
	OPT_SEVERITY,		/* --severity ID:LEVEL */
	OPT_BASELINE,		/* --baseline FILE */
	OPT_WRITE_BASELINE,	/* --write-baseline FILE */
	OPT_FAIL_ON,		/* --fail-on SEV */
	OPT_MAX_PARSE_FAILURES,	/* --max-parse-failures N */
	OPT_QUIET,		/* -q, --quiet */
	OPT_PRE_COMMIT,		/* diff --pre-commit */
	OPT_FORCE,		/* hook install --force */
	OPT_PARSE_TIMEOUT,	/* --parse-timeout SECONDS */
	OPT_COUNT
};

#define OPT(id) (1u << (id))
/* what every command that prints findings accepts */
#define OPTS_REPORT                                                                                        \
	(OPT(OPT_FORMAT) | OPT(OPT_OUTPUT) | OPT(OPT_ROOT) | OPT(OPT_RULES) | OPT(OPT_RULES_DIR) |          \
	 OPT(OPT_ENABLE) | OPT(OPT_DISABLE) | OPT(OPT_SEVERITY) | OPT(OPT_BASELINE) | OPT(OPT_FAIL_ON) | \
	 OPT(OPT_QUIET))

#define MAX_EXTRA_RULES 64

struct cmd_opts {
	const char *command;	/* "scan", "diff", ...: for messages */
	struct scan_opts scan;	/* what the scan engine and the report read */
	const char *extra_rules[MAX_EXTRA_RULES];
	/* --baseline FILE and --root DIR, read by options_prepare_report() */
	const char *baseline, *root;
	bool pre_commit, force;
	double parse_timeout;	/* seconds one TU may take (0: no limit) */
	int first_arg;		/* argv[first_arg..] are the operands */
	struct report_counts counts;
};

/* Parses argv[1..] (argv[0] is the command).  Options outside `accepted`
 * are errors naming the option and the command.  Returns 0, or 2 after a
 * message on stderr. */
int options_parse(struct cmd_opts *o, const char *command, unsigned accepted, int argc, char **argv);

/* After the configuration files are read: loads the baseline, resolves
 * --root and the rule pages.  Returns 0, or 2 after a message. */
int options_prepare_report(struct cmd_opts *o);

void options_free(struct cmd_opts *o);

/* "gfpcheck: " + the message + a pointer to --help; returns 2 */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
