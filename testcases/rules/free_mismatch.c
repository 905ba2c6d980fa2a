// SPDX-License-Identifier: GPL-2.0
/*
 * free_mismatch: gfp-free-mismatch.  Memory freed with the free function of
 * another allocator family: vmalloc memory with kfree(), slab memory with
 * vfree(), kvmalloc memory with kfree() or vfree(), devm memory with
 * kfree().  Reported at the free.  Matching frees, kvfree() of slab,
 * vmalloc or kvmalloc memory, and a pointer reassigned before the free are
 * not reported.
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct fm_ctx {
	struct device *dev;
	void *buf;
	size_t len;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void fm_vmalloc_kfree(struct fm_ctx *c);
void fm_kmalloc_vfree(struct fm_ctx *c);
void fm_kvmalloc_kfree(struct fm_ctx *c);
void fm_devm_kfree(struct fm_ctx *c);
void fm_one_path(struct fm_ctx *c);
void fm_member(struct fm_ctx *c);
void fm_kvfree_either(struct fm_ctx *c);
void fm_kvmalloc_kvfree(struct fm_ctx *c);
void fm_vmalloc_vfree(struct fm_ctx *c);
void fm_devm_devm_kfree(struct fm_ctx *c);
void fm_cache(struct kmem_cache *cache);
void fm_reassigned(struct fm_ctx *c);
void fm_pages(void);

/* ---- reported ---- */

void fm_vmalloc_kfree(struct fm_ctx *c)
{
	void *p = vmalloc(c->len);

	if (!p)
		return;
	c->len = 0;
	kfree(p); /* expect: gfp-free-mismatch */
}

void fm_kmalloc_vfree(struct fm_ctx *c)
{
	char *p = kmalloc(c->len, GFP_KERNEL);

	if (!p)
		return;
	p[0] = 1;
	vfree(p); /* expect: gfp-free-mismatch */
}

void fm_kvmalloc_kfree(struct fm_ctx *c)
{
	void *p = kvmalloc(c->len, GFP_KERNEL);

	kfree(p); /* expect: gfp-free-mismatch */
}

void fm_devm_kfree(struct fm_ctx *c)
{
	void *p = devm_kzalloc(c->dev, c->len, GFP_KERNEL);

	kfree(p); /* expect: gfp-free-mismatch */
}

/* vmalloc on one path only */
void fm_one_path(struct fm_ctx *c)
{
	void *p;

	if (c->len > PAGE_SIZE)
		p = vmalloc(c->len);
	else
		p = kmalloc(c->len, GFP_KERNEL);
	kfree(p); /* expect: gfp-free-mismatch */
}

/* a member */
void fm_member(struct fm_ctx *c)
{
	c->buf = vzalloc(c->len);
	kfree(c->buf); /* expect: gfp-free-mismatch */
	c->buf = NULL;
}

/* ---- not reported ---- */

void fm_kvfree_either(struct fm_ctx *c)
{
	void *p;

	if (c->len > PAGE_SIZE)
		p = vmalloc(c->len);
	else
		p = kmalloc(c->len, GFP_KERNEL);
	kvfree(p);
}

void fm_kvmalloc_kvfree(struct fm_ctx *c)
{
	void *p = kvzalloc(c->len, GFP_KERNEL);

	kvfree(p);
}

void fm_vmalloc_vfree(struct fm_ctx *c)
{
	void *p = vmalloc(c->len);

	vfree(p);
}

void fm_devm_devm_kfree(struct fm_ctx *c)
{
	void *p = devm_kzalloc(c->dev, c->len, GFP_KERNEL);

	devm_kfree(c->dev, p);
}

void fm_cache(struct kmem_cache *cache)
{
	void *obj = kmem_cache_alloc(cache, GFP_KERNEL);

	if (obj)
		kmem_cache_free(cache, obj);
}

void fm_reassigned(struct fm_ctx *c)
{
	void *p = vmalloc(c->len);

	vfree(p);
	p = kmalloc(c->len, GFP_KERNEL);
	kfree(p);
}

void fm_pages(void)
{
	unsigned long addr = __get_free_pages(GFP_KERNEL, 1);

	free_pages(addr, 1);
}

MODULE_DESCRIPTION("gfpcheck test: gfp-free-mismatch");
MODULE_LICENSE("GPL");
