// SPDX-License-Identifier: GPL-2.0
/*
 * summary_kinds: what a helper leaves its caller holding, when the helper
 * does more than take or release one context.
 *  - sk_send() drops and retakes its caller's lock in a retry loop, as
 *    ps2_do_sendbyte() does with serio->lock: it takes nothing, so
 *    sk_command(), which locks around it, returns with nothing held, and
 *    the allocation in sk_probe() after it is not reported.
 *  - sk_leave() lowers the preempt count its caller raised and returns
 *    with IRQs off, as irq_exit_rcu() does: in sk_handler() the IRQs are
 *    enabled again after it and the allocation runs with nothing held;
 *    in sk_handler_held() they are still off: reported, the chain naming
 *    sk_leave().
 */
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct sk_dev {
	spinlock_t lock;
	int ack, reply;
	void *buf, *buf2, *buf3;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void sk_probe(struct sk_dev *d);
void sk_handler(struct sk_dev *d);
void sk_handler_held(struct sk_dev *d);

/* ps2_do_sendbyte(): called with d->lock held */
static noinline int sk_send(struct sk_dev *d)
{
	int tries = 3;

	do {
		spin_unlock_irq(&d->lock);
		d->reply = READ_ONCE(d->ack);
		spin_lock_irq(&d->lock);
	} while (--tries && !d->ack);
	return d->ack;
}

/* ps2_sendbyte(): serio_pause_rx(), send, serio_continue_rx() */
static noinline int sk_command(struct sk_dev *d)
{
	int ret;

	spin_lock_irq(&d->lock);
	ret = sk_send(d);
	spin_unlock_irq(&d->lock);
	return ret;
}

void sk_probe(struct sk_dev *d)
{
	if (sk_command(d))
		d->buf = kmalloc(64, GFP_KERNEL);
}

/* irq_exit_rcu() */
static noinline void sk_leave(void)
{
	preempt_enable();
	local_irq_disable();
}

void sk_handler(struct sk_dev *d)
{
	preempt_disable();
	sk_leave();
	local_irq_enable();
	d->buf2 = kmalloc(32, GFP_KERNEL);
}

void sk_handler_held(struct sk_dev *d)
{
	preempt_disable();
	sk_leave();
	d->buf3 = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "IRQs disabled" "sk_handler_held: sk_leave(): IRQs disabled from here" */
	local_irq_enable();
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/summary_kinds.c:81:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (IRQs disabled) [gfp-sleep-in-atomic]
 * inter/summary_kinds.c:80: note: sk_leave(): IRQs disabled from here (in sk_handler_held)
 * inter/summary_kinds.c:81: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in sk_handler_held)
 * check-output-end
 */
