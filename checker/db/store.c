// SPDX-License-Identifier: GPL-2.0
#include "store.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "schema.h"

enum stmt_id {
	S_FILE_GET,
	S_FILE_ADD,
	S_TU_DEL,
	S_TU_ADD,
	S_INPUT_ADD,
	S_FN_ADD,
	S_CALL_ADD,
	S_ARG_ADD,
	S_ALLOC_ADD,
	S_LOCAL_ADD,
	S_FNPTR_ADD,
	S_FINDING_ADD,
	S_TRACE_ADD,
	S_GFP_ADD,
	S_COUNT
};

/* the fact statements are made from the tables of schema.c */
static const char *const stmt_sql[S_COUNT] = {
	[S_FILE_GET] = "SELECT id FROM files WHERE path = ?1",
	[S_FILE_ADD] = "INSERT INTO files(path) VALUES (?1)",
	[S_TU_DEL] = "DELETE FROM tus WHERE file_id = ?1",
	[S_FINDING_ADD] =
		"INSERT INTO findings(rule, severity, file_id, line, col, function, message,"
		" flags, fingerprint, suppressed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[S_TRACE_ADD] =
		"INSERT INTO trace(finding_id, seq, file_id, line, function, note)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_GFP_ADD] =
		"INSERT OR REPLACE INTO gfp_flags(name, value, sleeps, is_mask) VALUES (?1, ?2, ?3, ?4)",
};

/* the table whose schema_insert_sql() a statement is, plus one */
static const int stmt_insert_into[S_COUNT] = {
	[S_TU_ADD] = T_TUS + 1,
	[S_INPUT_ADD] = T_TU_INPUTS + 1,
	[S_FN_ADD] = T_FUNCTIONS + 1,
	[S_CALL_ADD] = T_CALL_SITES + 1,
	[S_ARG_ADD] = T_CALL_ARGS + 1,
	[S_ALLOC_ADD] = T_ALLOC_SITES + 1,
	[S_LOCAL_ADD] = T_LOCAL_FINDINGS + 1,
	[S_FNPTR_ADD] = T_FNPTR_STORES + 1,
};

struct known_file {
	char *path;
	int64_t id;
	char *hash; /* content hash, computed once per run */
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *st[S_COUNT];
	VEC(struct known_file)
	files; /* the paths met this run, with their ids */
	struct strmap file_ix; /* path -> index in files */
	char *meta_value;
	char *path;
	bool failed; /* a write failed and was said: once per run */
	bool said_waiting;
};

/* Says once why a write to the database failed (a full disk, a file size
 * limit, an I/O error), naming the database: the statements that fail
 * after it fail for the same reason. */
static void write_failed(struct store *s, const char *msg)
{
	int sys = sqlite3_system_errno(s->db);

	if (s->failed)
		return;
	s->failed = true;
	fprintf(stderr, "gfpcheck: cannot write database %s: %s%s%s\n", s->path,
		msg, sys ? ": " : "", sys ? strerror(sys) : "");
}

