/* SPDX-License-Identifier: GPL-2.0 */
/* Intra-procedural checks that need the AST (NULL checks, dereferences,
 * frees, ...).  They run inside extraction, once per function, over the
 * same CFG the lock analysis uses, and append local_finding records to
 * the function's facts; the solver turns those into findings. */
#ifndef GFPCHECK_LOCAL_CHECKS_H
#define GFPCHECK_LOCAL_CHECKS_H

#include <clang-c/Index.h>
#include "cfg.h"
#include "facts.h"
#include "gfp.h"
#include "rules.h"

struct local_ctx {
	const struct ruleset *rules;
	const struct gfp_table *gfp;
	CXTranslationUnit tu;
	CXCursor fn;			/* the FunctionDecl */
	CXCursor body;			/* its CompoundStmt */
	const struct cfg *cfg;		/* events index into calls/call_cursors */
	struct function_fact *ff;	/* ff->calls[i] is the fact of call i */
	const CXCursor *call_cursors;	/* call_cursors[i] is call i's CallExpr */
};

/* Runs every local check on one function. */
void local_checks_run(struct local_ctx *lc);

/* Helpers for the checks */
struct local_finding *local_emit(struct local_ctx *lc, const char *rule, CXCursor at,
				 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void local_step(struct local_finding *lf, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void local_findings_free(struct function_fact *ff);

#endif
