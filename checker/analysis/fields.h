/* SPDX-License-Identifier: GPL-2.0 */
/* What the whole tree's stores say of function-pointer fields, applied to
 * each function's CFG before the solver reads it.
 *
 * `hid_hw_request()` calls `hdev->ll_driver->request` if it is set and
 * builds a report itself with GFP_KERNEL otherwise; `lg4ff_play()` calls
 * it under a spinlock.  Every `struct hid_ll_driver` of a defconfig tree
 * sets `.request`, so the fallback is never taken there.  A field is set
 * in every object of the tree when some initialiser stores a function in
 * it, none leaves it out or gives it another value, no definition of an
 * object of its struct goes without an initialiser, no assignment stores
 * anything but a function in it (fnptr_stores rows "unset", model.h
 * unset_fields), and no assignment stores into any function-pointer field
 * of its struct (an object built field by field, on the heap, may leave
 * this one out).  The tree is taken as closed, as for the functions a
 * field may hold (callgraph.h): an object made outside the scanned files,
 * or zeroed on the heap and never given a function, is not seen.  A test
 * such a field decides (EV_FNPTR_NULL) leads nowhere: its edge goes.
 */
#ifndef GFPCHECK_FIELDS_H
#define GFPCHECK_FIELDS_H

#include "model.h"

/* Drops from every function's CFG (function_fact.cfg) the edges taken
 * only where a field set in every object is NULL; returns how many */
int fields_prune_cfgs(struct model *m);

#endif
