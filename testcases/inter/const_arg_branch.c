// SPDX-License-Identifier: GPL-2.0
/*
 * const_arg_branch: a caller that passes a constant to a parameter the
 * callee tests as a condition takes one branch of it only, as
 * __dev_set_rx_mode() does with __dev_set_promiscuity(dev, 1, false),
 * which then never calls the netdev notifiers.
 *  - cb_set_flags(d, flags, notify) notifies (and allocates) only if
 *    notify; cb_rx_mode() calls it under a spinlock with false: nothing is
 *    reported.
 *  - cb_set_mode(d, mode, notify) returns early unless notify;
 *    cb_mode_locked() calls it under the lock with false: nothing.
 *  - cb_set_level(d, level, notify) is called under the lock with true
 *    (cb_level_locked()) and with a variable (cb_level_any()): both keep
 *    the branch, the allocation is reported with the chain of the first.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct cb_dev {
	spinlock_t lock;
	int flags, mode, level;
	void *event;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void cb_rx_mode(struct cb_dev *d);
void cb_mode_locked(struct cb_dev *d);
void cb_level_locked(struct cb_dev *d);
void cb_level_any(struct cb_dev *d, bool tell);

static void cb_notify_flags(struct cb_dev *d)
{
	kfree(d->event);
	d->event = kmalloc(64, GFP_KERNEL);
}

static void cb_set_flags(struct cb_dev *d, int flags, bool notify)
{
	d->flags = flags;
	if (notify)
		cb_notify_flags(d);
}

void cb_rx_mode(struct cb_dev *d)
{
	spin_lock_bh(&d->lock);
	cb_set_flags(d, 1, false);
	spin_unlock_bh(&d->lock);
}

static void cb_notify_mode(struct cb_dev *d)
{
	kfree(d->event);
	d->event = kzalloc(32, GFP_KERNEL);
}

static void cb_set_mode(struct cb_dev *d, int mode, bool notify)
{
	d->mode = mode;
	if (!notify)
		return;
	cb_notify_mode(d);
}

void cb_mode_locked(struct cb_dev *d)
{
	spin_lock(&d->lock);
	cb_set_mode(d, 3, false);
	spin_unlock(&d->lock);
}

static void cb_notify_level(struct cb_dev *d)
{
	kfree(d->event);
	d->event = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "cb_level_locked: calls cb_set_level()" "cb_set_level: calls cb_notify_level()" */
}

static void cb_set_level(struct cb_dev *d, int level, bool notify)
{
	d->level = level;
	if (notify)
		cb_notify_level(d);
}

void cb_level_locked(struct cb_dev *d)
{
	spin_lock(&d->lock);
	cb_set_level(d, 1, true);
	spin_unlock(&d->lock);
}

void cb_level_any(struct cb_dev *d, bool tell)
{
	spin_lock(&d->lock);
	cb_set_level(d, 2, tell);
	spin_unlock(&d->lock);
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/const_arg_branch.c:76:13: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_arg_branch.c:88: note: spin_lock(&d->lock): spinlock held from here (in cb_level_locked)
 * inter/const_arg_branch.c:89: note: calls cb_set_level() (in cb_level_locked)
 * inter/const_arg_branch.c:83: note: calls cb_notify_level() (in cb_set_level)
 * inter/const_arg_branch.c:76: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in cb_notify_level)
 * check-output-end
 */
