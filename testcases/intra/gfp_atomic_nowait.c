// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_atomic_nowait: GFP_ATOMIC and GFP_NOWAIT never enter direct reclaim
 * (they do not contain __GFP_DIRECT_RECLAIM), so they are the right flags
 * under a spinlock, with interrupts or bottom halves disabled, or in an RCU
 * read section: none of those allocations is reported, including variants
 * with __GFP_NOWARN and __GFP_ZERO added.  gan_mixed makes two allocations
 * under the same lock; only the GFP_KERNEL one is reported.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct gan_ctx {
	spinlock_t lock;
	void *a;
	void *b;
	struct page *page;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int gan_spin_atomic(struct gan_ctx *ctx, size_t size);
int gan_irqsave_nowarn(struct gan_ctx *ctx, size_t size);
int gan_bh_pages(struct gan_ctx *ctx);
void *gan_rcu_nowait(struct gan_ctx *ctx, size_t size);
int gan_mixed(struct gan_ctx *ctx, size_t size);

int gan_spin_atomic(struct gan_ctx *ctx, size_t size)
{
	spin_lock(&ctx->lock);
	ctx->a = kmalloc(size, GFP_ATOMIC);
	ctx->b = kzalloc(size, GFP_NOWAIT);
	spin_unlock(&ctx->lock);
	return ctx->a && ctx->b ? 0 : -ENOMEM;
}

int gan_irqsave_nowarn(struct gan_ctx *ctx, size_t size)
{
	unsigned long flags;

	spin_lock_irqsave(&ctx->lock, flags);
	ctx->a = kmalloc(size, GFP_ATOMIC | __GFP_NOWARN);
	ctx->b = kzalloc(size, GFP_NOWAIT | __GFP_NOWARN);
	spin_unlock_irqrestore(&ctx->lock, flags);
	return ctx->a && ctx->b ? 0 : -ENOMEM;
}

int gan_bh_pages(struct gan_ctx *ctx)
{
	spin_lock_bh(&ctx->lock);
	ctx->page = alloc_pages(GFP_ATOMIC | __GFP_ZERO, 1);
	spin_unlock_bh(&ctx->lock);
	return ctx->page ? 0 : -ENOMEM;
}

void *gan_rcu_nowait(struct gan_ctx *ctx, size_t size)
{
	void *buf;

	rcu_read_lock();
	buf = kmalloc(size, GFP_NOWAIT);
	rcu_read_unlock();
	return buf;
}

int gan_mixed(struct gan_ctx *ctx, size_t size)
{
	spin_lock(&ctx->lock);
	ctx->a = kmalloc(size, GFP_ATOMIC);
	ctx->b = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&ctx->lock);
	return ctx->a && ctx->b ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: GFP_ATOMIC and GFP_NOWAIT under locks");
MODULE_LICENSE("GPL");
