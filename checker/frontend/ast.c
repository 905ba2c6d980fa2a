// SPDX-License-Identifier: GPL-2.0
#include "ast.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cx_take(CXString s)
{
	const char *c = clang_getCString(s);
	char *r = xstrdup(c ? c : "");

	clang_disposeString(s);
	return r;
}

char *la_spelling(CXCursor c)
{
	return cx_take(clang_getCursorSpelling(c));
}

char *la_pretty(CXCursor c)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	struct strbuf sb = { 0 };
	const CXToken *toks = NULL;
	unsigned n = 0;

	/* libclang 14 pretty-prints declarations only: join the tokens */
	la_tokenize(c, &toks, &n);
	for (unsigned i = 0; i < n && sb.len < 400; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		const char *t = clang_getCString(s);
		char prev = sb.len ? sb.s[sb.len - 1] : '(';

		if ((isalnum((unsigned char)prev) || prev == '_') &&
		    (isalnum((unsigned char)t[0]) || t[0] == '_'))
			sb_add(&sb, " ");
		sb_add(&sb, t);
		clang_disposeString(s);
	}
	return sb.len ? sb_take(&sb) : xstrdup("");
}

/* ---- tokens ----
 *
 * Each file's tokens are lexed once per translation unit and kept, with
 * their offsets, for the thread that analyses it.  Re-lexing a window for
 * each question went through clang_getLocationForOffset(), whose
 * SourceManager::translateFile() scans the TU's source-location table
 * entry by entry for a header's first inclusion: on 6.12's headers, where
 * every allocation call is a macro expansion, that scan was a third of
 * extraction. */

struct file_tokens {
	CXFile file;
	CXToken *toks;
	unsigned *offs; /* each token's spelling offset, ascending */
	unsigned *ends; /* and the offset just past it */
	unsigned n;
};

static _Thread_local struct {
	CXTranslationUnit tu;
	VEC(struct file_tokens) files;
	size_t last; /* the file asked for last: most questions repeat it */
} token_cache;

static void forget_tokens(void)
{
	for (size_t i = 0; i < token_cache.files.n; i++) {
		struct file_tokens *f = &token_cache.files.v[i];

		if (f->toks)
			clang_disposeTokens(token_cache.tu, f->toks, f->n);
		free(f->offs);
		free(f->ends);
	}
	VEC_FREE(token_cache.files);
	memset(&token_cache, 0, sizeof(token_cache));
}

void la_dispose_tu(CXTranslationUnit tu)
{
	if (token_cache.tu == tu)
		forget_tokens();
	clang_disposeTranslationUnit(tu);
}

static const struct file_tokens *file_tokens(CXTranslationUnit tu, CXFile file)
{
	struct file_tokens *f, fresh = { .file = file };
	size_t size = 0;

	if (token_cache.tu != tu)
		forget_tokens();
	token_cache.tu = tu;
	if (token_cache.last < token_cache.files.n &&
	    token_cache.files.v[token_cache.last].file == file)
		return &token_cache.files.v[token_cache.last];
	for (size_t i = 0; i < token_cache.files.n; i++)
		if (clang_File_isEqual(token_cache.files.v[i].file, file)) {
			token_cache.last = i;
			return &token_cache.files.v[i];
		}
	VEC_PUSH(token_cache.files, fresh);
	token_cache.last = token_cache.files.n - 1;
	f = &token_cache.files.v[token_cache.last];
	if (!clang_getFileContents(tu, file, &size))
		return f;
	clang_tokenize(tu,
		       clang_getRange(clang_getLocationForOffset(tu, file, 0),
				      clang_getLocationForOffset(
					      tu, file, (unsigned)size)),
		       &f->toks, &f->n);
	f->offs = xcalloc(f->n ? f->n : 1, sizeof(*f->offs));
	f->ends = xcalloc(f->n ? f->n : 1, sizeof(*f->ends));
	for (unsigned i = 0; i < f->n; i++) {
		CXSourceRange r = clang_getTokenExtent(tu, f->toks[i]);
		CXFile tf;
		unsigned line, col;

		clang_getSpellingLocation(clang_getRangeStart(r), &tf, &line,
					  &col, &f->offs[i]);
		clang_getSpellingLocation(clang_getRangeEnd(r), &tf, &line,
					  &col, &f->ends[i]);
	}
	return f;
}