static int exec(struct store *s, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		write_failed(s, msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Bump when the schema (the tables of schema.c) or what the extractor
 * writes into it changes: facts are a cache of the sources, so a database
 * of another version is emptied and rebuilt by the next scan. */
#define SCHEMA_VERSION 28

static int query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int drop_all(sqlite3 *db)
{
	struct strbuf sb = { 0 };
	int rc;

	sb_add(&sb, "PRAGMA foreign_keys=OFF; BEGIN;");
	for (int t = 0; t < T_COUNT; t++)
		sb_addf(&sb, " DROP TABLE IF EXISTS %s;",
			schema_tables[t].name);
	sb_add(&sb, " COMMIT; PRAGMA foreign_keys=ON;");
	rc = sqlite3_exec(db, sb.s, NULL, NULL, NULL);
	sb_free(&sb);
	return rc;
}

/* Why sqlite could not use `path`, naming it: a file that is not a
 * database, or one it cannot open (missing directory, permissions, a
 * read-only file system: the system's reason too). */
static char *db_error(sqlite3 *db, const char *path)
{
	int code = sqlite3_errcode(db) & 0xff, sys = sqlite3_system_errno(db);

	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
		return xasprintf("%s is not a gfpcheck database (%s)", path,
				 sqlite3_errmsg(db));
	/* sqlite's errno is often that of its -shm or -journal file: the
	 * database's own is the one a user can act on */
	if (code == SQLITE_CANTOPEN && access(path, W_OK) != 0)
		sys = errno;
	return xasprintf("cannot open database %s: %s%s%s", path,
			 sqlite3_errmsg(db), sys ? ": " : "",
			 sys ? strerror(sys) : "");
}

/* A WAL database on read-only media cannot be opened without its -shm
 * file; as nothing can write there, it is opened as immutable. */
static sqlite3 *open_immutable(const char *path)
{
	struct strbuf uri = { 0 };
	sqlite3 *db = NULL;

	sb_add(&uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' ||
		    *p >= 0x7f)
			sb_addf(&uri, "%%%02X", *p);
		else
			sb_addn(&uri, (const char *)p, 1);
	}
	sb_add(&uri, "?immutable=1");
	if (sqlite3_open_v2(uri.s, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
			    NULL) != SQLITE_OK ||
	    query_int(db, "SELECT count(*) FROM sqlite_master") < 0) {
		sqlite3_close(db);
		db = NULL;
	}
	sb_free(&uri);
	return db;
}

/* Another run holds the database (a scan writes it in one transaction
 * from start to end, minutes on a large tree): wait for it, saying so
 * once, instead of failing after a fixed time. */
static int wait_for_other_run(void *arg, int count)
{
	struct store *s = arg;
	struct timespec pause = { 0, count < 10 ? 10000000 : 100000000 };

	if (count == 10 && !s->said_waiting) {
		s->said_waiting = true;
		fprintf(stderr,
			"gfpcheck: waiting for another gfpcheck run to finish with %s\n",
			s->path);
	}
	nanosleep(&pause, NULL);
	return 1;
}

/* Runs the idempotent set-up statements of an open (pragmas, schema):
 * sqlite does not call the busy handler where waiting could deadlock
 * (two runs creating one database at once), so they wait here too. */
static int exec_waiting(struct store *s, const char *sql)
{
	int rc, count = 0;

	while (((rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL)) & 0xff) ==
		       SQLITE_BUSY ||
	       (rc & 0xff) == SQLITE_LOCKED)
		wait_for_other_run(s, count++);
	return rc;
}

/* Refuses a database that is not ours; empties one of another version. */
/* "GFPC" in the sqlite header: the files gfpcheck made */
#define APPLICATION_ID 0x47465043

/*
 * Is the file at `path` ours to change?  Decided before any pragma or
 * write: a file with our application id, an empty new file, or (written by
 * an earlier gfpcheck) one whose meta table says format=gfpcheck.  Any
 * other sqlite file is left exactly as it is.
 */
static int check_owner(struct store *s, const char *path, char **err)
{
	int tables = query_int(
		s->db,
		"SELECT count(*) FROM sqlite_master WHERE type = 'table'");
	int app = query_int(s->db, "PRAGMA application_id");

	if (tables < 0 || app == -1) {
		*err = db_error(s->db, path);
		return -1;
	}
	if (app == APPLICATION_ID || (app == 0 && tables == 0))
		return 0;
	if (app == 0 &&
	    query_int(s->db, "SELECT count(*) FROM meta WHERE key = 'format'"
			     " AND value = 'gfpcheck'") > 0)
		return 0;
	*err = xasprintf(
		"%s is an sqlite database of something else: not touching it",
		path);
	return -1;
}

/* A database of another schema version is emptied and rebuilt by the
 * commands that write; the read commands refuse it. */
static int check_version(struct store *s, const char *path, bool readonly,
			 char **err)
{
	int tables = query_int(
		s->db,
		"SELECT count(*) FROM sqlite_master WHERE type = 'table'");
	int version = query_int(s->db, "PRAGMA user_version");
	char *sql;

	if (tables > 0 && version != SCHEMA_VERSION) {
		if (readonly) {
			*err = xasprintf(
				"%s was written by another version of gfpcheck: run 'gfpcheck scan'"
				" to rebuild it",
				path);
			return -1;
		}
		if (drop_all(s->db) != SQLITE_OK) {
			*err = xasprintf("cannot upgrade database %s: %s", path,
					 sqlite3_errmsg(s->db));
			return -1;
		}
	}
	if (readonly)
		return 0;
	sql = xasprintf("PRAGMA user_version = %d; PRAGMA application_id = %d",
			SCHEMA_VERSION, APPLICATION_ID);
	exec_waiting(s, sql);
	free(sql);
	return 0;
}

