// SPDX-License-Identifier: GPL-2.0
/*
 * held_field_stores: a caller that takes a context exactly where a flag
 * of a variable is set, then stores the variable in a field of an object
 * it passes on, tells the callee that flag wherever the context is held.
 * fs/namei.c path_init() takes rcu_read_lock() only `if (flags &
 * LOOKUP_RCU)`, stores `nd->flags = flags` and calls nd_jump_root(nd),
 * which calls path_put() (it may sleep) only where `nd->flags &
 * LOOKUP_RCU` is clear, as set_root() takes a reference only then.
 *  - hfs_init(): as path_init(); hfs_jump() and hfs_set_root(), which
 *    it passes the pointer on to, allocate only without the flag: not
 *    reported.
 *  - hfs_init_other(): stores another variable than the one the lock
 *    test reads: reported.
 *  - hfs_init_inverted(): takes the lock where the flag is clear, the
 *    callee allocates there: reported.
 *  - hfs_init_cleared(): clears the flag in the field after the store
 *    (a second write of the field): reported.
 *  - hfs_init_always(): takes the lock whatever the flags: reported.
 *
 * check-output-start
 * inter/held_field_stores.c:113:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/held_field_stores.c:119: note: rcu_read_lock(): RCU read-side critical section from here (in hfs_init_other)
 * inter/held_field_stores.c:121: note: calls hfs_drop_other() (in hfs_init_other)
 * inter/held_field_stores.c:113: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in hfs_drop_other)
 * inter/held_field_stores.c:130:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/held_field_stores.c:136: note: rcu_read_lock(): RCU read-side critical section from here (in hfs_init_inverted)
 * inter/held_field_stores.c:138: note: calls hfs_drop_inverted() (in hfs_init_inverted)
 * inter/held_field_stores.c:130: note: kmalloc(24, GFP_KERNEL) may sleep (direct reclaim) (in hfs_drop_inverted)
 * inter/held_field_stores.c:147:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/held_field_stores.c:153: note: rcu_read_lock(): RCU read-side critical section from here (in hfs_init_cleared)
 * inter/held_field_stores.c:156: note: calls hfs_drop_cleared() (in hfs_init_cleared)
 * inter/held_field_stores.c:147: note: kmalloc(40, GFP_KERNEL) may sleep (direct reclaim) (in hfs_drop_cleared)
 * inter/held_field_stores.c:165:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/held_field_stores.c:170: note: rcu_read_lock(): RCU read-side critical section from here (in hfs_init_always)
 * inter/held_field_stores.c:174: note: calls hfs_drop_always() (in hfs_init_always)
 * inter/held_field_stores.c:165: note: kmalloc(48, GFP_KERNEL) may sleep (direct reclaim) (in hfs_drop_always)
 * check-output-end
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/rcupdate.h>

#define HFS_RCU 0x1
#define HFS_BENEATH 0x2
#define HFS_IN_ROOT 0x4

struct hfs_walk {
	unsigned int flags;
	int depth;
	void *root, *buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int hfs_init(struct hfs_walk *w, unsigned int flags, const char *s);
int hfs_init_other(struct hfs_walk *w, unsigned int flags, unsigned int mode);
int hfs_init_inverted(struct hfs_walk *w, unsigned int flags);
int hfs_init_cleared(struct hfs_walk *w, unsigned int flags);
int hfs_init_always(struct hfs_walk *w, unsigned int flags);

/* set_root() */
static noinline int hfs_set_root(struct hfs_walk *w)
{
	if (w->flags & HFS_RCU)
		w->depth = 1;
	else
		w->root = kmalloc(32, GFP_KERNEL);
	return w->root ? 0 : -ENOMEM;
}

/* nd_jump_root() */
static noinline int hfs_jump(struct hfs_walk *w)
{
	if (w->flags & HFS_BENEATH)
		return -EXDEV;
	if (!w->root) {
		int error = hfs_set_root(w);

		if (error)
			return error;
	}
	if (w->flags & HFS_RCU) {
		w->depth++;
	} else {
		kfree(w->buf);
		w->buf = kmalloc(64, GFP_KERNEL);
	}
	return 0;
}

/* path_init() */
int hfs_init(struct hfs_walk *w, unsigned int flags, const char *s)
{
	int error = 0;

	if (!*s)
		flags &= ~HFS_RCU;
	if (flags & HFS_RCU)
		rcu_read_lock();
	else
		w->depth = 0;
	w->flags = flags;
	if (*s == '/' && !(flags & HFS_IN_ROOT))
		error = hfs_jump(w);
	if (flags & HFS_RCU)
		rcu_read_unlock();
	return error;
}

static noinline void hfs_drop_other(struct hfs_walk *w)
{
	if (!(w->flags & HFS_RCU))
		w->buf = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "hfs_init_other: rcu_read_lock(): RCU read-side critical section from here" */
}

int hfs_init_other(struct hfs_walk *w, unsigned int flags, unsigned int mode)
{
	if (flags & HFS_RCU)
		rcu_read_lock();
	w->flags = mode;
	hfs_drop_other(w);
	if (flags & HFS_RCU)
		rcu_read_unlock();
	return 0;
}

static noinline void hfs_drop_inverted(struct hfs_walk *w)
{
	if (!(w->flags & HFS_RCU))
		w->buf = kmalloc(24, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "hfs_init_inverted: rcu_read_lock(): RCU read-side critical section from here" */
}

int hfs_init_inverted(struct hfs_walk *w, unsigned int flags)
{
	if (!(flags & HFS_RCU))
		rcu_read_lock();
	w->flags = flags;
	hfs_drop_inverted(w);
	if (!(flags & HFS_RCU))
		rcu_read_unlock();
	return 0;
}

static noinline void hfs_drop_cleared(struct hfs_walk *w)
{
	if (!(w->flags & HFS_RCU))
		w->buf = kmalloc(40, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "hfs_init_cleared: rcu_read_lock(): RCU read-side critical section from here" */
}

int hfs_init_cleared(struct hfs_walk *w, unsigned int flags)
{
	if (flags & HFS_RCU)
		rcu_read_lock();
	w->flags = flags;
	w->flags &= ~HFS_RCU;
	hfs_drop_cleared(w);
	if (flags & HFS_RCU)
		rcu_read_unlock();
	return 0;
}

static noinline void hfs_drop_always(struct hfs_walk *w)
{
	if (!(w->flags & HFS_RCU))
		w->buf = kmalloc(48, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "hfs_init_always: rcu_read_lock(): RCU read-side critical section from here" */
}

int hfs_init_always(struct hfs_walk *w, unsigned int flags)
{
	rcu_read_lock();
	w->flags = flags;
	if (flags & HFS_BENEATH)
		w->depth = 2;
	hfs_drop_always(w);
	if (flags & HFS_RCU)
		w->depth = 3;
	rcu_read_unlock();
	return 0;
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gfpcheck testcase: a flag stored in a field, known where the context is held");
