// SPDX-License-Identifier: GPL-2.0
/* gfp-in-atomic-test: GFP flags chosen at run time with in_atomic(),
 * in_interrupt(), irqs_disabled(), preemptible() (rules: ctxtest).  These
 * cannot see a held spinlock on kernels without CONFIG_PREEMPT_COUNT, nor
 * the caller's locks in general: the caller must pass the flags (a gfp_t
 * parameter) instead.  Matched on the tokens as written, since most of
 * these are macros that expand to preempt_count() arithmetic. */
#include "local_checks.h"
#include "local_ast.h"
#include "ctl.h"

#include <stdlib.h>
#include <string.h>

struct ctx_token {
	char *name;
	unsigned line, col;
};

/* The first context test among the tokens of c's extent */
static bool tokens_test(struct local_ctx *lc, CXCursor c, struct ctx_token *out)
{
	const CXToken *toks = NULL;
	unsigned n = 0;
	bool found = false;

	la_tokenize(c, &toks, &n);
	for (unsigned i = 0; i < n && !found; i++) {
		CXString s;
		CXFile file;
		unsigned off;

		if (clang_getTokenKind(toks[i]) != CXToken_Identifier)
			continue;
		s = clang_getTokenSpelling(lc->tu, toks[i]);
		if (rules_named(lc->rules, "ctxtest", clang_getCString(s))) {
			out->name = xstrdup(clang_getCString(s));
			clang_getExpansionLocation(
				clang_getTokenLocation(lc->tu, toks[i]), &file,
				&out->line, &out->col, &off);
			found = true;
		}
		clang_disposeString(s);
	}
	return found;
}

struct var_scan {
	struct local_ctx *lc;
	struct ctx_token *out;
	bool found;
};

