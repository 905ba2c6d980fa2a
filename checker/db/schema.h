/* SPDX-License-Identifier: GPL-2.0 */
/* The database schema, written once: every table's columns in order, each
 * with its SQL type and the field of a fact struct (facts.h) it holds.
 * The CREATE statements, the INSERTs of store.c, the SELECTs of model.c
 * and merge's copies are made from it, and rows are bound and read by it,
 * so that a new fact column is one line here plus its field. */
#ifndef GFPCHECK_SCHEMA_H
#define GFPCHECK_SCHEMA_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include "facts.h"

/* What a column holds, beyond its SQL type */
enum col_role {
	COL_SQL, /* no fact field: bound by the statement's own code */
	COL_VALUE, /* the field, as its C type (c_type) */
	COL_NEG_NULL, /* an int field; negative (none) stored as NULL */
	COL_FILE, /* a path field, stored as a files(id) */
	COL_ID, /* the row's id: not bound by store, loaded into the field if any */
	COL_PARENT, /* the id of the row this one belongs to */
	COL_SEQ, /* the row's index among its parent's */
	COL_RUN, /* the run that stored it (not kept by merge) */
	COL_CUSTOM, /* bound, read and freed by the column's functions */
};

/* The C type of a column's field, from its declaration (COL_TYPE() in schema.c) */
enum col_ctype {
	CT_NONE,
	CT_STR,
	CT_CONST_STR,
	CT_INT,
	CT_UINT,
	CT_BOOL,
	CT_I64,
	CT_DOUBLE,
	CT_GFP
};

struct column {
	const char *name;
	const char *sql; /* type and constraints */
	enum col_role role;
	enum col_ctype ctype;
	size_t offset; /* of the field in the table's struct */
	/* COL_CUSTOM; bind may also be given to a COL_VALUE whose stored
	 * value is derived from the row rather than the field itself */
	void (*bind)(sqlite3_stmt *st, int i, const void *row);
	void (*read)(sqlite3_stmt *st, int i, void *row);
	void (*free)(void *row);
};

struct table {
	const char *name;
	const struct column *cols;
	int ncols;
	const char *const
		*indexes; /* "name ON table(columns)", NULL-terminated */
	const char *doc; /* the comment above its CREATE */
};

enum table_id {
	T_META,
	T_RUNS,
	T_FILES,
	T_TUS,
	T_TU_INPUTS,
	T_GFP_FLAGS,
	T_FUNCTIONS,
	T_CALL_SITES,
	T_CALL_ARGS,
	T_ALLOC_SITES,
	T_LOCAL_FINDINGS,
	T_FNPTR_STORES,
	T_FINDINGS,
	T_TRACE,
	T_REFERENCE_FINDINGS,
	T_COUNT
};

extern const struct table schema_tables[T_COUNT];

/* The CREATE TABLE and CREATE INDEX statements of every table (owned) */
char *schema_create_sql(void);
/* Column position (0-based) in the table, or -1 */
int schema_column(enum table_id t, const char *name);

/* "INSERT INTO t(c...) VALUES (?1...)" over every column but the COL_ID
 * one: parameter i + 1 is the column at schema_param(t, name) */
char *schema_insert_sql(enum table_id t);
int schema_param(enum table_id t, const char *name);
/* Binds the fact-field columns of `row` (COL_VALUE, COL_NEG_NULL,
 * COL_FILE, COL_CUSTOM), the parent id and the row's index; file_id turns
 * a path into its files(id). */
void schema_bind_row(enum table_id t, sqlite3_stmt *st, const void *row,
		     int64_t parent, int seq,
		     int64_t (*file_id)(void *ctx, const char *path),
		     void *ctx);

/* "alias.c1, alias.c2, ..." of every column in order, a COL_FILE one as
 * its path: what schema_read_row() reads from column `first` on */
char *schema_select_sql(enum table_id t, const char *alias);
void schema_read_row(enum table_id t, sqlite3_stmt *st, int first, void *row);
/* Frees what schema_read_row() allocated in `row` */
void schema_free_row(enum table_id t, void *row);

/* merge: "INSERT INTO t(every column) SELECT ..." of alias's row from an
 * attached database, the id moved by id_offset, the parent's by
 * parent_offset, a file as fmap's new id (fm.new), no run; the caller adds
 * FROM and WHERE */
char *schema_copy_sql(enum table_id t, const char *alias, long long id_offset,
		      long long parent_offset);

#endif
