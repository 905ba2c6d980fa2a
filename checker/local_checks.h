/* SPDX-License-Identifier: GPL-2.0 */
/* What the intra-procedural checks (local_check_*.c: NULL checks,
 * dereferences, frees, ...) use.  They run inside extraction, once per
 * function (checks_run_extract() of checks.h), over the same CFG the lock
 * analysis uses, and append local_finding records to the function's facts;
 * the solver turns those into findings of their check (checkdef.h). */
#ifndef GFPCHECK_LOCAL_CHECKS_H
#define GFPCHECK_LOCAL_CHECKS_H

#include <clang-c/Index.h>
#include "cfg.h"
#include "checkdef.h"
#include "facts.h"
#include "gfp.h"
#include "rules.h"

struct local_ctx {
	const struct check_def *def;	/* the running check (set by checks_run_extract()) */
	const struct ruleset *rules;
	const struct gfp_table *gfp;
	CXTranslationUnit tu;
	CXCursor fn;			/* the FunctionDecl */
	CXCursor body;			/* its CompoundStmt */
	const struct cfg *cfg;		/* events index into calls/call_cursors */
	struct function_fact *ff;	/* ff->calls[i] is the fact of call i */
	const CXCursor *call_cursors;	/* call_cursors[i] is call i's CallExpr */
};

/* Helpers for the checks: a finding of the running check at a cursor */
struct local_finding *local_emit(struct local_ctx *lc, CXCursor at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A severity other than the check's default for this finding */
void local_severity(struct local_finding *lf, enum severity sev);
void local_step(struct local_finding *lf, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void local_findings_free(struct function_fact *ff);

#endif
