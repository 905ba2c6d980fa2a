// SPDX-License-Identifier: GPL-2.0
/*
 * bh_workqueue: work items queued on a BH workqueue (6.9+, the tasklet
 * replacement) run in softirq context: include/linux/workqueue.h
 * "system_bh[_highpri]_wq are convenience interface to softirq. BH work
 * items are executed in the queueing CPU's BH context".
 * gfpcheck-test: since 6.9
 *  - bhw_bh_fn: INIT_WORK() on a struct member, queue_work(system_bh_wq):
 *    reported.
 *  - bhw_static_fn: DECLARE_WORK(), queued on system_bh_highpri_wq from a
 *    helper: reported.
 *  - bhw_plain_fn: the same shape on system_wq, a kworker: not reported.
 *  - bhw_own_fn: queued on a queue of the module's own, made with
 *    alloc_workqueue(..., WQ_BH | WQ_HIGHPRI, 0): reported;
 *    bhw_own_plain_fn on one made without WQ_BH: not reported.
 */
#include <linux/version.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)

struct bhw_dev {
	struct work_struct bh_work;
	struct work_struct plain_work;
	struct work_struct own_work;
	struct work_struct own_plain_work;
	struct workqueue_struct *own_wq;
	void *a;
	void *b;
};

static struct bhw_dev bhw_the_dev;
static void *bhw_buf;
static void *bhw_own_buf[2];
static struct workqueue_struct *bhw_plain_wq;

static void bhw_bh_fn(struct work_struct *w)
{
	struct bhw_dev *d = container_of(w, struct bhw_dev, bh_work);

	d->a = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "queued on system_bh_wq" */
}

static void bhw_plain_fn(struct work_struct *w)
{
	struct bhw_dev *d = container_of(w, struct bhw_dev, plain_work);

	d->b = kmalloc(64, GFP_KERNEL);
}

static void bhw_static_fn(struct work_struct *w)
{
	bhw_buf = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "queued on system_bh_highpri_wq" */
}

static DECLARE_WORK(bhw_static_work, bhw_static_fn);

static void bhw_own_fn(struct work_struct *w)
{
	bhw_own_buf[0] = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "bhw_own_fn() queued on bhw_the_dev.own_wq by queue_work()" */
}

static void bhw_own_plain_fn(struct work_struct *w)
{
	bhw_own_buf[1] = kmalloc(64, GFP_KERNEL);
}

static void bhw_kick(void)
{
	queue_work(system_bh_highpri_wq, &bhw_static_work);
}

static int __init bhw_init(void)
{
	struct bhw_dev *d = &bhw_the_dev;

	INIT_WORK(&d->bh_work, bhw_bh_fn);
	INIT_WORK(&d->plain_work, bhw_plain_fn);
	queue_work(system_bh_wq, &d->bh_work);
	queue_work(system_wq, &d->plain_work);
	bhw_kick();
	d->own_wq = alloc_workqueue("bhw", WQ_BH | WQ_HIGHPRI, 0);
	bhw_plain_wq = alloc_workqueue("bhw-plain", WQ_UNBOUND, 0);
	if (!d->own_wq || !bhw_plain_wq)
		return -ENOMEM;
	INIT_WORK(&d->own_work, bhw_own_fn);
	INIT_WORK(&d->own_plain_work, bhw_own_plain_fn);
	queue_work(d->own_wq, &d->own_work);
	queue_work(bhw_plain_wq, &d->own_plain_work);
	return 0;
}

static void __exit bhw_exit(void)
{
	cancel_work_sync(&bhw_the_dev.bh_work);
	cancel_work_sync(&bhw_the_dev.plain_work);
	cancel_work_sync(&bhw_static_work);
	destroy_workqueue(bhw_the_dev.own_wq);
	destroy_workqueue(bhw_plain_wq);
}

module_init(bhw_init);
module_exit(bhw_exit);
#endif

MODULE_DESCRIPTION("gfpcheck test: BH workqueues");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/bh_workqueue.c:43:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/bh_workqueue.c:81: note: bhw_bh_fn() queued on system_bh_wq by queue_work() here: runs in softirq context (in bhw_init)
 * inter/bh_workqueue.c:43: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in bhw_bh_fn)
 * inter/bh_workqueue.c:55:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/bh_workqueue.c:72: note: bhw_static_fn() queued on system_bh_highpri_wq by queue_work() here: runs in softirq context (in bhw_kick)
 * inter/bh_workqueue.c:55: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in bhw_static_fn)
 * inter/bh_workqueue.c:62:19: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/bh_workqueue.c:90: note: bhw_own_fn() queued on bhw_the_dev.own_wq by queue_work() here: runs in softirq context (in bhw_init)
 * inter/bh_workqueue.c:62: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in bhw_own_fn)
 * check-output-end
 */
