// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_forward_two_levels: gfp flags forwarded through two and three
 * functions.  gf2_inner(n, gfp) allocates with its parameter; gf2_outer(d,
 * gfp) calls gf2_inner(.., gfp) with no lock of its own; gf2_top(d, gfp)
 * calls gf2_outer(d, gfp).  The finding is at the call in the atomic
 * caller, where the sleeping flags are written:
 *  - gf2_locked_bad: gf2_outer(d, GFP_KERNEL) under spin_lock_bh: reported
 *    at that call.
 *  - gf2_irqoff_bad: gf2_top(d, GFP_KERNEL) with IRQs disabled (three
 *    levels): reported at that call.
 *  - gf2_locked_ok: gf2_outer(d, GFP_ATOMIC) under the lock, and
 *    gf2_outer(d, GFP_KERNEL & ~__GFP_DIRECT_RECLAIM): not reported.
 *  - gf2_sleepable: gf2_outer(d, GFP_KERNEL) and gf2_top(d, GFP_KERNEL) in
 *    process context: not reported.
 * Nothing inside gf2_inner, gf2_outer or gf2_top is reported.
 */
#include <linux/module.h>
#include <linux/irqflags.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct gf2_dev {
	spinlock_t lock;
	void *buf;
	size_t size;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void *gf2_inner(size_t n, gfp_t gfp);
int gf2_outer(struct gf2_dev *d, gfp_t gfp);
int gf2_top(struct gf2_dev *d, gfp_t gfp);
int gf2_locked_bad(struct gf2_dev *d);
int gf2_irqoff_bad(struct gf2_dev *d);
int gf2_locked_ok(struct gf2_dev *d);
int gf2_sleepable(struct gf2_dev *d);

void *gf2_inner(size_t n, gfp_t gfp)
{
	return kzalloc(n, gfp);
}

int gf2_outer(struct gf2_dev *d, gfp_t gfp)
{
	void *buf;

	buf = gf2_inner(d->size, gfp);
	if (!buf)
		return -ENOMEM;
	kfree(d->buf);
	d->buf = buf;
	return 0;
}

int gf2_top(struct gf2_dev *d, gfp_t gfp)
{
	if (!d->size)
		d->size = 64;
	return gf2_outer(d, gfp);
}

int gf2_locked_bad(struct gf2_dev *d)
{
	int ret;

	spin_lock_bh(&d->lock);
	ret = gf2_outer(d, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock_bh(&d->lock);
	return ret;
}

int gf2_irqoff_bad(struct gf2_dev *d)
{
	unsigned long flags;
	int ret;

	local_irq_save(flags);
	ret = gf2_top(d, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	local_irq_restore(flags);
	return ret;
}

int gf2_locked_ok(struct gf2_dev *d)
{
	int ret;

	spin_lock(&d->lock);
	ret = gf2_outer(d, GFP_ATOMIC);
	if (ret)
		ret = gf2_outer(d, GFP_KERNEL & ~__GFP_DIRECT_RECLAIM);
	spin_unlock(&d->lock);
	return ret;
}

int gf2_sleepable(struct gf2_dev *d)
{
	int ret;

	ret = gf2_outer(d, GFP_KERNEL);
	if (ret)
		return ret;
	return gf2_top(d, GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: gfp_t forwarding through two and three levels");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/gfp_forward_two_levels.c:67:8: warning: gf2_outer() allocates with GFP_KERNEL, which may sleep (direct reclaim), in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/gfp_forward_two_levels.c:66: note: spin_lock_bh(&d->lock): spinlock held from here (in gf2_locked_bad)
 * inter/gfp_forward_two_levels.c:67: note: passes GFP_KERNEL to gf2_outer() (in gf2_locked_bad)
 * inter/gfp_forward_two_levels.c:47: note: passes the mask on to gf2_inner() (in gf2_outer)
 * inter/gfp_forward_two_levels.c:40: note: kzalloc(n, gfp) allocates with the caller's mask (in gf2_inner)
 * inter/gfp_forward_two_levels.c:78:8: warning: gf2_top() allocates with GFP_KERNEL, which may sleep (direct reclaim), in atomic context (IRQs disabled) [gfp-sleep-in-atomic]
 * inter/gfp_forward_two_levels.c:77: note: local_irq_save(flags): IRQs disabled from here (in gf2_irqoff_bad)
 * inter/gfp_forward_two_levels.c:78: note: passes GFP_KERNEL to gf2_top() (in gf2_irqoff_bad)
 * inter/gfp_forward_two_levels.c:59: note: passes the mask on to gf2_outer() (in gf2_top)
 * inter/gfp_forward_two_levels.c:47: note: passes the mask on to gf2_inner() (in gf2_outer)
 * inter/gfp_forward_two_levels.c:40: note: kzalloc(n, gfp) allocates with the caller's mask (in gf2_inner)
 * check-output-end
 */
