/* SPDX-License-Identifier: GPL-2.0 */
/* Path-sensitive tracking of pointers that hold allocation results, for
 * the local checks (unchecked allocation, dead NULL checks, free family
 * mismatch, kmalloc + memset).
 *
 * The CFG of cfg.h only records calls, so this is an abstract interpreter
 * over the structured AST, read as the CFG reads it (ctl.h: a loop's
 * clauses, a condition's operands): statements are walked in order with
 * a state per tracked pointer; if/?:/&&/|| split the state on NULL tests,
 * joins merge it; loops iterate to a fixpoint; goto, break, continue,
 * return and calls that never return (rules: noreturn) move or kill the
 * state; labels merge
 * every goto that reaches them (the whole function is walked again while a
 * backward goto changes a label's state).  Hooks only report in the final
 * pass (r->emit), where every statement is visited once.
 *
 * Tracked pointers ("slots") are the variables and member chains
 * (s->buf) that are assigned an allocator's result somewhere in the
 * function.  On the NULL branch of a test, an unchecked result becomes
 * PF_N (NULL because the allocation failed); any assignment on that path
 * (ret = -ENOMEM) turns it into PF_Z, a failure the code recorded. */
#ifndef GFPCHECK_LOCAL_PTRFLOW_H
#define GFPCHECK_LOCAL_PTRFLOW_H

#include "local_ast.h"

#include <stdint.h>

/* what a slot may hold on the paths reaching a point (a set) */
/* unchecked result of an allocator that can fail: may be NULL */
#define PF_U 1u
#define PF_K 2u /* checked, or any value that is not an allocation result */
#define PF_Z 4u /* NULL */
#define PF_F 8u /* result of a __GFP_NOFAIL allocation: never NULL */
/* NULL: the allocation failed (a check whose NULL path goes on) */
#define PF_N 16u
#define PF_MAX_SLOTS 32
#define PF_MAX_FAMS 16

struct pf_val {
	uint8_t bits;
	uint16_t fam; /* allocator families it may come from (bits of r->fams) */
	int site; /* an allocation call it may come from (U preferred), or -1 */
	int origin; /* the allocation call on every path, or -1 */
};

struct pf_state {
	bool dead;
	struct pf_val v[PF_MAX_SLOTS];
};

struct pf_run;

/* What one check does at the flow's events; the hooks of every check that
 * asked for the flow on a function run in one walk (pf_request()). */
struct pf_hooks {
	/* slot's pointer is dereferenced at `at` (v before the access) */
	void (*deref)(struct pf_run *r, int slot, const struct pf_val *v,
		      CXCursor at);
	/* slot is compared with NULL at `at` */
	void (*test)(struct pf_run *r, int slot, const struct pf_val *v,
		     CXCursor at);
	/* call idx (lc->ff->calls) was evaluated; the hook may update st */
	void (*call)(struct pf_run *r, int idx, CXCursor call,
		     struct pf_state *st);
};

struct pf_slot {
	char *key;
	char *disp;
};

struct pf_label {
	char *name;
	struct pf_state st;
	bool read; /* reached in this pass */
};

struct pf_var_writes {
	CXCursor var;
	bool written;
};

#define PF_MAX_HOOKS 4

/* The checks that want the flow on the current function, in the order
 * they asked (it runs once for all of them). */
struct pf_requests {
	const struct pf_hooks *h[PF_MAX_HOOKS];
	const struct check_def
		*def[PF_MAX_HOOKS]; /* the check that asked for h[i] */
	int n;
};

struct pf_run {
	struct local_ctx *lc;
	const struct pf_requests *req;
	VEC(struct pf_slot) slots;
	const char *fams[PF_MAX_FAMS];
	int nfams;
	bool emit; /* final pass: hooks report */
	bool again; /* a label already passed got new state: walk again */
	int pure; /* >0: only refine conditions, no effects or hooks */
	int depth; /* of the expression walk, bounded by PF_MAX_DEPTH */
	VEC(struct pf_label) labels;
	struct pf_state *brk, *cont, *sw;
	bool sw_default;
	/* status variables tested as conditions: assigned after their
	 * initialiser?  (asked at every pass over every test) */
	VEC(struct pf_var_writes) var_writes;
};

/* A check asks for the flow on lc's function with its hooks (from its
 * descriptor's extract function); the hooks run in the one walk extract.c
 * does after checks_run_extract(). */
void pf_request(struct local_ctx *lc, const struct pf_hooks *h);
/* Runs the interpreter over lc's function once with the hooks requested;
 * returns false if nothing is tracked. */
bool pf_run(struct local_ctx *lc, const struct pf_requests *req);

/* The slot an expression denotes (p, s->buf), or -1 */
int pf_slot_of(struct pf_run *r, CXCursor e);

#endif
