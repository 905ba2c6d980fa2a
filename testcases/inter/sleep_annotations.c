// SPDX-License-Identifier: GPL-2.0
/*
 * sleep_annotations: a function that declares it may sleep (might_sleep(),
 * a mutex, rules/contexts.rules `sleeps`, a blocking allocation) stops an atomic context that
 * reached it through a chain of callers; a call made directly by the one
 * holding the context is still followed.
 *  - sa_put() and sa_unlink() are like dput(): might_sleep(), then the
 *    last reference frees the object, which allocates a log record with
 *    GFP_KERNEL.
 *  - sa_drop(o, locked) calls sa_unlink() only when !locked; sa_scan()
 *    holds a spinlock and passes locked = true: the path to the allocation
 *    cannot run.  It passes through sa_unlink()'s annotation, so it is not
 *    reported.
 *  - sa_put_locked() calls sa_put() itself under the spinlock: a real bug,
 *    reported with its chain.
 *  - sa_flush_locked() calls sa_flush(), which takes a mutex before it
 *    allocates: under a spinlock that is reported (a direct call);
 *    sa_sync_locked() -> sa_sync_all() -> sa_sync(), the same one caller
 *    further, is not.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct sa_obj {
	refcount_t ref;
	void *log;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void sa_scan(struct sa_obj *o);
void sa_put_locked(struct sa_obj *o);
void sa_flush_locked(void);
void sa_sync_locked(void);

static DEFINE_SPINLOCK(sa_lock);
static DEFINE_MUTEX(sa_mutex);
static void *sa_pending;

static void sa_release(struct sa_obj *o)
{
	o->log = kmalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spin_lock(&sa_lock): spinlock held from here" "sa_put_locked: calls sa_put()" "sa_put: calls sa_release()" */
	kfree(o->log);
	kfree(o);
}

static void sa_put(struct sa_obj *o)
{
	might_sleep();
	if (refcount_dec_and_test(&o->ref))
		sa_release(o);
}

static void sa_unlink_release(struct sa_obj *o)
{
	o->log = kmalloc(256, GFP_KERNEL);
	kfree(o->log);
	kfree(o);
}

static void sa_unlink(struct sa_obj *o)
{
	might_sleep();
	if (refcount_dec_and_test(&o->ref))
		sa_unlink_release(o);
}

static void sa_drop(struct sa_obj *o, bool locked)
{
	if (!locked)
		sa_unlink(o);
	else
		refcount_dec(&o->ref);
}

void sa_scan(struct sa_obj *o)
{
	spin_lock(&sa_lock);
	sa_drop(o, true);
	spin_unlock(&sa_lock);
}

void sa_put_locked(struct sa_obj *o)
{
	spin_lock(&sa_lock);
	sa_put(o);
	spin_unlock(&sa_lock);
}

static void sa_flush(void)
{
	void *p;

	mutex_lock(&sa_mutex);
	p = kzalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "sa_flush_locked: calls sa_flush()" */
	kfree(sa_pending);
	sa_pending = p;
	mutex_unlock(&sa_mutex);
}

static void sa_sync(void)
{
	void *p;

	mutex_lock(&sa_mutex);
	p = kzalloc(96, GFP_KERNEL);
	kfree(sa_pending);
	sa_pending = p;
	mutex_unlock(&sa_mutex);
}

static void sa_sync_all(void)
{
	sa_sync();
}

void sa_flush_locked(void)
{
	spin_lock(&sa_lock);
	sa_flush();
	spin_unlock(&sa_lock);
}

void sa_sync_locked(void)
{
	spin_lock(&sa_lock);
	sa_sync_all();
	spin_unlock(&sa_lock);
}

/*
 * A function that takes a sleeping lock on every path to its return
 * (inode_lock(), which is down_write()) declares for its callers that the
 * context may sleep: sa_create() allocates after sa_lock_dir(), so the
 * context sa_create_locked() holds two callers up does not reach the
 * allocation, as with sa_sync().  sa_maybe_lock() takes the mutex on one
 * path only: after it, sa_try_create()'s allocation is still reported.
 */
void sa_create_locked(void);
void sa_try_locked(bool wait);

static noinline void sa_lock_dir(void)
{
	mutex_lock(&sa_mutex);
}

static void sa_create(void)
{
	void *p;

	sa_lock_dir();
	p = kzalloc(48, GFP_KERNEL);
	kfree(sa_pending);
	sa_pending = p;
	mutex_unlock(&sa_mutex);
}

static void sa_create_all(void)
{
	sa_create();
}

void sa_create_locked(void)
{
	spin_lock(&sa_lock);
	sa_create_all();
	spin_unlock(&sa_lock);
}

static noinline void sa_maybe_lock(bool wait)
{
	if (wait)
		mutex_lock(&sa_mutex);
}

