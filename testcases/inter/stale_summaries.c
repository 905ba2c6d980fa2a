// SPDX-License-Identifier: GPL-2.0
/*
 * stale_summaries: a summary that a later round of the solver takes back
 * must not stay with the callers that were given it, as in
 * __mod_timer(): it unlocks the base lock that lock_timer_base() returns
 * holding.  Until lock_timer_base()'s summary ("returns with a spinlock")
 * is known, __mod_timer() seems to release a lock it did not take, and
 * add_timer_global() above it gets that summary; once it is known,
 * __mod_timer() releases nothing of its caller's, and neither does
 * add_timer_global().
 *  - sts_caller() holds its own lock across sts_add(): the allocation
 *    after the call runs under it, reported.  A caller that kept
 *    sts_add()'s first summary saw its lock released there.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(sts_base_lock);
static DEFINE_SPINLOCK(sts_outer_lock);
static int sts_count;
static void *sts_buf;

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void sts_caller(void);

/* lock_timer_base(): returns with the base lock held */
static noinline void sts_lock_base(void)
{
	spin_lock(&sts_base_lock);
}

/* __mod_timer(): takes the base lock through the helper, drops it */
static noinline void sts_mod(void)
{
	sts_lock_base();
	sts_count++;
	spin_unlock(&sts_base_lock);
}

/* add_timer_global() */
static noinline void sts_add(void)
{
	sts_mod();
}

void sts_caller(void)
{
	spin_lock(&sts_outer_lock);
	sts_add();
	sts_buf = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "sts_caller: spin_lock(&sts_outer_lock): spinlock held" */
	spin_unlock(&sts_outer_lock);
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/stale_summaries.c:51:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/stale_summaries.c:49: note: spin_lock(&sts_outer_lock): spinlock held from here (in sts_caller)
 * inter/stale_summaries.c:51: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in sts_caller)
 * check-output-end
 */
