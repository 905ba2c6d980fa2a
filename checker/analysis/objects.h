/* SPDX-License-Identifier: GPL-2.0 */
/* The objects a pointer parameter may point to, from every call of its
 * function.
 *
 * `print_signals(b, p)` prints under rcu_read_lock() through
 * `p->printfn`; by field alone that reaches every printer in the tree,
 * the coredump printer's GFP_KERNEL allocation too.  Its caller passes
 * its own parameter on, and their callers pass `&p` of a local struct
 * filled by drm_debug_printer() or drm_seq_file_printer(): the objects
 * that can reach the parameter are those, and a call through its field
 * reaches what they hold.  A parameter's set is the union, over the
 * direct calls of its function, of the argument's: `&object` (ARG_ADDR)
 * is that object; the caller's own parameter passed on unchanged
 * (ARG_PARAM) is that parameter's set; NULL adds nothing; anything else
 * is unknown.  The calls that enter a function are its direct calls,
 * the calls through a callback parameter it is handed to when every such
 * parameter is only called, tested or handed on unchanged to another
 * (function_fact.callback_params: `intel_gt_show_timelines(gt, &p,
 * i915_request_show_with_schedule)` calls it back with `p`), and the
 * calls through a struct field it is stored in when no function reads
 * that field but to call, test or store it (function_fact.read_fields:
 * `man->func->debug(man, p)`).  A function handed or stored elsewhere,
 * or that no call enters, is entered from where no set can be known: its
 * sets are unknown, and so are those of a function whose address goes
 * anywhere else: into a variable, an array, a return value (fnptr_stores
 * rows "escape", model.escaped_fns).  The tree is taken as closed, as for
 * callbacks passed through parameters (callgraph.h): a caller outside
 * the scanned files is not seen. */
#ifndef GFPCHECK_OBJECTS_H
#define GFPCHECK_OBJECTS_H

#include "model.h"

/* More objects than this reach the parameter: taken as unknown */
#define OBJSET_MAX 8

struct objset {
	bool unknown; /* some caller passes what names no object */
	int n;
	const char *obj[OBJSET_MAX]; /* "var:KEY" paths, the model's */
	/* what a visit binds (callgraph.h cg_visit.obj): the one object, or
	 * "set:" and the objects each after a newline; NULL if unknown or
	 * none */
	char *bound;
};

/* A call that enters function `fn` (the first of its key) other than by
 * its name: through a callback parameter it was handed to, or through a
 * struct field it is stored in */
struct indirect_call {
	int call;
	int fn;
};

struct param_objects {
	/* per function: the set of its first parameter in `params`, in
	 * sets; -1 if it has none */
	int *first;
	const unsigned *params;
	VEC(struct objset) sets;
	/* fnptrs indexes of stores into a named object ("var:KEY"), by
	 * object, then field */
	int *stores;
	size_t nstores;
	/* the calls that enter functions through callback parameters and
	 * fields */
	VEC(struct indirect_call) indirect_calls;
	int rounds; /* rounds the sets took to settle */
	int known; /* parameters with a known set */
	/* per function: entered from where no call of the tree is seen */
	bool *unseen;
};

/* The sets of the parameters `params` has a bit of (per function; kept
 * by the caller, unchanged while po is used) */
void param_objects_build(struct param_objects *po, const struct model *m,
			 const unsigned *params);
void param_objects_free(struct param_objects *po);
/* What a visit of fn binds its parameter to: the object or the set
 * (objset.bound); NULL if not known */
const char *param_objects_bound(const struct param_objects *po, int fn,
				int param);
/* Does the tree store function `key` into field `field`
 * ("struct_name.field") of one of the objects `bound` names?  *every: each
 * of them has some store into that field (else the field is filled some
 * way not seen, and any function may be there). */
bool bound_stores(const struct param_objects *po, const struct model *m,
		  const char *bound, const char *field, const char *key,
		  bool *every);

/*
 * The field truths a pointer parameter has at every call that enters its
 * function.  `__change_page_attr_set_clr(cpa)` takes cpa_lock and, two
 * calls down, allocates with GFP_KERNEL only `if (cpa->pgd)`; its callers
 * pass `&cpa` of a local initialised with `.pgd = NULL`, or zeroed by
 * memset(), or a copy of their own parameter's pointee (ARG_FIELD,
 * ARG_COPY, extract.c), or pass their parameter on (ARG_PARAM); and the
 * only ones that set `.pgd` run at boot.  Over the calls that enter a
 * function (objects.h: direct, and through the closed callback
 * parameters and fields), the facts every one gives ("FIELD=T") are the
 * parameter's, a greatest fixpoint.  A call counts when it is reached in
 * its function and its function is live: entered from where no call is
 * seen, or by a counted call.  A call made by a function that runs only
 * at boot (boot_only: listed `noreclaim`, or entered only by calls made
 * by such functions) is left out: nothing its callees do while it runs
 * can sleep for want of memory, so these facts serve the sleep reach
 * alone, not PREEMPT_RT's.  A function entered unseen has none.
 */
#define FIELDSET_MAX 8

struct fieldset {
	bool top; /* no counted call enters yet: every fact holds */
	int n;
	const char *fact[FIELDSET_MAX]; /* "FIELD=T", the model's strings */
};

struct param_fields {
	const unsigned *params; /* per function: the parameters kept */
	int *first; /* per function: its first set in sets, or -1 */
	VEC(struct fieldset) sets;
	bool *live, *boot_only; /* per function */
	int known; /* parameters with some fact */
};

/* The facts of the parameters `params` has a bit of (per function; kept
 * by the caller, unchanged while pf is used); po must be built */
void param_fields_build(struct param_fields *pf, const struct model *m,
			const struct param_objects *po, const unsigned *params);
void param_fields_free(struct param_fields *pf);
/* The facts every counted call gives parameter `param` of fn, or NULL */
const struct fieldset *param_fields_of(const struct param_fields *pf, int fn,
				       int param);

#endif
