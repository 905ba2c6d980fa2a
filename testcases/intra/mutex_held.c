// SPDX-License-Identifier: GPL-2.0
/*
 * mutex_held: a mutex is a sleeping lock, so allocating with GFP_KERNEL
 * while holding one (mutex_lock, mutex_lock_interruptible, a successful
 * mutex_trylock) is fine and not reported.  Taking a spinlock inside the
 * mutex section makes the code atomic again: the allocation between
 * spin_lock() and spin_unlock() is reported, the one after spin_unlock()
 * (mutex still held) is not.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct mh_dev {
	struct mutex cfg_mutex;
	spinlock_t stats_lock;
	void *cfg;
	void *stats;
	void *big;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int mh_set_cfg(struct mh_dev *d, size_t size);
int mh_set_cfg_interruptible(struct mh_dev *d, size_t size);
int mh_try_set_cfg(struct mh_dev *d, size_t size);
int mh_reset_stats(struct mh_dev *d, size_t size);

int mh_set_cfg(struct mh_dev *d, size_t size)
{
	void *cfg;

	mutex_lock(&d->cfg_mutex);
	cfg = kzalloc(size, GFP_KERNEL);
	if (cfg) {
		kfree(d->cfg);
		d->cfg = cfg;
	}
	mutex_unlock(&d->cfg_mutex);
	return cfg ? 0 : -ENOMEM;
}

int mh_set_cfg_interruptible(struct mh_dev *d, size_t size)
{
	void *cfg;
	int ret;

	ret = mutex_lock_interruptible(&d->cfg_mutex);
	if (ret)
		return ret;
	cfg = kzalloc(size, GFP_KERNEL);
	if (cfg) {
		kfree(d->cfg);
		d->cfg = cfg;
	}
	mutex_unlock(&d->cfg_mutex);
	return cfg ? 0 : -ENOMEM;
}

int mh_try_set_cfg(struct mh_dev *d, size_t size)
{
	void *cfg;

	if (!mutex_trylock(&d->cfg_mutex))
		return -EBUSY;
	cfg = vzalloc(size);
	if (cfg) {
		vfree(d->big);
		d->big = cfg;
	}
	mutex_unlock(&d->cfg_mutex);
	return cfg ? 0 : -ENOMEM;
}

int mh_reset_stats(struct mh_dev *d, size_t size)
{
	void *stats, *cfg;

	mutex_lock(&d->cfg_mutex);
	spin_lock(&d->stats_lock);
	stats = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (stats) {
		kfree(d->stats);
		d->stats = stats;
	}
	spin_unlock(&d->stats_lock);
	cfg = kzalloc(size, GFP_KERNEL);
	if (cfg) {
		kfree(d->cfg);
		d->cfg = cfg;
	}
	mutex_unlock(&d->cfg_mutex);
	return stats && cfg ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: mutexes allow sleeping allocations");
MODULE_LICENSE("GPL");
