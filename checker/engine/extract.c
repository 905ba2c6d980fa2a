// SPDX-License-Identifier: GPL-2.0
#include "extract.h"
#include "ast.h"
#include "cfg.h"
#include "ctl.h"
#include "flow.h"
#include "checks.h"
#include "fnptrs.h"
#include "local_checks.h"
#include "local_ptrflow.h"
#include "masks.h"
#include "names.h"
#include "written.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A write of a variable, or of a field of the object a pointer variable
 * points to (see find_assigned()) */
struct var_write {
	CXCursor var, expr;
	CXCursor field; /* `var->field = ...`: the FieldDecl; else null */
	/* a statement of its own (the CFG places it: written_local()); not
	 * so: inside a condition or another expression, a for clause, `&x` */
	bool statement;
	bool placed; /* seen by written_local() */
	/* `&var`, and whether as an argument of a call (the callee may
	 * write it then) */
	bool address, call_arg;
};

/* An identity local: a local of scalar type some call is given as it is
 * (ARG_LOCAL_ID).  Its writes are marked in the CFG (EV_LOCAL_WRITE), so
 * that a call's outcome known for its value holds until one of them. */
struct identity_local {
	CXCursor var;
	/* its address goes somewhere but to a call: not one */
	bool escapes;
	/* a call whose outcome the CFG carries is given it: its marks stay
	 * (prune_identity_events()) */
	bool tested;
};

/* A write of an identity local and where it is (identities_written()) */
struct identity_write {
	int id;
	CXFile file;
	unsigned start, end;
};

/* A condition variable of index 32 + n: a local variable, or a field
 * `var->field` of the object an unchanged pointer variable points to */
struct cond_local {
	CXCursor var;
	CXCursor field; /* the FieldDecl, or null for the variable itself */
};

struct value_local {
	CXCursor var;
	struct value_local_type type;
};

/* A statement `var->field = src;` of a condition variable src (EV_STORE) */
struct field_store {
	CXCursor var, field;
	int src;
};

/* An integer field of a struct some statement of the function writes
 * through a parameter: "STRUCT.FIELD" (field_key()) and the bits it may
 * change (function_fact.field_writes) */
struct written_field {
	CXCursor var, field;
	char *key;
	uint64_t bits;
	/* a store of this value (`p->flags = flags;`, WRITE_ONCE()): its
	 * bits are known once every write of the body is (stored_bits()) */
	CXCursor value;
};

/* The `&p->field` of WRITE_ONCE(p->field, v) (volatile_store()) */
struct volatile_store {
	CXCursor addr, field;
};

struct guard_lock {
	CXCursor constructor;
	char *lock_id;
};

struct fn_ctx {
	struct extractor *x;
	CXTranslationUnit tu;
	CXCursor fn;
	struct function_fact *ff;
	/* the function-pointer fields the body tests, "S.F" each
	 * (EV_FNPTR_SET: the index into this list) */
	VEC(char *) fnptr_tests;
	VEC(CXCursor) call_cursors;
	VEC(struct flow_call) flow_calls;
	/* variables the body assigns, increments or takes the address of:
	 * their tests are not marked (see cond_var_of()) */
	VEC(CXCursor) assigned;
	VEC(struct var_write)
	writes; /* of locals and parameters, found with `assigned` */
	bool assigned_known;
	VEC(struct value_local)
	value_locals; /* index n: value local n (cfg.h) */
	/* the value locals some call is given as an argument (ARG_LOCAL):
	 * their writes stay marked though no test decides them */
	uint64_t passed_locals;
	/* the parameters some call is given as they are (ARG_PARAM): their
	 * dereferences stay marked (EV_DEREF) though no test decides them */
	uint32_t passed_params;
	VEC(struct cond_local)
	cond_locals; /* the condition variables of index 32 + n */
	VEC(struct field_store) stores; /* store n is EV_STORE n */
	VEC(struct written_field) written_fields; /* found with `writes` */
	/* the `&p->field` of each WRITE_ONCE() whose store was noted, and
	 * the field */
	VEC(struct volatile_store) volatile_stores;
	/* the constructor calls of guard variables and the lock each names
	 * (see guard_lock()) */
	VEC(struct guard_lock) guard_locks;
	/* locals dereferenced before their first test registered them: a
	 * dereference of local n here is EV_PARAM_TRUE of 64 + n until
	 * resolve_derefs() */
	VEC(CXCursor) deref_locals;
	/* pointer locals copied into one another (`fsn_mark =
	 * new_fsn_mark;`), each with a parent index that leads to the first
	 * of its class (copy_root()): a lock taken through one and released
	 * through another is one lock (lock_name()) */
	VEC(CXCursor) copy_vars;
	VEC(int) copy_class;
	bool copies_known;
	/* identity locals: index n is identity n (< 64), found with
	 * `writes`; their writes with where they are, once asked for */
	VEC(struct identity_local) identities;
	VEC(struct identity_write) identity_writes;
	bool identity_writes_known;
	/* the identity locals the root being built writes
	 * (identities_written()): its calls are not given them as
	 * identities */
	uint64_t root_writes;
};

/* ---- arguments ---- */

/* A named constant or 0 or 1: an enumerator (the kernel's false and true
 * are enumerators, NETDEV_UP is one), a literal or constant expression
 * that a macro wrote (PM_SUSPEND_PREPARE, I_DIRTY_PAGES as `(1 << 2)`),
 * a literal 0 or 1, or flags of those or'ed together (MSG_DONTWAIT |
 * MSG_NOSIGNAL); a value from 0 to INT_MAX.  What a callee's parameter
 * test decides on (`if (on)`, `case NETDEV_REGISTER:`, `if (flags &
 * I_DIRTY_INODE)`); other literals (sizes, counts) are not kept. */
static bool named_constant(CXCursor arg, int *val)
{
	CXCursor c = cursor_strip(arg), ref, kid[2];
	long long v;
	char op[4];
	int a, b;

	if (clang_getCursorKind(c) == CXCursor_BinaryOperator &&
	    cursor_children(c, kid, 2) == 2) {
		la_op(c, op, sizeof(op));
		if (strcmp(op, "|") != 0 && la_written_as_name(arg) &&
		    la_eval_int(c, &v) && v >= 0 && v <= INT_MAX) {
			*val = (int)v; /* a macro's constant expression */
			return true;
		}
		if (strcmp(op, "|") != 0 || !named_constant(kid[0], &a) ||
		    !named_constant(kid[1], &b))
			return false;
		*val = a | b;
		return true;
	}
	if (clang_getCursorKind(c) == CXCursor_IntegerLiteral) {
		if (!cursor_evaluate_int(c, &v) || v < 0 || v > INT_MAX ||
		    (v > 1 && !la_written_as_name(c)))
			return false;
		*val = (int)v;
		return true;
	}
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return false;
	ref = clang_getCursorReferenced(c);
	if (clang_getCursorKind(ref) != CXCursor_EnumConstantDecl)
		return false;
	v = clang_getEnumConstantDeclValue(ref);
	if (v < 0 || v > INT_MAX)
		return false;
	*val = (int)v;
	return true;
}

/* 1 for `&object`: an address, never NULL (a callee testing it for NULL
 * takes the non-NULL branch); 0 otherwise */
static int address_of(CXCursor arg)
{
	CXCursor c = cursor_strip(arg);
	char op[4];

	if (clang_getCursorKind(c) != CXCursor_UnaryOperator)
		return 0;
	la_op(c, op, sizeof(op));
	return strcmp(op, "&") == 0;
}

static bool is_assigned(struct fn_ctx *f, CXCursor var);
static void find_writes(struct fn_ctx *f);

/* `&object` of a struct of static storage (an ops table, a driver's
 * descriptor) or a struct local to the function (object_variable()):
 * its path "var:KEY" (ARG_ADDR); NULL otherwise */
static char *address_of_object(CXCursor arg)
{
	CXCursor c = cursor_strip(arg), kid[1];

	if (!address_of(c) || cursor_children(c, kid, 1) != 1)
		return NULL;
	kid[0] = cursor_strip(kid[0]);
	if (clang_getCursorKind(kid[0]) != CXCursor_DeclRefExpr)
		return NULL;
	return struct_object_path(clang_getCursorReferenced(kid[0]));
}

/* The index (< 32) of the calling function's parameter that the
 * expression c (stripped) names, with its declaration in *var; -1 if c
 * names none */
static int named_param(const struct fn_ctx *f, CXCursor c, CXCursor *var)
{
	int idx;

	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return -1;
	*var = clang_getCursorReferenced(c);
	if (clang_getCursorKind(*var) != CXCursor_ParmDecl)
		return -1;
	idx = cursor_param_index(f->fn, *var);
	return idx < 32 ? idx : -1;
}

/* An argument that is a parameter of the calling function the body never
 * changes, or its negation: "N" or "!N" (ARG_PARAM); NULL otherwise. */
static char *passed_param(struct fn_ctx *f, CXCursor arg)
{
	CXCursor c = cursor_strip(arg), kid[1], var;
	bool negated = false;
	char op[4];
	int idx;

	if (clang_getCursorKind(c) == CXCursor_UnaryOperator) {
		la_op(c, op, sizeof(op));
		if (strcmp(op, "!") != 0 || cursor_children(c, kid, 1) != 1)
			return NULL;
		negated = true;
		c = cursor_strip(kid[0]);
	}
	if ((idx = named_param(f, c, &var)) < 0 || is_assigned(f, var))
		return NULL;
	f->passed_params |= 1u << idx;
	return xasprintf("%s%d", negated ? "!" : "", idx);
}

static bool write_of(const struct var_write *w, CXCursor var, CXCursor field);

/* The bits the statement `var &= K;` or `var |= K;` (K constant) may
 * clear (*clear) or set (*set); false for any other write */
static bool bits_write(const struct var_write *w, unsigned long long *clear,
		       unsigned long long *set)
{
	CXCursor kid[2];
	long long k;
	char op[4];

	if (!w->statement || w->address ||
	    clang_getCursorKind(w->expr) != CXCursor_CompoundAssignOperator ||
	    cursor_children(w->expr, kid, 2) != 2 || !la_eval_int(kid[1], &k))
		return false;
	la_op(w->expr, op, sizeof(op));
	if (strcmp(op, "&=") == 0)
		*clear |= ~(unsigned long long)k;
	else if (strcmp(op, "|=") == 0 && k >= 0)
		*set |= (unsigned long long)k;
	else
		return false;
	return true;
}

/* An argument that is a parameter of the calling function as it is,
 * which the body changes only by `&=` and `|=` statements of constants:
 * "N:C:S" (ARG_PARAM_BITS); NULL otherwise */
static char *passed_param_bits(struct fn_ctx *f, CXCursor arg)
{
	CXCursor var;
	unsigned long long clear = 0, set = 0;
	int idx = named_param(f, cursor_strip(arg), &var);

	if (idx < 0)
		return NULL;
	find_writes(f);
	for (size_t i = 0; i < f->writes.n; i++)
		if (write_of(&f->writes.v[i], var, clang_getNullCursor()) &&
		    !bits_write(&f->writes.v[i], &clear, &set))
			return NULL;
	if (!clear && !set)
		return NULL; /* unchanged: passed_param()'s */
	return xasprintf("%d:%llu:%llu", idx, clear, set);
}

static bool field_written(struct fn_ctx *f, CXCursor var, CXCursor field);

/* An argument that is a field of a pointer parameter, `p->FIELD`, where
 * the body changes neither p nor that field: "N.FIELD"
 * (ARG_PARAM_FIELD); NULL otherwise. */
static char *passed_param_field(struct fn_ctx *f, CXCursor arg)
{
	CXCursor c = cursor_strip(arg), kid[1], var, field;
	char *name, *p;
	int idx;

	if (clang_getCursorKind(c) != CXCursor_MemberRefExpr ||
	    cursor_children(c, kid, 1) != 1)
		return NULL;
	field = clang_getCursorReferenced(c);
	if (clang_getCursorKind(field) != CXCursor_FieldDecl ||
	    (idx = named_param(f, cursor_strip(kid[0]), &var)) < 0 ||
	    clang_getCanonicalType(clang_getCursorType(var)).kind !=
		    CXType_Pointer ||
	    is_assigned(f, var) || field_written(f, var, field))
		return NULL;
	name = la_spelling(field);
	p = xasprintf("%d.%s", idx, name);
	free(name);
	return p;
}

static int value_local_index(struct fn_ctx *f, CXCursor var,
			     struct value_local_type *out);

/* An argument that is a value local (cfg.h) as it is: "IDX:INIT", its
 * index and initial value (ARG_LOCAL); NULL otherwise.  Where the local
 * still holds that value (a path that never wrote it) the callee gets a
 * constant: simple_pin_fs() passes `mnt`, NULL unless it mounted, to
 * mntput(). */
static char *passed_local(struct fn_ctx *f, CXCursor arg)
{
	CXCursor c = cursor_strip(arg);
	struct value_local_type t;
	int idx;

	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr ||
	    (idx = value_local_index(f, clang_getCursorReferenced(c), &t)) < 0)
		return NULL;
	f->passed_locals |= 1ULL << idx;
	return xasprintf("%d:%lld", idx, t.init);
}

/* The values of mask expression arg (masks.c); a value chosen by a
 * parameter the body assigns or takes the address of is chosen by
 * nothing the caller knows */
static void mask_values(struct fn_ctx *f, CXCursor arg, struct gfp_expr *out)
{
	mask_eval(f->x->rules, f->fn, arg, out);
	for (int k = 0; k < out->n; k++)
		if (out->alt[k].when > 0 &&
		    is_assigned(f, clang_Cursor_getArgument(
					   f->fn,
					   (unsigned)(out->alt[k].when - 1))))
			out->alt[k].when = 0;
}

/* The mask argument idx of a call: its values (masks.c) and its text as
 * the call writes it, else decoded */
static void fill_gfp(struct fn_ctx *f, CXCursor call, const char *callee,
		     int idx, struct gfp_expr *out)
{
	CXCursor arg;

	memset(out, 0, sizeof(*out));
	if (idx < 0 || idx >= clang_Cursor_getNumArguments(call))
		return;
	arg = clang_Cursor_getArgument(call, idx);
	mask_values(f, arg, out);
	out->text = written_arg(f->tu, call, callee, idx);
	if (!out->text && out->n == 1 && out->alt[0].param < 0)
		out->text = gfp_describe(f->x->gfp, out->alt[0].or_bits);
	if (!out->text && out->n == 0)
		out->text = xstrdup("(unknown mask)");
}

/* ---- calls ---- */

/* Objects that chains bind callbacks to (rules: chain-type NAME) */
static bool is_chain_type(struct extractor *x, CXType t)
{
	char *name;
	bool yes;

	t = clang_getCanonicalType(t);
	if (t.kind != CXType_Pointer)
		return false;
	name = record_name(t);
	yes = name && rules_named(x->rules, "chain-type", name);
	free(name);
	return yes;
}

static char *passed_identity(struct fn_ctx *f, CXCursor arg);

static void record_args(struct fn_ctx *f, CXCursor call, CXCursor callee,
			struct call_fact *cf, int gfp_arg)
{
	int n = clang_Cursor_getNumArguments(call);
	CXType fty = clang_getCursorType(callee);
	const struct named_rule *hard =
		cf->callee ? rules_named(f->x->rules, "rt-hard", cf->callee) :
			     NULL;

	if (!hard && cf->callee)
		hard = rules_named(f->x->rules, "chain-head-alloc", cf->callee);
	if (!hard && cf->callee)
		hard = rules_named(f->x->rules, "entry-mode", cf->callee);
	int flags_arg = named_int(hard, "flags", -1),
	    object_arg = named_int(hard, "object", -1);

	for (int i = 0; i < n; i++) {
		CXCursor arg = clang_Cursor_getArgument(call, i), fn;
		struct call_arg ca = { .index = i }, addr = { 0 };
		bool gfp = i != gfp_arg && !clang_Cursor_isNull(callee) &&
			   i < clang_getNumArgTypes(fty) &&
			   gfp_is_type(clang_getArgType(fty, i));
		long long value;
		int bit;

		if (i == flags_arg) {
			if (!cursor_evaluate_int(arg, &value))
				continue;
			ca.kind = ARG_FLAGS;
			ca.object =
				xasprintf("%llu", (unsigned long long)value);
		} else if (i == object_arg) {
			ca.kind = ARG_OBJECT;
			ca.object = object_path(f->fn, arg);
			if (!ca.object)
				continue;
		} else if (function_ref(arg, &fn)) {
			ca.kind = ARG_FUNCTION;
			ca.fn_key = function_key(fn);
		} else if (gfp) {
			ca.kind = ARG_GFP;
			mask_values(f, arg, &ca.gfp);
			ca.gfp.text = written_arg(
				f->tu, call, cf->callee ? cf->callee : "", i);
		} else if (is_chain_type(f->x, clang_getCursorType(arg))) {
			ca.kind = ARG_OBJECT;
			ca.object = object_path(f->fn, arg);
			if (!ca.object)
				continue;
		} else if (named_constant(arg, &bit) ||
			   (bit = address_of(arg))) {
			ca.kind = ARG_CONST;
			ca.object = xasprintf("%d", bit);
		} else if ((ca.object = passed_param(f, arg))) {
			ca.kind = ARG_PARAM;
		} else if ((ca.object = passed_param_bits(f, arg))) {
			ca.kind = ARG_PARAM_BITS;
		} else if ((ca.object = passed_local(f, arg))) {
			ca.kind = ARG_LOCAL;
		} else if ((ca.object = passed_param_field(f, arg))) {
			ca.kind = ARG_PARAM_FIELD;
		} else {
			continue;
		}
		if (ca.kind == ARG_CONST &&
		    (addr.object = address_of_object(arg))) {
			addr.index = i;
			addr.kind = ARG_ADDR;
			VEC_PUSH(cf->args, addr);
		}
		VEC_PUSH(cf->args, ca);
	}
	for (int i = 0; i < n; i++) {
		struct call_arg ca = { .index = i, .kind = ARG_LOCAL_ID };

		/* beside what the row above says of it, if it says anything */
		if ((ca.object = passed_identity(
			     f, clang_Cursor_getArgument(call, i))))
			VEC_PUSH(cf->args, ca);
	}
}

/* The mask argument of an allocator call: the rule's index, unless the
 * callee's parameter there is not a gfp_t (CONFIG_SLAB_BUCKETS puts a
 * bucket after the size of __kmalloc_node_noprof()); then its gfp_t one. */
static int gfp_arg_index(CXCursor callee, int idx)
{
	CXType fty = clang_getCursorType(callee);
	int n = clang_getNumArgTypes(fty);

	if (idx < 0 || n <= 0 ||
	    (idx < n && gfp_is_type(clang_getArgType(fty, idx))))
		return idx;
	for (int i = 0; i < n; i++)
		if (gfp_is_type(clang_getArgType(fty, i)))
			return i;
	return idx;
}

