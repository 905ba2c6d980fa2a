// SPDX-License-Identifier: GPL-2.0
/*
 * gfpcheck fact database.  Facts are stored per translation unit, so a
 * later run re-parses only what changed; findings are derived by the
 * solver from the facts of the whole tree.  Every run writes inside one
 * transaction: a killed run leaves the previous complete state.
 *
 * The tables below are the schema: store.c creates them, inserts the
 * facts of a TU with schema_bind_row(), model.c loads them back with
 * schema_read_row(), merge.c copies them between databases with
 * schema_copy_sql().  The on-disk layout (tables, columns and their order)
 * is that of schema version SCHEMA_VERSION in store.c: change one, bump
 * the other.
 *
 * A new fact column: its COL() line in its table (at the end keeps the
 * older columns' order), the field in facts.h, the code that fills it and
 * the code that uses it, and the version bump.
 */
#include "schema.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The C type of field f of struct s: a field whose type has no column
 * type here is a compile error (an enum with no negative value, such as
 * enum arg_kind, is an unsigned int to gcc and clang) */
#define COL_TYPE(s, f) \
	_Generic(((struct s *)0)->f, char *: CT_STR, const char *: CT_CONST_STR,	\
				int: CT_INT, unsigned: CT_UINT, bool: CT_BOOL,				\
				int64_t: CT_I64, double: CT_DOUBLE, struct gfp_expr: CT_GFP)
/* a column holding field f of struct s, in the given role */
#define FIELD(r, s, f) \
	.role = r, .ctype = COL_TYPE(s, f), .offset = offsetof(struct s, f)
#define VALUE(s, f) FIELD(COL_VALUE, s, f)
#define COL(n, type, ...)                           \
	{                                           \
		.name = n, .sql = type, __VA_ARGS__ \
	}

/* A gfp_expr in a TEXT column: "param:and:or;..." in hex, each with
 * "@N" or "@!N" where parameter N's truth chooses it, "@D" where a flag
 * saying the context may sleep does (gfp_alt.declared); NULL when
 * unknown */
static char *gfp_encode(const struct gfp_expr *e)
{
	struct strbuf sb = { 0 };

	for (int i = 0; i < e->n; i++) {
		sb_addf(&sb, "%s%d:%llx:%llx", i ? ";" : "", e->alt[i].param,
			(unsigned long long)e->alt[i].and_mask,
			(unsigned long long)e->alt[i].or_bits);
		if (e->alt[i].when > 0)
			sb_addf(&sb, "@%s%d", e->alt[i].when_true ? "" : "!",
				e->alt[i].when - 1);
		if (e->alt[i].declared)
			sb_add(&sb, "@D");
	}
	return sb.len ? sb_take(&sb) : NULL;
}

static void gfp_decode(const char *s, struct gfp_expr *e)
{
	memset(e, 0, sizeof(*e));
	while (s && *s && e->n < GFP_MAX_VALUES) {
		struct gfp_alt a = { 0 };
		unsigned long long and_mask, or_bits;
		const char *at = strchr(s, '@'), *end = strchr(s, ';'), *d;
		int when;

		if (sscanf(s, "%d:%llx:%llx", &a.param, &and_mask, &or_bits) !=
		    3)
			break;
		a.and_mask = and_mask;
		a.or_bits = or_bits;
		if (at && end && at > end)
			at = NULL; /* the '@' of a later value */
		d = at ? strstr(at, "@D") : NULL;
		a.declared = d && (!end || d < end);
		if (at && at[1] != 'D') {
			a.when_true = at[1] != '!';
			if (sscanf(at + (a.when_true ? 1 : 2), "%d", &when) ==
				    1 &&
			    when >= 0 && when < 32)
				a.when = when + 1;
		}
		e->alt[e->n++] = a;
		s = strchr(s, ';');
		if (s)
			s++;
	}
}