/* The index of the first token at offset `off` or after it */
static unsigned first_at(const struct file_tokens *f, unsigned off)
{
	unsigned lo = 0, hi = f->n;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (f->offs[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void la_file_tokens(CXTranslationUnit tu, CXFile file, unsigned from,
		    unsigned to, const CXToken **toks, unsigned *n)
{
	const struct file_tokens *f = file_tokens(tu, file);
	unsigned a = first_at(f, from), b = first_at(f, to);

	/* as clang_tokenize() reads a range: the first token always, then
	 * the next while the last one ended before `to` (so a range that ends
	 * where a macro is invoked, as a cursor's from a macro body does,
	 * keeps the macro's name) */
	if (b < f->n && (b == a || f->ends[b - 1] < to))
		b++;

	*toks = a < b ? f->toks + a : NULL;
	*n = a < b ? b - a : 0;
}

bool la_written_as_name(CXCursor c)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	const CXToken *toks;
	CXFile file;
	unsigned line, col, off, n;

	clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line,
				   &col, &off);
	if (!file)
		return false;
	la_file_tokens(tu, file, off, off + 1, &toks, &n);
	return n > 0 && clang_getTokenKind(toks[0]) == CXToken_Identifier;
}

void la_tokenize(CXCursor c, const CXToken **toks, unsigned *n)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	CXSourceRange r = clang_getCursorExtent(c);
	CXFile fa, fb;
	unsigned line, col, oa, ob;

	/* clang_getSpellingLocation() is SourceManager::getFileLoc(): a macro
	 * argument's own text, and for a macro's body, its invocation */
	*toks = NULL;
	*n = 0;
	clang_getSpellingLocation(clang_getRangeStart(r), &fa, &line, &col,
				  &oa);
	clang_getSpellingLocation(clang_getRangeEnd(r), &fb, &line, &col, &ob);
	if (!fa || !fb || !clang_File_isEqual(fa, fb) || oa > ob)
		return;
	la_file_tokens(tu, fa, oa, ob, toks, n);
}

unsigned la_line(CXCursor c)
{
	CXFile file;
	unsigned line, col, off;

	clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line,
				   &col, &off);
	return line;
}

bool la_is_pointer(CXCursor e)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(e));

	return t.kind == CXType_Pointer;
}

/* 1 for a signed integer type, 0 for an unsigned one (a character type
 * as the target has it), -1 for any other type */
int la_integer_signed(CXType t)
{
	switch (clang_getCanonicalType(t).kind) {
	case CXType_Char_S:
	case CXType_SChar:
	case CXType_Short:
	case CXType_Int:
	case CXType_Long:
	case CXType_LongLong:
		return 1;
	case CXType_Char_U:
	case CXType_UChar:
	case CXType_UShort:
	case CXType_UInt:
	case CXType_ULong:
	case CXType_ULongLong:
		return 0;
	default:
		return -1;
	}
}

/* The first token spelled at loc (inside a macro's body too): its spelling
 * file, line and offset.  False if there is none. */
static bool spelled_at(CXTranslationUnit tu, CXSourceLocation loc, CXFile *file,
		       unsigned *line, unsigned *off, char *text, size_t size,
		       enum CXTokenKind *kind)
{
	CXToken *t = NULL;
	unsigned n = 0, col;

	/* libclang tokenizes where a location is spelled, so the tokens of a
	 * one-location range start with the token written there */
	clang_tokenize(tu, clang_getRange(loc, loc), &t, &n);
	if (!n)
		return false;
	clang_getSpellingLocation(clang_getTokenLocation(tu, t[0]), file, line,
				  &col, off);
	if (text) {
		CXString s = clang_getTokenSpelling(tu, t[0]);

		snprintf(text, size, "%s", clang_getCString(s));
		clang_disposeString(s);
	}
	if (kind)
		*kind = clang_getTokenKind(t[0]);
	clang_disposeTokens(tu, t, n);
	return *file != NULL;
}

/* The first token of toks[from], toks[from + step], ... that is not a
 * comment and, walking backwards, not at offset `limit` or beyond, copied to op
 * if it is punctuation. */
