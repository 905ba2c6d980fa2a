// SPDX-License-Identifier: GPL-2.0
#include "local_ptrflow.h"
#include "ctl.h"
#include "local_ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 256
#define LOOP_ITERATIONS 8
#define FUNCTION_PASSES 6

static void stmt(struct pf_run *r, CXCursor c, struct pf_state *st);
static void eval(struct pf_run *r, CXCursor e, struct pf_state *st);
static void cond(struct pf_run *r, CXCursor e, const struct pf_state *in,
		 struct pf_state *t, struct pf_state *f);

/* ---- slots ---- */

static int find_slot(struct pf_run *r, const char *key)
{
	for (size_t i = 0; i < r->slots.n; i++)
		if (strcmp(r->slots.v[i].key, key) == 0)
			return (int)i;
	return -1;
}

int pf_slot_of(struct pf_run *r, CXCursor e)
{
	char key[KEY_MAX], disp[KEY_MAX];

	if (!r->slots.n || !la_key(e, key, sizeof(key), disp, sizeof(disp)))
		return -1;
	return find_slot(r, key);
}

/* The slot whose memory a pointer expression points into (p, &p->f, &p[i]), or -1 */
static int pf_ptr_slot(struct pf_run *r, CXCursor e)
{
	CXCursor kid[2];
	char op[4];

	e = cursor_strip(e);
	if (clang_getCursorKind(e) != CXCursor_UnaryOperator)
		return pf_slot_of(r, e);
	la_op(e, op, sizeof(op));
	if (op[0] != '&' || cursor_children(e, kid, 2) != 1)
		return -1;
	/* &p->a.b, &p[i]: the pointer the member chain starts from */
	e = cursor_strip(kid[0]);
	for (int depth = 0; depth < 8; depth++) {
		enum CXCursorKind k = clang_getCursorKind(e);
		int n = cursor_children(e, kid, 2);

		if (k == CXCursor_MemberRefExpr && n == 1) {
			if (la_is_pointer(cursor_strip(kid[0])))
				return pf_slot_of(r, kid[0]);
			e = cursor_strip(kid[0]);
		} else if (k == CXCursor_ArraySubscriptExpr && n == 2) {
			if (la_is_pointer(cursor_strip(kid[0])))
				return pf_slot_of(r, kid[0]);
			e = cursor_strip(kid[0]);
		} else {
			return -1;
		}
	}
	return -1;
}

/* Index of the family name in r->fams, adding it; -1 if full */
static int pf_family(struct pf_run *r, const char *family)
{
	for (int i = 0; i < r->nfams; i++)
		if (strcmp(r->fams[i], family) == 0)
			return i;
	if (r->nfams == PF_MAX_FAMS)
		return -1;
	r->fams[r->nfams] = family;
	return r->nfams++;
}

static bool alloc_value(struct pf_run *r, CXCursor e, int depth)
{
	CXCursor kid[3];
	char *name;
	bool yes;

	e = cursor_strip(e);
	switch (clang_getCursorKind(e)) {
	case CXCursor_CallExpr:
		name = la_spelling(e);
		yes = rules_alloc(r->lc->rules, name) != NULL;
		free(name);
		return yes;
	case CXCursor_ConditionalOperator:
		if (depth > 4 || cursor_children(e, kid, 3) != 3)
			return false;
		return alloc_value(r, kid[1], depth + 1) ||
		       alloc_value(r, kid[2], depth + 1);
	case CXCursor_StmtExpr:
		kid[0] = ctl_stmt_expr_value(e);
		return depth <= 4 && !clang_Cursor_isNull(kid[0]) &&
		       alloc_value(r, kid[0], depth + 1);
	default:
		return false;
	}
}

static void add_slot(struct pf_run *r, CXCursor lhs)
{
	char key[KEY_MAX], disp[KEY_MAX];
	struct pf_slot s;

	if (r->slots.n == PF_MAX_SLOTS ||
	    !la_key(lhs, key, sizeof(key), disp, sizeof(disp)))
		return;
	if (find_slot(r, key) >= 0)
		return;
	s.key = xstrdup(key);
	s.disp = xstrdup(disp);
	VEC_PUSH(r->slots, s);
}

static enum CXChildVisitResult find_slots(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	struct pf_run *r = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor kid[2], init;
	char op[4];

	(void)parent;
	if (k == CXCursor_VarDecl) {
		init = la_var_init(c);
		if (!clang_Cursor_isNull(init) && alloc_value(r, init, 0)) {
			char key[KEY_MAX];
			char *name = la_spelling(c);
			struct pf_slot s;

			if (r->slots.n < PF_MAX_SLOTS &&
			    la_var_key(c, key, sizeof(key), NULL, 0) &&
			    find_slot(r, key) < 0) {
				s.key = xstrdup(key);
				s.disp = xstrdup(name);
				VEC_PUSH(r->slots, s);
			}
			free(name);
		}
		return CXChildVisit_Recurse;
	}
	if (k != CXCursor_BinaryOperator || cursor_children(c, kid, 2) != 2)
		return CXChildVisit_Recurse;
	if (!alloc_value(r, kid[1], 0))
		return CXChildVisit_Recurse;
	la_op(c, op, sizeof(op));
	if (strcmp(op, "=") == 0)
		add_slot(r, kid[0]);
	return CXChildVisit_Recurse;
}

/* ---- states ---- */

static void state_dead(struct pf_state *s)
{
	memset(s, 0, sizeof(*s));
	s->dead = true;
}

