// SPDX-License-Identifier: GPL-2.0
/*
 * allocator_string: kstrdup() and kmemdup() allocate the copy with the
 * mask they are given.  Renaming an object or copying its key with
 * GFP_KERNEL while holding the object's lock is reported; the versions
 * that copy with GFP_ATOMIC under the lock, or duplicate the string before
 * taking the lock, are not.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct as_obj {
	spinlock_t lock;
	char *name;
	u8 key[16];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int as_rename_locked(struct as_obj *o, const char *name);
int as_rename_atomic(struct as_obj *o, const char *name);
int as_rename(struct as_obj *o, const char *name);
u8 *as_copy_key_locked(struct as_obj *o);
u8 *as_copy_key(struct as_obj *o);

int as_rename_locked(struct as_obj *o, const char *name)
{
	char *old;

	spin_lock(&o->lock);
	old = o->name;
	o->name = kstrdup(name, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&o->lock);
	kfree(old);
	return 0;
}

int as_rename_atomic(struct as_obj *o, const char *name)
{
	char *copy;

	spin_lock(&o->lock);
	copy = kstrdup(name, GFP_ATOMIC);
	if (copy)
		swap(copy, o->name);
	spin_unlock(&o->lock);
	kfree(copy);
	return 0;
}

int as_rename(struct as_obj *o, const char *name)
{
	char *copy = kstrdup(name, GFP_KERNEL);

	if (!copy)
		return -ENOMEM;
	spin_lock(&o->lock);
	swap(copy, o->name);
	spin_unlock(&o->lock);
	kfree(copy);
	return 0;
}

u8 *as_copy_key_locked(struct as_obj *o)
{
	u8 *key;

	spin_lock_bh(&o->lock);
	key = kmemdup(o->key, sizeof(o->key), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock_bh(&o->lock);
	return key;
}

u8 *as_copy_key(struct as_obj *o)
{
	u8 tmp[16];

	spin_lock_bh(&o->lock);
	memcpy(tmp, o->key, sizeof(tmp));
	spin_unlock_bh(&o->lock);
	return kmemdup(tmp, sizeof(tmp), GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: kstrdup/kmemdup");
MODULE_LICENSE("GPL");
