/* SPDX-License-Identifier: GPL-2.0 */
/* Per-translation-unit facts: what extract produces and store persists
 * (the columns of each are in schema.c), and what model.c loads back for
 * the whole tree.  Plain C data with owned strings, so that the libclang
 * TU can be disposed before the facts are written. */
#ifndef GFPCHECK_FACTS_H
#define GFPCHECK_FACTS_H

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "findings.h"
#include "util.h"

struct alloc_rule;

#define GFP_MAX_VALUES 4

/* A GFP mask as far as it is known: each alternative is
 * (param & and_mask) | or_bits, where param < 0 means "no parameter". */
struct gfp_alt {
	int param; /* index of the enclosing function's gfp_t param, or -1 */
	uint64_t or_bits;
	uint64_t and_mask;
	/* chosen only where the function's parameter `when - 1` has the
	 * truth `when_true` (`can_block ? GFP_KERNEL : GFP_ATOMIC`, the
	 * parameter never changed); 0: on any path */
	int when;
	bool when_true;
	/* chosen only where a flag of its object says the context may sleep
	 * (`req->base.flags & CRYPTO_TFM_REQ_MAY_SLEEP ? GFP_KERNEL :
	 * GFP_ATOMIC`; rules: may-sleep-flag): the context's own word that it
	 * may, so never a sleep in atomic context (gfp_expr_sleeps()) */
	bool declared;
};

struct gfp_expr {
	int n; /* 0: unknown */
	struct gfp_alt alt[GFP_MAX_VALUES];
	char *text; /* as spelled in the source, or decoded */
};

/* ARG_OBJECT: an argument whose type is a chain-type of the rules (a
 * notifier_block, a chain head, a work item), by the object it names: see
 * object_path() in names.c */
/* ARG_FLAGS: the constant value of the flags argument of an rt-hard call
 * (request_irq()'s IRQF_*, hrtimer_init()'s mode), in decimal */
/* ARG_CONST: an argument whose value is a constant, in decimal: a named
 * constant from 0 to INT_MAX (an enumerator such as NETDEV_UP, a macro's
 * literal) or a literal 0 or 1, NULL (0), the address of an object (1): a
 * callee that tests that parameter for truth, or compares it with a
 * constant, takes the branches that value allows only */
/* ARG_PARAM: an argument that is the caller's own parameter N, never
 * changed in its body, or its negation: "N" or "!N"; the callee's
 * parameter has its truth wherever the caller's is known */
/* ARG_ADDR: `&object` of a struct of static storage (an ops table) or a
 * struct local to the caller, by its path "var:KEY"; stored beside the ARG_CONST of the same argument: a call
 * through a field of the callee's parameter reaches what that object's
 * field holds */
/* ARG_FIELD: an argument that is a pointer whose field the caller has
 * tested on every path to the call, "FIELD=1" or "FIELD=0" (ohci_irq()
 * calls ohci_rh_resume(ohci) only `if (ohci->autostop)`): the callee's
 * tests of that field of its parameter before writing it, and of a local
 * it initialises from it, take that truth (function_fact.field_vars) */
/* ARG_HELD_FIELD: an argument that is a pointer whose field the caller
 * stored from a variable (`nd->flags = flags`) whose truth, or the truth
 * of some bit of `atom` of it, is known on every path to the call on
 * which a context the caller took is held: "W|FIELD=T" or
 * "W|FIELD&ATOM=T", W the caller's call (its index among the caller's
 * calls) that witnesses the context; what the callee entered in that
 * context alone may take for the field (path_init() takes
 * rcu_read_lock() exactly when `flags & LOOKUP_RCU`, and nd_jump_root()
 * calls path_put() only without it) */
/* ARG_SNAPSHOT: an argument that is the caller's pointer parameter N
 * whose field the caller read into a local it passes too (`old_flags =
 * dev->flags; ... __dev_notify_flags(dev, old_flags, ...)`):
 * "FIELD^I|N:STRUCT.FIELD", I the local's argument; the callee's
 * p->FIELD ^ its parameter I has no bit set but those the caller and the
 * other callees it passes p to may write of STRUCT.FIELD
 * (function_fact.field_writes), so a test of other bits of it
 * (`changes & IFF_UP`) is false */