static struct pf_val val_join(struct pf_val a, struct pf_val b)
{
	struct pf_val j;

	j.bits = a.bits | b.bits;
	j.fam = a.fam | b.fam;
	if (a.bits & (PF_U | PF_N))
		j.site = a.site;
	else if (b.bits & (PF_U | PF_N))
		j.site = b.site;
	else
		j.site = a.site >= 0 ? a.site : b.site;
	j.origin = a.origin == b.origin ? a.origin : -1;
	return j;
}

/* *a = a JOIN b; returns true if *a changed */
static bool join_into(struct pf_run *r, struct pf_state *a,
		      const struct pf_state *b)
{
	bool changed = false;

	if (b->dead)
		return false;
	if (a->dead) {
		*a = *b;
		return true;
	}
	for (size_t i = 0; i < r->slots.n; i++) {
		struct pf_val j = val_join(a->v[i], b->v[i]);

		if (j.bits != a->v[i].bits || j.fam != a->v[i].fam ||
		    j.origin != a->v[i].origin)
			changed = true;
		a->v[i] = j;
	}
	return changed;
}

static bool state_equal(struct pf_run *r, const struct pf_state *a,
			const struct pf_state *b)
{
	if (a->dead || b->dead)
		return a->dead == b->dead;
	for (size_t i = 0; i < r->slots.n; i++)
		if (a->v[i].bits != b->v[i].bits ||
		    a->v[i].fam != b->v[i].fam ||
		    a->v[i].origin != b->v[i].origin)
			return false;
	return true;
}

static void initial_state(struct pf_run *r, struct pf_state *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < r->slots.n; i++)
		s->v[i] = (struct pf_val){ PF_K, 0, -1, -1 };
}

/* the path where slot is not NULL / is NULL */
static void refine(struct pf_state *s, int slot, bool nonnull)
{
	struct pf_val *v = &s->v[slot];
	uint8_t b = v->bits;

	if (s->dead)
		return;
	if (nonnull)
		b = (uint8_t)((b & ~(PF_U | PF_Z | PF_N)) |
			      ((b & PF_U) ? PF_K : 0));
	else
		b = (uint8_t)(((b & (PF_U | PF_N)) ? PF_N : 0) |
			      ((b & (PF_K | PF_Z)) ? PF_Z : 0));
	if (!b) {
		state_dead(s);
		return;
	}
	v->bits = b;
}

/* ---- values ---- */

/* Never NULL: __GFP_NOFAIL in every alternative, with a mask that can
 * block (the page allocator lets a non-blocking NOFAIL request fail) */
static bool all_nofail(const struct local_ctx *lc, const struct call_fact *cf)
{
	uint64_t nofail = gfp_value(lc->gfp, "__GFP_NOFAIL");

	if (!nofail || cf->flags.n == 0)
		return false;
	for (int i = 0; i < cf->flags.n; i++) {
		const struct gfp_alt *a = &cf->flags.alt[i];

		if (!(a->or_bits & nofail))
			return false;
		if (a->param < 0 && !(a->or_bits & lc->gfp->sleep_bits))
			return false;
	}
	return true;
}

static struct pf_val alloc_result(struct pf_run *r, int idx)
{
	const struct alloc_rule *ar = la_alloc_rule(r->lc, idx);
	struct pf_val v = { PF_K, 0, idx, idx };
	int fam;

	if (!ar)
		return (struct pf_val){ PF_K, 0, -1, -1 };
	fam = pf_family(r, ar->family);
	if (fam >= 0)
		v.fam = (uint16_t)(1u << fam);
	if (!ar->can_fail || ar->returns_errptr)
		v.bits = PF_K;
	else if (all_nofail(r->lc, &r->lc->ff->calls.v[idx]))
		v.bits = PF_F;
	else
		v.bits = PF_U;
	return v;
}

static struct pf_val classify(struct pf_run *r, CXCursor e,
			      const struct pf_state *st, int depth)
{
	CXCursor kid[3];
	int slot;

	e = cursor_strip(e);
	switch (clang_getCursorKind(e)) {
	case CXCursor_CallExpr:
		return alloc_result(r, la_call_index(r->lc, e));
	case CXCursor_ConditionalOperator:
		if (depth < 4 && cursor_children(e, kid, 3) == 3)
			return val_join(classify(r, kid[1], st, depth + 1),
					classify(r, kid[2], st, depth + 1));
		break;
	case CXCursor_StmtExpr:
		/* ({ ...; v; }) has the value v has after the statements (which
		 * eval() has walked): alloc_hooks()' _res (in 6.12 inside a
		 * second statement expression), or a pointer the macro checked.
		 * Any other value (container_of()) is none. */
		kid[0] = cursor_strip(ctl_stmt_expr_last(e));
		if (depth < 4 &&
		    (clang_getCursorKind(kid[0]) == CXCursor_DeclRefExpr ||
		     clang_getCursorKind(kid[0]) == CXCursor_StmtExpr))
			return classify(r, kid[0], st, depth + 1);
		break;
	default:
		break;
	}
	if (la_is_null_const(e))
		return (struct pf_val){ PF_Z, 0, -1, -1 };
	slot = pf_slot_of(r, e);
	if (slot >= 0 && !st->dead)
		return st->v[slot];
	return (struct pf_val){ PF_K, 0, -1, -1 };
}