static bool first_punct(CXTranslationUnit tu, const CXToken *toks, unsigned n,
			int from, int step, unsigned limit, char *op,
			size_t size)
{
	for (int i = from; i >= 0 && i < (int)n; i += step) {
		CXFile f;
		unsigned l, c, o;
		CXString s;

		clang_getSpellingLocation(clang_getTokenLocation(tu, toks[i]),
					  &f, &l, &c, &o);
		if ((step < 0 && o >= limit) ||
		    clang_getTokenKind(toks[i]) == CXToken_Comment)
			continue;
		if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
			return false;
		s = clang_getTokenSpelling(tu, toks[i]);
		snprintf(op, size, "%s", clang_getCString(s));
		clang_disposeString(s);
		return true;
	}
	return false;
}

/* The punctuation token written just before the token spelled at loc:
 * the operator of `lhs OP rhs` is the token before rhs, wherever the
 * operands come from (pos = list_first_entry(...) in list_for_each_entry(),
 * where pos is the caller's text and the rest the macro's). */
static bool token_before(CXTranslationUnit tu, CXSourceLocation loc, char *op,
			 size_t size)
{
	const CXToken *toks;
	CXFile file;
	unsigned line, off, n;

	if (!spelled_at(tu, loc, &file, &line, &off, NULL, 0, NULL))
		return false;
	la_file_tokens(tu, file, 0, off, &toks, &n);
	return first_punct(tu, toks, n, (int)n - 1, -1, off, op, size);
}

void tokens_from(CXTranslationUnit tu, CXFile file, unsigned off,
		 unsigned window, const CXToken **toks, unsigned *n)
{
	la_file_tokens(tu, file, off, off + window, toks, n);
}

/* The punctuation token written just after the token spelled at loc */
static bool token_after(CXTranslationUnit tu, CXSourceLocation loc, char *op,
			size_t size)
{
	const CXToken *toks;
	CXFile file;
	unsigned line, off, n;

	if (!spelled_at(tu, loc, &file, &line, &off, NULL, 0, NULL))
		return false;
	tokens_from(tu, file, off, 128, &toks, &n);
	return first_punct(tu, toks, n, 1, 1, 0, op, size);
}

/* The punctuation token after the parenthesised group that starts at loc:
 * `(flags) | __GFP_ZERO` in kcalloc()'s macro body, whose operands are a
 * macro argument and another macro. */
static bool token_after_group(CXTranslationUnit tu, CXSourceLocation loc,
			      char *op, size_t size)
{
	CXFile file;
	unsigned line, off, n = 0;
	const CXToken *toks = NULL;
	int depth = 0;
	bool ok = false;

	if (!spelled_at(tu, loc, &file, &line, &off, NULL, 0, NULL))
		return false;
	tokens_from(tu, file, off, 256, &toks, &n);
	for (unsigned i = 0; i < n; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		const char *t = clang_getCString(s);

		if (i == 0 && strcmp(t, "(") != 0) {
			clang_disposeString(s);
			break;
		}
		depth += strcmp(t, "(") == 0;
		depth -= strcmp(t, ")") == 0;
		clang_disposeString(s);
		if (depth == 0) {
			ok = first_punct(tu, toks, n, (int)i + 1, 1, 0, op,
					 size);
			break;
		}
	}
	return ok;
}

/* A one-token left operand that is not a macro's argument: the operator is
 * the token after it, in the same text (tbl == NULL inside a macro's body,
 * where NULL starts another macro) */
static bool plain_name(CXCursor lhs)
{
	CXSourceLocation loc;
	CXFile fa, ff;
	unsigned line, col, oa, of;

	lhs = cursor_strip(lhs);
	if (clang_getCursorKind(lhs) != CXCursor_DeclRefExpr)
		return false;
	loc = clang_getRangeStart(clang_getCursorExtent(lhs));
	/* a macro argument's file location is where the argument is written,
	 * not where the macro is expanded */
	clang_getExpansionLocation(loc, &fa, &line, &col, &oa);
	clang_getSpellingLocation(loc, &ff, &line, &col, &of);
	return fa && ff && clang_File_isEqual(fa, ff) && oa == of;
}

static bool lvalue(CXCursor e)
{
	switch (clang_getCursorKind(cursor_strip(e))) {
	case CXCursor_DeclRefExpr:
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
	case CXCursor_UnaryOperator:
		return true;
	default:
		return false;
	}
}

