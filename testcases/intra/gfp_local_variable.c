// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_local_variable: the flags reach the allocator through a local gfp_t
 * variable.  The value that reaches the call is what counts:
 * `gfp_t gfp = GFP_KERNEL` used under a spinlock is reported, and so is
 * `gfp |= __GFP_ZERO` on top of it and the case where gfp is switched to
 * GFP_ATOMIC on only one path (on the other path GFP_KERNEL reaches the
 * call with the lock held).  `gfp_t gfp = GFP_ATOMIC`, a GFP_KERNEL value
 * overwritten with GFP_ATOMIC before the call, and `gfp &=
 * ~__GFP_DIRECT_RECLAIM` are not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct glv_dev {
	spinlock_t lock;
	void *buf;
	bool in_irq_path;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int glv_kernel_var(struct glv_dev *d, size_t size);
int glv_atomic_var(struct glv_dev *d, size_t size);
int glv_or_assign(struct glv_dev *d, size_t size, bool zero);
int glv_one_path_atomic(struct glv_dev *d, size_t size);
int glv_overwritten(struct glv_dev *d, size_t size);
int glv_mask_off(struct glv_dev *d, size_t size);
int glv_kernel_var_unlocked(struct glv_dev *d, size_t size);

int glv_kernel_var(struct glv_dev *d, size_t size)
{
	gfp_t gfp = GFP_KERNEL;

	spin_lock(&d->lock);
	d->buf = kmalloc(size, gfp); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&d->lock);
	return d->buf ? 0 : -ENOMEM;
}

int glv_atomic_var(struct glv_dev *d, size_t size)
{
	gfp_t gfp = GFP_ATOMIC;

	spin_lock(&d->lock);
	d->buf = kmalloc(size, gfp);
	spin_unlock(&d->lock);
	return d->buf ? 0 : -ENOMEM;
}

int glv_or_assign(struct glv_dev *d, size_t size, bool zero)
{
	gfp_t gfp = GFP_KERNEL;

	if (zero)
		gfp |= __GFP_ZERO;
	spin_lock(&d->lock);
	d->buf = kmalloc(size, gfp); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&d->lock);
	return d->buf ? 0 : -ENOMEM;
}

int glv_one_path_atomic(struct glv_dev *d, size_t size)
{
	gfp_t gfp = GFP_KERNEL;

	if (d->in_irq_path)
		gfp = GFP_ATOMIC;
	spin_lock(&d->lock);
	d->buf = kzalloc(size, gfp); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&d->lock);
	return d->buf ? 0 : -ENOMEM;
}

int glv_overwritten(struct glv_dev *d, size_t size)
{
	gfp_t gfp = GFP_KERNEL;

	spin_lock(&d->lock);
	gfp = GFP_ATOMIC;
	d->buf = kzalloc(size, gfp);
	spin_unlock(&d->lock);
	return d->buf ? 0 : -ENOMEM;
}

int glv_mask_off(struct glv_dev *d, size_t size)
{
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;

	gfp &= ~__GFP_DIRECT_RECLAIM;
	spin_lock(&d->lock);
	d->buf = kzalloc(size, gfp);
	spin_unlock(&d->lock);
	return d->buf ? 0 : -EAGAIN;
}

int glv_kernel_var_unlocked(struct glv_dev *d, size_t size)
{
	gfp_t gfp = GFP_KERNEL;
	void *buf;

	buf = kmalloc(size, gfp);
	spin_lock(&d->lock);
	swap(buf, d->buf);
	spin_unlock(&d->lock);
	kfree(buf);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: flags held in a local gfp_t");
MODULE_LICENSE("GPL");
