// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_no_direct_reclaim: masks that have __GFP_DIRECT_RECLAIM removed
 * cannot sleep in the allocator, whatever else they contain.
 * `GFP_KERNEL & ~__GFP_DIRECT_RECLAIM` (the opportunistic-allocation idiom),
 * `(GFP_KERNEL_ACCOUNT | __GFP_NOWARN) & ~__GFP_DIRECT_RECLAIM`, `GFP_KERNEL &
 * ~__GFP_RECLAIM` and GFP_TRANSHUGE_LIGHT (defined with `& ~__GFP_RECLAIM`)
 * under a spinlock are therefore not reported.  GFP_TRANSHUGE adds
 * __GFP_DIRECT_RECLAIM back and is reported, as is the plain GFP_KERNEL
 * fallback in gndr_try_then_fallback that is still under the lock.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct gndr_cache {
	spinlock_t lock;
	void *obj;
	struct page *huge;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int gndr_opportunistic(struct gndr_cache *c, size_t size);
int gndr_opportunistic_account(struct gndr_cache *c, size_t size);
int gndr_no_reclaim_at_all(struct gndr_cache *c, size_t size);
int gndr_thp_light(struct gndr_cache *c);
int gndr_thp_reclaim(struct gndr_cache *c);
int gndr_try_then_fallback(struct gndr_cache *c, size_t size);

int gndr_opportunistic(struct gndr_cache *c, size_t size)
{
	spin_lock(&c->lock);
	if (!c->obj)
		c->obj = kmalloc(size, GFP_KERNEL & ~__GFP_DIRECT_RECLAIM);
	spin_unlock(&c->lock);
	return c->obj ? 0 : -EAGAIN;
}

int gndr_opportunistic_account(struct gndr_cache *c, size_t size)
{
	spin_lock(&c->lock);
	if (!c->obj)
		c->obj = kzalloc(size, (GFP_KERNEL_ACCOUNT | __GFP_NOWARN) & ~__GFP_DIRECT_RECLAIM);
	spin_unlock(&c->lock);
	return c->obj ? 0 : -EAGAIN;
}

int gndr_no_reclaim_at_all(struct gndr_cache *c, size_t size)
{
	spin_lock(&c->lock);
	if (!c->obj)
		c->obj = kzalloc(size, GFP_KERNEL & ~__GFP_RECLAIM);
	spin_unlock(&c->lock);
	return c->obj ? 0 : -EAGAIN;
}

int gndr_thp_light(struct gndr_cache *c)
{
	spin_lock(&c->lock);
	if (!c->huge)
		c->huge = alloc_pages(GFP_TRANSHUGE_LIGHT, 9);
	spin_unlock(&c->lock);
	return c->huge ? 0 : -EAGAIN;
}

int gndr_thp_reclaim(struct gndr_cache *c)
{
	spin_lock(&c->lock);
	if (!c->huge)
		c->huge = alloc_pages(GFP_TRANSHUGE, 9); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&c->lock);
	return c->huge ? 0 : -ENOMEM;
}

int gndr_try_then_fallback(struct gndr_cache *c, size_t size)
{
	spin_lock(&c->lock);
	if (!c->obj)
		c->obj = kmalloc(size, GFP_KERNEL & ~__GFP_DIRECT_RECLAIM);
	if (!c->obj)
		c->obj = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&c->lock);
	return c->obj ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: masks without __GFP_DIRECT_RECLAIM");
MODULE_LICENSE("GPL");
