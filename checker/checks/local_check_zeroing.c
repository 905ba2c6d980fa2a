// SPDX-License-Identifier: GPL-2.0
/* gfp-zeroing: an allocator with a zeroing variant (rules: zeroed) given
 * __GFP_ZERO, or whose result is always cleared right after with
 * memset(p, 0, <the same size>): use kzalloc(), kcalloc(), vzalloc(), ...
 * (memory-allocation.rst).
 *
 * "Always": the memset is a later statement of the same block as the
 * allocation (possibly inside the `if (p)` of its NULL check), with no
 * assignment to p in between.  A memset on one branch only (zeroing for
 * reads, copy_from_user() for writes) is a deliberate choice. */
#include "local_checks.h"
#include "local_ast.h"
#include "ctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 256

static const char *variant(const struct local_ctx *lc, int idx)
{
	const struct call_fact *cf = &lc->ff->calls.v[idx];

	if (idx < 0 || !cf->is_alloc || !cf->callee)
		return NULL;
	return named_get(rules_named(lc->rules, "zeroed", la_call_name(cf)),
			 "use");
}

/* Does the allocation always zero: __GFP_ZERO in every alternative, all
 * constant (kzalloc()'s own kmalloc(size, flags | __GFP_ZERO) is not) */
static bool always_zero(const struct local_ctx *lc, const struct gfp_expr *e)
{
	uint64_t zero = gfp_value(lc->gfp, "__GFP_ZERO");

	if (!zero || e->n == 0)
		return false;
	for (int i = 0; i < e->n; i++)
		if (!la_alt_const(&e->alt[i]) || !(e->alt[i].or_bits & zero))
			return false;
	return true;
}

/* memset's size equals the allocation's: size, or count * size */
static bool same_size(const struct local_ctx *lc, int idx, CXCursor len)
{
	const struct alloc_rule *ar = la_alloc_rule(lc, idx);
	CXCursor call = lc->call_cursors[idx], size, count, kid[2];
	long long a, b, l;
	char op[4];

	if (!ar || ar->size_arg < 0)
		return false;
	len = la_macro_temp(len);
	size = la_arg(call, ar->size_arg);
	if (ar->count_arg < 0)
		return la_same_expr(size, len);
	count = la_arg(call, ar->count_arg);
	if (la_eval_int(size, &a) && la_eval_int(count, &b) &&
	    la_eval_int(len, &l))
		return a * b == l;
	if (clang_getCursorKind(len) != CXCursor_BinaryOperator ||
	    cursor_children(len, kid, 2) != 2)
		return false;
	la_op(len, op, sizeof(op));
	if (op[0] != '*' || op[1])
		return false;
	return (la_same_expr(kid[0], count) && la_same_expr(kid[1], size)) ||
	       (la_same_expr(kid[0], size) && la_same_expr(kid[1], count));
}

/* ---- the allocation: `p = alloc(...)` or `T *p = alloc(...)` ---- */

struct alloc_stmt {
	int idx; /* call index of the allocation */
	char key[KEY_MAX]; /* what it is assigned to */
	char disp[KEY_MAX];
};

static int alloc_call(const struct local_ctx *lc, CXCursor e)
{
	e = ctl_value_expr(e);
	if (clang_getCursorKind(e) != CXCursor_CallExpr)
		return -1;
	return la_call_index(lc, e);
}

static bool as_alloc(const struct local_ctx *lc, CXCursor s,
		     struct alloc_stmt *a)
{
	CXCursor kid[4];
	char op[4];

