// SPDX-License-Identifier: GPL-2.0
/*
 * header_inline_outside: allocations inside inline functions of the
 * kernel's own headers, outside this module's directory.
 * dma_fence_chain_alloc() (include/linux/dma-fence-chain.h) is
 * `return kmalloc(sizeof(struct dma_fence_chain), GFP_KERNEL);`.
 *  - hio_locked calls it under a spinlock: the bug is the module's, and it
 *    is reported at the module's call (the trace still goes down into the
 *    header), not inside the header the user cannot change.
 *  - hio_sleepable calls it in process context: not reported.
 *  - net/sock.h's gfp_any() picks its mask with in_softirq(); it is the
 *    kernel's, not this module's: nothing is reported inside the header.
 */
#include <linux/module.h>
#include <linux/dma-fence-chain.h>
#include <linux/spinlock.h>
#include <net/sock.h>

struct hio_ctx {
	spinlock_t lock;
	struct dma_fence_chain *chain;
};

static struct hio_ctx hio;

static void hio_locked(struct hio_ctx *c)
{
	spin_lock(&c->lock);
	if (!c->chain)
		c->chain = dma_fence_chain_alloc(); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&c->lock);
}

static void hio_sleepable(struct hio_ctx *c)
{
	struct dma_fence_chain *chain = dma_fence_chain_alloc();

	dma_fence_chain_free(chain);
}

static struct sk_buff *hio_skb(struct sk_buff *skb)
{
	return skb_clone(skb, gfp_any());
}

static int __init hio_init(void)
{
	spin_lock_init(&hio.lock);
	hio_sleepable(&hio);
	hio_locked(&hio);
	kfree_skb(hio_skb(NULL));
	return 0;
}

module_init(hio_init);
MODULE_LICENSE("GPL");

/*
 * dma_fence_chain_alloc() is an inline function in 6.1, whose chain goes
 * into the kernel header, and a macro in 6.12.
 * The finding is moved out of the header to the last step of its chain
 * in the module, the call at line 30, column 14.
 * check-output-start 6.1
 * inter/header_inline_outside.c:30:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/header_inline_outside.c:28: note: spin_lock(&c->lock): spinlock held from here (in hio_locked)
 * inter/header_inline_outside.c:30: note: calls dma_fence_chain_alloc() (in hio_locked)
 * <kernel>/include/linux/dma-fence-chain.h:91: note: kmalloc(sizeof(struct dma_fence_chain), GFP_KERNEL) may sleep (direct reclaim) (in dma_fence_chain_alloc)
 * check-output-end
 *
 * check-output-start
 * inter/header_inline_outside.c:30:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/header_inline_outside.c:28: note: spin_lock(&c->lock): spinlock held from here (in hio_locked)
 * inter/header_inline_outside.c:30: note: dma_fence_chain_alloc() may sleep (direct reclaim) (in hio_locked)
 * check-output-end
 */
