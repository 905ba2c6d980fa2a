// SPDX-License-Identifier: GPL-2.0
/*
 * allocator_kvmalloc: kvmalloc() and kvzalloc() try kmalloc and fall back
 * to vmalloc; with GFP_KERNEL they may sleep.  Growing a table with either
 * under a spinlock is reported; growing it before the lock is taken and
 * only swapping the pointer under the lock is not.
 */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct akv_map {
	spinlock_t lock;
	unsigned long *bits;
	u32 *vals;
	size_t nr;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int akv_grow_locked(struct akv_map *m, size_t nr);
int akv_grow(struct akv_map *m, size_t nr);

int akv_grow_locked(struct akv_map *m, size_t nr)
{
	unsigned long *bits;
	u32 *vals;

	spin_lock(&m->lock);
	bits = kvmalloc(array_size(BITS_TO_LONGS(nr), sizeof(long)), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	vals = kvzalloc(array_size(nr, sizeof(u32)), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (bits && vals) {
		swap(bits, m->bits);
		swap(vals, m->vals);
		m->nr = nr;
	}
	spin_unlock(&m->lock);
	kvfree(bits);
	kvfree(vals);
	return 0;
}

int akv_grow(struct akv_map *m, size_t nr)
{
	unsigned long *bits;
	u32 *vals;

	bits = kvmalloc(array_size(BITS_TO_LONGS(nr), sizeof(long)), GFP_KERNEL);
	vals = kvzalloc(array_size(nr, sizeof(u32)), GFP_KERNEL);
	if (!bits || !vals) {
		kvfree(bits);
		kvfree(vals);
		return -ENOMEM;
	}

	spin_lock(&m->lock);
	swap(bits, m->bits);
	swap(vals, m->vals);
	m->nr = nr;
	spin_unlock(&m->lock);
	kvfree(bits);
	kvfree(vals);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: kvmalloc/kvzalloc");
MODULE_LICENSE("GPL");
