// SPDX-License-Identifier: GPL-2.0
/*
 * seqcount_write: write_seqcount_begin() and raw_write_seqcount_begin()
 * disable preemption only for seqcounts whose writers can be preempted
 * (include/linux/seqlock.h: `if (seqprop_preemptible(s)) preempt_disable();`).
 * A plain seqcount_t's __seqprop_preemptible() is `return false;`: its
 * writers run with preemption as it was (they must already be
 * serialised), so an allocation there is no sleep-in-atomic.  A
 * seqcount_mutex_t (associated with a mutex, preemptible writers) does
 * disable preemption on a non-RT kernel.
 *  - sw_plain: raw_write_seqcount_begin() on a seqcount_t: not reported.
 *  - sw_spin: on a seqcount_spinlock_t, whose __seqprop_..._preemptible()
 *    returns false on each of its paths on a non-RT kernel (the writer holds
 *    the spinlock, which is what disables preemption): the seqcount itself
 *    disables nothing, and the allocation after spin_unlock() is fine.
 *  - sw_mutex: write_seqcount_begin() on a seqcount_mutex_t: reported.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct sw_dev {
	seqcount_t seq;
	struct mutex lock;
	seqcount_mutex_t mseq;
	spinlock_t slock;
	seqcount_spinlock_t sseq;
	void *a;
	void *b;
	void *c;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void sw_init(struct sw_dev *d);
void sw_plain(struct sw_dev *d);
void sw_mutex(struct sw_dev *d);
void sw_spin(struct sw_dev *d);

void sw_init(struct sw_dev *d)
{
	seqcount_init(&d->seq);
	mutex_init(&d->lock);
	seqcount_mutex_init(&d->mseq, &d->lock);
	spin_lock_init(&d->slock);
	seqcount_spinlock_init(&d->sseq, &d->slock);
}

void sw_plain(struct sw_dev *d)
{
	raw_write_seqcount_begin(&d->seq);
	d->a = kmalloc(64, GFP_KERNEL);
	raw_write_seqcount_end(&d->seq);
}

void sw_mutex(struct sw_dev *d)
{
	mutex_lock(&d->lock);
	write_seqcount_begin(&d->mseq);
	d->b = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "preemption disabled" */
	write_seqcount_end(&d->mseq);
	mutex_unlock(&d->lock);
}

void sw_spin(struct sw_dev *d)
{
	spin_lock(&d->slock);
	raw_write_seqcount_begin(&d->sseq);
	d->c = NULL;
	raw_write_seqcount_end(&d->sseq);
	spin_unlock(&d->slock);
	d->c = kmalloc(64, GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: seqcount writers");
MODULE_LICENSE("GPL");
