// SPDX-License-Identifier: GPL-2.0
/*
 * lookup_retake: a lookup that takes an object's lock and, where the
 * object is going away, calls a helper that drops that lock and the
 * caller's table lock, waits, and takes the table lock back, then looks
 * again (6.1's find_inode_fast() and __wait_on_freeing_inode()).  The
 * lock flow cannot tell that the helper dropped the object's lock, so
 * the lookup may return holding it on some paths, at no kind of return
 * on every path: that is no trylock.  A caller that tests its result
 * through a local (ilookup()'s `inode = find_inode_fast(...); ... if
 * (inode)`) holds nothing after the test.
 *  - lra_lookup(): allocates after such a test: not reported.
 *  - lrb_lookup(): the lookup returns the object exactly where its
 *    trylock took the object's lock: the allocation where the caller's
 *    test is true is reported.
 * The binary before reported neither: a result tested through a local
 * assigned once had no outcome edges, so no trylock's summary acted.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct lr_obj {
	spinlock_t lock;
	int key;
	bool dying;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int lra_lookup(struct lr_obj **table, int n, int key);
int lrb_lookup(struct lr_obj **table);

static DEFINE_SPINLOCK(lr_table_lock);

static noinline void lra_wait(struct lr_obj *o)
{
	spin_unlock(&o->lock);
	spin_unlock(&lr_table_lock);
	cpu_relax();
	spin_lock(&lr_table_lock);
}

static noinline struct lr_obj *lra_find(struct lr_obj **table, int n,
					int key)
{
	int i;

repeat:
	for (i = 0; i < n; i++) {
		struct lr_obj *o = table[i];

		if (o->key != key)
			continue;
		spin_lock(&o->lock);
		if (o->dying) {
			lra_wait(o);
			goto repeat;
		}
		spin_unlock(&o->lock);
		return o;
	}
	return NULL;
}

int lra_lookup(struct lr_obj **table, int n, int key)
{
	struct lr_obj *o;

	spin_lock(&lr_table_lock);
	o = lra_find(table, n, key);
	spin_unlock(&lr_table_lock);
	if (!o)
		return -ENOENT;
	kfree(kmalloc(32, GFP_KERNEL));
	return 0;
}

static noinline struct lr_obj *lrb_trylock_first(struct lr_obj **table)
{
	struct lr_obj *o = table[0];

	if (!spin_trylock(&o->lock))
		return NULL;
	return o;
}

int lrb_lookup(struct lr_obj **table)
{
	struct lr_obj *o;

	o = lrb_trylock_first(table);
	if (!o)
		return -EBUSY;
	kfree(kmalloc(33, GFP_KERNEL)); /* expect: gfp-sleep-in-atomic:warning "spinlock held" */
	spin_unlock(&o->lock);
	return 0;
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/lookup_retake.c:94:8: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/lookup_retake.c:91: note: lrb_trylock_first(): spinlock held from here (in lrb_lookup)
 * inter/lookup_retake.c:94: note: kmalloc(33, GFP_KERNEL) may sleep (direct reclaim) (in lrb_lookup)
 * check-output-end
 */
