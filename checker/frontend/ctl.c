// SPDX-License-Identifier: GPL-2.0
#include "ctl.h"
#include "ast.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* ---- loops ---- */

static unsigned spelling_offset(CXSourceLocation loc, CXFile *file)
{
	unsigned line, col, off;

	clang_getSpellingLocation(loc, file, &line, &col, &off);
	return off;
}

/* libclang omits absent for-clauses.  Their roles are read from where the
 * present ones are spelled relative to the two semicolons of the header
 * (also inside a macro body: list_for_each_entry()).  Returns false when
 * that cannot be told. */
static bool clauses_by_position(CXCursor c, const CXCursor *kid, int n,
				CXCursor clause[3])
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	CXFile file, kf, bf;
	unsigned start = spelling_offset(clang_getCursorLocation(c), &file),
		 body, semi[2];
	const CXToken *toks;
	unsigned ntoks;
	int depth = 0, nsemi = 0;

	body = spelling_offset(clang_getCursorLocation(kid[n - 1]), &bf);
	if (!file || !bf || !clang_File_isEqual(file, bf) || body <= start)
		return false;
	la_file_tokens(tu, file, start, body, &toks, &ntoks);
	for (unsigned i = 0; i < ntoks && nsemi < 2; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		const char *t = clang_getCString(s);

		if (strcmp(t, "(") == 0)
			depth++;
		else if (strcmp(t, ")") == 0)
			depth--;
		else if (depth == 1 && strcmp(t, ";") == 0)
			semi[nsemi++] = spelling_offset(
				clang_getRangeStart(
					clang_getTokenExtent(tu, toks[i])),
				NULL);
		clang_disposeString(s);
	}
	if (nsemi != 2)
		return false;
	clause[0] = clause[1] = clause[2] = clang_getNullCursor();
	for (int i = 0; i < n - 1; i++) {
		unsigned off =
			spelling_offset(clang_getCursorLocation(kid[i]), &kf);
		int role = off < semi[0] ? 0 : off < semi[1] ? 1 : 2;

		if (!kf || !clang_File_isEqual(file, kf) ||
		    !clang_Cursor_isNull(clause[role]))
			return false;
		clause[role] = kid[i];
	}
	return true;
}

/* Which of the three clauses are written, read from the statement's own
 * tokens: for ( A ; B ; C ).  Works where the header is spelled in one
 * place but the body elsewhere. */
static bool clauses_written(CXCursor c, bool present[3])
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	const CXToken *toks;
	unsigned n, i;
	int depth = 0, clause = 0, tokens = 0;
	bool ok = false;

	la_tokenize(c, &toks, &n);
	present[0] = present[1] = present[2] = false;
	for (i = 0; i < n; i++) {
		CXString sp = clang_getTokenSpelling(tu, toks[i]);
		const char *t = clang_getCString(sp);

		if (i == 0 && strcmp(t, "for") != 0) {
			clang_disposeString(sp);
			break;
		}
		if (strcmp(t, "(") == 0 && depth++ == 0) {
			tokens = 0;
		} else if (strcmp(t, ")") == 0 && --depth == 0) {
			present[clause] = tokens > 0;
			ok = clause == 2;
			clang_disposeString(sp);
			break;
		} else if (depth == 1 && strcmp(t, ";") == 0 && clause < 2) {
			present[clause++] = tokens > 0;
			tokens = 0;
		} else if (depth > 0) {
			tokens++;
		}
		clang_disposeString(sp);
	}
	return ok;
}

/* The roles of the n - 1 children before a for's body: by where they are
 * spelled, else by which clauses the header's tokens show written. */
static bool for_clauses(CXCursor c, const CXCursor *kid, int n,
			CXCursor clause[3])
{
	bool present[3];
	int k = 0;

	if (n == 4) {
		clause[0] = kid[0];
		clause[1] = kid[1];
		clause[2] = kid[2];
		return true;
	}
	clause[0] = clause[1] = clause[2] = clang_getNullCursor();
	if (n == 1)
		return true; /* for (;;) */
	if (clauses_by_position(c, kid, n, clause))
		return true;
	if (!clauses_written(c, present) ||
	    (int)present[0] + (int)present[1] + (int)present[2] != n - 1)
		return false;
	clause[0] = clause[1] = clause[2] = clang_getNullCursor();
	for (int i = 0; i < 3; i++)
		if (present[i])
			clause[i] = kid[k++];
	return true;
}

