// SPDX-License-Identifier: GPL-2.0
/*
 * hidden_lock_holds: a callee may return holding a lock that no summary
 * tells its caller, and a later release of a lock the caller does not
 * hold is the release of that one, not of the lock the caller's caller
 * holds.  The shape of 6.12's mm/swap.c: folio_lruvec_relock_irqsave()
 * drops the lruvec its caller passed and takes the folio's (neither an
 * acquisition nor a release), __page_cache_release() stores it through
 * an out-parameter on some paths, and page_cache_release() ends with
 * `if (lruvec) unlock_page_lruvec_irqrestore(lruvec, flags)`.  Taken for
 * a release of the caller's lock, that unlock made kfree(), folio_put()
 * and everything above them "release" every spinlock held around them.
 *  - hl_replace() holds d->lock, calls hl_put() (page_cache_release()
 *    and kfree() in one), then allocates with GFP_KERNEL: reported.
 *  - hl_put() allocates after hl_unqueue() returns: reported, with the
 *    chain from hl_replace().
 *  - The IRQ state that unlock restores is the one its unseen
 *    spin_lock_irqsave() saved, not the caller's (flow_call.may_take
 *    carries it with the lock): hl_replace_irqsoff() calls hl_unqueue()
 *    with IRQs off and allocates after it, reported.
 *  - hl_replace_all() calls hl_put_many(), which relocks bucket after
 *    bucket in a loop and drops the last one (6.1's release_pages()),
 *    then allocates: reported.
 *  - hl_drain() is entered with d->lock held (io_worker_handle_work()
 *    and its acct->lock) and releases it on every path to its return,
 *    after a call that may take a bucket lock unseen: that release is the
 *    caller's lock after all, so neither hl_drain()'s allocation after it
 *    nor hl_flush()'s after the call is reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct hl_bucket {
	spinlock_t lock;
	int n;
};

struct hl_item {
	struct hl_bucket *bucket;
	bool queued;
	void *data;
};

struct hl_dev {
	spinlock_t lock;
	struct hl_item *cur;
	void *cache, *log;
	int pending;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void hl_replace(struct hl_dev *d, struct hl_item *it);
void hl_replace_all(struct hl_dev *d, struct hl_item **items, int n);
void hl_replace_irqsoff(struct hl_dev *d, struct hl_item *it);
void hl_flush(struct hl_dev *d);

/* folio_lruvec_relock_irqsave(): the caller's bucket, if it is the item's,
 * else the item's, locked */
static struct hl_bucket *hl_relock(struct hl_item *it, struct hl_bucket *locked, unsigned long *flags)
{
	if (locked) {
		if (locked == it->bucket)
			return locked;
		spin_unlock_irqrestore(&locked->lock, *flags);
	}
	spin_lock_irqsave(&it->bucket->lock, *flags);
	return it->bucket;
}

/* __page_cache_release(): the bucket stays locked through *lockedp */
static void hl_unqueue_locked(struct hl_item *it, struct hl_bucket **lockedp, unsigned long *flags)
{
	if (it->queued) {
		*lockedp = hl_relock(it, *lockedp, flags);
		it->queued = false;
		(*lockedp)->n--;
	}
}

/* page_cache_release() */
static void hl_unqueue(struct hl_item *it)
{
	struct hl_bucket *locked = NULL;
	unsigned long flags;

	hl_unqueue_locked(it, &locked, &flags);
	if (locked)
		spin_unlock_irqrestore(&locked->lock, flags);
}

static void hl_put(struct hl_dev *d, struct hl_item *it)
{
	hl_unqueue(it);
	kfree(d->log);
	d->log = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "spinlock held" */
	kfree(it->data);
}

void hl_replace(struct hl_dev *d, struct hl_item *it)
{
	spin_lock(&d->lock);
	hl_put(d, d->cur);
	d->cur = it;
	d->cache = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "spinlock held" */
	spin_unlock(&d->lock);
}

/* the IRQ state spin_unlock_irqrestore() restores in hl_unqueue() is the
 * one the bucket's spin_lock_irqsave() saved, not the caller's */
void hl_replace_irqsoff(struct hl_dev *d, struct hl_item *it)
{
	unsigned long flags;

	local_irq_save(flags);
	hl_unqueue(it);
	d->cur = it;
	d->cache = kmalloc(512, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "IRQs disabled" */
	local_irq_restore(flags);
}

/* release_pages(): relock per item, drop the last */
static void hl_put_many(struct hl_item **items, int n)
{
	struct hl_bucket *locked = NULL;
	unsigned long flags = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (!items[i]->queued)
			continue;
		locked = hl_relock(items[i], locked, &flags);
		items[i]->queued = false;
		locked->n--;
	}
	if (locked)
		spin_unlock_irqrestore(&locked->lock, flags);
}

void hl_replace_all(struct hl_dev *d, struct hl_item **items, int n)
{
	spin_lock(&d->lock);
	hl_put_many(items, n);
	d->cache = kmalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "spinlock held" */
	spin_unlock(&d->lock);
}

/* io_worker_handle_work(): entered with d->lock held, drops it however
 * it returns */
static void hl_drain(struct hl_dev *d)
{
	struct hl_bucket *locked = NULL;
	unsigned long flags;
	struct hl_item *it = d->cur;

	if (it)
		hl_unqueue_locked(it, &locked, &flags);
	d->pending = 0;
	if (locked)
		spin_unlock_irqrestore(&locked->lock, flags);
	spin_unlock(&d->lock);
	d->log = kzalloc(16, GFP_KERNEL);
}

void hl_flush(struct hl_dev *d)
{
	spin_lock(&d->lock);
	d->pending++;
	hl_drain(d);
	d->cache = kmalloc(256, GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: a lock a callee takes unseen is not the caller's");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/hidden_lock_holds.c:96:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/hidden_lock_holds.c:102: note: spin_lock(&d->lock): spinlock held from here (in hl_replace)
 * inter/hidden_lock_holds.c:103: note: calls hl_put() (in hl_replace)
 * inter/hidden_lock_holds.c:96: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in hl_put)
 * inter/hidden_lock_holds.c:105:13: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/hidden_lock_holds.c:102: note: spin_lock(&d->lock): spinlock held from here (in hl_replace)
 * inter/hidden_lock_holds.c:105: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in hl_replace)
 * inter/hidden_lock_holds.c:118:13: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (IRQs disabled) [gfp-sleep-in-atomic]
 * inter/hidden_lock_holds.c:115: note: local_irq_save(flags): IRQs disabled from here (in hl_replace_irqsoff)
 * inter/hidden_lock_holds.c:118: note: kmalloc(512, GFP_KERNEL) may sleep (direct reclaim) (in hl_replace_irqsoff)
 * inter/hidden_lock_holds.c:144:13: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/hidden_lock_holds.c:142: note: spin_lock(&d->lock): spinlock held from here (in hl_replace_all)
 * inter/hidden_lock_holds.c:144: note: kmalloc(128, GFP_KERNEL) may sleep (direct reclaim) (in hl_replace_all)
 * check-output-end
 */
