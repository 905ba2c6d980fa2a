// SPDX-License-Identifier: GPL-2.0
/*
 * agreed_field: a field of a lock holder's parameter that every call of
 * the holder leaves NULL is NULL in the holder's own calls.  6.1's
 * __change_page_attr_set_clr(cpa) (x86 set_memory.c) takes cpa_lock and
 * calls __change_page_attr(cpa) → __cpa_process_fault(cpa, ...), whose
 * `if (cpa->pgd) return populate_pgd(cpa, vaddr);` allocates page tables
 * with GFP_KERNEL.  Its callers pass `&cpa` of a local zeroed by
 * memset() (change_page_attr_set_clr()), initialised with `.pgd = NULL`
 * (__set_pages_p()), or a copy of their own parameter's pointee with
 * `alias_cpa = *cpa;` (cpa_process_alias(), called by the holder itself);
 * only the EFI mappers, which run in start_kernel(), set `.pgd`.
 *  - afa_set_clr() is that shape: not reported.
 *  - afb_set_clr(): one caller sets `.pgd` from its own parameter:
 *    reported.
 *  - afc_set_clr(): its caller hands the zeroed local to another
 *    function before the call: reported.
 *  - afd_set_clr(): the copy writes `.pgd` by member: reported.
 *  - afe_set_clr(): its address is stored, so it is entered from where
 *    no call is seen: reported.
 *  - afg_set_clr() is exported: EXPORT_SYMBOL() takes its address only
 *    to keep the symbol (rules: addressable), and the tree is taken as
 *    closed, as for every call: not reported.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

struct afa_data {
	unsigned long *vaddr;
	void *pgd;
	int numpages;
	unsigned int flags;
};

/* Entry points of this test module, declared for -Wmissing-prototypes. */
int afa_set_memory(unsigned long *addr, int numpages);
int afa_set_pages(unsigned long *addr, int numpages);
int afb_set_memory(unsigned long *addr, int numpages);
int afb_map(void *pgd, unsigned long *addr);
int afc_set_memory(unsigned long *addr, int numpages);
int afd_set_memory(unsigned long *addr, int numpages);
int afg_set_clr(struct afa_data *d);
int afg_set_memory(unsigned long *addr, int numpages);

static DEFINE_SPINLOCK(afa_lock);
int (*afe_hook)(struct afa_data *d);

/* populate_pgd() */
static noinline int afa_populate(struct afa_data *d)
{
	void *p = kzalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	d->flags |= 2;
	kfree(p);
	return 0;
}

/* __cpa_process_fault() */
static noinline int afa_fault(struct afa_data *d)
{
	if (d->pgd)
		return afa_populate(d);
	return -EFAULT;
}

/* __change_page_attr() */
static noinline int afa_change(struct afa_data *d)
{
	if (!d->numpages)
		return 0;
	return afa_fault(d);
}

static noinline int afa_alias(struct afa_data *d);

/* __change_page_attr_set_clr() */
static noinline int afa_set_clr(struct afa_data *d, int alias)
{
	int ret;

	spin_lock(&afa_lock);
	ret = afa_change(d);
	spin_unlock(&afa_lock);
	if (!ret && alias)
		ret = afa_alias(d);
	return ret;
}

/* cpa_process_alias(): a copy of what its caller passed */
static noinline int afa_alias(struct afa_data *d)
{
	struct afa_data alias;
	unsigned long laddr = 0;

	alias = *d;
	alias.vaddr = &laddr;
	alias.flags &= ~1U;
	return afa_set_clr(&alias, 0);
}

/* change_page_attr_set_clr(): zeroed */
int afa_set_memory(unsigned long *addr, int numpages)
{
	struct afa_data d;
	int ret;

	memset(&d, 0, sizeof(d));
	d.vaddr = addr;
	d.numpages = numpages;
	ret = afa_set_clr(&d, 1);
	if (d.flags & 2)
		ret = 1;
	return ret;
}

