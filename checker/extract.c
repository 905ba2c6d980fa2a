// SPDX-License-Identifier: GPL-2.0
#include "extract.h"
#include "cfg.h"
#include "flow.h"
#include "local_ast.h"
#include "local_checks.h"
#include "local_ptrflow.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct fn_ctx {
	struct extractor *x;
	CXTranslationUnit tu;
	CXCursor fn;
	struct function_fact *ff;
	VEC(CXCursor) call_cursors;
	VEC(struct flow_call) flow_calls;
	/* variables the body assigns, increments or takes the address of:
	 * their tests are not marked (see cond_var_of()) */
	VEC(CXCursor) assigned;
	bool assigned_known;
	VEC(CXCursor) cond_locals;	/* the local variables of index 32 + n */
};

static char *cx_take(CXString s)
{
	char *r = xstrdup(clang_getCString(s) ? clang_getCString(s) : "");

	clang_disposeString(s);
	return r;
}

static char *spelling(CXCursor c)
{
	return cx_take(clang_getCursorSpelling(c));
}

static char *file_of(CXSourceLocation loc, unsigned *line, unsigned *col)
{
	CXFile file;
	unsigned l, c, off;
	char *path;

	clang_getExpansionLocation(loc, &file, &l, &c, &off);
	if (line)
		*line = l;
	if (col)
		*col = c;
	if (!file)
		return xstrdup("");
	path = cx_take(clang_File_tryGetRealPathName(file));
	if (!*path) {
		free(path);
		path = cx_take(clang_getFileName(file));
	}
	return path;
}

/* "name" for external linkage, "file#name" for static functions */
static char *function_key(CXCursor decl)
{
	char *name = spelling(decl);
	CXCursor def;
	char *file, *key;

	if (clang_getCursorLinkage(decl) != CXLinkage_Internal)
		return name;
	def = clang_getCursorDefinition(decl);
	if (clang_Cursor_isNull(def))
		def = decl;
	file = file_of(clang_getCursorLocation(def), NULL, NULL);
	key = xasprintf("%s#%s", file, name);
	free(file);
	free(name);
	return key;
}

/* ---- source text ---- */

/* The text of a call as written: from the call's expansion point, the
 * callee (or the macro the call came from) and its balanced argument list,
 * so spin_lock_irqsave(&d->lock, flags) rather than what it expands to. */
static char *source_text(CXTranslationUnit tu, CXCursor c, size_t max)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	CXToken *toks = NULL;
	unsigned n = 0, off, line, col, last_end = 0;
	size_t size = 0;
	struct strbuf sb = { 0 };
	const char *text;
	int depth = 0;
	CXFile file;

	clang_getExpansionLocation(loc, &file, &line, &col, &off);
	text = file ? clang_getFileContents(tu, file, &size) : NULL;
	if (!text)
		return xstrdup("");
	clang_tokenize(tu, clang_getRange(clang_getLocationForOffset(tu, file, off),
					  clang_getLocationForOffset(tu, file, (unsigned)(off + 400 < size ? off + 400 : size))),
		       &toks, &n);
	/* find where the balanced argument list ends */
	for (unsigned i = 0; i < n; i++) {
		CXString t = clang_getTokenSpelling(tu, toks[i]);
		const char *ts = clang_getCString(t);
		bool stop = strcmp(ts, ";") == 0;

		if (strcmp(ts, "(") == 0)
			depth++;
		if (strcmp(ts, ")") == 0 && --depth <= 0)
			stop = true;
		if (!stop || strcmp(ts, ";") != 0)
			clang_getFileLocation(clang_getRangeEnd(clang_getTokenExtent(tu, toks[i])), NULL, NULL, NULL,
					      &last_end);
		clang_disposeString(t);
		if (stop)
			break;
	}
	if (toks)
		clang_disposeTokens(tu, toks, n);
	/* the text as written, with each run of white space made one space */
	for (size_t i = off; i < last_end && i < size && sb.len < max; i++) {
		if (isspace((unsigned char)text[i])) {
			if (sb.len && sb.s[sb.len - 1] != ' ')
				sb_add(&sb, " ");
			continue;
		}
		sb_addn(&sb, text + i, 1);
	}
	return sb_take(&sb);
}

/* Text of argument `idx` of a call written literally (not through a macro) */
static char *arg_text(CXTranslationUnit tu, CXCursor call, const char *callee, int idx)
{
	CXToken *toks = NULL;
	unsigned n = 0;
	struct strbuf sb = { 0 };
	int depth = 0, arg = 0;
	char *first;

	clang_tokenize(tu, clang_getCursorExtent(call), &toks, &n);
	if (n < 3)
		goto out;
	first = cx_take(clang_getTokenSpelling(tu, toks[0]));
	if (strcmp(first, callee) != 0) {
		free(first);
		goto out;	/* written through a macro: no literal argument */
	}
	free(first);
	for (unsigned i = 1; i < n; i++) {
		char *t = cx_take(clang_getTokenSpelling(tu, toks[i]));

		if (strchr("([{", t[0]) && t[1] == '\0' && depth++ == 0) {
			free(t);
			continue;
		}
		if (strchr(")]}", t[0]) && t[1] == '\0' && --depth == 0) {
			free(t);
			break;
		}
		if (depth == 1 && strcmp(t, ",") == 0) {
			arg++;
			free(t);
			continue;
		}
		if (arg == idx) {
			if (sb.len && strcmp(t, ")") != 0 && sb.s[sb.len - 1] != '(' &&
			    sb.s[sb.len - 1] != '~' && sb.s[sb.len - 1] != '!')
				sb_add(&sb, " ");
			sb_add(&sb, t);
		}
		free(t);
	}
out:
	if (toks)
		clang_disposeTokens(tu, toks, n);
	return sb.len ? sb_take(&sb) : NULL;
}

/* A call as the source spells it at its expansion point: the name before
 * the parenthesis and the text of each argument.  For a call written
 * through macros (6.10+: kcalloc(n, s, f) is kmalloc_array_noprof(n, s,
 * (f) | __GFP_ZERO) inside alloc_hooks()) this is what the user wrote. */
#define WRITTEN_MAX_ARGS 12

struct written_call {
	char *name;
	int nargs;
	char *args[WRITTEN_MAX_ARGS];
};

static void written_call_free(struct written_call *w)
{
	free(w->name);
	for (int i = 0; i < w->nargs; i++)
		free(w->args[i]);
	memset(w, 0, sizeof(*w));
}

static void written_call(CXTranslationUnit tu, CXCursor c, struct written_call *w)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	CXToken *toks = NULL;
	unsigned n = 0, off, line, col;
	size_t size = 0;
	struct strbuf arg = { 0 };
	int depth = 0;
	CXFile file;

	memset(w, 0, sizeof(*w));
	clang_getExpansionLocation(loc, &file, &line, &col, &off);
	if (!file || !clang_getFileContents(tu, file, &size))
		return;
	clang_tokenize(tu, clang_getRange(clang_getLocationForOffset(tu, file, off),
					  clang_getLocationForOffset(tu, file, (unsigned)(off + 400 < size ? off + 400 : size))),
		       &toks, &n);
	if (n < 2 || clang_getTokenKind(toks[0]) != CXToken_Identifier)
		goto out;
	w->name = cx_take(clang_getTokenSpelling(tu, toks[0]));
	for (unsigned i = 1; i < n; i++) {
		char *t = cx_take(clang_getTokenSpelling(tu, toks[i]));
		bool open = strchr("([{", t[0]) && t[1] == '\0';
		bool close = strchr(")]}", t[0]) && t[1] == '\0';

		if (i == 1 && strcmp(t, "(") != 0) {
			free(t);
			break;	/* not a call as written */
		}
		if (close && depth == 1) {
			if (arg.len && w->nargs < WRITTEN_MAX_ARGS)
				w->args[w->nargs++] = sb_take(&arg);
			free(t);
			break;
		}
		if (depth == 1 && strcmp(t, ",") == 0) {
			if (w->nargs < WRITTEN_MAX_ARGS)
				w->args[w->nargs++] = arg.len ? sb_take(&arg) : xstrdup("");
			free(t);
			continue;
		}
		if (!(open && depth == 0)) {
			const char *prev = arg.len ? arg.s + arg.len - 1 : NULL;

			if (prev && strcmp(t, ")") != 0 && strcmp(t, "]") != 0 && *prev != '(' &&
			    *prev != '~' && *prev != '!' && *prev != '[')
				sb_add(&arg, " ");
			sb_add(&arg, t);
		}
		depth += open - close;
		free(t);
		if (depth < 0)
			break;
	}
