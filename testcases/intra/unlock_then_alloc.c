// SPDX-License-Identifier: GPL-2.0
/*
 * unlock_then_alloc: the "drop the lock to allocate" idiom.  The lock is
 * released, a sleeping allocation is made, and the lock is retaken to
 * publish the result, so none of these allocations is reported
 * (uta_get_buffer, uta_ensure_capacity).  The buggy variant that forgets to
 * drop the lock on one path (uta_ensure_capacity_buggy: the early
 * "already big enough" check unlocks, but the grow path does not) is
 * reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct uta_pool {
	spinlock_t lock;
	void *free_buf;
	void **slots;
	unsigned int cap;
	size_t buf_size;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void *uta_get_buffer(struct uta_pool *p);
int uta_ensure_capacity(struct uta_pool *p, unsigned int want);
int uta_ensure_capacity_buggy(struct uta_pool *p, unsigned int want);
void uta_put_buffer(struct uta_pool *p, void *buf);

void *uta_get_buffer(struct uta_pool *p)
{
	void *buf;

	spin_lock(&p->lock);
	buf = p->free_buf;
	p->free_buf = NULL;
	spin_unlock(&p->lock);

	if (!buf)
		buf = kmalloc(p->buf_size, GFP_KERNEL);
	return buf;
}

int uta_ensure_capacity(struct uta_pool *p, unsigned int want)
{
	void **slots;

	spin_lock(&p->lock);
	while (p->cap < want) {
		spin_unlock(&p->lock);
		slots = kcalloc(want, sizeof(void *), GFP_KERNEL);
		if (!slots)
			return -ENOMEM;
		spin_lock(&p->lock);
		if (p->cap < want) {
			memcpy(slots, p->slots, p->cap * sizeof(void *));
			swap(slots, p->slots);
			p->cap = want;
		}
		kfree(slots);
	}
	spin_unlock(&p->lock);
	return 0;
}

int uta_ensure_capacity_buggy(struct uta_pool *p, unsigned int want)
{
	void **slots;

	spin_lock(&p->lock);
	if (p->cap >= want) {
		spin_unlock(&p->lock);
		return 0;
	}
	slots = kcalloc(want, sizeof(void *), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (slots) {
		memcpy(slots, p->slots, p->cap * sizeof(void *));
		swap(slots, p->slots);
		p->cap = want;
	}
	spin_unlock(&p->lock);
	kfree(slots);
	return 0;
}

void uta_put_buffer(struct uta_pool *p, void *buf)
{
	spin_lock(&p->lock);
	if (!p->free_buf) {
		p->free_buf = buf;
		buf = NULL;
	}
	spin_unlock(&p->lock);
	kfree(buf);
}

MODULE_DESCRIPTION("gfpcheck test: drop the lock, allocate, retake");
MODULE_LICENSE("GPL");
