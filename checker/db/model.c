// SPDX-License-Identifier: GPL-2.0
#include "model.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

/* Prepares "SELECT <every column of t> FROM <from>": schema_read_row()
 * reads the row from column 0 */
static sqlite3_stmt *select_rows(struct store *s, enum table_id t,
				 const char *alias, const char *from)
{
	char *cols = schema_select_sql(t, alias),
	     *sql = xasprintf("SELECT %s FROM %s", cols, from);
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		st = NULL;
	free(sql);
	free(cols);
	return st;
}

static int load_functions(struct model *m, struct store *s)
{
	sqlite3_stmt *st =
		select_rows(s, T_FUNCTIONS, "f", "functions f ORDER BY f.id");

	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct function_fact f = { .first_call = -1 };

		schema_read_row(T_FUNCTIONS, st, 0, &f);
		VEC_PUSH(m->fns, f);
	}
	sqlite3_finalize(st);
	return 0;
}

/* function id -> index, by binary search: ids are loaded in order */
static int fn_index(const struct model *m, int64_t id)
{
	size_t lo = 0, hi = m->fns.n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (m->fns.v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->fns.n && m->fns.v[lo].id == id ? (int)lo : -1;
}

/* Every call argument, ordered by call id, read once. */
struct arg_row {
	int64_t call_id;
	struct call_arg arg;
};

struct arg_rows {
	struct arg_row *v;
	size_t n, cap;
};

static int load_arg_rows(struct store *s, struct arg_rows *rows)
{
	sqlite3_stmt *st = select_rows(s, T_CALL_ARGS, "a",
				       "call_args a ORDER BY a.call_id, a.idx");
	int call_id = schema_column(T_CALL_ARGS, "call_id");

	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct arg_row r = { .call_id = sqlite3_column_int64(st,
								     call_id) };

		schema_read_row(T_CALL_ARGS, st, 0, &r.arg);
		VEC_PUSH(*rows, r);
	}
	sqlite3_finalize(st);
	return 0;
}

static size_t first_arg_row(const struct arg_row *v, size_t n, int64_t call_id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (v[mid].call_id < call_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Each call with its allocation site, if it is one: the columns of
 * call_sites, then those of alloc_sites */
static sqlite3_stmt *select_calls(struct store *s)
{
	char *calls = schema_select_sql(T_CALL_SITES, "c"),
	     *allocs = schema_select_sql(T_ALLOC_SITES, "a");
	char *sql = xasprintf(
		"SELECT %s, %s FROM call_sites c LEFT JOIN alloc_sites a ON a.call_id = c.id"
		" ORDER BY c.function_id, c.seq",
		calls, allocs);
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		st = NULL;
	free(sql);
	free(calls);
	free(allocs);
	return st;
}

static int load_calls(struct model *m, struct store *s)
{
	const int alloc_first = schema_tables[T_CALL_SITES].ncols;
	const int id_col = schema_column(T_CALL_SITES, "id");
	const int fn_col = schema_column(T_CALL_SITES, "function_id");
	const int alloc_col =
		alloc_first + schema_column(T_ALLOC_SITES, "call_id");
	struct arg_rows rows = { 0 };
	sqlite3_stmt *st;

	if (load_arg_rows(s, &rows) < 0)
		return -1;
	st = select_calls(s);
	if (!st) {
		VEC_FREE(rows);
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		int fn = fn_index(m, sqlite3_column_int64(st, fn_col));
		int64_t id = sqlite3_column_int64(st, id_col);
		struct call_fact c = { 0 };
		struct function_fact *f;

		if (fn < 0)
			continue;
		f = &m->fns.v[fn];
		schema_read_row(T_CALL_SITES, st, 0, &c);
		c.fn = fn;
		if (!c.text &&
		    c.callee) /* only primitives and allocators keep their text */
			c.text = xasprintf("%s()", c.callee);
		if (sqlite3_column_type(st, alloc_col) != SQLITE_NULL) {
			c.is_alloc = true;
			c.alloc = c.callee ? rules_alloc(m->rules, c.callee) :
					     NULL;
			schema_read_row(T_ALLOC_SITES, st, alloc_first, &c);
		}
		if (f->first_call < 0)
			f->first_call = (int)m->calls.n;
		f->ncalls++;
		/* witness is stored as seq within the function: make it global */
		if (c.witness >= 0)
			c.witness += f->first_call;
		c.first_arg = (int)m->args.n;
		for (size_t k = first_arg_row(rows.v, rows.n, id);
		     k < rows.n && rows.v[k].call_id == id; k++) {
			VEC_PUSH(m->args, rows.v[k].arg);
			rows.v[k].arg = (struct call_arg){ 0 }; /* moved */
			c.nargs++;
		}
		VEC_PUSH(m->calls, c);
	}
	sqlite3_finalize(st);
	for (size_t k = 0; k < rows.n; k++) /* args of calls not loaded */
		schema_free_row(T_CALL_ARGS, &rows.v[k].arg);
	VEC_FREE(rows);
	for (size_t i = 0; i < m->fns.n; i++) {
		struct function_fact *f = &m->fns.v[i];

		if (f->exit_witness >= 0 && f->first_call >= 0)
			f->exit_witness += f->first_call;
		else
			f->exit_witness = -1;
		if (f->released_witness >= 0 && f->first_call >= 0)
			f->released_witness += f->first_call;
		else
			f->released_witness = -1;
	}
	return 0;
}

static int load_fnptrs(struct model *m, struct store *s)
{
	sqlite3_stmt *st = select_rows(s, T_FNPTR_STORES, "p",
				       "fnptr_stores p ORDER BY p.rowid");

	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct fnptr_fact p = { 0 };

		schema_read_row(T_FNPTR_STORES, st, 0, &p);
		if (p.how && strcmp(p.how, "unset") == 0) {
			strset_add(m->unset_fields, p.field);
			schema_free_row(T_FNPTR_STORES, &p);
			continue;
		}
		if (p.how && strcmp(p.how, "escape") == 0) {
			strset_add(m->escaped_fns, p.fn_key);
			schema_free_row(T_FNPTR_STORES, &p);
			continue;
		}
		VEC_PUSH(m->fnptrs, p);
	}
	sqlite3_finalize(st);
	return 0;
}

static int load_locals(struct model *m, struct store *s)
{
	sqlite3_stmt *st = select_rows(s, T_LOCAL_FINDINGS, "l",
				       "local_findings l ORDER BY l.id");
	int fn_col = schema_column(T_LOCAL_FINDINGS, "function_id");

	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct local_finding l = {
			.fn = fn_index(m, sqlite3_column_int64(st, fn_col))
		};

		schema_read_row(T_LOCAL_FINDINGS, st, 0, &l);
		VEC_PUSH(m->locals, l);
	}
	sqlite3_finalize(st);
	return 0;
}

