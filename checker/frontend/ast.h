/* SPDX-License-Identifier: GPL-2.0 */
/* Generic libclang helpers: children, searches, spellings, tokens,
 * operators, constants, callees.  They know C and libclang 14, nothing of
 * the kernel, the rules or the facts, and depend on util.c only; every
 * module that reads the AST builds on them. */
#ifndef GFPCHECK_AST_H
#define GFPCHECK_AST_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stddef.h>
#include "util.h"

/* ---- children and searches ---- */

/* Counts every child, stores the first `max` in out. */
int cursor_children(CXCursor c, CXCursor *out, int max);
/* All children, on the heap (a compound statement can have many); the
 * caller frees the array, which is never NULL. */
CXCursor *cursor_children_all(CXCursor c, int *n);
/* The fields of a record type, in order (clang_Type_visitFields()); the
 * caller frees the array */
CXCursor *record_fields(CXType t, int *n);
/* A pointer to a function (a function-pointer field, parameter, ...) */
bool type_is_function_pointer(CXType t);

/* What a search's predicate says of one cursor */
enum ast_match {
	AST_MATCH, /* this one: the search ends */
	AST_DESCEND, /* not this one; look inside it */
	AST_SKIP, /* not this one, nor anything inside it */
};
typedef enum ast_match (*ast_match_fn)(CXCursor c, void *ctx);
/* The first cursor in pre-order below root (and root itself when `self`)
 * that `match` accepts, or a null cursor. */
CXCursor ast_find(CXCursor root, bool self, ast_match_fn match, void *ctx);
bool cursor_contains_call(CXCursor c); /* c or a descendant is a CallExpr */
/* Visits every node below root in pre-order with the nodes above it:
 * path[0] is root, path[n - 1] the node visited (libclang's own
 * recursion keeps the walk off the C stack) */
typedef void (*ast_path_fn)(const CXCursor *path, size_t n, void *ctx);
void ast_walk_path(CXCursor root, ast_path_fn visit, void *ctx);
/* One node: its kind and extent (libclang's recursive visit and a visit
 * of its parent's children give distinct cursors for one node) */
bool same_node(CXCursor a, CXCursor b);

/* ---- expressions ---- */

CXCursor cursor_strip(CXCursor c); /* parens, implicit casts, C casts */
/* The operator of a unary or binary operator cursor ("!", "&&", "|", ...),
 * "" if unknown (postfix ++/-- too).  libclang 14 has no opcode API and
 * its pretty printer prints declarations only, so the operator is read
 * from the tokens: a prefix operator is the token at the expression's
 * start, a binary one the token before its right operand (read at most
 * 512 bytes back, so a very long line stays linear), also when the
 * operands and the operator come from different macro buffers. */
void la_op(CXCursor c, char *op, size_t size);
/* An assignment, increment or decrement (or, with address_of, `&x`) of
 * the DeclRefExpr `*target` names; the operator's tokens are read only
 * when its first operand is a variable reference, the common case that
 * makes this cheap */
bool la_writes_var(CXCursor c, bool address_of, CXCursor *target);
/* The same for a field: the MemberRefExpr `*target` (`dev->busy = 1;`,
 * `&dev->busy` with address_of) */
bool la_writes_member(CXCursor c, bool address_of, CXCursor *target);
/* clang's evaluation of c as an integer, whatever c is */
bool cursor_evaluate_int(CXCursor c, long long *v);
/* A constant integer expression with no calls */
bool la_eval_int(CXCursor c, long long *v);
bool la_is_null_const(CXCursor c);
bool la_is_pointer(CXCursor e); /* an expression of pointer type */
/* 1 for a signed integer type, 0 for an unsigned one (a character type as
 * the target has it), -1 for any other type */
int la_integer_signed(CXType t);
/* Same value: equal constants or equal printed form */
bool la_same_expr(CXCursor a, CXCursor b);
/* Argument idx of a call, stripped of parens and implicit casts */
CXCursor la_arg(CXCursor call, int idx);
/* The function a call calls: its referenced declaration, also through a
 * _Generic selection (seqlock.h's __seqprop(s, prop)(s)), whose type is
 * the selected association's; a null cursor for a call through a pointer */
CXCursor la_callee(CXCursor call);
/* The association a _Generic selection selects: the only one of the
 * selection's type, or the only one calling a function whose first
 * parameter points to the controlling expression's type; else null */
CXCursor la_generic_selected(CXCursor gs);
/* For a DeclRefExpr to a local variable with an initializer whose name
 * starts with "__" (a macro's temporary, e.g. fortify's __fortify_size),
 * that initializer; otherwise c itself.  Stripped. */
CXCursor la_macro_temp(CXCursor c);

/* ---- declarations and variables ---- */

/* A variable's initialiser, or a null cursor */
CXCursor la_var_init(CXCursor var);
/* The index of parameter declaration parm among fn's, or -1 */
int cursor_param_index(CXCursor fn, CXCursor parm);
/* Does the subtree reference one of the function's parameters whose
 * bit (1 << index, index < 32) param_mask has? */
bool la_refs_param(CXCursor fn, CXCursor e, unsigned param_mask);
/* The key of a VarDecl/ParmDecl cursor itself, as la_key() keys a
 * reference to it; disp (may be NULL) gets its name. */
bool la_var_key(CXCursor var, char *key, size_t ksize, char *disp,
		size_t dsize);
/* Key of an lvalue: a variable ("name@offset") or a member chain rooted at
 * one ("s@12->buf"); disp gets the readable form ("s->buf"). */
bool la_key(CXCursor e, char *key, size_t ksize, char *disp, size_t dsize);

/* ---- spellings, tokens, locations ---- */

char *cx_take(CXString s); /* a copy of s ("" for none); disposes s */
char *la_spelling(CXCursor c);
char *la_pretty(CXCursor c); /* the expression as written (its tokens) */
/* The expression's tokens as spelled, concatenated without spaces
 * ("&dev->lock"); "" if its spelling is not one contiguous run. */
char *cursor_tokens(CXCursor c);
/* Tokens are borrowed: each file's are lexed once per translation unit
 * and kept until la_dispose_tu() on the thread
 * that asked for them; callers never dispose them. */
/* The tokens of file from offset `from` to `to`, as clang_tokenize()
 * reads that range: those that start before `to`, and the one at `to`
 * unless the one before ends there */
void la_file_tokens(CXTranslationUnit tu, CXFile file, unsigned from,
		    unsigned to, const CXToken **toks, unsigned *n);
/* The tokens of c as written in a file: its own text (also inside a macro
 * argument), or for a cursor from a macro's body, the macro invocation. */
void la_tokenize(CXCursor c, const CXToken **toks, unsigned *n);
/* The tokens of file that start in the `window` bytes from offset off */
void tokens_from(CXTranslationUnit tu, CXFile file, unsigned off,
		 unsigned window, const CXToken **toks, unsigned *n);
/* Is c written where it is used as a name (a macro or an identifier), not
 * as its own literal text? */
bool la_written_as_name(CXCursor c);
/* clang_disposeTranslationUnit(), dropping the TU's kept tokens first */
void la_dispose_tu(CXTranslationUnit tu);
unsigned la_line(CXCursor c); /* expansion line */
unsigned cursor_offset(CXCursor c); /* expansion offset in its file */
/* expansion offset of the end of c's extent, at least cursor_offset(c) */
unsigned cursor_end_offset(CXCursor c);

#endif
