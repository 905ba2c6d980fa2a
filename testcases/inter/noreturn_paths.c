// SPDX-License-Identifier: GPL-2.0
/*
 * noreturn_paths: a path that ends in a call that never returns holds
 * nothing afterwards.  panic() is declared __noreturn; nrp_die() is not,
 * but every path through it ends in panic(), so it is inferred never to
 * return; nrp_spin_forever() never leaves its for (;;) loop.
 *  - nrp_ok_after_panic: a lock taken only on the path that panics does
 *    not make the code after the check atomic: not reported.
 *  - nrp_ok_after_die: the same through the inferred wrapper.
 *  - nrp_ok_after_forever: the same through an endless loop.
 *  - nrp_bad_lock_kept: a lock taken on a path that returns is still
 *    reported (the positive control).
 *  - nrp_bad_for_trylock: `for (; !spin_trylock(l);)` leaves the loop only
 *    with the lock held, like the `while` spelling: reported.
 *  - nrp_ok_for_break: `for (;;)` left by break after unlocking: not reported.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/panic.h>
#include <linux/processor.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct nrp_dev {
	spinlock_t lock;
	int state;
	void *buf;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int nrp_ok_after_panic(struct nrp_dev *d);
int nrp_ok_after_die(struct nrp_dev *d);
int nrp_ok_after_forever(struct nrp_dev *d);
int nrp_bad_lock_kept(struct nrp_dev *d);
int nrp_bad_for_trylock(struct nrp_dev *d);
int nrp_ok_for_break(struct nrp_dev *d);

int nrp_ok_after_panic(struct nrp_dev *d)
{
	if (d->state < 0) {
		spin_lock(&d->lock);
		panic("nrp: state %d\n", d->state);
	}
	d->buf = kmalloc(64, GFP_KERNEL);
	return d->buf ? 0 : -ENOMEM;
}

static void nrp_die(struct nrp_dev *d)
{
	spin_lock(&d->lock);
	pr_emerg("nrp: giving up\n");
	panic("nrp: state %d\n", d->state);
}

int nrp_ok_after_die(struct nrp_dev *d)
{
	if (d->state < 0)
		nrp_die(d);
	d->buf = kzalloc(64, GFP_KERNEL);
	return d->buf ? 0 : -ENOMEM;
}

static void nrp_spin_forever(struct nrp_dev *d)
{
	spin_lock(&d->lock);
	for (;;)
		cpu_relax();
}

int nrp_ok_after_forever(struct nrp_dev *d)
{
	if (d->state == 2)
		nrp_spin_forever(d);
	d->buf = kmalloc(32, GFP_KERNEL);
	return d->buf ? 0 : -ENOMEM;
}

int nrp_bad_lock_kept(struct nrp_dev *d)
{
	if (d->state > 0)
		spin_lock(&d->lock);
	d->buf = kmalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (d->state > 0)
		spin_unlock(&d->lock);
	return d->buf ? 0 : -ENOMEM;
}

int nrp_bad_for_trylock(struct nrp_dev *d)
{
	for (; !spin_trylock(&d->lock);)
		cpu_relax();
	d->buf = kmalloc(8, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&d->lock);
	return d->buf ? 0 : -ENOMEM;
}

int nrp_ok_for_break(struct nrp_dev *d)
{
	for (;;) {
		spin_lock(&d->lock);
		if (d->state == 0)
			break;
		spin_unlock(&d->lock);
		cpu_relax();
	}
	d->state = 1;
	spin_unlock(&d->lock);
	d->buf = kmalloc(8, GFP_KERNEL);
	return d->buf ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: paths that never return");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/noreturn_paths.c:82:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/noreturn_paths.c:81: note: spin_lock(&d->lock): spinlock held from here (in nrp_bad_lock_kept)
 * inter/noreturn_paths.c:82: note: kmalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in nrp_bad_lock_kept)
 * inter/noreturn_paths.c:92:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/noreturn_paths.c:90: note: spin_trylock(&d->lock): spinlock held from here (in nrp_bad_for_trylock)
 * inter/noreturn_paths.c:92: note: kmalloc(8, GFP_KERNEL) may sleep (direct reclaim) (in nrp_bad_for_trylock)
 * check-output-end
 */
