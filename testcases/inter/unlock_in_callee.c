// SPDX-License-Identifier: GPL-2.0
/*
 * unlock_in_callee: tests the "releases a lock it did not take" summary.
 * uic_commit_and_drop releases the lock its caller took (the usual
 * "called with lock held, returns with it released" convention), so in
 * uic_refresh the GFP_KERNEL allocation after the call runs with no lock
 * held: not reported.  This file contains only this one such case.  The
 * control uic_refresh_bad calls uic_peek, which neither takes nor releases
 * the lock, so its allocation is still under the lock: reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct uic_dev {
	spinlock_t lock;
	unsigned int gen;
	void *buf;
	void *bad;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int uic_refresh(struct uic_dev *d);
int uic_refresh_bad(struct uic_dev *d);

static void uic_commit_and_drop(struct uic_dev *d)
{
	d->gen++;
	spin_unlock(&d->lock);
}

static unsigned int uic_peek(struct uic_dev *d)
{
	return d->gen;
}

int uic_refresh(struct uic_dev *d)
{
	void *p;

	spin_lock(&d->lock);
	uic_commit_and_drop(d);
	p = kmalloc(64, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	spin_lock(&d->lock);
	swap(p, d->buf);
	spin_unlock(&d->lock);
	kfree(p);
	return 0;
}

int uic_refresh_bad(struct uic_dev *d)
{
	void *p;

	spin_lock(&d->lock);
	if (!uic_peek(d)) {
		spin_unlock(&d->lock);
		return 0;
	}
	p = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (p)
		swap(p, d->bad);
	spin_unlock(&d->lock);
	kfree(p);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: a callee releases the caller's lock");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/unlock_in_callee.c:62:6: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/unlock_in_callee.c:57: note: spin_lock(&d->lock): spinlock held from here (in uic_refresh_bad)
 * inter/unlock_in_callee.c:62: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in uic_refresh_bad)
 * check-output-end
 */
