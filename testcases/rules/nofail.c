// SPDX-License-Identifier: GPL-2.0
/*
 * nofail: gfp-nofail.  Every __GFP_NOFAIL use is reported: at the
 * allocation, or where the flags are passed to a function taking gfp_t.
 * It is an error when the mask cannot block (GFP_ATOMIC, GFP_NOWAIT: no
 * direct reclaim) or the request is costly (order > 1, or a constant size
 * over two pages).  A NULL check of a NOFAIL result is dead code and is
 * reported as a note on the check; a non-blocking NOFAIL request can fail
 * (the page allocator warns and gives up), so its result still needs one.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct nf_ctx {
	void *obj;
	struct page *pages;
	size_t len;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int nf_helper(struct nf_ctx *c, gfp_t gfp);
void nf_plain(struct nf_ctx *c);
void nf_atomic(struct nf_ctx *c);
void nf_nowait(struct nf_ctx *c);
void nf_order(struct nf_ctx *c);
void nf_big(struct nf_ctx *c);
void nf_local(struct nf_ctx *c);
int nf_pass(struct nf_ctx *c);
int nf_dead_check(struct nf_ctx *c);
int nf_atomic_deref(struct nf_ctx *c);
int nf_kernel(struct nf_ctx *c);
int nf_retry_mayfail(struct nf_ctx *c);
int nf_order_no_nofail(struct nf_ctx *c);
int nf_pass_kernel(struct nf_ctx *c);
int nf_check_mixed(struct nf_ctx *c, bool must);

int nf_helper(struct nf_ctx *c, gfp_t gfp)
{
	c->obj = kmalloc(c->len, gfp);
	return c->obj ? 0 : -ENOMEM;
}

/* ---- reported ---- */

void nf_plain(struct nf_ctx *c)
{
	c->obj = kzalloc(c->len, GFP_KERNEL | __GFP_NOFAIL); /* expect: gfp-nofail:warning "loops until it succeeds" */
}

/* error: GFP_ATOMIC cannot reclaim */
void nf_atomic(struct nf_ctx *c)
{
	c->obj = kmalloc(c->len, GFP_ATOMIC | __GFP_NOFAIL); /* expect: gfp-nofail:error "cannot block" */
}

/* error: GFP_NOWAIT cannot reclaim */
void nf_nowait(struct nf_ctx *c)
{
	c->obj = kmalloc(c->len, GFP_NOWAIT | __GFP_NOFAIL); /* expect: gfp-nofail:error "cannot block" */
}

/* error: an order-2 request */
void nf_order(struct nf_ctx *c)
{
	c->pages = alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 2); /* expect: gfp-nofail:error "costly" */
}

/* error: four pages from kmalloc */
void nf_big(struct nf_ctx *c)
{
	c->obj = kmalloc(4 * PAGE_SIZE, GFP_KERNEL | __GFP_NOFAIL); /* expect: gfp-nofail:error "costly" */
}

/* through a local gfp_t */
void nf_local(struct nf_ctx *c)
{
	gfp_t gfp = GFP_NOFS | __GFP_NOFAIL;

	c->obj = kmalloc(c->len, gfp); /* expect: gfp-nofail, gfp-nofs-scope */
}

/* passed to a function that allocates with it */
int nf_pass(struct nf_ctx *c)
{
	return nf_helper(c, GFP_KERNEL | __GFP_NOFAIL); /* expect: gfp-nofail */
}

/* the check after a NOFAIL allocation can never be true */
int nf_dead_check(struct nf_ctx *c)
{
	int *v = kmalloc(sizeof(*v), GFP_KERNEL | __GFP_NOFAIL); /* expect: gfp-nofail */

	if (!v) /* expect: gfp-nofail:note "never returns NULL" */
		return -ENOMEM;
	*v = 1;
	c->obj = v;
	return 0;
}

/* a non-blocking NOFAIL can still fail: its result needs a check */
int nf_atomic_deref(struct nf_ctx *c)
{
	int *v = kmalloc(sizeof(*v), GFP_ATOMIC | __GFP_NOFAIL); /* expect: gfp-nofail:error "cannot block" */

	*v = 3; /* expect: gfp-unchecked-alloc */
	c->obj = v;
	return 0;
}

/* ---- not reported ---- */

int nf_kernel(struct nf_ctx *c)
{
	c->obj = kmalloc(c->len, GFP_KERNEL);
	return c->obj ? 0 : -ENOMEM;
}

int nf_retry_mayfail(struct nf_ctx *c)
{
	c->obj = kvmalloc(c->len, GFP_KERNEL | __GFP_RETRY_MAYFAIL);
	return c->obj ? 0 : -ENOMEM;
}

int nf_order_no_nofail(struct nf_ctx *c)
{
	c->pages = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 2);
	return c->pages ? 0 : -ENOMEM;
}

int nf_pass_kernel(struct nf_ctx *c)
{
	return nf_helper(c, GFP_KERNEL);
}

/* a NULL check of an allocation that may fail is not dead */
int nf_check_mixed(struct nf_ctx *c, bool must)
{
	int *v;

	if (must)
		v = kmalloc(sizeof(*v), GFP_KERNEL | __GFP_NOFAIL); /* expect: gfp-nofail */
	else
		v = kmalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	*v = 2;
	c->obj = v;
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: gfp-nofail");
MODULE_LICENSE("GPL");
