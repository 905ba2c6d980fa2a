// SPDX-License-Identifier: GPL-2.0
/*
 * xfile_a: first object of the multi-file module xfile.ko (Kbuild:
 * xfile-y := xfile_a.o xfile_b.o); the other half is xfile_b.c and the
 * shared declarations are in xfile.h.  Atomic context crosses the file
 * boundary in both directions:
 *  - xfa_update holds d->lock and calls xfb_store (xfile_b.c): the
 *    GFP_KERNEL allocation in xfb_store is reported there.
 *  - xfa_update calls d->ops->commit under the lock; the ops table
 *    xfa_ops below (static const, designated initializers) points at
 *    xfb_commit in xfile_b.c, whose allocation is reported there.
 *    d->ops->configure is called only in process context (xfa_init):
 *    xfb_configure is not reported.
 *  - xfa_chain holds the lock and calls xfb_step1 (b) -> xfa_step2 (a) ->
 *    xfb_step3 (b): reported at xfb_step3's allocation.
 *  - gfp forwarding across files: xfb_alloc(n, gfp) allocates with its
 *    parameter; xfa_update calls it under the lock with GFP_KERNEL
 *    (reported here, at the call) and with GFP_ATOMIC (not reported);
 *    xfa_init calls it with GFP_KERNEL in process context (not reported).
 *  - the hard-IRQ handler registered in xfile_b.c calls xfa_refill (this
 *    file): its GFP_KERNEL allocation is reported here.
 *  - xfa_init also calls xfb_prepare in process context: not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>

#include "xfile.h"

static const struct xf_ops xfa_ops = {
	.commit = xfb_commit,
	.configure = xfb_configure,
};

int xfa_refill(struct xf_dev *d)
{
	void *buf;

	if (d->refill)
		return 0;
	buf = kmalloc(1024, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!buf)
		return -ENOMEM;
	d->refill = buf;
	return 0;
}

int xfa_step2(struct xf_dev *d)
{
	return xfb_step3(d);
}

int xfa_update(struct xf_dev *d)
{
	void *atomic_buf, *bad_buf;
	int ret;

	spin_lock(&d->lock);
	ret = xfb_store(d);
	if (!ret)
		ret = d->ops->commit(d);
	atomic_buf = xfb_alloc(64, GFP_ATOMIC);
	bad_buf = xfb_alloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (atomic_buf) {
		kfree(d->fwd_atomic);
		d->fwd_atomic = atomic_buf;
	}
	if (bad_buf) {
		kfree(d->fwd_bad);
		d->fwd_bad = bad_buf;
	}
	spin_unlock(&d->lock);
	return ret;
}

int xfa_chain(struct xf_dev *d)
{
	int ret;

	spin_lock_bh(&d->lock);
	ret = xfb_step1(d);
	spin_unlock_bh(&d->lock);
	return ret;
}

int xfa_init(struct xf_dev *d, unsigned int irq)
{
	void *buf;
	int ret;

	spin_lock_init(&d->lock);
	mutex_init(&d->cfg_mutex);
	d->ops = &xfa_ops;
	buf = xfb_alloc(256, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	d->fwd_sleep = buf;
	ret = xfb_prepare(d);
	if (ret)
		return ret;
	ret = d->ops->configure(d);
	if (ret)
		return ret;
	return xfb_register_irq(d, irq);
}

MODULE_DESCRIPTION("gfpcheck test: atomic context across object files");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/xfile_a.c:40:8: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/xfile_b.c:99: note: xfb_isr() registered by request_irq() here: runs in hard-IRQ context (in xfb_register_irq)
 * inter/xfile_b.c:93: note: calls xfa_refill() (in xfb_isr)
 * inter/xfile_a.c:40: note: kmalloc(1024, GFP_KERNEL) may sleep (direct reclaim) (in xfa_refill)
 * inter/xfile_a.c:62:12: warning: xfb_alloc() allocates with GFP_KERNEL, which may sleep (direct reclaim), in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/xfile_a.c:57: note: spin_lock(&d->lock): spinlock held from here (in xfa_update)
 * inter/xfile_a.c:62: note: passes GFP_KERNEL to xfb_alloc() (in xfa_update)
 * inter/xfile_b.c:20: note: kmalloc(n, gfp) allocates with the caller's mask (in xfb_alloc)
 * check-output-end
 */