static void index_keys(struct model *m)
{
	m->next_same_key = xcalloc(m->fns.n + 1, sizeof(int));
	/* insert in reverse so that chains run in load order */
	for (size_t k = m->fns.n; k-- > 0;) {
		m->next_same_key[k] =
			(int)strmap_get(&m->by_key, m->fns.v[k].key, -1);
		strmap_put(&m->by_key, m->fns.v[k].key, (int64_t)k);
	}
	/* looked up once: the solver follows every call many times */
	for (size_t i = 0; i < m->calls.n; i++)
		m->calls.v[i].callee_fn =
			model_find(m, m->calls.v[i].callee_key);
}

int model_find(const struct model *m, const char *key)
{
	return key ? (int)strmap_get(&m->by_key, key, -1) : -1;
}

int model_next_with_key(const struct model *m, int fn)
{
	return m->next_same_key[fn];
}

int model_load(struct model *m, struct store *s, const struct ruleset *rules,
	       const struct gfp_table *gfp)
{
	memset(m, 0, sizeof(*m));
	m->rules = rules;
	m->gfp = gfp;
	m->unset_fields = strset_new();
	m->escaped_fns = strset_new();
	if (load_functions(m, s) < 0 || load_calls(m, s) < 0 ||
	    load_fnptrs(m, s) < 0 || load_locals(m, s) < 0)
		return -1;
	index_keys(m);
	return 0;
}

void model_free(struct model *m)
{
	for (size_t i = 0; i < m->fns.n; i++)
		schema_free_row(T_FUNCTIONS, &m->fns.v[i]);
	for (size_t i = 0; i < m->calls.n; i++) {
		schema_free_row(T_CALL_SITES, &m->calls.v[i]);
		schema_free_row(T_ALLOC_SITES, &m->calls.v[i]);
	}
	for (size_t i = 0; i < m->args.n; i++)
		schema_free_row(T_CALL_ARGS, &m->args.v[i]);
	for (size_t i = 0; i < m->fnptrs.n; i++)
		schema_free_row(T_FNPTR_STORES, &m->fnptrs.v[i]);
	for (size_t i = 0; i < m->locals.n; i++)
		schema_free_row(T_LOCAL_FINDINGS, &m->locals.v[i]);
	VEC_FREE(m->locals);
	VEC_FREE(m->fns);
	VEC_FREE(m->calls);
	VEC_FREE(m->args);
	VEC_FREE(m->fnptrs);
	if (m->unset_fields)
		strset_free(m->unset_fields);
	if (m->escaped_fns)
		strset_free(m->escaped_fns);
	strmap_free(&m->by_key);
	free(m->next_same_key);
	memset(m, 0, sizeof(*m));
}
