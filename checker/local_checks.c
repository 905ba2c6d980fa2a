// SPDX-License-Identifier: GPL-2.0
#include "local_checks.h"

#include <stdlib.h>

void local_findings_free(struct function_fact *ff)
{
	for (size_t i = 0; i < ff->findings.n; i++) {
		struct local_finding *lf = &ff->findings.v[i];

		for (size_t j = 0; j < lf->trace.n; j++)
			free(lf->trace.v[j].note);
		VEC_FREE(lf->trace);
		free(lf->message);
		free(lf->flags);
	}
	VEC_FREE(ff->findings);
}

/* Each local check is one function in its own local_check_*.c file. */
typedef void (*local_check_fn)(struct local_ctx *lc);

static const local_check_fn local_checks[] = {
	local_check_unchecked_alloc,
	local_check_highmem_kmalloc,
	local_check_nofail,
	local_check_in_atomic_test,
	local_check_dma_legacy,
	local_check_nofs_scope,
	local_check_kvmalloc_flags,
	local_check_zeroing,
	local_check_alloc_overflow,
	local_check_free_mismatch,
	local_check_ignored_param,
	local_check_zone_only,
	NULL,
};

void local_checks_run(struct local_ctx *lc)
{
	for (size_t i = 0; local_checks[i]; i++)
		local_checks[i](lc);
}
