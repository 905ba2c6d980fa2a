// SPDX-License-Identifier: GPL-2.0
#include "merge.h"
#include "rules.h"
#include "schema.h"
#include "solve.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long long max_id(struct store *s, const char *table, const char *col)
{
	char *sql =
		xasprintf("SELECT COALESCE(MAX(%s), 0) FROM %s", col, table);
	sqlite3_stmt *st;
	long long v = 0;

	sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	free(sql);
	return v;
}

static int exec_sql(struct store *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int exec_sql(struct store *s, const char *fmt, ...)
{
	va_list ap;
	char *sql;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sql = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(sql, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = store_exec(s, sql);
	free(sql);
	return rc;
}

/* Copies the rows of table t that `from` (FROM and WHERE over the shard's
 * table as `alias`) selects, their ids moved by id_offset, their parent
 * ids by parent_offset, a file as fmap's new id (schema_copy_sql()) */
static int copy(struct store *s, enum table_id t, const char *alias,
		long long id_offset, long long parent_offset, const char *from,
		...) __attribute__((format(printf, 6, 7)));
static int copy(struct store *s, enum table_id t, const char *alias,
		long long id_offset, long long parent_offset, const char *from,
		...)
{
	char *insert = schema_copy_sql(t, alias, id_offset, parent_offset),
	     *where;
	va_list ap;
	int rc;

	va_start(ap, from);
	where = xvasprintf(from, ap);
	va_end(ap);
	rc = exec_sql(s, "%s%s", insert, where);
	free(where);
	free(insert);
	return rc;
}

/* Checks that an attached database is a gfpcheck database of our version,
 * scanned with the rules this merge solves with. */
static int check_shard(struct store *s, const char *path,
		       const char *rules_hash)
{
	sqlite3_stmt *st;
	int version = -1, ours = 0;

	if (sqlite3_prepare_v2(store_db(s), "PRAGMA shard.user_version", -1,
			       &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(
		    store_db(s),
		    "SELECT count(*) FROM shard.meta WHERE key = 'format'", -1,
		    &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ours = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (!ours || version != store_schema_version()) {
		fprintf(stderr,
			"gfpcheck: %s is not a gfpcheck database of this version\n",
			path);
		return -1;
	}
	ours = 0;
	if (sqlite3_prepare_v2(
		    store_db(s),
		    "SELECT count(*) FROM shard.meta WHERE key = 'rules_hash'"
		    " AND value = ?1",
		    -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, rules_hash, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			ours = sqlite3_column_int(st, 0);
	}
	sqlite3_finalize(st);
	if (!ours) {
		fprintf(stderr,
			"gfpcheck: merge: %s was scanned with other rules; give merge the same"
			" --rules and --rules-dir as the scans\n",
			path);
		return -1;
	}
	return 0;
}

/* Copies one shard's facts with ids moved past what is there already.  A
 * TU in two shards keeps its first copy; header functions (analysed once
 * per shard) and their stores keep one copy, as in an unsharded scan. */
static int merge_one(struct store *s, const char *path, const char *rules_hash)
{
	long long tu = max_id(s, "tus", "id"),
		  fn = max_id(s, "functions", "id");
	long long call = max_id(s, "call_sites", "id"),
		  alloc = max_id(s, "alloc_sites", "id");
	long long local = max_id(s, "local_findings", "id");
	char *attach = sqlite3_mprintf("ATTACH DATABASE %Q AS shard",
				       path); /* %Q quotes */
	int rc = -1;

	if (store_exec(s, attach) < 0)
		goto out;
	if (check_shard(s, path, rules_hash) < 0 || store_begin(s) < 0)
		goto detach;
	/* the gfpcheck build that extracted the facts: when every shard's is
	 * the same, a later scan of the merged database reuses its facts;
	 * 'mixed' matches no build, so that scan re-parses everything */
	if (exec_sql(
		    s,
		    "INSERT OR IGNORE INTO main.meta(key, value) SELECT key, value FROM shard.meta"
		    " WHERE key = 'tool_hash';"
		    " UPDATE main.meta SET value = 'mixed' WHERE key = 'tool_hash' AND value IS NOT"
		    " (SELECT value FROM shard.meta WHERE key = 'tool_hash')") <
		    0 ||
	    exec_sql(
		    s,
		    "INSERT OR IGNORE INTO files(path) SELECT path FROM shard.files;"
		    " DROP TABLE IF EXISTS temp.fmap;"
		    " CREATE TEMP TABLE fmap AS SELECT s.id AS old, m.id AS new FROM shard.files s"
		    " JOIN main.files m ON m.path = s.path;"
		    " CREATE INDEX temp.fmap_old ON fmap(old);") < 0 ||
	    copy(s, T_TUS, "t", tu, 0,
		 " FROM shard.tus t JOIN fmap fm ON fm.old = t.file_id"
		 " WHERE fm.new NOT IN (SELECT file_id FROM main.tus)") < 0 ||
	    copy(s, T_TU_INPUTS, "i", 0, tu,
		 " FROM shard.tu_inputs i JOIN fmap fm ON fm.old = i.file_id"
		 " WHERE i.tu_id + %lld > %lld AND i.tu_id + %lld IN (SELECT id FROM main.tus)",
		 tu, tu, tu) < 0 ||
	    copy(s, T_FUNCTIONS, "f", fn, tu,
		 " FROM shard.functions f JOIN fmap fm ON fm.old = f.file_id"
		 " WHERE f.tu_id + %lld IN (SELECT id FROM main.tus WHERE id > %lld)"
		 " AND NOT (f.in_header AND EXISTS (SELECT 1 FROM main.functions g WHERE g.file_id = fm.new"
		 " AND g.line = f.line AND g.col = f.col AND g.name = f.name))",
		 tu, tu) < 0 ||
	    copy(s, T_CALL_SITES, "c", call, fn,
		 " FROM shard.call_sites c WHERE c.function_id + %lld IN"
		 " (SELECT id FROM main.functions WHERE id > %lld)",
		 fn, fn) < 0 ||
	    copy(s, T_CALL_ARGS, "a", 0, call,
		 " FROM shard.call_args a WHERE a.call_id + %lld IN"
		 " (SELECT id FROM main.call_sites WHERE id > %lld)",
		 call, call) < 0 ||
	    copy(s, T_ALLOC_SITES, "a", alloc, call,
		 " FROM shard.alloc_sites a WHERE a.call_id + %lld IN"
		 " (SELECT id FROM main.call_sites WHERE id > %lld)",
		 call, call) < 0 ||
	    copy(s, T_LOCAL_FINDINGS, "l", local, fn,
		 " FROM shard.local_findings l WHERE l.function_id + %lld"
		 " IN (SELECT id FROM main.functions WHERE id > %lld)",
		 fn, fn) < 0 ||
	    copy(s, T_FNPTR_STORES, "p", 0, tu,
		 " FROM shard.fnptr_stores p JOIN fmap fm ON fm.old = p.file_id"
		 " WHERE p.tu_id + %lld IN (SELECT id FROM main.tus WHERE id > %lld) AND NOT EXISTS"
		 " (SELECT 1 FROM main.fnptr_stores q WHERE q.field = p.field AND q.fn_key = p.fn_key"
		 " AND q.file_id = fm.new AND q.line = p.line)",
		 tu, tu) < 0 ||
	    exec_sql(
		    s,
		    "INSERT OR IGNORE INTO gfp_flags SELECT * FROM shard.gfp_flags") <
		    0 ||
	    store_exec(s, "DROP TABLE IF EXISTS temp.fmap") < 0 ||
	    store_commit(s) < 0) {
		store_rollback(s);
		goto detach;
	}
	rc = 0;
detach:
	if (store_exec(s, "DETACH DATABASE shard") < 0)
		rc = -1;
out:
	sqlite3_free(attach);
	return rc;
}

/* An input that sqlite cannot read is named before anything is merged. */
static bool readable_db(const char *path)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master",
				  NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fprintf(stderr,
			"gfpcheck: merge: %s is not a gfpcheck database (%s)\n",
			path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	sqlite3_close(db);
	return rc == SQLITE_OK;
}

static void remove_db(const char *path)
{
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);

	unlink(path);
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
}

/* The merge's temporary database (and its journals), removed when a
 * signal ends the merge; a SIGKILLed merge's is removed by the next one. */
static char *tmp_paths[4];
static const int tmp_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

static void remove_tmp_and_die(int sig)
{
	for (int i = 0; i < 4; i++)
		if (tmp_paths[i])
			unlink(tmp_paths[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard_tmp(const char *tmp)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };

	for (int i = 0; i < 4; i++)
		tmp_paths[i] = xasprintf("%s%s", tmp, suffix[i]);
	for (size_t i = 0; i < sizeof(tmp_signals) / sizeof(*tmp_signals); i++)
		signal(tmp_signals[i], remove_tmp_and_die);
}

static void unguard_tmp(void)
{
	for (size_t i = 0; i < sizeof(tmp_signals) / sizeof(*tmp_signals); i++)
		signal(tmp_signals[i], SIG_DFL);
	for (int i = 0; i < 4; i++) {
		free(tmp_paths[i]);
		tmp_paths[i] = NULL;
	}
}

/* Renames the finished database over `db`: its old WAL, if any, is
 * emptied first so that it cannot be replayed into the new file. */
static int replace_db(const char *tmp, const char *db)
{
	char *wal = xasprintf("%s-wal", db), *shm = xasprintf("%s-shm", db);
	sqlite3 *old;
	int ret;

	if (access(wal, F_OK) == 0 &&
	    sqlite3_open_v2(db, &old, SQLITE_OPEN_READWRITE, NULL) ==
		    SQLITE_OK) {
		sqlite3_exec(old, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
			     NULL);
		sqlite3_close(old);
	}
	ret = rename(tmp, db);
	if (ret == 0) {
		unlink(wal);
		unlink(shm);
	}
	free(wal);
	free(shm);
	return ret;
}

int merge_check_inputs(char *const *shards, int nshards)
{
	for (int i = 0; i < nshards; i++) {
		if (access(shards[i], R_OK) != 0) {
			fprintf(stderr,
				"gfpcheck: merge: no such database '%s'\n",
				shards[i]);
			return -1;
		}
		if (!readable_db(shards[i]))
			return -1;
	}
	return 0;
}

struct store *merge_shards(const char *db, char *const *shards, int nshards,
			   const struct ruleset *rules, struct run_stats *st)
{
	struct solve_stats ss = { 0 };
	struct gfp_table gfp = { 0 };
	struct store *s = NULL;
	char *err = NULL, *tmp;

	/* built in a new file and renamed over OUT: never half-written */
	{
		char *slash = strrchr(db, '/'),
		     *dir = slash ? xstrndup(db, (size_t)(slash - db +
							  (slash == db))) :
				    xstrdup(".");
		char *prefix = xasprintf("%s.merge-", slash ? slash + 1 : db);

		remove_stale_temporaries(dir, prefix);
		free(dir);
		free(prefix);
	}
	tmp = xasprintf("%s.merge-%d", db, (int)getpid());
	remove_db(tmp);
	guard_tmp(tmp);
	s = store_open(tmp, &err);
	if (!s) {
		fprintf(stderr, "gfpcheck: %s\n", err);
		goto out;
	}
	store_set_meta(s, "format", "gfpcheck");
	store_set_meta(s, "rules_hash", rules_fingerprint(rules));
	for (int i = 0; i < nshards; i++)
		if (merge_one(s, shards[i], rules_fingerprint(rules)) < 0)
			goto fail;
	if (store_load_gfp_table(s, &gfp) < 0) {
		fprintf(stderr,
			"gfpcheck: merge: the shards hold no GFP values (empty shards?)\n");
		goto fail;
	}
	if (store_begin(s) < 0)
		goto fail;
	if (solve(s, rules, &gfp, NULL, &ss) < 0) {
		store_rollback(s);
		goto fail;
	}
	store_set_reference(s);
	if (store_commit(s) < 0)
		goto fail;
	st->translation_units =
		(int)max_id(s, "(SELECT count(*) AS n FROM tus)", "n");
	st->parse_failures = (int)max_id(
		s, "(SELECT count(*) AS n FROM tus WHERE failed)", "n");
	st->functions =
		(int)max_id(s, "(SELECT count(*) AS n FROM functions)", "n");
	st->seconds = ss.seconds;
	st->call_edges = ss.edges;
	st->indirect_edges = ss.indirect_edges;
	st->atomic_functions = ss.atomic_functions;
	st->analysis_seconds = ss.seconds;
	/* one file, then renamed over OUT: the previous OUT stays whole until
	 * the new one replaces it, whatever kills the merge before */
	if (store_exec(s, "PRAGMA journal_mode=DELETE") < 0 ||
	    replace_db(tmp, db) < 0) {
		fprintf(stderr, "gfpcheck: merge: cannot write %s: %s\n", db,
			strerror(errno));
		goto fail;
	}
	goto out;
fail:
	store_close(s);
	s = NULL;
	remove_db(tmp);
out:
	unguard_tmp();
	free(tmp);
	gfp_table_free(&gfp);
	free(err);
	return s;
}