/* A call through struct member `field` names it "struct_name.field"
 * (call_fact.via), or NULL if it is not a field */
static char *called_field(CXCursor field)
{
	CXCursor parent;
	char *sname, *fname, *via;

	if (clang_getCursorKind(field) != CXCursor_FieldDecl)
		return NULL;
	parent = clang_getCursorSemanticParent(field);
	sname = la_spelling(parent);
	if (!*sname) {
		free(sname);
		sname = cx_take(
			clang_getTypeSpelling(clang_getCursorType(parent)));
	}
	fname = la_spelling(field);
	via = xasprintf("%s.%s", sname, fname);
	free(sname);
	free(fname);
	return via;
}

/* How an indirect call reaches its target: "struct_name.field" for a call
 * through a struct member, "param:N" for a call through the function's own
 * parameter N (a callback handed in by the caller). */
static char *indirect_via(CXCursor fn, CXCursor call)
{
	CXCursor kid[1];

	if (cursor_children(call, kid, 1) < 1)
		return NULL;
	kid[0] = cursor_strip(kid[0]);
	if (clang_getCursorKind(kid[0]) == CXCursor_UnaryOperator) {
		CXCursor sub[1];

		if (cursor_children(kid[0], sub, 1) == 1) /* (*fp)(x) */
			kid[0] = cursor_strip(sub[0]);
	}
	if (clang_getCursorKind(kid[0]) == CXCursor_DeclRefExpr) {
		CXCursor ref = clang_getCursorReferenced(kid[0]);
		int idx = clang_getCursorKind(ref) == CXCursor_ParmDecl ?
				  cursor_param_index(fn, ref) :
				  -1;

		return idx >= 0 ? xasprintf("param:%d", idx) : NULL;
	}
	if (clang_getCursorKind(kid[0]) != CXCursor_MemberRefExpr)
		return NULL;
	return called_field(clang_getCursorReferenced(kid[0]));
}

/* `V->f` of a pointer variable V: V's declaration and the field's name,
 * else false */
static bool pointer_field(CXCursor e, CXCursor *var, char **field)
{
	CXCursor base[1];

	if (clang_getCursorKind(e) != CXCursor_MemberRefExpr ||
	    cursor_children(e, base, 1) != 1)
		return false;
	base[0] = cursor_strip(base[0]);
	if (clang_getCursorKind(base[0]) != CXCursor_DeclRefExpr)
		return false;
	*var = clang_getCursorReferenced(base[0]);
	if (clang_getCursorType(*var).kind != CXType_Pointer)
		return false;
	*field = la_spelling(e);
	if (**field)
		return true;
	free(*field);
	return false;
}

/*
 * The object a call through a struct field is made on, when the function
 * names it: "param:N" for a parameter the body never changes
 * (`ops->do_action(s)`), "param:N->FIELD" for a field of one
 * (`inode->i_op->get_acl(inode)`), "var:KEY" for a struct variable
 * (object_variable()) (`my_ops.run()`, `(&my_ops)->run()`); NULL otherwise.
 * The solver resolves the call to what that object's field holds
 * (callgraph.c).
 */
static char *indirect_object(struct fn_ctx *f, CXCursor call)
{
	CXCursor kid[1], base[1], var;
	enum CXCursorKind k;
	char *field, *object;
	int idx;

	if (cursor_children(call, kid, 1) < 1)
		return NULL;
	kid[0] = cursor_strip(kid[0]);
	if (clang_getCursorKind(kid[0]) != CXCursor_MemberRefExpr ||
	    cursor_children(kid[0], base, 1) != 1)
		return NULL;
	base[0] = cursor_strip(base[0]);
	if (pointer_field(base[0], &var, &field)) {
		idx = clang_getCursorKind(var) == CXCursor_ParmDecl ?
			      cursor_param_index(f->fn, var) :
			      -1;
		object = idx >= 0 && idx < 32 && !is_assigned(f, var) ?
				 xasprintf("param:%d->%s", idx, field) :
				 NULL;
		free(field);
		return object;
	}
	if (address_of(base[0]) && cursor_children(base[0], kid, 1) == 1)
		base[0] = cursor_strip(kid[0]);
	if (clang_getCursorKind(base[0]) != CXCursor_DeclRefExpr)
		return NULL;
	var = clang_getCursorReferenced(base[0]);
	k = clang_getCursorKind(var);
	if (k == CXCursor_ParmDecl) {
		idx = cursor_param_index(f->fn, var);
		return idx >= 0 && idx < 32 && !is_assigned(f, var) ?
			       xasprintf("param:%d", idx) :
			       NULL;
	}
	return struct_object_path(var);
}

/*
 * `V->f->m(..., V, ...)`: the call hands the method the variable whose
 * table it was found through, "K.f" for argument K
 * (`inode->i_op->permission(idmap, inode, mask)`: "1.i_op"), else NULL.
 * The solver learns from it which parameter of a function stored only in
 * `m` holds such a table (callgraph.c find_dispatch()).
 */
static char *dispatch_receiver(CXCursor call)
{
	CXCursor kid[1], base[1], var;
	char *field, *receiver = NULL;
	int nargs = clang_Cursor_getNumArguments(call);

	if (cursor_children(call, kid, 1) < 1)
		return NULL;
	kid[0] = cursor_strip(kid[0]);
	if (clang_getCursorKind(kid[0]) != CXCursor_MemberRefExpr ||
	    cursor_children(kid[0], base, 1) != 1 ||
	    !pointer_field(cursor_strip(base[0]), &var, &field))
		return NULL;
	for (int a = 0; a < nargs && !receiver; a++) {
		CXCursor arg = cursor_strip(
			clang_Cursor_getArgument(call, (unsigned)a));

		if (clang_getCursorKind(arg) == CXCursor_DeclRefExpr &&
		    clang_equalCursors(clang_getCursorReferenced(arg), var))
			receiver = xasprintf("%d.%s", a, field);
	}
	free(field);
	return receiver;
}

/* The lock argument of a primitive, looked through comma expressions and
 * lock-wrapper functions (spinlock_check()), or a null cursor. */
static CXCursor lock_argument(struct fn_ctx *f, CXCursor call, int arg)
{
	CXCursor c, kid[2];
	char op[4];

	if (arg < 0 || arg >= clang_Cursor_getNumArguments(call))
		return clang_getNullCursor();
	c = cursor_strip(clang_Cursor_getArgument(call, arg));
	for (int depth = 0; depth < 8; depth++) {
		enum CXCursorKind k = clang_getCursorKind(c);

		/* ((void)(subclass), (lock)) in raw_spin_lock_nested() */
		if (k == CXCursor_BinaryOperator &&
		    cursor_children(c, kid, 2) == 2) {
			la_op(c, op, sizeof(op));
			if (strcmp(op, ",") != 0)
				break;
			c = cursor_strip(kid[1]);
			continue;
		}
		/* lock-wrapper functions such as spinlock_check(lock) */
		if (k == CXCursor_CallExpr &&
		    clang_Cursor_getNumArguments(c) == 1) {
			char *name = la_spelling(c);
			bool wrapper = rules_is_lock_wrapper(f->x->rules, name);

			free(name);
			if (!wrapper)
				break;
			c = cursor_strip(clang_Cursor_getArgument(c, 0));
			continue;
		}
		break;
	}
	return c;
}

/* Is the lock a raw one (a pointer to a type the rules list as
 * raw-lock-type): held, the context is strictly non-preemptive, also on
 * PREEMPT_RT, where spinlock_t sleeps. */
static bool raw_lock(struct fn_ctx *f, CXCursor lock)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(lock));
	char *name;
	bool raw;

	if (t.kind != CXType_Pointer)
		return false;
	name = cx_take(clang_getTypeSpelling(
		clang_getCanonicalType(clang_getPointeeType(t))));
	raw = rules_named(f->x->rules, "raw-lock-type", name) ||
	      (strncmp(name, "struct ", 7) == 0 &&
	       rules_named(f->x->rules, "raw-lock-type", name + 7));
	free(name);
	return raw;
}

/* The lock expression a primitive acts on, normalised so that
 * spin_lock(&d->lock) and spin_unlock_irqrestore(&d->lock, f) agree. */
static char *lock_identity(CXCursor c)
{
	char *s;

	if (clang_Cursor_isNull(c))
		return xstrdup("");
	s = cursor_tokens(c);
	/* drop parens and a leading & so that &d->lock and (d->lock) agree */
	{
		char *p = s;

		for (char *q = s; *q; q++)
			if (*q != '(' && *q != ')')
				*p++ = *q;
		*p = '\0';
	}
	if (s[0] == '&')
		memmove(s, s + 1, strlen(s));
	return s;
}

static bool pointer_local(CXCursor var)
{
	return clang_getCursorKind(var) == CXCursor_VarDecl &&
	       !static_storage(var) &&
	       clang_getCanonicalType(clang_getCursorType(var)).kind ==
		       CXType_Pointer;
}

/* The index of var among the copied locals, added if `add`; -1 if absent */
static int copy_var(struct fn_ctx *f, CXCursor var, bool add)
{
	for (size_t i = 0; i < f->copy_vars.n; i++)
		if (clang_equalCursors(f->copy_vars.v[i], var))
			return (int)i;
	if (!add)
		return -1;
	VEC_PUSH(f->copy_vars, var);
	VEC_PUSH(f->copy_class, (int)f->copy_vars.n - 1);
	return (int)f->copy_vars.n - 1;
}

static int copy_root(const struct fn_ctx *f, int i)
{
	while (f->copy_class.v[i] != i)
		i = f->copy_class.v[i];
	return i;
}

/* A write (find_writes()) that is `a = b` of two pointer locals: one
 * class */
static void note_copy(struct fn_ctx *f, CXCursor c)
{
	CXCursor kid[2], a, b;
	char op[4];
	int x, y;

	if (clang_getCursorKind(c) != CXCursor_BinaryOperator ||
	    cursor_children(c, kid, 2) != 2)
		return;
	la_op(c, op, sizeof(op));
	kid[0] = cursor_strip(kid[0]);
	kid[1] = cursor_strip(kid[1]);
	if (strcmp(op, "=") != 0 ||
	    clang_getCursorKind(kid[0]) != CXCursor_DeclRefExpr ||
	    clang_getCursorKind(kid[1]) != CXCursor_DeclRefExpr)
		return;
	a = clang_getCursorReferenced(kid[0]);
	b = clang_getCursorReferenced(kid[1]);
	if (!pointer_local(a) || !pointer_local(b) || clang_equalCursors(a, b))
		return;
	x = copy_root(f, copy_var(f, a, true));
	y = copy_root(f, copy_var(f, b, true));
	f->copy_class.v[x > y ? x : y] = x > y ? y : x;
}

/* The root variable of a lock expression (`&p->a.lock`, `p->locks[i]`) */
static CXCursor lock_root(CXCursor e)
{
	CXCursor kid[1];

	for (int depth = 0; depth < 8; depth++) {
		enum CXCursorKind k;

		e = cursor_strip(e);
		k = clang_getCursorKind(e);
		if (k == CXCursor_DeclRefExpr)
			return clang_getCursorReferenced(e);
		if ((k != CXCursor_UnaryOperator &&
		     k != CXCursor_MemberRefExpr &&
		     k != CXCursor_ArraySubscriptExpr) ||
		    cursor_children(e, kid, 1) < 1)
			break;
		e = kid[0];
	}
	return clang_getNullCursor();
}

/*
 * The name of the lock a primitive acts on (lock_identity()), its root
 * variable renamed to the first of its copies: `spin_lock(&new_fsn_mark->lock);
 * fsn_mark = new_fsn_mark; ... spin_unlock(&fsn_mark->lock);`
 * (fcntl_dirnotify()) takes and releases one lock, which two names would
 * leave held on the path joining another that locked `fsn_mark->lock`.
 */
static char *lock_name(struct fn_ctx *f, CXCursor lock)
{
	char *id = lock_identity(lock), *name, *renamed;
	CXCursor root = lock_root(lock);
	size_t len;
	int i, r;

	if (!f->copies_known) {
		f->copies_known = true;
		find_writes(f);
		for (size_t k = 0; k < f->writes.n; k++)
			note_copy(f, f->writes.v[k].expr);
	}
	if (clang_Cursor_isNull(root) || (i = copy_var(f, root, false)) < 0 ||
	    (r = copy_root(f, i)) == i)
		return id;
	name = la_spelling(root);
	len = strlen(name);
	renamed = NULL;
	if (strncmp(id, name, len) == 0 && !isalnum((unsigned char)id[len]) &&
	    id[len] != '_') {
		char *first = la_spelling(f->copy_vars.v[r]);

		renamed = xasprintf("%s%s", first, id + len);
		free(first);
	}
	free(name);
	if (!renamed)
		return id;
	free(id);
	return renamed;
}

/* Declared never to return: __noreturn (the attribute is part of the
 * function type, which clang prints with it) or listed in the rules
 * (`noreturn NAME`, for what the headers do not declare so). */
static bool callee_noreturn(const struct extractor *x, CXCursor callee,
			    const char *name)
{
	char *type;
	bool yes;

	if (rules_named(x->rules, "noreturn", name))
		return true;
	type = cx_take(clang_getTypeSpelling(clang_getCursorType(callee)));
	yes = strstr(type, "__attribute__((noreturn))") != NULL;
	free(type);
	return yes;
}

/* A guard's constructor call names the lock it takes: guard(spinlock)(&sb_lock) */
static const char *guard_lock_of(const struct fn_ctx *f, CXCursor call)
{
	for (size_t i = 0; i < f->guard_locks.n; i++)
		if (clang_equalCursors(f->guard_locks.v[i].constructor, call))
			return f->guard_locks.v[i].lock_id;
	return NULL;
}

static int on_call(void *ctx, CXCursor call)
{
	struct fn_ctx *f = ctx;
	struct function_fact *ff = f->ff;
	struct call_fact cf = { .witness = -1,
				.lock_action = -1,
				.sleeps = -1,
				.arity = clang_Cursor_getNumArguments(call) };
	struct flow_call fc = { .lock_id = "" };
	CXCursor callee = la_callee(call);
	const struct alloc_rule *ar = NULL;
	const char *guard_id;
	int gfp_arg = -1;
	char *file;

	if (!clang_Cursor_isNull(callee) &&
	    clang_getCursorKind(callee) == CXCursor_FunctionDecl) {
		cf.callee = la_spelling(callee);
		cf.callee_key = function_key(callee);
	} else {
		callee = clang_getNullCursor();
		cf.via = indirect_via(f->fn, call);
		if (cf.via && strncmp(cf.via, "param:", 6) != 0) {
			cf.via_object = indirect_object(f, call);
			cf.receiver = dispatch_receiver(call);
		}
	}
	file = fact_file(clang_getCursorLocation(call), &cf.line, &cf.col);
	free(file);
	if (cf.callee) {
		fc.lock = rules_lock(f->x->rules, cf.callee);
		ar = rules_alloc(f->x->rules, cf.callee);
	}
	if (cf.callee)
		fc.noreturn = cf.noreturn =
			callee_noreturn(f->x, callee, cf.callee);
	if (fc.lock) {
		CXCursor lock = lock_argument(f, call, fc.lock->lock_arg);
		char *id = lock_name(f, lock);

		fc.ctx = fc.lock->ctx;
		if ((fc.ctx & CTX_LOCK) && !clang_Cursor_isNull(lock) &&
		    raw_lock(f, lock))
			fc.ctx |= CTX_RAW;
		cf.lock_action = (int)fc.lock->action;
		cf.lock_ctx = fc.ctx;
		cf.text = written_text(f->tu, call, 160);
		fc.lock_id =
			id; /* owned by the flow_calls vector, freed with it */
		cf.lock_id = xstrdup(id);
	}
	if (ar) {
		struct written_call w;
		const struct alloc_rule *wr;

		gfp_arg = gfp_arg_index(callee, ar->gfp_arg);
		cf.is_alloc = true;
		cf.text = written_text(f->tu, call, 160);
		written_call(f->tu, call, &w);
		wr = w.name ? rules_alloc(f->x->rules, w.name) : NULL;
		cf.shown = xstrdup(wr ? wr->shown : ar->shown);
		fill_gfp(f, call, cf.callee, gfp_arg, &cf.flags);
		/* a mask written through the allocator's macro: as the user wrote it */
		if (wr && strcmp(w.name, cf.callee) != 0 && wr->gfp_arg >= 0 &&
		    wr->gfp_arg < w.nargs) {
			free(cf.flags.text);
			cf.flags.text = xstrdup(w.args[wr->gfp_arg]);
		}
		written_call_free(&w);
		if (ar->always_sleeps)
			cf.sleeps = 1;
		else if (gfp_arg >= 0)
			cf.sleeps = gfp_expr_sleeps(f->x->gfp, &cf.flags, -1);
	}
	if (!cf.lock_id && (guard_id = guard_lock_of(f, call))) {
		cf.lock_id = xstrdup(guard_id);
		cf.text = written_text(f->tu, call,
				       160); /* guard(spinlock)(&lock) */
	}
	record_args(f, call, callee, &cf, ar ? gfp_arg : -1);
	VEC_PUSH(ff->calls, cf);
	VEC_PUSH(f->call_cursors, call);
	VEC_PUSH(f->flow_calls, fc);
	return (int)ff->calls.n - 1;
}

/* A top-level function declaration of the name ctx points to */
static enum ast_match function_named(CXCursor c, void *name)
{
	CXString s;
	bool match;

	if (clang_getCursorKind(c) != CXCursor_FunctionDecl)
		return AST_SKIP;
	s = clang_getCursorSpelling(c);
	match = strcmp(clang_getCString(s), name) == 0;
	clang_disposeString(s);
	return match ? AST_MATCH : AST_SKIP;
}

static enum ast_match attribute(CXCursor c, void *unused)
{
	(void)unused;
	return clang_isAttribute(clang_getCursorKind(c)) ? AST_MATCH : AST_SKIP;
}

/* The lock a guard variable holds, named as this function names it: the
 * one argument of its constructor (guard(spinlock)(&sb_lock) initialises
 * the variable with class_spinlock_constructor(&sb_lock)), or NULL.  The
 * constructor and the destructor call carry it, so that their summaries,
 * whose primitives name the lock inside the class (`_T->lock`), act on
 * the lock that spin_unlock(&sb_lock) in the guarded scope releases. */
static char *guard_lock(struct fn_ctx *f, CXCursor var)
{
	CXCursor init = cursor_strip(la_var_init(var));
	struct guard_lock g = { init, NULL };

	if (clang_getCursorKind(init) != CXCursor_CallExpr ||
	    clang_Cursor_getNumArguments(init) != 1)
		return NULL;
	g.lock_id = lock_name(f, clang_Cursor_getArgument(init, 0));
	VEC_PUSH(f->guard_locks, g);
	return xstrdup(g.lock_id);
}

