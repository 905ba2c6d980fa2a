/* SPDX-License-Identifier: GPL-2.0 */
/* C's statements and control structures as libclang shows them: the one
 * place that tells a statement's kind and parts (an if's condition and
 * branches, a case's value, a label's name, a goto's target, a return's
 * value, a block's statements, ...), the parts of a loop (for clauses
 * that may be absent), of a condition (constants, !, &&, ||, ?:, the
 * comma operator, likely() and _Generic wrappers, statement expressions)
 * and of a statement expression.  No other module names a libclang
 * statement kind (the test structure/statements-read-in-ctl says so).
 * Both control-flow engines read the code through it: the lock flow's
 * block graph (cfg.c) and the pointer flow (local_ptrflow.c), so that
 * they cannot read one construct two ways (a `for (; c;)` loop was once
 * a condition to one and an init clause to the other).  What an engine
 * does with the parts (blocks, or abstract states) stays its own. */
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
	bool is_do, is_for;
	bool clauses_unknown;
	CXCursor clause[3];
	int n_clauses;
};

enum ctl_cond_kind {
	CTL_COND_OTHER, /* a test of a value: no structure to split */
	CTL_COND_CONST, /* a constant after macro expansion: `value` */
	CTL_COND_NOT, /* !a */
	CTL_COND_AND, /* a && b */
	CTL_COND_OR, /* a || b */
	CTL_COND_CHOOSE, /* sel ? a : b */
	CTL_COND_COMMA, /* a, b: a is evaluated, b is the value */
	CTL_COND_SAME, /* tests a: likely(a), unlikely(a), a selected _Generic */
	CTL_COND_STMT_EXPR, /* ({ stmts; a; }): use ctl_stmt_expr() */
};

struct ctl_cond {
	enum ctl_cond_kind kind;
	CXCursor a, b, sel;
	long long value;
};

/* is_wrapper(ctx, name): is a call to `name` a condition wrapper whose
 * first argument is the condition (rules: __builtin_expect)?  c is read
 * as it is; the caller strips parentheses and casts first. */
enum ctl_cond_kind ctl_cond(CXCursor c,
			    bool (*is_wrapper)(void *ctx, const char *name),
			    void *ctx, struct ctl_cond *out);

/* A condition that is a constant after macro expansion (`while (1)`,
 * `do { } while (0)`, IS_ENABLED() of this configuration, -ENOMEM, an
 * enumerator).  The caller strips first. */
bool ctl_cond_constant(CXCursor c, long long *value);

/* The statements of a statement expression whose value is its last
 * expression statement: *n of them in a heap array (free()), the value
 * last.  False (nothing to free) if the last one is no expression. */
bool ctl_stmt_expr(CXCursor c, CXCursor **stmts, int *n);

/* The last statement of ({ ...; e; }) when it is an expression, or null
 * (e is stripped first). */
CXCursor ctl_stmt_expr_last(CXCursor e);

/* The value of a statement expression ({ ...; e; }): e, or when e is a
 * variable the expression declares, that variable's initialiser
 * (alloc_hooks(): ({ typeof(x) _res = x; ...; _res; }) is x).  Null if
 * the cursor is not a statement expression with a value. */
CXCursor ctl_stmt_expr_value(CXCursor e);

/* An expression with statement expressions looked through
 * (ctl_stmt_expr_value()): alloc_hooks(kmalloc_noprof(...)) is the call */
CXCursor ctl_value_expr(CXCursor e);

/* ---- statements ---- */

enum ctl_stmt_kind {
	CTL_STMT_EXPR, /* anything else: an expression, or read as one */
	CTL_STMT_COMPOUND, /* { kids } */
	CTL_STMT_DECL, /* declarations: kids (variables, and others) */
	CTL_STMT_IF, /* if (cond) then else els; els null if absent */
	CTL_STMT_LOOP, /* while, do, for: loop */
	CTL_STMT_SWITCH, /* switch (cond) body */
	CTL_STMT_CASE, /* case value: sub, or (is_default) default: sub */
	CTL_STMT_LABEL, /* label: sub */
	CTL_STMT_GOTO, /* goto label */
	CTL_STMT_INDIRECT_GOTO, /* goto *p */
	CTL_STMT_BREAK,
	CTL_STMT_CONTINUE,
	CTL_STMT_RETURN, /* return value; value null if none */
	CTL_STMT_NULL, /* ; */
	CTL_STMT_ASM, /* asm (...) */
};

/* A statement's parts; those its kind has not are null cursors.  kids
 * (COMPOUND, DECL) and label (LABEL, GOTO; NULL for a goto whose target
 * is not readable) are owned: ctl_stmt_free(). */
struct ctl_stmt {
	enum ctl_stmt_kind kind;
	CXCursor cond, then, els; /* IF; cond also SWITCH's value */
	CXCursor body; /* SWITCH */
	CXCursor value; /* RETURN; CASE (a range's low end) */
	CXCursor sub; /* CASE, LABEL: the statement labelled */
	bool is_default; /* CASE */
	struct ctl_loop loop; /* LOOP: ctl_loop() */
	CXCursor *kids; /* COMPOUND, DECL */
	int n_kids;
	char *label; /* LABEL, GOTO */
};

/* The kind alone, without reading parts (cheap, for visitors). */
enum ctl_stmt_kind ctl_stmt_kind(CXCursor c);
/* The body of a function definition (its last child, after its
 * parameters and attributes: a compound statement), or a null cursor */
CXCursor ctl_function_body(CXCursor fn);

/* The kind and the parts of c.  False, with kind CTL_STMT_EXPR and
 * nothing to free, when c is an if, a loop or a switch whose parts cannot
 * be read (an error in the source): the engines read it as an
 * expression. */
bool ctl_stmt(CXCursor c, struct ctl_stmt *out);

/* Frees what ctl_stmt() allocated; harmless after a false return. */
void ctl_stmt_free(struct ctl_stmt *s);

/* A choice between branches: an if statement or a ?: expression.
 * part[0] is the test, then the branch taken when it holds, then the
 * other (absent from an if without else).  The number of parts, 2 or 3;
 * 0 if c is neither or not readable. */
int ctl_choice(CXCursor c, CXCursor part[3]);

/* What the name of a function or of a pointer to one at the end of an
 * ast_walk_path() path is to the nearest node above it that is not a
 * parenthesis, a cast or a `*` (`(*fp)(x)` calls fp) */
enum ctl_use {
	CTL_USE_CALLED, /* the callee of a call */
	CTL_USE_ARGUMENT, /* an argument of a call */
	CTL_USE_TEST, /* only its truth: !x, ==, !=, && and ||, a condition */
	CTL_USE_ASSIGNED, /* the left side of `=` */
	/* its value kept: the right side of `=`, a variable's initialiser,
	 * an element of an initialiser list, the value returned */
	CTL_USE_STORED,
	CTL_USE_ADDRESS, /* the operand of `&` */
	CTL_USE_CHOSEN, /* an arm of `?:`: its value is the `?:`'s */
	CTL_USE_UNEVALUATED, /* in sizeof or alignof */
	CTL_USE_OTHER, /* anything else: its value goes on */
};
/* *up (may be NULL) gets the index on the path of the node that uses it;
 * 0, the root, where no node decides (CTL_USE_OTHER) */
enum ctl_use ctl_use_of(const CXCursor *path, size_t n, size_t *up);

#endif
