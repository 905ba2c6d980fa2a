// SPDX-License-Identifier: GPL-2.0
/*
 * rwlock_irqsave: read_lock_irqsave()/read_unlock_irqrestore() and
 * write_lock_irqsave()/write_unlock_irqrestore(), both macros assigning
 * the saved flags.  Sleeping allocations (GFP_KERNEL, and a __GFP_ZERO
 * alloc_page with GFP_USER) inside either section are reported.  The
 * GFP_ATOMIC allocation inside the read section and the allocation after
 * write_unlock_irqrestore() are not.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct rwis_stats {
	rwlock_t lock;
	u64 counters[8];
	struct page *spill;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
u64 *rwis_read_counters(struct rwis_stats *s);
u64 *rwis_read_counters_atomic(struct rwis_stats *s);
int rwis_attach_spill(struct rwis_stats *s);
int rwis_attach_spill_fixed(struct rwis_stats *s);

u64 *rwis_read_counters(struct rwis_stats *s)
{
	unsigned long flags;
	u64 *copy;

	read_lock_irqsave(&s->lock, flags);
	copy = kmemdup(s->counters, sizeof(s->counters), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	read_unlock_irqrestore(&s->lock, flags);
	return copy;
}

u64 *rwis_read_counters_atomic(struct rwis_stats *s)
{
	unsigned long flags;
	u64 *copy;

	read_lock_irqsave(&s->lock, flags);
	copy = kmemdup(s->counters, sizeof(s->counters), GFP_ATOMIC);
	read_unlock_irqrestore(&s->lock, flags);
	return copy;
}

int rwis_attach_spill(struct rwis_stats *s)
{
	unsigned long flags;
	struct page *page;

	write_lock_irqsave(&s->lock, flags);
	page = alloc_page(GFP_USER | __GFP_ZERO); /* expect: gfp-sleep-in-atomic */
	if (page && !s->spill) {
		s->spill = page;
		page = NULL;
	}
	write_unlock_irqrestore(&s->lock, flags);
	if (page)
		__free_page(page);
	return 0;
}

int rwis_attach_spill_fixed(struct rwis_stats *s)
{
	unsigned long flags;
	struct page *page;

	write_lock_irqsave(&s->lock, flags);
	page = s->spill;
	write_unlock_irqrestore(&s->lock, flags);
	if (page)
		return 0;

	page = alloc_page(GFP_USER | __GFP_ZERO);
	if (!page)
		return -ENOMEM;

	write_lock_irqsave(&s->lock, flags);
	if (!s->spill) {
		s->spill = page;
		page = NULL;
	}
	write_unlock_irqrestore(&s->lock, flags);
	if (page)
		__free_page(page);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: read_lock_irqsave/write_lock_irqsave");
MODULE_LICENSE("GPL");
