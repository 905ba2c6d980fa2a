/* SPDX-License-Identifier: GPL-2.0 */
/* Callback chains: callbacks bound to an object, run where the object is
 * called (rules/contexts.rules: chain, chain-type, chain-register,
 * chain-call, chain-head).
 *
 * A notifier callback runs where the chain it is registered on is called,
 * in that caller's context, not wherever any notifier_block.notifier_call
 * is called; a work item queued on a BH workqueue runs in softirq context.
 * Both are the same shape: a registration binds an entry object (whose
 * field holds the callback) to a head object; a chain call runs the
 * callbacks bound to its head.  Objects are matched by the paths extract
 * gives them (object_path() in names.c: "var:KEY", "mydrv.nb", ...).
 * A function that passes its parameter on as a head or entry is itself a
 * registration or a chain call (register_reboot_notifier()), to any
 * depth. */
#ifndef GFPCHECK_CHAINS_H
#define GFPCHECK_CHAINS_H

#include "model.h"
#include "rules.h"

/* A callback a chain call runs: model call `call` reaches the function
 * stored by fnptrs[fnptr], registered at model call reg_call */
struct chain_edge {
	int call;
	int fnptr;
	int reg_call;
	unsigned add_ctx; /* kinds the chain call adds (rcu) */
	const struct named_rule *rule; /* the chain-call rule */
	const char *head; /* the head's object path */
};

/* A callback registered on a head that runs its callbacks in its own
 * context: a global listed chain-head (system_bh_wq), or an object made by
 * a chain-head-alloc call with the flags for it (alloc_workqueue(...,
 * WQ_BH, ...)) */
struct chain_entry {
	int fnptr;
	int reg_call;
	const struct named_rule
		*rule; /* the chain-head or chain-head-alloc rule */
	const char *head; /* the head's object path */
};

struct chains {
	VEC(struct chain_edge) edges; /* sorted by call */
	VEC(struct chain_entry) entries;
	int registrations, calls; /* bindings and chain call sites found */
	int wrappers; /* functions inferred to register or call */
};

void chains_resolve(struct chains *ch, const struct model *m);
void chains_free(struct chains *ch);
/* Does the flags argument of call c (rt-hard, chain-head-alloc rules:
 * flags=K names=A,B) have one of the named bits? */
bool chains_flags_ask(const struct model *m, const struct call_fact *c,
		      const struct named_rule *rule);
/* The text of argument idx of call c stored as `kind` (an object path,
 * a flags value), or NULL */
const char *chains_arg(const struct model *m, const struct call_fact *c,
		       int idx, int kind);
/* Calls through this struct_name.field are resolved by chains only */
bool chains_field(const struct model *m, const char *field);
/* Is p a store into the object at path `object` (or an object inside it),
 * named by a call in `file`?  Where either side is only a type, the store
 * must be in that file. */
bool chains_store_in(const struct fnptr_fact *p, const char *object,
		     const char *file);
/* "netdev_chain" for "var:net/core/dev.c#netdev_chain": for messages */
const char *chains_head_name(const char *path);

#endif
