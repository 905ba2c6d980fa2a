// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_conditional: flags chosen with `?:`.  Under a spinlock,
 * `atomic ? GFP_ATOMIC : GFP_KERNEL` is reported because one of the two
 * values may sleep and nothing ties the condition to the lock; the same
 * choice stored first in a local variable is reported too.  A choice
 * between two non-sleeping masks (GFP_ATOMIC | __GFP_NOWARN vs GFP_NOWAIT)
 * under the lock, and the sleeping choice outside any lock, are not.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct gc_req {
	spinlock_t lock;
	void *payload;
	bool atomic;
	bool quiet;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int gcond_alloc_payload(struct gc_req *r, size_t size);
int gcond_alloc_payload_var(struct gc_req *r, size_t size);
int gcond_both_nonsleeping(struct gc_req *r, size_t size);
void *gcond_unlocked(struct gc_req *r, size_t size);

int gcond_alloc_payload(struct gc_req *r, size_t size)
{
	spin_lock(&r->lock);
	r->payload = kmalloc(size, r->atomic ? GFP_ATOMIC : GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&r->lock);
	return r->payload ? 0 : -ENOMEM;
}

int gcond_alloc_payload_var(struct gc_req *r, size_t size)
{
	gfp_t gfp = r->atomic ? GFP_ATOMIC : GFP_KERNEL;

	spin_lock(&r->lock);
	r->payload = kzalloc(size, gfp); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&r->lock);
	return r->payload ? 0 : -ENOMEM;
}

int gcond_both_nonsleeping(struct gc_req *r, size_t size)
{
	spin_lock(&r->lock);
	r->payload = kmalloc(size, r->quiet ? GFP_ATOMIC | __GFP_NOWARN : GFP_NOWAIT);
	spin_unlock(&r->lock);
	return r->payload ? 0 : -ENOMEM;
}

void *gcond_unlocked(struct gc_req *r, size_t size)
{
	return kmalloc(size, r->atomic ? GFP_ATOMIC : GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: GFP flags chosen with ?:");
MODULE_LICENSE("GPL");
