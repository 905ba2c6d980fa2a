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
