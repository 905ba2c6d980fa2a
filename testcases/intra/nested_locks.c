// SPDX-License-Identifier: GPL-2.0
/*
 * nested_locks: two different locks (or a lock plus another atomic
 * primitive) held at once.  Releasing one of them leaves the code atomic
 * as long as the other is held: after dropping the inner lock
 * (nl_release_inner_first) or the outer lock (nl_release_outer_first),
 * after rcu_read_unlock() inside spin_lock_bh() (nl_bh_then_rcu), and
 * after spin_unlock() inside rcu_read_lock() (nl_rcu_then_spin), the
 * allocation is reported.  Once both are released it is not.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct nl_dev {
	spinlock_t outer;
	spinlock_t inner;
	void *a;
	void *b;
	void __rcu *cfg;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int nl_release_inner_first(struct nl_dev *d, size_t size);
int nl_release_outer_first(struct nl_dev *d, size_t size);
int nl_bh_then_rcu(struct nl_dev *d, size_t size);
int nl_rcu_then_spin(struct nl_dev *d, size_t size);

int nl_release_inner_first(struct nl_dev *d, size_t size)
{
	void *a, *b;

	spin_lock(&d->outer);
	spin_lock(&d->inner);
	d->a = NULL;
	spin_unlock(&d->inner);
	a = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	d->a = a;
	spin_unlock(&d->outer);
	b = kmalloc(size, GFP_KERNEL);
	d->b = b;
	return a && b ? 0 : -ENOMEM;
}

int nl_release_outer_first(struct nl_dev *d, size_t size)
{
	void *a, *b;

	spin_lock(&d->outer);
	spin_lock(&d->inner);
	d->b = NULL;
	spin_unlock(&d->outer);
	a = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	d->a = a;
	spin_unlock(&d->inner);
	b = kmalloc(size, GFP_KERNEL);
	d->b = b;
	return a && b ? 0 : -ENOMEM;
}

int nl_bh_then_rcu(struct nl_dev *d, size_t size)
{
	bool have_cfg;
	void *a;

	spin_lock_bh(&d->outer);
	rcu_read_lock();
	have_cfg = rcu_dereference(d->cfg) != NULL;
	rcu_read_unlock();
	a = kzalloc(have_cfg ? size : 1, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	d->a = a;
	spin_unlock_bh(&d->outer);
	d->b = kzalloc(size, GFP_KERNEL);
	return 0;
}

int nl_rcu_then_spin(struct nl_dev *d, size_t size)
{
	void *a;

	rcu_read_lock();
	spin_lock(&d->inner);
	d->a = rcu_dereference(d->cfg);
	spin_unlock(&d->inner);
	a = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	rcu_read_unlock();
	d->b = kzalloc(size, GFP_KERNEL);
	kfree(a);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: nested locks");
MODULE_LICENSE("GPL");
