// SPDX-License-Identifier: GPL-2.0
/*
 * highmem_kmalloc: gfp-highmem-kmalloc.  __GFP_HIGHMEM, alone or inside
 * GFP_HIGHUSER / GFP_HIGHUSER_MOVABLE, given to an allocator that returns a
 * kernel virtual address (kmalloc family, kmem_cache_alloc, kvmalloc,
 * __get_free_pages, get_zeroed_page): highmem pages have no permanent kernel
 * mapping.  alloc_pages() and friends return a struct page and may use
 * highmem; they are not reported, nor are masks without __GFP_HIGHMEM.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct hk_buf {
	void *data;
	unsigned long addr;
	struct page *page;
	size_t len;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int hk_kmalloc_highuser(struct hk_buf *b);
int hk_kzalloc_or_highmem(struct hk_buf *b);
int hk_get_free_pages(struct hk_buf *b);
int hk_get_zeroed_page(struct hk_buf *b);
int hk_kvmalloc(struct hk_buf *b);
int hk_cache(struct kmem_cache *cache, struct hk_buf *b);
int hk_alloc_pages(struct hk_buf *b);
int hk_alloc_page_movable(struct hk_buf *b);
int hk_alloc_pages_node(struct hk_buf *b, int nid);
int hk_kmalloc_user(struct hk_buf *b);
int hk_get_free_pages_kernel(struct hk_buf *b);
void hk_free(struct hk_buf *b);

/* ---- reported ---- */

int hk_kmalloc_highuser(struct hk_buf *b)
{
	b->data = kmalloc(b->len, GFP_HIGHUSER); /* expect: gfp-highmem-kmalloc */
	return b->data ? 0 : -ENOMEM;
}

int hk_kzalloc_or_highmem(struct hk_buf *b)
{
	b->data = kzalloc(b->len, GFP_KERNEL | __GFP_HIGHMEM); /* expect: gfp-highmem-kmalloc */
	return b->data ? 0 : -ENOMEM;
}

int hk_get_free_pages(struct hk_buf *b)
{
	b->addr = __get_free_pages(GFP_HIGHUSER_MOVABLE, 1); /* expect: gfp-highmem-kmalloc */
	return b->addr ? 0 : -ENOMEM;
}

int hk_get_zeroed_page(struct hk_buf *b)
{
	b->addr = get_zeroed_page(GFP_HIGHUSER); /* expect: gfp-highmem-kmalloc */
	return b->addr ? 0 : -ENOMEM;
}

int hk_kvmalloc(struct hk_buf *b)
{
	b->data = kvmalloc(b->len, GFP_KERNEL | __GFP_HIGHMEM); /* expect: gfp-highmem-kmalloc */
	return b->data ? 0 : -ENOMEM;
}

int hk_cache(struct kmem_cache *cache, struct hk_buf *b)
{
	gfp_t gfp = GFP_KERNEL | __GFP_HIGHMEM;

	b->data = kmem_cache_alloc(cache, gfp); /* expect: gfp-highmem-kmalloc */
	return b->data ? 0 : -ENOMEM;
}

/* ---- not reported ---- */

int hk_alloc_pages(struct hk_buf *b)
{
	b->page = alloc_pages(GFP_HIGHUSER, 0);
	return b->page ? 0 : -ENOMEM;
}

int hk_alloc_page_movable(struct hk_buf *b)
{
	b->page = alloc_page(GFP_HIGHUSER_MOVABLE);
	return b->page ? 0 : -ENOMEM;
}

int hk_alloc_pages_node(struct hk_buf *b, int nid)
{
	b->page = alloc_pages_node(nid, GFP_KERNEL | __GFP_HIGHMEM, 0);
	return b->page ? 0 : -ENOMEM;
}

int hk_kmalloc_user(struct hk_buf *b)
{
	b->data = kmalloc(b->len, GFP_USER);
	return b->data ? 0 : -ENOMEM;
}

int hk_get_free_pages_kernel(struct hk_buf *b)
{
	b->addr = __get_free_pages(GFP_KERNEL, 1);
	return b->addr ? 0 : -ENOMEM;
}

void hk_free(struct hk_buf *b)
{
	kvfree(b->data);
	free_pages(b->addr, 1);
	if (b->page)
		__free_pages(b->page, 0);
}

MODULE_DESCRIPTION("gfpcheck test: gfp-highmem-kmalloc");
MODULE_LICENSE("GPL");
