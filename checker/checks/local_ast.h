/* SPDX-License-Identifier: GPL-2.0 */
/* What a local check (local_check_*.c) sees of one function (struct
 * local_ctx), how it reports (local_emit()), and the queries that know
 * our facts, the rules and GFP masks.  The generic AST helpers are ast.h's;
 * the registry that runs the checks is local_checks.h, which builds on
 * this and not the other way round. */
#ifndef GFPCHECK_LOCAL_AST_H
#define GFPCHECK_LOCAL_AST_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stdint.h>
#include "ast.h"
#include "cfg.h"
#include "checkdef.h"
#include "facts.h"
#include "gfp.h"
#include "rules.h"

struct pf_requests;

struct local_ctx {
	const struct check_def
		*def; /* the running check (set by checks_run_extract()) */
	const struct ruleset *rules;
	const struct gfp_table *gfp;
	CXTranslationUnit tu;
	CXCursor fn; /* the FunctionDecl */
	CXCursor body; /* its CompoundStmt */
	const struct cfg *cfg; /* events index into calls/call_cursors */
	struct function_fact *ff; /* ff->calls[i] is the fact of call i */
	const CXCursor *call_cursors; /* call_cursors[i] is call i's CallExpr */
	struct pf_requests
		*ptrflow; /* the checks that want the pointer flow (or NULL) */
};

/* A finding of the running check (lc->def) at cursor `at`, appended to lc->ff */
struct local_finding *local_emit(struct local_ctx *lc, CXCursor at,
				 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A severity other than the check's default for this finding */
void local_severity(struct local_finding *lf, enum severity sev);
/* One more step of a finding's trace */
void local_step(struct local_finding *lf, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Is a GFP flag or mask name of rules/gfp.rules among c's tokens? */
bool la_has_gfp_name(const struct local_ctx *lc, CXCursor c);

/* The index of a CallExpr in lc->ff->calls, or -1 */
int la_call_index(const struct local_ctx *lc, CXCursor call);
/* The function a call fact names in messages: an allocator as the call
 * site spells it (kcalloc, not kmalloc_array_noprof), else the callee. */
const char *la_call_name(const struct call_fact *cf);
const struct alloc_rule *la_alloc_rule(const struct local_ctx *lc, int idx);

/* A finding of the running check at call idx; flags as spelled when the
 * call is an allocation */
struct local_finding *la_emit_call(struct local_ctx *lc, int idx,
				   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* GFP: bits the mask certainly has in alternative a */
static inline bool la_alt_const(const struct gfp_alt *a)
{
	return a->param < 0;
}

/* The mask for messages: as spelled, and its value when spelled as a
 * variable ("gfp = GFP_NOFS | __GFP_NOFAIL").  Caller frees. */
char *la_flags(const struct local_ctx *lc, const struct gfp_expr *e);

/* Is any bit of `bits` forced on in some alternative (parameter or not)? */
bool la_gfp_any_has(const struct gfp_expr *e, uint64_t bits);

#endif
