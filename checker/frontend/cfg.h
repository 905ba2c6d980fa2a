/* SPDX-License-Identifier: GPL-2.0 */
/* Control-flow graph of one function body, built from the libclang AST.
 *
 * The parts of loops and conditions are read through ctl.h, as the
 * pointer flow (local_ptrflow.h) reads them.
 *
 * Blocks hold events in evaluation order; an event is a call expression
 * (registered with the caller-supplied callback, which returns its index)
 * or the success edge of a trylock.  Conditions are lowered with
 * short-circuit semantics, so `if (x && spin_trylock(l))` holds the lock
 * only on the true edge. */
#ifndef GFPCHECK_CFG_H
#define GFPCHECK_CFG_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stdint.h>
#include "util.h"

enum event_kind {
	EV_CALL, /* the call with index `call` is evaluated */
	/* the call `call`, tested by a condition, returned true (non-zero) /
	 * false (zero): every tested call has both, on the edges of its
	 * test, since at solve time its callee may turn out to act on the
	 * context on one outcome only (a trylock, or a helper that returns
	 * true having dropped its caller's lock) */
	EV_TRY_OK,
	EV_CALL_FALSE,
	/* a condition that is a variable whose tests agree until it is
	 * assigned again (a parameter or local the function never changes,
	 * or one it assigns only by statements of their own, each marked
	 * EV_ASSIGN) was true / false: `call` is its parameter index (< 32:
	 * `if (notify)`, `if (!notify)`) or 32 + n for the function's n-th
	 * such local variable (`bool should_lock = ...; if (should_lock)`)
	 * or field of an unchanged pointer (`if (ohci->autostop)`); also,
	 * inside a block, after a dereference of such a pointer (`p->f`:
	 * true from there on, cfg_callbacks.deref_cond_var) */
	EV_PARAM_TRUE,
	EV_PARAM_FALSE,
	/* a return statement with a value; `call` is what it gives: */
	EV_RETURN,
	/* value locals (cfg_callbacks.value_local), `call` their index:
	 * the statement `wakeup = 0;` writes one here */
	EV_WRITE,
	/* this edge is taken only where the value local no longer holds its
	 * initial constant: `int wakeup = -1; ... if (wakeup >= 0)` */
	EV_CHANGED,
	/* this edge is taken only where parameter `call` (< 32) equals /
	 * differs from the constant `value`: `if (event == NETDEV_REGISTER)`,
	 * `case NETDEV_UP:` of `switch (event)` */
	EV_PARAM_EQ,
	EV_PARAM_NE,
	/* this edge is taken only where parameter `call` (< 32) has some bit
	 * of the constant `value` set / none of them: `if (flags &
	 * MSG_ZEROCOPY)`, `if (!(flags & MSG_PROBE))` */
	EV_PARAM_ANYBIT,
	EV_PARAM_NOBIT,
	/* the condition variable `call` (see EV_PARAM_TRUE) gets a new value
	 * here, by a statement of its own (`pte = ...;`, `flags |= X;`) or a
	 * local's declaration: its tests before and after need not agree, and
	 * a parameter no longer holds what its caller passed */
	EV_ASSIGN,
	/* the statement `p->field = v;` stores condition variable `value`
	 * (see EV_PARAM_TRUE) in the field of an unchanged pointer: `call`
	 * is the store's index (cfg_callbacks.stored_cond_var), so that a
	 * callee given p can be told what the caller knows of v
	 * (path_init()'s `nd->flags = flags`) */
	EV_STORE,
	/* parameter `call` (< 32), which no test marks, is dereferenced here
	 * (`p->field`): it is not NULL from here on.  Kept for a parameter
	 * the function passes on to a call (extract.c resolve_derefs()), for
	 * the solver to know that argument true (failed_creating() reads
	 * dentry->d_parent before its dput(dentry)) */
	EV_DEREF,
	/* the edge into the body of `if (WARN_ON(x))`
	 * (cfg_callbacks.is_unexpected): a situation the kernel says should
	 * never happen (coding-style.rst: WARN*() "is intended for
	 * unexpected, this-should-never-happen situations").  `call` is 0 */
	EV_UNEXPECTED,
	/* this edge is taken only where the function-pointer field `call`
	 * (an index into cfg_callbacks.tested_fnptr_field()'s list, on any
	 * object: `if (hdev->ll_driver->request)`) holds a function / is
	 * NULL.  The solver drops the edges a whole tree's stores decide
	 * (fields.h) */
	EV_FNPTR_SET,
	EV_FNPTR_NULL,
	/* identity local `call` (cfg_callbacks.identities_written) may get
	 * a new value here: the expression or statement that follows writes
	 * it or takes its address.  A call's outcome known for its value
	 * before holds no more after (results.h) */
	EV_LOCAL_WRITE, /* the last kind (extract.c NEVENT_KINDS) */
};

enum return_value {
	RET_FALSE, /* a constant zero (false, 0, NULL) */
	RET_TRUE, /* a non-zero constant (true, -ENOMEM) */
	RET_OTHER, /* a value not constant */
};

struct event {
	enum event_kind kind;
	int call;
	long long value; /* EV_PARAM_EQ, _NE, _ANYBIT, _NOBIT */
};

struct block {
	VEC(struct event) events;
	VEC(int) succ;
};

struct cfg {
	VEC(struct block) blocks;
	int entry, exit;
};

/* The initial value of a value local (see cfg_callbacks.value_local), as
 * its type holds it (truncated to `bits`, sign-extended if signed) */
struct value_local_type {
	long long init;
	unsigned bits;
	bool is_signed;
};