/* bool atomic = in_atomic(); ... atomic ? GFP_ATOMIC : GFP_KERNEL */
static enum CXChildVisitResult scan_vars(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	struct var_scan *s = data;
	CXCursor ref, kid[4];
	int n;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return CXChildVisit_Recurse;
	ref = clang_getCursorReferenced(c);
	if (clang_getCursorKind(ref) != CXCursor_VarDecl)
		return CXChildVisit_Continue;
	n = cursor_children(ref, kid, 4);
	if (n < 1 || n > 4 ||
	    !clang_isExpression(clang_getCursorKind(kid[n - 1])))
		return CXChildVisit_Continue;
	if (tokens_test(s->lc, kid[n - 1], s->out)) {
		s->found = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

static bool cond_tests_context(struct local_ctx *lc, CXCursor cond,
			       struct ctx_token *out)
{
	struct var_scan s = { lc, out, false };

	if (tokens_test(lc, cond, out))
		return true;
	if (clang_getCursorKind(cursor_strip(cond)) == CXCursor_DeclRefExpr)
		scan_vars(cursor_strip(cond), cond, &s);
	else
		clang_visitChildren(cond, scan_vars, &s);
	if (s.found) {
		/* report where the flags are chosen, not where the test was stored */
		CXFile file;
		unsigned off;

		clang_getExpansionLocation(clang_getCursorLocation(cond), &file,
					   &out->line, &out->col, &off);
	}
	return s.found;
}

struct choice_scan {
	struct local_ctx *lc;
	bool found;
};

static bool is_assign(CXCursor c)
{
	char op[4];

	if (clang_getCursorKind(c) == CXCursor_CompoundAssignOperator)
		return true;
	if (clang_getCursorKind(c) != CXCursor_BinaryOperator)
		return false;
	la_op(c, op, sizeof(op));
	return strcmp(op, "=") == 0;
}

/* A GFP value: of type gfp_t, or spelled with GFP names (GFP_ATOMIC is an
 * unsigned int expression: __GFP_HIGH | __GFP_KSWAPD_RECLAIM) */
static bool gfp_valued(const struct local_ctx *lc, CXCursor e)
{
	return gfp_is_type(clang_getCursorType(e)) || la_has_gfp_name(lc, e);
}

/* Does a branch set a gfp_t, return one, or allocate? */
static enum CXChildVisitResult scan_choice(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	struct choice_scan *s = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	struct ctl_stmt ret; /* a return owns nothing to free */
	CXCursor kid[2];

	(void)parent;
	if (k == CXCursor_CallExpr) {
		int idx = la_call_index(s->lc, c);
		const struct alloc_rule *ar = la_alloc_rule(s->lc, idx);

		s->found = ar && ar->gfp_arg >= 0;
	} else if (ctl_stmt_kind(c) == CTL_STMT_RETURN) {
		ctl_stmt(c, &ret);
		s->found = !clang_Cursor_isNull(ret.value) &&
			   (gfp_is_type(clang_getCursorResultType(s->lc->fn)) ||
			    gfp_valued(s->lc, ret.value));
	} else if ((k == CXCursor_BinaryOperator ||
		    k == CXCursor_CompoundAssignOperator) &&
		   cursor_children(c, kid, 2) == 2 &&
		   gfp_is_type(clang_getCursorType(kid[0]))) {
		s->found = is_assign(c);
	}
	return s->found ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static bool chooses_flags(struct local_ctx *lc, CXCursor branch)
{
	struct choice_scan s = { lc, false };

	if (scan_choice(branch, branch, &s) == CXChildVisit_Recurse)
		clang_visitChildren(branch, scan_choice, &s);
	return s.found;
}

struct test_walk {
	struct local_ctx *lc;
	VEC(unsigned) seen; /* line << 12 | col of reported tests */
};

static void report_context_test(struct test_walk *w, CXCursor at,
				const struct ctx_token *t)
{
	unsigned key = t->line << 12 | (t->col & 0xfff);
	struct local_finding *lf;

	for (size_t i = 0; i < w->seen.n; i++)
		if (w->seen.v[i] == key)
			return;
	VEC_PUSH(w->seen, key);
	lf = local_emit(
		w->lc, at,
		"GFP flags chosen with %s(): it cannot tell whether the caller holds a "
		"spinlock; let the caller pass the gfp_t (or GFP_ATOMIC where it may be atomic)",
		t->name);
	lf->line = t->line;
	lf->col = t->col;
}

static void extent_offsets(CXCursor c, unsigned *begin, unsigned *end)
{
	CXSourceRange r = clang_getCursorExtent(c);
	CXFile file;
	unsigned line, col;

	clang_getExpansionLocation(clang_getRangeStart(r), &file, &line, &col,
				   begin);
	clang_getExpansionLocation(clang_getRangeEnd(r), &file, &line, &col,
				   end);
}

static bool mask_varies(const struct call_fact *cf)
{
	if (cf->is_alloc && cf->flags.n > 1)
		return true;
	for (size_t i = 0; i < cf->args.n; i++)
		if (cf->args.v[i].kind == ARG_GFP && cf->args.v[i].gfp.n > 1)
			return true;
	return false;
}

/* The calls whose mask the test chooses: those inside the if/?: that
 * tests, and those whose mask takes several values (held in a variable
 * set under the test).  gfp-sleep-in-atomic does not report them in a
 * context the test sees (in_interrupt() sees a hard-IRQ handler, not a
 * held spinlock). */
static void mark_chosen(struct local_ctx *lc, CXCursor test_stmt, unsigned sees)
{
	unsigned begin, end;

	if (!sees)
		return;
	extent_offsets(test_stmt, &begin, &end);
	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		struct call_fact *cf = &lc->ff->calls.v[i];
		unsigned b, e;

		extent_offsets(lc->call_cursors[i], &b, &e);
		if ((b >= begin && e <= end) || mask_varies(cf))
			cf->ctx_seen |= sees;
	}
}

static enum CXChildVisitResult find_tests(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	struct test_walk *w = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	struct ctx_token t = { 0 };
	CXCursor kid[3];
	bool choice = false;
	int n;

	(void)parent;
	n = ctl_choice(c, kid); /* an if or a ?: */
	if (!n)
		return CXChildVisit_Recurse;
	if (k == CXCursor_ConditionalOperator)
		choice = gfp_valued(w->lc, kid[1]) || gfp_valued(w->lc, kid[2]);
	for (int i = 1; i < n && !choice; i++)
		choice = chooses_flags(w->lc, kid[i]);
	if (choice && cond_tests_context(w->lc, kid[0], &t)) {
		report_context_test(w, kid[0], &t);
		mark_chosen(w->lc, c, rules_ctxtest_sees(w->lc->rules, t.name));
	}
	free(t.name);
	return CXChildVisit_Recurse;
}

static void local_check_in_atomic_test(struct local_ctx *lc)
{
	struct test_walk w = { lc, { 0 } };

	clang_visitChildren(lc->body, find_tests, &w);
	VEC_FREE(w.seen);
}

const struct check_def check_def_in_atomic_test = {
	.id = "gfp-in-atomic-test",
	.severity = SEV_WARNING,
	.summary =
		"flags chosen with in_atomic()/in_interrupt()/irqs_disabled(), which cannot see "
		"held locks",
	.phase = CHECK_AT_EXTRACT,
	.extract = local_check_in_atomic_test,
};
