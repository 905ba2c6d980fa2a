// SPDX-License-Identifier: GPL-2.0
#include "names.h"
#include "ast.h"

#include <stdlib.h>
#include <string.h>

char *fact_path(CXFile file)
{
	char *path = cx_take(clang_File_tryGetRealPathName(file));

	if (!*path) {
		free(path);
		path = cx_take(clang_getFileName(file));
	}
	return path;
}

char *fact_file(CXSourceLocation loc, unsigned *line, unsigned *col)
{
	CXFile file;
	unsigned l, c, off;

	clang_getExpansionLocation(loc, &file, &l, &c, &off);
	if (line)
		*line = l;
	if (col)
		*col = c;
	return file ? fact_path(file) : xstrdup("");
}

char *function_key(CXCursor decl)
{
	char *name = la_spelling(decl);
	CXCursor def;
	char *file, *key;

	if (clang_getCursorLinkage(decl) != CXLinkage_Internal)
		return name;
	def = clang_getCursorDefinition(decl);
	if (clang_Cursor_isNull(def))
		def = decl;
	file = fact_file(clang_getCursorLocation(def), NULL, NULL);
	key = xasprintf("%s#%s", file, name);
	free(file);
	free(name);
	return key;
}

char *type_struct_name(CXType t)
{
	CXCursor decl = clang_getTypeDeclaration(clang_getCanonicalType(t));
	char *s = la_spelling(decl);

	if (!*s) {
		free(s);
		s = cx_take(clang_getTypeSpelling(clang_getCanonicalType(t)));
	}
	return s;
}

char *record_name(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	if (t.kind != CXType_Record)
		return NULL;
	return type_struct_name(t);
}

char *field_key(CXCursor field)
{
	char *rec = record_name(
		     clang_getCursorType(clang_getCursorSemanticParent(field))),
	     *name, *key;

	if (!rec)
		return NULL;
	name = la_spelling(field);
	key = xasprintf("%s.%s", rec, name);
	free(rec);
	free(name);
	return key;
}

char *variable_key(CXCursor var)
{
	char *name = la_spelling(var), *file, *key;
	CXCursor parent;

	if (clang_getCursorLinkage(var) == CXLinkage_External)
		return name;
	file = fact_file(clang_getCursorLocation(var), NULL, NULL);
	parent = clang_getCursorSemanticParent(var);
	if (clang_getCursorKind(parent) == CXCursor_FunctionDecl) {
		char *fn = la_spelling(parent);

		key = xasprintf("%s#%s:%s", file, fn, name);
		free(fn);
	} else {
		key = xasprintf("%s#%s", file, name);
	}
	free(file);
	free(name);
	return key;
}

bool static_storage(CXCursor var)
{
	return clang_getCursorKind(clang_getCursorSemanticParent(var)) ==
		       CXCursor_TranslationUnit ||
	       clang_Cursor_getStorageClass(var) == CX_SC_Static ||
	       clang_Cursor_getStorageClass(var) == CX_SC_Extern;
}

bool object_variable(CXCursor var)
{
	return clang_getCursorKind(var) == CXCursor_VarDecl &&
	       (static_storage(var) ||
		clang_getCanonicalType(clang_getCursorType(var)).kind ==
			CXType_Record);
}

char *struct_object_path(CXCursor var)
{
	char *key, *p;

	if (!object_variable(var) ||
	    clang_getCanonicalType(clang_getCursorType(var)).kind !=
		    CXType_Record)
		return NULL;
	key = variable_key(var);
	p = xasprintf("var:%s", key);
	free(key);
	return p;
}

/* object_path(), at most 8 levels down */
static char *object_path_at(CXCursor fn, CXCursor e, int depth)
{
	CXCursor kid[2];
	enum CXCursorKind k;

	e = cursor_strip(e);
	k = clang_getCursorKind(e);
	if (depth > 8)
		return record_name(clang_getCursorType(e));
	if (k == CXCursor_UnaryOperator && cursor_children(e, kid, 1) == 1)
		return object_path_at(fn, kid[0], depth + 1);
	if (k == CXCursor_ArraySubscriptExpr && cursor_children(e, kid, 2) == 2)
		return object_path_at(fn, kid[0], depth + 1);
	if (k == CXCursor_MemberRefExpr && cursor_children(e, kid, 1) == 1) {
		CXCursor field = clang_getCursorReferenced(e);
		char *base = object_path_at(fn, kid[0], depth + 1), *fname, *p;

		if (clang_getCursorKind(field) != CXCursor_FieldDecl) {
			free(base);
			return NULL;
		}
		if (!base || strncmp(base, "param:", 6) == 0) {
			free(base);
			return field_key(field); /* any object of the struct */
		}
		fname = la_spelling(field);
		p = xasprintf("%s.%s", base, fname);
		free(base);
		free(fname);
		return p;
	}
	if (k == CXCursor_DeclRefExpr) {
		CXCursor ref = clang_getCursorReferenced(e);
		enum CXCursorKind rk = clang_getCursorKind(ref);

		if (rk == CXCursor_ParmDecl &&
		    clang_getCanonicalType(clang_getCursorType(ref)).kind ==
			    CXType_Pointer) {
			int idx = cursor_param_index(fn, ref);

			if (idx >= 0)
				return xasprintf("param:%d", idx);
		}
		if (object_variable(ref)) {
			char *key = variable_key(ref),
			     *p = xasprintf("var:%s", key);

			free(key);
			return p;
		}
		if (rk == CXCursor_VarDecl &&
		    clang_getCanonicalType(clang_getCursorType(ref)).kind ==
			    CXType_Pointer) {
			CXCursor init = la_var_init(ref);

			if (!clang_Cursor_isNull(init)) {
				char *p = object_path_at(fn, init, depth + 1);

				if (p && strncmp(p, "param:", 6) != 0)
					return p;
				free(p);
			}
		}
	}
	return record_name(clang_getCursorType(e));
}

bool function_ref(CXCursor arg, CXCursor *fn)
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

char *object_path(CXCursor fn, CXCursor e)
{
	return object_path_at(fn, e, 0);
}
