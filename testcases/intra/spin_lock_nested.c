// SPDX-License-Identifier: GPL-2.0
/*
 * spin_lock_nested: spin_lock_nested() is used to take two locks of the
 * same lock class (parent and child inode-like objects); it is released
 * with plain spin_unlock().  Without CONFIG_DEBUG_LOCK_ALLOC it is a
 * do { } while (0) macro that ends in _raw_spin_lock().  Allocating with
 * GFP_KERNEL while the nested child lock is held is reported (sln_link), and
 * so is one made after the child lock is dropped while the parent is still
 * held (sln_link_parent_held).  Allocations after both unlocks are not.
 */
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct sln_node {
	spinlock_t lock;
	struct sln_node *parent;
	void **children;
	unsigned int nr_children;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int sln_link(struct sln_node *parent, struct sln_node *child);
int sln_link_parent_held(struct sln_node *parent, struct sln_node *child);
void **sln_snapshot(struct sln_node *parent, struct sln_node *child);

int sln_link(struct sln_node *parent, struct sln_node *child)
{
	void **slots;

	spin_lock(&parent->lock);
	spin_lock_nested(&child->lock, SINGLE_DEPTH_NESTING);
	slots = krealloc(parent->children, /* expect: gfp-sleep-in-atomic */
			 array_size(parent->nr_children + 1, sizeof(void *)),
			 GFP_KERNEL);
	if (slots) {
		slots[parent->nr_children++] = child;
		parent->children = slots;
		child->parent = parent;
	}
	spin_unlock(&child->lock);
	spin_unlock(&parent->lock);
	return slots ? 0 : -ENOMEM;
}

int sln_link_parent_held(struct sln_node *parent, struct sln_node *child)
{
	void **slots;

	spin_lock(&parent->lock);
	spin_lock_nested(&child->lock, SINGLE_DEPTH_NESTING);
	child->parent = parent;
	spin_unlock(&child->lock);
	slots = krealloc(parent->children, /* expect: gfp-sleep-in-atomic */
			 array_size(parent->nr_children + 1, sizeof(void *)),
			 GFP_KERNEL);
	if (slots) {
		slots[parent->nr_children++] = child;
		parent->children = slots;
	}
	spin_unlock(&parent->lock);
	return slots ? 0 : -ENOMEM;
}

void **sln_snapshot(struct sln_node *parent, struct sln_node *child)
{
	unsigned int n;

	spin_lock(&parent->lock);
	spin_lock_nested(&child->lock, SINGLE_DEPTH_NESTING);
	n = parent->nr_children + child->nr_children;
	spin_unlock(&child->lock);
	spin_unlock(&parent->lock);

	return kcalloc(n, sizeof(void *), GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: spin_lock_nested");
MODULE_LICENSE("GPL");
