/* SPDX-License-Identifier: GPL-2.0 */
/* `gfpcheck merge`: combines the databases of `scan --shard K/N` runs into
 * one and runs the global solve, so a tree can be scanned on N machines
 * (CI matrix jobs, Kubernetes indexed jobs) with the merge as last job. */
#ifndef GFPCHECK_MERGE_H
#define GFPCHECK_MERGE_H

int merge_main(int argc, char **argv);

#endif