static bool binary_op(const char *op)
{
	static const char *const ops[] = {
		"=",  "+=",  "-=",  "*=", "/=", "%=", "&=", "|=",
		"^=", "<<=", ">>=", "==", "!=", "<",  ">",  "<=",
		">=", "&&",  "||",  "+",  "-",	"*",  "/",  "%",
		"&",  "|",   "^",   "<<", ">>", ",",  NULL,
	};

	for (int i = 0; ops[i]; i++)
		if (strcmp(ops[i], op) == 0)
			return true;
	return false;
}

/* A UnaryOperator written after its operand: C's only postfix operators
 * are ++ and --, so this is an increment or decrement (no tokens read) */
static bool la_is_postfix(CXCursor c)
{
	CXCursor kid[1];

	return clang_getCursorKind(c) == CXCursor_UnaryOperator &&
	       cursor_children(c, kid, 1) == 1 &&
	       clang_equalLocations(
		       clang_getRangeStart(clang_getCursorExtent(c)),
		       clang_getRangeStart(clang_getCursorExtent(kid[0])));
}

/* An assignment, increment or decrement (or, with address_of, `&x`)
 * whose first operand, stripped, is an expression of kind `kind` (a
 * DeclRefExpr: of a variable; checked before the operator's tokens are
 * read, which makes the common case cheap) */
static bool writes_lvalue(CXCursor c, bool address_of, enum CXCursorKind kind,
			  CXCursor *target)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor kid[2];
	char op[4];

	if ((k != CXCursor_BinaryOperator &&
	     k != CXCursor_CompoundAssignOperator &&
	     k != CXCursor_UnaryOperator) ||
	    cursor_children(c, kid, 2) < 1)
		return false;
	*target = cursor_strip(kid[0]);
	if (clang_getCursorKind(*target) != kind)
		return false;
	if (kind == CXCursor_DeclRefExpr) {
		enum CXCursorKind tk =
			clang_getCursorKind(clang_getCursorReferenced(*target));

		if (tk != CXCursor_ParmDecl && tk != CXCursor_VarDecl)
			return false;
	}
	if (k == CXCursor_CompoundAssignOperator)
		return true;
	if (k == CXCursor_UnaryOperator && la_is_postfix(c))
		return true;
	/* an assignment has its left operand's type: a comparison of
	 * pointers, or arithmetic on a promoted char, is no assignment */
	if (k == CXCursor_BinaryOperator &&
	    clang_getCanonicalType(clang_getCursorType(c)).kind !=
		    clang_getCanonicalType(clang_getCursorType(*target)).kind)
		return false;
	la_op(c, op, sizeof(op));
	if (k == CXCursor_UnaryOperator)
		return strcmp(op, "++") == 0 || strcmp(op, "--") == 0 ||
		       (address_of && strcmp(op, "&") == 0);
	return strcmp(op, "=") == 0;
}

bool la_writes_var(CXCursor c, bool address_of, CXCursor *target)
{
	return writes_lvalue(c, address_of, CXCursor_DeclRefExpr, target);
}

bool la_writes_member(CXCursor c, bool address_of, CXCursor *target)
{
	return writes_lvalue(c, address_of, CXCursor_MemberRefExpr, target);
}

/* Range starts keep their macro locations in libclang, so the token before
 * the right operand is read where that operand is spelled; the cases below
 * are the operands and the operator coming from different macro buffers. */
