// SPDX-License-Identifier: GPL-2.0
#include "fnptrs.h"
#include "ast.h"
#include "ctl.h"
#include "names.h"

#include <stdlib.h>
#include <string.h>

struct init_walk {
	struct tu_facts *out;
	CXCursor fn; /* the function whose body is walked, or null */
	char *object; /* path of the variable being initialised, or NULL */
	/* walking a constructor's body for its caller (constructed()): only
	 * the stores into the object it returns, `returned`, are kept, as
	 * stores into the caller's object `into`, made by `maker` */
	const char *returned, *into;
	CXCursor maker;
	int depth; /* constructors walked inside constructors */
	bool kept_only; /* addresses here escape nowhere (fnptrs.h) */
};

/* A store into function-pointer field `field` of struct `sname`: of
 * function fn, or with fn null an "unset" row: some object may hold
 * no function there (NULL, or a value not a function).  The solver
 * takes a field no row says so of, and that no assignment sets, as set
 * in every object of the tree (fields.h) */
static void add_fnptr(struct init_walk *w, const char *sname, CXCursor field,
		      CXCursor fn, CXCursor where, const char *how,
		      const char *object)
{
	struct fnptr_fact fp = { 0 };
	bool unset = clang_Cursor_isNull(fn);
	char *fname;

	if (w->returned) {
		if (!object || strcmp(object, w->returned) != 0)
			return; /* the constructor's own store, kept by its walk */
		object = w->into;
	}
	fname = la_spelling(field);
	fp.field = xasprintf("%s.%s", sname, fname);
	fp.fn_key = unset ? xstrdup("") : function_key(fn);
	fp.fn_name = unset ? xstrdup("") : la_spelling(fn);
	fp.file = fact_file(clang_getCursorLocation(where), &fp.line, NULL);
	fp.how = xstrdup(how);
	fp.function = clang_Cursor_isNull(w->maker) ? NULL :
						      la_spelling(w->maker);
	fp.object = object ? xstrdup(object) : NULL;
	free(fname);
	VEC_PUSH(w->out->fnptrs, fp);
}

static void walk_init_list(struct init_walk *w, CXCursor list,
			   const char *object, int depth);

/* The functions a stored value may be, at most two, into fn: a
 * function's name (or its address), or each arm of a `?:` that is one;
 * where the condition is constant, only the arm it chooses
 * (pm_sleep_ptr(fn) is `IS_ENABLED(CONFIG_PM_SLEEP) ? (fn) : NULL`).
 * *other: the value may also be something else (NULL, a variable), or
 * an arm is a `?:` itself, not followed. */
static int stored_functions(CXCursor value, CXCursor fn[2], bool *other)
{
	CXCursor part[3];
	long long chosen;
	bool constant;
	int n = 0;

	*other = false;
	value = cursor_strip(value);
	if (clang_getCursorKind(value) != CXCursor_ConditionalOperator) {
		if (function_ref(value, &fn[0]))
			return 1;
		*other = true;
		return 0;
	}
	if (ctl_choice(value, part) != 3) {
		*other = true;
		return 0;
	}
	constant = la_eval_int(part[0], &chosen);
	for (int arm = 1; arm <= 2; arm++) {
		if (constant && (chosen != 0) != (arm == 1))
			continue; /* a constant condition chooses the other */
		if (function_ref(part[arm], &fn[n]))
			n++;
		else
			*other = true;
	}
	return n;
}

/* A function whose address goes where no call, field or callback
 * parameter of the tree shows (`hook = fn;`, a function-pointer
 * variable's initialiser, an array of functions, `return fn;`): an
 * "escape" row, field "".  It may be called from anywhere (objects.h). */
static void add_escape(struct init_walk *w, CXCursor value)
{
	CXCursor fn[2];
	bool other;
	int n;

	if (w->kept_only)
		return;
	n = stored_functions(value, fn, &other);
	for (int k = 0; k < n; k++) {
		struct fnptr_fact fp = { 0 };

		fp.field = xstrdup("");
		fp.fn_key = function_key(fn[k]);
		fp.fn_name = la_spelling(fn[k]);
		fp.file = fact_file(clang_getCursorLocation(value), &fp.line,
				    NULL);
		fp.how = xstrdup("escape");
		VEC_PUSH(w->out->fnptrs, fp);
	}
}

