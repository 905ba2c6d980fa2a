// SPDX-License-Identifier: GPL-2.0
/* gfpcheck rules: every rule with its default severity and what it finds. */
#include "checks.h"
#include "command.h"

#include <stdio.h>

static int run_rules(struct cmd_opts *o)
{
	if (o->nargs > 0)
		return usage_error("rules takes no arguments");
	for (int i = 0; i < check_count; i++)
		printf("%-24s %-8s %s\n", check_defs[i]->id,
		       severity_name(check_defs[i]->severity),
		       check_defs[i]->summary);
	return 0;
}

const struct command cmd_rules = {
	.name = "rules",
	.synopsis = "rules",
	.help = "Lists every rule with its default severity and what it finds.\n",
	.run = run_rules,
};
