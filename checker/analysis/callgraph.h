/* SPDX-License-Identifier: GPL-2.0 */
/* The whole-tree call graph and the atomic context inferred on it.
 *
 * Edges: direct calls (static functions within their file, global ones by
 * name across TUs), calls through struct fields (resolved to every
 * function stored in that struct_name.field by an initializer or an
 * assignment; a call on a struct variable (static, or local) to what that object
 * holds, and a call on a parameter, in a visit whose entering call passed
 * `&object`, likewise), calls through a callback parameter (resolved to the
 * functions callers pass for it), and chain calls (resolved to the
 * callbacks registered on that chain's head, chains.h; a field the rules
 * list as `chain` is resolved that way only).  Entries come from rules/contexts.rules:
 * registration calls and ops-table fields.  Atomic context spreads from
 * atomic call sites and atomic entries by breadth-first search, so every
 * function keeps the shortest chain that proves it atomic. */
#ifndef GFPCHECK_CALLGRAPH_H
#define GFPCHECK_CALLGRAPH_H

#include "chains.h"
#include "dispatch.h"
#include "findings.h"
#include "model.h"
#include "objects.h"
#include "results.h"

struct cg_edge {
	int call; /* the call site (model calls index) */
	int callee; /* function index */
	int fnptr; /* model fnptrs index that resolved it, -1 if direct */
	int arg_call; /* for callback parameters: the call passing the function */
	int chain; /* chains.edges index of a chain call's callback, or -1 */
	unsigned add_ctx; /* kinds the callee runs with beyond the call's (chain calls) */
};

struct cg_entry {
	int fn;
	unsigned ctx;
	const struct entry_rule *rule;
	int reg_call; /* registration call site, or -1 */
	int fnptr; /* ops-table store, or -1 */
	const char *head; /* the head it is queued on (BH workqueue), or NULL */
};

/* A function entered in one atomic context, and how: an atomic entry
 * (entry >= 0), a call made in its caller's own atomic context (from < 0),
 * or a call made in a visit of the caller (from: that visit). */
#define CG_VALUES 3
#define CG_FIELDS 2
#define CG_RESULTS 6

struct cg_visit {
	int fn;
	unsigned ctx; /* the kinds in force when it is entered */
	int edge; /* the call-graph edge, -1 for an entry */
	int from; /* the caller's visit, or -1 */
	int entry; /* the atomic entry, or -1 */
	int depth;
	int next; /* the function's next visit, or -1 */
	/* parameters that decide the function's branches (`if (notify)`)
	 * whose truth the call entering it fixes, and that truth */
	unsigned known, truth;
	/* parameters compared with constants (`case NETDEV_UP:`) whose value
	 * the entering call fixes: up to CG_VALUES of them, by index */
	unsigned char nvalues;
	signed char value_param[CG_VALUES];
	int value[CG_VALUES];
	/* a parameter the entering call binds to an object ("var:KEY"), so
	 * that calls through its fields reach what that object holds
	 * (`ops->do_action()` entered with `&snd_pcm_action_stop`), to the
	 * objects every call of the caller's function may pass for it
	 * (objects.h objset.bound), or to a callback (its function key); -1
	 * if none */
	int obj_param;
	const char *obj;
	/* fields of pointer parameters whose truth the entering call fixes
	 * (ARG_FIELD; ARG_HELD_FIELD where the visit is entered in its
	 * caller's own context; passed on through ARG_PARAM): up to
	 * CG_FIELDS, each the parameter and "FIELD=T", or "FIELD&ATOM=T"
	 * for some bit of ATOM set (T 1) or none (T 0) */
	unsigned char nfields;
	signed char field_param[CG_FIELDS];
	const char *field[CG_FIELDS];
	/* a parameter whose field holds one of the tables of the method
	 * table_fn (dispatch.h), as the caller's was, or -1 */
	signed char table_param;
	int table_fn;
	/* calls whose outcome the function knows on entry (results.h): made
	 * and tested by a caller up the chain of visits, on every path to
	 * the call that passed on their arguments; up to CG_RESULTS */
	unsigned char nresults;
	struct known_result result[CG_RESULTS];
	/* the truth the entering call is known to return (it repeats such a
	 * call), or -1: only paths to a return of that truth are taken */
	signed char returns;
};

