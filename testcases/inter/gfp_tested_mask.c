// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_tested_mask: a mask built from a gfp_t parameter, used where every
 * path to the allocation has found the parameter's direct-reclaim bit
 * clear, cannot sleep.  lib/xarray.c __xas_nomem() is called with the
 * xa_lock held; it may first add __GFP_ACCOUNT to its `gfp` (so the
 * caller's constant does not decide the test that follows), then drops
 * the lock and allocates `if (gfpflags_allow_blocking(gfp))`, and `else`
 * allocates with that same `gfp` under the lock.
 *  - tm_store_locked(): GFP_KERNEL under a spinlock to tm_nomem(), which
 *    is __xas_nomem(): its `else` kmalloc() runs only with a mask that
 *    cannot block, and its other kmalloc() runs with the lock dropped:
 *    nothing is reported.
 *  - tm_bit_locked(): GFP_KERNEL to tm_bit(), whose test is written
 *    `gfp & __GFP_DIRECT_RECLAIM` after the same assignment: not
 *    reported.
 *  - tm_either_locked(): tm_either() allocates where the mask cannot
 *    block or where its caller asks it to (`force`): the bit is not clear
 *    on every path to the kmalloc(), so GFP_KERNEL is reported at the
 *    call.
 *  - tm_helper_locked(): tm_may_block() looks at more than the mask's
 *    bits, so a call of it says nothing of them: reported.
 *  - tm_pass_raw(): GFP_ATOMIC under a raw spinlock to tm_pass(), which
 *    passes the mask on unchanged to tm_choose(): the mask keeps its
 *    value there, so tm_choose()'s vmalloc() for a blocking mask is not
 *    reached; its kmalloc() is, and no allocation is allowed under a
 *    raw spinlock on PREEMPT_RT: reported (gfp-rt-atomic) with the chain
 *    through both calls.
 */
#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

struct tm_state {
	spinlock_t lock;
	bool account;
	bool busy;
	void *spare;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void tm_store_locked(struct tm_state *s);
void tm_bit_locked(struct tm_state *s);
void tm_either_locked(struct tm_state *s, bool force);
void tm_helper_locked(struct tm_state *s);
void tm_pass_raw(struct tm_state *s);

static DEFINE_RAW_SPINLOCK(tm_raw_lock);

/* __xas_nomem() */
static noinline bool tm_nomem(struct tm_state *s, gfp_t gfp)
{
	if (s->account)
		gfp |= __GFP_ACCOUNT;
	if (gfpflags_allow_blocking(gfp)) {
		spin_unlock(&s->lock);
		s->spare = kmalloc(64, gfp);
		spin_lock(&s->lock);
	} else {
		s->spare = kmalloc(64, gfp);
	}
	return s->spare != NULL;
}

void tm_store_locked(struct tm_state *s)
{
	spin_lock(&s->lock);
	tm_nomem(s, GFP_KERNEL);
	spin_unlock(&s->lock);
}

static noinline void *tm_bit(struct tm_state *s, gfp_t gfp)
{
	if (s->account)
		gfp |= __GFP_ACCOUNT;
	if (gfp & __GFP_DIRECT_RECLAIM)
		return NULL;
	return kmalloc(32, gfp);
}

void tm_bit_locked(struct tm_state *s)
{
	spin_lock(&s->lock);
	s->spare = tm_bit(s, GFP_KERNEL);
	spin_unlock(&s->lock);
}

static noinline void *tm_either(gfp_t gfp, bool force)
{
	if (!gfpflags_allow_blocking(gfp) || force)
		return kmalloc(32, gfp);
	return NULL;
}

void tm_either_locked(struct tm_state *s, bool force)
{
	spin_lock(&s->lock);
	s->spare = tm_either(GFP_KERNEL, force); /* expect: gfp-sleep-in-atomic:warning "tm_either() allocates with GFP_KERNEL" "spin_lock(&s->lock): spinlock held from here" */
	spin_unlock(&s->lock);
}

static noinline bool tm_may_block(struct tm_state *s, gfp_t gfp)
{
	return (gfp & __GFP_DIRECT_RECLAIM) && !s->busy;
}

static noinline void *tm_helper(struct tm_state *s, gfp_t gfp)
{
	if (tm_may_block(s, gfp))
		return NULL;
	return kmalloc(16, gfp);
}

void tm_helper_locked(struct tm_state *s)
{
	spin_lock(&s->lock);
	s->spare = tm_helper(s, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "tm_helper() allocates with GFP_KERNEL" "spin_lock(&s->lock): spinlock held from here" */
	spin_unlock(&s->lock);
}

static noinline void *tm_choose(size_t n, gfp_t gfp)
{
	if (gfpflags_allow_blocking(gfp))
		return vmalloc(n);
	return kmalloc(n, gfp); /* expect: gfp-rt-atomic:warning "raw_spin_lock(&tm_raw_lock)" "tm_pass: calls tm_choose()" */
}

static noinline void *tm_pass(size_t n, gfp_t gfp)
{
	return tm_choose(n, gfp);
}

void tm_pass_raw(struct tm_state *s)
{
	raw_spin_lock(&tm_raw_lock);
	s->spare = tm_pass(16, GFP_ATOMIC);
	raw_spin_unlock(&tm_raw_lock);
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gfpcheck testcase: masks whose direct-reclaim bit a test has cleared");

/*
 * check-output-start
 * inter/gfp_tested_mask.c:100:13: warning: tm_either() allocates with GFP_KERNEL, which may sleep (direct reclaim), in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/gfp_tested_mask.c:99: note: spin_lock(&s->lock): spinlock held from here (in tm_either_locked)
 * inter/gfp_tested_mask.c:100: note: passes GFP_KERNEL to tm_either() (in tm_either_locked)
 * inter/gfp_tested_mask.c:93: note: kmalloc(32, gfp) allocates with the caller's mask (in tm_either)
 * inter/gfp_tested_mask.c:119:13: warning: tm_helper() allocates with GFP_KERNEL, which may sleep (direct reclaim), in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/gfp_tested_mask.c:118: note: spin_lock(&s->lock): spinlock held from here (in tm_helper_locked)
 * inter/gfp_tested_mask.c:119: note: passes GFP_KERNEL to tm_helper() (in tm_helper_locked)
 * inter/gfp_tested_mask.c:113: note: kmalloc(16, gfp) allocates with the caller's mask (in tm_helper)
 * inter/gfp_tested_mask.c:127:9: warning: kmalloc() in a strict non-preemptive context (raw spinlock held): not allowed on PREEMPT_RT, whatever the mask [gfp-rt-atomic]
 * inter/gfp_tested_mask.c:137: note: raw_spin_lock(&tm_raw_lock): spinlock held from here (in tm_pass_raw)
 * inter/gfp_tested_mask.c:138: note: calls tm_pass() (in tm_pass_raw)
 * inter/gfp_tested_mask.c:132: note: calls tm_choose() (in tm_pass)
 * inter/gfp_tested_mask.c:127: note: kmalloc(n, gfp) allocates (in tm_choose)
 * check-output-end
 */
