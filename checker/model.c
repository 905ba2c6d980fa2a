// SPDX-License-Identifier: GPL-2.0
#include "model.h"

#include <stdlib.h>
#include <string.h>

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? xstrdup((const char *)t) : NULL;
}

static int col_int_or(sqlite3_stmt *st, int i, int def)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? def : sqlite3_column_int(st, i);
}

static int load_functions(struct model *m, struct store *s)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(s),
			       "SELECT f.id, f.name, f.key, files.path, f.line, f.is_static, f.in_header,"
			       " f.gfp_params, f.exit_ctx, f.exit_witness, f.released_unheld, f.cfg, f.exit_must_ctx,"
			       " f.returns_value, f.returns, f.released_witness"
			       " FROM functions f JOIN files ON files.id = f.file_id ORDER BY f.id",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct m_function f = {
			.id = sqlite3_column_int64(st, 0),
			.name = col_text(st, 1),
			.key = col_text(st, 2),
			.file = col_text(st, 3),
			.line = (unsigned)sqlite3_column_int(st, 4),
			.is_static = sqlite3_column_int(st, 5),
			.in_header = sqlite3_column_int(st, 6),
			.gfp_params = (unsigned)sqlite3_column_int(st, 7),
			.exit_ctx = (unsigned)sqlite3_column_int(st, 8),
			.exit_witness = col_int_or(st, 9, -1),
			.released_unheld = (unsigned)sqlite3_column_int(st, 10),
			.cfg = col_text(st, 11),
			.exit_must_ctx = (unsigned)sqlite3_column_int(st, 12),
			.returns_value = sqlite3_column_int(st, 13),
			.returns = sqlite3_column_int(st, 14),
			.released_witness = col_int_or(st, 15, -1),
			.first_call = -1,
		};

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
	struct m_arg arg;
};

struct arg_rows {
	struct arg_row *v;
	size_t n, cap;
};

static int load_arg_rows(struct store *s, struct arg_rows *rows)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(s), "SELECT call_id, idx, kind, fn_key, fn_name, gfp, text"
			       " FROM call_args ORDER BY call_id, idx", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct arg_row r = {
			.call_id = sqlite3_column_int64(st, 0),
			.arg = {
				.index = sqlite3_column_int(st, 1),
				.kind = sqlite3_column_int(st, 2),
				.fn_key = col_text(st, 3),
				.fn_name = col_text(st, 4),
				.text = col_text(st, 6),
			},
		};

		gfp_decode((const char *)sqlite3_column_text(st, 5), &r.arg.gfp);
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

static int load_calls(struct model *m, struct store *s)
{
	struct arg_rows rows = { 0 };
	sqlite3_stmt *st;

	if (load_arg_rows(s, &rows) < 0)
		return -1;
	if (sqlite3_prepare_v2(store_db(s),
			       "SELECT c.id, c.function_id, c.seq, c.callee, c.callee_key, c.via, c.text,"
			       " c.line, c.col, c.ctx, c.witness_seq, c.reached, c.lock_action,"
			       " a.allocator, a.flags_text, a.flags, a.sleeps, a.call_id, c.lock_ctx, c.lock_id,"
			       " c.ctx_seen, c.noreturn"
			       " FROM call_sites c LEFT JOIN alloc_sites a ON a.call_id = c.id"
			       " ORDER BY c.function_id, c.seq", -1, &st, NULL) != SQLITE_OK) {
		VEC_FREE(rows);
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		int fn = fn_index(m, sqlite3_column_int64(st, 1));
		int64_t id = sqlite3_column_int64(st, 0);
		struct m_call c = { 0 };
		struct m_function *f;

		if (fn < 0)
			continue;
		f = &m->fns.v[fn];
		c.fn = fn;
		c.seq = sqlite3_column_int(st, 2);
		c.callee = col_text(st, 3);
		c.callee_key = col_text(st, 4);
		c.via = col_text(st, 5);
		c.text = col_text(st, 6);
		if (!c.text && c.callee)	/* only primitives and allocators keep their text */
			c.text = xasprintf("%s()", c.callee);
		c.line = (unsigned)sqlite3_column_int(st, 7);
		c.col = (unsigned)sqlite3_column_int(st, 8);
		c.ctx = (unsigned)sqlite3_column_int(st, 9);
		c.witness = col_int_or(st, 10, -1);
		c.reached = sqlite3_column_int(st, 11);
		c.lock_action = col_int_or(st, 12, -1);
		c.lock_ctx = (unsigned)col_int_or(st, 18, 0);
		c.lock_id = col_text(st, 19);
		c.ctx_seen = (unsigned)sqlite3_column_int(st, 20);
		c.noreturn = sqlite3_column_int(st, 21);
		if (sqlite3_column_type(st, 17) != SQLITE_NULL) {
			c.is_alloc = true;
			c.alloc = c.callee ? rules_alloc(m->rules, c.callee) : NULL;
			c.alloc_name = col_text(st, 13);
			c.flags_text = col_text(st, 14);
			gfp_decode((const char *)sqlite3_column_text(st, 15), &c.flags);
			c.sleeps = col_int_or(st, 16, -1);
		}
		if (f->first_call < 0)
			f->first_call = (int)m->calls.n;
		f->ncalls++;
		/* witness is stored as seq within the function: make it global */
		if (c.witness >= 0)
			c.witness += f->first_call;
		c.first_arg = (int)m->args.n;
		for (size_t k = first_arg_row(rows.v, rows.n, id); k < rows.n && rows.v[k].call_id == id; k++) {
			VEC_PUSH(m->args, rows.v[k].arg);
			rows.v[k].arg = (struct m_arg){ 0 };	/* moved */
			c.nargs++;
		}
		VEC_PUSH(m->calls, c);
	}
	sqlite3_finalize(st);
	for (size_t k = 0; k < rows.n; k++) {	/* args of calls not loaded */
		free(rows.v[k].arg.fn_key);
		free(rows.v[k].arg.fn_name);
		free(rows.v[k].arg.text);
	}
	VEC_FREE(rows);
	for (size_t i = 0; i < m->fns.n; i++) {
		struct m_function *f = &m->fns.v[i];

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
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(s), "SELECT p.field, p.fn_key, p.fn_name, files.path, p.line, p.how, p.function,"
			       " p.object"
			       " FROM fnptr_stores p JOIN files ON files.id = p.file_id ORDER BY p.rowid",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct m_fnptr p = {
			.field = col_text(st, 0),
			.fn_key = col_text(st, 1),
			.fn_name = col_text(st, 2),
			.file = col_text(st, 3),
			.line = (unsigned)sqlite3_column_int(st, 4),
			.how = col_text(st, 5),
			.function = col_text(st, 6),
			.object = col_text(st, 7),
		};

		VEC_PUSH(m->fnptrs, p);
	}
	sqlite3_finalize(st);
	return 0;
}

