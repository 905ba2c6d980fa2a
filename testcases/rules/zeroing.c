// SPDX-License-Identifier: GPL-2.0
/*
 * zeroing: gfp-zeroing.  An allocator with a zeroing variant given
 * __GFP_ZERO, or always followed by memset(p, 0, <the allocation's size>)
 * (a later statement of its block, or the success branch of its NULL
 * check): use kzalloc(), kcalloc(), vzalloc().  Reported at the allocation.
 * Partial or non-zero memsets, memsets of another pointer or another size,
 * a memset on one branch only, the zeroing variants themselves, and
 * allocators without a zeroing variant are not.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

struct zr_hdr {
	u32 magic;
	u32 count;
	u8 payload[64];
};

struct zr_ctx {
	struct zr_hdr *hdr;
	u32 *vals;
	void *big;
	struct page *page;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int zr_kmalloc_memset(struct zr_ctx *c);
int zr_kmalloc_gfp_zero(struct zr_ctx *c, size_t len);
int zr_array_memset(struct zr_ctx *c, size_t n);
int zr_vmalloc_memset(struct zr_ctx *c, unsigned long size);
int zr_array_gfp_zero(struct zr_ctx *c, size_t n);
int zr_in_check(struct zr_ctx *c);
int zr_kzalloc(struct zr_ctx *c);
int zr_partial(struct zr_ctx *c);
int zr_poison(struct zr_ctx *c, size_t n);
int zr_other_pointer(struct zr_ctx *c);
int zr_reassigned(struct zr_ctx *c, struct zr_hdr *spare);
int zr_one_branch(struct zr_ctx *c, const void __user *src, size_t len, bool write);
int zr_pages_zero(struct zr_ctx *c);

/* ---- reported ---- */

int zr_kmalloc_memset(struct zr_ctx *c)
{
	struct zr_hdr *h = kmalloc(sizeof(*h), GFP_KERNEL); /* expect: gfp-zeroing */

	if (!h)
		return -ENOMEM;
	memset(h, 0, sizeof(*h));
	c->hdr = h;
	return 0;
}

int zr_kmalloc_gfp_zero(struct zr_ctx *c, size_t len)
{
	c->big = kmalloc(len, GFP_KERNEL | __GFP_ZERO); /* expect: gfp-zeroing */
	return c->big ? 0 : -ENOMEM;
}

int zr_array_memset(struct zr_ctx *c, size_t n)
{
	u32 *v;

	v = kmalloc_array(n, sizeof(u32), GFP_KERNEL); /* expect: gfp-zeroing */
	if (!v)
		return -ENOMEM;
	memset(v, 0, n * sizeof(u32));
	c->vals = v;
	return 0;
}

int zr_vmalloc_memset(struct zr_ctx *c, unsigned long size)
{
	void *p = vmalloc(size); /* expect: gfp-zeroing */

	if (!p)
		return -ENOMEM;
	memset(p, 0, size);
	c->big = p;
	return 0;
}

int zr_array_gfp_zero(struct zr_ctx *c, size_t n)
{
	c->vals = kmalloc_array(n, sizeof(u32), GFP_KERNEL | __GFP_ZERO); /* expect: gfp-zeroing */
	return c->vals ? 0 : -ENOMEM;
}

/* cleared in the success branch of its NULL check */
int zr_in_check(struct zr_ctx *c)
{
	u32 *v = kmalloc(64 * sizeof(u32), GFP_KERNEL); /* expect: gfp-zeroing */

	if (v) {
		memset(v, 0, 64 * sizeof(u32));
		c->vals = v;
	}
	return v ? 0 : -ENOMEM;
}

/* ---- not reported ---- */

int zr_kzalloc(struct zr_ctx *c)
{
	c->hdr = kzalloc(sizeof(*c->hdr), GFP_KERNEL);
	return c->hdr ? 0 : -ENOMEM;
}

int zr_partial(struct zr_ctx *c)
{
	struct zr_hdr *h = kmalloc(sizeof(*h), GFP_KERNEL);

	if (!h)
		return -ENOMEM;
	memset(h, 0, offsetof(struct zr_hdr, payload));
	c->hdr = h;
	return 0;
}

int zr_poison(struct zr_ctx *c, size_t n)
{
	u32 *v = kmalloc_array(n, sizeof(u32), GFP_KERNEL);

	if (!v)
		return -ENOMEM;
	memset(v, 0xff, n * sizeof(u32));
	c->vals = v;
	return 0;
}

int zr_other_pointer(struct zr_ctx *c)
{
	struct zr_hdr *h = kmalloc(sizeof(*h), GFP_KERNEL);

	if (!h)
		return -ENOMEM;
	memset(c->hdr, 0, sizeof(*h));
	c->hdr = h;
	return 0;
}

int zr_reassigned(struct zr_ctx *c, struct zr_hdr *spare)
{
	struct zr_hdr *h = kmalloc(sizeof(*h), GFP_KERNEL);

	if (!h)
		h = spare;
	memset(h, 0, sizeof(*h));
	c->hdr = h;
	return 0;
}

/* zeroed for reads only; a write fills it from user space */
int zr_one_branch(struct zr_ctx *c, const void __user *src, size_t len, bool write)
{
	u8 *buf = kmalloc(len, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	if (write) {
		if (copy_from_user(buf, src, len)) {
			kfree(buf);
			return -EFAULT;
		}
	} else {
		memset(buf, 0, len);
	}
	c->big = buf;
	return 0;
}

int zr_pages_zero(struct zr_ctx *c)
{
	c->page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 0);
	return c->page ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: gfp-zeroing");
MODULE_LICENSE("GPL");
