// SPDX-License-Identifier: GPL-2.0
/* gfp-unchecked-alloc: the result of an allocator that can fail is
 * dereferenced, or passed to a function that dereferences it (rules:
 * derefs), on a path where it was never compared with NULL. */
#include "local_checks.h"
#include "local_ast.h"
#include "local_ptrflow.h"

static void on_deref(struct pf_run *r, int slot, const struct pf_val *v,
		     CXCursor at)
{
	struct local_ctx *lc = r->lc;
	const struct call_fact *cf;
	const char *what = r->slots.v[slot].disp;
	struct local_finding *lf;

	if (!r->emit || !(v->bits & (PF_U | PF_N)) || v->site < 0)
		return;
	cf = &lc->ff->calls.v[v->site];
	if (v->bits & PF_U)
		lf = local_emit(lc, at,
				"'%s' from %s() may be NULL here: it is "
				"dereferenced without a NULL check",
				what, la_call_name(cf));
	else
		lf = local_emit(
			lc, at,
			"'%s' from %s() may be NULL here: the "
			"path where the allocation failed reaches this dereference",
			what, la_call_name(cf));
	if (cf->flags.text)
		lf->flags = xstrdup(cf->flags.text);
	local_step(lf, cf->line, "%s can fail and return NULL",
		   cf->text ? cf->text : la_call_name(cf));
	local_step(lf, la_line(at),
		   (v->bits & PF_U) ?
			   "'%s' dereferenced on a path that never "
			   "compared it with NULL" :
			   "'%s' dereferenced on a path where it is NULL",
		   what);
}

static bool has_fallible_alloc(const struct local_ctx *lc)
{
	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		const struct alloc_rule *ar = la_alloc_rule(lc, (int)i);

		if (ar && ar->can_fail && !ar->returns_errptr)
			return true;
	}
	return false;
}

static void local_check_unchecked_alloc(struct local_ctx *lc)
{
	static const struct pf_hooks hooks = { .deref = on_deref };

	if (has_fallible_alloc(lc))
		pf_request(lc, &hooks);
}

const struct check_def check_def_unchecked_alloc = {
	.id = "gfp-unchecked-alloc",
	.severity = SEV_WARNING,
	.summary =
		"the result of an allocator that can fail is dereferenced on a path without a "
		"NULL check",
	.phase = CHECK_AT_EXTRACT,
	.extract = local_check_unchecked_alloc,
};
