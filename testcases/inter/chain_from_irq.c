// SPDX-License-Identifier: GPL-2.0
/*
 * chain_from_irq: a hard-IRQ handler (request_irq) reaches an allocation
 * through three calls: chi_isr -> chi_dispatch -> chi_handle_rx ->
 * chi_fill.  chi_fill's GFP_KERNEL allocation is reported once, although
 * chi_dispatch also reaches it through a second path (chi_handle_err ->
 * chi_fill).  chi_init also calls chi_fill, from process context; that
 * does not add a second finding.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/slab.h>

struct chi_dev {
	void *rx_buf;
	u32 status;
	unsigned int irq;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int chi_init(struct chi_dev *d, unsigned int irq);

static int chi_fill(struct chi_dev *d)
{
	void *buf;

	if (d->rx_buf)
		return 0;
	buf = kzalloc(2048, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!buf)
		return -ENOMEM;
	d->rx_buf = buf;
	return 0;
}

static int chi_handle_rx(struct chi_dev *d)
{
	return chi_fill(d);
}

static int chi_handle_err(struct chi_dev *d)
{
	d->status = 0;
	return chi_fill(d);
}

static int chi_dispatch(struct chi_dev *d)
{
	if (d->status & 1)
		return chi_handle_err(d);
	return chi_handle_rx(d);
}

static irqreturn_t chi_isr(int irq, void *dev_id)
{
	struct chi_dev *d = dev_id;

	return chi_dispatch(d) ? IRQ_NONE : IRQ_HANDLED;
}

int chi_init(struct chi_dev *d, unsigned int irq)
{
	int ret;

	ret = chi_fill(d);
	if (ret)
		return ret;
	d->irq = irq;
	return request_irq(irq, chi_isr, 0, "chi", d);
}

MODULE_DESCRIPTION("gfpcheck test: IRQ handler reaches an allocation three calls deep");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/chain_from_irq.c:29:8: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/chain_from_irq.c:69: note: chi_isr() registered by request_irq() here: runs in hard-IRQ context (in chi_init)
 * inter/chain_from_irq.c:58: note: calls chi_dispatch() (in chi_isr)
 * inter/chain_from_irq.c:50: note: calls chi_handle_err() (in chi_dispatch)
 * inter/chain_from_irq.c:44: note: calls chi_fill() (in chi_handle_err)
 * inter/chain_from_irq.c:29: note: kzalloc(2048, GFP_KERNEL) may sleep (direct reclaim) (in chi_fill)
 * check-output-end
 */
