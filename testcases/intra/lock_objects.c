// SPDX-License-Identifier: GPL-2.0
/*
 * lock_objects: the lock can be any lvalue: a file-scope DEFINE_SPINLOCK,
 * a DEFINE_RWLOCK, a spinlock_t pointer passed in, an element of an array
 * of per-bucket locks, or a lock reached through a pointer chain.  A
 * GFP_KERNEL allocation while any of them is held is reported; the same
 * allocations after the matching unlock are not.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define LO_BUCKETS 8

struct lo_bucket {
	void *head;
};

struct lo_owner {
	spinlock_t lock;
};

struct lo_table {
	spinlock_t locks[LO_BUCKETS];
	struct lo_bucket buckets[LO_BUCKETS];
	struct lo_owner *owner;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void lo_global(size_t size);
void *lo_global_rw(size_t size);
void *lo_pointer(spinlock_t *lock, size_t size);
int lo_bucket_insert(struct lo_table *t, unsigned int hash, size_t size);
void *lo_owner_chain(struct lo_table *t, size_t size);

static DEFINE_SPINLOCK(lo_global_lock);
static DEFINE_RWLOCK(lo_global_rwlock);
static void *lo_global_obj;

void lo_global(size_t size)
{
	void *old;

	spin_lock(&lo_global_lock);
	old = lo_global_obj;
	lo_global_obj = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&lo_global_lock);
	kfree(old);
}

void *lo_global_rw(size_t size)
{
	void *copy;

	read_lock(&lo_global_rwlock);
	copy = kmemdup(lo_global_obj, size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	read_unlock(&lo_global_rwlock);
	return copy;
}

void *lo_pointer(spinlock_t *lock, size_t size)
{
	void *p;

	spin_lock(lock);
	p = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(lock);
	kfree(p);
	return kzalloc(size, GFP_KERNEL);
}

int lo_bucket_insert(struct lo_table *t, unsigned int hash, size_t size)
{
	unsigned int b = hash % LO_BUCKETS;
	void *obj;

	spin_lock(&t->locks[b]);
	obj = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (obj && !t->buckets[b].head) {
		t->buckets[b].head = obj;
		obj = NULL;
	}
	spin_unlock(&t->locks[b]);
	kfree(obj);
	return 0;
}

void *lo_owner_chain(struct lo_table *t, size_t size)
{
	void *p;

	spin_lock(&t->owner->lock);
	p = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&t->owner->lock);
	kfree(p);

	return kmalloc(size, GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: different kinds of lock expressions");
MODULE_LICENSE("GPL");
