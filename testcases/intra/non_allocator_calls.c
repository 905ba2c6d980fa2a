// SPDX-License-Identifier: GPL-2.0
/*
 * non_allocator_calls: only calls to allocators are checked.  Under the
 * lock this file calls list helpers, memset, kfree, a local helper whose
 * name contains "alloc" but which only hands out an id, and a helper that
 * merely records a gfp_t value; it also stores GFP_KERNEL in a structure.
 * None of that allocates, and none of it is reported.  nac_alloc_id and
 * nac_set_gfp themselves never allocate either.  The one real GFP_KERNEL
 * allocation under the lock (nac_reset) is reported.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct nac_dev {
	spinlock_t lock;
	struct list_head free_list;
	unsigned int next_id;
	gfp_t gfp;
	u8 regs[64];
	void *scratch;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
unsigned int nac_alloc_id(struct nac_dev *d);
void nac_set_gfp(struct nac_dev *d, gfp_t gfp);
unsigned int nac_prepare(struct nac_dev *d, struct list_head *entry);
int nac_reset(struct nac_dev *d, size_t size);

unsigned int nac_alloc_id(struct nac_dev *d)
{
	return d->next_id++;
}

void nac_set_gfp(struct nac_dev *d, gfp_t gfp)
{
	d->gfp = gfp;
}

unsigned int nac_prepare(struct nac_dev *d, struct list_head *entry)
{
	unsigned int id;

	spin_lock(&d->lock);
	id = nac_alloc_id(d);
	list_add(entry, &d->free_list);
	memset(d->regs, 0, sizeof(d->regs));
	nac_set_gfp(d, GFP_KERNEL);
	d->gfp = GFP_KERNEL | __GFP_ZERO;
	kfree(d->scratch);
	d->scratch = NULL;
	spin_unlock(&d->lock);
	return id;
}

int nac_reset(struct nac_dev *d, size_t size)
{
	spin_lock(&d->lock);
	kfree(d->scratch);
	d->scratch = kzalloc(size, GFP_KERNEL); /* expect: gfp-sleep-in-atomic */
	d->next_id = 0;
	spin_unlock(&d->lock);
	return d->scratch ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: non-allocator calls under a lock");
MODULE_LICENSE("GPL");
