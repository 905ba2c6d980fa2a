/* SPDX-License-Identifier: GPL-2.0 */
/* C's control structures as libclang shows them: the one place that
 * tells the parts of a loop (for clauses that may be absent), of a
 * condition (constants, !, &&, ||, ?:, the comma operator, likely() and
 * _Generic wrappers, statement expressions) and of a statement
 * expression.  Both control-flow engines read the code through it: the
 * lock flow's block graph (cfg.c) and the pointer flow (local_ptrflow.c),
 * so that they cannot read one construct two ways (a `for (; c;)` loop
 * was once a condition to one and an init clause to the other).  What an
 * engine does with the parts (blocks, or abstract states) stays its own. */
#ifndef GFPCHECK_CTL_H
#define GFPCHECK_CTL_H

#include <clang-c/Index.h>
#include <stdbool.h>

/* A while, do or for statement.  Absent parts are null cursors; a
 * missing condition is true.  clauses_unknown: a for's clauses could not
 * be told apart (libclang omits absent ones and where they are spelled
 * was not readable); the n_clauses cursors before the body are in
 * `clause`, in order, and each engine reads them as best it can. */
struct ctl_loop {
	CXCursor init, cond, inc, body;
	bool is_do;
	bool clauses_unknown;
	CXCursor clause[3];
	int n_clauses;
};

/* The parts of a WhileStmt, DoStmt or ForStmt; false if c is none or
 * malformed. */
bool ctl_loop(CXCursor c, struct ctl_loop *lp);

enum ctl_cond_kind {
	CTL_COND_OTHER,		/* a test of a value: no structure to split */
	CTL_COND_CONST,		/* a constant after macro expansion: `value` */
	CTL_COND_NOT,		/* !a */
	CTL_COND_AND,		/* a && b */
	CTL_COND_OR,		/* a || b */
	CTL_COND_CHOOSE,	/* sel ? a : b */
	CTL_COND_COMMA,		/* a, b: a is evaluated, b is the value */
	CTL_COND_SAME,		/* tests a: likely(a), unlikely(a), a selected _Generic */
	CTL_COND_STMT_EXPR,	/* ({ stmts; a; }): use ctl_stmt_expr() */
};

struct ctl_cond {
	enum ctl_cond_kind kind;
	CXCursor a, b, sel;
	long long value;
};

/* is_wrapper(ctx, name): is a call to `name` a condition wrapper whose
 * first argument is the condition (rules: __builtin_expect)?  c is read
 * as it is; the caller strips parentheses and casts first. */
enum ctl_cond_kind ctl_cond(CXCursor c, bool (*is_wrapper)(void *ctx, const char *name),
			    void *ctx, struct ctl_cond *out);

/* A condition that is a constant after macro expansion (`while (1)`,
 * `do { } while (0)`, IS_ENABLED() of this configuration, -ENOMEM, an
 * enumerator).  The caller strips first. */
bool ctl_cond_constant(CXCursor c, long long *value);

/* The statements of a statement expression whose value is its last
 * expression statement: *n of them in a heap array (free()), the value
 * last.  False (nothing to free) if the last one is no expression. */
bool ctl_stmt_expr(CXCursor c, CXCursor **stmts, int *n);

#endif
