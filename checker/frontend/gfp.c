// SPDX-License-Identifier: GPL-2.0
#include "gfp.h"
#include "ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROBE_PREFIX "gfpcheck_probe_"

/* <linux/gfp.h>, the headers the rules add (probe-header), and one
 * enum constant per name, so that clang computes each value */
static char *probe_source(const struct ruleset *rs,
			  const struct gfp_flag_rule *flags, int n)
{
	struct strbuf sb = { 0 };
	const struct named_rule *headers[32];
	int nh = rules_named_all(rs, "probe-header", headers, 32);

	sb_add(&sb, "#include <linux/gfp.h>\n");
	for (int i = 0; i < nh && i < 32; i++)
		sb_addf(&sb, "#include <%s>\n", headers[i]->name);
	for (int i = 0; i < n; i++)
		if (flags[i].is_enum)
			sb_addf(&sb,
				"enum { " PROBE_PREFIX
				"%d = (unsigned long long)(%s) };\n",
				i, flags[i].name);
		else
			sb_addf(&sb,
				"#ifdef %s\nenum { " PROBE_PREFIX
				"%d = (unsigned long long)(%s) };\n#endif\n",
				flags[i].name, i, flags[i].name);
	return sb_take(&sb);
}

struct probe_ctx {
	struct gfp_table *t;
	const struct gfp_flag_rule *flags;
	int nflags;
};

static enum CXChildVisitResult probe_visit(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	struct probe_ctx *p = data;
	CXString s;
	const char *name;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_EnumDecl)
		return CXChildVisit_Recurse;
	if (clang_getCursorKind(c) != CXCursor_EnumConstantDecl)
		return CXChildVisit_Continue;
	s = clang_getCursorSpelling(c);
	name = clang_getCString(s);
	if (strncmp(name, PROBE_PREFIX, strlen(PROBE_PREFIX)) == 0) {
		int i = atoi(name + strlen(PROBE_PREFIX));

		if (i >= 0 && i < p->nflags) {
			struct gfp_name g = {
				.name = xstrdup(p->flags[i].name),
				.value = clang_getEnumConstantDeclUnsignedValue(
					c),
				.sleeps = p->flags[i].sleeps,
				.is_mask = p->flags[i].is_mask,
				.is_const = p->flags[i].is_const,
			};

			if (g.sleeps)
				p->t->sleep_bits |= g.value;
			VEC_PUSH(p->t->names, g);
		}
	}
	clang_disposeString(s);
	return CXChildVisit_Continue;
}

static int probe_one(struct gfp_table *t, const struct ruleset *rs,
		     const struct compile_job *job,
		     const struct gfp_flag_rule *flags, int nflags, char **err)
{
	char *src = probe_source(rs, flags, nflags);
	char *path = xasprintf("%s/__gfpcheck_probe.c", job->directory);
	struct CXUnsavedFile unsaved = { path, src,
					 (unsigned long)strlen(src) };
	CXIndex index = clang_createIndex(0, 0);
	CXTranslationUnit tu = NULL;
	struct probe_ctx p = { t, flags, nflags };
	enum CXErrorCode ec;
	int ret = -1;

	ec = clang_parseTranslationUnit2(index, path,
					 (const char *const *)job->argv,
					 job->argc, &unsaved, 1,
					 CXTranslationUnit_KeepGoing, &tu);
	if (ec != CXError_Success || !tu) {
		*err = xasprintf(
			"libclang could not parse the GFP probe (error %d)",
			(int)ec);
		goto out;
	}
	clang_visitChildren(clang_getTranslationUnitCursor(tu), probe_visit,
			    &p);
	if (t->sleep_bits == 0) {
		CXDiagnostic d = clang_getNumDiagnostics(tu) ?
					 clang_getDiagnostic(tu, 0) :
					 NULL;
		CXString s;

		if (d) {
			s = clang_formatDiagnostic(
				d, CXDiagnostic_DisplaySourceLocation);
			*err = xasprintf(
				"cannot read GFP flag values from <linux/gfp.h> with the compile"
				" command of %s: %s",
				job->file, clang_getCString(s));
			clang_disposeString(s);
			clang_disposeDiagnostic(d);
		} else {
			*err = xasprintf(
				"cannot read GFP flag values from <linux/gfp.h> with the compile"
				" command of %s",
				job->file);
		}
		gfp_table_free(t);
		goto out;
	}
	ret = 0;
out:
	if (tu)
		la_dispose_tu(tu);
	clang_disposeIndex(index);
	free(src);
	free(path);
	return ret;
}

