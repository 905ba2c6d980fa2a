// SPDX-License-Identifier: GPL-2.0
/*
 * rcu_read_lock_bh: rcu_read_lock_bh() also disables softirqs until
 * rcu_read_unlock_bh().  A GFP_KERNEL allocation inside the section is
 * reported, including a kmalloc_node() one; an allocation inside with
 * GFP_ATOMIC, or after rcu_read_unlock_bh(), is not.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

struct rrlb_neigh {
	u32 addr;
	u8 lladdr[6];
	int node;
};

struct rrlb_table {
	struct rrlb_neigh __rcu *slots[32];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
struct rrlb_neigh *rrlb_clone(struct rrlb_table *t, u32 addr);
struct rrlb_neigh *rrlb_clone_atomic(struct rrlb_table *t, u32 addr);
struct rrlb_neigh *rrlb_clone_after(struct rrlb_table *t, u32 addr);
void *rrlb_scratch(struct rrlb_table *t);

struct rrlb_neigh *rrlb_clone(struct rrlb_table *t, u32 addr)
{
	struct rrlb_neigh *n, *clone = NULL;

	rcu_read_lock_bh();
	n = rcu_dereference_bh(t->slots[addr % 32]);
	if (n && n->addr == addr) {
		clone = kmalloc_node(sizeof(*clone), GFP_KERNEL, n->node); /* expect: gfp-sleep-in-atomic */
		if (clone)
			*clone = *n;
	}
	rcu_read_unlock_bh();
	return clone;
}

struct rrlb_neigh *rrlb_clone_atomic(struct rrlb_table *t, u32 addr)
{
	struct rrlb_neigh *n, *clone = NULL;

	rcu_read_lock_bh();
	n = rcu_dereference_bh(t->slots[addr % 32]);
	if (n && n->addr == addr) {
		clone = kmalloc_node(sizeof(*clone), GFP_ATOMIC, n->node);
		if (clone)
			*clone = *n;
	}
	rcu_read_unlock_bh();
	return clone;
}

struct rrlb_neigh *rrlb_clone_after(struct rrlb_table *t, u32 addr)
{
	struct rrlb_neigh *n, tmp = {};
	bool found = false;

	rcu_read_lock_bh();
	n = rcu_dereference_bh(t->slots[addr % 32]);
	if (n && n->addr == addr) {
		tmp = *n;
		found = true;
	}
	rcu_read_unlock_bh();

	if (!found)
		return NULL;
	n = kmalloc_node(sizeof(*n), GFP_KERNEL, tmp.node);
	if (n)
		*n = tmp;
	return n;
}

void *rrlb_scratch(struct rrlb_table *t)
{
	void *buf;

	rcu_read_lock_bh();
	buf = kzalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	rcu_read_unlock_bh();
	return buf;
}

MODULE_DESCRIPTION("gfpcheck test: rcu_read_lock_bh/rcu_read_unlock_bh");
MODULE_LICENSE("GPL");