/* call_sites.lock_ctx: NULL for a call that is no lock primitive */
static void bind_lock_ctx(sqlite3_stmt *st, int i, const void *row)
{
	const struct call_fact *c = row;

	if (c->lock_action >= 0)
		sqlite3_bind_int(st, i, (int)c->lock_ctx);
}

/* alloc_sites.allocator: as the call site spells it, else the callee */
static void bind_allocator(sqlite3_stmt *st, int i, const void *row)
{
	const struct call_fact *c = row;
	const char *name = c->shown ? c->shown : c->callee;

	if (name)
		sqlite3_bind_text(st, i, name, -1, SQLITE_TRANSIENT);
}

/* alloc_sites.flags_value: the single constant value, when known */
static void bind_flags_value(sqlite3_stmt *st, int i, const void *row)
{
	const struct call_fact *c = row;

	if (c->flags.n == 1 && c->flags.alt[0].param < 0)
		sqlite3_bind_int64(st, i,
				   (sqlite3_int64)c->flags.alt[0].or_bits);
}

/* call_args.text: a mask as written (ARG_GFP), else the object or value */
static void bind_arg_text(sqlite3_stmt *st, int i, const void *row)
{
	const struct call_arg *a = row;
	const char *text = a->kind == ARG_GFP ? a->gfp.text : a->object;

	if (text)
		sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
}

static void read_arg_text(sqlite3_stmt *st, int i, void *row)
{
	struct call_arg *a = row;
	const unsigned char *t = sqlite3_column_text(st, i);
	char *text = t ? xstrdup((const char *)t) : NULL;

	if (a->kind == ARG_GFP)
		a->gfp.text = text;
	else
		a->object = text;
}

static void free_arg_text(void *row)
{
	struct call_arg *a = row;

	free(a->gfp.text);
	free(a->object);
}

/* local_findings.severity: NULL for the rule's default.  A name that is
 * no severity (a database of another version, or edited) is kept for
 * solve.c to name (unknown_severity) */
static void bind_severity(sqlite3_stmt *st, int i, const void *row)
{
	const struct local_finding *lf = row;

	if (lf->own_severity)
		sqlite3_bind_text(st, i, severity_name(lf->severity), -1,
				  SQLITE_STATIC);
}

static void read_severity(sqlite3_stmt *st, int i, void *row)
{
	struct local_finding *lf = row;
	const char *t = (const char *)sqlite3_column_text(st, i);

	lf->own_severity = t != NULL;
	if (t && !severity_parse(t, &lf->severity))
		lf->unknown_severity = xstrdup(t);
}

static void free_severity(void *row)
{
	struct local_finding *lf = row;

	free(lf->unknown_severity);
}

/* local_findings.trace: "line<TAB>note\n" per step */
static void bind_trace(sqlite3_stmt *st, int i, const void *row)
{
	const struct local_finding *lf = row;
	struct strbuf trace = { 0 };

	for (size_t k = 0; k < lf->trace.n; k++)
		sb_addf(&trace, "%u\t%s\n", lf->trace.v[k].line,
			lf->trace.v[k].note);
	if (trace.s)
		sqlite3_bind_text(st, i, trace.s, -1, SQLITE_TRANSIENT);
	sb_free(&trace);
}

static void read_trace(sqlite3_stmt *st, int i, void *row)
{
	struct local_finding *lf = row;

	for (const char *p = (const char *)sqlite3_column_text(st, i);
	     p && *p;) {
		const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
		struct local_step step;

		if (!tab || !nl || tab > nl)
			break;
		step.line = (unsigned)atoi(p);
		step.note = xstrndup(tab + 1, (size_t)(nl - tab - 1));
		VEC_PUSH(lf->trace, step);
		p = nl + 1;
	}
}

static void free_trace(void *row)
{
	struct local_finding *lf = row;

	for (size_t k = 0; k < lf->trace.n; k++)
		free(lf->trace.v[k].note);
	VEC_FREE(lf->trace);
}

