// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_file_macros: drivers often name their own masks.  What matters is
 * the value the macro expands to: GFP_DRV_DEFAULT (GFP_KERNEL |
 * __GFP_NOWARN) and GFP_DRV_USER (an alias of GFP_USER) may sleep and are
 * reported under the lock; GFP_DRV_IRQ (GFP_ATOMIC | __GFP_NOWARN) and
 * GFP_DRV_TRY (GFP_KERNEL with direct reclaim masked off) may not and are
 * not reported.  A sleeping driver mask used after the unlock is not
 * reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define GFP_DRV_DEFAULT	(GFP_KERNEL | __GFP_NOWARN)
#define GFP_DRV_USER	GFP_USER
#define GFP_DRV_IRQ	(GFP_ATOMIC | __GFP_NOWARN)
#define GFP_DRV_TRY	(GFP_KERNEL & ~__GFP_DIRECT_RECLAIM)

struct gfm_dev {
	spinlock_t lock;
	void *buf[4];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void gfm_locked(struct gfm_dev *d, size_t size);
void *gfm_unlocked(struct gfm_dev *d, size_t size);

void gfm_locked(struct gfm_dev *d, size_t size)
{
	spin_lock(&d->lock);
	d->buf[0] = kmalloc(size, GFP_DRV_DEFAULT); /* expect: gfp-sleep-in-atomic */
	d->buf[1] = kmalloc(size, GFP_DRV_USER); /* expect: gfp-sleep-in-atomic */
	d->buf[2] = kmalloc(size, GFP_DRV_IRQ);
	d->buf[3] = kmalloc(size, GFP_DRV_TRY);
	spin_unlock(&d->lock);
}

void *gfm_unlocked(struct gfm_dev *d, size_t size)
{
	spin_lock(&d->lock);
	kfree(d->buf[0]);
	d->buf[0] = NULL;
	spin_unlock(&d->lock);
	return kmalloc(size, GFP_DRV_DEFAULT);
}

MODULE_DESCRIPTION("gfpcheck test: driver-defined GFP macros");
MODULE_LICENSE("GPL");
