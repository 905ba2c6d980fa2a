// SPDX-License-Identifier: GPL-2.0
/*
 * const_param_assigned: a parameter the callee assigns later still holds
 * the caller's constant at the tests before the assignment, and a flag
 * a macro writes as a constant expression (`(1 << 2)`) is a constant
 * argument.  fs/fs-writeback.c __mark_inode_dirty(inode, flags) calls
 * ->dirty_inode() (ext4 starts a journal handle there) only `if (flags &
 * I_DIRTY_INODE)`, and assigns `flags |= I_DIRTY_TIME` inside that
 * branch; fs/buffer.c mark_buffer_dirty() passes I_DIRTY_PAGES, `(1 <<
 * 2)`, and jbd2 calls it with a buffer's state spinlock held.
 *  - cpa_dirty_pages_locked(): CPA_DIRTY_PAGES under a spinlock to
 *    cpa_mark_dirty(): its allocation needs a CPA_DIRTY_INODE bit, tested
 *    before the parameter is assigned: not reported.
 *  - cpa_dirty_sync_locked(): CPA_DIRTY_SYNC: it is reported.
 *  - cpa_plain_locked(): CPA_DIRTY_PAGES to cpa_plain(), which never
 *    assigns its parameter: not reported (a macro's constant expression).
 *  - cpa_update_locked(): CPA_DIRTY_PAGES to cpa_update(), which may set
 *    CPA_DIRTY_TIME before it tests it: reported (the caller's value no
 *    longer holds there).
 *  - cpa_adjust_locked(): CPA_DIRTY_PAGES to cpa_adjusted(), which passes
 *    its parameter's address to a helper before the test: reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define CPA_DIRTY_SYNC		(1 << 0)
#define CPA_DIRTY_DATASYNC	(1 << 1)
#define CPA_DIRTY_PAGES		(1 << 2)
#define CPA_DIRTY_TIME		(1 << 11)
#define CPA_DIRTY_INODE		(CPA_DIRTY_SYNC | CPA_DIRTY_DATASYNC)

struct cpa_inode {
	unsigned long state;
	void *handle, *log, *extra;
};

static DEFINE_SPINLOCK(cpa_lock);

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void cpa_dirty_pages_locked(struct cpa_inode *inode);
void cpa_dirty_sync_locked(struct cpa_inode *inode);
void cpa_plain_locked(struct cpa_inode *inode);
void cpa_update_locked(struct cpa_inode *inode);
void cpa_adjust_locked(struct cpa_inode *inode);

/* __mark_inode_dirty() */
static noinline void cpa_mark_dirty(struct cpa_inode *inode, int flags)
{
	if (flags & CPA_DIRTY_INODE) {
		if (inode->state & CPA_DIRTY_TIME)
			flags |= CPA_DIRTY_TIME;
		inode->handle = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cpa_dirty_sync_locked: spin_lock(&cpa_lock): spinlock held from here" */
		flags &= ~CPA_DIRTY_TIME;
	}
	inode->state |= flags;
}

void cpa_dirty_pages_locked(struct cpa_inode *inode)
{
	spin_lock(&cpa_lock);
	cpa_mark_dirty(inode, CPA_DIRTY_PAGES);
	spin_unlock(&cpa_lock);
}

void cpa_dirty_sync_locked(struct cpa_inode *inode)
{
	spin_lock(&cpa_lock);
	cpa_mark_dirty(inode, CPA_DIRTY_SYNC);
	spin_unlock(&cpa_lock);
}

static noinline void cpa_plain(struct cpa_inode *inode, int flags)
{
	if (flags & CPA_DIRTY_INODE)
		inode->log = kmalloc(32, GFP_KERNEL);
}

void cpa_plain_locked(struct cpa_inode *inode)
{
	spin_lock(&cpa_lock);
	cpa_plain(inode, CPA_DIRTY_PAGES);
	spin_unlock(&cpa_lock);
}

/* the test comes after an assignment on a path the caller can take */
static noinline void cpa_update(struct cpa_inode *inode, int flags)
{
	if (inode->state & CPA_DIRTY_TIME)
		flags |= CPA_DIRTY_TIME;
	if (flags & CPA_DIRTY_TIME)
		inode->extra = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cpa_update_locked: spin_lock(&cpa_lock): spinlock held from here" */
}

void cpa_update_locked(struct cpa_inode *inode)
{
	spin_lock(&cpa_lock);
	cpa_update(inode, CPA_DIRTY_PAGES);
	spin_unlock(&cpa_lock);
}

static noinline void cpa_adjust(struct cpa_inode *inode, int *flags)
{
	*flags |= inode->state & CPA_DIRTY_INODE;
}

/* a write through the parameter's address: no test of it decides */
static noinline void cpa_adjusted(struct cpa_inode *inode, int flags)
{
	cpa_adjust(inode, &flags);
	if (flags & CPA_DIRTY_INODE)
		inode->log = kmalloc(8, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cpa_adjust_locked: spin_lock(&cpa_lock): spinlock held from here" */
}

void cpa_adjust_locked(struct cpa_inode *inode)
{
	spin_lock(&cpa_lock);
	cpa_adjusted(inode, CPA_DIRTY_PAGES);
	spin_unlock(&cpa_lock);
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gfpcheck testcase: tests of a parameter before the callee assigns it");

/*
 * check-output-start
 * inter/const_param_assigned.c:53:19: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_param_assigned.c:68: note: spin_lock(&cpa_lock): spinlock held from here (in cpa_dirty_sync_locked)
 * inter/const_param_assigned.c:69: note: calls cpa_mark_dirty() (in cpa_dirty_sync_locked)
 * inter/const_param_assigned.c:53: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in cpa_mark_dirty)
 * inter/const_param_assigned.c:92:18: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_param_assigned.c:97: note: spin_lock(&cpa_lock): spinlock held from here (in cpa_update_locked)
 * inter/const_param_assigned.c:98: note: calls cpa_update() (in cpa_update_locked)
 * inter/const_param_assigned.c:92: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in cpa_update)
 * inter/const_param_assigned.c:112:16: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_param_assigned.c:117: note: spin_lock(&cpa_lock): spinlock held from here (in cpa_adjust_locked)
 * inter/const_param_assigned.c:118: note: calls cpa_adjusted() (in cpa_adjust_locked)
 * inter/const_param_assigned.c:112: note: kmalloc(8, GFP_KERNEL) may sleep (direct reclaim) (in cpa_adjusted)
 * check-output-end
 */