#define COLS(a) .cols = a, .ncols = (int)(sizeof(a) / sizeof(*a))

static const struct column meta_cols[] = {
	COL("key", "TEXT PRIMARY KEY"),
	COL("value", "TEXT"),
};

static const struct column runs_cols[] = {
	COL("id", "INTEGER PRIMARY KEY", .role = COL_ID),
	COL("started", "TEXT NOT NULL"),
	COL("compdb", "TEXT NOT NULL"),
	COL("rules_hash", "TEXT NOT NULL"),
	COL("translation_units", "INTEGER"),
	COL("parsed", "INTEGER"),
	COL("reused", "INTEGER"),
	COL("parse_failures", "INTEGER"),
	COL("functions", "INTEGER"),
	COL("seconds", "REAL"),
};

static const struct column files_cols[] = {
	COL("id", "INTEGER PRIMARY KEY", .role = COL_ID),
	COL("path", "TEXT NOT NULL UNIQUE"),
};

/* the TU's own file, directory and command are its compile job's */
static const struct column tus_cols[] = {
	COL("id", "INTEGER PRIMARY KEY", .role = COL_ID),
	COL("file_id", "INTEGER NOT NULL UNIQUE REFERENCES files(id)",
	    .role = COL_FILE),
	COL("directory", "TEXT NOT NULL"),
	COL("command_hash", "TEXT NOT NULL"),
	COL("failed", "INTEGER NOT NULL", VALUE(tu_facts, failed)),
	COL("errors", "INTEGER NOT NULL", VALUE(tu_facts, nerrors)),
	COL("first_error", "TEXT", VALUE(tu_facts, first_error)),
	COL("parse_seconds", "REAL", VALUE(tu_facts, seconds)),
	COL("run_id", "INTEGER REFERENCES runs(id)", .role = COL_RUN),
};

static const struct column tu_inputs_cols[] = {
	COL("tu_id", "INTEGER NOT NULL REFERENCES tus(id) ON DELETE CASCADE",
	    .role = COL_PARENT),
	COL("file_id", "INTEGER NOT NULL REFERENCES files(id)",
	    .role = COL_FILE),
	COL("hash", "TEXT"),
};

static const struct column gfp_flags_cols[] = {
	COL("name", "TEXT PRIMARY KEY"),
	COL("value", "INTEGER NOT NULL"),
	COL("sleeps", "INTEGER NOT NULL"),
	COL("is_mask", "INTEGER NOT NULL"),
};

static const struct column functions_cols[] = {
	COL("id", "INTEGER PRIMARY KEY", FIELD(COL_ID, function_fact, id)),
	COL("tu_id", "INTEGER NOT NULL REFERENCES tus(id) ON DELETE CASCADE",
	    .role = COL_PARENT),
	COL("name", "TEXT NOT NULL", VALUE(function_fact, name)),
	COL("key", "TEXT NOT NULL", VALUE(function_fact, key)),
	COL("file_id", "INTEGER NOT NULL REFERENCES files(id)",
	    FIELD(COL_FILE, function_fact, file)),
	COL("line", "INTEGER NOT NULL", VALUE(function_fact, line)),
	COL("col", "INTEGER NOT NULL", VALUE(function_fact, col)),
	COL("in_header", "INTEGER NOT NULL", VALUE(function_fact, in_header)),
	COL("gfp_params", "INTEGER NOT NULL", VALUE(function_fact, gfp_params)),
	COL("exit_ctx", "INTEGER NOT NULL", VALUE(function_fact, exit_ctx)),
	COL("exit_must_ctx", "INTEGER NOT NULL",
	    VALUE(function_fact, exit_must_ctx)),
	COL("returns_value", "INTEGER NOT NULL",
	    VALUE(function_fact, returns_value)),
	COL("exit_witness", "INTEGER",
	    FIELD(COL_NEG_NULL, function_fact, exit_witness)),
	COL("released_unheld", "INTEGER NOT NULL",
	    VALUE(function_fact, released_unheld)),
	COL("released_witness", "INTEGER",
	    FIELD(COL_NEG_NULL, function_fact, released_witness)),
	COL("cfg", "TEXT", VALUE(function_fact, cfg)),
	COL("returns", "INTEGER NOT NULL DEFAULT 1",
	    VALUE(function_fact, returns)),
	COL("field_vars", "TEXT", VALUE(function_fact, field_vars)),
	COL("field_writes", "TEXT", VALUE(function_fact, field_writes)),
	COL("callback_params", "INTEGER NOT NULL DEFAULT 0",
	    VALUE(function_fact, callback_params)),
	COL("read_fields", "TEXT", VALUE(function_fact, read_fields)),
	COL("fnptr_tests", "TEXT", VALUE(function_fact, fnptr_tests)),
	COL("exit_outcome_ctx", "INTEGER NOT NULL DEFAULT 0",
	    VALUE(function_fact, exit_outcome_ctx)),
	COL("out_params", "INTEGER NOT NULL DEFAULT 0",
	    VALUE(function_fact, out_params)),
};

