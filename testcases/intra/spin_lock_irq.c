// SPDX-License-Identifier: GPL-2.0
/*
 * spin_lock_irq: spin_lock_irq() takes the lock and disables local
 * interrupts; spin_unlock_irq() releases both.  A GFP_KERNEL or GFP_USER
 * allocation between the two is reported (sli_queue_cmd, sli_resize_ring).
 * Allocations before spin_lock_irq() or after spin_unlock_irq() run with
 * interrupts enabled and no lock held and are not reported, and neither is
 * a GFP_ATOMIC allocation inside the critical section (sli_queue_cmd_atomic).
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct sli_cmd {
	struct list_head node;
	u32 opcode;
};

struct sli_host {
	spinlock_t lock;
	struct list_head queue;
	u32 *ring;
	unsigned int ring_size;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int sli_queue_cmd(struct sli_host *host, u32 opcode);
int sli_queue_cmd_atomic(struct sli_host *host, u32 opcode);
int sli_resize_ring(struct sli_host *host, unsigned int size);
int sli_resize_ring_fixed(struct sli_host *host, unsigned int size);
void *sli_dump_queue(struct sli_host *host);

int sli_queue_cmd(struct sli_host *host, u32 opcode)
{
	struct sli_cmd *cmd;

	spin_lock_irq(&host->lock);
	cmd = kzalloc(sizeof(*cmd), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (cmd) {
		cmd->opcode = opcode;
		list_add_tail(&cmd->node, &host->queue);
	}
	spin_unlock_irq(&host->lock);
	return cmd ? 0 : -ENOMEM;
}

int sli_queue_cmd_atomic(struct sli_host *host, u32 opcode)
{
	struct sli_cmd *cmd;

	spin_lock_irq(&host->lock);
	cmd = kzalloc(sizeof(*cmd), GFP_ATOMIC);
	if (cmd) {
		cmd->opcode = opcode;
		list_add_tail(&cmd->node, &host->queue);
	}
	spin_unlock_irq(&host->lock);
	return cmd ? 0 : -ENOMEM;
}

int sli_resize_ring(struct sli_host *host, unsigned int size)
{
	u32 *ring, *old;

	spin_lock_irq(&host->lock);
	ring = kcalloc(size, sizeof(u32), GFP_USER); /* expect: gfp-sleep-in-atomic */
	old = host->ring;
	if (ring) {
		host->ring = ring;
		host->ring_size = size;
	}
	spin_unlock_irq(&host->lock);
	kfree(ring ? old : NULL);
	return ring ? 0 : -ENOMEM;
}

int sli_resize_ring_fixed(struct sli_host *host, unsigned int size)
{
	u32 *ring, *old;

	ring = kcalloc(size, sizeof(u32), GFP_USER);
	if (!ring)
		return -ENOMEM;

	spin_lock_irq(&host->lock);
	old = host->ring;
	host->ring = ring;
	host->ring_size = size;
	spin_unlock_irq(&host->lock);

	kfree(old);
	return 0;
}

void *sli_dump_queue(struct sli_host *host)
{
	unsigned int n = 0;
	struct sli_cmd *cmd;

	spin_lock_irq(&host->lock);
	list_for_each_entry(cmd, &host->queue, node)
		n++;
	spin_unlock_irq(&host->lock);

	return kmalloc_array(n, sizeof(u32), GFP_KERNEL);
}

MODULE_DESCRIPTION("gfpcheck test: spin_lock_irq/spin_unlock_irq");
MODULE_LICENSE("GPL");
