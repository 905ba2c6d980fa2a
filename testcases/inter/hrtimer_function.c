// SPDX-License-Identifier: GPL-2.0
/*
 * hrtimer_function: an hrtimer callback is installed by assigning the
 * `function` field of struct hrtimer after hrtimer_init().  It runs in
 * hard-IRQ context (HRTIMER_MODE_REL) or softirq context
 * (HRTIMER_MODE_REL_SOFT); both are atomic.
 *  - hrt_fire is installed with `t->function = hrt_fire` and calls
 *    hrt_sample, whose GFP_KERNEL allocation is reported.
 *  - hrt_soft_fire is installed with `d->soft.function = hrt_soft_fire`;
 *    its own vzalloc is reported.
 *  - hrt_count, called from hrt_fire, allocates with GFP_ATOMIC: not
 *    reported.  hrt_init (process context) allocates with GFP_KERNEL: not
 *    reported.
 */
#include <linux/module.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct hrt_dev {
	spinlock_t lock;
	struct hrtimer hard;
	struct hrtimer soft;
	void *sample;
	void *counter;
	void *trace;
	void *cfg;
	ktime_t period;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int hrt_init(struct hrt_dev *d);

static void *hrt_replace(struct hrt_dev *d, void **slot, void *p)
{
	void *old;

	spin_lock(&d->lock);
	old = *slot;
	*slot = p;
	spin_unlock(&d->lock);
	return old;
}

static void hrt_sample(struct hrt_dev *d)
{
	void *s;

	s = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!s)
		return;
	kfree(hrt_replace(d, &d->sample, s));
}

static void hrt_count(struct hrt_dev *d)
{
	void *c;

	c = kzalloc(8, GFP_ATOMIC);
	if (!c)
		return;
	kfree(hrt_replace(d, &d->counter, c));
}

static enum hrtimer_restart hrt_fire(struct hrtimer *t)
{
	struct hrt_dev *d = container_of(t, struct hrt_dev, hard);

	hrt_count(d);
	hrt_sample(d);
	hrtimer_forward_now(t, d->period);
	return HRTIMER_RESTART;
}

static enum hrtimer_restart hrt_soft_fire(struct hrtimer *t)
{
	struct hrt_dev *d = container_of(t, struct hrt_dev, soft);
	void *trace;

	trace = vzalloc(PAGE_SIZE); /* expect: gfp-sleep-in-atomic */
	if (!trace)
		return HRTIMER_NORESTART;
	vfree(hrt_replace(d, &d->trace, trace));
	return HRTIMER_NORESTART;
}

int hrt_init(struct hrt_dev *d)
{
	struct hrtimer *t = &d->hard;
	void *cfg;

	cfg = kzalloc(128, GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	d->cfg = cfg;
	spin_lock_init(&d->lock);
	d->period = ms_to_ktime(10);

	hrtimer_init(t, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	t->function = hrt_fire;
	hrtimer_init(&d->soft, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	d->soft.function = hrt_soft_fire;

	hrtimer_start(t, d->period, HRTIMER_MODE_REL);
	hrtimer_start(&d->soft, d->period, HRTIMER_MODE_REL_SOFT);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: hrtimer .function callbacks are atomic entries");
MODULE_LICENSE("GPL");

/*
 * hrt_soft_fire's timer is initialised HRTIMER_MODE_REL_SOFT, so it runs in
 * softirq context (rules/contexts.rules: entry-mode hrtimer_init).
 * check-output-start
 * inter/hrtimer_function.c:51:6: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/hrtimer_function.c:102: note: hrt_fire() stored in hrtimer.function (assignment) here: runs in hard-IRQ context (in hrt_init)
 * inter/hrtimer_function.c:72: note: calls hrt_sample() (in hrt_fire)
 * inter/hrtimer_function.c:51: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in hrt_sample)
 * inter/hrtimer_function.c:82:10: warning: vzalloc() may sleep in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/hrtimer_function.c:104: note: hrt_soft_fire() stored in hrtimer.function (assignment) here: runs in softirq context (in hrt_init)
 * inter/hrtimer_function.c:82: note: vzalloc(PAGE_SIZE) may sleep (in hrt_soft_fire)
 * check-output-end
 */
