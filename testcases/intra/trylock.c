// SPDX-License-Identifier: GPL-2.0
/*
 * trylock: spin_trylock() holds the lock only on the path where it
 * returned true.  An allocation in the success branch of
 * `if (spin_trylock(...))` is reported, and so is one after
 * `if (!spin_trylock(...)) return ...;` (only the success path falls
 * through) and one after a `while (!spin_trylock(...)) cpu_relax();` loop.
 * An allocation in the failure (else) branch, in the body of
 * `if (!spin_trylock(...)) { ... }`, or after the success branch has
 * unlocked again, is made without the lock and is not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct tl_cache {
	spinlock_t lock;
	void *spare;
	unsigned int misses;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void *tl_get_success_branch(struct tl_cache *c, size_t size);
void *tl_get_failure_branch(struct tl_cache *c, size_t size);
int tl_refill_bail_out(struct tl_cache *c, size_t size);
void *tl_negated_failure_body(struct tl_cache *c, size_t size);
void *tl_alloc_after_trylock_section(struct tl_cache *c, size_t size);
void *tl_spin_until_locked(struct tl_cache *c, size_t size);

void *tl_get_success_branch(struct tl_cache *c, size_t size)
{
	void *obj = NULL;

	if (spin_trylock(&c->lock)) {
		obj = c->spare;
		c->spare = NULL;
		if (!obj)
			obj = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		spin_unlock(&c->lock);
	}
	return obj;
}

void *tl_get_failure_branch(struct tl_cache *c, size_t size)
{
	void *obj;

	if (spin_trylock(&c->lock)) {
		obj = c->spare;
		c->spare = NULL;
		spin_unlock(&c->lock);
	} else {
		obj = kmalloc(size, GFP_KERNEL);
	}
	return obj;
}

int tl_refill_bail_out(struct tl_cache *c, size_t size)
{
	void *obj;

	if (!spin_trylock(&c->lock))
		return -EBUSY;
	obj = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (obj && !c->spare) {
		c->spare = obj;
		obj = NULL;
	}
	spin_unlock(&c->lock);
	kfree(obj);
	return 0;
}

void *tl_negated_failure_body(struct tl_cache *c, size_t size)
{
	void *obj;

	if (!spin_trylock(&c->lock)) {
		c->misses++;
		return kzalloc(size, GFP_KERNEL);
	}
	obj = c->spare;
	c->spare = NULL;
	spin_unlock(&c->lock);
	return obj;
}

void *tl_alloc_after_trylock_section(struct tl_cache *c, size_t size)
{
	void *obj = NULL;

	if (spin_trylock(&c->lock)) {
		obj = c->spare;
		c->spare = NULL;
		spin_unlock(&c->lock);
	}
	if (!obj)
		obj = kmalloc(size, GFP_KERNEL);
	return obj;
}

void *tl_spin_until_locked(struct tl_cache *c, size_t size)
{
	void *obj;

	while (!spin_trylock(&c->lock))
		cpu_relax();
	obj = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&c->lock);
	return obj;
}

MODULE_DESCRIPTION("gfpcheck test: spin_trylock success/failure paths");
MODULE_LICENSE("GPL");
