/* SPDX-License-Identifier: GPL-2.0 */
/* Merging the databases of `scan --shard K/N` runs into one and running
 * the global solve, so a tree can be scanned on N machines (CI matrix
 * jobs, Kubernetes indexed jobs) with the merge as last job.  The command,
 * gfpcheck merge, is cmd_merge.c. */
#ifndef GFPCHECK_MERGE_H
#define GFPCHECK_MERGE_H

#include "rules.h"
#include "store.h"

/* Every shard exists and sqlite can read it: 0, else -1 after a message
 * naming the first that is not, before anything is merged. */
int merge_check_inputs(char *const *shards, int nshards);

/* Builds `db` from the shards (scanned with `rules`, else refused) and
 * solves the whole tree, in a temporary file renamed over `db` once
 * complete.  Returns the database, open, with its figures in *st; NULL
 * after a message (`db` is as it was). */
struct store *merge_shards(const char *db, char *const *shards, int nshards,
			   const struct ruleset *rules, struct run_stats *st);

#endif
