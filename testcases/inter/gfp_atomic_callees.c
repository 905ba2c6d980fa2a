// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_atomic_callees: callees reached with a spinlock held (and from a
 * hard-IRQ handler) that allocate only with flags lacking
 * __GFP_DIRECT_RECLAIM: GFP_ATOMIC, GFP_NOWAIT, GFP_ATOMIC | __GFP_NOWARN,
 * GFP_KERNEL & ~__GFP_DIRECT_RECLAIM.  None of them may sleep, so nothing
 * in this file is reported (no expectations).
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct gac_dev {
	spinlock_t lock;
	void *slot[4];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int gac_locked(struct gac_dev *d);
int gac_setup(struct gac_dev *d, unsigned int irq);

static void gac_put(struct gac_dev *d, unsigned int i, void *p)
{
	kfree(d->slot[i]);
	d->slot[i] = p;
}

static int gac_atomic(struct gac_dev *d)
{
	void *p = kmalloc(32, GFP_ATOMIC);

	if (!p)
		return -ENOMEM;
	gac_put(d, 0, p);
	return 0;
}

static int gac_nowait(struct gac_dev *d)
{
	void *p = kzalloc(32, GFP_NOWAIT);

	if (!p)
		return -ENOMEM;
	gac_put(d, 1, p);
	return 0;
}

static int gac_nowarn(struct gac_dev *d)
{
	void *p = kmalloc(32, GFP_ATOMIC | __GFP_NOWARN);

	if (!p)
		return -ENOMEM;
	gac_put(d, 2, p);
	return 0;
}

static int gac_no_reclaim(struct gac_dev *d)
{
	void *p = kmalloc(32, GFP_KERNEL & ~__GFP_DIRECT_RECLAIM);

	if (!p)
		return -ENOMEM;
	gac_put(d, 3, p);
	return 0;
}

int gac_locked(struct gac_dev *d)
{
	int ret;

	spin_lock(&d->lock);
	ret = gac_atomic(d);
	ret |= gac_nowait(d);
	ret |= gac_nowarn(d);
	ret |= gac_no_reclaim(d);
	spin_unlock(&d->lock);
	return ret;
}

static irqreturn_t gac_isr(int irq, void *dev_id)
{
	struct gac_dev *d = dev_id;

	spin_lock(&d->lock);
	gac_atomic(d);
	gac_nowait(d);
	spin_unlock(&d->lock);
	return IRQ_HANDLED;
}

int gac_setup(struct gac_dev *d, unsigned int irq)
{
	spin_lock_init(&d->lock);
	return request_irq(irq, gac_isr, 0, "gac", d);
}

MODULE_DESCRIPTION("gfpcheck test: non-sleeping flags in atomic callees");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * check-output-end
 */