/* ARG_LOCAL: an argument that is a value local of the caller (cfg.h: a
 * local initialised with a constant, written only by statements of their
 * own, its writes marked EV_WRITE): "IDX:INIT", its index and initial
 * value; on a path that never wrote it the callee gets that constant */
/* ARG_PARAM_FIELD: an argument that is a field of the caller's pointer
 * parameter N, `p->FIELD`, where the body changes neither p nor that
 * field: "N.FIELD"; the callee's parameter has the truth the caller's
 * visit knows for that field (ARG_FIELD: `ip_fib_metrics_init(net,
 * cfg->fc_mx, ...)` of a `cfg` whose `fc_mx` its caller left NULL) */
/* ARG_COPY: an argument that is `&local`, a struct local the caller last
 * filled, before the call and on every path to it, by a copy of what its
 * pointer parameter N points to (`alias_cpa = *cpa;`), and changed since
 * only by member writes: "N", then ";FIELD" for each field it writes by
 * member anywhere; every other field of it is that of *N (the callee's
 * parameter has the field truths N has, objects.h) */
/* ARG_LOCAL_ID: an argument that is a local variable of the caller as
 * it is, of scalar type, whose address goes nowhere but to calls: "IDX",
 * its identity index (cfg.h EV_LOCAL_WRITE marks each write of it; the
 * expression or statement that holds the call writes none).  Beside the
 * argument's other row, if it has one.  Two calls given it, with no mark
 * between them, are given one value (results.h) */
/* ARG_PARAM_BITS: an argument that is the caller's parameter N as it
 * is, which the body changes only by statements `N &= K;` and `N |= K;`
 * of a constant K (fsnotify_handle_event()'s `mask &= ~FS_EVENT_ON_CHILD;`):
 * "N:C:S", C the bits some such statement may clear, S those it may set,
 * in decimal.  Where the caller's visit knows N's value v, with no bit of
 * C and every bit of S set, those statements change nothing and the
 * argument is v */
enum arg_kind {
	ARG_FUNCTION = 1,
	ARG_GFP = 2,
	ARG_OBJECT = 3,
	ARG_FLAGS = 4,
	ARG_CONST = 5,
	ARG_PARAM = 6,
	ARG_ADDR = 7,
	ARG_FIELD = 8,
	ARG_HELD_FIELD = 9,
	ARG_SNAPSHOT = 10,
	ARG_LOCAL = 11,
	ARG_PARAM_FIELD = 12,
	ARG_COPY = 13,
	ARG_LOCAL_ID = 14,
	ARG_PARAM_BITS = 15,
};

struct call_arg {
	int index;
	enum arg_kind kind;
	char *fn_key; /* ARG_FUNCTION: key of the function passed */
	struct gfp_expr gfp; /* ARG_GFP */
	char *object; /* ARG_OBJECT: the object path; ARG_FLAGS, ARG_CONST, ARG_PARAM,
				 * ARG_FIELD: the value */
};

/* N of a reference "param:N" to the function's own parameter N (a call
 * through it: call_fact.via; through its field: call_fact.via_object),
 * and in *rest what follows N ("->FIELD" for a field of it).  With rest
 * NULL, only the whole "param:N" is one.  -1 for any other text.  The one
 * reader of that form. */
static inline int param_ref(const char *text, const char **rest)
{
	char *end;
	long n;

	if (!text || strncmp(text, "param:", 6) != 0 ||
	    !isdigit((unsigned char)text[6]))
		return -1;
	n = strtol(text + 6, &end, 10);
	if (n > INT32_MAX || (rest ? (*rest = end, false) : *end != '\0'))
		return -1;
	return (int)n;
}

/* The parameter number N (< 32) at the start of an argument's text, and
 * in *end what follows it; -1 if none (param_passed(), param_field()) */
static inline int leading_param(const char *t, char **end)
{
	long n;

	if (!t || !isdigit((unsigned char)*t))
		return -1;
	n = strtol(t, end, 10);
	return n < 32 ? (int)n : -1;
}

