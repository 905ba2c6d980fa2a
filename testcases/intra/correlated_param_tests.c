// SPDX-License-Identifier: GPL-2.0
/*
 * correlated_param_tests: two tests of one parameter that the function
 * never changes have the same outcome on every path.  The pattern is the
 * kernel's "caller decides whether to lock" helpers, such as
 * ext4_mb_good_group_nolock() (fs/ext4/mballoc.c):
 *	if (should_lock) ext4_lock_group(sb, group);
 *	...
 *	if (should_lock) ext4_unlock_group(sb, group);
 * A path-insensitive flow joins "locked" and "not locked" after the first
 * test and keeps "may be held" after the unlock.
 *  - cpt_maybe_locked: allocates after the paired unlock: not reported;
 *    allocates between the lock and the unlock: reported.
 *  - cpt_local_flag: the same with a local variable set once from a
 *    flag, as ext4_mb_good_group_nolock() does: not reported after the
 *    unlock.
 *  - cpt_two_params: lock and unlock under two different parameters,
 *    which nothing correlates: reported after the unlock.
 *  - cpt_param_changed: the parameter is assigned between the tests, so
 *    they need not agree: reported after the unlock.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct cpt_dev {
	spinlock_t lock;
	unsigned int count;
	void *a;
	void *b;
	void *c;
	void *d;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void cpt_maybe_locked(struct cpt_dev *d, bool should_lock);
void cpt_local_flag(struct cpt_dev *d, unsigned int flags);
void cpt_two_params(struct cpt_dev *d, bool lock, bool unlock);
void cpt_param_changed(struct cpt_dev *d, bool should_lock);

void cpt_maybe_locked(struct cpt_dev *d, bool should_lock)
{
	if (should_lock)
		spin_lock(&d->lock);
	d->count++;
	d->a = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (should_lock)
		spin_unlock(&d->lock);
	d->b = kmalloc(16, GFP_KERNEL);
}

void cpt_local_flag(struct cpt_dev *d, unsigned int flags)
{
	bool should_lock = flags & 4;

	if (should_lock)
		spin_lock(&d->lock);
	d->count++;
	if (should_lock)
		spin_unlock(&d->lock);
	d->b = krealloc(d->b, 32, GFP_KERNEL);
}

void cpt_two_params(struct cpt_dev *d, bool lock, bool unlock)
{
	if (lock)
		spin_lock(&d->lock);
	d->count++;
	if (unlock)
		spin_unlock(&d->lock);
	d->c = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

void cpt_param_changed(struct cpt_dev *d, bool should_lock)
{
	if (should_lock)
		spin_lock(&d->lock);
	d->count++;
	should_lock = d->count > 1;
	if (should_lock)
		spin_unlock(&d->lock);
	d->d = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

MODULE_DESCRIPTION("gfpcheck test: tests of one unchanged parameter agree");
MODULE_LICENSE("GPL");
