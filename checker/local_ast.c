// SPDX-License-Identifier: GPL-2.0
#include "local_ast.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *take(CXString s)
{
	const char *c = clang_getCString(s);
	char *r = xstrdup(c ? c : "");

	clang_disposeString(s);
	return r;
}

char *la_spelling(CXCursor c)
{
	return take(clang_getCursorSpelling(c));
}

char *la_pretty(CXCursor c)
{
	CXPrintingPolicy pol = clang_getCursorPrintingPolicy(c);
	char *s = take(clang_getCursorPrettyPrinted(c, pol));

	clang_PrintingPolicy_dispose(pol);
	return s;
}

unsigned la_line(CXCursor c)
{
	CXFile file;
	unsigned line, col, off;

	clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, &col, &off);
	return line;
}

bool la_is_gfp_type(CXType t)
{
	char *s;
	bool yes;

	if (t.kind != CXType_Typedef && t.kind != CXType_Elaborated)
		return false;
	s = take(clang_getTypeSpelling(t));
	yes = strcmp(s, "gfp_t") == 0;
	free(s);
	if (!yes && t.kind == CXType_Typedef) {
		s = take(clang_getTypedefName(t));
		yes = strcmp(s, "gfp_t") == 0;
		free(s);
	}
	return yes;
}

bool la_is_pointer(CXCursor e)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(e));

	return t.kind == CXType_Pointer;
}

void la_op(CXCursor c, char *op, size_t size)
{
	cursor_operator(c, op, size);
}

