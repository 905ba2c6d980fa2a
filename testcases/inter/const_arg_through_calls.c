// SPDX-License-Identifier: GPL-2.0
/*
 * const_arg_through_calls: constants that choose a branch one call or
 * more away, as the kernel writes them.
 *  - A pointer argument: locks_delete_lock_ctx(fl, &dispose) frees (and
 *    here allocates) only without a dispose list.  ct_delete_locked()
 *    passes &dispose under a spinlock: nothing; ct_delete_now() passes
 *    NULL under it: reported.
 *  - A parameter passed on: __tty_fasync(-1, filp, 0) hands `on` to
 *    fasync_helper(), which only removes when it is 0.  ct_hangup() calls
 *    ct_fasync(d, 0) under the lock: nothing; ct_attach() calls
 *    ct_fasync2(d, 1): reported through both calls.
 *  - A negated parameter passed on: kvfree_call_rcu(head, func) passes
 *    `!head` as add_ptr_to_bulk_krc_lock()'s can_alloc, tested in
 *    `if (!bnode && can_alloc)`.  ct_release_locked() gives &obj->rcu
 *    under the lock: nothing.
 *  - A test inside a short-circuit condition: pneigh_lookup(..., 0)
 *    returns at `if (n || !creat)`.  ct_lookup_locked() passes 0 under
 *    the lock: nothing.
 */
#include <linux/list.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct ct_item {
	struct list_head node;
	struct rcu_head rcu;
	void *log;
};

struct ct_dev {
	spinlock_t lock;
	struct list_head items;
	void *entry, *block, *event;
	struct ct_item *found;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void ct_delete_locked(struct ct_dev *d, struct ct_item *it);
void ct_delete_now(struct ct_dev *d, struct ct_item *it);
void ct_hangup(struct ct_dev *d);
void ct_attach(struct ct_dev *d);
void ct_release_locked(struct ct_dev *d, struct ct_item *it);
void ct_lookup_locked(struct ct_dev *d);

static noinline void ct_log_free(struct ct_item *it)
{
	it->log = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "ct_delete_now: calls ct_delete()" "ct_delete: calls ct_log_free()" */
	kfree(it);
}

static noinline void ct_delete(struct ct_item *it, struct list_head *dispose)
{
	list_del(&it->node);
	if (dispose)
		list_add(&it->node, dispose);
	else
		ct_log_free(it);
}

void ct_delete_locked(struct ct_dev *d, struct ct_item *it)
{
	LIST_HEAD(dispose);
	struct ct_item *pos, *n;

	spin_lock(&d->lock);
	ct_delete(it, &dispose);
	spin_unlock(&d->lock);
	list_for_each_entry_safe(pos, n, &dispose, node)
		kfree(pos);
}

void ct_delete_now(struct ct_dev *d, struct ct_item *it)
{
	spin_lock(&d->lock);
	ct_delete(it, NULL);
	spin_unlock(&d->lock);
}

/* fasync_helper(): removes when `on` is 0, else adds an entry */
static noinline int ct_helper(struct ct_dev *d, int on)
{
	if (!on) {
		kfree(d->entry);
		d->entry = NULL;
		return 0;
	}
	d->entry = kzalloc(32, GFP_KERNEL);
	return d->entry ? 1 : -ENOMEM;
}

static noinline int ct_fasync(struct ct_dev *d, int on)
{
	return ct_helper(d, on);
}

void ct_hangup(struct ct_dev *d)
{
	spin_lock(&d->lock);
	ct_fasync(d, 0);
	spin_unlock(&d->lock);
}

/* the same pair of functions, entered with 1 */
static noinline int ct_helper2(struct ct_dev *d, int on)
{
	if (!on) {
		kfree(d->event);
		d->event = NULL;
		return 0;
	}
	d->event = kzalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "ct_attach: calls ct_fasync2()" "ct_fasync2: calls ct_helper2()" */
	return d->event ? 1 : -ENOMEM;
}

static noinline int ct_fasync2(struct ct_dev *d, int on)
{
	return ct_helper2(d, on);
}

void ct_attach(struct ct_dev *d)
{
	spin_lock(&d->lock);
	ct_fasync2(d, 1);
	spin_unlock(&d->lock);
}

/* add_ptr_to_bulk_krc_lock(): a new block only when it may allocate */
static noinline bool ct_add_bulk(struct ct_dev *d, void *ptr, bool can_alloc)
{
	void *b = d->block;

	if (!b && can_alloc) {
		b = kmalloc(PAGE_SIZE, GFP_KERNEL);
		d->block = b;
	}
	return b && ptr;
}

/* kvfree_call_rcu(): head-less calls may allocate, the others may not */
static noinline void ct_free_rcu(struct ct_dev *d, struct rcu_head *head, void *ptr)
{
	if (!ct_add_bulk(d, ptr, !head) && head)
		list_add(&((struct ct_item *)ptr)->node, &d->items);
}

void ct_release_locked(struct ct_dev *d, struct ct_item *it)
{
	spin_lock(&d->lock);
	ct_free_rcu(d, &it->rcu, it);
	spin_unlock(&d->lock);
}

/* pneigh_lookup(): creates only when asked to */
static noinline struct ct_item *ct_lookup(struct ct_dev *d, int creat)
{
	struct ct_item *n = d->found;

	if (n || !creat)
		return n;
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	d->found = n;
	return n;
}

void ct_lookup_locked(struct ct_dev *d)
{
	spin_lock(&d->lock);
	ct_lookup(d, 0);
	spin_unlock(&d->lock);
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/const_arg_through_calls.c:50:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_arg_through_calls.c:77: note: spin_lock(&d->lock): spinlock held from here (in ct_delete_now)
 * inter/const_arg_through_calls.c:78: note: calls ct_delete() (in ct_delete_now)
 * inter/const_arg_through_calls.c:60: note: calls ct_log_free() (in ct_delete)
 * inter/const_arg_through_calls.c:50: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in ct_log_free)
 * inter/const_arg_through_calls.c:114:13: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_arg_through_calls.c:125: note: spin_lock(&d->lock): spinlock held from here (in ct_attach)
 * inter/const_arg_through_calls.c:126: note: calls ct_fasync2() (in ct_attach)
 * inter/const_arg_through_calls.c:120: note: calls ct_helper2() (in ct_fasync2)
 * inter/const_arg_through_calls.c:114: note: kzalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in ct_helper2)
 * check-output-end
 */
