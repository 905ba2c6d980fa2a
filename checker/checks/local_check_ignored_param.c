// SPDX-License-Identifier: GPL-2.0
/* gfp-ignored-param: a function that takes a gfp_t parameter but calls an
 * allocator with a hard-coded sleeping mask: a caller in atomic context
 * passes GFP_ATOMIC and the function sleeps anyway.  An allocation under a
 * condition that looks at the parameter (if (gfpflags_allow_blocking(gfp)))
 * is deliberate and not reported. */
#include "local_checks.h"
#include "local_ast.h"
#include "ctl.h"

#include <stdlib.h>

struct guard_walk {
	struct local_ctx *lc;
	bool *guarded; /* per call index */
};

static void walk(struct guard_walk *w, CXCursor c, bool guarded);

/* if (cond) A else B, cond ? A : B (ctl_choice()): A and B are guarded
 * when cond looks at a gfp_t parameter */
static void walk_branches(struct guard_walk *w, const CXCursor *kid, int n,
			  bool guarded)
{
	walk(w, kid[0], guarded);
	guarded |= la_refs_param(w->lc->fn, kid[0], w->lc->ff->gfp_params);
	for (int i = 1; i < n; i++)
		walk(w, kid[i], guarded);
}

struct kids_walk {
	struct guard_walk *w;
	bool guarded;
};

static enum CXChildVisitResult walk_plain(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	struct kids_walk *k = data;

	(void)parent;
	walk(k->w, c, k->guarded);
	return CXChildVisit_Continue;
}

static void walk(struct guard_walk *w, CXCursor c, bool guarded)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	struct kids_walk kw = { w, guarded };
	CXCursor part[3];
	int n;

	if (k == CXCursor_ConditionalOperator ||
	    ctl_stmt_kind(c) == CTL_STMT_IF) {
		n = ctl_choice(c, part);
		if (n)
			walk_branches(w, part, n, guarded);
		return;
	}
	if (k == CXCursor_CallExpr) {
		int idx = la_call_index(w->lc, c);

		if (idx >= 0)
			w->guarded[idx] = guarded;
	}
	clang_visitChildren(c, walk_plain, &kw);
}

static char *param_name(const struct local_ctx *lc)
{
	int n = clang_Cursor_getNumArguments(lc->fn);

	for (int i = 0; i < n && i < 32; i++)
		if (lc->ff->gfp_params & (1u << i))
			return la_spelling(clang_Cursor_getArgument(lc->fn, i));
	return xstrdup("gfp");
}

static bool hard_coded_sleeping(const struct local_ctx *lc,
				const struct gfp_expr *e)
{
	bool sleeps = false;

	if (e->n == 0)
		return false;
	for (int i = 0; i < e->n; i++) {
		if (!la_alt_const(&e->alt[i]))
			return false;
		sleeps |= (e->alt[i].or_bits & lc->gfp->sleep_bits) != 0;
	}
	return sleeps;
}

static void local_check_ignored_param(struct local_ctx *lc)
{
	struct guard_walk w = { lc, NULL };
	char *pname;

	if (!lc->ff->gfp_params || !lc->ff->calls.n)
		return;
	w.guarded = xcalloc(lc->ff->calls.n, sizeof(bool));
	walk(&w, lc->body, false);
	pname = param_name(lc);
	for (size_t i = 0; i < lc->ff->calls.n; i++) {
		const struct call_fact *cf = &lc->ff->calls.v[i];
		const struct alloc_rule *ar = la_alloc_rule(lc, (int)i);
		char *fl;

		if (!ar || ar->gfp_arg < 0 || w.guarded[i] ||
		    !hard_coded_sleeping(lc, &cf->flags))
			continue;
		/* (gfp & __GFP_DIRECT_RECLAIM) ? GFP_KERNEL : GFP_ATOMIC follows the parameter */
		if (la_refs_param(lc->fn,
				  la_arg(lc->call_cursors[i], ar->gfp_arg),
				  lc->ff->gfp_params))
			continue;
		fl = la_flags(lc, &cf->flags);
		la_emit_call(
			lc, (int)i,
			"%s() takes gfp_t '%s' but calls %s() with hard-coded %s, which may sleep: "
			"callers' atomic flags are ignored; pass '%s' instead",
			lc->ff->name, pname, la_call_name(cf), fl, pname);
		free(fl);
	}
	free(pname);
	free(w.guarded);
}

const struct check_def check_def_ignored_param = {
	.id = "gfp-ignored-param",
	.severity = SEV_WARNING,
	.summary =
		"a function taking gfp_t allocates with a hard-coded sleeping mask, ignoring "
		"its callers'",
	.phase = CHECK_AT_EXTRACT,
	.extract = local_check_ignored_param,
};
