// SPDX-License-Identifier: GPL-2.0
/*
 * state_invariant: a state that other code keeps rules out every sleeping
 * path behind one call, and a rules line says so (`invariant CALLER
 * calls=CALLEE`, here testcases/inter/state_invariant.rules, which
 * run_tests.py gives the inter suite's scan with --rules; the kernel's are
 * in rules/invariants.rules).  The two shapes are the kernel's:
 * input_handle_abs_event() -> input_abs_set_val() -> input_alloc_absinfo()
 * (a lazy allocation behind a field that registration has set) and
 * mas_erase() -> mas_nomem(mas, GFP_KERNEL) (a blocking mask used after
 * dropping the object's own lock, or under an external one).
 *  - si_event() (spin_lock) -> si_set_val() -> si_alloc_info(): the rule
 *    names si_set_val()'s call of si_alloc_info(): not reported.
 *  - si_set_val()'s own allocation before that call is not behind it:
 *    reported, with the chain from si_event().
 *  - si_reset() (spin_lock) -> si_reset_info() -> si_reinit() ->
 *    si_alloc_info(): another chain to the same allocation, longer than
 *    si_event()'s (which is the one shown without the rule), and one the
 *    rule does not vouch for: reported, with that chain.
 *  - si_erase() (spin_lock) passes GFP_KERNEL to si_nomem(), which
 *    allocates with it under the lock where the device's lock is external;
 *    the rule names si_erase()'s call: not reported.  si_store() makes the
 *    same call with no rule: reported, at its call.
 * Without the rules file every one of them is reported.
 */
#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct si_dev {
	spinlock_t lock;
	bool external_lock;
	int *info;
	void *log;
	void *spare;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int si_register(struct si_dev *d);
void si_event(struct si_dev *d, int v);
void si_reset(struct si_dev *d);
void si_erase(struct si_dev *d);
void si_store(struct si_dev *d);

static void si_alloc_info(struct si_dev *d)
{
	if (d->info)
		return;
	d->info = kcalloc(16, sizeof(*d->info), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

/* registration refuses a device whose info could not be allocated */
int si_register(struct si_dev *d)
{
	si_alloc_info(d);
	return d->info ? 0 : -ENOMEM;
}

static void si_set_val(struct si_dev *d, int v)
{
	if (!d->log)
		d->log = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	si_alloc_info(d);
	if (d->info)
		d->info[0] = v;
}

void si_event(struct si_dev *d, int v)
{
	spin_lock(&d->lock);
	si_set_val(d, v);
	spin_unlock(&d->lock);
}

static void si_reinit(struct si_dev *d)
{
	si_alloc_info(d);
}

static void si_reset_info(struct si_dev *d)
{
	si_reinit(d);
}

void si_reset(struct si_dev *d)
{
	spin_lock(&d->lock);
	si_reset_info(d);
	spin_unlock(&d->lock);
}

static void si_nomem(struct si_dev *d, gfp_t gfp)
{
	if (gfpflags_allow_blocking(gfp) && !d->external_lock) {
		spin_unlock(&d->lock);
		d->spare = kmalloc(64, gfp);
		spin_lock(&d->lock);
	} else {
		d->spare = kmalloc(64, gfp);
	}
}

void si_erase(struct si_dev *d)
{
	spin_lock(&d->lock);
	si_nomem(d, GFP_KERNEL);
	spin_unlock(&d->lock);
}

void si_store(struct si_dev *d)
{
	spin_lock(&d->lock);
	si_nomem(d, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&d->lock);
}

MODULE_LICENSE("GPL");

/*
 * Each chain checked by hand against the lines above: si_alloc_info()'s
 * allocation is shown from si_reset(), not from si_event() (the shortest
 * chain, without the rule), and si_erase()'s call is not there:
 * check-output-start
 * inter/state_invariant.c:50:12: warning: kcalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/state_invariant.c:88: note: spin_lock(&d->lock): spinlock held from here (in si_reset)
 * inter/state_invariant.c:89: note: calls si_reset_info() (in si_reset)
 * inter/state_invariant.c:83: note: calls si_reinit() (in si_reset_info)
 * inter/state_invariant.c:78: note: calls si_alloc_info() (in si_reinit)
 * inter/state_invariant.c:50: note: kcalloc(16, sizeof(*d->info), GFP_KERNEL) may sleep (direct reclaim) (in si_alloc_info)
 * inter/state_invariant.c:63:12: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/state_invariant.c:71: note: spin_lock(&d->lock): spinlock held from here (in si_event)
 * inter/state_invariant.c:72: note: calls si_set_val() (in si_event)
 * inter/state_invariant.c:63: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in si_set_val)
 * inter/state_invariant.c:114:2: warning: si_nomem() allocates with GFP_KERNEL, which may sleep (direct reclaim), in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/state_invariant.c:113: note: spin_lock(&d->lock): spinlock held from here (in si_store)
 * inter/state_invariant.c:114: note: passes GFP_KERNEL to si_nomem() (in si_store)
 * inter/state_invariant.c:100: note: kmalloc(64, gfp) allocates with the caller's mask (in si_nomem)
 * check-output-end
 */
