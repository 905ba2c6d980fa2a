// SPDX-License-Identifier: GPL-2.0
/*
 * semaphore_held: semaphores (down/down_interruptible/down_trylock/up) and
 * rw_semaphores (down_read/down_write) are sleeping locks; allocations
 * while holding them are not reported.  Note that down_trylock() returns 0
 * on success, the opposite of spin_trylock(); either way it is not an
 * atomic section.  Nesting a spinlock inside down_read() makes the inner
 * allocation reportable (shd_rwsem_then_spin).
 */
#include <linux/module.h>
#include <linux/rwsem.h>
#include <linux/semaphore.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct shd_dev {
	struct semaphore sem;
	struct rw_semaphore rwsem;
	spinlock_t lock;
	void *buf;
	void *table;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int shd_down(struct shd_dev *d, size_t size);
int shd_down_interruptible(struct shd_dev *d, size_t size);
int shd_down_trylock(struct shd_dev *d, size_t size);
int shd_rwsem(struct shd_dev *d, size_t size);
int shd_rwsem_then_spin(struct shd_dev *d, size_t size);

int shd_down(struct shd_dev *d, size_t size)
{
	down(&d->sem);
	d->buf = kmalloc(size, GFP_KERNEL);
	up(&d->sem);
	return d->buf ? 0 : -ENOMEM;
}

int shd_down_interruptible(struct shd_dev *d, size_t size)
{
	if (down_interruptible(&d->sem))
		return -EINTR;
	d->buf = kmalloc(size, GFP_KERNEL);
	up(&d->sem);
	return d->buf ? 0 : -ENOMEM;
}

int shd_down_trylock(struct shd_dev *d, size_t size)
{
	if (down_trylock(&d->sem))
		return -EBUSY;
	d->buf = kmalloc(size, GFP_KERNEL);
	up(&d->sem);
	return d->buf ? 0 : -ENOMEM;
}

int shd_rwsem(struct shd_dev *d, size_t size)
{
	void *copy, *table;

	down_read(&d->rwsem);
	copy = kmemdup(d->table, size, GFP_KERNEL);
	up_read(&d->rwsem);
	if (!copy)
		return -ENOMEM;

	down_write(&d->rwsem);
	table = kzalloc(size, GFP_KERNEL);
	if (table)
		swap(table, d->table);
	up_write(&d->rwsem);
	kfree(table);
	kfree(copy);
	return 0;
}

int shd_rwsem_then_spin(struct shd_dev *d, size_t size)
{
	void *buf;

	down_read(&d->rwsem);
	spin_lock(&d->lock);
	buf = kmemdup(d->table, size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&d->lock);
	up_read(&d->rwsem);
	kfree(buf);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: semaphores allow sleeping allocations");
MODULE_LICENSE("GPL");