out:
	free(arg.s);
	if (toks)
		clang_disposeTokens(tu, toks, n);
}

/* ---- GFP mask evaluation ---- */

static int param_index(CXCursor fn, CXCursor parm)
{
	int n = clang_Cursor_getNumArguments(fn);

	for (int i = 0; i < n; i++)
		if (clang_equalCursors(clang_Cursor_getArgument(fn, i), parm))
			return i;
	return -1;
}

static bool eval_const(CXCursor c, uint64_t *val)
{
	CXEvalResult r = clang_Cursor_Evaluate(c);
	bool ok = false;

	if (r && clang_EvalResult_getKind(r) == CXEval_Int) {
		*val = (uint64_t)clang_EvalResult_getAsLongLong(r);
		ok = true;
	}
	if (r)
		clang_EvalResult_dispose(r);
	return ok;
}

/* 0 or 1 written as a literal or an enumerator (the kernel's false and
 * true are enumerators): what a parameter test in the callee decides on */
static bool zero_or_one(CXCursor arg, int *val)
{
	CXCursor c = cursor_strip(arg), ref;
	uint64_t v;
	long long e;

	if (clang_getCursorKind(c) == CXCursor_IntegerLiteral) {
		if (!eval_const(c, &v) || v > 1)
			return false;
		*val = (int)v;
		return true;
	}
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return false;
	ref = clang_getCursorReferenced(c);
	if (clang_getCursorKind(ref) != CXCursor_EnumConstantDecl)
		return false;
	e = clang_getEnumConstantDeclValue(ref);
	if (e != 0 && e != 1)
		return false;
	*val = (int)e;
	return true;
}

/* 1 for `&object`: an address, never NULL (a callee testing it for NULL
 * takes the non-NULL branch); 0 otherwise */
static int address_of(CXCursor arg)
{
	CXCursor c = cursor_strip(arg);
	char op[4];

	if (clang_getCursorKind(c) != CXCursor_UnaryOperator)
		return 0;
	cursor_operator(c, op, sizeof(op));
	return strcmp(op, "&") == 0;
}

static bool is_assigned(struct fn_ctx *f, CXCursor var);

/* An argument that is a parameter of the calling function the body never
 * changes, or its negation: "N" or "!N" (ARG_PARAM); NULL otherwise. */
static char *passed_param(struct fn_ctx *f, CXCursor arg)
{
	CXCursor c = cursor_strip(arg), kid[1], var;
	bool negated = false;
	char op[4];
	int idx;

	if (clang_getCursorKind(c) == CXCursor_UnaryOperator) {
		cursor_operator(c, op, sizeof(op));
		if (strcmp(op, "!") != 0 || cursor_children(c, kid, 1) != 1)
			return NULL;
		negated = true;
		c = cursor_strip(kid[0]);
	}
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return NULL;
	var = clang_getCursorReferenced(c);
	if (clang_getCursorKind(var) != CXCursor_ParmDecl)
		return NULL;
	idx = param_index(f->fn, var);
	if (idx < 0 || idx >= 32 || is_assigned(f, var))
		return NULL;
	return xasprintf("%s%d", negated ? "!" : "", idx);
}

static void gfp_add(struct gfp_expr *e, struct gfp_alt a)
{
	for (int i = 0; i < e->n; i++)
		if (memcmp(&e->alt[i], &a, sizeof(a)) == 0)
			return;
	if (e->n < GFP_MAX_VALUES)
		e->alt[e->n++] = a;
}

static void eval_gfp(struct fn_ctx *f, CXCursor c, struct gfp_expr *out, int depth);

/* ---- local gfp_t variables: which assignments reach a use ---- */

struct def {
	CXCursor expr;		/* the assignment (or the VarDecl for its initialiser) */
	unsigned offset;
	bool dominates;		/* on every path to the use: a statement of an enclosing block */
	char op;		/* '=', '|', '&' */
};

struct def_scan {
	CXCursor var;
	VEC(struct def) defs;
	bool unknown;		/* assigned in a way we do not follow */
	VEC(CXCursor) path;	/* the use's enclosing statements, outermost first */
};

static unsigned offset_of(CXCursor c)
{
	CXFile file;
	unsigned line, col, off;

	clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, &col, &off);
	return off;
}

/* A statement directly inside one of the compound statements enclosing the
 * use runs on every path to it. */
static bool on_every_path(const struct def_scan *d, CXCursor parent)
{
	for (size_t i = 0; i < d->path.n; i++)
		if (clang_equalCursors(d->path.v[i], parent))
			return clang_getCursorKind(parent) == CXCursor_CompoundStmt;
	return false;
}

static enum CXChildVisitResult collect_defs(CXCursor c, CXCursor parent, CXClientData data)
{
	struct def_scan *d = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor kid[2];
	char op[4];

