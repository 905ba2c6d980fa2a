// SPDX-License-Identifier: GPL-2.0
/*
 * smp_call_ipi: functions run on other CPUs by smp_call_function*() and
 * on_each_cpu*() execute in the IPI's hard-IRQ context (or locally with
 * IRQs disabled): they must not sleep (include/linux/smp.h).
 *  - sci_flush_all (on_each_cpu) allocates with GFP_KERNEL: reported.
 *  - sci_read_one (smp_call_function_single) calls sci_fill(), which uses
 *    kzalloc(GFP_KERNEL): reported in sci_fill, with the chain.
 *  - sci_count (smp_call_function_many) allocates with GFP_NOWAIT: not
 *    reported.
 *  - sci_fill called directly from module init (process context) is
 *    the same allocation site: one report only.
 */
#include <linux/module.h>
#include <linux/cpumask.h>
#include <linux/slab.h>
#include <linux/smp.h>

struct sci_state {
	void *buf;
	int hits;
};

static struct sci_state sci;

static void sci_flush_all(void *info)
{
	struct sci_state *s = info;

	kfree(s->buf);
	s->buf = kmalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

static void sci_fill(struct sci_state *s)
{
	if (!s->buf)
		s->buf = kzalloc(64, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
}

static void sci_read_one(void *info)
{
	sci_fill(info);
}

static void sci_count(void *info)
{
	struct sci_state *s = info;
	void *p = kmalloc(8, GFP_NOWAIT);

	if (p)
		s->hits++;
	kfree(p);
}

static int __init sci_init(void)
{
	sci_fill(&sci);
	on_each_cpu(sci_flush_all, &sci, 1);
	smp_call_function_single(0, sci_read_one, &sci, 1);
	preempt_disable();
	smp_call_function_many(cpu_online_mask, sci_count, &sci, 1);
	preempt_enable();
	return 0;
}

module_init(sci_init);
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/smp_call_ipi.c:31:11: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/smp_call_ipi.c:58: note: sci_flush_all() registered by on_each_cpu() here: runs in hard-IRQ context (in sci_init)
 * inter/smp_call_ipi.c:31: note: kmalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in sci_flush_all)
 * inter/smp_call_ipi.c:37:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (hard-IRQ context) [gfp-sleep-in-atomic]
 * inter/smp_call_ipi.c:59: note: sci_read_one() registered by smp_call_function_single() here: runs in hard-IRQ context (in sci_init)
 * inter/smp_call_ipi.c:42: note: calls sci_fill() (in sci_read_one)
 * inter/smp_call_ipi.c:37: note: kzalloc(64, GFP_KERNEL) may sleep (direct reclaim) (in sci_fill)
 * check-output-end
 */
