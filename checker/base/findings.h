/* SPDX-License-Identifier: GPL-2.0 */
/* A finding as the solver produces it and the reporters print it. */
#ifndef GFPCHECK_FINDINGS_H
#define GFPCHECK_FINDINGS_H

#include <stdbool.h>
#include "util.h"

/* Ordered: a higher value is more severe (--fail-on compares them). */
enum severity { SEV_NOTE, SEV_WARNING, SEV_ERROR };

/* "note", "warning", "error": the one place severities are spelled */
const char *severity_name(enum severity s);
/* false when s is none of those names */
bool severity_parse(const char *s, enum severity *out);

struct trace_step {
	char *file;
	unsigned line;
	char *function;
	char *note;
	int call; /* the solver's model call at this step, or -1 */
};

struct finding {
	const char *rule; /* the id of a check_def (checks.h) */
	enum severity severity;
	char *file;
	unsigned line, col;
	char *function;
	char *message;
	char *flags; /* the GFP mask as spelled, or NULL */
	char *fingerprint;
	char *suppressed; /* reason given in a suppression comment, or NULL */
	int suppressed_step; /* the trace step that comment is at, -1 at the finding */
	VEC(struct trace_step) trace;
};

/* call: the model call the step is (solve.c cuts a chain there when a
 * suppression comment sits at it), or -1 */
void finding_add_step(struct finding *f, const char *file, unsigned line,
		      const char *function, const char *note, int call);
/* A file path inside a note ("initializer in /tree/drivers/x.c)"): where
 * the path that starts at p ends, or NULL if none starts there.  The one
 * reading of paths in notes: the fingerprint skips them, the report shows
 * them relative. */
const char *note_path_end(const char *note, const char *p);
void finding_free(struct finding *f);

#endif
