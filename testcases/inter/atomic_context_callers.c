// SPDX-License-Identifier: GPL-2.0
/*
 * atomic_context_callers: each way of making the caller atomic, applied at
 * a call site, makes the callee atomic.  Each caller calls its own helper,
 * and each helper allocates with GFP_KERNEL (or vzalloc), so each helper's
 * allocation is reported:
 *  - acc_irqsave_caller: local_irq_save()            -> acc_h_irqsave
 *  - acc_irqoff_caller:  local_irq_disable()         -> acc_h_irqoff
 *  - acc_preempt_caller: preempt_disable()           -> acc_h_preempt
 *  - acc_bh_caller:      local_bh_disable()          -> acc_h_bh
 *  - acc_rcu_caller:     rcu_read_lock()             -> acc_h_rcu
 *  - acc_irqlock_caller: spin_lock_irqsave()         -> acc_h_irqlock
 *  - acc_raw_caller:     raw_spin_lock()             -> acc_h_raw
 * acc_h_clean is called by every one of these callers, but only after the
 * atomic section ends: not reported.
 */
#include <linux/module.h>
#include <linux/bottom_half.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct acc_dev {
	spinlock_t lock;
	raw_spinlock_t raw_lock;
	void *slot[8];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int acc_irqsave_caller(struct acc_dev *d);
int acc_irqoff_caller(struct acc_dev *d);
int acc_preempt_caller(struct acc_dev *d);
int acc_bh_caller(struct acc_dev *d);
int acc_rcu_caller(struct acc_dev *d);
int acc_irqlock_caller(struct acc_dev *d);
int acc_raw_caller(struct acc_dev *d);

static int acc_store(struct acc_dev *d, unsigned int i, void *p)
{
	kfree(d->slot[i]);
	d->slot[i] = p;
	return 0;
}

static int acc_h_irqsave(struct acc_dev *d)
{
	void *p = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */

	if (!p)
		return -ENOMEM;
	return acc_store(d, 0, p);
}

static int acc_h_irqoff(struct acc_dev *d)
{
	void *p = kzalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */

	if (!p)
		return -ENOMEM;
	return acc_store(d, 1, p);
}

static int acc_h_preempt(struct acc_dev *d)
{
	void *p = kmalloc(24, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */

	if (!p)
		return -ENOMEM;
	return acc_store(d, 2, p);
}

static int acc_h_bh(struct acc_dev *d)
{
	void *p = kzalloc(24, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */

	if (!p)
		return -ENOMEM;
	return acc_store(d, 3, p);
}

static int acc_h_rcu(struct acc_dev *d)
{
	void *p = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */

	if (!p)
		return -ENOMEM;
	return acc_store(d, 4, p);
}

static int acc_h_irqlock(struct acc_dev *d)
{
	void *p = kzalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */

	if (!p)
		return -ENOMEM;
	return acc_store(d, 5, p);
}

static int acc_h_raw(struct acc_dev *d)
{
	void *p = vzalloc(4096); /* expect: gfp-sleep-in-atomic, gfp-rt-atomic */

	if (!p)
		return -ENOMEM;
	vfree(d->slot[6]);
	d->slot[6] = p;
	return 0;
}

static int acc_h_clean(struct acc_dev *d)
{
	void *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	spin_lock(&d->lock);
	swap(p, d->slot[7]);
	spin_unlock(&d->lock);
	kfree(p);
	return 0;
}

int acc_irqsave_caller(struct acc_dev *d)
{
	unsigned long flags;
	int ret;

	local_irq_save(flags);
	ret = acc_h_irqsave(d);
	local_irq_restore(flags);
	return ret ?: acc_h_clean(d);
}

int acc_irqoff_caller(struct acc_dev *d)
{
	int ret;

	local_irq_disable();
	ret = acc_h_irqoff(d);
	local_irq_enable();
	return ret ?: acc_h_clean(d);
}

int acc_preempt_caller(struct acc_dev *d)
{
	int ret;

	preempt_disable();
	ret = acc_h_preempt(d);
	preempt_enable();
	return ret ?: acc_h_clean(d);
}

int acc_bh_caller(struct acc_dev *d)
{
	int ret;

	local_bh_disable();
	ret = acc_h_bh(d);
	local_bh_enable();
	return ret ?: acc_h_clean(d);
}

int acc_rcu_caller(struct acc_dev *d)
{
	int ret;

	rcu_read_lock();
	ret = acc_h_rcu(d);
	rcu_read_unlock();
	return ret ?: acc_h_clean(d);
}

int acc_irqlock_caller(struct acc_dev *d)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&d->lock, flags);
	ret = acc_h_irqlock(d);
	spin_unlock_irqrestore(&d->lock, flags);
	return ret ?: acc_h_clean(d);
}

