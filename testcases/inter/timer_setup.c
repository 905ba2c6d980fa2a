// SPDX-License-Identifier: GPL-2.0
/*
 * timer_setup: tms_expire is registered with timer_setup() (a macro that,
 * without CONFIG_LOCKDEP, expands to init_timer_key(timer, fn, flags, NULL,
 * NULL)), so it runs in softirq (timer) context.  It calls tms_rearm, whose
 * kmalloc with GFP_KERNEL is reported, and tms_sample, which allocates with
 * GFP_ATOMIC and is not reported.  tms_start (process context) allocates
 * with GFP_KERNEL: not reported.
 */
#include <linux/module.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

struct tms_dev {
	spinlock_t lock;
	struct timer_list timer;
	void *next_cfg;
	void *sample;
	void *history;
	unsigned long period;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int tms_start(struct tms_dev *d);

static void tms_swap(struct tms_dev *d, void **slot, void *p)
{
	void *old;

	spin_lock(&d->lock);
	old = *slot;
	*slot = p;
	spin_unlock(&d->lock);
	kfree(old);
}

static void tms_rearm(struct tms_dev *d)
{
	void *cfg;

	cfg = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!cfg)
		return;
	tms_swap(d, &d->next_cfg, cfg);
	mod_timer(&d->timer, jiffies + d->period);
}

static void tms_sample(struct tms_dev *d)
{
	void *s;

	s = kzalloc(32, GFP_ATOMIC);
	if (s)
		tms_swap(d, &d->sample, s);
}

static void tms_expire(struct timer_list *t)
{
	struct tms_dev *d = from_timer(d, t, timer);

	tms_sample(d);
	tms_rearm(d);
}

int tms_start(struct tms_dev *d)
{
	void *hist;

	hist = kzalloc(1024, GFP_KERNEL);
	if (!hist)
		return -ENOMEM;
	d->history = hist;
	d->period = HZ;
	spin_lock_init(&d->lock);
	timer_setup(&d->timer, tms_expire, 0);
	mod_timer(&d->timer, jiffies + d->period);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: timer_setup callback is a softirq entry");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/timer_setup.c:43:8: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/timer_setup.c:77: note: tms_expire() registered by init_timer_key() here: runs in softirq context (in tms_start)
 * inter/timer_setup.c:64: note: calls tms_rearm() (in tms_expire)
 * inter/timer_setup.c:43: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in tms_rearm)
 * check-output-end
 */
