// SPDX-License-Identifier: GPL-2.0
/*
 * rwlock_callers: reader-writer spinlocks held at a call site make the
 * callee atomic, for readers and writers alike.
 *  - rwc_lookup calls rwc_cache_miss under read_lock: rwc_cache_miss's
 *    GFP_KERNEL allocation is reported.
 *  - rwc_update calls rwc_new_entry under write_lock_irqsave:
 *    rwc_new_entry's kcalloc(GFP_KERNEL) is reported.
 *  - rwc_lookup_bh releases read_lock_bh before calling rwc_slow_path:
 *    rwc_slow_path's GFP_KERNEL allocation is not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rwc_dev {
	rwlock_t lock;
	void *miss;
	u64 *entries;
	void *slow;
	unsigned int nr;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void rwc_lookup(struct rwc_dev *d);
int rwc_update(struct rwc_dev *d);
void rwc_lookup_bh(struct rwc_dev *d);

static void rwc_cache_miss(struct rwc_dev *d)
{
	void *p;

	p = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!p)
		return;
	kfree(xchg(&d->miss, p));
}

static int rwc_new_entry(struct rwc_dev *d)
{
	u64 *e;

	e = kcalloc(d->nr, sizeof(u64), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!e)
		return -ENOMEM;
	kfree(d->entries);
	d->entries = e;
	return 0;
}

static void rwc_slow_path(struct rwc_dev *d)
{
	void *p;

	p = kzalloc(64, GFP_KERNEL);
	if (!p)
		return;
	kfree(xchg(&d->slow, p));
}

void rwc_lookup(struct rwc_dev *d)
{
	read_lock(&d->lock);
	if (!d->entries)
		rwc_cache_miss(d);
	read_unlock(&d->lock);
}

int rwc_update(struct rwc_dev *d)
{
	unsigned long flags;
	int ret;

	write_lock_irqsave(&d->lock, flags);
	d->nr++;
	ret = rwc_new_entry(d);
	write_unlock_irqrestore(&d->lock, flags);
	return ret;
}

void rwc_lookup_bh(struct rwc_dev *d)
{
	bool miss;

	read_lock_bh(&d->lock);
	miss = !d->slow;
	read_unlock_bh(&d->lock);
	if (miss)
		rwc_slow_path(d);
}

MODULE_DESCRIPTION("gfpcheck test: rwlock holders make callees atomic");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/rwlock_callers.c:33:6: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/rwlock_callers.c:63: note: read_lock(&d->lock): spinlock held from here (in rwc_lookup)
 * inter/rwlock_callers.c:65: note: calls rwc_cache_miss() (in rwc_lookup)
 * inter/rwlock_callers.c:33: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in rwc_cache_miss)
 * inter/rwlock_callers.c:43:6: warning: kcalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/rwlock_callers.c:74: note: write_lock_irqsave(&d->lock, flags): spinlock held from here (in rwc_update)
 * inter/rwlock_callers.c:76: note: calls rwc_new_entry() (in rwc_update)
 * inter/rwlock_callers.c:43: note: kcalloc(d->nr, sizeof(u64), GFP_KERNEL) may sleep (direct reclaim) (in rwc_new_entry)
 * check-output-end
 */