	if (k != CXCursor_BinaryOperator && k != CXCursor_CompoundAssignOperator)
		return CXChildVisit_Recurse;
	if (cursor_children(c, kid, 2) != 2)
		return CXChildVisit_Recurse;
	kid[0] = cursor_strip(kid[0]);
	if (clang_getCursorKind(kid[0]) != CXCursor_DeclRefExpr ||
	    !clang_equalCursors(clang_getCursorReferenced(kid[0]), d->var))
		return CXChildVisit_Recurse;
	cursor_operator(c, op, sizeof(op));
	if (strcmp(op, "=") == 0 || strcmp(op, "|=") == 0 || strcmp(op, "&=") == 0) {
		struct def def = { c, offset_of(c), on_every_path(d, parent), op[0] };

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

static enum CXChildVisitResult find_path(CXCursor c, CXCursor parent, CXClientData data)
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

static void apply_def(struct fn_ctx *f, const struct def *d, struct gfp_expr *out, int depth)
{
	CXCursor kid[2];
	struct gfp_expr rhs = { 0 };
	struct gfp_expr prev = *out;

	if (clang_getCursorKind(d->expr) == CXCursor_VarDecl) {
		CXCursor init = la_var_init(d->expr);

		if (!clang_Cursor_isNull(init))
			eval_gfp(f, init, out, depth + 1);
		return;
	}
	if (cursor_children(d->expr, kid, 2) != 2)
		return;
	eval_gfp(f, kid[1], &rhs, depth + 1);
	free(rhs.text);
	if (d->op == '=') {
		if (d->dominates)
			out->n = 0;	/* what came before is overwritten on every path */
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
static void eval_local(struct fn_ctx *f, CXCursor var, CXCursor use, struct gfp_expr *out, int depth)
{
	struct def_scan d = { .var = var };
	struct path_search ps = { .target = use };
	unsigned use_off = offset_of(use);
	struct def init = { var, offset_of(var), true, '=' };

	clang_visitChildren(f->fn, find_path, &ps);
	if (ps.found) {
		d.path.v = ps.stack.v;
		d.path.n = ps.stack.n;
	}
	clang_visitChildren(f->fn, collect_defs, &d);
	if (d.unknown) {
		out->n = 0;
		goto out;
	}
	VEC_PUSH(d.defs, init);
	qsort(d.defs.v, d.defs.n, sizeof(struct def), cmp_def);
	for (size_t i = 0; i < d.defs.n; i++)
		if (d.defs.v[i].offset < use_off || clang_getCursorKind(d.defs.v[i].expr) == CXCursor_VarDecl)
			apply_def(f, &d.defs.v[i], out, depth);
out:
	VEC_FREE(d.defs);
	free(ps.stack.v);
}

static void eval_binary(struct fn_ctx *f, CXCursor c, struct gfp_expr *out, int depth)
{
	CXCursor kid[2];
	struct gfp_expr l = { 0 }, r = { 0 };
	char op[4];

	cursor_operator(c, op, sizeof(op));
	if ((strcmp(op, "|") != 0 && strcmp(op, "&") != 0) || cursor_children(c, kid, 2) != 2)
		return;
	eval_gfp(f, kid[0], &l, depth + 1);
	eval_gfp(f, kid[1], &r, depth + 1);
	for (int i = 0; i < l.n; i++) {
		for (int j = 0; j < r.n; j++) {
			struct gfp_alt a = l.alt[i], b = r.alt[j];

			if (a.param >= 0 && b.param >= 0)
				continue;	/* two parameters: give up on this pair */
			if (a.param < 0) {
				struct gfp_alt t = a;

				a = b;
				b = t;
			}
			/* b is a constant (or_bits) now */
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

static void eval_gfp(struct fn_ctx *f, CXCursor c, struct gfp_expr *out, int depth)
{
	uint64_t v;
	CXCursor kid[3];

	if (depth > 8)
		return;
	c = cursor_strip(c);
	if (eval_const(c, &v)) {
		gfp_add(out, (struct gfp_alt){ -1, v, 0 });
		return;
	}
	switch (clang_getCursorKind(c)) {
	case CXCursor_ConditionalOperator:
		if (cursor_children(c, kid, 3) == 3) {
			eval_gfp(f, kid[1], out, depth + 1);
			eval_gfp(f, kid[2], out, depth + 1);
		}
		return;
	case CXCursor_BinaryOperator:
		eval_binary(f, c, out, depth);
		return;
	case CXCursor_DeclRefExpr: {
		CXCursor ref = clang_getCursorReferenced(c);

		if (clang_getCursorKind(ref) == CXCursor_ParmDecl) {
			int idx = param_index(f->fn, ref);

			if (idx >= 0)
				gfp_add(out, (struct gfp_alt){ idx, 0, ~0ULL });
		} else if (clang_getCursorKind(ref) == CXCursor_VarDecl) {
			eval_local(f, ref, c, out, depth);
		}
		return;
	}
	default:
		return;
	}
}

static void fill_gfp(struct fn_ctx *f, CXCursor call, const char *callee, int idx,
		     struct gfp_expr *out)
{
	CXCursor arg;

	memset(out, 0, sizeof(*out));
	if (idx < 0 || idx >= clang_Cursor_getNumArguments(call))
		return;
	arg = clang_Cursor_getArgument(call, idx);
	eval_gfp(f, arg, out, 0);
	out->text = arg_text(f->tu, call, callee, idx);
	if (!out->text && out->n == 1 && out->alt[0].param < 0)
		out->text = gfp_describe(f->x->gfp, out->alt[0].or_bits);
	if (!out->text && out->n == 0)
		out->text = xstrdup("(unknown mask)");
}

/* ---- calls ---- */

static bool is_gfp_type(CXType t)
{
	char *s;

	/* gfp_t is a typedef: anything else is not it, without printing the type */
	if (t.kind != CXType_Typedef && t.kind != CXType_Elaborated)
		return false;
	s = cx_take(clang_getTypeSpelling(t));
	bool yes = strcmp(s, "gfp_t") == 0;

	free(s);
	if (!yes && t.kind == CXType_Typedef) {
		s = cx_take(clang_getTypedefName(t));
		yes = strcmp(s, "gfp_t") == 0;
		free(s);
	}
	return yes;
}

static char *type_struct_name(CXType t)
{
	CXCursor decl = clang_getTypeDeclaration(clang_getCanonicalType(t));
	char *s = spelling(decl);

	if (!*s) {
		free(s);
		s = cx_take(clang_getTypeSpelling(clang_getCanonicalType(t)));
	}
	return s;
}

/* The struct a value of type t is, or points to: its name, or NULL */
static char *record_name(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	if (t.kind != CXType_Record)
		return NULL;
	return type_struct_name(t);
}

/* "name" for a variable of external linkage, "file#name" otherwise */
static char *variable_key(CXCursor var)
{
	char *name = spelling(var), *file, *key;

	if (clang_getCursorLinkage(var) == CXLinkage_External)
		return name;
	file = file_of(clang_getCursorLocation(var), NULL, NULL);
	key = xasprintf("%s#%s", file, name);
	free(file);
	free(name);
	return key;
}

static bool static_storage(CXCursor var)
{
	return clang_getCursorKind(clang_getCursorSemanticParent(var)) == CXCursor_TranslationUnit ||
	       clang_Cursor_getStorageClass(var) == CX_SC_Static ||
	       clang_Cursor_getStorageClass(var) == CX_SC_Extern;
}

/* The object an expression designates, or points to when its value is a
 * pointer, as a path that a registration and a store into the same object
 * share (notifier chains, work items: see `chain` in rules/contexts.rules):
 *   "var:KEY"   a variable of static storage (its key as variable_key());
 *   "param:N"   what the function's own pointer parameter N points to;
 *   then ".field" per member, so &priv->nb is "mydrv.nb" and
 *   (&priv->dwork)->work is "mydrv.dwork.work".
 * Where the root is not known (a parameter's member, a local without an
 * initialiser, a call's result), the name of the root's struct type stands
 * for any object of that type.  & and * are transparent: a pointer names
 * the object it points to.  NULL: not an object of a struct type. */
static char *object_path(CXCursor fn, CXCursor e, int depth)
{
	CXCursor kid[2];
	enum CXCursorKind k;

	e = cursor_strip(e);
	k = clang_getCursorKind(e);
	if (depth > 8)
		return record_name(clang_getCursorType(e));
	if (k == CXCursor_UnaryOperator && cursor_children(e, kid, 1) == 1)
		return object_path(fn, kid[0], depth + 1);
	if (k == CXCursor_ArraySubscriptExpr && cursor_children(e, kid, 2) == 2)
		return object_path(fn, kid[0], depth + 1);
	if (k == CXCursor_MemberRefExpr && cursor_children(e, kid, 1) == 1) {
		CXCursor field = clang_getCursorReferenced(e);
		char *base = object_path(fn, kid[0], depth + 1), *fname, *p;

		if (clang_getCursorKind(field) != CXCursor_FieldDecl) {
			free(base);
			return NULL;
		}
		if (!base || strncmp(base, "param:", 6) == 0) {
			free(base);
			base = record_name(clang_getCursorType(clang_getCursorSemanticParent(field)));
			if (!base)
				return NULL;
		}
		fname = spelling(field);
		p = xasprintf("%s.%s", base, fname);
		free(base);
		free(fname);
		return p;
	}
	if (k == CXCursor_DeclRefExpr) {
		CXCursor ref = clang_getCursorReferenced(e);
		enum CXCursorKind rk = clang_getCursorKind(ref);

		if (rk == CXCursor_ParmDecl &&
		    clang_getCanonicalType(clang_getCursorType(ref)).kind == CXType_Pointer) {
			int idx = param_index(fn, ref);

			if (idx >= 0)
				return xasprintf("param:%d", idx);
		}
		if (rk == CXCursor_VarDecl && static_storage(ref)) {
			char *key = variable_key(ref), *p = xasprintf("var:%s", key);

			free(key);
			return p;
		}
		if (rk == CXCursor_VarDecl &&
		    clang_getCanonicalType(clang_getCursorType(ref)).kind == CXType_Pointer) {
			CXCursor init = la_var_init(ref);

			if (!clang_Cursor_isNull(init)) {
				char *p = object_path(fn, init, depth + 1);

				if (p && strncmp(p, "param:", 6) != 0)
					return p;
				free(p);
			}
		}
	}
	return record_name(clang_getCursorType(e));
}

static bool function_ref(CXCursor arg, CXCursor *fn)
{
	arg = cursor_strip(arg);
	if (clang_getCursorKind(arg) == CXCursor_UnaryOperator) {
		CXCursor kid[1];

		if (cursor_children(arg, kid, 1) == 1)
			arg = cursor_strip(kid[0]);
	}
	if (clang_getCursorKind(arg) != CXCursor_DeclRefExpr)
		return false;
	*fn = clang_getCursorReferenced(arg);
	return clang_getCursorKind(*fn) == CXCursor_FunctionDecl;
}

/* Objects that chains bind callbacks to (rules: chain-type NAME) */
static bool is_chain_type(struct extractor *x, CXType t)
{
	char *name;
	bool yes;

	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Pointer)
		return false;
	name = record_name(t);
	yes = name && rules_named(x->rules, "chain-type", name);
	free(name);
	return yes;
}

static void record_args(struct fn_ctx *f, CXCursor call, CXCursor callee, struct call_fact *cf,
			int gfp_arg)
{
	int n = clang_Cursor_getNumArguments(call);
	CXType fty = clang_getCursorType(callee);
	const struct named_rule *hard = cf->callee ? rules_named(f->x->rules, "rt-hard", cf->callee) : NULL;

	if (!hard && cf->callee)
		hard = rules_named(f->x->rules, "chain-head-alloc", cf->callee);
	int flags_arg = named_int(hard, "flags", -1), object_arg = named_int(hard, "object", -1);

	for (int i = 0; i < n; i++) {
		CXCursor arg = clang_Cursor_getArgument(call, i), fn;
		struct call_arg ca = { .index = i };
		bool gfp = i != gfp_arg && !clang_Cursor_isNull(callee) &&
			   i < clang_getNumArgTypes(fty) && is_gfp_type(clang_getArgType(fty, i));
		uint64_t value;
		int bit;

		if (i == flags_arg) {
			if (!eval_const(arg, &value))
				continue;
			ca.kind = ARG_FLAGS;
			ca.object = xasprintf("%llu", (unsigned long long)value);
		} else if (i == object_arg) {
			ca.kind = ARG_OBJECT;
			ca.object = object_path(f->fn, arg, 0);
			if (!ca.object)
				continue;
		} else if (function_ref(arg, &fn)) {
			ca.kind = ARG_FUNCTION;
			ca.fn_key = function_key(fn);
			ca.fn_name = spelling(fn);
		} else if (gfp) {
			ca.kind = ARG_GFP;
			eval_gfp(f, arg, &ca.gfp, 0);
			ca.gfp.text = arg_text(f->tu, call, cf->callee ? cf->callee : "", i);
		} else if (is_chain_type(f->x, clang_getCursorType(arg))) {
			ca.kind = ARG_OBJECT;
			ca.object = object_path(f->fn, arg, 0);
			if (!ca.object)
				continue;
		} else if (zero_or_one(arg, &bit) || (bit = address_of(arg))) {
			ca.kind = ARG_CONST;
			ca.object = xasprintf("%d", bit);
		} else if ((ca.object = passed_param(f, arg))) {
			ca.kind = ARG_PARAM;
		} else {
			continue;
		}
		VEC_PUSH(cf->args, ca);
	}
}

/* The mask argument of an allocator call: the rule's index, unless the
 * callee's parameter there is not a gfp_t (CONFIG_SLAB_BUCKETS puts a
 * bucket after the size of __kmalloc_node_noprof()); then its gfp_t one. */
static int gfp_arg_index(CXCursor callee, int idx)
{
	CXType fty = clang_getCursorType(callee);
	int n = clang_getNumArgTypes(fty);

	if (idx < 0 || n <= 0 || (idx < n && is_gfp_type(clang_getArgType(fty, idx))))
		return idx;
	for (int i = 0; i < n; i++)
		if (is_gfp_type(clang_getArgType(fty, i)))
			return i;
	return idx;
}

/* How an indirect call reaches its target: "struct_name.field" for a call
 * through a struct member, "param:N" for a call through the function's own
 * parameter N (a callback handed in by the caller). */
static char *indirect_via(CXCursor fn, CXCursor call)
{
	CXCursor kid[1], field, parent;
	char *sname, *fname, *via;

	if (cursor_children(call, kid, 1) < 1)
		return NULL;
	kid[0] = cursor_strip(kid[0]);
	if (clang_getCursorKind(kid[0]) == CXCursor_UnaryOperator) {
		CXCursor sub[1];

		if (cursor_children(kid[0], sub, 1) == 1)	/* (*fp)(x) */
			kid[0] = cursor_strip(sub[0]);
	}
	if (clang_getCursorKind(kid[0]) == CXCursor_DeclRefExpr) {
		CXCursor ref = clang_getCursorReferenced(kid[0]);
		int idx = clang_getCursorKind(ref) == CXCursor_ParmDecl ? param_index(fn, ref) : -1;

		return idx >= 0 ? xasprintf("param:%d", idx) : NULL;
	}
	if (clang_getCursorKind(kid[0]) != CXCursor_MemberRefExpr)
		return NULL;
	field = clang_getCursorReferenced(kid[0]);
	if (clang_getCursorKind(field) != CXCursor_FieldDecl)
		return NULL;
	parent = clang_getCursorSemanticParent(field);
	sname = spelling(parent);
	if (!*sname) {
		free(sname);
		sname = cx_take(clang_getTypeSpelling(clang_getCursorType(parent)));
	}
	fname = spelling(field);
	via = xasprintf("%s.%s", sname, fname);
	free(sname);
	free(fname);
	return via;
}

/* The lock argument of a primitive, looked through comma expressions and
 * lock-wrapper functions (spinlock_check()), or a null cursor. */
static CXCursor lock_argument(struct fn_ctx *f, CXCursor call, int arg)
{
	CXCursor c, kid[2];
	char op[4];

	if (arg < 0 || arg >= clang_Cursor_getNumArguments(call))
		return clang_getNullCursor();
	c = cursor_strip(clang_Cursor_getArgument(call, arg));
	for (int depth = 0; depth < 8; depth++) {
		enum CXCursorKind k = clang_getCursorKind(c);

		/* ((void)(subclass), (lock)) in raw_spin_lock_nested() */
		if (k == CXCursor_BinaryOperator && cursor_children(c, kid, 2) == 2) {
			cursor_operator(c, op, sizeof(op));
			if (strcmp(op, ",") != 0)
				break;
			c = cursor_strip(kid[1]);
			continue;
		}
		/* lock-wrapper functions such as spinlock_check(lock) */
		if (k == CXCursor_CallExpr && clang_Cursor_getNumArguments(c) == 1) {
			char *name = spelling(c);
			bool wrapper = rules_is_lock_wrapper(f->x->rules, name);

			free(name);
			if (!wrapper)
				break;
			c = cursor_strip(clang_Cursor_getArgument(c, 0));
			continue;
		}
		break;
	}
	return c;
}

/* Is the lock a raw one (a pointer to a type the rules list as
 * raw-lock-type): held, the context is strictly non-preemptive, also on
 * PREEMPT_RT, where spinlock_t sleeps. */
static bool raw_lock(struct fn_ctx *f, CXCursor lock)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(lock));
	char *name;
	bool raw;

	if (t.kind != CXType_Pointer)
		return false;
	name = cx_take(clang_getTypeSpelling(clang_getCanonicalType(clang_getPointeeType(t))));
	raw = rules_named(f->x->rules, "raw-lock-type", name) ||
	      (strncmp(name, "struct ", 7) == 0 && rules_named(f->x->rules, "raw-lock-type", name + 7));
	free(name);
	return raw;
}

/* The lock expression a primitive acts on, normalised so that
 * spin_lock(&d->lock) and spin_unlock_irqrestore(&d->lock, f) agree. */
static char *lock_identity(CXCursor c)
{
	char *s;

	if (clang_Cursor_isNull(c))
		return xstrdup("");
	s = cursor_tokens(c);
	/* drop parens and a leading & so that &d->lock and (d->lock) agree */
	{
		char *p = s;

		for (char *q = s; *q; q++)
			if (*q != '(' && *q != ')')
				*p++ = *q;
		*p = '\0';
	}
	if (s[0] == '&')
		memmove(s, s + 1, strlen(s));
	return s;
}

/* Declared never to return: __noreturn (the attribute is part of the
 * function type, which clang prints with it) or listed in the rules
 * (`noreturn NAME`, for what the headers do not declare so). */
static bool callee_noreturn(const struct extractor *x, CXCursor callee, const char *name)
{
	char *type;
	bool yes;

	if (rules_named(x->rules, "noreturn", name))
		return true;
	type = cx_take(clang_getTypeSpelling(clang_getCursorType(callee)));
	yes = strstr(type, "__attribute__((noreturn))") != NULL;
	free(type);
	return yes;
}

static int on_call(void *ctx, CXCursor call)
{
	struct fn_ctx *f = ctx;
	struct function_fact *ff = f->ff;
	struct call_fact cf = { .witness = -1, .lock_action = -1, .sleeps = -1 };
	struct flow_call fc = { .lock_id = "" };
	CXCursor callee = la_callee(call);
	const struct alloc_rule *ar = NULL;
	int gfp_arg = -1;
	char *file;

	if (!clang_Cursor_isNull(callee) && clang_getCursorKind(callee) == CXCursor_FunctionDecl) {
		cf.callee = spelling(callee);
		cf.callee_key = function_key(callee);
	} else {
		callee = clang_getNullCursor();
		cf.via = indirect_via(f->fn, call);
	}
	file = file_of(clang_getCursorLocation(call), &cf.line, &cf.col);
	free(file);
	if (cf.callee) {
		fc.lock = rules_lock(f->x->rules, cf.callee);
		ar = rules_alloc(f->x->rules, cf.callee);
	}
	if (cf.callee)
		fc.noreturn = cf.noreturn = callee_noreturn(f->x, callee, cf.callee);
	if (fc.lock) {
		CXCursor lock = lock_argument(f, call, fc.lock->lock_arg);
		char *id = lock_identity(lock);

		fc.ctx = fc.lock->ctx;
		if ((fc.ctx & CTX_LOCK) && !clang_Cursor_isNull(lock) && raw_lock(f, lock))
			fc.ctx |= CTX_RAW;
		cf.lock_action = (int)fc.lock->action;
		cf.lock_ctx = fc.ctx;
		cf.text = source_text(f->tu, call, 160);
		fc.lock_id = id;	/* owned by the flow_calls vector, freed with it */
		cf.lock_id = xstrdup(id);
	}
	if (ar) {
		struct written_call w;
		const struct alloc_rule *wr;

		gfp_arg = gfp_arg_index(callee, ar->gfp_arg);
		cf.is_alloc = true;
		cf.text = source_text(f->tu, call, 160);
		written_call(f->tu, call, &w);
		wr = w.name ? rules_alloc(f->x->rules, w.name) : NULL;
		cf.shown = xstrdup(wr ? wr->shown : ar->shown);
		fill_gfp(f, call, cf.callee, gfp_arg, &cf.flags);
		/* a mask written through the allocator's macro: as the user wrote it */
		if (wr && strcmp(w.name, cf.callee) != 0 && wr->gfp_arg >= 0 && wr->gfp_arg < w.nargs) {
			free(cf.flags.text);
			cf.flags.text = xstrdup(w.args[wr->gfp_arg]);
		}
		written_call_free(&w);
		if (ar->always_sleeps)
			cf.sleeps = 1;
		else if (gfp_arg >= 0)
			cf.sleeps = gfp_expr_sleeps(f->x->gfp, &cf.flags, -1);
	}
	record_args(f, call, callee, &cf, ar ? gfp_arg : -1);
	VEC_PUSH(ff->calls, cf);
	VEC_PUSH(f->call_cursors, call);
	VEC_PUSH(f->flow_calls, fc);
	return (int)ff->calls.n - 1;
}

/* Every call tested by a condition gets a success edge in the CFG: at
 * solve time a function may turn out to be a conditional lock wrapper. */
static bool is_trylock(void *ctx, int idx)
{
	(void)ctx;
	(void)idx;
	return true;
}

struct fn_search {
	const char *name;
	CXCursor found;
};

static enum CXChildVisitResult search_function(CXCursor c, CXCursor parent, CXClientData data)
{
	struct fn_search *fs = data;
	CXString s;
	bool match;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_FunctionDecl)
		return CXChildVisit_Continue;
	s = clang_getCursorSpelling(c);
	match = strcmp(clang_getCString(s), fs->name) == 0;
	clang_disposeString(s);
	if (!match)
		return CXChildVisit_Continue;
	fs->found = c;
	return CXChildVisit_Break;
}

static enum CXChildVisitResult find_attr(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_isAttribute(clang_getCursorKind(c))) {
		*(bool *)data = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

/* A variable destroyed by a cleanup function at scope exit (cleanup.h's
 * guard()/scoped_guard()): the implicit call becomes a call fact.  The
 * variable must carry an attribute (__cleanup__: libclang does not expose
 * which) and a type the rules name as a cleanup class. */
static int on_cleanup_var(void *ctx, CXCursor var)
{
	struct fn_ctx *f = ctx;
	char *type = cx_take(clang_getTypeSpelling(clang_getCursorType(var)));
	struct fn_search fs = { NULL, clang_getNullCursor() };
	struct call_fact cf = { .witness = -1, .lock_action = -1, .sleeps = -1 };
	struct flow_call fc = { .lock_id = "" };
	char name[256], *file;
	bool has_attr = false;

	clang_visitChildren(var, find_attr, &has_attr);
	if (!has_attr || !rules_cleanup_for_type(f->x->rules, type, name, sizeof(name))) {
		free(type);
		return -1;
	}
	free(type);
	fs.name = name;
	clang_visitChildren(clang_getTranslationUnitCursor(f->tu), search_function, &fs);
	if (clang_Cursor_isNull(fs.found))
		return -1;
	fs.found = clang_Cursor_isNull(clang_getCursorDefinition(fs.found)) ? fs.found :
		   clang_getCursorDefinition(fs.found);
	cf.callee = xstrdup(name);
	cf.callee_key = function_key(fs.found);
	file = file_of(clang_getCursorLocation(var), &cf.line, &cf.col);
	free(file);
	cf.text = xasprintf("%s() at the end of the scope", name);
	VEC_PUSH(f->ff->calls, cf);
	VEC_PUSH(f->call_cursors, var);
	VEC_PUSH(f->flow_calls, fc);
	return (int)f->ff->calls.n - 1;
}

static void mark_assigned(struct fn_ctx *f, CXCursor target)
{
	CXCursor var;

	target = cursor_strip(target);
	if (clang_getCursorKind(target) != CXCursor_DeclRefExpr)
		return;
	var = clang_getCursorReferenced(target);
	if (clang_getCursorKind(var) == CXCursor_ParmDecl || clang_getCursorKind(var) == CXCursor_VarDecl)
		VEC_PUSH(f->assigned, var);
}

static enum CXChildVisitResult find_assigned(CXCursor c, CXCursor parent, CXClientData data)
{
	struct fn_ctx *f = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXCursor kid[2];
	char op[4];

	(void)parent;
	if (k == CXCursor_CompoundAssignOperator && cursor_children(c, kid, 2) >= 1) {
		mark_assigned(f, kid[0]);
	} else if (k == CXCursor_BinaryOperator || k == CXCursor_UnaryOperator) {
		cursor_operator(c, op, sizeof(op));
		if ((strcmp(op, "=") == 0 || strcmp(op, "++") == 0 || strcmp(op, "--") == 0 ||
		     (k == CXCursor_UnaryOperator && strcmp(op, "&") == 0)) &&
		    cursor_children(c, kid, 2) >= 1)
			mark_assigned(f, kid[0]);
	}
	return CXChildVisit_Recurse;
}

static bool is_assigned(struct fn_ctx *f, CXCursor var)
{
	if (!f->assigned_known) {
		clang_visitChildren(f->fn, find_assigned, f);
		f->assigned_known = true;
	}
	for (size_t i = 0; i < f->assigned.n; i++)
		if (clang_equalCursors(f->assigned.v[i], var))
			return true;
	return false;
}

/*
 * The index a condition's variable gets in the CFG (cfg.h: a parameter
 * N < 32, a local variable 32 + n), or -1.  Two tests of one index are
 * taken to have one value (the lock flow's branch correlation, the
 * solver's constant arguments): true only of a variable the body never
 * assigns (after its initialiser), increments or takes the address of.
 */
static int cond_var_of(void *ctx, CXCursor ref)
{
	struct fn_ctx *f = ctx;
	CXCursor var = clang_getCursorReferenced(ref);
	enum CXCursorKind k = clang_getCursorKind(var);
	int idx;

	if (k == CXCursor_ParmDecl) {
		idx = param_index(f->fn, var);
		return idx >= 0 && idx < 32 && !is_assigned(f, var) ? idx : -1;
	}
	if (k != CXCursor_VarDecl || clang_Cursor_getStorageClass(var) == CX_SC_Static ||
	    clang_Cursor_getStorageClass(var) == CX_SC_Extern ||
	    !clang_equalCursors(clang_getCursorSemanticParent(var), f->fn) || is_assigned(f, var))
		return -1;
	for (size_t i = 0; i < f->cond_locals.n; i++)
		if (clang_equalCursors(f->cond_locals.v[i], var))
			return 32 + (int)i;
	if (f->cond_locals.n >= 32)
		return -1;
	VEC_PUSH(f->cond_locals, var);
	return 32 + (int)f->cond_locals.n - 1;
}

static bool is_guard_test(void *ctx, const char *name)
{
	struct fn_ctx *f = ctx;

	return rules_is_guard_test(f->x->rules, name);
}

static bool is_cond_wrapper(void *ctx, const char *name)
{
	struct fn_ctx *f = ctx;

	return rules_is_cond_wrapper(f->x->rules, name);
}

/* ---- functions ---- */

static CXCursor function_body(CXCursor fn)
{
	CXCursor kid[64];
	int n = cursor_children(fn, kid, 64);

	if (n > 64 || n < 1 || clang_getCursorKind(kid[n - 1]) != CXCursor_CompoundStmt)
		return clang_getNullCursor();
	return kid[n - 1];
}

static bool allocates_or_passes_masks(const struct function_fact *ff, CXCursor fn)
{
	if (is_gfp_type(clang_getResultType(clang_getCursorType(fn))))
		return true;	/* chooses a mask for its callers */
	for (size_t i = 0; i < ff->calls.n; i++) {
		const struct call_fact *c = &ff->calls.v[i];

		if (c->is_alloc)
			return true;
		for (size_t a = 0; a < c->args.n; a++)
			if (c->args.v[a].kind == ARG_GFP)
				return true;
	}
	return ff->gfp_params != 0;
}

/* Where the result of a chain-head-alloc call (alloc_workqueue()) is
 * stored: `X = call(...)` or a static variable's initialiser gives the
 * call an ARG_OBJECT at index -1, the path of X */
static void result_stored(struct fn_ctx *f, CXCursor value, CXCursor target, bool is_var)
{
	value = cursor_strip(la_value_expr(value));
	if (clang_getCursorKind(value) != CXCursor_CallExpr)
		return;
	for (size_t i = 0; i < f->call_cursors.n; i++) {
		struct call_fact *cf = &f->ff->calls.v[i];
		struct call_arg ca = { .index = -1, .kind = ARG_OBJECT };

		if (!cf->callee || !clang_equalCursors(f->call_cursors.v[i], value) ||
		    !rules_named(f->x->rules, "chain-head-alloc", cf->callee))
			continue;
		if (is_var) {
			char *key = static_storage(target) ? variable_key(target) : NULL;

			ca.object = key ? xasprintf("var:%s", key) : NULL;
			free(key);
		} else {
			ca.object = object_path(f->fn, target, 0);
		}
		if (ca.object)
			VEC_PUSH(cf->args, ca);
		return;
	}
}

static enum CXChildVisitResult find_result_stores(CXCursor c, CXCursor parent, CXClientData data)
{
	struct fn_ctx *f = data;
	CXCursor kid[2];
	char op[4];

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_VarDecl && !clang_Cursor_isNull(la_var_init(c))) {
		result_stored(f, la_var_init(c), c, true);
	} else if (clang_getCursorKind(c) == CXCursor_BinaryOperator && cursor_children(c, kid, 2) == 2) {
		cursor_operator(c, op, sizeof(op));
		if (strcmp(op, "=") == 0)
			result_stored(f, kid[1], kid[0], false);
	}
	return CXChildVisit_Recurse;
}

static void record_results_stored(struct fn_ctx *f)
{
	for (size_t i = 0; i < f->ff->calls.n; i++)
		if (f->ff->calls.v[i].callee &&
		    rules_named(f->x->rules, "chain-head-alloc", f->ff->calls.v[i].callee)) {
			clang_visitChildren(function_body(f->fn), find_result_stores, f);
			return;
		}
}

static void analyse_function(struct extractor *x, CXTranslationUnit tu, CXCursor fn,
			     struct tu_facts *out, bool in_header)
{
	struct function_fact ff = { 0 };
	struct fn_ctx f = { .x = x, .tu = tu, .fn = fn };
	struct cfg_callbacks cb = { &f, on_call, is_trylock, is_cond_wrapper, on_cleanup_var, is_guard_test,
				    cond_var_of };
	CXCursor body = function_body(fn);
	struct flow_result fr;
	struct cfg cfg;
	int nparams;

	if (clang_Cursor_isNull(body))
		return;
	ff.name = spelling(fn);
	ff.key = function_key(fn);
	ff.file = file_of(clang_getCursorLocation(fn), &ff.line, &ff.col);
	ff.is_static = clang_getCursorLinkage(fn) == CXLinkage_Internal;
	ff.in_header = in_header;
	nparams = clang_Cursor_getNumArguments(fn);
	for (int i = 0; i < nparams && i < 32; i++)
		if (is_gfp_type(clang_getCursorType(clang_Cursor_getArgument(fn, i))))
			ff.gfp_params |= 1u << i;
	f.ff = &ff;
	cfg_build(&cfg, body, &cb);
	ff.cfg = cfg_serialize(&cfg);
	flow_run(&cfg, f.flow_calls.v, (int)f.flow_calls.n, 0, &fr);
	for (size_t i = 0; i < ff.calls.n; i++) {
		ff.calls.v[i].ctx = fr.ctx[i];
		ff.calls.v[i].witness = fr.witness[i];
		ff.calls.v[i].reached = fr.reached[i];
	}
	ff.exit_ctx = fr.exit_ctx;
	ff.exit_must_ctx = fr.exit_must_ctx;
	ff.returns = fr.returns;
	ff.returns_value = clang_getResultType(clang_getCursorType(fn)).kind != CXType_Void;
	ff.exit_witness = fr.exit_witness;
	ff.released_unheld = fr.released_unheld;
	ff.released_witness = fr.released_witness;
	flow_result_free(&fr);
	record_results_stored(&f);
	/* the local rules are about allocations and the masks passed on */
	if (allocates_or_passes_masks(&ff, fn)) {
		struct pf_requests ptrflow = { 0 };
		struct local_ctx lc = { x->rules, x->gfp, tu, fn, body, &cfg, &ff, f.call_cursors.v,
					&ptrflow };

		local_checks_run(&lc);
		/* one walk of the pointer flow for every check that asked for it */
		if (ptrflow.n)
			pf_run(&lc, &ptrflow);
	}
	cfg_free(&cfg);
	for (size_t i = 0; i < f.flow_calls.n; i++)
		if (f.flow_calls.v[i].lock)
			free((char *)f.flow_calls.v[i].lock_id);
	VEC_FREE(f.flow_calls);
	VEC_FREE(f.call_cursors);
	VEC_FREE(f.assigned);
	VEC_FREE(f.cond_locals);
	VEC_PUSH(out->functions, ff);
}

/* ---- function pointers stored in struct fields ---- */

struct init_walk {
	struct extractor *x;
	CXTranslationUnit tu;
	struct tu_facts *out;
	CXCursor fn;		/* the function whose body is walked, or null */
	char *object;		/* path of the variable being initialised, or NULL */
};

static void add_fnptr(struct init_walk *w, const char *sname, CXCursor field, CXCursor fn,
		      CXCursor where, const char *how, const char *object)
{
	struct fnptr_fact fp = { 0 };
	char *fname = spelling(field);

	fp.field = xasprintf("%s.%s", sname, fname);
	fp.fn_key = function_key(fn);
	fp.fn_name = spelling(fn);
	fp.file = file_of(clang_getCursorLocation(where), &fp.line, NULL);
	fp.how = xstrdup(how);
	fp.function = clang_Cursor_isNull(w->fn) ? NULL : spelling(w->fn);
	fp.object = object ? xstrdup(object) : NULL;
	free(fname);
	VEC_PUSH(w->out->fnptrs, fp);
}

struct field_list {
	VEC(CXCursor) v;
};

static enum CXVisitorResult collect_field(CXCursor c, CXClientData data)
{
	struct field_list *fl = data;

	VEC_PUSH(fl->v, c);
	return CXVisit_Continue;
}

static void walk_init_list(struct init_walk *w, CXCursor list, const char *object, int depth);

/* One initialised field of the object at path `object` */
static void init_value(struct init_walk *w, const char *sname, CXCursor field, CXCursor value,
		       const char *object, int depth)
{
	CXCursor fn;

	value = cursor_strip(value);
	if (clang_getCursorKind(value) == CXCursor_InitListExpr) {
		char *fname = clang_Cursor_isNull(field) ? NULL : spelling(field);
		char *sub = object && fname ? xasprintf("%s.%s", object, fname) : NULL;

		walk_init_list(w, value, sub, depth + 1);
		free(sub);
		free(fname);
	} else if (!clang_Cursor_isNull(field) && function_ref(value, &fn)) {
		add_fnptr(w, sname, field, fn, value, "initializer", object);
	}
}

static void walk_init_list(struct init_walk *w, CXCursor list, const char *object, int depth)
{
	CXType t = clang_getCursorType(list);
	struct field_list fields = { 0 };
	char *sname;
	int n, pos = 0;
	CXCursor *kid;

	if (depth > 6 || clang_getCanonicalType(t).kind != CXType_Record)
		return;
	sname = type_struct_name(t);
	if (!object)
		object = sname;	/* an object of this type, not known which */
	clang_Type_visitFields(clang_getCanonicalType(t), collect_field, &fields);
	kid = xmalloc(sizeof(CXCursor) * 512);
	n = cursor_children(list, kid, 512);
	for (int i = 0; i < n && i < 512; i++) {
		CXCursor sub[4], field = clang_getNullCursor();
		int ns = cursor_children(kid[i], sub, 4);

		/* a designated initializer: MemberRef designators, then the value */
		if (ns >= 2 && ns <= 4 && clang_getCursorKind(sub[0]) == CXCursor_MemberRef) {
			int last = 0;

			for (int k = 0; k < ns - 1; k++)
				if (clang_getCursorKind(sub[k]) == CXCursor_MemberRef)
					last = k;
			field = clang_getCursorReferenced(sub[last]);
			/* .a.b = fn: the object is a's, not known beyond the type */
			init_value(w, sname, field, sub[ns - 1], last ? NULL : object, depth);
			for (size_t k = 0; k < fields.v.n; k++)
				if (clang_equalCursors(fields.v.v[k], field))
					pos = (int)k + 1;
			continue;
		}
		if ((size_t)pos < fields.v.n)
			field = fields.v.v[pos];
		pos++;
		init_value(w, sname, field, kid[i], object, depth);
	}
	free(kid);
	free(sname);
	VEC_FREE(fields.v);
}

/* The path a store into a field of `base` names: a parameter stands for
 * any object of its type (see object_path()) */
static char *store_object(CXCursor fn, CXCursor base)
{
	char *p = clang_Cursor_isNull(fn) ? record_name(clang_getCursorType(base)) : object_path(fn, base, 0);

	if (p && strncmp(p, "param:", 6) == 0) {
		free(p);
		p = record_name(clang_getCursorType(base));
	}
	return p;
}

static enum CXChildVisitResult find_assignments(CXCursor c, CXCursor parent, CXClientData data)
{
	struct init_walk *w = data;
	CXCursor kid[2], fn, field, base[1];
	char op[4];
	char *sname, *object;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		char *saved = w->object;

		if (static_storage(c)) {
			char *key = variable_key(c);

			w->object = xasprintf("var:%s", key);
			free(key);
		} else {
			w->object = NULL;
		}
		clang_visitChildren(c, find_assignments, w);
		free(w->object);
		w->object = saved;
		return CXChildVisit_Continue;
	}
	if (clang_getCursorKind(c) == CXCursor_InitListExpr) {
		walk_init_list(w, c, w->object, 0);
		return CXChildVisit_Continue;
	}
	if (clang_getCursorKind(c) != CXCursor_BinaryOperator || cursor_children(c, kid, 2) != 2)
		return CXChildVisit_Recurse;
	if (!function_ref(kid[1], &fn))
		return CXChildVisit_Recurse;
	kid[0] = cursor_strip(kid[0]);
	if (clang_getCursorKind(kid[0]) != CXCursor_MemberRefExpr)
		return CXChildVisit_Recurse;
	cursor_operator(c, op, sizeof(op));
	if (strcmp(op, "=") != 0)
		return CXChildVisit_Recurse;
	field = clang_getCursorReferenced(kid[0]);
	if (clang_getCursorKind(field) != CXCursor_FieldDecl)
		return CXChildVisit_Recurse;
	sname = spelling(clang_getCursorSemanticParent(field));
	if (!*sname) {
		free(sname);
		sname = type_struct_name(clang_getCursorType(clang_getCursorSemanticParent(field)));
	}
	object = cursor_children(kid[0], base, 1) == 1 ? store_object(w->fn, base[0]) : NULL;
	add_fnptr(w, sname, field, fn, c, "assignment", object);
	free(object);
	free(sname);
	return CXChildVisit_Continue;
}

/* ---- the translation unit ---- */

struct tu_walk {
	struct extractor *x;
	CXTranslationUnit tu;
	struct tu_facts *out;
	CXFile main_file;
};

/* Written in the main file, also when produced by a macro used there
 * (DEFINE_TIMER(...), DEFINE_SPINLOCK(...)): clang_Location_isFromMainFile
 * says no for those, so compare expansion files instead. */
static bool in_main_file(const struct tu_walk *w, CXSourceLocation loc)
{
	CXFile file;
	unsigned line, col, off;

	clang_getExpansionLocation(loc, &file, &line, &col, &off);
	return file && w->main_file && clang_File_isEqual(file, w->main_file);
}

static bool claim_header_function(struct extractor *x, CXCursor fn)
{
	unsigned line, col;
	char *file = file_of(clang_getCursorLocation(fn), &line, &col);
	char *name = spelling(fn);
	char *key = xasprintf("%s:%u:%u:%s", file, line, col, name);
	bool mine = strset_add(x->claimed, key);

	free(key);
	free(name);
	free(file);
	return mine;
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
	struct tu_walk *w = data;
	CXSourceLocation loc = clang_getCursorLocation(c);
	enum CXCursorKind k = clang_getCursorKind(c);
	bool main_file;

	(void)parent;
	if (clang_Location_isInSystemHeader(loc))
		return CXChildVisit_Continue;
	main_file = in_main_file(w, loc);
	if (k == CXCursor_FunctionDecl && clang_isCursorDefinition(c)) {
		if (main_file || claim_header_function(w->x, c)) {
			struct init_walk iw = { w->x, w->tu, w->out, c, NULL };

			analyse_function(w->x, w->tu, c, w->out, !main_file);
			clang_visitChildren(c, find_assignments, &iw);
		}
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_VarDecl && main_file) {
		struct init_walk iw = { w->x, w->tu, w->out, clang_getNullCursor(), NULL };

		find_assignments(c, parent, &iw);
	}
	return CXChildVisit_Continue;
}

static void record_include(CXFile file, CXSourceLocation *stack, unsigned len, CXClientData data)
{
	struct tu_facts *out = data;
	char *path = cx_take(clang_File_tryGetRealPathName(file));

	(void)stack;
	(void)len;
	if (!*path) {
		free(path);
		path = cx_take(clang_getFileName(file));
	}
	VEC_PUSH(out->includes, path);
}

/* Arguments clang does not know (new GCC options) are dropped and the TU
 * parsed again; returns true if something was dropped. */
static bool drop_unknown_args(CXTranslationUnit tu, struct compile_job *job)
{
	unsigned n = clang_getNumDiagnostics(tu);
	bool dropped = false;

	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		char *msg = cx_take(clang_getDiagnosticSpelling(d));
		char *q = strchr(msg, '\'');

		if (q && (strstr(msg, "unknown argument") || strstr(msg, "unsupported option") ||
			  strstr(msg, "unknown warning option"))) {
			char *end = strchr(q + 1, '\'');

			if (end) {
				*end = '\0';
				dropped |= compdb_drop_arg(job, q + 1);
			}
		}
		free(msg);
		clang_disposeDiagnostic(d);
	}
	return dropped;
}

static void count_errors(CXTranslationUnit tu, struct tu_facts *out)
{
	unsigned n = clang_getNumDiagnostics(tu);

	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			if (!out->first_error)
				out->first_error = cx_take(clang_formatDiagnostic(d,
					CXDiagnostic_DisplaySourceLocation | CXDiagnostic_DisplayColumn));
			out->nerrors++;
		}
		clang_disposeDiagnostic(d);
	}
	out->failed = out->nerrors > 0;
}

