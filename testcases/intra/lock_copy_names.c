// SPDX-License-Identifier: GPL-2.0
/*
 * lock_copy_names: a lock taken through one pointer local and released
 * through another that was copied from it is one lock.  The pattern is
 * fs/notify/dnotify/dnotify.c fcntl_dirnotify() on 6.1:
 *	fsn_mark = fsnotify_find_mark(...);
 *	if (fsn_mark) {
 *		spin_lock(&fsn_mark->lock);
 *	} else {
 *		...
 *		spin_lock(&new_fsn_mark->lock);
 *		fsn_mark = new_fsn_mark;
 *		new_fsn_mark = NULL;
 *	}
 *	...
 *	spin_unlock(&fsn_mark->lock);
 *	... fsnotify_put_mark(fsn_mark) (which may sleep)
 * Read as two locks, the join of the two branches left
 * `new_fsn_mark->lock` maybe held after the unlock.
 *  - lcn_dirnotify: not reported after the unlock.
 *  - lcn_two_marks: two locals never copied, both locked, one unlocked:
 *    reported.
 *  - lcn_copied_both_held: copied locals both locked (one lock taken
 *    twice by name, a nesting of two), one unlocked: reported; the chain
 *    names the nesting's first acquisition, `a`'s, since the two names
 *    are one lock here.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct lcn_mark {
	spinlock_t lock;
	int key;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void *lcn_dirnotify(int key);
void *lcn_two_marks(struct lcn_mark *x, struct lcn_mark *y);
void *lcn_copied_both_held(struct lcn_mark *x, struct lcn_mark *y);

static struct lcn_mark lcn_marks[4];

static noinline struct lcn_mark *lcn_find(int key)
{
	return lcn_marks[key & 3].key == key ? &lcn_marks[key & 3] : NULL;
}

void *lcn_dirnotify(int key)
{
	struct lcn_mark *new_mark = kzalloc(sizeof(*new_mark), GFP_KERNEL);
	struct lcn_mark *mark;
	void *p;

	if (!new_mark)
		return NULL;
	spin_lock_init(&new_mark->lock);
	mark = lcn_find(key);
	if (mark) {
		spin_lock(&mark->lock);
	} else {
		spin_lock(&new_mark->lock);
		mark = new_mark;
		new_mark = NULL;
	}
	mark->key = key;
	spin_unlock(&mark->lock);
	p = kmalloc(32, GFP_KERNEL);
	kfree(new_mark);
	return p;
}

void *lcn_two_marks(struct lcn_mark *x, struct lcn_mark *y)
{
	struct lcn_mark *a = x, *b = y;
	void *p;

	spin_lock(&a->lock);
	spin_lock(&b->lock);
	spin_unlock(&a->lock);
	p = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "lcn_two_marks: spin_lock(&b->lock)" */
	spin_unlock(&b->lock);
	return p;
}

void *lcn_copied_both_held(struct lcn_mark *x, struct lcn_mark *y)
{
	struct lcn_mark *a = x, *b = y;
	void *p;

	spin_lock(&a->lock);
	spin_lock(&b->lock);
	spin_unlock(&a->lock);
	p = kmalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "lcn_copied_both_held: spin_lock(&a->lock)" */
	spin_unlock(&b->lock);
	b = a;
	return p;
}

MODULE_DESCRIPTION("gfpcheck test: one lock under two local names");
MODULE_LICENSE("GPL");
