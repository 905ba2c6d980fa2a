// SPDX-License-Identifier: GPL-2.0
/*
 * recursive_summaries: a function's summary must not hold itself up
 * through the function's call to itself.  6.1's put_css_set_locked()
 * drops the reference of its parent sets by calling itself, and its other
 * releasing callee (kvfree_call_rcu()) looked, in an early round of the
 * solver, like a release of a spinlock it did not take.  Once that callee
 * was known to take the lock it drops, put_css_set_locked() still
 * "released a spinlock" through its recursive call, which kept the
 * summary of the round before: mutex_unlock() (wake_up_q() ->
 * put_task_struct() -> ... -> put_css_set_locked()) and rtnl_unlock()
 * above it released every spinlock held around them.
 *  - rs_put() calls rs_free(), which unlocks the lock rs_lock_pool()
 *    returns holding (nothing of its caller's once rs_lock_pool() is
 *    summarised), and calls itself for the parent.
 *  - rs_release() holds its own lock across rs_put() and allocates
 *    after it: reported, the lock still held there.
 *  - rs_drop() releases its caller's lock through rs_unlock_outer(),
 *    a release summary of the first round that holds: its caller
 *    rs_drop_all() allocates after it, not reported.
 * The same through a longer cycle: 6.1's kvfree() -> vfree() ->
 * __vfree() -> __vunmap() -> kvfree() "released a spinlock" each to the
 * next around it, so every kvfree() under a spinlock ended it.
 *  - rs_vfree() and rs_kvfree() call each other, and each calls
 *    rs_free(): from the first round each "released" through the other.
 *    rs_kvfree_locked() allocates after rs_kvfree() under its own lock,
 *    reported.
 *  - rs_drop_pair() and rs_drop_parent() call each other, and
 *    rs_drop_pair() releases the caller's lock through rs_unlock_outer(),
 *    a call out of the cycle: that release holds, so rs_drop_pair_all()
 *    is not reported.  (rs_drop_parent() releases only through the
 *    cycle, which the summaries do not follow; nothing calls it from
 *    outside.)
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rs_node {
	struct rs_node *parent;
	int refs;
};

static DEFINE_SPINLOCK(rs_pool_lock);
static DEFINE_SPINLOCK(rs_outer_lock);
static int rs_freed;
static void *rs_log;

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void rs_release(struct rs_node *n);
void rs_drop_all(struct rs_node *n);

/* krc_this_cpu_lock(): returns with the pool lock held */
static noinline void rs_lock_pool(void)
{
	spin_lock(&rs_pool_lock);
}

/* kvfree_call_rcu(): takes the pool lock through the helper, drops it */
static noinline void rs_free(struct rs_node *n)
{
	rs_lock_pool();
	rs_freed++;
	spin_unlock(&rs_pool_lock);
}

/* put_css_set_locked(): the last reference of a node drops its parent's */
static noinline void rs_put(struct rs_node *n)
{
	if (--n->refs)
		return;
	if (n->parent)
		rs_put(n->parent);
	rs_free(n);
}

void rs_release(struct rs_node *n)
{
	spin_lock(&rs_outer_lock);
	rs_put(n);
	rs_log = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "rs_release: spin_lock(&rs_outer_lock): spinlock held" */
	spin_unlock(&rs_outer_lock);
}

/* a release of the caller's lock, kept through the recursion: the
 * summary holds up through its other call, not through its own */
static noinline void rs_unlock_outer(void)
{
	spin_unlock(&rs_outer_lock);
}

static noinline void rs_drop(struct rs_node *n)
{
	if (n->parent && !--n->parent->refs)
		rs_drop(n->parent);
	rs_unlock_outer();
}

void rs_drop_all(struct rs_node *n)
{
	spin_lock(&rs_outer_lock);
	rs_drop(n);
	rs_log = kmalloc(64, GFP_KERNEL);
}

void rs_kvfree_locked(struct rs_node *n);
void rs_drop_pair_all(struct rs_node *n);

static noinline void rs_kvfree(struct rs_node *n);

/* __vunmap() -> kvfree() of the pages array: back into the cycle */
static noinline void rs_vfree(struct rs_node *n)
{
	if (n->parent)
		rs_kvfree(n->parent);
	rs_free(n);
}

/* kvfree() -> vfree() */
static noinline void rs_kvfree(struct rs_node *n)
{
	if (n->refs)
		rs_free(n);
	else
		rs_vfree(n);
}

void rs_kvfree_locked(struct rs_node *n)
{
	spin_lock(&rs_outer_lock);
	rs_kvfree(n);
	rs_log = kmalloc(96, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "rs_kvfree_locked: spin_lock(&rs_outer_lock): spinlock held" */
	spin_unlock(&rs_outer_lock);
}

static noinline void rs_drop_pair(struct rs_node *n);

static noinline void rs_drop_parent(struct rs_node *n)
{
	if (n->parent)
		rs_drop_pair(n->parent);
}

static noinline void rs_drop_pair(struct rs_node *n)
{
	if (!--n->refs)
		rs_drop_parent(n);
	rs_unlock_outer();
}

void rs_drop_pair_all(struct rs_node *n)
{
	spin_lock(&rs_outer_lock);
	rs_drop_pair(n);
	rs_log = kmalloc(128, GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: a summary does not hold itself up through recursion");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/recursive_summaries.c:81:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/recursive_summaries.c:79: note: spin_lock(&rs_outer_lock): spinlock held from here (in rs_release)
 * inter/recursive_summaries.c:81: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in rs_release)
 * inter/recursive_summaries.c:132:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/recursive_summaries.c:130: note: spin_lock(&rs_outer_lock): spinlock held from here (in rs_kvfree_locked)
 * inter/recursive_summaries.c:132: note: kmalloc(96, GFP_KERNEL) may sleep (direct reclaim) (in rs_kvfree_locked)
 * check-output-end
 */