static int load_locals(struct model *m, struct store *s)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(s), "SELECT function_id, rule, severity, line, col, message, flags,"
			       " trace FROM local_findings ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct m_local l = {
			.fn = fn_index(m, sqlite3_column_int64(st, 0)),
			.rule = col_text(st, 1),
			.severity = col_text(st, 2),
			.line = (unsigned)sqlite3_column_int(st, 3),
			.col = (unsigned)sqlite3_column_int(st, 4),
			.message = col_text(st, 5),
			.flags = col_text(st, 6),
			.trace = col_text(st, 7),
		};

		VEC_PUSH(m->locals, l);
	}
	sqlite3_finalize(st);
	return 0;
}

static size_t key_slot(const struct model *m, const char *key)
{
	size_t i = hash_str(key) & (m->by_key.cap - 1);

	while (m->by_key.keys[i] && strcmp(m->by_key.keys[i], key) != 0)
		i = (i + 1) & (m->by_key.cap - 1);
	return i;
}

static void index_keys(struct model *m)
{
	m->by_key.cap = 64;
	while (m->by_key.cap < m->fns.n * 2 + 2)
		m->by_key.cap *= 2;
	m->by_key.keys = xcalloc(m->by_key.cap, sizeof(char *));
	m->by_key.first = xcalloc(m->by_key.cap, sizeof(int));
	m->next_same_key = xcalloc(m->fns.n + 1, sizeof(int));
	/* insert in reverse so that chains run in load order */
	for (size_t k = m->fns.n; k-- > 0;) {
		size_t i = key_slot(m, m->fns.v[k].key);

		if (!m->by_key.keys[i]) {
			m->by_key.keys[i] = m->fns.v[k].key;
			m->next_same_key[k] = -1;
		} else {
			m->next_same_key[k] = m->by_key.first[i];
		}
		m->by_key.first[i] = (int)k;
	}
}

int model_find(const struct model *m, const char *key)
{
	size_t i;

	if (!key || !m->by_key.cap)
		return -1;
	i = key_slot(m, key);
	return m->by_key.keys[i] ? m->by_key.first[i] : -1;
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
	if (load_functions(m, s) < 0 || load_calls(m, s) < 0 || load_fnptrs(m, s) < 0 ||
	    load_locals(m, s) < 0)
		return -1;
	index_keys(m);
	return 0;
}

void model_free(struct model *m)
{
	for (size_t i = 0; i < m->fns.n; i++) {
		free(m->fns.v[i].name);
		free(m->fns.v[i].key);
		free(m->fns.v[i].file);
		free(m->fns.v[i].cfg);
	}
	for (size_t i = 0; i < m->calls.n; i++) {
		struct m_call *c = &m->calls.v[i];

		free(c->callee);
		free(c->callee_key);
		free(c->via);
		free(c->text);
		free(c->lock_id);
		free(c->flags_text);
		free(c->alloc_name);
	}
	for (size_t i = 0; i < m->args.n; i++) {
		free(m->args.v[i].fn_key);
		free(m->args.v[i].fn_name);
		free(m->args.v[i].text);
	}
	for (size_t i = 0; i < m->fnptrs.n; i++) {
		struct m_fnptr *p = &m->fnptrs.v[i];

		free(p->field);
		free(p->fn_key);
		free(p->fn_name);
		free(p->file);
		free(p->how);
		free(p->function);
		free(p->object);
	}
	for (size_t i = 0; i < m->locals.n; i++) {
		struct m_local *l = &m->locals.v[i];

		free(l->rule);
		free(l->severity);
		free(l->message);
		free(l->flags);
		free(l->trace);
	}
	VEC_FREE(m->locals);
	VEC_FREE(m->fns);
	VEC_FREE(m->calls);
	VEC_FREE(m->args);
	VEC_FREE(m->fnptrs);
	free(m->by_key.keys);
	free(m->by_key.first);
	free(m->next_same_key);
	memset(m, 0, sizeof(*m));
}