int acc_raw_caller(struct acc_dev *d)
{
	int ret;

	raw_spin_lock(&d->raw_lock);
	ret = acc_h_raw(d);
	raw_spin_unlock(&d->raw_lock);
	return ret ?: acc_h_clean(d);
}

MODULE_DESCRIPTION("gfpcheck test: every atomic-section kind propagates to callees");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/atomic_context_callers.c:50:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (IRQs disabled) [gfp-sleep-in-atomic]
 * inter/atomic_context_callers.c:131: note: local_irq_save(flags): IRQs disabled from here (in acc_irqsave_caller)
 * inter/atomic_context_callers.c:132: note: calls acc_h_irqsave() (in acc_irqsave_caller)
 * inter/atomic_context_callers.c:50: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in acc_h_irqsave)
 * inter/atomic_context_callers.c:59:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (IRQs disabled) [gfp-sleep-in-atomic]
 * inter/atomic_context_callers.c:141: note: local_irq_disable(): IRQs disabled from here (in acc_irqoff_caller)
 * inter/atomic_context_callers.c:142: note: calls acc_h_irqoff() (in acc_irqoff_caller)
 * inter/atomic_context_callers.c:59: note: kzalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in acc_h_irqoff)
 * inter/atomic_context_callers.c:68:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (preemption disabled) [gfp-sleep-in-atomic]
 * inter/atomic_context_callers.c:151: note: preempt_disable(): preemption disabled from here (in acc_preempt_caller)
 * inter/atomic_context_callers.c:152: note: calls acc_h_preempt() (in acc_preempt_caller)
 * inter/atomic_context_callers.c:68: note: kmalloc(24, GFP_KERNEL) may sleep (direct reclaim) (in acc_h_preempt)
 * inter/atomic_context_callers.c:77:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (bottom halves disabled) [gfp-sleep-in-atomic]
 * inter/atomic_context_callers.c:161: note: local_bh_disable(): bottom halves disabled from here (in acc_bh_caller)
 * inter/atomic_context_callers.c:162: note: calls acc_h_bh() (in acc_bh_caller)
 * inter/atomic_context_callers.c:77: note: kzalloc(24, GFP_KERNEL) may sleep (direct reclaim) (in acc_h_bh)
 * inter/atomic_context_callers.c:86:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/atomic_context_callers.c:171: note: rcu_read_lock(): RCU read-side critical section from here (in acc_rcu_caller)
 * inter/atomic_context_callers.c:172: note: calls acc_h_rcu() (in acc_rcu_caller)
 * inter/atomic_context_callers.c:86: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in acc_h_rcu)
 * inter/atomic_context_callers.c:95:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/atomic_context_callers.c:182: note: spin_lock_irqsave(&d->lock, flags): spinlock held from here (in acc_irqlock_caller)
 * inter/atomic_context_callers.c:183: note: calls acc_h_irqlock() (in acc_irqlock_caller)
 * inter/atomic_context_callers.c:95: note: kzalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in acc_h_irqlock)
 * inter/atomic_context_callers.c:104:12: warning: vzalloc() in a strict non-preemptive context (raw spinlock held): not allowed on PREEMPT_RT, whatever the mask [gfp-rt-atomic]
 * inter/atomic_context_callers.c:192: note: raw_spin_lock(&d->raw_lock): spinlock held from here (in acc_raw_caller)
 * inter/atomic_context_callers.c:193: note: calls acc_h_raw() (in acc_raw_caller)
 * inter/atomic_context_callers.c:104: note: vzalloc(4096) allocates (in acc_h_raw)
 * inter/atomic_context_callers.c:104:12: warning: vzalloc() may sleep in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/atomic_context_callers.c:192: note: raw_spin_lock(&d->raw_lock): spinlock held from here (in acc_raw_caller)
 * inter/atomic_context_callers.c:193: note: calls acc_h_raw() (in acc_raw_caller)
 * inter/atomic_context_callers.c:104: note: vzalloc(4096) may sleep (in acc_h_raw)
 * check-output-end
 */
