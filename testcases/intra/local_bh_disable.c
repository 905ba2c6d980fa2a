// SPDX-License-Identifier: GPL-2.0
/*
 * local_bh_disable: local_bh_disable()/local_bh_enable() (inline functions
 * calling __local_bh_disable_ip()/__local_bh_enable_ip()) disable softirq
 * processing; the code between them is atomic.  Allocating per-flow state
 * with GFP_KERNEL in the section is reported; allocating it before
 * local_bh_disable(), after local_bh_enable(), or with GFP_ATOMIC inside,
 * is not.
 */
#include <linux/module.h>
#include <linux/bottom_half.h>
#include <linux/slab.h>

struct lbh_flow {
	u32 hash;
	u64 packets;
};

struct lbh_flow_table {
	struct lbh_flow *slots[128];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int lbh_flow_create(struct lbh_flow_table *t, u32 hash);
int lbh_flow_create_atomic(struct lbh_flow_table *t, u32 hash);
int lbh_flow_create_prealloc(struct lbh_flow_table *t, u32 hash);
struct lbh_flow *lbh_flow_snapshot(struct lbh_flow_table *t, u32 hash);

int lbh_flow_create(struct lbh_flow_table *t, u32 hash)
{
	struct lbh_flow *flow;

	local_bh_disable();
	flow = t->slots[hash % 128];
	if (!flow) {
		flow = kzalloc(sizeof(*flow), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		if (flow) {
			flow->hash = hash;
			t->slots[hash % 128] = flow;
		}
	}
	local_bh_enable();
	return flow ? 0 : -ENOMEM;
}

int lbh_flow_create_atomic(struct lbh_flow_table *t, u32 hash)
{
	struct lbh_flow *flow;

	local_bh_disable();
	flow = t->slots[hash % 128];
	if (!flow) {
		flow = kzalloc(sizeof(*flow), GFP_ATOMIC);
		if (flow) {
			flow->hash = hash;
			t->slots[hash % 128] = flow;
		}
	}
	local_bh_enable();
	return flow ? 0 : -ENOMEM;
}

int lbh_flow_create_prealloc(struct lbh_flow_table *t, u32 hash)
{
	struct lbh_flow *flow, *spare;

	spare = kzalloc(sizeof(*spare), GFP_KERNEL);
	if (!spare)
		return -ENOMEM;
	spare->hash = hash;

	local_bh_disable();
	flow = t->slots[hash % 128];
	if (!flow) {
		t->slots[hash % 128] = spare;
		spare = NULL;
	}
	local_bh_enable();

	kfree(spare);
	return 0;
}

struct lbh_flow *lbh_flow_snapshot(struct lbh_flow_table *t, u32 hash)
{
	struct lbh_flow tmp = {};
	bool found;

	local_bh_disable();
	found = t->slots[hash % 128] != NULL;
	if (found)
		tmp = *t->slots[hash % 128];
	local_bh_enable();

	return found ? kmemdup(&tmp, sizeof(tmp), GFP_KERNEL) : NULL;
}

MODULE_DESCRIPTION("gfpcheck test: local_bh_disable/local_bh_enable");
MODULE_LICENSE("GPL");