struct store *store_open(const char *path, char **err)
{
	return store_open_mode(path, false, err);
}

struct store *store_open_mode(const char *path, bool readonly, char **err)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int flags = readonly ? SQLITE_OPEN_READONLY :
			       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

	s->path = xstrdup(path);
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		*err = db_error(s->db, path);
		goto fail;
	}
	sqlite3_busy_handler(s->db, wait_for_other_run, s);
	if (readonly &&
	    query_int(s->db, "SELECT count(*) FROM sqlite_master") < 0 &&
	    (sqlite3_errcode(s->db) & 0xff) == SQLITE_CANTOPEN) {
		sqlite3 *ro = open_immutable(path);

		if (ro) {
			sqlite3_close(s->db);
			s->db = ro;
		}
	}
	if (check_owner(s, path, err) < 0)
		goto fail;
	if (!readonly && sqlite3_db_readonly(s->db, "main") == 1) {
		*err = xasprintf(
			"cannot write database %s: it is read-only (file permissions or a read-only"
			" file system)",
			path);
		goto fail;
	}
	if (!readonly &&
	    exec_waiting(
		    s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
		       " PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;") !=
		    SQLITE_OK) {
		*err = xasprintf("cannot use database %s: %s", path,
				 sqlite3_errmsg(s->db));
		goto fail;
	}
	if (check_version(s, path, readonly, err) < 0)
		goto fail;
	if (!readonly) {
		char *create = schema_create_sql();
		int rc = exec_waiting(s, create);

		free(create);
		if (rc != SQLITE_OK) {
			*err = xasprintf("%s is not a gfpcheck database (%s)",
					 path, sqlite3_errmsg(s->db));
			goto fail;
		}
	}
	for (int i = 0; i < S_COUNT; i++) {
		char *sql = stmt_insert_into[i] ?
				    schema_insert_sql(stmt_insert_into[i] - 1) :
				    NULL;
		int rc = sqlite3_prepare_v2(s->db, sql ? sql : stmt_sql[i], -1,
					    &s->st[i], NULL);

		free(sql);
		if (rc != SQLITE_OK) {
			*err = xasprintf("database %s: %s", path,
					 sqlite3_errmsg(s->db));
			goto fail;
		}
	}
	return s;
fail:
	store_close(s);
	return NULL;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	for (size_t i = 0; i < s->files.n; i++) {
		free(s->files.v[i].path);
		free(s->files.v[i].hash);
	}
	VEC_FREE(s->files);
	strmap_free(&s->file_ix);
	free(s->meta_value);
	free(s->path);
	free(s);
}

sqlite3 *store_db(struct store *s)
{
	return s->db;
}

int store_begin(struct store *s)
{
	return exec(s, "BEGIN IMMEDIATE");
}

int store_commit(struct store *s)
{
	return exec(s, "COMMIT");
}

void store_rollback(struct store *s)
{
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int64_t step_insert(struct store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		write_failed(s, sqlite3_errmsg(s->db));
		return -1;
	}
	return sqlite3_last_insert_rowid(s->db);
}

int64_t store_run_start(struct store *s, const char *compdb,
			const char *rules_hash)
{
	sqlite3_stmt *st;
	char when[32];
	time_t now = time(NULL);
	int64_t id;

	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	sqlite3_prepare_v2(
		s->db,
		"INSERT INTO runs(started, compdb, rules_hash) VALUES (?1, ?2, ?3)",
		-1, &st, NULL);
	bind_text(st, 1, when);
	bind_text(st, 2, compdb);
	bind_text(st, 3, rules_hash);
	id = step_insert(s, st);
	sqlite3_finalize(st);
	return id;
}

