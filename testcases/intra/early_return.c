// SPDX-License-Identifier: GPL-2.0
/*
 * early_return: a path that returns while holding the lock ends there; it
 * does not carry the lock to code after the return.  er_lock_if_ready
 * returns with the lock held when the device is ready (the caller
 * unlocks), so the allocation that follows is reached only on the
 * unlocked path and is not reported.  er_fast_path returns from inside its
 * locked fast path after unlocking: not reported.  er_check_then_alloc
 * unlocks and returns early only when nothing needs doing and otherwise
 * allocates with the lock still held: reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct er_dev {
	spinlock_t lock;
	bool ready;
	unsigned int fast_hits;
	void *ctx;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int er_lock_if_ready(struct er_dev *d, size_t size);
int er_fast_path(struct er_dev *d, size_t size);
int er_check_then_alloc(struct er_dev *d, size_t size);

int er_lock_if_ready(struct er_dev *d, size_t size)
	__acquires(&d->lock)
{
	void *ctx;

	spin_lock(&d->lock);
	if (d->ready)
		return 0;
	spin_unlock(&d->lock);

	ctx = kzalloc(size, GFP_KERNEL);
	kfree(ctx);
	return -EAGAIN;
}

int er_fast_path(struct er_dev *d, size_t size)
{
	void *ctx;

	if (d->ready) {
		spin_lock(&d->lock);
		d->fast_hits++;
		spin_unlock(&d->lock);
		return 0;
	}
	ctx = kzalloc(size, GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	d->ctx = ctx;
	return 1;
}

int er_check_then_alloc(struct er_dev *d, size_t size)
{
	spin_lock(&d->lock);
	if (d->ctx) {
		spin_unlock(&d->lock);
		return 0;
	}
	d->ctx = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&d->lock);
	return d->ctx ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: early return while holding a lock");
MODULE_LICENSE("GPL");
