// SPDX-License-Identifier: GPL-2.0
/* gfp-free-mismatch: memory freed with the free function of another
 * allocator family: vmalloc memory with kfree(), slab memory with vfree(),
 * kvmalloc memory with either, devm memory with kfree() (devres frees it
 * again).  kvfree() frees slab, vmalloc and kvmalloc memory. */
#include "local_checks.h"
#include "local_ast.h"
#include "local_ptrflow.h"

#include <string.h>

static bool in_list(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* The rules' families whose frees are known well enough to compare */
static const char *const checked_families[] = {
	"slab", "vmalloc", "kvmalloc", "devm", "page", "pagevaddr", NULL,
};
/* what a free of family "any" (kvfree) accepts */
static const char *const kvfree_families[] = { "slab", "vmalloc", "kvmalloc",
					       NULL };

static bool compatible(const char *alloc_family, const char *free_family)
{
	if (strcmp(alloc_family, free_family) == 0)
		return true;
	return strcmp(free_family, "any") == 0 &&
	       in_list(alloc_family, kvfree_families);
}

/* The allocation of that family for the trace: the tracked site if it is
 * one, else the nearest one above the free */
static int family_site(const struct local_ctx *lc, const char *fam, int site,
		       unsigned line)
{
	const struct alloc_rule *ar = la_alloc_rule(lc, site);
	int best = -1;

	if (ar && strcmp(ar->family, fam) == 0)
		return site;
	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		ar = la_alloc_rule(lc, (int)i);
		if (ar && strcmp(ar->family, fam) == 0 &&
		    lc->ff->calls.v[i].line <= line &&
		    (best < 0 ||
		     lc->ff->calls.v[i].line >= lc->ff->calls.v[best].line))
			best = (int)i;
	}
	return best;
}

static void on_call(struct pf_run *r, int idx, CXCursor call,
		    struct pf_state *st)
{
	struct local_ctx *lc = r->lc;
	const struct call_fact *cf = &lc->ff->calls.v[idx];
	const struct free_rule *fr;
	struct pf_val *v;
	int slot, site;

	if (st->dead || !cf->callee ||
	    !(fr = rules_free_fn(lc->rules, cf->callee)))
		return;
	slot = pf_slot_of(r, la_arg(call, fr->ptr_arg));
	if (slot < 0)
		return;
	v = &st->v[slot];
	for (int f = 0; r->emit && f < r->nfams; f++) {
		const char *fam = r->fams[f];
		struct local_finding *lf;

		if (!(v->fam & (1u << f)) || !in_list(fam, checked_families) ||
		    compatible(fam, fr->family))
			continue;
		lf = local_emit(
			lc, call,
			"'%s' may hold %s memory but is freed with %s(), which frees %s memory",
			r->slots.v[slot].disp, fam, la_call_name(cf),
			strcmp(fr->family, "any") == 0 ?
				"slab, vmalloc or kvmalloc" :
				fr->family);
		site = family_site(lc, fam, v->site, cf->line);
		if (site >= 0)
			local_step(lf, lc->ff->calls.v[site].line,
				   "allocated by %s",
				   lc->ff->calls.v[site].text ?
					   lc->ff->calls.v[site].text :
					   lc->ff->calls.v[site].callee);
		break;
	}
	/* freed: nothing left to compare */
	v->fam = 0;
	v->origin = -1;
}

static void local_check_free_mismatch(struct local_ctx *lc)
{
	static const struct pf_hooks hooks = { .call = on_call };
	bool alloc = false, free_call = false;

	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		const struct call_fact *cf = &lc->ff->calls.v[i];

		alloc |= cf->is_alloc;
		free_call |= cf->callee && rules_free_fn(lc->rules, cf->callee);
	}
	if (alloc && free_call)
		pf_request(lc, &hooks);
}

const struct check_def check_def_free_mismatch = {
	.id = "gfp-free-mismatch",
	.severity = SEV_ERROR,
	.summary =
		"memory freed with the free function of another allocator family (kfree on "
		"vmalloc memory)",
	.phase = CHECK_AT_EXTRACT,
	.extract = local_check_free_mismatch,
};