/* An assignment on the path where an allocation failed records the
 * failure (if (!p) ret = -ENOMEM; ... if (ret) goto out;): the paths are
 * correlated through that variable, so the NULL is taken as handled. */
static void failure_recorded(struct pf_run *r, struct pf_state *st)
{
	for (size_t i = 0; i < r->slots.n; i++)
		if (st->v[i].bits & PF_N)
			st->v[i].bits =
				(uint8_t)((st->v[i].bits & ~PF_N) | PF_Z);
}

static void assign(struct pf_run *r, CXCursor lhs, CXCursor rhs,
		   struct pf_state *st)
{
	int slot = pf_slot_of(r, lhs);

	if (st->dead)
		return;
	if (slot < 0)
		return failure_recorded(r, st);
	st->v[slot] = classify(r, rhs, st, 0);
}

/* ---- hooks ---- */

/* Hook set i of the walk; the findings its hooks emit are those of the
 * check that requested it (pf_request()), so the context names that check */
static const struct pf_hooks *hooks_of(struct pf_run *r, int i)
{
	r->lc->def = r->req->def[i];
	return r->req->h[i];
}

static void deref(struct pf_run *r, int slot, CXCursor at, struct pf_state *st)
{
	struct pf_val *v;

	if (slot < 0 || st->dead || r->pure)
		return;
	v = &st->v[slot];
	for (int i = 0; i < r->req->n; i++)
		if (hooks_of(r, i)->deref)
			r->req->h[i]->deref(r, slot, v, at);
	/* past a dereference the pointer was not NULL (or the kernel oopsed) */
	if (v->bits & (PF_U | PF_N | PF_Z))
		v->bits = (uint8_t)((v->bits & ~(PF_U | PF_N | PF_Z)) | PF_K);
}

static void tested(struct pf_run *r, int slot, CXCursor at,
		   const struct pf_state *st)
{
	if (slot < 0 || st->dead || r->pure)
		return;
	for (int i = 0; i < r->req->n; i++)
		if (hooks_of(r, i)->test)
			r->req->h[i]->test(r, slot, &st->v[slot], at);
}

/* ---- expressions ---- */

static void eval_kids(struct pf_run *r, CXCursor e, struct pf_state *st)
{
	CXCursor kid[16];
	int n = cursor_children(e, kid, 16);

	if (n > 16) {
		CXCursor *all = xmalloc(sizeof(CXCursor) * (size_t)n);

		cursor_children(e, all, n);
		for (int i = 0; i < n; i++)
			eval(r, all[i], st);
		free(all);
		return;
	}
	for (int i = 0; i < n; i++)
		eval(r, kid[i], st);
}

/* e accessed as an lvalue: addr = only its address is taken (&e) */
static void access(struct pf_run *r, CXCursor e, struct pf_state *st, bool addr)
{
	enum CXCursorKind k;
	CXCursor kid[2];
	int n;

	e = cursor_strip(e);
	k = clang_getCursorKind(e);
	n = cursor_children(e, kid, 2);
	if (k == CXCursor_MemberRefExpr && n == 1) {
		if (la_is_pointer(cursor_strip(kid[0]))) {
			eval(r, kid[0], st);
			if (!addr)
				deref(r, pf_slot_of(r, kid[0]), e, st);
		} else {
			access(r, kid[0], st, addr);
		}
		return;
	}
	if (k == CXCursor_ArraySubscriptExpr && n == 2) {
		eval(r, kid[0], st);
		eval(r, kid[1], st);
		if (!addr && la_is_pointer(cursor_strip(kid[0])))
			deref(r, pf_slot_of(r, kid[0]), e, st);
		return;
	}
	eval(r, e, st);
}

static void eval_unary(struct pf_run *r, CXCursor e, struct pf_state *st)
{
	CXCursor kid[2];
	char op[4];
	int slot;

	if (cursor_children(e, kid, 2) != 1)
		return eval_kids(r, e, st);
	la_op(e, op, sizeof(op));
	switch (op[0]) {
	case '*':
		eval(r, kid[0], st);
		deref(r, pf_ptr_slot(r, kid[0]), e, st);
		return;
	case '&':
		slot = pf_slot_of(r, kid[0]);
		if (slot >= 0 && !st->dead && !r->pure) {
			/* its address escapes: anything may be stored through it */
			st->v[slot] = (struct pf_val){ PF_K, 0, -1, -1 };
			return;
		}
		access(r, kid[0], st, true);
		return;
	case '!':
		eval(r, kid[0], st);
		tested(r, pf_slot_of(r, kid[0]), e, st);
		return;
	default:
		eval(r, kid[0], st);
		return;
	}
}

static void eval_compare(struct pf_run *r, CXCursor e, CXCursor *kid,
			 struct pf_state *st)
{
	eval(r, kid[0], st);
	eval(r, kid[1], st);
	if (la_is_null_const(kid[1]))
		tested(r, pf_slot_of(r, kid[0]), e, st);
	else if (la_is_null_const(kid[0]))
		tested(r, pf_slot_of(r, kid[1]), e, st);
}

