// SPDX-License-Identifier: GPL-2.0
/*
 * callee_sleepable_only: cso_grow allocates with GFP_KERNEL and vzalloc
 * and is called from several places, none of them atomic: a work function
 * (under a mutex), cso_after_unlock (which calls it only after
 * spin_unlock()), and cso_locked_then_released (which takes and releases
 * a spinlock before calling it).  cso_stat is called under a spinlock but
 * does not call cso_grow.  Callers that are atomic on no path do not taint
 * their callees: no expectations in this file.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

struct cso_dev {
	spinlock_t lock;
	struct mutex mutex;
	struct work_struct work;
	void *small;
	void *big;
	unsigned long stat;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int cso_after_unlock(struct cso_dev *d);
int cso_locked_then_released(struct cso_dev *d);
void cso_init(struct cso_dev *d);

static int cso_grow(struct cso_dev *d)
{
	void *small, *big;

	small = kmalloc(128, GFP_KERNEL);
	if (!small)
		return -ENOMEM;
	big = vzalloc(65536);
	if (!big) {
		kfree(small);
		return -ENOMEM;
	}
	kfree(d->small);
	d->small = small;
	vfree(d->big);
	d->big = big;
	return 0;
}

static unsigned long cso_stat(struct cso_dev *d)
{
	return d->stat;
}

static void cso_work_fn(struct work_struct *work)
{
	struct cso_dev *d = container_of(work, struct cso_dev, work);

	mutex_lock(&d->mutex);
	cso_grow(d);
	mutex_unlock(&d->mutex);
}

int cso_after_unlock(struct cso_dev *d)
{
	unsigned long s;
	int ret;

	spin_lock(&d->lock);
	s = cso_stat(d);
	spin_unlock(&d->lock);
	if (s)
		return 0;
	mutex_lock(&d->mutex);
	ret = cso_grow(d);
	mutex_unlock(&d->mutex);
	return ret;
}

int cso_locked_then_released(struct cso_dev *d)
{
	int ret;

	spin_lock_irq(&d->lock);
	d->stat++;
	spin_unlock_irq(&d->lock);
	mutex_lock(&d->mutex);
	ret = cso_grow(d);
	mutex_unlock(&d->mutex);
	return ret;
}

void cso_init(struct cso_dev *d)
{
	spin_lock_init(&d->lock);
	mutex_init(&d->mutex);
	INIT_WORK(&d->work, cso_work_fn);
	schedule_work(&d->work);
}

MODULE_DESCRIPTION("gfpcheck test: callee reached only from sleepable contexts");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * check-output-end
 */
