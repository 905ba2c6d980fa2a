// SPDX-License-Identifier: GPL-2.0
/*
 * work_init_work: work items run in process context (a kworker) and may
 * sleep.  INIT_WORK is a macro whose body ends in the assignment
 * `(_work)->func = (_func)`; INIT_DELAYED_WORK does INIT_WORK on the
 * embedded work item and initialises the embedded timer with the kernel's
 * own delayed_work_timer_fn (via __init_timer -> init_timer_key).
 *  - wiw_work_fn's GFP_KERNEL allocation and wiw_rebuild's vzalloc (called
 *    only from the work function): not reported.
 *  - wiw_delayed_fn (INIT_DELAYED_WORK) allocates with GFP_KERNEL: not
 *    reported (its function is not the timer callback).
 *  - but a work function that takes a spinlock makes its callees atomic
 *    again: wiw_locked_helper, called from wiw_work_fn between spin_lock
 *    and spin_unlock, is reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

struct wiw_dev {
	spinlock_t lock;
	struct work_struct work;
	struct delayed_work dwork;
	void *table;
	void *cache;
	void *snapshot;
	void *locked_buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void wiw_init(struct wiw_dev *d);

static void wiw_rebuild(struct wiw_dev *d)
{
	void *cache;

	cache = vzalloc(32768);
	if (!cache)
		return;
	vfree(d->cache);
	d->cache = cache;
}

static void wiw_locked_helper(struct wiw_dev *d)
{
	void *buf;

	if (d->locked_buf)
		return;
	buf = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!buf)
		return;
	d->locked_buf = buf;
}

static void wiw_work_fn(struct work_struct *work)
{
	struct wiw_dev *d = container_of(work, struct wiw_dev, work);
	void *table;

	table = kcalloc(32, sizeof(u64), GFP_KERNEL);
	if (!table)
		return;
	kfree(d->table);
	d->table = table;
	wiw_rebuild(d);

	spin_lock(&d->lock);
	wiw_locked_helper(d);
	spin_unlock(&d->lock);
}

static void wiw_delayed_fn(struct work_struct *work)
{
	struct wiw_dev *d = container_of(to_delayed_work(work), struct wiw_dev, dwork);
	void *snap;

	snap = kzalloc(512, GFP_KERNEL);
	if (!snap)
		return;
	kfree(d->snapshot);
	d->snapshot = snap;
}

void wiw_init(struct wiw_dev *d)
{
	spin_lock_init(&d->lock);
	INIT_WORK(&d->work, wiw_work_fn);
	INIT_DELAYED_WORK(&d->dwork, wiw_delayed_fn);
	schedule_work(&d->work);
	schedule_delayed_work(&d->dwork, HZ);
}

MODULE_DESCRIPTION("gfpcheck test: INIT_WORK functions are sleepable entries");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/work_init_work.c:52:8: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/work_init_work.c:70: note: spin_lock(&d->lock): spinlock held from here (in wiw_work_fn)
 * inter/work_init_work.c:71: note: calls wiw_locked_helper() (in wiw_work_fn)
 * inter/work_init_work.c:52: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in wiw_locked_helper)
 * check-output-end
 */
