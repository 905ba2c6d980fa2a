// SPDX-License-Identifier: GPL-2.0
/*
 * loop_break_exit: a `break` leaves a while loop without its condition
 * being false, so what the condition's false outcome says (a parameter
 * tested true, a local tested false) does not hold after every exit.
 * fs/nfs/delegation.c nfs_end_delegation_return() (6.1):
 *	while (err == 0) {
 *		if (test_bit(NFS_DELEGATION_REVOKED, &delegation->flags))
 *			break;
 *		err = nfs_delegation_claim_opens(...);
 *		...
 *	}
 *	if (err) { ...; goto out; }
 *	err = nfs_do_return_delegation(inode, delegation, issync);
 * where the break leaves with err == 0 and reaches the last call.
 *  - lbe_wait_locked(): passes `false` to lbe_wait(), whose loop `while
 *    (!stop)` is left by a break with stop still false: the allocation
 *    after the loop is reached, and reported.
 *  - lbe_retry_locked(): calls lbe_retry(), the nfs shape: the
 *    allocation after `if (err) return` is reached through the break with
 *    err == 0, and reported.
 */
#include <linux/bitops.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct lbe_dev {
	unsigned long flags;
	unsigned int count;
	void *a, *b;
};

static DEFINE_SPINLOCK(lbe_lock);

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void lbe_wait_locked(struct lbe_dev *d);
void lbe_retry_locked(struct lbe_dev *d);

static noinline void lbe_wait(struct lbe_dev *d, bool stop)
{
	while (!stop) {
		if (d->count++ > 3)
			break;
	}
	d->a = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "lbe_wait_locked: spin_lock(&lbe_lock): spinlock held from here" */
}

void lbe_wait_locked(struct lbe_dev *d)
{
	spin_lock(&lbe_lock);
	lbe_wait(d, false);
	spin_unlock(&lbe_lock);
}

static noinline int lbe_claim(struct lbe_dev *d)
{
	return d->count++ > 3 ? -EAGAIN : 0;
}

static noinline int lbe_retry(struct lbe_dev *d)
{
	int err = 0;

	while (err == 0) {
		if (test_bit(0, &d->flags))
			break;
		err = lbe_claim(d);
	}
	if (err)
		return err;
	d->b = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "lbe_retry_locked: spin_lock_bh(&lbe_lock): spinlock held from here" */
	return 0;
}

void lbe_retry_locked(struct lbe_dev *d)
{
	spin_lock_bh(&lbe_lock);
	lbe_retry(d);
	spin_unlock_bh(&lbe_lock);
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gfpcheck testcase: a break leaves a loop without its condition");

/*
 * check-output-start
 * inter/loop_break_exit.c:46:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/loop_break_exit.c:51: note: spin_lock(&lbe_lock): spinlock held from here (in lbe_wait_locked)
 * inter/loop_break_exit.c:52: note: calls lbe_wait() (in lbe_wait_locked)
 * inter/loop_break_exit.c:46: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in lbe_wait)
 * inter/loop_break_exit.c:72:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/loop_break_exit.c:78: note: spin_lock_bh(&lbe_lock): spinlock held from here (in lbe_retry_locked)
 * inter/loop_break_exit.c:79: note: calls lbe_retry() (in lbe_retry_locked)
 * inter/loop_break_exit.c:72: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in lbe_retry)
 * check-output-end
 */