static void sa_try_create(bool wait)
{
	void *p;

	sa_maybe_lock(wait);
	p = kzalloc(40, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "sa_try_locked: calls sa_try_create_all()" "sa_try_create_all: calls sa_try_create()" */
	kfree(sa_pending);
	sa_pending = p;
	if (wait)
		mutex_unlock(&sa_mutex);
}

static void sa_try_create_all(bool wait)
{
	sa_try_create(wait);
}

void sa_try_locked(bool wait)
{
	spin_lock(&sa_lock);
	sa_try_create_all(wait);
	spin_unlock(&sa_lock);
}

/*
 * A blocking allocation (every mask it may get allows direct reclaim, or
 * an allocator that sleeps whatever its mask) checks the context as
 * might_sleep() does (might_alloc()): in a context inherited through a
 * chain of callers, it is the bug and is reported itself; the calls after
 * it are that bug again.
 *  - sa_setup_locked() holds the spinlock two callers above sa_setup(),
 *    which allocates the name with GFP_KERNEL and then calls
 *    sa_setup_inode(), which allocates again: the name is reported, the
 *    inode is not.
 *  - sa_fill_locked() reaches sa_fill() the same way, whose first
 *    allocation may not sleep (GFP_NOWAIT unless the caller's `wait`): it is
 *    reported for GFP_KERNEL but declares nothing, so sa_fill_buf()'s
 *    GFP_KERNEL allocation after it is reported too.
 */
void sa_setup_locked(void);
void sa_fill_locked(bool wait);

static void *sa_name, *sa_inode, *sa_buf;

static noinline void sa_setup_inode(void)
{
	sa_inode = kzalloc(80, GFP_KERNEL);
}

static void sa_setup(void)
{
	sa_name = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spin_lock(&sa_lock): spinlock held from here" "sa_setup_locked: calls sa_setup_all()" "sa_setup_all: calls sa_setup()" */
	sa_setup_inode();
}

static void sa_setup_all(void)
{
	sa_setup();
}

void sa_setup_locked(void)
{
	spin_lock(&sa_lock);
	sa_setup_all();
	spin_unlock(&sa_lock);
}

static noinline void sa_fill_buf(void)
{
	sa_buf = kmalloc(200, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spin_lock(&sa_lock): spinlock held from here" "sa_fill_locked: calls sa_fill_all()" "sa_fill_all: calls sa_fill()" "sa_fill: calls sa_fill_buf()" */
}

static noinline void sa_fill(bool wait)
{
	sa_name = kmalloc(24, wait ? GFP_KERNEL : GFP_NOWAIT); /* expect: gfp-sleep-in-atomic:warning "spin_lock(&sa_lock): spinlock held from here" "sa_fill_locked: calls sa_fill_all()" "sa_fill_all: calls sa_fill()" */
	sa_fill_buf();
}

static void sa_fill_all(bool wait)
{
	sa_fill(wait);
}

void sa_fill_locked(bool wait)
{
	spin_lock(&sa_lock);
	sa_fill_all(wait);
	spin_unlock(&sa_lock);
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/sleep_annotations.c:44:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/sleep_annotations.c:87: note: spin_lock(&sa_lock): spinlock held from here (in sa_put_locked)
 * inter/sleep_annotations.c:88: note: calls sa_put() (in sa_put_locked)
 * inter/sleep_annotations.c:53: note: calls sa_release() (in sa_put)
 * inter/sleep_annotations.c:44: note: kmalloc(128, GFP_KERNEL) may sleep (direct reclaim) (in sa_release)
 * inter/sleep_annotations.c:97:6: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/sleep_annotations.c:121: note: spin_lock(&sa_lock): spinlock held from here (in sa_flush_locked)
 * inter/sleep_annotations.c:122: note: calls sa_flush() (in sa_flush_locked)
 * inter/sleep_annotations.c:97: note: kzalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in sa_flush)
 * inter/sleep_annotations.c:183:6: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/sleep_annotations.c:197: note: spin_lock(&sa_lock): spinlock held from here (in sa_try_locked)
 * inter/sleep_annotations.c:198: note: calls sa_try_create_all() (in sa_try_locked)
 * inter/sleep_annotations.c:192: note: calls sa_try_create() (in sa_try_create_all)
 * inter/sleep_annotations.c:183: note: kzalloc(40, GFP_KERNEL) may sleep (direct reclaim) (in sa_try_create)
 * inter/sleep_annotations.c:229:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/sleep_annotations.c:240: note: spin_lock(&sa_lock): spinlock held from here (in sa_setup_locked)
 * inter/sleep_annotations.c:241: note: calls sa_setup_all() (in sa_setup_locked)
 * inter/sleep_annotations.c:235: note: calls sa_setup() (in sa_setup_all)
 * inter/sleep_annotations.c:229: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in sa_setup)
 * inter/sleep_annotations.c:247:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/sleep_annotations.c:263: note: spin_lock(&sa_lock): spinlock held from here (in sa_fill_locked)
 * inter/sleep_annotations.c:264: note: calls sa_fill_all() (in sa_fill_locked)
 * inter/sleep_annotations.c:258: note: calls sa_fill() (in sa_fill_all)
 * inter/sleep_annotations.c:253: note: calls sa_fill_buf() (in sa_fill)
 * inter/sleep_annotations.c:247: note: kmalloc(200, GFP_KERNEL) may sleep (direct reclaim) (in sa_fill_buf)
 * inter/sleep_annotations.c:252:12: warning: kmalloc() with wait ? GFP_KERNEL : GFP_NOWAIT may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/sleep_annotations.c:263: note: spin_lock(&sa_lock): spinlock held from here (in sa_fill_locked)
 * inter/sleep_annotations.c:264: note: calls sa_fill_all() (in sa_fill_locked)
 * inter/sleep_annotations.c:258: note: calls sa_fill() (in sa_fill_all)
 * inter/sleep_annotations.c:252: note: kmalloc(24, wait ? GFP_KERNEL : GFP_NOWAIT) may sleep (direct reclaim) (in sa_fill)
 * check-output-end
 */
