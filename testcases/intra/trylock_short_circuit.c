// SPDX-License-Identifier: GPL-2.0
/*
 * trylock_short_circuit: trylocks inside && and || conditions.  In
 * `if (ready && spin_trylock(&l)) { A } else { B }` the lock is held in A
 * (both operands were true) and never in B (either ready was false and the
 * trylock did not run, or it failed), so only A is reported.  In
 * `if (!ready || !spin_trylock(&l)) { C; return; } D` the lock is held in D
 * and not in C.  `if (spin_trylock(&l) && ready)` holds the lock in its
 * then-branch and, when ready was false, also in its else-branch: the
 * allocation there is reported too (that function leaks the lock).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct tsc_queue {
	spinlock_t lock;
	bool ready;
	void *head;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void *tsc_and_then(struct tsc_queue *q, size_t size);
int tsc_or_bail(struct tsc_queue *q, size_t size);
void *tsc_trylock_first(struct tsc_queue *q, size_t size);

void *tsc_and_then(struct tsc_queue *q, size_t size)
{
	void *obj;

	if (q->ready && spin_trylock(&q->lock)) {
		obj = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		q->head = obj;
		spin_unlock(&q->lock);
	} else {
		obj = kmalloc(size, GFP_KERNEL);
	}
	return obj;
}

int tsc_or_bail(struct tsc_queue *q, size_t size)
{
	void *obj;

	if (!q->ready || !spin_trylock(&q->lock)) {
		obj = kzalloc(size, GFP_KERNEL);
		kfree(obj);
		return -EAGAIN;
	}
	obj = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	q->head = obj;
	spin_unlock(&q->lock);
	return obj ? 0 : -ENOMEM;
}

/* Buggy: when the queue is not ready the trylock may still have succeeded,
 * so the lock can be held (and is leaked) in the else branch. */
void *tsc_trylock_first(struct tsc_queue *q, size_t size)
{
	void *obj;

	if (spin_trylock(&q->lock) && q->ready) {
		obj = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		q->head = obj;
		spin_unlock(&q->lock);
	} else {
		obj = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	}
	return obj;
}

MODULE_DESCRIPTION("gfpcheck test: trylock inside && and ||");
MODULE_LICENSE("GPL");
