// SPDX-License-Identifier: GPL-2.0
/*
 * irq_percpu: rpc_handler is registered with request_percpu_irq() (a static
 * inline forwarding to __request_percpu_irq), so it is a per-CPU hard-IRQ
 * handler.  Its direct GFP_KERNEL allocation is reported, and so is the
 * GFP_KERNEL allocation in rpc_record that only the handler calls.
 * rpc_register runs in process context and allocates the name with
 * GFP_KERNEL: not reported.
 */
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/percpu.h>
#include <linux/slab.h>

struct rpc_stats {
	u64 hits;
	u64 *samples;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int rpc_register(unsigned int irq, struct rpc_stats __percpu *stats, char **namep);

static void rpc_record(struct rpc_stats *s)
{
	u64 *samples;

	if (s->samples)
		return;
	samples = kmalloc_array(8, sizeof(u64), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (!samples)
		return;
	samples[0] = s->hits;
	s->samples = samples;
}

static irqreturn_t rpc_handler(int irq, void *dev_id)
{
	struct rpc_stats *s = dev_id;
	u64 *tmp;

	tmp = kzalloc(sizeof(*tmp), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (tmp) {
		*tmp = s->hits;
		kfree(tmp);
	}
	s->hits++;
	rpc_record(s);
	return IRQ_HANDLED;
}

int rpc_register(unsigned int irq, struct rpc_stats __percpu *stats, char **namep)
{
	char *name;
	int ret;

	name = kasprintf(GFP_KERNEL, "rpc-%u", irq);
	if (!name)
		return -ENOMEM;
	ret = request_percpu_irq(irq, rpc_handler, name, stats);
	if (ret) {
		kfree(name);
		return ret;
	}
	*namep = name;
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: request_percpu_irq handler is a hard-IRQ entry");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/irq_percpu.c:29:12: warning: kmalloc_array() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/irq_percpu.c:59: note: rpc_handler() registered by request_percpu_irq() here: runs in hard-IRQ context (in rpc_register)
 * inter/irq_percpu.c:47: note: calls rpc_record() (in rpc_handler)
 * inter/irq_percpu.c:29: note: kmalloc_array(8, sizeof(u64), GFP_KERNEL) may sleep (direct reclaim) (in rpc_record)
 * inter/irq_percpu.c:41:8: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/irq_percpu.c:59: note: rpc_handler() registered by request_percpu_irq() here: runs in hard-IRQ context (in rpc_register)
 * inter/irq_percpu.c:41: note: kzalloc(sizeof(*tmp), GFP_KERNEL) may sleep (direct reclaim) (in rpc_handler)
 * check-output-end
 */
