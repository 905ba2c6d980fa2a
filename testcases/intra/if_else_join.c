// SPDX-License-Identifier: GPL-2.0
/*
 * if_else_join: the analysis is a may-analysis, so an allocation is
 * reported when the lock is held on at least one path reaching it.  In
 * iej_either_lock only the then-branch takes the spinlock (the else-branch
 * takes a mutex), so the allocation after the join is reported; in
 * iej_unlock_one_branch the lock is released on one branch only and the
 * allocation after the join is reported too; in iej_both_branches both
 * branches lock.  iej_balanced_branch locks and unlocks inside a single
 * branch, so nothing is held at the join and nothing is reported.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct iej_dev {
	spinlock_t lock;
	struct mutex mutex;
	bool irq_safe;
	bool pending;
	unsigned int hits;
	void *buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int iej_either_lock(struct iej_dev *d, size_t size);
int iej_unlock_one_branch(struct iej_dev *d, size_t size);
int iej_both_branches(struct iej_dev *d, size_t size);
int iej_balanced_branch(struct iej_dev *d, size_t size);

int iej_either_lock(struct iej_dev *d, size_t size)
{
	void *buf;

	if (d->irq_safe)
		spin_lock(&d->lock);
	else
		mutex_lock(&d->mutex);

	buf = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	d->buf = buf;

	if (d->irq_safe)
		spin_unlock(&d->lock);
	else
		mutex_unlock(&d->mutex);
	return buf ? 0 : -ENOMEM;
}

int iej_unlock_one_branch(struct iej_dev *d, size_t size)
{
	bool pending;
	void *buf;

	spin_lock(&d->lock);
	pending = d->pending;
	if (pending) {
		d->pending = false;
		spin_unlock(&d->lock);
	}
	buf = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!pending)
		spin_unlock(&d->lock);
	kfree(buf);
	return 0;
}

int iej_both_branches(struct iej_dev *d, size_t size)
{
	unsigned long flags;
	void *buf;

	if (d->irq_safe)
		spin_lock_irqsave(&d->lock, flags);
	else
		spin_lock_bh(&d->lock);
	buf = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	swap(buf, d->buf);
	if (d->irq_safe)
		spin_unlock_irqrestore(&d->lock, flags);
	else
		spin_unlock_bh(&d->lock);
	kfree(buf);
	return 0;
}

int iej_balanced_branch(struct iej_dev *d, size_t size)
{
	void *buf;

	if (d->pending) {
		spin_lock(&d->lock);
		d->hits++;
		d->pending = false;
		spin_unlock(&d->lock);
	} else {
		d->hits = 0;
	}
	buf = kzalloc(size, GFP_KERNEL);
	d->buf = buf;
	return buf ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: lock on one branch of an if/else");
MODULE_LICENSE("GPL");
