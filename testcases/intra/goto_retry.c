// SPDX-License-Identifier: GPL-2.0
/*
 * goto_retry: a backward `goto retry`.  In gr_insert_buggy the retry jump
 * is taken with the table lock still held, so on the second pass the
 * allocation at the top of the function runs under the lock and is
 * reported.  gr_insert drops the lock before jumping back and is not
 * reported; gr_insert_atomic keeps the lock across the retry but allocates
 * with GFP_ATOMIC and is not reported either.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct gr_entry {
	struct list_head node;
	u32 key;
};

struct gr_table {
	spinlock_t lock;
	struct list_head entries;
	unsigned int generation;
	bool resizing;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int gr_insert_buggy(struct gr_table *t, u32 key);
int gr_insert(struct gr_table *t, u32 key);
int gr_insert_atomic(struct gr_table *t, u32 key);

int gr_insert_buggy(struct gr_table *t, u32 key)
{
	struct gr_entry *e;

retry:
	e = kmalloc(sizeof(*e), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!e)
		return -ENOMEM;
	e->key = key;
	spin_lock(&t->lock);
	if (t->resizing) {
		kfree(e);
		goto retry;
	}
	list_add(&e->node, &t->entries);
	spin_unlock(&t->lock);
	return 0;
}

int gr_insert(struct gr_table *t, u32 key)
{
	struct gr_entry *e;

retry:
	e = kmalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->key = key;
	spin_lock(&t->lock);
	if (t->resizing) {
		spin_unlock(&t->lock);
		kfree(e);
		goto retry;
	}
	list_add(&e->node, &t->entries);
	spin_unlock(&t->lock);
	return 0;
}

int gr_insert_atomic(struct gr_table *t, u32 key)
{
	struct gr_entry *e;
	unsigned int gen;

	spin_lock(&t->lock);
retry:
	gen = t->generation;
	e = kmalloc(sizeof(*e), GFP_ATOMIC);
	if (!e) {
		spin_unlock(&t->lock);
		return -ENOMEM;
	}
	e->key = key;
	if (gen != t->generation) {
		kfree(e);
		goto retry;
	}
	list_add(&e->node, &t->entries);
	spin_unlock(&t->lock);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: backward goto retry");
MODULE_LICENSE("GPL");