static const struct column call_sites_cols[] = {
	COL("id", "INTEGER PRIMARY KEY", .role = COL_ID),
	COL("function_id",
	    "INTEGER NOT NULL REFERENCES functions(id) ON DELETE CASCADE",
	    .role = COL_PARENT),
	COL("seq", "INTEGER NOT NULL", FIELD(COL_SEQ, call_fact, seq)),
	COL("callee", "TEXT", VALUE(call_fact, callee)),
	COL("callee_key", "TEXT", VALUE(call_fact, callee_key)),
	COL("via", "TEXT", VALUE(call_fact, via)),
	COL("line", "INTEGER NOT NULL", VALUE(call_fact, line)),
	COL("col", "INTEGER NOT NULL", VALUE(call_fact, col)),
	COL("ctx", "INTEGER NOT NULL", VALUE(call_fact, ctx)),
	COL("witness_seq", "INTEGER", FIELD(COL_NEG_NULL, call_fact, witness)),
	COL("reached", "INTEGER NOT NULL", VALUE(call_fact, reached)),
	COL("lock_action", "INTEGER",
	    FIELD(COL_NEG_NULL, call_fact, lock_action)),
	COL("lock_ctx", "INTEGER", VALUE(call_fact, lock_ctx),
	    .bind = bind_lock_ctx),
	COL("lock_id", "TEXT", VALUE(call_fact, lock_id)),
	COL("text", "TEXT", VALUE(call_fact, text)),
	COL("ctx_seen", "INTEGER NOT NULL DEFAULT 0",
	    VALUE(call_fact, ctx_seen)),
	COL("noreturn", "INTEGER NOT NULL DEFAULT 0",
	    VALUE(call_fact, noreturn)),
	COL("via_object", "TEXT", VALUE(call_fact, via_object)),
	COL("receiver", "TEXT", VALUE(call_fact, receiver)),
	COL("arity", "INTEGER NOT NULL DEFAULT -1", VALUE(call_fact, arity)),
};

/* kind: enum arg_kind (facts.h); gfp: encoded alternatives, see gfp_encode() */
static const struct column call_args_cols[] = {
	COL("call_id",
	    "INTEGER NOT NULL REFERENCES call_sites(id) ON DELETE CASCADE",
	    .role = COL_PARENT),
	COL("idx", "INTEGER NOT NULL", VALUE(call_arg, index)),
	COL("kind", "INTEGER NOT NULL", VALUE(call_arg, kind)),
	COL("fn_key", "TEXT", VALUE(call_arg, fn_key)),
	COL("gfp", "TEXT", VALUE(call_arg, gfp)),
	COL("text", "TEXT", .role = COL_CUSTOM, .bind = bind_arg_text,
	    .read = read_arg_text, .free = free_arg_text),
};

