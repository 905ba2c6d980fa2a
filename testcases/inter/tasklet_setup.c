// SPDX-License-Identifier: GPL-2.0
/*
 * tasklet_setup: tks_callback is registered with tasklet_setup() (new-style
 * struct tasklet_struct * argument) and runs in softirq context.  Its own
 * kzalloc with GFP_KERNEL is reported.  tks_fill, called only from
 * tks_configure in process context, allocates with GFP_KERNEL: not
 * reported, even though tks_configure also sets up the tasklet.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct tks_dev {
	spinlock_t lock;
	struct tasklet_struct tasklet;
	void *completion_buf;
	void *table;
	size_t buf_size;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int tks_configure(struct tks_dev *d);

static void tks_callback(struct tasklet_struct *t)
{
	struct tks_dev *d = from_tasklet(d, t, tasklet);
	void *buf, *old;

	buf = kzalloc(d->buf_size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!buf)
		return;
	spin_lock(&d->lock);
	old = d->completion_buf;
	d->completion_buf = buf;
	spin_unlock(&d->lock);
	kfree(old);
}

static int tks_fill(struct tks_dev *d)
{
	void *table;

	table = kcalloc(16, sizeof(u64), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	d->table = table;
	return 0;
}

int tks_configure(struct tks_dev *d)
{
	int ret;

	spin_lock_init(&d->lock);
	d->buf_size = 512;
	ret = tks_fill(d);
	if (ret)
		return ret;
	tasklet_setup(&d->tasklet, tks_callback);
	tasklet_schedule(&d->tasklet);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: tasklet_setup callback is a softirq entry");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/tasklet_setup.c:30:8: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/tasklet_setup.c:60: note: tks_callback() registered by tasklet_setup() here: runs in softirq context (in tks_configure)
 * inter/tasklet_setup.c:30: note: kzalloc(d->buf_size, GFP_KERNEL) may sleep (direct reclaim) (in tks_callback)
 * check-output-end
 */
