// SPDX-License-Identifier: GPL-2.0
/*
 * kvmalloc_flags: gfp-kvmalloc-flags.  kvmalloc() and friends fall back to
 * vmalloc only for GFP_KERNEL-compatible masks (mm/util.c: plain kmalloc
 * when (flags & GFP_KERNEL) != GFP_KERNEL), so with GFP_ATOMIC, GFP_NOWAIT,
 * GFP_NOFS or GFP_NOIO a large request just fails.  GFP_KERNEL,
 * GFP_KERNEL_ACCOUNT and GFP_KERNEL plus modifiers are fine, and so is a
 * caller's gfp_t.
 */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/slab.h>

struct kf_table {
	void *slots;
	size_t n;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int kf_atomic(struct kf_table *t, size_t size);
int kf_nofs(struct kf_table *t, size_t size);
int kf_nowait(struct kf_table *t);
int kf_noio(struct kf_table *t);
int kf_kernel(struct kf_table *t, size_t size);
int kf_account(struct kf_table *t);
int kf_modifiers(struct kf_table *t, size_t size);
int kf_param(struct kf_table *t, size_t size, gfp_t gfp);
void kf_free(struct kf_table *t);

/* ---- reported ---- */

int kf_atomic(struct kf_table *t, size_t size)
{
	t->slots = kvmalloc(size, GFP_ATOMIC); /* expect: gfp-kvmalloc-flags */
	return t->slots ? 0 : -ENOMEM;
}

int kf_nofs(struct kf_table *t, size_t size)
{
	t->slots = kvzalloc(size, GFP_NOFS); /* expect: gfp-kvmalloc-flags, gfp-nofs-scope */
	return t->slots ? 0 : -ENOMEM;
}

int kf_nowait(struct kf_table *t)
{
	t->slots = kvcalloc(t->n, sizeof(u64), GFP_NOWAIT); /* expect: gfp-kvmalloc-flags */
	return t->slots ? 0 : -ENOMEM;
}

int kf_noio(struct kf_table *t)
{
	t->slots = kvmalloc_array(t->n, sizeof(u64), GFP_NOIO); /* expect: gfp-kvmalloc-flags, gfp-nofs-scope */
	return t->slots ? 0 : -ENOMEM;
}

/* ---- not reported ---- */

int kf_kernel(struct kf_table *t, size_t size)
{
	t->slots = kvmalloc(size, GFP_KERNEL);
	return t->slots ? 0 : -ENOMEM;
}

int kf_account(struct kf_table *t)
{
	t->slots = kvcalloc(t->n, sizeof(u64), GFP_KERNEL_ACCOUNT);
	return t->slots ? 0 : -ENOMEM;
}

int kf_modifiers(struct kf_table *t, size_t size)
{
	t->slots = kvzalloc(size, GFP_KERNEL | __GFP_NOWARN | __GFP_RETRY_MAYFAIL);
	return t->slots ? 0 : -ENOMEM;
}

int kf_param(struct kf_table *t, size_t size, gfp_t gfp)
{
	t->slots = kvmalloc(size, gfp);
	return t->slots ? 0 : -ENOMEM;
}

void kf_free(struct kf_table *t)
{
	kvfree(t->slots);
	t->slots = NULL;
}

MODULE_DESCRIPTION("gfpcheck test: gfp-kvmalloc-flags");
MODULE_LICENSE("GPL");
