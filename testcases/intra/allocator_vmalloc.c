// SPDX-License-Identifier: GPL-2.0
/*
 * allocator_vmalloc: vmalloc() and friends may always sleep (they
 * allocate page tables with GFP_KERNEL internally), whatever mask is
 * passed.  vmalloc, vzalloc, vmalloc_node and __vmalloc are reported under
 * a spinlock, and __vmalloc is reported even with GFP_ATOMIC or
 * GFP_NOWAIT; vzalloc inside rcu_read_lock() is reported as well.  The same calls outside any atomic section are not.
 */
#include <linux/module.h>
#include <linux/numa.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct av_table {
	spinlock_t lock;
	void *area[6];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void av_all_locked(struct av_table *t, unsigned long size);
void av_under_rcu(struct av_table *t, unsigned long size);
void av_all_unlocked(struct av_table *t, unsigned long size);

void av_all_locked(struct av_table *t, unsigned long size)
{
	spin_lock(&t->lock);
	t->area[0] = vmalloc(size); /* expect: gfp-sleep-in-atomic */
	t->area[1] = vzalloc(size); /* expect: gfp-sleep-in-atomic */
	t->area[2] = vmalloc_node(size, NUMA_NO_NODE); /* expect: gfp-sleep-in-atomic */
	t->area[3] = __vmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	t->area[4] = __vmalloc(size, GFP_ATOMIC); /* expect: gfp-sleep-in-atomic */
	t->area[5] = __vmalloc(size, GFP_NOWAIT | __GFP_NOWARN); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&t->lock);
}

void av_under_rcu(struct av_table *t, unsigned long size)
{
	void *area;

	rcu_read_lock();
	area = vzalloc(size); /* expect: gfp-sleep-in-atomic */
	rcu_read_unlock();
	spin_lock(&t->lock);
	swap(area, t->area[0]);
	spin_unlock(&t->lock);
	vfree(area);
}

void av_all_unlocked(struct av_table *t, unsigned long size)
{
	void *area[6];

	area[0] = vmalloc(size);
	area[1] = vzalloc(size);
	area[2] = vmalloc_node(size, NUMA_NO_NODE);
	area[3] = __vmalloc(size, GFP_KERNEL);
	area[4] = __vmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	area[5] = __vmalloc(size, GFP_KERNEL_ACCOUNT);

	spin_lock(&t->lock);
	memcpy(t->area, area, sizeof(area));
	spin_unlock(&t->lock);
}

MODULE_DESCRIPTION("gfpcheck test: vmalloc family");
MODULE_LICENSE("GPL");
