// SPDX-License-Identifier: GPL-2.0
/* gfp-nofs-scope: GFP_NOFS / GFP_NOIO (direct reclaim without __GFP_FS or
 * __GFP_IO).  Since 4.12 the scope API (memalloc_nofs_save(),
 * memalloc_noio_save()) is preferred (gfp_mask-from-fs-io.rst); with the
 * vmalloc family, which does not support NOFS/NOIO at all, it is a
 * warning. */
#include "local_checks.h"
#include "local_ast.h"

#include <stdlib.h>
#include <string.h>

/* 'F' lacks __GFP_FS only, 'I' lacks __GFP_IO, 0 neither (or cannot block) */
static int restricted(const struct local_ctx *lc, const struct gfp_expr *e)
{
	uint64_t fs = gfp_value(lc->gfp, "__GFP_FS"),
		 io = gfp_value(lc->gfp, "__GFP_IO");
	int kind = 0;

	if (!fs || !io)
		return 0;
	for (int i = 0; i < e->n; i++) {
		uint64_t b = e->alt[i].or_bits;

		if (!la_alt_const(&e->alt[i]) || !(b & lc->gfp->sleep_bits))
			continue;
		if (!(b & io))
			return 'I';
		if (!(b & fs))
			kind = 'F';
	}
	return kind;
}

static void local_check_nofs_scope(struct local_ctx *lc)
{
	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		const struct call_fact *cf = &lc->ff->calls.v[i];
		const struct alloc_rule *ar = la_alloc_rule(lc, (int)i);
		struct local_finding *lf;
		char *fl;
		bool vm;
		int kind;

		if (!ar || ar->gfp_arg < 0)
			continue;
		kind = restricted(lc, &cf->flags);
		if (!kind)
			continue;
		vm = strcmp(ar->family, "vmalloc") == 0;
		fl = la_flags(lc, &cf->flags);
		lf = la_emit_call(
			lc, (int)i,
			"%s() with %s: %s; mark the critical section with %s() / %s() instead",
			la_call_name(cf), fl,
			vm ? "vmalloc does not support NOFS/NOIO (it allocates with GFP_KERNEL inside)" :
			kind == 'I' ?
			     "GFP_NOIO is the legacy way to avoid I/O recursion" :
			     "GFP_NOFS is the legacy way to avoid FS recursion",
			kind == 'I' ? "memalloc_noio_save" :
				      "memalloc_nofs_save",
			kind == 'I' ? "memalloc_noio_restore" :
				      "memalloc_nofs_restore");
		if (vm)
			local_severity(lf, SEV_WARNING);
		free(fl);
	}
}

const struct check_def check_def_nofs_scope = {
	.id = "gfp-nofs-scope",
	.severity = SEV_NOTE,
	.summary =
		"GFP_NOFS/GFP_NOIO: prefer memalloc_nofs_save()/memalloc_noio_save() scopes",
	.phase = CHECK_AT_EXTRACT,
	.extract = local_check_nofs_scope,
};
