// SPDX-License-Identifier: GPL-2.0
/*
 * mixed_release: a lock-and-disable primitive released in two steps, a
 * pattern found in the scheduler, networking and block layers.
 * spin_lock_irq() followed by plain spin_unlock() leaves interrupts
 * disabled until local_irq_enable(), so an allocation in between is
 * reported and one after local_irq_enable() is not; likewise for
 * spin_lock_irqsave() + spin_unlock() + local_irq_restore(),
 * spin_lock_bh() + spin_unlock() + local_bh_enable(), and spin_lock() +
 * local_irq_disable() + spin_unlock().  The reverse order
 * (local_irq_disable(); spin_lock(); spin_unlock_irq()) ends with both
 * released, and the allocation after it is not reported; the same for
 * local_irq_save() + spin_unlock_irqrestore() and local_bh_disable() +
 * spin_unlock_bh().
 */
#include <linux/module.h>
#include <linux/bottom_half.h>
#include <linux/irqflags.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct mr_rq {
	spinlock_t lock;
	unsigned int nr_running;
	void *a;
	void *b;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void mr_irq_then_unlock(struct mr_rq *rq, size_t size);
void mr_irqsave_then_unlock(struct mr_rq *rq, size_t size);
void mr_bh_then_unlock(struct mr_rq *rq, size_t size);
void mr_lock_then_irq_off(struct mr_rq *rq, size_t size);
void mr_irq_off_then_unlock_irq(struct mr_rq *rq, size_t size);
void mr_irq_save_then_unlock_irqrestore(struct mr_rq *rq, size_t size);
void mr_bh_off_then_unlock_bh(struct mr_rq *rq, size_t size);

void mr_irq_then_unlock(struct mr_rq *rq, size_t size)
{
	spin_lock_irq(&rq->lock);
	rq->nr_running++;
	spin_unlock(&rq->lock);
	rq->a = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	local_irq_enable();
	rq->b = kmalloc(size, GFP_KERNEL);
}

void mr_irqsave_then_unlock(struct mr_rq *rq, size_t size)
{
	unsigned long flags;

	spin_lock_irqsave(&rq->lock, flags);
	rq->nr_running++;
	spin_unlock(&rq->lock);
	rq->a = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	local_irq_restore(flags);
	rq->b = kmalloc(size, GFP_KERNEL);
}

void mr_bh_then_unlock(struct mr_rq *rq, size_t size)
{
	spin_lock_bh(&rq->lock);
	rq->nr_running++;
	spin_unlock(&rq->lock);
	rq->a = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	local_bh_enable();
	rq->b = kzalloc(size, GFP_KERNEL);
}

void mr_lock_then_irq_off(struct mr_rq *rq, size_t size)
{
	spin_lock(&rq->lock);
	local_irq_disable();
	rq->nr_running++;
	spin_unlock(&rq->lock);
	rq->a = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	local_irq_enable();
	rq->b = kzalloc(size, GFP_KERNEL);
}

void mr_irq_off_then_unlock_irq(struct mr_rq *rq, size_t size)
{
	local_irq_disable();
	spin_lock(&rq->lock);
	rq->nr_running--;
	spin_unlock_irq(&rq->lock);
	rq->a = kmalloc(size, GFP_KERNEL);
}

void mr_irq_save_then_unlock_irqrestore(struct mr_rq *rq, size_t size)
{
	unsigned long flags;

	local_irq_save(flags);
	spin_lock(&rq->lock);
	rq->nr_running--;
	spin_unlock_irqrestore(&rq->lock, flags);
	rq->a = kmalloc(size, GFP_KERNEL);
}

void mr_bh_off_then_unlock_bh(struct mr_rq *rq, size_t size)
{
	local_bh_disable();
	spin_lock(&rq->lock);
	rq->nr_running--;
	spin_unlock_bh(&rq->lock);
	rq->a = kmalloc(size, GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: lock and irq/bh state released separately");
MODULE_LICENSE("GPL");
