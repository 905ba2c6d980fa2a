// SPDX-License-Identifier: GPL-2.0
/*
 * raw_spin_lock: raw spinlocks (raw_spin_lock, raw_spin_lock_irq and
 * raw_spin_lock_bh with their unlocks) never sleep even on PREEMPT_RT and
 * always make the holder atomic.  In this configuration they are macros
 * expanding to the out-of-line _raw_spin_lock*() functions.  A GFP_KERNEL
 * allocation under each of them is reported; allocations after the
 * matching unlock, or GFP_NOWAIT ones inside the section, are not.
 * Every allocation inside the section, GFP_NOWAIT included, is also a
 * gfp-rt-atomic finding: the allocator is not usable under a raw lock on
 * PREEMPT_RT, whatever the mask.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rsl_timer_base {
	raw_spinlock_t lock;
	u64 *slots;
	unsigned int nr_slots;
	unsigned long pending;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int rsl_realloc_slots(struct rsl_timer_base *base, unsigned int n);
int rsl_realloc_slots_nowait(struct rsl_timer_base *base, unsigned int n);
int rsl_global_init_irq(unsigned int n);
int rsl_global_init_bh(unsigned int n);
int rsl_global_init_fixed(unsigned int n);
unsigned long rsl_pending_then_alloc(struct rsl_timer_base *base, u64 **out);

static DEFINE_RAW_SPINLOCK(rsl_global_lock);
static u64 *rsl_global_buf;

int rsl_realloc_slots(struct rsl_timer_base *base, unsigned int n)
{
	u64 *slots;

	raw_spin_lock(&base->lock);
	slots = kcalloc(n, sizeof(u64), GFP_KERNEL); /* expect: gfp-sleep-in-atomic, gfp-rt-atomic */
	if (slots) {
		kfree(base->slots);
		base->slots = slots;
		base->nr_slots = n;
	}
	raw_spin_unlock(&base->lock);
	return slots ? 0 : -ENOMEM;
}

int rsl_realloc_slots_nowait(struct rsl_timer_base *base, unsigned int n)
{
	u64 *slots;

	raw_spin_lock(&base->lock);
	slots = kcalloc(n, sizeof(u64), GFP_NOWAIT); /* expect: gfp-rt-atomic */
	if (slots) {
		kfree(base->slots);
		base->slots = slots;
		base->nr_slots = n;
	}
	raw_spin_unlock(&base->lock);
	return slots ? 0 : -ENOMEM;
}

int rsl_global_init_irq(unsigned int n)
{
	u64 *buf;

	raw_spin_lock_irq(&rsl_global_lock);
	buf = kmalloc_array(n, sizeof(u64), GFP_KERNEL); /* expect: gfp-sleep-in-atomic, gfp-rt-atomic */
	if (buf && !rsl_global_buf) {
		rsl_global_buf = buf;
		buf = NULL;
	}
	raw_spin_unlock_irq(&rsl_global_lock);
	kfree(buf);
	return 0;
}

int rsl_global_init_bh(unsigned int n)
{
	u64 *buf;

	raw_spin_lock_bh(&rsl_global_lock);
	buf = kmalloc_array(n, sizeof(u64), GFP_KERNEL); /* expect: gfp-sleep-in-atomic, gfp-rt-atomic */
	if (buf && !rsl_global_buf) {
		rsl_global_buf = buf;
		buf = NULL;
	}
	raw_spin_unlock_bh(&rsl_global_lock);
	kfree(buf);
	return 0;
}

int rsl_global_init_fixed(unsigned int n)
{
	u64 *buf;

	buf = kmalloc_array(n, sizeof(u64), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	raw_spin_lock_irq(&rsl_global_lock);
	if (!rsl_global_buf) {
		rsl_global_buf = buf;
		buf = NULL;
	}
	raw_spin_unlock_irq(&rsl_global_lock);
	kfree(buf);
	return 0;
}

unsigned long rsl_pending_then_alloc(struct rsl_timer_base *base, u64 **out)
{
	unsigned long pending;

	raw_spin_lock_bh(&base->lock);
	pending = base->pending;
	raw_spin_unlock_bh(&base->lock);

	*out = kcalloc(pending, sizeof(u64), GFP_KERNEL);
	return pending;
}

MODULE_DESCRIPTION("gfpcheck test: raw_spin_lock, raw_spin_lock_irq, raw_spin_lock_bh");
MODULE_LICENSE("GPL");
