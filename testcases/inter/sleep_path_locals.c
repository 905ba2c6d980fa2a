// SPDX-License-Identifier: GPL-2.0
/*
 * sleep_path_locals: in a context inherited through a chain of callers, a
 * path ends where it declares that the context may sleep (a blocking
 * allocation, might_sleep(), a sleeping lock; a function that does so on
 * every path, or on every path given the true arguments the call passes),
 * and a value local still holds its initial constant on the paths that
 * never wrote it.  The shape of simple_pin_fs(): `mnt` is NULL unless
 * this call mounted, and mounting allocates; mntput(mnt) after it.
 *  - spl_create_locked() holds a spinlock two callers above spl_pin(),
 *    which mounts through spl_mount_get(fs, true): fs is an object's
 *    address and create is true, so spl_mount_get() allocates with
 *    GFP_KERNEL on every path (its `if (!fs)` and `if (!create)` returns
 *    are ruled out).  That allocation is reported.  On the path that
 *    mounted, spl_put(mnt) comes after it; on the other, mnt is NULL and
 *    spl_put() does nothing: spl_release()'s allocation is not reported.
 *  - spl_lookup_locked() reaches spl_pin_cached() the same way, which
 *    takes the cached mount with spl_mount_get(fs, false), which does not
 *    allocate: its spl_put_cached(mnt) may drop the last reference under
 *    the spinlock, and spl_release_cached()'s allocation is reported.
 *  - A parameter dereferenced on every path to a call is true there, as
 *    debugfs's failed_creating() reads dentry->d_parent before its
 *    dput(dentry): spl_dput(d) sleeps unless d is NULL, so
 *    spl_failed_creating()'s allocation after it is not reported, while
 *    spl_abort()'s, whose d may be NULL, is.
 */
#include <linux/err.h>
#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct spl_mount {
	refcount_t ref;
	void *log;
};

struct spl_fs {
	const char *name;
	struct spl_mount *cached;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void spl_create_locked(void);
void spl_lookup_locked(void);

static DEFINE_SPINLOCK(spl_lock);
static DEFINE_SPINLOCK(spl_pin_lock);
static struct spl_fs spl_fs = { .name = "spl" };
static struct spl_mount *spl_mnt, *spl_cached_mnt;
static int spl_count;

static struct spl_mount *spl_mount_get(struct spl_fs *fs, bool create)
{
	struct spl_mount *m;

