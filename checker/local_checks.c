// SPDX-License-Identifier: GPL-2.0
#include "local_checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct local_finding *local_emit(struct local_ctx *lc, const char *rule, CXCursor at,
				 const char *fmt, ...)
{
	struct local_finding lf = { .rule = rule };
	CXFile file;
	unsigned off;
	va_list ap;

	clang_getExpansionLocation(clang_getCursorLocation(at), &file, &lf.line, &lf.col, &off);
	va_start(ap, fmt);
	lf.message = xvasprintf(fmt, ap);
	va_end(ap);
	VEC_PUSH(lc->ff->findings, lf);
	return &lc->ff->findings.v[lc->ff->findings.n - 1];
}

void local_step(struct local_finding *lf, unsigned line, const char *fmt, ...)
{
	struct local_step st = { .line = line };
	va_list ap;

	va_start(ap, fmt);
	st.note = xvasprintf(fmt, ap);
	va_end(ap);
	VEC_PUSH(lf->trace, st);
}

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

/* The checks built on the pointer flow (local_ptrflow.h) only ask for it
 * with their hooks (pf_request()): the caller then walks the function
 * once for all of them (pf_run()). */
void local_checks_run(struct local_ctx *lc)
{
	for (size_t i = 0; local_checks[i]; i++)
		local_checks[i](lc);
}
