// SPDX-License-Identifier: GPL-2.0
/*
 * field_snapshot: a caller reads a field into a local, changes some of
 * its bits, and passes the object and the local on; the callee tests the
 * bits that changed (`changes = dev->flags ^ old_flags`).  Only bits the
 * caller or a callee it passes the pointer to writes can have changed.
 * net/core/dev.c __dev_set_allmulti() changes only IFF_ALLMULTI (and
 * dev_set_rx_mode() IFF_PROMISC) before __dev_notify_flags(dev,
 * old_flags), which calls the netdev notifiers only `if (changes &
 * IFF_UP)` or for changes other than those: never from there
 * (packet_notifier() calls dev_set_allmulti() under rcu_read_lock()).
 *  - fsn_unregister(): as packet_notifier(); fsn_set_allmulti() writes
 *    FSN_ALLMULTI, its callee fsn_rx_mode() (through fsn_promisc())
 *    FSN_PROMISC; fsn_notify() allocates only for FSN_UP or other bits:
 *    not reported.
 *  - fsn_open_locked(): a callee between the read and the call sets
 *    FSN_UP (dev_open()): reported.
 *  - fsn_change_locked(): a callee assigns the whole field
 *    (__dev_change_flags()): reported.
 *  - fsn_allmulti_locked(): the callee tests the bit the caller changes:
 *    reported.
 *  - fsn_toggle_locked(): the caller itself flips FSN_UP with `^=`:
 *    reported.
 *
 * check-output-start
 * inter/field_snapshot.c:127:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/field_snapshot.c:147: note: rcu_read_lock(): RCU read-side critical section from here (in fsn_open_locked)
 * inter/field_snapshot.c:148: note: calls fsn_open_allmulti() (in fsn_open_locked)
 * inter/field_snapshot.c:142: note: calls fsn_notify_open() (in fsn_open_allmulti)
 * inter/field_snapshot.c:127: note: kmalloc(40, GFP_KERNEL) may sleep (direct reclaim) (in fsn_notify_open)
 * inter/field_snapshot.c:158:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/field_snapshot.c:178: note: rcu_read_lock(): RCU read-side critical section from here (in fsn_change_locked)
 * inter/field_snapshot.c:179: note: calls fsn_change() (in fsn_change_locked)
 * inter/field_snapshot.c:173: note: calls fsn_notify_change() (in fsn_change)
 * inter/field_snapshot.c:158: note: kmalloc(48, GFP_KERNEL) may sleep (direct reclaim) (in fsn_notify_change)
 * inter/field_snapshot.c:189:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/field_snapshot.c:202: note: rcu_read_lock(): RCU read-side critical section from here (in fsn_allmulti_locked)
 * inter/field_snapshot.c:203: note: calls fsn_set_allmulti_notify() (in fsn_allmulti_locked)
 * inter/field_snapshot.c:197: note: calls fsn_notify_allmulti() (in fsn_set_allmulti_notify)
 * inter/field_snapshot.c:189: note: kmalloc(56, GFP_KERNEL) may sleep (direct reclaim) (in fsn_notify_allmulti)
 * inter/field_snapshot.c:213:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/field_snapshot.c:226: note: rcu_read_lock(): RCU read-side critical section from here (in fsn_toggle_locked)
 * inter/field_snapshot.c:227: note: calls fsn_toggle() (in fsn_toggle_locked)
 * inter/field_snapshot.c:221: note: calls fsn_notify_toggle() (in fsn_toggle)
 * inter/field_snapshot.c:213: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in fsn_notify_toggle)
 * check-output-end
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/rcupdate.h>

#define FSN_UP 0x1
#define FSN_RUNNING 0x40
#define FSN_PROMISC 0x100
#define FSN_ALLMULTI 0x200

struct fsn_dev {
	unsigned int flags;
	int allmulti, promiscuity;
	void *buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int fsn_unregister(struct fsn_dev *dev);
int fsn_open_locked(struct fsn_dev *dev);
int fsn_change_locked(struct fsn_dev *dev, unsigned int flags);
int fsn_allmulti_locked(struct fsn_dev *dev);
int fsn_toggle_locked(struct fsn_dev *dev);

/* __dev_notify_flags(): the netdev notifiers may sleep */
static noinline void fsn_notify(struct fsn_dev *dev, unsigned int old_flags)
{
	unsigned int changes = dev->flags ^ old_flags;

	if (changes & FSN_UP)
		dev->buf = kmalloc(32, GFP_KERNEL);
	if ((dev->flags & FSN_UP) && (changes & ~(FSN_UP | FSN_PROMISC | FSN_ALLMULTI)))
		dev->buf = kmalloc(24, GFP_KERNEL);
}

