// SPDX-License-Identifier: GPL-2.0
#include "masks.h"
#include "ast.h"
#include "ctl.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

/* The function a mask is written in, and the rules that name the flags
 * saying whether a context may sleep (may-sleep-flag) */
struct mask_ctx {
	CXCursor fn;
	const struct ruleset *rules;
};

/*
 * Adds value a unless the mask has it.  A mask of more values than
 * GFP_MAX_VALUES joins each further one to the kept value it differs
 * from in the fewest bits (GFP_NOWAIT and GFP_KERNEL: GFP_KERNEL),
 * taking their union: the bits either may set, chosen on any path, from
 * a parameter if either is, declared only if both are.  A bit some value
 * may set (__GFP_DIRECT_RECLAIM, a zone) is still seen, never dropped.
 */
static void gfp_add(struct gfp_expr *e, struct gfp_alt a)
{
	struct gfp_alt *into = NULL;
	int best = 0;

	for (int i = 0; i < e->n; i++) {
		const struct gfp_alt *o = &e->alt[i];

		if (o->param == a.param && o->or_bits == a.or_bits &&
		    o->and_mask == a.and_mask && o->when == a.when &&
		    (!a.when || o->when_true == a.when_true) &&
		    o->declared == a.declared)
			return;
	}
	if (e->n < GFP_MAX_VALUES) {
		e->alt[e->n++] = a;
		return;
	}
	for (int i = 0; i < e->n; i++) {
		int apart =
			__builtin_popcountll(e->alt[i].or_bits ^ a.or_bits) +
			(e->alt[i].param != a.param ? 64 : 0);

		if (!into || apart < best) {
			into = &e->alt[i];
			best = apart;
		}
	}
	into->or_bits |= a.or_bits;
	into->and_mask |= a.and_mask;
	if (into->param < 0)
		into->param = a.param;
	if (into->when != a.when || into->when_true != a.when_true)
		into->when = 0;
	into->declared = into->declared && a.declared;
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

/* ---- `X & FLAG ? A : B` with FLAG saying whether the context may sleep ---- */

/* Is c written as the name of a may-sleep-flag rule (a macro or an
 * enumerator, one token)?  *sleeps_when_set: what its being set says */
static bool is_sleep_flag(const struct ruleset *rules, CXCursor c,
			  bool *sleeps_when_set)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	const struct named_rule *r = NULL;
	const CXToken *toks;
	unsigned n;

	if (!rules)
		return false;
	la_tokenize(c, &toks, &n);
	if (n == 1 && clang_getTokenKind(toks[0]) == CXToken_Identifier) {
		char *name = cx_take(clang_getTokenSpelling(tu, toks[0]));

		r = rules_named(rules, "may-sleep-flag", name);
		free(name);
	}
	if (r)
		*sleeps_when_set = strcmp(named_get(r, "when"), "set") == 0;
	return r != NULL;
}

/* The arm of `C ? A : B` that C chooses where a may-sleep-flag says the
 * context may sleep: 0 (A), 1 (B), or -1 if C is no test of such a flag.
 * C is `X & FLAG`, `FLAG & X`, their negation, or either compared with 0
 * (crypto's `(req->base.flags & CRYPTO_TFM_REQ_MAY_SLEEP) ? GFP_KERNEL :
 * GFP_ATOMIC`, namei's `nd->flags & LOOKUP_RCU ? GFP_ATOMIC : GFP_KERNEL`) */
static int declared_arm(const struct ruleset *rules, CXCursor cond)
{
	CXCursor c = cursor_strip(cond), kid[2];
	bool set_true = true, sleeps_when_set;
	long long zero;
	char op[4];

	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);

		if (k == CXCursor_UnaryOperator) {
			la_op(c, op, sizeof(op));
			if (strcmp(op, "!") != 0 ||
			    cursor_children(c, kid, 1) != 1)
				return -1;
			set_true = !set_true;
			c = cursor_strip(kid[0]);
			continue;
		}
		if (k != CXCursor_BinaryOperator ||
		    cursor_children(c, kid, 2) != 2)
			return -1;
		la_op(c, op, sizeof(op));
		if (strcmp(op, "&") == 0)
			break;
		if (strcmp(op, "==") != 0 && strcmp(op, "!=") != 0)
			return -1;
		if (cursor_evaluate_int(kid[1], &zero) && zero == 0)
			c = cursor_strip(kid[0]);
		else if (cursor_evaluate_int(kid[0], &zero) && zero == 0)
			c = cursor_strip(kid[1]);
		else
			return -1;
		if (op[0] == '=')
			set_true = !set_true;
	}
	if (!is_sleep_flag(rules, cursor_strip(kid[1]), &sleeps_when_set) &&
	    !is_sleep_flag(rules, cursor_strip(kid[0]), &sleeps_when_set))
		return -1;
	/* the condition's truth where the context may sleep */
	return set_true == sleeps_when_set ? 0 : 1;
}

