// SPDX-License-Identifier: GPL-2.0
/*
 * ignored_param: gfp-ignored-param.  A function that takes a gfp_t but
 * allocates with a hard-coded mask that may sleep: a caller in atomic
 * context passes GFP_ATOMIC and the function sleeps anyway.  Reported at
 * the allocation.  Using the parameter (also combined with other flags or
 * chosen from it), a hard-coded mask that cannot sleep, an allocation under
 * a test of the parameter, and functions without a gfp_t are not reported.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

struct ip_obj {
	void *data;
	u32 *map;
	struct page *page;
	size_t len;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int ip_kernel(struct ip_obj *o, gfp_t gfp);
int ip_nofs(struct ip_obj *o, gfp_t gfp);
int ip_half(struct ip_obj *o, size_t n, gfp_t gfp);
int ip_pages(struct ip_obj *o, gfp_t flags);
int ip_uses_param(struct ip_obj *o, gfp_t gfp);
int ip_atomic(struct ip_obj *o, gfp_t gfp);
int ip_guarded(struct ip_obj *o, gfp_t gfp);
int ip_chosen(struct ip_obj *o, gfp_t gfp);
int ip_no_param(struct ip_obj *o);

/* ---- reported ---- */

int ip_kernel(struct ip_obj *o, gfp_t gfp)
{
	o->data = kmalloc(o->len, GFP_KERNEL); /* expect: gfp-ignored-param */
	return o->data ? 0 : -ENOMEM;
}

int ip_nofs(struct ip_obj *o, gfp_t gfp)
{
	o->data = kzalloc(o->len, GFP_NOFS); /* expect: gfp-ignored-param, gfp-nofs-scope */
	return o->data ? 0 : -ENOMEM;
}

/* the parameter is used for one allocation but not the other */
int ip_half(struct ip_obj *o, size_t n, gfp_t gfp)
{
	o->data = kmalloc(o->len, gfp);
	if (!o->data)
		return -ENOMEM;
	o->map = kmalloc_array(n, sizeof(u32), GFP_KERNEL); /* expect: gfp-ignored-param */
	return o->map ? 0 : -ENOMEM;
}

int ip_pages(struct ip_obj *o, gfp_t flags)
{
	o->page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 0); /* expect: gfp-ignored-param */
	return o->page ? 0 : -ENOMEM;
}

/* ---- not reported ---- */

int ip_uses_param(struct ip_obj *o, gfp_t gfp)
{
	o->data = kmalloc(o->len, gfp | __GFP_NOWARN);
	return o->data ? 0 : -ENOMEM;
}

int ip_atomic(struct ip_obj *o, gfp_t gfp)
{
	o->data = kmalloc(o->len, GFP_ATOMIC);
	return o->data ? 0 : -ENOMEM;
}

int ip_guarded(struct ip_obj *o, gfp_t gfp)
{
	if (gfpflags_allow_blocking(gfp))
		o->data = kmalloc(o->len, GFP_KERNEL);
	else
		o->data = kmalloc(o->len, GFP_ATOMIC);
	return o->data ? 0 : -ENOMEM;
}

int ip_chosen(struct ip_obj *o, gfp_t gfp)
{
	o->data = kmalloc(o->len, (gfp & __GFP_DIRECT_RECLAIM) ? GFP_KERNEL : GFP_ATOMIC);
	return o->data ? 0 : -ENOMEM;
}

int ip_no_param(struct ip_obj *o)
{
	o->data = kmalloc(o->len, GFP_KERNEL);
	return o->data ? 0 : -ENOMEM;
}

MODULE_DESCRIPTION("gfpcheck test: gfp-ignored-param");
MODULE_LICENSE("GPL");
