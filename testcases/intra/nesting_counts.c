// SPDX-License-Identifier: GPL-2.0
/*
 * nesting_counts: preempt_disable(), rcu_read_lock(), local_bh_disable()
 * and local_irq_save() nest; the section ends only when every disable has
 * been matched.  After two preempt_disable() calls and one
 * preempt_enable() preemption is still disabled, so the allocation there
 * is reported and the one after the second preempt_enable() is not.  The
 * same holds for a nested rcu_read_lock(), a nested local_bh_disable()
 * and a nested local_irq_save()/local_irq_restore() pair.
 */
#include <linux/module.h>
#include <linux/bottom_half.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

struct nc_state {
	void *a;
	void *b;
	void __rcu *ptr;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void nc_preempt_nested(struct nc_state *s, size_t size);
void nc_rcu_nested(struct nc_state *s, size_t size);
void nc_bh_nested(struct nc_state *s, size_t size);
void nc_irqsave_nested(struct nc_state *s, size_t size);

void nc_preempt_nested(struct nc_state *s, size_t size)
{
	preempt_disable();
	preempt_disable();
	preempt_enable();
	s->a = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	preempt_enable();
	s->b = kmalloc(size, GFP_KERNEL);
}

void nc_rcu_nested(struct nc_state *s, size_t size)
{
	rcu_read_lock();
	rcu_read_lock();
	s->a = rcu_dereference(s->ptr);
	rcu_read_unlock();
	s->b = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	rcu_read_unlock();
	s->a = kzalloc(size, GFP_KERNEL);
}

void nc_bh_nested(struct nc_state *s, size_t size)
{
	local_bh_disable();
	local_bh_disable();
	local_bh_enable();
	s->a = kcalloc(4, size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	local_bh_enable();
	s->b = kcalloc(4, size, GFP_KERNEL);
}

void nc_irqsave_nested(struct nc_state *s, size_t size)
{
	unsigned long outer, inner;

	local_irq_save(outer);
	local_irq_save(inner);
	s->a = NULL;
	local_irq_restore(inner);
	s->a = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	local_irq_restore(outer);
	s->b = kmalloc(size, GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: nested disable/enable counts");
MODULE_LICENSE("GPL");