/* the allocation-site facts of a call_sites row (call_fact.is_alloc) */
static const struct column alloc_sites_cols[] = {
	COL("id", "INTEGER PRIMARY KEY", .role = COL_ID),
	COL("call_id",
	    "INTEGER NOT NULL REFERENCES call_sites(id) ON DELETE CASCADE",
	    .role = COL_PARENT),
	COL("allocator", "TEXT NOT NULL", VALUE(call_fact, shown),
	    .bind = bind_allocator),
	COL("flags_text", "TEXT", VALUE(call_fact, flags.text)),
	COL("flags", "TEXT", VALUE(call_fact, flags)),
	COL("flags_value", "INTEGER", .role = COL_CUSTOM,
	    .bind = bind_flags_value),
	COL("sleeps", "INTEGER", FIELD(COL_NEG_NULL, call_fact, sleeps)),
};

static const struct column local_findings_cols[] = {
	COL("id", "INTEGER PRIMARY KEY", .role = COL_ID),
	COL("function_id",
	    "INTEGER NOT NULL REFERENCES functions(id) ON DELETE CASCADE",
	    .role = COL_PARENT),
	COL("rule", "TEXT NOT NULL", VALUE(local_finding, rule)),
	COL("severity", "TEXT", .role = COL_CUSTOM, .bind = bind_severity,
	    .read = read_severity, .free = free_severity),
	COL("line", "INTEGER NOT NULL", VALUE(local_finding, line)),
	COL("col", "INTEGER NOT NULL", VALUE(local_finding, col)),
	COL("message", "TEXT NOT NULL", VALUE(local_finding, message)),
	COL("flags", "TEXT", VALUE(local_finding, flags)),
	COL("trace", "TEXT", .role = COL_CUSTOM, .bind = bind_trace,
	    .read = read_trace, .free = free_trace),
};

static const struct column fnptr_stores_cols[] = {
	COL("tu_id", "INTEGER NOT NULL REFERENCES tus(id) ON DELETE CASCADE",
	    .role = COL_PARENT),
	COL("field", "TEXT NOT NULL", VALUE(fnptr_fact, field)),
	COL("fn_key", "TEXT NOT NULL", VALUE(fnptr_fact, fn_key)),
	COL("fn_name", "TEXT NOT NULL", VALUE(fnptr_fact, fn_name)),
	COL("file_id", "INTEGER NOT NULL REFERENCES files(id)",
	    FIELD(COL_FILE, fnptr_fact, file)),
	COL("line", "INTEGER NOT NULL", VALUE(fnptr_fact, line)),
	COL("how", "TEXT NOT NULL", VALUE(fnptr_fact, how)),
	COL("function", "TEXT", VALUE(fnptr_fact, function)),
	COL("object", "TEXT", VALUE(fnptr_fact, object)),
};

static const struct column findings_cols[] = {
	COL("id", "INTEGER PRIMARY KEY", .role = COL_ID),
	COL("rule", "TEXT NOT NULL"),
	COL("severity", "TEXT NOT NULL"),
	COL("file_id", "INTEGER NOT NULL REFERENCES files(id)"),
	COL("line", "INTEGER NOT NULL"),
	COL("col", "INTEGER NOT NULL"),
	COL("function", "TEXT NOT NULL"),
	COL("message", "TEXT NOT NULL"),
	COL("flags", "TEXT"),
	COL("fingerprint", "TEXT NOT NULL"),
	COL("suppressed", "TEXT"),
};

static const struct column trace_cols[] = {
	COL("finding_id",
	    "INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE"),
	COL("seq", "INTEGER NOT NULL"),
	COL("file_id", "INTEGER NOT NULL REFERENCES files(id)"),
	COL("line", "INTEGER NOT NULL"),
	COL("function", "TEXT NOT NULL"),
	COL("note", "TEXT NOT NULL"),
};

static const struct column reference_findings_cols[] = {
	COL("fingerprint", "TEXT PRIMARY KEY"),
};

