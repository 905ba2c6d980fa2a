// SPDX-License-Identifier: GPL-2.0
/*
 * ctx_test_chosen: masks chosen at run time with a context test.  The test
 * itself is always reported by gfp-in-atomic-test (it cannot see a held
 * spinlock); gfp-sleep-in-atomic reports the allocation only where the
 * atomic context is one the test cannot see:
 *  - ctc_alloc() picks in_interrupt() ? GFP_ATOMIC : GFP_KERNEL.  Called
 *    from the hard-IRQ handler ctc_irq, in_interrupt() is true: no sleep
 *    report.  Called from ctc_locked under spin_lock(), in_interrupt() is
 *    false and the allocation sleeps with the lock held: reported.
 *  - ctc_alloc2() picks its mask the same way; the hard-IRQ handler calls
 *    it directly, and ctc_deep_locked calls it two levels down, under
 *    spin_lock(), through ctc_mid().  The IRQ path is the shorter one, but
 *    the spinlock path is the one the test cannot see: reported, with that
 *    chain.
 *  - ctc_timer (softirq) allocates with in_softirq() ? GFP_ATOMIC :
 *    GFP_KERNEL: not reported.
 *  - ctc_irqsave chooses with irqs_disabled() under spin_lock_irqsave():
 *    IRQs are off, the test sees it: not reported.
 *  - ctc_rcu chooses with in_atomic() inside rcu_read_lock(): with
 *    preemptible RCU (or without CONFIG_PREEMPT_COUNT) in_atomic() is false
 *    there: reported.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

struct ctc_dev {
	spinlock_t lock;
	struct timer_list timer;
	void *buf;
};

static struct ctc_dev ctc;

static void *ctc_alloc(size_t n)
{
	gfp_t gfp = in_interrupt() ? GFP_ATOMIC : GFP_KERNEL; /* expect: gfp-in-atomic-test */

	return kmalloc(n, gfp); /* expect: gfp-sleep-in-atomic */
}

static void *ctc_alloc2(size_t n)
{
	gfp_t gfp = in_interrupt() ? GFP_ATOMIC : GFP_KERNEL; /* expect: gfp-in-atomic-test */

	return kzalloc(n, gfp); /* expect: gfp-sleep-in-atomic */
}

static irqreturn_t ctc_irq(int irq, void *data)
{
	struct ctc_dev *d = data;

	d->buf = ctc_alloc(16);
	kfree(ctc_alloc2(8));
	return IRQ_HANDLED;
}

static void ctc_mid(struct ctc_dev *d)
{
	kfree(d->buf);
	d->buf = ctc_alloc2(24);
}

static void ctc_deep_locked(struct ctc_dev *d)
{
	spin_lock(&d->lock);
	ctc_mid(d);
	spin_unlock(&d->lock);
}

static void ctc_locked(struct ctc_dev *d)
{
	void *p;

	spin_lock(&d->lock);
	p = ctc_alloc(32);
	if (p) {
		kfree(d->buf);
		d->buf = p;
	}
	spin_unlock(&d->lock);
}

static void ctc_timer(struct timer_list *t)
{
	struct ctc_dev *d = from_timer(d, t, timer);

	d->buf = kmalloc(8, in_softirq() ? GFP_ATOMIC : GFP_KERNEL); /* expect: gfp-in-atomic-test */
}

static void ctc_irqsave(struct ctc_dev *d)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	d->buf = kmalloc(8, irqs_disabled() ? GFP_ATOMIC : GFP_KERNEL); /* expect: gfp-in-atomic-test */
	spin_unlock_irqrestore(&d->lock, flags);
}

static void ctc_rcu(struct ctc_dev *d)
{
	void *p;

	rcu_read_lock();
	if (in_atomic()) /* expect: gfp-in-atomic-test */
		p = kmalloc(8, GFP_ATOMIC);
	else
		p = kmalloc(8, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	rcu_read_unlock();
	kfree(p);
}

static int __init ctc_init(void)
{
	spin_lock_init(&ctc.lock);
	timer_setup(&ctc.timer, ctc_timer, 0);
	ctc_locked(&ctc);
	ctc_deep_locked(&ctc);
	ctc_irqsave(&ctc);
	ctc_rcu(&ctc);
	return request_irq(5, ctc_irq, 0, "ctc", &ctc);
}

static void __exit ctc_exit(void)
{
	free_irq(5, &ctc);
	del_timer_sync(&ctc.timer);
}

module_init(ctc_init);
module_exit(ctc_exit);
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/ctx_test_chosen.c:41:14: warning: GFP flags chosen with in_interrupt(): it cannot tell whether the caller holds a spinlock; let the caller pass the gfp_t (or GFP_ATOMIC where it may be atomic) [gfp-in-atomic-test]
 * inter/ctx_test_chosen.c:43:9: warning: kmalloc() with gfp (GFP_KERNEL on some path) may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/ctx_test_chosen.c:79: note: spin_lock(&d->lock): spinlock held from here (in ctc_locked)
 * inter/ctx_test_chosen.c:80: note: calls ctc_alloc() (in ctc_locked)
 * inter/ctx_test_chosen.c:43: note: kmalloc(n, gfp) may sleep (direct reclaim) (in ctc_alloc)
 * inter/ctx_test_chosen.c:48:14: warning: GFP flags chosen with in_interrupt(): it cannot tell whether the caller holds a spinlock; let the caller pass the gfp_t (or GFP_ATOMIC where it may be atomic) [gfp-in-atomic-test]
 * inter/ctx_test_chosen.c:50:9: warning: kzalloc() with gfp (GFP_KERNEL on some path) may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/ctx_test_chosen.c:70: note: spin_lock(&d->lock): spinlock held from here (in ctc_deep_locked)
 * inter/ctx_test_chosen.c:71: note: calls ctc_mid() (in ctc_deep_locked)
 * inter/ctx_test_chosen.c:65: note: calls ctc_alloc2() (in ctc_mid)
 * inter/ctx_test_chosen.c:50: note: kzalloc(n, gfp) may sleep (direct reclaim) (in ctc_alloc2)
 * inter/ctx_test_chosen.c:92:22: warning: GFP flags chosen with in_softirq(): it cannot tell whether the caller holds a spinlock; let the caller pass the gfp_t (or GFP_ATOMIC where it may be atomic) [gfp-in-atomic-test]
 * inter/ctx_test_chosen.c:100:22: warning: GFP flags chosen with irqs_disabled(): it cannot tell whether the caller holds a spinlock; let the caller pass the gfp_t (or GFP_ATOMIC where it may be atomic) [gfp-in-atomic-test]
 * inter/ctx_test_chosen.c:109:6: warning: GFP flags chosen with in_atomic(): it cannot tell whether the caller holds a spinlock; let the caller pass the gfp_t (or GFP_ATOMIC where it may be atomic) [gfp-in-atomic-test]
 * inter/ctx_test_chosen.c:112:7: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/ctx_test_chosen.c:108: note: rcu_read_lock(): RCU read-side critical section from here (in ctc_rcu)
 * inter/ctx_test_chosen.c:112: note: kmalloc(8, GFP_KERNEL) may sleep (direct reclaim) (in ctc_rcu)
 * check-output-end
 */
