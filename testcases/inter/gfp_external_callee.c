// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_external_callee: functions whose body is not in the analysed tree
 * (exported by parts of the kernel this module only calls) but that take
 * a gfp_t.  The kernel's contract for such a parameter is that the callee
 * may allocate with it, so a sleeping mask passed in atomic context is
 * reported at the call, without the callee's body:
 *  - gxc_submit_locked: usb_submit_urb(urb, GFP_KERNEL) under
 *    spin_lock_irqsave: reported.
 *  - gxc_idr_locked: idr_alloc(..., GFP_KERNEL) under spin_lock: reported
 *    (the kernel's idiom is idr_preload() before the lock, GFP_NOWAIT under it).
 *  - gxc_expand_rcu: pskb_expand_head(..., GFP_KERNEL) in an RCU read-side
 *    section: reported.
 *  - gxc_wrap(urb, gfp) passes its own gfp_t to usb_submit_urb(); gxc_timer,
 *    a timer callback (softirq), calls gxc_wrap(urb, GFP_KERNEL): reported
 *    at that call, with the chain down to usb_submit_urb().
 * Not reported:
 *  - gxc_submit_atomic: usb_submit_urb(urb, GFP_ATOMIC) under the lock;
 *  - gxc_idr_preload: idr_preload(GFP_KERNEL) before the lock,
 *    idr_alloc(..., GFP_NOWAIT) under it;
 *  - gxc_xa_locked: __xa_store(..., GFP_KERNEL) under xa_lock(): the
 *    xarray drops its lock to allocate (rules: gfp-nosleep __xa_store);
 *  - gxc_process: usb_submit_urb(urb, GFP_KERNEL) and gxc_wrap(urb,
 *    GFP_KERNEL) in process context.
 */
#include <linux/module.h>
#include <linux/idr.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/usb.h>
#include <linux/xarray.h>

struct gxc_dev {
	spinlock_t lock;
	struct idr idr;
	struct xarray xa;
	struct urb *urb;
	struct timer_list timer;
};

static struct gxc_dev gxc;

static int gxc_submit_locked(struct gxc_dev *d)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&d->lock, flags);
	ret = usb_submit_urb(d->urb, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock_irqrestore(&d->lock, flags);
	return ret;
}

static int gxc_submit_atomic(struct gxc_dev *d)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&d->lock, flags);
	ret = usb_submit_urb(d->urb, GFP_ATOMIC);
	spin_unlock_irqrestore(&d->lock, flags);
	return ret;
}

static int gxc_idr_locked(struct gxc_dev *d, void *ptr)
{
	int id;

	spin_lock(&d->lock);
	id = idr_alloc(&d->idr, ptr, 0, 0, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&d->lock);
	return id;
}

static int gxc_idr_preload(struct gxc_dev *d, void *ptr)
{
	int id;

	idr_preload(GFP_KERNEL);
	spin_lock(&d->lock);
	id = idr_alloc(&d->idr, ptr, 0, 0, GFP_NOWAIT);
	spin_unlock(&d->lock);
	idr_preload_end();
	return id;
}

static void gxc_xa_locked(struct gxc_dev *d, void *ptr)
{
	xa_lock(&d->xa);
	__xa_store(&d->xa, 1, ptr, GFP_KERNEL);
	xa_unlock(&d->xa);
}

static int gxc_expand_rcu(struct sk_buff *skb)
{
	int ret;

	rcu_read_lock();
	ret = pskb_expand_head(skb, 0, 64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	rcu_read_unlock();
	return ret;
}

static int gxc_wrap(struct urb *urb, gfp_t gfp)
{
	if (!urb)
		return -EINVAL;
	return usb_submit_urb(urb, gfp);
}

static void gxc_timer(struct timer_list *t)
{
	struct gxc_dev *d = from_timer(d, t, timer);

	gxc_wrap(d->urb, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

static int gxc_process(struct gxc_dev *d)
{
	int ret = usb_submit_urb(d->urb, GFP_KERNEL);

	if (ret)
		return ret;
	return gxc_wrap(d->urb, GFP_KERNEL);
}

static int __init gxc_init(void)
{
	spin_lock_init(&gxc.lock);
	idr_init(&gxc.idr);
	xa_init(&gxc.xa);
	timer_setup(&gxc.timer, gxc_timer, 0);
	gxc_submit_locked(&gxc);
	gxc_submit_atomic(&gxc);
	gxc_idr_locked(&gxc, NULL);
	gxc_idr_preload(&gxc, NULL);
	gxc_xa_locked(&gxc, NULL);
	gxc_expand_rcu(NULL);
	return gxc_process(&gxc);
}

static void __exit gxc_exit(void)
{
	del_timer_sync(&gxc.timer);
	idr_destroy(&gxc.idr);
}

module_init(gxc_init);
module_exit(gxc_exit);
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/gfp_external_callee.c:51:8: warning: usb_submit_urb() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/gfp_external_callee.c:50: note: spin_lock_irqsave(&d->lock, flags): spinlock held from here (in gxc_submit_locked)
 * inter/gfp_external_callee.c:51: note: passes GFP_KERNEL to usb_submit_urb(), which may allocate with it (in gxc_submit_locked)
 * inter/gfp_external_callee.c:72:7: warning: idr_alloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/gfp_external_callee.c:71: note: spin_lock(&d->lock): spinlock held from here (in gxc_idr_locked)
 * inter/gfp_external_callee.c:72: note: passes GFP_KERNEL to idr_alloc(), which may allocate with it (in gxc_idr_locked)
 * inter/gfp_external_callee.c:101:8: warning: pskb_expand_head() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/gfp_external_callee.c:100: note: rcu_read_lock(): RCU read-side critical section from here (in gxc_expand_rcu)
 * inter/gfp_external_callee.c:101: note: passes GFP_KERNEL to pskb_expand_head(), which may allocate with it (in gxc_expand_rcu)
 * inter/gfp_external_callee.c:117:2: warning: gxc_wrap() allocates with GFP_KERNEL, which may sleep (direct reclaim), in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/gfp_external_callee.c:134: note: gxc_timer() registered by init_timer_key() here: runs in softirq context (in gxc_init)
 * inter/gfp_external_callee.c:117: note: passes GFP_KERNEL to gxc_wrap() (in gxc_timer)
 * inter/gfp_external_callee.c:110: note: passes the mask on to usb_submit_urb(), which may allocate with it (in gxc_wrap)
 * check-output-end
 */
