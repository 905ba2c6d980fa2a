/* SPDX-License-Identifier: GPL-2.0 */
/* Forward "may be held" dataflow of atomic-context facts over a CFG.
 *
 * A fact is one acquisition (a call to a lock/IRQ/BH/preempt/RCU primitive
 * of rules/locks.rules, or a trylock's success edge).  The state at a
 * program point is the set of facts that may still be in force on some
 * path reaching it; releases kill the facts they match. */
#ifndef GFPCHECK_FLOW_H
#define GFPCHECK_FLOW_H

#include <stdbool.h>
#include <stdint.h>
#include "cfg.h"
#include "rules.h"

struct flow_call {
	const struct lock_rule *lock; /* NULL if not a context primitive */
	unsigned ctx; /* the kinds it takes or releases: the rule's,
					 * plus CTX_RAW for a raw lock (raw-lock-type) */
	const char *lock_id; /* normalised lock expression, "" if none */
	/* kinds a summarised call releases before it takes `ctx` (a callee
	 * that releases one kind and returns holding another), and the lock
	 * it names */
	unsigned release_ctx;
	const char *release_id;
	/* the call never returns (panic(), do_exit(), BUG()): the path ends
	 * there, and what it holds never reaches the function's exit */
	bool noreturn;
	/* where `lock` acts when a condition tests the call: a trylock (and
	 * a summary that holds on some returns) where it returned true,
	 * unless `when` says false (returns 0 holding the lock); a summarised
	 * release with `when` set only on that outcome (do_signal_stop()
	 * returns true having dropped siglock); untested, at the call */
	enum call_when { WHEN_CALLED, WHEN_TRUE, WHEN_FALSE } when;
	/* per-lock kinds (CTX_LOCK, CTX_RAW) the callee may return holding
	 * where no summary tells, with the IRQ or BH kinds it took them with:
	 * a lock taken through an out-parameter on some paths (6.12's
	 * __page_cache_release(), through folio_lruvec_relock_irqsave()).
	 * A later release that names no lock the function holds releases
	 * that one, and the IRQ or BH state it restores, not the caller's. */
	unsigned may_take;
};

/* What holds at the function's return statements of one kind (enum
 * return_value: constant false, constant true, not constant) */
struct flow_returns {
	bool reached;
	unsigned may; /* kinds that may be held there */
	unsigned must; /* kinds held there on every path */
};

/* correlated truths the flow follows at most (2^FLOW_MAX_SPLIT copies) */
#define FLOW_MAX_SPLIT 4

struct flow_result {
	/* per call index: */
	unsigned *ctx; /* context kinds in force before the call */
	int *witness; /* call index of the acquisition proving it, -1 */
	bool *reached; /* the call is on some path from entry */
	/* the copies (bit c: copy c, below) in which some context may be in
	 * force at the call: run with no entry context, the function's own */
	uint16_t *held_copies;
	/* the correlated truths the state is split by: copy c holds the
	 * paths on which bit j of c is the truth of split j, variable
	 * split_var[j] (a condition variable, cfg.h) non-zero where
	 * split_atom[j] is 0, else some bit of split_atom[j] set in it */
	int nsplit;
	int split_var[FLOW_MAX_SPLIT];
	uint64_t split_atom[FLOW_MAX_SPLIT];
	/* whole function: */
	unsigned exit_ctx; /* kinds that may still be held at return */
	unsigned exit_must_ctx; /* kinds held at return on every path */
	int exit_witness;
	unsigned released_unheld; /* kinds released without a matching acquire */
	/* kinds released where they may also not be held (a path from the
	 * entry that has not taken them: drops and retakes the caller's) */
	unsigned released_maybe;
	/* kinds released where nothing the function holds matches, after a
	 * call that may take one unseen (flow_call.may_take): the lock that
	 * call took, not the caller's */
	unsigned released_hidden;
	int released_witness;
	bool returns; /* the exit is reached on some path */
	struct flow_returns ret[3]; /* by enum return_value */
};

/* entry_ctx: kinds the caller holds when the function is entered (0 for
 * the function on its own); a release in the function can drop them (the
 * callee that re-enables IRQs its caller disabled). */
void flow_run(const struct cfg *cfg, const struct flow_call *calls, int ncalls,
	      unsigned entry_ctx, struct flow_result *out);
void flow_result_free(struct flow_result *r);

/* The kinds held at every return of one kind of value (constant true,
 * constant false, or not constant) that some path reaches: a function
 * that returns holding a lock on some paths only is a conditional lock
 * (a trylock's shape) where they are so, and otherwise one whose paths
 * the flow cannot tell apart (a lock dropped by a callee no summary
 * tells, taken again around a loop: 6.1's find_inode_fast()) */
unsigned flow_held_by_outcome(const struct flow_result *r);

/* Must-pass: after[i] is set when every path from entry to call i
 * evaluates one of the calls marked in `marked` first (a call that may
 * sleep before the call to a callee), or passes into the body of `if
 * (WARN_ON(x))` (EV_UNEXPECTED: a situation the kernel says should never
 * happen, as it says of a sleep in atomic context).  Calls on no path stay
 * unset.
 * True when the exit is reached, and only after a marked call.  Blocks
 * with `dead[b]` set (dead may be NULL) are on no path: the branches a
 * caller's arguments rule out. */
bool flow_must_pass(const struct cfg *cfg, const bool *marked, const bool *dead,
		    int ncalls, bool *after);

/* The parameters (bits 0..31) true on every path to each call: tested
 * true (EV_PARAM_TRUE) or dereferenced (EV_DEREF) before it and not
 * assigned since (EV_ASSIGN); into true_at[0..ncalls), 0 for a call on no
 * path */
void flow_true_params(const struct cfg *cfg, int ncalls, unsigned *true_at);

#endif
