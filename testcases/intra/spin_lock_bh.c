// SPDX-License-Identifier: GPL-2.0
/*
 * spin_lock_bh: spin_lock_bh() takes the lock and disables softirqs on
 * this CPU; spin_unlock_bh() undoes both.  A networking-style table update
 * that allocates with GFP_KERNEL inside the section is reported
 * (slbh_add_route, and the multiplied kmalloc_array in slbh_grow); the
 * same table update with the allocation moved before spin_lock_bh(), or
 * made with GFP_ATOMIC inside it, is not.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct slbh_route {
	struct list_head node;
	__be32 dst;
	__be32 gw;
};

struct slbh_table {
	spinlock_t lock;
	struct list_head routes;
	__be32 *cache;
	unsigned int cache_len;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int slbh_add_route(struct slbh_table *tbl, __be32 dst, __be32 gw);
int slbh_add_route_prealloc(struct slbh_table *tbl, __be32 dst, __be32 gw);
int slbh_add_route_atomic(struct slbh_table *tbl, __be32 dst, __be32 gw);
int slbh_grow(struct slbh_table *tbl, unsigned int len);

int slbh_add_route(struct slbh_table *tbl, __be32 dst, __be32 gw)
{
	struct slbh_route *rt;

	spin_lock_bh(&tbl->lock);
	rt = kmalloc(sizeof(*rt), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!rt) {
		spin_unlock_bh(&tbl->lock);
		return -ENOMEM;
	}
	rt->dst = dst;
	rt->gw = gw;
	list_add_rcu(&rt->node, &tbl->routes);
	spin_unlock_bh(&tbl->lock);
	return 0;
}

int slbh_add_route_prealloc(struct slbh_table *tbl, __be32 dst, __be32 gw)
{
	struct slbh_route *rt;

	rt = kmalloc(sizeof(*rt), GFP_KERNEL);
	if (!rt)
		return -ENOMEM;
	rt->dst = dst;
	rt->gw = gw;

	spin_lock_bh(&tbl->lock);
	list_add_rcu(&rt->node, &tbl->routes);
	spin_unlock_bh(&tbl->lock);
	return 0;
}

int slbh_add_route_atomic(struct slbh_table *tbl, __be32 dst, __be32 gw)
{
	struct slbh_route *rt;

	spin_lock_bh(&tbl->lock);
	rt = kmalloc(sizeof(*rt), GFP_ATOMIC);
	if (rt) {
		rt->dst = dst;
		rt->gw = gw;
		list_add_rcu(&rt->node, &tbl->routes);
	}
	spin_unlock_bh(&tbl->lock);
	return rt ? 0 : -ENOMEM;
}

int slbh_grow(struct slbh_table *tbl, unsigned int len)
{
	__be32 *cache;

	spin_lock_bh(&tbl->lock);
	cache = kmalloc_array(len, sizeof(__be32), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (cache) {
		kfree(tbl->cache);
		tbl->cache = cache;
		tbl->cache_len = len;
	}
	spin_unlock_bh(&tbl->lock);
	return cache ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: spin_lock_bh/spin_unlock_bh");
MODULE_LICENSE("GPL");