void store_run_finish(struct store *s, int64_t run, const struct run_stats *r)
{
	sqlite3_stmt *st;

	sqlite3_prepare_v2(
		s->db,
		"UPDATE runs SET translation_units = ?2, parsed = ?3, reused = ?4,"
		" parse_failures = ?5, functions = ?6, seconds = ?7 WHERE id = ?1",
		-1, &st, NULL);
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_int(st, 2, r->translation_units);
	sqlite3_bind_int(st, 3, r->parsed);
	sqlite3_bind_int(st, 4, r->reused);
	sqlite3_bind_int(st, 5, r->parse_failures);
	sqlite3_bind_int(st, 6, r->functions);
	sqlite3_bind_double(st, 7, r->seconds);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

/* The files(id) of a path, added if new */
static int64_t store_file_id(struct store *s, const char *path)
{
	int64_t known = strmap_get(&s->file_ix, path, -1);
	sqlite3_stmt *st = s->st[S_FILE_GET];
	int64_t id = -1;

	if (known >= 0)
		return s->files.v[known].id;
	bind_text(st, 1, path);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (id < 0) {
		bind_text(s->st[S_FILE_ADD], 1, path);
		id = step_insert(s, s->st[S_FILE_ADD]);
	}
	VEC_PUSH(s->files, ((struct known_file){ xstrdup(path), id, NULL }));
	strmap_put(&s->file_ix, s->files.v[s->files.n - 1].path,
		   (int64_t)s->files.n - 1);
	return id;
}

/* A path's entry in the run's file cache, added if new */
static struct known_file *known_file(struct store *s, const char *path)
{
	store_file_id(s, path);
	return &s->files.v[strmap_get(&s->file_ix, path, -1)];
}

void store_gfp_table(struct store *s, const struct gfp_table *t)
{
	sqlite3_stmt *st = s->st[S_GFP_ADD];

	exec(s, "DELETE FROM gfp_flags");
	for (size_t i = 0; i < t->names.n; i++) {
		bind_text(st, 1, t->names.v[i].name);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)t->names.v[i].value);
		sqlite3_bind_int(st, 3, t->names.v[i].sleeps);
		sqlite3_bind_int(st, 4, t->names.v[i].is_mask);
		step_insert(s, st);
	}
}

