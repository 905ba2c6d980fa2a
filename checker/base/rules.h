/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel-API knowledge, loaded from the declarative files in rules/.
 *
 * Every line of a rules file is "<directive> <name> [key=value ...]".
 * This module only parses and indexes them; what a directive means is
 * decided by the modules that query it (extract, flow, solve). */
#ifndef GFPCHECK_RULES_H
#define GFPCHECK_RULES_H

#include <stdbool.h>
#include <stddef.h>

/* Context kinds, one bit each.  A set of them is an "atomic context mask". */
enum ctx_kind {
	CTX_LOCK = 1 << 0, /* spinlock, rwlock, raw spinlock held */
	CTX_IRQ = 1 << 1, /* local interrupts disabled */
	CTX_BH = 1 << 2, /* bottom halves disabled */
	CTX_PREEMPT = 1 << 3, /* preemption disabled */
	CTX_RCU = 1 << 4, /* RCU read-side critical section */
	/* strictly non-preemptive, also on PREEMPT_RT: a raw spinlock held
	 * (raw-lock-type in the rules), an NMI handler */
	CTX_RAW = 1 << 5,
	CTX_HARDIRQ = 1 << 6, /* running as a hard-IRQ handler */
	CTX_SOFTIRQ = 1 << 7, /* softirq, tasklet, timer, NAPI, RCU callback */
	CTX_SLEEPABLE = 1 << 8, /* entry known to run in process context */
};
#define CTX_ATOMIC_MASK                                                  \
	(CTX_LOCK | CTX_IRQ | CTX_BH | CTX_PREEMPT | CTX_RCU | CTX_RAW | \
	 CTX_HARDIRQ | CTX_SOFTIRQ)

enum lock_action { LOCK_ACQUIRE, LOCK_RELEASE, LOCK_TRY };

struct lock_rule {
	const char *name;
	enum lock_action action;
	unsigned ctx; /* enum ctx_kind bits */
	int lock_arg; /* argument naming the lock, -1 if none */
	const char *what; /* human name: "spinlock", "IRQs disabled" */
};

struct alloc_rule {
	const char *name;
	const char *family; /* slab, page, vmalloc, kvmalloc, devm, ... */
	int gfp_arg; /* -1 if the allocator takes no flags */
	int size_arg;
	int order_arg;
	int count_arg; /* element count (kcalloc, kmalloc_array) */
	bool always_sleeps; /* vmalloc family: may sleep whatever the flags */
	bool can_fail; /* result must be NULL-checked */
	bool returns_errptr; /* returns ERR_PTR, not NULL */
	bool virtual_address; /* returns a kernel virtual address (no highmem) */
	/* the name findings use when the call site spells no allocator of its
	 * own (as=: __kvmalloc_node_noprof() is shown as kvmalloc_node()) */
	const char *shown;
};

struct free_rule {
	const char *name;
	const char *family; /* which allocator family it frees */
	int ptr_arg;
};

struct gfp_flag_rule {
	const char *name; /* __GFP_DIRECT_RECLAIM, GFP_KERNEL, ... */
	bool sleeps; /* this bit allows direct reclaim */
	bool is_mask; /* a composite mask, used for naming only */
	bool is_const; /* a plain value (PAGE_SIZE): never a flag name */
	bool is_enum; /* an enum constant: probed without #ifdef */
};

/* Entry contexts: a function pointer passed to a registration call, or
 * stored in an ops-table field, runs in the given context. */
struct entry_rule {
	const char *name; /* registration function, or "struct.field" */
	int fn_arg; /* for registrations: the argument holding the fn */
	unsigned ctx; /* CTX_HARDIRQ, CTX_SOFTIRQ or CTX_SLEEPABLE */
	bool is_field; /* name is "struct_name.field" */
	const char *why; /* documentation line justifying the contract */
};

/* Compiler arguments libclang must not see (GCC-only codegen options,
 * dependency-file output, warnings): glob patterns from compiler.rules. */
struct drop_rule {
	const char *pattern;
	bool takes_value; /* the next argument is this one's value */
};

struct ruleset;

/* Loads every *.rules file in dir (sorted), then each extra file.
 * On error prints "gfpcheck: FILE:LINE: ..." and returns NULL. */
struct ruleset *rules_load(const char *dir, const char *const *extra,
			   int nextra);
