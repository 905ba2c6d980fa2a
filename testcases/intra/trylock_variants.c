// SPDX-License-Identifier: GPL-2.0
/*
 * trylock_variants: raw_spin_trylock(), read_trylock() and write_trylock()
 * are macros built on __cond_lock(lock, _raw_*_trylock(lock)); like
 * spin_trylock() they hold the lock only where they returned true.  The
 * GFP_KERNEL allocation in each success branch is reported; the ones in
 * the failure branches (where the code falls back to sleeping work without
 * the lock) are not.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct tv_ring {
	raw_spinlock_t raw;
	rwlock_t rw;
	void **slots;
	unsigned int head;
	unsigned int size;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void **tv_raw_grow(struct tv_ring *r);
void *tv_read_peek(struct tv_ring *r, size_t size);
int tv_write_push(struct tv_ring *r, size_t size);

void **tv_raw_grow(struct tv_ring *r)
{
	void **slots = NULL;

	if (raw_spin_trylock(&r->raw)) {
		slots = kcalloc(r->size + 16, sizeof(void *), GFP_KERNEL); /* expect: gfp-sleep-in-atomic, gfp-rt-atomic */
		raw_spin_unlock(&r->raw);
	} else {
		slots = kcalloc(16, sizeof(void *), GFP_KERNEL);
	}
	return slots;
}

void *tv_read_peek(struct tv_ring *r, size_t size)
{
	void *copy;

	if (!read_trylock(&r->rw))
		return kzalloc(size, GFP_KERNEL);
	copy = kmemdup(r->slots, size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	read_unlock(&r->rw);
	return copy;
}

int tv_write_push(struct tv_ring *r, size_t size)
{
	void *obj;

	if (write_trylock(&r->rw)) {
		obj = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		if (obj)
			r->slots[r->head++ % r->size] = obj;
		write_unlock(&r->rw);
		return obj ? 0 : -ENOMEM;
	}

	obj = kmalloc(size, GFP_KERNEL);
	if (!obj)
		return -ENOMEM;
	write_lock(&r->rw);
	r->slots[r->head++ % r->size] = obj;
	write_unlock(&r->rw);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: raw_spin_trylock/read_trylock/write_trylock");
MODULE_LICENSE("GPL");
