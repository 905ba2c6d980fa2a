// SPDX-License-Identifier: GPL-2.0
/*
 * loop_balanced: loops whose bodies take and release the lock in the
 * same iteration.  Allocating before the lock inside such a body
 * (lb_populate, for loop; lb_refill, do-while loop) is not reported.
 * lb_populate_inside allocates between lock and unlock inside the body,
 * which is reported; lb_walk allocates after the loop that balanced its
 * locking, which is not.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct lb_node {
	struct list_head node;
	int val;
};

struct lb_list {
	spinlock_t lock;
	struct list_head head;
	unsigned int count;
	unsigned int target;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int lb_populate(struct lb_list *l, unsigned int n);
int lb_populate_inside(struct lb_list *l, unsigned int n);
int lb_refill(struct lb_list *l);
int *lb_walk(struct lb_list *l);

int lb_populate(struct lb_list *l, unsigned int n)
{
	struct lb_node *nd;
	unsigned int i;

	for (i = 0; i < n; i++) {
		nd = kmalloc(sizeof(*nd), GFP_KERNEL);
		if (!nd)
			return -ENOMEM;
		nd->val = i;
		spin_lock(&l->lock);
		list_add_tail(&nd->node, &l->head);
		l->count++;
		spin_unlock(&l->lock);
	}
	return 0;
}

int lb_populate_inside(struct lb_list *l, unsigned int n)
{
	struct lb_node *nd;
	unsigned int i;

	for (i = 0; i < n; i++) {
		spin_lock(&l->lock);
		nd = kmalloc(sizeof(*nd), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		if (nd) {
			nd->val = i;
			list_add_tail(&nd->node, &l->head);
			l->count++;
		}
		spin_unlock(&l->lock);
		if (!nd)
			return -ENOMEM;
	}
	return 0;
}

int lb_refill(struct lb_list *l)
{
	struct lb_node *nd;
	bool more;

	do {
		nd = kzalloc(sizeof(*nd), GFP_KERNEL);
		if (!nd)
			return -ENOMEM;
		spin_lock(&l->lock);
		list_add(&nd->node, &l->head);
		more = ++l->count < l->target;
		spin_unlock(&l->lock);
	} while (more);
	return 0;
}

int *lb_walk(struct lb_list *l)
{
	struct lb_node *nd;
	unsigned int n = 0;
	int max = 0;

	spin_lock(&l->lock);
	list_for_each_entry(nd, &l->head, node) {
		if (nd->val > max)
			max = nd->val;
		n++;
	}
	spin_unlock(&l->lock);

	return kcalloc(n + max, sizeof(int), GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: balanced locking inside loops");
MODULE_LICENSE("GPL");
