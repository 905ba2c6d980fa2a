// SPDX-License-Identifier: GPL-2.0
/*
 * constant_and_comma_conditions: conditions the lock flow reads as the
 * pointer flow does (both through ctl.c).  cacc_not_enabled takes the
 * lock only under !IS_ENABLED(CONFIG_MODULES), false in a module build:
 * the allocation between is never under the lock (not reported; the lock
 * flow once read `!1` as a test that may go either way).
 * cacc_enabled does the same under IS_ENABLED(): reported.
 * cacc_comma_trylock tests a trylock as the value of a comma expression:
 * the lock is held in the then-branch (reported) and not after it.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct cacc_pool {
	spinlock_t lock;
	unsigned int tries;
	void *obj;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void cacc_not_enabled(struct cacc_pool *p, size_t size);
void cacc_enabled(struct cacc_pool *p, size_t size);
void cacc_comma_trylock(struct cacc_pool *p, size_t size);

void cacc_not_enabled(struct cacc_pool *p, size_t size)
{
	void *obj;

	if (!IS_ENABLED(CONFIG_MODULES))
		spin_lock(&p->lock);
	obj = kmalloc(size, GFP_KERNEL);
	if (!IS_ENABLED(CONFIG_MODULES))
		spin_unlock(&p->lock);
	p->obj = obj;
}

void cacc_enabled(struct cacc_pool *p, size_t size)
{
	void *obj;

	if (IS_ENABLED(CONFIG_MODULES))
		spin_lock(&p->lock);
	obj = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (IS_ENABLED(CONFIG_MODULES))
		spin_unlock(&p->lock);
	p->obj = obj;
}

void cacc_comma_trylock(struct cacc_pool *p, size_t size)
{
	if (p->tries++, spin_trylock(&p->lock)) {
		p->obj = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		spin_unlock(&p->lock);
	}
	p->obj = kmalloc(size, GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: constant and comma conditions in the lock flow");
MODULE_LICENSE("GPL");
