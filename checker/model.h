/* SPDX-License-Identifier: GPL-2.0 */
/* The whole tree's facts loaded from sqlite into memory for the checks:
 * functions, their call sites, allocation sites, function-pointer stores. */
#ifndef GFPCHECK_MODEL_H
#define GFPCHECK_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include "facts.h"
#include "gfp.h"
#include "rules.h"
#include "store.h"

struct m_call {
	int fn;			/* index of the calling function */
	int seq;
	char *callee;
	char *callee_key;
	char *via;
	char *text;
	unsigned line, col;
	unsigned ctx;
	int witness;		/* index into model calls, or -1 */
	bool reached;
	int lock_action;
	unsigned lock_ctx;
	char *lock_id;
	unsigned ctx_seen;	/* atomic kinds a context test choosing the mask sees */
	bool noreturn;		/* the callee is declared or inferred never to return */
	/* allocation sites */
	bool is_alloc;
	const struct alloc_rule *alloc;	/* the rule of the function called */
	char *alloc_name;	/* the allocator as the call site spells it */
	char *flags_text;
	struct gfp_expr flags;
	int sleeps;
	/* arguments: index range into model args */
	int first_arg, nargs;
};

struct m_arg {
	int index;
	int kind;
	char *fn_key;
	char *fn_name;
	struct gfp_expr gfp;
	char *text;
};

struct m_function {
	int64_t id;
	char *name;
	char *key;
	char *file;
	unsigned line;
	bool is_static;
	bool in_header;
	unsigned gfp_params;
	unsigned exit_ctx;
	unsigned exit_must_ctx;
	bool returns_value;
	bool returns;		/* some path reaches the end (see summaries.c) */
	int exit_witness;	/* index into model calls, or -1 */
	unsigned released_unheld;
	int released_witness;	/* the call releasing it, index into model calls, or -1 */
	/* kinds it releases where they may not be held (summaries.c computes
	 * it: a helper that drops and retakes its caller's lock) */
	unsigned released_maybe;
	char *cfg;		/* cfg_serialize() form */
	int first_call, ncalls;
};

struct m_fnptr {
	char *field;
	char *fn_key;
	char *fn_name;
	char *file;
	unsigned line;
	char *how;
	char *function;		/* NULL at file scope */
	char *object;		/* path of the object stored into, or NULL */
};

struct m_local {
	int fn;
	char *rule;
	char *severity;		/* NULL: the rule's default */
	unsigned line, col;
	char *message;
	char *flags;
	char *trace;		/* "line<TAB>note" per line */
};

struct model {
	const struct ruleset *rules;
	const struct gfp_table *gfp;
	VEC(struct m_function) fns;
	VEC(struct m_call) calls;
	VEC(struct m_arg) args;
	VEC(struct m_fnptr) fnptrs;
	VEC(struct m_local) locals;
	/* key -> function indexes */
	struct {
		char **keys;
		int *first;	/* head of a chain through `next` */
		size_t cap;
	} by_key;
	int *next_same_key;
};

int model_load(struct model *m, struct store *s, const struct ruleset *rules,
	       const struct gfp_table *gfp);
void model_free(struct model *m);
/* First function with this key, then model_next_with_key(); -1 at the end */
int model_find(const struct model *m, const char *key);
int model_next_with_key(const struct model *m, int fn);

#endif
