// SPDX-License-Identifier: GPL-2.0
/*
 * rcu_read_lock_sched: rcu_read_lock_sched()/rcu_read_unlock_sched()
 * disable preemption for an RCU-sched read section.  Allocating with
 * GFP_KERNEL inside it is reported, for kmalloc and for get_zeroed_page();
 * allocating after rcu_read_unlock_sched(), or with GFP_NOWAIT inside, is
 * not.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

struct rrls_hook {
	void (*fn)(void *data);
	void *data;
	size_t data_len;
};

struct rrls_hooks {
	struct rrls_hook __rcu *active;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void *rrls_copy_hook_data(struct rrls_hooks *h);
void *rrls_copy_hook_data_nowait(struct rrls_hooks *h);
unsigned long rrls_page_for_hook(struct rrls_hooks *h);
unsigned long rrls_page_after(struct rrls_hooks *h);

void *rrls_copy_hook_data(struct rrls_hooks *h)
{
	struct rrls_hook *hook;
	void *copy = NULL;

	rcu_read_lock_sched();
	hook = rcu_dereference_sched(h->active);
	if (hook && hook->data_len)
		copy = kmalloc(hook->data_len, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	rcu_read_unlock_sched();
	return copy;
}

void *rrls_copy_hook_data_nowait(struct rrls_hooks *h)
{
	struct rrls_hook *hook;
	void *copy = NULL;

	rcu_read_lock_sched();
	hook = rcu_dereference_sched(h->active);
	if (hook && hook->data_len)
		copy = kmalloc(hook->data_len, GFP_NOWAIT);
	rcu_read_unlock_sched();
	return copy;
}

unsigned long rrls_page_for_hook(struct rrls_hooks *h)
{
	unsigned long page = 0;

	rcu_read_lock_sched();
	if (rcu_dereference_sched(h->active))
		page = get_zeroed_page(GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	rcu_read_unlock_sched();
	return page;
}

unsigned long rrls_page_after(struct rrls_hooks *h)
{
	bool active;

	rcu_read_lock_sched();
	active = rcu_dereference_sched(h->active) != NULL;
	rcu_read_unlock_sched();

	return active ? get_zeroed_page(GFP_KERNEL) : 0;
}

MODULE_DESCRIPTION("gfpcheck test: rcu_read_lock_sched/rcu_read_unlock_sched");
MODULE_LICENSE("GPL");
