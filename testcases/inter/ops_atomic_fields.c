// SPDX-License-Identifier: GPL-2.0
/*
 * ops_atomic_fields: ops-table and callback fields whose kernel contract is
 * atomic (rules/contexts.rules cites the documentation of each):
 *  - uart_ops.start_tx (port->lock held, IRQs off): oaf_start_tx uses
 *    GFP_KERNEL: reported; oaf_startup (uart_ops.startup, process context):
 *    not reported.
 *  - irq_chip.irq_unmask (desc->lock held, IRQs off): oaf_unmask uses
 *    GFP_KERNEL: reported; irq_chip.irq_bus_lock is the slow-bus hook that
 *    may sleep: oaf_bus_lock not reported.
 *  - packet_type.func (NET_RX softirq): oaf_rcv: reported.
 *  - sock.sk_data_ready assigned at run time: oaf_data_ready: reported.
 *  - dma_async_tx_descriptor.callback (tasklet): oaf_dma_done uses
 *    GFP_ATOMIC: not reported.
 */
#include <linux/module.h>
#include <linux/dmaengine.h>
#include <linux/irq.h>
#include <linux/netdevice.h>
#include <linux/serial_core.h>
#include <linux/slab.h>
#include <net/sock.h>

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int oaf_attach(struct sock *sk, struct dma_async_tx_descriptor *tx);

struct oaf_priv {
	void *txbuf;
	void *irqstate;
	void *rxcopy;
	struct mutex bus_mutex;
};

static struct oaf_priv oaf;

static void oaf_start_tx(struct uart_port *port)
{
	oaf.txbuf = kmalloc(port->fifosize, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

static int oaf_startup(struct uart_port *port)
{
	oaf.txbuf = kmalloc(port->fifosize, GFP_KERNEL);
	return oaf.txbuf ? 0 : -ENOMEM;
}

static const struct uart_ops oaf_uart_ops = {
	.start_tx = oaf_start_tx,
	.startup = oaf_startup,
};

static void oaf_unmask(struct irq_data *d)
{
	oaf.irqstate = kzalloc(16, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

static void oaf_bus_lock(struct irq_data *d)
{
	mutex_lock(&oaf.bus_mutex);
	oaf.irqstate = kzalloc(16, GFP_KERNEL);
}

static void oaf_bus_sync_unlock(struct irq_data *d)
{
	mutex_unlock(&oaf.bus_mutex);
}

static struct irq_chip oaf_chip = {
	.name = "oaf",
	.irq_unmask = oaf_unmask,
	.irq_bus_lock = oaf_bus_lock,
	.irq_bus_sync_unlock = oaf_bus_sync_unlock,
};

static int oaf_rcv(struct sk_buff *skb, struct net_device *dev, struct packet_type *pt,
		   struct net_device *orig_dev)
{
	oaf.rxcopy = kmemdup(skb->data, skb_headlen(skb), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	kfree_skb(skb);
	return NET_RX_SUCCESS;
}

static struct packet_type oaf_ptype = {
	.type = htons(ETH_P_ALL),
	.func = oaf_rcv,
};

static void oaf_data_ready(struct sock *sk)
{
	oaf.rxcopy = kzalloc(32, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

static void oaf_dma_done(void *arg)
{
	oaf.rxcopy = kzalloc(32, GFP_ATOMIC);
}

int oaf_attach(struct sock *sk, struct dma_async_tx_descriptor *tx)
{
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_data_ready = oaf_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	tx->callback = oaf_dma_done;
	tx->callback_param = &oaf;
	return 0;
}
EXPORT_SYMBOL_GPL(oaf_attach);

static int __init oaf_init(void)
{
	mutex_init(&oaf.bus_mutex);
	dev_add_pack(&oaf_ptype);
	(void)oaf_uart_ops;
	(void)oaf_chip;
	return 0;
}

static void __exit oaf_exit(void)
{
	dev_remove_pack(&oaf_ptype);
}

module_init(oaf_init);
module_exit(oaf_exit);
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/ops_atomic_fields.c:38:14: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/ops_atomic_fields.c:48: note: oaf_start_tx() stored in uart_ops.start_tx (initializer) here: runs with spinlock held (in (file scope))
 * inter/ops_atomic_fields.c:38: note: kmalloc(port->fifosize, GFP_KERNEL) may sleep (direct reclaim) (in oaf_start_tx)
 * inter/ops_atomic_fields.c:54:17: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/ops_atomic_fields.c:70: note: oaf_unmask() stored in irq_chip.irq_unmask (initializer) here: runs with spinlock held (in (file scope))
 * inter/ops_atomic_fields.c:54: note: kzalloc(16, GFP_KERNEL) may sleep (direct reclaim) (in oaf_unmask)
 * inter/ops_atomic_fields.c:78:15: warning: kmemdup() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/ops_atomic_fields.c:85: note: oaf_rcv() stored in packet_type.func (initializer) here: runs in softirq context (in (file scope))
 * inter/ops_atomic_fields.c:78: note: kmemdup(skb->data, skb_headlen(skb), GFP_KERNEL) may sleep (direct reclaim) (in oaf_rcv)
 * inter/ops_atomic_fields.c:90:15: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (softirq context) [gfp-sleep-in-atomic]
 * inter/ops_atomic_fields.c:101: note: oaf_data_ready() stored in sock.sk_data_ready (assignment) here: runs in softirq context (in oaf_attach)
 * inter/ops_atomic_fields.c:90: note: kzalloc(32, GFP_KERNEL) may sleep (direct reclaim) (in oaf_data_ready)
 * check-output-end
 */
