// SPDX-License-Identifier: GPL-2.0
/*
 * irq_request_irq: rqi_handler is registered with request_irq(), so it is a
 * hard-IRQ handler and runs with interrupts disabled.  Its own GFP_KERNEL
 * allocation (the status snapshot) and the GFP_KERNEL allocation in
 * rqi_queue_event, which only the handler calls, may sleep in hard-IRQ
 * context: both are reported.  rqi_note_spurious is also called from the
 * handler but allocates with GFP_ATOMIC: not reported.  rqi_setup (the
 * caller of request_irq) and rqi_alloc_table (called only from rqi_setup)
 * run in process context: not reported.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rqi_event {
	struct list_head node;
	u32 status;
};

struct rqi_dev {
	spinlock_t lock;
	struct list_head events;
	u32 *table;
	void *spurious_log;
	unsigned int irq;
	u32 last_status;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int rqi_setup(struct rqi_dev *d, unsigned int irq);

static int rqi_queue_event(struct rqi_dev *d, u32 status)
{
	struct rqi_event *ev;

	ev = kmalloc(sizeof(*ev), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!ev)
		return -ENOMEM;
	ev->status = status;
	spin_lock(&d->lock);
	list_add_tail(&ev->node, &d->events);
	spin_unlock(&d->lock);
	return 0;
}

static void rqi_note_spurious(struct rqi_dev *d)
{
	void *log;

	log = kzalloc(64, GFP_ATOMIC);
	if (!log)
		return;
	spin_lock(&d->lock);
	swap(log, d->spurious_log);
	spin_unlock(&d->lock);
	kfree(log);
}

static irqreturn_t rqi_handler(int irq, void *dev_id)
{
	struct rqi_dev *d = dev_id;
	u32 *snap;

	snap = kmalloc(sizeof(*snap), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!snap)
		return IRQ_NONE;
	*snap = d->last_status;
	if (!*snap) {
		kfree(snap);
		rqi_note_spurious(d);
		return IRQ_NONE;
	}
	if (rqi_queue_event(d, *snap))
		d->last_status = 0;
	kfree(snap);
	return IRQ_HANDLED;
}

static int rqi_alloc_table(struct rqi_dev *d, unsigned int n)
{
	u32 *table;

	table = kcalloc(n, sizeof(u32), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	d->table = table;
	return 0;
}

int rqi_setup(struct rqi_dev *d, unsigned int irq)
{
	int ret;

	spin_lock_init(&d->lock);
	INIT_LIST_HEAD(&d->events);
	ret = rqi_alloc_table(d, 32);
	if (ret)
		return ret;
	ret = request_irq(irq, rqi_handler, IRQF_SHARED, "rqi", d);
	if (ret) {
		kfree(d->table);
		d->table = NULL;
		return ret;
	}
	d->irq = irq;
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: request_irq handler is a hard-IRQ entry");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/irq_request_irq.c:39:7: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/irq_request_irq.c:102: note: rqi_handler() registered by request_irq() here: runs in hard-IRQ context (in rqi_setup)
 * inter/irq_request_irq.c:76: note: calls rqi_queue_event() (in rqi_handler)
 * inter/irq_request_irq.c:39: note: kmalloc(sizeof(*ev), GFP_KERNEL) may sleep (direct reclaim) (in rqi_queue_event)
 * inter/irq_request_irq.c:67:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/irq_request_irq.c:102: note: rqi_handler() registered by request_irq() here: runs in hard-IRQ context (in rqi_setup)
 * inter/irq_request_irq.c:67: note: kmalloc(sizeof(*snap), GFP_KERNEL) may sleep (direct reclaim) (in rqi_handler)
 * check-output-end
 */
