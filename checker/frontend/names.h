/* SPDX-License-Identifier: GPL-2.0 */
/* How the facts name files, functions, variables and objects, so that
 * every TU and the solver agree on them (facts.h: function keys, call
 * arguments' object paths, function-pointer stores). */
#ifndef GFPCHECK_NAMES_H
#define GFPCHECK_NAMES_H

#include <clang-c/Index.h>
#include <stdbool.h>

/* A file's real path, or its name as given when it has none */
char *fact_path(CXFile file);
/* The file of loc's expansion (fact_path(); "" for none), and its line
 * and column where line and col are not NULL */
char *fact_file(CXSourceLocation loc, unsigned *line, unsigned *col);
/* "name" for external linkage, "file#name" for static functions */
char *function_key(CXCursor decl);
/* "name" for a variable of external linkage, "file#name" otherwise,
 * "file#function:name" for one declared in a function */
char *variable_key(CXCursor var);
/* A variable of static storage: file scope, `static` or `extern` */
bool static_storage(CXCursor var);
/* A variable whose address names one object: of static storage, or a
 * struct local to a function (`struct x86_mapping_info info = {...}`,
 * whose address the function passes on) */
bool object_variable(CXCursor var);
/* "var:KEY" of an object_variable() of a struct type (its key as
 * variable_key()); NULL for any other variable */
char *struct_object_path(CXCursor var);
/* The name of a record type's declaration, else the type as printed */
char *type_struct_name(CXType t);
/* The struct a value of type t is, or points to: its name, or NULL */
char *record_name(CXType t);
/* "STRUCT.FIELD" of a FieldDecl, by the struct that declares it (its
 * name, or its type as printed): a field whatever object holds it; NULL
 * if the parent is no struct */
char *field_key(CXCursor field);
/* A function named by arg (`fn` or `&fn`): *fn gets its declaration */
bool function_ref(CXCursor arg, CXCursor *fn);
/* The object an expression designates, or points to when its value is a
 * pointer, as a path that a registration and a store into the same object
 * share (notifier chains, work items: see `chain` in rules/contexts.rules):
 *   "var:KEY"   an object_variable() (its key as variable_key());
 *   "param:N"   what the function's own pointer parameter N points to;
 *   then ".field" per member, so &priv->nb is "mydrv.nb" and
 *   (&priv->dwork)->work is "mydrv.dwork.work".
 * Where the root is not known (a parameter's member, a local without an
 * initialiser, a call's result), the name of the root's struct type stands
 * for any object of that type.  & and * are transparent: a pointer names
 * the object it points to.  NULL: not an object of a struct type.  fn is
 * the function the expression is in. */
char *object_path(CXCursor fn, CXCursor e);

#endif
