// SPDX-License-Identifier: GPL-2.0
#include "checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct check_def check_defs[] = {
	{ "gfp-sleep-in-atomic", "warning",
	  "an allocation that may sleep (direct reclaim, vmalloc) reached in atomic context",
	  check_sleep_in_atomic },
	{ "gfp-rt-atomic", "warning",
	  "any allocation under a raw spinlock or in an NMI handler: not allowed on PREEMPT_RT",
	  check_rt_atomic },
	/* intra-procedural rules (checker/local_check_*.c): run = NULL, their
	 * findings are made at extraction time and reported by "(local)" */
	{ "gfp-unchecked-alloc", "warning",
	  "the result of an allocator that can fail is dereferenced on a path without a NULL check",
	  NULL },
	{ "gfp-highmem-kmalloc", "warning",
	  "__GFP_HIGHMEM given to an allocator that returns a kernel virtual address", NULL },
	{ "gfp-nofail", "warning",
	  "__GFP_NOFAIL loops forever instead of failing (error: cannot block, or costly order)",
	  NULL },
	{ "gfp-in-atomic-test", "warning",
	  "flags chosen with in_atomic()/in_interrupt()/irqs_disabled(), which cannot see held locks",
	  NULL },
	{ "gfp-dma-legacy", "note",
	  "GFP_DMA/GFP_DMA32 with a kmalloc-family allocator: use the DMA API", NULL },
	{ "gfp-nofs-scope", "note",
	  "GFP_NOFS/GFP_NOIO: prefer memalloc_nofs_save()/memalloc_noio_save() scopes", NULL },
	{ "gfp-kvmalloc-flags", "warning",
	  "kvmalloc with a mask that is not GFP_KERNEL-compatible never falls back to vmalloc",
	  NULL },
	{ "gfp-zeroing", "note",
	  "kmalloc + memset(0) or kmalloc(__GFP_ZERO): use kzalloc/kcalloc/vzalloc", NULL },
	{ "gfp-alloc-overflow", "warning",
	  "open-coded multiplication in an allocation size can overflow: use kmalloc_array/array_size",
	  NULL },
	{ "gfp-free-mismatch", "error",
	  "memory freed with the free function of another allocator family (kfree on vmalloc memory)",
	  NULL },
	{ "gfp-ignored-param", "warning",
	  "a function taking gfp_t allocates with a hard-coded sleeping mask, ignoring its callers'",
	  NULL },
	{ "gfp-zone-only", "warning",
	  "a mask of zone modifiers alone (GFP_DMA, __GFP_HIGHMEM) has no reclaim or reserve bits",
	  NULL },
	/* findings of every intra-procedural rule below come from here */
	{ "(local)", "warning", "findings made at extraction time by local_check_*.c",
	  check_local_findings },
};
const int check_count = sizeof(check_defs) / sizeof(check_defs[0]);

const struct check_def *check_find(const char *id)
{
	for (int i = 0; i < check_count; i++)
		if (strcmp(check_defs[i].id, id) == 0)
			return &check_defs[i];
	return NULL;
}

/* Findings of the intra-procedural checks (local_check_*.c), made at
 * extraction time, become findings of their rule here. */
void check_local_findings(struct check_ctx *cx)
{
	const struct model *m = cx->m;

	for (size_t i = 0; i < m->locals.n; i++) {
		const struct local_finding *l = &m->locals.v[i];
		const struct check_def *def = check_find(l->rule);
		const struct function_fact *fn;
		struct finding f = { 0 };

		if (!def || l->fn < 0)
			continue;
		fn = &m->fns.v[l->fn];
		f.rule = def->id;
		f.severity = l->severity ? (strcmp(l->severity, "error") == 0 ? "error" :
					    strcmp(l->severity, "note") == 0 ? "note" : "warning") : def->severity;
		f.file = xstrdup(fn->file);
		f.line = l->line;
		f.col = l->col;
		f.function = xstrdup(fn->name);
		f.message = xstrdup(l->message);
		f.flags = l->flags ? xstrdup(l->flags) : NULL;
		for (size_t k = 0; k < l->trace.n; k++)
			finding_add_step(&f, fn->file, l->trace.v[k].line, fn->name, l->trace.v[k].note, -1);
		VEC_PUSH(cx->findings, f);
	}
}

struct finding *check_emit(struct check_ctx *cx, const struct call_fact *site, const char *fmt, ...)
{
	const struct function_fact *fn = &cx->m->fns.v[site->fn];
	struct finding f = { 0 };
	va_list ap;

	va_start(ap, fmt);
	f.message = xvasprintf(fmt, ap);
	va_end(ap);
	f.rule = cx->def->id;
	f.severity = cx->def->severity;
	f.file = xstrdup(fn->file);
	f.line = site->line;
	f.col = site->col;
	f.function = xstrdup(fn->name);
	f.flags = site->flags.text ? xstrdup(site->flags.text) : NULL;
	VEC_PUSH(cx->findings, f);
	return &cx->findings.v[cx->findings.n - 1];
}

void check_step(struct check_ctx *cx, struct finding *f, const struct call_fact *c, const char *fmt, ...)
{
	const struct function_fact *fn = &cx->m->fns.v[c->fn];
	va_list ap;
	char *note;

	va_start(ap, fmt);
	note = xvasprintf(fmt, ap);
	va_end(ap);
	finding_add_step(f, fn->file, c->line, fn->name, note, (int)(c - cx->m->calls.v));
	free(note);
}