static CXTranslationUnit parse(struct extractor *x, struct compile_job *job, enum CXErrorCode *ec)
{
	CXTranslationUnit tu = NULL;
	unsigned opts = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;

	for (int attempt = 0; attempt < 3; attempt++) {
		*ec = clang_parseTranslationUnit2(x->index, job->file, (const char *const *)job->argv,
						  job->argc, x->unsaved, x->nunsaved, opts, &tu);
		if (*ec != CXError_Success || !tu || !drop_unknown_args(tu, job))
			break;
		clang_disposeTranslationUnit(tu);
		tu = NULL;
	}
	return tu;
}

int extract_tu(struct extractor *x, struct compile_job *job, struct tu_facts *out)
{
	struct timespec t0, t1;
	CXTranslationUnit tu;
	enum CXErrorCode ec;
	struct tu_walk w = { x, NULL, out, NULL };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(out, 0, sizeof(*out));
	out->file = xstrdup(job->file);
	tu = parse(x, job, &ec);
	if (!tu) {
		out->failed = true;
		out->nerrors = 1;
		out->first_error = xasprintf("%s: libclang could not parse this file (error %d)",
					     job->file, (int)ec);
		return -1;
	}
	count_errors(tu, out);
	/* an AST rebuilt around errors yields false facts (a NULL check
	 * recovered away, a lock call that did not resolve): a TU that failed
	 * contributes nothing but its inputs, and claims no header function */
	if (!out->failed) {
		w.tu = tu;
		w.main_file = clang_getFile(tu, job->file);
		clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, &w);
	}
	clang_getInclusions(tu, record_include, out);
	clang_disposeTranslationUnit(tu);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	out->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return 0;
}