/* __dev_set_promiscuity() */
static noinline void fsn_promisc(struct fsn_dev *dev)
{
	dev->promiscuity++;
	if (dev->promiscuity == 1)
		dev->flags |= FSN_PROMISC;
	else if (!dev->promiscuity)
		dev->flags &= ~FSN_PROMISC;
}

/* dev_set_rx_mode() */
static noinline void fsn_rx_mode(struct fsn_dev *dev)
{
	if (dev->allmulti > 4)
		fsn_promisc(dev);
}

/* __dev_set_allmulti() */
static noinline int fsn_set_allmulti(struct fsn_dev *dev, int inc)
{
	unsigned int old_flags = dev->flags;

	dev->flags |= FSN_ALLMULTI;
	dev->allmulti += inc;
	if (dev->allmulti == 0)
		dev->flags &= ~FSN_ALLMULTI;
	fsn_rx_mode(dev);
	if (dev->flags ^ old_flags)
		fsn_notify(dev, old_flags);
	return 0;
}

/* packet_notifier() */
int fsn_unregister(struct fsn_dev *dev)
{
	rcu_read_lock();
	fsn_set_allmulti(dev, -1);
	rcu_read_unlock();
	return 0;
}

static noinline void fsn_notify_open(struct fsn_dev *dev, unsigned int old_flags)
{
	unsigned int changes = dev->flags ^ old_flags;

	if (changes & FSN_UP)
		dev->buf = kmalloc(40, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "fsn_open_locked: rcu_read_lock(): RCU read-side critical section from here" */
}

/* dev_open() */
static noinline void fsn_open(struct fsn_dev *dev)
{
	dev->flags |= FSN_UP | FSN_RUNNING;
}

static noinline void fsn_open_allmulti(struct fsn_dev *dev)
{
	unsigned int old_flags = dev->flags;

	dev->flags |= FSN_ALLMULTI;
	fsn_open(dev);
	fsn_notify_open(dev, old_flags);
}

int fsn_open_locked(struct fsn_dev *dev)
{
	rcu_read_lock();
	fsn_open_allmulti(dev);
	rcu_read_unlock();
	return 0;
}

static noinline void fsn_notify_change(struct fsn_dev *dev, unsigned int old_flags)
{
	unsigned int changes = dev->flags ^ old_flags;

	if (changes & FSN_UP)
		dev->buf = kmalloc(48, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "fsn_change_locked: rcu_read_lock(): RCU read-side critical section from here" */
}

/* __dev_change_flags() */
static noinline void fsn_set_flags(struct fsn_dev *dev, unsigned int flags)
{
	dev->flags = (flags & ~FSN_RUNNING) | (dev->flags & FSN_RUNNING);
}

/* dev_change_flags() */
static noinline void fsn_change(struct fsn_dev *dev, unsigned int flags)
{
	unsigned int old_flags = dev->flags;

	fsn_set_flags(dev, flags);
	fsn_notify_change(dev, old_flags);
}

int fsn_change_locked(struct fsn_dev *dev, unsigned int flags)
{
	rcu_read_lock();
	fsn_change(dev, flags);
	rcu_read_unlock();
	return 0;
}

static noinline void fsn_notify_allmulti(struct fsn_dev *dev, unsigned int old_flags)
{
	unsigned int changes = dev->flags ^ old_flags;

	if (changes & FSN_ALLMULTI)
		dev->buf = kmalloc(56, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "fsn_allmulti_locked: rcu_read_lock(): RCU read-side critical section from here" */
}

static noinline void fsn_set_allmulti_notify(struct fsn_dev *dev)
{
	unsigned int old_flags = dev->flags;

	dev->flags |= FSN_ALLMULTI;
	fsn_notify_allmulti(dev, old_flags);
}

int fsn_allmulti_locked(struct fsn_dev *dev)
{
	rcu_read_lock();
	fsn_set_allmulti_notify(dev);
	rcu_read_unlock();
	return 0;
}

static noinline void fsn_notify_toggle(struct fsn_dev *dev, unsigned int old_flags)
{
	unsigned int changes = dev->flags ^ old_flags;

	if (changes & FSN_UP)
		dev->buf = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "fsn_toggle_locked: rcu_read_lock(): RCU read-side critical section from here" */
}

static noinline void fsn_toggle(struct fsn_dev *dev)
{
	unsigned int old_flags = dev->flags;

	dev->flags ^= FSN_UP;
	fsn_notify_toggle(dev, old_flags);
}

int fsn_toggle_locked(struct fsn_dev *dev)
{
	rcu_read_lock();
	fsn_toggle(dev);
	rcu_read_unlock();
	return 0;
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gfpcheck testcase: a field's bits changed since the caller read it");
