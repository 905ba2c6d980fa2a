// SPDX-License-Identifier: GPL-2.0
/*
 * summary_lock_names: a helper that releases or takes a lock names it, so
 * the caller's flow lowers that lock and no other, as in
 * writeback_sb_inodes(): inode_to_wb_and_lock_list() returns with the
 * list lock held, wbc_attach_and_unlock_inode(wbc, inode) drops
 * inode->i_lock.
 *  - sln_attach_held(): the list lock (taken by sln_lock_list()) is still
 *    held after sln_attach_and_unlock() dropped inode->i_lock: the
 *    allocation is reported, and its chain names the list lock, not the
 *    inode's lock the helper released.
 *  - sln_attach(): the same, then the list lock is dropped by name: the
 *    allocation after it runs with nothing held, not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct sln_inode {
	spinlock_t i_lock;
	void *buf, *other;
};

static DEFINE_SPINLOCK(sln_list_lock);

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void sln_attach_held(struct sln_inode *inode);
void sln_attach(struct sln_inode *inode);

/* inode_to_wb_and_lock_list() */
static noinline void sln_lock_list(void)
{
	spin_lock(&sln_list_lock);
}

/* wbc_attach_and_unlock_inode() */
static noinline void sln_attach_and_unlock(struct sln_inode *inode)
{
	inode->other = NULL;
	spin_unlock(&inode->i_lock);
}

void sln_attach_held(struct sln_inode *inode)
{
	sln_lock_list();
	spin_lock(&inode->i_lock);
	sln_attach_and_unlock(inode);
	inode->buf = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "sln_attach_held: sln_lock_list(): spinlock held from here" */
	spin_unlock(&sln_list_lock);
}

void sln_attach(struct sln_inode *inode)
{
	sln_lock_list();
	spin_lock(&inode->i_lock);
	sln_attach_and_unlock(inode);
	spin_unlock(&sln_list_lock);
	inode->other = kmalloc(32, GFP_KERNEL);
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/summary_lock_names.c:48:15: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/summary_lock_names.c:45: note: sln_lock_list(): spinlock held from here (in sln_attach_held)
 * inter/summary_lock_names.c:48: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in sln_attach_held)
 * check-output-end
 */
