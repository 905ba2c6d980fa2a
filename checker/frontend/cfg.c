// SPDX-License-Identifier: GPL-2.0
#include "cfg.h"
#include "ast.h"
#include "ctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The open scopes at a point, outermost first: per scope its id and the
 * cleanup calls of the variables declared in it by then (cleanups[start[i]]
 * up to start[i + 1]). */
struct scope_path {
	VEC(int) ids;
	VEC(int) start;
	VEC(int) cleanups;
};

struct label_block {
	char *name;
	int block;
	bool placed; /* the label statement has been built */
	struct scope_path at; /* where it is, once placed */
};

/* A goto whose label was not placed yet: the cleanups of the scopes it
 * leaves are known only then. */
struct pending_goto {
	char *label;
	int block;
	struct scope_path from;
};

/* Variables with a cleanup function, per open scope, innermost last. */
struct scope {
	int id;
	VEC(int) cleanups; /* call indexes of their implicit cleanup calls */
};

struct built_call {
	CXCursor c;
	int idx;
};

struct builder {
	struct cfg *cfg;
	const struct cfg_callbacks *cb;
	VEC(struct scope) scopes;
	size_t loop_scopes; /* scopes open when the innermost loop/switch began */
	int brk, cont;
	int sw; /* block that dispatches the enclosing switch */
	int sw_param; /* the parameter it switches on (param_of()), or -1 */
	bool sw_default;
	VEC(struct label_block) labels;
	VEC(struct pending_goto) gotos;
	int next_scope_id;
	VEC(struct built_call) calls; /* every call built, for guard tests */
	/* locals holding a call's result whose first test carries the
	 * call's outcome already (result_of_local()) */
	VEC(CXCursor) outcome_placed;
	/* `var = call(...);`, the statement just built (var, then the
	 * call), else null cursors; the condition of an if right after it
	 * tests the call's outcome (result_of_local()) */
	CXCursor last_assign[2], prev_assign[2], cond_assign[2];
	int root_depth; /* roots open (begin_root()) */
};

static int build_stmt(struct builder *b, CXCursor c, int cur);
static int build_expr(struct builder *b, CXCursor c, int cur);
static int build_cond(struct builder *b, CXCursor c, int cur, int *t, int *f);
static CXCursor compared_to_const(CXCursor c, bool *negated, long long *k);
static int tested_param(struct builder *b, CXCursor ref);
static CXCursor masked_operand(CXCursor c, long long *k);

static int new_block(struct builder *b)
{
	struct block blk = { 0 };

	VEC_PUSH(b->cfg->blocks, blk);
	return (int)b->cfg->blocks.n - 1;
}

static void link(struct builder *b, int from, int to)
{
	struct block *blk;

	if (from < 0 || to < 0)
		return;
	blk = &b->cfg->blocks.v[from];
	for (size_t i = 0; i < blk->succ.n; i++)
		if (blk->succ.v[i] == to)
			return;
	VEC_PUSH(blk->succ, to);
}

/* Code after a return or goto still gets a (dead) block of its own. */
static int live(struct builder *b, int cur)
{
	return cur >= 0 ? cur : new_block(b);
}

static void add_event(struct builder *b, int blk, enum event_kind kind,
		      int call)
{
	struct event ev = { kind, call, 0 };

	VEC_PUSH(b->cfg->blocks.v[blk].events, ev);
}

static void add_param_value(struct builder *b, int blk, enum event_kind kind,
			    int param, long long value)
{
	struct event ev = { kind, param, value };

	if (blk >= 0)
		VEC_PUSH(b->cfg->blocks.v[blk].events, ev);
}

static int join(struct builder *b, int x, int y)
{
	int j;

	if (x < 0)
		return y;
	if (y < 0)
		return x;
	j = new_block(b);
	link(b, x, j);
	link(b, y, j);
	return j;
}

/* Opens a root (cfg_callbacks.identities_written): the identity locals
 * it writes are marked at its start, where it is live.  A root inside
 * another (a statement expression's statements) is part of it. */
static void begin_root(struct builder *b, CXCursor root, int cur)
{
	uint64_t w;

	if (b->root_depth++ > 0 || !b->cb->identities_written)
		return;
	w = b->cb->identities_written(b->cb->ctx, root);
	for (int i = 0; w && cur >= 0 && i < 64; i++)
		if ((w >> i) & 1)
			add_event(b, cur, EV_LOCAL_WRITE, i);
}

static void end_root(struct builder *b)
{
	b->root_depth--;
}

static void clear_assign(CXCursor a[2])
{
	a[0] = a[1] = clang_getNullCursor();
}

static int label_block(struct builder *b, const char *name)
{
	struct label_block lb = { 0 };

	for (size_t i = 0; i < b->labels.n; i++)
		if (strcmp(b->labels.v[i].name, name) == 0)
			return b->labels.v[i].block;
	lb.name = xstrdup(name);
	lb.block = new_block(b);
	VEC_PUSH(b->labels, lb);
	return lb.block;
}

static void open_scope(struct builder *b)
{
	struct scope sc = { .id = b->next_scope_id++ };

	VEC_PUSH(b->scopes, sc);
}

static void path_take(const struct builder *b, struct scope_path *p)
{
	memset(p, 0, sizeof(*p));
	for (size_t s = 0; s < b->scopes.n; s++) {
		VEC_PUSH(p->ids, b->scopes.v[s].id);
		VEC_PUSH(p->start, (int)p->cleanups.n);
		for (size_t i = 0; i < b->scopes.v[s].cleanups.n; i++)
			VEC_PUSH(p->cleanups, b->scopes.v[s].cleanups.v[i]);
	}
	VEC_PUSH(p->start, (int)p->cleanups.n);
}

static void path_free(struct scope_path *p)
{
	VEC_FREE(p->ids);
	VEC_FREE(p->start);
	VEC_FREE(p->cleanups);
}

/* A goto from `from` to a label at `to` runs, innermost first, the
 * cleanups of every scope it leaves, and in the scopes it stays in those
 * of the variables declared after the label: a jump back to before a
 * declaration ends that variable's lifetime too (C11 6.2.4; yield_to()
 * retakes its guard(double_rq_lock) by `goto again`).  A jump forward
 * into a cleanup variable's scope past its declaration is an error, so
 * there a scope the goto stays in had them all at the label already. */
static void goto_cleanups(struct builder *b, int blk,
			  const struct scope_path *from,
			  const struct scope_path *to)
{
	size_t common = 0;

	while (common < from->ids.n && common < to->ids.n &&
	       from->ids.v[common] == to->ids.v[common])
		common++;
	for (size_t s = from->ids.n; s-- > 0;) {
		int first = from->start.v[s];

		if (s <
		    common) /* stays in it: those declared since the label */
			first += to->start.v[s + 1] - to->start.v[s];
		for (int i = from->start.v[s + 1]; i-- > first;)
			add_event(b, blk, EV_CALL, from->cleanups.v[i]);
	}
}

/* Emits the cleanup calls of the scopes above `keep`, innermost first. */
static int run_cleanups(struct builder *b, int cur, size_t keep)
{
	if (cur < 0)
		return cur;
	for (size_t s = b->scopes.n; s-- > keep;) {
		struct scope *sc = &b->scopes.v[s];

		for (size_t i = sc->cleanups.n; i-- > 0;)
			add_event(b, cur, EV_CALL, sc->cleanups.v[i]);
	}
	return cur;
}

static int close_scope(struct builder *b, int cur)
{
	cur = run_cleanups(b, cur, b->scopes.n - 1);
	VEC_FREE(b->scopes.v[b->scopes.n - 1].cleanups);
	b->scopes.n--;
	return cur;
}

/* ---- expressions ---- */

static int build_call(struct builder *b, CXCursor c, int cur)
{
	int n, idx;
	CXCursor *kid = cursor_children_all(c, &n);

	for (int i = 0; i < n; i++)
		cur = build_expr(b, kid[i], cur);
	free(kid);
	cur = live(b, cur);
	idx = b->cb->on_call(b->cb->ctx, c);
	if (idx >= 0) {
		struct built_call bc = { c, idx };

		add_event(b, cur, EV_CALL, idx);
		VEC_PUSH(b->calls, bc);
	}
	return cur;
}

