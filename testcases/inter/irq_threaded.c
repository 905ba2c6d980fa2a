// SPDX-License-Identifier: GPL-2.0
/*
 * irq_threaded: request_threaded_irq(irq, primary, thread_fn, ...).  The
 * primary handler (argument 1, rti_primary) runs in hard-IRQ context; the
 * thread function (argument 2, rti_thread) runs in a kernel thread and may
 * sleep.
 *  - rti_primary's own GFP_KERNEL allocation: reported.
 *  - rti_latch, called only from rti_primary, allocates with GFP_ATOMIC:
 *    not reported.
 *  - rti_thread's GFP_KERNEL allocation and rti_process's vzalloc (called
 *    only from rti_thread): not reported, thread_fn is sleepable.
 *  - rti_shared_log is called from both the primary handler and the thread
 *    function: the path from the primary handler is atomic, so its
 *    GFP_KERNEL allocation is reported (once).
 *  - rti_thread_only is registered with a NULL primary handler: its
 *    GFP_KERNEL allocation is not reported.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct rti_dev {
	spinlock_t lock;
	u32 pending;
	void *latched;
	void *log;
	void *work_buf;
	void *cfg;
	size_t work_size;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int rti_setup(struct rti_dev *d, unsigned int irq, unsigned int irq2);

static void rti_shared_log(struct rti_dev *d, u32 what)
{
	u32 *entry;
	void *old;

	entry = kmalloc(sizeof(*entry), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!entry)
		return;
	*entry = what;
	spin_lock(&d->lock);
	old = d->log;
	d->log = entry;
	spin_unlock(&d->lock);
	kfree(old);
}

static void rti_latch(struct rti_dev *d)
{
	u32 *val;
	void *old;

	val = kmalloc(sizeof(*val), GFP_ATOMIC);
	if (!val)
		return;
	*val = d->pending;
	spin_lock(&d->lock);
	old = d->latched;
	d->latched = val;
	spin_unlock(&d->lock);
	kfree(old);
}

static irqreturn_t rti_primary(int irq, void *dev_id)
{
	struct rti_dev *d = dev_id;
	u32 *status;

	status = kzalloc(sizeof(*status), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!status)
		return IRQ_NONE;
	*status = d->pending;
	kfree(status);
	rti_latch(d);
	rti_shared_log(d, 1);
	return IRQ_WAKE_THREAD;
}

static void rti_process(struct rti_dev *d)
{
	void *buf;

	buf = vzalloc(d->work_size);
	if (!buf)
		return;
	spin_lock(&d->lock);
	swap(buf, d->work_buf);
	spin_unlock(&d->lock);
	vfree(buf);
}

static irqreturn_t rti_thread(int irq, void *dev_id)
{
	struct rti_dev *d = dev_id;
	u32 *copy;

	copy = kmalloc(sizeof(*copy), GFP_KERNEL);
	if (!copy)
		return IRQ_NONE;
	*copy = d->pending;
	kfree(copy);
	rti_process(d);
	rti_shared_log(d, 2);
	return IRQ_HANDLED;
}

static irqreturn_t rti_thread_only(int irq, void *dev_id)
{
	struct rti_dev *d = dev_id;
	void *cfg;

	cfg = kzalloc(128, GFP_KERNEL);
	if (!cfg)
		return IRQ_NONE;
	spin_lock(&d->lock);
	swap(cfg, d->cfg);
	spin_unlock(&d->lock);
	kfree(cfg);
	return IRQ_HANDLED;
}

int rti_setup(struct rti_dev *d, unsigned int irq, unsigned int irq2)
{
	int ret;

	spin_lock_init(&d->lock);
	d->work_size = 8192;
	ret = request_threaded_irq(irq, rti_primary, rti_thread, IRQF_ONESHOT, "rti", d);
	if (ret)
		return ret;
	ret = request_threaded_irq(irq2, NULL, rti_thread_only, IRQF_ONESHOT, "rti-cfg", d);
	if (ret)
		free_irq(irq, d);
	return ret;
}

MODULE_DESCRIPTION("gfpcheck test: request_threaded_irq primary vs thread_fn");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/irq_threaded.c:42:10: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/irq_threaded.c:133: note: rti_primary() registered by request_threaded_irq() here: runs in hard-IRQ context (in rti_setup)
 * inter/irq_threaded.c:80: note: calls rti_shared_log() (in rti_primary)
 * inter/irq_threaded.c:42: note: kmalloc(sizeof(*entry), GFP_KERNEL) may sleep (direct reclaim) (in rti_shared_log)
 * inter/irq_threaded.c:74:11: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/irq_threaded.c:133: note: rti_primary() registered by request_threaded_irq() here: runs in hard-IRQ context (in rti_setup)
 * inter/irq_threaded.c:74: note: kzalloc(sizeof(*status), GFP_KERNEL) may sleep (direct reclaim) (in rti_primary)
 * check-output-end
 */
