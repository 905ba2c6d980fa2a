/* SPDX-License-Identifier: GPL-2.0 */
/* One bad file never costs the scan: the commands that parse run in a
 * child process that this one watches.  The child reports each translation
 * unit it starts and ends; when it dies (a crash or a stack overflow in
 * libclang or in our extraction) or a TU outlives the time limit, the
 * supervisor runs the command again, telling the new child to record that
 * TU as a parse failure with the cause instead of parsing it.  The
 * database is written in one transaction at the end of a run, so a child
 * that dies leaves it as it was. */
#ifndef GFPCHECK_SUPERVISE_H
#define GFPCHECK_SUPERVISE_H

#include <stdbool.h>

/* main(): the whole command line, for running it again */
void supervise_init(int argc, char **argv);

/* In the process that parsed the options: the exit status of the command
 * run under supervision, or -1 in the child (go on and run it here).
 * timeout: seconds one TU may take, 0 for no limit. */
int supervise(double timeout);

/* In the child: a worker starts or ends a TU (no-ops when unsupervised) */
void supervise_tu_start(const char *path);
void supervise_tu_end(const char *path);
/* Why an earlier child did not get through this TU, or NULL */
const char *supervise_failed_before(const char *path);
/* The supervisor asks for one worker: two TUs were in flight at a crash */
bool supervise_serial(void);

#endif