void rules_free(struct ruleset *rs);

const struct lock_rule *rules_lock(const struct ruleset *rs, const char *name);
/* The allocator called `name`, also under an alloc-suffix spelling
 * (kmalloc_noprof is kmalloc), or NULL. */
const struct alloc_rule *rules_alloc(const struct ruleset *rs,
				     const char *name);
const struct free_rule *rules_free_fn(const struct ruleset *rs,
				      const char *name);
bool rules_is_lock_wrapper(const struct ruleset *rs, const char *name);
bool rules_is_cond_wrapper(const struct ruleset *rs, const char *name);
/* a function of no arguments that returns the same value wherever one
 * function calls it (get_current(): `current`) */
bool rules_is_same_value(const struct ruleset *rs, const char *name);

int rules_gfp_flags(const struct ruleset *rs, const struct gfp_flag_rule **out);
int rules_drop_args(const struct ruleset *rs, const struct drop_rule **out);
/* Scope-based cleanup: the function the compiler calls when a variable of
 * this type goes out of scope (cleanup.h's CLASS()), or false. */
bool rules_cleanup_for_type(const struct ruleset *rs, const char *type,
			    char *out, size_t size);
/* The guard test of a conditional guard (cleanup-type test=class_*_lock_ptr) */
bool rules_is_guard_test(const struct ruleset *rs, const char *name);
int rules_entries(const struct ruleset *rs, const struct entry_rule **out);
const struct entry_rule *rules_entry_call(const struct ruleset *rs,
					  const char *fn, int idx);

/* Plain name lists and small tables, "<directive> NAME [key=value ...]"
 * with one of the directives of named_directives[] in rules.c, among them:
 *   derefs NAME arg=N[,N]   the call dereferences these pointer arguments
 *   nullcheck NAME arg=N    returns true when argument N is NULL (or an error)
 *   noreturn NAME           never returns (BUG(), panic())
 *   ctxtest NAME            a context test (in_atomic, irqs_disabled, ...)
 *   zeroed NAME use=ALT     ALT is NAME's zeroing variant (kmalloc -> kzalloc)
 *   fill NAME ptr=N value=N size=N   memset-like call
 *   chain, chain-type, chain-register, chain-call, chain-head
 *                           callback chains (chains.h, contexts.rules)
 *   rt-hard NAME ...        registrations that ask for hard context on RT
 *   may-sleep-flag NAME when=set|clear   a flag saying whether the context
 *                           may sleep (masks.c, contexts.rules)
 *   probe-header HEADER     included by the GFP probe (gfp.c)
 *   invariant NAME calls=A[,B]   NAME's calls of A carry no atomic context
 *                           (callgraph.c, invariants.rules)
 * Each file documents its own directives.  A later line for the same
 * directive and name overrides an earlier one. */
struct named_rule {
	const char *directive;
	const char *name;
	int nkv;
	const char *keys[8];
	const char *vals[8];
};

const struct named_rule *rules_named(const struct ruleset *rs,
				     const char *directive, const char *name);
const char *named_get(const struct named_rule *r, const char *key);
int named_int(const struct named_rule *r, const char *key, int dflt);
/* Is idx in the comma-separated list of integers under key? */
bool named_has_int(const struct named_rule *r, const char *key, int idx);
/* Is name in the comma-separated list of names under key? */
bool named_has_name(const struct named_rule *r, const char *key,
		    const char *name);

/* Every rule of one directive in file order (a line that a later one for
 * the same name overrides is skipped); fills up to max, returns the count */
int rules_named_all(const struct ruleset *rs, const char *directive,
		    const struct named_rule **out, int max);
/* The context kinds of a "ctx=" value (validated at load); 0 for "none" */
unsigned named_ctx(const struct named_rule *r, const char *key);

/* The atomic kinds (CTX_*) a run-time context test can see: `ctxtest
 * in_interrupt sees=hardirq,softirq,bh` */
unsigned rules_ctxtest_sees(const struct ruleset *rs, const char *name);

/* Default rules directory: $GFPCHECK_RULES, else ../rules beside the binary. */
char *rules_default_dir(void);
/* A fingerprint of the loaded rules, so that cached facts can be invalidated. */
const char *rules_fingerprint(const struct ruleset *rs);

const char *ctx_describe(unsigned ctx); /* "spinlock held", static string */

#endif
