// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_in_expressions: the allocation does not have to be a statement of
 * its own.  Under a spinlock, an allocation used as an if-condition, as an
 * argument of another call, as an operand of `?:` and `||`, and in a
 * return statement that leaves the function with the lock held, is
 * reported.  The same kind of expressions after the unlock, and a return
 * of an allocation after the unlock, are not.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct aie_dev {
	spinlock_t lock;
	void *a;
	void *b;
	struct list_head list;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void aie_consume(struct aie_dev *d, void *p);
int aie_condition(struct aie_dev *d, size_t size);
void aie_argument(struct aie_dev *d, size_t size);
void aie_operands(struct aie_dev *d, size_t size);
void *aie_return_locked(struct aie_dev *d, size_t size);
void *aie_return_unlocked(struct aie_dev *d, size_t size);

void aie_consume(struct aie_dev *d, void *p)
{
	d->b = p;
}

int aie_condition(struct aie_dev *d, size_t size)
{
	int ret = 0;

	spin_lock(&d->lock);
	if (!(d->a = kmalloc(size, GFP_KERNEL))) /* expect: gfp-sleep-in-atomic */
		ret = -ENOMEM;
	spin_unlock(&d->lock);
	return ret;
}

void aie_argument(struct aie_dev *d, size_t size)
{
	spin_lock(&d->lock);
	aie_consume(d, kzalloc(size, GFP_KERNEL)); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&d->lock);
	aie_consume(d, kzalloc(size, GFP_KERNEL));
}

void aie_operands(struct aie_dev *d, size_t size)
{
	spin_lock(&d->lock);
	d->a = d->a ? d->a : kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (d->b || (d->b = kmalloc(size, GFP_KERNEL_ACCOUNT))) /* expect: gfp-sleep-in-atomic */
		d->a = d->b;
	spin_unlock(&d->lock);
}

void *aie_return_locked(struct aie_dev *d, size_t size)
	__acquires(&d->lock)
{
	spin_lock(&d->lock);
	return kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

void *aie_return_unlocked(struct aie_dev *d, size_t size)
{
	spin_lock(&d->lock);
	d->a = NULL;
	spin_unlock(&d->lock);
	return d->b ? d->b : kmalloc(size, GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: allocations inside larger expressions");
MODULE_LICENSE("GPL");