/* The parts of a WhileStmt, DoStmt or ForStmt; false if c is none or
 * malformed. */
static bool ctl_loop(CXCursor c, struct ctl_loop *lp)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor kid[4], clause[3];
	int n = cursor_children(c, kid, 4);

	memset(lp, 0, sizeof(*lp));
	lp->init = lp->cond = lp->inc = lp->body = clang_getNullCursor();
	for (int i = 0; i < 3; i++)
		lp->clause[i] = clang_getNullCursor();
	switch (k) {
	case CXCursor_WhileStmt:
		if (n != 2)
			return false;
		lp->cond = kid[0];
		lp->body = kid[1];
		return true;
	case CXCursor_DoStmt:
		if (n != 2)
			return false;
		lp->is_do = true;
		lp->body = kid[0];
		lp->cond = kid[1];
		return true;
	case CXCursor_ForStmt:
		if (n < 1 || n > 4)
			return false;
		lp->is_for = true;
		lp->body = kid[n - 1];
		if (!for_clauses(c, kid, n, clause)) {
			lp->clauses_unknown = true;
			lp->n_clauses = n - 1;
			for (int i = 0; i < n - 1; i++)
				lp->clause[i] = kid[i];
			return true;
		}
		lp->init = clause[0];
		lp->cond = clause[1];
		lp->inc = clause[2];
		return true;
	default:
		return false;
	}
}

/* ---- conditions ---- */

bool ctl_cond_constant(CXCursor c, long long *value)
{
	enum CXCursorKind k = clang_getCursorKind(c);

	if (k == CXCursor_IntegerLiteral || k == CXCursor_CharacterLiteral ||
	    k == CXCursor_UnaryOperator) /* -ENOMEM, !IS_ENABLED(...) */
		return la_eval_int(c, value);
	if (k == CXCursor_DeclRefExpr &&
	    clang_getCursorKind(clang_getCursorReferenced(c)) ==
		    CXCursor_EnumConstantDecl)
		return la_eval_int(c, value);
	return false;
}

enum ctl_cond_kind ctl_cond(CXCursor c,
			    bool (*is_wrapper)(void *ctx, const char *name),
			    void *ctx, struct ctl_cond *out)
{
	CXCursor kid[3];
	char op[4];
	bool wrapper;

	memset(out, 0, sizeof(*out));
	out->a = out->b = out->sel = clang_getNullCursor();
	if (ctl_cond_constant(c, &out->value))
		return out->kind = CTL_COND_CONST;
	switch (clang_getCursorKind(c)) {
	case CXCursor_UnaryOperator:
		if (cursor_children(c, kid, 2) != 1)
			break;
		la_op(c, op, sizeof(op));
		if (strcmp(op, "!") != 0)
			break;
		out->a = kid[0];
		return out->kind = CTL_COND_NOT;
	case CXCursor_BinaryOperator:
		if (cursor_children(c, kid, 3) != 2)
			break;
		la_op(c, op, sizeof(op));
		out->a = kid[0];
		out->b = kid[1];
		if (strcmp(op, "&&") == 0)
			return out->kind = CTL_COND_AND;
		if (strcmp(op, "||") == 0)
			return out->kind = CTL_COND_OR;
		if (strcmp(op, ",") == 0)
			return out->kind = CTL_COND_COMMA;
		out->a = out->b = clang_getNullCursor();
		break;
	case CXCursor_ConditionalOperator:
		if (cursor_children(c, kid, 3) != 3)
			break;
		out->sel = kid[0];
		out->a = kid[1];
		out->b = kid[2];
		return out->kind = CTL_COND_CHOOSE;
	case CXCursor_CallExpr: {
		/* likely()/unlikely(): __builtin_expect(!!(x), v) tests x */
		CXString s = clang_getCursorSpelling(c);

		wrapper = is_wrapper(ctx, clang_getCString(s));
		clang_disposeString(s);
		if (!wrapper || clang_Cursor_getNumArguments(c) < 1)
			break;
		out->a = clang_Cursor_getArgument(c, 0);
		return out->kind = CTL_COND_SAME;
	}
	case CXCursor_GenericSelectionExpr:
		/* only the selected association is evaluated */
		out->a = la_generic_selected(c);
		if (clang_Cursor_isNull(out->a))
			break;
		return out->kind = CTL_COND_SAME;
	case CXCursor_StmtExpr:
		return out->kind = CTL_COND_STMT_EXPR;
	default:
		break;
	}
	return out->kind = CTL_COND_OTHER;
}