/* A variable destroyed by a cleanup function at scope exit (cleanup.h's
 * guard()/scoped_guard()): the implicit call becomes a call fact.  The
 * variable must carry an attribute (__cleanup__: libclang does not expose
 * which) and a type the rules name as a cleanup class. */
static int on_cleanup_var(void *ctx, CXCursor var)
{
	struct fn_ctx *f = ctx;
	char *type = cx_take(clang_getTypeSpelling(clang_getCursorType(var)));
	CXCursor decl;
	struct call_fact cf = {
		.witness = -1, .lock_action = -1, .sleeps = -1, .arity = -1
	};
	struct flow_call fc = { .lock_id = "" };
	char name[256], *file;

	if (clang_Cursor_isNull(ast_find(var, false, attribute, NULL)) ||
	    !rules_cleanup_for_type(f->x->rules, type, name, sizeof(name))) {
		free(type);
		return -1;
	}
	free(type);
	decl = ast_find(clang_getTranslationUnitCursor(f->tu), false,
			function_named, name);
	if (clang_Cursor_isNull(decl))
		return -1;
	decl = clang_Cursor_isNull(clang_getCursorDefinition(decl)) ?
		       decl :
		       clang_getCursorDefinition(decl);
	cf.callee = xstrdup(name);
	cf.callee_key = function_key(decl);
	file = fact_file(clang_getCursorLocation(var), &cf.line, &cf.col);
	free(file);
	cf.text = xasprintf("%s() at the end of the scope", name);
	cf.lock_id = guard_lock(f, var);
	VEC_PUSH(f->ff->calls, cf);
	VEC_PUSH(f->call_cursors, var);
	VEC_PUSH(f->flow_calls, fc);
	return (int)f->ff->calls.n - 1;
}

static void mark_assigned(struct fn_ctx *f, CXCursor target)
{
	CXCursor var;

	target = cursor_strip(target);
	if (clang_getCursorKind(target) != CXCursor_DeclRefExpr)
		return;
	var = clang_getCursorReferenced(target);
	if (clang_getCursorKind(var) == CXCursor_ParmDecl ||
	    clang_getCursorKind(var) == CXCursor_VarDecl)
		VEC_PUSH(f->assigned, var);
}

/* Whether expression c, a child of parent, is a statement of its own: in
 * a block, under a label or case, or the branch of an if (not its
 * condition) */
static bool statement_position(CXCursor c, CXCursor parent)
{
	CXSourceRange r = clang_getCursorExtent(c);
	struct ctl_stmt s;
	bool yes;

	switch (ctl_stmt_kind(parent)) {
	case CTL_STMT_COMPOUND:
	case CTL_STMT_CASE:
	case CTL_STMT_LABEL:
		return true;
	case CTL_STMT_IF:
		yes = ctl_stmt(parent, &s) &&
		      (clang_equalRanges(clang_getCursorExtent(s.then), r) ||
		       (!clang_Cursor_isNull(s.els) &&
			clang_equalRanges(clang_getCursorExtent(s.els), r)));
		ctl_stmt_free(&s);
		return yes;
	default:
		return false;
	}
}

/* A call of a function that rules/ says returns one value throughout a
 * function's run (`same-value get_current`) */
static bool same_value_call(const struct fn_ctx *f, CXCursor c)
{
	char *name;
	bool yes;

	if (clang_getCursorKind(c) != CXCursor_CallExpr ||
	    clang_Cursor_getNumArguments(c) != 0)
		return false;
	name = la_spelling(c);
	yes = name && rules_is_same_value(f->x->rules, name);
	free(name);
	return yes;
}

/* The variable and field of `var->field` (a MemberRefExpr on a pointer
 * variable, the only object a condition variable can name), or false.
 * `current->field` names the field of get_current() (a same-value call):
 * its variable is the function's declaration. */
static bool member_of_var(const struct fn_ctx *f, CXCursor mem, CXCursor *var,
			  CXCursor *field)
{
	CXCursor base[1];

	mem = cursor_strip(mem);
	if (clang_getCursorKind(mem) != CXCursor_MemberRefExpr ||
	    cursor_children(mem, base, 1) != 1)
		return false;
	*field = clang_getCursorReferenced(mem);
	base[0] = cursor_strip(base[0]);
	if (clang_getCursorKind(*field) != CXCursor_FieldDecl ||
	    clang_getCanonicalType(clang_getCursorType(base[0])).kind !=
		    CXType_Pointer)
		return false;
	if (same_value_call(f, base[0])) {
		*var = clang_getCursorReferenced(base[0]);
		return clang_getCursorKind(*var) == CXCursor_FunctionDecl;
	}
	if (clang_getCursorKind(base[0]) != CXCursor_DeclRefExpr)
		return false;
	*var = clang_getCursorReferenced(base[0]);
	return clang_getCursorKind(*var) == CXCursor_VarDecl ||
	       clang_getCursorKind(*var) == CXCursor_ParmDecl;
}

static bool integer_type(CXType t)
{
	return la_integer_signed(t) >= 0;
}

/*
 * Expression c writes the field `mem` names of what parameter `var`
 * points to (find_assigned(), whose parent cursor is given): an integer
 * field's write is noted with the bits it may change, the constant K of
 * `p->flags |= K`, `^= K` or `&= ~K`, what a store's value may change
 * (`value`, stored_bits()), else all of them (`++`, `&` taken).
 * `&p->field` made a pointer to const is a read (READ_ONCE()).  A write
 * through a pointer to the whole struct (memcpy(), `*p = *q`) is not
 * seen.
 */
static void note_written_field(struct fn_ctx *f, CXCursor c, CXCursor parent,
			       CXCursor var, CXCursor mem, CXCursor value)
{
	CXCursor field = clang_getCursorReferenced(mem), kid[2];
	CXType pt = clang_getCanonicalType(clang_getCursorType(parent));
	struct written_field w = {
		.var = var, .field = field, .bits = ~0ULL, .value = value
	};
	long long k;
	char op[4];

	if (clang_getCursorKind(var) != CXCursor_ParmDecl ||
	    clang_getCursorKind(field) != CXCursor_FieldDecl ||
	    !integer_type(clang_getCursorType(field)))
		return;
	if (clang_getCursorKind(c) == CXCursor_UnaryOperator &&
	    pt.kind == CXType_Pointer &&
	    clang_isConstQualifiedType(clang_getPointeeType(pt)))
		return;
	/* the `&` of a WRITE_ONCE() already noted (a cursor found through
	 * cursor_children() is not clang_equalCursors() to the visitor's) */
	for (size_t i = 0; i < f->volatile_stores.n; i++)
		if (clang_equalCursors(f->volatile_stores.v[i].field, field) &&
		    clang_equalRanges(
			    clang_getCursorExtent(f->volatile_stores.v[i].addr),
			    clang_getCursorExtent(c)))
			return;
	if (clang_getCursorKind(c) == CXCursor_CompoundAssignOperator &&
	    cursor_children(c, kid, 2) == 2 && la_eval_int(kid[1], &k)) {
		la_op(c, op, sizeof(op));
		if (strcmp(op, "|=") == 0 || strcmp(op, "^=") == 0)
			w.bits = (uint64_t)k;
		else if (strcmp(op, "&=") == 0)
			w.bits = ~(uint64_t)k;
	} else if (clang_getCursorKind(c) == CXCursor_BinaryOperator &&
		   clang_Cursor_isNull(value) &&
		   cursor_children(c, kid, 2) == 2) {
		w.value = kid[1]; /* `p->field = v` */
	}
	if ((w.key = field_key(field)))
		VEC_PUSH(f->written_fields, w);
}

/* `*(volatile typeof(x) *)&(x) = v`, WRITE_ONCE(p->field, v): the
 * MemberRefExpr in *mem, the `&` in *addr and v in *value */
static bool volatile_store(CXCursor c, CXCursor *addr, CXCursor *mem,
			   CXCursor *value)
{
	CXCursor kid[2], deref, sub[1];
	char op[4];

	if (clang_getCursorKind(c) != CXCursor_BinaryOperator ||
	    cursor_children(c, kid, 2) != 2)
		return false;
	deref = cursor_strip(kid[0]);
	if (clang_getCursorKind(deref) != CXCursor_UnaryOperator ||
	    cursor_children(deref, sub, 1) != 1)
		return false;
	*addr = cursor_strip(sub[0]);
	if (clang_getCursorKind(*addr) != CXCursor_UnaryOperator ||
	    cursor_children(*addr, sub, 1) != 1)
		return false;
	*mem = cursor_strip(sub[0]);
	if (clang_getCursorKind(*mem) != CXCursor_MemberRefExpr)
		return false;
	la_op(deref, op, sizeof(op));
	if (strcmp(op, "*") != 0)
		return false;
	la_op(*addr, op, sizeof(op));
	if (strcmp(op, "&") != 0)
		return false;
	la_op(c, op, sizeof(op));
	*value = kid[1];
	return strcmp(op, "=") == 0;
}

static void note_identity_args(struct fn_ctx *f, CXCursor call);

static enum CXChildVisitResult find_assigned(CXCursor c, CXCursor parent,
					     CXClientData data)
{
	struct fn_ctx *f = data;
	struct var_write w = { .expr = c, .field = clang_getNullCursor() };
	CXCursor target, addr, value;
	char op[4];

	if (clang_getCursorKind(c) == CXCursor_CallExpr)
		note_identity_args(f, c);

	if (volatile_store(c, &addr, &target, &value) &&
	    member_of_var(f, target, &w.var, &w.field)) {
		/* the `&` below, a write of every bit, is this store */
		note_written_field(f, c, parent, w.var, target, value);
		VEC_PUSH(f->volatile_stores,
			 ((struct volatile_store){ addr, w.field }));
		return CXChildVisit_Recurse;
	}
	if (la_writes_var(c, true, &target)) {
		mark_assigned(f, target);
		w.var = clang_getCursorReferenced(cursor_strip(target));
	} else if (!la_writes_member(c, true, &target)) {
		return CXChildVisit_Recurse;
	} else if (!member_of_var(f, target, &w.var, &w.field)) {
		return CXChildVisit_Recurse;
	} else {
		note_written_field(f, c, parent, w.var, target,
				   clang_getNullCursor());
	}
	w.statement = statement_position(c, parent);
	if (clang_getCursorKind(c) == CXCursor_UnaryOperator) {
		la_op(c, op, sizeof(op));
		if (strcmp(op, "&") == 0) {
			w.statement = false;
			w.address = true;
			w.call_arg = clang_getCursorKind(parent) ==
				     CXCursor_CallExpr;
		}
	}
	VEC_PUSH(f->writes, w);
	return CXChildVisit_Recurse;
}

static void find_writes(struct fn_ctx *f)
{
	if (!f->assigned_known) {
		clang_visitChildren(f->fn, find_assigned, f);
		f->assigned_known = true;
	}
}

/* A local variable of the function itself, not static or extern */
static bool own_local(const struct fn_ctx *f, CXCursor var)
{
	return clang_getCursorKind(var) == CXCursor_VarDecl &&
	       clang_Cursor_getStorageClass(var) != CX_SC_Static &&
	       clang_Cursor_getStorageClass(var) != CX_SC_Extern &&
	       clang_equalCursors(clang_getCursorSemanticParent(var), f->fn);
}

/* ---- identity locals (ARG_LOCAL_ID, EV_LOCAL_WRITE) ---- */

/* find_assigned(): the locals of scalar type a call is given as they
 * are, each registered once, the first 64 */
static void note_identity_args(struct fn_ctx *f, CXCursor call)
{
	int n = clang_Cursor_getNumArguments(call);

	for (int i = 0; i < n; i++) {
		CXCursor a = cursor_strip(clang_Cursor_getArgument(call, i)),
			 var;
		CXType t;
		bool seen = false;

		if (clang_getCursorKind(a) != CXCursor_DeclRefExpr)
			continue;
		var = clang_getCursorReferenced(a);
		t = clang_getCanonicalType(clang_getCursorType(var));
		if (!own_local(f, var) ||
		    (la_integer_signed(t) < 0 && t.kind != CXType_Bool &&
		     t.kind != CXType_Enum && t.kind != CXType_Pointer))
			continue;
		for (size_t k = 0; k < f->identities.n && !seen; k++)
			seen = clang_equalCursors(f->identities.v[k].var, var);
		if (!seen && f->identities.n < 64)
			VEC_PUSH(f->identities,
				 ((struct identity_local){ .var = var }));
	}
}

/* The identity index of var, or -1: a local some call is given as it
 * is, whose address goes nowhere but to calls */
static void find_identity_writes(struct fn_ctx *f);

static int identity_index(struct fn_ctx *f, CXCursor var)
{
	find_identity_writes(f);
	for (size_t k = 0; k < f->identities.n; k++) {
		struct identity_local *il = &f->identities.v[k];

		if (!clang_equalCursors(il->var, var))
			continue;
		return il->escapes ? -1 : (int)k;
	}
	return -1;
}

/* The identity locals whose address escapes, then where each write of
 * the others is (identity_index() asks first, once) */
static void find_identity_writes(struct fn_ctx *f)
{
	if (f->identity_writes_known)
		return;
	f->identity_writes_known = true;
	find_writes(f);
	for (size_t i = 0; i < f->writes.n; i++) {
		const struct var_write *w = &f->writes.v[i];

		if (!clang_Cursor_isNull(w->field) || !w->address ||
		    w->call_arg)
			continue;
		for (size_t k = 0; k < f->identities.n; k++)
			if (clang_equalCursors(f->identities.v[k].var, w->var))
				f->identities.v[k].escapes = true;
	}
	for (size_t i = 0; i < f->writes.n; i++) {
		const struct var_write *w = &f->writes.v[i];
		struct identity_write iw;
		CXSourceRange r = clang_getCursorExtent(w->expr);
		CXFile end_file;

		if (!clang_Cursor_isNull(w->field) ||
		    (iw.id = identity_index(f, w->var)) < 0)
			continue;
		clang_getExpansionLocation(clang_getRangeStart(r), &iw.file,
					   NULL, NULL, &iw.start);
		clang_getExpansionLocation(clang_getRangeEnd(r), &end_file,
					   NULL, NULL, &iw.end);
		VEC_PUSH(f->identity_writes, iw);
	}
}

/* cfg_callbacks.identities_written: the identity locals written inside
 * root's extent (a write inside a macro has the extent of its use) */
static uint64_t identities_written(void *ctx, CXCursor root)
{
	struct fn_ctx *f = ctx;
	CXSourceRange r = clang_getCursorExtent(root);
	CXFile file, end_file;
	unsigned start, end;
	uint64_t mask = 0;

	find_identity_writes(f);
	clang_getExpansionLocation(clang_getRangeStart(r), &file, NULL, NULL,
				   &start);
	clang_getExpansionLocation(clang_getRangeEnd(r), &end_file, NULL, NULL,
				   &end);
	for (size_t i = 0; i < f->identity_writes.n; i++) {
		const struct identity_write *w = &f->identity_writes.v[i];

		if (clang_File_isEqual(w->file, file) && w->start >= start &&
		    w->end <= end)
			mask |= 1ULL << w->id;
	}
	f->root_writes = mask;
	return mask;
}

/* An argument that is an identity local its root does not write: "IDX"
 * (ARG_LOCAL_ID); NULL otherwise */
static char *passed_identity(struct fn_ctx *f, CXCursor arg)
{
	CXCursor c = cursor_strip(arg);
	int id;

	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr ||
	    (id = identity_index(f, clang_getCursorReferenced(c))) < 0 ||
	    ((f->root_writes >> id) & 1))
		return NULL;
	return xasprintf("%d", id);
}

/* A local the body never changes initialised from `var->field`: a
 * snapshot of the field (`unsigned int old_flags = dev->flags;`) */
static bool snapshot_of(struct fn_ctx *f, CXCursor e, CXCursor var,
			CXCursor field)
{
	CXCursor local, v, fl;

	e = cursor_strip(e);
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
		return false;
	local = clang_getCursorReferenced(e);
	return own_local(f, local) &&
	       member_of_var(f, la_var_init(local), &v, &fl) &&
	       clang_equalCursors(v, var) && clang_equalCursors(fl, field) &&
	       !is_assigned(f, local);
}

/* The bits a value stored in `var->field` may change there: a snapshot
 * of the field with the constant K or'ed, xor'ed or and'ed out (`old_flags
 * | IFF_ALLMULTI`, `old_flags & ~IFF_ALLMULTI`): K; the snapshot itself:
 * none; a local whose initialiser and assignments are all of those: what
 * they change (6.12's __dev_set_allmulti() `flags = old_flags | ...;`
 * then `WRITE_ONCE(dev->flags, flags)`); else every bit.  `depth` bounds
 * the locals followed. */
static uint64_t stored_bits(struct fn_ctx *f, CXCursor value, CXCursor var,
			    CXCursor field, int depth)
{
	CXCursor e = cursor_strip(value), kid[2], local, init;
	uint64_t bits = 0;
	long long k;
	char op[4];
	bool any = false;

	if (snapshot_of(f, e, var, field))
		return 0;
	if (clang_getCursorKind(e) == CXCursor_BinaryOperator &&
	    cursor_children(e, kid, 2) == 2) {
		int snap = snapshot_of(f, kid[0], var, field) ? 0 :
			   snapshot_of(f, kid[1], var, field) ? 1 :
								-1;

		if (snap < 0 || !la_eval_int(kid[1 - snap], &k))
			return ~0ULL;
		la_op(e, op, sizeof(op));
		if (strcmp(op, "|") == 0 || strcmp(op, "^") == 0)
			return (uint64_t)k;
		return strcmp(op, "&") == 0 ? ~(uint64_t)k : ~0ULL;
	}
	if (clang_getCursorKind(e) != CXCursor_DeclRefExpr || depth > 0)
		return ~0ULL;
	local = clang_getCursorReferenced(e);
	if (!own_local(f, local))
		return ~0ULL;
	if (!clang_Cursor_isNull(init = la_var_init(local))) {
		bits |= stored_bits(f, init, var, field, depth + 1);
		any = true;
	}
	for (size_t i = 0; i < f->writes.n; i++) {
		const struct var_write *w = &f->writes.v[i];

		if (!clang_equalCursors(w->var, local) ||
		    !clang_Cursor_isNull(w->field))
			continue;
		if (clang_getCursorKind(w->expr) != CXCursor_BinaryOperator ||
		    cursor_children(w->expr, kid, 2) != 2)
			return ~0ULL; /* `flags |= X`, `flags++`, `&flags` */
		bits |= stored_bits(f, kid[1], var, field, depth + 1);
		any = true;
	}
	return any ? bits : ~0ULL;
}

/* function_fact.field_writes: "PARAM:STRUCT.FIELD=BITS;..." (BITS in
 * hex), of the parameters the body never changes */
