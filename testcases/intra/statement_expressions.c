// SPDX-License-Identifier: GPL-2.0
/*
 * statement_expressions: GNU statement expressions `({ ... })`, common in
 * kernel macros.  Lock state flows through them like through any block:
 * an allocation inside a statement expression that itself took the lock
 * (se_lock_inside) or that is evaluated while the enclosing function holds
 * the lock (se_lock_outside) is reported.  A statement expression that
 * releases the lock makes the following allocation unlocked
 * (se_unlock_inside), and a GFP_ATOMIC allocation inside one under the lock
 * (se_atomic_inside) is not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct se_dev {
	spinlock_t lock;
	unsigned int count;
	void *buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void *se_lock_inside(struct se_dev *d, size_t size);
void *se_lock_outside(struct se_dev *d, size_t size);
unsigned int se_unlock_inside(struct se_dev *d, size_t size);
void *se_atomic_inside(struct se_dev *d, size_t size);

void *se_lock_inside(struct se_dev *d, size_t size)
{
	void *p;

	p = ({
		void *__p;

		spin_lock(&d->lock);
		__p = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		d->count++;
		spin_unlock(&d->lock);
		__p;
	});
	return p;
}

void *se_lock_outside(struct se_dev *d, size_t size)
{
	void *p;

	spin_lock(&d->lock);
	p = ({
		void *__q = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */

		if (__q)
			d->count++;
		__q;
	});
	spin_unlock(&d->lock);
	return p;
}

unsigned int se_unlock_inside(struct se_dev *d, size_t size)
{
	unsigned int count;

	spin_lock(&d->lock);
	count = ({
		unsigned int __c = d->count;

		spin_unlock(&d->lock);
		__c;
	});
	d->buf = kmalloc_array(count, size, GFP_KERNEL);
	return count;
}

void *se_atomic_inside(struct se_dev *d, size_t size)
{
	void *p;

	spin_lock(&d->lock);
	p = ({ void *__a = kmalloc(size, GFP_ATOMIC); __a; });
	spin_unlock(&d->lock);
	return p;
}

MODULE_DESCRIPTION("gfpcheck test: GNU statement expressions");
MODULE_LICENSE("GPL");