	if (!fs)
		return ERR_PTR(-EINVAL);
	if (!create) {
		m = fs->cached;
		if (m)
			refcount_inc(&m->ref);
		return m;
	}
	m = kzalloc(sizeof(*m), GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spin_lock(&spl_lock): spinlock held from here" "spl_create_locked: calls spl_create()" "spl_create: calls spl_pin()" "spl_pin: calls spl_mount_get()" */
	if (!m)
		return ERR_PTR(-ENOMEM);
	refcount_set(&m->ref, 1);
	return m;
}

static void spl_release(struct spl_mount *m)
{
	m->log = kmalloc(64, GFP_KERNEL);
	kfree(m->log);
	kfree(m);
}

static void spl_put(struct spl_mount *m)
{
	if (m) {
		if (refcount_dec_and_test(&m->ref))
			spl_release(m);
	}
}

static int spl_pin(struct spl_fs *fs, struct spl_mount **mount)
{
	struct spl_mount *mnt = NULL;

	spin_lock(&spl_pin_lock);
	if (!*mount) {
		spin_unlock(&spl_pin_lock);
		mnt = spl_mount_get(fs, true);
		if (IS_ERR(mnt))
			return PTR_ERR(mnt);
		spin_lock(&spl_pin_lock);
		if (!*mount)
			*mount = mnt;
	}
	spl_count++;
	spin_unlock(&spl_pin_lock);
	spl_put(mnt);
	return 0;
}

static int spl_create(void)
{
	return spl_pin(&spl_fs, &spl_mnt);
}

void spl_create_locked(void)
{
	spin_lock(&spl_lock);
	spl_create();
	spin_unlock(&spl_lock);
}

static void spl_release_cached(struct spl_mount *m)
{
	m->log = kmalloc(96, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spin_lock(&spl_lock): spinlock held from here" "spl_lookup_locked: calls spl_lookup()" "spl_lookup: calls spl_pin_cached()" "spl_pin_cached: calls spl_put_cached()" "spl_put_cached: calls spl_release_cached()" */
	kfree(m->log);
	kfree(m);
}

static void spl_put_cached(struct spl_mount *m)
{
	if (m) {
		if (refcount_dec_and_test(&m->ref))
			spl_release_cached(m);
	}
}

static int spl_pin_cached(struct spl_fs *fs, struct spl_mount **mount)
{
	struct spl_mount *mnt = NULL;

	spin_lock(&spl_pin_lock);
	if (!*mount) {
		spin_unlock(&spl_pin_lock);
		mnt = spl_mount_get(fs, false);
		if (IS_ERR(mnt))
			return PTR_ERR(mnt);
		spin_lock(&spl_pin_lock);
		if (!*mount)
			*mount = mnt;
	}
	spl_count++;
	spin_unlock(&spl_pin_lock);
	spl_put_cached(mnt);
	return 0;
}

static int spl_lookup(void)
{
	return spl_pin_cached(&spl_fs, &spl_cached_mnt);
}

void spl_lookup_locked(void)
{
	spin_lock(&spl_lock);
	spl_lookup();
	spin_unlock(&spl_lock);
}

struct spl_dentry {
	struct spl_dentry *parent;
	spinlock_t lock;
	int count;
};

void spl_teardown_locked(struct spl_dentry *d);
void spl_abort_locked(struct spl_dentry *d);

static void *spl_log;

static void spl_dput(struct spl_dentry *d)
{
	if (!d)
		return;
	might_sleep();
	spin_lock(&d->lock);
	d->count--;
	spin_unlock(&d->lock);
}

static void spl_failed_creating(struct spl_dentry *d)
{
	d->parent->count--;
	spl_dput(d);
	spl_log = kmalloc(32, GFP_KERNEL);
}

static void spl_teardown(struct spl_dentry *d)
{
	spl_failed_creating(d);
}

void spl_teardown_locked(struct spl_dentry *d)
{
	spin_lock(&spl_lock);
	spl_teardown(d);
	spin_unlock(&spl_lock);
}

static void spl_abort(struct spl_dentry *d)
{
	spl_dput(d);
	spl_log = kmalloc(48, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spin_lock(&spl_lock): spinlock held from here" "spl_abort_locked: calls spl_abort_all()" "spl_abort_all: calls spl_abort()" */
}

static void spl_abort_all(struct spl_dentry *d)
{
	spl_abort(d);
}

void spl_abort_locked(struct spl_dentry *d)
{
	spin_lock(&spl_lock);
	spl_abort_all(d);
	spin_unlock(&spl_lock);
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/sleep_path_locals.c:65:6: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/sleep_path_locals.c:114: note: spin_lock(&spl_lock): spinlock held from here (in spl_create_locked)
 * inter/sleep_path_locals.c:115: note: calls spl_create() (in spl_create_locked)
 * inter/sleep_path_locals.c:109: note: calls spl_pin() (in spl_create)
 * inter/sleep_path_locals.c:94: note: calls spl_mount_get() (in spl_pin)
 * inter/sleep_path_locals.c:65: note: kzalloc(sizeof(*m), GFP_KERNEL) may sleep (direct reclaim) (in spl_mount_get)
 * inter/sleep_path_locals.c:121:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/sleep_path_locals.c:161: note: spin_lock(&spl_lock): spinlock held from here (in spl_lookup_locked)
 * inter/sleep_path_locals.c:162: note: calls spl_lookup() (in spl_lookup_locked)
 * inter/sleep_path_locals.c:156: note: calls spl_pin_cached() (in spl_lookup)
 * inter/sleep_path_locals.c:150: note: calls spl_put_cached() (in spl_pin_cached)
 * inter/sleep_path_locals.c:130: note: calls spl_release_cached() (in spl_put_cached)
 * inter/sleep_path_locals.c:121: note: kmalloc(96, GFP_KERNEL) may sleep (direct reclaim) (in spl_release_cached)
 * inter/sleep_path_locals.c:209:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/sleep_path_locals.c:219: note: spin_lock(&spl_lock): spinlock held from here (in spl_abort_locked)
 * inter/sleep_path_locals.c:220: note: calls spl_abort_all() (in spl_abort_locked)
 * inter/sleep_path_locals.c:214: note: calls spl_abort() (in spl_abort_all)
 * inter/sleep_path_locals.c:209: note: kmalloc(48, GFP_KERNEL) may sleep (direct reclaim) (in spl_abort)
 * check-output-end
 */
