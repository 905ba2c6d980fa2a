// SPDX-License-Identifier: GPL-2.0
/* gfp-kvmalloc-flags: kvmalloc and friends fall back to vmalloc only for
 * GFP_KERNEL-compatible masks: mm/util.c kvmalloc_node() returns plain
 * kmalloc_node() when (flags & GFP_KERNEL) != GFP_KERNEL, because vmalloc
 * allocates page tables with GFP_KERNEL.  With GFP_ATOMIC, GFP_NOWAIT,
 * GFP_NOFS or GFP_NOIO a large kvmalloc() is just a kmalloc() that fails. */
#include "local_checks.h"
#include "local_ast.h"

#include <stdlib.h>
#include <string.h>

static void local_check_kvmalloc_flags(struct local_ctx *lc)
{
	uint64_t kernel = gfp_value(lc->gfp, "GFP_KERNEL");

	if (!kernel)
		return;
	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		const struct call_fact *cf = &lc->ff->calls.v[i];
		const struct alloc_rule *ar = la_alloc_rule(lc, (int)i);

		if (!ar || ar->gfp_arg < 0 ||
		    strcmp(ar->family, "kvmalloc") != 0)
			continue;
		for (int a = 0; a < cf->flags.n; a++) {
			const struct gfp_alt *alt = &cf->flags.alt[a];
			char *fl;

			if (!la_alt_const(alt) ||
			    (alt->or_bits & kernel) == kernel)
				continue;
			fl = la_flags(lc, &cf->flags);
			la_emit_call(
				lc, (int)i,
				"%s() with %s never falls back to vmalloc: the mask is not "
				"GFP_KERNEL-compatible, so this is a kmalloc() that fails for large sizes",
				la_call_name(cf), fl);
			free(fl);
			break;
		}
	}
}

const struct check_def check_def_kvmalloc_flags = {
	.id = "gfp-kvmalloc-flags",
	.severity = SEV_WARNING,
	.summary =
		"kvmalloc with a mask that is not GFP_KERNEL-compatible never falls back to "
		"vmalloc",
	.phase = CHECK_AT_EXTRACT,
	.extract = local_check_kvmalloc_flags,
};