/* ARG_PARAM: the caller's parameter N (< 32) an argument passes on
 * unchanged, "N", or negated, "!N" (*negated; with negated NULL, a
 * negation is not one); -1 for any other argument.  The one reader of
 * that text. */
static inline int param_passed(const struct call_arg *arg, bool *negated)
{
	bool neg = arg->object && *arg->object == '!';
	char *end;
	int n;

	if (arg->kind != ARG_PARAM || !arg->object || (neg && !negated) ||
	    (n = leading_param(arg->object + neg, &end)) < 0 || *end)
		return -1;
	if (negated)
		*negated = neg;
	return n;
}

/* ARG_PARAM_BITS: the caller's parameter N (< 32) an argument passes on
 * changed at most in the bits *clear and *set (either may be NULL), "N:C:S";
 * -1 for any other argument.  The one reader of that text. */
static inline int param_bits(const struct call_arg *arg,
			     unsigned long long *clear, unsigned long long *set)
{
	char *end, *more;
	unsigned long long c, s;
	int n;

	if (arg->kind != ARG_PARAM_BITS || !arg->object ||
	    (n = leading_param(arg->object, &end)) < 0 || *end != ':')
		return -1;
	c = strtoull(end + 1, &more, 10);
	if (*more != ':')
		return -1;
	s = strtoull(more + 1, &end, 10);
	if (*end)
		return -1;
	if (clear)
		*clear = c;
	if (set)
		*set = s;
	return n;
}

/* ARG_PARAM_FIELD: the caller's parameter N (< 32) whose field the
 * argument is, "N.FIELD", with *field at FIELD; -1 for any other
 * argument.  The one reader of that text. */
static inline int param_field(const struct call_arg *arg, const char **field)
{
	char *end;
	int n;

	if (arg->kind != ARG_PARAM_FIELD ||
	    (n = leading_param(arg->object, &end)) < 0 || *end != '.')
		return -1;
	*field = end + 1;
	return n;
}

/* ARG_COPY: the caller's parameter N (< 32) whose pointee the argument's
 * local is a copy of, "N;F1;F2", with *written at ";F1;F2" (the fields
 * written since, "" if none); -1 for any other argument.  The one reader
 * of that text (copy_keeps() reads *written). */
static inline int param_copy(const struct call_arg *arg, const char **written)
{
	char *end;
	int n;

	if (arg->kind != ARG_COPY ||
	    (n = leading_param(arg->object, &end)) < 0 || (*end && *end != ';'))
		return -1;
	*written = end;
	return n;
}

/* Does a copy whose written fields are `written` (param_copy()) keep field
 * `name` (len bytes) of what it copied? */
static inline bool copy_keeps(const char *written, const char *name, size_t len)
{
	for (const char *p = written; p && *p == ';';) {
		size_t n = strcspn(p + 1, ";");

		if (n == len && strncmp(p + 1, name, len) == 0)
			return false;
		p += n + 1;
	}
	return true;
}