/* How deep records inside records are followed for their fields (a
 * record holds the records it contains by value: no cycle) */
#define RECORD_DEPTH 8

/* The element type of (arrays of) t */
static CXType element_type(CXType t)
{
	for (int i = 0; i < 8; i++) {
		CXType e = clang_getArrayElementType(clang_getCanonicalType(t));

		if (e.kind == CXType_Invalid)
			break;
		t = e;
	}
	return clang_getCanonicalType(t);
}

/* Every function-pointer field of an object of type t (a record, or an
 * array of them) may hold no function, but `except`: an object without
 * an initialiser, a part of one an initialiser leaves out or fills by a
 * copy.  Records inside it are followed. */
static void unset_fields(struct init_walk *w, CXType t, CXCursor except,
			 CXCursor where, const char *object, int depth)
{
	CXCursor *fields;
	int nfields;
	char *sname;

	t = element_type(t);
	if (depth > RECORD_DEPTH || t.kind != CXType_Record)
		return;
	sname = type_struct_name(t);
	fields = record_fields(t, &nfields);
	for (int k = 0; k < nfields; k++) {
		CXType ft = clang_getCursorType(fields[k]);

		if (clang_equalCursors(fields[k], except))
			continue;
		if (type_is_function_pointer(ft))
			add_fnptr(w, sname, fields[k], clang_getNullCursor(),
				  where, "unset", object);
		else
			unset_fields(w, ft, clang_getNullCursor(), where, NULL,
				     depth + 1);
	}
	free(fields);
	free(sname);
}
static enum CXChildVisitResult find_assignments(CXCursor c, CXCursor parent,
						CXClientData data);

/* One initialised field of the object at path `object` */
static void init_value(struct init_walk *w, const char *sname, CXCursor field,
		       CXCursor value, const char *object, int depth)
{
	CXCursor fn[2];
	bool other;
	int n;

	value = cursor_strip(value);
	if (clang_getCursorKind(value) == CXCursor_InitListExpr) {
		char *fname = clang_Cursor_isNull(field) ? NULL :
							   la_spelling(field);
		char *sub = object && fname ?
				    xasprintf("%s.%s", object, fname) :
				    NULL;

		walk_init_list(w, value, sub, depth + 1);
		free(sub);
		free(fname);
	} else if (!clang_Cursor_isNull(field) &&
		   (n = stored_functions(value, fn, &other)) > 0) {
		for (int k = 0; k < n; k++)
			add_fnptr(w, sname, field, fn[k], value, "initializer",
				  object);
		if (other)
			add_fnptr(w, sname, field, clang_getNullCursor(), value,
				  "unset", object);
	} else if (!clang_Cursor_isNull(field) &&
		   type_is_function_pointer(clang_getCursorType(field))) {
		add_fnptr(w, sname, field, clang_getNullCursor(), value,
			  "unset", object);
	} else if (!clang_Cursor_isNull(field)) {
		/* a record filled by a copy: not known which fields */
		unset_fields(w, clang_getCursorType(field),
			     clang_getNullCursor(), value, NULL, 0);
	}
}

