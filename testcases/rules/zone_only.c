// SPDX-License-Identifier: GPL-2.0
/*
 * zone_only: gfp-zone-only.  A mask of zone modifiers alone (__GFP_DMA,
 * __GFP_DMA32, __GFP_HIGHMEM, __GFP_MOVABLE) without reclaim, IO, FS or
 * reserve bits: GFP_DMA was meant as GFP_KERNEL | GFP_DMA, but this mask
 * neither reclaims nor wakes kswapd.  A zone modifier combined with a base
 * mask (GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, GFP_HIGHUSER) is not reported.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct zo_dev {
	void *buf;
	unsigned long addr;
	struct page *page;
	size_t len;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int zo_kmalloc_dma(struct zo_dev *d);
int zo_pages_highmem(struct zo_dev *d);
int zo_free_pages_dma32(struct zo_dev *d);
int zo_dma_nowarn(struct zo_dev *d);
int zo_movable(struct zo_dev *d);
int zo_kernel_dma(struct zo_dev *d);
int zo_atomic_dma32(struct zo_dev *d);
int zo_nowait_highmem(struct zo_dev *d);
int zo_highuser(struct zo_dev *d);

/* ---- reported ---- */

int zo_kmalloc_dma(struct zo_dev *d)
{
	d->buf = kmalloc(d->len, GFP_DMA); /* expect: gfp-zone-only, gfp-dma-legacy */
	return d->buf ? 0 : -ENOMEM;
}

int zo_pages_highmem(struct zo_dev *d)
{
	d->page = alloc_pages(__GFP_HIGHMEM, 0); /* expect: gfp-zone-only */
	return d->page ? 0 : -ENOMEM;
}

int zo_free_pages_dma32(struct zo_dev *d)
{
	d->addr = __get_free_pages(GFP_DMA32, 0); /* expect: gfp-zone-only */
	return d->addr ? 0 : -ENOMEM;
}

int zo_dma_nowarn(struct zo_dev *d)
{
	d->page = alloc_pages(__GFP_DMA | __GFP_NOWARN, 1); /* expect: gfp-zone-only */
	return d->page ? 0 : -ENOMEM;
}

int zo_movable(struct zo_dev *d)
{
	d->page = alloc_page(__GFP_MOVABLE); /* expect: gfp-zone-only */
	return d->page ? 0 : -ENOMEM;
}

/* ---- not reported ---- */

int zo_kernel_dma(struct zo_dev *d)
{
	d->page = alloc_pages(GFP_KERNEL | GFP_DMA, 0);
	return d->page ? 0 : -ENOMEM;
}

int zo_atomic_dma32(struct zo_dev *d)
{
	d->page = alloc_pages(GFP_ATOMIC | __GFP_DMA32, 0);
	return d->page ? 0 : -ENOMEM;
}

int zo_nowait_highmem(struct zo_dev *d)
{
	d->page = alloc_pages(GFP_NOWAIT | __GFP_HIGHMEM, 0);
	return d->page ? 0 : -ENOMEM;
}

int zo_highuser(struct zo_dev *d)
{
	d->page = alloc_pages(GFP_HIGHUSER_MOVABLE, 0);
	return d->page ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: gfp-zone-only");
MODULE_LICENSE("GPL");