struct call_fact {
	char *callee; /* function name; NULL for an indirect call */
	char *callee_key; /* resolved key of a direct callee */
	char *via; /* indirect call: "struct_name.field" */
	/* a call through a field: the object it is made on, "param:N",
	 * "param:N->FIELD" or "var:KEY" (an unchanged parameter, a field of
	 * one, an object_variable(), names.h), or NULL */
	char *via_object;
	/* a call `V->f->m(..., V, ...)`: "K.f", the argument K that is the
	 * variable whose field f holds the table; or NULL */
	char *receiver;
	char *text; /* source text for messages, e.g. spin_lock(&dev->lock); the
			 * model's is "callee()" where none was stored */
	unsigned line, col;
	unsigned ctx; /* atomic kinds in force at the call */
	int witness; /* index (in the function; in the model, into m->calls) of the
			 * acquiring call, or -1 */
	bool reached;
	int lock_action; /* -1, or enum lock_action */
	unsigned lock_ctx;
	/* normalised lock expression of a primitive; of a guard's
	 * constructor or destructor call, the guard's lock argument */
	char *lock_id;
	/* atomic kinds that a run-time context test choosing this call's mask
	 * can see (in_interrupt() ? GFP_ATOMIC : GFP_KERNEL sees IRQ/softirq
	 * context, not a held spinlock); set by gfp-in-atomic-test */
	unsigned ctx_seen;
	bool noreturn; /* the callee is declared __noreturn (or rules: noreturn) */
	/* how many arguments the call passes (its `args` describe some of
	 * them), -1 unknown: a call whose every argument is described is
	 * one that a later call with the same arguments repeats */
	int arity;
	int seq; /* index in the function's calls (the loaded model's) */
	/* allocation sites only */
	bool is_alloc;
	/* the allocator as the call site spells it (kcalloc, where the headers
	 * call kmalloc_array_noprof()): what findings name */
	char *shown;
	struct gfp_expr flags;
	int sleeps; /* 1 may sleep, 0 cannot, -1 unknown */
	VEC(struct call_arg)
	args; /* extract's; the model's are m->args[first_arg...] */
	/* set by model_load() */
	int fn; /* index of the calling function in the model */
	int callee_fn; /* the first function of callee_key, or -1 */
	const struct alloc_rule *alloc; /* the rule of the allocator called */
	int first_arg,
		nargs; /* its arguments: index range into the model's args */
};

/* The text of an argument: a mask as written (ARG_GFP), else its object or value */
static inline const char *call_arg_text(const struct call_arg *a)
{
	return a->kind == ARG_GFP ? a->gfp.text : a->object;
}

/* A finding of an intra-procedural check, computed while the AST is at
 * hand (see local_checks.h) and stored with the function's facts. */
struct local_step {
	unsigned line;
	char *note;
};

struct local_finding {
	const char *rule; /* the id of the check_def that made it */
	bool own_severity; /* false: the rule's default, severity unused */
	enum severity severity;
	unsigned line, col;
	char *message;
	char *flags; /* GFP mask as spelled, or NULL */
	VEC(struct local_step) trace;
	int fn; /* the loaded model's function index */
	char *unknown_severity; /* model only: a stored severity that names none */
};

struct function_fact {
	char *name;
	char *key; /* name, or "file#name" for internal linkage */
	char *file;
	unsigned line, col;
	bool in_header;
	unsigned gfp_params; /* bitmask of parameters of type gfp_t */
	unsigned exit_ctx; /* context kinds that may be held at return */
	unsigned exit_must_ctx; /* ... held at return on every path */
	/* ... held at every return of one kind of value (flow.h
	 * flow_held_by_outcome()): what a trylock's summary may take */
	unsigned exit_outcome_ctx;
	/* its pointer parameters (< 32) it only stores through: each use is
	 * `*p = v;` or the test of `if (p)` around such stores alone (`if
	 * (bh) *bh = bh_p;`).  What it returns does not depend on them: two
	 * calls that differ there return alike (results.h) */
	unsigned out_params;
	bool returns_value; /* not void: a conditional lock wrapper acts like a trylock */
	bool returns; /* some path reaches the end of the body */
	int exit_witness; /* the acquiring call, as `witness`, or -1 */
	unsigned released_unheld;
	int released_witness; /* the call releasing it, as `witness`, or -1 */
	char *cfg; /* cfg_serialize() form */
	/* the condition variables of the CFG (index >= 32) that hold a field
	 * of a parameter as the caller passed it: a test of `p->field`, or a
	 * local initialised from it before any write of it; "IDX=PARAM.FIELD"
	 * separated by ';' (ARG_FIELD gives their truth), or NULL */
	char *field_vars;
	/* the integer fields of structs it writes through a pointer
	 * parameter N it never changes, and the bits each write may change:
	 * "N:STRUCT.FIELD=BITS;..." (BITS in hex: the K of `|= K`, `^= K` or
	 * `&= ~K`, else every bit), or NULL */
	char *field_writes;
	/* its function-pointer parameters it only calls, tests and passes on
	 * unchanged to direct calls, never assigns or hands anywhere else:
	 * a function given as one is entered only from the calls through it
	 * (objects.h), where the callee passes it on to such a parameter too */
	unsigned callback_params;
	/* the function-pointer fields ("struct_name.field", as
	 * call_fact.via) whose value it uses other than to call through
	 * them, test them or store into them: "S.F;...", or NULL.  A
	 * function stored in such a field may be called from anywhere
	 * (objects.h); one stored only in others, only by the calls through
	 * them. */
	char *read_fields;
	/* the function-pointer fields its CFG tests (EV_FNPTR_SET, an index
	 * into this list): "S.F;..." */
	char *fnptr_tests;
	VEC(struct call_fact)
	calls; /* extract's; the model's are m->calls[first_call...] */
	VEC(struct local_finding)
	findings; /* extract's; the model's are m->locals */
	/* set by model_load() */
	int64_t id; /* functions.id */
	int first_call, ncalls; /* index range into the model's calls */
	/* kinds it releases where they may not be held (summaries.c computes
	 * it: a helper that drops and retakes its caller's lock) */
	unsigned released_maybe;
	/* per-lock kinds it releases of a lock a callee took unseen
	 * (flow_result.released_hidden; summaries.c): the lock the callee
	 * hides goes no further up */
	unsigned released_hidden;
	/* kinds of its caller's context it releases only where it returns
	 * true / only where it returns false (do_signal_stop() returns true
	 * having dropped siglock), and kinds it takes only where it returns
	 * false (a lock helper returning 0 with the lock held), every return
	 * being a constant (summaries.c) */
	unsigned release_if_true, release_if_false, take_if_false;
};

