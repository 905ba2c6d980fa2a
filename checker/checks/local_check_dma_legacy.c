// SPDX-License-Identifier: GPL-2.0
/* gfp-dma-legacy: GFP_DMA / GFP_DMA32 with a kmalloc-family allocator.
 * The guide calls them legacy: use the DMA API (dma_alloc_coherent(),
 * dma_map_single()) for devices with addressing limits.  __GFP_DMA32 is
 * not even valid for slab (GFP_SLAB_BUG_MASK: kmalloc warns and strips it),
 * so that case is a warning. */
#include "local_checks.h"
#include "local_ast.h"

#include <stdlib.h>
#include <string.h>

/* the rules' families served by slab caches */
static bool kmalloc_family(const char *family)
{
	return strcmp(family, "slab") == 0 || strcmp(family, "devm") == 0 ||
	       strcmp(family, "kvmalloc") == 0;
}

static void local_check_dma_legacy(struct local_ctx *lc)
{
	uint64_t dma = gfp_value(lc->gfp, "__GFP_DMA");
	uint64_t dma32 = gfp_value(lc->gfp, "__GFP_DMA32");

	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		const struct call_fact *cf = &lc->ff->calls.v[i];
		const struct alloc_rule *ar = la_alloc_rule(lc, (int)i);
		struct local_finding *lf;
		char *fl;

		if (!ar || ar->gfp_arg < 0 || !kmalloc_family(ar->family))
			continue;
		fl = la_flags(lc, &cf->flags);
		if (la_gfp_any_has(&cf->flags, dma32)) {
			lf = la_emit_call(
				lc, (int)i,
				"%s() with __GFP_DMA32 (%s): slab caches have no DMA32 zone, the "
				"flag is stripped with a warning; use the DMA API",
				la_call_name(cf), fl);
			local_severity(lf, SEV_WARNING);
		} else if (la_gfp_any_has(&cf->flags, dma)) {
			la_emit_call(
				lc, (int)i,
				"%s() with legacy GFP_DMA (%s): use the DMA API (dma_alloc_coherent(), "
				"dma_map_single()) for devices with addressing limits",
				la_call_name(cf), fl);
		}
		free(fl);
	}
}

const struct check_def check_def_dma_legacy = {
	.id = "gfp-dma-legacy",
	.severity = SEV_NOTE,
	.summary =
		"GFP_DMA/GFP_DMA32 with a kmalloc-family allocator: use the DMA API",
	.phase = CHECK_AT_EXTRACT,
	.extract = local_check_dma_legacy,
};
