// SPDX-License-Identifier: GPL-2.0
/*
 * multiline_call: allocation calls whose arguments span several lines.
 * The finding belongs to the line where the allocator's name is written,
 * not to the line holding the flags or the end of the statement: the
 * kmalloc_array, kmemdup and alloc_pages calls below are reported on their
 * first line, and the kzalloc whose assignment starts on the previous line
 * is reported on the kzalloc line.  The multi-line GFP_ATOMIC call under
 * the lock and the multi-line GFP_KERNEL call after the unlock are not.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct mc_desc {
	u64 addr;
	u32 len;
	u32 flags;
};

struct mc_ring {
	spinlock_t lock;
	struct mc_desc *descs;
	void *shadow;
	void *ctx;
	struct page *pages;
	unsigned int nr;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int mc_setup(struct mc_ring *r, unsigned int nr, const void *tmpl, size_t tmpl_len);
int mc_setup_fixed(struct mc_ring *r, unsigned int nr);

int mc_setup(struct mc_ring *r, unsigned int nr, const void *tmpl, size_t tmpl_len)
{
	spin_lock(&r->lock);
	r->descs = kmalloc_array(nr, /* expect: gfp-sleep-in-atomic */
				 sizeof(*r->descs),
				 GFP_KERNEL);
	r->shadow = kmemdup(tmpl, /* expect: gfp-sleep-in-atomic */
			    tmpl_len,
			    GFP_KERNEL);
	r->pages = alloc_pages(GFP_KERNEL | /* expect: gfp-sleep-in-atomic */
			       __GFP_ZERO |
			       __GFP_NOWARN,
			       get_order(nr * sizeof(struct mc_desc)));
	r->ctx =
		kzalloc(tmpl_len, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	r->nr = nr;
	spin_unlock(&r->lock);
	return 0;
}

int mc_setup_fixed(struct mc_ring *r, unsigned int nr)
{
	struct mc_desc *descs, *old;
	void *ctx;

	descs = kmalloc_array(nr,
			      sizeof(*descs),
			      GFP_KERNEL);
	if (!descs)
		return -ENOMEM;

	spin_lock(&r->lock);
	old = r->descs;
	r->descs = descs;
	r->nr = nr;
	ctx = kzalloc(sizeof(struct mc_desc),
		      GFP_ATOMIC);
	swap(ctx, r->ctx);
	spin_unlock(&r->lock);

	kfree(ctx);
	kfree(old);
	return 0;
}

MODULE_DESCRIPTION("gfpcheck test: allocation calls spanning several lines");
MODULE_LICENSE("GPL");
