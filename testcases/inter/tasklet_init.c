// SPDX-License-Identifier: GPL-2.0
/*
 * tasklet_init: tki_func is registered with tasklet_init() (old-style
 * unsigned long argument), so it runs in softirq context.  It calls
 * tki_drain, whose kmalloc_array with GFP_KERNEL may sleep: reported.
 * tki_func's own allocation uses GFP_ATOMIC: not reported.  tki_setup,
 * which registers the tasklet, allocates with GFP_KERNEL in process
 * context: not reported.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct tki_dev {
	spinlock_t lock;
	struct tasklet_struct tasklet;
	unsigned int nr_pending;
	u32 *drained;
	void *stamp;
	void *ring;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int tki_setup(struct tki_dev *d);
void tki_kick(struct tki_dev *d);

static void tki_drain(struct tki_dev *d, unsigned int n)
{
	u32 *out;
	void *old;

	out = kmalloc_array(n, sizeof(u32), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!out)
		return;
	spin_lock(&d->lock);
	old = d->drained;
	d->drained = out;
	d->nr_pending = 0;
	spin_unlock(&d->lock);
	kfree(old);
}

static void tki_func(unsigned long data)
{
	struct tki_dev *d = (struct tki_dev *)data;
	void *stamp, *old;

	stamp = kzalloc(32, GFP_ATOMIC);
	if (stamp) {
		spin_lock(&d->lock);
		old = d->stamp;
		d->stamp = stamp;
		spin_unlock(&d->lock);
		kfree(old);
	}
	if (d->nr_pending)
		tki_drain(d, d->nr_pending);
}

int tki_setup(struct tki_dev *d)
{
	void *ring;

	ring = kzalloc(4096, GFP_KERNEL);
	if (!ring)
		return -ENOMEM;
	d->ring = ring;
	spin_lock_init(&d->lock);
	tasklet_init(&d->tasklet, tki_func, (unsigned long)d);
	return 0;
}

void tki_kick(struct tki_dev *d)
{
	tasklet_schedule(&d->tasklet);
}

MODULE_DESCRIPTION("gfpcheck test: tasklet_init callback is a softirq entry");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/tasklet_init.c:33:8: warning: kmalloc_array() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/tasklet_init.c:70: note: tki_func() registered by tasklet_init() here: runs in softirq context (in tki_setup)
 * inter/tasklet_init.c:58: note: calls tki_drain() (in tki_func)
 * inter/tasklet_init.c:33: note: kmalloc_array(n, sizeof(u32), GFP_KERNEL) may sleep (direct reclaim) (in tki_drain)
 * check-output-end
 */