static void eval_binary(struct pf_run *r, CXCursor e, struct pf_state *st)
{
	CXCursor kid[2];
	struct pf_state t, f;
	char op[4];

	if (cursor_children(e, kid, 2) != 2)
		return eval_kids(r, e, st);
	la_op(e, op, sizeof(op));
	if (strcmp(op, "&&") == 0 || strcmp(op, "||") == 0) {
		cond(r, e, st, &t, &f);
		join_into(r, &t, &f);
		*st = t;
		return;
	}
	if (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0)
		return eval_compare(r, e, kid, st);
	if (strcmp(op, "=") == 0) {
		access(r, kid[0], st, false);
		eval(r, kid[1], st);
		if (!r->pure)
			assign(r, kid[0], kid[1], st);
		return;
	}
	eval(r, kid[0], st);
	eval(r, kid[1], st);
}

static void eval_call(struct pf_run *r, CXCursor e, struct pf_state *st)
{
	const struct named_rule *dr;
	int idx, nargs;
	char *name;

	eval_kids(r, e, st);
	if (st->dead || r->pure)
		return;
	idx = la_call_index(r->lc, e);
	name = idx >= 0 && r->lc->ff->calls.v[idx].callee ?
		       xstrdup(r->lc->ff->calls.v[idx].callee) :
		       la_spelling(e);
	dr = rules_named(r->lc->rules, "derefs", name);
	nargs = clang_Cursor_getNumArguments(e);
	for (int i = 0; dr && i < nargs; i++)
		if (named_has_int(dr, "arg", i))
			deref(r, pf_ptr_slot(r, clang_Cursor_getArgument(e, i)),
			      clang_Cursor_getArgument(e, i), st);
	for (int i = 0; idx >= 0 && i < r->req->n; i++)
		if (hooks_of(r, i)->call)
			r->req->h[i]->call(r, idx, e, st);
	if (rules_named(r->lc->rules, "noreturn", name))
		state_dead(st);
	free(name);
}

static void eval_conditional(struct pf_run *r, CXCursor e, struct pf_state *st)
{
	CXCursor kid[3];
	struct pf_state t, f;

	if (cursor_children(e, kid, 3) != 3)
		return eval_kids(r, e, st);
	cond(r, kid[0], st, &t, &f);
	eval(r, kid[1], &t);
	eval(r, kid[2], &f);
	join_into(r, &t, &f);
	*st = t;
}

/* Only a cast's operand is evaluated: the other children of
 * (typeof(*p) *)x are typeof's unevaluated expression */
static void eval_last(struct pf_run *r, CXCursor e, struct pf_state *st)
{
	CXCursor kid[4];
	int n = cursor_children(e, kid, 4);

	if (n >= 1 && n <= 4)
		eval(r, kid[n - 1], st);
}

/* An implicit cast has one child; other unexposed expressions with more
 * (__builtin_offsetof(typeof(*p), f), __builtin_types_compatible_p) are
 * constants whose operands are not evaluated */
static void eval_unexposed(struct pf_run *r, CXCursor e, struct pf_state *st)
{
	CXEvalResult v;
	bool constant;

	if (cursor_children(e, NULL, 0) <= 1)
		return eval_kids(r, e, st);
	v = clang_Cursor_Evaluate(e);
	constant = v && clang_EvalResult_getKind(v) == CXEval_Int;
	if (v)
		clang_EvalResult_dispose(v);
	if (!constant)
		eval_kids(r, e, st);
}

static void eval_compound_assign(struct pf_run *r, CXCursor e,
				 struct pf_state *st)
{
	CXCursor kid[2];

	eval_kids(r, e, st);
	if (!st->dead && cursor_children(e, kid, 2) == 2 &&
	    pf_slot_of(r, kid[0]) < 0)
		failure_recorded(r, st); /* err |= ...: as an assignment */
}

static void eval_one(struct pf_run *r, CXCursor e, struct pf_state *st)
{
	switch (clang_getCursorKind(e)) {
	case CXCursor_CStyleCastExpr:
	case CXCursor_CompoundLiteralExpr:
		return eval_last(r, e, st);
	case CXCursor_UnexposedExpr:
		return eval_unexposed(r, e, st);
	case CXCursor_CompoundAssignOperator:
		return eval_compound_assign(r, e, st);
	case CXCursor_UnaryExpr: /* sizeof, alignof: not evaluated */
	case CXCursor_DeclRefExpr:
	case CXCursor_IntegerLiteral:
	case CXCursor_StringLiteral:
	case CXCursor_CharacterLiteral:
	case CXCursor_TypeRef:
		return;
	case CXCursor_CallExpr:
		return eval_call(r, e, st);
	case CXCursor_ConditionalOperator:
		return eval_conditional(r, e, st);
	case CXCursor_BinaryOperator:
		return eval_binary(r, e, st);
	case CXCursor_UnaryOperator:
		return eval_unary(r, e, st);
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		return access(r, e, st, false);
	case CXCursor_StmtExpr:
		return stmt(r, e, st);
	default:
		if (ctl_stmt_kind(e) == CTL_STMT_COMPOUND)
			return stmt(r, e, st);
		return eval_kids(r, e, st);
	}
}

/* Expressions nest deeper than this only in generated code (a 10,000-term
 * sum): beyond it the flow does not look (no effects, no hooks), and the
 * walk's stack stays bounded. */
#define PF_MAX_DEPTH 256

static void eval(struct pf_run *r, CXCursor e, struct pf_state *st)
{
	if (st->dead || r->pure || r->depth >= PF_MAX_DEPTH)
		return;
	r->depth++;
	eval_one(r, e, st);
	r->depth--;
}

/* ---- conditions: *t and *f are the states where e is true / false ---- */

/* e tests slot: true_is_null says which way; operands holds the expressions
 * to evaluate first (for side effects and dereferences) */
