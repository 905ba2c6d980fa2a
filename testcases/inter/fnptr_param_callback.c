// SPDX-License-Identifier: GPL-2.0
/*
 * fnptr_param_callback: callbacks passed as a function-pointer argument
 * and called through the parameter.  The callee is resolved per call site
 * from the argument, and the call inherits the runner's context at that
 * call site:
 *  - fpp_locked_user calls fpp_run(fpp_grow, d) under spin_lock: fpp_run
 *    calls fn(d) in atomic context, so fpp_grow's GFP_KERNEL allocation is
 *    reported.
 *  - fpp_plain_user calls fpp_run(fpp_rebuild, d) with no lock:
 *    fpp_rebuild's allocation is not reported, although fpp_run itself is
 *    also called atomically elsewhere (the argument, not the runner,
 *    decides the callee).
 *  - fpp_run_locked(fn, d) takes the lock itself around fn(d);
 *    fpp_resize_user passes fpp_resize: its vzalloc is reported.
 *  - fpp_call(fn) takes no arguments but a `void (*fn)(void)` and is called
 *    as fpp_call(fpp_refill_global) under spin_lock_irq: fpp_refill_global's
 *    GFP_KERNEL allocation is reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct fpp_dev {
	spinlock_t lock;
	void *grown;
	void *rebuilt;
	void *resized;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int fpp_locked_user(struct fpp_dev *d);
int fpp_plain_user(struct fpp_dev *d);
int fpp_resize_user(struct fpp_dev *d);
void fpp_global_user(void);

static DEFINE_SPINLOCK(fpp_global_lock);
static void *fpp_global;

static int fpp_run(int (*fn)(struct fpp_dev *), struct fpp_dev *d)
{
	return fn(d);
}

static int fpp_run_locked(int (*fn)(struct fpp_dev *), struct fpp_dev *d)
{
	int ret;

	spin_lock(&d->lock);
	ret = fn(d);
	spin_unlock(&d->lock);
	return ret;
}

static void fpp_call(void (*fn)(void))
{
	fn();
}

static int fpp_grow(struct fpp_dev *d)
{
	void *p;

	p = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!p)
		return -ENOMEM;
	kfree(d->grown);
	d->grown = p;
	return 0;
}

static int fpp_rebuild(struct fpp_dev *d)
{
	void *p;

	p = kzalloc(64, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	kfree(d->rebuilt);
	d->rebuilt = p;
	return 0;
}

static int fpp_resize(struct fpp_dev *d)
{
	void *p;

	p = vzalloc(8192); /* expect: gfp-sleep-in-atomic */
	if (!p)
		return -ENOMEM;
	vfree(d->resized);
	d->resized = p;
	return 0;
}

static void fpp_refill_global(void)
{
	void *p;

	if (fpp_global)
		return;
	p = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!p)
		return;
	fpp_global = p;
}

int fpp_locked_user(struct fpp_dev *d)
{
	int ret;

	spin_lock(&d->lock);
	ret = fpp_run(fpp_grow, d);
	spin_unlock(&d->lock);
	return ret;
}

int fpp_plain_user(struct fpp_dev *d)
{
	return fpp_run(fpp_rebuild, d);
}

int fpp_resize_user(struct fpp_dev *d)
{
	return fpp_run_locked(fpp_resize, d);
}

void fpp_global_user(void)
{
	spin_lock_irq(&fpp_global_lock);
	fpp_call(fpp_refill_global);
	spin_unlock_irq(&fpp_global_lock);
}

MODULE_DESCRIPTION("gfpcheck test: callbacks passed as function-pointer parameters");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/fnptr_param_callback.c:65:6: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_param_callback.c:113: note: spin_lock(&d->lock): spinlock held from here (in fpp_locked_user)
 * inter/fnptr_param_callback.c:114: note: calls fpp_run() (in fpp_locked_user)
 * inter/fnptr_param_callback.c:43: note: calls fpp_grow() through param:0 (a callback parameter) (in fpp_run)
 * inter/fnptr_param_callback.c:65: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in fpp_grow)
 * inter/fnptr_param_callback.c:89:6: warning: vzalloc() may sleep in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_param_callback.c:50: note: spin_lock(&d->lock): spinlock held from here (in fpp_run_locked)
 * inter/fnptr_param_callback.c:51: note: calls fpp_resize() through param:0 (a callback parameter) (in fpp_run_locked)
 * inter/fnptr_param_callback.c:89: note: vzalloc(8192) may sleep (in fpp_resize)
 * inter/fnptr_param_callback.c:103:6: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_param_callback.c:131: note: spin_lock_irq(&fpp_global_lock): spinlock held from here (in fpp_global_user)
 * inter/fnptr_param_callback.c:132: note: calls fpp_call() (in fpp_global_user)
 * inter/fnptr_param_callback.c:58: note: calls fpp_refill_global() through param:0 (a callback parameter) (in fpp_call)
 * inter/fnptr_param_callback.c:103: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in fpp_refill_global)
 * check-output-end
 */