static char *field_writes_text(struct fn_ctx *f)
{
	struct strbuf sb = { 0 };

	find_writes(f);
	for (size_t i = 0; i < f->written_fields.n; i++) {
		struct written_field *w = &f->written_fields.v[i];

		if (!clang_Cursor_isNull(w->value))
			w->bits = stored_bits(f, w->value, w->var, w->field, 0);
	}
	for (size_t i = 0; i < f->written_fields.n; i++) {
		const struct written_field *w = &f->written_fields.v[i];
		int p = cursor_param_index(f->fn, w->var);
		uint64_t bits = w->bits;
		size_t j;

		for (j = 0; j < i;
		     j++) /* each field once, its first write gathering all */
			if (clang_equalCursors(f->written_fields.v[j].var,
					       w->var) &&
			    strcmp(f->written_fields.v[j].key, w->key) == 0)
				break;
		if (j < i || p < 0 || p >= 32 || is_assigned(f, w->var))
			continue;
		for (j = i + 1; j < f->written_fields.n; j++)
			if (clang_equalCursors(f->written_fields.v[j].var,
					       w->var) &&
			    strcmp(f->written_fields.v[j].key, w->key) == 0)
				bits |= f->written_fields.v[j].bits;
		sb_addf(&sb, "%s%d:%s=%llx", sb.len ? ";" : "", p, w->key,
			(unsigned long long)bits);
	}
	return sb.len ? sb_take(&sb) : NULL;
}

static bool is_assigned(struct fn_ctx *f, CXCursor var)
{
	find_writes(f);
	for (size_t i = 0; i < f->assigned.n; i++)
		if (clang_equalCursors(f->assigned.v[i], var))
			return true;
	return false;
}

/* Does the body write `var->field` (or `var.field`), or take its address? */
static bool field_written(struct fn_ctx *f, CXCursor var, CXCursor field)
{
	find_writes(f);
	for (size_t i = 0; i < f->writes.n; i++)
		if (clang_equalCursors(f->writes.v[i].var, var) &&
		    !clang_Cursor_isNull(f->writes.v[i].field) &&
		    clang_equalCursors(f->writes.v[i].field, field))
			return true;
	return false;
}

/* The type of a value local, with its initial value as the type holds
 * it; false for a type whose values are not integers or pointers */
static bool value_local_type(CXCursor var, long long init,
			     struct value_local_type *v)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(var));
	long long size = clang_Type_getSizeOf(t);

	v->is_signed = la_integer_signed(t) == 1;
	if (la_integer_signed(t) < 0 && t.kind != CXType_Bool &&
	    t.kind != CXType_Enum && t.kind != CXType_Pointer)
		return false;
	if (size <= 0 || size > 8)
		return false;
	v->bits = (unsigned)size * 8;
	if (v->bits < 64 && v->is_signed) /* sign-extended from its width */
		init = (long long)((unsigned long long)init
				   << (64 - v->bits)) >>
		       (64 - v->bits);
	else if (v->bits < 64)
		init &= (long long)((1ULL << v->bits) - 1);
	v->init = init;
	return true;
}

/*
 * The index of a value local (cfg.h), registering it, or -1: a local
 * variable of this function (not static) of integer or pointer type,
 * initialised with a constant, every write to which is a statement of its
 * own, and whose address is never taken.  The CFG marks those writes and
 * the tests its initial value decides (`int wakeup = -1; ... if (wakeup
 * >= 0)`), for the solver to know which branches a path that never
 * wrote it can take.
 */
static int value_local_registered(const struct fn_ctx *f, CXCursor var)
{
	for (size_t i = 0; i < f->value_locals.n; i++)
		if (clang_equalCursors(f->value_locals.v[i].var, var))
			return (int)i;
	return -1;
}

static int value_local_index(struct fn_ctx *f, CXCursor var,
			     struct value_local_type *out)
{
	struct value_local vl = { var, { 0 } };
	CXCursor init;
	long long value;
	int idx;

	if (clang_getCursorKind(var) != CXCursor_VarDecl)
		return -1;
	if ((idx = value_local_registered(f, var)) >= 0) {
		if (out)
			*out = f->value_locals.v[idx].type;
		return idx;
	}
	if (f->value_locals.n >= 64 ||
	    clang_Cursor_getStorageClass(var) == CX_SC_Static ||
	    clang_Cursor_getStorageClass(var) == CX_SC_Extern ||
	    !clang_equalCursors(clang_getCursorSemanticParent(var), f->fn))
		return -1;
	init = la_var_init(var);
	if (clang_Cursor_isNull(init) || !la_eval_int(init, &value) ||
	    !value_local_type(var, value, &vl.type))
		return -1;
	find_writes(f);
	for (size_t i = 0; i < f->writes.n; i++)
		if (!f->writes.v[i].statement &&
		    clang_Cursor_isNull(f->writes.v[i].field) &&
		    clang_equalCursors(f->writes.v[i].var, var))
			return -1;
	VEC_PUSH(f->value_locals, vl);
	if (out)
		*out = vl.type;
	return (int)f->value_locals.n - 1;
}

static int value_local(void *ctx, CXCursor ref, struct value_local_type *v)
{
	return value_local_index(ctx, clang_getCursorReferenced(ref), v);
}

/* Is w a write of var itself (field null) or of `var->field`? */
static bool write_of(const struct var_write *w, CXCursor var, CXCursor field)
{
	return clang_equalCursors(w->var, var) &&
	       clang_Cursor_isNull(w->field) == clang_Cursor_isNull(field) &&
	       (clang_Cursor_isNull(field) ||
		clang_equalCursors(w->field, field));
}

/* The write of var (or `var->field`) that statement stmt makes is one the
 * CFG placed.  By extent: the builder reaches the statement from the
 * body, the walk that found it from the function, and libclang's cursors
 * of one expression need not compare equal then. */
static void mark_placed(struct fn_ctx *f, CXCursor var, CXCursor field,
			CXCursor stmt)
{
	for (size_t i = 0; i < f->writes.n; i++)
		if (write_of(&f->writes.v[i], var, field) &&
		    clang_equalRanges(clang_getCursorExtent(f->writes.v[i].expr),
				      clang_getCursorExtent(stmt)))
			f->writes.v[i].placed = true;
}

/* The event kinds (cfg.h): EV_LOCAL_WRITE is the last */
#define NEVENT_KINDS (EV_LOCAL_WRITE + 1)

/* Drops from every block the events of the given kinds whose index is in
 * the set `drop` (indexes 0..63) */
static void drop_events(struct cfg *cfg, const bool kinds[NEVENT_KINDS],
			uint64_t drop)
{
	for (size_t b = 0; b < cfg->blocks.n; b++) {
		struct block *blk = &cfg->blocks.v[b];
		size_t n = 0;

		for (size_t e = 0; e < blk->events.n; e++) {
			const struct event *ev = &blk->events.v[e];

			if (!kinds[ev->kind] || ev->call < 0 ||
			    ev->call >= 64 || !(drop & (1ULL << ev->call)))
				blk->events.v[n++] = *ev;
		}
		blk->events.n = n;
	}
}

/* The marks of identity locals no call whose outcome the CFG carries is
 * given go, with their ARG_LOCAL_ID arguments: no known result can name
 * them */
static void prune_identity_events(struct fn_ctx *f, struct cfg *cfg)
{
	uint64_t keep = 0;
	bool *tested;

	if (!f->identities.n)
		return;
	tested = xcalloc(f->ff->calls.n + 1, sizeof(bool));
	for (size_t b = 0; b < cfg->blocks.n; b++)
		for (size_t e = 0; e < cfg->blocks.v[b].events.n; e++) {
			const struct event *ev = &cfg->blocks.v[b].events.v[e];

			if ((ev->kind == EV_TRY_OK ||
			     ev->kind == EV_CALL_FALSE) &&
			    ev->call >= 0 && (size_t)ev->call < f->ff->calls.n)
				tested[ev->call] = true;
		}
	for (size_t i = 0; i < f->ff->calls.n; i++)
		for (size_t a = 0; tested[i] && a < f->ff->calls.v[i].args.n;
		     a++)
			if (f->ff->calls.v[i].args.v[a].kind == ARG_LOCAL_ID)
				keep |= 1ULL << atoi(f->ff->calls.v[i]
							     .args.v[a]
							     .object);
	free(tested);
	for (size_t i = 0; i < f->ff->calls.n; i++) {
		struct call_fact *cf = &f->ff->calls.v[i];
		size_t n = 0;

		for (size_t a = 0; a < cf->args.n; a++) {
			struct call_arg *ca = &cf->args.v[a];

			if (ca->kind == ARG_LOCAL_ID &&
			    !((keep >> atoi(ca->object)) & 1))
				free(ca->object);
			else
				cf->args.v[n++] = *ca;
		}
		cf->args.n = n;
	}
	drop_events(cfg, (const bool[NEVENT_KINDS]){ [EV_LOCAL_WRITE] = true },
		    ~keep);
}

static int written_local(void *ctx, CXCursor stmt)
{
	struct fn_ctx *f = ctx;
	CXCursor target, var;
	int idx;

	if (!la_writes_var(stmt, false, &target))
		return -1;
	var = clang_getCursorReferenced(cursor_strip(target));
	if (clang_getCursorKind(var) != CXCursor_VarDecl ||
	    (idx = value_local_index(f, var, NULL)) < 0)
		return -1;
	mark_placed(f, var, clang_getNullCursor(), stmt);
	return idx;
}

/* Drops the ARG_LOCAL arguments of the value locals in `drop` */
static void drop_local_args(struct fn_ctx *f, uint64_t drop)
{
	for (size_t i = 0; i < f->ff->calls.n && drop; i++) {
		struct call_fact *cf = &f->ff->calls.v[i];
		size_t n = 0;

		for (size_t a = 0; a < cf->args.n; a++) {
			struct call_arg *ca = &cf->args.v[a];
			int idx = ca->kind == ARG_LOCAL ? atoi(ca->object) : -1;

			if (idx >= 0 && idx < 64 && (drop & (1ULL << idx)))
				free(ca->object);
			else
				cf->args.v[n++] = *ca;
		}
		cf->args.n = n;
	}
}

/* The value-local events worth keeping.  A value local some write of
 * which the CFG did not place (a statement the builder reads another way)
 * would be taken as unchanged where it is not: its tests decide nothing
 * (its EV_CHANGED events go), nor is it a constant argument (ARG_LOCAL).
 * The writes of one no test decides and no call is given mark nothing
 * (they go too). */
static void prune_value_events(struct fn_ctx *f, struct cfg *cfg)
{
	uint64_t unplaced = 0, tested = 0;

	if (!f->value_locals.n)
		return;
	for (size_t i = 0; i < f->writes.n; i++) {
		int idx = f->writes.v[i].placed ||
					  !clang_Cursor_isNull(
						  f->writes.v[i].field) ?
				  -1 :
				  value_local_registered(f, f->writes.v[i].var);

		if (idx >= 0)
			unplaced |= 1ULL << idx;
	}
	for (size_t b = 0; b < cfg->blocks.n; b++)
		for (size_t e = 0; e < cfg->blocks.v[b].events.n; e++)
			if (cfg->blocks.v[b].events.v[e].kind == EV_CHANGED)
				tested |= 1ULL
					  << cfg->blocks.v[b].events.v[e].call;
	tested |= f->passed_locals;
	tested &= ~unplaced;
	drop_local_args(f, f->passed_locals & unplaced);
	drop_events(cfg,
		    (const bool[NEVENT_KINDS]){
			    [EV_CHANGED] = true, [EV_WRITE] = true },
		    ~tested);
}

/* The index of a local variable (field null) or of `var->field` that
 * cond_var_of() has registered, or -1 */
static int cond_local_registered(const struct fn_ctx *f, CXCursor var,
				 CXCursor field)
{
	for (size_t i = 0; i < f->cond_locals.n; i++) {
		const struct cond_local *l = &f->cond_locals.v[i];

		if (clang_equalCursors(l->var, var) &&
		    clang_Cursor_isNull(l->field) ==
			    clang_Cursor_isNull(field) &&
		    (clang_Cursor_isNull(field) ||
		     clang_equalCursors(l->field, field)))
			return 32 + (int)i;
	}
	return -1;
}

/* Registers a condition variable of index 32 + n, or -1 when all 32 are
 * taken */
static int cond_local_add(struct fn_ctx *f, CXCursor var, CXCursor field)
{
	struct cond_local l = { var, field };

	if (f->cond_locals.n >= 32)
		return -1;
	VEC_PUSH(f->cond_locals, l);
	return 32 + (int)f->cond_locals.n - 1;
}

/* A local variable or parameter the body assigns only by statements of
 * their own (`pte = huge_pte_offset(...);`, `flags |= I_DIRTY_TIME;`,
 * `n++;`), never by an expression inside another or through its address:
 * the CFG marks each of those writes (EV_ASSIGN), so that two tests with
 * no write between them are known to agree, and a parameter's tests
 * before its first write see the value the caller passed. */
static bool assigned_by_statements(struct fn_ctx *f, CXCursor var,
				   CXCursor field)
{
	bool any = false;

	find_writes(f);
	for (size_t i = 0; i < f->writes.n; i++) {
		if (!write_of(&f->writes.v[i], var, field))
			continue;
		if (!f->writes.v[i].statement)
			return false;
		any = true;
	}
	return any;
}

/* A local the body never changes initialised from a variable the body
 * never changes, of the same type (the uart_port_unlock() macro's
 * `struct uart_port *__uport = uport;`): that variable, whose value it
 * has throughout; else var itself */
static CXCursor alias_of(struct fn_ctx *f, CXCursor var)
{
	CXCursor init, src;

	if (!own_local(f, var) || is_assigned(f, var) ||
	    clang_Cursor_isNull(init = la_var_init(var)))
		return var;
	init = cursor_strip(init);
	if (clang_getCursorKind(init) != CXCursor_DeclRefExpr)
		return var;
	src = clang_getCursorReferenced(init);
	if ((clang_getCursorKind(src) != CXCursor_ParmDecl &&
	     !own_local(f, src)) ||
	    is_assigned(f, src) ||
	    !clang_equalTypes(clang_getCanonicalType(clang_getCursorType(src)),
			      clang_getCanonicalType(clang_getCursorType(var))))
		return var;
	return src;
}

/* A variable whose tests agree between the writes the CFG marks
 * (EV_ASSIGN): the body never changes it, or assigns it only by
 * statements of their own */
static bool tests_agree(struct fn_ctx *f, CXCursor var)
{
	return !is_assigned(f, var) ||
	       assigned_by_statements(f, var, clang_getNullCursor());
}

/*
 * The index a condition's variable gets in the CFG (cfg.h: a parameter
 * N < 32, a local variable 32 + n), or -1.  Two tests of one index are
 * taken to have one value (the lock flow's branch correlation, the
 * solver's constant arguments) unless an EV_ASSIGN lies between them:
 * true of a parameter or local variable the body never changes (a local
 * after its initialiser) or assigns by statements only
 * (assigned_by_statements()); never of one whose address is taken.  A
 * local copy of a variable (alias_of()) has that variable's index.
 */
static int cond_var_index(struct fn_ctx *f, CXCursor var)
{
	enum CXCursorKind k;
	int idx;

	var = alias_of(f, var);
	k = clang_getCursorKind(var);
	if (k == CXCursor_ParmDecl) {
		idx = cursor_param_index(f->fn, var);
		return idx >= 0 && idx < 32 && tests_agree(f, var) ? idx : -1;
	}
	if (!own_local(f, var) || !tests_agree(f, var))
		return -1;
	if ((idx = cond_local_registered(f, var, clang_getNullCursor())) >= 0)
		return idx;
	return cond_local_add(f, var, clang_getNullCursor());
}

/*
 * The index of `var->field` as a condition variable (32 + n), or -1: var
 * a parameter or local the body never changes, and the field written in
 * the body only by statements of their own (each marked EV_ASSIGN).  Its
 * tests agree between those writes, as a local's would; a call between
 * them that writes the field through another pointer is not seen (the
 * kernel's own code makes that assumption where it tests a flag twice).
 * With `add`, registered on first sight.
 */
static int field_var_index(struct fn_ctx *f, CXCursor mem, bool add)
{
	CXCursor var, field;
	int idx;

	if (!member_of_var(f, mem, &var, &field) || is_assigned(f, var) ||
	    (clang_getCursorKind(var) == CXCursor_VarDecl &&
	     !own_local(f, var)))
		return -1;
	if ((idx = cond_local_registered(f, var, field)) >= 0 || !add)
		return idx;
	find_writes(f);
	for (size_t i = 0; i < f->writes.n; i++)
		if (!f->writes.v[i].statement &&
		    write_of(&f->writes.v[i], var, field))
			return -1;
	return cond_local_add(f, var, field);
}

/* cfg_callbacks.deref_cond_var: a parameter's index, a registered
 * local's, or 64 + n for a local not (yet) registered (resolve_derefs()) */
static int deref_cond_var(void *ctx, CXCursor ref)
{
	struct fn_ctx *f = ctx;
	CXCursor var = alias_of(f, clang_getCursorReferenced(ref));
	int idx;

	if (clang_getCursorKind(var) == CXCursor_ParmDecl)
		return cond_var_index(f, var);
	if (!own_local(f, var) || !tests_agree(f, var))
		return -1;
	if ((idx = cond_local_registered(f, var, clang_getNullCursor())) >= 0)
		return idx;
	for (size_t i = 0; i < f->deref_locals.n; i++)
		if (clang_equalCursors(f->deref_locals.v[i], var))
			return 64 + (int)i;
	if (f->deref_locals.n >= 64)
		return -1;
	VEC_PUSH(f->deref_locals, var);
	return 64 + (int)f->deref_locals.n - 1;
}

/* The dereferences the CFG marked (EV_PARAM_TRUE of value 1) stand for
 * a test of a variable that is tested in the body (its truth, a value or
 * bits of it): a local registered after its dereference gets its index;
 * those of a parameter never tested that a call is given are EV_DEREF;
 * the others go, so that a pointer never tested decides nothing */
static void resolve_derefs(struct fn_ctx *f, struct cfg *cfg)
{
	uint64_t tested = 0;

	for (size_t b = 0; b < cfg->blocks.n; b++)
		for (size_t e = 0; e < cfg->blocks.v[b].events.n; e++) {
			struct event *ev = &cfg->blocks.v[b].events.v[e];
			bool deref = ev->kind == EV_PARAM_TRUE &&
				     ev->value == 1;

			if (deref && ev->call >= 64)
				ev->call = cond_local_registered(
					f, f->deref_locals.v[ev->call - 64],
					clang_getNullCursor());
			else if (!deref && ev->call >= 0 && ev->call < 64 &&
				 (ev->kind == EV_PARAM_TRUE ||
				  ev->kind == EV_PARAM_FALSE ||
				  ev->kind == EV_PARAM_EQ ||
				  ev->kind == EV_PARAM_NE ||
				  ev->kind == EV_PARAM_ANYBIT ||
				  ev->kind == EV_PARAM_NOBIT))
				tested |= 1ULL << ev->call;
		}
	for (size_t b = 0; b < cfg->blocks.n; b++) {
		struct block *blk = &cfg->blocks.v[b];
		uint32_t dereferenced = 0; /* in this block, so far */
		size_t n = 0;

		for (size_t e = 0; e < blk->events.n; e++) {
			struct event ev = blk->events.v[e];

			if (ev.kind == EV_PARAM_TRUE && ev.value == 1) {
				if (ev.call >= 0 && ev.call < 32 &&
				    !(tested & (1ULL << ev.call)) &&
				    (f->passed_params & (1u << ev.call))) {
					if (dereferenced & (1u << ev.call))
						continue;
					dereferenced |= 1u << ev.call;
					ev.kind = EV_DEREF;
				} else if (ev.call < 0 ||
					   !(tested & (1ULL << ev.call))) {
					continue;
				}
				ev.value = 0;
			}
			blk->events.v[n++] = ev;
		}
		blk->events.n = n;
	}
}