/* ---- statement expressions ---- */

bool ctl_stmt_expr(CXCursor c, CXCursor **stmts, int *n)
{
	CXCursor cs[1], *kid;
	int nk;

	if (cursor_children(c, cs, 1) != 1 ||
	    clang_getCursorKind(cs[0]) != CXCursor_CompoundStmt)
		return false;
	nk = cursor_children(cs[0], NULL, 0);
	if (nk == 0)
		return false;
	kid = xmalloc(sizeof(CXCursor) * (size_t)nk);
	cursor_children(cs[0], kid, nk);
	if (!clang_isExpression(clang_getCursorKind(kid[nk - 1]))) {
		free(kid);
		return false;
	}
	*stmts = kid;
	*n = nk;
	return true;
}

CXCursor ctl_stmt_expr_last(CXCursor e)
{
	CXCursor *stmts, last;
	int n;

	e = cursor_strip(e);
	if (clang_getCursorKind(e) != CXCursor_StmtExpr ||
	    !ctl_stmt_expr(e, &stmts, &n))
		return clang_getNullCursor();
	last = stmts[n - 1];
	free(stmts);
	return last;
}

/* A variable declared by one of the statements of a compound statement? */
static bool declared_in(CXCursor compound, CXCursor var)
{
	struct ctl_stmt block, decl;
	bool found = false;

	ctl_stmt(compound, &block);
	for (int i = 0; i < block.n_kids && !found; i++) {
		if (ctl_stmt_kind(block.kids[i]) != CTL_STMT_DECL)
			continue;
		ctl_stmt(block.kids[i], &decl);
		for (int k = 0; k < decl.n_kids && !found; k++)
			found = clang_equalCursors(decl.kids[k], var);
		ctl_stmt_free(&decl);
	}
	ctl_stmt_free(&block);
	return found;
}

/* Not "the last expression child": typeof(expr) in the declared type is
 * a child too (alloc_hooks()' typeof(_do_alloc) _res = _do_alloc). */
CXCursor ctl_stmt_expr_value(CXCursor e)
{
	CXCursor cs[1], last = cursor_strip(ctl_stmt_expr_last(e)), ref, init;

	if (clang_getCursorKind(last) != CXCursor_DeclRefExpr)
		return last;
	cursor_children(cursor_strip(e), cs, 1);
	ref = clang_getCursorReferenced(last);
	if (clang_getCursorKind(ref) != CXCursor_VarDecl ||
	    !declared_in(cs[0], ref))
		return last;
	init = la_var_init(ref);
	return clang_Cursor_isNull(init) ? last : cursor_strip(init);
}

CXCursor ctl_value_expr(CXCursor e)
{
	e = cursor_strip(e);
	for (int depth = 0;
	     depth < 4 && clang_getCursorKind(e) == CXCursor_StmtExpr; depth++)
		e = cursor_strip(ctl_stmt_expr_value(e));
	return e;
}

/* ---- statements ---- */

CXCursor ctl_function_body(CXCursor fn)
{
	int n;
	CXCursor *all = cursor_children_all(fn, &n);
	CXCursor body = n > 0 ? all[n - 1] : clang_getNullCursor();

	free(all);
	return n > 0 && ctl_stmt_kind(body) == CTL_STMT_COMPOUND ?
		       body :
		       clang_getNullCursor();
}