/* scoped_cond_guard(): `if (!class_X_lock_ptr(&scope))` tests whether the
 * conditional constructor that initialised `scope` took the lock.  Its
 * index, or -1 when the call does not test a guard variable. */
static int guard_constructor(struct builder *b, CXCursor test)
{
	CXCursor arg, kid[1], init;
	char *name;
	bool is_test;

	if (!b->cb->is_guard_test || clang_Cursor_getNumArguments(test) != 1)
		return -1;
	name = la_spelling(test);
	is_test = b->cb->is_guard_test(b->cb->ctx, name);
	free(name);
	if (!is_test)
		return -1;
	arg = cursor_strip(clang_Cursor_getArgument(test, 0));
	if (clang_getCursorKind(arg) != CXCursor_UnaryOperator ||
	    cursor_children(arg, kid, 1) != 1)
		return -1;
	arg = cursor_strip(kid[0]);
	if (clang_getCursorKind(arg) != CXCursor_DeclRefExpr)
		return -1;
	init = cursor_strip(la_var_init(clang_getCursorReferenced(arg)));
	if (clang_getCursorKind(init) != CXCursor_CallExpr)
		return -1;
	for (size_t i = b->calls.n; i-- > 0;)
		if (clang_equalCursors(b->calls.v[i].c, init))
			return b->calls.v[i].idx;
	return -1;
}

/*
 * A test of a local that holds a call's result and never changes after
 * its declaration is a test of that call's outcome: `bool ___locked =
 * raw_spin_trylock(...); if (___locked) ...` (rcu.h's
 * raw_spin_trylock_rcu_node(), a statement expression), `int ret =
 * lock_live(d); if (ret) return;`.  So is a test of a local declared
 * without a value that one statement gives the call's result
 * (cfg_callbacks.only_value: `desc = ext4_get_group_desc(...); if
 * (!desc)`); the call is one the builder has met, so the statement came
 * first.  The call's index for the first such test the builder meets,
 * else -1: that test's edges carry the outcome (EV_TRY_OK,
 * EV_CALL_FALSE) once, and the local's later tests agree with it as
 * tests of one unchanged condition variable (EV_PARAM_TRUE), so a
 * trylock is taken once on each path.  And the condition of an if right
 * after the statement `var = call(...);` tests that call's outcome,
 * whatever else writes var (`gdp = ext4_get_group_desc(...); if (!gdp)
 * goto out;` in a loop): each such pair carries it, the assignment
 * between them (EV_ASSIGN) parting their truths.
 */
static int result_of_local(struct builder *b, CXCursor ref)
{
	CXCursor var, init;
	bool assigned = false;

	if (clang_getCursorKind(ref) != CXCursor_DeclRefExpr ||
	    !b->cb->assigned_cond_var)
		return -1;
	var = clang_getCursorReferenced(ref);
	if (clang_getCursorKind(var) != CXCursor_VarDecl)
		return -1;
	if (!clang_Cursor_isNull(b->cond_assign[0]) &&
	    clang_equalCursors(b->cond_assign[0], var)) {
		/* the statement before gave it the call's result; a local
		 * assigned once has its later tests agree with this one */
		VEC_PUSH(b->outcome_placed, var);
		for (size_t i = b->calls.n; i-- > 0;)
			if (clang_equalRanges(
				    clang_getCursorExtent(b->calls.v[i].c),
				    clang_getCursorExtent(b->cond_assign[1])))
				return b->calls.v[i].idx;
		return -1;
	}
	init = cursor_strip(la_var_init(var));
	if (clang_Cursor_isNull(init) && b->cb->only_value) {
		init = cursor_strip(b->cb->only_value(b->cb->ctx, var));
		assigned = true;
	} else if (b->cb->assigned_cond_var(b->cb->ctx, var) >= 0) {
		/* assigned after its declaration: a condition variable the
		 * body assigns has an index here */
		return -1;
	}
	if (clang_getCursorKind(init) != CXCursor_CallExpr)
		return -1;
	for (size_t i = 0; i < b->outcome_placed.n; i++)
		if (clang_equalCursors(b->outcome_placed.v[i], var))
			return -1;
	for (size_t i = b->calls.n; i-- > 0;) {
		/* an assigned value the callback found by a walk of its own
		 * need not compare equal to the builder's cursor: by extent */
		if (!(assigned ? clang_equalRanges(
					 clang_getCursorExtent(b->calls.v[i].c),
					 clang_getCursorExtent(init)) :
				 clang_equalCursors(b->calls.v[i].c, init)))
			continue;
		VEC_PUSH(b->outcome_placed, var);
		return b->calls.v[i].idx;
	}
	return -1;
}

static int build_branches(struct builder *b, CXCursor c, int cur)
{
	CXCursor kid[3];
	int t, f;

	if (cursor_children(c, kid, 3) != 3)
		return cur;
	build_cond(b, kid[0], cur, &t, &f);
	t = t >= 0 ? build_expr(b, kid[1], t) : -1;
	f = f >= 0 ? build_expr(b, kid[2], f) : -1;
	return join(b, t, f);
}

static int build_logical(struct builder *b, CXCursor c, int cur)
{
	int t, f;

	build_cond(b, c, cur, &t, &f);
	return join(b, t, f);
}

static int build_expr(struct builder *b, CXCursor c, int cur)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	int n;
	CXCursor *kid;

	cur = live(b, cur);
	switch (k) {
	case CXCursor_CallExpr:
		return build_call(b, c, cur);
	case CXCursor_ConditionalOperator:
		return build_branches(b, c, cur);
	case CXCursor_StmtExpr:
		kid = cursor_children_all(c, &n);
		for (int i = 0; i < n; i++)
			cur = build_stmt(b, kid[i], cur);
		free(kid);
		return live(b, cur);
	case CXCursor_GenericSelectionExpr:
		/* only the selected association is evaluated */
		if (!clang_Cursor_isNull(la_generic_selected(c)))
			return build_expr(b, la_generic_selected(c), cur);
		break;
	case CXCursor_UnaryExpr: /* sizeof/alignof: operand not evaluated */
	case CXCursor_TypeRef:
	case CXCursor_DeclRefExpr:
	case CXCursor_IntegerLiteral:
	case CXCursor_StringLiteral:
	case CXCursor_CharacterLiteral:
		return cur;
	case CXCursor_BinaryOperator:
		if (cursor_contains_call(c)) {
			char op[4];

			la_op(c, op, sizeof(op));
			if (strcmp(op, "&&") == 0 || strcmp(op, "||") == 0)
				return build_logical(b, c, cur);
		}
		break;
	default:
		break;
	}
	if (!cursor_contains_call(c))
		return cur;
	kid = cursor_children_all(c, &n);
	for (int i = 0; i < n; i++)
		cur = build_expr(b, kid[i], cur);
	free(kid);
	return cur;
}

/* A dereference of the pointer variable `ref` names, unless the block
 * already has one since the variable was last assigned */
static void mark_deref(struct builder *b, CXCursor ref, int cur)
{
	CXCursor var = clang_getCursorReferenced(ref);
	const struct block *blk;
	int idx;

	if (clang_getCanonicalType(clang_getCursorType(var)).kind !=
		    CXType_Pointer ||
	    (idx = b->cb->deref_cond_var(b->cb->ctx, ref)) < 0)
		return;
	blk = &b->cfg->blocks.v[cur];
	for (size_t e = blk->events.n; e-- > 0;) {
		const struct event *ev = &blk->events.v[e];

		if (ev->call == idx && ev->kind == EV_ASSIGN)
			break;
		if (ev->call == idx && ev->kind == EV_PARAM_TRUE &&
		    ev->value == 1)
			return;
	}
	add_param_value(b, cur, EV_PARAM_TRUE, idx, 1);
}

/* The pointer variables an expression dereferences wherever it is
 * evaluated (`p->f`, `*p`, `p[i]`): not under `&` (an address, not a
 * load), sizeof, the right of && and ||, the arms of ?:, or in a
 * statement expression (its statements mark their own) */
