/* SPDX-License-Identifier: GPL-2.0 */
/* Function pointers stored in struct fields (facts.h fnptr_fact): by a
 * designated or positional initialiser (`static struct ops o = { .open =
 * f }`, nested lists too) or an assignment (`d->cb = f`), each with the
 * object stored into (names.h object_path()) where it is known. */
#ifndef GFPCHECK_FNPTRS_H
#define GFPCHECK_FNPTRS_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include "facts.h"

/* The stores in a function definition's body */
void fnptrs_in_function(CXCursor fn, struct tu_facts *out);
/* The stores of a file-scope variable's initialiser; `kept_only`: the
 * variable only keeps a symbol referenced (rules: addressable), so a
 * function's address in it does not escape */
void fnptrs_in_variable(CXCursor var, struct tu_facts *out, bool kept_only);

#endif
