// SPDX-License-Identifier: GPL-2.0
/*
 * flow_sensitive_calls: whether a call is atomic depends on the lock state
 * at that call site, not on whether the caller ever takes a lock.
 *  - fsc_update: fsc_before (called before spin_lock) and fsc_after
 *    (called after spin_unlock) are not reported; fsc_inside (called
 *    between them) is reported.
 *  - fsc_branches: on the early-exit branch the lock is dropped before
 *    fsc_exit_path is called (not reported); on the fall-through path
 *    fsc_locked_path is called with the lock held (reported).
 *  - fsc_loop: the lock is released and retaken around fsc_loop_refill in
 *    every iteration: not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct fsc_dev {
	spinlock_t lock;
	void *slot[6];
	unsigned int want;
	unsigned int have;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int fsc_update(struct fsc_dev *d);
int fsc_branches(struct fsc_dev *d, bool early);
int fsc_loop(struct fsc_dev *d);

static void fsc_put(struct fsc_dev *d, unsigned int i, void *p)
{
	kfree(d->slot[i]);
	d->slot[i] = p;
}

static int fsc_before(struct fsc_dev *d)
{
	void *p = kmalloc(16, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	fsc_put(d, 0, p);
	return 0;
}

static int fsc_inside(struct fsc_dev *d)
{
	void *p = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */

	if (!p)
		return -ENOMEM;
	fsc_put(d, 1, p);
	return 0;
}

static int fsc_after(struct fsc_dev *d)
{
	void *p = kmalloc(16, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	fsc_put(d, 2, p);
	return 0;
}

static int fsc_exit_path(struct fsc_dev *d)
{
	void *p = kzalloc(16, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	fsc_put(d, 3, p);
	return 0;
}

static int fsc_locked_path(struct fsc_dev *d)
{
	void *p = kzalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */

	if (!p)
		return -ENOMEM;
	fsc_put(d, 4, p);
	return 0;
}

static int fsc_loop_refill(struct fsc_dev *d)
{
	void *p = kmalloc(16, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	fsc_put(d, 5, p);
	return 0;
}

int fsc_update(struct fsc_dev *d)
{
	int ret;

	ret = fsc_before(d);
	spin_lock(&d->lock);
	ret |= fsc_inside(d);
	spin_unlock(&d->lock);
	ret |= fsc_after(d);
	return ret;
}

int fsc_branches(struct fsc_dev *d, bool early)
{
	int ret;

	spin_lock(&d->lock);
	if (early) {
		spin_unlock(&d->lock);
		return fsc_exit_path(d);
	}
	ret = fsc_locked_path(d);
	spin_unlock(&d->lock);
	return ret;
}

int fsc_loop(struct fsc_dev *d)
{
	int ret = 0;

	spin_lock(&d->lock);
	while (d->have < d->want) {
		spin_unlock(&d->lock);
		ret = fsc_loop_refill(d);
		spin_lock(&d->lock);
		if (ret)
			break;
		d->have++;
	}
	spin_unlock(&d->lock);
	return ret;
}

MODULE_DESCRIPTION("gfpcheck test: call-site lock state decides callee context");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/flow_sensitive_calls.c:48:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/flow_sensitive_calls.c:101: note: spin_lock(&d->lock): spinlock held from here (in fsc_update)
 * inter/flow_sensitive_calls.c:102: note: calls fsc_inside() (in fsc_update)
 * inter/flow_sensitive_calls.c:48: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in fsc_inside)
 * inter/flow_sensitive_calls.c:78:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/flow_sensitive_calls.c:112: note: spin_lock(&d->lock): spinlock held from here (in fsc_branches)
 * inter/flow_sensitive_calls.c:117: note: calls fsc_locked_path() (in fsc_branches)
 * inter/flow_sensitive_calls.c:78: note: kzalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in fsc_locked_path)
 * check-output-end
 */
