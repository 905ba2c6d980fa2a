// SPDX-License-Identifier: GPL-2.0
/*
 * dma_legacy: gfp-dma-legacy.  GFP_DMA / GFP_DMA32 (__GFP_DMA, __GFP_DMA32)
 * with a kmalloc-family allocator (slab, devm, kvmalloc).  The allocation
 * guide calls them legacy: use the DMA API.  __GFP_DMA32 with slab is a
 * warning (slab has no DMA32 caches; kmalloc strips the flag).  The page
 * allocator, dma_alloc_coherent() and masks without a DMA zone are not
 * reported.
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct dl_dev {
	struct device *dev;
	void *buf;
	unsigned long addr;
	struct page *page;
	dma_addr_t handle;
	size_t len;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int dl_kmalloc_dma(struct dl_dev *d);
int dl_kzalloc_dma(struct dl_dev *d);
int dl_devm(struct dl_dev *d);
int dl_kmalloc_dma32(struct dl_dev *d);
int dl_kmalloc_array(struct dl_dev *d, size_t n);
int dl_pages(struct dl_dev *d);
int dl_alloc_pages_dma32(struct dl_dev *d);
int dl_dma_api(struct dl_dev *d);
int dl_kmalloc_plain(struct dl_dev *d);

/* ---- reported ---- */

int dl_kmalloc_dma(struct dl_dev *d)
{
	d->buf = kmalloc(d->len, GFP_KERNEL | GFP_DMA); /* expect: gfp-dma-legacy:note "legacy GFP_DMA" */
	return d->buf ? 0 : -ENOMEM;
}

int dl_kzalloc_dma(struct dl_dev *d)
{
	d->buf = kzalloc(d->len, GFP_DMA | GFP_KERNEL); /* expect: gfp-dma-legacy */
	return d->buf ? 0 : -ENOMEM;
}

int dl_devm(struct dl_dev *d)
{
	d->buf = devm_kzalloc(d->dev, d->len, GFP_KERNEL | __GFP_DMA); /* expect: gfp-dma-legacy */
	return d->buf ? 0 : -ENOMEM;
}

int dl_kmalloc_dma32(struct dl_dev *d)
{
	d->buf = kmalloc(d->len, GFP_KERNEL | GFP_DMA32); /* expect: gfp-dma-legacy:warning "__GFP_DMA32" */
	return d->buf ? 0 : -ENOMEM;
}

int dl_kmalloc_array(struct dl_dev *d, size_t n)
{
	d->buf = kmalloc_array(n, sizeof(u32), GFP_KERNEL | GFP_DMA); /* expect: gfp-dma-legacy */
	return d->buf ? 0 : -ENOMEM;
}

/* ---- not reported ---- */

int dl_pages(struct dl_dev *d)
{
	d->addr = __get_free_pages(GFP_KERNEL | GFP_DMA, 0);
	return d->addr ? 0 : -ENOMEM;
}

int dl_alloc_pages_dma32(struct dl_dev *d)
{
	d->page = alloc_pages(GFP_KERNEL | GFP_DMA32, 0);
	return d->page ? 0 : -ENOMEM;
}

int dl_dma_api(struct dl_dev *d)
{
	d->buf = dma_alloc_coherent(d->dev, d->len, &d->handle, GFP_KERNEL);
	return d->buf ? 0 : -ENOMEM;
}

int dl_kmalloc_plain(struct dl_dev *d)
{
	d->buf = kmalloc(d->len, GFP_KERNEL);
	return d->buf ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: gfp-dma-legacy");
MODULE_LICENSE("GPL");
