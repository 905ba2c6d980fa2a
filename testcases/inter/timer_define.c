// SPDX-License-Identifier: GPL-2.0
/*
 * timer_define: DEFINE_TIMER(tmd_timer, tmd_expire) expands to a `struct
 * timer_list` definition with the designated initializer `.function =
 * (tmd_expire)`; the callback runs in softirq context.  tmd_expire's vzalloc
 * is reported.  tmd_note, called from tmd_expire, allocates with
 * GFP_NOWAIT: not reported.  tmd_arm (process context) allocates with
 * GFP_KERNEL: not reported.
 */
#include <linux/module.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/vmalloc.h>

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int tmd_arm(void);

static DEFINE_SPINLOCK(tmd_lock);
static void *tmd_snapshot;
static void *tmd_note_buf;
static void *tmd_cfg;

static void tmd_note(void)
{
	void *n, *old;

	n = kmalloc(16, GFP_NOWAIT);
	if (!n)
		return;
	spin_lock(&tmd_lock);
	old = tmd_note_buf;
	tmd_note_buf = n;
	spin_unlock(&tmd_lock);
	kfree(old);
}

static void tmd_expire(struct timer_list *t)
{
	void *snap, *old;

	tmd_note();
	snap = vzalloc(PAGE_SIZE); /* expect: gfp-sleep-in-atomic */
	if (!snap)
		return;
	spin_lock(&tmd_lock);
	old = tmd_snapshot;
	tmd_snapshot = snap;
	spin_unlock(&tmd_lock);
	vfree(old);
}

static DEFINE_TIMER(tmd_timer, tmd_expire);

int tmd_arm(void)
{
	void *cfg;

	cfg = kzalloc(64, GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	tmd_cfg = cfg;
	mod_timer(&tmd_timer, jiffies + HZ);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: DEFINE_TIMER callback is a softirq entry");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/timer_define.c:44:9: warning: vzalloc() may sleep in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/timer_define.c:54: note: tmd_expire() stored in timer_list.function (initializer) here: runs in softirq context (in (file scope))
 * inter/timer_define.c:44: note: vzalloc(PAGE_SIZE) may sleep (in tmd_expire)
 * check-output-end
 */
