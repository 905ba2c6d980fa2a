// SPDX-License-Identifier: GPL-2.0
/*
 * napi_poll: npp_poll is registered with netif_napi_add() (in 6.1 a static
 * inline taking (dev, napi, poll) that forwards to netif_napi_add_weight
 * with NAPI_POLL_WEIGHT), so it runs in softirq (NET_RX) context.
 *  - npp_refill, called from the poll function, allocates the ring with
 *    kcalloc(GFP_KERNEL): reported.
 *  - npp_rx_one, called from the poll function, allocates with GFP_ATOMIC:
 *    not reported.
 *  - npp_setup (process context) allocates with GFP_KERNEL: not reported.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int npp_setup(struct net_device *ndev);

struct npp_priv {
	spinlock_t lock;
	struct napi_struct napi;
	void **ring;
	void *last_rx;
	void *stats;
	unsigned int ring_size;
	unsigned int pending;
};

static void npp_refill(struct npp_priv *p)
{
	void **ring, **old;

	ring = kcalloc(p->ring_size, sizeof(void *), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!ring)
		return;
	spin_lock(&p->lock);
	old = p->ring;
	p->ring = ring;
	spin_unlock(&p->lock);
	kfree(old);
}

static int npp_rx_one(struct npp_priv *p)
{
	void *rx, *old;

	rx = kmalloc(256, GFP_ATOMIC);
	if (!rx)
		return -ENOMEM;
	spin_lock(&p->lock);
	old = p->last_rx;
	p->last_rx = rx;
	p->pending--;
	spin_unlock(&p->lock);
	kfree(old);
	return 0;
}

static int npp_poll(struct napi_struct *napi, int budget)
{
	struct npp_priv *p = container_of(napi, struct npp_priv, napi);
	int done = 0;

	while (done < budget && p->pending) {
		if (npp_rx_one(p))
			break;
		done++;
	}
	if (!p->ring)
		npp_refill(p);
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

int npp_setup(struct net_device *ndev)
{
	struct npp_priv *p = netdev_priv(ndev);
	void *stats;

	stats = kzalloc(512, GFP_KERNEL);
	if (!stats)
		return -ENOMEM;
	p->stats = stats;
	p->ring_size = 64;
	spin_lock_init(&p->lock);
	netif_napi_add(ndev, &p->napi, npp_poll);
	napi_enable(&p->napi);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: NAPI poll function is a softirq entry");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/napi_poll.c:34:9: warning: kcalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/napi_poll.c:88: note: npp_poll() registered by netif_napi_add() here: runs in softirq context (in npp_setup)
 * inter/napi_poll.c:71: note: calls npp_refill() (in npp_poll)
 * inter/napi_poll.c:34: note: kcalloc(p->ring_size, sizeof(void *), GFP_KERNEL) may sleep (direct reclaim) (in npp_refill)
 * check-output-end
 */