void la_op(CXCursor c, char *op, size_t size)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	CXSourceLocation begin = clang_getRangeStart(clang_getCursorExtent(c));
	CXCursor kid[2];
	int n = cursor_children(c, kid, 2);
	enum CXTokenKind kind;
	CXFile file;
	unsigned line, col, off;

	op[0] = '\0';
	if (clang_getCursorKind(c) == CXCursor_UnaryOperator && n == 1) {
		if (clang_equalLocations(
			    begin,
			    clang_getRangeStart(clang_getCursorExtent(kid[0]))))
			return; /* postfix */
		if (!spelled_at(tu, begin, &file, &line, &off, op, size,
				&kind) ||
		    kind != CXToken_Punctuation)
			op[0] = '\0';
		return;
	}
	if (n != 2)
		return;
	begin = clang_getRangeStart(clang_getCursorExtent(kid[1]));
	if (token_before(tu, begin, op, size) && binary_op(op))
		return;
	op[0] = '\0';
	if (plain_name(kid[0]) &&
	    token_after(tu, clang_getRangeStart(clang_getCursorExtent(kid[0])),
			op, size) &&
	    binary_op(op))
		return;
	op[0] = '\0';
	{
		CXCursor lhs = kid[0], inner[2];

		/* implicit conversions around (flags) */
		while (clang_getCursorKind(lhs) == CXCursor_UnexposedExpr &&
		       cursor_children(lhs, inner, 2) == 1)
			lhs = inner[0];
		if (clang_getCursorKind(lhs) == CXCursor_ParenExpr &&
		    token_after_group(
			    tu, clang_getRangeStart(clang_getCursorExtent(lhs)),
			    op, size) &&
		    binary_op(op))
			return;
	}
	/* rhs starts a macro's body (p == NULL, gfp = GFP_ATOMIC): before its
	 * spelling is the macro's name, before its expansion the operator */
	clang_getExpansionLocation(begin, &file, &line, &col, &off);
	op[0] = '\0';
	if (file &&
	    token_before(tu, clang_getLocationForOffset(tu, file, off), op,
			 size) &&
	    binary_op(op))
		return;
	op[0] = '\0';
	/* the same inside another macro's argument (`unlikely(f->f_mode &
	 * FMODE_BACKING)`): the expansion is unlikely()'s, where the argument
	 * is written is the rhs's file location */
	clang_getFileLocation(begin, &file, &line, &col, &off);
	if (file &&
	    token_before(tu, clang_getLocationForOffset(tu, file, off), op,
			 size) &&
	    binary_op(op))
		return;
	op[0] = '\0';
	/* the operator is inside nested macros (pos = list_first_entry(...) in
	 * list_for_each_entry(): container_of()'s body starts the rhs): a
	 * pointer lvalue combined with a pointer giving that pointer type is
	 * an assignment (only a comma operator would also fit) */
	if (la_is_pointer(c) && la_is_pointer(kid[0]) &&
	    la_is_pointer(kid[1]) && lvalue(kid[0]))
		snprintf(op, size, "=");
}

bool la_eval_int(CXCursor c, long long *v)
{
	enum CXCursorKind k;

	c = cursor_strip(c);
	k = clang_getCursorKind(c);
	if (!clang_isExpression(k) || k == CXCursor_CallExpr ||
	    k == CXCursor_StmtExpr)
		return false;
	return !cursor_contains_call(c) && cursor_evaluate_int(c, v);
}

bool cursor_evaluate_int(CXCursor c, long long *v)
{
	CXEvalResult r = clang_Cursor_Evaluate(c);
	bool ok = false;

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

/* The record type a pointer parameter points to, canonical and unqualified */
static CXType first_param_pointee(CXCursor fn)
{
	CXType t = clang_getArgType(clang_getCursorType(fn), 0);

	t = clang_getCanonicalType(
		clang_getPointeeType(clang_getCanonicalType(t)));
	return clang_getCanonicalType(
		clang_getTypeDeclaration(t).kind == CXCursor_NoDeclFound ?
			t :
			clang_getCursorType(clang_getTypeDeclaration(t)));
}

static CXCursor referenced_function(CXCursor e)
{
	CXCursor r;

	e = cursor_strip(e);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr &&
	    clang_getCursorKind(e) != CXCursor_CallExpr)
		return clang_getNullCursor();
	r = clang_getCursorReferenced(e);
	return clang_getCursorKind(r) == CXCursor_FunctionDecl ?
		       r :
		       clang_getNullCursor();
}

CXCursor la_generic_selected(CXCursor gs)
{
	struct {
		CXCursor v[16];
		int n;
	} kids;
	CXType want, ctl;
	CXCursor sel = clang_getNullCursor();
	int n = 0;

	if (clang_getCursorKind(gs) != CXCursor_GenericSelectionExpr)
		return sel;
	kids.n = cursor_children(gs, kids.v, 16);
	if (kids.n > 16)
		kids.n = 16;
	if (kids.n < 2)
		return sel;
	/* the association of the selection's own type, when only one has it */
	want = clang_getCanonicalType(clang_getCursorType(gs));
	for (int i = 1; i < kids.n; i++)
		if (clang_equalTypes(clang_getCanonicalType(clang_getCursorType(
					     cursor_strip(kids.v[i]))),
				     want)) {
			sel = kids.v[i];
			n++;
		}
	if (n == 1)
		return sel;
	/* else dispatch on the object's type: the association calling (or
	 * naming) the function whose first parameter points to the controlling
	 * expression's type (6.1 seqlock.h: __seqprop_spinlock_ptr((void *)s)) */
	ctl = clang_getCanonicalType(clang_getCursorType(kids.v[0]));
	if (clang_getTypeDeclaration(ctl).kind != CXCursor_NoDeclFound)
		ctl = clang_getCanonicalType(
			clang_getCursorType(clang_getTypeDeclaration(ctl)));
	sel = clang_getNullCursor();
	n = 0;
	for (int i = 1; i < kids.n; i++) {
		CXCursor fn = referenced_function(kids.v[i]);

		if (!clang_Cursor_isNull(fn) &&
		    clang_equalTypes(first_param_pointee(fn), ctl)) {
			sel = kids.v[i];
			n++;
		}
	}
	return n == 1 ? sel : clang_getNullCursor();
}

