// SPDX-License-Identifier: GPL-2.0
/*
 * const_arg_chooses_mask: a parameter whose truth chooses the mask
 * (`gfp_t gfp = can_block ? GFP_KERNEL : GFP_ATOMIC;`, as 6.12's
 * ipv6_add_addr() does) decides whether the allocation sleeps where the
 * caller passes a constant for it:
 *  - under cm_update()'s spinlock, cm_direct(d, false) allocates with the
 *    local, cm_forward(d, false) passes it to cm_alloc(), cm_inline(d,
 *    true) passes `atomic ? GFP_ATOMIC : GFP_KERNEL`, cm_negated(d, false)
 *    `!can_block ? GFP_ATOMIC : GFP_KERNEL`: nothing is reported;
 *  - cm_fill() is called under the lock with false (cm_update()) and with
 *    true (cm_update_blocking()): reported, with the chain of the second;
 *  - cm_pass_on(d, can_block) passes what it is given, which its caller
 *    does not know (cm_update_any()): reported;
 *  - cm_reassigned(d, can_block) may assign the parameter before choosing:
 *    the caller's false decides nothing, reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct cm_dev {
	spinlock_t lock;
	bool force;
	void *a, *b, *c, *d, *e, *f, *g;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void cm_update(struct cm_dev *d);
void cm_update_blocking(struct cm_dev *d);
void cm_update_any(struct cm_dev *d, bool may_block);

static noinline void *cm_alloc(size_t n, gfp_t gfp)
{
	return kzalloc(n, gfp);
}

static noinline void cm_direct(struct cm_dev *d, bool can_block)
{
	gfp_t gfp = can_block ? GFP_KERNEL : GFP_ATOMIC;

	d->a = kzalloc(16, gfp);
}

static noinline void cm_forward(struct cm_dev *d, bool can_block)
{
	gfp_t gfp = can_block ? GFP_KERNEL : GFP_ATOMIC;

	d->b = cm_alloc(32, gfp);
}

static noinline void cm_inline(struct cm_dev *d, bool atomic)
{
	d->c = cm_alloc(64, atomic ? GFP_ATOMIC : GFP_KERNEL);
}

static noinline void cm_negated(struct cm_dev *d, bool can_block)
{
	d->d = kmalloc(128, !can_block ? GFP_ATOMIC : GFP_KERNEL);
}

static noinline void cm_fill(struct cm_dev *d, bool can_block)
{
	gfp_t gfp = can_block ? GFP_KERNEL : GFP_ATOMIC;

	d->e = kzalloc(256, gfp); /* expect: gfp-sleep-in-atomic */
}

static noinline void cm_pass_on(struct cm_dev *d, bool can_block)
{
	gfp_t gfp = can_block ? GFP_KERNEL : GFP_ATOMIC;

	d->f = kzalloc(512, gfp); /* expect: gfp-sleep-in-atomic */
}

static noinline void cm_reassigned(struct cm_dev *d, bool can_block)
{
	gfp_t gfp;

	if (d->force)
		can_block = true;
	gfp = can_block ? GFP_KERNEL : GFP_ATOMIC;
	d->g = kzalloc(1024, gfp); /* expect: gfp-sleep-in-atomic */
}

void cm_update(struct cm_dev *d)
{
	spin_lock(&d->lock);
	cm_direct(d, false);
	cm_forward(d, false);
	cm_inline(d, true);
	cm_negated(d, false);
	cm_fill(d, false);
	cm_reassigned(d, false);
	spin_unlock(&d->lock);
}

void cm_update_blocking(struct cm_dev *d)
{
	spin_lock(&d->lock);
	cm_fill(d, true);
	spin_unlock(&d->lock);
}

void cm_update_any(struct cm_dev *d, bool may_block)
{
	spin_lock(&d->lock);
	cm_pass_on(d, may_block);
	spin_unlock(&d->lock);
}

MODULE_DESCRIPTION("gfpcheck test: a constant argument chooses the mask");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/const_arg_chooses_mask.c:66:9: warning: kzalloc() with gfp (GFP_KERNEL on some path) may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_arg_chooses_mask.c:100: note: spin_lock(&d->lock): spinlock held from here (in cm_update_blocking)
 * inter/const_arg_chooses_mask.c:101: note: calls cm_fill() (in cm_update_blocking)
 * inter/const_arg_chooses_mask.c:66: note: kzalloc(256, gfp) may sleep (direct reclaim) (in cm_fill)
 * inter/const_arg_chooses_mask.c:73:9: warning: kzalloc() with gfp (GFP_KERNEL on some path) may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_arg_chooses_mask.c:107: note: spin_lock(&d->lock): spinlock held from here (in cm_update_any)
 * inter/const_arg_chooses_mask.c:108: note: calls cm_pass_on() (in cm_update_any)
 * inter/const_arg_chooses_mask.c:73: note: kzalloc(512, gfp) may sleep (direct reclaim) (in cm_pass_on)
 * inter/const_arg_chooses_mask.c:83:9: warning: kzalloc() with gfp (GFP_KERNEL on some path) may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/const_arg_chooses_mask.c:88: note: spin_lock(&d->lock): spinlock held from here (in cm_update)
 * inter/const_arg_chooses_mask.c:94: note: calls cm_reassigned() (in cm_update)
 * inter/const_arg_chooses_mask.c:83: note: kzalloc(1024, gfp) may sleep (direct reclaim) (in cm_reassigned)
 * check-output-end
 */