int store_load_gfp_table(struct store *s, struct gfp_table *t)
{
	sqlite3_stmt *st;

	memset(t, 0, sizeof(*t));
	if (sqlite3_prepare_v2(
		    s->db,
		    "SELECT name, value, sleeps, is_mask FROM gfp_flags ORDER BY rowid",
		    -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct gfp_name g = {
			.name = xstrdup(
				(const char *)sqlite3_column_text(st, 0)),
			.value = (uint64_t)sqlite3_column_int64(st, 1),
			.sleeps = sqlite3_column_int(st, 2),
			.is_mask = sqlite3_column_int(st, 3),
		};

		if (g.sleeps)
			t->sleep_bits |= g.value;
		VEC_PUSH(t->names, g);
	}
	sqlite3_finalize(st);
	return t->names.n ? 0 : -1;
}

static char *file_hash(const char *path)
{
	size_t len;
	char *text = read_whole_file(path, &len);
	char *h;

	if (!text)
		return NULL;
	h = hex64(hash_bytes(text, len, 0));
	free(text);
	return h;
}

static int64_t file_id_of(void *store, const char *path)
{
	return store_file_id(store, path);
}

/* Inserts one row of a fact table (schema.c) */
static int64_t add_row(struct store *s, enum stmt_id id, enum table_id t,
		       const void *row, int64_t parent, int seq)
{
	schema_bind_row(t, s->st[id], row, parent, seq, file_id_of, s);
	return step_insert(s, s->st[id]);
}

static int add_function(struct store *s, int64_t tu_id,
			const struct function_fact *f)
{
	int64_t fn_id = add_row(s, S_FN_ADD, T_FUNCTIONS, f, tu_id, 0);

	if (fn_id < 0)
		return -1;
	for (size_t i = 0; i < f->calls.n; i++) {
		const struct call_fact *c = &f->calls.v[i];
		int64_t call_id =
			add_row(s, S_CALL_ADD, T_CALL_SITES, c, fn_id, (int)i);

		if (call_id < 0)
			return -1;
		for (size_t a = 0; a < c->args.n; a++)
			add_row(s, S_ARG_ADD, T_CALL_ARGS, &c->args.v[a],
				call_id, (int)a);
		if (c->is_alloc)
			add_row(s, S_ALLOC_ADD, T_ALLOC_SITES, c, call_id, 0);
	}
	for (size_t i = 0; i < f->findings.n; i++)
		add_row(s, S_LOCAL_ADD, T_LOCAL_FINDINGS, &f->findings.v[i],
			fn_id, (int)i);
	return 0;
}

int store_tu(struct store *s, const struct compile_job *job,
	     const struct tu_facts *tu, int64_t run)
{
	int64_t file_id = store_file_id(s, job->file), tu_id;
	sqlite3_stmt *st;

	sqlite3_bind_int64(s->st[S_TU_DEL], 1, file_id);
	step_insert(s, s->st[S_TU_DEL]);
	/* the row's file and command are the job's */
	st = s->st[S_TU_ADD];
	schema_bind_row(T_TUS, st, tu, 0, 0, file_id_of, s);
	sqlite3_bind_int64(st, schema_param(T_TUS, "file_id"), file_id);
	bind_text(st, schema_param(T_TUS, "directory"), job->directory);
	bind_text(st, schema_param(T_TUS, "command_hash"), job->command_hash);
	sqlite3_bind_int64(st, schema_param(T_TUS, "run_id"), run);
	tu_id = step_insert(s, st);
	if (tu_id < 0)
		return -1;
	for (size_t i = 0; i < tu->includes.n; i++) {
		struct known_file *slot = known_file(s, tu->includes.v[i]);
		int64_t fid = slot->id;

		if (!slot->hash)
			slot->hash = file_hash(tu->includes.v[i]);
		st = s->st[S_INPUT_ADD];
		sqlite3_bind_int64(st, schema_param(T_TU_INPUTS, "tu_id"),
				   tu_id);
		sqlite3_bind_int64(st, schema_param(T_TU_INPUTS, "file_id"),
				   fid);
		bind_text(st, schema_param(T_TU_INPUTS, "hash"), slot->hash);
		step_insert(s, st);
	}
	for (size_t i = 0; i < tu->functions.n; i++)
		if (add_function(s, tu_id, &tu->functions.v[i]) < 0)
			return -1;
	for (size_t i = 0; i < tu->fnptrs.n; i++)
		add_row(s, S_FNPTR_ADD, T_FNPTR_STORES, &tu->fnptrs.v[i], tu_id,
			(int)i);
	return 0;
}

void store_set_content(struct store *s, const char *path, const char *text,
		       size_t len)
{
	struct known_file *slot = known_file(s, path);

	free(slot->hash);
	slot->hash = hex64(hash_bytes(text, len, 0));
}

static const char *cached_hash(struct store *s, const char *path)
{
	struct known_file *slot = known_file(s, path);

	if (!slot->hash)
		slot->hash = file_hash(path);
	return slot->hash;
}

int store_tu_current(struct store *s, const struct compile_job *job)
{
	sqlite3_stmt *st;
	int64_t tu = -1;
	int current = 0;
	bool failed = false;

	sqlite3_prepare_v2(
		s->db,
		"SELECT t.id, t.failed FROM tus t JOIN files f ON f.id = t.file_id"
		" WHERE f.path = ?1 AND t.command_hash = ?2",
		-1, &st, NULL);
	bind_text(st, 1, job->file);
	bind_text(st, 2, job->command_hash);
	if (sqlite3_step(st) == SQLITE_ROW) {
		tu = sqlite3_column_int64(st, 0);
		failed = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	/* a failure is parsed again: its cause (a header that was missing, an
	 * unreadable file) is not always among the inputs it recorded */
	if (tu < 0 || failed)
		return 0;
	sqlite3_prepare_v2(
		s->db,
		"SELECT f.path, i.hash FROM tu_inputs i JOIN files f ON f.id = i.file_id"
		" WHERE i.tu_id = ?1",
		-1, &st, NULL);
	sqlite3_bind_int64(st, 1, tu);
	current = 1;
	while (current && sqlite3_step(st) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		const char *stored = (const char *)sqlite3_column_text(st, 1);
		const char *now = cached_hash(s, path);

		if (!stored || !now || strcmp(stored, now) != 0)
			current = 0;
	}
	sqlite3_finalize(st);
	return current;
}

void store_claim_headers(struct store *s, const struct compile_job *job,
			 struct strset *claimed)
{
	sqlite3_stmt *st;

	sqlite3_prepare_v2(
		s->db,
		"SELECT hf.path, fn.line, fn.col, fn.name FROM functions fn"
		" JOIN files hf ON hf.id = fn.file_id JOIN tus t ON t.id = fn.tu_id"
		" JOIN files tf ON tf.id = t.file_id WHERE tf.path = ?1 AND fn.in_header = 1",
		-1, &st, NULL);
	bind_text(st, 1, job->file);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *key = xasprintf("%s:%d:%d:%s", sqlite3_column_text(st, 0),
				      sqlite3_column_int(st, 1),
				      sqlite3_column_int(st, 2),
				      sqlite3_column_text(st, 3));

		strset_add(claimed, key);
		free(key);
	}
	sqlite3_finalize(st);
}

const char *store_meta(struct store *s, const char *key)
{
	sqlite3_stmt *st;

	free(s->meta_value);
	s->meta_value = NULL;
	sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1", -1,
			   &st, NULL);
	bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		s->meta_value =
			xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s->meta_value;
}

