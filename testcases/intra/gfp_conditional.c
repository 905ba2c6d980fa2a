// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_conditional: flags chosen with `?:`.  Under a spinlock,
 * `atomic ? GFP_ATOMIC : GFP_KERNEL` is reported because one of the two
 * values may sleep and nothing ties the condition to the lock; the same
 * choice stored first in a local variable is reported too.  A choice
 * between two non-sleeping masks (GFP_ATOMIC | __GFP_NOWARN vs GFP_NOWAIT)
 * under the lock, and the sleeping choice outside any lock, are not.
 * A choice among five masks, more than a mask's values are kept apart
 * (GFP_MAX_VALUES), is reported by its last, GFP_KERNEL: a value beyond
 * the limit joins the closest one kept, never dropped.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct gc_req {
	spinlock_t lock;
	void *payload;
	bool atomic;
	bool quiet;
	int level;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int gcond_alloc_payload(struct gc_req *r, size_t size);
int gcond_alloc_payload_var(struct gc_req *r, size_t size);
int gcond_both_nonsleeping(struct gc_req *r, size_t size);
void *gcond_unlocked(struct gc_req *r, size_t size);
int gcond_five_values(struct gc_req *r, size_t size);

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

int gcond_five_values(struct gc_req *r, size_t size)
{
	gfp_t gfp = r->quiet		? GFP_ATOMIC :
		    r->atomic		? GFP_NOWAIT :
		    r->level == 1	? GFP_ATOMIC | __GFP_NOWARN :
		    r->level == 2	? GFP_NOWAIT | __GFP_NOWARN :
					  GFP_KERNEL;

	spin_lock(&r->lock);
	r->payload = kmalloc(size, gfp); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&r->lock);
	return r->payload ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: GFP flags chosen with ?:");
MODULE_LICENSE("GPL");
