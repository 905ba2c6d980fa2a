// SPDX-License-Identifier: GPL-2.0
/*
 * conditional_summaries: helpers that take or drop a context on one
 * outcome of their constant returns only, and callers that test them.
 *  - cs_stop() is entered with d->lock held and returns true having
 *    dropped it, false still holding it, as do_signal_stop() does for
 *    get_signal()'s siglock.  In cs_stop_or_alloc() the allocation after
 *    a false return runs under the lock: reported, where a release on
 *    every outcome would have hidden it.
 *  - cs_lock_live() returns 0 holding d->lock and -ENODEV without it (a
 *    lock helper that fails when the device is gone).  In cs_update() the
 *    allocation on the error path runs with nothing held: not reported;
 *    the one after a zero return runs under the lock: reported, the chain
 *    naming cs_lock_live().  A summary that holds "where the result is
 *    true", as a trylock does, had both the other way round.
 *  - cs_update_ret() tests the result through a local that never changes:
 *    that test is the helper's outcome, as a test of the call is, so the
 *    allocation after a zero result runs under the lock: reported.
 */
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct cs_dev {
	spinlock_t lock;
	bool stopping, dead;
	void *buf, *buf2, *buf3, *buf4;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void cs_stop_or_alloc(struct cs_dev *d);
void cs_update(struct cs_dev *d);
void cs_update_ret(struct cs_dev *d);

/* do_signal_stop(): called with d->lock held */
static noinline bool cs_stop(struct cs_dev *d)
{
	if (!d->stopping)
		return false;
	d->stopping = false;
	spin_unlock_irq(&d->lock);
	d->buf = NULL;
	return true;
}

void cs_stop_or_alloc(struct cs_dev *d)
{
	spin_lock_irq(&d->lock);
	if (cs_stop(d))
		return;
	d->buf = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cs_stop_or_alloc: spin_lock_irq(&d->lock): spinlock held" */
	spin_unlock_irq(&d->lock);
}

static noinline int cs_lock_live(struct cs_dev *d)
{
	spin_lock(&d->lock);
	if (d->dead) {
		spin_unlock(&d->lock);
		return -ENODEV;
	}
	return 0;
}

void cs_update(struct cs_dev *d)
{
	if (cs_lock_live(d)) {
		d->buf2 = kmalloc(32, GFP_KERNEL);
		return;
	}
	d->buf3 = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cs_update: cs_lock_live(): spinlock held" */
	spin_unlock(&d->lock);
}

void cs_update_ret(struct cs_dev *d)
{
	int ret = cs_lock_live(d);

	if (ret)
		return;
	d->buf4 = kmalloc(8, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "cs_update_ret: cs_lock_live(): spinlock held" */
	spin_unlock(&d->lock);
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/conditional_summaries.c:52:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/conditional_summaries.c:49: note: spin_lock_irq(&d->lock): spinlock held from here (in cs_stop_or_alloc)
 * inter/conditional_summaries.c:52: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in cs_stop_or_alloc)
 * inter/conditional_summaries.c:72:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/conditional_summaries.c:68: note: cs_lock_live(): spinlock held from here (in cs_update)
 * inter/conditional_summaries.c:72: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in cs_update)
 * inter/conditional_summaries.c:82:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/conditional_summaries.c:78: note: cs_lock_live(): spinlock held from here (in cs_update_ret)
 * inter/conditional_summaries.c:82: note: kmalloc(8, GFP_KERNEL) may sleep (direct reclaim) (in cs_update_ret)
 * check-output-end
 */
