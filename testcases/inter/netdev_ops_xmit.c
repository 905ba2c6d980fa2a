// SPDX-License-Identifier: GPL-2.0
/*
 * netdev_ops_xmit: a `static const struct net_device_ops` with designated
 * initializers.  The core calls .ndo_start_xmit with bottom halves disabled
 * (under rcu_read_lock_bh in __dev_queue_xmit), so ndx_start_xmit is an
 * atomic entry even though no module code calls it directly; .ndo_open is
 * called in process context under RTNL (a mutex) and may sleep.
 *  - ndx_map_desc, called from ndx_start_xmit, allocates with GFP_KERNEL:
 *    reported.
 *  - ndx_start_xmit's own allocation uses GFP_ATOMIC: not reported.
 *  - ndx_open and ndx_alloc_rings (called only from ndx_open) allocate with
 *    GFP_KERNEL/vzalloc: not reported.
 *  - ndx_stats_slot is called from both ndx_open (sleepable) and
 *    ndx_start_xmit (atomic): its GFP_KERNEL allocation is reported once.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void ndx_setup(struct net_device *dev);

struct ndx_priv {
	spinlock_t tx_lock;
	void *desc;
	void *tx_meta;
	void *stats;
	void *rings;
	void *irq_names;
};

static void *ndx_swap(struct ndx_priv *p, void **slot, void *v)
{
	void *old;

	spin_lock(&p->tx_lock);
	old = *slot;
	*slot = v;
	spin_unlock(&p->tx_lock);
	return old;
}

static int ndx_stats_slot(struct ndx_priv *p)
{
	void *st;

	if (p->stats)
		return 0;
	st = kzalloc(256, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!st)
		return -ENOMEM;
	kfree(ndx_swap(p, &p->stats, st));
	return 0;
}

static int ndx_map_desc(struct ndx_priv *p, unsigned int len)
{
	void *desc;

	desc = kmalloc(len, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!desc)
		return -ENOMEM;
	kfree(ndx_swap(p, &p->desc, desc));
	return 0;
}

static netdev_tx_t ndx_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct ndx_priv *p = netdev_priv(dev);
	void *meta;

	meta = kmalloc(32, GFP_ATOMIC);
	if (meta)
		kfree(ndx_swap(p, &p->tx_meta, meta));
	if (ndx_stats_slot(p) || ndx_map_desc(p, skb->len)) {
		dev->stats.tx_dropped++;
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	dev->stats.tx_packets++;
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static int ndx_alloc_rings(struct ndx_priv *p)
{
	void *rings;
	char *names;

	rings = vzalloc(16384);
	if (!rings)
		return -ENOMEM;
	names = kasprintf(GFP_KERNEL, "ndx-tx-%d", 0);
	if (!names) {
		vfree(rings);
		return -ENOMEM;
	}
	p->rings = rings;
	p->irq_names = names;
	return 0;
}

static int ndx_open(struct net_device *dev)
{
	struct ndx_priv *p = netdev_priv(dev);
	int ret;

	ret = ndx_alloc_rings(p);
	if (ret)
		return ret;
	ret = ndx_stats_slot(p);
	if (ret)
		return ret;
	netif_start_queue(dev);
	return 0;
}

static int ndx_stop(struct net_device *dev)
{
	struct ndx_priv *p = netdev_priv(dev);

	netif_stop_queue(dev);
	vfree(p->rings);
	p->rings = NULL;
	kfree(p->irq_names);
	p->irq_names = NULL;
	return 0;
}

static const struct net_device_ops ndx_netdev_ops = {
	.ndo_open = ndx_open,
	.ndo_stop = ndx_stop,
	.ndo_start_xmit = ndx_start_xmit,
};

void ndx_setup(struct net_device *dev)
{
	struct ndx_priv *p = netdev_priv(dev);

	spin_lock_init(&p->tx_lock);
	dev->netdev_ops = &ndx_netdev_ops;
}

MODULE_DESCRIPTION("gfpcheck test: ndo_start_xmit is atomic, ndo_open is not");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/netdev_ops_xmit.c:52:7: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (bottom halves disabled) [gfp-sleep-in-atomic]
 * inter/netdev_ops_xmit.c:136: note: ndx_start_xmit() stored in net_device_ops.ndo_start_xmit (initializer) here: runs with bottom halves disabled (in (file scope))
 * inter/netdev_ops_xmit.c:78: note: calls ndx_stats_slot() (in ndx_start_xmit)
 * inter/netdev_ops_xmit.c:52: note: kzalloc(256, GFP_KERNEL) may sleep (direct reclaim) (in ndx_stats_slot)
 * inter/netdev_ops_xmit.c:63:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (bottom halves disabled) [gfp-sleep-in-atomic]
 * inter/netdev_ops_xmit.c:136: note: ndx_start_xmit() stored in net_device_ops.ndo_start_xmit (initializer) here: runs with bottom halves disabled (in (file scope))
 * inter/netdev_ops_xmit.c:78: note: calls ndx_map_desc() (in ndx_start_xmit)
 * inter/netdev_ops_xmit.c:63: note: kmalloc(len, GFP_KERNEL) may sleep (direct reclaim) (in ndx_map_desc)
 * check-output-end
 */