static void cond_slot(struct pf_run *r, CXCursor e, const CXCursor *operands,
		      int nops, int slot, const struct pf_state *in,
		      struct pf_state *t, struct pf_state *f, bool true_is_null)
{
	*t = *in;
	for (int i = 0; i < nops; i++)
		eval(r, operands[i], t);
	tested(r, slot, e, t);
	*f = *t;
	refine(t, slot, !true_is_null);
	refine(f, slot, true_is_null);
}

/* A comparison that tests a slot (p == NULL, p != NULL, ZERO_OR_NULL_PTR(p),
 * (p = alloc()) as a value) */
static bool cond_binary(struct pf_run *r, CXCursor e, const struct pf_state *in,
			struct pf_state *t, struct pf_state *f)
{
	CXCursor kid[2];
	long long bound;
	char op[4];
	int slot = -1;

	if (cursor_children(e, kid, 2) != 2)
		return false;
	la_op(e, op, sizeof(op));
	if (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0) {
		if (la_is_null_const(kid[1]))
			slot = pf_slot_of(r, kid[0]);
		else if (la_is_null_const(kid[0]))
			slot = pf_slot_of(r, kid[1]);
		if (slot < 0)
			return false;
		cond_slot(r, e, kid, 2, slot, in, t, f, op[0] == '=');
		return true;
	}
	if (strchr("<>", op[0]) && op[1] != op[0] &&
	    la_eval_int(kid[1], &bound) && bound >= 0 &&
	    (slot = pf_slot_of(r, kid[0])) >= 0) {
		/* ZERO_OR_NULL_PTR(p): (unsigned long)p <= (unsigned long)ZERO_SIZE_PTR */
		cond_slot(r, e, kid, 2, slot, in, t, f, op[0] == '<');
		return true;
	}
	if (strcmp(op, "=") == 0 && (slot = pf_slot_of(r, kid[0])) >= 0) {
		*t = *in;
		eval(r, e, t);
		*f = *t;
		tested(r, slot, e, t);
		refine(t, slot, true);
		refine(f, slot, false);
		return true;
	}
	return false;
}

/* A call that tests a pointer (rules: nullcheck, IS_ERR_OR_NULL()) */
static bool cond_call(struct pf_run *r, CXCursor e, const struct pf_state *in,
		      struct pf_state *t, struct pf_state *f)
{
	char *name = la_spelling(e);
	const struct named_rule *nc =
		rules_named(r->lc->rules, "nullcheck", name);
	int slot;

	free(name);
	if (!nc)
		return false;
	slot = pf_slot_of(r, la_arg(e, named_int(nc, "arg", 0)));
	if (slot < 0)
		return false;
	cond_slot(r, e, &e, 1, slot, in, t, f, true);
	return true;
}

static bool cond_stmt_expr(struct pf_run *r, CXCursor e,
			   const struct pf_state *in, struct pf_state *t,
			   struct pf_state *f)
{
	CXCursor *kid;
	struct pf_state s = *in;
	int n;

	if (!ctl_stmt_expr(e, &kid, &n))
		return false;
	/* the value of ({ ...; e; }) is e */
	for (int i = 0; i < n - 1; i++)
		stmt(r, kid[i], &s);
	cond(r, kid[n - 1], &s, t, f);
	free(kid);
	return true;
}

struct write_scan {
	CXCursor var;
	bool written;
};

static bool refers_to(CXCursor e, CXCursor var)
{
	e = cursor_strip(e);
	return clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
	       clang_equalCursors(clang_getCursorReferenced(e), var);
}