#define INDEXES(...)                     \
	.indexes = (const char *const[]) \
	{                                \
		__VA_ARGS__, NULL        \
	}

const struct table schema_tables[T_COUNT] = {
	[T_META] = { .name = "meta", COLS(meta_cols) },
	[T_RUNS] = { .name = "runs", COLS(runs_cols) },
	[T_FILES] = { .name = "files", COLS(files_cols) },
	[T_TUS] = { .name = "tus", COLS(tus_cols) },
	[T_TU_INPUTS] = { .name = "tu_inputs",
			  COLS(tu_inputs_cols),
			  INDEXES("tu_inputs_tu ON tu_inputs(tu_id)"),
			  .doc = "every file a TU read, with its content hash when it was parsed" },
	[T_GFP_FLAGS] = { .name = "gfp_flags",
			  COLS(gfp_flags_cols),
			  .doc = "GFP flag values of the analysed tree, read from its own headers" },
	[T_FUNCTIONS] = { .name = "functions",
			  COLS(functions_cols),
			  INDEXES("functions_key ON functions(key)",
				  "functions_tu ON functions(tu_id)",
				  "functions_loc ON functions(file_id, line)") },
	[T_CALL_SITES] = { .name = "call_sites",
			   COLS(call_sites_cols),
			   INDEXES("call_sites_fn ON call_sites(function_id)",
				   "call_sites_callee ON call_sites(callee_key)"),
			   .doc = "every call, with the atomic context in force where it is made" },
	[T_CALL_ARGS] = { .name = "call_args",
			  COLS(call_args_cols),
			  INDEXES("call_args_call ON call_args(call_id)"),
			  .doc = "arguments that matter to the solver: functions passed (registrations),"
				 " GFP masks, objects, constants" },
	[T_ALLOC_SITES] = { .name = "alloc_sites",
			    COLS(alloc_sites_cols),
			    INDEXES("alloc_sites_call ON alloc_sites(call_id)") },
	[T_LOCAL_FINDINGS] = { .name = "local_findings",
			       COLS(local_findings_cols),
			       INDEXES("local_findings_fn ON local_findings(function_id)"),
			       .doc = "findings of intra-procedural checks, made at extraction time" },
	[T_FNPTR_STORES] = { .name = "fnptr_stores",
			     COLS(fnptr_stores_cols),
			     INDEXES("fnptr_field ON fnptr_stores(field)",
				     "fnptr_tu ON fnptr_stores(tu_id)") },
	[T_FINDINGS] = { .name = "findings", COLS(findings_cols) },
	[T_TRACE] = { .name = "trace",
		      COLS(trace_cols),
		      INDEXES("trace_finding ON trace(finding_id)") },
	[T_REFERENCE_FINDINGS] = { .name = "reference_findings",
				   COLS(reference_findings_cols),
				   .doc = "fingerprints of the findings of the last full `gfpcheck scan`: what"
					  " `gfpcheck diff` compares against" },
};

char *schema_create_sql(void)
{
	struct strbuf sb = { 0 };

	for (int t = 0; t < T_COUNT; t++) {
		const struct table *tb = &schema_tables[t];

		if (tb->doc)
			sb_addf(&sb, "-- %s\n", tb->doc);
		sb_addf(&sb, "CREATE TABLE IF NOT EXISTS %s (\n", tb->name);
		for (int c = 0; c < tb->ncols; c++)
			sb_addf(&sb, "\t%s %s%s\n", tb->cols[c].name,
				tb->cols[c].sql, c + 1 < tb->ncols ? "," : "");
		sb_add(&sb, ");\n");
		for (const char *const *ix = tb->indexes; ix && *ix; ix++)
			sb_addf(&sb, "CREATE INDEX IF NOT EXISTS %s;\n", *ix);
	}
	return sb_take(&sb);
}

