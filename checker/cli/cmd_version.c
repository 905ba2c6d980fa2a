// SPDX-License-Identifier: GPL-2.0
/* gfpcheck version (and --version) */
#include "command.h"
#include "version.h"

#include <stdio.h>

static int run_version(struct cmd_opts *o)
{
	(void)o; /* operands are ignored, as they always were */
	printf("gfpcheck %s\n", GFPCHECK_VERSION);
	return 0;
}

const struct command cmd_version = {
	.name = "version",
	.synopsis = "version",
	.help = "Prints the version.\n",
	.run = run_version,
};
