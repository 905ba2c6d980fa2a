// SPDX-License-Identifier: GPL-2.0
/*
 * rwlock_read: read_lock(), read_lock_irq() and read_lock_bh() on an
 * rwlock_t make the reader atomic exactly like a spinlock (they are macros
 * around _raw_read_lock*() here).  Copying a table entry with kmemdup(...,
 * GFP_KERNEL) while the read lock is held is reported for each variant;
 * the correct version that sizes the copy under the lock and allocates
 * after read_unlock() is not, and neither is a GFP_ATOMIC copy.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct rwr_entry {
	u32 key;
	size_t len;
	u8 data[32];
};

struct rwr_table {
	rwlock_t lock;
	struct rwr_entry entries[16];
	unsigned int nr;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void *rwr_lookup_copy(struct rwr_table *t, unsigned int idx);
void *rwr_lookup_copy_irq(struct rwr_table *t, unsigned int idx);
void *rwr_lookup_copy_bh(struct rwr_table *t, unsigned int idx);
void *rwr_lookup_copy_atomic(struct rwr_table *t, unsigned int idx);
struct rwr_entry *rwr_lookup_copy_fixed(struct rwr_table *t, unsigned int idx);

void *rwr_lookup_copy(struct rwr_table *t, unsigned int idx)
{
	void *copy = NULL;

	read_lock(&t->lock);
	if (idx < t->nr)
		copy = kmemdup(&t->entries[idx], sizeof(t->entries[idx]), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	read_unlock(&t->lock);
	return copy;
}

void *rwr_lookup_copy_irq(struct rwr_table *t, unsigned int idx)
{
	void *copy = NULL;

	read_lock_irq(&t->lock);
	if (idx < t->nr)
		copy = kmemdup(t->entries[idx].data, t->entries[idx].len, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	read_unlock_irq(&t->lock);
	return copy;
}

void *rwr_lookup_copy_bh(struct rwr_table *t, unsigned int idx)
{
	void *copy = NULL;

	read_lock_bh(&t->lock);
	if (idx < t->nr)
		copy = kmemdup(t->entries[idx].data, t->entries[idx].len, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	read_unlock_bh(&t->lock);
	return copy;
}

void *rwr_lookup_copy_atomic(struct rwr_table *t, unsigned int idx)
{
	void *copy = NULL;

	read_lock(&t->lock);
	if (idx < t->nr)
		copy = kmemdup(&t->entries[idx], sizeof(t->entries[idx]), GFP_ATOMIC);
	read_unlock(&t->lock);
	return copy;
}

struct rwr_entry *rwr_lookup_copy_fixed(struct rwr_table *t, unsigned int idx)
{
	struct rwr_entry *copy;

	copy = kmalloc(sizeof(*copy), GFP_KERNEL);
	if (!copy)
		return NULL;

	read_lock(&t->lock);
	if (idx < t->nr) {
		memcpy(copy, &t->entries[idx], sizeof(*copy));
	} else {
		kfree(copy);
		copy = NULL;
	}
	read_unlock(&t->lock);
	return copy;
}

MODULE_DESCRIPTION("gfpcheck test: read_lock/read_lock_irq/read_lock_bh");
MODULE_LICENSE("GPL");
