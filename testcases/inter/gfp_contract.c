// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_contract: a caller that gives a function's gfp_t parameter a mask
 * without direct reclaim has said what its context allows, and the callee
 * promises to honour it (rules/contexts.rules: gfp-contract).
 *  - gc_get(n, gfp) takes a slow path that allocates with GFP_KERNEL only
 *    when the mask allows blocking, like usb_submit_urb() and its root-hub
 *    requests.
 *  - gc_atomic_user() calls it with GFP_ATOMIC under a spinlock: the slow
 *    path is not reported.
 *  - gc_kernel_user() calls it with GFP_KERNEL under the same lock: the
 *    slow path is reported; the kmalloc() with the forwarded mask is not,
 *    as gc_get() reaches it only where the mask does not allow blocking
 *    (inter/gfp_tested_mask.c).
 *  - gc_raw_user() calls it with GFP_ATOMIC under a raw spinlock: on
 *    PREEMPT_RT no allocation is allowed there, GFP_ATOMIC or not, so the
 *    strict reach goes on into gc_get(), but only into the branch its
 *    mask takes: kmalloc() is reported there, gc_slow() (a mask that
 *    allows blocking) is not.
 */
#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void *gc_get(size_t n, gfp_t gfp);
void gc_atomic_user(void);
void gc_kernel_user(void);
void gc_raw_user(void);

static DEFINE_SPINLOCK(gc_lock);
static DEFINE_RAW_SPINLOCK(gc_raw_lock);
static void *gc_slot;

static void *gc_slow(size_t n)
{
	/* reported under gc_kernel_user()'s spinlock; gc_raw_user()'s
	 * GFP_ATOMIC never takes this path */
	return kzalloc(n, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "gc_kernel_user: calls gc_get()" "gc_get: calls gc_slow()" */
}

void *gc_get(size_t n, gfp_t gfp)
{
	if (gfpflags_allow_blocking(gfp))
		return gc_slow(n);
	return kmalloc(n, gfp); /* expect: gfp-rt-atomic "raw_spin_lock(&gc_raw_lock)" */
}
EXPORT_SYMBOL_GPL(gc_get);

void gc_atomic_user(void)
{
	spin_lock(&gc_lock);
	gc_slot = gc_get(32, GFP_ATOMIC);
	spin_unlock(&gc_lock);
}

void gc_kernel_user(void)
{
	spin_lock(&gc_lock);
	gc_slot = gc_get(32, GFP_KERNEL);
	spin_unlock(&gc_lock);
}

void gc_raw_user(void)
{
	raw_spin_lock(&gc_raw_lock);
	gc_slot = gc_get(32, GFP_ATOMIC);
	raw_spin_unlock(&gc_raw_lock);
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/gfp_contract.c:40:9: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/gfp_contract.c:60: note: spin_lock(&gc_lock): spinlock held from here (in gc_kernel_user)
 * inter/gfp_contract.c:61: note: calls gc_get() (in gc_kernel_user)
 * inter/gfp_contract.c:46: note: calls gc_slow() (in gc_get)
 * inter/gfp_contract.c:40: note: kzalloc(n, GFP_KERNEL) may sleep (direct reclaim) (in gc_slow)
 * inter/gfp_contract.c:47:9: warning: kmalloc() in a strict non-preemptive context (raw spinlock held): not allowed on PREEMPT_RT, whatever the mask [gfp-rt-atomic]
 * inter/gfp_contract.c:67: note: raw_spin_lock(&gc_raw_lock): spinlock held from here (in gc_raw_user)
 * inter/gfp_contract.c:68: note: calls gc_get() (in gc_raw_user)
 * inter/gfp_contract.c:47: note: kmalloc(n, gfp) allocates (in gc_get)
 * check-output-end
 */