static void mark_derefs(struct builder *b, CXCursor c, int cur)
{
	CXCursor kid[2], *kids;
	int n;
	char op[4];

	if (!b->cb->deref_cond_var || cur < 0)
		return;
	c = cursor_strip(c);
	switch (clang_getCursorKind(c)) {
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		if (cursor_children(c, kid, 2) >= 1 &&
		    clang_getCursorKind(cursor_strip(kid[0])) ==
			    CXCursor_DeclRefExpr)
			mark_deref(b, cursor_strip(kid[0]), cur);
		break;
	case CXCursor_UnaryOperator:
		la_op(c, op, sizeof(op));
		if (strcmp(op, "&") == 0)
			return;
		if (strcmp(op, "*") == 0 && cursor_children(c, kid, 1) == 1 &&
		    clang_getCursorKind(cursor_strip(kid[0])) ==
			    CXCursor_DeclRefExpr)
			mark_deref(b, cursor_strip(kid[0]), cur);
		break;
	case CXCursor_BinaryOperator:
		la_op(c, op, sizeof(op));
		if ((strcmp(op, "&&") == 0 || strcmp(op, "||") == 0) &&
		    cursor_children(c, kid, 2) == 2) {
			mark_derefs(b, kid[0], cur);
			return;
		}
		break;
	case CXCursor_ConditionalOperator:
		if (cursor_children(c, kid, 1) >= 1)
			mark_derefs(b, kid[0], cur);
		return;
	case CXCursor_GenericSelectionExpr:
		if (!clang_Cursor_isNull(la_generic_selected(c)))
			mark_derefs(b, la_generic_selected(c), cur);
		return;
	case CXCursor_UnaryExpr:
	case CXCursor_StmtExpr:
	case CXCursor_DeclRefExpr:
	case CXCursor_IntegerLiteral:
	case CXCursor_StringLiteral:
	case CXCursor_CharacterLiteral:
		return;
	default:
		break;
	}
	kids = cursor_children_all(c, &n);
	for (int i = 0; i < n; i++)
		mark_derefs(b, kids[i], cur);
	free(kids);
}

/* ---- conditions: fresh true/false blocks, -1 where a branch is impossible ---- */

static void cond_generic(struct builder *b, CXCursor c, int cur, int *t, int *f)
{
	cur = build_expr(b, c, cur);
	*t = new_block(b);
	*f = new_block(b);
	link(b, cur, *t);
	link(b, cur, *f);
}

struct returns_seen {
	int n;
	bool same; /* every return so far gives `val` */
	long long val;
};

static enum CXChildVisitResult collect_returns(CXCursor c, CXCursor parent,
					       CXClientData data)
{
	struct returns_seen *r = data;
	struct ctl_stmt ret; /* a return owns nothing to free */
	long long v;

	(void)parent;
	if (ctl_stmt_kind(c) != CTL_STMT_RETURN)
		return CXChildVisit_Recurse;
	ctl_stmt(c, &ret);
	if (clang_Cursor_isNull(ret.value) || !la_eval_int(ret.value, &v) ||
	    (r->n && v != r->val)) {
		r->same = false;
		return CXChildVisit_Break;
	}
	r->val = v;
	r->n++;
	return CXChildVisit_Continue;
}

/* A call to a function every return of which gives the same constant:
 * the header's property helpers (seqlock.h: __seqprop_preemptible() of a
 * plain seqcount_t is `return false;`, a seqcount_spinlock_t's returns
 * false on both of its paths on a non-RT kernel, so
 * raw_write_seqcount_begin() does not disable preemption for them). */
static bool call_returns_constant(CXCursor call, long long *val)
{
	CXCursor fn = la_callee(call), def;
	struct returns_seen r = { 0, true, 0 };

	if (clang_Cursor_isNull(fn))
		return false;
	def = clang_getCursorDefinition(fn);
	if (clang_Cursor_isNull(def))
		return false;
	clang_visitChildren(def, collect_returns, &r);
	if (!r.same || r.n == 0)
		return false;
	*val = r.val;
	return true;
}

/* `x == 0` or `x != 0`: x, and *negated flipped for == ; else a null
 * cursor */
static CXCursor compared_to_zero(CXCursor c, bool *negated)
{
	bool eq;
	long long k;
	CXCursor var = compared_to_const(c, &eq, &k);

	if (clang_Cursor_isNull(var) || k != 0)
		return clang_getNullCursor();
	*negated ^= eq;
	return var;
}

/*
 * A predicate helper: a function whose body is one `return` of a test of
 * bits of its own parameter, through !, == 0 and != 0 (gfp.h:
 * gfpflags_allow_blocking() is `return !!(gfp_flags &
 * __GFP_DIRECT_RECLAIM);`).  A call of it as a condition tests those
 * bits of the argument.  Returns the parameter's index, the bits in *k,
 * and *negated when the helper is true where none of them is set; -1 if
 * the callee is no such helper.
 */
static int call_tests_bits(CXCursor call, long long *k, bool *negated)
{
	CXCursor fn = la_callee(call), def, body, kid[2], e, next;
	struct ctl_stmt ret; /* a return owns nothing to free */
	char op[4];

	*negated = false;
	if (clang_Cursor_isNull(fn))
		return -1;
	def = clang_getCursorDefinition(fn);
	body = clang_Cursor_isNull(def) ? def : ctl_function_body(def);
	if (clang_Cursor_isNull(body) || cursor_children(body, kid, 2) != 1 ||
	    ctl_stmt_kind(kid[0]) != CTL_STMT_RETURN)
		return -1;
	ctl_stmt(kid[0], &ret);
	if (clang_Cursor_isNull(ret.value))
		return -1;
	for (e = cursor_strip(ret.value);; e = cursor_strip(next)) {
		if (clang_getCursorKind(e) == CXCursor_UnaryOperator) {
			la_op(e, op, sizeof(op));
			if (strcmp(op, "!") != 0 ||
			    cursor_children(e, kid, 1) != 1)
				return -1;
			*negated = !*negated;
			next = kid[0];
			continue;
		}
		next = compared_to_zero(e, negated);
		if (clang_Cursor_isNull(next))
			break;
	}
	e = masked_operand(e, k);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr ||
	    clang_getCursorKind(clang_getCursorReferenced(e)) !=
		    CXCursor_ParmDecl)
		return -1;
	return cursor_param_index(def, clang_getCursorReferenced(e));
}

/* A call to a predicate helper (call_tests_bits()) on a parameter whose
 * tests agree: the edges say which bits of it each requires, as `flags &
 * K` would */
static void cond_helper_bits(struct builder *b, CXCursor call, int t, int f)
{
	long long k;
	bool negated;
	int arg = call_tests_bits(call, &k, &negated), idx;

	if (arg < 0 || arg >= clang_Cursor_getNumArguments(call) ||
	    (idx = tested_param(
		     b, cursor_strip(clang_Cursor_getArgument(call, arg)))) < 0)
		return;
	add_param_value(b, negated ? f : t, EV_PARAM_ANYBIT, idx, k);
	add_param_value(b, negated ? t : f, EV_PARAM_NOBIT, idx, k);
}

/* A call as a condition (not a wrapper such as likely(): ctl_cond()) */
static void cond_call(struct builder *b, CXCursor c, int cur, int *t, int *f)
{
	int idx;

	cur = build_call(b, c, cur);
	idx = (int)b->cfg->blocks.v[cur].events.n - 1;
	idx = idx >= 0 ? b->cfg->blocks.v[cur].events.v[idx].call : -1;
	{
		long long val;

		if (call_returns_constant(c, &val)) {
			int nb = new_block(b);

			link(b, cur, nb);
			*t = val ? nb : -1;
			*f = val ? -1 : nb;
			return;
		}
	}
	*t = new_block(b);
	*f = new_block(b);
	link(b, cur, *t);
	link(b, cur, *f);
	if (idx >= 0) {
		add_event(b, *t, EV_TRY_OK, idx);
		add_event(b, *f, EV_CALL_FALSE, idx);
	}
	cond_helper_bits(b, c, *t, *f);
	idx = guard_constructor(b, c);
	if (idx >= 0)
		add_event(b, *t, EV_TRY_OK, idx);
}

