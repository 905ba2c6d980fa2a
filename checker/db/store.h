/* SPDX-License-Identifier: GPL-2.0 */
/* The sqlite fact database (schema in schema.c, documented in
 * docs/ARCHITECTURE.md).  One writer; a run writes inside a single
 * transaction so that a killed run leaves the previous state intact. */
#ifndef GFPCHECK_STORE_H
#define GFPCHECK_STORE_H

#include <sqlite3.h>
#include <stdint.h>
#include "compdb.h"
#include "facts.h"
#include "findings.h"
#include "gfp.h"

struct store;

struct run_stats {
	int translation_units;
	int parsed;
	int reused;
	int parse_failures;
	int functions;
	double seconds;
	/* the whole-tree analysis (solve), for the JSON report's stats */
	int call_edges, indirect_edges, atomic_functions;
	double analysis_seconds;
};

struct store *store_open(const char *path, char **err);
/* readonly: for commands that only read (explain): never changes the file,
 * refuses a database of another schema version */
struct store *store_open_mode(const char *path, bool readonly, char **err);
void store_close(struct store *s);
sqlite3 *store_db(struct store *s);

int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

int64_t store_run_start(struct store *s, const char *compdb,
			const char *rules_hash);
void store_run_finish(struct store *s, int64_t run, const struct run_stats *st);

void store_gfp_table(struct store *s, const struct gfp_table *t);
int store_load_gfp_table(struct store *s, struct gfp_table *t);
/* Replaces every fact of this TU. */
int store_tu(struct store *s, const struct compile_job *job,
	     const struct tu_facts *tu, int64_t run);
/* Deletes TUs whose source file is not in `jobs`; returns how many. */
int store_prune_tus(struct store *s, const struct compile_job *jobs,
		    size_t njobs);

/* The content a file is analysed with, when it is not what is on disk
 * (gfpcheck diff: the staged index): inputs are recorded with its hash, so
 * the next scan of the work tree sees the difference. */
void store_set_content(struct store *s, const char *path, const char *text,
		       size_t len);
/* Incremental scans: is the stored TU of this job still current (same
 * sanitised command, and every file it read has the same content)?
 * Returns 1 current, 0 not; a TU that failed last time is never current. */
int store_tu_current(struct store *s, const struct compile_job *job);
/* Adds "file:line:col:name" of the header functions stored with the TU of
 * `job` to `claimed`, so that no worker analyses them again. */
void store_claim_headers(struct store *s, const struct compile_job *job,
			 struct strset *claimed);
const char *
store_meta(struct store *s,
	   const char *key); /* NULL if unset; valid until next call */
void store_set_meta(struct store *s, const char *key, const char *value);

void store_clear_findings(struct store *s);
/* The reference for `gfpcheck diff`: the findings of the last full scan */
void store_set_reference(struct store *s);
struct strset *store_reference(struct store *s);
int64_t store_add_finding(struct store *s, const struct finding *f);

int store_exec(struct store *s,
	       const char *sql); /* prints the error; -1 on failure */
int store_schema_version(void);

/* The compile database the last scan of the database at `path` read
 * (where its .gfpcheck is), or NULL; opens the file read-only. */
char *store_recorded_compdb(const char *path);

#endif