static enum CXChildVisitResult find_call(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CallExpr) {
		*(bool *)data = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

bool la_eval_int(CXCursor c, long long *v)
{
	CXEvalResult r;
	bool calls = false, ok = false;
	enum CXCursorKind k;

	c = cursor_strip(c);
	k = clang_getCursorKind(c);
	if (!clang_isExpression(k) || k == CXCursor_CallExpr || k == CXCursor_StmtExpr)
		return false;
	clang_visitChildren(c, find_call, &calls);
	if (calls)
		return false;
	r = clang_Cursor_Evaluate(c);
	if (r && clang_EvalResult_getKind(r) == CXEval_Int) {
		*v = clang_EvalResult_getAsLongLong(r);
		ok = true;
	}
	if (r)
		clang_EvalResult_dispose(r);
	return ok;
}

bool la_is_null_const(CXCursor c)
{
	long long v;

	c = cursor_strip(c);
	if (clang_getCursorKind(c) != CXCursor_IntegerLiteral &&
	    clang_getCursorKind(c) != CXCursor_CStyleCastExpr)
		return false;
	return la_eval_int(c, &v) && v == 0;
}

CXCursor la_arg(CXCursor call, int idx)
{
	if (idx < 0 || idx >= clang_Cursor_getNumArguments(call))
		return clang_getNullCursor();
	return cursor_strip(clang_Cursor_getArgument(call, idx));
}

static CXCursor var_init(CXCursor var)
{
	CXCursor kid[4];
	int n = cursor_children(var, kid, 4);

	for (int i = n < 4 ? n - 1 : 3; i >= 0; i--)
		if (clang_isExpression(clang_getCursorKind(kid[i])))
			return kid[i];
	return clang_getNullCursor();
}

CXCursor la_macro_temp(CXCursor c)
{
	CXCursor ref, init;
	char *name;
	bool temp;

	c = cursor_strip(c);
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return c;
	ref = clang_getCursorReferenced(c);
	if (clang_getCursorKind(ref) != CXCursor_VarDecl)
		return c;
	name = la_spelling(ref);
	temp = strncmp(name, "__", 2) == 0;
	free(name);
	if (!temp)
		return c;
	init = var_init(ref);
	return clang_Cursor_isNull(init) ? c : cursor_strip(init);
}

bool la_same_expr(CXCursor a, CXCursor b)
{
	long long x, y;
	char *pa, *pb;
	bool same;

	a = cursor_strip(a);
	b = cursor_strip(b);
	if (la_eval_int(a, &x) && la_eval_int(b, &y))
		return x == y;
	pa = la_pretty(a);
	pb = la_pretty(b);
	same = *pa && strcmp(pa, pb) == 0;
	free(pa);
	free(pb);
	return same;
}

int la_call_index(const struct local_ctx *lc, CXCursor call)
{
	for (size_t i = 0; i < lc->ff->calls.n; i++)
		if (clang_equalCursors(lc->call_cursors[i], call))
			return (int)i;
	return -1;
}

const struct alloc_rule *la_alloc_rule(const struct local_ctx *lc, int idx)
{
	const struct call_fact *cf;

	if (idx < 0 || (size_t)idx >= lc->ff->calls.n)
		return NULL;
	cf = &lc->ff->calls.v[idx];
	if (!cf->is_alloc || !cf->callee)
		return NULL;
	return rules_alloc(lc->rules, cf->callee);
}

struct local_finding *la_emit_call(struct local_ctx *lc, const char *rule, int idx,
				   const char *fmt, ...)
{
	const struct call_fact *cf = &lc->ff->calls.v[idx];
	struct local_finding *lf;
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	lf = local_emit(lc, rule, lc->call_cursors[idx], "%s", msg);
	free(msg);
	if (cf->is_alloc && cf->flags.text)
		lf->flags = xstrdup(cf->flags.text);
	return lf;
}

static unsigned decl_offset(CXCursor decl)
{
	CXFile file;
	unsigned line, col, off;

	clang_getExpansionLocation(clang_getCursorLocation(decl), &file, &line, &col, &off);
	return off;
}

static bool key_rec(CXCursor e, struct strbuf *key, struct strbuf *disp, int depth)
{
	enum CXCursorKind k;
	CXCursor kid[2], ref;
	char *name;
	bool ok;

	if (depth > 6)
		return false;
	e = cursor_strip(e);
	k = clang_getCursorKind(e);
	if (k == CXCursor_DeclRefExpr) {
		ref = clang_getCursorReferenced(e);
		if (clang_getCursorKind(ref) != CXCursor_VarDecl &&
		    clang_getCursorKind(ref) != CXCursor_ParmDecl)
			return false;
		name = la_spelling(ref);
		sb_addf(key, "%s@%u", name, decl_offset(ref));
		sb_add(disp, name);
		free(name);
		return true;
	}
	if (k != CXCursor_MemberRefExpr || cursor_children(e, kid, 2) != 1)
		return false;
	ok = key_rec(kid[0], key, disp, depth + 1);
	if (!ok)
		return false;
	name = la_spelling(e);
	sb_addf(key, "%s%s", la_is_pointer(cursor_strip(kid[0])) ? "->" : ".", name);
	sb_addf(disp, "%s%s", la_is_pointer(cursor_strip(kid[0])) ? "->" : ".", name);
	free(name);
	return true;
}

bool la_key(CXCursor e, char *key, size_t ksize, char *disp, size_t dsize)
{
	struct strbuf k = { 0 }, d = { 0 };
	bool ok = key_rec(e, &k, &d, 0) && k.len < ksize && d.len < dsize;

	if (ok) {
		memcpy(key, k.s, k.len + 1);
		memcpy(disp, d.s, d.len + 1);
	}
	sb_free(&k);
	sb_free(&d);
	return ok;
}

struct param_scan {
	CXCursor fn;
	unsigned mask;
	bool found;
};

static enum CXChildVisitResult scan_param(CXCursor c, CXCursor parent, CXClientData data)
{
	struct param_scan *s = data;
	CXCursor ref;
	int n;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return CXChildVisit_Recurse;
	ref = clang_getCursorReferenced(c);
	if (clang_getCursorKind(ref) != CXCursor_ParmDecl)
		return CXChildVisit_Continue;
	n = clang_Cursor_getNumArguments(s->fn);
	for (int i = 0; i < n && i < 32; i++) {
		if ((s->mask & (1u << i)) && clang_equalCursors(clang_Cursor_getArgument(s->fn, i), ref)) {
			s->found = true;
			return CXChildVisit_Break;
		}
	}
	return CXChildVisit_Continue;
}

bool la_refs_param(CXCursor fn, CXCursor e, unsigned param_mask)
{
	struct param_scan s = { fn, param_mask, false };

	if (scan_param(e, e, &s) == CXChildVisit_Recurse)
		clang_visitChildren(e, scan_param, &s);
	return s.found;
}

bool la_gfp_any_has(const struct gfp_expr *e, uint64_t bits)
{
	if (!bits)
		return false;
	for (int i = 0; i < e->n; i++)
		if (e->alt[i].or_bits & bits)
			return true;
	return false;
}
