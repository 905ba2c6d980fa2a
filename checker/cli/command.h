/* SPDX-License-Identifier: GPL-2.0 */
/* One descriptor per command, each in its own file (cmd_<name>.c), listed
 * once in command_list.h; main.c expands that list into its dispatch
 * table, parses the options a command accepts with the shared option layer
 * (options.h) and runs it. */
#ifndef GFPCHECK_COMMAND_H
#define GFPCHECK_COMMAND_H

#include "options.h"

struct command {
	const char *name;
	const char *synopsis; /* after "gfpcheck " */
	const char *help; /* what it does, and the options only it takes */
	unsigned options; /* the OPT() it accepts; any of OPTS_REPORT: its --help shows them */
	bool supervised; /* parses sources: runs in a watched child (supervise.h) */
	/* the options parsed, the operands in o->args; returns the exit status */
	int (*run)(struct cmd_opts *o);
};

#define COMMAND(name) extern const struct command cmd_##name;
#include "command_list.h"
#undef COMMAND

#endif
