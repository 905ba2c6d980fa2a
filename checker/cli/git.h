/* SPDX-License-Identifier: GPL-2.0 */
/* Running git (and other commands) for gfpcheck diff and hook install. */
#ifndef GFPCHECK_GIT_H
#define GFPCHECK_GIT_H

#include <stddef.h>

/* Runs a shell command and returns its whole output (its length in *len
 * unless len is NULL), or NULL if it failed. */
char *command_output(const char *cmd, size_t *len);

/* s in single quotes, for a shell command line */
char *shell_quote(const char *s);

/* The work tree's top directory (its real path, as compile databases name
 * files), or NULL outside a git repository. */
char *git_toplevel(void);

#endif