static void walk_init_list(struct init_walk *w, CXCursor list,
			   const char *object, int depth)
{
	CXType t = clang_getCursorType(list);
	CXCursor *fields;
	int nfields;
	char *sname;
	int n, pos = 0;
	CXCursor *kid;
	bool *given;

	if (depth > 6)
		return;
	if (clang_getCanonicalType(t).kind != CXType_Record) {
		/* an array's elements: each may leave any field out; a
		 * function in it is called through the array */
		unset_fields(w, t, clang_getNullCursor(), list, NULL, 0);
		kid = cursor_children_all(list, &n);
		for (int i = 0; i < n; i++)
			add_escape(w, kid[i]);
		free(kid);
		return;
	}
	sname = type_struct_name(t);
	if (!object)
		object = sname; /* an object of this type, not known which */
	fields = record_fields(t, &nfields);
	given = xcalloc((size_t)nfields + 1, sizeof(bool));
	kid = xmalloc(sizeof(CXCursor) * 512);
	n = cursor_children(list, kid, 512);
	for (int i = 0; i < n && i < 512; i++) {
		CXCursor sub[4], field = clang_getNullCursor();
		int ns = cursor_children(kid[i], sub, 4);

		/* a designated initializer: MemberRef designators, then the value */
		if (ns >= 2 && ns <= 4 &&
		    clang_getCursorKind(sub[0]) == CXCursor_MemberRef) {
			CXCursor first = clang_getCursorReferenced(sub[0]);
			int last = 0;

			for (int k = 0; k < ns - 1; k++)
				if (clang_getCursorKind(sub[k]) ==
				    CXCursor_MemberRef)
					last = k;
			field = clang_getCursorReferenced(sub[last]);
			/* .a.b = fn: the object is a's, not known beyond the
			 * type; a's other fields are left out (all of them
			 * for .a.b.c, whose b is given only in part) */
			init_value(w, sname, field, sub[ns - 1],
				   last ? NULL : object, depth);
			if (last)
				unset_fields(w, clang_getCursorType(first),
					     last == 1 ? field :
							 clang_getNullCursor(),
					     kid[i], NULL, 0);
			for (int k = 0; k < nfields; k++)
				if (clang_equalCursors(fields[k], first)) {
					given[k] = true;
					pos = (int)k + 1;
				}
			continue;
		}
		if (pos < nfields) {
			field = fields[pos];
			given[pos] = true;
		}
		pos++;
		init_value(w, sname, field, kid[i], object, depth);
	}
	/* the fields it leaves out are zero: no function */
	for (int k = 0; k < nfields; k++)
		if (!given[k] &&
		    type_is_function_pointer(clang_getCursorType(fields[k])))
			add_fnptr(w, sname, fields[k], clang_getNullCursor(),
				  list, "unset", object);
		else if (!given[k])
			unset_fields(w, clang_getCursorType(fields[k]),
				     clang_getNullCursor(), list, NULL, 0);
	free(given);
	free(kid);
	free(sname);
	free(fields);
}

/* How deep constructors are followed into constructors */
#define CONSTRUCTOR_DEPTH 3

struct return_find {
	int n;
	CXCursor value;
};

static enum CXChildVisitResult find_return(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	struct return_find *rf = data;
	struct ctl_stmt s;

	(void)parent;
	if (ctl_stmt_kind(c) != CTL_STMT_RETURN)
		return CXChildVisit_Recurse;
	if (++rf->n == 1 && ctl_stmt(c, &s)) {
		if (!clang_Cursor_isNull(s.value))
			rf->value = cursor_strip(s.value);
		ctl_stmt_free(&s);
	}
	return CXChildVisit_Continue;
}

/*
 * A struct object `into` (a caller's local) given the value of a call to
 * a constructor defined in this translation unit, one that returns a
 * struct it fills (drm_print.h's `struct drm_printer p =
 * drm_debug_printer(prefix)`: `struct drm_printer p = { .printfn =
 * __drm_printfn_debug, ... }; return p;`): the function pointers the
 * constructor stores into the object it returns, by its initialiser, a
 * compound literal or assignments, are stores into `into`, so that a call
 * through the caller's object reaches them.  A constructor with more than
 * one return is not followed.
 */
