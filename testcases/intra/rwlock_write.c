// SPDX-License-Identifier: GPL-2.0
/*
 * rwlock_write: write_lock(), write_lock_irq() and write_lock_bh() with
 * their unlocks.  Inserting into a hash of rwlock-protected buckets with a
 * GFP_KERNEL allocation inside the write-side section is reported for each
 * variant.  Allocating first and only linking the object under the write
 * lock (rww_insert_prealloc) is the usual fix and is not reported.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rww_obj {
	struct hlist_node node;
	unsigned long key;
};

struct rww_hash {
	rwlock_t lock;
	struct hlist_head buckets[64];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int rww_insert(struct rww_hash *h, unsigned long key);
int rww_insert_irq(struct rww_hash *h, unsigned long key);
int rww_insert_bh(struct rww_hash *h, unsigned long key);
int rww_insert_prealloc(struct rww_hash *h, unsigned long key);
unsigned long *rww_keys_after_unlock(struct rww_hash *h, unsigned int *nr);

int rww_insert(struct rww_hash *h, unsigned long key)
{
	struct rww_obj *obj;

	write_lock(&h->lock);
	obj = kzalloc(sizeof(*obj), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (obj) {
		obj->key = key;
		hlist_add_head(&obj->node, &h->buckets[key % 64]);
	}
	write_unlock(&h->lock);
	return obj ? 0 : -ENOMEM;
}

int rww_insert_irq(struct rww_hash *h, unsigned long key)
{
	struct rww_obj *obj;

	write_lock_irq(&h->lock);
	obj = kzalloc(sizeof(*obj), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (obj) {
		obj->key = key;
		hlist_add_head(&obj->node, &h->buckets[key % 64]);
	}
	write_unlock_irq(&h->lock);
	return obj ? 0 : -ENOMEM;
}

int rww_insert_bh(struct rww_hash *h, unsigned long key)
{
	struct rww_obj *obj;

	write_lock_bh(&h->lock);
	obj = kzalloc(sizeof(*obj), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (obj) {
		obj->key = key;
		hlist_add_head(&obj->node, &h->buckets[key % 64]);
	}
	write_unlock_bh(&h->lock);
	return obj ? 0 : -ENOMEM;
}

int rww_insert_prealloc(struct rww_hash *h, unsigned long key)
{
	struct rww_obj *obj;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return -ENOMEM;
	obj->key = key;

	write_lock_bh(&h->lock);
	hlist_add_head(&obj->node, &h->buckets[key % 64]);
	write_unlock_bh(&h->lock);
	return 0;
}

unsigned long *rww_keys_after_unlock(struct rww_hash *h, unsigned int *nr)
{
	struct rww_obj *obj;
	unsigned int i, n = 0;

	write_lock(&h->lock);
	for (i = 0; i < 64; i++)
		hlist_for_each_entry(obj, &h->buckets[i], node)
			n++;
	write_unlock(&h->lock);

	*nr = n;
	return kmalloc_array(n, sizeof(unsigned long), GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: write_lock/write_lock_irq/write_lock_bh");
MODULE_LICENSE("GPL");
