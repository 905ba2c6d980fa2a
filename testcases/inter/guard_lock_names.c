// SPDX-License-Identifier: GPL-2.0
/*
 * guard_lock_names: the lock of a guard is the lock its argument names.
 * guard(spinlock)(&gln_lock) initialises a guard variable with
 * class_spinlock_constructor(&gln_lock), whose spin_lock() names the lock
 * inside the class (`_T->lock`); the guarded scope may drop and retake
 * the lock by its own name, as fs/super.c __iterate_supers() does in 6.12
 * around each filesystem's callback.
 *  - gln_iterate(): the loop drops gln_lock by name before it calls
 *    gln_fill(), which allocates with GFP_KERNEL, and retakes it after:
 *    not atomic there, not reported (on every iteration: the spin_lock()
 *    at the end of one and the guard before the first are one lock).
 *  - gln_iterate_held(): the same loop allocating before the unlock:
 *    reported, from the guard.
 *  - gln_other_lock(): a guard on one lock, a spin_lock()/spin_unlock()
 *    pair of another inside it: the guard's lock is still held after the
 *    unlock of the other, reported.
 *
 * gfpcheck-test: since 6.5 (spinlock guards; Debian's 6.1 has cleanup.h without them)
 */
#include <linux/version.h>
#include <linux/module.h>
#include <linux/slab.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <linux/cleanup.h>
#include <linux/list.h>
#include <linux/spinlock.h>

struct gln_item {
	struct list_head node;
	int count;
	void *buf;
};

static DEFINE_SPINLOCK(gln_lock);
static DEFINE_SPINLOCK(gln_other);
static LIST_HEAD(gln_items);

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void gln_iterate(void);
void gln_iterate_held(void);
void gln_other_lock(struct gln_item *it);

static noinline void gln_fill(struct gln_item *it)
{
	it->buf = kmalloc(64, GFP_KERNEL);
}

void gln_iterate(void)
{
	struct gln_item *it;

	guard(spinlock)(&gln_lock);

	list_for_each_entry(it, &gln_items, node) {
		it->count++;
		spin_unlock(&gln_lock);

		gln_fill(it);

		spin_lock(&gln_lock);
		it->count--;
	}
}

void gln_iterate_held(void)
{
	struct gln_item *it;

	guard(spinlock)(&gln_lock);

	list_for_each_entry(it, &gln_items, node) {
		it->buf = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "guard(spinlock)(&gln_lock): spinlock held from here" */
		spin_unlock(&gln_lock);
		it->count++;
		spin_lock(&gln_lock);
	}
}

void gln_other_lock(struct gln_item *it)
{
	guard(spinlock)(&gln_lock);

	spin_lock(&gln_other);
	it->count++;
	spin_unlock(&gln_other);
	it->buf = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "guard(spinlock)(&gln_lock): spinlock held from here" */
}
#endif

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gfpcheck testcase: a guard's lock named by its argument");

/*
 * check-output-start
 * inter/guard_lock_names.c:74:13: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/guard_lock_names.c:71: note: guard(spinlock)(&gln_lock): spinlock held from here (in gln_iterate_held)
 * inter/guard_lock_names.c:74: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in gln_iterate_held)
 * inter/guard_lock_names.c:88:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/guard_lock_names.c:83: note: guard(spinlock)(&gln_lock): spinlock held from here (in gln_other_lock)
 * inter/guard_lock_names.c:88: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in gln_other_lock)
 * check-output-end
 */