/* The next entry of a function_fact.field_vars text at *p: its condition
 * variable, parameter and field name (`len` bytes at *name); *p moves past
 * it.  False at the end, or where the text is not of that form. */
static inline bool field_var_next(const char **p, int *idx, int *param,
				  const char **name, size_t *len)
{
	char *end;

	if (!*p || !**p)
		return false;
	*idx = (int)strtol(*p, &end, 10);
	if (*end != '=')
		return false;
	*param = (int)strtol(end + 1, &end, 10);
	if (*end != '.')
		return false;
	*name = end + 1;
	*len = strcspn(*name, ";");
	*p = *name + *len + ((*name)[*len] == ';');
	return true;
}

/* Entry `idx` of a function_fact.fnptr_tests text ("S.F;..."): its
 * start, with its length in *len; NULL past the end */
static inline const char *fnptr_test_key(const char *text, int idx, size_t *len)
{
	for (; text && *text && idx > 0; idx--) {
		text = strchr(text, ';');
		text = text ? text + 1 : NULL;
	}
	if (!text || !*text || idx < 0)
		return NULL;
	*len = strcspn(text, ";");
	return text;
}

/* The next entry of a function_fact.field_writes text at *p: the
 * parameter, the field's key (`len` bytes at *key) and the bits; *p moves
 * past it.  False at the end, or where the text is not of that form. */
static inline bool field_write_next(const char **p, int *param,
				    const char **key, size_t *len,
				    uint64_t *bits)
{
	const char *eq;
	char *end;

	if (!*p || !**p)
		return false;
	*param = (int)strtol(*p, &end, 10);
	if (*end != ':' || !(eq = strchr(end, '=')))
		return false;
	*key = end + 1;
	*len = (size_t)(eq - *key);
	*bits = strtoull(eq + 1, &end, 16);
	*p = end + (*end == ';');
	return true;
}

/* A function pointer stored in a struct field: ops tables, obj->cb = fn */
struct fnptr_fact {
	char *field; /* "struct_name.field" */
	char *fn_key;
	char *fn_name;
	char *file;
	unsigned line;
	char *how; /* "initializer" or "assignment" */
	char *function; /* the function making it, NULL at file scope */
	char *object; /* path of the object whose field it is, or NULL */
};

struct tu_facts {
	char *file; /* main source file */
	bool failed; /* error diagnostics or no AST */
	int nerrors;
	char *first_error;
	double seconds;
	VEC(struct function_fact) functions;
	VEC(struct fnptr_fact) fnptrs;
	VEC(char *)
	includes; /* every file the TU read, for incremental scans */
};

void tu_facts_free(struct tu_facts *tu);

#endif
