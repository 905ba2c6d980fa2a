// SPDX-License-Identifier: GPL-2.0
/*
 * rt_raw_contexts: gfp-rt-atomic, allocations in contexts that stay
 * strictly non-preemptive on PREEMPT_RT (include/linux/gfp_types.h: "The
 * current implementation doesn't support NMI and few other strict
 * non-preemptive contexts (e.g. raw_spin_lock)"), whatever the mask.
 *  - rtr_raw_atomic: GFP_ATOMIC under raw_spin_lock_irqsave(): reported by
 *    gfp-rt-atomic only (the mask does not sleep).
 *  - rtr_raw_kernel: GFP_KERNEL under raw_spin_lock(): both rules.
 *  - rtr_raw_callee: the allocation is in a helper called with the raw
 *    lock held: reported in the helper, with the chain.
 *  - rtr_spinlock_atomic: GFP_ATOMIC under spin_lock_irqsave() on a
 *    spinlock_t: fine (spinlock_t sleeps on RT, and so may the allocator).
 *  - rtr_after_unlock: after raw_spin_unlock(): not reported.
 *  - rtr_nmi: an NMI handler (register_nmi_handler()) allocating with
 *    GFP_ATOMIC.
 *  - rtr_hard_irq: an interrupt handler requested IRQF_NO_THREAD (on RT
 *    every other handler is force-threaded), GFP_ATOMIC: reported;
 *    rtr_threaded_irq, the same handler without the flag: not reported.
 *  - rtr_hard_timer: an hrtimer initialised HRTIMER_MODE_REL_HARD
 *    ("executed in hard irq context even on PREEMPT_RT"), GFP_ATOMIC:
 *    reported; rtr_soft_timer, HRTIMER_MODE_REL: not reported.
 */
#include <asm/nmi.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rtr_dev {
	raw_spinlock_t raw;
	spinlock_t lock;
	struct hrtimer hard_timer;
	struct hrtimer soft_timer;
	void *buf;
	unsigned int irq;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int rtr_raw_atomic(struct rtr_dev *d);
int rtr_raw_kernel(struct rtr_dev *d);
int rtr_raw_callee(struct rtr_dev *d);
int rtr_spinlock_atomic(struct rtr_dev *d);
int rtr_after_unlock(struct rtr_dev *d);
int rtr_setup_nmi(struct rtr_dev *d);
int rtr_setup_irqs(struct rtr_dev *d);
void rtr_setup_timers(struct rtr_dev *d);

int rtr_raw_atomic(struct rtr_dev *d)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&d->raw, flags);
	d->buf = kmalloc(32, GFP_ATOMIC); /* expect: gfp-rt-atomic:warning "(raw spinlock held)" */
	raw_spin_unlock_irqrestore(&d->raw, flags);
	return d->buf ? 0 : -ENOMEM;
}

int rtr_raw_kernel(struct rtr_dev *d)
{
	raw_spin_lock(&d->raw);
	d->buf = kzalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic, gfp-rt-atomic */
	raw_spin_unlock(&d->raw);
	return d->buf ? 0 : -ENOMEM;
}

static void *rtr_make_buffer(size_t len)
{
	return kmalloc(len, GFP_NOWAIT); /* expect: gfp-rt-atomic */
}

int rtr_raw_callee(struct rtr_dev *d)
{
	raw_spin_lock(&d->raw);
	d->buf = rtr_make_buffer(64);
	raw_spin_unlock(&d->raw);
	return d->buf ? 0 : -ENOMEM;
}

int rtr_spinlock_atomic(struct rtr_dev *d)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	d->buf = kmalloc(32, GFP_ATOMIC);
	spin_unlock_irqrestore(&d->lock, flags);
	return d->buf ? 0 : -ENOMEM;
}

int rtr_after_unlock(struct rtr_dev *d)
{
	raw_spin_lock(&d->raw);
	d->buf = NULL;
	raw_spin_unlock(&d->raw);
	d->buf = kmalloc(32, GFP_ATOMIC);
	return d->buf ? 0 : -ENOMEM;
}

static void *rtr_nmi_buf;

static int rtr_nmi(unsigned int type, struct pt_regs *regs)
{
	rtr_nmi_buf = kmalloc(16, GFP_ATOMIC); /* expect: gfp-rt-atomic "rtr_nmi() stored in nmiaction.handler" */
	return NMI_DONE;
}

int rtr_setup_nmi(struct rtr_dev *d)
{
	return register_nmi_handler(NMI_LOCAL, rtr_nmi, 0, "rtr");
}

static void *rtr_irq_buf[2];

static irqreturn_t rtr_hard_irq(int irq, void *dev)
{
	rtr_irq_buf[0] = kmalloc(16, GFP_ATOMIC); /* expect: gfp-rt-atomic "rtr_hard_irq() registered by request_irq()" */
	return IRQ_HANDLED;
}

static irqreturn_t rtr_threaded_irq(int irq, void *dev)
{
	rtr_irq_buf[1] = kmalloc(16, GFP_ATOMIC);
	return IRQ_HANDLED;
}