static int cond_var_of(void *ctx, CXCursor ref)
{
	if (clang_getCursorKind(ref) == CXCursor_MemberRefExpr)
		return field_var_index(ctx, ref, true);
	return cond_var_index(ctx, clang_getCursorReferenced(ref));
}

/* cfg_callbacks.assigned_cond_var: a statement that assigns a local or
 * parameter that cond_var_of() takes although the body assigns it, or the
 * declaration of a local with an initialiser (in a loop, each iteration
 * gives it a new value); each such write the CFG reaches is marked placed
 * (prune_assigned_tests() drops the tests of a variable with a write it
 * did not reach) */
static int assigned_cond_var(void *ctx, CXCursor c)
{
	struct fn_ctx *f = ctx;
	CXCursor target, var = c, field;
	bool decl = clang_getCursorKind(c) == CXCursor_VarDecl;
	int idx;

	if (!decl && !la_writes_var(c, false, &target)) {
		/* `dev->busy = 1;`: a field registered by an earlier test (a
		 * write before the first test stays unplaced: the field's
		 * tests then decide nothing) */
		if (!la_writes_member(c, false, &target) ||
		    (idx = field_var_index(f, target, false)) < 0 ||
		    !member_of_var(f, target, &var, &field))
			return -1;
		mark_placed(f, var, field, c);
		return idx;
	}
	if (!decl)
		var = clang_getCursorReferenced(cursor_strip(target));
	if (!is_assigned(f, var) ||
	    (decl && clang_Cursor_isNull(la_var_init(var))))
		return -1; /* unchanged after its declaration: one value throughout */
	if (!decl)
		mark_placed(f, var, clang_getNullCursor(), c);
	return cond_var_index(f, var);
}

/* cfg_callbacks.only_value: the value of a local of the function with
 * no initialiser, written once, by a statement of its own `var =
 * value;` (not `+=`, not through `&var`), else a null cursor */
static CXCursor only_value(void *ctx, CXCursor var)
{
	struct fn_ctx *f = ctx;
	CXCursor value = clang_getNullCursor(), kid[2];
	char op[4];

	if (!own_local(f, var) || !clang_Cursor_isNull(la_var_init(var)))
		return value;
	find_writes(f);
	for (size_t i = 0; i < f->writes.n; i++) {
		const struct var_write *w = &f->writes.v[i];

		if (!write_of(w, var, clang_getNullCursor()))
			continue;
		if (!w->statement || !clang_Cursor_isNull(value) ||
		    clang_getCursorKind(w->expr) != CXCursor_BinaryOperator ||
		    cursor_children(w->expr, kid, 2) != 2)
			return clang_getNullCursor();
		la_op(w->expr, op, sizeof(op));
		if (strcmp(op, "=") != 0)
			return clang_getNullCursor();
		value = kid[1];
	}
	return value;
}

/* cfg_callbacks.stored_cond_var: `var->field = v;`, the only write of
 * that field in the body, var an unchanged parameter or local pointer, v
 * a condition variable (the caller's knowledge of v at a later call that
 * passes var is the callee's of the field: record_held_fields()).  A
 * write of the field through another pointer or by a callee between the
 * store and the call is not seen, as for field_var_index(). */
static int stored_cond_var(void *ctx, CXCursor c, int *src)
{
	struct fn_ctx *f = ctx;
	struct field_store st;
	CXCursor kid[2], value;
	char op[4];
	int writes = 0;

	if (clang_getCursorKind(c) != CXCursor_BinaryOperator ||
	    cursor_children(c, kid, 2) != 2 || f->stores.n >= 64)
		return -1;
	value = cursor_strip(kid[1]);
	if (clang_getCursorKind(value) != CXCursor_DeclRefExpr ||
	    !member_of_var(f, kid[0], &st.var, &st.field) ||
	    clang_getCursorKind(st.var) == CXCursor_FunctionDecl ||
	    is_assigned(f, st.var) ||
	    (clang_getCursorKind(st.var) == CXCursor_VarDecl &&
	     !own_local(f, st.var)))
		return -1;
	la_op(c, op, sizeof(op));
	if (strcmp(op, "=") != 0)
		return -1;
	find_writes(f);
	for (size_t i = 0; i < f->writes.n; i++)
		if (write_of(&f->writes.v[i], st.var, st.field))
			writes++;
	if (writes != 1 ||
	    (st.src = cond_var_index(f, clang_getCursorReferenced(value))) < 0)
		return -1;
	VEC_PUSH(f->stores, st);
	*src = st.src;
	return (int)f->stores.n - 1;
}

/* The index of a write's variable if it is a condition variable: a
 * parameter (< 32) or a registered local or field (32 + n); else -1 */
static int write_cond_index(struct fn_ctx *f, const struct var_write *w)
{
	int idx;

	if (clang_getCursorKind(w->var) == CXCursor_ParmDecl &&
	    clang_Cursor_isNull(w->field)) {
		idx = cursor_param_index(f->fn, w->var);
		return idx >= 0 && idx < 32 ? idx : -1;
	}
	idx = cond_local_registered(f, w->var, w->field);
	return idx >= 32 && idx < 64 ? idx : -1;
}

/* A condition variable assigned in the body with a write the CFG did not
 * place would be taken as unchanged across it: its tests decide nothing
 * (they and its EV_ASSIGN events go).  A local tested in fewer than two
 * places (three blocks: a test marks both of its edges) correlates
 * nothing (flow.c): its events go too.  A parameter's one test still
 * decides for its callers (constant arguments), but the assignments of a
 * parameter that is never tested mark nothing. */
static void prune_assigned_tests(struct fn_ctx *f, struct cfg *cfg)
{
	uint64_t unplaced = 0, assigned = 0, tested = 0, once = 0, twice = 0,
		 thrice = 0;

	for (size_t i = 0; i < f->writes.n; i++) {
		int idx = f->writes.v[i].placed ?
				  -1 :
				  write_cond_index(f, &f->writes.v[i]);

		if (idx >= 0)
			unplaced |= 1ULL << idx;
	}
	for (size_t b = 0; b < cfg->blocks.n; b++) {
		uint64_t here = 0;

		for (size_t e = 0; e < cfg->blocks.v[b].events.n; e++) {
			const struct event *ev = &cfg->blocks.v[b].events.v[e];
			uint64_t bit = ev->call >= 0 && ev->call < 64 ?
					       1ULL << ev->call :
					       0;

			if (ev->kind == EV_ASSIGN)
				assigned |= bit;
			else if (ev->kind == EV_PARAM_TRUE ||
				 ev->kind == EV_PARAM_FALSE)
				here |= bit; /* a test marks both of its edges */
			else if (event_has_value(ev->kind))
				tested |= bit;
		}
		thrice |= twice & here;
		twice |= once & here;
		once |= here;
	}
	unplaced |= assigned & ~thrice & ~0xffffffffULL; /* locals */
	unplaced |= assigned & ~(once | tested) &
		    0xffffffffULL; /* parameters */
	if (unplaced)
		drop_events(cfg,
			    (const bool[NEVENT_KINDS]){ [EV_PARAM_TRUE] = true,
							[EV_PARAM_FALSE] = true,
							[EV_PARAM_EQ] = true,
							[EV_PARAM_NE] = true,
							[EV_PARAM_ANYBIT] =
								true,
							[EV_PARAM_NOBIT] = true,
							[EV_ASSIGN] = true },
			    unplaced);
}

/* The condition variables (32 + n) that have tests left in cfg, of their
 * truth or of their bits */
static uint64_t tested_cond_locals(const struct cfg *cfg)
{
	uint64_t tested = 0;

	for (size_t b = 0; b < cfg->blocks.n; b++)
		for (size_t e = 0; e < cfg->blocks.v[b].events.n; e++) {
			const struct event *ev = &cfg->blocks.v[b].events.v[e];

			if ((ev->kind == EV_PARAM_TRUE ||
			     ev->kind == EV_PARAM_FALSE ||
			     ev->kind == EV_PARAM_ANYBIT ||
			     ev->kind == EV_PARAM_NOBIT) &&
			    ev->call >= 32 && ev->call < 64)
				tested |= 1ULL << ev->call;
		}
	return tested;
}

/* One event on a path's knowledge of the fields' truth (a must-dataflow
 * state: `known` fields have the truth of their bit in `truth`) */
static void field_event(const struct event *ev, uint64_t fields,
			uint64_t *known, uint64_t *truth)
{
	uint64_t bit = ev->call >= 32 && ev->call < 64 ?
			       (1ULL << ev->call) & fields :
			       0;

	if (ev->kind == EV_PARAM_TRUE) {
		*known |= bit;
		*truth |= bit;
	} else if (ev->kind == EV_PARAM_FALSE) {
		*known |= bit;
		*truth &= ~bit;
	} else if (ev->kind == EV_ASSIGN) {
		*known &= ~bit;
	}
}

/* What two paths both know alike */
static uint64_t field_meet(uint64_t known_a, uint64_t truth_a, uint64_t known_b,
			   uint64_t truth_b)
{
	return known_a & known_b & ~(truth_a ^ truth_b);
}

/* The flag bits of the field condition variables (32 + n) a path knows:
 * clear[n] none of them set, set[n] each of them set */
struct field_bits {
	uint64_t clear[32], set[32];
};

/* One event on a path's knowledge of the fields' bits: `!(p->f & K)`
 * clears K, `p->f & K` of one bit sets it, a write forgets them */
static void field_bits_event(const struct event *ev, uint64_t fields,
			     struct field_bits *fb)
{
	int k = ev->call - 32;

	if (ev->call < 32 || ev->call >= 64 || !(fields & (1ULL << ev->call)))
		return;
	if (ev->kind == EV_PARAM_NOBIT) {
		fb->clear[k] |= (uint64_t)ev->value;
	} else if (ev->kind == EV_PARAM_ANYBIT && ev->value &&
		   !(ev->value & (ev->value - 1))) {
		fb->set[k] |= (uint64_t)ev->value;
	} else if (ev->kind == EV_ASSIGN) {
		fb->clear[k] = 0;
		fb->set[k] = 0;
	}
}

/* What two paths both know of the bits */
static void field_bits_meet(struct field_bits *into,
			    const struct field_bits *other)
{
	for (int k = 0; k < 32; k++) {
		into->clear[k] &= other->clear[k];
		into->set[k] &= other->set[k];
	}
}

/* The ARG_FIELD arguments of call c: each argument that is the pointer
 * of a field whose truth is known at the call ("FIELD=T"), or some of
 * whose flag bits are ("FIELD&K=0": none of K set, fput()'s `!(file->f_mode
 * & (FMODE_BACKING | FMODE_OPENED))` before file_free(file); "FIELD&B=1":
 * bit B set) */
static void add_field_args(struct fn_ctx *f, int c, uint64_t known,
			   uint64_t truth, const struct field_bits *fb)
{
	CXCursor call = f->call_cursors.v[c];
	int nargs = clang_getCursorKind(call) == CXCursor_CallExpr ?
			    clang_Cursor_getNumArguments(call) :
			    0;

	for (int i = 0; i < nargs && i < 32; i++) {
		CXCursor arg = cursor_strip(clang_Cursor_getArgument(call, i)),
			 var;

		if (clang_getCursorKind(arg) != CXCursor_DeclRefExpr)
			continue;
		var = clang_getCursorReferenced(arg);
		for (int k = 32; k < 64; k++) {
			const struct cond_local *l;
			struct call_arg ca = { .index = i, .kind = ARG_FIELD };
			char *name;

			if (!(known & (1ULL << k)) && !fb->clear[k - 32] &&
			    !fb->set[k - 32])
				continue;
			l = &f->cond_locals.v[k - 32];
			if (!clang_equalCursors(l->var, var) ||
			    clang_Cursor_isNull(l->field))
				continue;
			name = la_spelling(l->field);
			if (known & (1ULL << k)) {
				ca.object = xasprintf("%s=%d", name,
						      (truth >> k) & 1 ? 1 : 0);
				VEC_PUSH(f->ff->calls.v[c].args, ca);
			}
			if (fb->clear[k - 32]) {
				ca.object = xasprintf(
					"%s&%llu=0", name,
					(unsigned long long)fb->clear[k - 32]);
				VEC_PUSH(f->ff->calls.v[c].args, ca);
			}
			if (fb->set[k - 32]) {
				/* one bit known set: the lowest */
				ca.object = xasprintf(
					"%s&%llu=1", name,
					(unsigned long long)(fb->set[k - 32] &
							     -fb->set[k - 32]));
				VEC_PUSH(f->ff->calls.v[c].args, ca);
			}
			free(name);
		}
	}
}

/*
 * ARG_FIELD: the truth of `var->field` on every path to each call that
 * passes var (ohci_irq() calls ohci_rh_resume(ohci) inside `if
 * (ohci->autostop)`).  A forward must-dataflow over the CFG: a test of
 * the field makes it known on each of its edges, a write of it
 * (EV_ASSIGN) unknown; at a join only what every incoming path knows
 * alike stays known.  It only shrinks, so the worklist ends.
 */
static void record_field_args(struct fn_ctx *f, const struct cfg *cfg)
{
	size_t n = cfg->blocks.n, ncalls = f->ff->calls.n;
	uint64_t fields = 0, *known, *truth, *call_known, *call_truth;
	struct field_bits *bits, *call_bits;
	bool *seen, *queued, *call_seen;
	int *stack, sp = 0;

	for (size_t i = 0; i < f->cond_locals.n; i++)
		if (!clang_Cursor_isNull(f->cond_locals.v[i].field))
			fields |= 1ULL << (32 + i);
	fields &= tested_cond_locals(cfg);
	if (!fields || cfg->entry < 0 || (size_t)cfg->entry >= n)
		return;
	known = xcalloc(n, sizeof(uint64_t));
	truth = xcalloc(n, sizeof(uint64_t));
	seen = xcalloc(n, sizeof(bool));
	queued = xcalloc(n, sizeof(bool));
	stack = xmalloc(sizeof(int) * n);
	call_known = xcalloc(ncalls + 1, sizeof(uint64_t));
	call_truth = xcalloc(ncalls + 1, sizeof(uint64_t));
	call_seen = xcalloc(ncalls + 1, sizeof(bool));
	bits = xcalloc(n, sizeof(*bits));
	call_bits = xcalloc(ncalls + 1, sizeof(*call_bits));
	seen[cfg->entry] = queued[cfg->entry] = true;
	stack[sp++] = cfg->entry;
	while (sp > 0) {
		int b = stack[--sp];
		const struct block *blk = &cfg->blocks.v[b];
		uint64_t k = known[b], t = truth[b];
		struct field_bits fb = bits[b];

		queued[b] = false;
		for (size_t e = 0; e < blk->events.n; e++) {
			const struct event *ev = &blk->events.v[e];
			int c = ev->call;

			field_event(ev, fields, &k, &t);
			field_bits_event(ev, fields, &fb);
			if (ev->kind != EV_CALL || c < 0 || (size_t)c >= ncalls)
				continue;
			call_known[c] = call_seen[c] ? field_meet(call_known[c],
								  call_truth[c],
								  k, t) :
						       k;
			call_truth[c] = t;
			if (call_seen[c])
				field_bits_meet(&call_bits[c], &fb);
			else
				call_bits[c] = fb;
			call_seen[c] = true;
		}
		for (size_t i = 0; i < blk->succ.n; i++) {
			int s = blk->succ.v[i];
			struct field_bits in_bits = fb;
			uint64_t in;

			if (s < 0 || (size_t)s >= n)
				continue;
			in = seen[s] ? field_meet(known[s], truth[s], k, t) : k;
			if (seen[s])
				field_bits_meet(&in_bits, &bits[s]);
			if (seen[s] && in == known[s] &&
			    memcmp(&in_bits, &bits[s], sizeof(in_bits)) == 0)
				continue;
			seen[s] = true;
			known[s] = in;
			truth[s] = t;
			bits[s] = in_bits;
			if (!queued[s]) {
				queued[s] = true;
				stack[sp++] = s;
			}
		}
	}
	for (size_t c = 0; c < ncalls; c++)
		add_field_args(f, (int)c, call_known[c], call_truth[c],
			       &call_bits[c]);
	free(bits);
	free(call_bits);
	free(known);
	free(truth);
	free(seen);
	free(queued);
	free(stack);
	free(call_known);
	free(call_truth);
	free(call_seen);
}

/* The fields of a struct local written by member (`cfg.fc_flags |=
 * RTF_LOCAL`, `&cfg.x`) */
struct member_writes {
	CXCursor var;
	int n;
	VEC(CXCursor) fields;
};

static enum ast_match count_member_write(CXCursor c, void *ctx)
{
	struct member_writes *w = ctx;
	CXCursor target, base[1];

	if (!la_writes_member(c, true, &target))
		return AST_DESCEND;
	target = cursor_strip(target);
	if (clang_getCursorKind(target) != CXCursor_MemberRefExpr ||
	    cursor_children(target, base, 1) != 1)
		return AST_DESCEND;
	base[0] = cursor_strip(base[0]);
	if (clang_getCursorKind(base[0]) == CXCursor_DeclRefExpr &&
	    clang_equalCursors(clang_getCursorReferenced(base[0]), w->var)) {
		w->n++;
		VEC_PUSH(w->fields, clang_getCursorReferenced(target));
	}
	return AST_DESCEND;
}

static bool member_written(const struct member_writes *w, CXCursor field)
{
	for (size_t i = 0; i < w->fields.n; i++)
		if (clang_equalCursors(w->fields.v[i], field))
			return true;
	return false;
}

/* How a struct local passed by address to a call got the fields the
 * callee sees: the last statement before the call, a direct child of a
 * block the call is in (so on every path to it, gotos aside), that fills
 * the whole of it: its initialiser list, a `fill` rule's call zeroing it
 * (`memset(&cpa, 0, sizeof(cpa))`), or a copy of what a parameter points
 * to (`alias_cpa = *cpa;`, or as its initialiser).  Between that
 * statement and the call, nothing but member accesses names it; a loop
 * around the call is around the fill too. */
enum local_fill_kind { FILL_NONE, FILL_INIT, FILL_ZERO, FILL_COPY };

