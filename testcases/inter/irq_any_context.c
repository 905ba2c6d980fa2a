// SPDX-License-Identifier: GPL-2.0
/*
 * irq_any_context: rac_handler is registered with request_any_context_irq().
 * The core may run it in hard-IRQ context (IRQC_IS_HARDIRQ), so it is
 * treated as an atomic entry: the vzalloc in rac_snapshot (vmalloc always
 * may sleep), reached handler -> rac_snapshot, is reported.  rac_count only
 * updates a counter under the lock and allocates nothing.  rac_init, the
 * registering function, allocates with GFP_KERNEL in process context: not
 * reported.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct rac_dev {
	spinlock_t lock;
	void *snap;
	unsigned long count;
	size_t snap_size;
	char *name;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int rac_init(struct rac_dev *d, unsigned int irq);

static void rac_snapshot(struct rac_dev *d)
{
	void *snap;

	snap = vzalloc(d->snap_size); /* expect: gfp-sleep-in-atomic */
	if (!snap)
		return;
	spin_lock(&d->lock);
	swap(snap, d->snap);
	spin_unlock(&d->lock);
	vfree(snap);
}

static void rac_count(struct rac_dev *d)
{
	spin_lock(&d->lock);
	d->count++;
	spin_unlock(&d->lock);
}

static irqreturn_t rac_handler(int irq, void *dev_id)
{
	struct rac_dev *d = dev_id;

	rac_count(d);
	if (d->count % 64 == 0)
		rac_snapshot(d);
	return IRQ_HANDLED;
}

int rac_init(struct rac_dev *d, unsigned int irq)
{
	char *name;
	int ret;

	spin_lock_init(&d->lock);
	d->snap_size = 4096;
	name = kstrdup("rac", GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	d->name = name;
	ret = request_any_context_irq(irq, rac_handler, 0, d->name, d);
	if (ret < 0) {
		kfree(d->name);
		d->name = NULL;
		return ret;
	}
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: request_any_context_irq handler is an atomic entry");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/irq_any_context.c:32:9: warning: vzalloc() may sleep in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/irq_any_context.c:69: note: rac_handler() registered by request_any_context_irq() here: runs in hard-IRQ context (in rac_init)
 * inter/irq_any_context.c:54: note: calls rac_snapshot() (in rac_handler)
 * inter/irq_any_context.c:32: note: vzalloc(d->snap_size) may sleep (in rac_snapshot)
 * check-output-end
 */