static void constructed(struct init_walk *w, CXCursor value, const char *into)
{
	struct return_find rf = { 0, clang_getNullCursor() };
	CXCursor callee, def, list[2];
	int n;
	char *returned;

	value = cursor_strip(value);
	if (w->depth >= CONSTRUCTOR_DEPTH ||
	    clang_getCursorKind(value) != CXCursor_CallExpr)
		return;
	if (w->returned) {
		/* a constructor's own local: only the object it returns is
		 * its caller's */
		if (strcmp(into, w->returned) != 0)
			return;
		into = w->into;
	}
	callee = la_callee(value);
	if (clang_Cursor_isNull(callee))
		return;
	def = clang_getCursorDefinition(callee);
	if (clang_Cursor_isNull(def) ||
	    clang_getCursorKind(def) != CXCursor_FunctionDecl)
		return;
	clang_visitChildren(def, find_return, &rf);
	if (rf.n != 1 || clang_Cursor_isNull(rf.value))
		return;
	if (clang_getCursorKind(rf.value) == CXCursor_CompoundLiteralExpr) {
		struct init_walk sub = { w->out, def,	   NULL,	 NULL,
					 NULL,	 w->maker, w->depth + 1, false };

		/* a TypeRef may come before the list */
		n = cursor_children(rf.value, list, 2);
		if (n >= 1 && n <= 2 &&
		    clang_getCursorKind(list[n - 1]) == CXCursor_InitListExpr)
			walk_init_list(&sub, list[n - 1], into, 0);
		return;
	}
	if (clang_getCursorKind(rf.value) != CXCursor_DeclRefExpr ||
	    !(returned =
		      struct_object_path(clang_getCursorReferenced(rf.value))))
		return;
	{
		struct init_walk sub = { w->out,       def,  NULL,
					 returned,     into, w->maker,
					 w->depth + 1, false };

		clang_visitChildren(def, find_assignments, &sub);
	}
	free(returned);
}

/* The path a store into a field of `base` names: a parameter stands for
 * any object of its type (see object_path()) */
static char *store_object(CXCursor fn, CXCursor base)
{
	char *p = clang_Cursor_isNull(fn) ?
			  record_name(clang_getCursorType(base)) :
			  object_path(fn, base);

	if (p && strncmp(p, "param:", 6) == 0) {
		free(p);
		p = record_name(clang_getCursorType(base));
	}
	return p;
}

static enum CXChildVisitResult find_assignments(CXCursor c, CXCursor parent,
						CXClientData data)
{
	struct init_walk *w = data;
	CXCursor kid[2], fns[2], field, base[1];
	char op[4];
	char *sname, *object;
	bool other;
	int nfns;

	(void)parent;
	if (ctl_stmt_kind(c) == CTL_STMT_RETURN) {
		struct ctl_stmt st;

		if (ctl_stmt(c, &st)) {
			if (!clang_Cursor_isNull(st.value))
				add_escape(w, st.value);
			ctl_stmt_free(&st);
		}
		return CXChildVisit_Recurse;
	}
	if (clang_getCursorKind(c) == CXCursor_VarDecl) {
		char *saved = w->object;

		if (!clang_Cursor_isNull(la_var_init(c)))
			add_escape(w, la_var_init(c));

		if (object_variable(c)) {
			char *key = variable_key(c);

			w->object = xasprintf("var:%s", key);
			free(key);
		} else {
			w->object = NULL;
		}
		if ((object = struct_object_path(c))) {
			constructed(w, la_var_init(c), object);
			free(object);
		}
		/* a definition without an initialiser: all zero (a local's
		 * fields are then assigned, and said so) */
		if (clang_Cursor_isNull(la_var_init(c)) &&
		    clang_Cursor_getStorageClass(c) != CX_SC_Extern)
			unset_fields(w, clang_getCursorType(c),
				     clang_getNullCursor(), c, w->object, 0);
		clang_visitChildren(c, find_assignments, w);
		free(w->object);
		w->object = saved;
		return CXChildVisit_Continue;
	}
	if (clang_getCursorKind(c) == CXCursor_InitListExpr) {
		walk_init_list(w, c, w->object, 0);
		return CXChildVisit_Continue;
	}
	if (clang_getCursorKind(c) != CXCursor_BinaryOperator ||
	    cursor_children(c, kid, 2) != 2)
		return CXChildVisit_Recurse;
	kid[0] = cursor_strip(kid[0]);
	la_op(c, op, sizeof(op));
	/* `p = drm_seq_file_printer(m)`: a struct assigned a constructor's
	 * value */
	if (strcmp(op, "=") == 0 &&
	    clang_getCursorKind(kid[0]) == CXCursor_DeclRefExpr &&
	    (object = struct_object_path(clang_getCursorReferenced(kid[0])))) {
		constructed(w, kid[1], object);
		free(object);
		return CXChildVisit_Recurse;
	}
	if (strcmp(op, "=") == 0 &&
	    clang_getCursorKind(kid[0]) != CXCursor_MemberRefExpr)
		add_escape(w, kid[1]);
	if (clang_getCursorKind(kid[0]) != CXCursor_MemberRefExpr ||
	    strcmp(op, "=") != 0)
		return CXChildVisit_Recurse;
	field = clang_getCursorReferenced(kid[0]);
	if (clang_getCursorKind(field) != CXCursor_FieldDecl)
		return CXChildVisit_Recurse;
	/* `ops->request = NULL;`, `= cb;`: no function known */
	nfns = stored_functions(kid[1], fns, &other);
	if (!nfns && !type_is_function_pointer(clang_getCursorType(field)))
		return CXChildVisit_Recurse;
	sname = la_spelling(clang_getCursorSemanticParent(field));
	if (!*sname) {
		free(sname);
		sname = type_struct_name(clang_getCursorType(
			clang_getCursorSemanticParent(field)));
	}
	object = cursor_children(kid[0], base, 1) == 1 ?
			 store_object(w->fn, base[0]) :
			 NULL;
	for (int k = 0; k < nfns; k++)
		add_fnptr(w, sname, field, fns[k], c, "assignment", object);
	if (other && type_is_function_pointer(clang_getCursorType(field)))
		add_fnptr(w, sname, field, clang_getNullCursor(), c, "unset",
			  object);
	free(object);
	free(sname);
	return nfns ? CXChildVisit_Continue : CXChildVisit_Recurse;
}

