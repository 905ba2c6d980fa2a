/* SPDX-License-Identifier: GPL-2.0 */
/* Printing stored findings: compiler-style text and JSON. */
#ifndef GFPCHECK_REPORT_H
#define GFPCHECK_REPORT_H

#include <stdio.h>
#include "store.h"

enum report_format { FMT_TEXT, FMT_JSON };

struct report_opts {
	enum report_format format;
	char **paths;		/* report only findings under these (absolute) */
	int npaths;
	const struct run_stats *stats;
	int only_line;		/* > 0: only findings at this line of paths[0] */
};

/* Returns the number of findings printed, or -1 on a database error. */
int report(struct store *s, const struct report_opts *o, FILE *out);

#endif
