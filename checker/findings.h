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
	int call;		/* the solver's model call at this step, or -1 */
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
	int suppressed_step;	/* the trace step that comment is at, -1 at the finding */
	VEC(struct trace_step) trace;
};

/* call: the model call the step is (solve.c cuts a chain there when a
 * suppression comment sits at it), or -1 */
void finding_add_step(struct finding *f, const char *file, unsigned line,
		      const char *function, const char *note, int call);
void finding_free(struct finding *f);

#endif