CXCursor la_callee(CXCursor call)
{
	CXCursor ref = clang_getCursorReferenced(call);
	CXCursor callee[1];

	if (!clang_Cursor_isNull(ref) &&
	    clang_getCursorKind(ref) == CXCursor_FunctionDecl)
		return ref;
	/* the callee expression, through implicit casts and parens */
	if (cursor_children(call, callee, 1) < 1)
		return clang_getNullCursor();
	return referenced_function(
		la_generic_selected(cursor_strip(callee[0])));
}

CXCursor la_var_init(CXCursor var)
{
	return clang_Cursor_getVarDeclInitializer(var);
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
	init = la_var_init(ref);
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

unsigned cursor_offset(CXCursor decl)
{
	CXFile file;
	unsigned line, col, off;

	clang_getExpansionLocation(clang_getCursorLocation(decl), &file, &line,
				   &col, &off);
	return off;
}

unsigned cursor_end_offset(CXCursor c)
{
	CXFile file;
	unsigned line, col, off;

	clang_getExpansionLocation(clang_getRangeEnd(clang_getCursorExtent(c)),
				   &file, &line, &col, &off);
	return off > cursor_offset(c) ? off : cursor_offset(c);
}

static bool key_rec(CXCursor e, struct strbuf *key, struct strbuf *disp,
		    int depth)
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
		sb_addf(key, "%s@%u", name, cursor_offset(ref));
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
	sb_addf(key, "%s%s", la_is_pointer(cursor_strip(kid[0])) ? "->" : ".",
		name);
	sb_addf(disp, "%s%s", la_is_pointer(cursor_strip(kid[0])) ? "->" : ".",
		name);
	free(name);
	return true;
}

bool la_var_key(CXCursor var, char *key, size_t ksize, char *disp, size_t dsize)
{
	char *name = la_spelling(var);
	int n = snprintf(key, ksize, "%s@%u", name, cursor_offset(var));

	if (disp)
		snprintf(disp, dsize, "%s", name);
	free(name);
	return n > 0 && (size_t)n < ksize;
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

struct param_refs {
	CXCursor fn;
	unsigned mask;
};

static enum ast_match refs_param(CXCursor c, void *data)
{
	const struct param_refs *p = data;
	CXCursor ref;
	int i;

	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return AST_DESCEND;
	ref = clang_getCursorReferenced(c);
	if (clang_getCursorKind(ref) != CXCursor_ParmDecl)
		return AST_SKIP;
	i = cursor_param_index(p->fn, ref);
	return i >= 0 && i < 32 && (p->mask & (1u << i)) ? AST_MATCH : AST_SKIP;
}

bool la_refs_param(CXCursor fn, CXCursor e, unsigned param_mask)
{
	struct param_refs p = { fn, param_mask };

	return !clang_Cursor_isNull(ast_find(e, true, refs_param, &p));
}

int cursor_param_index(CXCursor fn, CXCursor parm)
{
	int n = clang_Cursor_getNumArguments(fn);

	for (int i = 0; i < n; i++)
		if (clang_equalCursors(clang_Cursor_getArgument(fn, i), parm))
			return i;
	return -1;
}

struct kids {
	CXCursor *v;
	int n, max;
};

/* Counts every child, stores the first `max`. */
static enum CXChildVisitResult collect(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct kids *k = data;

	(void)parent;
	if (k->n < k->max)
		k->v[k->n] = c;
	k->n++;
	return CXChildVisit_Continue;
}

int cursor_children(CXCursor c, CXCursor *out, int max)
{
	struct kids k = { out, 0, max };

	clang_visitChildren(c, collect, &k);
	return k.n;
}

static enum CXChildVisitResult collect_all(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	VEC(CXCursor) *v = data;

	(void)parent;
	VEC_PUSH(*v, c);
	return CXChildVisit_Continue;
}

/* All children, on the heap: a compound statement can have many. */
CXCursor *cursor_children_all(CXCursor c, int *n)
{
	VEC(CXCursor) v = { 0 };

	clang_visitChildren(c, collect_all, &v);
	*n = (int)v.n;
	return v.v ? v.v : xmalloc(sizeof(CXCursor));
}

static enum CXVisitorResult collect_field(CXCursor c, CXClientData data)
{
	VEC(CXCursor) *v = data;

	VEC_PUSH(*v, c);
	return CXVisit_Continue;
}

CXCursor *record_fields(CXType t, int *n)
{
	VEC(CXCursor) v = { 0 };

	clang_Type_visitFields(clang_getCanonicalType(t), collect_field, &v);
	*n = (int)v.n;
	return v.v ? v.v : xmalloc(sizeof(CXCursor));
}

bool type_is_function_pointer(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Pointer)
		return false;
	t = clang_getCanonicalType(clang_getPointeeType(t));
	return t.kind == CXType_FunctionProto ||
	       t.kind == CXType_FunctionNoProto;
}

