// SPDX-License-Identifier: GPL-2.0
/*
 * cleanup_guards: scope-based locking of <linux/cleanup.h> (lock guards
 * since 6.5).  guard(name)(lock) holds the lock until the end of the
 * enclosing scope, scoped_guard(name, lock) { ... } for its body; leaving
 * the scope early (return, break, goto) releases it.  The lock classes are
 * the kernel's own DEFINE_LOCK_GUARD_*()/DEFINE_GUARD() definitions, read
 * from the headers: spinlocks, rwlocks, raw spinlocks, RCU, preemption and
 * IRQs are atomic; mutexes and rw-semaphores stay sleepable.
 *
 * gfpcheck-test: since 6.5 (spinlock guards; Debian's 6.1 has cleanup.h without them)
 */
#include <linux/version.h>
#include <linux/module.h>
#include <linux/slab.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <linux/cleanup.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>

struct cg_dev {
	spinlock_t lock;
	raw_spinlock_t raw;
	rwlock_t rw;
	struct mutex mutex;
	struct rw_semaphore sem;
	int state;
	void *buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int cg_guard_spinlock(struct cg_dev *d);
int cg_scoped_irqsave(struct cg_dev *d);
int cg_guard_mutex(struct cg_dev *d);
int cg_guard_rwsem(struct cg_dev *d);
int cg_guard_rcu(struct cg_dev *d);
int cg_guard_preempt(struct cg_dev *d);
int cg_guard_raw_irqsave(struct cg_dev *d);
int cg_guard_read_lock(struct cg_dev *d);
int cg_guard_irqsave(struct cg_dev *d);
int cg_scoped_early_return(struct cg_dev *d);
int cg_inner_block(struct cg_dev *d);
int cg_goto_out_of_scope(struct cg_dev *d);
int cg_scoped_cond(struct cg_dev *d);
int cg_scoped_cond_failed(struct cg_dev *d);
int cg_free_unchecked(struct cg_dev *d);
void *cg_free_returned(void);

int cg_guard_spinlock(struct cg_dev *d)
{
	guard(spinlock)(&d->lock);
	d->buf = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	return d->buf ? 0 : -ENOMEM;
}

int cg_scoped_irqsave(struct cg_dev *d)
{
	void *p;

	scoped_guard(spinlock_irqsave, &d->lock) {
		d->buf = kzalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		d->state++;
	}
	p = kmalloc(32, GFP_KERNEL);	/* after the scope: not atomic */
	kfree(p);
	return 0;
}

int cg_guard_mutex(struct cg_dev *d)
{
	guard(mutex)(&d->mutex);
	d->buf = kmalloc(64, GFP_KERNEL);	/* a mutex: may sleep */
	return d->buf ? 0 : -ENOMEM;
}

int cg_guard_rwsem(struct cg_dev *d)
{
	guard(rwsem_read)(&d->sem);
	d->buf = kmalloc(64, GFP_KERNEL);	/* an rw-semaphore: may sleep */
	return d->buf ? 0 : -ENOMEM;
}

int cg_guard_rcu(struct cg_dev *d)
{
	guard(rcu)();
	d->buf = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	return d->buf ? 0 : -ENOMEM;
}

int cg_guard_preempt(struct cg_dev *d)
{
	guard(preempt)();
	d->buf = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	return d->buf ? 0 : -ENOMEM;
}

int cg_guard_raw_irqsave(struct cg_dev *d)
{
	guard(raw_spinlock_irqsave)(&d->raw);
	d->buf = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic, gfp-rt-atomic */
	return d->buf ? 0 : -ENOMEM;
}

int cg_guard_read_lock(struct cg_dev *d)
{
	guard(read_lock)(&d->rw);
	d->buf = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	return d->buf ? 0 : -ENOMEM;
}

int cg_guard_irqsave(struct cg_dev *d)
{
	guard(irqsave)();
	d->buf = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	return d->buf ? 0 : -ENOMEM;
}

/* returning from inside the scope releases the lock on that path only */
int cg_scoped_early_return(struct cg_dev *d)
{
	scoped_guard(spinlock, &d->lock) {
		if (d->state)
			return -EBUSY;
		d->state = 1;
	}
	d->buf = kmalloc(64, GFP_KERNEL);
	return d->buf ? 0 : -ENOMEM;
}

/* a guard in an inner block ends with the block */
int cg_inner_block(struct cg_dev *d)
{
	{
		guard(spinlock_bh)(&d->lock);
		d->state++;
	}
	d->buf = kmalloc(64, GFP_KERNEL);
	return d->buf ? 0 : -ENOMEM;
}

/* jumping out of the guarded block releases the lock */
int cg_goto_out_of_scope(struct cg_dev *d)
{
	int ret = 0;

	if (d->state) {
		guard(spinlock)(&d->lock);
		if (d->state > 1) {
			ret = -EINVAL;
			goto out;
		}
		d->state = 2;
	}
out:
	d->buf = kmalloc(64, GFP_KERNEL);
	return d->buf ? ret : -ENOMEM;
}

/* a conditional guard holds the lock in its body: the trylock result
 * reaches the body through the guard variable (__guard_ptr() tests it);
 * on the failure path (_fail) the lock is not held */
int cg_scoped_cond(struct cg_dev *d)
{
	scoped_cond_guard(spinlock_try, return -EBUSY, &d->lock) {
		d->buf = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "spinlock held" */
	}
	return d->buf ? 0 : -ENOMEM;
}

/* when the trylock fails the guard runs _fail without the lock */
int cg_scoped_cond_failed(struct cg_dev *d)
{
	scoped_cond_guard(spinlock_try, { d->buf = kmalloc(64, GFP_KERNEL); return -EBUSY; }, &d->lock) {
		d->state = 1;
	}
	return 0;
}

/* __free(kfree): the result is still an allocation result */
int cg_free_unchecked(struct cg_dev *d)
{
	struct cg_dev *copy __free(kfree) = kmalloc(sizeof(*copy), GFP_KERNEL);

	copy->state = d->state; /* expect: gfp-unchecked-alloc */
	return copy->state;
}

void *cg_free_returned(void)
{
	struct cg_dev *p __free(kfree) = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	p->state = 1;
	return_ptr(p);
}
#endif

MODULE_DESCRIPTION("gfpcheck test: cleanup.h lock guards");
MODULE_LICENSE("GPL");
