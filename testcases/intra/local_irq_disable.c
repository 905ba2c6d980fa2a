// SPDX-License-Identifier: GPL-2.0
/*
 * local_irq_disable: local_irq_disable()/local_irq_enable() (macros around
 * arch_local_irq_disable()/enable() in this configuration) make the code
 * between them atomic without any lock.  Sleeping allocations between the
 * two are reported (GFP_KERNEL and GFP_KERNEL_ACCOUNT); allocations before the
 * disable and after the enable are not, and neither is GFP_ATOMIC in the
 * section.
 */
#include <linux/module.h>
#include <linux/irqflags.h>
#include <linux/slab.h>

struct lid_percpu_log {
	unsigned int head;
	u32 *entries;
	unsigned int size;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int lid_log_resize(struct lid_percpu_log *log, unsigned int size);
int lid_log_resize_account(struct lid_percpu_log *log, unsigned int size);
int lid_log_resize_atomic(struct lid_percpu_log *log, unsigned int size);
int lid_log_resize_fixed(struct lid_percpu_log *log, unsigned int size);

int lid_log_resize(struct lid_percpu_log *log, unsigned int size)
{
	u32 *entries;

	local_irq_disable();
	entries = kcalloc(size, sizeof(u32), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	if (entries) {
		kfree(log->entries);
		log->entries = entries;
		log->size = size;
		log->head = 0;
	}
	local_irq_enable();
	return entries ? 0 : -ENOMEM;
}

int lid_log_resize_account(struct lid_percpu_log *log, unsigned int size)
{
	u32 *entries;

	local_irq_disable();
	entries = kcalloc(size, sizeof(u32), GFP_KERNEL_ACCOUNT); /* expect: gfp-sleep-in-atomic */
	if (entries) {
		kfree(log->entries);
		log->entries = entries;
		log->size = size;
	}
	local_irq_enable();
	return entries ? 0 : -ENOMEM;
}

int lid_log_resize_atomic(struct lid_percpu_log *log, unsigned int size)
{
	u32 *entries;

	local_irq_disable();
	entries = kcalloc(size, sizeof(u32), GFP_ATOMIC);
	if (entries) {
		kfree(log->entries);
		log->entries = entries;
		log->size = size;
	}
	local_irq_enable();
	return entries ? 0 : -ENOMEM;
}

int lid_log_resize_fixed(struct lid_percpu_log *log, unsigned int size)
{
	u32 *entries, *old;

	entries = kcalloc(size, sizeof(u32), GFP_KERNEL);
	if (!entries)
		return -ENOMEM;

	local_irq_disable();
	old = log->entries;
	log->entries = entries;
	log->size = size;
	log->head = 0;
	local_irq_enable();

	kfree(old);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: local_irq_disable/local_irq_enable");
MODULE_LICENSE("GPL");