static bool cond_stmt_expr(struct builder *b, CXCursor c, int cur, int *t,
			   int *f)
{
	CXCursor *kid;
	int n;

	if (!ctl_stmt_expr(c, &kid, &n))
		return false;
	for (int i = 0; i < n - 1; i++)
		cur = build_stmt(b, kid[i], cur);
	/* the value of ({ ...; e; }) is e */
	build_cond(b, kid[n - 1], live(b, cur), t, f);
	free(kid);
	return true;
}

/* An unsigned x compared with 0 by a relational operator is a truth test:
 * `x <= 0` and `0 >= x` are `x == 0` (scm_send()'s `msg->msg_controllen
 * <= 0`), `x > 0` and `0 < x` are `x != 0`.  The operand compared, *negated
 * for the first two; or a null cursor */
static CXCursor unsigned_compared_to_zero(const char *op, CXCursor kid[2],
					  bool *negated)
{
	long long k;
	int side = la_eval_int(kid[1], &k) && k == 0 ? 0 :
		   la_eval_int(kid[0], &k) && k == 0 ? 1 :
						       -1;
	CXCursor x;

	if (side < 0)
		return clang_getNullCursor();
	x = cursor_strip(kid[side]);
	if (la_integer_signed(clang_getCursorType(x)) != 0 &&
	    clang_getCanonicalType(clang_getCursorType(x)).kind != CXType_Bool)
		return clang_getNullCursor();
	if (strcmp(op, side == 0 ? "<=" : ">=") == 0)
		*negated = true;
	else if (strcmp(op, side == 0 ? ">" : "<") == 0)
		*negated = false;
	else
		return clang_getNullCursor();
	return x;
}

/* `x == K` or `x != K` with K a constant (also on the left, NULL, an
 * enumerator), or an unsigned x compared with 0 (unsigned_compared_to_zero()):
 * the operand compared, *negated for ==, K in *k; or a null cursor */
static CXCursor compared_to_const(CXCursor c, bool *negated, long long *k)
{
	CXCursor kid[2];
	char op[4];

	if (clang_getCursorKind(c) != CXCursor_BinaryOperator ||
	    cursor_children(c, kid, 2) != 2)
		return clang_getNullCursor();
	la_op(c, op, sizeof(op));
	if (strcmp(op, "==") != 0 && strcmp(op, "!=") != 0) {
		*k = 0;
		return unsigned_compared_to_zero(op, kid, negated);
	}
	*negated = op[0] == '=';
	if (la_eval_int(kid[1], k))
		return cursor_strip(kid[0]);
	if (la_eval_int(kid[0], k))
		return cursor_strip(kid[1]);
	return clang_getNullCursor();
}

/* The index of a parameter whose tests agree (param_of()) that a
 * DeclRefExpr names, or -1 (not a local: only parameters receive a
 * caller's value) */
static int tested_param(struct builder *b, CXCursor ref)
{
	int idx;

	if (clang_getCursorKind(ref) != CXCursor_DeclRefExpr ||
	    !b->cb->param_of)
		return -1;
	idx = b->cb->param_of(b->cb->ctx, ref);
	return idx >= 0 && idx < 32 ? idx : -1;
}

/* `x & K` with K a non-zero constant (on either side): x (stripped) and
 * K in *k; else a null cursor */
static CXCursor masked_operand(CXCursor c, long long *k)
{
	CXCursor kid[2];
	char op[4];

	c = cursor_strip(c);
	if (clang_getCursorKind(c) != CXCursor_BinaryOperator ||
	    cursor_children(c, kid, 2) != 2)
		return clang_getNullCursor();
	la_op(c, op, sizeof(op));
	if (strcmp(op, "&") != 0)
		return clang_getNullCursor();
	for (int i = 0; i < 2; i++)
		if (la_eval_int(kid[1 - i], k) && *k != 0)
			return cursor_strip(kid[i]);
	return clang_getNullCursor();
}

/* A variable or a field (`dev->busy`): what param_of() may take */
static bool is_var_ref(CXCursor c)
{
	return clang_getCursorKind(c) == CXCursor_DeclRefExpr ||
	       clang_getCursorKind(c) == CXCursor_MemberRefExpr;
}

/* `x & K` with x a condition variable (param_of(): a parameter, an
 * unchanged local, `p->flags`, `current->jobctl`) and K a non-zero
 * constant: x's index and K in *k, or -1.  Parameters receive a caller's
 * value (the solver's constant arguments); every such variable's bit
 * tests agree with each other (flow.c, correlated_vars()). */
static int masked_var(struct builder *b, CXCursor c, long long *k)
{
	CXCursor x = masked_operand(c, k);
	int idx;

	if (clang_Cursor_isNull(x) || !is_var_ref(x) || !b->cb->param_of)
		return -1;
	idx = b->cb->param_of(b->cb->ctx, x);
	return idx < 64 ? idx : -1;
}

/* A function-pointer field tested (`if (ops->request)`): its index
 * (cfg_callbacks.tested_fnptr_field), or -1 */
static int tested_fnptr(struct builder *b, CXCursor c)
{
	if (clang_getCursorKind(c) != CXCursor_MemberRefExpr ||
	    !b->cb->tested_fnptr_field)
		return -1;
	return b->cb->tested_fnptr_field(b->cb->ctx, c);
}

/* Whether a condition made of !, && and || has an operand that is a
 * variable whose tests are marked (cond_param()), or one compared with
 * 0: `if (n || !creat)` is
 * split into its operands for it even without a call in it.  Operands
 * deeper than `depth` are not looked at (each level of a long chain asks
 * again). */
static bool has_cond_var(struct builder *b, CXCursor c, int depth)
{
	CXCursor kid[2];
	char op[4];
	int n;

	c = cursor_strip(c);
	switch (clang_getCursorKind(c)) {
	case CXCursor_MemberRefExpr:
		if (tested_fnptr(b, c) >= 0)
			return true;
		/* fall through */
	case CXCursor_DeclRefExpr:
		return b->cb->param_of && b->cb->param_of(b->cb->ctx, c) >= 0;
	case CXCursor_BinaryOperator: {
		bool negated;
		long long k;
		CXCursor var = compared_to_const(c, &negated, &k);

		if (!clang_Cursor_isNull(var))
			return k == 0 ? has_cond_var(b, var, 0) :
					tested_param(b, var) >= 0;
		if (masked_var(b, c, &k) >= 0)
			return true;
	}
		/* fall through */
	case CXCursor_UnaryOperator:
		la_op(c, op, sizeof(op));
		if (strcmp(op, "!") != 0 && strcmp(op, "&&") != 0 &&
		    strcmp(op, "||") != 0)
			return false;
		n = depth > 0 ? cursor_children(c, kid, 2) : 0;
		for (int i = 0; i < n; i++)
			if (has_cond_var(b, kid[i], depth - 1))
				return true;
		return false;
	default:
		return false;
	}
}

/* !, &&, || and the comma operator are split into their operands only
 * where an operand holds a call or a marked variable: elsewhere the
 * condition is one test of values (fewer blocks, same events).  ?: is
 * always split. */
