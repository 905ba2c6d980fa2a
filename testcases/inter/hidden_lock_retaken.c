// SPDX-License-Identifier: GPL-2.0
/*
 * hidden_lock_retaken: a helper that drops its caller's lock and takes it
 * back under the same name hides no lock, whatever else it releases
 * first.  6.1's tg3_restart_hw() runs, on its error path, a callee that
 * releases an IRQ state it did not take, then tg3_full_unlock(tp) ...
 * tg3_full_lock(tp, 0).  Judged by its first unheld release alone (the
 * IRQ one, which names no lock), it seemed to return holding a lock its
 * callers cannot see, and a later release of the caller's lock in a
 * caller was taken for that one.
 *  - rt_recover() is entered with d->lock held and releases it where
 *    rt_restart() succeeds: a release of its caller's lock on some path,
 *    so rt_reset()'s allocation after the call is not reported (what a
 *    callee may release is released for its callers).
 *  - rt_reset_irq() holds d->lock with IRQs saved around the same call
 *    and allocates after restoring them and unlocking: not reported.
 *  - rt_restart_locked() holds d->lock across rt_restart() alone and
 *    allocates before unlocking: reported, the lock still held.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rt_dev {
	spinlock_t lock;
	int err;
	void *buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void rt_reset(struct rt_dev *d);
void rt_reset_irq(struct rt_dev *d);
void rt_restart_locked(struct rt_dev *d);

/* a callee that ends an IRQ-disabled state its caller does not hold */
static noinline void rt_irq_on(void)
{
	local_irq_enable();
}

/* tg3_restart_hw(): on error, drops the caller's lock and takes it back */
static noinline int rt_restart(struct rt_dev *d)
{
	if (d->err) {
		rt_irq_on();
		spin_unlock(&d->lock);
		d->err = 0;
		spin_lock(&d->lock);
	}
	return d->err;
}

/* entered with d->lock held; drops it once the device restarted */
static noinline void rt_recover(struct rt_dev *d)
{
	if (rt_restart(d))
		return;
	spin_unlock(&d->lock);
}

void rt_reset(struct rt_dev *d)
{
	spin_lock(&d->lock);
	rt_recover(d);
	d->buf = kmalloc(32, GFP_KERNEL);
}

void rt_reset_irq(struct rt_dev *d)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	rt_restart(d);
	spin_unlock_irqrestore(&d->lock, flags);
	d->buf = kmalloc(64, GFP_KERNEL);
}

void rt_restart_locked(struct rt_dev *d)
{
	spin_lock(&d->lock);
	rt_restart(d);
	d->buf = kmalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "rt_restart_locked: spin_lock(&d->lock): spinlock held" */
	spin_unlock(&d->lock);
}

MODULE_DESCRIPTION("gfpcheck test: a lock dropped and taken back is not hidden");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/hidden_lock_retaken.c:82:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/hidden_lock_retaken.c:80: note: spin_lock(&d->lock): spinlock held from here (in rt_restart_locked)
 * inter/hidden_lock_retaken.c:82: note: kmalloc(128, GFP_KERNEL) may sleep (direct reclaim) (in rt_restart_locked)
 * check-output-end
 */