CXCursor cursor_strip(CXCursor c)
{
	for (;;) {
		enum CXCursorKind k = clang_getCursorKind(c);
		CXCursor kid[3];
		int n;

		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr &&
		    k != CXCursor_CStyleCastExpr)
			return c;
		n = cursor_children(c, kid, 3);
		if (n < 1 || n > 2)
			return c;
		/* a C cast has its TypeRef first, the operand last */
		c = kid[n - 1];
		if (n == 2 && k != CXCursor_CStyleCastExpr)
			return c;
	}
}

char *cursor_tokens(CXCursor c)
{
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	struct strbuf sb = { 0 };
	CXToken *toks = NULL;
	unsigned n = 0;

	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
	for (unsigned i = 0; i < n && sb.len < 200; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);

		sb_add(&sb, clang_getCString(s));
		clang_disposeString(s);
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return sb_take(&sb);
}

static enum ast_match is_call(CXCursor c, void *unused)
{
	(void)unused;
	return clang_getCursorKind(c) == CXCursor_CallExpr ? AST_MATCH :
							     AST_DESCEND;
}

bool cursor_contains_call(CXCursor c)
{
	return !clang_Cursor_isNull(ast_find(c, true, is_call, NULL));
}

struct find {
	ast_match_fn match;
	void *ctx;
	CXCursor found;
};

static enum CXChildVisitResult find_visit(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	struct find *f = data;

	(void)parent;
	switch (f->match(c, f->ctx)) {
	case AST_MATCH:
		f->found = c;
		return CXChildVisit_Break;
	case AST_DESCEND:
		return CXChildVisit_Recurse;
	default:
		return CXChildVisit_Continue;
	}
}

bool same_node(CXCursor a, CXCursor b)
{
	return clang_getCursorKind(a) == clang_getCursorKind(b) &&
	       clang_equalRanges(clang_getCursorExtent(a),
				 clang_getCursorExtent(b));
}

struct path_walk {
	ast_path_fn visit;
	void *ctx;
	VEC(CXCursor) path;
};

static enum CXChildVisitResult path_visit(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	struct path_walk *w = data;

	while (w->path.n && !same_node(w->path.v[w->path.n - 1], parent))
		w->path.n--;
	VEC_PUSH(w->path, c);
	w->visit(w->path.v, w->path.n, w->ctx);
	return CXChildVisit_Recurse;
}

void ast_walk_path(CXCursor root, ast_path_fn visit, void *ctx)
{
	struct path_walk w = { visit, ctx, { 0 } };

	VEC_PUSH(w.path, root);
	clang_visitChildren(root, path_visit, &w);
	VEC_FREE(w.path);
}

CXCursor ast_find(CXCursor root, bool self, ast_match_fn match, void *ctx)
{
	struct find f = { match, ctx, clang_getNullCursor() };

	if (self) {
		enum ast_match m = match(root, ctx);

		if (m == AST_MATCH)
			return root;
		if (m == AST_SKIP)
			return f.found;
	}
	clang_visitChildren(root, find_visit, &f);
	return f.found;
}