/* __set_pages_p(): designated */
int afa_set_pages(unsigned long *addr, int numpages)
{
	struct afa_data d = { .vaddr = addr, .pgd = NULL, .numpages = numpages };

	return afa_set_clr(&d, 0);
}

/* One caller sets the field from its own parameter */
static noinline int afb_populate(struct afa_data *d)
{
	void *p = kzalloc(65, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "afb_set_clr: calls afb_change()" */

	if (!p)
		return -ENOMEM;
	kfree(p);
	return 0;
}

static noinline int afb_fault(struct afa_data *d)
{
	if (d->pgd)
		return afb_populate(d);
	return -EFAULT;
}

static noinline int afb_change(struct afa_data *d)
{
	if (!d->numpages)
		return 0;
	return afb_fault(d);
}

static noinline int afb_set_clr(struct afa_data *d)
{
	int ret;

	spin_lock(&afa_lock);
	ret = afb_change(d);
	spin_unlock(&afa_lock);
	return ret;
}

int afb_set_memory(unsigned long *addr, int numpages)
{
	struct afa_data d;

	memset(&d, 0, sizeof(d));
	d.vaddr = addr;
	d.numpages = numpages;
	return afb_set_clr(&d);
}

int afb_map(void *pgd, unsigned long *addr)
{
	struct afa_data d = { .vaddr = addr, .pgd = pgd, .numpages = 1 };

	return afb_set_clr(&d);
}

/* The zeroed local is handed to another function before the call */
static noinline int afc_populate(struct afa_data *d)
{
	void *p = kzalloc(66, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "afc_set_clr: calls afc_change()" */

	if (!p)
		return -ENOMEM;
	kfree(p);
	return 0;
}

static noinline int afc_fault(struct afa_data *d)
{
	if (d->pgd)
		return afc_populate(d);
	return -EFAULT;
}

static noinline int afc_change(struct afa_data *d)
{
	if (!d->numpages)
		return 0;
	return afc_fault(d);
}

static noinline int afc_set_clr(struct afa_data *d)
{
	int ret;

	spin_lock(&afa_lock);
	ret = afc_change(d);
	spin_unlock(&afa_lock);
	return ret;
}

static noinline void afc_prepare(struct afa_data *d, unsigned long *addr)
{
	d->vaddr = addr;
	d->pgd = addr;
}

int afc_set_memory(unsigned long *addr, int numpages)
{
	struct afa_data d;

	memset(&d, 0, sizeof(d));
	afc_prepare(&d, addr);
	d.numpages = numpages;
	return afc_set_clr(&d);
}

/* The copy writes the field */
static noinline int afd_populate(struct afa_data *d)
{
	void *p = kzalloc(67, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "afd_set_clr: calls afd_change()" */

	if (!p)
		return -ENOMEM;
	kfree(p);
	return 0;
}

static noinline int afd_fault(struct afa_data *d)
{
	if (d->pgd)
		return afd_populate(d);
	return -EFAULT;
}

static noinline int afd_change(struct afa_data *d)
{
	if (!d->numpages)
		return 0;
	return afd_fault(d);
}

static noinline int afd_alias(struct afa_data *d);

static noinline int afd_set_clr(struct afa_data *d, int alias)
{
	int ret;

	spin_lock(&afa_lock);
	ret = afd_change(d);
	spin_unlock(&afa_lock);
	if (!ret && alias)
		ret = afd_alias(d);
	return ret;
}

static noinline int afd_alias(struct afa_data *d)
{
	struct afa_data alias;

	alias = *d;
	alias.pgd = d->vaddr;
	return afd_set_clr(&alias, 0);
}

int afd_set_memory(unsigned long *addr, int numpages)
{
	struct afa_data d = { .vaddr = addr, .numpages = numpages };

	return afd_set_clr(&d, 1);
}

/* Its address is stored: entered from where no call is seen */
static noinline int afe_populate(struct afa_data *d)
{
	void *p = kzalloc(68, GFP_KERNEL); /* expect: gfp-sleep-in-atomic:warning "spinlock held" "afe_set_clr: calls afe_change()" */

	if (!p)
		return -ENOMEM;
	kfree(p);
	return 0;
}

static noinline int afe_fault(struct afa_data *d)
{
	if (d->pgd)
		return afe_populate(d);
	return -EFAULT;
}

static noinline int afe_change(struct afa_data *d)
{
	if (!d->numpages)
		return 0;
	return afe_fault(d);
}

static noinline int afe_set_clr(struct afa_data *d)
{
	int ret;

	spin_lock(&afa_lock);
	ret = afe_change(d);
	spin_unlock(&afa_lock);
	return ret;
}

static int __init afe_init(void)
{
	struct afa_data d = { .numpages = 1 };

	afe_hook = afe_set_clr;
	return afe_set_clr(&d);
}
module_init(afe_init);

/* Exported, called with a zeroed object */
static noinline int afg_populate(struct afa_data *d)
{
	void *p = kzalloc(69, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	kfree(p);
	return 0;
}

static noinline int afg_fault(struct afa_data *d)
{
	if (d->pgd)
		return afg_populate(d);
	return -EFAULT;
}

int afg_set_clr(struct afa_data *d)
{
	int ret;

	spin_lock(&afa_lock);
	ret = afg_fault(d);
	spin_unlock(&afa_lock);
	return ret;
}
EXPORT_SYMBOL(afg_set_clr);

int afg_set_memory(unsigned long *addr, int numpages)
{
	struct afa_data d;

	memset(&d, 0, sizeof(d));
	d.vaddr = addr;
	d.numpages = numpages;
	return afg_set_clr(&d);
}

MODULE_LICENSE("GPL");

/*
 * check-output-start
 * inter/agreed_field.c:131:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/agreed_field.c:157: note: spin_lock(&afa_lock): spinlock held from here (in afb_set_clr)
 * inter/agreed_field.c:158: note: calls afb_change() (in afb_set_clr)
 * inter/agreed_field.c:150: note: calls afb_fault() (in afb_change)
 * inter/agreed_field.c:142: note: calls afb_populate() (in afb_fault)
 * inter/agreed_field.c:131: note: kzalloc(65, GFP_KERNEL) may sleep (direct reclaim) (in afb_populate)
 * inter/agreed_field.c:183:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/agreed_field.c:209: note: spin_lock(&afa_lock): spinlock held from here (in afc_set_clr)
 * inter/agreed_field.c:210: note: calls afc_change() (in afc_set_clr)
 * inter/agreed_field.c:202: note: calls afc_fault() (in afc_change)
 * inter/agreed_field.c:194: note: calls afc_populate() (in afc_fault)
 * inter/agreed_field.c:183: note: kzalloc(66, GFP_KERNEL) may sleep (direct reclaim) (in afc_populate)
 * inter/agreed_field.c:234:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/agreed_field.c:262: note: spin_lock(&afa_lock): spinlock held from here (in afd_set_clr)
 * inter/agreed_field.c:263: note: calls afd_change() (in afd_set_clr)
 * inter/agreed_field.c:253: note: calls afd_fault() (in afd_change)
 * inter/agreed_field.c:245: note: calls afd_populate() (in afd_fault)
 * inter/agreed_field.c:234: note: kzalloc(67, GFP_KERNEL) may sleep (direct reclaim) (in afd_populate)
 * inter/agreed_field.c:289:12: warning: kzalloc() with GFP_KERNEL may sleep (direct reclaim) in atomic context (spinlock held) [gfp-sleep-in-atomic]
 * inter/agreed_field.c:315: note: spin_lock(&afa_lock): spinlock held from here (in afe_set_clr)
 * inter/agreed_field.c:316: note: calls afe_change() (in afe_set_clr)
 * inter/agreed_field.c:308: note: calls afe_fault() (in afe_change)
 * inter/agreed_field.c:300: note: calls afe_populate() (in afe_fault)
 * inter/agreed_field.c:289: note: kzalloc(68, GFP_KERNEL) may sleep (direct reclaim) (in afe_populate)
 * check-output-end
 */
