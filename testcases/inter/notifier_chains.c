// SPDX-License-Identifier: GPL-2.0
/*
 * notifier_chains: a notifier callback runs where the chain it is
 * registered on is called (include/linux/notifier.h), so its context is
 * that call's: an atomic chain's callbacks run under rcu_read_lock(), a
 * blocking chain's may sleep, a raw chain's run in the caller's context.
 * Not wherever any notifier_block.notifier_call is called: in the kernel
 * every atomic_notifier_call_chain() reaches notifier_call_chain(), which
 * calls nb->notifier_call().
 *  - nc_atomic_cb on an atomic chain (static notifier_block): reported.
 *  - nc_client_cb registered through a wrapper of this module
 *    (nc_register_client(), like register_die_notifier()): reported.
 *  - nc_dev_atomic_cb: the notifier_block is a struct member whose
 *    callback is assigned: reported.
 *  - nc_blocking_cb, nc_dev_blocking_cb on a blocking chain: not reported.
 *  - nc_raw_locked_cb on a raw chain called under a spinlock: reported;
 *    nc_raw_free_cb on a raw chain called without one: not reported.
 */
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct nc_dev {
	struct notifier_block anb;
	struct notifier_block bnb;
	void *buf;
};

static ATOMIC_NOTIFIER_HEAD(nc_atomic_chain);
static BLOCKING_NOTIFIER_HEAD(nc_blocking_chain);
static RAW_NOTIFIER_HEAD(nc_raw_locked_chain);
static RAW_NOTIFIER_HEAD(nc_raw_free_chain);
static DEFINE_SPINLOCK(nc_lock);
static struct nc_dev nc_the_dev;
static void *nc_buf[8];

static int nc_atomic_cb(struct notifier_block *nb, unsigned long action, void *data)
{
	nc_buf[0] = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "registered on chain nc_atomic_chain" */
	return NOTIFY_OK;
}

static int nc_client_cb(struct notifier_block *nb, unsigned long action, void *data)
{
	nc_buf[1] = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "atomic_notifier_call_chain(): the chain's callbacks run in RCU read-side" */
	return NOTIFY_OK;
}

static int nc_dev_atomic_cb(struct notifier_block *nb, unsigned long action, void *data)
{
	struct nc_dev *d = container_of(nb, struct nc_dev, anb);

	d->buf = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "nc_dev_atomic_cb() registered on chain nc_atomic_chain" */
	return NOTIFY_OK;
}

static int nc_blocking_cb(struct notifier_block *nb, unsigned long action, void *data)
{
	nc_buf[2] = kmalloc(32, GFP_KERNEL);
	return NOTIFY_OK;
}

static int nc_dev_blocking_cb(struct notifier_block *nb, unsigned long action, void *data)
{
	nc_buf[3] = kmalloc(32, GFP_KERNEL);
	return NOTIFY_OK;
}

static int nc_raw_locked_cb(struct notifier_block *nb, unsigned long action, void *data)
{
	nc_buf[4] = kmalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic "spin_lock(&nc_lock)" */
	return NOTIFY_OK;
}

static int nc_raw_free_cb(struct notifier_block *nb, unsigned long action, void *data)
{
	nc_buf[5] = kmalloc(32, GFP_KERNEL);
	return NOTIFY_OK;
}

static struct notifier_block nc_atomic_nb = { .notifier_call = nc_atomic_cb };
static struct notifier_block nc_client_nb = { .notifier_call = nc_client_cb };
static struct notifier_block nc_blocking_nb = { .notifier_call = nc_blocking_cb };
static struct notifier_block nc_raw_locked_nb = { .notifier_call = nc_raw_locked_cb };
static struct notifier_block nc_raw_free_nb = { .notifier_call = nc_raw_free_cb };

/* a registration wrapper: its parameter goes on to the chain */
static int nc_register_client(struct notifier_block *nb)
{
	return atomic_notifier_chain_register(&nc_atomic_chain, nb);
}