/* Which functions are entered in atomic context, and how: breadth-first
 * over visits (function, entry context) from every atomic origin, so each
 * call keeps the shortest chain that proves it atomic.  `hidden`: origins
 * and calls with one of these kinds are not followed (the map of contexts
 * that a run-time context test seeing those kinds cannot see); `required`:
 * only origins and contexts with one of these kinds (the raw map). */
struct cg_reach {
	unsigned hidden;
	unsigned required;
	VEC(struct cg_visit) visits;
	int *first_visit; /* per function: its first visit, or -1 */
	/* per model call: the kinds in force at the call in the visits of its
	 * function (0: no visit leaves it atomic), and the first such visit */
	unsigned *call_ctx;
	int *call_visit;
	/* per model call: the kinds in force at it in that first visit, the
	 * context the chain callgraph_chain_at() shows proves (call_ctx is the
	 * union over every visit: a message names what its chain shows) */
	unsigned *chain_ctx;
	int count; /* functions reached */
};

#define CG_MAX_HIDDEN 16

struct callgraph {
	const struct model *m;
	VEC(struct cg_edge) edges; /* grouped by call, in call order */
	int *call_first_edge; /* per call: first edge index or -1 */
	int *call_nedges;
	unsigned *call_add_ctx; /* per call: the add_ctx of its edges */
	struct chains chains; /* notifier chains, work items (chains.h) */
	VEC(struct cg_entry) entries;
	struct cg_reach atomic; /* atomic context, per function */
	/* strict non-preemptive context (CTX_RAW: raw spinlocks, NMI), the
	 * one that stays atomic on PREEMPT_RT */
	struct cg_reach raw;
	/* the same for each `ctx_seen` of a call site (see callgraph_unseen()) */
	struct cg_reach unseen[CG_MAX_HIDDEN];
	int nunseen;
	/* gfp_t forwarding, per function: params whose value reaches an
	 * allocator's flags on some path (callgraph_fwd_atomic() asks
	 * whether a caller's context still holds there) */
	unsigned *fwd_params;
	int indirect_resolved; /* indirect edges made */
	struct lock_summaries *
		sums; /* callee summaries: each function entered in a caller's context */
	/* per function: listed `fatal` (panic()): the system goes down there,
	 * so no atomic context is followed into it or taken from it */
	bool *fatal;
	/* per function: listed `noreclaim` (start_kernel(), memblock's
	 * allocator): every allocation made while it runs is without direct
	 * reclaim, so no context its callers hold is followed into it for a
	 * sleep (the PREEMPT_RT reach goes on: reclaim is not what sleeps
	 * there) */
	bool *noreclaim;
	/* per call: listed `invariant CALLER calls=CALLEE` (rules/
	 * invariants.rules): a state the kernel keeps elsewhere (set up at
	 * mount, init or registration) rules out every sleeping path behind
	 * the call, so it carries no atomic context into its callee, and an
	 * allocation or mask it makes is not judged in one */
	bool *invariant;
	/* a call through a struct field with more implementations than this
	 * does not carry its caller's atomic context (rules: indirect-fanout) */
	int fanout_limit;
	/* rules: gfp-contract: a call that gives a gfp_t parameter a mask
	 * without direct reclaim does not carry the atomic context */
	bool gfp_contract;
	/* per call: every path to it first calls a function that may sleep
	 * (rules: sleeps) */
	bool *after_sleep;
	/* per call: a declaration that the context may sleep however its
	 * function runs (rules: sleeps; a blocking allocation; a direct call
	 * of a function that declares it on every path, or given true
	 * arguments the call passes) */
	bool *sleep_decl;
	/* per function: it declares on every path that it may sleep */
	bool *always_sleeps;
	/* per function that does not always: parameters such that, each true
	 * (non-NULL) as a caller passes it, it does on every path
	 * (vfs_kern_mount()'s `if (!type) return ERR_PTR(-EINVAL);` comes
	 * before its allocation); 0 if none */
	unsigned *sleeps_if;
	/* per function: its visits in an inherited context follow their
	 * paths (reachable_calls()): it passes a value local (ARG_LOCAL), or
	 * calls a function that sleeps_if with arguments only a visit knows */
	bool *visit_paths;
	/* per function: parameters that decide its branches: tested by its
	 * CFG (EV_PARAM_* events) or passed on to a callee where they decide */
	unsigned *decisive_params;
	/* per function: parameters compared with constants (EV_PARAM_EQ,
	 * EV_PARAM_NE), here or in a callee they are passed on to */
	unsigned *valued_params;
	/* per call: parameters of its function whose truth chooses a value
	 * of its masks, its own flags or a mask it passes (gfp_alt.when) */
	unsigned *mask_choosers;
	/* per function: parameters that calls through struct fields are made
	 * on, here or in a callee they are passed on to (object flow) */
	unsigned *object_params;
	/* the objects each of those parameters may point to, from every call
	 * of its function (objects.h): a visit whose entering call passes
	 * nothing it knows takes them */
	struct param_objects objects;
	/* the field truths each of the field_params has at every call of
	 * its function but boot-time ones (objects.h): a visit in the sleep
	 * reach whose entering call or visit fixes none takes them */
	struct param_fields fields;
	/* methods and the tables they were found through (dispatch.h) */
	struct dispatch dispatch;
	/* calls a callee may repeat, and the outcomes known before each
	 * call (results.h) */
	struct repeat_calls repeats;
	/* per function: parameters a call through a field of which is made
	 * (call_fact.via_object "param:N->FIELD"), here or in a callee they
	 * are passed on to */
	unsigned *table_params;
	/* per function: pointer parameters whose fields it tests
	 * (function_fact.field_vars), here or in a callee they are passed on
	 * to */
	unsigned *field_params;
	/* per model argument: of an ARG_SNAPSHOT argument whose field's
	 * changed bits are bounded, what the callee may take for its field
	 * var ("FIELD^I&ATOM=0": no bit of ATOM differs), else NULL
	 * (snapshot_fields()) */
	char **snapshot_fact;
	/* per call, or NULL: chain steps a suppression comment vouches for;
	 * no context is carried through them (see callgraph_cut()) */
	const bool *cut;
};