	a->idx = -1;
	if (ctl_stmt_kind(s) == CTL_STMT_DECL) {
		struct ctl_stmt decl;
		bool one_var;

		ctl_stmt(s, &decl);
		one_var = decl.n_kids == 1 &&
			  clang_getCursorKind(decl.kids[0]) == CXCursor_VarDecl;
		kid[0] = one_var ? decl.kids[0] : clang_getNullCursor();
		ctl_stmt_free(&decl);
		if (!one_var)
			return false;
		kid[1] = la_var_init(kid[0]);
		if (clang_Cursor_isNull(kid[1]))
			return false;
		a->idx = alloc_call(lc, kid[1]);
		return variant(lc, a->idx) &&
		       la_var_key(kid[0], a->key, KEY_MAX, a->disp, KEY_MAX);
	}
	if (clang_getCursorKind(s) != CXCursor_BinaryOperator ||
	    cursor_children(s, kid, 2) != 2)
		return false;
	la_op(s, op, sizeof(op));
	if (strcmp(op, "=") != 0)
		return false;
	a->idx = alloc_call(lc, kid[1]);
	return variant(lc, a->idx) &&
	       la_key(kid[0], a->key, KEY_MAX, a->disp, KEY_MAX);
}

/* ---- the memset ---- */

struct fill_scan {
	struct local_ctx *lc;
	const struct alloc_stmt *a;
	CXCursor call; /* the fill call of a->key, if found */
	bool assigns; /* an assignment to a->key */
};

static bool is_key(CXCursor e, const char *key)
{
	char k[KEY_MAX], d[KEY_MAX];

	return la_key(e, k, sizeof(k), d, sizeof(d)) && strcmp(k, key) == 0;
}

