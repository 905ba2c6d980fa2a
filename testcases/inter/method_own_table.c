// SPDX-License-Identifier: GPL-2.0
/*
 * method_own_table: a method is run with the object whose table it was
 * found through, so a call through that object's table inside it reaches
 * what the method's own tables hold, not every function stored in that
 * field anywhere.  The pattern is fs/kernfs/inode.c on 6.1:
 *	kernfs_iop_permission(idmap, inode, mask)	stored only in kernfs's
 *		spin_lock(&inode->i_lock);		inode_operations
 *		generic_permission(idmap, inode, mask)
 *			-> get_acl(inode, ...)
 *				-> inode->i_op->get_acl(inode, ...)
 * reached only as `inode->i_op->permission(idmap, inode, mask)`
 * (do_inode_permission()): the inode's i_op is a kernfs table, which has
 * no get_acl; NFS's sleeping nfs3_get_acl() is not reached.
 *  - mo_kernfs_permission: its tables have no get_acl: NFS's sleeping
 *    one is not reported.
 *  - mo_ext_permission: its table has a sleeping get_acl: reported, that
 *    one only, with the chain through the field.
 *  - mob_permission: the method is also called by name, with an object
 *    whose table is any: every get_acl stays a candidate: reported.
 *  - moc_permission: one call through the field hands the method another
 *    object than the one whose table it was found through (another
 *    hands it its own): reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct mo_inode;

struct mo_inode_ops {
	int (*permission)(struct mo_inode *inode, int mask);
	void *(*get_acl)(struct mo_inode *inode, int type);
};

struct mo_inode {
	const struct mo_inode_ops *i_op;
	spinlock_t i_lock;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int mo_inode_permission(struct mo_inode *inode, int mask);
void mo_init_inode(struct mo_inode *inode, int kind);

/* get_acl() */
static noinline void *mo_get_acl(struct mo_inode *inode, int type)
{
	if (!inode->i_op->get_acl)
		return NULL;
	return inode->i_op->get_acl(inode, type);
}

/* generic_permission() */
static noinline int mo_generic_permission(struct mo_inode *inode, int mask)
{
	return mo_get_acl(inode, mask) ? 0 : -EACCES;
}

/* kernfs_iop_permission() */
static int mo_kernfs_permission(struct mo_inode *inode, int mask)
{
	int ret;

	spin_lock(&inode->i_lock);
	ret = mo_generic_permission(inode, mask);
	spin_unlock(&inode->i_lock);
	return ret;
}

static int mo_ext_permission(struct mo_inode *inode, int mask)
{
	int ret;

	spin_lock(&inode->i_lock);
	ret = mo_generic_permission(inode, mask);
	spin_unlock(&inode->i_lock);
	return ret;
}

/* nfs3_get_acl() */
static void *mo_nfs_get_acl(struct mo_inode *inode, int type)
{
	return kmalloc(64, GFP_KERNEL);
}

static void *mo_ext_get_acl(struct mo_inode *inode, int type)
{
	return kmalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "mo_ext_permission: calls mo_generic_permission()" "mo_get_acl: calls mo_ext_get_acl() through mo_inode_ops.get_acl" */
}

static const struct mo_inode_ops mo_kernfs_iops = { .permission = mo_kernfs_permission };
static const struct mo_inode_ops mo_kernfs_dir_iops = { .permission = mo_kernfs_permission };
static const struct mo_inode_ops mo_nfs_iops = { .get_acl = mo_nfs_get_acl };
static const struct mo_inode_ops mo_ext_iops = { .permission = mo_ext_permission, .get_acl = mo_ext_get_acl };

/* kernfs_init_inode(), nfs_fhget() */
void mo_init_inode(struct mo_inode *inode, int kind)
{
	static const struct mo_inode_ops *const tables[] = {
		&mo_kernfs_iops, &mo_kernfs_dir_iops, &mo_nfs_iops, &mo_ext_iops,
	};

	spin_lock_init(&inode->i_lock);
	inode->i_op = tables[kind & 3];
}

/* inode_permission() -> do_inode_permission() */
int mo_inode_permission(struct mo_inode *inode, int mask)
{
	if (inode->i_op->permission)
		return inode->i_op->permission(inode, mask);
	return mo_generic_permission(inode, mask);
}

/* The same shape, the method also called by name */
struct mob_inode;

struct mob_inode_ops {
	int (*permission)(struct mob_inode *inode, int mask);
	void *(*get_acl)(struct mob_inode *inode);
};

struct mob_inode {
	const struct mob_inode_ops *i_op;
	spinlock_t i_lock;
};

int mob_inode_permission(struct mob_inode *inode, int mask);
int mob_check(struct mob_inode *other);
void mob_init_inode(struct mob_inode *inode, bool nfs);

