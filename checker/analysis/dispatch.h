/* SPDX-License-Identifier: GPL-2.0 */
/* Methods and the tables they were found through.
 *
 * `inode->i_op->permission(idmap, inode, mask)` hands the method the inode
 * whose `i_op` table held it.  A function stored only in that one field of
 * static tables, never called directly or passed as a value, where every
 * call through the field hands the method that variable at one argument,
 * is only ever run with that parameter's field pointing to one of its own
 * tables: kernfs_iop_permission()'s inode has a kernfs `i_op`, so its
 * `inode->i_op->get_acl()` (through generic_permission()) reaches what
 * those tables hold in `get_acl` (nothing), not NFS's.  The facts come
 * from the extractor: call_fact.receiver ("K.f") at each call through a
 * field, fnptr_fact.object at each store.  Tables copied at run time or
 * functions called through arrays are not seen. */
#ifndef GFPCHECK_DISPATCH_H
#define GFPCHECK_DISPATCH_H

#include "model.h"

struct dispatch {
	/* per model function: the parameter whose field holds its table, or
	 * -1; that field's name ("i_op"); the field it is stored in
	 * ("inode_operations.permission") */
	signed char *param;
	const char **field;
	const char **via;
	/* per model function: its stores, fnptrs indexes stores[first ..
	 * first + n) */
	int *first, *n;
	int *stores;
	int found; /* functions with a table parameter */
};

void dispatch_build(struct dispatch *d, const struct model *m);
void dispatch_free(struct dispatch *d);
/* Is object ("var:KEY") one of the tables function fn is stored in? */
bool dispatch_table(const struct dispatch *d, const struct model *m, int fn,
		    const char *object);

#endif
