// SPDX-License-Identifier: GPL-2.0
/*
 * sleeping_lock_callers: mutexes, semaphores and rw_semaphores are
 * sleeping locks; a callee called while one is held may sleep.
 *  - slc_h_mutex (under mutex_lock), slc_h_sem (under down()) and
 *    slc_h_rwsem (under down_write()) allocate with GFP_KERNEL: not
 *    reported.
 *  - slc_mixed takes a spinlock inside the mutex section and calls
 *    slc_h_spin there: reported.  It calls slc_h_mutex again after
 *    spin_unlock (mutex still held), which stays clean.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/semaphore.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct slc_dev {
	struct mutex mutex;
	struct semaphore sem;
	struct rw_semaphore rwsem;
	spinlock_t lock;
	void *slot[4];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int slc_with_mutex(struct slc_dev *d);
int slc_with_sem(struct slc_dev *d);
int slc_with_rwsem(struct slc_dev *d);
int slc_mixed(struct slc_dev *d);

static void slc_put(struct slc_dev *d, unsigned int i, void *p)
{
	kfree(d->slot[i]);
	d->slot[i] = p;
}

static int slc_h_mutex(struct slc_dev *d)
{
	void *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	slc_put(d, 0, p);
	return 0;
}

static int slc_h_sem(struct slc_dev *d)
{
	void *p = kzalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	slc_put(d, 1, p);
	return 0;
}

static int slc_h_rwsem(struct slc_dev *d)
{
	void *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	slc_put(d, 2, p);
	return 0;
}

static int slc_h_spin(struct slc_dev *d)
{
	void *p = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */

	if (!p)
		return -ENOMEM;
	slc_put(d, 3, p);
	return 0;
}

int slc_with_mutex(struct slc_dev *d)
{
	int ret;

	mutex_lock(&d->mutex);
	ret = slc_h_mutex(d);
	mutex_unlock(&d->mutex);
	return ret;
}

int slc_with_sem(struct slc_dev *d)
{
	int ret;

	down(&d->sem);
	ret = slc_h_sem(d);
	up(&d->sem);
	return ret;
}

int slc_with_rwsem(struct slc_dev *d)
{
	int ret;

	down_write(&d->rwsem);
	ret = slc_h_rwsem(d);
	up_write(&d->rwsem);
	return ret;
}

int slc_mixed(struct slc_dev *d)
{
	int ret;

	mutex_lock(&d->mutex);
	spin_lock(&d->lock);
	ret = slc_h_spin(d);
	spin_unlock(&d->lock);
	if (!ret)
		ret = slc_h_mutex(d);
	mutex_unlock(&d->mutex);
	return ret;
}

MODULE_DESCRIPTION("gfpcheck test: sleeping locks do not make callees atomic");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/sleeping_lock_callers.c:71:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/sleeping_lock_callers.c:114: note: spin_lock(&d->lock): spinlock held from here (in slc_mixed)
 * inter/sleeping_lock_callers.c:115: note: calls slc_h_spin() (in slc_mixed)
 * inter/sleeping_lock_callers.c:71: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in slc_h_spin)
 * check-output-end
 */
