// SPDX-License-Identifier: GPL-2.0
/*
 * allocator_pages: page allocator entry points.  alloc_pages(),
 * alloc_page() (a macro for alloc_pages(gfp, 0), reported on the line
 * where alloc_page is written), __get_free_pages() and get_zeroed_page()
 * with GFP_KERNEL under a spinlock are reported.  The same calls with
 * GFP_ATOMIC under the lock, or with GFP_KERNEL after the unlock, are not.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/spinlock.h>

struct ap_pool {
	spinlock_t lock;
	struct page *big;
	struct page *single;
	unsigned long buf;
	unsigned long zero;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void ap_fill_locked(struct ap_pool *p, unsigned int order);
void ap_fill_atomic(struct ap_pool *p, unsigned int order);
void ap_fill_unlocked(struct ap_pool *p, unsigned int order);

void ap_fill_locked(struct ap_pool *p, unsigned int order)
{
	spin_lock(&p->lock);
	p->big = alloc_pages(GFP_KERNEL, order); /* expect: gfp-sleep-in-atomic */
	p->single = alloc_page(GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	p->buf = __get_free_pages(GFP_KERNEL, order); /* expect: gfp-sleep-in-atomic */
	p->zero = get_zeroed_page(GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&p->lock);
}

void ap_fill_atomic(struct ap_pool *p, unsigned int order)
{
	spin_lock(&p->lock);
	p->big = alloc_pages(GFP_ATOMIC, order);
	p->single = alloc_page(GFP_ATOMIC);
	p->buf = __get_free_pages(GFP_ATOMIC, order);
	p->zero = get_zeroed_page(GFP_ATOMIC);
	spin_unlock(&p->lock);
}

void ap_fill_unlocked(struct ap_pool *p, unsigned int order)
{
	struct page *big, *single;
	unsigned long buf, zero;

	big = alloc_pages(GFP_KERNEL, order);
	single = alloc_page(GFP_KERNEL);
	buf = __get_free_pages(GFP_KERNEL, order);
	zero = get_zeroed_page(GFP_KERNEL);

	spin_lock(&p->lock);
	p->big = big;
	p->single = single;
	p->buf = buf;
	p->zero = zero;
	spin_unlock(&p->lock);
}

MODULE_DESCRIPTION("gfpcheck test: page allocator");
MODULE_LICENSE("GPL");
