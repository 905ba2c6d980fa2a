// SPDX-License-Identifier: GPL-2.0
/* gfp-highmem-kmalloc: __GFP_HIGHMEM (alone or in GFP_HIGHUSER*) given to an
 * allocator that returns a kernel virtual address (rules: vaddr=yes).
 * Highmem pages have no permanent kernel mapping; only alloc_pages() and
 * friends, which return a struct page, can use them. */
#include "local_checks.h"
#include "local_ast.h"

#include <stdlib.h>

static void local_check_highmem_kmalloc(struct local_ctx *lc)
{
	uint64_t highmem = gfp_value(lc->gfp, "__GFP_HIGHMEM");

	if (!highmem)
		return;
	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		const struct call_fact *cf = &lc->ff->calls.v[i];
		const struct alloc_rule *ar = la_alloc_rule(lc, (int)i);
		char *fl;

		if (!ar || !ar->virtual_address || ar->gfp_arg < 0 ||
		    !la_gfp_any_has(&cf->flags, highmem))
			continue;
		fl = la_flags(lc, &cf->flags);
		la_emit_call(
			lc, (int)i,
			"%s() returns a kernel virtual address but its mask has __GFP_HIGHMEM (%s); "
			"highmem pages are not permanently mapped: drop it, or use alloc_pages()",
			la_call_name(cf), fl);
		free(fl);
	}
}

const struct check_def check_def_highmem_kmalloc = {
	.id = "gfp-highmem-kmalloc",
	.severity = SEV_WARNING,
	.summary =
		"__GFP_HIGHMEM given to an allocator that returns a kernel virtual address",
	.phase = CHECK_AT_EXTRACT,
	.extract = local_check_highmem_kmalloc,
};