enum ctl_stmt_kind ctl_stmt_kind(CXCursor c)
{
	switch (clang_getCursorKind(c)) {
	case CXCursor_CompoundStmt:
		return CTL_STMT_COMPOUND;
	case CXCursor_DeclStmt:
		return CTL_STMT_DECL;
	case CXCursor_IfStmt:
		return CTL_STMT_IF;
	case CXCursor_WhileStmt:
	case CXCursor_DoStmt:
	case CXCursor_ForStmt:
		return CTL_STMT_LOOP;
	case CXCursor_SwitchStmt:
		return CTL_STMT_SWITCH;
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		return CTL_STMT_CASE;
	case CXCursor_LabelStmt:
		return CTL_STMT_LABEL;
	case CXCursor_GotoStmt:
		return CTL_STMT_GOTO;
	case CXCursor_IndirectGotoStmt:
		return CTL_STMT_INDIRECT_GOTO;
	case CXCursor_BreakStmt:
		return CTL_STMT_BREAK;
	case CXCursor_ContinueStmt:
		return CTL_STMT_CONTINUE;
	case CXCursor_ReturnStmt:
		return CTL_STMT_RETURN;
	case CXCursor_NullStmt:
		return CTL_STMT_NULL;
	case CXCursor_AsmStmt:
		return CTL_STMT_ASM;
	default:
		return CTL_STMT_EXPR;
	}
}

/* The statement a case, default or label marks is its last child (a
 * case's value, and a case range's high end, come first). */
static CXCursor last_child(CXCursor c, CXCursor *first)
{
	int n;
	CXCursor *kid = cursor_children_all(c, &n),
		 last = clang_getNullCursor();

	*first = clang_getNullCursor();
	if (n > 0) {
		last = kid[n - 1];
		*first = kid[0];
	}
	free(kid);
	return last;
}

bool ctl_stmt(CXCursor c, struct ctl_stmt *out)
{
	CXCursor kid[3], first;
	int n;

	memset(out, 0, sizeof(*out));
	out->cond = out->then = out->els = clang_getNullCursor();
	out->body = out->value = out->sub = clang_getNullCursor();
	out->kind = ctl_stmt_kind(c);
	switch (out->kind) {
	case CTL_STMT_COMPOUND:
	case CTL_STMT_DECL:
		out->kids = cursor_children_all(c, &out->n_kids);
		break;
	case CTL_STMT_IF:
		n = cursor_children(c, kid, 3);
		if (n < 2)
			goto as_expression;
		out->cond = kid[0];
		out->then = kid[1];
		if (n >= 3)
			out->els = kid[2];
		break;
	case CTL_STMT_LOOP:
		if (!ctl_loop(c, &out->loop))
			goto as_expression;
		break;
	case CTL_STMT_SWITCH:
		if (cursor_children(c, kid, 2) != 2)
			goto as_expression;
		out->cond = kid[0];
		out->body = kid[1];
		break;
	case CTL_STMT_CASE:
		out->is_default = clang_getCursorKind(c) ==
				  CXCursor_DefaultStmt;
		out->sub = last_child(c, &first);
		if (!out->is_default && !clang_equalCursors(first, out->sub))
			out->value = first;
		break;
	case CTL_STMT_LABEL:
		out->label = la_spelling(c);
		out->sub = last_child(c, &first);
		break;
	case CTL_STMT_GOTO:
		if (cursor_children(c, kid, 1) == 1)
			out->label = la_spelling(kid[0]); /* its LabelRef */
		break;
	case CTL_STMT_RETURN:
		if (cursor_children(c, kid, 1) >= 1)
			out->value = kid[0];
		break;
	default:
		break;
	}
	return true;
as_expression:
	out->kind = CTL_STMT_EXPR;
	return false;
}

int ctl_choice(CXCursor c, CXCursor part[3])
{
	struct ctl_stmt s;
	int n;

	if (clang_getCursorKind(c) == CXCursor_ConditionalOperator) {
		n = cursor_children(c, part, 3);
		return n < 2 || n > 3 ? 0 : n;
	}
	if (ctl_stmt_kind(c) != CTL_STMT_IF || !ctl_stmt(c, &s))
		return 0; /* an if owns nothing to free */
	part[0] = s.cond;
	part[1] = s.then;
	part[2] = s.els;
	return clang_Cursor_isNull(s.els) ? 2 : 3;
}

