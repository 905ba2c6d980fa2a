/* SPDX-License-Identifier: GPL-2.0 */
/* Pre-commit use: `gfpcheck diff` re-scans incrementally and fails only on
 * findings that are new since the last full scan and touch a changed
 * line (at the finding or anywhere on its chain, so a lock added in a
 * caller counts); `gfpcheck hook install` writes a git pre-commit hook. */
#ifndef GFPCHECK_DIFF_H
#define GFPCHECK_DIFF_H

int diff_main(int argc, char **argv);
int hook_main(int argc, char **argv);

#endif
