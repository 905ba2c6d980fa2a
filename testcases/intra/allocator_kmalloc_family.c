// SPDX-License-Identifier: GPL-2.0
/*
 * allocator_kmalloc_family: each slab allocator entry point (kmalloc,
 * kzalloc, kcalloc, kmalloc_array, krealloc, kmalloc_node) called with
 * GFP_KERNEL under a spinlock is reported, once per call.  All of them are
 * inline wrappers (or, for krealloc, an exported function) in these
 * headers; the finding belongs to the call in this file, not to the
 * kmalloc inside the header's wrapper.  The same calls after the unlock
 * are not reported.
 */
#include <linux/module.h>
#include <linux/numa.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct akf_dev {
	spinlock_t lock;
	void *p[6];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void akf_all_locked(struct akf_dev *d, size_t n);
void akf_all_unlocked(struct akf_dev *d, size_t n);

void akf_all_locked(struct akf_dev *d, size_t n)
{
	void *r;

	spin_lock(&d->lock);
	d->p[0] = kmalloc(n, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	d->p[1] = kzalloc(n, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	d->p[2] = kcalloc(n, 8, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	d->p[3] = kmalloc_array(n, 8, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	r = krealloc(d->p[4], n + 64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (r)
		d->p[4] = r;
	d->p[5] = kmalloc_node(n, GFP_KERNEL, NUMA_NO_NODE); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&d->lock);
}

void akf_all_unlocked(struct akf_dev *d, size_t n)
{
	void *p[6];

	p[0] = kmalloc(n, GFP_KERNEL);
	p[1] = kzalloc(n, GFP_KERNEL);
	p[2] = kcalloc(n, 8, GFP_KERNEL);
	p[3] = kmalloc_array(n, 8, GFP_KERNEL);
	p[4] = krealloc(NULL, n + 64, GFP_KERNEL);
	p[5] = kmalloc_node(n, GFP_KERNEL, NUMA_NO_NODE);

	spin_lock(&d->lock);
	memcpy(d->p, p, sizeof(p));
	spin_unlock(&d->lock);
}

MODULE_DESCRIPTION("gfpcheck test: kmalloc family");
MODULE_LICENSE("GPL");