static bool cond_operator(struct builder *b, CXCursor c,
			  const struct ctl_cond *p, int cur, int *t, int *f)
{
	int lt, lf, rt, rf;

	if (p->kind == CTL_COND_CHOOSE) {
		int ct, cf, at = -1, af = -1, bt = -1, bf = -1;

		build_cond(b, p->sel, cur, &ct, &cf);
		if (ct >= 0)
			build_cond(b, p->a, ct, &at, &af);
		if (cf >= 0)
			build_cond(b, p->b, cf, &bt, &bf);
		*t = join(b, at, bt);
		*f = join(b, af, bf);
		return true;
	}
	if (!cursor_contains_call(c) && !has_cond_var(b, c, 8))
		return false;
	switch (p->kind) {
	case CTL_COND_NOT:
		build_cond(b, p->a, cur, f, t);
		return true;
	case CTL_COND_COMMA:
		build_cond(b, p->b, build_expr(b, p->a, cur), t, f);
		return true;
	case CTL_COND_AND:
		rt = rf = -1;
		build_cond(b, p->a, cur, &lt, &lf);
		if (lt >= 0)
			build_cond(b, p->b, lt, &rt, &rf);
		*t = rt;
		*f = join(b, lf, rf);
		return true;
	case CTL_COND_OR:
		rt = rf = -1;
		build_cond(b, p->a, cur, &lt, &lf);
		if (lf >= 0)
			build_cond(b, p->b, lf, &rt, &rf);
		*t = join(b, lt, rt);
		*f = rf;
		return true;
	default:
		return false;
	}
}

/* `if (notify)`, `if (!notify)`, `if (state != 0)` on a parameter of the
 * function: the edges say so, for the solver to prune a branch when a
 * caller passes a constant (__dev_set_promiscuity(dev, 1, false) never
 * notifies; usb_set_device_state(udev, USB_STATE_NOTATTACHED) never takes
 * its `new_state != USB_STATE_NOTATTACHED` branch).  A parameter compared
 * with another constant (`event == NETDEV_REGISTER`) marks each edge with
 * the value it requires, and one whose bits are tested (`flags &
 * MSG_ZEROCOPY`) with the bits it requires set or clear. */
static void cond_param(struct builder *b, CXCursor c, int t, int f)
{
	CXCursor kid[1], var;
	char op[4];
	bool negated;
	long long k;
	int idx;

	c = cursor_strip(c);
	if (clang_getCursorKind(c) == CXCursor_UnaryOperator) {
		la_op(c, op, sizeof(op));
		if (strcmp(op, "!") == 0 && cursor_children(c, kid, 1) == 1)
			cond_param(b, kid[0], f, t);
		return;
	}
	var = compared_to_const(c, &negated, &k);
	if (!clang_Cursor_isNull(var)) {
		if (k == 0 &&
		    (is_var_ref(var) || masked_var(b, var, &k) >= 0)) {
			cond_param(b, var, negated ? f : t, negated ? t : f);
		} else if (k != 0 && (idx = tested_param(b, var)) >= 0) {
			add_param_value(b, negated ? t : f, EV_PARAM_EQ, idx,
					k);
			add_param_value(b, negated ? f : t, EV_PARAM_NE, idx,
					k);
		}
		return;
	}
	if ((idx = masked_var(b, c, &k)) >= 0) {
		add_param_value(b, t, EV_PARAM_ANYBIT, idx, k);
		add_param_value(b, f, EV_PARAM_NOBIT, idx, k);
		return;
	}
	if ((idx = tested_fnptr(b, c)) >= 0) {
		/* beside the variable's own truth, if it is one */
		if (t >= 0)
			add_event(b, t, EV_FNPTR_SET, idx);
		if (f >= 0)
			add_event(b, f, EV_FNPTR_NULL, idx);
	}
	if (!is_var_ref(c) || !b->cb->param_of)
		return;
	idx = b->cb->param_of(b->cb->ctx, c);
	if (idx < 0 || idx >= 64)
		return;
	if (t >= 0)
		add_event(b, t, EV_PARAM_TRUE, idx);
	if (f >= 0)
		add_event(b, f, EV_PARAM_FALSE, idx);
	if (idx >= 32 && (idx = result_of_local(b, c)) >= 0) {
		if (t >= 0)
			add_event(b, t, EV_TRY_OK, idx);
		if (f >= 0)
			add_event(b, f, EV_CALL_FALSE, idx);
	}
}

/* A test of a value local whose outcome its initial constant decides
 * (`wakeup >= 0` with `int wakeup = -1`): the other edge is taken only
 * where the variable was written since (EV_CHANGED).  Relational
 * operators only for signed types; ==, != and truth for any. */
static void cond_value(struct builder *b, CXCursor c, int t, int f)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	struct value_local_type v;
	CXCursor kid[2], ref;
	long long k;
	bool swapped = false, truth;
	char op[4];
	int idx, o;

	c = cursor_strip(c);
	if (!b->cb->value_local)
		return;
	switch (clang_getCursorKind(c)) {
	case CXCursor_DeclRefExpr:
		idx = b->cb->value_local(b->cb->ctx, c, &v);
		if (idx < 0)
			return;
		truth = v.init != 0;
		break;
	case CXCursor_UnaryOperator:
		la_op(c, op, sizeof(op));
		if (strcmp(op, "!") == 0 && cursor_children(c, kid, 1) == 1)
			cond_value(b, kid[0], f, t);
		return;
	case CXCursor_BinaryOperator:
		if (cursor_children(c, kid, 2) != 2)
			return;
		la_op(c, op, sizeof(op));
		for (o = 0; o < 6 && strcmp(op, ops[o]) != 0; o++)
			;
		if (o == 6)
			return;
		ref = cursor_strip(kid[0]);
		if (clang_getCursorKind(ref) != CXCursor_DeclRefExpr ||
		    !la_eval_int(kid[1], &k)) {
			ref = cursor_strip(kid[1]);
			swapped = true;
			if (clang_getCursorKind(ref) != CXCursor_DeclRefExpr ||
			    !la_eval_int(kid[0], &k))
				return;
		}
		idx = b->cb->value_local(b->cb->ctx, ref, &v);
		if (idx < 0 || (o >= 2 && !v.is_signed))
			return;
		if (!v.is_signed && v.bits < 64)
			k &= (long long)((1ULL << v.bits) -
					 1); /* compared as its type */
		if (swapped && o >= 2)
			o = o < 4 ? o + 2 : o - 2; /* K < x is x > K */
		truth = o == 0 ? v.init == k :
			o == 1 ? v.init != k :
			o == 2 ? v.init < k :
			o == 3 ? v.init <= k :
			o == 4 ? v.init > k :
				 v.init >= k;
		break;
	default:
		return;
	}
	if (truth && f >= 0)
		add_event(b, f, EV_CHANGED, idx);
	if (!truth && t >= 0)
		add_event(b, t, EV_CHANGED, idx);
}

static int build_cond(struct builder *b, CXCursor c, int cur, int *t, int *f)
{
	struct ctl_cond p;

	cur = live(b, cur);
	c = cursor_strip(c);
	switch (ctl_cond(c, b->cb->is_cond_wrapper, b->cb->ctx, &p)) {
	case CTL_COND_CONST: {
		/* one successor only */
		int nb = new_block(b);

		link(b, cur, nb);
		*t = p.value ? nb : -1;
		*f = p.value ? -1 : nb;
		return 0;
	}
	case CTL_COND_SAME:
		return build_cond(b, p.a, cur, t, f);
	case CTL_COND_STMT_EXPR:
		if (cond_stmt_expr(b, c, cur, t, f))
			return 0;
		break;
	case CTL_COND_OTHER:
		if (clang_getCursorKind(c) == CXCursor_CallExpr) {
			cond_call(b, c, cur, t, f);
			return 0;
		}
		break;
	default:
		if (cond_operator(b, c, &p, cur, t, f))
			return 0;
		break;
	}
	cond_generic(b, c, cur, t, f);
	cond_param(b, c, *t, *f);
	cond_value(b, c, *t, *f);
	return 0;
}

/* ---- statements: their kinds and parts told by ctl_stmt() ---- */

static int build_if(struct builder *b, const struct ctl_stmt *s, int cur)
{
	int t, f;

	b->cond_assign[0] = b->prev_assign[0];
	b->cond_assign[1] = b->prev_assign[1];
	begin_root(b, s->cond, cur);
	mark_derefs(b, s->cond, cur);
	build_cond(b, s->cond, cur, &t, &f);
	end_root(b);
	clear_assign(b->cond_assign);
	if (t >= 0 && b->cb->is_unexpected &&
	    b->cb->is_unexpected(b->cb->ctx, s->cond)) {
		/* an edge of its own: the true block may be shared by the
		 * operands of the condition */
		int failed = new_block(b);

		link(b, t, failed);
		add_event(b, failed, EV_UNEXPECTED, 0);
		t = failed;
	}
	if (t >= 0)
		t = build_stmt(b, s->then, t);
	else
		build_stmt(b, s->then, -1); /* still register its calls */
	if (!clang_Cursor_isNull(s->els)) {
		if (f >= 0)
			f = build_stmt(b, s->els, f);
		else
			build_stmt(b, s->els, -1);
	}
	return join(b, t, f);
}