/* Adds the values of one arm, chosen where parameter `when - 1` has
 * `truth` (a value an inner `?:` chose already keeps its own parameter),
 * and declared: chosen where a flag says the context may sleep */
static void add_arm(struct gfp_expr *out, const struct gfp_expr *arm, int when,
		    bool truth, bool declared)
{
	for (int i = 0; i < arm->n; i++) {
		struct gfp_alt a = arm->alt[i];

		if (!a.when && when) {
			a.when = when;
			a.when_true = truth;
		}
		a.declared = a.declared || declared;
		gfp_add(out, a);
	}
}

static void eval_gfp(const struct mask_ctx *mc, CXCursor c,
		     struct gfp_expr *out, int depth);

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

static void apply_def(const struct mask_ctx *mc, const struct def *d,
		      struct gfp_expr *out, int depth)
{
	CXCursor kid[2];
	struct gfp_expr rhs = { 0 };
	struct gfp_expr prev = *out;

	if (clang_getCursorKind(d->expr) == CXCursor_VarDecl) {
		CXCursor init = la_var_init(d->expr);

		if (!clang_Cursor_isNull(init))
			eval_gfp(mc, init, out, depth + 1);
		return;
	}
	if (cursor_children(d->expr, kid, 2) != 2)
		return;
	eval_gfp(mc, kid[1], &rhs, depth + 1);
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
static void eval_local(const struct mask_ctx *mc, CXCursor var, CXCursor use,
		       struct gfp_expr *out, int depth)
{
	struct def_scan d = { .var = var };
	struct path_search ps = { .target = use };
	unsigned use_off = cursor_offset(use);
	struct def init = { var, cursor_offset(var), true, '=' };

	clang_visitChildren(mc->fn, find_path, &ps);
	if (ps.found) {
		d.path.v = ps.stack.v;
		d.path.n = ps.stack.n;
	}
	clang_visitChildren(mc->fn, collect_defs, &d);
	if (d.unknown) {
		out->n = 0;
		goto out;
	}
	VEC_PUSH(d.defs, init);
	qsort(d.defs.v, d.defs.n, sizeof(struct def), cmp_def);
	for (size_t i = 0; i < d.defs.n; i++)
		if (d.defs.v[i].offset < use_off ||
		    clang_getCursorKind(d.defs.v[i].expr) == CXCursor_VarDecl)
			apply_def(mc, &d.defs.v[i], out, depth);
out:
	VEC_FREE(d.defs);
	free(ps.stack.v);
}

static void eval_binary(const struct mask_ctx *mc, CXCursor c,
			struct gfp_expr *out, int depth)
{
	CXCursor kid[2];
	struct gfp_expr l = { 0 }, r = { 0 };
	char op[4];

	la_op(c, op, sizeof(op));
	if ((strcmp(op, "|") != 0 && strcmp(op, "&") != 0) ||
	    cursor_children(c, kid, 2) != 2)
		return;
	eval_gfp(mc, kid[0], &l, depth + 1);
	eval_gfp(mc, kid[1], &r, depth + 1);
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
			a.declared = a.declared || b.declared;
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

static void eval_gfp(const struct mask_ctx *mc, CXCursor c,
		     struct gfp_expr *out, int depth)
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
			int when = chosen_by_param(mc->fn, kid[0], &truth);
			int declared = declared_arm(mc->rules, kid[0]);

			eval_gfp(mc, kid[1], &arm[0], depth + 1);
			eval_gfp(mc, kid[2], &arm[1], depth + 1);
			add_arm(out, &arm[0], when, truth, declared == 0);
			add_arm(out, &arm[1], when, !truth, declared == 1);
		}
		return;
	case CXCursor_BinaryOperator:
		eval_binary(mc, c, out, depth);
		return;
	case CXCursor_DeclRefExpr: {
		CXCursor ref = clang_getCursorReferenced(c);

		if (clang_getCursorKind(ref) == CXCursor_ParmDecl) {
			int idx = cursor_param_index(mc->fn, ref);

			if (idx >= 0)
				gfp_add(out,
					(struct gfp_alt){ .param = idx,
							  .and_mask = ~0ULL });
		} else if (clang_getCursorKind(ref) == CXCursor_VarDecl) {
			eval_local(mc, ref, c, out, depth);
		}
		return;
	}
	default:
		return;
	}
}

void mask_eval(const struct ruleset *rules, CXCursor fn, CXCursor expr,
	       struct gfp_expr *out)
{
	const struct mask_ctx mc = { fn, rules };

	eval_gfp(&mc, expr, out, 0);
}
