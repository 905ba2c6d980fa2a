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

struct pf_requests;

struct local_ctx {
	const struct ruleset *rules;
	const struct gfp_table *gfp;
	CXTranslationUnit tu;
	CXCursor fn;			/* the FunctionDecl */
	CXCursor body;			/* its CompoundStmt */
	const struct cfg *cfg;		/* events index into calls/call_cursors */
	struct function_fact *ff;	/* ff->calls[i] is the fact of call i */
	const CXCursor *call_cursors;	/* call_cursors[i] is call i's CallExpr */
	struct pf_requests *ptrflow;	/* the checks that want the pointer flow (or NULL) */
};

/* Runs every local check on one function; those on the pointer flow add
 * their hooks to lc->ptrflow, for the caller's one pf_run(). */
void local_checks_run(struct local_ctx *lc);

/* Helpers for the checks */
struct local_finding *local_emit(struct local_ctx *lc, const char *rule, CXCursor at,
				 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void local_step(struct local_finding *lf, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void local_findings_free(struct function_fact *ff);

/* The checks, one per rule (local_check_*.c) */
void local_check_unchecked_alloc(struct local_ctx *lc);	/* gfp-unchecked-alloc */
void local_check_highmem_kmalloc(struct local_ctx *lc);	/* gfp-highmem-kmalloc */
void local_check_nofail(struct local_ctx *lc);		/* gfp-nofail */
void local_check_in_atomic_test(struct local_ctx *lc);	/* gfp-in-atomic-test */
void local_check_dma_legacy(struct local_ctx *lc);	/* gfp-dma-legacy */
void local_check_nofs_scope(struct local_ctx *lc);	/* gfp-nofs-scope */
void local_check_kvmalloc_flags(struct local_ctx *lc);	/* gfp-kvmalloc-flags */
void local_check_zeroing(struct local_ctx *lc);		/* gfp-zeroing */
void local_check_alloc_overflow(struct local_ctx *lc);	/* gfp-alloc-overflow */
void local_check_free_mismatch(struct local_ctx *lc);	/* gfp-free-mismatch */
void local_check_ignored_param(struct local_ctx *lc);	/* gfp-ignored-param */
void local_check_zone_only(struct local_ctx *lc);	/* gfp-zone-only */

#endif
