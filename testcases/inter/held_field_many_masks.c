// SPDX-License-Identifier: GPL-2.0
/*
 * held_field_many_masks: as held_field_stores, with the flags tested
 * with more masks than the lock flow splits a variable by (three
 * atoms).  Linux 6.12's fs/namei.c path_init() tests `flags` with
 * LOOKUP_RCU, LOOKUP_CACHED, LOOKUP_IN_ROOT and more; only LOOKUP_RCU
 * is tested where rcu_read_lock() is taken, so the flow splits `flags`
 * by that mask's atom alone, and the callee nd_jump_root() still knows
 * the bit from `nd->flags = flags`.
 *  - hfm_init(): four masks, the lock taken on HFM_RCU; hfm_jump()
 *    allocates only without it: not reported.
 *  - hfm_init_partial(): the lock taken on `flags & (HFM_RCU |
 *    HFM_CACHED)`; the callee allocates without HFM_RCU, which that
 *    test does not tell: reported.
 *  - hfm_init_inverted(): the lock taken where HFM_RCU is clear, the
 *    callee allocates there: reported.
 *
 * check-output-start
 * inter/held_field_many_masks.c:93:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/held_field_many_masks.c:103: note: rcu_read_lock(): RCU read-side critical section from here (in hfm_init_partial)
 * inter/held_field_many_masks.c:110: note: calls hfm_jump_partial() (in hfm_init_partial)
 * inter/held_field_many_masks.c:93: note: kmalloc(72, GFP_KERNEL) may sleep (direct reclaim) (in hfm_jump_partial)
 * inter/held_field_many_masks.c:124:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/held_field_many_masks.c:136: note: rcu_read_lock(): RCU read-side critical section from here (in hfm_init_inverted)
 * inter/held_field_many_masks.c:139: note: calls hfm_jump_inverted() (in hfm_init_inverted)
 * inter/held_field_many_masks.c:124: note: kmalloc(80, GFP_KERNEL) may sleep (direct reclaim) (in hfm_jump_inverted)
 * check-output-end
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/rcupdate.h>

#define HFM_RCU 0x1
#define HFM_BENEATH 0x2
#define HFM_IN_ROOT 0x4
#define HFM_CACHED 0x8
#define HFM_NO_XDEV 0x10

struct hfm_walk {
	unsigned int flags;
	int depth;
	void *buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int hfm_init(struct hfm_walk *w, unsigned int flags, const char *s);
int hfm_init_partial(struct hfm_walk *w, unsigned int flags, const char *s);
int hfm_init_inverted(struct hfm_walk *w, unsigned int flags, const char *s);

/* nd_jump_root() */
static noinline int hfm_jump(struct hfm_walk *w)
{
	if (w->flags & HFM_BENEATH)
		return -EXDEV;
	if (w->flags & HFM_RCU) {
		w->depth++;
	} else {
		kfree(w->buf);
		w->buf = kmalloc(64, GFP_KERNEL);
	}
	return 0;
}

/* path_init() of 6.12 */
int hfm_init(struct hfm_walk *w, unsigned int flags, const char *s)
{
	int error = 0;

	if ((flags & HFM_CACHED) && !(flags & HFM_RCU))
		return -EAGAIN;
	if (!*s)
		flags &= ~HFM_RCU;
	if (flags & HFM_RCU)
		rcu_read_lock();
	else
		w->depth = 0;
	w->flags = flags;
	if (*s == '/' && !(flags & HFM_IN_ROOT))
		error = hfm_jump(w);
	if (flags & HFM_NO_XDEV)
		w->depth = 2;
	if (flags & HFM_RCU)
		rcu_read_unlock();
	return error;
}

static noinline int hfm_jump_partial(struct hfm_walk *w)
{
	if (w->flags & HFM_RCU) {
		w->depth++;
	} else {
		kfree(w->buf);
		w->buf = kmalloc(72, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "hfm_init_partial: rcu_read_lock(): RCU read-side critical section from here" */
	}
	return 0;
}

int hfm_init_partial(struct hfm_walk *w, unsigned int flags, const char *s)
{
	int error = 0;

	if (flags & (HFM_RCU | HFM_CACHED))
		rcu_read_lock();
	else
		w->depth = 0;
	w->flags = flags;
	if (flags & HFM_BENEATH)
		w->depth = 1;
	if (*s == '/' && !(flags & HFM_IN_ROOT))
		error = hfm_jump_partial(w);
	if (flags & HFM_NO_XDEV)
		w->depth = 2;
	if (flags & (HFM_RCU | HFM_CACHED))
		rcu_read_unlock();
	return error;
}

static noinline int hfm_jump_inverted(struct hfm_walk *w)
{
	if (w->flags & HFM_RCU) {
		w->depth++;
	} else {
		kfree(w->buf);
		w->buf = kmalloc(80, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "RCU read-side critical section" "hfm_init_inverted: rcu_read_lock(): RCU read-side critical section from here" */
	}
	return 0;
}

int hfm_init_inverted(struct hfm_walk *w, unsigned int flags, const char *s)
{
	int error = 0;

	if ((flags & HFM_CACHED) && !(flags & HFM_BENEATH))
		return -EAGAIN;
	if (!(flags & HFM_RCU))
		rcu_read_lock();
	w->flags = flags;
	if (*s == '/' && !(flags & HFM_IN_ROOT))
		error = hfm_jump_inverted(w);
	if (flags & HFM_NO_XDEV)
		w->depth = 2;
	if (!(flags & HFM_RCU))
		rcu_read_unlock();
	return error;
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gfpcheck testcase: a stored flag known where the context is held, of a variable of many masks");
