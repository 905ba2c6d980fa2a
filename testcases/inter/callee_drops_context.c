// SPDX-License-Identifier: GPL-2.0
/*
 * callee_drops_context: the context a caller holds flows into the callee
 * and ends where the callee releases it.  The kernel does this on purpose:
 * exit_to_user_mode_loop() re-enables the IRQs its caller disabled before
 * it handles signals, and "drop the lock to allocate" helpers unlock the
 * caller's lock, allocate, and lock it again.
 *  - cdc_irq_caller -> cdc_work_with_irqs_on: the callee enables IRQs,
 *    allocates, disables them again: not reported.
 *  - cdc_irq_caller -> cdc_alloc_too_early: allocates before it enables
 *    IRQs: reported, with the chain.
 *  - cdc_lock_caller -> cdc_refill_unlocked: spin_unlock(&d->lock),
 *    kmalloc(GFP_KERNEL), spin_lock(&d->lock): not reported.
 *  - cdc_lock_caller -> cdc_refill_locked: allocates under the caller's
 *    lock: reported.
 */
#include <linux/irqflags.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct cdc_dev {
	spinlock_t lock;
	void *a;
	void *b;
	void *c;
	void *d;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void cdc_irq_caller(struct cdc_dev *d);
void cdc_lock_caller(struct cdc_dev *d);

static void cdc_work_with_irqs_on(struct cdc_dev *d)
{
	local_irq_enable();
	d->a = kmalloc(64, GFP_KERNEL);
	local_irq_disable();
}

static void cdc_alloc_too_early(struct cdc_dev *d)
{
	d->b = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	local_irq_enable();
	local_irq_disable();
}

void cdc_irq_caller(struct cdc_dev *d)
{
	local_irq_disable();
	cdc_work_with_irqs_on(d);
	cdc_alloc_too_early(d);
	local_irq_enable();
}

static void cdc_refill_unlocked(struct cdc_dev *d)
{
	void *p;

	spin_unlock(&d->lock);
	p = kmalloc(128, GFP_KERNEL);
	spin_lock(&d->lock);
	if (!d->c)
		d->c = p;
	else
		kfree(p);
}

static void cdc_refill_locked(struct cdc_dev *d)
{
	if (!d->d)
		d->d = kzalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

void cdc_lock_caller(struct cdc_dev *d)
{
	spin_lock(&d->lock);
	cdc_refill_unlocked(d);
	cdc_refill_locked(d);
	spin_unlock(&d->lock);
}

MODULE_DESCRIPTION("gfpcheck test: a callee that releases its caller's context");
MODULE_LICENSE("GPL");
