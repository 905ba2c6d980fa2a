// SPDX-License-Identifier: GPL-2.0
/*
 * fnptr_ops_table: a driver-private ops table, `static const struct
 * fot_ops` with designated initializers, called through `d->ops->prepare`
 * and `d->ops->reconfigure`.  An indirect call through a field may reach
 * every function stored in that field:
 *  - fot_commit calls d->ops->prepare(d) under spin_lock; .prepare is
 *    fot_prepare in fot_default_ops and fot_alt_prepare in fot_alt_ops, so
 *    both allocations (GFP_KERNEL, vzalloc) are reported.
 *  - fot_reload calls d->ops->reconfigure(d) in process context (under a
 *    mutex): fot_reconfigure's GFP_KERNEL allocation is not reported.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct fot_dev;

struct fot_ops {
	int (*prepare)(struct fot_dev *d);
	int (*reconfigure)(struct fot_dev *d);
};

struct fot_dev {
	spinlock_t lock;
	struct mutex cfg_mutex;
	const struct fot_ops *ops;
	void *prepared;
	void *cfg;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void fot_init(struct fot_dev *d, bool alt);
int fot_commit(struct fot_dev *d);
int fot_reload(struct fot_dev *d);

static int fot_prepare(struct fot_dev *d)
{
	void *p;

	p = kmalloc(256, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!p)
		return -ENOMEM;
	kvfree(d->prepared);
	d->prepared = p;
	return 0;
}

static int fot_alt_prepare(struct fot_dev *d)
{
	void *p;

	p = vzalloc(4096); /* expect: gfp-sleep-in-atomic */
	if (!p)
		return -ENOMEM;
	kvfree(d->prepared);
	d->prepared = p;
	return 0;
}

static int fot_reconfigure(struct fot_dev *d)
{
	void *cfg;

	cfg = kzalloc(128, GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	kfree(d->cfg);
	d->cfg = cfg;
	return 0;
}

static const struct fot_ops fot_default_ops = {
	.prepare = fot_prepare,
	.reconfigure = fot_reconfigure,
};

static const struct fot_ops fot_alt_ops = {
	.prepare = fot_alt_prepare,
	.reconfigure = fot_reconfigure,
};

void fot_init(struct fot_dev *d, bool alt)
{
	spin_lock_init(&d->lock);
	mutex_init(&d->cfg_mutex);
	d->ops = alt ? &fot_alt_ops : &fot_default_ops;
}

int fot_commit(struct fot_dev *d)
{
	int ret;

	spin_lock(&d->lock);
	ret = d->ops->prepare(d);
	spin_unlock(&d->lock);
	return ret;
}

int fot_reload(struct fot_dev *d)
{
	int ret;

	mutex_lock(&d->cfg_mutex);
	ret = d->ops->reconfigure(d);
	mutex_unlock(&d->cfg_mutex);
	return ret;
}

MODULE_DESCRIPTION("gfpcheck test: ops table in a static const struct");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/fnptr_ops_table.c:43:6: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_ops_table.c:96: note: spin_lock(&d->lock): spinlock held from here (in fot_commit)
 * inter/fnptr_ops_table.c:97: note: calls fot_prepare() through fot_ops.prepare (initializer in inter/fnptr_ops_table.c) (in fot_commit)
 * inter/fnptr_ops_table.c:43: note: kmalloc(256, GFP_KERNEL) may sleep (direct reclaim) (in fot_prepare)
 * inter/fnptr_ops_table.c:55:6: warning: vzalloc() may sleep in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_ops_table.c:96: note: spin_lock(&d->lock): spinlock held from here (in fot_commit)
 * inter/fnptr_ops_table.c:97: note: calls fot_alt_prepare() through fot_ops.prepare (initializer in inter/fnptr_ops_table.c) (in fot_commit)
 * inter/fnptr_ops_table.c:55: note: vzalloc(4096) may sleep (in fot_alt_prepare)
 * check-output-end
 */
