/* SPDX-License-Identifier: GPL-2.0 */
/* What a check is, and what it may use.  Each rule is one file
 * (check_*.c at solve time, local_check_*.c at extraction time) exporting
 * one descriptor, listed once in check_list.h; checks.c makes the registry
 * of that list.  A check names its rule only in its descriptor: it emits
 * through a context that carries the descriptor (check_emit() here,
 * local_emit() of local_checks.h), so every finding has its check's id and
 * default severity.  This module knows no rule: the dependency runs
 * registry -> rule files -> this API. */
#ifndef GFPCHECK_CHECKDEF_H
#define GFPCHECK_CHECKDEF_H

#include "findings.h"
#include "model.h"

struct check_ctx;
struct local_ctx;

enum check_phase {
	/* inter-procedural: reads the model when solving */
	CHECK_AT_SOLVE,
	/* intra-procedural: reads the AST of one function during extraction;
	 * its findings are stored with the facts and become findings of this
	 * descriptor when solving (check_emit_stored()) */
	CHECK_AT_EXTRACT,
};

struct check_def {
	const char *id; /* stable public id, "gfp-..." */
	enum severity severity; /* default */
	const char *summary; /* one line: what it finds */
	enum check_phase phase;
	void (*solve)(struct check_ctx *cx); /* CHECK_AT_SOLVE */
	void (*extract)(struct local_ctx *lc); /* CHECK_AT_EXTRACT */
};

/* The solver's context of the running check */
struct check_ctx {
	const struct model *m;
	const struct check_def *def; /* the running check */
	struct callgraph *cg; /* shared inter-procedural context */
	VEC(struct finding) findings;
};

/* A finding of the running check at a call site, severity from its def */
struct finding *check_emit(struct check_ctx *cx, const struct call_fact *site,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Adds a trace step at a call site of the model */
void check_step(struct check_ctx *cx, struct finding *f,
		const struct call_fact *c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A finding stored at extraction time by the check def (whose id the
 * stored finding names) as a finding; sev: the stored severity when it
 * has one, else def's */
void check_emit_stored(struct check_ctx *cx, const struct check_def *def,
		       const struct local_finding *l, enum severity sev);

#endif
