/* SPDX-License-Identifier: GPL-2.0 */
/* Every rule, once: CHECK(name) is the descriptor check_def_<name> that
 * check_<name>.c or local_check_<name>.c exports (checkdef.h).  checks.c
 * expands this list into the registry; nothing else lists rules.  The
 * order is that of `gfpcheck rules`, of the SARIF rule table (ruleIndex)
 * and in which the checks run.  No include guard: included once per
 * expansion, with CHECK defined. */

/* at solve time (inter-procedural) */
CHECK(sleep_in_atomic)
CHECK(rt_atomic)
/* at extraction time (intra-procedural) */
CHECK(unchecked_alloc)
CHECK(highmem_kmalloc)
CHECK(nofail)
CHECK(in_atomic_test)
CHECK(dma_legacy)
CHECK(nofs_scope)
CHECK(kvmalloc_flags)
CHECK(zeroing)
CHECK(alloc_overflow)
CHECK(free_mismatch)
CHECK(ignored_param)
CHECK(zone_only)