struct local_fill {
	struct fn_ctx *f;
	CXCursor var;
	unsigned call_off; /* where the call names `&var` */
	enum local_fill_kind kind;
	CXCursor list; /* FILL_INIT: the initialiser list */
	int param; /* FILL_COPY: the parameter copied */
	unsigned fill_off, fill_end;
	bool rejected; /* something else names it between fill and call */
	VEC(unsigned) loops; /* start and end of each loop around the call */
};

/* `*p` of a parameter p of the function: its index, else -1 */
static int deref_param(struct fn_ctx *f, CXCursor e)
{
	CXCursor c = cursor_strip(e), kid[1];
	char op[4];

	if (clang_getCursorKind(c) != CXCursor_UnaryOperator ||
	    cursor_children(c, kid, 1) != 1)
		return -1;
	la_op(c, op, sizeof(op));
	kid[0] = cursor_strip(kid[0]);
	if (strcmp(op, "*") != 0 ||
	    clang_getCursorKind(kid[0]) != CXCursor_DeclRefExpr ||
	    is_assigned(f, clang_getCursorReferenced(kid[0])))
		return -1;
	return cursor_param_index(f->fn, clang_getCursorReferenced(kid[0]));
}

static bool names_var(CXCursor e, CXCursor var)
{
	e = cursor_strip(e);
	return clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
	       clang_equalCursors(clang_getCursorReferenced(e), var);
}

static enum ast_match zeroes_var(CXCursor c, void *ctx)
{
	struct local_fill *lf = ctx;
	const struct named_rule *fill;
	CXCursor ptr, kid[1];
	long long v;
	char *name;

	if (clang_getCursorKind(c) != CXCursor_CallExpr)
		return AST_DESCEND;
	name = la_spelling(c);
	fill = rules_named(lf->f->x->rules, "fill", name);
	free(name);
	if (!fill)
		return AST_DESCEND;
	ptr = cursor_strip(la_arg(c, named_int(fill, "ptr", 0)));
	return address_of(ptr) && cursor_children(ptr, kid, 1) == 1 &&
			       names_var(kid[0], lf->var) &&
			       la_eval_int(la_arg(c,
						  named_int(fill, "value", 1)),
					   &v) &&
			       v == 0 ?
		       AST_MATCH :
		       AST_DESCEND;
}

/* What statement s, a direct child of a block, does to the whole of var */
static enum local_fill_kind fills_var(struct local_fill *lf, CXCursor s,
				      CXCursor *list, int *param)
{
	enum ctl_stmt_kind k = ctl_stmt_kind(s);
	CXCursor e = cursor_strip(s), kid[2];
	char op[4];

	if (k == CTL_STMT_DECL) {
		CXCursor init[4];
		struct ctl_stmt st;
		bool declares = false;
		int n;

		if (!ctl_stmt(s, &st))
			return FILL_NONE;
		for (int i = 0; i < st.n_kids; i++)
			declares |= clang_equalCursors(st.kids[i], lf->var);
		ctl_stmt_free(&st);
		if (!declares)
			return FILL_NONE;
		n = cursor_children(lf->var, init, 4);
		if (n < 1)
			return FILL_NONE;
		if (clang_getCursorKind(init[n - 1]) == CXCursor_InitListExpr) {
			*list = init[n - 1];
			return FILL_INIT;
		}
		return (*param = deref_param(lf->f, init[n - 1])) >= 0 ?
			       FILL_COPY :
			       FILL_NONE;
	}
	if (k != CTL_STMT_EXPR)
		return FILL_NONE;
	if (clang_getCursorKind(e) == CXCursor_BinaryOperator &&
	    cursor_children(e, kid, 2) == 2 && names_var(kid[0], lf->var)) {
		la_op(e, op, sizeof(op));
		if (strcmp(op, "=") == 0 &&
		    (*param = deref_param(lf->f, kid[1])) >= 0)
			return FILL_COPY;
	}
	return clang_Cursor_isNull(ast_find(s, true, zeroes_var, lf)) ?
		       FILL_NONE :
		       FILL_ZERO;
}

/* Blocks around the call: the last filling statement among their
 * children before it; loops around it */
static enum ast_match find_fill(CXCursor c, void *ctx)
{
	struct local_fill *lf = ctx;
	enum ctl_stmt_kind k = ctl_stmt_kind(c);
	unsigned from = cursor_offset(c), to = cursor_end_offset(c);
	CXCursor *kids;
	int n;

	if (to < lf->call_off || from > lf->call_off)
		return AST_SKIP; /* not around the call */
	if (k == CTL_STMT_LOOP) {
		VEC_PUSH(lf->loops, from);
		VEC_PUSH(lf->loops, to);
	}
	if (k != CTL_STMT_COMPOUND)
		return AST_DESCEND;
	kids = cursor_children_all(c, &n);
	for (int i = 0; i < n; i++) {
		unsigned off = cursor_offset(kids[i]);
		enum local_fill_kind kind;
		CXCursor list = clang_getNullCursor();
		int param = -1;

		if (off >= lf->call_off ||
		    (lf->kind != FILL_NONE && off <= lf->fill_off) ||
		    cursor_end_offset(kids[i]) >= lf->call_off)
			continue;
		kind = fills_var(lf, kids[i], &list, &param);
		if (kind == FILL_NONE)
			continue;
		lf->kind = kind;
		lf->list = list;
		lf->param = param;
		lf->fill_off = off;
		lf->fill_end = cursor_end_offset(kids[i]);
	}
	free(kids);
	return AST_DESCEND;
}

/* A name of var between the fill and the call other than a member access */
static enum ast_match other_ref(CXCursor c, void *ctx)
{
	struct local_fill *lf = ctx;
	unsigned off;

	if (clang_getCursorKind(c) == CXCursor_MemberRefExpr) {
		CXCursor base = c, kid[1];

		while (clang_getCursorKind(base) == CXCursor_MemberRefExpr &&
		       cursor_children(base, kid, 1) == 1)
			base = cursor_strip(kid[0]);
		return names_var(base, lf->var) ? AST_SKIP : AST_DESCEND;
	}
	if (!names_var(c, lf->var))
		return AST_DESCEND;
	off = cursor_offset(c);
	if (off > lf->fill_end && off < lf->call_off) {
		lf->rejected = true;
		return AST_MATCH;
	}
	return AST_DESCEND;
}

/* How the struct local argument `arg` of a call got its fields
 * (local_fill); FILL_NONE if not known.  *written gets the fields written
 * by member anywhere in the function. */
static enum local_fill_kind local_fill_of(struct fn_ctx *f, CXCursor arg,
					  struct local_fill *lf,
					  struct member_writes *written)
{
	CXCursor c = cursor_strip(arg), kid[1], var;

	memset(lf, 0, sizeof(*lf));
	if (!address_of(c) || cursor_children(c, kid, 1) != 1)
		return FILL_NONE;
	kid[0] = cursor_strip(kid[0]);
	if (clang_getCursorKind(kid[0]) != CXCursor_DeclRefExpr)
		return FILL_NONE;
	var = clang_getCursorReferenced(kid[0]);
	if (clang_getCursorKind(var) != CXCursor_VarDecl ||
	    static_storage(var) ||
	    clang_getCanonicalType(clang_getCursorType(var)).kind !=
		    CXType_Record)
		return FILL_NONE;
	lf->f = f;
	lf->var = var;
	lf->call_off = cursor_offset(kid[0]);
	ast_find(ctl_function_body(f->fn), true, find_fill, lf);
	for (size_t i = 0; lf->kind != FILL_NONE && i < lf->loops.n; i += 2)
		if (lf->loops.v[i] > lf->fill_off ||
		    lf->loops.v[i + 1] < lf->fill_end)
			lf->kind = FILL_NONE; /* the loop comes back around */
	VEC_FREE(lf->loops);
	if (lf->kind == FILL_NONE)
		return FILL_NONE;
	ast_find(f->fn, false, other_ref, lf);
	if (lf->rejected)
		return lf->kind = FILL_NONE;
	written->var = var;
	ast_find(f->fn, false, count_member_write, written);
	return lf->kind;
}

/* A struct initialised with designators only, or zeroed (n 0): the
 * pointer fields no designator names and no member write changes are
 * NULL at the call, "FIELD=0" (`addrconf_f6i_alloc()`'s `cfg` leaves
 * `fc_mx` NULL) */
static void implicit_null_fields(struct fn_ctx *f, int c, int i, CXType t,
				 CXCursor *kid, int n,
				 const struct member_writes *written)
{
	CXCursor sub[1], *fields;
	int nfields;

	t = clang_getCanonicalType(t);
	if (clang_getCursorKind(clang_getTypeDeclaration(t)) !=
	    CXCursor_StructDecl)
		return; /* a union's members share their storage */
	for (int k = 0; k < n; k++)
		if (cursor_children(kid[k], sub, 1) < 2 ||
		    clang_getCursorKind(sub[0]) != CXCursor_MemberRef)
			return; /* a positional initialiser */
	fields = record_fields(t, &nfields);
	for (int j = 0; j < nfields; j++) {
		CXCursor field = fields[j];
		struct call_arg ca = { .index = i, .kind = ARG_FIELD };
		bool named = false;
		char *name;

		if (clang_getCanonicalType(clang_getCursorType(field)).kind !=
			    CXType_Pointer ||
		    member_written(written, field))
			continue;
		for (int k = 0; k < n && !named; k++)
			named = cursor_children(kid[k], sub, 1) >= 2 &&
				clang_equalCursors(
					clang_getCursorReferenced(sub[0]),
					field);
		name = la_spelling(field);
		if (!named && *name) {
			ca.object = xasprintf("%s=0", name);
			VEC_PUSH(f->ff->calls.v[c].args, ca);
		}
		free(name);
	}
	free(fields);
}

/* The fields of an initialiser list set to constants ("FIELD=T") and the
 * pointer fields it leaves NULL, as argument i of call c */
static void init_list_fields(struct fn_ctx *f, int c, int i, CXCursor list,
			     const struct member_writes *written)
{
	int n;
	CXCursor *kid = cursor_children_all(list, &n);

	for (int k = 0; k < n; k++) {
		CXCursor sub[3];
		struct call_arg ca = { .index = i, .kind = ARG_FIELD };
		long long value;
		char *name;

		/* `.field = value`: one MemberRef designator, then the value */
		if (cursor_children(kid[k], sub, 3) != 2 ||
		    clang_getCursorKind(sub[0]) != CXCursor_MemberRef ||
		    member_written(written, clang_getCursorReferenced(sub[0])))
			continue;
		if (la_is_null_const(sub[1]))
			value = 0;
		else if (!la_eval_int(sub[1], &value))
			continue;
		name = la_spelling(clang_getCursorReferenced(sub[0]));
		ca.object = xasprintf("%s=%d", name, value != 0);
		free(name);
		VEC_PUSH(f->ff->calls.v[c].args, ca);
	}
	implicit_null_fields(f, c, i, clang_getCursorType(list), kid, n,
			     written);
	free(kid);
}

/* ARG_COPY of argument i of call c: "N", then ";FIELD" per member write
 * of the copy, and per field the body writes through parameter N (before
 * the copy, it changed what was copied) */
static void copy_fields(struct fn_ctx *f, int c, int i, int param,
			const struct member_writes *written)
{
	struct strbuf b = { 0 };
	struct strset *named = strset_new();
	struct call_arg ca = { .index = i, .kind = ARG_COPY };
	CXCursor parm = clang_Cursor_getArgument(f->fn, (unsigned)param);
	VEC(char *) names = { 0 };

	sb_addf(&b, "%d", param);
	find_writes(f);
	for (size_t k = 0; k < f->writes.n; k++)
		if (clang_equalCursors(f->writes.v[k].var, parm) &&
		    !clang_Cursor_isNull(f->writes.v[k].field))
			VEC_PUSH(names, la_spelling(f->writes.v[k].field));
	for (size_t k = 0; k < written->fields.n; k++)
		VEC_PUSH(names, la_spelling(written->fields.v[k]));
	/* each field once, however often either writes it */
	for (size_t k = 0; k < names.n; k++) {
		if (strset_add(named, names.v[k]))
			sb_addf(&b, ";%s", names.v[k]);
	}
	strset_free(named);
	for (size_t k = 0; k < names.n; k++)
		free(names.v[k]);
	VEC_FREE(names);
	ca.object = sb_take(&b);
	VEC_PUSH(f->ff->calls.v[c].args, ca);
}

/*
 * ARG_FIELD of a struct local passed by address whose fields the call
 * sees as the statement that last filled it left them (local_fill_of()),
 * but for those written by member: initialised with designated fields
 * (unix's maybe_init_creds(): `struct msghdr msg = { .msg_controllen = 0
 * }; scm_send(socket, &msg, ...)`), the truth of each field set to a
 * constant, "FIELD=T", and of each pointer field left NULL
 * (implicit_null_fields()); zeroed (change_page_attr_set_clr()'s
 * `memset(&cpa, 0, sizeof(cpa))`), each pointer field NULL; a copy of
 * what a parameter points to, ARG_COPY.  Nested designators (`.a.b = 1`)
 * are not followed.
 */
static void record_initialised_fields(struct fn_ctx *f)
{
	for (size_t c = 0; c < f->ff->calls.n; c++) {
		CXCursor call = f->call_cursors.v[c];
		int nargs = clang_getCursorKind(call) == CXCursor_CallExpr ?
				    clang_Cursor_getNumArguments(call) :
				    0;

		for (int i = 0; i < nargs && i < 32; i++) {
			struct member_writes written = { 0 };
			struct local_fill lf;

			switch (local_fill_of(
				f, clang_Cursor_getArgument(call, (unsigned)i),
				&lf, &written)) {
			case FILL_INIT:
				init_list_fields(f, (int)c, i, lf.list,
						 &written);
				break;
			case FILL_ZERO:
				implicit_null_fields(
					f, (int)c, i,
					clang_getCursorType(lf.var), NULL, 0,
					&written);
				break;
			case FILL_COPY:
				copy_fields(f, (int)c, i, lf.param, &written);
				break;
			case FILL_NONE:
				break;
			}
			VEC_FREE(written.fields);
		}
	}
}

/* gfp_t parameters whose bits refine_tested_masks() follows, at most */
#define TESTED_MASK_PARAMS 4

/* The clear bits a path knows of each followed parameter, after ev */
static void clear_bits_event(const struct event *ev, const int *param, int np,
			     uint64_t *clear)
{
	for (int i = 0; i < np; i++) {
		if (ev->call != param[i])
			continue;
		if (ev->kind == EV_PARAM_NOBIT)
			clear[i] |= (uint64_t)ev->value;
		else if (ev->kind == EV_ASSIGN)
			clear[i] = 0;
	}
}

/* A mask's alternatives built from parameter param[i] lose the bits known
 * clear; whether anything changed */
static bool refine_mask(struct gfp_expr *e, const int *param, int np,
			const uint64_t *clear)
{
	bool changed = false;

	for (int a = 0; a < e->n; a++)
		for (int i = 0; i < np; i++)
			if (e->alt[a].param == param[i] &&
			    (e->alt[a].and_mask & clear[i])) {
				e->alt[a].and_mask &= ~clear[i];
				changed = true;
			}
	return changed;
}

/* The masks of call c (the allocation's, those passed on as ARG_GFP)
 * refined by the clear bits known at it */
static void refine_call_masks(struct fn_ctx *f, int c, const int *param, int np,
			      const uint64_t *clear)
{
	struct call_fact *cf = &f->ff->calls.v[c];
	const struct alloc_rule *ar;

	if (cf->is_alloc && refine_mask(&cf->flags, param, np, clear) &&
	    cf->callee && (ar = rules_alloc(f->x->rules, cf->callee)) &&
	    !ar->always_sleeps)
		cf->sleeps = gfp_expr_sleeps(f->x->gfp, &cf->flags, -1);
	for (size_t i = 0; i < cf->args.n; i++)
		if (cf->args.v[i].kind == ARG_GFP)
			refine_mask(&cf->args.v[i].gfp, param, np, clear);
}

/*
 * A mask built from a gfp_t parameter, used where every path to the call
 * has found some of the parameter's bits clear, has those bits clear:
 * xarray's __xas_nomem() unlocks and allocates `if
 * (gfpflags_allow_blocking(gfp))`, and `else` allocates with a `gfp`
 * that cannot sleep.  A forward must-dataflow over the CFG of the bits
 * each parameter is known not to have (EV_PARAM_NOBIT adds them, an
 * EV_ASSIGN of the parameter forgets them, a join keeps what every path
 * knows), applied to the masks of the allocations and of the arguments
 * passed on (ARG_GFP).  The bits only shrink, so the worklist ends.
 */
/* refine_tested_masks()'s run: the parameters followed, and the clear
 * bits met at each call (call_seen: met at all) */
struct tested_masks_run {
	const struct cfg *cfg;
	const int *param;
	int np;
	size_t ncalls;
	uint64_t *call_clear;
	bool *call_seen;
};

/* cfg_must_flow()'s transfer: state[i] the bits of param[i] known clear */
static bool tested_masks_block(void *ctx, int b, uint64_t *st)
{
	struct tested_masks_run *r = ctx;
	const struct block *blk = &r->cfg->blocks.v[b];

	for (size_t e = 0; e < blk->events.n; e++) {
		const struct event *ev = &blk->events.v[e];
		uint64_t *cc =
			&r->call_clear[(size_t)(ev->call >= 0 ? ev->call : 0) *
				       TESTED_MASK_PARAMS];

		clear_bits_event(ev, r->param, r->np, st);
		if (ev->kind != EV_CALL || ev->call < 0 ||
		    (size_t)ev->call >= r->ncalls)
			continue;
		for (int i = 0; i < r->np; i++)
			cc[i] = r->call_seen[ev->call] ? cc[i] & st[i] : st[i];
		r->call_seen[ev->call] = true;
	}
	return true;
}

static void refine_tested_masks(struct fn_ctx *f, const struct cfg *cfg)
{
	size_t n = cfg->blocks.n, ncalls = f->ff->calls.n;
	int param[TESTED_MASK_PARAMS], np = 0;
	const uint64_t entry[TESTED_MASK_PARAMS] = { 0 };
	struct tested_masks_run r;

	for (size_t b = 0; b < n; b++)
		for (size_t e = 0; e < cfg->blocks.v[b].events.n; e++) {
			const struct event *ev = &cfg->blocks.v[b].events.v[e];
			bool have = false;

			if (ev->kind != EV_PARAM_NOBIT || ev->call < 0 ||
			    ev->call >= 32 ||
			    !(f->ff->gfp_params & (1u << ev->call)))
				continue;
			for (int i = 0; i < np; i++)
				have |= param[i] == ev->call;
			if (!have && np < TESTED_MASK_PARAMS)
				param[np++] = ev->call;
		}
	if (!np || cfg->entry < 0 || (size_t)cfg->entry >= n)
		return;
	r = (struct tested_masks_run){
		.cfg = cfg,
		.param = param,
		.np = np,
		.ncalls = ncalls,
		.call_clear = xcalloc((ncalls + 1) * TESTED_MASK_PARAMS,
				      sizeof(uint64_t)),
		.call_seen = xcalloc(ncalls + 1, sizeof(bool)),
	};
	cfg_must_flow(cfg, np, entry, tested_masks_block, &r);
	for (size_t c = 0; c < ncalls; c++)
		if (r.call_seen[c])
			refine_call_masks(
				f, (int)c, param, np,
				&r.call_clear[c * TESTED_MASK_PARAMS]);
	free(r.call_clear);
	free(r.call_seen);
}