int rtr_setup_irqs(struct rtr_dev *d)
{
	int err = request_irq(d->irq, rtr_hard_irq, IRQF_NO_THREAD, "rtr-hard", d);

	if (err)
		return err;
	return request_irq(d->irq + 1, rtr_threaded_irq, IRQF_SHARED, "rtr-threaded", d);
}

static enum hrtimer_restart rtr_hard_timer(struct hrtimer *t)
{
	struct rtr_dev *d = container_of(t, struct rtr_dev, hard_timer);

	d->buf = kmalloc(16, GFP_ATOMIC); /* expect: gfp-rt-atomic "registered by hrtimer_init()" */
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart rtr_soft_timer(struct hrtimer *t)
{
	struct rtr_dev *d = container_of(t, struct rtr_dev, soft_timer);

	d->buf = kmalloc(16, GFP_ATOMIC);
	return HRTIMER_NORESTART;
}

void rtr_setup_timers(struct rtr_dev *d)
{
	hrtimer_init(&d->hard_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	d->hard_timer.function = rtr_hard_timer;
	hrtimer_init(&d->soft_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	d->soft_timer.function = rtr_soft_timer;
}

MODULE_DESCRIPTION("gfpcheck test: allocations in raw (PREEMPT_RT non-preemptive) contexts");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/rt_raw_contexts.c:55:11: warning: kmalloc() in a strict non-preemptive context (raw spinlock held): not allowed on PREEMPT_RT, whatever the mask [gfp-rt-atomic]
 * inter/rt_raw_contexts.c:54: note: raw_spin_lock_irqsave(&d->raw, flags): raw spinlock held from here (in rtr_raw_atomic)
 * inter/rt_raw_contexts.c:55: note: kmalloc(32, GFP_ATOMIC) allocates (in rtr_raw_atomic)
 * inter/rt_raw_contexts.c:63:11: warning: kzalloc() in a strict non-preemptive context (raw spinlock held): not allowed on PREEMPT_RT, whatever the mask [gfp-rt-atomic]
 * inter/rt_raw_contexts.c:62: note: raw_spin_lock(&d->raw): raw spinlock held from here (in rtr_raw_kernel)
 * inter/rt_raw_contexts.c:63: note: kzalloc(32, GFP_KERNEL) allocates (in rtr_raw_kernel)
 * inter/rt_raw_contexts.c:63:11: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/rt_raw_contexts.c:62: note: raw_spin_lock(&d->raw): spinlock held from here (in rtr_raw_kernel)
 * inter/rt_raw_contexts.c:63: note: kzalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in rtr_raw_kernel)
 * inter/rt_raw_contexts.c:70:9: warning: kmalloc() in a strict non-preemptive context (raw spinlock held): not allowed on PREEMPT_RT, whatever the mask [gfp-rt-atomic]
 * inter/rt_raw_contexts.c:75: note: raw_spin_lock(&d->raw): spinlock held from here (in rtr_raw_callee)
 * inter/rt_raw_contexts.c:76: note: calls rtr_make_buffer() (in rtr_raw_callee)
 * inter/rt_raw_contexts.c:70: note: kmalloc(len, GFP_NOWAIT) allocates (in rtr_make_buffer)
 * inter/rt_raw_contexts.c:104:16: warning: kmalloc() in a strict non-preemptive context (hard-IRQ context that PREEMPT_RT does not thread): not allowed on PREEMPT_RT, whatever the mask [gfp-rt-atomic]
 * inter/rt_raw_contexts.c:110: note: rtr_nmi() stored in nmiaction.handler (initializer) here: runs in hard-IRQ context (in rtr_setup_nmi)
 * inter/rt_raw_contexts.c:104: note: kmalloc(16, GFP_ATOMIC) allocates (in rtr_nmi)
 * inter/rt_raw_contexts.c:117:19: warning: kmalloc() in a strict non-preemptive context (hard-IRQ context that PREEMPT_RT does not thread): not allowed on PREEMPT_RT, whatever the mask [gfp-rt-atomic]
 * inter/rt_raw_contexts.c:129: note: rtr_hard_irq() registered by request_irq() here: runs in hard-IRQ context (in rtr_setup_irqs)
 * inter/rt_raw_contexts.c:117: note: kmalloc(16, GFP_ATOMIC) allocates (in rtr_hard_irq)
 * inter/rt_raw_contexts.c:140:11: warning: kmalloc() in a strict non-preemptive context (hard-IRQ context that PREEMPT_RT does not thread): not allowed on PREEMPT_RT, whatever the mask [gfp-rt-atomic]
 * inter/rt_raw_contexts.c:154: note: rtr_hard_timer() registered by hrtimer_init() here: runs in hard-IRQ context (in rtr_setup_timers)
 * inter/rt_raw_contexts.c:140: note: kmalloc(16, GFP_ATOMIC) allocates (in rtr_hard_timer)
 * check-output-end
 */