void store_set_meta(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st;

	sqlite3_prepare_v2(
		s->db,
		"INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", -1,
		&st, NULL);
	bind_text(st, 1, key);
	bind_text(st, 2, value);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

int store_prune_tus(struct store *s, const struct compile_job *jobs,
		    size_t njobs)
{
	int ret;

	if (exec(s,
		 "CREATE TEMP TABLE IF NOT EXISTS keep_files(id INTEGER PRIMARY KEY);"
		 " DELETE FROM keep_files;") < 0)
		return -1;
	for (size_t i = 0; i < njobs; i++) {
		char *sql = xasprintf(
			"INSERT OR IGNORE INTO keep_files VALUES (%lld)",
			(long long)store_file_id(s, jobs[i].file));

		exec(s, sql);
		free(sql);
	}
	ret = exec(
		s,
		"DELETE FROM tus WHERE file_id NOT IN (SELECT id FROM keep_files)");
	return ret < 0 ? -1 : sqlite3_changes(s->db);
}

void store_clear_findings(struct store *s)
{
	exec(s, "DELETE FROM trace; DELETE FROM findings;");
}

int64_t store_add_finding(struct store *s, const struct finding *f)
{
	sqlite3_stmt *st = s->st[S_FINDING_ADD];
	int64_t id;

	bind_text(st, 1, f->rule);
	bind_text(st, 2, severity_name(f->severity));
	sqlite3_bind_int64(st, 3, store_file_id(s, f->file));
	sqlite3_bind_int(st, 4, (int)f->line);
	sqlite3_bind_int(st, 5, (int)f->col);
	bind_text(st, 6, f->function);
	bind_text(st, 7, f->message);
	bind_text(st, 8, f->flags);
	bind_text(st, 9, f->fingerprint);
	bind_text(st, 10, f->suppressed);
	id = step_insert(s, st);
	for (size_t i = 0; id >= 0 && i < f->trace.n; i++) {
		const struct trace_step *t = &f->trace.v[i];

		st = s->st[S_TRACE_ADD];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, (int)i);
		sqlite3_bind_int64(st, 3, store_file_id(s, t->file));
		sqlite3_bind_int(st, 4, (int)t->line);
		bind_text(st, 5, t->function);
		bind_text(st, 6, t->note);
		step_insert(s, st);
	}
	return id;
}

void store_set_reference(struct store *s)
{
	exec(s,
	     "DELETE FROM reference_findings;"
	     " INSERT OR IGNORE INTO reference_findings SELECT fingerprint FROM findings;");
}

struct strset *store_reference(struct store *s)
{
	struct strset *set = strset_new();
	sqlite3_stmt *st;

	sqlite3_prepare_v2(s->db, "SELECT fingerprint FROM reference_findings",
			   -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW)
		strset_add(set, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return set;
}

int store_exec(struct store *s, const char *sql)
{
	return exec(s, sql);
}

int store_schema_version(void)
{
	return SCHEMA_VERSION;
}

char *store_recorded_compdb(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *compdb = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	if (sqlite3_prepare_v2(
		    db, "SELECT compdb FROM runs ORDER BY id DESC LIMIT 1", -1,
		    &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		compdb = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return compdb;
}
