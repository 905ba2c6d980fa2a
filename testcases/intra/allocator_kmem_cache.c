// SPDX-License-Identifier: GPL-2.0
/*
 * allocator_kmem_cache: objects from a dedicated slab cache.
 * kmem_cache_alloc() and kmem_cache_zalloc() take the GFP mask as their
 * second argument; with GFP_KERNEL under the lock they are reported, with
 * GFP_ATOMIC under the lock or GFP_KERNEL before it they are not.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct akc_req {
	struct list_head node;
	u32 tag;
};

struct akc_queue {
	spinlock_t lock;
	struct kmem_cache *cache;
	struct list_head reqs;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
struct akc_req *akc_get_locked(struct akc_queue *q, u32 tag);
struct akc_req *akc_get_zeroed_locked(struct akc_queue *q, u32 tag);
struct akc_req *akc_get_atomic(struct akc_queue *q, u32 tag);
struct akc_req *akc_get_prealloc(struct akc_queue *q, u32 tag);

struct akc_req *akc_get_locked(struct akc_queue *q, u32 tag)
{
	struct akc_req *req;

	spin_lock(&q->lock);
	req = kmem_cache_alloc(q->cache, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (req) {
		req->tag = tag;
		list_add_tail(&req->node, &q->reqs);
	}
	spin_unlock(&q->lock);
	return req;
}

struct akc_req *akc_get_zeroed_locked(struct akc_queue *q, u32 tag)
{
	struct akc_req *req;
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	req = kmem_cache_zalloc(q->cache, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (req) {
		req->tag = tag;
		list_add_tail(&req->node, &q->reqs);
	}
	spin_unlock_irqrestore(&q->lock, flags);
	return req;
}

struct akc_req *akc_get_atomic(struct akc_queue *q, u32 tag)
{
	struct akc_req *req;

	spin_lock(&q->lock);
	req = kmem_cache_zalloc(q->cache, GFP_ATOMIC);
	if (req) {
		req->tag = tag;
		list_add_tail(&req->node, &q->reqs);
	}
	spin_unlock(&q->lock);
	return req;
}

struct akc_req *akc_get_prealloc(struct akc_queue *q, u32 tag)
{
	struct akc_req *req;

	req = kmem_cache_alloc(q->cache, GFP_KERNEL);
	if (!req)
		return NULL;
	req->tag = tag;
	spin_lock(&q->lock);
	list_add_tail(&req->node, &q->reqs);
	spin_unlock(&q->lock);
	return req;
}

MODULE_DESCRIPTION("gfpcheck test: kmem_cache_alloc/kmem_cache_zalloc");
MODULE_LICENSE("GPL");
