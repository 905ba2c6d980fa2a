// SPDX-License-Identifier: GPL-2.0
#include "checkdef.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct finding *check_emit(struct check_ctx *cx, const struct call_fact *site,
			   const char *fmt, ...)
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

void check_step(struct check_ctx *cx, struct finding *f,
		const struct call_fact *c, const char *fmt, ...)
{
	const struct function_fact *fn = &cx->m->fns.v[c->fn];
	va_list ap;
	char *note;

	va_start(ap, fmt);
	note = xvasprintf(fmt, ap);
	va_end(ap);
	finding_add_step(f, fn->file, c->line, fn->name, note,
			 (int)(c - cx->m->calls.v));
	free(note);
}

void check_emit_stored(struct check_ctx *cx, const struct check_def *def,
		       const struct local_finding *l, enum severity sev)
{
	const struct function_fact *fn;
	struct finding f = { 0 };

	if (l->fn < 0)
		return;
	fn = &cx->m->fns.v[l->fn];
	f.rule = def->id;
	f.severity = sev;
	f.file = xstrdup(fn->file);
	f.line = l->line;
	f.col = l->col;
	f.function = xstrdup(fn->name);
	f.message = xstrdup(l->message);
	f.flags = l->flags ? xstrdup(l->flags) : NULL;
	for (size_t k = 0; k < l->trace.n; k++)
		finding_add_step(&f, fn->file, l->trace.v[k].line, fn->name,
				 l->trace.v[k].note, -1);
	VEC_PUSH(cx->findings, f);
}