void callgraph_build(struct callgraph *cg, const struct model *m);
/* A direct call to a function whose body is not in the tree, with gfp_t
 * arguments: by the kernel's contract for a gfp_t parameter the callee may
 * allocate with the mask (rules can exempt a name with `gfp-nosleep`). */
bool callgraph_external_gfp_call(const struct callgraph *cg, int call);
void callgraph_free(struct callgraph *cg);
/* Whether call `call` carries its function's atomic context (false for a
 * call an `invariant` rule names) */
bool callgraph_carries(const struct callgraph *cg, int call);
/* The reach maps again, with no atomic context carried through the calls
 * marked in `cut` (per model call, kept by the caller; NULL: none): no
 * edge followed from such a call, no origin at a lock taken there or at a
 * registration made there. */
void callgraph_cut(struct callgraph *cg, const bool *cut);

bool cg_reached(const struct cg_reach *r, int fn);
/* The atomic contexts that a context test seeing `seen` kinds cannot see:
 * origins with none of those kinds, through calls made with none of them
 * (in_interrupt() cannot see a spinlock).  NULL if not computed. */
const struct cg_reach *callgraph_unseen(const struct callgraph *cg,
					unsigned seen);
/* Appends the chain proving model call `call` atomic in map r, origin first */
void callgraph_chain_at(const struct callgraph *cg, const struct cg_reach *r,
			int call, struct finding *f);
/* How deep callgraph_fwd_atomic() follows a mask passed on */
#define CG_FWD_DEPTH 64
/* Whether parameter `param` of fn reaches an allocator's mask with some of
 * the context `ctx` fn is entered in still held (a callee may release its
 * caller's lock before it allocates); with f, appends the steps of that
 * path, from fn's call down to the allocation. */
bool callgraph_fwd_atomic(const struct callgraph *cg, int fn, int param,
			  unsigned ctx, struct finding *f);

#endif
