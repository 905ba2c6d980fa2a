// SPDX-License-Identifier: GPL-2.0
/*
 * raw_spin_lock_irqsave: raw_spin_lock_irqsave()/raw_spin_unlock_irqrestore()
 * as used by interrupt-controller style code.  Both are macros here
 * (do { typecheck(...); flags = _raw_spin_lock_irqsave(lock); } while (0)).
 * A GFP_KERNEL allocation inside the section is reported, including one in
 * a branch of the section (rsis_map_irq); allocations before the lock or
 * after the restore are not, and neither is the GFP_ATOMIC one (which is a
 * gfp-rt-atomic finding, like every allocation under a raw lock).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rsis_irq_desc {
	unsigned int hwirq;
	void *chip_data;
};

struct rsis_domain {
	raw_spinlock_t lock;
	struct rsis_irq_desc **map;
	unsigned int size;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int rsis_map_irq(struct rsis_domain *d, unsigned int hwirq);
int rsis_map_irq_atomic(struct rsis_domain *d, unsigned int hwirq);
int rsis_map_irq_prealloc(struct rsis_domain *d, unsigned int hwirq);
void *rsis_chip_data_after_restore(struct rsis_domain *d, size_t size);

int rsis_map_irq(struct rsis_domain *d, unsigned int hwirq)
{
	struct rsis_irq_desc *desc;
	unsigned long flags;
	int ret = 0;

	raw_spin_lock_irqsave(&d->lock, flags);
	if (hwirq >= d->size) {
		ret = -EINVAL;
	} else if (!d->map[hwirq]) {
		desc = kzalloc(sizeof(*desc), GFP_KERNEL); /* expect: gfp-sleep-in-atomic, gfp-rt-atomic */
		if (desc) {
			desc->hwirq = hwirq;
			d->map[hwirq] = desc;
		} else {
			ret = -ENOMEM;
		}
	}
	raw_spin_unlock_irqrestore(&d->lock, flags);
	return ret;
}

int rsis_map_irq_atomic(struct rsis_domain *d, unsigned int hwirq)
{
	struct rsis_irq_desc *desc;
	unsigned long flags;
	int ret = 0;

	raw_spin_lock_irqsave(&d->lock, flags);
	if (hwirq < d->size && !d->map[hwirq]) {
		desc = kzalloc(sizeof(*desc), GFP_ATOMIC); /* expect: gfp-rt-atomic */
		if (desc) {
			desc->hwirq = hwirq;
			d->map[hwirq] = desc;
		} else {
			ret = -ENOMEM;
		}
	}
	raw_spin_unlock_irqrestore(&d->lock, flags);
	return ret;
}

int rsis_map_irq_prealloc(struct rsis_domain *d, unsigned int hwirq)
{
	struct rsis_irq_desc *desc;
	unsigned long flags;

	desc = kzalloc(sizeof(*desc), GFP_KERNEL);
	if (!desc)
		return -ENOMEM;
	desc->hwirq = hwirq;

	raw_spin_lock_irqsave(&d->lock, flags);
	if (hwirq < d->size && !d->map[hwirq]) {
		d->map[hwirq] = desc;
		desc = NULL;
	}
	raw_spin_unlock_irqrestore(&d->lock, flags);
	kfree(desc);
	return 0;
}

void *rsis_chip_data_after_restore(struct rsis_domain *d, size_t size)
{
	unsigned long flags;
	unsigned int n;

	raw_spin_lock_irqsave(&d->lock, flags);
	n = d->size;
	raw_spin_unlock_irqrestore(&d->lock, flags);

	return kmalloc_array(n, size, GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: raw_spin_lock_irqsave/raw_spin_unlock_irqrestore");
MODULE_LICENSE("GPL");
