// SPDX-License-Identifier: GPL-2.0
/*
 * unexpected_branch: the body of `if (WARN_ON_ONCE(cond))` runs only in a
 * situation the kernel reports as a bug (coding-style.rst: WARN*() "is
 * intended for unexpected, this-should-never-happen situations"), so a
 * context inherited through a chain of callers is not followed into it,
 * as it is not followed past might_sleep().  The shape of sunrpc's
 * rpc_sleep_check_activated(), reached under nfs4_setup_sequence()'s
 * slot-table lock: `if (WARN_ON_ONCE(!RPC_IS_ACTIVATED(task))) { ...
 * rpc_put_task_async(task); return false; }`.
 *  - ub_queue() holds a spinlock and calls ub_validate(), which calls
 *    ub_check_active(), whose GFP_KERNEL allocation is inside the
 *    WARN_ON_ONCE() body: not reported; ub_drop()'s, called from that
 *    body, neither.
 *  - ub_validate() also calls ub_check_ready(), the same test written as
 *    a plain `if (!d->ready)`: reported, with its chain.
 *  - As with might_sleep() (inter/sleep_annotations.c), a function the
 *    holder calls directly is in plain sight and still followed:
 *    ub_load() calls ub_check_loaded() under its lock, and the allocation
 *    in its WARN_ON_ONCE() body is reported.
 *  - ub_reset() allocates inside a WARN() body while it holds the lock
 *    itself: in plain sight, reported.
 *  - A WARN_ON() that is only part of the condition (`WARN_ON(x) || y`)
 *    does not mark the body: ub_check_either()'s allocation is reported.
 */
#include <linux/bug.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct ub_dev {
	spinlock_t lock;
	bool active, ready, busy;
	void *log, *buf, *note;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void ub_queue(struct ub_dev *d);
void ub_load(struct ub_dev *d);
void ub_reset(struct ub_dev *d);

static void ub_drop(struct ub_dev *d)
{
	kfree(d->buf);
	d->buf = kmalloc(32, GFP_KERNEL);
}

static bool ub_check_active(struct ub_dev *d)
{
	if (WARN_ON_ONCE(!d->active)) {
		d->log = kzalloc(64, GFP_KERNEL);
		ub_drop(d);
		return false;
	}
	return true;
}

static bool ub_check_ready(struct ub_dev *d)
{
	if (!d->ready) {
		d->note = kzalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "spinlock held" */
		return false;
	}
	return true;
}

static bool ub_check_either(struct ub_dev *d)
{
	if (WARN_ON(!d->active) || d->busy) {
		kfree(d->note);
		d->note = kzalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "spinlock held" */
		return false;
	}
	return true;
}

static bool ub_validate(struct ub_dev *d)
{
	return ub_check_active(d) && ub_check_ready(d) && ub_check_either(d);
}

void ub_queue(struct ub_dev *d)
{
	spin_lock(&d->lock);
	if (ub_validate(d))
		d->busy = true;
	spin_unlock(&d->lock);
}

static bool ub_check_loaded(struct ub_dev *d)
{
	if (WARN_ON_ONCE(!d->buf)) {
		d->buf = kzalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "spinlock held" */
		return false;
	}
	return true;
}

void ub_load(struct ub_dev *d)
{
	spin_lock(&d->lock);
	if (ub_check_loaded(d))
		d->ready = true;
	spin_unlock(&d->lock);
}

void ub_reset(struct ub_dev *d)
{
	spin_lock(&d->lock);
	if (WARN(d->busy, "ub: reset while busy\n"))
		d->log = kzalloc(256, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "spinlock held" */
	d->busy = false;
	spin_unlock(&d->lock);
}

MODULE_DESCRIPTION("gfpcheck test: no inherited context in the body of if (WARN_ON(...))");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/unexpected_branch.c:61:13: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/unexpected_branch.c:84: note: spin_lock(&d->lock): spinlock held from here (in ub_queue)
 * inter/unexpected_branch.c:85: note: calls ub_validate() (in ub_queue)
 * inter/unexpected_branch.c:79: note: calls ub_check_ready() (in ub_validate)
 * inter/unexpected_branch.c:61: note: kzalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in ub_check_ready)
 * inter/unexpected_branch.c:71:13: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/unexpected_branch.c:84: note: spin_lock(&d->lock): spinlock held from here (in ub_queue)
 * inter/unexpected_branch.c:85: note: calls ub_validate() (in ub_queue)
 * inter/unexpected_branch.c:79: note: calls ub_check_either() (in ub_validate)
 * inter/unexpected_branch.c:71: note: kzalloc(128, GFP_KERNEL) may sleep (direct reclaim) (in ub_check_either)
 * inter/unexpected_branch.c:93:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/unexpected_branch.c:101: note: spin_lock(&d->lock): spinlock held from here (in ub_load)
 * inter/unexpected_branch.c:102: note: calls ub_check_loaded() (in ub_load)
 * inter/unexpected_branch.c:93: note: kzalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in ub_check_loaded)
 * inter/unexpected_branch.c:111:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/unexpected_branch.c:109: note: spin_lock(&d->lock): spinlock held from here (in ub_reset)
 * inter/unexpected_branch.c:111: note: kzalloc(256, GFP_KERNEL) may sleep (direct reclaim) (in ub_reset)
 * check-output-end
 */
