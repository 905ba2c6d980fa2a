// SPDX-License-Identifier: GPL-2.0
/* gfp-nofail: every __GFP_NOFAIL use.  An error when the mask cannot block
 * (no direct reclaim: mm/page_alloc.c warns and lets the request fail, so
 * the "never fails" promise is void) or the request is costly (the page
 * allocator warns about NOFAIL above order 1 and loops).  A NULL check of
 * a NOFAIL result that can block is dead code (note). */
#include "local_checks.h"
#include "local_ast.h"
#include "local_ptrflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* mm/page_alloc.c: WARN_ON_ONCE(order > 1) for __GFP_NOFAIL */
#define NOFAIL_MAX_ORDER 1

/* families whose size is not one physically contiguous request */
static bool contiguous_family(const char *family)
{
	return strcmp(family, "vmalloc") != 0 &&
	       strcmp(family, "kvmalloc") != 0;
}

static bool const_arg(CXCursor call, int idx, long long *v)
{
	CXCursor a = la_arg(call, idx);

	return !clang_Cursor_isNull(a) && la_eval_int(a, v);
}

/* Writes why the request is costly into why; false if it is not (or unknown) */
static bool costly(struct local_ctx *lc, int idx, const struct alloc_rule *ar,
		   char *why, size_t size)
{
	CXCursor call = lc->call_cursors[idx];
	long long order, bytes, count = 1;
	uint64_t page = gfp_value(lc->gfp, "PAGE_SIZE");

	if (ar->order_arg >= 0 && const_arg(call, ar->order_arg, &order) &&
	    order > NOFAIL_MAX_ORDER) {
		snprintf(why, size, "order-%lld request", order);
		return true;
	}
	if (!page || ar->size_arg < 0 || !contiguous_family(ar->family))
		return false;
	if (!const_arg(call, ar->size_arg, &bytes))
		return false;
	if (ar->count_arg >= 0 && !const_arg(call, ar->count_arg, &count))
		return false;
	if (bytes <= 0 || count <= 0 ||
	    (uint64_t)bytes * (uint64_t)count <= (page << NOFAIL_MAX_ORDER))
		return false;
	snprintf(why, size, "%llu-byte request (more than %d pages)",
		 (unsigned long long)bytes * (unsigned long long)count,
		 1 << NOFAIL_MAX_ORDER);
	return true;
}

static bool cannot_block(const struct local_ctx *lc, const struct gfp_expr *e,
			 uint64_t nofail)
{
	for (int i = 0; i < e->n; i++)
		if (la_alt_const(&e->alt[i]) && (e->alt[i].or_bits & nofail) &&
		    !(e->alt[i].or_bits & lc->gfp->sleep_bits))
			return true;
	return false;
}

static void check_alloc(struct local_ctx *lc, int idx, uint64_t nofail)
{
	const struct call_fact *cf = &lc->ff->calls.v[idx];
	const struct alloc_rule *ar = la_alloc_rule(lc, idx);
	struct local_finding *lf;
	char why[96];

	if (!ar || !la_gfp_any_has(&cf->flags, nofail))
		return;
	if (cannot_block(lc, &cf->flags, nofail)) {
		char *fl = la_flags(lc, &cf->flags);

		lf = la_emit_call(
			lc, idx,
			"%s() with __GFP_NOFAIL and a mask that cannot block (%s): NOFAIL needs "
			"direct reclaim; the page allocator warns and the allocation can still fail",
			la_call_name(cf), fl);
		local_severity(lf, SEV_ERROR);
		free(fl);
	} else if (costly(lc, idx, ar, why, sizeof(why))) {
		lf = la_emit_call(
			lc, idx,
			"%s() with __GFP_NOFAIL for a costly %s: it may loop forever",
			la_call_name(cf), why);
		local_severity(lf, SEV_ERROR);
	} else {
		lf = la_emit_call(
			lc, idx,
			"%s() with __GFP_NOFAIL loops until it succeeds; handle the failure "
			"instead",
			la_call_name(cf));
	}
}

static void check_args(struct local_ctx *lc, int idx, uint64_t nofail)
{
	const struct call_fact *cf = &lc->ff->calls.v[idx];

	for (size_t a = 0; a < cf->args.n; a++) {
		const struct call_arg *ca = &cf->args.v[a];
		struct local_finding *lf;

		if (ca->kind != ARG_GFP || !la_gfp_any_has(&ca->gfp, nofail))
			continue;
		lf = la_emit_call(lc, idx,
				  "__GFP_NOFAIL passed to %s(): the allocation "
				  "it makes loops until it succeeds",
				  cf->callee ? cf->callee : "(indirect)");
		if (ca->gfp.text)
			lf->flags = xstrdup(ca->gfp.text);
		return;
	}
}

static void on_test(struct pf_run *r, int slot, const struct pf_val *v,
		    CXCursor at)
{
	const struct call_fact *cf;
	struct local_finding *lf;

	if (!r->emit || v->bits != PF_F || v->site < 0)
		return;
	cf = &r->lc->ff->calls.v[v->site];
	lf = local_emit(
		r->lc, at,
		"NULL check of '%s' is dead code: %s() with __GFP_NOFAIL never returns NULL",
		r->slots.v[slot].disp, la_call_name(cf));
	local_severity(lf, SEV_NOTE);
	if (cf->flags.text)
		lf->flags = xstrdup(cf->flags.text);
	local_step(lf, cf->line, "%s cannot return NULL",
		   cf->text ? cf->text : la_call_name(cf));
}

static void local_check_nofail(struct local_ctx *lc)
{
	static const struct pf_hooks hooks = { .test = on_test };
	uint64_t nofail = gfp_value(lc->gfp, "__GFP_NOFAIL");
	bool any = false;

	if (!nofail)
		return;
	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		const struct call_fact *cf = &lc->ff->calls.v[i];

		if (cf->is_alloc) {
			check_alloc(lc, (int)i, nofail);
			any |= la_gfp_any_has(&cf->flags, nofail);
		} else {
			check_args(lc, (int)i, nofail);
		}
	}
	if (any)
		pf_request(lc, &hooks);
}

const struct check_def check_def_nofail = {
	.id = "gfp-nofail",
	.severity = SEV_WARNING,
	.summary =
		"__GFP_NOFAIL loops forever instead of failing (error: cannot block, or costly "
		"order)",
	.phase = CHECK_AT_EXTRACT,
	.extract = local_check_nofail,
};
