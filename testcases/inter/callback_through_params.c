// SPDX-License-Identifier: GPL-2.0
/*
 * callback_through_params: a callback handed down through several
 * parameters before it is called (issue 10, item 4: callbacks passed
 * through any number of parameters).
 *  - ctp_locked_user holds a spinlock and passes ctp_fill to
 *    ctp_relay(), which passes it on to ctp_run(), which calls it:
 *    ctp_fill's GFP_KERNEL allocation is reported, with the chain through
 *    both calls.
 *  - ctp_plain_user passes ctp_refill the same way without a lock, and
 *    ctp_later_user runs ctp_relay(ctp_refill) under the lock only after
 *    ctp_relay() has already been entered with ctp_fill: ctp_refill is
 *    reported through that second call only, with its own chain (the
 *    callback is part of what the call enters ctp_relay() with).
 *  - ctp_swapped_user passes ctp_refill as the second callback, which
 *    ctp_pair() never calls: ctp_refill is not reached from there.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void ctp_locked_user(void **slot);
void ctp_plain_user(void **slot);
void ctp_later_user(void **slot);
void ctp_swapped_user(void **slot);

static DEFINE_SPINLOCK(ctp_lock);

static void ctp_fill(void **slot)
{
	*slot = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "ctp_locked_user: calls ctp_relay()" "ctp_relay: calls ctp_run()" "ctp_run: calls ctp_fill() through param:0 (a callback parameter)" */
}

static void ctp_refill(void **slot)
{
	*slot = kzalloc(96, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "ctp_later_user: calls ctp_relay()" "ctp_run: calls ctp_refill() through param:0 (a callback parameter)" */
}

static void ctp_keep(void **slot)
{
	*slot = NULL;
}

static void ctp_run(void (*cb)(void **slot), void **slot)
{
	cb(slot);
}

static void ctp_relay(void (*cb)(void **slot), void **slot)
{
	ctp_run(cb, slot);
}

static void ctp_pair(void (*first)(void **slot), void (*second)(void **slot), void **slot)
{
	ctp_run(first, slot);
}

void ctp_locked_user(void **slot)
{
	spin_lock(&ctp_lock);
	ctp_relay(ctp_fill, slot);
	spin_unlock(&ctp_lock);
}

void ctp_plain_user(void **slot)
{
	ctp_relay(ctp_refill, slot);
}

void ctp_later_user(void **slot)
{
	spin_lock(&ctp_lock);
	ctp_relay(ctp_fill, slot);
	ctp_relay(ctp_refill, slot);
	spin_unlock(&ctp_lock);
}

void ctp_swapped_user(void **slot)
{
	spin_lock(&ctp_lock);
	ctp_pair(ctp_keep, ctp_refill, slot);
	spin_unlock(&ctp_lock);
}

MODULE_DESCRIPTION("gfpcheck test: callbacks passed through several parameters");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/callback_through_params.c:32:10: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/callback_through_params.c:62: note: spin_lock(&ctp_lock): spinlock held from here (in ctp_locked_user)
 * inter/callback_through_params.c:63: note: calls ctp_relay() (in ctp_locked_user)
 * inter/callback_through_params.c:52: note: calls ctp_run() (in ctp_relay)
 * inter/callback_through_params.c:47: note: calls ctp_fill() through param:0 (a callback parameter) (in ctp_run)
 * inter/callback_through_params.c:32: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in ctp_fill)
 * inter/callback_through_params.c:37:10: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/callback_through_params.c:74: note: spin_lock(&ctp_lock): spinlock held from here (in ctp_later_user)
 * inter/callback_through_params.c:76: note: calls ctp_relay() (in ctp_later_user)
 * inter/callback_through_params.c:52: note: calls ctp_run() (in ctp_relay)
 * inter/callback_through_params.c:47: note: calls ctp_refill() through param:0 (a callback parameter) (in ctp_run)
 * inter/callback_through_params.c:37: note: kzalloc(96, GFP_KERNEL) may sleep (direct reclaim) (in ctp_refill)
 * check-output-end
 */
