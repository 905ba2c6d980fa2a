// SPDX-License-Identifier: GPL-2.0
/*
 * xfile_b: second object of the multi-file module xfile.ko; see the
 * comment in xfile_a.c for the whole scenario.  In this file:
 *  - xfb_store, xfb_commit and xfb_step3 are reached from xfile_a.c with
 *    d->lock held: their GFP_KERNEL allocations are reported.
 *  - xfb_configure and xfb_prepare are reached only in process context: not
 *    reported.
 *  - xfb_alloc allocates with its gfp_t parameter: its callers are judged
 *    (in xfile_a.c), never this line.
 *  - xfb_isr (request_irq) calls xfa_refill in xfile_a.c, reported there.
 */
#include <linux/interrupt.h>
#include <linux/slab.h>

#include "xfile.h"

void *xfb_alloc(size_t n, gfp_t gfp)
{
	return kmalloc(n, gfp);
}

int xfb_store(struct xf_dev *d)
{
	void *buf;

	buf = kzalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!buf)
		return -ENOMEM;
	kfree(d->stored);
	d->stored = buf;
	return 0;
}

int xfb_commit(struct xf_dev *d)
{
	void *buf;

	buf = kmalloc(512, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!buf)
		return -ENOMEM;
	kfree(d->committed);
	d->committed = buf;
	return 0;
}

int xfb_configure(struct xf_dev *d)
{
	void *cfg;

	cfg = kzalloc(256, GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	mutex_lock(&d->cfg_mutex);
	kfree(d->cfg);
	d->cfg = cfg;
	mutex_unlock(&d->cfg_mutex);
	return 0;
}

int xfb_prepare(struct xf_dev *d)
{
	void *p;

	p = kcalloc(8, sizeof(u64), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	d->prepared = p;
	return 0;
}

int xfb_step1(struct xf_dev *d)
{
	return xfa_step2(d);
}

int xfb_step3(struct xf_dev *d)
{
	void *step;

	step = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!step)
		return -ENOMEM;
	kfree(d->step);
	d->step = step;
	return 0;
}

static irqreturn_t xfb_isr(int irq, void *dev_id)
{
	struct xf_dev *d = dev_id;

	return xfa_refill(d) ? IRQ_NONE : IRQ_HANDLED;
}

int xfb_register_irq(struct xf_dev *d, unsigned int irq)
{
	d->irq = irq;
	return request_irq(irq, xfb_isr, 0, "xfile", d);
}

/*
 * check-output-start
 * inter/xfile_b.c:27:8: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/xfile_a.c:57: note: spin_lock(&d->lock): spinlock held from here (in xfa_update)
 * inter/xfile_a.c:58: note: calls xfb_store() (in xfa_update)
 * inter/xfile_b.c:27: note: kzalloc(128, GFP_KERNEL) may sleep (direct reclaim) (in xfb_store)
 * inter/xfile_b.c:39:8: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/xfile_a.c:57: note: spin_lock(&d->lock): spinlock held from here (in xfa_update)
 * inter/xfile_a.c:60: note: calls xfb_commit() through xf_ops.commit (initializer in inter/xfile_a.c) (in xfa_update)
 * inter/xfile_b.c:39: note: kmalloc(512, GFP_KERNEL) may sleep (direct reclaim) (in xfb_commit)
 * inter/xfile_b.c:81:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/xfile_a.c:79: note: spin_lock_bh(&d->lock): spinlock held from here (in xfa_chain)
 * inter/xfile_a.c:80: note: calls xfb_step1() (in xfa_chain)
 * inter/xfile_b.c:74: note: calls xfa_step2() (in xfb_step1)
 * inter/xfile_a.c:49: note: calls xfb_step3() (in xfa_step2)
 * inter/xfile_b.c:81: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in xfb_step3)
 * check-output-end
 */
