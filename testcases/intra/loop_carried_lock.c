// SPDX-License-Identifier: GPL-2.0
/*
 * loop_carried_lock: a lock that is still held when control goes back to
 * the top of the loop.  In lcl_fill the `continue` on a full queue skips
 * the unlock, so in the next iteration the allocation at the top of the
 * body runs under the lock: reported.  In lcl_reserve the retry iteration
 * starts with the lock taken in the previous iteration: reported.
 * lcl_fill_fixed unlocks before `continue` and is not reported, and in
 * lcl_drain the lock is dropped at the top of each iteration before the
 * allocation and retaken at the bottom: not reported.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct lcl_item {
	struct list_head node;
	unsigned int seq;
};

struct lcl_queue {
	spinlock_t lock;
	struct list_head items;
	unsigned int len;
	unsigned int max;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int lcl_fill(struct lcl_queue *q, unsigned int n);
int lcl_fill_fixed(struct lcl_queue *q, unsigned int n);
int lcl_reserve(struct lcl_queue *q);
int lcl_drain(struct lcl_queue *q, struct list_head *out);

int lcl_fill(struct lcl_queue *q, unsigned int n)
{
	struct lcl_item *it;
	unsigned int i;

	for (i = 0; i < n; i++) {
		it = kzalloc(sizeof(*it), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		if (!it)
			return -ENOMEM;
		it->seq = i;
		spin_lock(&q->lock);
		if (q->len >= q->max) {
			kfree(it);
			continue;
		}
		list_add_tail(&it->node, &q->items);
		q->len++;
		spin_unlock(&q->lock);
	}
	return 0;
}

int lcl_fill_fixed(struct lcl_queue *q, unsigned int n)
{
	struct lcl_item *it;
	unsigned int i;

	for (i = 0; i < n; i++) {
		it = kzalloc(sizeof(*it), GFP_KERNEL);
		if (!it)
			return -ENOMEM;
		it->seq = i;
		spin_lock(&q->lock);
		if (q->len >= q->max) {
			spin_unlock(&q->lock);
			kfree(it);
			continue;
		}
		list_add_tail(&it->node, &q->items);
		q->len++;
		spin_unlock(&q->lock);
	}
	return 0;
}

int lcl_reserve(struct lcl_queue *q)
{
	struct lcl_item *it;

	for (;;) {
		it = kzalloc(sizeof(*it), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		spin_lock(&q->lock);
		if (it && q->len < q->max)
			break;
		kfree(it);
	}
	list_add_tail(&it->node, &q->items);
	q->len++;
	spin_unlock(&q->lock);
	return 0;
}

int lcl_drain(struct lcl_queue *q, struct list_head *out)
{
	struct lcl_item *it, *copy;

	spin_lock(&q->lock);
	while (!list_empty(&q->items)) {
		it = list_first_entry(&q->items, struct lcl_item, node);
		list_del(&it->node);
		q->len--;
		spin_unlock(&q->lock);

		copy = kmemdup(it, sizeof(*it), GFP_KERNEL);
		kfree(it);
		if (copy)
			list_add_tail(&copy->node, out);

		spin_lock(&q->lock);
	}
	spin_unlock(&q->lock);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: lock carried around a loop back edge");
MODULE_LICENSE("GPL");