static enum CXChildVisitResult scan_writes(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	struct write_scan *w = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor kid[1];

	(void)parent;
	/* the operand first: the operator's tokens only for this variable */
	if ((k != CXCursor_BinaryOperator &&
	     k != CXCursor_CompoundAssignOperator &&
	     k != CXCursor_UnaryOperator) ||
	    cursor_children(c, kid, 1) < 1 || !refers_to(kid[0], w->var))
		return CXChildVisit_Recurse;
	if (la_writes_var(c, true, &kid[0])) {
		w->written = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* Is the variable assigned (or its address taken) anywhere but in its
 * initialiser?  The body is scanned once per variable and run. */
static bool written_after_init(struct pf_run *r, CXCursor var)
{
	struct write_scan w = { var, false };
	struct pf_var_writes vw;

	for (size_t i = 0; i < r->var_writes.n; i++)
		if (clang_equalCursors(r->var_writes.v[i].var, var))
			return r->var_writes.v[i].written;
	clang_visitChildren(r->lc->body, scan_writes, &w);
	vw.var = var;
	vw.written = w.written;
	VEC_PUSH(r->var_writes, vw);
	return w.written;
}

/* `ok` in if (ok) where int ok = <test>, never assigned again: WARN_ON()'s
 * __ret_warn_on, or ret = p ? 0 : -ENOMEM; if (ret) return ret; */
static bool cond_local_flag(struct pf_run *r, CXCursor e,
			    const struct pf_state *in, struct pf_state *t,
			    struct pf_state *f)
{
	CXCursor ref = clang_getCursorReferenced(e), init;
	long long v;
	CXType ty;
	char *name;
	bool temp;

	if (clang_getCursorKind(ref) != CXCursor_VarDecl || r->pure > 2)
		return false;
	ty = clang_getCanonicalType(clang_getCursorType(ref));
	if (ty.kind == CXType_Pointer ||
	    clang_Cursor_getStorageClass(ref) == CX_SC_Static)
		return false;
	/* a macro's temporary, or a variable assigned once by its initializer */
	name = la_spelling(ref);
	temp = strncmp(name, "__", 2) == 0;
	free(name);
	init = la_var_init(ref);
	if (!temp && !clang_Cursor_isNull(init) && written_after_init(r, ref))
		init = clang_getNullCursor();
	if (clang_Cursor_isNull(init) || la_eval_int(init, &v))
		return false;
	r->pure++;
	cond(r, init, in, t, f);
	r->pure--;
	return true;
}

static void cond_one(struct pf_run *r, CXCursor e, const struct pf_state *in,
		     struct pf_state *t, struct pf_state *f);

static void cond(struct pf_run *r, CXCursor e, const struct pf_state *in,
		 struct pf_state *t, struct pf_state *f)
{
	if (r->depth >= PF_MAX_DEPTH) {
		*t = *in; /* too deep to look at: no refinement */
		*f = *in;
		return;
	}
	r->depth++;
	cond_one(r, e, in, t, f);
	r->depth--;
}

static bool is_cond_wrapper(void *ctx, const char *name)
{
	struct pf_run *r = ctx;

	return rules_is_cond_wrapper(r->lc->rules, name);
}

/* &&, ||, the comma operator and ?: (their own frame: cond() recurses
 * through here up to PF_MAX_DEPTH times) */
static void cond_split(struct pf_run *r, const struct ctl_cond *p,
		       const struct pf_state *in, struct pf_state *t,
		       struct pf_state *f)
{
	struct pf_state lt, lf, rt, rf, at, af;

	switch (p->kind) {
	case CTL_COND_AND:
		cond(r, p->a, in, &lt, &lf);
		cond(r, p->b, &lt, &rt, &rf);
		*t = rt;
		join_into(r, &lf, &rf);
		*f = lf;
		return;
	case CTL_COND_OR:
		cond(r, p->a, in, &lt, &lf);
		cond(r, p->b, &lf, &rt, &rf);
		join_into(r, &lt, &rt);
		*t = lt;
		*f = rf;
		return;
	case CTL_COND_COMMA:
		lt = *in;
		eval(r, p->a, &lt);
		cond(r, p->b, &lt, t, f);
		return;
	default: /* CTL_COND_CHOOSE */
		cond(r, p->sel, in, &lt, &lf);
		cond(r, p->a, &lt, &at, &af);
		cond(r, p->b, &lf, &rt, &rf);
		join_into(r, &at, &rt);
		join_into(r, &af, &rf);
		*t = at;
		*f = af;
		return;
	}
}

static void cond_one(struct pf_run *r, CXCursor e, const struct pf_state *in,
		     struct pf_state *t, struct pf_state *f)
{
	struct ctl_cond p;
	enum CXCursorKind k;
	int slot;

	if (in->dead) {
		state_dead(t);
		state_dead(f);
		return;
	}
	e = cursor_strip(e);
	k = clang_getCursorKind(e);
	switch (ctl_cond(e, is_cond_wrapper, r, &p)) {
	case CTL_COND_CONST:
		*t = *in;
		*f = *in;
		state_dead(p.value ? f : t);
		return;
	case CTL_COND_NOT:
		cond(r, p.a, in, f, t);
		return;
	case CTL_COND_AND:
	case CTL_COND_OR:
	case CTL_COND_COMMA:
	case CTL_COND_CHOOSE:
		cond_split(r, &p, in, t, f);
		return;
	case CTL_COND_SAME:
		cond(r, p.a, in, t, f);
		return;
	case CTL_COND_STMT_EXPR:
		if (cond_stmt_expr(r, e, in, t, f))
			return;
		break;
	case CTL_COND_OTHER:
		break;
	}
	switch (k) {
	case CXCursor_BinaryOperator:
		if (cond_binary(r, e, in, t, f))
			return;
		break;
	case CXCursor_CallExpr:
		if (cond_call(r, e, in, t, f))
			return;
		break;
	case CXCursor_DeclRefExpr:
	case CXCursor_MemberRefExpr:
		slot = pf_slot_of(
			r, e); /* a pointer, or __get_free_pages()'s address */
		if (slot >= 0) {
			cond_slot(r, e, &e, 1, slot, in, t, f, false);
			return;
		}
		if (k == CXCursor_DeclRefExpr &&
		    cond_local_flag(r, e, in, t, f))
			return;
		break;
	default:
		break;
	}
	*t = *in;
	eval(r, e, t);
	*f = *t;
}

/* ---- statements ---- */

static enum ast_match is_label(CXCursor c, void *unused)
{
	enum ctl_stmt_kind k = ctl_stmt_kind(c);

	(void)unused;
	if (k == CTL_STMT_LABEL || k == CTL_STMT_CASE)
		return AST_MATCH;
	return clang_isExpression(clang_getCursorKind(c)) ? AST_SKIP :
							    AST_DESCEND;
}

/* may code inside c be reached by a jump (a label or a case)? */
static bool contains_label(CXCursor c)
{
	return !clang_Cursor_isNull(ast_find(c, false, is_label, NULL));
}

static struct pf_label *label(struct pf_run *r, const char *name)
{
	struct pf_label l = { 0 };

	for (size_t i = 0; i < r->labels.n; i++)
		if (strcmp(r->labels.v[i].name, name) == 0)
			return &r->labels.v[i];
	l.name = xstrdup(name);
	state_dead(&l.st);
	VEC_PUSH(r->labels, l);
	return &r->labels.v[r->labels.n - 1];
}

static void stmt_goto(struct pf_run *r, const struct ctl_stmt *s,
		      struct pf_state *st)
{
	if (!st->dead && s->label) {
		struct pf_label *l = label(r, s->label);

		if (join_into(r, &l->st, st) && l->read)
			r->again = true; /* a backward goto */
	}
	state_dead(st);
}

static void stmt_label(struct pf_run *r, const struct ctl_stmt *s,
		       struct pf_state *st)
{
	struct pf_label *l = label(r, s->label);

	l->read = true;
	join_into(r, st, &l->st);
	if (!clang_Cursor_isNull(s->sub))
		stmt(r, s->sub, st);
}

static void stmt_if(struct pf_run *r, const struct ctl_stmt *s,
		    struct pf_state *st)
{
	struct pf_state t, f;

	cond(r, s->cond, st, &t, &f);
	stmt(r, s->then, &t);
	if (!clang_Cursor_isNull(s->els))
		stmt(r, s->els, &f);
	join_into(r, &t, &f);
	*st = t;
}

struct jumps {
	struct pf_state *brk, *cont;
};

static struct jumps enter_loop(struct pf_run *r, struct pf_state *brk,
			       struct pf_state *cont)
{
	struct jumps saved = { r->brk, r->cont };

	state_dead(brk);
	state_dead(cont);
	r->brk = brk;
	r->cont = cont;
	return saved;
}

static void leave_loop(struct pf_run *r, struct jumps saved)
{
	r->brk = saved.brk;
	r->cont = saved.cont;
}

/* The parts of a loop (ctl_loop()); a null cursor where a clause is
 * absent.  guess: the for's clauses could not be told apart (the first
 * is taken as the init clause, a second as the increment, and the loop
 * may end at the head). */
struct loop_parts {
	CXCursor init, cond, inc, body;
	bool is_do, guess;
};

static void loop_parts(const struct ctl_loop *l, struct loop_parts *lp)
{
	lp->init = l->init;
	lp->cond = l->cond;
	lp->inc = l->inc;
	lp->body = l->body;
	lp->is_do = l->is_do;
	lp->guess = l->clauses_unknown;
	if (l->clauses_unknown) {
		lp->init = l->clause[0];
		if (l->n_clauses == 2)
			lp->inc = l->clause[1];
	}
}

/* One pass of a loop from head: returns the state back at the head in
 * *next and the exit state in *exit. */
static void loop_pass(struct pf_run *r, const struct loop_parts *lp,
		      const struct pf_state *head, struct pf_state *next,
		      struct pf_state *exit)
{
	struct pf_state brk, cont, t, f, s = *head;
	struct jumps saved = enter_loop(r, &brk, &cont);

	if (lp->is_do) {
		stmt(r, lp->body, &s);
		join_into(r, &s, &cont);
		cond(r, lp->cond, &s, &t, &f);
	} else {
		if (clang_Cursor_isNull(lp->cond)) {
			t = s;
			state_dead(&f); /* for (;;): only a break leaves */
			if (lp->guess)
				f = s;
		} else {
			cond(r, lp->cond, &s, &t, &f);
		}
		stmt(r, lp->body, &t);
		join_into(r, &t, &cont);
		if (!clang_Cursor_isNull(lp->inc))
			eval(r, lp->inc, &t);
	}
	leave_loop(r, saved);
	*next = t;
	join_into(r, &f, &brk);
	*exit = f;
}

static void stmt_loop(struct pf_run *r, const struct ctl_loop *l,
		      struct pf_state *st)
{
	struct pf_state head = *st, next, exit;
	struct loop_parts lp;
	bool emit = r->emit;
	long long v;

	loop_parts(l, &lp);
	if (!clang_Cursor_isNull(lp.init) && !lp.guess)
		stmt(r, lp.init, &head); /* the init clause, once */
	else if (lp.guess)
		eval(r, lp.init, &head);
	/* do { } while (0) needs no fixpoint */
	if (!(lp.is_do && ctl_cond_constant(cursor_strip(lp.cond), &v) && !v)) {
		struct pf_state entry = head;

		r->emit = false;
		for (int i = 0; i < LOOP_ITERATIONS; i++) {
			loop_pass(r, &lp, &head, &next, &exit);
			join_into(r, &next, &entry);
			if (state_equal(r, &next, &head))
				break;
			join_into(r, &head, &next);
		}
		r->emit = emit;
	}
	loop_pass(r, &lp, &head, &next, &exit);
	*st = exit;
}

static void stmt_switch(struct pf_run *r, const struct ctl_stmt *s,
			struct pf_state *st)
{
	struct pf_state head, brk, body;
	struct pf_state *osw = r->sw, *obrk = r->brk;
	bool odef = r->sw_default;

	eval(r, s->cond, st);
	head = *st;
	state_dead(&brk);
	state_dead(&body);
	r->sw = &head;
	r->brk = &brk;
	r->sw_default = false;
	stmt(r, s->body, &body);
	join_into(r, &body, &brk);
	if (!r->sw_default)
		join_into(r, &body, &head);
	*st = body;
	r->sw = osw;
	r->brk = obrk;
	r->sw_default = odef;
}

static void stmt_case(struct pf_run *r, const struct ctl_stmt *s,
		      struct pf_state *st)
{
	if (r->sw)
		join_into(r, st, r->sw);
	if (s->is_default)
		r->sw_default = true;
	if (!clang_Cursor_isNull(s->sub))
		stmt(r, s->sub, st);
}

static void stmt_decl(struct pf_run *r, const struct ctl_stmt *s,
		      struct pf_state *st)
{
	const CXCursor *kid = s->kids;

	for (int i = 0; i < s->n_kids; i++) {
		CXCursor init;
		char key[KEY_MAX];
		int slot;

		if (clang_getCursorKind(kid[i]) != CXCursor_VarDecl)
			continue;
		init = la_var_init(kid[i]);
		if (!clang_Cursor_isNull(init))
			eval(r, init, st);
		if (st->dead || !la_var_key(kid[i], key, sizeof(key), NULL, 0))
			continue;
		slot = find_slot(r, key);
		if (slot < 0)
			continue;
		if (clang_Cursor_isNull(init))
			st->v[slot] = (struct pf_val){ PF_K, 0, -1, -1 };
		else
			st->v[slot] = classify(r, init, st, 0);
	}
}

static void stmt_compound(struct pf_run *r, const struct ctl_stmt *s,
			  struct pf_state *st)
{
	for (int i = 0; i < s->n_kids; i++)
		stmt(r, s->kids[i], st);
}

/* ({ ... }): its compound statement */
static void stmt_expr(struct pf_run *r, CXCursor c, struct pf_state *st)
{
	CXCursor *kid;
	int n;

	kid = cursor_children_all(c, &n);
	for (int i = 0; i < n; i++)
		stmt(r, kid[i], st);
	free(kid);
}

static void jump(struct pf_run *r, struct pf_state *target, struct pf_state *st)
{
	if (target)
		join_into(r, target, st);
	state_dead(st);
}

/* The statements a jump can enter (a block, a label, a case) are walked
 * also in a dead state; the others only where they hold such a one. */
static void stmt_parts(struct pf_run *r, CXCursor c, const struct ctl_stmt *s,
		       struct pf_state *st)
{
	switch (s->kind) {
	case CTL_STMT_COMPOUND:
		return stmt_compound(r, s, st);
	case CTL_STMT_LABEL:
		return stmt_label(r, s, st);
	case CTL_STMT_CASE:
		return stmt_case(r, s, st);
	default:
		break;
	}
	if (st->dead && !contains_label(c))
		return;
	switch (s->kind) {
	case CTL_STMT_IF:
		return stmt_if(r, s, st);
	case CTL_STMT_LOOP:
		return stmt_loop(r, &s->loop, st);
	case CTL_STMT_SWITCH:
		return stmt_switch(r, s, st);
	case CTL_STMT_GOTO:
		return stmt_goto(r, s, st);
	case CTL_STMT_INDIRECT_GOTO:
		return state_dead(st);
	case CTL_STMT_BREAK:
		return jump(r, r->brk, st);
	case CTL_STMT_CONTINUE:
		return jump(r, r->cont, st);
	case CTL_STMT_RETURN:
		if (!clang_Cursor_isNull(s->value))
			eval(r, s->value, st);
		return state_dead(st);
	case CTL_STMT_DECL:
		return stmt_decl(r, s, st);
	case CTL_STMT_NULL:
	case CTL_STMT_ASM:
		return;
	default: /* an expression; an if, loop or switch not readable */
		return eval(r, c, st);
	}
}

static void stmt(struct pf_run *r, CXCursor c, struct pf_state *st)
{
	struct ctl_stmt s;

	if (r->pure)
		return; /* refining a condition: no effects */
	if (clang_getCursorKind(c) == CXCursor_StmtExpr)
		return stmt_expr(r, c, st);
	ctl_stmt(c, &s);
	stmt_parts(r, c, &s, st);
	ctl_stmt_free(&s);
}

/* ---- driver ---- */

static void run_free(struct pf_run *r)
{
	for (size_t i = 0; i < r->slots.n; i++) {
		free(r->slots.v[i].key);
		free(r->slots.v[i].disp);
	}
	VEC_FREE(r->slots);
	for (size_t i = 0; i < r->labels.n; i++)
		free(r->labels.v[i].name);
	VEC_FREE(r->labels);
	VEC_FREE(r->var_writes);
}

static void walk(struct pf_run *r, bool emit)
{
	struct pf_state st;

	initial_state(r, &st);
	r->emit = emit;
	r->again = false;
	for (size_t i = 0; i < r->labels.n; i++)
		r->labels.v[i].read = false;
	stmt(r, r->lc->body, &st);
}

void pf_request(struct local_ctx *lc, const struct pf_hooks *h)
{
	if (lc->ptrflow && lc->ptrflow->n < PF_MAX_HOOKS) {
		lc->ptrflow->def[lc->ptrflow->n] = lc->def;
		lc->ptrflow->h[lc->ptrflow->n++] = h;
	}
}

bool pf_run(struct local_ctx *lc, const struct pf_requests *req)
{
	struct pf_run r = { .lc = lc, .req = req };

	clang_visitChildren(lc->body, find_slots, &r);
	if (!r.slots.n) {
		run_free(&r);
		return false;
	}
	for (int pass = 0; pass < FUNCTION_PASSES; pass++) {
		walk(&r, false);
		if (!r.again)
			break;
	}
	walk(&r, true);
	run_free(&r);
	lc->def = NULL;
	return true;
}