static bool kernel_tu(const struct compile_job *job)
{
	for (int i = 0; i < job->argc; i++)
		if (strcmp(job->argv[i], "-D__KERNEL__") == 0 ||
		    (strcmp(job->argv[i], "-D") == 0 && i + 1 < job->argc &&
		     strcmp(job->argv[i + 1], "__KERNEL__") == 0))
			return true;
	return false;
}

int gfp_probe(struct gfp_table *t, const struct ruleset *rs,
	      const struct compile_job *jobs, size_t njobs, char **err)
{
	const struct gfp_flag_rule *flags;
	int nflags = rules_gfp_flags(rs, &flags);

	memset(t, 0, sizeof(*t));
	if (nflags == 0) {
		*err = xstrdup(
			"no GFP flags listed in the rules (rules/gfp.rules missing?)");
		return -1;
	}
	if (njobs == 0) {
		*err = xstrdup(
			"no translation unit to read the tree's GFP values from");
		return -1;
	}
	/* host tools (scripts/, tools/) are compiled without the kernel's
	 * headers: kernel TUs (-D__KERNEL__) are tried first, a few of each */
	for (int pass = 0; pass < 2; pass++) {
		int tried = 0;

		for (size_t i = 0; i < njobs && tried < 4; i++) {
			if (kernel_tu(&jobs[i]) != (pass == 0))
				continue;
			tried++;
			free(*err);
			*err = NULL;
			if (probe_one(t, rs, &jobs[i], flags, nflags, err) == 0)
				return 0;
		}
	}
	return -1;
}

void gfp_table_free(struct gfp_table *t)
{
	for (size_t i = 0; i < t->names.n; i++)
		free(t->names.v[i].name);
	VEC_FREE(t->names);
	t->sleep_bits = 0;
}

static const struct gfp_name *lookup(const struct gfp_table *t,
				     const char *name)
{
	for (size_t i = 0; i < t->names.n; i++)
		if (strcmp(t->names.v[i].name, name) == 0)
			return &t->names.v[i];
	return NULL;
}

uint64_t gfp_value(const struct gfp_table *t, const char *name)
{
	const struct gfp_name *g = lookup(t, name);

	return g ? g->value : 0;
}

bool gfp_defined(const struct gfp_table *t, const char *name)
{
	return lookup(t, name) != NULL;
}

char *gfp_describe(const struct gfp_table *t, uint64_t value)
{
	struct strbuf sb = { 0 };
	uint64_t left = value;

	if (value == 0)
		return xstrdup("0");
	/* the named mask covering most bits first, then what is left */
	for (;;) {
		const struct gfp_name *best = NULL;
		int best_bits = 0;

		for (size_t i = 0; i < t->names.n; i++) {
			const struct gfp_name *g = &t->names.v[i];
			int bits = __builtin_popcountll(g->value);

			if (g->is_const || !g->value || (g->value & ~value) ||
			    !(g->value & left))
				continue;
			if (bits > best_bits) {
				best = g;
				best_bits = bits;
			}
		}
		if (!best)
			break;
		if (sb.len)
			sb_add(&sb, " | ");
		sb_add(&sb, best->name);
		left &= ~best->value;
	}
	if (left) {
		if (sb.len)
			sb_add(&sb, " | ");
		sb_addf(&sb, "0x%llx", (unsigned long long)left);
	}
	return sb_take(&sb);
}

int gfp_expr_sleeps(const struct gfp_table *t, const struct gfp_expr *e,
		    int param_sleeps)
{
	bool unknown = e->n == 0;

	for (int i = 0; i < e->n; i++) {
		const struct gfp_alt *a = &e->alt[i];

		if (a->declared)
			continue; /* where the context said it may sleep */
		if (a->or_bits & t->sleep_bits)
			return 1;
		if (a->param < 0)
			continue;
		/* a parameter's bits survive unless masked out */
		if (!(a->and_mask & t->sleep_bits))
			continue;
		if (param_sleeps > 0)
			return 1;
		if (param_sleeps < 0)
			unknown = true;
	}
	return unknown ? -1 : 0;
}

bool gfp_is_type(CXType t)
{
	char *s;
	bool yes;

	if (t.kind != CXType_Typedef && t.kind != CXType_Elaborated)
		return false;
	s = cx_take(clang_getTypeSpelling(t));
	yes = strcmp(s, "gfp_t") == 0;
	free(s);
	if (!yes && t.kind == CXType_Typedef) {
		s = cx_take(clang_getTypedefName(t));
		yes = strcmp(s, "gfp_t") == 0;
		free(s);
	}
	return yes;
}
