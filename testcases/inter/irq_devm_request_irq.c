// SPDX-License-Identifier: GPL-2.0
/*
 * irq_devm_request_irq: dri_isr is registered with devm_request_irq() (a
 * static inline in <linux/interrupt.h> that forwards to
 * devm_request_threaded_irq with a NULL thread_fn), so it is a hard-IRQ
 * handler.  It calls dri_refill, whose GFP_KERNEL_ACCOUNT allocation may
 * sleep: reported there.  dri_ack allocates with GFP_NOWAIT: not reported.
 * dri_probe runs in process context; its devm_kzalloc/kzalloc with
 * GFP_KERNEL are not reported.
 */
#include <linux/module.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int dri_probe(struct device *dev, unsigned int irq);

struct dri_priv {
	spinlock_t lock;
	struct device *dev;
	void *rx_buf;
	void *ack_buf;
	size_t rx_size;
};

static void dri_refill(struct dri_priv *p)
{
	void *buf;

	buf = kzalloc(p->rx_size, GFP_KERNEL_ACCOUNT); /* expect: gfp-sleep-in-atomic */
	if (!buf)
		return;
	spin_lock(&p->lock);
	swap(buf, p->rx_buf);
	spin_unlock(&p->lock);
	kfree(buf);
}

static void dri_ack(struct dri_priv *p)
{
	void *ack;

	ack = kmalloc(16, GFP_NOWAIT);
	if (!ack)
		return;
	spin_lock(&p->lock);
	swap(ack, p->ack_buf);
	spin_unlock(&p->lock);
	kfree(ack);
}

static irqreturn_t dri_isr(int irq, void *data)
{
	struct dri_priv *p = data;

	dri_ack(p);
	dri_refill(p);
	return IRQ_HANDLED;
}

int dri_probe(struct device *dev, unsigned int irq)
{
	struct dri_priv *p;
	void *buf;

	p = devm_kzalloc(dev, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	spin_lock_init(&p->lock);
	p->dev = dev;
	p->rx_size = 256;
	buf = kzalloc(p->rx_size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	p->rx_buf = buf;
	dev_set_drvdata(dev, p);
	return devm_request_irq(dev, irq, dri_isr, 0, "dri", p);
}

MODULE_DESCRIPTION("gfpcheck test: devm_request_irq handler is a hard-IRQ entry");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/irq_devm_request_irq.c:32:8: warning: kzalloc() with GFP_KERNEL_ACCOUNT may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/irq_devm_request_irq.c:79: note: dri_isr() registered by devm_request_irq() here: runs in hard-IRQ context (in dri_probe)
 * inter/irq_devm_request_irq.c:59: note: calls dri_refill() (in dri_isr)
 * inter/irq_devm_request_irq.c:32: note: kzalloc(p->rx_size, GFP_KERNEL_ACCOUNT) may sleep (direct reclaim) (in dri_refill)
 * check-output-end
 */
