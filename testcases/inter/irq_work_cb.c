// SPDX-License-Identifier: GPL-2.0
/*
 * irq_work_cb: iwk_run is registered with init_irq_work() (the 6.1 name;
 * there is no irq_work_init).  init_irq_work is a static inline doing
 * `*work = IRQ_WORK_INIT(func)`, a compound literal with `.func = (func)`.
 * An irq_work callback runs in hard-IRQ context: iwk_flush, called from
 * it, allocates with GFP_KERNEL and is reported.  iwk_mark allocates with
 * GFP_ATOMIC: not reported.  iwk_init and iwk_poke (process context) are
 * not reported.
 */
#include <linux/module.h>
#include <linux/irq_work.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct iwk_dev {
	raw_spinlock_t lock;
	struct irq_work work;
	void *flushed;
	void *mark;
	void *pending;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void iwk_init(struct iwk_dev *d);
int iwk_poke(struct iwk_dev *d);

static void *iwk_publish(struct iwk_dev *d, void **slot, void *p)
{
	void *old;

	raw_spin_lock(&d->lock);
	old = *slot;
	*slot = p;
	raw_spin_unlock(&d->lock);
	return old;
}

static void iwk_flush(struct iwk_dev *d)
{
	void *buf;

	buf = kmalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!buf)
		return;
	kfree(iwk_publish(d, &d->flushed, buf));
}

static void iwk_mark(struct iwk_dev *d)
{
	void *m;

	m = kzalloc(8, GFP_ATOMIC);
	if (!m)
		return;
	kfree(iwk_publish(d, &d->mark, m));
}

static void iwk_run(struct irq_work *work)
{
	struct iwk_dev *d = container_of(work, struct iwk_dev, work);

	iwk_mark(d);
	iwk_flush(d);
}

void iwk_init(struct iwk_dev *d)
{
	raw_spin_lock_init(&d->lock);
	init_irq_work(&d->work, iwk_run);
}

int iwk_poke(struct iwk_dev *d)
{
	void *p;

	p = kzalloc(64, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	kfree(iwk_publish(d, &d->pending, p));
	irq_work_queue(&d->work);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: irq_work callback is a hard-IRQ entry");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/irq_work_cb.c:43:8: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/irq_work_cb.c:70: note: iwk_run() registered by init_irq_work() here: runs in hard-IRQ context (in iwk_init)
 * inter/irq_work_cb.c:64: note: calls iwk_flush() (in iwk_run)
 * inter/irq_work_cb.c:43: note: kmalloc(128, GFP_KERNEL) may sleep (direct reclaim) (in iwk_flush)
 * check-output-end
 */
