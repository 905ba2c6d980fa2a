// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc_callees: vmalloc()/vzalloc() may always sleep, whatever the
 * context, and kvmalloc()/kvzalloc() with GFP_KERNEL may sleep too.
 *  - vmc_grow_table (vmalloc) and vmc_grow_bitmap (kvzalloc with
 *    GFP_KERNEL) are called under spin_lock from vmc_resize: both are
 *    reported.
 *  - vmc_grow_log (vzalloc) is called under spin_lock_bh from vmc_log and
 *    also from vmc_init in process context: reported once.
 *  - vmc_prealloc (vzalloc) is called only from vmc_init: not reported.
 */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct vmc_dev {
	spinlock_t lock;
	void *table;
	void *bitmap;
	void *log;
	void *pre;
	size_t size;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int vmc_resize(struct vmc_dev *d, size_t size);
int vmc_log(struct vmc_dev *d);
int vmc_init(struct vmc_dev *d);

static int vmc_grow_table(struct vmc_dev *d)
{
	void *t = vmalloc(d->size); /* expect: gfp-sleep-in-atomic */

	if (!t)
		return -ENOMEM;
	vfree(d->table);
	d->table = t;
	return 0;
}

static int vmc_grow_bitmap(struct vmc_dev *d)
{
	void *b = kvzalloc(d->size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */

	if (!b)
		return -ENOMEM;
	kvfree(d->bitmap);
	d->bitmap = b;
	return 0;
}

static int vmc_grow_log(struct vmc_dev *d)
{
	void *l;

	if (d->log)
		return 0;
	l = vzalloc(d->size); /* expect: gfp-sleep-in-atomic */
	if (!l)
		return -ENOMEM;
	d->log = l;
	return 0;
}

static int vmc_prealloc(struct vmc_dev *d)
{
	void *p = vzalloc(d->size);

	if (!p)
		return -ENOMEM;
	d->pre = p;
	return 0;
}

int vmc_resize(struct vmc_dev *d, size_t size)
{
	int ret;

	spin_lock(&d->lock);
	d->size = size;
	ret = vmc_grow_table(d);
	if (!ret)
		ret = vmc_grow_bitmap(d);
	spin_unlock(&d->lock);
	return ret;
}

int vmc_log(struct vmc_dev *d)
{
	int ret;

	spin_lock_bh(&d->lock);
	ret = vmc_grow_log(d);
	spin_unlock_bh(&d->lock);
	return ret;
}

int vmc_init(struct vmc_dev *d)
{
	int ret;

	spin_lock_init(&d->lock);
	d->size = PAGE_SIZE;
	ret = vmc_prealloc(d);
	if (ret)
		return ret;
	return vmc_grow_log(d);
}

MODULE_DESCRIPTION("gfpcheck test: vmalloc family in atomic callees");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/vmalloc_callees.c:34:12: warning: vmalloc() may sleep in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/vmalloc_callees.c:81: note: spin_lock(&d->lock): spinlock held from here (in vmc_resize)
 * inter/vmalloc_callees.c:83: note: calls vmc_grow_table() (in vmc_resize)
 * inter/vmalloc_callees.c:34: note: vmalloc(d->size) may sleep (in vmc_grow_table)
 * inter/vmalloc_callees.c:45:12: warning: kvzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/vmalloc_callees.c:81: note: spin_lock(&d->lock): spinlock held from here (in vmc_resize)
 * inter/vmalloc_callees.c:85: note: calls vmc_grow_bitmap() (in vmc_resize)
 * inter/vmalloc_callees.c:45: note: kvzalloc(d->size, GFP_KERNEL) may sleep (direct reclaim) (in vmc_grow_bitmap)
 * inter/vmalloc_callees.c:60:6: warning: vzalloc() may sleep in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/vmalloc_callees.c:94: note: spin_lock_bh(&d->lock): spinlock held from here (in vmc_log)
 * inter/vmalloc_callees.c:95: note: calls vmc_grow_log() (in vmc_log)
 * inter/vmalloc_callees.c:60: note: vzalloc(d->size) may sleep (in vmc_grow_log)
 * check-output-end
 */
