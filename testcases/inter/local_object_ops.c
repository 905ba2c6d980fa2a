// SPDX-License-Identifier: GPL-2.0
/*
 * local_object_ops: a call through a field of a struct that the caller
 * built on its own stack reaches what the caller stored in that field,
 * not every function stored in that field anywhere.  The pattern is
 * arch/x86/power/hibernate_64.c set_up_temporary_mappings(), called with
 * IRQs disabled from resume_target_kernel():
 *	struct x86_mapping_info info = {
 *		.alloc_pgt_page	= alloc_pgt_page,	   get_safe_page(GFP_ATOMIC)
 *		...
 *	};
 *	result = kernel_ident_mapping_init(&info, pgd, mstart, mend);
 * where kernel_ident_mapping_init() calls `info->alloc_pgt_page()`, which
 * kexec's own local `info` points at a sleeping allocator.
 *  - lo_resume: its local holds the atomic allocator: the sleeping one,
 *    stored only by lo_setup() (not atomic), is not reported.
 *  - lo_resume_chosen: the local's field is assigned another function
 *    too (`info.alloc_pgt_page = lo_alloc_chosen;`): that one is reported,
 *    with the chain through the field.
 *  - lo_resume_filled: a callee fills the local's field through a
 *    pointer, which names no object: every function stored in that
 *    field stays a candidate: reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/irqflags.h>

struct lo_info {
	void *(*alloc_pgt_page)(void *ctx);
	void *ctx;
};

struct lo_filled {
	void *(*alloc_pgt_page)(void *ctx);
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
void *lo_setup(void);
void *lo_resume(void);
void *lo_resume_chosen(int big);
void *lo_resume_filled(void);

static DEFINE_SPINLOCK(lo_lock);

static void *lo_alloc_atomic(void *ctx)
{
	return kmalloc(64, GFP_ATOMIC);
}

static void *lo_alloc_sleeping(void *ctx)
{
	return kmalloc(64, GFP_KERNEL);
}

static void *lo_alloc_chosen(void *ctx)
{
	return kmalloc(128, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "lo_resume_chosen: calls lo_map()" "lo_map: calls lo_alloc_chosen() through lo_info.alloc_pgt_page" */
}

static void *lo_alloc_filled(void *ctx)
{
	return kmalloc(256, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "lo_resume_filled: calls lo_map_filled()" "lo_map_filled: calls lo_alloc_filled() through lo_filled.alloc_pgt_page" */
}

/* kernel_ident_mapping_init() */
static noinline void *lo_map(struct lo_info *info)
{
	return info->alloc_pgt_page(info->ctx);
}

static noinline void *lo_map_filled(struct lo_filled *f)
{
	return f->alloc_pgt_page(NULL);
}

static noinline void lo_fill(struct lo_filled *f)
{
	f->alloc_pgt_page = lo_alloc_filled;
}

void *lo_setup(void)
{
	struct lo_info info = { .alloc_pgt_page = lo_alloc_sleeping };

	return lo_map(&info);
}

void *lo_resume(void)
{
	struct lo_info info = { .alloc_pgt_page = lo_alloc_atomic };
	void *p;

	local_irq_disable();
	p = lo_map(&info);
	local_irq_enable();
	return p;
}

void *lo_resume_chosen(int big)
{
	struct lo_info info = { .alloc_pgt_page = lo_alloc_atomic };
	void *p;

	if (big)
		info.alloc_pgt_page = lo_alloc_chosen;
	spin_lock(&lo_lock);
	p = lo_map(&info);
	spin_unlock(&lo_lock);
	return p;
}

void *lo_resume_filled(void)
{
	struct lo_filled f;
	void *p;

	lo_fill(&f);
	spin_lock(&lo_lock);
	p = lo_map_filled(&f);
	spin_unlock(&lo_lock);
	return p;
}

MODULE_DESCRIPTION("gfpcheck test: a call through a field of a local struct");
MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/local_object_ops.c:58:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/local_object_ops.c:107: note: spin_lock(&lo_lock): spinlock held from here (in lo_resume_chosen)
 * inter/local_object_ops.c:108: note: calls lo_map() (in lo_resume_chosen)
 * inter/local_object_ops.c:69: note: calls lo_alloc_chosen() through lo_info.alloc_pgt_page (assignment in inter/local_object_ops.c) (in lo_map)
 * inter/local_object_ops.c:58: note: kmalloc(128, GFP_KERNEL) may sleep (direct reclaim) (in lo_alloc_chosen)
 * inter/local_object_ops.c:63:9: warning: kmalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/local_object_ops.c:119: note: spin_lock(&lo_lock): spinlock held from here (in lo_resume_filled)
 * inter/local_object_ops.c:120: note: calls lo_map_filled() (in lo_resume_filled)
 * inter/local_object_ops.c:74: note: calls lo_alloc_filled() through lo_filled.alloc_pgt_page (assignment in inter/local_object_ops.c) (in lo_map_filled)
 * inter/local_object_ops.c:63: note: kmalloc(256, GFP_KERNEL) may sleep (direct reclaim) (in lo_alloc_filled)
 * check-output-end
 */
