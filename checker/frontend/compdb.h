/* SPDX-License-Identifier: GPL-2.0 */
/* Compile databases (compile_commands.json), read with libclang's own
 * compilation-database API, and turned into arguments libclang accepts. */
#ifndef GFPCHECK_COMPDB_H
#define GFPCHECK_COMPDB_H

#include <stddef.h>
#include "rules.h"

struct compile_job {
	char *file; /* absolute path of the source file */
	char *directory;
	char **argv; /* sanitised arguments, without compiler and source */
	int argc;
	char *command_hash; /* hash of directory + sanitised arguments */
};

/* `path` is a directory holding compile_commands.json or the JSON file
 * itself.  Returns 0, or -1 with a one-line message in *err. */
int compdb_load(const char *path, const struct ruleset *rs,
		struct compile_job **jobs, size_t *njobs, char **err);
void compdb_free(struct compile_job *jobs, size_t njobs);
void compdb_clear(struct compile_job *jobs,
		  size_t njobs); /* the entries, not the array */

/* Drops one argument (and its value) from a job, e.g. after clang reported
 * it as unknown.  Returns true if something was dropped. */
bool compdb_drop_arg(struct compile_job *job, const char *arg);

#endif