/*
 * ast_walk_path()'s visit: a function named where its address goes on
 * unseen, an "escape" row.  What the tree's calls and the other rows show
 * is not: a call of it, an argument (the call graph follows a function
 * handed to a callback parameter, and takes one handed elsewhere as
 * entered from anywhere, objects.h), a test, a value stored (a field's
 * row, or add_escape()'s), also as an arm of a stored `?:`
 * (stored_functions()), sizeof.  Anything else is: an integer computed
 * from it, an inline-asm operand, a `?:` called or handed on, a
 * statement expression's value...  So what escapes is the complement of
 * what is seen, not a list of the ways to escape.
 */
static void escaping_ref(const CXCursor *path, size_t n, void *ctx)
{
	struct init_walk *w = ctx;
	CXCursor c = path[n - 1], fn, fns[2];
	enum ctl_use use;
	bool chosen = false, other;
	size_t up;
	int nfns;

	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr ||
	    clang_getCursorKind(fn = clang_getCursorReferenced(c)) !=
		    CXCursor_FunctionDecl)
		return;
	for (;;) {
		use = ctl_use_of(path, n, &up);
		if (use == CTL_USE_ADDRESS) { /* &fn is fn */
			n = up + 1;
			continue;
		}
		if (use != CTL_USE_CHOSEN || chosen)
			break;
		/* an arm of `?:`: stored_functions() takes the arms a store
		 * of the `?:` may hold, none a constant condition leaves */
		nfns = stored_functions(path[up], fns, &other);
		if (!(nfns > 0 && clang_equalCursors(fns[0], fn)) &&
		    !(nfns > 1 && clang_equalCursors(fns[1], fn)))
			return;
		chosen = true;
		n = up + 1;
	}
	/* the calls' facts show a function named as a callee or an
	 * argument, not one chosen by `?:` there */
	if (use == CTL_USE_TEST || use == CTL_USE_STORED ||
	    use == CTL_USE_UNEVALUATED ||
	    (!chosen && (use == CTL_USE_CALLED || use == CTL_USE_ARGUMENT)))
		return;
	add_escape(w, c);
}

void fnptrs_in_function(CXCursor fn, struct tu_facts *out)
{
	struct init_walk w = { out, fn, NULL, NULL, NULL, fn, 0, false };

	clang_visitChildren(fn, find_assignments, &w);
	ast_walk_path(fn, escaping_ref, &w);
}

void fnptrs_in_variable(CXCursor var, struct tu_facts *out, bool kept_only)
{
	struct init_walk w = { out,  clang_getNullCursor(), NULL, NULL,
			       NULL, clang_getNullCursor(), 0,	  kept_only };

	find_assignments(var, clang_getNullCursor(), &w);
	ast_walk_path(var, escaping_ref, &w);
}
