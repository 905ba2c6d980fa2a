// SPDX-License-Identifier: GPL-2.0
/*
 * loop_break_continue: break and continue inside loops that run with a
 * lock held.  lbc_find_free_slot breaks out of the loop with the lock held
 * and allocates after the loop: reported.  lbc_find_free_slot_fixed
 * unlocks before breaking and allocates after the loop: not reported.
 * lbc_scan_locked runs the whole loop under the lock; the allocation after
 * a `continue` in its body is reported.  lbc_skip_unlocked unlocks before
 * `continue` and allocates at the end of each iteration after unlocking:
 * not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define LBC_SLOTS 32

struct lbc_table {
	spinlock_t lock;
	void *slots[LBC_SLOTS];
	bool busy[LBC_SLOTS];
	size_t obj_size;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int lbc_find_free_slot(struct lbc_table *t);
int lbc_find_free_slot_fixed(struct lbc_table *t);
int lbc_scan_locked(struct lbc_table *t);
int lbc_skip_unlocked(struct lbc_table *t);

int lbc_find_free_slot(struct lbc_table *t)
{
	unsigned int i;

	for (i = 0; i < LBC_SLOTS; i++) {
		spin_lock(&t->lock);
		if (!t->slots[i])
			break;
		spin_unlock(&t->lock);
	}
	if (i == LBC_SLOTS)
		return -ENOSPC;
	t->slots[i] = kzalloc(t->obj_size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&t->lock);
	return i;
}

int lbc_find_free_slot_fixed(struct lbc_table *t)
{
	unsigned int i;
	void *obj;

	for (i = 0; i < LBC_SLOTS; i++) {
		spin_lock(&t->lock);
		if (!t->slots[i]) {
			t->busy[i] = true;
			spin_unlock(&t->lock);
			break;
		}
		spin_unlock(&t->lock);
	}
	if (i == LBC_SLOTS)
		return -ENOSPC;
	obj = kzalloc(t->obj_size, GFP_KERNEL);
	spin_lock(&t->lock);
	t->slots[i] = obj;
	t->busy[i] = false;
	spin_unlock(&t->lock);
	return obj ? i : -ENOMEM;
}

int lbc_scan_locked(struct lbc_table *t)
{
	unsigned int i, filled = 0;

	spin_lock(&t->lock);
	for (i = 0; i < LBC_SLOTS; i++) {
		if (t->slots[i] || t->busy[i])
			continue;
		t->slots[i] = kmalloc(t->obj_size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		if (!t->slots[i])
			break;
		filled++;
	}
	spin_unlock(&t->lock);
	return filled;
}

int lbc_skip_unlocked(struct lbc_table *t)
{
	unsigned int i, filled = 0;
	void *obj;

	for (i = 0; i < LBC_SLOTS; i++) {
		spin_lock(&t->lock);
		if (t->slots[i] || t->busy[i]) {
			spin_unlock(&t->lock);
			continue;
		}
		t->busy[i] = true;
		spin_unlock(&t->lock);

		obj = kmalloc(t->obj_size, GFP_KERNEL);

		spin_lock(&t->lock);
		t->slots[i] = obj;
		t->busy[i] = false;
		spin_unlock(&t->lock);
		if (obj)
			filled++;
	}
	return filled;
}

MODULE_DESCRIPTION("gfpcheck test: break/continue in locked loops");
MODULE_LICENSE("GPL");
