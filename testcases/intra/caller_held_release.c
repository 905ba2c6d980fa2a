// SPDX-License-Identifier: GPL-2.0
/*
 * caller_held_release: functions that release a lock their caller took
 * (annotated __releases) start outside any atomic section as far as this
 * function alone can tell, and after the unlock they are certainly not
 * atomic, so the allocation after spin_unlock() in err_finish_locked is
 * not reported; unlocking a lock that was never taken in this function
 * does not make anything atomic either.  err_handoff takes a second lock
 * itself after the release and allocates under it: reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct err_dev {
	spinlock_t lock;
	spinlock_t stats_lock;
	bool busy;
	void *log;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void err_finish_locked(struct err_dev *d, size_t size);
void err_handoff(struct err_dev *d, size_t size);

void err_finish_locked(struct err_dev *d, size_t size)
	__releases(&d->lock)
{
	d->busy = false;
	spin_unlock(&d->lock);
	d->log = kzalloc(size, GFP_KERNEL);
}

void err_handoff(struct err_dev *d, size_t size)
	__releases(&d->lock)
{
	void *log;

	d->busy = false;
	spin_unlock(&d->lock);
	spin_lock(&d->stats_lock);
	log = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	swap(log, d->log);
	spin_unlock(&d->stats_lock);
	kfree(log);
}

MODULE_DESCRIPTION("gfpcheck test: releasing a lock taken by the caller");
MODULE_LICENSE("GPL");
