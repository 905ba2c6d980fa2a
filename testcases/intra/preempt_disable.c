// SPDX-License-Identifier: GPL-2.0
/*
 * preempt_disable: preempt_disable()/preempt_enable() (with
 * CONFIG_PREEMPT_COUNT both are do { } while (0) macros that adjust the
 * preempt count) make the code between them atomic.  A GFP_KERNEL
 * allocation while preemption is disabled is reported, also when it sits
 * in a loop inside the section (pd_fill_scratch).  Allocations after
 * preempt_enable(), or with GFP_NOWAIT inside the section, are not.
 */
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/smp.h>

struct pd_scratch {
	void *bufs[8];
	unsigned int cpu;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int pd_fill_scratch(struct pd_scratch *s, size_t size);
int pd_fill_scratch_nowait(struct pd_scratch *s, size_t size);
void *pd_alloc_after_enable(struct pd_scratch *s, size_t size);
void *pd_alloc_before_disable(struct pd_scratch *s, size_t size);
void *pd_alloc_inside(struct pd_scratch *s, size_t size);

int pd_fill_scratch(struct pd_scratch *s, size_t size)
{
	unsigned int i;

	preempt_disable();
	s->cpu = smp_processor_id();
	for (i = 0; i < ARRAY_SIZE(s->bufs); i++) {
		if (!s->bufs[i])
			s->bufs[i] = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	}
	preempt_enable();
	return 0;
}

int pd_fill_scratch_nowait(struct pd_scratch *s, size_t size)
{
	unsigned int i;

	preempt_disable();
	s->cpu = smp_processor_id();
	for (i = 0; i < ARRAY_SIZE(s->bufs); i++) {
		if (!s->bufs[i])
			s->bufs[i] = kmalloc(size, GFP_NOWAIT);
	}
	preempt_enable();
	return 0;
}

void *pd_alloc_after_enable(struct pd_scratch *s, size_t size)
{
	unsigned int cpu;

	preempt_disable();
	cpu = smp_processor_id();
	preempt_enable();

	s->cpu = cpu;
	return kzalloc(size, GFP_KERNEL);
}

void *pd_alloc_before_disable(struct pd_scratch *s, size_t size)
{
	void *buf;

	buf = kzalloc(size, GFP_KERNEL);
	preempt_disable();
	s->cpu = smp_processor_id();
	s->bufs[0] = buf;
	preempt_enable();
	return buf;
}

void *pd_alloc_inside(struct pd_scratch *s, size_t size)
{
	void *buf;

	preempt_disable();
	s->cpu = smp_processor_id();
	buf = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	preempt_enable();
	return buf;
}

MODULE_DESCRIPTION("gfpcheck test: preempt_disable/preempt_enable");
MODULE_LICENSE("GPL");