static enum CXChildVisitResult scan_fill(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	struct fill_scan *s = data;
	const struct named_rule *fill;
	CXCursor kid[2];
	long long v;
	char op[4];
	char *name;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_BinaryOperator &&
	    cursor_children(c, kid, 2) == 2 && is_key(kid[0], s->a->key)) {
		la_op(c, op, sizeof(op));
		s->assigns |= strcmp(op, "=") == 0;
	}
	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	name = la_spelling(c);
	fill = rules_named(s->lc->rules, "fill", name);
	free(name);
	if (fill && is_key(la_arg(c, named_int(fill, "ptr", 0)), s->a->key) &&
	    la_eval_int(la_arg(c, named_int(fill, "value", 1)), &v) && v == 0 &&
	    same_size(s->lc, s->a->idx,
		      la_arg(c, named_int(fill, "size", 2)))) {
		s->call = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* A statement that is the memset (fortify wraps it in a statement
 * expression); *assigns: the statement assigns the pointer instead */
static bool fills(struct local_ctx *lc, const struct alloc_stmt *a, CXCursor s,
		  CXCursor *call, bool *assigns)
{
	struct fill_scan fs = { lc, a, clang_getNullCursor(), false };
	if (!clang_isExpression(clang_getCursorKind(s)) &&
	    ctl_stmt_kind(s) != CTL_STMT_DECL) {
		*assigns = true; /* a branch or loop: stop looking */
		return false;
	}
	if (scan_fill(s, s, &fs) == CXChildVisit_Recurse)
		clang_visitChildren(s, scan_fill, &fs);
	*assigns = fs.assigns;
	*call = fs.call;
	return !clang_Cursor_isNull(fs.call);
}

struct ref_scan {
	const char *key;
	bool found;
};

static enum CXChildVisitResult scan_ref(CXCursor c, CXCursor parent,
					CXClientData data)
{
	struct ref_scan *s = data;

	(void)parent;
	if (is_key(c, s->key)) {
		s->found = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static bool assigns_key(struct local_ctx *lc, const struct alloc_stmt *a,
			CXCursor s)
{
	struct fill_scan fs = { lc, a, clang_getNullCursor(), false };

	clang_visitChildren(s, scan_fill, &fs);
	return fs.assigns;
}

/* if (!p) ...: an if whose condition looks at p (an if owns nothing to
 * free) */
static bool tests_key(CXCursor s, const char *key)
{
	struct ctl_stmt is;
	struct ref_scan rs = { key, false };

	if (ctl_stmt_kind(s) != CTL_STMT_IF || !ctl_stmt(s, &is))
		return false;
	if (scan_ref(is.cond, s, &rs) == CXChildVisit_Recurse)
		clang_visitChildren(is.cond, scan_ref, &rs);
	return rs.found;
}

/* if (p) { memset(p, 0, size); ... }: the NULL check's success branch */
static bool fills_in_check(struct local_ctx *lc, const struct alloc_stmt *a,
			   CXCursor s, CXCursor *call)
{
	struct ctl_stmt is, block;
	CXCursor first;
	bool assigns;

	if (!tests_key(s, a->key) || !ctl_stmt(s, &is))
		return false;
	first = is.then;
	if (ctl_stmt_kind(first) == CTL_STMT_COMPOUND) {
		ctl_stmt(first, &block);
		first = block.n_kids ? block.kids[0] : clang_getNullCursor();
		ctl_stmt_free(&block);
		if (clang_Cursor_isNull(first))
			return false;
	}
	return fills(lc, a, first, call, &assigns);
}

static void report_zeroing(struct local_ctx *lc, const struct alloc_stmt *a,
			   CXCursor call)
{
	const struct call_fact *cf = &lc->ff->calls.v[a->idx];
	struct local_finding *lf;

	lf = la_emit_call(lc, a->idx,
			  "%s() followed by memset(%s, 0, ...) of the "
			  "whole allocation: use %s()",
			  la_call_name(cf), a->disp, variant(lc, a->idx));
	local_step(lf, la_line(call), "zeroed here");
}

/* The statements after an allocation in its block: a memset of the whole
 * allocation before anything assigns the pointer or branches */
static void check_block(struct local_ctx *lc, CXCursor *kid, int n)
{
	for (int i = 0; i < n; i++) {
		struct alloc_stmt a;
		CXCursor call;

		if (!as_alloc(lc, cursor_strip(kid[i]), &a) ||
		    always_zero(lc, &lc->ff->calls.v[a.idx].flags))
			continue;
		for (int j = i + 1; j < n; j++) {
			bool assigns = false;

			if (fills(lc, &a, kid[j], &call, &assigns) ||
			    fills_in_check(lc, &a, kid[j], &call)) {
				report_zeroing(lc, &a, call);
				break;
			}
			/* the NULL check itself: if (!p) return ...; */
			if (tests_key(kid[j], a.key) &&
			    !assigns_key(lc, &a, kid[j]))
				continue;
			if (assigns)
				break;
		}
	}
}

static enum CXChildVisitResult find_blocks(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	struct local_ctx *lc = data;
	struct ctl_stmt block;

	(void)parent;
	if (ctl_stmt_kind(c) != CTL_STMT_COMPOUND)
		return CXChildVisit_Recurse;
	ctl_stmt(c, &block);
	check_block(lc, block.kids, block.n_kids);
	ctl_stmt_free(&block);
	return CXChildVisit_Recurse;
}

static void local_check_zeroing(struct local_ctx *lc)
{
	bool any = false;

	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		const struct call_fact *cf = &lc->ff->calls.v[i];
		const char *use = variant(lc, (int)i);
		char *fl;

		if (!use)
			continue;
		any = true;
		if (!always_zero(lc, &cf->flags))
			continue;
		fl = la_flags(lc, &cf->flags);
		la_emit_call(lc, (int)i, "%s() with __GFP_ZERO (%s): use %s()",
			     la_call_name(cf), fl, use);
		free(fl);
	}
	if (any)
		find_blocks(lc->body, lc->body, lc);
}

const struct check_def check_def_zeroing = {
	.id = "gfp-zeroing",
	.severity = SEV_NOTE,
	.summary =
		"kmalloc + memset(0) or kmalloc(__GFP_ZERO): use kzalloc/kcalloc/vzalloc",
	.phase = CHECK_AT_EXTRACT,
	.extract = local_check_zeroing,
};
