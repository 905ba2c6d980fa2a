// SPDX-License-Identifier: GPL-2.0
/*
 * recursion_cycle: the propagation must terminate on recursion and call
 * cycles, and report each allocation at most once.
 *  - rcy_walk is self-recursive and allocates with GFP_KERNEL; it is
 *    called from rcy_walk_locked under spin_lock: reported once.
 *  - rcy_ping <-> rcy_pong form a cycle; rcy_pong allocates with
 *    GFP_KERNEL; rcy_start_locked calls rcy_ping under spin_lock_bh:
 *    reported once, in rcy_pong.
 *  - rcy_even <-> rcy_odd form a cycle that no atomic caller reaches
 *    (rcy_start_plain has no lock): rcy_odd's allocation is not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rcy_node {
	struct rcy_node *next;
	void *payload;
};

struct rcy_dev {
	spinlock_t lock;
	struct rcy_node *head;
	void *pong;
	void *odd;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int rcy_walk_locked(struct rcy_dev *d);
int rcy_start_locked(struct rcy_dev *d);
int rcy_start_plain(struct rcy_dev *d);

static int rcy_walk(struct rcy_node *n, unsigned int depth)
{
	void *payload;

	if (!n || depth > 16)
		return 0;
	if (!n->payload) {
		payload = kzalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		if (!payload)
			return -ENOMEM;
		n->payload = payload;
	}
	return rcy_walk(n->next, depth + 1);
}

int rcy_walk_locked(struct rcy_dev *d)
{
	int ret;

	spin_lock(&d->lock);
	ret = rcy_walk(d->head, 0);
	spin_unlock(&d->lock);
	return ret;
}

static int rcy_pong(struct rcy_dev *d, unsigned int n);

static int rcy_ping(struct rcy_dev *d, unsigned int n)
{
	if (!n)
		return 0;
	return rcy_pong(d, n - 1);
}

static int rcy_pong(struct rcy_dev *d, unsigned int n)
{
	void *p;

	if (!d->pong) {
		p = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		if (!p)
			return -ENOMEM;
		d->pong = p;
	}
	return rcy_ping(d, n);
}

int rcy_start_locked(struct rcy_dev *d)
{
	int ret;

	spin_lock_bh(&d->lock);
	ret = rcy_ping(d, 4);
	spin_unlock_bh(&d->lock);
	return ret;
}

static int rcy_odd(struct rcy_dev *d, unsigned int n);

static int rcy_even(struct rcy_dev *d, unsigned int n)
{
	if (!n)
		return 0;
	return rcy_odd(d, n - 1);
}

static int rcy_odd(struct rcy_dev *d, unsigned int n)
{
	void *p;

	if (!d->odd) {
		p = kmalloc(64, GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		d->odd = p;
	}
	return rcy_even(d, n);
}

int rcy_start_plain(struct rcy_dev *d)
{
	return rcy_even(d, 4);
}

MODULE_DESCRIPTION("gfpcheck test: recursion and call cycles");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/recursion_cycle.c:41:13: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/recursion_cycle.c:53: note: spin_lock(&d->lock): spinlock held from here (in rcy_walk_locked)
 * inter/recursion_cycle.c:54: note: calls rcy_walk() (in rcy_walk_locked)
 * inter/recursion_cycle.c:41: note: kzalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in rcy_walk)
 * inter/recursion_cycle.c:73:7: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/recursion_cycle.c:85: note: spin_lock_bh(&d->lock): spinlock held from here (in rcy_start_locked)
 * inter/recursion_cycle.c:86: note: calls rcy_ping() (in rcy_start_locked)
 * inter/recursion_cycle.c:65: note: calls rcy_pong() (in rcy_ping)
 * inter/recursion_cycle.c:73: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in rcy_pong)
 * check-output-end
 */
