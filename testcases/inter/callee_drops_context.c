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
 *  - cdc_lookup_caller -> cdc_find_or_add: the lookup loop of
 *    __find_pci2phy_map() (arch/x86/events/intel/uncore.c) and
 *    allocate_file_region_entries() (mm/hugetlb.c): unlock, allocate,
 *    lock, goto lookup.  At the loop head the caller's lock and the
 *    function's own acquisition of the same lock are one lock: not
 *    reported.  Its twin cdc_find_or_add_locked allocates again after the
 *    loop, with the lock back: reported.
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
void cdc_lookup_caller(struct cdc_dev *d);

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

static void *cdc_find_or_add(struct cdc_dev *d)
{
	void *new = NULL;

lookup:
	if (d->a)
		goto found;
	if (!new) {
		spin_unlock(&d->lock);
		new = kmalloc(32, GFP_KERNEL);
		spin_lock(&d->lock);
		if (!new)
			return NULL;
		goto lookup;
	}
	d->a = new;
	new = NULL;
found:
	kfree(new);
	return d->a;
}

static void *cdc_find_or_add_locked(struct cdc_dev *d)
{
	void *new = NULL;

	while (!d->b) {
		spin_unlock(&d->lock);
		new = kmalloc(32, GFP_KERNEL);
		spin_lock(&d->lock);
		if (!new)
			return NULL;
		if (!d->b)
			d->b = new;
		else
			kfree(new);
	}
	return kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

void cdc_lookup_caller(struct cdc_dev *d)
{
	void *p, *q;

	spin_lock(&d->lock);
	p = cdc_find_or_add(d);
	q = cdc_find_or_add_locked(d);
	spin_unlock(&d->lock);
	kfree(q);
	if (!p)
		pr_debug("cdc: no entry\n");
}

MODULE_DESCRIPTION("gfpcheck test: a callee that releases its caller's context");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/callee_drops_context.c:51:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (IRQs disabled) [gfp-sleep-in-atomic]
 * inter/callee_drops_context.c:58: note: local_irq_disable(): IRQs disabled from here (in cdc_irq_caller)
 * inter/callee_drops_context.c:60: note: calls cdc_alloc_too_early() (in cdc_irq_caller)
 * inter/callee_drops_context.c:51: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in cdc_alloc_too_early)
 * inter/callee_drops_context.c:80:10: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/callee_drops_context.c:85: note: spin_lock(&d->lock): spinlock held from here (in cdc_lock_caller)
 * inter/callee_drops_context.c:87: note: calls cdc_refill_locked() (in cdc_lock_caller)
 * inter/callee_drops_context.c:80: note: kzalloc(128, GFP_KERNEL) may sleep (direct reclaim) (in cdc_refill_locked)
 * inter/callee_drops_context.c:128:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/callee_drops_context.c:120: note: spin_lock(&d->lock): spinlock held from here (in cdc_find_or_add_locked)
 * inter/callee_drops_context.c:128: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in cdc_find_or_add_locked)
 * check-output-end
 */