/* A DeclStmt directly in the function body that declares var: not in a
 * loop or a branch, so its initialiser runs once, in order */
struct top_decl {
	CXCursor var;
	bool found;
};

static enum CXChildVisitResult find_top_decl(CXCursor c, CXCursor parent,
					     CXClientData data)
{
	struct top_decl *t = data;
	struct ctl_stmt s;

	(void)parent;
	if (ctl_stmt_kind(c) != CTL_STMT_DECL || !ctl_stmt(c, &s))
		return CXChildVisit_Continue;
	for (int i = 0; i < s.n_kids; i++)
		t->found |= clang_equalCursors(s.kids[i], t->var);
	ctl_stmt_free(&s);
	return t->found ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* Whether local is declared at the top level of the body, before any
 * write of `var->field` */
static bool declared_before_writes(struct fn_ctx *f, CXCursor local,
				   CXCursor var, CXCursor field)
{
	struct top_decl t = { local, false };
	unsigned at = cursor_offset(local);

	clang_visitChildren(ctl_function_body(f->fn), find_top_decl, &t);
	if (!t.found)
		return false;
	for (size_t i = 0; i < f->writes.n; i++)
		if (write_of(&f->writes.v[i], var, field) &&
		    cursor_offset(f->writes.v[i].expr) < at)
			return false;
	return true;
}

/* A local the body never changes, declared at its top level with
 * `p->field` as initialiser before any write of that field (`int
 * autostopped = ohci->autostop;`): it holds the field as the caller
 * passed it */
static bool field_alias(struct fn_ctx *f, CXCursor local, CXCursor *param,
			CXCursor *field)
{
	return !is_assigned(f, local) &&
	       member_of_var(f, la_var_init(local), param, field) &&
	       declared_before_writes(f, local, *param, *field);
}

/*
 * A local the body never changes, declared at its top level with
 * `p->field ^ q` or `q ^ p->field` as initialiser (p and q parameters the
 * body never changes) before any call and any write of that field:
 * `unsigned int changes = dev->flags ^ old_flags;` holds the bits in
 * which the field, as the caller left it, differs from q.  *other gets
 * q's index.
 */
static bool xor_alias(struct fn_ctx *f, CXCursor local, CXCursor *param,
		      CXCursor *field, int *other)
{
	CXCursor init = cursor_strip(la_var_init(local)), kid[2], q;
	unsigned at = cursor_offset(local);
	char op[4];
	int side;

	if (clang_getCursorKind(init) != CXCursor_BinaryOperator ||
	    cursor_children(init, kid, 2) != 2 || is_assigned(f, local))
		return false;
	side = member_of_var(f, kid[0], param, field) ? 1 :
	       member_of_var(f, kid[1], param, field) ? 0 :
							-1;
	if (side < 0)
		return false;
	q = cursor_strip(kid[side]);
	if (clang_getCursorKind(q) != CXCursor_DeclRefExpr)
		return false;
	q = clang_getCursorReferenced(q);
	la_op(init, op, sizeof(op));
	if (strcmp(op, "^") != 0 ||
	    clang_getCursorKind(q) != CXCursor_ParmDecl || is_assigned(f, q) ||
	    (*other = cursor_param_index(f->fn, q)) < 0 || *other >= 32 ||
	    !declared_before_writes(f, local, *param, *field))
		return false;
	for (size_t i = 0; i < f->call_cursors.n; i++)
		if (cursor_offset(f->call_cursors.v[i]) < at)
			return false;
	return true;
}

/*
 * ARG_SNAPSHOT: a call passing both a parameter p the body never changes
 * and a local that holds a field of it as read before (`old_flags =
 * dev->flags;` ... `__dev_notify_flags(dev, old_flags, ...)`), the local
 * never assigned again: the argument p gets "FIELD^I|N:STRUCT.FIELD", I
 * the local's argument and N p's index, so that the solver can bound the
 * bits in which the callee's p->field differs from its parameter I by
 * what the caller writes of that field through p and its other callees
 * given p may write (callgraph.c snapshot_fields()).
 */
static void record_snapshot_args(struct fn_ctx *f)
{
	for (size_t c = 0; c < f->call_cursors.n; c++) {
		CXCursor call = f->call_cursors.v[c];
		int nargs = clang_getCursorKind(call) == CXCursor_CallExpr ?
				    clang_Cursor_getNumArguments(call) :
				    0;

		for (int i = 0; i < nargs && i < 32; i++) {
			CXCursor arg = cursor_strip(
					 clang_Cursor_getArgument(call, i)),
				 local, p, field;
			char *key, *name;
			int n;

			if (clang_getCursorKind(arg) != CXCursor_DeclRefExpr)
				continue;
			local = clang_getCursorReferenced(arg);
			if (!own_local(f, local) ||
			    clang_getCursorKind(cursor_strip(la_var_init(
				    local))) != CXCursor_MemberRefExpr ||
			    !member_of_var(f, la_var_init(local), &p, &field) ||
			    !integer_type(clang_getCursorType(field)) ||
			    clang_getCursorKind(p) != CXCursor_ParmDecl ||
			    is_assigned(f, local) || is_assigned(f, p) ||
			    (n = cursor_param_index(f->fn, p)) < 0 || n >= 32)
				continue;
			for (int j = 0; j < nargs && j < 32; j++) {
				CXCursor other = cursor_strip(
					clang_Cursor_getArgument(call, j));
				struct call_arg ca = { .index = j,
						       .kind = ARG_SNAPSHOT };

				if (clang_getCursorKind(other) !=
					    CXCursor_DeclRefExpr ||
				    !clang_equalCursors(
					    clang_getCursorReferenced(other),
					    p) ||
				    !(key = field_key(field)))
					continue;
				name = la_spelling(field);
				ca.object = xasprintf("%s^%d|%d:%s", name, i, n,
						      key);
				free(name);
				free(key);
				VEC_PUSH(f->ff->calls.v[c].args, ca);
			}
		}
	}
}

/* The stores (EV_STORE) that hold on every path to each call: a store
 * holds from its statement until its variable is assigned again.  A
 * forward must-dataflow, meet by intersection; it only shrinks. */
/* stores_at_calls()'s run */
struct stores_run {
	const struct cfg *cfg;
	size_t ncalls;
	uint64_t of_var[64]; /* the stores of each condition variable */
	uint64_t *at;
	bool *call_seen;
};

/* cfg_must_flow()'s transfer: state[0] the stores that hold */
static bool stores_block(void *ctx, int b, uint64_t *st)
{
	struct stores_run *r = ctx;
	const struct block *blk = &r->cfg->blocks.v[b];

	for (size_t e = 0; e < blk->events.n; e++) {
		const struct event *ev = &blk->events.v[e];

		if (ev->kind == EV_STORE && ev->call >= 0 && ev->call < 64)
			st[0] |= 1ULL << ev->call;
		else if (ev->kind == EV_ASSIGN && ev->call >= 0 &&
			 ev->call < 64)
			st[0] &= ~r->of_var[ev->call];
		else if (ev->kind == EV_CALL && ev->call >= 0 &&
			 (size_t)ev->call < r->ncalls) {
			r->at[ev->call] = r->call_seen[ev->call] ?
						  r->at[ev->call] & st[0] :
						  st[0];
			r->call_seen[ev->call] = true;
		}
	}
	return true;
}

static uint64_t *stores_at_calls(const struct fn_ctx *f, const struct cfg *cfg)
{
	const uint64_t entry[1] = { 0 };
	struct stores_run r = { .cfg = cfg, .ncalls = f->ff->calls.n };

	r.at = xcalloc(r.ncalls + 1, sizeof(uint64_t));
	r.call_seen = xcalloc(r.ncalls + 1, sizeof(bool));
	for (size_t i = 0; i < f->stores.n; i++)
		r.of_var[f->stores.v[i].src] |= 1ULL << i;
	cfg_must_flow(cfg, 1, entry, stores_block, &r);
	free(r.call_seen);
	return r.at;
}

/* The truth of split j in every copy of `copies`: 1 or 0, or -1 where
 * they differ */
static int copies_agree(unsigned copies, int j)
{
	unsigned with = 0, without = 0;

	for (int c = 0; c < 1 << FLOW_MAX_SPLIT; c++)
		if (copies >> c & 1)
			*((c >> j & 1) ? &with : &without) += 1;
	return with && !without ? 1 : without && !with ? 0 : -1;
}

/* The ARG_HELD_FIELD facts of argument i of call c, the pointer `var`:
 * for each store to one of its fields holding at the call, what every
 * copy of the flow holding a context there knows of the stored variable */
static void add_held_fields(struct fn_ctx *f, const struct flow_result *fr,
			    int c, int i, CXCursor var, uint64_t stores)
{
	for (size_t s = 0; s < f->stores.n; s++) {
		const struct field_store *st = &f->stores.v[s];

		if (!(stores >> s & 1) || !clang_equalCursors(st->var, var))
			continue;
		for (int j = 0; j < fr->nsplit; j++) {
			struct call_arg ca = { .index = i,
					       .kind = ARG_HELD_FIELD };
			int t = fr->split_var[j] == st->src ?
					copies_agree(fr->held_copies[c], j) :
					-1;
			char *name;

			if (t < 0)
				continue;
			name = la_spelling(st->field);
			ca.object = fr->split_atom[j] ?
					    xasprintf("%d|%s&%llu=%d",
						      fr->witness[c], name,
						      (unsigned long long)
							      fr->split_atom[j],
						      t) :
					    xasprintf("%d|%s=%d",
						      fr->witness[c], name, t);
			free(name);
			VEC_PUSH(f->ff->calls.v[c].args, ca);
		}
	}
}

/*
 * ARG_HELD_FIELD: at a call made in a context the function took, each
 * argument `var` whose field holds a store (`nd->flags = flags`) of a
 * variable the lock flow splits by: what every copy of the flow in which
 * the context is held at the call knows of that variable (path_init()
 * takes rcu_read_lock() only `if (flags & LOOKUP_RCU)`, so where it is
 * held nd_jump_root(nd) sees the bit in nd->flags).
 */
static void record_held_fields(struct fn_ctx *f, const struct cfg *cfg,
			       const struct flow_result *fr)
{
	uint64_t *at;

	if (!f->stores.n || !fr->nsplit || cfg->entry < 0 ||
	    (size_t)cfg->entry >= cfg->blocks.n)
		return;
	at = stores_at_calls(f, cfg);
	for (size_t c = 0; c < f->ff->calls.n; c++) {
		CXCursor call = f->call_cursors.v[c];
		int nargs;

		if (!at[c] || fr->witness[c] < 0 || !fr->held_copies[c] ||
		    clang_getCursorKind(call) != CXCursor_CallExpr)
			continue;
		nargs = clang_Cursor_getNumArguments(call);
		for (int i = 0; i < nargs && i < 32; i++) {
			CXCursor arg =
				cursor_strip(clang_Cursor_getArgument(call, i));

			if (clang_getCursorKind(arg) == CXCursor_DeclRefExpr)
				add_held_fields(f, fr, (int)c, i,
						clang_getCursorReferenced(arg),
						at[c]);
		}
	}
	free(at);
}

/* function_fact.field_vars: the tested condition variables that hold a
 * field of a parameter as the caller passed it, "IDX=PARAM.FIELD;...", or
 * that field xor another parameter Q (xor_alias()), "IDX=PARAM.FIELD^Q" */
static char *field_vars_text(struct fn_ctx *f, const struct cfg *cfg)
{
	uint64_t tested = tested_cond_locals(cfg);
	struct strbuf sb = { 0 };

	for (size_t i = 0; i < f->cond_locals.n; i++) {
		const struct cond_local *l = &f->cond_locals.v[i];
		CXCursor param = l->var, field = l->field;
		int p, other = -1;
		char *name;

		if (!(tested & (1ULL << (32 + i))) ||
		    (clang_Cursor_isNull(field) &&
		     !field_alias(f, l->var, &param, &field) &&
		     !xor_alias(f, l->var, &param, &field, &other)) ||
		    clang_getCursorKind(param) != CXCursor_ParmDecl ||
		    is_assigned(f, param) ||
		    (p = cursor_param_index(f->fn, param)) < 0 || p >= 32)
			continue;
		name = la_spelling(field);
		if (other >= 0)
			sb_addf(&sb, "%s%zu=%d.%s^%d", sb.len ? ";" : "",
				32 + i, p, name, other);
		else
			sb_addf(&sb, "%s%zu=%d.%s", sb.len ? ";" : "", 32 + i,
				p, name);
		free(name);
	}
	return sb.len ? sb_take(&sb) : NULL;
}

static bool is_guard_test(void *ctx, const char *name)
{
	struct fn_ctx *f = ctx;

	return rules_is_guard_test(f->x->rules, name);
}

static bool is_cond_wrapper(void *ctx, const char *name)
{
	struct fn_ctx *f = ctx;

	return rules_is_cond_wrapper(f->x->rules, name);
}

/* `if (WARN_ON_ONCE(!x))`: the condition is a StmtExpr, the expansion of
 * an `unexpected` macro (rules) written as the whole condition (a
 * statement expression's own text starts with `(`: one written as
 * `NAME(...)` where it is used is a macro's, written_call()) */
static bool is_unexpected(void *ctx, CXCursor cond)
{
	struct fn_ctx *f = ctx;
	CXCursor c = cursor_strip(cond);
	struct written_call w;
	bool yes;

	if (clang_getCursorKind(c) != CXCursor_StmtExpr)
		return false;
	written_call(f->tu, c, &w);
	yes = w.name && w.nargs > 0 &&
	      rules_named(f->x->rules, "unexpected", w.name);
	written_call_free(&w);
	return yes;
}

/* ---- functions ---- */

static bool allocates_or_passes_masks(const struct function_fact *ff,
				      CXCursor fn)
{
	if (gfp_is_type(clang_getResultType(clang_getCursorType(fn))))
		return true; /* chooses a mask for its callers */
	for (size_t i = 0; i < ff->calls.n; i++) {
		const struct call_fact *c = &ff->calls.v[i];

		if (c->is_alloc)
			return true;
		for (size_t a = 0; a < c->args.n; a++)
			if (c->args.v[a].kind == ARG_GFP)
				return true;
	}
	return ff->gfp_params != 0;
}

/* Where the result of a chain-head-alloc call (alloc_workqueue()) is
 * stored: `X = call(...)` or a static variable's initialiser gives the
 * call an ARG_OBJECT at index -1, the path of X */
static void result_stored(struct fn_ctx *f, CXCursor value, CXCursor target,
			  bool is_var)
{
	value = cursor_strip(ctl_value_expr(value));
	if (clang_getCursorKind(value) != CXCursor_CallExpr)
		return;
	for (size_t i = 0; i < f->call_cursors.n; i++) {
		struct call_fact *cf = &f->ff->calls.v[i];
		struct call_arg ca = { .index = -1, .kind = ARG_OBJECT };

		if (!cf->callee ||
		    !clang_equalCursors(f->call_cursors.v[i], value) ||
		    !rules_named(f->x->rules, "chain-head-alloc", cf->callee))
			continue;
		if (is_var) {
			char *key = static_storage(target) ?
					    variable_key(target) :
					    NULL;

			ca.object = key ? xasprintf("var:%s", key) : NULL;
			free(key);
		} else {
			ca.object = object_path(f->fn, target);
		}
		if (ca.object)
			VEC_PUSH(cf->args, ca);
		return;
	}
}

static enum CXChildVisitResult find_result_stores(CXCursor c, CXCursor parent,
						  CXClientData data)
{
	struct fn_ctx *f = data;
	CXCursor kid[2];
	char op[4];

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_VarDecl &&
	    !clang_Cursor_isNull(la_var_init(c))) {
		result_stored(f, la_var_init(c), c, true);
	} else if (clang_getCursorKind(c) == CXCursor_BinaryOperator &&
		   cursor_children(c, kid, 2) == 2) {
		la_op(c, op, sizeof(op));
		if (strcmp(op, "=") == 0)
			result_stored(f, kid[1], kid[0], false);
	}
	return CXChildVisit_Recurse;
}

static void record_results_stored(struct fn_ctx *f)
{
	for (size_t i = 0; i < f->ff->calls.n; i++)
		if (f->ff->calls.v[i].callee &&
		    rules_named(f->x->rules, "chain-head-alloc",
				f->ff->calls.v[i].callee)) {
			clang_visitChildren(ctl_function_body(f->fn),
					    find_result_stores, f);
			return;
		}
}

/* ---- function pointers: callback parameters, fields read ---- */

struct fnptr_walk {
	struct fn_ctx *f;
	unsigned fnptrs; /* the function-pointer parameters */
	int uses[32]; /* references of each in the body */
	int tests[32]; /* of those, tested for truth or compared */
	/* fields used other than by a call, test or store: "S.F;...", each
	 * once (read_seen) */
	struct strbuf read_fields;
	struct strset *read_seen;
};

/* ast_walk_path()'s visit: a function-pointer parameter or field named at
 * the end of the path, by how it is used (ctl_use_of()) */
static void note_fnptr(const CXCursor *path, size_t n, void *ctx)
{
	struct fnptr_walk *w = ctx;
	CXCursor c = path[n - 1], ref;
	enum CXCursorKind k = clang_getCursorKind(c);
	enum ctl_use use;
	int p;

	if (k == CXCursor_DeclRefExpr) {
		ref = clang_getCursorReferenced(c);
		if (!w->fnptrs || clang_getCursorKind(ref) != CXCursor_ParmDecl)
			return;
		p = cursor_param_index(w->f->fn, ref);
		if (p < 0 || p >= 32 || !(w->fnptrs & (1u << p)))
			return;
		w->uses[p]++;
		w->tests[p] += ctl_use_of(path, n, NULL) == CTL_USE_TEST;
	} else if (k == CXCursor_MemberRefExpr &&
		   type_is_function_pointer(clang_getCursorType(c)) &&
		   (use = ctl_use_of(path, n, NULL)) != CTL_USE_CALLED &&
		   use != CTL_USE_TEST && use != CTL_USE_ASSIGNED) {
		char *key = called_field(clang_getCursorReferenced(c));

		if (key && strset_add(w->read_seen, key)) {
			if (w->read_fields.len)
				sb_add(&w->read_fields, ";");
			sb_add(&w->read_fields, key);
		}
		free(key);
	}
}