static int build_loop_body(struct builder *b, CXCursor body, int start, int brk,
			   int cont)
{
	int obrk = b->brk, ocont = b->cont, end;
	size_t oscopes = b->loop_scopes;

	b->brk = brk;
	b->cont = cont;
	b->loop_scopes = b->scopes.n;
	end = build_stmt(b, body, start);
	b->brk = obrk;
	b->cont = ocont;
	b->loop_scopes = oscopes;
	return end;
}

/* The loop is left at a block of its own: the false edge of the
 * condition carries what that outcome says (`!param1`, a trylock's
 * failure), which a `break` does not. */
static int build_while(struct builder *b, const struct ctl_loop *lp, int cur)
{
	int head, t, f, exit, end;

	head = new_block(b);
	link(b, cur, head);
	begin_root(b, lp->cond, head);
	build_cond(b, lp->cond, head, &t, &f);
	end_root(b);
	exit = new_block(b);
	link(b, f, exit);
	end = build_loop_body(b, lp->body, t, exit, head);
	link(b, end, head);
	return exit;
}

static int build_do(struct builder *b, const struct ctl_loop *lp, int cur)
{
	int body, condb, exit, end, t, f;

	body = new_block(b);
	condb = new_block(b);
	exit = new_block(b);
	link(b, cur, body);
	end = build_loop_body(b, lp->body, body, exit, condb);
	link(b, end, condb);
	begin_root(b, lp->cond, condb);
	build_cond(b, lp->cond, condb, &t, &f);
	end_root(b);
	link(b, t, body);
	link(b, f, exit);
	return exit;
}

/* for (init; cond; inc) body, any clause possibly absent: a missing
 * condition is true (the loop is left only by break, return or goto). */
static int build_for(struct builder *b, const struct ctl_loop *lp, int cur)
{
	int head, exit, end, t, f;

	exit = new_block(b);
	open_scope(b); /* for (T v = ...; ...): v lives until the loop ends */
	if (!lp->clauses_unknown) {
		int inc = new_block(b);

		if (!clang_Cursor_isNull(lp->init))
			cur = build_stmt(b, lp->init, cur);
		head = new_block(b);
		link(b, cur, head);
		if (!clang_Cursor_isNull(lp->cond)) {
			begin_root(b, lp->cond, head);
			build_cond(b, lp->cond, head, &t, &f);
			end_root(b);
			link(b, f, exit);
		} else {
			t = new_block(b);
			link(b, head, t);
		}
		end = build_loop_body(b, lp->body, t, exit, inc);
		link(b, end, inc);
		if (!clang_Cursor_isNull(lp->inc)) {
			begin_root(b, lp->inc, inc);
			inc = build_expr(b, lp->inc, inc);
			end_root(b);
		}
		link(b, inc, head);
	} else {
		/* every clause at the head, each time round */
		head = new_block(b);
		link(b, cur, head);
		end = head;
		for (int i = 0; i < lp->n_clauses; i++)
			end = build_stmt(b, lp->clause[i], end);
		if (lp->n_clauses > 0)
			link(b, end, exit);
		t = new_block(b);
		link(b, end, t);
		end = build_loop_body(b, lp->body, t, exit, head);
		link(b, end, head);
	}
	return close_scope(b, exit);
}

/* while, do and for, their parts told by ctl_loop() */
static int build_loop(struct builder *b, const struct ctl_loop *lp, int cur)
{
	if (lp->is_do)
		return build_do(b, lp, cur);
	if (lp->is_for)
		return build_for(b, lp, cur);
	return build_while(b, lp, cur);
}

static int build_switch(struct builder *b, const struct ctl_stmt *s, int cur)
{
	int osw = b->sw, oparam = b->sw_param, obrk = b->brk, exit, end;
	bool odef = b->sw_default;

	begin_root(b, s->cond, cur);
	cur = build_expr(b, s->cond, cur);
	end_root(b);
	mark_derefs(b, s->cond, cur);
	exit = new_block(b);
	b->sw = cur;
	b->sw_param = tested_param(b, cursor_strip(s->cond));
	b->brk = exit;
	b->sw_default = false;
	{
		size_t oscopes = b->loop_scopes;

		b->loop_scopes = b->scopes.n;
		end = build_stmt(b, s->body, -1);
		b->loop_scopes = oscopes;
	}
	link(b, end, exit);
	if (!b->sw_default)
		link(b, cur, exit);
	b->sw = osw;
	b->sw_param = oparam;
	b->brk = obrk;
	b->sw_default = odef;
	return exit;
}

/* `case K:` of a switch on a parameter is entered from the dispatch only
 * where the parameter is K (a block of its own on that edge); a GNU range
 * (`case 1 ... 5:`, three children) and `default:` are entered for any */
static int build_case(struct builder *b, CXCursor c, const struct ctl_stmt *s,
		      int cur)
{
	int nb = new_block(b), from = b->sw;
	CXCursor kid[3];
	long long k;

	if (b->sw_param >= 0 && b->sw >= 0 && !s->is_default &&
	    cursor_children(c, kid, 3) == 2 && la_eval_int(s->value, &k)) {
		from = new_block(b);
		link(b, b->sw, from);
		add_param_value(b, from, EV_PARAM_EQ, b->sw_param, k);
	}
	link(b, from, nb);
	link(b, cur, nb); /* fallthrough */
	if (s->is_default)
		b->sw_default = true;
	if (!clang_Cursor_isNull(s->sub))
		nb = build_stmt(b, s->sub, nb);
	return nb;
}

static int build_label(struct builder *b, const struct ctl_stmt *s, int cur)
{
	const char *name = s->label;
	int lb = label_block(b, name);

	for (size_t i = 0; i < b->labels.n; i++) {
		struct label_block *l = &b->labels.v[i];

		if (strcmp(l->name, name) != 0 || l->placed)
			continue;
		l->placed = true;
		path_take(b, &l->at);
		for (size_t g = 0; g < b->gotos.n; g++) {
			struct pending_goto *pg = &b->gotos.v[g];

			if (pg->label && strcmp(pg->label, name) == 0) {
				goto_cleanups(b, pg->block, &pg->from, &l->at);
				free(pg->label);
				pg->label = NULL;
				path_free(&pg->from);
			}
		}
	}
	link(b, cur, lb);
	if (!clang_Cursor_isNull(s->sub))
		lb = build_stmt(b, s->sub, lb);
	return lb;
}

static int build_goto(struct builder *b, const struct ctl_stmt *s, int cur)
{
	const char *name = s->label;
	int lb;
	struct pending_goto pg = { .label = NULL, .block = cur };

	if (!name)
		return -1;
	lb = label_block(b, name);
	path_take(b, &pg.from);
	for (size_t i = 0; i < b->labels.n; i++) {
		const struct label_block *l = &b->labels.v[i];

		if (strcmp(l->name, name) != 0)
			continue;
		if (l->placed) { /* backwards: where it is is known */
			goto_cleanups(b, cur, &pg.from, &l->at);
			path_free(&pg.from);
		} else {
			pg.label = xstrdup(name);
			VEC_PUSH(b->gotos, pg);
		}
		break;
	}
	link(b, cur, lb);
	return -1;
}

/* EV_ASSIGN after a statement or declaration that gives a condition
 * variable its value (cfg_callbacks.assigned_cond_var) */
static void mark_assigned(struct builder *b, CXCursor c, int cur)
{
	int idx = b->cb->assigned_cond_var ?
			  b->cb->assigned_cond_var(b->cb->ctx, c) :
			  -1;

	if (idx >= 0 && cur >= 0)
		add_event(b, cur, EV_ASSIGN, idx);
}

