/* SPDX-License-Identifier: GPL-2.0 */
/* Parse one translation unit with libclang and extract its facts:
 * functions, call sites with the atomic context at each (cfg + flow),
 * allocation sites with decoded GFP masks, function-pointer stores. */
#ifndef GFPCHECK_EXTRACT_H
#define GFPCHECK_EXTRACT_H

#include <clang-c/Index.h>
#include "compdb.h"
#include "facts.h"
#include "gfp.h"
#include "rules.h"

struct extractor {
	const struct ruleset *rules;
	const struct gfp_table *gfp;
	/* header functions already analysed in this run (shared by workers) */
	struct strset *claimed;
	CXIndex index; /* one per worker thread */
	/* file contents that replace what is on disk (gfpcheck diff: the
	 * staged index or a revision), or NULL */
	struct CXUnsavedFile *unsaved;
	unsigned nunsaved;
};

/* Fills *out; returns 0, or -1 if libclang produced no AST at all. */
int extract_tu(struct extractor *x, struct compile_job *job,
	       struct tu_facts *out);

#endif
