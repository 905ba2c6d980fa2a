// SPDX-License-Identifier: GPL-2.0
/*
 * kthread_entry: thread functions started with kthread_run() (a statement
 * expression around kthread_create() + wake_up_process()) and
 * kthread_create() (a macro for kthread_create_on_node(fn, data,
 * NUMA_NO_NODE, fmt, ...)) run in process context and may sleep.  None of
 * the allocations in this file is reported (no expectations): the
 * GFP_KERNEL allocation in ktr_thread, the vzalloc in ktr_collect (called
 * only from the threads) and the GFP_KERNEL allocation in ktr_worker.
 */
#include <linux/module.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

struct ktr_dev {
	struct mutex lock;
	struct task_struct *runner;
	struct task_struct *worker;
	void *latest;
	void *collected;
	void *work_buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int ktr_start(struct ktr_dev *d, int id);

static void ktr_collect(struct ktr_dev *d)
{
	void *c;

	c = vzalloc(16384);
	if (!c)
		return;
	mutex_lock(&d->lock);
	swap(c, d->collected);
	mutex_unlock(&d->lock);
	vfree(c);
}

static int ktr_thread(void *data)
{
	struct ktr_dev *d = data;
	void *buf;

	while (!kthread_should_stop()) {
		buf = kmalloc(512, GFP_KERNEL);
		if (buf) {
			mutex_lock(&d->lock);
			swap(buf, d->latest);
			mutex_unlock(&d->lock);
			kfree(buf);
		}
		ktr_collect(d);
		msleep(100);
	}
	return 0;
}

static int ktr_worker(void *data)
{
	struct ktr_dev *d = data;
	void *buf;

	buf = kzalloc(1024, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&d->lock);
	swap(buf, d->work_buf);
	mutex_unlock(&d->lock);
	kfree(buf);
	ktr_collect(d);
	while (!kthread_should_stop())
		msleep(100);
	return 0;
}

int ktr_start(struct ktr_dev *d, int id)
{
	struct task_struct *t;

	mutex_init(&d->lock);
	t = kthread_run(ktr_thread, d, "ktr/%d", id);
	if (IS_ERR(t))
		return PTR_ERR(t);
	d->runner = t;
	t = kthread_create(ktr_worker, d, "ktr-w/%d", id);
	if (IS_ERR(t)) {
		kthread_stop(d->runner);
		return PTR_ERR(t);
	}
	d->worker = t;
	wake_up_process(t);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: kthread functions are sleepable entries");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * check-output-end
 */