/* EV_STORE after a statement `p->field = v;` that stores a condition
 * variable (cfg_callbacks.stored_cond_var) */
static void mark_stored(struct builder *b, CXCursor c, int cur)
{
	int var = -1,
	    idx = b->cb->stored_cond_var && cur >= 0 ?
			  b->cb->stored_cond_var(b->cb->ctx, c, &var) :
			  -1;

	if (idx >= 0)
		add_param_value(b, cur, EV_STORE, idx, var);
}

static int build_jump(struct builder *b, int cur, int target)
{
	link(b, cur, target);
	return -1;
}

/* The variables declared with a cleanup function join the innermost
 * scope; then only initialisers run: a typeof(expr) in a declared type
 * is not evaluated (alloc_hooks(): typeof(kmalloc_noprof(...)) _res = ...). */
static int build_decls(struct builder *b, const struct ctl_stmt *s, int cur)
{
	for (int i = 0; i < s->n_kids; i++) {
		int idx;

		if (clang_getCursorKind(s->kids[i]) != CXCursor_VarDecl ||
		    !b->scopes.n)
			continue;
		idx = b->cb->on_cleanup_var ?
			      b->cb->on_cleanup_var(b->cb->ctx, s->kids[i]) :
			      -1;
		if (idx >= 0)
			VEC_PUSH(b->scopes.v[b->scopes.n - 1].cleanups, idx);
	}
	for (int i = 0; i < s->n_kids; i++) {
		CXCursor init;

		if (clang_getCursorKind(s->kids[i]) != CXCursor_VarDecl) {
			if (cursor_contains_call(s->kids[i]))
				cur = build_expr(b, s->kids[i], cur);
			continue;
		}
		init = la_var_init(s->kids[i]);
		if (!clang_Cursor_isNull(init) && cursor_contains_call(init))
			cur = build_expr(b, init, cur);
		if (!clang_Cursor_isNull(init))
			mark_derefs(b, init, cur);
		mark_assigned(b, s->kids[i], cur);
	}
	return cur;
}

static int build_compound(struct builder *b, const struct ctl_stmt *s, int cur)
{
	open_scope(b);
	for (int i = 0; i < s->n_kids; i++)
		cur = build_stmt(b, s->kids[i], cur);
	return close_scope(b, cur);
}

/* Statements of a return: the value, then every scope's cleanups. */
/* A return with a value says whether that value is a constant and which
 * truth it has, after the cleanups of the scopes it leaves: the solver
 * tells a helper that returns true having dropped its caller's lock
 * (do_signal_stop()) from one that drops it on every path. */
static int build_return(struct builder *b, const struct ctl_stmt *s, int cur)
{
	long long v;
	enum return_value rv = RET_OTHER;

	if (!clang_Cursor_isNull(s->value)) {
		cur = build_stmt(b, s->value, cur);
		if (la_eval_int(s->value, &v))
			rv = v ? RET_TRUE : RET_FALSE;
	}
	cur = run_cleanups(b, live(b, cur), 0);
	if (!clang_Cursor_isNull(s->value))
		add_event(b, cur, EV_RETURN, rv);
	link(b, cur, b->cfg->exit);
	return -1;
}

/* An expression statement; one that writes a value local (`wakeup = 0;`)
 * or assigns a condition variable (`pte = huge_pte_offset(...);`) says so
 * after its calls.  `var = call(...);` is noted for the statement after
 * it (result_of_local()). */
static int build_expr_stmt(struct builder *b, CXCursor c, int cur)
{
	int idx = b->cb->written_local ? b->cb->written_local(b->cb->ctx, c) :
					 -1;
	CXCursor e = cursor_strip(c), kid[2];
	char op[4];

	if (cursor_contains_call(c))
		cur = build_expr(b, c, cur);
	mark_derefs(b, c, cur);
	if (idx >= 0 && cur >= 0)
		add_event(b, cur, EV_WRITE, idx);
	mark_assigned(b, c, cur);
	mark_stored(b, c, cur);
	if (clang_getCursorKind(e) == CXCursor_BinaryOperator &&
	    cursor_children(e, kid, 2) == 2 &&
	    clang_getCursorKind(kid[0] = cursor_strip(kid[0])) ==
		    CXCursor_DeclRefExpr &&
	    clang_getCursorKind(kid[1] = cursor_strip(kid[1])) ==
		    CXCursor_CallExpr) {
		la_op(e, op, sizeof(op));
		if (strcmp(op, "=") == 0) {
			b->last_assign[0] = clang_getCursorReferenced(kid[0]);
			b->last_assign[1] = kid[1];
		}
	}
	return cur;
}

static int build_parts(struct builder *b, CXCursor c, const struct ctl_stmt *s,
		       int cur)
{
	switch (s->kind) {
	case CTL_STMT_COMPOUND:
		return build_compound(b, s, cur);
	case CTL_STMT_IF:
		return build_if(b, s, live(b, cur));
	case CTL_STMT_LOOP:
		return build_loop(b, &s->loop, live(b, cur));
	case CTL_STMT_SWITCH:
		return build_switch(b, s, live(b, cur));
	case CTL_STMT_CASE:
		return build_case(b, c, s, cur);
	case CTL_STMT_LABEL:
		return build_label(b, s, cur);
	case CTL_STMT_GOTO:
		return build_goto(b, s, live(b, cur));
	case CTL_STMT_INDIRECT_GOTO:
		return -1;
	case CTL_STMT_BREAK:
		return build_jump(b,
				  run_cleanups(b, live(b, cur), b->loop_scopes),
				  b->brk);
	case CTL_STMT_CONTINUE:
		return build_jump(b,
				  run_cleanups(b, live(b, cur), b->loop_scopes),
				  b->cont);
	case CTL_STMT_RETURN:
		return build_return(b, s, live(b, cur));
	case CTL_STMT_NULL:
		return cur;
	case CTL_STMT_DECL:
		return build_decls(b, s, cur);
	case CTL_STMT_EXPR:
		return build_expr_stmt(b, c, cur);
	case CTL_STMT_ASM:
	default:
		if (!cursor_contains_call(c))
			return cur;
		return build_expr(b, c, cur);
	}
}

/* A statement whose evaluation is one root (begin_root()) */
static bool root_kind(enum ctl_stmt_kind k)
{
	return k == CTL_STMT_EXPR || k == CTL_STMT_DECL || k == CTL_STMT_ASM;
}

static int build_stmt(struct builder *b, CXCursor c, int cur)
{
	struct ctl_stmt s;
	bool known = ctl_stmt(c, &s), root = !known || root_kind(s.kind);

	/* only the statement right after `var = call(...);` tests it */
	b->prev_assign[0] = b->last_assign[0];
	b->prev_assign[1] = b->last_assign[1];
	clear_assign(b->last_assign);
	clear_assign(b->cond_assign);
	if (root)
		begin_root(b, c, cur);
	if (!known) /* an if, loop or switch not readable */
		cur = build_expr(b, c, cur);
	else
		cur = build_parts(b, c, &s, cur);
	if (root)
		end_root(b);
	ctl_stmt_free(&s);
	return cur;
}

void cfg_build(struct cfg *cfg, CXCursor body, const struct cfg_callbacks *cb)
{
	struct builder b = { .cfg = cfg,
			     .cb = cb,
			     .brk = -1,
			     .cont = -1,
			     .sw = -1,
			     .sw_param = -1 };
	int end;

	memset(cfg, 0, sizeof(*cfg));
	clear_assign(b.last_assign);
	clear_assign(b.prev_assign);
	clear_assign(b.cond_assign);
	cfg->entry = new_block(&b);
	cfg->exit = new_block(&b);
	end = build_stmt(&b, body, cfg->entry);
	link(&b, end, cfg->exit);
	for (size_t i = 0; i < b.labels.n; i++) {
		free(b.labels.v[i].name);
		path_free(&b.labels.v[i].at);
	}
	VEC_FREE(b.labels);
	for (size_t i = 0; i < b.gotos.n; i++) { /* labels never placed */
		free(b.gotos.v[i].label);
		path_free(&b.gotos.v[i].from);
	}
	VEC_FREE(b.gotos);
	VEC_FREE(b.calls);
	VEC_FREE(b.outcome_placed);
	for (size_t i = 0; i < b.scopes.n; i++)
		VEC_FREE(b.scopes.v[i].cleanups);
	VEC_FREE(b.scopes);
}