int schema_column(enum table_id t, const char *name)
{
	const struct table *tb = &schema_tables[t];

	for (int c = 0; c < tb->ncols; c++)
		if (strcmp(tb->cols[c].name, name) == 0)
			return c;
	return -1;
}

char *schema_insert_sql(enum table_id t)
{
	const struct table *tb = &schema_tables[t];
	struct strbuf sb = { 0 };
	int n = 0;

	sb_addf(&sb, "INSERT INTO %s(", tb->name);
	for (int c = 0; c < tb->ncols; c++)
		if (tb->cols[c].role != COL_ID)
			sb_addf(&sb, "%s%s", n++ ? ", " : "", tb->cols[c].name);
	sb_add(&sb, ") VALUES (");
	for (int i = 1; i <= n; i++)
		sb_addf(&sb, "%s?%d", i > 1 ? ", " : "", i);
	sb_add(&sb, ")");
	return sb_take(&sb);
}

int schema_param(enum table_id t, const char *name)
{
	const struct table *tb = &schema_tables[t];
	int i = 0;

	for (int c = 0; c < tb->ncols; c++) {
		if (tb->cols[c].role == COL_ID)
			continue;
		i++;
		if (strcmp(tb->cols[c].name, name) == 0)
			return i;
	}
	return -1;
}

static void bind_value(sqlite3_stmt *st, int i, enum col_ctype ctype,
		       const void *p)
{
	switch (ctype) {
	case CT_STR:
	case CT_CONST_STR:
		if (*(const char *const *)p)
			sqlite3_bind_text(st, i, *(const char *const *)p, -1,
					  SQLITE_TRANSIENT);
		break;
	case CT_INT:
		sqlite3_bind_int(st, i, *(const int *)p);
		break;
	case CT_UINT:
		sqlite3_bind_int(st, i, (int)*(const unsigned *)p);
		break;
	case CT_BOOL:
		sqlite3_bind_int(st, i, *(const bool *)p);
		break;
	case CT_I64:
		sqlite3_bind_int64(st, i, *(const int64_t *)p);
		break;
	case CT_DOUBLE:
		sqlite3_bind_double(st, i, *(const double *)p);
		break;
	case CT_GFP: {
		char *enc = gfp_encode(p);

		if (enc)
			sqlite3_bind_text(st, i, enc, -1, free);
		break;
	}
	case CT_NONE:
		break;
	}
}

void schema_bind_row(enum table_id t, sqlite3_stmt *st, const void *row,
		     int64_t parent, int seq,
		     int64_t (*file_id)(void *ctx, const char *path), void *ctx)
{
	const struct table *tb = &schema_tables[t];
	int i = 0;

	for (int c = 0; c < tb->ncols; c++) {
		const struct column *col = &tb->cols[c];
		const void *p =
			(const char *)row + col->offset; /* row is never NULL */

		if (col->role == COL_ID)
			continue;
		i++;
		if (col->bind) {
			col->bind(st, i, row);
			continue;
		}
		switch (col->role) {
		case COL_VALUE:
			bind_value(st, i, col->ctype, p);
			break;
		case COL_NEG_NULL:
			if (*(const int *)p >= 0)
				sqlite3_bind_int(st, i, *(const int *)p);
			break;
		case COL_FILE:
			if (col->ctype != CT_NONE)
				sqlite3_bind_int64(
					st, i,
					file_id(ctx, *(const char *const *)p));
			break;
		case COL_PARENT:
			sqlite3_bind_int64(st, i, parent);
			break;
		case COL_SEQ:
			sqlite3_bind_int(st, i, seq);
			break;
		default: /* the statement's own code binds it */
			break;
		}
	}
}

char *schema_select_sql(enum table_id t, const char *alias)
{
	const struct table *tb = &schema_tables[t];
	struct strbuf sb = { 0 };

	for (int c = 0; c < tb->ncols; c++) {
		const char *name = tb->cols[c].name, *sep = c ? ", " : "";

		if (tb->cols[c].role == COL_FILE)
			sb_addf(&sb,
				"%s(SELECT path FROM files WHERE id = %s.%s)",
				sep, alias, name);
		else
			sb_addf(&sb, "%s%s.%s", sep, alias, name);
	}
	return sb_take(&sb);
}

