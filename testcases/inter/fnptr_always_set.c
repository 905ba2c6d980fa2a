// SPDX-License-Identifier: GPL-2.0
/*
 * fnptr_always_set: a function-pointer field that every object of the
 * tree sets is never NULL, and the fallback a test of it guards is never
 * taken.  6.1's hid_hw_request() calls `hdev->ll_driver->request` when it
 * is set and otherwise builds the report itself (__hid_request(),
 * hid_alloc_report_buf(report, GFP_KERNEL)); lg4ff_play() calls it under
 * a spinlock.  Every `struct hid_ll_driver` of a defconfig tree
 * (usb_hid_driver) sets `.request`, so that allocation never runs there.
 *  - fas_play() is that shape: two drivers, both with `.request`, set in
 *    initialisers only; fas_build_request()'s allocation is not reported
 *    (the binary before reports it, under the spinlock).
 *  - fas_omit_play(): one of its struct's two initialisers leaves
 *    `.request` out; reported.
 *  - fas_spare_play(): its struct has an object defined without an
 *    initialiser (all zero); reported.
 *  - fas_heap_play(): its struct also has objects built on the heap,
 *    field by field (an assignment to another of its function-pointer
 *    fields), which may leave `.request` out; reported.
 *  - fas_null_play(): `.request` is set in every initialiser, but an
 *    assignment stores NULL in it; reported.
 *  - fas_deep_play(): its struct is also a member of a member of an
 *    object whose initialiser gives only `.mid.side.start`, leaving the
 *    rest of `mid` zero; reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct fas_device {
	spinlock_t lock;
	void *report;
};

struct fas_ll_driver {
	int (*start)(struct fas_device *dev);
	void (*request)(struct fas_device *dev, int reqtype);
};

struct fas_omit_driver {
	int (*start)(struct fas_device *dev);
	void (*request)(struct fas_device *dev, int reqtype);
};

struct fas_spare_driver {
	int (*start)(struct fas_device *dev);
	void (*request)(struct fas_device *dev, int reqtype);
};

struct fas_heap_driver {
	int (*start)(struct fas_device *dev);
	void (*request)(struct fas_device *dev, int reqtype);
};

struct fas_null_driver {
	int (*start)(struct fas_device *dev);
	void (*request)(struct fas_device *dev, int reqtype);
};

struct fas_deep_driver {
	int (*start)(struct fas_device *dev);
	void (*request)(struct fas_device *dev, int reqtype);
};

struct fas_deep_mid {
	struct fas_omit_driver side;
	struct fas_deep_driver deep;
};

struct fas_deep_host {
	struct fas_deep_mid mid;
	int id;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void fas_play(struct fas_device *dev, const struct fas_ll_driver *drv);
void fas_omit_play(struct fas_device *dev, const struct fas_omit_driver *drv);
void fas_spare_play(struct fas_device *dev,
		    const struct fas_spare_driver *drv);
void fas_heap_play(struct fas_device *dev, const struct fas_heap_driver *drv);
struct fas_heap_driver *fas_heap_new(void);
void fas_null_play(struct fas_device *dev, struct fas_null_driver *drv);
void fas_null_detach(struct fas_null_driver *drv);
void fas_deep_play(struct fas_device *dev, int which);

static int fas_start(struct fas_device *dev)
{
	return 0;
}

/* usbhid_request(): queues the report, never sleeps */
static void fas_usb_request(struct fas_device *dev, int reqtype)
{
	pr_info("request %d\n", reqtype);
}

static void fas_i2c_request(struct fas_device *dev, int reqtype)
{
	pr_info("i2c request %d\n", reqtype);
}

/* __hid_request() */
static noinline void fas_build_request(struct fas_device *dev, int reqtype)
{
	kfree(dev->report);
	dev->report = kzalloc(64, GFP_KERNEL);
}

/* hid_hw_request() */
static noinline void fas_hw_request(struct fas_device *dev,
				    const struct fas_ll_driver *drv,
				    int reqtype)
{
	if (drv->request)
		return drv->request(dev, reqtype);
	fas_build_request(dev, reqtype);
}