static void nc_setup_dev(struct nc_dev *d)
{
	d->anb.notifier_call = nc_dev_atomic_cb;
	d->bnb.notifier_call = nc_dev_blocking_cb;
	atomic_notifier_chain_register(&nc_atomic_chain, &d->anb);
	blocking_notifier_chain_register(&nc_blocking_chain, &d->bnb);
}

static int __init nc_init(void)
{
	atomic_notifier_chain_register(&nc_atomic_chain, &nc_atomic_nb);
	nc_register_client(&nc_client_nb);
	blocking_notifier_chain_register(&nc_blocking_chain, &nc_blocking_nb);
	raw_notifier_chain_register(&nc_raw_locked_chain, &nc_raw_locked_nb);
	raw_notifier_chain_register(&nc_raw_free_chain, &nc_raw_free_nb);
	nc_setup_dev(&nc_the_dev);

	/* every chain called from process context */
	atomic_notifier_call_chain(&nc_atomic_chain, 0, NULL);
	blocking_notifier_call_chain(&nc_blocking_chain, 0, NULL);
	raw_notifier_call_chain(&nc_raw_free_chain, 0, NULL);
	spin_lock(&nc_lock);
	raw_notifier_call_chain(&nc_raw_locked_chain, 0, NULL);
	spin_unlock(&nc_lock);
	return 0;
}

static void __exit nc_exit(void)
{
	atomic_notifier_chain_unregister(&nc_atomic_chain, &nc_atomic_nb);
	atomic_notifier_chain_unregister(&nc_atomic_chain, &nc_client_nb);
	atomic_notifier_chain_unregister(&nc_atomic_chain, &nc_the_dev.anb);
	blocking_notifier_chain_unregister(&nc_blocking_chain, &nc_blocking_nb);
	blocking_notifier_chain_unregister(&nc_blocking_chain, &nc_the_dev.bnb);
	raw_notifier_chain_unregister(&nc_raw_locked_chain, &nc_raw_locked_nb);
	raw_notifier_chain_unregister(&nc_raw_free_chain, &nc_raw_free_nb);
}

module_init(nc_init);
module_exit(nc_exit);
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/notifier_chains.c:40:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/notifier_chains.c:112: note: atomic_notifier_call_chain(): the chain's callbacks run in RCU read-side critical section (in nc_init)
 * inter/notifier_chains.c:112: note: calls nc_atomic_cb() registered on chain nc_atomic_chain by atomic_notifier_chain_register() in inter/notifier_chains.c (in nc_init)
 * inter/notifier_chains.c:40: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in nc_atomic_cb)
 * inter/notifier_chains.c:46:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/notifier_chains.c:112: note: atomic_notifier_call_chain(): the chain's callbacks run in RCU read-side critical section (in nc_init)
 * inter/notifier_chains.c:112: note: calls nc_client_cb() registered on chain nc_atomic_chain by nc_register_client() in inter/notifier_chains.c (in nc_init)
 * inter/notifier_chains.c:46: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in nc_client_cb)
 * inter/notifier_chains.c:54:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (RCU read-side critical section) [gfp-sleep-in-atomic]
 * inter/notifier_chains.c:112: note: atomic_notifier_call_chain(): the chain's callbacks run in RCU read-side critical section (in nc_init)
 * inter/notifier_chains.c:112: note: calls nc_dev_atomic_cb() registered on chain nc_atomic_chain by atomic_notifier_chain_register() in inter/notifier_chains.c (in nc_init)
 * inter/notifier_chains.c:54: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in nc_dev_atomic_cb)
 * inter/notifier_chains.c:72:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/notifier_chains.c:115: note: spin_lock(&nc_lock): spinlock held from here (in nc_init)
 * inter/notifier_chains.c:116: note: calls nc_raw_locked_cb() registered on chain nc_raw_locked_chain by raw_notifier_chain_register() in inter/notifier_chains.c (in nc_init)
 * inter/notifier_chains.c:72: note: kmalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in nc_raw_locked_cb)
 * check-output-end
 */
