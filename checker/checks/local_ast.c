// SPDX-License-Identifier: GPL-2.0
#include "local_ast.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct local_finding *emit(struct local_ctx *lc, CXCursor at,
				  const char *fmt, va_list ap)
{
	struct local_finding lf = { .rule = lc->def->id };
	CXFile file;
	unsigned off;

	clang_getExpansionLocation(clang_getCursorLocation(at), &file, &lf.line,
				   &lf.col, &off);
	lf.message = xvasprintf(fmt, ap);
	VEC_PUSH(lc->ff->findings, lf);
	return &lc->ff->findings.v[lc->ff->findings.n - 1];
}

struct local_finding *local_emit(struct local_ctx *lc, CXCursor at,
				 const char *fmt, ...)
{
	struct local_finding *lf;
	va_list ap;

	va_start(ap, fmt);
	lf = emit(lc, at, fmt, ap);
	va_end(ap);
	return lf;
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

bool la_has_gfp_name(const struct local_ctx *lc, CXCursor c)
{
	const CXToken *toks;
	unsigned n;
	bool found = false;

	la_tokenize(c, &toks, &n);
	for (unsigned i = 0; i < n && !found; i++) {
		CXString s;

		if (clang_getTokenKind(toks[i]) != CXToken_Identifier)
			continue;
		s = clang_getTokenSpelling(lc->tu, toks[i]);
		for (size_t k = 0; k < lc->gfp->names.n && !found; k++)
			found = !lc->gfp->names.v[k].is_const &&
				strcmp(lc->gfp->names.v[k].name,
				       clang_getCString(s)) == 0;
		clang_disposeString(s);
	}
	return found;
}

int la_call_index(const struct local_ctx *lc, CXCursor call)
{
	for (size_t i = 0; i < lc->ff->calls.n; i++)
		if (clang_equalCursors(lc->call_cursors[i], call))
			return (int)i;
	return -1;
}

const char *la_call_name(const struct call_fact *cf)
{
	return cf->shown ? cf->shown : cf->callee ? cf->callee : "(indirect)";
}

const struct alloc_rule *la_alloc_rule(const struct local_ctx *lc, int idx)
{
	const struct call_fact *cf;

	if (idx < 0 || (size_t)idx >= lc->ff->calls.n)
		return NULL;
	cf = &lc->ff->calls.v[idx];
	if (!cf->is_alloc || !cf->callee)
		return NULL;
	return rules_alloc(lc->rules, cf->callee);
}

struct local_finding *la_emit_call(struct local_ctx *lc, int idx,
				   const char *fmt, ...)
{
	const struct call_fact *cf = &lc->ff->calls.v[idx];
	struct local_finding *lf;
	va_list ap;

	va_start(ap, fmt);
	lf = emit(lc, lc->call_cursors[idx], fmt, ap);
	va_end(ap);
	if (cf->is_alloc && cf->flags.text)
		lf->flags = xstrdup(cf->flags.text);
	return lf;
}

char *la_flags(const struct local_ctx *lc, const struct gfp_expr *e)
{
	const char *text = e->text ? e->text : "(unknown mask)";
	char *value, *s;

	/* a variable: show what it holds */
	if (strstr(text, "GFP") || e->n != 1 || !la_alt_const(&e->alt[0]))
		return xstrdup(text);
	value = gfp_describe(lc->gfp, e->alt[0].or_bits);
	s = xasprintf("%s = %s", text, value);
	free(value);
	return s;
}

bool la_gfp_any_has(const struct gfp_expr *e, uint64_t bits)
{
	if (!bits)
		return false;
	for (int i = 0; i < e->n; i++)
		if (e->alt[i].or_bits & bits)
			return true;
	return false;
}
