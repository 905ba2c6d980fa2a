// SPDX-License-Identifier: GPL-2.0
/*
 * call_rcu_cb: rcb_release is passed to call_rcu(), so it runs as an RCU
 * callback in softirq context.  It calls rcb_log_release, whose kmalloc
 * with GFP_KERNEL is reported.  rcb_replace, the process-context function
 * that publishes a new object and queues the callback, allocates with
 * GFP_KERNEL before taking the lock: not reported.  rcb_replace_sync waits
 * with synchronize_rcu() and then allocates: not reported.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rcb_obj {
	struct rcu_head rcu;
	u32 id;
};

struct rcb_dev {
	spinlock_t lock;
	struct rcb_obj __rcu *cur;
	void *graveyard;
	void *journal;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int rcb_replace(struct rcb_dev *d, u32 id);
int rcb_replace_sync(struct rcb_dev *d, u32 id);
void rcb_bind(struct rcb_dev *d);

static struct rcb_dev *rcb_global;

static void rcb_log_release(u32 id)
{
	u32 *rec;
	void *old;

	if (!rcb_global)
		return;
	rec = kmalloc(sizeof(*rec), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!rec)
		return;
	*rec = id;
	spin_lock(&rcb_global->lock);
	old = rcb_global->graveyard;
	rcb_global->graveyard = rec;
	spin_unlock(&rcb_global->lock);
	kfree(old);
}

static void rcb_release(struct rcu_head *head)
{
	struct rcb_obj *obj = container_of(head, struct rcb_obj, rcu);

	rcb_log_release(obj->id);
	kfree(obj);
}

int rcb_replace(struct rcb_dev *d, u32 id)
{
	struct rcb_obj *obj, *old;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return -ENOMEM;
	obj->id = id;
	spin_lock(&d->lock);
	old = rcu_dereference_protected(d->cur, lockdep_is_held(&d->lock));
	rcu_assign_pointer(d->cur, obj);
	spin_unlock(&d->lock);
	if (old)
		call_rcu(&old->rcu, rcb_release);
	return 0;
}

int rcb_replace_sync(struct rcb_dev *d, u32 id)
{
	struct rcb_obj *obj, *old;
	void *journal;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return -ENOMEM;
	obj->id = id;
	spin_lock(&d->lock);
	old = rcu_dereference_protected(d->cur, lockdep_is_held(&d->lock));
	rcu_assign_pointer(d->cur, obj);
	spin_unlock(&d->lock);
	synchronize_rcu();
	kfree(old);
	journal = kmalloc(64, GFP_KERNEL);
	if (!journal)
		return -ENOMEM;
	kfree(d->journal);
	d->journal = journal;
	return 0;
}

void rcb_bind(struct rcb_dev *d)
{
	spin_lock_init(&d->lock);
	rcb_global = d;
}

MODULE_DESCRIPTION("gfpcheck test: call_rcu callback is a softirq entry");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/call_rcu_cb.c:41:8: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/call_rcu_cb.c:73: note: rcb_release() registered by call_rcu() here: runs in softirq context (in rcb_replace)
 * inter/call_rcu_cb.c:56: note: calls rcb_log_release() (in rcb_release)
 * inter/call_rcu_cb.c:41: note: kmalloc(sizeof(*rec), GFP_KERNEL) may sleep (direct reclaim) (in rcb_log_release)
 * check-output-end
 */