static char *column_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? xstrdup((const char *)t) : NULL;
}

static void read_value(sqlite3_stmt *st, int i, enum col_ctype ctype, void *p)
{
	switch (ctype) {
	case CT_STR:
		*(char **)p = column_str(st, i);
		break;
	case CT_CONST_STR: /* a copy, owned by the row all the same */
		*(const char **)p = column_str(st, i);
		break;
	case CT_INT:
		*(int *)p = sqlite3_column_int(st, i);
		break;
	case CT_UINT:
		*(unsigned *)p = (unsigned)sqlite3_column_int(st, i);
		break;
	case CT_BOOL:
		*(bool *)p = sqlite3_column_int(st, i);
		break;
	case CT_I64:
		*(int64_t *)p = sqlite3_column_int64(st, i);
		break;
	case CT_DOUBLE:
		*(double *)p = sqlite3_column_double(st, i);
		break;
	case CT_GFP: {
		struct gfp_expr *e = p;
		char *text = e->text; /* a column of its own */

		gfp_decode((const char *)sqlite3_column_text(st, i), e);
		e->text = text;
		break;
	}
	case CT_NONE:
		break;
	}
}

void schema_read_row(enum table_id t, sqlite3_stmt *st, int first, void *row)
{
	const struct table *tb = &schema_tables[t];

	for (int c = 0; c < tb->ncols; c++) {
		const struct column *col = &tb->cols[c];
		void *p = (char *)row + col->offset;
		int i = first + c;

		if (col->read)
			col->read(st, i, row);
		else if (col->role == COL_NEG_NULL)
			*(int *)p = sqlite3_column_type(st, i) == SQLITE_NULL ?
					    -1 :
					    sqlite3_column_int(st, i);
		else if (col->role != COL_SQL && col->role != COL_CUSTOM &&
			 col->role != COL_PARENT && col->role != COL_RUN)
			read_value(st, i, col->ctype, p);
	}
}

void schema_free_row(enum table_id t, void *row)
{
	const struct table *tb = &schema_tables[t];

	for (int c = 0; c < tb->ncols; c++) {
		const struct column *col = &tb->cols[c];
		void *p = (char *)row + col->offset;

		if (col->free)
			col->free(row);
		else if (col->ctype == CT_STR)
			free(*(char **)p);
		else if (col->ctype == CT_CONST_STR)
			free((char *)*(const char **)p);
	}
}

char *schema_copy_sql(enum table_id t, const char *alias, long long id_offset,
		      long long parent_offset)
{
	const struct table *tb = &schema_tables[t];
	struct strbuf sb = { 0 };

	sb_addf(&sb, "INSERT INTO %s(", tb->name);
	for (int c = 0; c < tb->ncols; c++)
		sb_addf(&sb, "%s%s", c ? ", " : "", tb->cols[c].name);
	sb_add(&sb, ") SELECT ");
	for (int c = 0; c < tb->ncols; c++) {
		const char *name = tb->cols[c].name, *sep = c ? ", " : "";

		switch (tb->cols[c].role) {
		case COL_ID:
			sb_addf(&sb, "%s%s.%s + %lld", sep, alias, name,
				id_offset);
			break;
		case COL_PARENT:
			sb_addf(&sb, "%s%s.%s + %lld", sep, alias, name,
				parent_offset);
			break;
		case COL_FILE:
			sb_addf(&sb, "%sfm.new", sep);
			break;
		case COL_RUN:
			sb_addf(&sb, "%sNULL", sep);
			break;
		default:
			sb_addf(&sb, "%s%s.%s", sep, alias, name);
			break;
		}
	}
	return sb_take(&sb);
}
