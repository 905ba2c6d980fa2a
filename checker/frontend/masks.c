// SPDX-License-Identifier: GPL-2.0
#include "masks.h"
#include "ast.h"
#include "ctl.h"

#include <stdlib.h>
#include <string.h>

static void gfp_add(struct gfp_expr *e, struct gfp_alt a)
{
	for (int i = 0; i < e->n; i++) {
		const struct gfp_alt *o = &e->alt[i];

		if (o->param == a.param && o->or_bits == a.or_bits &&
		    o->and_mask == a.and_mask && o->when == a.when &&
		    (!a.when || o->when_true == a.when_true))
			return;
	}
	if (e->n < GFP_MAX_VALUES)
		e->alt[e->n++] = a;
}

/* ---- `P ? A : B` with P a parameter: which arm each value comes from ---- */

/* The condition of a `?:` choosing a mask is a parameter, or its
 * negation: 1 + its index, and in *truth the truth that takes the first
 * arm; else 0 */
static int chosen_by_param(CXCursor fn, CXCursor cond, bool *truth)
{
	CXCursor c = cursor_strip(cond), kid[1], ref;
	char op[4];
	int idx;

	*truth = true;
	while (clang_getCursorKind(c) == CXCursor_UnaryOperator) {
		la_op(c, op, sizeof(op));
		if (strcmp(op, "!") != 0 || cursor_children(c, kid, 1) != 1)
			return 0;
		*truth = !*truth;
		c = cursor_strip(kid[0]);
	}
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return 0;
	ref = clang_getCursorReferenced(c);
	if (clang_getCursorKind(ref) != CXCursor_ParmDecl)
		return 0;
	idx = cursor_param_index(fn, ref);
	return idx >= 0 && idx < 32 ? idx + 1 : 0;
}

/* Adds the values of one arm, chosen where parameter `when - 1` has
 * `truth` (a value an inner `?:` chose already keeps its own parameter) */
static void add_arm(struct gfp_expr *out, const struct gfp_expr *arm, int when,
		    bool truth)
{
	for (int i = 0; i < arm->n; i++) {
		struct gfp_alt a = arm->alt[i];

		if (!a.when && when) {
			a.when = when;
			a.when_true = truth;
		}
		gfp_add(out, a);
	}
}

static void eval_gfp(CXCursor fn, CXCursor c, struct gfp_expr *out, int depth);

/* ---- local gfp_t variables: which assignments reach a use ---- */

struct def {
	CXCursor expr; /* the assignment (or the VarDecl for its initialiser) */
	unsigned offset;
	bool dominates; /* on every path to the use: a statement of an enclosing block */
	char op; /* '=', '|', '&' */
};

struct def_scan {
	CXCursor var;
	VEC(struct def) defs;
	bool unknown; /* assigned in a way we do not follow */
	VEC(CXCursor)
	path; /* the use's enclosing statements, outermost first */
};

/* A statement directly inside one of the compound statements enclosing the
 * use runs on every path to it. */
static bool on_every_path(const struct def_scan *d, CXCursor parent)
{
	for (size_t i = 0; i < d->path.n; i++)
		if (clang_equalCursors(d->path.v[i], parent))
			return ctl_stmt_kind(parent) == CTL_STMT_COMPOUND;
	return false;
}

static enum CXChildVisitResult collect_defs(CXCursor c, CXCursor parent,
					    CXClientData data)
{
	struct def_scan *d = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor kid[2];
	char op[4];

	if (k != CXCursor_BinaryOperator &&
	    k != CXCursor_CompoundAssignOperator)
		return CXChildVisit_Recurse;
	if (cursor_children(c, kid, 2) != 2)
		return CXChildVisit_Recurse;
	kid[0] = cursor_strip(kid[0]);
	if (clang_getCursorKind(kid[0]) != CXCursor_DeclRefExpr ||
	    !clang_equalCursors(clang_getCursorReferenced(kid[0]), d->var))
		return CXChildVisit_Recurse;
	la_op(c, op, sizeof(op));
	if (strcmp(op, "=") == 0 || strcmp(op, "|=") == 0 ||
	    strcmp(op, "&=") == 0) {
		struct def def = { c, cursor_offset(c),
				   on_every_path(d, parent), op[0] };

		VEC_PUSH(d->defs, def);
	} else {
		d->unknown = true;
	}
	return CXChildVisit_Continue;
}

struct path_search {
	CXCursor target;
	VEC(CXCursor) stack;
	bool found;
};

static enum CXChildVisitResult find_path(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	struct path_search *ps = data;

	(void)parent;
	if (clang_equalCursors(c, ps->target)) {
		ps->found = true;
		return CXChildVisit_Break;
	}
	VEC_PUSH(ps->stack, c);
	clang_visitChildren(c, find_path, ps);
	if (ps->found)
		return CXChildVisit_Break;
	ps->stack.n--;
	return CXChildVisit_Continue;
}

