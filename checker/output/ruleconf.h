/* SPDX-License-Identifier: GPL-2.0 */
/* Which rules run, and at which severity.
 *
 * Two layers, the command line over the tree's configuration file, over
 * the defaults of the checks' descriptors (every rule enabled at its own severity):
 *
 *   gfpcheck scan -p DB [--enable=ID[,ID...]] [--disable=ID[,ID...]]
 *                       [--severity=ID:LEVEL] ...
 *
 *   .gfpcheck at the tree root (the directory of compile_commands.json, or
 *   the root scan.c computes), one directive per line, # comments:
 *
 *       disable  gfp-nofs-scope
 *       enable   gfp-dma-legacy
 *       severity gfp-alloc-overflow error
 *       severity gfp-*              note
 *       rules    rules/local.rules       (kernel-API rules of this tree,
 *                                         relative to the .gfpcheck)
 *
 * ID is a rule id of `gfpcheck rules`, a shell pattern naming at least one
 * ("gfp-*"), or "all" for enable/disable
 * ("--disable=all --enable=gfp-unchecked-alloc" runs one rule).  Within a
 * layer the last matching directive wins.  LEVEL is error, warning or
 * note.
 *
 * Wiring (options.c, solve.c):
 *   - options.c: for each --enable/--disable/--severity option, call
 *     ruleconf_parse_arg("--enable=VALUE") (getopt gives VALUE in optarg);
 *     it returns -1 after printing the reason: exit with status 2.
 *   - options.c (options_load_config(), called by scan, diff, merge and explain):
 *     ruleconf_load_file(DIR/.gfpcheck) beside the compile database (0 when
 *     there is no such file; -1 after printing FILE:LINE: reason), before
 *     the rules are loaded: its `rules FILE` lines are rules files.
 *   - solve.c: skip a check whose id is disabled, and
 *     for every finding: drop it unless ruleconf_enabled(f->rule), and set
 *     f->severity = ruleconf_severity(f->rule, f->severity).  Local
 *     findings are made at extraction time whatever the configuration, so
 *     the cached facts stay valid when it changes; only reporting differs.
 *   - at exit: ruleconf_reset().
 * Setup is single-threaded; the queries are read-only afterwards. */
#ifndef GFPCHECK_RULECONF_H
#define GFPCHECK_RULECONF_H

#include <stdbool.h>
#include "findings.h"

/* 1 handled, 0 not one of ours, -1 invalid (reason printed) */
int ruleconf_parse_arg(const char *arg);
/* 0 (also when the file does not exist), -1 invalid (reason printed) */
int ruleconf_load_file(const char *path);

bool ruleconf_enabled(const char *id);
/* The configured severity of a rule, else dflt */
enum severity ruleconf_severity(const char *id, enum severity dflt);

/* the `rules FILE` files of the loaded .gfpcheck, in order */
const char *const *ruleconf_rules_files(int *n);

void ruleconf_reset(void);

#endif