/*
 * Function-pointer parameters the body uses only as callbacks
 * (function_fact.callback_params): every reference is a call through it
 * (via "param:N"), an argument of a direct call that takes it unchanged
 * (ARG_PARAM, so the call graph sees where it goes next) or a test, and
 * the body never assigns it or takes its address.  A reference the facts
 * do not show (a call the CFG does not visit) counts as neither: the
 * parameter is then not one.  And the function-pointer fields it reads
 * other than to call through them, test them or store into them
 * (function_fact.read_fields): what they held may be called from
 * anywhere.
 */
static void function_pointer_uses(struct fn_ctx *f)
{
	struct fnptr_walk w = { .f = f, .read_seen = strset_new() };
	int n = clang_Cursor_getNumArguments(f->fn), seen[32] = { 0 };
	CXCursor body = ctl_function_body(f->fn);

	for (int i = 0; i < n && i < 32; i++)
		if (type_is_function_pointer(clang_getCursorType(
			    clang_Cursor_getArgument(f->fn, i))))
			w.fnptrs |= 1u << i;
	ast_walk_path(body, note_fnptr, &w);
	strset_free(w.read_seen);
	f->ff->read_fields = w.read_fields.len ? sb_take(&w.read_fields) : NULL;
	sb_free(&w.read_fields);
	for (size_t i = 0; i < f->ff->calls.n; i++) {
		const struct call_fact *c = &f->ff->calls.v[i];
		int p;

		if ((p = param_ref(c->via, NULL)) >= 0 && p < 32)
			seen[p]++;
		for (size_t a = 0; c->callee_key && a < c->args.n; a++)
			if ((p = param_passed(&c->args.v[a], NULL)) >= 0)
				seen[p]++;
	}
	for (int i = 0; i < n && i < 32; i++)
		if ((w.fnptrs & (1u << i)) &&
		    !is_assigned(f, clang_Cursor_getArgument(f->fn, i)) &&
		    w.uses[i] == seen[i] + w.tests[i])
			f->ff->callback_params |= 1u << i;
}

/* cfg_callbacks.tested_fnptr_field: `if (hdev->ll_driver->request)`
 * tests field "hid_ll_driver.request" of whatever object it is on; the
 * solver knows the fields every object of the tree sets (fields.h) */
static int tested_fnptr_field(void *ctx, CXCursor member)
{
	struct fn_ctx *f = ctx;
	char *key;

	if (!type_is_function_pointer(clang_getCursorType(member)) ||
	    !(key = called_field(clang_getCursorReferenced(member))))
		return -1;
	for (size_t i = 0; i < f->fnptr_tests.n; i++)
		if (strcmp(f->fnptr_tests.v[i], key) == 0) {
			free(key);
			return (int)i;
		}
	VEC_PUSH(f->fnptr_tests, key);
	return (int)f->fnptr_tests.n - 1;
}

/* function_fact.fnptr_tests: "S.F;..." in index order, or NULL */
static char *fnptr_tests_text(const struct fn_ctx *f)
{
	struct strbuf sb = { 0 };

	for (size_t i = 0; i < f->fnptr_tests.n; i++)
		sb_addf(&sb, "%s%s", i ? ";" : "", f->fnptr_tests.v[i]);
	return sb.len ? sb_take(&sb) : NULL;
}

/* ---- parameters only stored through (function_fact.out_params) ---- */

/* `*p = v;` of parameter var, p as it is */
static bool store_through(CXCursor stmt, CXCursor var)
{
	CXCursor e = cursor_strip(stmt), kid[2], sub[1];
	char op[4];

	if (clang_getCursorKind(e) != CXCursor_BinaryOperator ||
	    cursor_children(e, kid, 2) != 2)
		return false;
	la_op(e, op, sizeof(op));
	kid[0] = cursor_strip(kid[0]);
	if (strcmp(op, "=") != 0 ||
	    clang_getCursorKind(kid[0]) != CXCursor_UnaryOperator ||
	    cursor_children(kid[0], sub, 1) != 1)
		return false;
	la_op(kid[0], op, sizeof(op));
	sub[0] = cursor_strip(sub[0]);
	return strcmp(op, "*") == 0 &&
	       clang_getCursorKind(sub[0]) == CXCursor_DeclRefExpr &&
	       clang_equalCursors(clang_getCursorReferenced(sub[0]), var);
}

/* `if (p)` with no else around stores through p alone */
static bool guards_stores(CXCursor if_stmt, CXCursor var)
{
	struct ctl_stmt s, body;
	bool yes = false;

	if (!ctl_stmt(if_stmt, &s))
		return false;
	if (s.kind != CTL_STMT_IF || !clang_Cursor_isNull(s.els))
		yes = false;
	else if (ctl_stmt_kind(s.then) != CTL_STMT_COMPOUND)
		yes = store_through(s.then, var);
	else if (ctl_stmt(s.then, &body)) {
		yes = body.n_kids > 0;
		for (int i = 0; i < body.n_kids && yes; i++)
			yes = store_through(body.kids[i], var);
		ctl_stmt_free(&body);
	}
	ctl_stmt_free(&s);
	return yes;
}

struct out_walk {
	struct fn_ctx *f;
	unsigned candidates; /* not yet seen used otherwise */
};

/* ast_walk_path()'s visit: a use of a candidate parameter that is not a
 * store through it or such a test rules it out */
static void note_param_use(const CXCursor *path, size_t n, void *ctx)
{
	struct out_walk *w = ctx;
	CXCursor ref = path[n - 1], var;
	enum ctl_use use;
	size_t up;
	int idx;

	if (clang_getCursorKind(ref) != CXCursor_DeclRefExpr)
		return;
	var = clang_getCursorReferenced(ref);
	if (clang_getCursorKind(var) != CXCursor_ParmDecl ||
	    (idx = cursor_param_index(w->f->fn, var)) < 0 || idx >= 32 ||
	    !((w->candidates >> idx) & 1))
		return;
	use = ctl_use_of(path, n, &up);
	/* on the left of `=`: store_through() tells `*p` from `**p` */
	if (use == CTL_USE_ASSIGNED && store_through(path[up], var))
		return;
	if (use == CTL_USE_TEST && ctl_stmt_kind(path[up]) == CTL_STMT_IF &&
	    guards_stores(path[up], var))
		return;
	w->candidates &= ~(1u << idx);
}

/* function_fact.out_params of a function that returns a value */
static unsigned out_params(struct fn_ctx *f, CXCursor body)
{
	struct out_walk w = { f, 0 };
	int n = clang_Cursor_getNumArguments(f->fn);

	for (int i = 0; i < n && i < 32; i++) {
		CXCursor p = clang_Cursor_getArgument(f->fn, (unsigned)i);

		if (clang_getCanonicalType(clang_getCursorType(p)).kind ==
			    CXType_Pointer &&
		    !is_assigned(f, p))
			w.candidates |= 1u << i;
	}
	if (w.candidates)
		ast_walk_path(body, note_param_use, &w);
	return w.candidates;
}

static void analyse_function(struct extractor *x, CXTranslationUnit tu,
			     CXCursor fn, struct tu_facts *out, bool in_header)
{
	struct function_fact ff = { 0 };
	struct fn_ctx f = { .x = x, .tu = tu, .fn = fn };
	struct cfg_callbacks cb = { &f,
				    on_call,
				    is_cond_wrapper,
				    on_cleanup_var,
				    is_guard_test,
				    cond_var_of,
				    assigned_cond_var,
				    value_local,
				    written_local,
				    stored_cond_var,
				    deref_cond_var,
				    is_unexpected,
				    tested_fnptr_field,
				    only_value,
				    identities_written };
	CXCursor body = ctl_function_body(fn);
	struct flow_result fr;
	struct cfg cfg;
	int nparams;

	if (clang_Cursor_isNull(body))
		return;
	ff.name = la_spelling(fn);
	ff.key = function_key(fn);
	ff.file = fact_file(clang_getCursorLocation(fn), &ff.line, &ff.col);
	ff.in_header = in_header;
	nparams = clang_Cursor_getNumArguments(fn);
	for (int i = 0; i < nparams && i < 32; i++)
		if (gfp_is_type(clang_getCursorType(
			    clang_Cursor_getArgument(fn, i))))
			ff.gfp_params |= 1u << i;
	f.ff = &ff;
	cfg_build(&cfg, body, &cb);
	resolve_derefs(&f, &cfg);
	prune_value_events(&f, &cfg);
	prune_identity_events(&f, &cfg);
	prune_assigned_tests(&f, &cfg);
	refine_tested_masks(&f, &cfg);
	record_field_args(&f, &cfg);
	record_initialised_fields(&f);
	ff.field_vars = field_vars_text(&f, &cfg);
	ff.field_writes = field_writes_text(&f);
	ff.fnptr_tests = fnptr_tests_text(&f);
	function_pointer_uses(&f);
	record_snapshot_args(&f);
	ff.cfg = cfg_serialize(&cfg);
	flow_run(&cfg, f.flow_calls.v, (int)f.flow_calls.n, 0, &fr);
	for (size_t i = 0; i < ff.calls.n; i++) {
		ff.calls.v[i].ctx = fr.ctx[i];
		ff.calls.v[i].witness = fr.witness[i];
		ff.calls.v[i].reached = fr.reached[i];
	}
	ff.exit_ctx = fr.exit_ctx;
	ff.exit_must_ctx = fr.exit_must_ctx;
	ff.exit_outcome_ctx = flow_held_by_outcome(&fr);
	ff.returns = fr.returns;
	ff.returns_value = clang_getResultType(clang_getCursorType(fn)).kind !=
			   CXType_Void;
	if (ff.returns_value)
		ff.out_params = out_params(&f, body);
	ff.exit_witness = fr.exit_witness;
	ff.released_unheld = fr.released_unheld;
	ff.released_witness = fr.released_witness;
	record_held_fields(&f, &cfg, &fr);
	flow_result_free(&fr);
	record_results_stored(&f);
	/* the local rules are about allocations and the masks passed on */
	if (allocates_or_passes_masks(&ff, fn)) {
		struct pf_requests ptrflow = { 0 };
		struct local_ctx lc = { NULL,	 x->rules, x->gfp,
					tu,	 fn,	   body,
					&cfg,	 &ff,	   f.call_cursors.v,
					&ptrflow };

		checks_run_extract(&lc);
		/* one walk of the pointer flow for every check that asked for it */
		if (ptrflow.n)
			pf_run(&lc, &ptrflow);
	}
	cfg_free(&cfg);
	for (size_t i = 0; i < f.flow_calls.n; i++)
		if (f.flow_calls.v[i].lock)
			free((char *)f.flow_calls.v[i].lock_id);
	VEC_FREE(f.flow_calls);
	VEC_FREE(f.call_cursors);
	for (size_t i = 0; i < f.fnptr_tests.n; i++)
		free(f.fnptr_tests.v[i]);
	VEC_FREE(f.fnptr_tests);
	VEC_FREE(f.assigned);
	VEC_FREE(f.writes);
	VEC_FREE(f.value_locals);
	VEC_FREE(f.identities);
	VEC_FREE(f.identity_writes);
	VEC_FREE(f.cond_locals);
	VEC_FREE(f.deref_locals);
	VEC_FREE(f.copy_vars);
	VEC_FREE(f.copy_class);
	VEC_FREE(f.stores);
	for (size_t i = 0; i < f.written_fields.n; i++)
		free(f.written_fields.v[i].key);
	VEC_FREE(f.written_fields);
	VEC_FREE(f.volatile_stores);
	for (size_t i = 0; i < f.guard_locks.n; i++)
		free(f.guard_locks.v[i].lock_id);
	VEC_FREE(f.guard_locks);
	VEC_PUSH(out->functions, ff);
}

/* ---- the translation unit ---- */

struct tu_walk {
	struct extractor *x;
	CXTranslationUnit tu;
	struct tu_facts *out;
	CXFile main_file;
};

/* Written in the main file, also when produced by a macro used there
 * (DEFINE_TIMER(...), DEFINE_SPINLOCK(...)): clang_Location_isFromMainFile
 * says no for those, so compare expansion files instead. */
static bool in_main_file(const struct tu_walk *w, CXSourceLocation loc)
{
	CXFile file;
	unsigned line, col, off;

	clang_getExpansionLocation(loc, &file, &line, &col, &off);
	return file && w->main_file && clang_File_isEqual(file, w->main_file);
}

static bool claim_header_function(struct extractor *x, CXCursor fn)
{
	unsigned line, col;
	char *file = fact_file(clang_getCursorLocation(fn), &line, &col);
	char *name = la_spelling(fn);
	char *key = xasprintf("%s:%u:%u:%s", file, line, col, name);
	bool mine = strset_add(x->claimed, key);

	free(key);
	free(name);
	free(file);
	return mine;
}

/* A file-scope variable that a macro listed `addressable` defines, to
 * keep a symbol referenced (EXPORT_SYMBOL()'s __ADDRESSABLE()) */
static bool kept_only(const struct tu_walk *w, CXCursor var)
{
	struct written_call wc;
	bool yes;

	written_call(w->tu, var, &wc);
	yes = wc.name && rules_named(w->x->rules, "addressable", wc.name);
	written_call_free(&wc);
	return yes;
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	struct tu_walk *w = data;
	CXSourceLocation loc = clang_getCursorLocation(c);
	enum CXCursorKind k = clang_getCursorKind(c);
	bool main_file;

	(void)parent;
	if (clang_Location_isInSystemHeader(loc))
		return CXChildVisit_Continue;
	main_file = in_main_file(w, loc);
	if (k == CXCursor_FunctionDecl && clang_isCursorDefinition(c)) {
		if (main_file || claim_header_function(w->x, c)) {
			analyse_function(w->x, w->tu, c, w->out, !main_file);
			fnptrs_in_function(c, w->out);
		}
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_VarDecl && main_file)
		fnptrs_in_variable(c, w->out, kept_only(w, c));
	return CXChildVisit_Continue;
}

static void record_include(CXFile file, CXSourceLocation *stack, unsigned len,
			   CXClientData data)
{
	struct tu_facts *out = data;

	(void)stack;
	(void)len;
	VEC_PUSH(out->includes, fact_path(file));
}

/* Arguments clang does not know (new GCC options) are dropped and the TU
 * parsed again; returns true if something was dropped. */
static bool drop_unknown_args(CXTranslationUnit tu, struct compile_job *job)
{
	unsigned n = clang_getNumDiagnostics(tu);
	bool dropped = false;

	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		char *msg = cx_take(clang_getDiagnosticSpelling(d));
		char *q = strchr(msg, '\'');

		if (q && (strstr(msg, "unknown argument") ||
			  strstr(msg, "unsupported option") ||
			  strstr(msg, "unknown warning option"))) {
			char *end = strchr(q + 1, '\'');

			if (end) {
				*end = '\0';
				dropped |= compdb_drop_arg(job, q + 1);
			}
		}
		free(msg);
		clang_disposeDiagnostic(d);
	}
	return dropped;
}

static void count_errors(CXTranslationUnit tu, struct tu_facts *out)
{
	unsigned n = clang_getNumDiagnostics(tu);

	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			if (!out->first_error)
				out->first_error = cx_take(clang_formatDiagnostic(
					d, CXDiagnostic_DisplaySourceLocation |
						   CXDiagnostic_DisplayColumn));
			out->nerrors++;
		}
		clang_disposeDiagnostic(d);
	}
	out->failed = out->nerrors > 0;
}

static CXTranslationUnit parse(struct extractor *x, struct compile_job *job,
			       enum CXErrorCode *ec)
{
	CXTranslationUnit tu = NULL;
	unsigned opts = CXTranslationUnit_KeepGoing |
			CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;

	for (int attempt = 0; attempt < 3; attempt++) {
		*ec = clang_parseTranslationUnit2(
			x->index, job->file, (const char *const *)job->argv,
			job->argc, x->unsaved, x->nunsaved, opts, &tu);
		if (*ec != CXError_Success || !tu ||
		    !drop_unknown_args(tu, job))
			break;
		la_dispose_tu(tu);
		tu = NULL;
	}
	return tu;
}

int extract_tu(struct extractor *x, struct compile_job *job,
	       struct tu_facts *out)
{
	struct timespec t0, t1;
	CXTranslationUnit tu;
	enum CXErrorCode ec;
	struct tu_walk w = { x, NULL, out, NULL };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(out, 0, sizeof(*out));
	out->file = xstrdup(job->file);
	tu = parse(x, job, &ec);
	if (!tu) {
		out->failed = true;
		out->nerrors = 1;
		out->first_error = xasprintf(
			"%s: libclang could not parse this file (error %d)",
			job->file, (int)ec);
		return -1;
	}
	count_errors(tu, out);
	/* an AST rebuilt around errors yields false facts (a NULL check
	 * recovered away, a lock call that did not resolve): a TU that failed
	 * contributes nothing but its inputs, and claims no header function */
	if (!out->failed) {
		w.tu = tu;
		w.main_file = clang_getFile(tu, job->file);
		clang_visitChildren(clang_getTranslationUnitCursor(tu),
				    visit_top, &w);
	}
	clang_getInclusions(tu, record_include, out);
	la_dispose_tu(tu);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	out->seconds = (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return 0;
}

static void free_gfp(struct gfp_expr *e)
{
	free(e->text);
}

void tu_facts_free(struct tu_facts *tu)
{
	for (size_t i = 0; i < tu->functions.n; i++) {
		struct function_fact *f = &tu->functions.v[i];

		for (size_t j = 0; j < f->calls.n; j++) {
			struct call_fact *c = &f->calls.v[j];

			for (size_t a = 0; a < c->args.n; a++) {
				free(c->args.v[a].fn_key);
				free(c->args.v[a].object);
				free_gfp(&c->args.v[a].gfp);
			}
			VEC_FREE(c->args);
			free(c->callee);
			free(c->shown);
			free(c->callee_key);
			free(c->via);
			free(c->via_object);
			free(c->receiver);
			free(c->text);
			free(c->lock_id);
			free_gfp(&c->flags);
		}
		VEC_FREE(f->calls);
		local_findings_free(f);
		free(f->cfg);
		free(f->field_vars);
		free(f->field_writes);
		free(f->read_fields);
		free(f->fnptr_tests);
		free(f->name);
		free(f->key);
		free(f->file);
	}
	VEC_FREE(tu->functions);
	for (size_t i = 0; i < tu->fnptrs.n; i++) {
		free(tu->fnptrs.v[i].field);
		free(tu->fnptrs.v[i].fn_key);
		free(tu->fnptrs.v[i].fn_name);
		free(tu->fnptrs.v[i].file);
		free(tu->fnptrs.v[i].how);
		free(tu->fnptrs.v[i].function);
		free(tu->fnptrs.v[i].object);
	}
	VEC_FREE(tu->fnptrs);
	for (size_t i = 0; i < tu->includes.n; i++)
		free(tu->includes.v[i]);
	VEC_FREE(tu->includes);
	free(tu->file);
	free(tu->first_error);
}
