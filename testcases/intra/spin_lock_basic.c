// SPDX-License-Identifier: GPL-2.0
/*
 * spin_lock_basic: plain spin_lock()/spin_unlock().  A GFP_KERNEL allocation
 * between them may enter direct reclaim and sleep with the lock held: reported
 * in slb_add_entry and slb_grow_locked.  The same allocation before the lock
 * (slb_add_entry_prealloc), after the unlock (slb_snapshot_after_unlock) or
 * with no lock at all (slb_alloc_unlocked) is in process context: not reported.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct slb_entry {
	struct list_head node;
	int id;
};

struct slb_dev {
	spinlock_t lock;
	struct list_head entries;
	unsigned int nr_entries;
	int *table;
	unsigned int table_len;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int slb_add_entry(struct slb_dev *dev, int id);
int slb_add_entry_prealloc(struct slb_dev *dev, int id);
int *slb_snapshot_after_unlock(struct slb_dev *dev);
int slb_grow_locked(struct slb_dev *dev, unsigned int len);
void *slb_alloc_unlocked(size_t size);

int slb_add_entry(struct slb_dev *dev, int id)
{
	struct slb_entry *e;

	spin_lock(&dev->lock);
	e = kmalloc(sizeof(*e), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!e) {
		spin_unlock(&dev->lock);
		return -ENOMEM;
	}
	e->id = id;
	list_add_tail(&e->node, &dev->entries);
	dev->nr_entries++;
	spin_unlock(&dev->lock);
	return 0;
}

int slb_add_entry_prealloc(struct slb_dev *dev, int id)
{
	struct slb_entry *e;

	e = kmalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->id = id;

	spin_lock(&dev->lock);
	list_add_tail(&e->node, &dev->entries);
	dev->nr_entries++;
	spin_unlock(&dev->lock);
	return 0;
}

int *slb_snapshot_after_unlock(struct slb_dev *dev)
{
	unsigned int n;

	spin_lock(&dev->lock);
	n = dev->nr_entries;
	spin_unlock(&dev->lock);

	return kcalloc(n, sizeof(int), GFP_KERNEL);
}

int slb_grow_locked(struct slb_dev *dev, unsigned int len)
{
	int *table;

	spin_lock(&dev->lock);
	if (dev->table_len >= len) {
		spin_unlock(&dev->lock);
		return 0;
	}
	table = kcalloc(len, sizeof(int), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (table) {
		kfree(dev->table);
		dev->table = table;
		dev->table_len = len;
	}
	spin_unlock(&dev->lock);
	return table ? 0 : -ENOMEM;
}

void *slb_alloc_unlocked(size_t size)
{
	return kzalloc(size, GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: spin_lock/spin_unlock");
MODULE_LICENSE("GPL");
