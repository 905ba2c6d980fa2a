/* SPDX-License-Identifier: GPL-2.0 */
/* The command line of every command, parsed in one place: each option
 * means the same in scan, diff, merge, explain, debug and hook, and a
 * command names the options it accepts (its descriptor, command.h).  The
 * option layer also builds what the commands that report share: the
 * tree's configuration, the rules, and the report's outputs, baseline and
 * root (one `struct cmd_opts`, built once, read by every command). */
#ifndef GFPCHECK_OPTIONS_H
#define GFPCHECK_OPTIONS_H

#include "report.h"
#include "rules.h"

enum option_id {
	OPT_COMPDB, /* -p DIR|FILE */
	OPT_DB, /* --db FILE */
	OPT_FORMAT, /* --format FMT */
	OPT_OUTPUT, /* -o, --output FILE: the last --format goes there */
	OPT_ROOT, /* --root DIR */
	OPT_JOBS, /* -j, --jobs N */
	OPT_RULES, /* --rules FILE (repeatable) */
	OPT_RULES_DIR, /* --rules-dir DIR */
	OPT_SHARD, /* --shard K/N */
	OPT_ENABLE, /* --enable ID[,ID] */
	OPT_DISABLE, /* --disable ID[,ID] */
	OPT_SEVERITY, /* --severity ID:LEVEL */
	OPT_BASELINE, /* --baseline FILE */
	OPT_WRITE_BASELINE, /* --write-baseline FILE */
	OPT_FAIL_ON, /* --fail-on SEV */
	OPT_MAX_PARSE_FAILURES, /* --max-parse-failures N */
	OPT_QUIET, /* -q, --quiet */
	OPT_PRE_COMMIT, /* diff --pre-commit */
	OPT_FORCE, /* hook install --force */
	OPT_PARSE_TIMEOUT, /* --parse-timeout SECONDS */
	OPT_COUNT
};

#define OPT(id) (1u << (id))
/* what every command that prints findings accepts */
#define OPTS_REPORT                                                           \
	(OPT(OPT_FORMAT) | OPT(OPT_OUTPUT) | OPT(OPT_ROOT) | OPT(OPT_RULES) | \
	 OPT(OPT_RULES_DIR) | OPT(OPT_ENABLE) | OPT(OPT_DISABLE) |            \
	 OPT(OPT_SEVERITY) | OPT(OPT_BASELINE) | OPT(OPT_FAIL_ON) |           \
	 OPT(OPT_QUIET))

#define MAX_EXTRA_RULES 64

struct cmd_opts {
	const char *command; /* "scan", "diff", ...: for messages */
	char **args; /* the operands (what is not an option) */
	int nargs;

	/* what the options say */
	const char *compdb; /* -p */
	const char *db; /* --db; NULL: the default beside the compile database */
	int jobs; /* 0: one parser per CPU */
	int shard, nshards; /* --shard K/N */
	int max_parse_failures;
	double parse_timeout; /* seconds one TU may take (0: no limit) */
	bool quiet, pre_commit, force;
	const char *rules_dir;
	const char *extra_rules[MAX_EXTRA_RULES];
	int nextra_rules;
	/* --baseline FILE and --root DIR, read by options_prepare_report() */
	const char *baseline, *root;

	/* the shared context of the commands that report */
	struct ruleset *rules; /* options_load_rules() */
	struct report_opts
		report; /* outputs at once; the rest by options_prepare_report() */
	struct report_counts counts;
};

/* The report options' help, shared by every command that takes them */
extern const char options_report_help[];

/* Parses argv[1..] (argv[0] is the command).  Options outside `accepted`
 * are errors naming the option and the command; what is left are the
 * operands.  A command that accepts no option reads every word as an
 * operand.  Returns 0, or 2 after a message on stderr. */
int options_parse(struct cmd_opts *o, const char *command, unsigned accepted,
		  int argc, char **argv);

/* Loads .gfpcheck beside the compile database, if there is one (rules
 * enabled, disabled, re-graded, rules files).  Returns 0, or 2 after a
 * message (a malformed file). */
int options_load_config(const char *compdb);

/* Loads the report's baseline, resolves --root and the rule pages.
 * Returns 0, or 2 after a message. */
int options_prepare_report(struct cmd_opts *o);

/* o->rules: the bundled (or --rules-dir) rules, the .gfpcheck's `rules
 * FILE` files (load the configuration first) and --rules.  Returns 0, or
 * 2 after a message. */
int options_load_rules(struct cmd_opts *o);

/* The fact database: --db, else .gfpcheck.db beside the compile database
 * (-p, else the current directory's); the caller frees it. */
char *options_db_path(const struct cmd_opts *o);

void options_free(struct cmd_opts *o);

/* "gfpcheck: " + the message + a pointer to --help; returns 2 */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
