// SPDX-License-Identifier: GPL-2.0
/*
 * message_names_chain: an allocation reached in two atomic contexts is
 * reported once, with the shortest chain, and its message names the
 * context that chain proves.  mnc_fill()'s GFP_KERNEL allocation is
 * reached under mnc_update()'s spinlock (one call) and from the hard-IRQ
 * handler mnc_isr() (three calls): the chain shown is the spinlock's, so
 * the message says "spinlock held", not "hard-IRQ context" (which only
 * the longer chain, not shown, would prove).  mnc_grow() is reached from
 * the same handler alone, so its message says "hard-IRQ context".
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct mnc_dev {
	spinlock_t lock;
	void *buf;
	void *spare;
	unsigned int irq;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void mnc_update(struct mnc_dev *d);
int mnc_init(struct mnc_dev *d, unsigned int irq);

static void mnc_fill(struct mnc_dev *d)
{
	if (!d->buf)
		d->buf = kzalloc(512, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "spinlock held" */
}

static void mnc_grow(struct mnc_dev *d)
{
	if (!d->spare)
		d->spare = kzalloc(1024, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "hard-IRQ context" */
}

void mnc_update(struct mnc_dev *d)
{
	spin_lock(&d->lock);
	mnc_fill(d);
	spin_unlock(&d->lock);
}

static void mnc_refill(struct mnc_dev *d)
{
	mnc_fill(d);
	mnc_grow(d);
}

static void mnc_handle(struct mnc_dev *d)
{
	mnc_refill(d);
}

static irqreturn_t mnc_isr(int irq, void *dev_id)
{
	mnc_handle(dev_id);
	return IRQ_HANDLED;
}

int mnc_init(struct mnc_dev *d, unsigned int irq)
{
	spin_lock_init(&d->lock);
	d->irq = irq;
	return request_irq(irq, mnc_isr, 0, "mnc", d);
}

MODULE_DESCRIPTION("gfpcheck test: a finding's message names the context its chain proves");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/message_names_chain.c:31:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/message_names_chain.c:42: note: spin_lock(&d->lock): spinlock held from here (in mnc_update)
 * inter/message_names_chain.c:43: note: calls mnc_fill() (in mnc_update)
 * inter/message_names_chain.c:31: note: kzalloc(512, GFP_KERNEL) may sleep (direct reclaim) (in mnc_fill)
 * inter/message_names_chain.c:37:14: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/message_names_chain.c:68: note: mnc_isr() registered by request_irq() here: runs in hard-IRQ context (in mnc_init)
 * inter/message_names_chain.c:60: note: calls mnc_handle() (in mnc_isr)
 * inter/message_names_chain.c:55: note: calls mnc_refill() (in mnc_handle)
 * inter/message_names_chain.c:50: note: calls mnc_grow() (in mnc_refill)
 * inter/message_names_chain.c:37: note: kzalloc(1024, GFP_KERNEL) may sleep (direct reclaim) (in mnc_grow)
 * check-output-end
 */
