// SPDX-License-Identifier: GPL-2.0
/* gfp-zone-only: a mask made of zone modifiers alone (__GFP_DMA,
 * __GFP_DMA32, __GFP_HIGHMEM, __GFP_MOVABLE) with no reclaim, IO, FS or
 * reserve bits: kmalloc(n, GFP_DMA) was meant as GFP_KERNEL | GFP_DMA but
 * neither reclaims nor wakes kswapd, so it fails under the lightest
 * pressure. */
#include "local_checks.h"
#include "local_ast.h"

#include <stdlib.h>

static uint64_t bits_of(const struct local_ctx *lc, const char *const *names)
{
	uint64_t b = 0;

	for (int i = 0; names[i]; i++)
		b |= gfp_value(lc->gfp, names[i]);
	return b;
}

static void local_check_zone_only(struct local_ctx *lc)
{
	static const char *const zone_names[] = {
		"__GFP_DMA",	 "__GFP_DMA32", "__GFP_HIGHMEM",
		"__GFP_MOVABLE", NULL,
	};
	static const char *const action_names[] = {
		"__GFP_DIRECT_RECLAIM",
		"__GFP_KSWAPD_RECLAIM",
		"__GFP_WAIT",
		"__GFP_IO",
		"__GFP_FS",
		"__GFP_HIGH",
		"__GFP_ATOMIC",
		NULL,
	};
	uint64_t zone = bits_of(lc, zone_names),
		 action = bits_of(lc, action_names);

	if (!zone || !action)
		return;
	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		const struct call_fact *cf = &lc->ff->calls.v[i];
		const struct alloc_rule *ar = la_alloc_rule(lc, (int)i);

		if (!ar || ar->gfp_arg < 0)
			continue;
		for (int a = 0; a < cf->flags.n; a++) {
			const struct gfp_alt *alt = &cf->flags.alt[a];
			char *fl;

			if (!la_alt_const(alt) || !(alt->or_bits & zone) ||
			    (alt->or_bits & action))
				continue;
			fl = la_flags(lc, &cf->flags);
			la_emit_call(
				lc, (int)i,
				"%s() with %s: zone modifiers alone, no reclaim or reserve bits; "
				"combine them with a base mask such as GFP_KERNEL",
				la_call_name(cf), fl);
			free(fl);
			break;
		}
	}
}

const struct check_def check_def_zone_only = {
	.id = "gfp-zone-only",
	.severity = SEV_WARNING,
	.summary =
		"a mask of zone modifiers alone (GFP_DMA, __GFP_HIGHMEM) has no reclaim or "
		"reserve bits",
	.phase = CHECK_AT_EXTRACT,
	.extract = local_check_zone_only,
};
