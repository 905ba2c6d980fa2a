// SPDX-License-Identifier: GPL-2.0
/*
 * callee_both_contexts: cbc_fill is called from two atomic callers
 * (cbc_atomic_path under spin_lock, cbc_irqoff_path with IRQs disabled)
 * and from two sleepable ones (cbc_sleep_path under a mutex, cbc_init with
 * no lock).  One atomic path is enough: its GFP_KERNEL allocation is
 * reported, exactly once.  cbc_prepare is called only from the sleepable
 * callers: not reported.
 */
#include <linux/module.h>
#include <linux/irqflags.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct cbc_dev {
	spinlock_t lock;
	struct mutex mutex;
	void *slot;
	void *prep;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int cbc_atomic_path(struct cbc_dev *d);
int cbc_irqoff_path(struct cbc_dev *d);
int cbc_sleep_path(struct cbc_dev *d);
int cbc_init(struct cbc_dev *d);

static int cbc_fill(struct cbc_dev *d)
{
	void *p;

	if (d->slot)
		return 0;
	p = kmalloc(96, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!p)
		return -ENOMEM;
	d->slot = p;
	return 0;
}

static int cbc_prepare(struct cbc_dev *d)
{
	void *p;

	if (d->prep)
		return 0;
	p = kzalloc(96, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	d->prep = p;
	return 0;
}

int cbc_atomic_path(struct cbc_dev *d)
{
	int ret;

	spin_lock(&d->lock);
	ret = cbc_fill(d);
	spin_unlock(&d->lock);
	return ret;
}

int cbc_irqoff_path(struct cbc_dev *d)
{
	int ret;

	local_irq_disable();
	ret = cbc_fill(d);
	local_irq_enable();
	return ret;
}

int cbc_sleep_path(struct cbc_dev *d)
{
	int ret;

	mutex_lock(&d->mutex);
	ret = cbc_prepare(d);
	if (!ret)
		ret = cbc_fill(d);
	mutex_unlock(&d->mutex);
	return ret;
}

int cbc_init(struct cbc_dev *d)
{
	int ret;

	spin_lock_init(&d->lock);
	mutex_init(&d->mutex);
	ret = cbc_prepare(d);
	if (ret)
		return ret;
	return cbc_fill(d);
}

MODULE_DESCRIPTION("gfpcheck test: callee reached from atomic and sleepable callers");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/callee_both_contexts.c:35:6: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/callee_both_contexts.c:59: note: spin_lock(&d->lock): spinlock held from here (in cbc_atomic_path)
 * inter/callee_both_contexts.c:60: note: calls cbc_fill() (in cbc_atomic_path)
 * inter/callee_both_contexts.c:35: note: kmalloc(96, GFP_KERNEL) may sleep (direct reclaim) (in cbc_fill)
 * check-output-end
 */
