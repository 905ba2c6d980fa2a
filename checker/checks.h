/* SPDX-License-Identifier: GPL-2.0 */
/* The registry of checks.  Each check lives in its own check_*.c file and
 * reads the in-memory model; the registry gives every rule its stable
 * public id, default severity and one-line rationale. */
#ifndef GFPCHECK_CHECKS_H
#define GFPCHECK_CHECKS_H

#include "findings.h"
#include "model.h"

struct check_ctx;

struct check_def {
	const char *id;
	const char *severity;	/* default: error, warning, note */
	const char *summary;
	void (*run)(struct check_ctx *cx);
};

struct check_ctx {
	const struct model *m;
	const struct check_def *def;
	struct callgraph *cg;		/* shared inter-procedural context */
	VEC(struct finding) findings;
};

extern const struct check_def check_defs[];
extern const int check_count;
const struct check_def *check_find(const char *id);

/* A finding of the running check at a call site, severity from its def */
struct finding *check_emit(struct check_ctx *cx, const struct call_fact *site,
			   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Adds a trace step at a call site of the model */
void check_step(struct check_ctx *cx, struct finding *f, const struct call_fact *c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

void check_sleep_in_atomic(struct check_ctx *cx);
void check_rt_atomic(struct check_ctx *cx);
void check_local_findings(struct check_ctx *cx);

#endif
