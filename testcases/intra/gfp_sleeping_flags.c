// SPDX-License-Identifier: GPL-2.0
/*
 * gfp_sleeping_flags: every standard mask that includes
 * __GFP_DIRECT_RECLAIM may sleep: GFP_KERNEL, GFP_KERNEL_ACCOUNT, GFP_NOFS,
 * GFP_NOIO, GFP_USER, GFP_HIGHUSER and GFP_HIGHUSER_MOVABLE.  Each is used
 * once under a spinlock (reported) and the same set is used again after
 * the unlock in gsf_all_unlocked (not reported).  GFP_NOFS and GFP_NOIO
 * also get the gfp-nofs-scope note (memalloc_nofs_save()/memalloc_noio_save()
 * scopes are preferred) on both uses, locked or not.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct gsf_bufs {
	spinlock_t lock;
	void *p[5];
	struct page *pg[2];
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void gsf_all_locked(struct gsf_bufs *b, size_t size);
void gsf_all_unlocked(struct gsf_bufs *b, size_t size);

void gsf_all_locked(struct gsf_bufs *b, size_t size)
{
	spin_lock(&b->lock);
	b->p[0] = kmalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	b->p[1] = kmalloc(size, GFP_KERNEL_ACCOUNT); /* expect: gfp-sleep-in-atomic */
	b->p[2] = kmalloc(size, GFP_NOFS); /* expect: gfp-sleep-in-atomic, gfp-nofs-scope */
	b->p[3] = kmalloc(size, GFP_NOIO); /* expect: gfp-sleep-in-atomic, gfp-nofs-scope */
	b->p[4] = kmalloc(size, GFP_USER); /* expect: gfp-sleep-in-atomic */
	b->pg[0] = alloc_page(GFP_HIGHUSER); /* expect: gfp-sleep-in-atomic */
	b->pg[1] = alloc_page(GFP_HIGHUSER_MOVABLE); /* expect: gfp-sleep-in-atomic */
	spin_unlock(&b->lock);
}

void gsf_all_unlocked(struct gsf_bufs *b, size_t size)
{
	void *p[5];
	struct page *pg[2];

	p[0] = kmalloc(size, GFP_KERNEL);
	p[1] = kmalloc(size, GFP_KERNEL_ACCOUNT);
	p[2] = kmalloc(size, GFP_NOFS); /* expect: gfp-nofs-scope */
	p[3] = kmalloc(size, GFP_NOIO); /* expect: gfp-nofs-scope */
	p[4] = kmalloc(size, GFP_USER);
	pg[0] = alloc_page(GFP_HIGHUSER);
	pg[1] = alloc_page(GFP_HIGHUSER_MOVABLE);

	spin_lock(&b->lock);
	memcpy(b->p, p, sizeof(p));
	memcpy(b->pg, pg, sizeof(pg));
	spin_unlock(&b->lock);
}

MODULE_DESCRIPTION("gfpcheck test: sleeping GFP masks");
MODULE_LICENSE("GPL");