void cfg_free(struct cfg *cfg)
{
	for (size_t i = 0; i < cfg->blocks.n; i++) {
		VEC_FREE(cfg->blocks.v[i].events);
		VEC_FREE(cfg->blocks.v[i].succ);
	}
	VEC_FREE(cfg->blocks);
}

bool event_has_value(enum event_kind kind)
{
	return kind == EV_PARAM_EQ || kind == EV_PARAM_NE ||
	       kind == EV_PARAM_ANYBIT || kind == EV_PARAM_NOBIT ||
	       kind == EV_STORE;
}

bool cfg_has_event(const struct cfg *cfg, enum event_kind kind)
{
	for (size_t b = 0; b < cfg->blocks.n; b++)
		for (size_t e = 0; e < cfg->blocks.v[b].events.n; e++)
			if (cfg->blocks.v[b].events.v[e].kind == kind)
				return true;
	return false;
}

void cfg_must_flow(const struct cfg *cfg, int words, const uint64_t *entry,
		   bool (*transfer)(void *ctx, int block, uint64_t *state),
		   void *ctx)
{
	size_t n = cfg->blocks.n, w = (size_t)words;
	uint64_t *in = xcalloc((n + 1) * w, sizeof(uint64_t)),
		 *st = xcalloc(w + 1, sizeof(uint64_t));
	bool *seen = xcalloc(n + 1, sizeof(bool)),
	     *queued = xcalloc(n + 1, sizeof(bool));
	int *stack = xmalloc(sizeof(int) * (n + 1)), sp = 0;

	if (cfg->entry >= 0 && (size_t)cfg->entry < n) {
		memcpy(&in[(size_t)cfg->entry * w], entry,
		       w * sizeof(uint64_t));
		seen[cfg->entry] = queued[cfg->entry] = true;
		stack[sp++] = cfg->entry;
	}
	while (sp > 0) {
		int b = stack[--sp];
		const struct block *blk = &cfg->blocks.v[b];

		queued[b] = false;
		memcpy(st, &in[(size_t)b * w], w * sizeof(uint64_t));
		if (!transfer(ctx, b, st))
			continue;
		for (size_t k = 0; k < blk->succ.n; k++) {
			int s = blk->succ.v[k];
			uint64_t *to;
			bool changed;

			if (s < 0 || (size_t)s >= n)
				continue;
			to = &in[(size_t)s * w];
			changed = !seen[s];
			for (size_t j = 0; j < w; j++) {
				uint64_t v = seen[s] ? to[j] & st[j] : st[j];

				changed |= v != to[j];
				to[j] = v;
			}
			seen[s] = true;
			if (changed && !queued[s]) {
				queued[s] = true;
				stack[sp++] = s;
			}
		}
	}
	free(in);
	free(st);
	free(seen);
	free(queued);
	free(stack);
}

char *cfg_serialize(const struct cfg *cfg)
{
	struct strbuf sb = { 0 };

	for (size_t b = 0; b < cfg->blocks.n; b++) {
		const struct block *blk = &cfg->blocks.v[b];

		for (size_t e = 0; e < blk->events.n; e++) {
			static const char *const prefix[] = {
				[EV_CALL] = "",		 [EV_TRY_OK] = "t",
				[EV_CALL_FALSE] = "f",	 [EV_PARAM_TRUE] = "p",
				[EV_PARAM_FALSE] = "n",	 [EV_RETURN] = "r",
				[EV_WRITE] = "w",	 [EV_CHANGED] = "c",
				[EV_PARAM_EQ] = "e",	 [EV_PARAM_NE] = "x",
				[EV_PARAM_ANYBIT] = "a", [EV_PARAM_NOBIT] = "z",
				[EV_ASSIGN] = "s",	 [EV_STORE] = "o",
				[EV_DEREF] = "d",	 [EV_UNEXPECTED] = "v",
				[EV_FNPTR_SET] = "m",	 [EV_FNPTR_NULL] = "u",
				[EV_LOCAL_WRITE] = "l"
			};
			const struct event *ev = &blk->events.v[e];

			sb_addf(&sb, "%s%s%d", e ? "," : "", prefix[ev->kind],
				ev->call);
			if (event_has_value(ev->kind))
				sb_addf(&sb, "=%lld", ev->value);
		}
		sb_add(&sb, ">");
		for (size_t i = 0; i < blk->succ.n; i++)
			sb_addf(&sb, "%s%d", i ? "," : "", blk->succ.v[i]);
		sb_add(&sb, ";");
	}
	return sb_take(&sb);
}

int cfg_parse(struct cfg *cfg, const char *text)
{
	const char *p = text;

	memset(cfg, 0, sizeof(*cfg));
	cfg->entry = 0;
	cfg->exit = 1;
	while (p && *p) {
		struct block blk = { 0 };

		while (*p && *p != '>') {
			struct event ev = { EV_CALL, 0, 0 };
			char *end;

			switch (*p) {
			case 't':
				ev.kind = EV_TRY_OK;
				break;
			case 'f':
				ev.kind = EV_CALL_FALSE;
				break;
			case 'p':
				ev.kind = EV_PARAM_TRUE;
				break;
			case 'n':
				ev.kind = EV_PARAM_FALSE;
				break;
			case 'r':
				ev.kind = EV_RETURN;
				break;
			case 'w':
				ev.kind = EV_WRITE;
				break;
			case 'c':
				ev.kind = EV_CHANGED;
				break;
			case 'e':
				ev.kind = EV_PARAM_EQ;
				break;
			case 'x':
				ev.kind = EV_PARAM_NE;
				break;
			case 'a':
				ev.kind = EV_PARAM_ANYBIT;
				break;
			case 'z':
				ev.kind = EV_PARAM_NOBIT;
				break;
			case 's':
				ev.kind = EV_ASSIGN;
				break;
			case 'o':
				ev.kind = EV_STORE;
				break;
			case 'd':
				ev.kind = EV_DEREF;
				break;
			case 'v':
				ev.kind = EV_UNEXPECTED;
				break;
			case 'm':
				ev.kind = EV_FNPTR_SET;
				break;
			case 'u':
				ev.kind = EV_FNPTR_NULL;
				break;
			case 'l':
				ev.kind = EV_LOCAL_WRITE;
				break;
			default:
				break;
			}
			if (ev.kind != EV_CALL)
				p++;
			ev.call = (int)strtol(p, &end, 10);
			if (end == p)
				goto bad;
			if (event_has_value(ev.kind)) {
				if (*end != '=')
					goto bad;
				p = end + 1;
				ev.value = strtoll(p, &end, 10);
				if (end == p)
					goto bad;
			}
			VEC_PUSH(blk.events, ev);
			p = *end == ',' ? end + 1 : end;
		}
		if (*p++ != '>')
			goto bad;
		while (*p && *p != ';') {
			char *end;
			int to = (int)strtol(p, &end, 10);

			if (end == p)
				goto bad;
			VEC_PUSH(blk.succ, to);
			p = *end == ',' ? end + 1 : end;
		}
		if (*p == ';')
			p++;
		VEC_PUSH(cfg->blocks, blk);
	}
	if (cfg->blocks.n < 2)
		goto bad_nofree;
	for (size_t b = 0; b < cfg->blocks.n; b++)
		for (size_t i = 0; i < cfg->blocks.v[b].succ.n; i++)
			if (cfg->blocks.v[b].succ.v[i] < 0 ||
			    (size_t)cfg->blocks.v[b].succ.v[i] >= cfg->blocks.n)
				goto bad_nofree;
	return 0;
bad:
	VEC_PUSH(cfg->blocks, (struct block){ 0 });
bad_nofree:
	cfg_free(cfg);
	return -1;
}
