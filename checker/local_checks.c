// SPDX-License-Identifier: GPL-2.0
#include "local_checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct local_finding *local_emit(struct local_ctx *lc, CXCursor at, const char *fmt, ...)
{
	struct local_finding lf = { .rule = lc->def->id };
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

void local_severity(struct local_finding *lf, enum severity sev)
{
	lf->own_severity = true;
	lf->severity = sev;
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
