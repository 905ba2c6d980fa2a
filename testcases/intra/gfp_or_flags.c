// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_or_flags: masks built with `|`.  Adding modifiers does not remove
 * __GFP_DIRECT_RECLAIM, so GFP_KERNEL | __GFP_ZERO, GFP_KERNEL_ACCOUNT |
 * __GFP_NOWARN, GFP_KERNEL | __GFP_NOWARN | __GFP_RETRY_MAYFAIL, the
 * spelled-out __GFP_RECLAIM | __GFP_IO | __GFP_FS and (for pages)
 * GFP_KERNEL | GFP_DMA32 under a spinlock are reported.  GFP_ATOMIC |
 * __GFP_ZERO, GFP_NOWAIT | __GFP_NOWARN, GFP_ATOMIC | GFP_DMA32 and the
 * spelled-out __GFP_HIGH | __GFP_KSWAPD_RECLAIM have no direct-reclaim bit
 * and are not.  kmalloc(GFP_KERNEL | __GFP_ZERO) is also what kzalloc() is
 * for, so that line carries a second expected finding, gfp-zeroing.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct gof_ctx {
	spinlock_t lock;
	void *slot[4];
	struct page *pg[3];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void gof_sleeping_combinations(struct gof_ctx *c, size_t size);
void gof_non_sleeping_combinations(struct gof_ctx *c, size_t size);
void gof_sleeping_unlocked(struct gof_ctx *c, size_t size);

void gof_sleeping_combinations(struct gof_ctx *c, size_t size)
{
	spin_lock(&c->lock);
	c->slot[0] = kmalloc(size, GFP_KERNEL | __GFP_ZERO); /* expect: gfp-sleep-in-atomic, gfp-zeroing */
	c->slot[1] = kmalloc(size, GFP_KERNEL_ACCOUNT | __GFP_NOWARN); /* expect: gfp-sleep-in-atomic */
	c->slot[2] = kmalloc(size, GFP_KERNEL | __GFP_NOWARN | __GFP_RETRY_MAYFAIL); /* expect: gfp-sleep-in-atomic */
	c->slot[3] = kmalloc(size, __GFP_RECLAIM | __GFP_IO | __GFP_FS); /* expect: gfp-sleep-in-atomic */
	c->pg[0] = alloc_pages(GFP_KERNEL | GFP_DMA32, 0); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&c->lock);
}

void gof_non_sleeping_combinations(struct gof_ctx *c, size_t size)
{
	spin_lock(&c->lock);
	c->pg[1] = alloc_pages(GFP_ATOMIC | __GFP_ZERO, 0);
	c->slot[1] = kmalloc(size, GFP_NOWAIT | __GFP_NOWARN);
	c->pg[2] = alloc_pages(GFP_ATOMIC | GFP_DMA32, 0);
	c->slot[3] = kmalloc(size, __GFP_HIGH | __GFP_KSWAPD_RECLAIM);
	spin_unlock(&c->lock);
}

void gof_sleeping_unlocked(struct gof_ctx *c, size_t size)
{
	void *p = kzalloc(size, GFP_KERNEL | __GFP_NOWARN | __GFP_RETRY_MAYFAIL);

	spin_lock(&c->lock);
	swap(p, c->slot[0]);
	spin_unlock(&c->lock);
	kfree(p);
}

MODULE_DESCRIPTION("gfpcheck test: GFP masks combined with |");
MODULE_LICENSE("GPL");
