// SPDX-License-Identifier: GPL-2.0
#include "checkdef.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct finding *check_emit(struct check_ctx *cx, const struct m_call *site, const char *fmt, ...)
{
	const struct m_function *fn = &cx->m->fns.v[site->fn];
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
	f.flags = site->flags_text ? xstrdup(site->flags_text) : NULL;
	VEC_PUSH(cx->findings, f);
	return &cx->findings.v[cx->findings.n - 1];
}

void check_step(struct check_ctx *cx, struct finding *f, const struct m_call *c, const char *fmt, ...)
{
	const struct m_function *fn = &cx->m->fns.v[c->fn];
	va_list ap;
	char *note;

	va_start(ap, fmt);
	note = xvasprintf(fmt, ap);
	va_end(ap);
	finding_add_step(f, fn->file, c->line, fn->name, note, (int)(c - cx->m->calls.v));
	free(note);
}

void check_emit_stored(struct check_ctx *cx, const struct check_def *def, const struct m_local *l,
		       enum severity sev)
{
	const struct m_function *fn;
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
	for (const char *p = l->trace; p && *p;) {
		const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
		char *note;

		if (!tab || !nl || tab > nl)
			break;
		note = xstrndup(tab + 1, (size_t)(nl - tab - 1));
		finding_add_step(&f, fn->file, (unsigned)atoi(p), fn->name, note, -1);
		free(note);
		p = nl + 1;
	}
	VEC_PUSH(cx->findings, f);
}