struct cfg_callbacks {
	void *ctx;
	/* registers a CallExpr, returns its index */
	int (*on_call)(void *ctx, CXCursor call);
	/* name of a condition wrapper such as __builtin_expect? */
	bool (*is_cond_wrapper)(void *ctx, const char *name);
	/* a variable with a scope-exit cleanup: registers the implicit
	 * cleanup call and returns its index, or -1 */
	int (*on_cleanup_var)(void *ctx, CXCursor var);
	/* tests a scope guard (cleanup.h's __guard_ptr()): true when the
	 * guard's conditional constructor took the lock */
	bool (*is_guard_test)(void *ctx, const char *name);
	/* the event index of the variable a DeclRefExpr names, or the field
	 * of an unchanged pointer a MemberRefExpr names (`dev->busy`, 32 + n
	 * as a local), whose tests agree (see EV_PARAM_TRUE: unchanged, or
	 * assigned only by statements the CFG marks with EV_ASSIGN), or -1 */
	int (*param_of)(void *ctx, CXCursor ref);
	/* the event index of the variable a statement assigns (a parameter,
	 * or a local, 32 + n), or a VarDecl declares, that is such a variable
	 * assigned in the body, or -1 */
	int (*assigned_cond_var)(void *ctx, CXCursor stmt);
	/* a value local: a local variable initialised with a constant, every
	 * write to which is a statement of its own (`wakeup = 0;`).  For a
	 * DeclRefExpr naming one: its index (0..63), and in *v its initial
	 * value and type; else -1 */
	int (*value_local)(void *ctx, CXCursor ref, struct value_local_type *v);
	/* the index of the value local a statement writes, or -1 */
	int (*written_local)(void *ctx, CXCursor stmt);
	/* a statement `p->field = v;` that stores a condition variable: the
	 * store's index (0..63), and the variable's in *var; else -1 */
	int (*stored_cond_var)(void *ctx, CXCursor stmt, int *var);
	/* a DeclRefExpr naming a pointer the code dereferences (`p->f`,
	 * `*p`, `p[i]`): the event index its truth would have (see
	 * param_of; the caller may resolve it after the build), or -1.  The
	 * CFG marks the dereference with EV_PARAM_TRUE of value 1: a
	 * pointer dereferenced is not NULL after it (the kernel would have
	 * oopsed) */
	int (*deref_cond_var)(void *ctx, CXCursor ref);
	/* is the condition of an `if` the use of a macro whose truth
	 * reports an unexpected situation (rules: `unexpected`, WARN_ON())? */
	bool (*is_unexpected)(void *ctx, CXCursor cond);
	/* a MemberRefExpr naming a function-pointer field, tested for
	 * truth or compared with NULL: its index in the function's list of
	 * tested fields (EV_FNPTR_SET), or -1 */
	int (*tested_fnptr_field)(void *ctx, CXCursor member);
	/* a local with no initialiser that the body writes once, by a
	 * statement of its own `var = value;`: that value, else a null
	 * cursor.  A test of the local is a test of the value (a call's
	 * outcome: `desc = ext4_get_group_desc(sb, group, NULL); if
	 * (!desc) return ...;`) */
	CXCursor (*only_value)(void *ctx, CXCursor var);
	/* the identity locals (0..63: locals passed as they are to calls,
	 * whose value a call's known outcome may name) that root writes or
	 * takes the address of, as a set.  Called once per root before its
	 * calls are registered, so the calls registered until the next call
	 * are root's: an expression statement, a declaration, a return, the
	 * condition of an if, a loop or a switch, a for loop's clauses (not
	 * the statements inside a statement expression, which are part of
	 * their root).  The builder marks the set at the root's start
	 * (EV_LOCAL_WRITE) */
	uint64_t (*identities_written)(void *ctx, CXCursor root);
};

/* Does an event of this kind carry a constant (struct event.value)? */
bool event_has_value(enum event_kind kind);

void cfg_build(struct cfg *cfg, CXCursor body, const struct cfg_callbacks *cb);
/* Has some block an event of this kind? */
bool cfg_has_event(const struct cfg *cfg, enum event_kind kind);

/* A forward must-dataflow over cfg's blocks, the state of each `words`
 * 64-bit sets, met by intersection: `entry` is the entry block's;
 * `transfer` turns a block's state in place into what it passes to its
 * successors, or returns false where no path goes on from it (a branch
 * ruled out).  A block's state only shrinks, so the worklist ends;
 * transfer may run more than once for a block, with smaller states. */
void cfg_must_flow(const struct cfg *cfg, int words, const uint64_t *entry,
		   bool (*transfer)(void *ctx, int block, uint64_t *state),
		   void *ctx);
void cfg_free(struct cfg *cfg);

/* Compact text form stored in the database, so that the solver can run
 * the flow again with callee summaries: blocks separated by ';', each
 * "events>successors" with events "N" (call N), "tN" / "fN" (call N
 * returned true / false), "pN" and "nN" (parameter N tested true /
 * false), "rV" (a return of enum return_value V), "wN" and "cN" (value
 * local N written, required changed), "eN=K" and "xN=K" (parameter N
 * equal to / different from K), "aN=K" and "zN=K" (parameter N with some
 * bit of K set / none), "sN" (condition variable N assigned), "oN=K"
 * (store N of condition variable K), "dN" (parameter N dereferenced),
 * "v0" (an unexpected situation), "mN" and "uN" (function-pointer field
 * N set / NULL), "lN" (identity local N written). */
char *cfg_serialize(const struct cfg *cfg);
int cfg_parse(struct cfg *cfg, const char *text);

#endif
