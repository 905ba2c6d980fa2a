/* SPDX-License-Identifier: GPL-2.0 */
/* What the intra-procedural checks (local_check_*.c: NULL checks,
 * dereferences, frees, ...) use.  They run inside extraction, once per
 * function (checks_run_extract() of checks.h), over the same CFG the lock
 * analysis uses, and append local_finding records to the function's facts
 * (local_emit() of local_ast.h); the solver turns those into findings of
 * their check (checkdef.h). */
#ifndef GFPCHECK_LOCAL_CHECKS_H
#define GFPCHECK_LOCAL_CHECKS_H

#include "local_ast.h"

/* Frees the findings the checks appended to ff */
void local_findings_free(struct function_fact *ff);

#endif
