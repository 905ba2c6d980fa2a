/* SPDX-License-Identifier: GPL-2.0 */
/* AST and GFP helpers shared by the local checks (local_check_*.c). */
#ifndef GFPCHECK_LOCAL_AST_H
#define GFPCHECK_LOCAL_AST_H

#include "local_checks.h"

#include <stdbool.h>
#include <stdint.h>

char *la_spelling(CXCursor c);
char *la_pretty(CXCursor c);		/* the expression as written (its tokens) */
unsigned la_line(CXCursor c);		/* expansion line */
/* The tokens of c as written in a file: its own text (also inside a macro
 * argument), or for a cursor from a macro's body, the macro invocation.
 * Free with clang_disposeTokens(). */
void la_tokenize(CXCursor c, CXToken **toks, unsigned *n);
/* Is a GFP flag or mask name of rules/gfp.rules among c's tokens? */
bool la_has_gfp_name(const struct local_ctx *lc, CXCursor c);
bool la_is_gfp_type(CXType t);		/* the gfp_t typedef */
bool la_is_pointer(CXCursor e);		/* an expression of pointer type */

/* The operator of a unary or binary operator cursor ("" if unknown) */
void la_op(CXCursor c, char *op, size_t size);

/* A constant integer expression with no calls */
bool la_eval_int(CXCursor c, long long *v);
bool la_is_null_const(CXCursor c);

/* Argument idx of a call, stripped of parens and implicit casts */
CXCursor la_arg(CXCursor call, int idx);

/* For a DeclRefExpr to a local variable with an initializer whose name
 * starts with "__" (a macro's temporary, e.g. fortify's __fortify_size),
 * that initializer; otherwise c itself.  Stripped. */
CXCursor la_macro_temp(CXCursor c);

/* Same value: equal constants or equal printed form */
bool la_same_expr(CXCursor a, CXCursor b);

/* The index of a CallExpr in lc->ff->calls, or -1 */
int la_call_index(const struct local_ctx *lc, CXCursor call);
/* The function a call fact names in messages: an allocator as the call
 * site spells it (kcalloc, not kmalloc_array_noprof), else the callee. */
/* A variable's initialiser, or a null cursor */
CXCursor la_var_init(CXCursor var);
/* The function a call calls: its referenced declaration, also through a
 * _Generic selection (seqlock.h's __seqprop(s, prop)(s)), whose type is
 * the selected association's; a null cursor for a call through a pointer */
CXCursor la_callee(CXCursor call);
/* The association a _Generic selection selects: the only one of the
 * selection's type, or the only one calling a function whose first
 * parameter points to the controlling expression's type; else null */
CXCursor la_generic_selected(CXCursor gs);
/* The value of a statement expression ({ ...; e; }): e, or when e is a
 * variable the expression declares, that variable's initialiser
 * (alloc_hooks(): ({ typeof(x) _res = x; ...; _res; }) is x).  Null if
 * the cursor is not a statement expression with a value. */
CXCursor la_stmt_expr_value(CXCursor e);
/* An expression with statement expressions looked through
 * (la_stmt_expr_value()): alloc_hooks(kmalloc_noprof(...)) is the call */
CXCursor la_value_expr(CXCursor e);
/* The last statement of ({ ...; e; }) when it is an expression, or null */
CXCursor la_stmt_expr_last(CXCursor e);
/* clang_visitChildren visitor pushing each child onto a VEC(CXCursor) */
enum CXChildVisitResult la_collect_kids(CXCursor c, CXCursor parent, CXClientData data);
const char *la_call_name(const struct call_fact *cf);
const struct alloc_rule *la_alloc_rule(const struct local_ctx *lc, int idx);

/* A finding of the running check at call idx; flags as spelled when the
 * call is an allocation */
struct local_finding *la_emit_call(struct local_ctx *lc, int idx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The key of a VarDecl/ParmDecl cursor itself, as la_key() keys a
 * reference to it; disp (may be NULL) gets its name. */
bool la_var_key(CXCursor var, char *key, size_t ksize, char *disp, size_t dsize);
/* Key of an lvalue: a variable ("name@offset") or a member chain rooted at
 * one ("s@12->buf"); disp gets the readable form ("s->buf"). */
bool la_key(CXCursor e, char *key, size_t ksize, char *disp, size_t dsize);

/* Does the subtree reference the function's parameter number idx? */
bool la_refs_param(CXCursor fn, CXCursor e, unsigned param_mask);

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