static void free_gfp(struct gfp_expr *e)
{
	free(e->text);
}

void tu_facts_free(struct tu_facts *tu)
{
	for (size_t i = 0; i < tu->functions.n; i++) {
		struct function_fact *f = &tu->functions.v[i];

		for (size_t j = 0; j < f->calls.n; j++) {
			struct call_fact *c = &f->calls.v[j];

			for (size_t a = 0; a < c->args.n; a++) {
				free(c->args.v[a].fn_key);
				free(c->args.v[a].fn_name);
				free(c->args.v[a].object);
				free_gfp(&c->args.v[a].gfp);
			}
			VEC_FREE(c->args);
			free(c->callee);
			free(c->shown);
			free(c->callee_key);
			free(c->via);
			free(c->text);
			free(c->lock_id);
			free_gfp(&c->flags);
		}
		VEC_FREE(f->calls);
		local_findings_free(f);
		free(f->cfg);
		free(f->name);
		free(f->key);
		free(f->file);
	}
	VEC_FREE(tu->functions);
	for (size_t i = 0; i < tu->fnptrs.n; i++) {
		free(tu->fnptrs.v[i].field);
		free(tu->fnptrs.v[i].fn_key);
		free(tu->fnptrs.v[i].fn_name);
		free(tu->fnptrs.v[i].file);
		free(tu->fnptrs.v[i].how);
		free(tu->fnptrs.v[i].function);
		free(tu->fnptrs.v[i].object);
	}
	VEC_FREE(tu->fnptrs);
	for (size_t i = 0; i < tu->includes.n; i++)
		free(tu->includes.v[i]);
	VEC_FREE(tu->includes);
	free(tu->file);
	free(tu->first_error);
}
