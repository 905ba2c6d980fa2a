// SPDX-License-Identifier: GPL-2.0
/*
 * field_snapshot_once: as field_snapshot, with the field written the way
 * Linux 6.12's net/core/dev.c __dev_set_allmulti() writes it: a local
 * computed from the old value with a constant bit set or cleared, stored
 * with WRITE_ONCE().  Only that bit can have changed.
 *  - fso_unregister(): `flags = old_flags | FSO_ALLMULTI` or `&
 *    ~FSO_ALLMULTI`, WRITE_ONCE(dev->flags, flags); fso_notify()
 *    allocates only where FSO_UP changed: not reported.
 *  - fso_mode_locked(): the stored local also takes a caller's value
 *    (`old_flags | mode`): reported.
 *  - fso_store_locked(): WRITE_ONCE() of a parameter: reported.
 *
 * check-output-start
 * inter/field_snapshot_once.c:87:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/field_snapshot_once.c:105: note: rcu_read_lock(): RCU read-side critical section from here (in fso_mode_locked)
 * inter/field_snapshot_once.c:106: note: calls fso_set_mode() (in fso_mode_locked)
 * inter/field_snapshot_once.c:100: note: calls fso_notify_mode() (in fso_set_mode)
 * inter/field_snapshot_once.c:87: note: kmalloc(40, GFP_KERNEL) may sleep (direct reclaim) (in fso_notify_mode)
 * inter/field_snapshot_once.c:116:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/field_snapshot_once.c:129: note: rcu_read_lock(): RCU read-side critical section from here (in fso_store_locked)
 * inter/field_snapshot_once.c:130: note: calls fso_store() (in fso_store_locked)
 * inter/field_snapshot_once.c:124: note: calls fso_notify_store() (in fso_store)
 * inter/field_snapshot_once.c:116: note: kmalloc(48, GFP_KERNEL) may sleep (direct reclaim) (in fso_notify_store)
 * check-output-end
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/rcupdate.h>

#define FSO_UP 0x1
#define FSO_ALLMULTI 0x200

struct fso_dev {
	unsigned int flags;
	unsigned int allmulti;
	void *buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int fso_unregister(struct fso_dev *dev);
int fso_mode_locked(struct fso_dev *dev, unsigned int mode);
int fso_store_locked(struct fso_dev *dev, unsigned int flags);

/* __dev_notify_flags() */
static noinline void fso_notify(struct fso_dev *dev, unsigned int old_flags)
{
	unsigned int changes = dev->flags ^ old_flags;

	if (changes & FSO_UP)
		dev->buf = kmalloc(32, GFP_KERNEL);
}

/* __dev_set_allmulti() of 6.12 */
static noinline int fso_set_allmulti(struct fso_dev *dev, int inc)
{
	unsigned int old_flags = dev->flags;
	unsigned int allmulti, flags;

	allmulti = dev->allmulti + inc;
	if (allmulti == 0)
		flags = old_flags & ~FSO_ALLMULTI;
	else
		flags = old_flags | FSO_ALLMULTI;
	WRITE_ONCE(dev->allmulti, allmulti);
	if (flags != old_flags) {
		WRITE_ONCE(dev->flags, flags);
		fso_notify(dev, old_flags);
	}
	return 0;
}

/* packet_notifier() */
int fso_unregister(struct fso_dev *dev)
{
	rcu_read_lock();
	fso_set_allmulti(dev, -1);
	rcu_read_unlock();
	return 0;
}

static noinline void fso_notify_mode(struct fso_dev *dev, unsigned int old_flags)
{
	unsigned int changes = dev->flags ^ old_flags;

	if (changes & FSO_UP)
		dev->buf = kmalloc(40, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "fso_mode_locked: rcu_read_lock(): RCU read-side critical section from here" */
}

static noinline void fso_set_mode(struct fso_dev *dev, unsigned int mode)
{
	unsigned int old_flags = dev->flags;
	unsigned int flags;

	if (mode)
		flags = old_flags | mode;
	else
		flags = old_flags & ~FSO_ALLMULTI;
	WRITE_ONCE(dev->flags, flags);
	fso_notify_mode(dev, old_flags);
}

int fso_mode_locked(struct fso_dev *dev, unsigned int mode)
{
	rcu_read_lock();
	fso_set_mode(dev, mode);
	rcu_read_unlock();
	return 0;
}

static noinline void fso_notify_store(struct fso_dev *dev, unsigned int old_flags)
{
	unsigned int changes = dev->flags ^ old_flags;

	if (changes & FSO_UP)
		dev->buf = kmalloc(48, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "fso_store_locked: rcu_read_lock(): RCU read-side critical section from here" */
}

static noinline void fso_store(struct fso_dev *dev, unsigned int flags)
{
	unsigned int old_flags = dev->flags;

	WRITE_ONCE(dev->flags, flags);
	fso_notify_store(dev, old_flags);
}

int fso_store_locked(struct fso_dev *dev, unsigned int flags)
{
	rcu_read_lock();
	fso_store(dev, flags);
	rcu_read_unlock();
	return 0;
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gfpcheck testcase: a field written with WRITE_ONCE() from its old value and a constant bit");
