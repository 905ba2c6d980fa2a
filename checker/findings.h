/* SPDX-License-Identifier: GPL-2.0 */
/* A finding as the solver produces it and the reporters print it. */
#ifndef GFPCHECK_FINDINGS_H
#define GFPCHECK_FINDINGS_H

#include "util.h"

struct trace_step {
	char *file;
	unsigned line;
	char *function;
	char *note;
};

struct finding {
	const char *rule;
	const char *severity;	/* "error", "warning", "note" */
	char *file;
	unsigned line, col;
	char *function;
	char *message;
	char *flags;		/* the GFP mask as spelled, or NULL */
	char *fingerprint;
	char *suppressed;	/* reason given in a suppression comment, or NULL */
	VEC(struct trace_step) trace;
};

void finding_add_step(struct finding *f, const char *file, unsigned line,
		      const char *function, const char *note);
void finding_free(struct finding *f);

#endif
