// SPDX-License-Identifier: GPL-2.0
/* gfp-alloc-overflow: an open-coded multiplication in an allocation size
 * (kmalloc(n * sizeof(*p), ...)) that is not a compile-time constant can
 * overflow and allocate too little.  memory-allocation.rst: use
 * kmalloc_array()/kcalloc(), or array_size()/struct_size(). */
#include "local_checks.h"
#include "local_ast.h"

#include <stdlib.h>
#include <string.h>

/* A non-constant multiplication in e, looking through + - << | and ?: */
static bool find_mul(CXCursor e, CXCursor *at, int depth)
{
	CXCursor kid[3];
	long long v;
	char op[4];

	e = cursor_strip(e);
	if (depth > 8 || la_eval_int(e, &v))
		return false;
	switch (clang_getCursorKind(e)) {
	case CXCursor_BinaryOperator:
		if (cursor_children(e, kid, 2) != 2)
			return false;
		la_op(e, op, sizeof(op));
		if (strcmp(op, "*") == 0) {
			*at = e;
			return true;
		}
		if (strcmp(op, "+") && strcmp(op, "-") && strcmp(op, "<<") &&
		    strcmp(op, "|"))
			return false;
		return find_mul(kid[0], at, depth + 1) ||
		       find_mul(kid[1], at, depth + 1);
	case CXCursor_ConditionalOperator:
		if (cursor_children(e, kid, 3) != 3)
			return false;
		return find_mul(kid[1], at, depth + 1) ||
		       find_mul(kid[2], at, depth + 1);
	default:
		return false;
	}
}

static void check_arg(struct local_ctx *lc, int idx, int arg, const char *what)
{
	const struct call_fact *cf = &lc->ff->calls.v[idx];
	CXCursor a = la_arg(lc->call_cursors[idx], arg), mul;
	char *text;

	if (clang_Cursor_isNull(a) || !find_mul(a, &mul, 0))
		return;
	text = la_pretty(mul);
	la_emit_call(
		lc, idx,
		"open-coded multiplication in the %s of %s() (%s) can overflow; use "
		"kmalloc_array()/kcalloc() or array_size()/struct_size()",
		what, la_call_name(cf), text);
	free(text);
}

static void local_check_alloc_overflow(struct local_ctx *lc)
{
	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		const struct alloc_rule *ar = la_alloc_rule(lc, (int)i);

		if (!ar)
			continue;
		if (ar->size_arg >= 0)
			check_arg(lc, (int)i, ar->size_arg, "size");
		if (ar->count_arg >= 0)
			check_arg(lc, (int)i, ar->count_arg, "element count");
	}
}

const struct check_def check_def_alloc_overflow = {
	.id = "gfp-alloc-overflow",
	.severity = SEV_WARNING,
	.summary =
		"open-coded multiplication in an allocation size can overflow: use "
		"kmalloc_array/array_size",
	.phase = CHECK_AT_EXTRACT,
	.extract = local_check_alloc_overflow,
};
