// SPDX-License-Identifier: GPL-2.0
/*
 * local_irq_save: local_irq_save(flags)/local_irq_restore(flags) disable
 * and restore local interrupts (do { } while (0) macros here).  An
 * allocation with GFP_KERNEL or GFP_HIGHUSER between save and restore is
 * reported, including one on only one branch inside the section
 * (lis_sample_maybe_grow).  An allocation after the restore, or with
 * GFP_NOWAIT inside the section, is not.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>

struct lis_sampler {
	u64 *samples;
	unsigned int nr;
	unsigned int cap;
	struct page *page;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int lis_sample_maybe_grow(struct lis_sampler *s, u64 value);
int lis_sample_nowait(struct lis_sampler *s, u64 value);
int lis_attach_page(struct lis_sampler *s);
int lis_attach_page_after_restore(struct lis_sampler *s);

int lis_sample_maybe_grow(struct lis_sampler *s, u64 value)
{
	unsigned long flags;
	u64 *samples;
	int ret = 0;

	local_irq_save(flags);
	if (s->nr == s->cap) {
		samples = krealloc(s->samples, array_size(s->cap, 2 * sizeof(u64)), GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
		if (samples) {
			s->samples = samples;
			s->cap *= 2;
		} else {
			ret = -ENOMEM;
		}
	}
	if (!ret)
		s->samples[s->nr++] = value;
	local_irq_restore(flags);
	return ret;
}

int lis_sample_nowait(struct lis_sampler *s, u64 value)
{
	unsigned long flags;
	u64 *samples;
	int ret = 0;

	local_irq_save(flags);
	if (s->nr == s->cap) {
		samples = krealloc(s->samples, array_size(s->cap, 2 * sizeof(u64)), GFP_NOWAIT);
		if (samples) {
			s->samples = samples;
			s->cap *= 2;
		} else {
			ret = -ENOMEM;
		}
	}
	if (!ret)
		s->samples[s->nr++] = value;
	local_irq_restore(flags);
	return ret;
}

int lis_attach_page(struct lis_sampler *s)
{
	unsigned long flags;
	struct page *page;

	local_irq_save(flags);
	page = alloc_pages(GFP_HIGHUSER, 0); /* expect: gfp-sleep-in-atomic */
	if (page && !s->page) {
		s->page = page;
		page = NULL;
	}
	local_irq_restore(flags);
	if (page)
		__free_pages(page, 0);
	return 0;
}

int lis_attach_page_after_restore(struct lis_sampler *s)
{
	unsigned long flags;
	struct page *page;
	bool have;

	local_irq_save(flags);
	have = s->page != NULL;
	local_irq_restore(flags);
	if (have)
		return 0;

	page = alloc_pages(GFP_HIGHUSER, 0);
	if (!page)
		return -ENOMEM;
	local_irq_save(flags);
	if (!s->page) {
		s->page = page;
		page = NULL;
	}
	local_irq_restore(flags);
	if (page)
		__free_pages(page, 0);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: local_irq_save/local_irq_restore");
MODULE_LICENSE("GPL");