static const struct fas_ll_driver fas_usb_driver = {
	.start = fas_start,
	.request = fas_usb_request,
};

static const struct fas_ll_driver fas_i2c_driver = {
	.start = fas_start,
	.request = fas_i2c_request,
};

/* lg4ff_play() */
void fas_play(struct fas_device *dev, const struct fas_ll_driver *drv)
{
	unsigned long flags;

	spin_lock_irqsave(&dev->lock, flags);
	fas_hw_request(dev, drv ? drv : &fas_usb_driver, 1);
	fas_hw_request(dev, &fas_i2c_driver, 2);
	spin_unlock_irqrestore(&dev->lock, flags);
}

static noinline void fas_omit_build(struct fas_device *dev)
{
	kfree(dev->report);
	dev->report = kzalloc(65, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "fas_omit_play: calls fas_omit_request()" */
}

static noinline void fas_omit_request(struct fas_device *dev,
				      const struct fas_omit_driver *drv)
{
	if (drv->request)
		return drv->request(dev, 1);
	fas_omit_build(dev);
}

static const struct fas_omit_driver fas_omit_full = {
	.start = fas_start,
	.request = fas_usb_request,
};

static const struct fas_omit_driver fas_omit_bare = {
	.start = fas_start,
};

void fas_omit_play(struct fas_device *dev, const struct fas_omit_driver *drv)
{
	spin_lock(&dev->lock);
	fas_omit_request(dev, drv ? drv : &fas_omit_full);
	fas_omit_request(dev, &fas_omit_bare);
	spin_unlock(&dev->lock);
}

static noinline void fas_spare_build(struct fas_device *dev)
{
	kfree(dev->report);
	dev->report = kzalloc(66, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "fas_spare_play: calls fas_spare_request()" */
}

static noinline void fas_spare_request(struct fas_device *dev,
				       const struct fas_spare_driver *drv)
{
	if (drv->request)
		return drv->request(dev, 1);
	fas_spare_build(dev);
}

static const struct fas_spare_driver fas_spare_full = {
	.start = fas_start,
	.request = fas_usb_request,
};

static struct fas_spare_driver fas_spare;

void fas_spare_play(struct fas_device *dev,
		    const struct fas_spare_driver *drv)
{
	spin_lock(&dev->lock);
	fas_spare_request(dev, drv ? drv : &fas_spare_full);
	fas_spare_request(dev, &fas_spare);
	spin_unlock(&dev->lock);
}

static noinline void fas_heap_build(struct fas_device *dev)
{
	kfree(dev->report);
	dev->report = kzalloc(67, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "fas_heap_play: calls fas_heap_request()" */
}

static noinline void fas_heap_request(struct fas_device *dev,
				      const struct fas_heap_driver *drv)
{
	if (drv->request)
		return drv->request(dev, 1);
	fas_heap_build(dev);
}

static const struct fas_heap_driver fas_heap_full = {
	.start = fas_start,
	.request = fas_usb_request,
};

struct fas_heap_driver *fas_heap_new(void)
{
	struct fas_heap_driver *drv = kzalloc(sizeof(*drv), GFP_KERNEL);

	if (drv)
		drv->start = fas_start;
	return drv;
}

void fas_heap_play(struct fas_device *dev, const struct fas_heap_driver *drv)
{
	spin_lock(&dev->lock);
	fas_heap_request(dev, drv ? drv : &fas_heap_full);
	spin_unlock(&dev->lock);
}

static noinline void fas_null_build(struct fas_device *dev)
{
	kfree(dev->report);
	dev->report = kzalloc(68, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "fas_null_play: calls fas_null_request()" */
}

static noinline void fas_null_request(struct fas_device *dev,
				      const struct fas_null_driver *drv)
{
	if (drv->request)
		return drv->request(dev, 1);
	fas_null_build(dev);
}

static struct fas_null_driver fas_null_full = {
	.start = fas_start,
	.request = fas_usb_request,
};

void fas_null_detach(struct fas_null_driver *drv)
{
	drv->request = NULL;
}

void fas_null_play(struct fas_device *dev, struct fas_null_driver *drv)
{
	spin_lock(&dev->lock);
	fas_null_request(dev, drv ? drv : &fas_null_full);
	spin_unlock(&dev->lock);
}

static noinline void fas_deep_build(struct fas_device *dev)
{
	kfree(dev->report);
	dev->report = kzalloc(69, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "fas_deep_play: calls fas_deep_request()" */
}

static noinline void fas_deep_request(struct fas_device *dev,
				      const struct fas_deep_driver *drv)
{
	if (drv->request)
		return drv->request(dev, 1);
	fas_deep_build(dev);
}

static const struct fas_deep_driver fas_deep_full = {
	.start = fas_start,
	.request = fas_usb_request,
};

static struct fas_deep_host fas_deep_host = {
	.mid.side.start = fas_start,
	.id = 1,
};

void fas_deep_play(struct fas_device *dev, int which)
{
	spin_lock(&dev->lock);
	fas_deep_request(dev, which ? &fas_deep_host.mid.deep : &fas_deep_full);
	spin_unlock(&dev->lock);
}

MODULE_DESCRIPTION("gfpcheck test: function-pointer fields every object sets");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/fnptr_always_set.c:143:16: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_always_set.c:165: note: spin_lock(&dev->lock): spinlock held from here (in fas_omit_play)
 * inter/fnptr_always_set.c:166: note: calls fas_omit_request() (in fas_omit_play)
 * inter/fnptr_always_set.c:151: note: calls fas_omit_build() (in fas_omit_request)
 * inter/fnptr_always_set.c:143: note: kzalloc(65, GFP_KERNEL) may sleep (direct reclaim) (in fas_omit_build)
 * inter/fnptr_always_set.c:174:16: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_always_set.c:195: note: spin_lock(&dev->lock): spinlock held from here (in fas_spare_play)
 * inter/fnptr_always_set.c:196: note: calls fas_spare_request() (in fas_spare_play)
 * inter/fnptr_always_set.c:182: note: calls fas_spare_build() (in fas_spare_request)
 * inter/fnptr_always_set.c:174: note: kzalloc(66, GFP_KERNEL) may sleep (direct reclaim) (in fas_spare_build)
 * inter/fnptr_always_set.c:204:16: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_always_set.c:231: note: spin_lock(&dev->lock): spinlock held from here (in fas_heap_play)
 * inter/fnptr_always_set.c:232: note: calls fas_heap_request() (in fas_heap_play)
 * inter/fnptr_always_set.c:212: note: calls fas_heap_build() (in fas_heap_request)
 * inter/fnptr_always_set.c:204: note: kzalloc(67, GFP_KERNEL) may sleep (direct reclaim) (in fas_heap_build)
 * inter/fnptr_always_set.c:239:16: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_always_set.c:262: note: spin_lock(&dev->lock): spinlock held from here (in fas_null_play)
 * inter/fnptr_always_set.c:263: note: calls fas_null_request() (in fas_null_play)
 * inter/fnptr_always_set.c:247: note: calls fas_null_build() (in fas_null_request)
 * inter/fnptr_always_set.c:239: note: kzalloc(68, GFP_KERNEL) may sleep (direct reclaim) (in fas_null_build)
 * inter/fnptr_always_set.c:270:16: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/fnptr_always_set.c:293: note: spin_lock(&dev->lock): spinlock held from here (in fas_deep_play)
 * inter/fnptr_always_set.c:294: note: calls fas_deep_request() (in fas_deep_play)
 * inter/fnptr_always_set.c:278: note: calls fas_deep_build() (in fas_deep_request)
 * inter/fnptr_always_set.c:270: note: kzalloc(69, GFP_KERNEL) may sleep (direct reclaim) (in fas_deep_build)
 * check-output-end
 */