static void apply_def(CXCursor fn, const struct def *d, struct gfp_expr *out,
		      int depth)
{
	CXCursor kid[2];
	struct gfp_expr rhs = { 0 };
	struct gfp_expr prev = *out;

	if (clang_getCursorKind(d->expr) == CXCursor_VarDecl) {
		CXCursor init = la_var_init(d->expr);

		if (!clang_Cursor_isNull(init))
			eval_gfp(fn, init, out, depth + 1);
		return;
	}
	if (cursor_children(d->expr, kid, 2) != 2)
		return;
	eval_gfp(fn, kid[1], &rhs, depth + 1);
	free(rhs.text);
	if (d->op == '=') {
		if (d->dominates)
			out->n =
				0; /* what came before is overwritten on every path */
		for (int i = 0; i < rhs.n; i++)
			gfp_add(out, rhs.alt[i]);
		return;
	}
	/* g |= X, g &= X: each value so far, combined; a conditional one keeps the old too */
	if (rhs.n != 1 || rhs.alt[0].param >= 0) {
		out->n = 0;
		return;
	}
	if (d->dominates)
		out->n = 0;
	for (int i = 0; i < prev.n; i++) {
		struct gfp_alt a = prev.alt[i];

		if (d->op == '|') {
			a.or_bits |= rhs.alt[0].or_bits;
		} else {
			a.or_bits &= rhs.alt[0].or_bits;
			a.and_mask &= rhs.alt[0].or_bits;
		}
		gfp_add(out, a);
	}
}

static int cmp_def(const void *a, const void *b)
{
	const struct def *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* The values a local gfp_t variable may hold at `use`: its initialiser and
 * the assignments before the use in source order, where one that runs on
 * every path to the use overwrites what came before it. */
static void eval_local(CXCursor fn, CXCursor var, CXCursor use,
		       struct gfp_expr *out, int depth)
{
	struct def_scan d = { .var = var };
	struct path_search ps = { .target = use };
	unsigned use_off = cursor_offset(use);
	struct def init = { var, cursor_offset(var), true, '=' };

	clang_visitChildren(fn, find_path, &ps);
	if (ps.found) {
		d.path.v = ps.stack.v;
		d.path.n = ps.stack.n;
	}
	clang_visitChildren(fn, collect_defs, &d);
	if (d.unknown) {
		out->n = 0;
		goto out;
	}
	VEC_PUSH(d.defs, init);
	qsort(d.defs.v, d.defs.n, sizeof(struct def), cmp_def);
	for (size_t i = 0; i < d.defs.n; i++)
		if (d.defs.v[i].offset < use_off ||
		    clang_getCursorKind(d.defs.v[i].expr) == CXCursor_VarDecl)
			apply_def(fn, &d.defs.v[i], out, depth);
out:
	VEC_FREE(d.defs);
	free(ps.stack.v);
}

static void eval_binary(CXCursor fn, CXCursor c, struct gfp_expr *out,
			int depth)
{
	CXCursor kid[2];
	struct gfp_expr l = { 0 }, r = { 0 };
	char op[4];

	la_op(c, op, sizeof(op));
	if ((strcmp(op, "|") != 0 && strcmp(op, "&") != 0) ||
	    cursor_children(c, kid, 2) != 2)
		return;
	eval_gfp(fn, kid[0], &l, depth + 1);
	eval_gfp(fn, kid[1], &r, depth + 1);
	for (int i = 0; i < l.n; i++) {
		for (int j = 0; j < r.n; j++) {
			struct gfp_alt a = l.alt[i], b = r.alt[j];

			if (a.param >= 0 && b.param >= 0)
				continue; /* two parameters: give up on this pair */
			if (a.param < 0) {
				struct gfp_alt t = a;

				a = b;
				b = t;
			}
			/* b is a constant (or_bits) now; the pair is chosen
			 * where both are */
			if (!a.when) {
				a.when = b.when;
				a.when_true = b.when_true;
			}
			if (op[0] == '|') {
				a.or_bits |= b.or_bits;
			} else {
				a.or_bits &= b.or_bits;
				a.and_mask &= b.or_bits;
			}
			gfp_add(out, a);
		}
	}
	free(l.text);
	free(r.text);
}

static void eval_gfp(CXCursor fn, CXCursor c, struct gfp_expr *out, int depth)
{
	long long v;
	CXCursor kid[3];

	if (depth > 8)
		return;
	c = cursor_strip(c);
	if (cursor_evaluate_int(c, &v)) {
		gfp_add(out, (struct gfp_alt){ .param = -1,
					       .or_bits = (uint64_t)v });
		return;
	}
	switch (clang_getCursorKind(c)) {
	case CXCursor_ConditionalOperator:
		if (cursor_children(c, kid, 3) == 3) {
			struct gfp_expr arm[2] = { { 0 }, { 0 } };
			bool truth;
			int when = chosen_by_param(fn, kid[0], &truth);

			eval_gfp(fn, kid[1], &arm[0], depth + 1);
			eval_gfp(fn, kid[2], &arm[1], depth + 1);
			add_arm(out, &arm[0], when, truth);
			add_arm(out, &arm[1], when, !truth);
		}
		return;
	case CXCursor_BinaryOperator:
		eval_binary(fn, c, out, depth);
		return;
	case CXCursor_DeclRefExpr: {
		CXCursor ref = clang_getCursorReferenced(c);

		if (clang_getCursorKind(ref) == CXCursor_ParmDecl) {
			int idx = cursor_param_index(fn, ref);

			if (idx >= 0)
				gfp_add(out,
					(struct gfp_alt){ .param = idx,
							  .and_mask = ~0ULL });
		} else if (clang_getCursorKind(ref) == CXCursor_VarDecl) {
			eval_local(fn, ref, c, out, depth);
		}
		return;
	}
	default:
		return;
	}
}

void mask_eval(CXCursor fn, CXCursor expr, struct gfp_expr *out)
{
	eval_gfp(fn, expr, out, 0);
}