/* Is `child` the condition of `up`: of an if, a loop or a ?: */
static bool condition_of(CXCursor up, CXCursor child)
{
	struct ctl_stmt st;
	CXCursor part[3];
	bool yes;

	child = cursor_strip(child);
	if (ctl_choice(up, part) >= 2)
		return same_node(cursor_strip(part[0]), child);
	if (ctl_stmt_kind(up) != CTL_STMT_LOOP || !ctl_stmt(up, &st))
		return false;
	yes = !clang_Cursor_isNull(st.loop.cond) &&
	      same_node(cursor_strip(st.loop.cond), child);
	ctl_stmt_free(&st);
	return yes;
}

static bool first_child_is(CXCursor parent, CXCursor child)
{
	CXCursor kid[1];

	return cursor_children(parent, kid, 1) >= 1 && same_node(kid[0], child);
}

/* A node that passes its operand's value on as it is: a parenthesis, a
 * cast (libclang shows implicit ones, and a designated initialiser's
 * element, as unexposed) */
static bool transparent(CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);

	return k == CXCursor_ParenExpr || k == CXCursor_UnexposedExpr ||
	       k == CXCursor_CStyleCastExpr;
}

/*
 * A binary operator whose operand `child` is a pointer and whose value is
 * an integer, where la_op() could not read the operator: the token before
 * the right operand is the `,` of a macro's argument list when that
 * operand came through two macro levels (INDIRECT_CALL_1()'s
 * `likely(f == f1)`).  An operator that takes a pointer and gives an
 * integer compares it (==, !=, <, ..., && and ||): `-` of two pointers
 * also does, but of two functions it is no C.  A cast to an integer
 * (`(unsigned long)fn | 1`) is the child here, an integer itself.
 */
static bool compares_pointer(CXCursor node, CXCursor child)
{
	enum CXTypeKind result =
		clang_getCanonicalType(clang_getCursorType(node)).kind;

	return clang_getCanonicalType(clang_getCursorType(child)).kind ==
		       CXType_Pointer &&
	       result >= CXType_Bool && result <= CXType_Int128;
}

enum ctl_use ctl_use_of(const CXCursor *path, size_t n, size_t *up)
{
	CXCursor child = path[n - 1], node;
	enum ctl_use use = CTL_USE_OTHER;
	char op[4];
	size_t i;

	for (i = n - 1; i-- > 0; child = node) {
		node = path[i];
		if (transparent(node))
			continue;
		switch (clang_getCursorKind(node)) {
		case CXCursor_CallExpr:
			use = first_child_is(node, child) ? CTL_USE_CALLED :
							    CTL_USE_ARGUMENT;
			break;
		case CXCursor_UnaryOperator:
			la_op(node, op, sizeof(op));
			if (strcmp(op, "*") == 0)
				continue; /* (*fp)(x): the function itself */
			use = strcmp(op, "!") == 0 ? CTL_USE_TEST :
			      strcmp(op, "&") == 0 ? CTL_USE_ADDRESS :
						     CTL_USE_OTHER;
			break;
		case CXCursor_BinaryOperator:
			la_op(node, op, sizeof(op));
			if (strcmp(op, "=") == 0)
				use = first_child_is(node, child) ?
					      CTL_USE_ASSIGNED :
					      CTL_USE_STORED;
			else if (strcmp(op, "&&") == 0 ||
				 strcmp(op, "||") == 0 ||
				 strcmp(op, "==") == 0 ||
				 strcmp(op, "!=") == 0 ||
				 compares_pointer(node, child))
				use = CTL_USE_TEST;
			break;
		case CXCursor_InitListExpr:
		case CXCursor_VarDecl:
			use = CTL_USE_STORED;
			break;
		case CXCursor_ConditionalOperator:
			use = condition_of(node, child) ? CTL_USE_TEST :
							  CTL_USE_CHOSEN;
			break;
		case CXCursor_UnaryExpr: /* sizeof, alignof */
			use = CTL_USE_UNEVALUATED;
			break;
		default:
			if (ctl_stmt_kind(node) == CTL_STMT_RETURN)
				use = CTL_USE_STORED;
			else if (condition_of(node, child))
				use = CTL_USE_TEST;
			break;
		}
		break;
	}
	if (up)
		*up = i < n ? i : 0; /* nothing decided: the root */
	return use;
}

void ctl_stmt_free(struct ctl_stmt *s)
{
	free(s->kids);
	free(s->label);
	s->kids = NULL;
	s->label = NULL;
	s->n_kids = 0;
}
