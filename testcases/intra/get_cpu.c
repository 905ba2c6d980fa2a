// SPDX-License-Identifier: GPL-2.0
/*
 * get_cpu: get_cpu() is a statement-expression macro
 * ({ preempt_disable(); __smp_processor_id(); }) and put_cpu() is
 * preempt_enable(), so preemption is disabled from get_cpu() until
 * put_cpu().  A GFP_KERNEL allocation between them is reported (also when
 * get_cpu() is used inside a larger expression, gc_stat_index); one after
 * put_cpu(), or with GFP_ATOMIC in between, is not.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/smp.h>

struct gc_stats {
	u64 *per_cpu[64];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int gc_stat_alloc(struct gc_stats *st);
int gc_stat_alloc_atomic(struct gc_stats *st);
u64 *gc_stat_index(struct gc_stats *st, unsigned int *idx);
u64 *gc_stat_after_put(struct gc_stats *st, unsigned int *idx);

int gc_stat_alloc(struct gc_stats *st)
{
	int cpu;

	cpu = get_cpu();
	if (!st->per_cpu[cpu % 64])
		st->per_cpu[cpu % 64] = kcalloc(16, sizeof(u64), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	put_cpu();
	return 0;
}

int gc_stat_alloc_atomic(struct gc_stats *st)
{
	int cpu;

	cpu = get_cpu();
	if (!st->per_cpu[cpu % 64])
		st->per_cpu[cpu % 64] = kcalloc(16, sizeof(u64), GFP_ATOMIC);
	put_cpu();
	return 0;
}

u64 *gc_stat_index(struct gc_stats *st, unsigned int *idx)
{
	u64 *buf;

	*idx = get_cpu() % 64;
	buf = kcalloc(16, sizeof(u64), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	put_cpu();
	return buf;
}

u64 *gc_stat_after_put(struct gc_stats *st, unsigned int *idx)
{
	int cpu;

	cpu = get_cpu();
	*idx = cpu % 64;
	put_cpu();

	return kcalloc(16, sizeof(u64), GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: get_cpu/put_cpu");
MODULE_LICENSE("GPL");