static noinline void *mob_get_acl(struct mob_inode *inode)
{
	return inode->i_op->get_acl(inode);
}

static int mob_permission(struct mob_inode *inode, int mask)
{
	void *acl;

	spin_lock(&inode->i_lock);
	acl = mob_get_acl(inode);
	spin_unlock(&inode->i_lock);
	return acl ? 0 : -EACCES;
}

static void *mob_nfs_get_acl(struct mob_inode *inode)
{
	return kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "mob_permission: calls mob_get_acl()" "mob_get_acl: calls mob_nfs_get_acl() through mob_inode_ops.get_acl" */
}

static const struct mob_inode_ops mob_iops = { .permission = mob_permission };
static const struct mob_inode_ops mob_nfs_iops = { .get_acl = mob_nfs_get_acl };

void mob_init_inode(struct mob_inode *inode, bool nfs)
{
	inode->i_op = nfs ? &mob_nfs_iops : &mob_iops;
}

int mob_inode_permission(struct mob_inode *inode, int mask)
{
	return inode->i_op->permission(inode, mask);
}

int mob_check(struct mob_inode *other)
{
	return mob_permission(other, 0);
}

/* The same shape, a call through the field handing the method another
 * object */
struct moc_inode;

struct moc_inode_ops {
	int (*permission)(struct moc_inode *inode, int mask);
	void *(*get_acl)(struct moc_inode *inode);
};

struct moc_inode {
	const struct moc_inode_ops *i_op;
	spinlock_t i_lock;
};

int moc_inode_permission(struct moc_inode *inode, struct moc_inode *dir);
int moc_own_permission(struct moc_inode *inode);
void moc_init_inode(struct moc_inode *inode, bool nfs);

static noinline void *moc_get_acl(struct moc_inode *inode)
{
	return inode->i_op->get_acl(inode);
}

static int moc_permission(struct moc_inode *inode, int mask)
{
	void *acl;

	spin_lock(&inode->i_lock);
	acl = moc_get_acl(inode);
	spin_unlock(&inode->i_lock);
	return acl ? 0 : -EACCES;
}

static void *moc_nfs_get_acl(struct moc_inode *inode)
{
	return kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "moc_permission: calls moc_get_acl()" "moc_get_acl: calls moc_nfs_get_acl() through moc_inode_ops.get_acl" */
}

static const struct moc_inode_ops moc_iops = { .permission = moc_permission };
static const struct moc_inode_ops moc_nfs_iops = { .get_acl = moc_nfs_get_acl };

void moc_init_inode(struct moc_inode *inode, bool nfs)
{
	inode->i_op = nfs ? &moc_nfs_iops : &moc_iops;
}

int moc_inode_permission(struct moc_inode *inode, struct moc_inode *dir)
{
	return inode->i_op->permission(dir, 0);
}

/* a call that does hand the method its own object: the field's calls
 * still disagree */
int moc_own_permission(struct moc_inode *inode)
{
	return inode->i_op->permission(inode, 1);
}

MODULE_DESCRIPTION("gfpcheck test: a method reaches its own table's functions");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/method_own_table.c:88:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/method_own_table.c:74: note: spin_lock(&inode->i_lock): spinlock held from here (in mo_ext_permission)
 * inter/method_own_table.c:75: note: calls mo_generic_permission() (in mo_ext_permission)
 * inter/method_own_table.c:56: note: calls mo_get_acl() (in mo_generic_permission)
 * inter/method_own_table.c:50: note: calls mo_ext_get_acl() through mo_inode_ops.get_acl (initializer in inter/method_own_table.c) (in mo_get_acl)
 * inter/method_own_table.c:88: note: kmalloc(128, GFP_KERNEL) may sleep (direct reclaim) (in mo_ext_get_acl)
 * inter/method_own_table.c:149:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/method_own_table.c:141: note: spin_lock(&inode->i_lock): spinlock held from here (in mob_permission)
 * inter/method_own_table.c:142: note: calls mob_get_acl() (in mob_permission)
 * inter/method_own_table.c:134: note: calls mob_nfs_get_acl() through mob_inode_ops.get_acl (initializer in inter/method_own_table.c) (in mob_get_acl)
 * inter/method_own_table.c:149: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in mob_nfs_get_acl)
 * inter/method_own_table.c:205:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/method_own_table.c:197: note: spin_lock(&inode->i_lock): spinlock held from here (in moc_permission)
 * inter/method_own_table.c:198: note: calls moc_get_acl() (in moc_permission)
 * inter/method_own_table.c:190: note: calls moc_nfs_get_acl() through moc_inode_ops.get_acl (initializer in inter/method_own_table.c) (in moc_get_acl)
 * inter/method_own_table.c:205: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in moc_nfs_get_acl)
 * check-output-end
 */
