// SPDX-License-Identifier: GPL-2.0
/*
 * lock_wrapper: functions that take or release a lock for their caller.
 * lwr_lock/lwr_unlock wrap spin_lock/spin_unlock, lwr_lock_irqsave/
 * lwr_unlock_irqrestore wrap the irqsave variants, lwr_lock_outer wraps
 * lwr_lock (a wrapper of a wrapper).  After a call to an acquiring wrapper
 * the caller is atomic until the matching release wrapper:
 *  - lwr_bad_direct: lwr_lock(); kmalloc(GFP_KERNEL): reported.
 *  - lwr_bad_callee: lwr_lock(); lwr_fill() whose kmalloc(GFP_KERNEL) is
 *    reported in lwr_fill.
 *  - lwr_bad_irqsave: lwr_lock_irqsave(); vzalloc(): reported.
 *  - lwr_bad_outer: lwr_lock_outer(); kzalloc(GFP_KERNEL): reported.
 *  - lwr_ok_after_unlock: lwr_lock(); lwr_unlock(); kmalloc(GFP_KERNEL):
 *    not reported.
 *  - lwr_ok_before_lock: allocation before lwr_lock(): not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct lwr_dev {
	spinlock_t lock;
	void *a;
	void *b;
	void *c;
	void *d;
	void *e;
	void *f;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int lwr_bad_direct(struct lwr_dev *dev);
int lwr_bad_callee(struct lwr_dev *dev);
int lwr_bad_irqsave(struct lwr_dev *dev);
int lwr_bad_outer(struct lwr_dev *dev);
int lwr_ok_after_unlock(struct lwr_dev *dev);
int lwr_ok_before_lock(struct lwr_dev *dev);

static void lwr_lock(struct lwr_dev *dev)
{
	spin_lock(&dev->lock);
}

static void lwr_unlock(struct lwr_dev *dev)
{
	spin_unlock(&dev->lock);
}

static unsigned long lwr_lock_irqsave(struct lwr_dev *dev)
{
	unsigned long flags;

	spin_lock_irqsave(&dev->lock, flags);
	return flags;
}

static void lwr_unlock_irqrestore(struct lwr_dev *dev, unsigned long flags)
{
	spin_unlock_irqrestore(&dev->lock, flags);
}

static void lwr_lock_outer(struct lwr_dev *dev)
{
	lwr_lock(dev);
}

static int lwr_fill(struct lwr_dev *dev)
{
	void *p;

	p = kmalloc(48, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!p)
		return -ENOMEM;
	kfree(dev->b);
	dev->b = p;
	return 0;
}

int lwr_bad_direct(struct lwr_dev *dev)
{
	void *p;

	lwr_lock(dev);
	p = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (p) {
		kfree(dev->a);
		dev->a = p;
	}
	lwr_unlock(dev);
	return p ? 0 : -ENOMEM;
}

int lwr_bad_callee(struct lwr_dev *dev)
{
	int ret;

	lwr_lock(dev);
	ret = lwr_fill(dev);
	lwr_unlock(dev);
	return ret;
}

int lwr_bad_irqsave(struct lwr_dev *dev)
{
	unsigned long flags;
	void *p;

	flags = lwr_lock_irqsave(dev);
	p = vzalloc(4096); /* expect: gfp-sleep-in-atomic */
	if (p) {
		vfree(dev->c);
		dev->c = p;
	}
	lwr_unlock_irqrestore(dev, flags);
	return p ? 0 : -ENOMEM;
}

int lwr_bad_outer(struct lwr_dev *dev)
{
	void *p;

	lwr_lock_outer(dev);
	p = kzalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (p) {
		kfree(dev->d);
		dev->d = p;
	}
	lwr_unlock(dev);
	return p ? 0 : -ENOMEM;
}

int lwr_ok_after_unlock(struct lwr_dev *dev)
{
	void *p;
	void *old;

	lwr_lock(dev);
	old = dev->e;
	dev->e = NULL;
	lwr_unlock(dev);
	kfree(old);
	p = kmalloc(32, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	lwr_lock(dev);
	swap(p, dev->e);
	lwr_unlock(dev);
	kfree(p);
	return 0;
}

int lwr_ok_before_lock(struct lwr_dev *dev)
{
	void *p;

	p = kzalloc(32, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	lwr_lock(dev);
	swap(p, dev->f);
	lwr_unlock(dev);
	kfree(p);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: lock/unlock wrapper functions");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/lock_wrapper.c:72:6: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/lock_wrapper.c:98: note: lwr_lock(): spinlock held from here (in lwr_bad_callee)
 * inter/lock_wrapper.c:99: note: calls lwr_fill() (in lwr_bad_callee)
 * inter/lock_wrapper.c:72: note: kmalloc(48, GFP_KERNEL) may sleep (direct reclaim) (in lwr_fill)
 * inter/lock_wrapper.c:85:6: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/lock_wrapper.c:84: note: lwr_lock(): spinlock held from here (in lwr_bad_direct)
 * inter/lock_wrapper.c:85: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in lwr_bad_direct)
 * inter/lock_wrapper.c:110:6: warning: vzalloc() may sleep in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/lock_wrapper.c:109: note: lwr_lock_irqsave(): spinlock held from here (in lwr_bad_irqsave)
 * inter/lock_wrapper.c:110: note: vzalloc(4096) may sleep (in lwr_bad_irqsave)
 * inter/lock_wrapper.c:124:6: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/lock_wrapper.c:123: note: lwr_lock_outer(): spinlock held from here (in lwr_bad_outer)
 * inter/lock_wrapper.c:124: note: kzalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in lwr_bad_outer)
 * check-output-end
 */
